//! Typed payloads of the KMIP operations, one module per operation.
//!
//! Each operation has a request and a response type implementing [`Payload`]: `parse` reads
//! the Request/Response Payload structure of a given protocol version, `to_item` writes it in
//! that version's shape (KMIP 1.x Template-Attribute vs 2.x Attributes, Attribute Name vs
//! Attribute Reference). Types that hold key material or plaintext redact it in `Debug`.

use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

use super::attributes::Attributes;
use super::error::MessageError;
use super::fields::{expect_tag, Builder, Fields};
use super::version::ProtocolVersion;

pub mod activate;
pub mod add_attribute;
pub mod archive;
pub mod cancel;
pub mod check;
pub mod create;
pub mod create_key_pair;
pub mod cryptographic_parameters;
pub mod decrypt;
pub mod delete_attribute;
pub mod destroy;
pub mod discover_versions;
mod dispatch;
pub mod encrypt;
pub mod export;
mod field_extras;
mod flat_payload;
pub mod get;
pub mod get_attribute_list;
pub mod get_attributes;
pub mod get_usage_allocation;
pub mod hash;
pub mod import;
pub mod interop;
mod key_pair_parts;
pub mod locate;
pub mod log;
pub mod mac;
pub mod mac_verify;
pub mod modify_attribute;
pub mod obtain_lease;
pub mod poll;
pub mod query;
pub mod re_key;
pub mod re_key_key_pair;
pub mod recover;
pub mod register;
pub mod revoke;
pub mod rng_retrieve;
pub mod rng_seed;
pub mod set_attribute;
pub mod sign;
pub mod signature_verify;
mod single_attribute;
pub mod stream;

pub use cryptographic_parameters::CryptographicParameters;
pub use dispatch::{RequestPayload, ResponsePayload};
pub use stream::StreamControl;

/// A Request Payload or Response Payload of one operation.
pub trait Payload: Sized {
    /// The operation this payload belongs to.
    const OPERATION: Operation;
    /// `Request Payload` or `Response Payload`.
    const TAG: Tag;

    /// Reads the payload structure as sent by a peer speaking `version`.
    fn parse(item: &Item, version: ProtocolVersion) -> Result<Self, MessageError>;

    /// Writes the payload structure in the shape of `version`. Fails only when something
    /// cannot be said in that version (an attribute 1.x has no name for, for example).
    fn to_item(&self, version: ProtocolVersion) -> Result<Item, MessageError>;
}

/// The fields of a payload item, after checking its tag.
pub(crate) fn payload_fields(item: &Item, tag: Tag) -> Result<Fields<'_>, MessageError> {
    expect_tag(item, tag)?;
    Fields::new(item)
}

/// Reads an attribute set: a 1.x Template-Attribute (`v1_tag`) or a 2.x Attributes structure
/// (`v2_tag`), depending on the version.
pub(crate) fn take_attributes(
    fields: &mut Fields<'_>,
    version: ProtocolVersion,
    v1_tag: Tag,
    v2_tag: Tag,
) -> Result<Option<Attributes>, MessageError> {
    if version.is_v2() {
        fields
            .take(v2_tag)
            .map(|item| Attributes::from_v2(item, v2_tag))
            .transpose()
    } else {
        fields
            .take(v1_tag)
            .map(|item| Attributes::from_template_attribute(item, v1_tag))
            .transpose()
    }
}

/// Writes an attribute set in the shape of the version (see [`take_attributes`]).
pub(crate) fn push_attributes(
    builder: &mut Builder,
    attributes: Option<&Attributes>,
    version: ProtocolVersion,
    v1_tag: Tag,
    v2_tag: Tag,
) -> Result<(), MessageError> {
    if let Some(attributes) = attributes {
        let item = if version.is_v2() {
            attributes.to_v2(v2_tag)?
        } else {
            attributes.to_template_attribute(v1_tag)?
        };
        builder.item(item);
    }
    Ok(())
}

/// The tags of the managed-object structures a payload may carry (Register, Get, ...).
pub(crate) const OBJECT_TAGS: [Tag; 10] = [
    Tag::CERTIFICATE,
    Tag::SYMMETRIC_KEY,
    Tag::PUBLIC_KEY,
    Tag::PRIVATE_KEY,
    Tag::SPLIT_KEY,
    Tag::TEMPLATE,
    Tag::SECRET_DATA,
    Tag::OPAQUE_OBJECT,
    Tag::PGP_KEY,
    Tag::CERTIFICATE_REQUEST,
];

/// Takes the one managed-object structure of a payload.
pub(crate) fn take_object(fields: &mut Fields<'_>, parent: Tag) -> Result<Item, MessageError> {
    OBJECT_TAGS
        .iter()
        .find_map(|tag| fields.take(*tag))
        .cloned()
        .ok_or(MessageError::MissingField {
            parent,
            field: Tag::SYMMETRIC_KEY,
        })
}

/// Declares a payload that holds only an optional (request) or required (response) Unique
/// Identifier: Activate, Destroy and the responses of several others.
macro_rules! identifier_payloads {
    ($operation:expr, $request:ident, $response:ident) => {
        $crate::message::payload::flat_payload::flat_payload! {
            /// The request: the object to act on (absent: the ID Placeholder).
            #[derive(Clone, PartialEq, Eq, Default)]
            pub struct $request($operation, REQUEST_PAYLOAD) {
                unique_identifier: opt_text(UNIQUE_IDENTIFIER),
            }
        }

        $crate::message::payload::flat_payload::flat_payload! {
            /// The response: the object acted on.
            #[derive(Clone, PartialEq, Eq)]
            pub struct $response($operation, RESPONSE_PAYLOAD) {
                unique_identifier: text(UNIQUE_IDENTIFIER),
            }
        }
    };
}
pub(crate) use identifier_payloads;
