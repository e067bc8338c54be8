//! Add Attribute: a new instance of an attribute (KMIP 1.x `Attribute` without an index, KMIP
//! 2.x `New Attribute`). Refused for read-only attributes and for a second value of a
//! single-valued one.

use hsmgate_kmip::ttlv::{Item, Tag};

use super::attribute_payload::{one_attribute, response, v1_attribute, RequestFields};
use super::OpContext;
use crate::kmip::error::OpError;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let (uid, name, value) = if ctx.version.is_v2() {
        let fields = RequestFields::new(payload, &[Tag::UNIQUE_IDENTIFIER, Tag::NEW_ATTRIBUTE])?;
        let (name, value) = one_attribute(fields.required(Tag::NEW_ATTRIBUTE)?)?;
        (fields.unique_identifier()?, name, value)
    } else {
        let fields = RequestFields::new(payload, &[Tag::UNIQUE_IDENTIFIER, Tag::ATTRIBUTE])?;
        let (attribute, has_index) = v1_attribute(fields.required(Tag::ATTRIBUTE)?)?;
        if has_index {
            // The server assigns the index of a new instance.
            return Err(OpError::InvalidField(
                "Add Attribute takes no Attribute Index".into(),
            ));
        }
        (fields.unique_identifier()?, attribute.name, attribute.value)
    };
    let uid = ctx.target(uid)?;
    let added = ctx
        .service
        .add_attribute(ctx.caller, &uid, name, value)
        .await?;
    response(uid, Some(added), ctx.version)
}
