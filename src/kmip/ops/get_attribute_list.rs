//! Get Attribute List: the names of an object's attributes — Attribute Name text strings in
//! KMIP 1.x, Attribute Reference items in KMIP 2.x — each attribute once. Attributes the
//! client's version has no name for are left out, as Get Attributes leaves them out.

use hsmgate_kmip::ttlv::{Item, Tag, Value};

use super::attribute_payload::{reference_item, RequestFields};
use super::OpContext;
use crate::kmip::error::OpError;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let fields = RequestFields::new(payload, &[Tag::UNIQUE_IDENTIFIER])?;
    let uid = ctx.target(fields.unique_identifier()?)?;
    let names = ctx.service.attribute_names(ctx.caller, &uid).await?;
    let mut children = vec![Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString(uid))];
    children.extend(
        names
            .iter()
            .filter_map(|name| reference_item(name, ctx.version)),
    );
    Ok(Item::structure(Tag::RESPONSE_PAYLOAD, children))
}
