//! CPU time spent by a process while a run measures, so a report can say what one request
//! costs each side (the load generator, the server) next to what the HSM's own operation costs.
//! On a machine whose cores are shared by the server, the load generator and the HSM, these
//! per-request budgets explain a throughput ratio better than the ratio alone.

use std::thread::JoinHandle;
use std::time::Duration;

/// Clock ticks per second of `/proc/<pid>/stat`: Linux's USER_HZ, fixed at 100 for user space
/// on every architecture this project builds for (the kernel's own tick rate is not exposed
/// there).
const USER_HZ: f64 = 100.0;

/// User plus system CPU time of process `pid` (all its threads) so far, read from
/// `/proc/<pid>/stat`; `None` off Linux or when the process is gone.
pub fn process_cpu(pid: u32) -> Option<Duration> {
    stat_cpu(&format!("/proc/{pid}/stat"))
}

/// User plus system CPU time of one thread of process `pid` so far.
pub fn thread_cpu(pid: u32, tid: u32) -> Option<Duration> {
    stat_cpu(&format!("/proc/{pid}/task/{tid}/stat"))
}

/// The Linux thread id of the calling thread (`/proc/thread-self` names it).
pub fn current_thread_id() -> Option<u32> {
    let link = std::fs::read_link("/proc/thread-self").ok()?;
    link.file_name()?.to_str()?.parse().ok()
}

/// The CPU time a `stat` file of proc(5) gives, process or thread.
fn stat_cpu(path: &str) -> Option<Duration> {
    let stat = std::fs::read_to_string(path).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace();
    // Fields 14 (utime) and 15 (stime) of proc(5) are the 12th and 13th after the name.
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_secs_f64((utime + stime) as f64 / USER_HZ))
}

/// CPU time of a process over the measured part of a run: sampled when the warm-up ends and
/// again when the run does, by a thread of its own (so it works for async and thread loads).
pub struct CpuWindow {
    sampler: JoinHandle<Option<Duration>>,
}

impl CpuWindow {
    /// Starts sampling `pid` now for a run of `warmup` then `duration`.
    pub fn start(pid: u32, warmup: Duration, duration: Duration) -> CpuWindow {
        let sampler = std::thread::spawn(move || {
            std::thread::sleep(warmup);
            let first = process_cpu(pid)?;
            std::thread::sleep(duration);
            process_cpu(pid)?.checked_sub(first)
        });
        CpuWindow { sampler }
    }

    /// The CPU time used in the window, once it has passed.
    pub fn used(self) -> Option<Duration> {
        self.sampler.join().ok().flatten()
    }
}

/// CPU time per operation in microseconds.
pub fn micros_per_op(cpu: Duration, ops: u64) -> Option<f64> {
    (ops > 0).then(|| cpu.as_secs_f64() * 1e6 / ops as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_cpu_time_grows_with_work() {
        let pid = std::process::id();
        let before = process_cpu(pid).expect("this process has a /proc entry");
        let target = before + Duration::from_millis(50);
        let give_up = std::time::Instant::now() + Duration::from_secs(60);
        let mut x: u64 = 1;
        let mut now = before;
        // Spin until 50 ms of CPU time show (however busy the machine, within a minute).
        while now < target && std::time::Instant::now() < give_up {
            for _ in 0..100_000 {
                x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
            }
            now = process_cpu(pid).expect("still there");
        }
        assert!(now >= target, "CPU time stayed at {now:?} from {before:?}");
    }

    #[test]
    fn a_thread_is_found_and_uses_no_more_than_its_process() {
        let pid = std::process::id();
        let tid = current_thread_id().expect("Linux names the thread");
        let thread = thread_cpu(pid, tid).expect("this thread has a /proc entry");
        let process = process_cpu(pid).expect("this process has a /proc entry");
        assert!(thread <= process, "{thread:?} > {process:?}");
        let other = std::thread::spawn(current_thread_id).join().unwrap();
        assert_ne!(other, Some(tid));
    }

    #[test]
    fn a_missing_process_has_no_cpu_time() {
        assert_eq!(process_cpu(u32::MAX), None);
    }
}
