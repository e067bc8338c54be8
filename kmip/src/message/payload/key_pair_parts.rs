//! What Create Key Pair and Re-key Key Pair share: the request's three attribute sets (common,
//! private key, public key) with their KMIP 2.x Protection Storage Masks, and the response's two
//! identifiers with (KMIP 1.x only) the attributes the server set implicitly on each key.

use crate::message::fields::{Builder, Fields};
use crate::message::{Attributes, MessageError, ProtocolVersion};
use crate::ttlv::{Item, Tag};

use super::{payload_fields, push_attributes, take_attributes};

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
const MASKS: [Tag; 3] = [
    Tag::COMMON_PROTECTION_STORAGE_MASKS,
    Tag::PRIVATE_PROTECTION_STORAGE_MASKS,
    Tag::PUBLIC_PROTECTION_STORAGE_MASKS,
];

/// The attribute sets of a key-pair request, in the order common, private key, public key.
pub(super) struct AttributeSets {
    pub sets: [Option<Attributes>; 3],
    /// KMIP 2.x only; kept as items.
    pub masks: [Option<Item>; 3],
}

impl AttributeSets {
    pub fn take(f: &mut Fields<'_>, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut sets: [Option<Attributes>; 3] = Default::default();
        for (set, (v1_tag, v2_tag)) in sets.iter_mut().zip([COMMON, PRIVATE, PUBLIC]) {
            *set = take_attributes(f, version, v1_tag, v2_tag)?;
        }
        let mut masks: [Option<Item>; 3] = Default::default();
        if version.is_v2() {
            for (mask, tag) in masks.iter_mut().zip(MASKS) {
                *mask = f.opt_item(tag);
            }
        }
        Ok(AttributeSets { sets, masks })
    }

    pub fn push(
        b: &mut Builder,
        version: ProtocolVersion,
        sets: [Option<&Attributes>; 3],
        masks: [Option<&Item>; 3],
    ) -> Result<(), MessageError> {
        for (set, (v1_tag, v2_tag)) in sets.into_iter().zip([COMMON, PRIVATE, PUBLIC]) {
            push_attributes(b, set, version, v1_tag, v2_tag)?;
        }
        if version.is_v2() {
            for mask in masks {
                b.opt_item(mask);
            }
        }
        Ok(())
    }
}

/// The response of a key-pair operation.
pub(super) struct PairIds {
    pub private_key_unique_identifier: String,
    pub public_key_unique_identifier: String,
    pub private_key_implicit_attributes: Option<Attributes>,
    pub public_key_implicit_attributes: Option<Attributes>,
}

impl PairIds {
    pub fn parse(item: &Item, tag: Tag, version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, tag)?;
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
        Ok(PairIds {
            private_key_unique_identifier,
            public_key_unique_identifier,
            private_key_implicit_attributes,
            public_key_implicit_attributes,
        })
    }

    /// The response payload for the identifiers `[private, public]` and their implicit
    /// attributes.
    pub fn to_item(
        ids: [&str; 2],
        implicit: [Option<&Attributes>; 2],
        tag: Tag,
        version: ProtocolVersion,
    ) -> Result<Item, MessageError> {
        let mut b = Builder::new();
        b.text(Tag::PRIVATE_KEY_UNIQUE_IDENTIFIER, ids[0])
            .text(Tag::PUBLIC_KEY_UNIQUE_IDENTIFIER, ids[1]);
        if !version.is_v2() {
            for (set, (v1_tag, v2_tag)) in implicit.into_iter().zip([PRIVATE, PUBLIC]) {
                push_attributes(&mut b, set, version, v1_tag, v2_tag)?;
            }
        }
        Ok(b.build(tag))
    }
}

/// Declares a key-pair request: the `$lead` fields (any [`flat_payload!`] kind), then the three
/// attribute sets and their Protection Storage Masks, read and written by [`AttributeSets`].
///
/// [`flat_payload!`]: super::flat_payload::flat_payload
macro_rules! key_pair_request {
    (
        $(#[$meta:meta])*
        pub struct $name:ident($operation:expr) {
            $(
                $(#[$field_meta:meta])*
                $field:ident: $kind:ident $(($($arg:tt)*))?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$field_meta])*
                pub $field: $crate::message::payload::flat_payload::field!(
                    @type $kind $(($($arg)*))?
                ),
            )*
            pub common_attributes: Option<$crate::message::Attributes>,
            pub private_key_attributes: Option<$crate::message::Attributes>,
            pub public_key_attributes: Option<$crate::message::Attributes>,
            /// KMIP 2.x only; kept as items.
            pub common_protection_storage_masks: Option<$crate::ttlv::Item>,
            pub private_protection_storage_masks: Option<$crate::ttlv::Item>,
            pub public_protection_storage_masks: Option<$crate::ttlv::Item>,
        }

        impl $crate::message::payload::Payload for $name {
            const OPERATION: $crate::spec::enums::Operation = $operation;
            const TAG: $crate::ttlv::Tag = $crate::ttlv::Tag::REQUEST_PAYLOAD;

            fn parse(
                item: &$crate::ttlv::Item,
                version: $crate::message::ProtocolVersion,
            ) -> Result<Self, $crate::message::MessageError> {
                use $crate::message::payload::key_pair_parts::AttributeSets;
                let mut f = $crate::message::payload::payload_fields(item, Self::TAG)?;
                $(
                    let $field = $crate::message::payload::flat_payload::field!(
                        @parse f, version, $kind $(($($arg)*))?
                    );
                )*
                let AttributeSets { sets, masks } = AttributeSets::take(&mut f, version)?;
                f.finish()?;
                let [common_attributes, private_key_attributes, public_key_attributes] = sets;
                let [common_protection_storage_masks, private_protection_storage_masks, public_protection_storage_masks] =
                    masks;
                Ok($name {
                    $($field,)*
                    common_attributes,
                    private_key_attributes,
                    public_key_attributes,
                    common_protection_storage_masks,
                    private_protection_storage_masks,
                    public_protection_storage_masks,
                })
            }

            fn to_item(
                &self,
                version: $crate::message::ProtocolVersion,
            ) -> Result<$crate::ttlv::Item, $crate::message::MessageError> {
                let mut b = $crate::message::fields::Builder::new();
                $(
                    $crate::message::payload::flat_payload::field!(
                        @push b, version, self.$field, $kind $(($($arg)*))?
                    );
                )*
                $crate::message::payload::key_pair_parts::AttributeSets::push(
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
    };
}
pub(super) use key_pair_request;

/// Declares a key-pair response: the two identifiers and (1.x only) each key's implicit
/// attributes, read and written by [`PairIds`].
macro_rules! key_pair_response {
    (
        $(#[$meta:meta])*
        pub struct $name:ident($operation:expr);
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Debug)]
        pub struct $name {
            pub private_key_unique_identifier: String,
            pub public_key_unique_identifier: String,
            pub private_key_implicit_attributes: Option<$crate::message::Attributes>,
            pub public_key_implicit_attributes: Option<$crate::message::Attributes>,
        }

        impl $crate::message::payload::Payload for $name {
            const OPERATION: $crate::spec::enums::Operation = $operation;
            const TAG: $crate::ttlv::Tag = $crate::ttlv::Tag::RESPONSE_PAYLOAD;

            fn parse(
                item: &$crate::ttlv::Item,
                version: $crate::message::ProtocolVersion,
            ) -> Result<Self, $crate::message::MessageError> {
                let ids =
                    $crate::message::payload::key_pair_parts::PairIds::parse(item, Self::TAG, version)?;
                Ok($name {
                    private_key_unique_identifier: ids.private_key_unique_identifier,
                    public_key_unique_identifier: ids.public_key_unique_identifier,
                    private_key_implicit_attributes: ids.private_key_implicit_attributes,
                    public_key_implicit_attributes: ids.public_key_implicit_attributes,
                })
            }

            fn to_item(
                &self,
                version: $crate::message::ProtocolVersion,
            ) -> Result<$crate::ttlv::Item, $crate::message::MessageError> {
                $crate::message::payload::key_pair_parts::PairIds::to_item(
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
    };
}
pub(super) use key_pair_response;
