//! Errors of the key service: what went wrong in terms every front end can translate (KMIP Result
//! Reason, XKS errorName, Azure EKM code), each in its own single mapping function.

use std::fmt;

use crate::store::StoreError;

/// Why a key-service call failed. Messages never hold key material.
#[derive(Debug)]
#[non_exhaustive]
pub enum ServiceError {
    /// No object with this identifier is visible to the caller.
    NotFound(String),
    /// The caller may not perform this operation on the object.
    PermissionDenied,
    /// The object's lifecycle state forbids the operation.
    WrongState(&'static str),
    /// The object's Cryptographic Usage Mask does not allow the operation.
    UsageNotAllowed(&'static str),
    /// A request field is missing or has a value the service refuses.
    InvalidField(String),
    /// A field the operation needs is missing from the request.
    MissingField(String),
    /// The service does not implement what was asked (algorithm, mode, object type...).
    NotSupported(String),
    /// The cryptographic operation failed on its input (e.g. a GCM tag did not verify).
    CryptographicFailure(&'static str),
    /// The key may not leave in plaintext (Sensitive): it can be had wrapped, if extractable.
    Sensitive(&'static str),
    /// The key may not leave the HSM at all, wrapped or not (Extractable is false).
    NotExtractable(&'static str),
    /// The object has no key value to return: it was destroyed (KMIP 2.x: Object Destroyed,
    /// 1.x: Key Value Not Present).
    KeyValueNotPresent(&'static str),
    /// The Key Format Type asked for is not offered for this object.
    KeyFormatNotSupported(String),
    /// The Encoding Option asked for cannot be produced.
    EncodingOption(&'static str),
    /// An object with the identifier a client chose (Import) exists already.
    AlreadyExists(String),
    /// Every HSM session was busy until the deadline: retry later.
    Busy,
    /// The HSM cannot be reached now; retryable once it recovers.
    Unavailable(String),
    /// Anything else (an HSM or store failure that is not the caller's fault).
    Internal(String),
    /// An attribute edit the attribute rules refuse; `name` is the attribute's spec name.
    AttributeRefused {
        refusal: AttributeRefusal,
        name: String,
    },
}

/// Why the attribute rules refused an Add, Modify, Set or Delete Attribute.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum AttributeRefusal {
    /// Only the server sets this attribute (or it never changes after creation).
    ReadOnly,
    /// The attribute allows one instance and the object has it already.
    SingleValued,
    /// The object has no instance of the attribute.
    NotFound,
    /// No instance of the attribute has the index or value named.
    InstanceNotFound,
    /// The attribute has several instances and the request does not say which one.
    MultiValued,
    /// Another object (or this one) already has this Name; names are unique in the server.
    NonUniqueName,
}

impl fmt::Display for AttributeRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AttributeRefusal::ReadOnly => "is read-only for clients",
            AttributeRefusal::SingleValued => "is single-valued and already set",
            AttributeRefusal::NotFound => "is not set on this object",
            AttributeRefusal::InstanceNotFound => "has no such instance on this object",
            AttributeRefusal::MultiValued => "has several instances; name the one to change",
            AttributeRefusal::NonUniqueName => "is already the name of an object",
        })
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServiceError::NotFound(uid) => write!(f, "no object {uid}"),
            ServiceError::PermissionDenied => f.write_str("permission denied"),
            ServiceError::WrongState(why) => write!(f, "wrong lifecycle state: {why}"),
            ServiceError::UsageNotAllowed(what) => {
                write!(
                    f,
                    "the object's Cryptographic Usage Mask does not allow {what}"
                )
            }
            ServiceError::InvalidField(why) => write!(f, "{why}"),
            ServiceError::MissingField(what) => write!(f, "missing {what}"),
            ServiceError::NotSupported(what) => write!(f, "not supported: {what}"),
            ServiceError::CryptographicFailure(why) => write!(f, "cryptographic failure: {why}"),
            ServiceError::Sensitive(why) => write!(f, "sensitive key: {why}"),
            ServiceError::NotExtractable(why) => write!(f, "key not extractable: {why}"),
            ServiceError::KeyValueNotPresent(why) => write!(f, "no key value: {why}"),
            ServiceError::KeyFormatNotSupported(what) => {
                write!(f, "Key Format Type not supported: {what}")
            }
            ServiceError::EncodingOption(why) => write!(f, "Encoding Option: {why}"),
            ServiceError::AlreadyExists(uid) => {
                let uid: String = uid.chars().take(64).collect();
                write!(f, "an object {uid} exists already")
            }
            ServiceError::Busy => f.write_str("the HSM is busy; retry later"),
            ServiceError::Unavailable(why) => write!(f, "the HSM is unavailable: {why}"),
            ServiceError::Internal(why) => write!(f, "internal error: {why}"),
            ServiceError::AttributeRefused { refusal, name } => {
                // The name may come from the peer (custom attributes): bounded.
                let name: String = name.chars().take(64).collect();
                write!(f, "attribute {name} {refusal}")
            }
        }
    }
}

impl std::error::Error for ServiceError {}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(uid) => ServiceError::NotFound(uid),
            other => ServiceError::Internal(other.to_string()),
        }
    }
}

impl From<hsmgate_pkcs11::Error> for ServiceError {
    fn from(e: hsmgate_pkcs11::Error) -> Self {
        use hsmgate_pkcs11::ErrorKind;
        match e.kind() {
            ErrorKind::NotFound => ServiceError::Internal(format!("HSM object missing: {e}")),
            ErrorKind::Permission => ServiceError::PermissionDenied,
            ErrorKind::InvalidInput => {
                ServiceError::CryptographicFailure("the HSM refused the input")
            }
            ErrorKind::Busy => ServiceError::Busy,
            ErrorKind::Unavailable => ServiceError::Unavailable(e.to_string()),
            ErrorKind::Unsupported => ServiceError::NotSupported(e.to_string()),
            _ => ServiceError::Internal(e.to_string()),
        }
    }
}
