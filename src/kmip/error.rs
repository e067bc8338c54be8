//! Errors of KMIP operations and their one mapping to the wire: a Result Reason and a message.

use std::fmt;

use hsmgate_kmip::message::MessageError;
use hsmgate_kmip::spec::enums::ResultReason;

/// Why one batch item failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum OpError {
    /// The operation is not implemented by this server.
    NotSupported(&'static str),
    /// The request payload is malformed or lacks a required field.
    InvalidMessage(String),
    /// A field has a value this server refuses.
    InvalidField(String),
}

impl OpError {
    /// The KMIP Result Reason for this error (the only place errors meet the wire).
    pub fn result_reason(&self) -> ResultReason {
        match self {
            OpError::NotSupported(_) => ResultReason::OPERATION_NOT_SUPPORTED,
            OpError::InvalidMessage(_) => ResultReason::INVALID_MESSAGE,
            OpError::InvalidField(_) => ResultReason::INVALID_FIELD,
        }
    }
}

impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpError::NotSupported(what) => write!(f, "{what} is not supported by this server"),
            OpError::InvalidMessage(why) => write!(f, "invalid message: {why}"),
            OpError::InvalidField(why) => write!(f, "invalid field: {why}"),
        }
    }
}

impl std::error::Error for OpError {}

impl From<MessageError> for OpError {
    fn from(e: MessageError) -> Self {
        OpError::InvalidMessage(e.to_string())
    }
}
