//! `C_Initialize` with the application's own mutexes (PKCS#11 `CK_C_INITIALIZE_ARGS`
//! `CreateMutex`/`DestroyMutex`/`LockMutex`/`UnlockMutex`), backed by `parking_lot`'s raw
//! mutex, which spins briefly before it sleeps.
//!
//! Why: with OS locking, SoftHSM2 guards its objects with plain pthread mutexes, which sleep at
//! once when taken. Two threads using the same token key then fall into a lock convoy now and
//! then: each hand-over of a mutex puts one thread to sleep and wakes it with a futex call, a
//! cross-CPU wake-up that in a virtual machine exits to the host, and the pair stays in that
//! state for seconds (Encrypt at half speed, 16% of the gateway's CPU in futex calls, see
//! docs/PERFORMANCE.md). The critical sections inside the module are short, so a waiter that
//! spins for a moment usually gets the mutex without sleeping. PKCS#11 made these callbacks for
//! exactly this: the application chooses the locking. cryptoki cannot pass function pointers in
//! its `CInitializeArgs`, so the call is made here through the module's function list.
//!
//! A module that cannot use application locks answers `CKR_CANT_LOCK`; the caller then falls
//! back to OS locking.

use std::ffi::{c_void, CStr};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use cryptoki::context::Function;
use cryptoki::error::Rv;
use cryptoki_sys::{CKR_ARGUMENTS_BAD, CKR_MUTEX_BAD, CKR_MUTEX_NOT_LOCKED, CKR_OK, CK_RV};
use parking_lot::lock_api::RawMutex as _;
use parking_lot::RawMutex;

use crate::error::{Error, Result};

/// Mutexes made by `create_mutex` and not yet destroyed.
static LIVE_MUTEXES: AtomicUsize = AtomicUsize::new(0);

/// How many mutexes the process's PKCS#11 modules have made through these callbacks and not
/// yet destroyed: zero when every module uses its own OS locking.
pub fn live_mutexes() -> usize {
    LIVE_MUTEXES.load(Ordering::Relaxed)
}

/// Calls the module's `C_Initialize` with the mutex callbacks below and `parameters` as
/// `pReserved`. The flags leave out `CKF_OS_LOCKING_OK`, which by the standard obliges the
/// module to use the supplied functions (or refuse with `CKR_CANT_LOCK`).
pub(crate) fn initialize(path: &Path, parameters: Option<&CStr>) -> Result<()> {
    let (lib, list) = crate::raw::open_function_list(path)?;
    let c_initialize = list.C_Initialize.ok_or(Error::Unsupported {
        what: "module lacks C_Initialize",
    })?;
    let mut args = cryptoki_sys::CK_C_INITIALIZE_ARGS {
        CreateMutex: Some(create_mutex),
        DestroyMutex: Some(destroy_mutex),
        LockMutex: Some(lock_mutex),
        UnlockMutex: Some(unlock_mutex),
        flags: 0,
        pReserved: parameters.map_or(std::ptr::null_mut(), |p| p.as_ptr().cast_mut().cast()),
    };
    // SAFETY: `args` is a valid CK_C_INITIALIZE_ARGS for the duration of the call; the module
    // reads it and keeps only the function pointers, which are `'static`. `pReserved`, when
    // set, points to a NUL-terminated string the caller keeps alive as long as the module.
    let rv = unsafe { c_initialize(std::ptr::addr_of_mut!(args).cast()) };
    Rv::from(rv).into_result(Function::Initialize)?;
    // An initialised module keeps running on these callbacks until it is finalised, and it may
    // have registered callbacks of its own elsewhere (SoftHSM2 does with OpenSSL, which calls
    // them at process exit). So once initialised here, the module stays loaded for the life of
    // the process: this handle is never closed, whatever the caller does with its own.
    Box::leak(Box::new(lib));
    Ok(())
}

/// `CreateMutex`: a new unlocked mutex on the heap; its address is the module's handle.
unsafe extern "C" fn create_mutex(out: *mut *mut c_void) -> CK_RV {
    if out.is_null() {
        return CKR_ARGUMENTS_BAD;
    }
    let mutex = Box::into_raw(Box::new(RawMutex::INIT));
    // SAFETY: the module passes a pointer valid for one write of a pointer.
    unsafe { out.write(mutex.cast()) };
    LIVE_MUTEXES.fetch_add(1, Ordering::Relaxed);
    CKR_OK
}

/// `DestroyMutex`: frees a mutex made by `create_mutex`.
unsafe extern "C" fn destroy_mutex(mutex: *mut c_void) -> CK_RV {
    if mutex.is_null() {
        return CKR_MUTEX_BAD;
    }
    // SAFETY: the handle came from `create_mutex` (Box::into_raw) and the module destroys each
    // mutex once, after its last use.
    drop(unsafe { Box::from_raw(mutex.cast::<RawMutex>()) });
    LIVE_MUTEXES.fetch_sub(1, Ordering::Relaxed);
    CKR_OK
}

/// `LockMutex`: spins briefly, then sleeps until the mutex is free.
unsafe extern "C" fn lock_mutex(mutex: *mut c_void) -> CK_RV {
    // SAFETY: a non-null handle is a live mutex made by `create_mutex`.
    match unsafe { mutex.cast::<RawMutex>().as_ref() } {
        Some(mutex) => {
            mutex.lock();
            CKR_OK
        }
        None => CKR_MUTEX_BAD,
    }
}

/// `UnlockMutex`: `CKR_MUTEX_NOT_LOCKED` if it was not locked.
unsafe extern "C" fn unlock_mutex(mutex: *mut c_void) -> CK_RV {
    // SAFETY: a non-null handle is a live mutex made by `create_mutex`.
    match unsafe { mutex.cast::<RawMutex>().as_ref() } {
        Some(mutex) if mutex.is_locked() => {
            // SAFETY: the mutex is locked, and PKCS#11 modules unlock only what they locked
            // (parking_lot's raw mutex has no owning thread to check against).
            unsafe { mutex.unlock() };
            CKR_OK
        }
        Some(_) => CKR_MUTEX_NOT_LOCKED,
        None => CKR_MUTEX_BAD,
    }
}
