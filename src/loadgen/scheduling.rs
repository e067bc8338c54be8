//! How the load generator shares the machine with the server it measures.
//!
//! On one machine, every answer the server writes wakes a load-generator thread, and Linux lets
//! a woken thread preempt the one running — usually the server's worker in the middle of a
//! request. Measured on the 2-core development machine (KMIP Encrypt, 16 connections), that
//! preemption cost the server a context switch for every other request and the load generator
//! twice the CPU per request it needs. A real client runs on other machines, so the load
//! generator runs as `SCHED_BATCH` by default: same share of the CPU, but its wakeups wait for
//! the running thread's turn to end instead of preempting it. `--normal-priority` turns this off.

/// Makes the calling thread, and every thread it starts from now on, `SCHED_BATCH`.
#[cfg(target_os = "linux")]
pub fn yield_to_server() -> std::io::Result<()> {
    let param = libc::sched_param { sched_priority: 0 };
    // SAFETY: `sched_setscheduler` only reads `param`, which lives across the call; pid 0 is
    // the calling thread. No memory is shared with the kernel afterwards. (The standard
    // library has no wrapper for scheduling policies.)
    #[allow(unsafe_code)]
    let status = unsafe { libc::sched_setscheduler(0, libc::SCHED_BATCH, &param) };
    if status == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere there is no such policy; the load generator runs as it is.
#[cfg(not(target_os = "linux"))]
pub fn yield_to_server() -> std::io::Result<()> {
    Ok(())
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn threads_started_afterwards_are_batch_threads() {
        // On a thread of its own, so the test runner's threads keep their policy.
        let policy = std::thread::spawn(|| {
            super::yield_to_server().expect("any thread may lower its own policy");
            std::thread::spawn(|| {
                // SAFETY: reads the calling thread's policy; no pointers involved.
                #[allow(unsafe_code)]
                unsafe {
                    libc::sched_getscheduler(0)
                }
            })
            .join()
            .expect("the inner thread ran")
        })
        .join()
        .expect("the outer thread ran");
        assert_eq!(policy, libc::SCHED_BATCH);
    }
}
