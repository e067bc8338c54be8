//! The one table that maps KMIP 1.x attribute names to the tags KMIP 2.x uses for the same
//! attributes, with the item type of each attribute's value and the versions it exists in.
//!
//! KMIP 1.x names an attribute by text inside an Attribute structure ("Cryptographic Usage
//! Mask"); KMIP 2.x puts the value directly under the attribute's own tag
//! (`CryptographicUsageMask`). Custom attributes are named `x-…` (client) or `y-…` (server) in
//! 1.x and are a Vendor Attribute (an `Attribute` structure with Vendor Identification `x` or
//! `y`, Attribute Name and Attribute Value) in 2.x.

use crate::ttlv::{ItemType, Tag};

use ItemType::{
    Boolean as B, ByteString as Y, DateTime as D, Enumeration as E, Integer as I, Interval as V,
    Structure as S, TextString as T,
};

/// One standard attribute.
#[derive(Clone, Copy, Debug)]
pub struct AttributeSpec {
    /// The spec name, as KMIP 1.x writes it in Attribute Name.
    pub name: &'static str,
    pub tag: Tag,
    /// The item type of the value.
    pub value_type: ItemType,
    /// Defined in KMIP 1.x.
    pub in_v1: bool,
    /// Defined in KMIP 2.x (KMIP 2.0 removed a few deprecated 1.x attributes).
    pub in_v2: bool,
}

const fn both(name: &'static str, tag: Tag, value_type: ItemType) -> AttributeSpec {
    AttributeSpec {
        name,
        tag,
        value_type,
        in_v1: true,
        in_v2: true,
    }
}

const fn v1_only(name: &'static str, tag: Tag, value_type: ItemType) -> AttributeSpec {
    AttributeSpec {
        name,
        tag,
        value_type,
        in_v1: true,
        in_v2: false,
    }
}

const fn v2_only(name: &'static str, tag: Tag, value_type: ItemType) -> AttributeSpec {
    AttributeSpec {
        name,
        tag,
        value_type,
        in_v1: false,
        in_v2: true,
    }
}

/// KMIP 1.4 §3 and KMIP 2.1 §4.
pub const ATTRIBUTES: &[AttributeSpec] = &[
    both("Unique Identifier", Tag::UNIQUE_IDENTIFIER, T),
    both("Name", Tag::NAME, S),
    both("Object Type", Tag::OBJECT_TYPE, E),
    both("Cryptographic Algorithm", Tag::CRYPTOGRAPHIC_ALGORITHM, E),
    both("Cryptographic Length", Tag::CRYPTOGRAPHIC_LENGTH, I),
    both("Cryptographic Parameters", Tag::CRYPTOGRAPHIC_PARAMETERS, S),
    both(
        "Cryptographic Domain Parameters",
        Tag::CRYPTOGRAPHIC_DOMAIN_PARAMETERS,
        S,
    ),
    both("Certificate Type", Tag::CERTIFICATE_TYPE, E),
    both("Certificate Length", Tag::CERTIFICATE_LENGTH, I),
    both(
        "X.509 Certificate Identifier",
        Tag::X_509_CERTIFICATE_IDENTIFIER,
        S,
    ),
    both(
        "X.509 Certificate Subject",
        Tag::X_509_CERTIFICATE_SUBJECT,
        S,
    ),
    both("X.509 Certificate Issuer", Tag::X_509_CERTIFICATE_ISSUER, S),
    v1_only("Certificate Identifier", Tag::CERTIFICATE_IDENTIFIER, S),
    v1_only("Certificate Subject", Tag::CERTIFICATE_SUBJECT, S),
    v1_only("Certificate Issuer", Tag::CERTIFICATE_ISSUER, S),
    both(
        "Digital Signature Algorithm",
        Tag::DIGITAL_SIGNATURE_ALGORITHM,
        E,
    ),
    both("Digest", Tag::DIGEST, S),
    v1_only("Operation Policy Name", Tag::OPERATION_POLICY_NAME, T),
    both("Cryptographic Usage Mask", Tag::CRYPTOGRAPHIC_USAGE_MASK, I),
    both("Lease Time", Tag::LEASE_TIME, V),
    both("Usage Limits", Tag::USAGE_LIMITS, S),
    both("State", Tag::STATE, E),
    both("Initial Date", Tag::INITIAL_DATE, D),
    both("Activation Date", Tag::ACTIVATION_DATE, D),
    both("Process Start Date", Tag::PROCESS_START_DATE, D),
    both("Protect Stop Date", Tag::PROTECT_STOP_DATE, D),
    both("Deactivation Date", Tag::DEACTIVATION_DATE, D),
    both("Destroy Date", Tag::DESTROY_DATE, D),
    both(
        "Compromise Occurrence Date",
        Tag::COMPROMISE_OCCURRENCE_DATE,
        D,
    ),
    both("Compromise Date", Tag::COMPROMISE_DATE, D),
    both("Revocation Reason", Tag::REVOCATION_REASON, S),
    both("Archive Date", Tag::ARCHIVE_DATE, D),
    both("Object Group", Tag::OBJECT_GROUP, T),
    both("Fresh", Tag::FRESH, B),
    both("Link", Tag::LINK, S),
    both(
        "Application Specific Information",
        Tag::APPLICATION_SPECIFIC_INFORMATION,
        S,
    ),
    both("Contact Information", Tag::CONTACT_INFORMATION, T),
    both("Last Change Date", Tag::LAST_CHANGE_DATE, D),
    both("Alternative Name", Tag::ALTERNATIVE_NAME, S),
    both("Key Value Present", Tag::KEY_VALUE_PRESENT, B),
    both("Key Value Location", Tag::KEY_VALUE_LOCATION, S),
    both("Original Creation Date", Tag::ORIGINAL_CREATION_DATE, D),
    both("Random Number Generator", Tag::RANDOM_NUMBER_GENERATOR, S),
    both("PKCS#12 Friendly Name", Tag::PKCS_12_FRIENDLY_NAME, T),
    both("Description", Tag::DESCRIPTION, T),
    both("Comment", Tag::COMMENT, T),
    both("Sensitive", Tag::SENSITIVE, B),
    both("Always Sensitive", Tag::ALWAYS_SENSITIVE, B),
    both("Extractable", Tag::EXTRACTABLE, B),
    both("Never Extractable", Tag::NEVER_EXTRACTABLE, B),
    v2_only("Key Format Type", Tag::KEY_FORMAT_TYPE, E),
    v2_only("NIST Key Type", Tag::NIST_KEY_TYPE, E),
    v2_only("Opaque Data Type", Tag::OPAQUE_DATA_TYPE, E),
    v2_only("Protection Level", Tag::PROTECTION_LEVEL, E),
    v2_only("Protection Period", Tag::PROTECTION_PERIOD, V),
    v2_only("Protection Storage Mask", Tag::PROTECTION_STORAGE_MASK, I),
    v2_only("Quantum Safe", Tag::QUANTUM_SAFE, B),
    v2_only("Short Unique Identifier", Tag::SHORT_UNIQUE_IDENTIFIER, Y),
    v2_only("Rotate Interval", Tag::ROTATE_INTERVAL, V),
    v2_only("Rotate Automatic", Tag::ROTATE_AUTOMATIC, B),
    v2_only("Rotate Offset", Tag::ROTATE_OFFSET, V),
    v2_only("Rotate Date", Tag::ROTATE_DATE, D),
    v2_only("Rotate Generation", Tag::ROTATE_GENERATION, I),
    v2_only("Rotate Name", Tag::ROTATE_NAME, S),
    v2_only("Rotate Latest", Tag::ROTATE_LATEST, B),
];

/// The standard attribute with this 1.x name (exact, as the spec spells it).
pub fn by_name(name: &str) -> Option<&'static AttributeSpec> {
    ATTRIBUTES.iter().find(|spec| spec.name == name)
}

/// The standard attribute with this tag.
pub fn by_tag(tag: Tag) -> Option<&'static AttributeSpec> {
    ATTRIBUTES.iter().find(|spec| spec.tag == tag)
}

/// Splits a 1.x custom attribute name (`x-…` or `y-…`) into the 2.x Vendor Identification
/// and Attribute Name.
pub fn split_custom_name(name: &str) -> Option<(&str, &str)> {
    let (vendor, rest) = name.split_once('-')?;
    if (vendor == "x" || vendor == "y") && !rest.is_empty() {
        Some((vendor, rest))
    } else {
        None
    }
}
