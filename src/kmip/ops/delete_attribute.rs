//! Delete Attribute. KMIP 1.x names the attribute and the instance (Attribute Name, Attribute
//! Index, 0 when absent) and gets the deleted attribute back; KMIP 2.x names an instance by
//! value (Current Attribute) or every instance by Attribute Reference.

use hsmgate_kmip::ttlv::{Item, Tag, Value};

use super::attribute_payload::{attribute_reference, one_attribute, response, RequestFields};
use super::OpContext;
use crate::kmip::error::OpError;
use crate::service::Instance;

pub async fn run(payload: &Item, ctx: &mut OpContext<'_>) -> Result<Item, OpError> {
    let (uid, name, which) = if ctx.version.is_v2() {
        let fields = RequestFields::new(
            payload,
            &[
                Tag::UNIQUE_IDENTIFIER,
                Tag::CURRENT_ATTRIBUTE,
                Tag::ATTRIBUTE_REFERENCE,
            ],
        )?;
        let (name, which) = match (
            fields.get(Tag::CURRENT_ATTRIBUTE),
            fields.get(Tag::ATTRIBUTE_REFERENCE),
        ) {
            (Some(current), None) => {
                let (name, value) = one_attribute(current)?;
                (name, Instance::Value(value))
            }
            (None, Some(reference)) => (attribute_reference(reference)?, Instance::All),
            _ => {
                return Err(OpError::InvalidMessage(
                    "Delete Attribute takes a Current Attribute or an Attribute Reference".into(),
                ))
            }
        };
        (fields.unique_identifier()?, name, which)
    } else {
        let fields = RequestFields::new(
            payload,
            &[
                Tag::UNIQUE_IDENTIFIER,
                Tag::ATTRIBUTE_NAME,
                Tag::ATTRIBUTE_INDEX,
            ],
        )?;
        let name = attribute_reference(fields.required(Tag::ATTRIBUTE_NAME)?)?;
        let index = match fields.get(Tag::ATTRIBUTE_INDEX).map(|i| &i.value) {
            None => 0,
            Some(Value::Integer(index)) => u32::try_from(*index)
                .map_err(|_| OpError::InvalidField("negative Attribute Index".into()))?,
            Some(_) => {
                return Err(OpError::InvalidField(
                    "Attribute Index must be an Integer".into(),
                ))
            }
        };
        (fields.unique_identifier()?, name, Instance::Index(index))
    };
    let uid = ctx.target(uid)?;
    let mut deleted = ctx
        .service
        .delete_attribute(ctx.caller, &uid, name, which)
        .await?;
    let first = (!deleted.is_empty()).then(|| deleted.remove(0));
    response(uid, first, ctx.version)
}
