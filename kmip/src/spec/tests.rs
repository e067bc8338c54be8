//! Table-wide checks: every name of every table maps to its value and back.

use super::enums::*;
use super::masks::*;
use super::table::{has_duplicate_names, sort_by_name};
use super::*;
use crate::ttlv::Tag;

/// Every enumeration table with its rows.
const ENUMS: &[(&EnumTable, &[(&str, u32)])] = &[
    (&AdjustmentType::TABLE, AdjustmentType::ALL),
    (&AlternativeNameType::TABLE, AlternativeNameType::ALL),
    (&AsynchronousIndicator::TABLE, AsynchronousIndicator::ALL),
    (&AttestationType::TABLE, AttestationType::ALL),
    (
        &BatchErrorContinuationOption::TABLE,
        BatchErrorContinuationOption::ALL,
    ),
    (&BlockCipherMode::TABLE, BlockCipherMode::ALL),
    (&CancellationResult::TABLE, CancellationResult::ALL),
    (&CertificateRequestType::TABLE, CertificateRequestType::ALL),
    (&CertificateType::TABLE, CertificateType::ALL),
    (
        &ClientRegistrationMethod::TABLE,
        ClientRegistrationMethod::ALL,
    ),
    (&CredentialType::TABLE, CredentialType::ALL),
    (&CryptographicAlgorithm::TABLE, CryptographicAlgorithm::ALL),
    (&DataEnum::TABLE, DataEnum::ALL),
    (&DerivationMethod::TABLE, DerivationMethod::ALL),
    (&DestroyAction::TABLE, DestroyAction::ALL),
    (
        &DigitalSignatureAlgorithm::TABLE,
        DigitalSignatureAlgorithm::ALL,
    ),
    (&DrbgAlgorithm::TABLE, DrbgAlgorithm::ALL),
    (&EncodingOption::TABLE, EncodingOption::ALL),
    (&EndpointRole::TABLE, EndpointRole::ALL),
    (&Fips186Variation::TABLE, Fips186Variation::ALL),
    (&HashingAlgorithm::TABLE, HashingAlgorithm::ALL),
    (&InteropFunction::TABLE, InteropFunction::ALL),
    (&KeyCompressionType::TABLE, KeyCompressionType::ALL),
    (&KeyFormatType::TABLE, KeyFormatType::ALL),
    (&KeyRoleType::TABLE, KeyRoleType::ALL),
    (&KeyValueLocationType::TABLE, KeyValueLocationType::ALL),
    (&KeyWrapType::TABLE, KeyWrapType::ALL),
    (&LinkType::TABLE, LinkType::ALL),
    (&MaskGenerator::TABLE, MaskGenerator::ALL),
    (&NameType::TABLE, NameType::ALL),
    (&NistKeyType::TABLE, NistKeyType::ALL),
    (&ObjectGroupMember::TABLE, ObjectGroupMember::ALL),
    (&ObjectType::TABLE, ObjectType::ALL),
    (&OpaqueDataType::TABLE, OpaqueDataType::ALL),
    (&Operation::TABLE, Operation::ALL),
    (&PaddingMethod::TABLE, PaddingMethod::ALL),
    (&Pkcs11Function::TABLE, Pkcs11Function::ALL),
    (&Pkcs11ReturnCode::TABLE, Pkcs11ReturnCode::ALL),
    (&ProcessingStage::TABLE, ProcessingStage::ALL),
    (&ProfileName::TABLE, ProfileName::ALL),
    (&ProtectionLevel::TABLE, ProtectionLevel::ALL),
    (&PutFunction::TABLE, PutFunction::ALL),
    (&QueryFunction::TABLE, QueryFunction::ALL),
    (&RecommendedCurve::TABLE, RecommendedCurve::ALL),
    (&ResultReason::TABLE, ResultReason::ALL),
    (&ResultStatus::TABLE, ResultStatus::ALL),
    (&RevocationReasonCode::TABLE, RevocationReasonCode::ALL),
    (&RngAlgorithm::TABLE, RngAlgorithm::ALL),
    (&RngMode::TABLE, RngMode::ALL),
    (&RotateNameType::TABLE, RotateNameType::ALL),
    (&SecretDataType::TABLE, SecretDataType::ALL),
    (&ShreddingAlgorithm::TABLE, ShreddingAlgorithm::ALL),
    (&SplitKeyMethod::TABLE, SplitKeyMethod::ALL),
    (&State::TABLE, State::ALL),
    (&TicketType::TABLE, TicketType::ALL),
    (&UniqueIdentifierEnum::TABLE, UniqueIdentifierEnum::ALL),
    (&UnwrapMode::TABLE, UnwrapMode::ALL),
    (&UsageLimitsUnit::TABLE, UsageLimitsUnit::ALL),
    (
        &ValidationAuthorityType::TABLE,
        ValidationAuthorityType::ALL,
    ),
    (&ValidationType::TABLE, ValidationType::ALL),
    (&ValidityIndicator::TABLE, ValidityIndicator::ALL),
    (&WrappingMethod::TABLE, WrappingMethod::ALL),
];

#[test]
fn every_enumeration_value_round_trips_through_its_name() {
    let mut count = 0;
    for (table, rows) in ENUMS {
        for (name, value) in *rows {
            assert_eq!(
                table.value_name(*value),
                Some(*name),
                "{} {value:#x}",
                table.name()
            );
            assert_eq!(
                table.value_from_name(name),
                Some(*value),
                "{} {name}",
                table.name()
            );
            count += 1;
        }
    }
    assert!(count >= 1000, "{count} rows");
}

#[test]
fn no_table_has_two_rows_with_one_name_or_one_value() {
    for (table, rows) in ENUMS {
        let mut sorted = rows.to_vec();
        sorted.sort();
        assert_eq!(has_duplicate_names(&sorted), None, "{}", table.name());
        let mut values: Vec<u32> = rows.iter().map(|(_, v)| *v).collect();
        values.dedup();
        assert_eq!(
            values.len(),
            rows.len(),
            "{} rows must be unique and in numeric order",
            table.name()
        );
        assert!(
            rows.windows(2).all(|w| w[0].1 < w[1].1),
            "{} not in numeric order",
            table.name()
        );
    }
}

#[test]
fn named_constants_match_the_spec() {
    assert_eq!(Operation::CREATE.0, 1);
    assert_eq!(Operation::PING.0, 0x3B);
    assert_eq!(ResultReason::ITEM_NOT_FOUND.0, 1);
    assert_eq!(ResultReason::GENERAL_FAILURE.0, 0x100);
    assert_eq!(ObjectType::SYMMETRIC_KEY.name(), Some("SymmetricKey"));
    assert_eq!(CryptographicAlgorithm::AES.0, 3);
    assert_eq!(
        CryptographicAlgorithm::from_name("DES3"),
        Some(CryptographicAlgorithm(2))
    );
    assert_eq!(State::PRE_ACTIVE.name(), Some("PreActive"));
    assert_eq!(
        NameType::from_name("UninterpretedTextString"),
        Some(NameType::UNINTERPRETED_TEXT_STRING)
    );
    assert_eq!(KeyFormatType::PKCS_1.name(), Some("PKCS_1"));
    assert_eq!(HashingAlgorithm::SHA_256.name(), Some("SHA_256"));
    assert_eq!(Pkcs11Function::C_INITIALIZE.0, 1);
    assert_eq!(Pkcs11Function::C_GET_INFO.name(), Some("C_GetInfo"));
    assert_eq!(Pkcs11ReturnCode::OK.name(), Some("OK"));
}

#[test]
fn older_spellings_are_accepted_but_not_written() {
    assert_eq!(
        ResultReason::from_name("NotAuthorized"),
        Some(ResultReason::NOT_AUTHORISED)
    );
    assert_eq!(ResultReason::NOT_AUTHORISED.name(), Some("NotAuthorised"));
    assert_eq!(
        HashingAlgorithm::from_name("SHA_3_256"),
        Some(HashingAlgorithm::SHA3_256)
    );
}

#[test]
fn unknown_values_survive_and_print_in_hex() {
    let vendor = Operation(0x8000_0001);
    assert_eq!(vendor.name(), None);
    assert_eq!(vendor.to_string(), "0x80000001");
    assert_eq!(format!("{vendor:?}"), "Operation(0x80000001)");
    assert_eq!(format!("{:?}", Operation::CREATE), "Operation::Create");
    assert_eq!(Operation::from_name("create"), None);
    assert_eq!(OpaqueDataType(0x8000_0001).name(), None);
}

#[test]
fn tags_find_their_tables() {
    let table = enumeration_for(Tag::OPERATION).expect("Operation has a table");
    assert_eq!(table.value_from_name("Create"), Some(1));
    let hashing = enumeration_for(Tag::MASK_GENERATOR_HASHING_ALGORITHM).expect("hashing table");
    assert_eq!(hashing.value_name(6), Some("SHA_256"));
    let reference = enumeration_for(Tag::ATTRIBUTE_REFERENCE).expect("tag table");
    assert_eq!(reference.value_from_name("ActivationDate"), Some(0x42_0001));
    assert_eq!(reference.value_name(0x4200_0001), None);
    assert!(enumeration_for(Tag::BATCH_COUNT).is_none());
    assert!(mask_for(Tag::CRYPTOGRAPHIC_USAGE_MASK).is_some());
    assert!(mask_for(Tag::OPERATION).is_none());
    // Every enumeration table is reachable from some tag.
    for (table, _) in ENUMS {
        let reachable = Tag::all_known().any(|(tag, _)| {
            enumeration_for(tag)
                .is_some_and(|t| std::ptr::eq(t, *table) || t.name() == table.name())
        });
        assert!(reachable, "{}", table.name());
    }
}

#[test]
fn masks_format_and_parse_combinations() {
    let table = &CryptographicUsageMask::TABLE;
    let both = CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT;
    assert_eq!(table.format(both.0), "Encrypt Decrypt");
    assert_eq!(table.parse("Encrypt Decrypt"), Some(both.0));
    assert_eq!(table.parse("Decrypt Encrypt"), Some(both.0));
    assert_eq!(table.parse("Encrypt|Decrypt"), Some(both.0));
    assert_eq!(
        table.parse("Encrypt Decrypt MACGenerate MACVerify"),
        Some(0x4 | 0x8 | 0x80 | 0x100)
    );
    assert_eq!(table.parse("12"), Some(both.0));
    assert_eq!(table.parse("0x0000000C"), Some(both.0));
    assert_eq!(table.format(0x8000_0004), "Encrypt 0x80000000");
    assert_eq!(table.parse("Encrypt 0x80000000"), Some(0x8000_0004));
    assert_eq!(table.format(0), "0");
    assert_eq!(table.parse("0"), Some(0));
    assert_eq!(table.parse("Encrypt Bogus"), None);
    assert_eq!(table.parse(""), None);
    assert_eq!(table.parse("-1"), Some(u32::MAX));
    assert!(both.contains(CryptographicUsageMask::ENCRYPT));
    assert!(!both.contains(CryptographicUsageMask::SIGN));
    assert_eq!(CryptographicUsageMask::from_i32(-1).0, u32::MAX);
    assert_eq!(both.to_string(), "Encrypt Decrypt");
    assert_eq!(
        StorageStatusMask::TABLE.format(3),
        "OnLineStorage ArchivalStorage"
    );
    assert_eq!(ProtectionStorageMask::TABLE.parse("Software"), Some(1));
    for table in [
        &CryptographicUsageMask::TABLE,
        &StorageStatusMask::TABLE,
        &ProtectionStorageMask::TABLE,
    ] {
        for (name, bit) in table.bits() {
            assert_eq!(table.parse(name), Some(*bit));
            assert_eq!(table.format(*bit), *name);
        }
        let all = table.bits().iter().fold(0, |acc, (_, bit)| acc | bit);
        assert_eq!(table.parse(&table.format(all)), Some(all));
    }
}

#[test]
fn const_sort_matches_runtime_sort() {
    const SORTED: [(&str, u32); 4] =
        sort_by_name(&[("Zeta", 1), ("Alpha", 2), ("alpha", 3), ("Beta", 4)]);
    assert_eq!(SORTED.map(|(n, _)| n), ["Alpha", "Beta", "Zeta", "alpha"]);
}
