//! Set Attribute (KMIP 2.0 and later): set a single-instance attribute, creating it or
//! replacing its value.

use crate::message::fields::Builder;
use crate::message::{Attribute, MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

use super::field_extras::require_v2;
use super::{payload_fields, single_attribute, Payload};

/// Set Attribute request: `{Unique Identifier?, New Attribute}`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SetAttributeRequest {
    pub unique_identifier: Option<String>,
    pub new_attribute: Attribute,
}

impl Payload for SetAttributeRequest {
    const OPERATION: Operation = Operation::SET_ATTRIBUTE;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        require_v2(version)?;
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.opt_text(Tag::UNIQUE_IDENTIFIER)?;
        let new_attribute =
            single_attribute::parse_v2(f.required(Tag::NEW_ATTRIBUTE)?, Tag::NEW_ATTRIBUTE)?;
        f.finish()?;
        Ok(SetAttributeRequest {
            unique_identifier,
            new_attribute,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        require_v2(version)?;
        single_attribute::refuse_v2_index(&self.new_attribute)?;
        let mut b = Builder::new();
        b.opt_text(Tag::UNIQUE_IDENTIFIER, self.unique_identifier.as_deref())
            .item(single_attribute::v2_item(
                &self.new_attribute,
                Tag::NEW_ATTRIBUTE,
            )?);
        Ok(b.build(Self::TAG))
    }
}

/// Set Attribute response: the object.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SetAttributeResponse {
    pub unique_identifier: String,
}

impl Payload for SetAttributeResponse {
    const OPERATION: Operation = Operation::SET_ATTRIBUTE;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        require_v2(version)?;
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.text(Tag::UNIQUE_IDENTIFIER)?;
        f.finish()?;
        Ok(SetAttributeResponse { unique_identifier })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        require_v2(version)?;
        let mut b = Builder::new();
        b.text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier);
        Ok(b.build(Self::TAG))
    }
}
