//! Re-key Key Pair: replace an asymmetric key pair with a new one (the old pair is kept, its
//! successors linked).

use crate::message::fields::Builder;
use crate::message::{Attributes, MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag, Value};

use super::field_extras::opt_interval;
use super::key_pair_parts::{AttributeSets, PairIds};
use super::{payload_fields, Payload};

const OPERATION: Operation = Operation::RE_KEY_KEY_PAIR;

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
    const OPERATION: Operation = OPERATION;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let private_key_unique_identifier = f.opt_text(Tag::PRIVATE_KEY_UNIQUE_IDENTIFIER)?;
        let offset = opt_interval(&mut f, Tag::OFFSET)?;
        let AttributeSets { sets, masks } = AttributeSets::take(&mut f, version)?;
        f.finish()?;
        let [common_attributes, private_key_attributes, public_key_attributes] = sets;
        let [common_protection_storage_masks, private_protection_storage_masks, public_protection_storage_masks] =
            masks;
        Ok(ReKeyKeyPairRequest {
            private_key_unique_identifier,
            offset,
            common_attributes,
            private_key_attributes,
            public_key_attributes,
            common_protection_storage_masks,
            private_protection_storage_masks,
            public_protection_storage_masks,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.opt_text(
            Tag::PRIVATE_KEY_UNIQUE_IDENTIFIER,
            self.private_key_unique_identifier.as_deref(),
        )
        .opt(Tag::OFFSET, self.offset.map(Value::Interval));
        AttributeSets::push(
            &mut b,
            version,
            [
                self.common_attributes.as_ref(),
                self.private_key_attributes.as_ref(),
                self.public_key_attributes.as_ref(),
            ],
            [
                self.common_protection_storage_masks.as_ref(),
                self.private_protection_storage_masks.as_ref(),
                self.public_protection_storage_masks.as_ref(),
            ],
        )?;
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
    const OPERATION: Operation = OPERATION;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let ids = PairIds::parse(item, Self::TAG, version)?;
        Ok(ReKeyKeyPairResponse {
            private_key_unique_identifier: ids.private_key_unique_identifier,
            public_key_unique_identifier: ids.public_key_unique_identifier,
            private_key_implicit_attributes: ids.private_key_implicit_attributes,
            public_key_implicit_attributes: ids.public_key_implicit_attributes,
        })
    }

    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError> {
        PairIds::to_item(
            [
                &self.private_key_unique_identifier,
                &self.public_key_unique_identifier,
            ],
            [
                self.private_key_implicit_attributes.as_ref(),
                self.public_key_implicit_attributes.as_ref(),
            ],
            Self::TAG,
            version,
        )
    }
}
