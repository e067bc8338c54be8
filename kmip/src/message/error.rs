//! What can be wrong with a KMIP message, and which KMIP Result Reason says so.

use std::fmt;

use crate::spec::enums::ResultReason;
use crate::ttlv::{ItemType, Tag};

use super::version::ProtocolVersion;

/// The class of a [`MessageError`], which the KMIP front end maps to a Result Reason.
///
/// Kept apart from the enumeration table so this layer does not decide the wire values.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum ErrorClass {
    /// The message structure is wrong (KMIP Result Reason "Invalid Message").
    InvalidMessage,
    /// A field has a wrong type or value (KMIP Result Reason "Invalid Field").
    InvalidField,
    /// The operation or feature is valid KMIP but not implemented here
    /// (KMIP Result Reason "Operation Not Supported").
    OperationNotSupported,
}

impl From<ErrorClass> for ResultReason {
    fn from(class: ErrorClass) -> ResultReason {
        match class {
            ErrorClass::InvalidMessage => ResultReason::INVALID_MESSAGE,
            ErrorClass::InvalidField => ResultReason::INVALID_FIELD,
            ErrorClass::OperationNotSupported => ResultReason::OPERATION_NOT_SUPPORTED,
        }
    }
}

/// A typed view of a TTLV tree could not be built (or a typed value cannot be encoded).
///
/// Every variant names the tag it is about. No variant carries a field's value, so key
/// material and credentials cannot leak through an error message.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum MessageError {
    /// The item has another tag than the one expected at this place.
    UnexpectedTag { expected: Tag, found: Tag },
    /// A required field is absent from the structure `parent`.
    MissingField { parent: Tag, field: Tag },
    /// A field this structure does not define (or a second occurrence of a single field).
    UnexpectedField { parent: Tag, field: Tag },
    /// A field has the wrong item type.
    WrongType {
        tag: Tag,
        expected: ItemType,
        found: ItemType,
    },
    /// A field has the right type but a value outside its range or meaning.
    InvalidValue { tag: Tag, reason: &'static str },
    /// The header's Batch Count disagrees with the number of Batch Items.
    BatchCountMismatch { declared: i32, actual: usize },
    /// The request carries no Batch Item.
    EmptyBatch,
    /// An attribute name this crate does not know and that is not a custom (`x-`/`y-`) name.
    /// Holds at most the first 64 characters of the name.
    UnknownAttributeName { name: String },
    /// The attribute has no encoding in the target protocol version.
    AttributeNotInVersion { tag: Tag, version: ProtocolVersion },
    /// A valid KMIP feature that is not implemented (for example template names).
    Unsupported { tag: Tag, what: &'static str },
    /// The operation has no typed payload in this crate.
    OperationNotSupported { operation: u32 },
}

impl MessageError {
    /// The KMIP Result Reason class this error maps to.
    pub fn class(&self) -> ErrorClass {
        match self {
            MessageError::UnexpectedTag { .. }
            | MessageError::MissingField { .. }
            | MessageError::UnexpectedField { .. }
            | MessageError::BatchCountMismatch { .. }
            | MessageError::EmptyBatch => ErrorClass::InvalidMessage,
            MessageError::WrongType { .. }
            | MessageError::InvalidValue { .. }
            | MessageError::UnknownAttributeName { .. }
            | MessageError::AttributeNotInVersion { .. } => ErrorClass::InvalidField,
            MessageError::Unsupported { .. } | MessageError::OperationNotSupported { .. } => {
                ErrorClass::OperationNotSupported
            }
        }
    }
}

/// A tag as its spec name (`RequestPayload`), or its hex value when no table names it.
struct TagHex(Tag);

impl fmt::Display for TagHex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "0x{:06X}", self.0.value()),
        }
    }
}

impl fmt::Display for MessageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MessageError::UnexpectedTag { expected, found } => {
                write!(
                    f,
                    "expected tag {} but found {}",
                    TagHex(*expected),
                    TagHex(*found)
                )
            }
            MessageError::MissingField { parent, field } => {
                write!(
                    f,
                    "structure {} lacks required field {}",
                    TagHex(*parent),
                    TagHex(*field)
                )
            }
            MessageError::UnexpectedField { parent, field } => {
                write!(
                    f,
                    "structure {} has unexpected or repeated field {}",
                    TagHex(*parent),
                    TagHex(*field)
                )
            }
            MessageError::WrongType {
                tag,
                expected,
                found,
            } => write!(
                f,
                "field {} has type {} but must be {}",
                TagHex(*tag),
                found.xml_name(),
                expected.xml_name()
            ),
            MessageError::InvalidValue { tag, reason } => {
                write!(f, "field {} is invalid: {reason}", TagHex(*tag))
            }
            MessageError::BatchCountMismatch { declared, actual } => {
                write!(
                    f,
                    "batch count is {declared} but the message has {actual} batch items"
                )
            }
            MessageError::EmptyBatch => f.write_str("the message has no batch item"),
            MessageError::UnknownAttributeName { name } => {
                write!(f, "unknown attribute name {name:?}")
            }
            MessageError::AttributeNotInVersion { tag, version } => {
                write!(
                    f,
                    "attribute {} does not exist in KMIP {version}",
                    TagHex(*tag)
                )
            }
            MessageError::Unsupported { tag, what } => {
                write!(f, "{what} (field {}) is not supported", TagHex(*tag))
            }
            MessageError::OperationNotSupported { operation } => {
                write!(f, "operation 0x{operation:08X} is not supported")
            }
        }
    }
}

impl std::error::Error for MessageError {}
