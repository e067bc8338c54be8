//! Import (KMIP 1.4 and later): store an object under the identifier the client gives,
//! attributes included (the counterpart of Export, for moving objects between servers).

use std::fmt;

use crate::message::fields::Builder;
use crate::message::{Attributes, MessageError, ProtocolVersion};
use crate::spec::enums::{KeyWrapType, ObjectType, Operation};
use crate::ttlv::{Item, Tag};

use super::{payload_fields, take_object, Payload};

/// Import request: `{Unique Identifier, Object Type, Replace Existing?, Key Wrap Type?,
/// Attribute* (1.4) | Attributes (2.x), <object>}`.
///
/// `Debug` omits the object: it holds key material.
#[derive(Clone, PartialEq, Eq)]
pub struct ImportRequest {
    pub unique_identifier: String,
    pub object_type: ObjectType,
    pub replace_existing: Option<bool>,
    pub key_wrap_type: Option<KeyWrapType>,
    pub attributes: Attributes,
    pub object: Item,
}

impl fmt::Debug for ImportRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImportRequest")
            .field("unique_identifier", &self.unique_identifier)
            .field("object_type", &self.object_type)
            .field("replace_existing", &self.replace_existing)
            .field("key_wrap_type", &self.key_wrap_type)
            .field("attributes", &self.attributes)
            .field(
                "object",
                &format_args!("<{:#08X} redacted>", self.object.tag.value()),
            )
            .finish()
    }
}

/// Reads 1.x `Attribute*` or the 2.x `Attributes` structure (required in 2.x).
pub(crate) fn take_attribute_list(
    f: &mut crate::message::fields::Fields<'_>,
    version: ProtocolVersion,
) -> Result<Attributes, MessageError> {
    if version.is_v2() {
        Attributes::from_v2(f.required(Tag::ATTRIBUTES)?, Tag::ATTRIBUTES)
    } else {
        Attributes::from_v1_list(f.take_all(Tag::ATTRIBUTE))
    }
}

/// Writes what [`take_attribute_list`] reads.
pub(crate) fn push_attribute_list(
    b: &mut Builder,
    attributes: &Attributes,
    version: ProtocolVersion,
) -> Result<(), MessageError> {
    if version.is_v2() {
        b.item(attributes.to_v2(Tag::ATTRIBUTES)?);
    } else {
        for attribute in attributes.to_v1_list()? {
            b.item(attribute);
        }
    }
    Ok(())
}

impl Payload for ImportRequest {
    const OPERATION: Operation = Operation::IMPORT;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.text(Tag::UNIQUE_IDENTIFIER)?;
        let object_type = f.enumeration(Tag::OBJECT_TYPE)?;
        let replace_existing = f.opt_boolean(Tag::REPLACE_EXISTING)?;
        let key_wrap_type = f.opt_enumeration(Tag::KEY_WRAP_TYPE)?;
        let attributes = take_attribute_list(&mut f, version)?;
        let object = take_object(&mut f, Self::TAG)?;
        f.finish()?;
        Ok(ImportRequest {
            unique_identifier,
            object_type,
            replace_existing,
            key_wrap_type,
            attributes,
            object,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier)
            .enumeration(Tag::OBJECT_TYPE, self.object_type)
            .opt_boolean(Tag::REPLACE_EXISTING, self.replace_existing)
            .opt_enumeration(Tag::KEY_WRAP_TYPE, self.key_wrap_type);
        push_attribute_list(&mut b, &self.attributes, version)?;
        b.item(self.object.clone());
        Ok(b.build(Self::TAG))
    }
}

/// Import response: the identifier the object was stored under.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ImportResponse {
    pub unique_identifier: String,
}

impl Payload for ImportResponse {
    const OPERATION: Operation = Operation::IMPORT;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.text(Tag::UNIQUE_IDENTIFIER)?;
        f.finish()?;
        Ok(ImportResponse { unique_identifier })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(Tag::UNIQUE_IDENTIFIER, &self.unique_identifier);
        Ok(b.build(Self::TAG))
    }
}
