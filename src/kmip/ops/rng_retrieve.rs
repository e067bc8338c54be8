//! RNG Retrieve: random bytes from the HSM's generator.

use hsmgate_kmip::ttlv::{Item, Tag, Value};

use super::OpContext;
use crate::kmip::error::OpError;

/// The most bytes one request may ask for: enough for any key, small enough to bound the work.
const MAX_LENGTH: i32 = 64 * 1024;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let length = match payload.child(Tag::DATA_LENGTH).map(|i| &i.value) {
        Some(Value::Integer(length)) => *length,
        _ => {
            return Err(OpError::InvalidMessage(
                "RNG Retrieve needs an Integer Data Length".into(),
            ))
        }
    };
    if !(1..=MAX_LENGTH).contains(&length) {
        return Err(OpError::InvalidField(format!(
            "Data Length must be 1 to {MAX_LENGTH}"
        )));
    }
    let data = ctx.service.random(length as usize).await?;
    Ok(Item::structure(
        Tag::RESPONSE_PAYLOAD,
        vec![Item::new(Tag::DATA, Value::ByteString(data.into()))],
    ))
}
