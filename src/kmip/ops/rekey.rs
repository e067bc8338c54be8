//! Re-key: a replacement for a symmetric key, generated in the HSM, with the existing key's
//! attributes (the key service applies the Re-key attribute rules). The new Unique Identifier
//! becomes the batch's ID Placeholder.

use hsmgate_kmip::message::Attributes;
use hsmgate_kmip::ttlv::{Item, Tag, Value};

use super::payload_fields::{opt_interval, opt_text};
use super::OpContext;
use crate::kmip::error::OpError;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let uid = ctx.target(opt_text(payload, Tag::UNIQUE_IDENTIFIER)?)?;
    let offset = opt_interval(payload, Tag::OFFSET)?;
    // KMIP 2.x sends Attributes; 1.x a Template-Attribute. Either is optional.
    let mut client = Attributes::new();
    for item in payload.children() {
        let more = match item.tag {
            Tag::ATTRIBUTES if ctx.version.is_v2() => Attributes::from_v2(item, Tag::ATTRIBUTES)?,
            Tag::TEMPLATE_ATTRIBUTE if !ctx.version.is_v2() => {
                Attributes::from_template_attribute(item, Tag::TEMPLATE_ATTRIBUTE)?
            }
            Tag::PROTECTION_STORAGE_MASKS if ctx.version.is_v2() => {
                return Err(OpError::NotSupported("Protection Storage Masks in Re-key"))
            }
            Tag::UNIQUE_IDENTIFIER | Tag::OFFSET => continue,
            other => {
                return Err(OpError::InvalidMessage(format!(
                    "unexpected {} in a Re-key request",
                    other.name().unwrap_or("field")
                )))
            }
        };
        client.list.extend(more.list);
    }
    let new_uid = ctx.service.rekey(ctx.caller, &uid, offset, client).await?;
    ctx.id_placeholder = Some(new_uid.clone());
    Ok(Item::structure(
        Tag::RESPONSE_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(new_uid),
        )],
    ))
}
