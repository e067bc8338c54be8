//! KMIP operations, one file each: parse the typed request payload, call the key service, build
//! the response payload in the request's version. `run` is the dispatch table; `IMPLEMENTED` is
//! what Query reports, so the two cannot disagree.

mod activate;
mod add_attribute;
mod asymmetric_key_block;
mod attribute_payload;
mod check;
mod cipher_params;
mod cipher_stream;
mod create;
mod create_key_pair;
mod decrypt;
mod delete_attribute;
mod destroy;
mod discover_versions;
mod encrypt;
mod export;
mod get;
mod get_attribute_list;
mod get_attributes;
mod get_encoded;
mod hash;
mod import;
mod interop;
mod key_block;
mod locate;
mod log;
mod mac;
mod mac_verify;
mod modify_attribute;
mod obtain_lease;
mod payload_fields;
mod quantum_safe;
mod query;
mod register;
mod rekey;
mod revoke;
mod rng_retrieve;
mod rng_seed;
mod set_attribute;
mod sign;
mod signature_verify;
mod wrapped_key_block;

use hsmgate_kmip::message::payload::Payload;
use hsmgate_kmip::message::ProtocolVersion;
use hsmgate_kmip::spec::enums::Operation;
use hsmgate_kmip::ttlv::Item;

use super::error::OpError;
use super::versions::defines_operation;
use crate::identity::Identity;
use crate::service::KeyService;

/// The operations this server implements.
pub const IMPLEMENTED: &[Operation] = &[
    Operation::CREATE,
    Operation::REGISTER,
    Operation::GET_ATTRIBUTES,
    Operation::ACTIVATE,
    Operation::REVOKE,
    Operation::DESTROY,
    Operation::QUERY,
    Operation::DISCOVER_VERSIONS,
    Operation::ENCRYPT,
    Operation::DECRYPT,
    Operation::HASH,
    Operation::RNG_RETRIEVE,
    Operation::RNG_SEED,
    Operation::INTEROP,
    Operation::LOG,
    Operation::MAC,
    Operation::MAC_VERIFY,
    Operation::RE_KEY,
    Operation::LOCATE,
    Operation::GET_ATTRIBUTE_LIST,
    Operation::ADD_ATTRIBUTE,
    Operation::MODIFY_ATTRIBUTE,
    Operation::DELETE_ATTRIBUTE,
    Operation::SET_ATTRIBUTE,
    Operation::CHECK,
    Operation::GET,
    Operation::CREATE_KEY_PAIR,
    Operation::SIGN,
    Operation::SIGNATURE_VERIFY,
    Operation::EXPORT,
    Operation::IMPORT,
    Operation::OBTAIN_LEASE,
];

/// What an operation runs with: who calls, in which version, the key service, and the batch's
/// ID Placeholder (the Unique Identifier the previous operation of the batch produced).
pub struct OpContext<'a> {
    pub caller: &'a Identity,
    pub version: ProtocolVersion,
    pub service: &'a KeyService,
    pub id_placeholder: Option<String>,
}

impl OpContext<'_> {
    /// The object a request names, or the ID Placeholder when it names none.
    pub fn target(&self, named: Option<String>) -> Result<String, OpError> {
        named
            .or_else(|| self.id_placeholder.clone())
            .ok_or_else(|| {
                OpError::InvalidMessage("no Unique Identifier and no ID Placeholder".into())
            })
    }

    /// Parses a request payload in this context's version.
    pub fn parse<P: Payload>(&self, payload: &Item) -> Result<P, OpError> {
        Ok(P::parse(payload, self.version)?)
    }

    /// Writes a response payload in this context's version.
    pub fn answer<P: Payload>(&self, response: &P) -> Result<Item, OpError> {
        Ok(response.to_item(self.version)?)
    }
}

/// What an operation answers with: its Response Payload as an item, or already encoded (the
/// usual answers of Get, get_encoded.rs).
pub enum Answer {
    Item(Item),
    Encoded(bytes::Bytes),
}

/// Runs one batch item's operation on its request payload; returns the response payload.
pub async fn run(
    operation: Operation,
    payload: &Item,
    ctx: &mut OpContext<'_>,
) -> Result<Answer, OpError> {
    // Discover Versions is how a client finds a common version, so it is answered whatever
    // version the request carries.
    if !defines_operation(ctx.version, operation) && operation != Operation::DISCOVER_VERSIONS {
        return Err(OpError::NotSupported(
            "this operation in the request's protocol version",
        ));
    }
    let answered = match operation {
        Operation::DISCOVER_VERSIONS => discover_versions::run(payload),
        Operation::QUERY => query::run(payload, IMPLEMENTED, ctx.version),
        Operation::CREATE => create::run(payload, ctx).await,
        Operation::REGISTER => register::run(payload, ctx).await,
        Operation::GET_ATTRIBUTES => get_attributes::run(payload, ctx).await,
        Operation::ACTIVATE => activate::run(payload, ctx).await,
        Operation::REVOKE => revoke::run(payload, ctx).await,
        Operation::DESTROY => destroy::run(payload, ctx).await,
        Operation::ENCRYPT => encrypt::run(payload, ctx).await,
        Operation::DECRYPT => decrypt::run(payload, ctx).await,
        Operation::HASH => hash::run(payload, ctx).await,
        Operation::RNG_RETRIEVE => rng_retrieve::run(payload, ctx).await,
        Operation::RNG_SEED => rng_seed::run(payload, ctx).await,
        Operation::INTEROP => interop::run(payload),
        Operation::LOG => log::run(payload, ctx),
        Operation::MAC => mac::run(payload, ctx).await,
        Operation::MAC_VERIFY => mac_verify::run(payload, ctx).await,
        Operation::RE_KEY => rekey::run(payload, ctx).await,
        Operation::LOCATE => locate::run(payload, ctx).await,
        Operation::GET_ATTRIBUTE_LIST => get_attribute_list::run(payload, ctx).await,
        Operation::ADD_ATTRIBUTE => add_attribute::run(payload, ctx).await,
        Operation::MODIFY_ATTRIBUTE => modify_attribute::run(payload, ctx).await,
        Operation::DELETE_ATTRIBUTE => delete_attribute::run(payload, ctx).await,
        Operation::SET_ATTRIBUTE => set_attribute::run(payload, ctx).await,
        Operation::CHECK => check::run(payload, ctx).await,
        Operation::GET => return get::run(payload, ctx).await,
        Operation::CREATE_KEY_PAIR => create_key_pair::run(payload, ctx).await,
        Operation::SIGN => sign::run(payload, ctx).await,
        Operation::SIGNATURE_VERIFY => signature_verify::run(payload, ctx).await,
        Operation::EXPORT => export::run(payload, ctx).await,
        Operation::IMPORT => import::run(payload, ctx).await,
        Operation::OBTAIN_LEASE => obtain_lease::run(payload, ctx).await,
        _ => Err(OpError::NotSupported("this operation")),
    };
    answered.map(Answer::Item)
}
