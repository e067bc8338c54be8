//! Modify Attribute: a new value for an existing instance. KMIP 1.x names the instance by its
//! Attribute Index (0 when absent); KMIP 2.x by its Current Attribute value, or, without one,
//! the attribute must have a single instance.

use hsmgate_kmip::ttlv::{Item, Tag};

use super::attribute_payload::{one_attribute, response, v1_attribute, RequestFields};
use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::Instance;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let (uid, name, which, value) = if ctx.version.is_v2() {
        let fields = RequestFields::new(
            payload,
            &[
                Tag::UNIQUE_IDENTIFIER,
                Tag::CURRENT_ATTRIBUTE,
                Tag::NEW_ATTRIBUTE,
            ],
        )?;
        let (name, value) = one_attribute(fields.required(Tag::NEW_ATTRIBUTE)?)?;
        let which = match fields.get(Tag::CURRENT_ATTRIBUTE) {
            Some(current) => {
                let (current_name, current_value) = one_attribute(current)?;
                if current_name != name {
                    return Err(OpError::InvalidField(
                        "Current Attribute and New Attribute name different attributes".into(),
                    ));
                }
                Instance::Value(current_value)
            }
            None => Instance::Only,
        };
        (fields.unique_identifier()?, name, which, value)
    } else {
        let fields = RequestFields::new(payload, &[Tag::UNIQUE_IDENTIFIER, Tag::ATTRIBUTE])?;
        let (attribute, _) = v1_attribute(fields.required(Tag::ATTRIBUTE)?)?;
        let which = Instance::Index(attribute.index);
        (
            fields.unique_identifier()?,
            attribute.name,
            which,
            attribute.value,
        )
    };
    let uid = ctx.target(uid)?;
    let modified = ctx
        .service
        .modify_attribute(ctx.caller, &uid, name, which, value)
        .await?;
    response(uid, Some(modified), ctx.version)
}
