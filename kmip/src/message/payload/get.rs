//! Get: return a managed object (its key material in the requested format).

use std::fmt;

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::{KeyCompressionType, KeyFormatType, KeyWrapType, ObjectType, Operation};
use crate::ttlv::{Item, Tag};

use super::{payload_fields, take_object, Payload};

/// Get request.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct GetRequest {
    pub unique_identifier: Option<String>,
    pub key_format_type: Option<KeyFormatType>,
    /// KMIP 1.4 and later.
    pub key_wrap_type: Option<KeyWrapType>,
    pub key_compression_type: Option<KeyCompressionType>,
    /// Kept as an item for the wrapping layer.
    pub key_wrapping_specification: Option<Item>,
}

impl Payload for GetRequest {
    const OPERATION: Operation = Operation::GET;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let request = GetRequest {
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

/// Get response: `{Object Type, Unique Identifier, <object>}`.
///
/// `Debug` omits the object: it holds key material.
#[derive(Clone, PartialEq, Eq)]
pub struct GetResponse {
    pub object_type: ObjectType,
    pub unique_identifier: String,
    pub object: Item,
}

impl fmt::Debug for GetResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GetResponse")
            .field("object_type", &self.object_type)
            .field("unique_identifier", &self.unique_identifier)
            .field(
                "object",
                &format_args!("<{:#08X} redacted>", self.object.tag.value()),
            )
            .finish()
    }
}

impl Payload for GetResponse {
    const OPERATION: Operation = Operation::GET;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let object_type = f.enumeration(Tag::OBJECT_TYPE)?;
        let unique_identifier = f.text(Tag::UNIQUE_IDENTIFIER)?;
        let object = take_object(&mut f, Self::TAG)?;
        f.finish()?;
        Ok(GetResponse {
            object_type,
            unique_identifier,
            object,
        })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.enumeration(Tag::OBJECT_TYPE, self.object_type)
            .text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier)
            .item(self.object.clone());
        Ok(b.build(Self::TAG))
    }
}
