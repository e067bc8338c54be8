//! Field readers and writers the later operations need beyond [`crate::message::fields`]:
//! Long Integer and Interval fields, the enumerations only these payloads use, a guard for
//! operations KMIP 1.x does not have, and a `Debug` helper that shows a byte string's length
//! instead of its bytes.

use std::fmt;

use bytes::Bytes;

use crate::message::fields::{as_bytes, Fields, KmipEnum};
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::{CancellationResult, InteropFunction, ValidityIndicator};
use crate::ttlv::{Item, ItemType, Tag, Value};

macro_rules! payload_enums {
    ($($name:ident),* $(,)?) => {
        $(impl KmipEnum for $name {
            fn from_raw(raw: u32) -> Self {
                $name(raw)
            }
            fn raw(self) -> u32 {
                self.0
            }
        })*
    };
}

payload_enums!(CancellationResult, InteropFunction, ValidityIndicator);

fn wrong_type(item: &Item, expected: ItemType) -> MessageError {
    MessageError::WrongType {
        tag: item.tag,
        expected,
        found: item.value.item_type(),
    }
}

fn as_long_integer(item: &Item) -> Result<i64, MessageError> {
    match item.value {
        Value::LongInteger(v) => Ok(v),
        _ => Err(wrong_type(item, ItemType::LongInteger)),
    }
}

fn as_interval(item: &Item) -> Result<u32, MessageError> {
    match item.value {
        Value::Interval(v) => Ok(v),
        _ => Err(wrong_type(item, ItemType::Interval)),
    }
}

/// An optional Long Integer field.
pub(crate) fn opt_long_integer(f: &mut Fields<'_>, tag: Tag) -> Result<Option<i64>, MessageError> {
    f.take(tag).map(as_long_integer).transpose()
}

/// A required Long Integer field.
pub(crate) fn long_integer(f: &mut Fields<'_>, tag: Tag) -> Result<i64, MessageError> {
    as_long_integer(f.required(tag)?)
}

/// An optional Interval field (seconds).
pub(crate) fn opt_interval(f: &mut Fields<'_>, tag: Tag) -> Result<Option<u32>, MessageError> {
    f.take(tag).map(as_interval).transpose()
}

/// A required Interval field (seconds).
pub(crate) fn interval(f: &mut Fields<'_>, tag: Tag) -> Result<u32, MessageError> {
    as_interval(f.required(tag)?)
}

/// A required Byte String field.
pub(crate) fn bytes(f: &mut Fields<'_>, tag: Tag) -> Result<Bytes, MessageError> {
    as_bytes(f.required(tag)?)
}

/// A required Integer field that counts bytes, so must not be negative.
pub(crate) fn length(f: &mut Fields<'_>, tag: Tag) -> Result<i32, MessageError> {
    let value = f.integer(tag)?;
    if value < 0 {
        return Err(MessageError::InvalidValue {
            tag,
            reason: "length must not be negative",
        });
    }
    Ok(value)
}

/// Refuses a KMIP 1.x version for an operation added in KMIP 2.0 (Set Attribute, Interop,
/// Log): a 1.x peer cannot send it, and its payload has no 1.x shape to write.
pub(crate) fn require_v2(version: ProtocolVersion) -> Result<(), MessageError> {
    if version.is_v2() {
        Ok(())
    } else {
        Err(MessageError::Unsupported {
            tag: Tag::OPERATION,
            what: "this KMIP 2.0 operation in a KMIP 1.x message",
        })
    }
}

/// `Debug` of an optional byte string as its length only: payload data, signatures, MACs
/// and random bytes stay out of logs.
pub(crate) struct ByteLen<'a>(pub(crate) Option<&'a Bytes>);

impl fmt::Debug for ByteLen<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(bytes) => write!(f, "<{} bytes>", bytes.len()),
            None => f.write_str("None"),
        }
    }
}
