//! Create: generate a new symmetric key (or secret data) with the given attributes.

use crate::message::fields::Builder;
use crate::message::{Attributes, MessageError, ProtocolVersion};
use crate::spec::enums::{ObjectType, Operation};
use crate::ttlv::{Item, Tag};

use super::{payload_fields, push_attributes, take_attributes, Payload};

/// Create request: KMIP 1.x `{Object Type, Template-Attribute}`, 2.x `{Object Type,
/// Attributes, Protection Storage Masks?}`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CreateRequest {
    pub object_type: ObjectType,
    pub attributes: Attributes,
    /// KMIP 2.x only; kept as an item.
    pub protection_storage_masks: Option<Item>,
}

impl Payload for CreateRequest {
    const OPERATION: Operation = Operation::CREATE;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let object_type = f.enumeration(Tag::OBJECT_TYPE)?;
        let attributes =
            take_attributes(&mut f, version, Tag::TEMPLATE_ATTRIBUTE, Tag::ATTRIBUTES)?.ok_or(
                MessageError::MissingField {
                    parent: Self::TAG,
                    field: if version.is_v2() {
                        Tag::ATTRIBUTES
                    } else {
                        Tag::TEMPLATE_ATTRIBUTE
                    },
                },
            )?;
        let protection_storage_masks = if version.is_v2() {
            f.opt_item(Tag::PROTECTION_STORAGE_MASKS)
        } else {
            None
        };
        f.finish()?;
        Ok(CreateRequest {
            object_type,
            attributes,
            protection_storage_masks,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.enumeration(Tag::OBJECT_TYPE, self.object_type);
        push_attributes(
            &mut b,
            Some(&self.attributes),
            version,
            Tag::TEMPLATE_ATTRIBUTE,
            Tag::ATTRIBUTES,
        )?;
        if version.is_v2() {
            b.opt_item(self.protection_storage_masks.as_ref());
        }
        Ok(b.build(Self::TAG))
    }
}

/// Create response: `{Object Type, Unique Identifier, Template-Attribute?}` (the last, 1.x
/// only, lists attributes the server set implicitly).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CreateResponse {
    pub object_type: ObjectType,
    pub unique_identifier: String,
    /// KMIP 1.x only.
    pub implicit_attributes: Option<Attributes>,
}

impl Payload for CreateResponse {
    const OPERATION: Operation = Operation::CREATE;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let object_type = f.enumeration(Tag::OBJECT_TYPE)?;
        let unique_identifier = f.text(Tag::UNIQUE_IDENTIFIER)?;
        let implicit_attributes = if version.is_v2() {
            None
        } else {
            take_attributes(&mut f, version, Tag::TEMPLATE_ATTRIBUTE, Tag::ATTRIBUTES)?
        };
        f.finish()?;
        Ok(CreateResponse {
            object_type,
            unique_identifier,
            implicit_attributes,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.enumeration(Tag::OBJECT_TYPE, self.object_type)
            .text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier);
        if !version.is_v2() {
            push_attributes(
                &mut b,
                self.implicit_attributes.as_ref(),
                version,
                Tag::TEMPLATE_ATTRIBUTE,
                Tag::ATTRIBUTES,
            )?;
        }
        Ok(b.build(Self::TAG))
    }
}
