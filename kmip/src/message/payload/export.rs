//! Export (KMIP 1.4 and later): return an object with all its attributes, for Import on
//! another server.

use std::fmt;

use crate::message::fields::Builder;
use crate::message::{Attributes, MessageError, ProtocolVersion};
use crate::spec::enums::{KeyCompressionType, KeyFormatType, KeyWrapType, ObjectType, Operation};
use crate::ttlv::{Item, Tag};

use super::import::{push_attribute_list, take_attribute_list};
use super::{payload_fields, take_object, Payload};

/// Export request: the same fields as Get.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ExportRequest {
    pub unique_identifier: Option<String>,
    pub key_format_type: Option<KeyFormatType>,
    pub key_wrap_type: Option<KeyWrapType>,
    pub key_compression_type: Option<KeyCompressionType>,
    /// Kept as an item for the wrapping layer.
    pub key_wrapping_specification: Option<Item>,
}

impl Payload for ExportRequest {
    const OPERATION: Operation = Operation::EXPORT;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let request = ExportRequest {
            unique_identifier: f.opt_text(Tag::UNIQUE_IDENTIFIER)?,
            key_format_type: f.opt_enumeration(Tag::KEY_FORMAT_TYPE)?,
            key_wrap_type: f.opt_enumeration(Tag::KEY_WRAP_TYPE)?,
            key_compression_type: f.opt_enumeration(Tag::KEY_COMPRESSION_TYPE)?,
            key_wrapping_specification: f.opt_item(Tag::KEY_WRAPPING_SPECIFICATION),
        };
        f.finish()?;
        Ok(request)
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_text(Tag::UNIQUE_IDENTIFIER, self.unique_identifier.as_deref())
            .opt_enumeration(Tag::KEY_FORMAT_TYPE, self.key_format_type)
            .opt_enumeration(Tag::KEY_WRAP_TYPE, self.key_wrap_type)
            .opt_enumeration(Tag::KEY_COMPRESSION_TYPE, self.key_compression_type)
            .opt_item(self.key_wrapping_specification.as_ref());
        Ok(b.build(Self::TAG))
    }
}

/// Export response: `{Object Type, Unique Identifier, Attribute* (1.4) | Attributes (2.x),
/// <object>}`.
///
/// `Debug` omits the object: it holds key material.
#[derive(Clone, PartialEq, Eq)]
pub struct ExportResponse {
    pub object_type: ObjectType,
    pub unique_identifier: String,
    pub attributes: Attributes,
    pub object: Item,
}

impl fmt::Debug for ExportResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExportResponse")
            .field("object_type", &self.object_type)
            .field("unique_identifier", &self.unique_identifier)
            .field("attributes", &self.attributes)
            .field(
                "object",
                &format_args!("<{:#08X} redacted>", self.object.tag.value()),
            )
            .finish()
    }
}

impl Payload for ExportResponse {
    const OPERATION: Operation = Operation::EXPORT;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let object_type = f.enumeration(Tag::OBJECT_TYPE)?;
        let unique_identifier = f.text(Tag::UNIQUE_IDENTIFIER)?;
        let attributes = take_attribute_list(&mut f, version)?;
        let object = take_object(&mut f, Self::TAG)?;
        f.finish()?;
        Ok(ExportResponse {
            object_type,
            unique_identifier,
            attributes,
            object,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.enumeration(Tag::OBJECT_TYPE, self.object_type)
            .text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier);
        push_attribute_list(&mut b, &self.attributes, version)?;
        b.item(self.object.clone());
        Ok(b.build(Self::TAG))
    }
}
