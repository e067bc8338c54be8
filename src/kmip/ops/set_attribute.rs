//! Set Attribute (KMIP 2.0 and later): adds the attribute when the object has none, else
//! replaces its value; refused for an attribute with several instances.

use hsmgate_kmip::ttlv::{Item, Tag};

use super::attribute_payload::{one_attribute, response, RequestFields};
use super::OpContext;
use crate::kmip::error::OpError;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    if !ctx.version.is_v2() {
        return Err(OpError::NotSupported("Set Attribute before KMIP 2.0"));
    }
    let fields = RequestFields::new(payload, &[Tag::UNIQUE_IDENTIFIER, Tag::NEW_ATTRIBUTE])?;
    let (name, value) = one_attribute(fields.required(Tag::NEW_ATTRIBUTE)?)?;
    let uid = ctx.target(fields.unique_identifier()?)?;
    ctx.service
        .set_attribute(ctx.caller, &uid, name, value)
        .await?;
    response(uid, None, ctx.version)
}
