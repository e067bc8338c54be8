//! Delete Attribute: remove an attribute instance from an object.

use crate::message::attributes::{attribute_reference_item, parse_attribute_reference};
use crate::message::fields::Builder;
use crate::message::{Attribute, AttributeName, MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag, Value};

use super::add_attribute::{parse_uid_and_v1_attribute, uid_and_v1_attribute_item};
use super::{payload_fields, single_attribute, Payload};

/// Delete Attribute request. KMIP 1.x `{Unique Identifier?, Attribute Name, Attribute
/// Index?}` names the instance by index; 2.x `{Unique Identifier?, Current Attribute?,
/// Attribute Reference?}` by value (Current Attribute) or deletes every instance of a name
/// (Attribute Reference). One of name or current attribute is required.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct DeleteAttributeRequest {
    pub unique_identifier: Option<String>,
    /// 1.x Attribute Name / 2.x Attribute Reference.
    pub attribute_name: Option<AttributeName>,
    /// KMIP 1.x only.
    pub attribute_index: Option<u32>,
    /// KMIP 2.x only.
    pub current_attribute: Option<Attribute>,
}

impl Payload for DeleteAttributeRequest {
    const OPERATION: Operation = Operation::DELETE_ATTRIBUTE;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let mut request = DeleteAttributeRequest {
            unique_identifier: f.opt_text(Tag::UNIQUE_IDENTIFIER)?,
            ..DeleteAttributeRequest::default()
        };
        if version.is_v2() {
            request.current_attribute = f
                .take(Tag::CURRENT_ATTRIBUTE)
                .map(|i| single_attribute::parse_v2(i, Tag::CURRENT_ATTRIBUTE))
                .transpose()?;
            request.attribute_name = f
                .take(Tag::ATTRIBUTE_REFERENCE)
                .map(parse_attribute_reference)
                .transpose()?;
            if request.current_attribute.is_none() && request.attribute_name.is_none() {
                return Err(MessageError::MissingField {
                    parent: Self::TAG,
                    field: Tag::ATTRIBUTE_REFERENCE,
                });
            }
        } else {
            request.attribute_name =
                Some(parse_attribute_reference(f.required(Tag::ATTRIBUTE_NAME)?)?);
            request.attribute_index = f
                .opt_integer(Tag::ATTRIBUTE_INDEX)?
                .map(|index| {
                    u32::try_from(index).map_err(|_| MessageError::InvalidValue {
                        tag: Tag::ATTRIBUTE_INDEX,
                        reason: "negative index",
                    })
                })
                .transpose()?;
        }
        f.finish()?;
        Ok(request)
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_text(Tag::UNIQUE_IDENTIFIER, self.unique_identifier.as_deref());
        if version.is_v2() {
            if self.attribute_index.is_some() {
                return Err(MessageError::InvalidValue {
                    tag: Tag::ATTRIBUTE_INDEX,
                    reason:
                        "KMIP 2.x has no Attribute Index; name the instance with Current Attribute",
                });
            }
            if let Some(current) = &self.current_attribute {
                b.item(single_attribute::v2_item(current, Tag::CURRENT_ATTRIBUTE)?);
            }
            if let Some(name) = &self.attribute_name {
                b.item(attribute_reference_item(name, version)?);
            }
        } else {
            if self.current_attribute.is_some() {
                return Err(MessageError::InvalidValue {
                    tag: Tag::CURRENT_ATTRIBUTE,
                    reason: "KMIP 1.x has no Current Attribute; name the instance by index",
                });
            }
            let name = self
                .attribute_name
                .as_ref()
                .ok_or(MessageError::MissingField {
                    parent: Self::TAG,
                    field: Tag::ATTRIBUTE_NAME,
                })?;
            b.item(attribute_reference_item(name, version)?);
            if let Some(index) = self.attribute_index {
                let index = i32::try_from(index).map_err(|_| MessageError::InvalidValue {
                    tag: Tag::ATTRIBUTE_INDEX,
                    reason: "index too large",
                })?;
                b.push(Tag::ATTRIBUTE_INDEX, Value::Integer(index));
            }
        }
        Ok(b.build(Self::TAG))
    }
}

/// Delete Attribute response: the object, and (1.x only) the deleted attribute.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DeleteAttributeResponse {
    pub unique_identifier: String,
    /// KMIP 1.x only; 1.x servers send it, but its absence is accepted.
    pub attribute: Option<Attribute>,
}

impl Payload for DeleteAttributeResponse {
    const OPERATION: Operation = Operation::DELETE_ATTRIBUTE;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        parse_uid_and_v1_attribute(item, version).map(|(unique_identifier, attribute)| {
            DeleteAttributeResponse {
                unique_identifier,
                attribute,
            }
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        uid_and_v1_attribute_item(&self.unique_identifier, self.attribute.as_ref(), version)
    }
}
