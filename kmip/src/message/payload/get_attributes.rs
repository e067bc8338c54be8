//! Get Attributes: return some or all attributes of an object.

use crate::message::attributes::{attribute_reference_item, parse_attribute_reference};
use crate::message::fields::Builder;
use crate::message::{AttributeName, Attributes, MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

use super::{payload_fields, Payload};

/// Get Attributes request: the object, and which attributes (none: all of them). 1.x names
/// them with Attribute Name text, 2.x with Attribute Reference.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct GetAttributesRequest {
    pub unique_identifier: Option<String>,
    pub names: Vec<AttributeName>,
}

impl Payload for GetAttributesRequest {
    const OPERATION: Operation = Operation::GET_ATTRIBUTES;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.opt_text(Tag::UNIQUE_IDENTIFIER)?;
        let reference_tag = if version.is_v2() {
            Tag::ATTRIBUTE_REFERENCE
        } else {
            Tag::ATTRIBUTE_NAME
        };
        let names = f
            .take_all(reference_tag)
            .into_iter()
            .map(parse_attribute_reference)
            .collect::<Result<Vec<_>, _>>()?;
        f.finish()?;
        Ok(GetAttributesRequest {
            unique_identifier,
            names,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_text(Tag::UNIQUE_IDENTIFIER, self.unique_identifier.as_deref());
        for name in &self.names {
            b.item(attribute_reference_item(name, version)?);
        }
        Ok(b.build(Self::TAG))
    }
}

/// Get Attributes response: 1.x `{Unique Identifier, Attribute*}`, 2.x `{Unique Identifier,
/// Attributes}`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct GetAttributesResponse {
    pub unique_identifier: String,
    pub attributes: Attributes,
}

impl Payload for GetAttributesResponse {
    const OPERATION: Operation = Operation::GET_ATTRIBUTES;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.text(Tag::UNIQUE_IDENTIFIER)?;
        let attributes = if version.is_v2() {
            Attributes::from_v2(f.required(Tag::ATTRIBUTES)?, Tag::ATTRIBUTES)?
        } else {
            Attributes::from_v1_list(f.take_all(Tag::ATTRIBUTE))?
        };
        f.finish()?;
        Ok(GetAttributesResponse {
            unique_identifier,
            attributes,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier);
        if version.is_v2() {
            b.item(self.attributes.to_v2(Tag::ATTRIBUTES)?);
        } else {
            for attribute in self.attributes.to_v1_list()? {
                b.item(attribute);
            }
        }
        Ok(b.build(Self::TAG))
    }
}
