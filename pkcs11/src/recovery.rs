//! What to do after a failed PKCS#11 call, and re-initialisation of a module after device errors.
//!
//! * session invalid or closed → the session is dropped (not closed: its handle may already
//!   belong to someone else) and a new one is opened;
//! * `CKR_USER_NOT_LOGGED_IN`, or an object handle that became invalid → log in again and forget
//!   cached handles;
//! * device errors (`CKR_DEVICE_ERROR`, `CKR_DEVICE_REMOVED`, `CKR_TOKEN_NOT_PRESENT`,
//!   `CKR_GENERAL_ERROR`, `CKR_CRYPTOKI_NOT_INITIALIZED`) → the backend is marked down, every
//!   session is dropped, the module is finalised and initialised again, and the token is found
//!   again by label. A failed attempt is retried no sooner than after an exponential back-off;
//!   meanwhile calls fail fast with [`Error::Unavailable`].
//!
//! Re-initialisation takes the backend's state lock for writing, which waits for every call in
//! flight (each holds it for reading), so no call runs on a session of the old generation.

use std::time::{Duration, Instant};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::slot::Slot;

use crate::backend::{Inner, Live};
use crate::error::{Error, Result};
use crate::metrics::Call;

/// The recovery step a failed call calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Give the error to the caller.
    Fail,
    /// Drop the session, open another, retry.
    ReplaceSession,
    /// Log in again, forget handles, retry.
    Relogin,
    /// Re-initialise the module, retry.
    Reinitialize,
}

pub(crate) fn action_for(error: &Error) -> Action {
    match error.rv() {
        Some(RvError::SessionHandleInvalid | RvError::SessionClosed) => Action::ReplaceSession,
        Some(
            RvError::UserNotLoggedIn
            | RvError::ObjectHandleInvalid
            | RvError::KeyHandleInvalid
            | RvError::WrappingKeyHandleInvalid
            | RvError::UnwrappingKeyHandleInvalid,
        ) => Action::Relogin,
        Some(
            RvError::DeviceError
            | RvError::DeviceRemoved
            | RvError::TokenNotPresent
            | RvError::GeneralError
            | RvError::CryptokiNotInitialized,
        ) => Action::Reinitialize,
        _ => Action::Fail,
    }
}

/// Back-off bookkeeping of re-initialisation attempts.
#[derive(Debug, Default)]
pub(crate) struct RecoveryState {
    failures: u32,
    next_attempt: Option<Instant>,
}

/// C_Initialize with OS locking; "already initialised" (by another backend or the testkit on
/// the same module) counts as success.
pub(crate) fn initialize(ctx: &Pkcs11) -> Result<()> {
    match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => Ok(()),
        Err(e) => Err(e.into()),
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

/// Re-initialises the module after a device error seen in generation `failed_generation`
/// (`None`: the backend was already down). Returns once the backend is up again, or with
/// [`Error::Unavailable`] while backing off.
pub(crate) fn reinitialize(
    inner: &Inner,
    failed_generation: Option<u64>,
    cause: Option<RvError>,
) -> Result<()> {
    let mut live = inner.live.write().unwrap_or_else(|p| p.into_inner());
    if let (Some(current), Some(failed)) = (live.as_ref(), failed_generation) {
        if current.generation != failed {
            return Ok(()); // another thread already recovered
        }
    }
    let mut state = inner.recovery.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(at) = state.next_attempt {
        if Instant::now() < at {
            *live = None;
            return Err(Error::Unavailable {
                reason: "re-initialisation backing off after a device error",
            });
        }
    }
    tracing::warn!(backend = %inner.config.name, ?cause, "re-initialising PKCS#11 module");
    *live = None;
    inner.drop_all_sessions();
    if cause != Some(RvError::CryptokiNotInitialized) {
        // Best effort: the module may already be finalised, which is what we want anyway.
        let _ = inner.ctx.clone().finalize();
    }
    let outcome =
        initialize(&inner.ctx).and_then(|()| find_token(&inner.ctx, &inner.config.token_label));
    inner
        .metrics
        .record_call(Call::Reinitialize, outcome.is_ok());
    match outcome {
        Ok(slot) => {
            *live = Some(Live {
                slot,
                generation: inner.new_generation(),
            });
            *state = RecoveryState::default();
            tracing::info!(backend = %inner.config.name, "PKCS#11 module re-initialised");
            Ok(())
        }
        Err(e) => {
            state.failures = state.failures.saturating_add(1);
            let delay = backoff(
                inner.config.reinit_backoff_min,
                inner.config.reinit_backoff_max,
                state.failures,
            );
            state.next_attempt = Some(Instant::now() + delay);
            tracing::error!(backend = %inner.config.name, error = %e, ?delay, "re-initialisation failed");
            Err(e)
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
    use cryptoki::context::Function;

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

    #[test]
    fn maps_errors_to_actions() {
        let e = |rv| Error::pkcs11(Function::Encrypt, rv);
        assert_eq!(
            action_for(&e(RvError::SessionHandleInvalid)),
            Action::ReplaceSession
        );
        assert_eq!(action_for(&e(RvError::UserNotLoggedIn)), Action::Relogin);
        assert_eq!(action_for(&e(RvError::DeviceRemoved)), Action::Reinitialize);
        assert_eq!(action_for(&e(RvError::DataLenRange)), Action::Fail);
        assert_eq!(
            action_for(&Error::Busy {
                waited: Duration::ZERO
            }),
            Action::Fail
        );
    }
}
