//! Discover Versions: which protocol versions client and server share.

use crate::message::fields::Builder;
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::Operation;
use crate::ttlv::{Item, Tag};

use super::{payload_fields, Payload};

/// Discover Versions request: the client's versions, preferred first (empty: "tell me all").
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct DiscoverVersionsRequest {
    pub versions: Vec<ProtocolVersion>,
}

/// Discover Versions response: the server's versions among the client's, preferred first.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct DiscoverVersionsResponse {
    pub versions: Vec<ProtocolVersion>,
}

impl DiscoverVersionsRequest {
    /// The answer a server supporting `supported` (preferred first) gives: every supported
    /// version when the client listed none, else the client's versions the server supports,
    /// in the client's order.
    pub fn answer(&self, supported: &[ProtocolVersion]) -> DiscoverVersionsResponse {
        let versions = if self.versions.is_empty() {
            supported.to_vec()
        } else {
            self.versions
                .iter()
                .copied()
                .filter(|v| supported.contains(v))
                .collect()
        };
        DiscoverVersionsResponse { versions }
    }
}

fn parse_versions(item: &Item, tag: Tag) -> Result<Vec<ProtocolVersion>, MessageError> {
    let mut f = payload_fields(item, tag)?;
    let versions = f
        .take_all(Tag::PROTOCOL_VERSION)
        .into_iter()
        .map(ProtocolVersion::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    f.finish()?;
    Ok(versions)
}

fn versions_item(versions: &[ProtocolVersion], tag: Tag) -> Item {
    let mut b = Builder::new();
    for version in versions {
        b.item(version.to_item());
    }
    b.build(tag)
}

impl Payload for DiscoverVersionsRequest {
    const OPERATION: Operation = Operation::DISCOVER_VERSIONS;
    const TAG: Tag = Tag::REQUEST_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        Ok(DiscoverVersionsRequest {
            versions: parse_versions(item, Self::TAG)?,
        })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        Ok(versions_item(&self.versions, Self::TAG))
    }
}

impl Payload for DiscoverVersionsResponse {
    const OPERATION: Operation = Operation::DISCOVER_VERSIONS;
    const TAG: Tag = Tag::RESPONSE_PAYLOAD;

    fn parse(item: &Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        Ok(DiscoverVersionsResponse {
            versions: parse_versions(item, Self::TAG)?,
        })
    }

    fn to_item(&self, _version: ProtocolVersion) -> Result<Item, MessageError> {
        Ok(versions_item(&self.versions, Self::TAG))
    }
}
