//! Create Key Pair: generate a public/private key pair.

use crate::message::fields::Builder;
use crate::message::{Attributes, MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

use super::key_pair_parts::{AttributeSets, PairIds};
use super::{payload_fields, Payload};

const OPERATION: Operation = Operation::CREATE_KEY_PAIR;

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

impl Payload for CreateKeyPairRequest {
    const OPERATION: Operation = OPERATION;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Self::TAG)?;
        let AttributeSets { sets, masks } = AttributeSets::take(&mut f, version)?;
        f.finish()?;
        let [common_attributes, private_key_attributes, public_key_attributes] = sets;
        let [common_protection_storage_masks, private_protection_storage_masks, public_protection_storage_masks] =
            masks;
        Ok(CreateKeyPairRequest {
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
    const OPERATION: Operation = OPERATION;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError> {
        let ids = PairIds::parse(item, Self::TAG, version)?;
        Ok(CreateKeyPairResponse {
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
