//! Re-key Key Pair: replace an asymmetric key pair with a new one (the old pair is kept, its
//! successors linked).

use crate::message::fields::Builder;
use crate::message::{Attributes, MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag, Value};

use super::field_extras::opt_interval;
use super::{payload_fields, push_attributes, take_attributes, Payload};

/// (1.x tag, 2.x tag) of each attribute set.
const COMMON: (Tag, Tag) = (Tag::COMMON_TEMPLATE_ATTRIBUTE, Tag::COMMON_ATTRIBUTES);
const PRIVATE: (Tag, Tag) = (
    Tag::PRIVATE_KEY_TEMPLATE_ATTRIBUTE,
    Tag::PRIVATE_KEY_ATTRIBUTES,
);
const PUBLIC: (Tag, Tag) = (
    Tag::PUBLIC_KEY_TEMPLATE_ATTRIBUTE,
    Tag::PUBLIC_KEY_ATTRIBUTES,
);

/// Re-key Key Pair request: the private key to replace, an Offset, then attribute sets as in
/// Create Key Pair (1.x Template-Attributes, 2.x Attributes plus Protection Storage Masks).
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ReKeyKeyPairRequest {
    pub private_key_unique_identifier: Option<String>,
    /// Seconds between the new keys' Initialization Date and Activation Date.
    pub offset: Option<u32>,
    pub common_attributes: Option<Attributes>,
    pub private_key_attributes: Option<Attributes>,
    pub public_key_attributes: Option<Attributes>,
    /// KMIP 2.x only; kept as items.
    pub common_protection_storage_masks: Option<Item>,
    pub private_protection_storage_masks: Option<Item>,
    pub public_protection_storage_masks: Option<Item>,
}

impl Payload for ReKeyKeyPairRequest {
    const OPERATION: Operation = Operation::RE_KEY_KEY_PAIR;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let mut request = ReKeyKeyPairRequest {
            private_key_unique_identifier: f.opt_text(Tag::PRIVATE_KEY_UNIQUE_IDENTIFIER)?,
            offset: opt_interval(&mut f, Tag::OFFSET)?,
            common_attributes: take_attributes(&mut f, version, COMMON.0, COMMON.1)?,
            private_key_attributes: take_attributes(&mut f, version, PRIVATE.0, PRIVATE.1)?,
            public_key_attributes: take_attributes(&mut f, version, PUBLIC.0, PUBLIC.1)?,
            ..ReKeyKeyPairRequest::default()
        };
        if version.is_v2() {
            request.common_protection_storage_masks =
                f.opt_item(Tag::COMMON_PROTECTION_STORAGE_MASKS);
            request.private_protection_storage_masks =
                f.opt_item(Tag::PRIVATE_PROTECTION_STORAGE_MASKS);
            request.public_protection_storage_masks =
                f.opt_item(Tag::PUBLIC_PROTECTION_STORAGE_MASKS);
        }
        f.finish()?;
        Ok(request)
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_text(
            Tag::PRIVATE_KEY_UNIQUE_IDENTIFIER,
            self.private_key_unique_identifier.as_deref(),
        )
        .opt(Tag::OFFSET, self.offset.map(Value::Interval));
        for (attributes, (v1_tag, v2_tag)) in [
            (&self.common_attributes, COMMON),
            (&self.private_key_attributes, PRIVATE),
            (&self.public_key_attributes, PUBLIC),
        ] {
            push_attributes(&mut b, attributes.as_ref(), version, v1_tag, v2_tag)?;
        }
        if version.is_v2() {
            b.opt_item(self.common_protection_storage_masks.as_ref())
                .opt_item(self.private_protection_storage_masks.as_ref())
                .opt_item(self.public_protection_storage_masks.as_ref());
        }
        Ok(b.build(Self::TAG))
    }
}

/// Re-key Key Pair response: both new identifiers, and (1.x only) the attributes the server
/// set implicitly on each new key.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ReKeyKeyPairResponse {
    pub private_key_unique_identifier: String,
    pub public_key_unique_identifier: String,
    pub private_key_implicit_attributes: Option<Attributes>,
    pub public_key_implicit_attributes: Option<Attributes>,
}

impl Payload for ReKeyKeyPairResponse {
    const OPERATION: Operation = Operation::RE_KEY_KEY_PAIR;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let private_key_unique_identifier = f.text(Tag::PRIVATE_KEY_UNIQUE_IDENTIFIER)?;
        let public_key_unique_identifier = f.text(Tag::PUBLIC_KEY_UNIQUE_IDENTIFIER)?;
        let (private_key_implicit_attributes, public_key_implicit_attributes) = if version.is_v2() {
            (None, None)
        } else {
            (
                take_attributes(&mut f, version, PRIVATE.0, PRIVATE.1)?,
                take_attributes(&mut f, version, PUBLIC.0, PUBLIC.1)?,
            )
        };
        f.finish()?;
        Ok(ReKeyKeyPairResponse {
            private_key_unique_identifier,
            public_key_unique_identifier,
            private_key_implicit_attributes,
            public_key_implicit_attributes,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(
            Tag::PRIVATE_KEY_UNIQUE_IDENTIFIER,
            &self.private_key_unique_identifier,
        )
        .text(
            Tag::PUBLIC_KEY_UNIQUE_IDENTIFIER,
            &self.public_key_unique_identifier,
        );
        if !version.is_v2() {
            push_attributes(
                &mut b,
                self.private_key_implicit_attributes.as_ref(),
                version,
                PRIVATE.0,
                PRIVATE.1,
            )?;
            push_attributes(
                &mut b,
                self.public_key_implicit_attributes.as_ref(),
                version,
                PUBLIC.0,
                PUBLIC.1,
            )?;
        }
        Ok(b.build(Self::TAG))
    }
}
