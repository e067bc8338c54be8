//! What to do after a failed PKCS#11 call.
//!
//! * session invalid or closed → the session is dropped (not closed: its handle may already
//!   belong to someone else) and a new one is opened;
//! * `CKR_OPERATION_ACTIVE` (an earlier operation was left unfinished) → the session is closed,
//!   which ends the operation, and replaced;
//! * `CKR_USER_NOT_LOGGED_IN`, or an object handle that became invalid → log in again and forget
//!   cached handles;
//! * device errors (`CKR_DEVICE_ERROR`, `CKR_DEVICE_REMOVED`, `CKR_TOKEN_NOT_PRESENT`,
//!   `CKR_GENERAL_ERROR`, `CKR_CRYPTOKI_NOT_INITIALIZED`) → the module is marked down, finalised
//!   and initialised again (see `module`), every backend on it finds its token again by label and
//!   opens new sessions. A failed attempt is retried no sooner than after an exponential
//!   back-off; meanwhile calls fail fast with [`Error::Unavailable`](crate::Error).
//!   `CKR_GENERAL_ERROR` is also how some tokens (SoftHSM2) report a single failed operation, so
//!   it only counts as a device error when the session no longer answers `C_GetSessionInfo`.

use cryptoki::error::RvError;

use crate::error::Error;

/// The recovery step a failed call calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Give the error to the caller.
    Fail,
    /// Drop the session, open another, retry.
    ReplaceSession,
    /// Close the session (ending an operation left active), open another, retry.
    ResetSession,
    /// Log in again, forget handles, retry.
    Relogin,
    /// Re-initialise the module, retry.
    Reinitialize,
}

pub(crate) fn action_for(error: &Error) -> Action {
    match error.rv() {
        Some(RvError::SessionHandleInvalid | RvError::SessionClosed) => Action::ReplaceSession,
        Some(RvError::OperationActive) => Action::ResetSession,
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

#[cfg(test)]
mod tests {
    use super::*;
    use cryptoki::context::Function;
    use std::time::Duration;

    #[test]
    fn maps_errors_to_actions() {
        let e = |rv| Error::pkcs11(Function::Encrypt, rv);
        assert_eq!(
            action_for(&e(RvError::SessionHandleInvalid)),
            Action::ReplaceSession
        );
        assert_eq!(action_for(&e(RvError::UserNotLoggedIn)), Action::Relogin);
        assert_eq!(
            action_for(&e(RvError::OperationActive)),
            Action::ResetSession
        );
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
