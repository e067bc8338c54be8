//! Register: store an object the client supplies (a key, a certificate, secret data...).

use std::fmt;

use crate::message::fields::Builder;
use crate::message::{Attributes, MessageError, ProtocolVersion};
use crate::spec::enums::{ObjectType, Operation};
use crate::ttlv::{Item, Tag};

use super::{payload_fields, push_attributes, take_attributes, take_object, Payload};

/// Register request: `{Object Type, Template-Attribute | Attributes, <object>, Protection
/// Storage Masks? (2.x)}`. The object stays an item (Symmetric Key, Private Key, ...).
///
/// `Debug` omits the object: it holds key material.
#[derive(Clone, PartialEq, Eq)]
pub struct RegisterRequest {
    pub object_type: ObjectType,
    pub attributes: Attributes,
    pub object: Item,
    pub protection_storage_masks: Option<Item>,
}

impl fmt::Debug for RegisterRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegisterRequest")
            .field("object_type", &self.object_type)
            .field("attributes", &self.attributes)
            .field(
                "object",
                &format_args!("<{:#08X} redacted>", self.object.tag.value()),
            )
            .finish_non_exhaustive()
    }
}

impl Payload for RegisterRequest {
    const OPERATION: Operation = Operation::REGISTER;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let object_type = f.enumeration(Tag::OBJECT_TYPE)?;
        // Attributes may be empty but the structure is required in both versions.
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
        let object = take_object(&mut f, Self::TAG)?;
        let protection_storage_masks = if version.is_v2() {
            f.opt_item(Tag::PROTECTION_STORAGE_MASKS)
        } else {
            None
        };
        f.finish()?;
        Ok(RegisterRequest {
            object_type,
            attributes,
            object,
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
        b.item(self.object.clone());
        if version.is_v2() {
            b.opt_item(self.protection_storage_masks.as_ref());
        }
        Ok(b.build(Self::TAG))
    }
}

/// Register response: `{Unique Identifier, Template-Attribute? (1.x)}`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RegisterResponse {
    pub unique_identifier: String,
    pub implicit_attributes: Option<Attributes>,
}

impl Payload for RegisterResponse {
    const OPERATION: Operation = Operation::REGISTER;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.text(Tag::UNIQUE_IDENTIFIER)?;
        let implicit_attributes = if version.is_v2() {
            None
        } else {
            take_attributes(&mut f, version, Tag::TEMPLATE_ATTRIBUTE, Tag::ATTRIBUTES)?
        };
        f.finish()?;
        Ok(RegisterResponse {
            unique_identifier,
            implicit_attributes,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier);
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
