//! Discover Versions: the protocol versions both sides speak, the server's preference first.

use hsmgate_kmip::message::ProtocolVersion;
use hsmgate_kmip::ttlv::{Item, Tag};

use super::super::versions::SUPPORTED_VERSIONS;
use crate::kmip::error::OpError;

/// Answers with the versions of the request that the server supports, in the server's order; an
/// empty request list asks for every supported version.
pub fn run(payload: &Item) -> Result<Item, OpError> {
    let offered = payload
        .children_with(Tag::PROTOCOL_VERSION)
        .map(ProtocolVersion::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    let answer = SUPPORTED_VERSIONS
        .iter()
        .filter(|v| offered.is_empty() || offered.contains(v))
        .map(|v| v.to_item())
        .collect();
    Ok(Item::structure(Tag::RESPONSE_PAYLOAD, answer))
}
