//! The KMIP protocol versions this server speaks.

use hsmgate_kmip::message::ProtocolVersion;

/// Every version served, highest (preferred) first.
pub const SUPPORTED_VERSIONS: [ProtocolVersion; 7] = [
    ProtocolVersion::V2_1,
    ProtocolVersion::V2_0,
    ProtocolVersion::V1_4,
    ProtocolVersion::V1_3,
    ProtocolVersion::V1_2,
    ProtocolVersion::V1_1,
    ProtocolVersion::V1_0,
];

/// Whether `version` is served.
pub fn is_supported(version: ProtocolVersion) -> bool {
    SUPPORTED_VERSIONS.contains(&version)
}
