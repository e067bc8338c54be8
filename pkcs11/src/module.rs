//! Loaded PKCS#11 modules, one per file per process, shared by every backend that uses it.
//!
//! A module's state (initialised or not, its sessions, its login state) is process-global in C,
//! whatever the number of Rust handles on it. So the lock that keeps calls and re-initialisation
//! apart must be per module too: every call in flight, on any backend of the module, holds
//! [`Module::state`] for reading; finalize + initialize hold it for writing. Without this, one
//! backend re-initialising after a device error would finalise the module under another
//! backend's running call (a crash in SoftHSM2). Hence this small registry keyed by path, which
//! mirrors the C library's own global state; everything else is passed explicitly.

use std::ffi::{CStr, CString};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::{Duration, Instant};

use cryptoki::context::Pkcs11;
use cryptoki::error::RvError;
use cryptoki::slot::Slot;

use crate::error::{Error, Result};
use crate::raw::RawModule;

/// Whether the module is initialised, and how many times it has been (re-)initialised.
/// Sessions and object handles belong to one epoch.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ModuleState {
    pub(crate) epoch: u64,
    pub(crate) initialized: bool,
}

/// Back-off bookkeeping of re-initialisation attempts.
#[derive(Debug, Default)]
struct RecoveryState {
    failures: u32,
    next_attempt: Option<Instant>,
}

/// One loaded module.
pub(crate) struct Module {
    pub(crate) path: PathBuf,
    /// The module-specific `C_Initialize` parameter string (`pReserved`), if any; kept for
    /// re-initialisation.
    parameters: Option<CString>,
    pub(crate) ctx: Pkcs11,
    pub(crate) raw: RawModule,
    /// Read-locked around every PKCS#11 call, write-locked to finalize and initialize.
    pub(crate) state: RwLock<ModuleState>,
    recovery: Mutex<RecoveryState>,
    /// Held around calls that create or destroy token objects. SoftHSM2's file object store
    /// answers concurrent ones with CKR_GENERAL_ERROR now and then (seen with four concurrent
    /// Creates); object creation is rare enough that serialising it costs nothing measurable.
    pub(crate) object_writes: Mutex<()>,
}

static REGISTRY: Mutex<Vec<(PathBuf, Weak<Module>)>> = Mutex::new(Vec::new());

/// The module at `path`, loaded and initialised (OS locking) if no backend holds it yet.
/// Loads (or finds already loaded) the module at `path` and initialises it. `parameters` is
/// passed to `C_Initialize` in `pReserved`; a module already loaded keeps the parameters it was
/// first initialised with.
pub(crate) fn load(path: &Path, parameters: Option<&str>) -> Result<Arc<Module>> {
    let mut registry = REGISTRY.lock().unwrap_or_else(|p| p.into_inner());
    registry.retain(|(_, weak)| weak.strong_count() > 0);
    if let Some(module) = registry
        .iter()
        .find(|(p, _)| p == path)
        .and_then(|(_, weak)| weak.upgrade())
    {
        return Ok(module);
    }
    let parameters = parameters
        .map(CString::new)
        .transpose()
        .map_err(|_| Error::InvalidInput {
            reason: "module parameters contain a NUL byte",
        })?;
    let ctx = Pkcs11::new(path)?;
    initialize(&ctx, path, parameters.as_deref())?;
    let raw = RawModule::load(path)?;
    let module = Arc::new(Module {
        path: path.to_path_buf(),
        parameters,
        ctx,
        raw,
        state: RwLock::new(ModuleState {
            epoch: 1,
            initialized: true,
        }),
        recovery: Mutex::new(RecoveryState::default()),
        object_writes: Mutex::new(()),
    });
    registry.push((path.to_path_buf(), Arc::downgrade(&module)));
    Ok(module)
}

/// C_Initialize with the gateway's own mutexes (see `app_locking`), or with OS locking if the
/// module cannot use them or the environment sets `HSMGATE_PKCS11_OS_LOCKING=1` (for a module
/// that misbehaves with application locks); "already initialised" (by another component of the
/// process, e.g. a test fixture) counts as success.
pub fn initialize(ctx: &Pkcs11, path: &Path, parameters: Option<&CStr>) -> Result<()> {
    let os_locking = || {
        ctx.initialize(crate::raw::initialize_args(parameters))
            .map_err(Error::from)
    };
    let outcome = if std::env::var_os("HSMGATE_PKCS11_OS_LOCKING").is_some_and(|v| v == "1") {
        os_locking()
    } else {
        match crate::app_locking::initialize(path, parameters) {
            Err(Error::Pkcs11 {
                rv: RvError::CantLock,
                ..
            }) => os_locking(),
            other => other,
        }
    };
    match outcome {
        Err(Error::Pkcs11 {
            rv: RvError::CryptokiAlreadyInitialized,
            ..
        }) => Ok(()),
        other => other,
    }
}

/// The slot holding an initialised token labelled `label`.
pub(crate) fn find_token(ctx: &Pkcs11, label: &str) -> Result<Slot> {
    for slot in ctx.get_slots_with_token()? {
        let info = ctx.get_token_info(slot)?;
        if info.token_initialized() && info.label().trim_end() == label {
            return Ok(slot);
        }
    }
    Err(Error::TokenNotFound {
        label: label.to_owned(),
    })
}

impl Module {
    /// Finalises and initialises the module after a device error seen in `failed_epoch`
    /// (`None`: the module was already down). Returns at once if another thread already did it;
    /// fails fast with [`Error::Unavailable`] while backing off after a failed attempt.
    pub(crate) fn reinitialize(
        &self,
        failed_epoch: Option<u64>,
        cause: Option<RvError>,
        backoff_min: Duration,
        backoff_max: Duration,
    ) -> Result<()> {
        let mut state = self.state.write().unwrap_or_else(|p| p.into_inner());
        match failed_epoch {
            Some(e) if state.initialized && state.epoch != e => return Ok(()),
            None if state.initialized => return Ok(()),
            _ => {}
        }
        let mut recovery = self.recovery.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(at) = recovery.next_attempt {
            if Instant::now() < at {
                state.initialized = false;
                return Err(Error::Unavailable {
                    reason: "re-initialisation backing off after a device error",
                });
            }
        }
        tracing::warn!(module = %self.path.display(), ?cause, "re-initialising PKCS#11 module");
        if cause != Some(RvError::CryptokiNotInitialized) {
            // Best effort: the module may already be finalised, which is what we want anyway.
            let _ = self.ctx.clone().finalize();
        }
        state.epoch = state.epoch.wrapping_add(1);
        match initialize(&self.ctx, &self.path, self.parameters.as_deref()) {
            Ok(()) => {
                state.initialized = true;
                *recovery = RecoveryState::default();
                tracing::info!(module = %self.path.display(), "PKCS#11 module re-initialised");
                Ok(())
            }
            Err(e) => {
                state.initialized = false;
                recovery.failures = recovery.failures.saturating_add(1);
                let delay = backoff(backoff_min, backoff_max, recovery.failures);
                recovery.next_attempt = Some(Instant::now() + delay);
                tracing::error!(module = %self.path.display(), error = %e, ?delay, "re-initialisation failed");
                Err(e)
            }
        }
    }
}

/// `min * 2^(failures-1)`, capped at `max`.
fn backoff(min: Duration, max: Duration, failures: u32) -> Duration {
    let factor = 1u32
        .checked_shl(failures.saturating_sub(1).min(20))
        .unwrap_or(u32::MAX);
    min.saturating_mul(factor).min(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let min = Duration::from_millis(100);
        let max = Duration::from_secs(1);
        assert_eq!(backoff(min, max, 1), min);
        assert_eq!(backoff(min, max, 2), Duration::from_millis(200));
        assert_eq!(backoff(min, max, 4), Duration::from_millis(800));
        assert_eq!(backoff(min, max, 5), max);
        assert_eq!(backoff(min, max, 1000), max);
    }
}
