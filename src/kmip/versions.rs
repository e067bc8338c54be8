//! The KMIP protocol versions this server speaks.

use hsmgate_kmip::message::ProtocolVersion;
use hsmgate_kmip::spec::enums::Operation;

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

/// The highest Operation value each version defines (the enumeration only grew, in order).
fn last_operation(version: ProtocolVersion) -> u32 {
    match (version.major, version.minor) {
        (1, 0) => 0x1C,          // ... Put
        (1, 1) => 0x1E,          // Re-key Key Pair, Discover Versions
        (1, 2) | (1, 3) => 0x29, // Encrypt ... Join Split Key
        (1, _) => 0x2B,          // Import, Export (1.4)
        (2, 0) => 0x35,          // Log ... ReProvision
        _ => 0x3B,               // Set Defaults ... Ping (2.1)
    }
}

/// Whether `operation` exists in `version`: a peer speaking an older version must never see (or
/// be able to invoke) an operation its version does not define.
pub fn defines_operation(version: ProtocolVersion, operation: Operation) -> bool {
    operation.0 >= 1 && operation.0 <= last_operation(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_appear_in_the_version_that_defined_them() {
        let v = ProtocolVersion::new;
        assert!(defines_operation(v(1, 0), Operation::CREATE));
        assert!(!defines_operation(v(1, 0), Operation::DISCOVER_VERSIONS));
        assert!(defines_operation(v(1, 1), Operation::DISCOVER_VERSIONS));
        assert!(!defines_operation(v(1, 1), Operation::ENCRYPT));
        assert!(defines_operation(v(1, 2), Operation::RNG_RETRIEVE));
        assert!(!defines_operation(v(1, 3), Operation::EXPORT));
        assert!(defines_operation(v(1, 4), Operation::EXPORT));
        assert!(!defines_operation(v(1, 4), Operation::INTEROP));
        assert!(defines_operation(v(2, 0), Operation::INTEROP));
        assert!(!defines_operation(v(2, 0), Operation::PING));
        assert!(defines_operation(v(2, 1), Operation::PING));
        assert!(!defines_operation(v(2, 1), Operation(0x7777)));
    }
}
