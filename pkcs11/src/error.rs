//! The crate's one error type. Every PKCS#11 failure keeps the C function and its return value
//! (for logs and metrics); [`Error::kind`] classifies it for the front ends, which map a kind to
//! their wire format in one place.

use std::fmt;
use std::time::Duration;

pub use cryptoki::context::Function;
pub use cryptoki::error::RvError;

/// What a caller can do about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The key or token does not exist.
    NotFound,
    /// The key's attributes or the login state forbid the operation.
    Permission,
    /// The request was malformed: bad lengths, wrong key type, failed authentication tag.
    InvalidInput,
    /// Every session was busy until the deadline; retry later (back-pressure).
    Busy,
    /// The HSM cannot be reached right now; retryable once it recovers.
    Unavailable,
    /// The HSM or this crate does not support the mechanism or function.
    Unsupported,
    /// Anything else; a bug or an HSM behaving outside the specification.
    Internal,
}

/// An error from HSM access. Never contains key material or PINs.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A PKCS#11 call returned an error.
    Pkcs11 {
        /// The C function that failed.
        function: Function,
        /// Its return value.
        rv: RvError,
    },
    /// The PKCS#11 module could not be loaded.
    ModuleLoad {
        /// Why (the loader's message; holds no secret).
        reason: String,
    },
    /// No initialised token carries the configured label.
    TokenNotFound {
        /// The label looked for.
        label: String,
    },
    /// No object with this id and class exists (or it is not visible to the user).
    KeyNotFound {
        /// The id, printed lossily.
        id: String,
    },
    /// More than one object matches an id that must be unique.
    AmbiguousKey {
        /// The id, printed lossily.
        id: String,
    },
    /// A key with this id already exists (ids must be unique per class).
    KeyExists {
        /// The id, printed lossily.
        id: String,
    },
    /// Every session stayed busy until the checkout deadline.
    Busy {
        /// How long the caller waited.
        waited: Duration,
    },
    /// The backend is down and re-initialisation is backing off.
    Unavailable {
        /// Why.
        reason: &'static str,
    },
    /// The token lacks a mechanism, or this crate does not offer it.
    Unsupported {
        /// What is missing.
        what: &'static str,
    },
    /// The request is malformed.
    InvalidInput {
        /// Why.
        reason: &'static str,
    },
    /// The PIN could not be read from its source.
    Pin {
        /// Why (never the PIN).
        reason: String,
    },
    /// Anything else (conversion failures inside cryptoki, a panicked worker).
    Internal {
        /// Why.
        reason: String,
    },
}

impl Error {
    /// Classifies the error; see [`ErrorKind`].
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Pkcs11 { rv, .. } => classify_rv(*rv),
            Self::ModuleLoad { .. } => ErrorKind::Unavailable,
            Self::TokenNotFound { .. } => ErrorKind::Unavailable,
            Self::KeyNotFound { .. } => ErrorKind::NotFound,
            Self::AmbiguousKey { .. } | Self::KeyExists { .. } => ErrorKind::InvalidInput,
            Self::Busy { .. } => ErrorKind::Busy,
            Self::Unavailable { .. } => ErrorKind::Unavailable,
            Self::Unsupported { .. } => ErrorKind::Unsupported,
            Self::InvalidInput { .. } => ErrorKind::InvalidInput,
            Self::Pin { .. } => ErrorKind::Permission,
            Self::Internal { .. } => ErrorKind::Internal,
        }
    }

    /// The PKCS#11 return value, when the error came from a PKCS#11 call.
    pub fn rv(&self) -> Option<RvError> {
        match self {
            Self::Pkcs11 { rv, .. } => Some(*rv),
            _ => None,
        }
    }

    /// The PKCS#11 function, when the error came from a PKCS#11 call.
    pub fn function(&self) -> Option<Function> {
        match self {
            Self::Pkcs11 { function, .. } => Some(*function),
            _ => None,
        }
    }

    /// Whether retrying the same request later may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self.kind(), ErrorKind::Busy | ErrorKind::Unavailable)
    }

    pub(crate) fn pkcs11(function: Function, rv: RvError) -> Self {
        Self::Pkcs11 { function, rv }
    }

    pub(crate) fn key_not_found(id: &[u8]) -> Self {
        Self::KeyNotFound {
            id: String::from_utf8_lossy(id).into_owned(),
        }
    }
}

/// Classification of PKCS#11 return values (PKCS#11 3.0 §5.1).
fn classify_rv(rv: RvError) -> ErrorKind {
    use RvError as R;
    match rv {
        R::ObjectHandleInvalid | R::KeyHandleInvalid => ErrorKind::NotFound,
        R::WrappingKeyHandleInvalid | R::UnwrappingKeyHandleInvalid => ErrorKind::NotFound,
        R::PinIncorrect | R::PinLocked | R::PinExpired | R::PinInvalid | R::PinLenRange => {
            ErrorKind::Permission
        }
        R::UserNotLoggedIn | R::UserPinNotInitialized | R::KeyFunctionNotPermitted => {
            ErrorKind::Permission
        }
        R::KeyUnextractable | R::AttributeSensitive | R::ActionProhibited => ErrorKind::Permission,
        R::TokenWriteProtected | R::SessionReadOnly | R::InformationSensitive => {
            ErrorKind::Permission
        }
        R::ArgumentsBad | R::DataInvalid | R::DataLenRange | R::EncryptedDataInvalid => {
            ErrorKind::InvalidInput
        }
        R::EncryptedDataLenRange | R::SignatureInvalid | R::SignatureLenRange => {
            ErrorKind::InvalidInput
        }
        R::MechanismParamInvalid | R::KeySizeRange | R::KeyTypeInconsistent => {
            ErrorKind::InvalidInput
        }
        R::TemplateIncomplete | R::TemplateInconsistent | R::AttributeValueInvalid => {
            ErrorKind::InvalidInput
        }
        R::AttributeTypeInvalid | R::AttributeReadOnly | R::WrappedKeyInvalid => {
            ErrorKind::InvalidInput
        }
        R::WrappedKeyLenRange | R::UnwrappingKeyTypeInconsistent => ErrorKind::InvalidInput,
        R::WrappingKeyTypeInconsistent | R::WrappingKeySizeRange | R::UnwrappingKeySizeRange => {
            ErrorKind::InvalidInput
        }
        R::KeyNotWrappable | R::DomainParamsInvalid | R::PublicKeyInvalid => {
            ErrorKind::InvalidInput
        }
        R::SessionCount => ErrorKind::Busy,
        R::DeviceError | R::DeviceRemoved | R::DeviceMemory | R::TokenNotPresent => {
            ErrorKind::Unavailable
        }
        R::TokenNotRecognized | R::GeneralError | R::CryptokiNotInitialized => {
            ErrorKind::Unavailable
        }
        R::SessionHandleInvalid | R::SessionClosed | R::SlotIdInvalid => ErrorKind::Unavailable,
        R::MechanismInvalid | R::FunctionNotSupported | R::CurveNotSupported => {
            ErrorKind::Unsupported
        }
        R::RandomNoRng | R::RandomSeedNotSupported => ErrorKind::Unsupported,
        _ => ErrorKind::Internal,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Pkcs11 { function, rv } => write!(f, "{function} failed: {rv}"),
            Self::ModuleLoad { reason } => write!(f, "cannot load PKCS#11 module: {reason}"),
            Self::TokenNotFound { label } => write!(f, "no token labelled {label:?}"),
            Self::KeyNotFound { id } => write!(f, "no key with id {id:?}"),
            Self::AmbiguousKey { id } => write!(f, "more than one key with id {id:?}"),
            Self::KeyExists { id } => write!(f, "a key with id {id:?} already exists"),
            Self::Busy { waited } => write!(f, "all HSM sessions busy (waited {waited:?})"),
            Self::Unavailable { reason } => write!(f, "HSM unavailable: {reason}"),
            Self::Unsupported { what } => write!(f, "not supported: {what}"),
            Self::InvalidInput { reason } => write!(f, "invalid input: {reason}"),
            Self::Pin { reason } => write!(f, "cannot read the PIN: {reason}"),
            Self::Internal { reason } => write!(f, "internal HSM access error: {reason}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<cryptoki::error::Error> for Error {
    fn from(e: cryptoki::error::Error) -> Self {
        use cryptoki::error::Error as Ck;
        match e {
            Ck::Pkcs11(rv, function) => Self::Pkcs11 { function, rv },
            Ck::LibraryLoading(e) => Self::ModuleLoad {
                reason: e.to_string(),
            },
            Ck::NotSupported | Ck::NullFunctionPointer | Ck::MissingSymbol(_) => {
                Self::Unsupported {
                    what: "PKCS#11 function missing from the module",
                }
            }
            other => Self::Internal {
                reason: other.to_string(),
            },
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_device_errors_as_retryable() {
        for rv in [
            RvError::DeviceError,
            RvError::DeviceRemoved,
            RvError::TokenNotPresent,
            RvError::GeneralError,
            RvError::CryptokiNotInitialized,
        ] {
            let e = Error::pkcs11(Function::Encrypt, rv);
            assert_eq!(e.kind(), ErrorKind::Unavailable);
            assert!(e.is_retryable());
        }
        assert_eq!(
            Error::pkcs11(Function::Decrypt, RvError::EncryptedDataInvalid).kind(),
            ErrorKind::InvalidInput
        );
        assert_eq!(
            Error::pkcs11(Function::WrapKey, RvError::MechanismInvalid).kind(),
            ErrorKind::Unsupported
        );
        assert_eq!(
            Error::pkcs11(Function::WrapKey, RvError::KeyUnextractable).kind(),
            ErrorKind::Permission
        );
    }

    #[test]
    fn display_names_function_and_return_value() {
        let shown = Error::pkcs11(Function::Login, RvError::PinIncorrect).to_string();
        assert!(shown.contains("Login"), "{shown}");
        assert!(shown.contains("PIN"), "{shown}");
    }
}
