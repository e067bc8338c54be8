//! Modify Attribute: change the value of an existing attribute instance.

use crate::message::fields::Builder;
use crate::message::{Attribute, MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

use super::add_attribute::{parse_uid_and_v1_attribute, uid_and_v1_attribute_item};
use super::{payload_fields, single_attribute, Payload};

/// Modify Attribute request. KMIP 1.x `{Unique Identifier?, Attribute}` names the instance by
/// the new attribute's Attribute Index; 2.x `{Unique Identifier?, Current Attribute?, New
/// Attribute}` names it by its current value (absent: the only instance).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ModifyAttributeRequest {
    pub unique_identifier: Option<String>,
    /// KMIP 2.x only.
    pub current_attribute: Option<Attribute>,
    /// The new value; in 1.x its `index` says which instance changes.
    pub new_attribute: Attribute,
}

impl Payload for ModifyAttributeRequest {
    const OPERATION: Operation = Operation::MODIFY_ATTRIBUTE;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.opt_text(Tag::UNIQUE_IDENTIFIER)?;
        let (current_attribute, new_attribute) = if version.is_v2() {
            let current = f
                .take(Tag::CURRENT_ATTRIBUTE)
                .map(|i| single_attribute::parse_v2(i, Tag::CURRENT_ATTRIBUTE))
                .transpose()?;
            let new =
                single_attribute::parse_v2(f.required(Tag::NEW_ATTRIBUTE)?, Tag::NEW_ATTRIBUTE)?;
            (current, new)
        } else {
            (
                None,
                single_attribute::parse_v1(f.required(Tag::ATTRIBUTE)?)?,
            )
        };
        f.finish()?;
        Ok(ModifyAttributeRequest {
            unique_identifier,
            current_attribute,
            new_attribute,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_text(Tag::UNIQUE_IDENTIFIER, self.unique_identifier.as_deref());
        if version.is_v2() {
            single_attribute::refuse_v2_index(&self.new_attribute)?;
            if let Some(current) = &self.current_attribute {
                b.item(single_attribute::v2_item(current, Tag::CURRENT_ATTRIBUTE)?);
            }
            b.item(single_attribute::v2_item(
                &self.new_attribute,
                Tag::NEW_ATTRIBUTE,
            )?);
        } else {
            if self.current_attribute.is_some() {
                return Err(MessageError::InvalidValue {
                    tag: Tag::CURRENT_ATTRIBUTE,
                    reason: "KMIP 1.x has no Current Attribute; name the instance by index",
                });
            }
            b.item(single_attribute::v1_item(&self.new_attribute)?);
        }
        Ok(b.build(Self::TAG))
    }
}

/// Modify Attribute response: the object, and (1.x only) the attribute as modified.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ModifyAttributeResponse {
    pub unique_identifier: String,
    /// KMIP 1.x only; 1.x servers send it, but its absence is accepted.
    pub attribute: Option<Attribute>,
}

impl Payload for ModifyAttributeResponse {
    const OPERATION: Operation = Operation::MODIFY_ATTRIBUTE;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        parse_uid_and_v1_attribute(item, version).map(|(unique_identifier, attribute)| {
            ModifyAttributeResponse {
                unique_identifier,
                attribute,
            }
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        uid_and_v1_attribute_item(&self.unique_identifier, self.attribute.as_ref(), version)
    }
}
