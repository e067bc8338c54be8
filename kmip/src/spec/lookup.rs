//! Which table gives the names of an Enumeration or mask Integer, by the tag it appears under.

use super::enums::*;
use super::masks::{CryptographicUsageMask, ProtectionStorageMask, StorageStatusMask};
use super::{EnumTable, MaskTable};
use crate::ttlv::Tag;

/// Attribute Reference (2.x) and Tag name a tag: their enumeration table is the tag table.
const TAG_TABLE: EnumTable = EnumTable::new("Tag", tag_name, tag_value);

fn tag_name(value: u32) -> Option<&'static str> {
    if value > 0x00FF_FFFF {
        return None;
    }
    Tag::new(value).name()
}

fn tag_value(name: &str) -> Option<u32> {
    Tag::from_name(name).map(Tag::value)
}

/// The enumeration an Enumeration item with this tag holds, if KMIP defines one.
///
/// Some tags carry an Enumeration only in some versions or cases (Unique Identifier is a Text
/// String unless it names a 2.x placeholder); callers look the table up only for items whose
/// type is Enumeration.
pub fn enumeration_for(tag: Tag) -> Option<&'static EnumTable> {
    Some(match tag {
        Tag::ADJUSTMENT_TYPE => &AdjustmentType::TABLE,
        Tag::ALTERNATIVE_NAME_TYPE => &AlternativeNameType::TABLE,
        Tag::ASYNCHRONOUS_INDICATOR => &AsynchronousIndicator::TABLE,
        Tag::ATTESTATION_TYPE => &AttestationType::TABLE,
        Tag::BATCH_ERROR_CONTINUATION_OPTION => &BatchErrorContinuationOption::TABLE,
        Tag::BLOCK_CIPHER_MODE => &BlockCipherMode::TABLE,
        Tag::CANCELLATION_RESULT => &CancellationResult::TABLE,
        Tag::CERTIFICATE_REQUEST_TYPE => &CertificateRequestType::TABLE,
        Tag::CERTIFICATE_TYPE => &CertificateType::TABLE,
        Tag::CLIENT_REGISTRATION_METHOD => &ClientRegistrationMethod::TABLE,
        Tag::CREDENTIAL_TYPE => &CredentialType::TABLE,
        Tag::CRYPTOGRAPHIC_ALGORITHM => &CryptographicAlgorithm::TABLE,
        Tag::DRBG_ALGORITHM => &DrbgAlgorithm::TABLE,
        Tag::DATA => &DataEnum::TABLE,
        Tag::DERIVATION_METHOD => &DerivationMethod::TABLE,
        Tag::DESTROY_ACTION => &DestroyAction::TABLE,
        Tag::DIGITAL_SIGNATURE_ALGORITHM => &DigitalSignatureAlgorithm::TABLE,
        Tag::ENCODING_OPTION => &EncodingOption::TABLE,
        Tag::ENDPOINT_ROLE => &EndpointRole::TABLE,
        Tag::FIPS186_VARIATION => &Fips186Variation::TABLE,
        Tag::HASHING_ALGORITHM => &HashingAlgorithm::TABLE,
        Tag::INTEROP_FUNCTION => &InteropFunction::TABLE,
        Tag::KEY_COMPRESSION_TYPE => &KeyCompressionType::TABLE,
        Tag::KEY_FORMAT_TYPE => &KeyFormatType::TABLE,
        Tag::KEY_ROLE_TYPE => &KeyRoleType::TABLE,
        Tag::KEY_VALUE_LOCATION_TYPE => &KeyValueLocationType::TABLE,
        Tag::KEY_WRAP_TYPE => &KeyWrapType::TABLE,
        Tag::LINK_TYPE => &LinkType::TABLE,
        Tag::MASK_GENERATOR => &MaskGenerator::TABLE,
        Tag::NIST_KEY_TYPE => &NistKeyType::TABLE,
        Tag::NAME_TYPE => &NameType::TABLE,
        Tag::OBJECT_GROUP_MEMBER => &ObjectGroupMember::TABLE,
        Tag::OBJECT_TYPE => &ObjectType::TABLE,
        Tag::OPAQUE_DATA_TYPE => &OpaqueDataType::TABLE,
        Tag::OPERATION => &Operation::TABLE,
        Tag::PADDING_METHOD => &PaddingMethod::TABLE,
        Tag::PROCESSING_STAGE => &ProcessingStage::TABLE,
        Tag::PROFILE_NAME => &ProfileName::TABLE,
        Tag::PROTECTION_LEVEL => &ProtectionLevel::TABLE,
        Tag::PUT_FUNCTION => &PutFunction::TABLE,
        Tag::QUERY_FUNCTION => &QueryFunction::TABLE,
        Tag::RNG_ALGORITHM => &RngAlgorithm::TABLE,
        Tag::RNG_MODE => &RngMode::TABLE,
        Tag::RECOMMENDED_CURVE => &RecommendedCurve::TABLE,
        Tag::RESULT_REASON => &ResultReason::TABLE,
        Tag::RESULT_STATUS => &ResultStatus::TABLE,
        Tag::REVOCATION_REASON_CODE => &RevocationReasonCode::TABLE,
        Tag::ROTATE_NAME_TYPE => &RotateNameType::TABLE,
        Tag::SECRET_DATA_TYPE => &SecretDataType::TABLE,
        Tag::SHREDDING_ALGORITHM => &ShreddingAlgorithm::TABLE,
        Tag::SPLIT_KEY_METHOD => &SplitKeyMethod::TABLE,
        Tag::STATE => &State::TABLE,
        Tag::TICKET_TYPE => &TicketType::TABLE,
        Tag::UNIQUE_IDENTIFIER => &UniqueIdentifierEnum::TABLE,
        Tag::UNWRAP_MODE => &UnwrapMode::TABLE,
        Tag::USAGE_LIMITS_UNIT => &UsageLimitsUnit::TABLE,
        Tag::VALIDATION_AUTHORITY_TYPE => &ValidationAuthorityType::TABLE,
        Tag::VALIDATION_TYPE => &ValidationType::TABLE,
        Tag::VALIDITY_INDICATOR => &ValidityIndicator::TABLE,
        Tag::WRAPPING_METHOD => &WrappingMethod::TABLE,
        Tag::MASK_GENERATOR_HASHING_ALGORITHM => &HashingAlgorithm::TABLE,
        Tag::LINKED_OBJECT_IDENTIFIER => &UniqueIdentifierEnum::TABLE,
        Tag::PKCS_11_FUNCTION => &Pkcs11Function::TABLE,
        Tag::PKCS_11_RETURN_CODE => &Pkcs11ReturnCode::TABLE,
        Tag::ATTRIBUTE_REFERENCE | Tag::TAG => &TAG_TABLE,
        _ => return None,
    })
}

/// The bit names of a mask Integer with this tag, if the tag is one of the KMIP masks.
pub fn mask_for(tag: Tag) -> Option<&'static MaskTable> {
    Some(match tag {
        Tag::CRYPTOGRAPHIC_USAGE_MASK => &CryptographicUsageMask::TABLE,
        Tag::STORAGE_STATUS_MASK => &StorageStatusMask::TABLE,
        Tag::PROTECTION_STORAGE_MASK => &ProtectionStorageMask::TABLE,
        _ => return None,
    })
}
