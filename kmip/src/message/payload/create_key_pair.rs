//! Create Key Pair: generate a public/private key pair.

use crate::message::fields::Builder;
use crate::message::{Attributes, MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

use super::{payload_fields, push_attributes, take_attributes, Payload};

/// Create Key Pair request. Attributes common to both keys, then each key's own; 1.x sends
/// them as Common/Private Key/Public Key Template-Attribute, 2.x as Common/Private Key/Public
/// Key Attributes plus optional Protection Storage Masks.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct CreateKeyPairRequest {
    pub common_attributes: Option<Attributes>,
    pub private_key_attributes: Option<Attributes>,
    pub public_key_attributes: Option<Attributes>,
    /// KMIP 2.x only; kept as items.
    pub common_protection_storage_masks: Option<Item>,
    pub private_protection_storage_masks: Option<Item>,
    pub public_protection_storage_masks: Option<Item>,
}

const COMMON: (Tag, Tag) = (Tag::COMMON_TEMPLATE_ATTRIBUTE, Tag::COMMON_ATTRIBUTES);
const PRIVATE: (Tag, Tag) = (
    Tag::PRIVATE_KEY_TEMPLATE_ATTRIBUTE,
    Tag::PRIVATE_KEY_ATTRIBUTES,
);
const PUBLIC: (Tag, Tag) = (
    Tag::PUBLIC_KEY_TEMPLATE_ATTRIBUTE,
    Tag::PUBLIC_KEY_ATTRIBUTES,
);

impl Payload for CreateKeyPairRequest {
    const OPERATION: Operation = Operation::CREATE_KEY_PAIR;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let mut request = CreateKeyPairRequest {
            common_attributes: take_attributes(&mut f, version, COMMON.0, COMMON.1)?,
            private_key_attributes: take_attributes(&mut f, version, PRIVATE.0, PRIVATE.1)?,
            public_key_attributes: take_attributes(&mut f, version, PUBLIC.0, PUBLIC.1)?,
            ..CreateKeyPairRequest::default()
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
        push_attributes(
            &mut b,
            self.common_attributes.as_ref(),
            version,
            COMMON.0,
            COMMON.1,
        )?;
        push_attributes(
            &mut b,
            self.private_key_attributes.as_ref(),
            version,
            PRIVATE.0,
            PRIVATE.1,
        )?;
        push_attributes(
            &mut b,
            self.public_key_attributes.as_ref(),
            version,
            PUBLIC.0,
            PUBLIC.1,
        )?;
        if version.is_v2() {
            b.opt_item(self.common_protection_storage_masks.as_ref())
                .opt_item(self.private_protection_storage_masks.as_ref())
                .opt_item(self.public_protection_storage_masks.as_ref());
        }
        Ok(b.build(Self::TAG))
    }
}

/// Create Key Pair response: both identifiers, and (1.x only) the attributes the server set
/// implicitly on each key.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CreateKeyPairResponse {
    pub private_key_unique_identifier: String,
    pub public_key_unique_identifier: String,
    pub private_key_implicit_attributes: Option<Attributes>,
    pub public_key_implicit_attributes: Option<Attributes>,
}

impl Payload for CreateKeyPairResponse {
    const OPERATION: Operation = Operation::CREATE_KEY_PAIR;
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
        Ok(CreateKeyPairResponse {
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
