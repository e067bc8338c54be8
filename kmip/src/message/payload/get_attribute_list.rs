//! Get Attribute List: the names of the attributes an object has.

use crate::message::attributes::{attribute_reference_item, parse_attribute_reference};
use crate::message::fields::Builder;
use crate::message::{AttributeName, MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

use super::{payload_fields, Payload};

/// Get Attribute List request: the object (absent: the ID Placeholder).
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct GetAttributeListRequest {
    pub unique_identifier: Option<String>,
}

impl Payload for GetAttributeListRequest {
    const OPERATION: Operation = Operation::GET_ATTRIBUTE_LIST;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.opt_text(Tag::UNIQUE_IDENTIFIER)?;
        f.finish()?;
        Ok(GetAttributeListRequest { unique_identifier })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_text(Tag::UNIQUE_IDENTIFIER, self.unique_identifier.as_deref());
        Ok(b.build(Self::TAG))
    }
}

/// Get Attribute List response: the object and its attribute names, as 1.x Attribute Name
/// text or 2.x Attribute Reference.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct GetAttributeListResponse {
    pub unique_identifier: String,
    pub names: Vec<AttributeName>,
}

impl Payload for GetAttributeListResponse {
    const OPERATION: Operation = Operation::GET_ATTRIBUTE_LIST;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.text(Tag::UNIQUE_IDENTIFIER)?;
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
        Ok(GetAttributeListResponse {
            unique_identifier,
            names,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier);
        for name in &self.names {
            b.item(attribute_reference_item(name, version)?);
        }
        Ok(b.build(Self::TAG))
    }
}
