//! Errors of KMIP operations and their one mapping to the wire: a Result Reason and a message.

use std::fmt;

use hsmgate_kmip::message::{MessageError, ProtocolVersion};
use hsmgate_kmip::spec::enums::ResultReason;

use crate::service::{AttributeRefusal, ServiceError};

/// Why one batch item failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum OpError {
    /// The operation or feature is not implemented by this server.
    NotSupported(&'static str),
    /// The request payload is malformed or lacks a required field.
    InvalidMessage(String),
    /// A field has a value this server refuses.
    InvalidField(String),
    /// A failure the OASIS test cases classify as General Failure.
    GeneralFailure(String),
    /// Refused for a reason older protocol versions can only call Permission Denied.
    Refused(&'static str),
    /// The typed message model refused the payload.
    Message(MessageError),
    /// The key service refused or failed.
    Service(ServiceError),
}

impl OpError {
    /// The KMIP Result Reason for this error (the only place errors meet the wire).
    pub fn result_reason(&self) -> ResultReason {
        match self {
            OpError::NotSupported(_) => ResultReason::OPERATION_NOT_SUPPORTED,
            OpError::InvalidMessage(_) => ResultReason::INVALID_MESSAGE,
            OpError::InvalidField(_) => ResultReason::INVALID_FIELD,
            OpError::GeneralFailure(_) => ResultReason::GENERAL_FAILURE,
            OpError::Refused(_) => ResultReason::PERMISSION_DENIED,
            OpError::Message(e) => ResultReason::from(e.class()),
            OpError::Service(e) => match e {
                ServiceError::NotFound(_) => ResultReason::ITEM_NOT_FOUND,
                ServiceError::PermissionDenied => ResultReason::PERMISSION_DENIED,
                ServiceError::WrongState(_) => ResultReason::WRONG_KEY_LIFECYCLE_STATE,
                ServiceError::UsageNotAllowed(_) => {
                    ResultReason::INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK
                }
                ServiceError::InvalidField(_) => ResultReason::INVALID_FIELD,
                ServiceError::MissingField(_) => ResultReason::INVALID_MESSAGE,
                ServiceError::NotSupported(_) => ResultReason::FEATURE_NOT_SUPPORTED,
                ServiceError::CryptographicFailure(_) => ResultReason::CRYPTOGRAPHIC_FAILURE,
                ServiceError::AttributeRefused { refusal, .. } => match refusal {
                    AttributeRefusal::ReadOnly => ResultReason::ATTRIBUTE_READ_ONLY,
                    AttributeRefusal::SingleValued => ResultReason::ATTRIBUTE_SINGLE_VALUED,
                    AttributeRefusal::NotFound => ResultReason::ATTRIBUTE_NOT_FOUND,
                    AttributeRefusal::InstanceNotFound => {
                        ResultReason::ATTRIBUTE_INSTANCE_NOT_FOUND
                    }
                    AttributeRefusal::MultiValued => ResultReason::MULTI_VALUED_ATTRIBUTE,
                    AttributeRefusal::NonUniqueName => ResultReason::NON_UNIQUE_NAME_ATTRIBUTE,
                },
                ServiceError::Sensitive(_) => ResultReason::SENSITIVE,
                ServiceError::NotExtractable(_) => ResultReason::NOT_EXTRACTABLE,
                ServiceError::KeyValueNotPresent(_) => ResultReason::KEY_VALUE_NOT_PRESENT,
                ServiceError::KeyFormatNotSupported(_) => {
                    ResultReason::KEY_FORMAT_TYPE_NOT_SUPPORTED
                }
                ServiceError::EncodingOption(_) => ResultReason::ENCODING_OPTION_ERROR,
                ServiceError::AlreadyExists(_) => ResultReason::OBJECT_ALREADY_EXISTS,
                // Back-pressure and outages: General Failure with a message that says to retry.
                ServiceError::Busy | ServiceError::Unavailable(_) | ServiceError::Internal(_) => {
                    ResultReason::GENERAL_FAILURE
                }
            },
        }
    }
}

impl OpError {
    /// The Result Reason as a client of `version` knows it. KMIP 2.0 added the attribute
    /// reasons (Non Unique Name Attribute among them), Object Not Found and Object Destroyed;
    /// a KMIP 1.x client gets the 1.x reason its spec's error tables give for the
    /// same case (read-only: Permission Denied, a second single value: Illegal Operation, no
    /// such attribute or index: Item Not Found).
    pub fn result_reason_in(&self, version: ProtocolVersion) -> ResultReason {
        // KMIP 2.0 added Object Destroyed for an object whose key value was destroyed.
        if let (true, OpError::Service(ServiceError::KeyValueNotPresent(_))) =
            (version.is_v2(), self)
        {
            return ResultReason::OBJECT_DESTROYED;
        }
        // KMIP 2.0 added Object Not Found for a Unique Identifier that names no object (or
        // none the caller may see: the two are answered alike); 1.x has only Item Not Found.
        if let (true, OpError::Service(ServiceError::NotFound(_))) = (version.is_v2(), self) {
            return ResultReason::OBJECT_NOT_FOUND;
        }
        if let (false, OpError::Service(ServiceError::AttributeRefused { refusal, .. })) =
            (version.is_v2(), self)
        {
            return match refusal {
                AttributeRefusal::ReadOnly => ResultReason::PERMISSION_DENIED,
                AttributeRefusal::NotFound | AttributeRefusal::InstanceNotFound => {
                    ResultReason::ITEM_NOT_FOUND
                }
                _ => ResultReason::ILLEGAL_OPERATION,
            };
        }
        self.result_reason()
    }
}

impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpError::NotSupported(what) => write!(f, "{what} is not supported by this server"),
            OpError::InvalidMessage(why) => write!(f, "invalid message: {why}"),
            OpError::InvalidField(why) => write!(f, "invalid field: {why}"),
            OpError::GeneralFailure(why) => f.write_str(why),
            OpError::Refused(why) => write!(f, "permission denied: {why}"),
            OpError::Message(e) => e.fmt(f),
            // Internal details stay in the server's log; the client learns the kind.
            OpError::Service(ServiceError::Internal(_)) => {
                f.write_str("internal error; see the server log")
            }
            OpError::Service(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for OpError {}

impl From<MessageError> for OpError {
    fn from(e: MessageError) -> Self {
        OpError::Message(e)
    }
}

impl From<ServiceError> for OpError {
    fn from(e: ServiceError) -> Self {
        OpError::Service(e)
    }
}
