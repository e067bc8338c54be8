//! Re-key: replace a symmetric key with a new one of the same kind (the old key is kept, its
//! successor linked).

use crate::message::fields::Builder;
use crate::message::{Attributes, MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag, Value};

use super::field_extras::opt_interval;
use super::{payload_fields, push_attributes, take_attributes, Payload};

/// Re-key request: 1.x `{Unique Identifier?, Offset?, Template-Attribute?}`, 2.x `{Unique
/// Identifier?, Offset?, Attributes?, Protection Storage Masks?}`.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ReKeyRequest {
    pub unique_identifier: Option<String>,
    /// Seconds between the new key's Initialization Date and Activation Date.
    pub offset: Option<u32>,
    pub attributes: Option<Attributes>,
    /// KMIP 2.x only; kept as an item.
    pub protection_storage_masks: Option<Item>,
}

impl Payload for ReKeyRequest {
    const OPERATION: Operation = Operation::RE_KEY;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let unique_identifier = f.opt_text(Tag::UNIQUE_IDENTIFIER)?;
        let offset = opt_interval(&mut f, Tag::OFFSET)?;
        let attributes =
            take_attributes(&mut f, version, Tag::TEMPLATE_ATTRIBUTE, Tag::ATTRIBUTES)?;
        let protection_storage_masks = if version.is_v2() {
            f.opt_item(Tag::PROTECTION_STORAGE_MASKS)
        } else {
            None
        };
        f.finish()?;
        Ok(ReKeyRequest {
            unique_identifier,
            offset,
            attributes,
            protection_storage_masks,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_text(Tag::UNIQUE_IDENTIFIER, self.unique_identifier.as_deref())
            .opt(Tag::OFFSET, self.offset.map(Value::Interval));
        push_attributes(
            &mut b,
            self.attributes.as_ref(),
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

/// Re-key response: the new key, and (1.x only) attributes the server set implicitly.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ReKeyResponse {
    pub unique_identifier: String,
    /// KMIP 1.x only.
    pub implicit_attributes: Option<Attributes>,
}

impl Payload for ReKeyResponse {
    const OPERATION: Operation = Operation::RE_KEY;
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
        Ok(ReKeyResponse {
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
