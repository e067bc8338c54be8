//! Add Attribute: add a new attribute instance to an object.

use crate::message::fields::Builder;
use crate::message::{Attribute, MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

use super::{payload_fields, single_attribute, Payload};

/// Add Attribute request: 1.x `{Unique Identifier?, Attribute}`, 2.x `{Unique Identifier?,
/// New Attribute}`. The server chooses the index, so the attribute's `index` is not sent.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct AddAttributeRequest {
    pub unique_identifier: Option<String>,
    pub attribute: Attribute,
}

impl Payload for AddAttributeRequest {
    const OPERATION: Operation = Operation::ADD_ATTRIBUTE;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.opt_text(Tag::UNIQUE_IDENTIFIER)?;
        let attribute = if version.is_v2() {
            single_attribute::parse_v2(f.required(Tag::NEW_ATTRIBUTE)?, Tag::NEW_ATTRIBUTE)?
        } else {
            single_attribute::parse_v1(f.required(Tag::ATTRIBUTE)?)?
        };
        f.finish()?;
        Ok(AddAttributeRequest {
            unique_identifier,
            attribute,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_text(Tag::UNIQUE_IDENTIFIER, self.unique_identifier.as_deref());
        let mut attribute = self.attribute.clone();
        attribute.index = 0;
        b.item(if version.is_v2() {
            single_attribute::v2_item(&attribute, Tag::NEW_ATTRIBUTE)?
        } else {
            single_attribute::v1_item(&attribute)?
        });
        Ok(b.build(Self::TAG))
    }
}

/// Add Attribute response: the object, and (1.x only) the attribute as added, with the index
/// the server gave it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct AddAttributeResponse {
    pub unique_identifier: String,
    /// KMIP 1.x only; 1.x servers send it, but its absence is accepted.
    pub attribute: Option<Attribute>,
}

impl Payload for AddAttributeResponse {
    const OPERATION: Operation = Operation::ADD_ATTRIBUTE;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        parse_uid_and_v1_attribute(item, version).map(|(unique_identifier, attribute)| {
            AddAttributeResponse {
                unique_identifier,
                attribute,
            }
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        uid_and_v1_attribute_item(&self.unique_identifier, self.attribute.as_ref(), version)
    }
}

/// Reads the `{Unique Identifier, Attribute? (1.x)}` response shared by Add, Modify and
/// Delete Attribute.
pub(crate) fn parse_uid_and_v1_attribute(
    item: &Item,
    version: ProtocolVersion,
) -> Result<(String, Option<Attribute>), MessageError> {
    let mut f = payload_fields(item, Tag::RESPONSE_PAYLOAD)?;
    let unique_identifier = f.text(Tag::UNIQUE_IDENTIFIER)?;
    let attribute = if version.is_v2() {
        None
    } else {
        single_attribute::take_v1(&mut f)?
    };
    f.finish()?;
    Ok((unique_identifier, attribute))
}

/// Writes the response shape read by [`parse_uid_and_v1_attribute`]; 2.x drops the attribute.
pub(crate) fn uid_and_v1_attribute_item(
    unique_identifier: &str,
    attribute: Option<&Attribute>,
    version: ProtocolVersion,
) -> Result<Item, MessageError> {
    let mut b = Builder::new();
    b.text(Tag::UNIQUE_IDENTIFIER, unique_identifier);
    if let (false, Some(attribute)) = (version.is_v2(), attribute) {
        b.item(single_attribute::v1_item(attribute)?);
    }
    Ok(b.build(Tag::RESPONSE_PAYLOAD))
}
