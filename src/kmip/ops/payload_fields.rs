//! Reading fields of request payloads that have no typed payload in hsmgate-kmip (MAC, MAC
//! Verify, Re-key): each field once, of the type the specification gives it.

use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::ttlv::{Item, Tag, Value};

use crate::kmip::error::OpError;

/// The one child with `tag`, if any; two are an invalid message.
fn single(payload: &Item, tag: Tag) -> Result<Option<&Item>, OpError> {
    let mut found = payload.children_with(tag);
    let first = found.next();
    if found.next().is_some() {
        return Err(OpError::InvalidMessage(format!(
            "{} appears more than once",
            tag.name().unwrap_or("a field")
        )));
    }
    Ok(first)
}

fn wrong_type(tag: Tag, expected: &str) -> OpError {
    OpError::InvalidMessage(format!(
        "{} must be a {expected}",
        tag.name().unwrap_or("a field")
    ))
}

pub fn opt_text(payload: &Item, tag: Tag) -> Result<Option<String>, OpError> {
    match single(payload, tag)?.map(|i| &i.value) {
        None => Ok(None),
        Some(Value::TextString(text)) => Ok(Some(text.clone())),
        Some(_) => Err(wrong_type(tag, "Text String")),
    }
}

pub fn opt_bytes(payload: &Item, tag: Tag) -> Result<Option<Vec<u8>>, OpError> {
    match single(payload, tag)?.map(|i| &i.value) {
        None => Ok(None),
        Some(Value::ByteString(bytes)) => Ok(Some(bytes.to_vec())),
        Some(_) => Err(wrong_type(tag, "Byte String")),
    }
}

pub fn opt_interval(payload: &Item, tag: Tag) -> Result<Option<u32>, OpError> {
    match single(payload, tag)?.map(|i| &i.value) {
        None => Ok(None),
        Some(Value::Interval(seconds)) => Ok(Some(*seconds)),
        Some(_) => Err(wrong_type(tag, "Interval")),
    }
}

pub fn opt_parameters(payload: &Item) -> Result<Option<CryptographicParameters>, OpError> {
    single(payload, Tag::CRYPTOGRAPHIC_PARAMETERS)?
        .map(|item| CryptographicParameters::try_from(item).map_err(OpError::from))
        .transpose()
}

/// Refuses the multi-part (streaming) form of an operation, which this server does not offer.
pub fn refuse_streaming(payload: &Item, operation: &'static str) -> Result<(), OpError> {
    for tag in [
        Tag::CORRELATION_VALUE,
        Tag::INIT_INDICATOR,
        Tag::FINAL_INDICATOR,
    ] {
        if payload.child(tag).is_some() {
            return Err(OpError::NotSupported(operation));
        }
    }
    Ok(())
}
