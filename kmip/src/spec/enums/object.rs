//! Enumerations that describe managed objects: type, state, formats, names, links, lifecycle.
//!
//! Generated from the KMIP 1.4 and 2.1 enumeration tables (the union of both); row comments
//! mark values a version added or dropped and spellings that changed.

kmip_enum! {
    /// Object Type enumeration (KMIP 1.0–2.1).
    ///
    /// Template (6) exists only in KMIP 1.x.
    ObjectType, "Object Type" {
        (CERTIFICATE, 0x00000001, "Certificate"),
        (SYMMETRIC_KEY, 0x00000002, "SymmetricKey"),
        (PUBLIC_KEY, 0x00000003, "PublicKey"),
        (PRIVATE_KEY, 0x00000004, "PrivateKey"),
        (SPLIT_KEY, 0x00000005, "SplitKey"),
        (TEMPLATE, 0x00000006, "Template"), // KMIP 1.x only; (Reserved) in 2.x.
        (SECRET_DATA, 0x00000007, "SecretData"),
        (OPAQUE_OBJECT, 0x00000008, "OpaqueObject"),
        (PGP_KEY, 0x00000009, "PGPKey"),
        // Added in KMIP 2.0:
        (CERTIFICATE_REQUEST, 0x0000000A, "CertificateRequest"),
    }
}

kmip_enum! {
    /// State enumeration (KMIP 1.0–2.1).
    State, "State" {
        (PRE_ACTIVE, 0x00000001, "PreActive"),
        (ACTIVE, 0x00000002, "Active"),
        (DEACTIVATED, 0x00000003, "Deactivated"),
        (COMPROMISED, 0x00000004, "Compromised"),
        (DESTROYED, 0x00000005, "Destroyed"),
        (DESTROYED_COMPROMISED, 0x00000006, "DestroyedCompromised"),
    }
}

kmip_enum! {
    /// Key Format Type enumeration (KMIP 1.0–2.1).
    ///
    /// KMIP 2.x reserves the Transparent ECDSA/ECDH/ECMQV formats that 1.4 deprecated.
    KeyFormatType, "Key Format Type" {
        (RAW, 0x00000001, "Raw"),
        (OPAQUE, 0x00000002, "Opaque"),
        (PKCS_1, 0x00000003, "PKCS_1"),
        (PKCS_8, 0x00000004, "PKCS_8"),
        (X_509, 0x00000005, "X_509"),
        (ECPRIVATEKEY, 0x00000006, "ECPrivateKey"),
        (TRANSPARENT_SYMMETRIC_KEY, 0x00000007, "TransparentSymmetricKey"),
        (TRANSPARENT_DSA_PRIVATE_KEY, 0x00000008, "TransparentDSAPrivateKey"),
        (TRANSPARENT_DSA_PUBLIC_KEY, 0x00000009, "TransparentDSAPublicKey"),
        (TRANSPARENT_RSA_PRIVATE_KEY, 0x0000000A, "TransparentRSAPrivateKey"),
        (TRANSPARENT_RSA_PUBLIC_KEY, 0x0000000B, "TransparentRSAPublicKey"),
        (TRANSPARENT_DH_PRIVATE_KEY, 0x0000000C, "TransparentDHPrivateKey"),
        (TRANSPARENT_DH_PUBLIC_KEY, 0x0000000D, "TransparentDHPublicKey"),
        (TRANSPARENT_ECDSA_PRIVATE_KEY, 0x0000000E, "TransparentECDSAPrivateKey"), // KMIP 1.x only; (Reserved) in 2.x.
        (TRANSPARENT_ECDSA_PUBLIC_KEY, 0x0000000F, "TransparentECDSAPublicKey"), // KMIP 1.x only; (Reserved) in 2.x.
        (TRANSPARENT_ECDH_PRIVATE_KEY, 0x00000010, "TransparentECDHPrivateKey"), // KMIP 1.x only; (Reserved) in 2.x.
        (TRANSPARENT_ECDH_PUBLIC_KEY, 0x00000011, "TransparentECDHPublicKey"), // KMIP 1.x only; (Reserved) in 2.x.
        (TRANSPARENT_ECMQV_PRIVATE_KEY, 0x00000012, "TransparentECMQVPrivateKey"), // KMIP 1.x only; (Reserved) in 2.x.
        (TRANSPARENT_ECMQV_PUBLIC_KEY, 0x00000013, "TransparentECMQVPublicKey"), // KMIP 1.x only; (Reserved) in 2.x.
        (TRANSPARENT_EC_PRIVATE_KEY, 0x00000014, "TransparentECPrivateKey"),
        (TRANSPARENT_EC_PUBLIC_KEY, 0x00000015, "TransparentECPublicKey"),
        (PKCS_12, 0x00000016, "PKCS_12"),
        // Added in KMIP 2.1:
        (PKCS_10, 0x00000017, "PKCS_10"),
    }
}

kmip_enum! {
    /// Key Compression Type enumeration (KMIP 1.0–2.1).
    KeyCompressionType, "Key Compression Type" {
        (EC_PUBLIC_KEY_TYPE_UNCOMPRESSED, 0x00000001, "ECPublicKeyTypeUncompressed"),
        (EC_PUBLIC_KEY_TYPE_X9_62_COMPRESSED_PRIME, 0x00000002, "ECPublicKeyTypeX9_62CompressedPrime"),
        (EC_PUBLIC_KEY_TYPE_X9_62_COMPRESSED_CHAR2, 0x00000003, "ECPublicKeyTypeX9_62CompressedChar2"),
        (EC_PUBLIC_KEY_TYPE_X9_62_HYBRID, 0x00000004, "ECPublicKeyTypeX9_62Hybrid"),
    }
}

kmip_enum! {
    /// Name Type enumeration (KMIP 1.0–2.1).
    NameType, "Name Type" {
        (UNINTERPRETED_TEXT_STRING, 0x00000001, "UninterpretedTextString"),
        (URI, 0x00000002, "URI"),
    }
}

kmip_enum! {
    /// Alternative Name Type enumeration (KMIP 1.0–2.1).
    AlternativeNameType, "Alternative Name Type" {
        (UNINTERPRETED_TEXT_STRING, 0x00000001, "UninterpretedTextString"),
        (URI, 0x00000002, "URI"),
        (OBJECT_SERIAL_NUMBER, 0x00000003, "ObjectSerialNumber"),
        (EMAIL_ADDRESS, 0x00000004, "EmailAddress"),
        (DNS_NAME, 0x00000005, "DNSName"),
        (X_500_DISTINGUISHED_NAME, 0x00000006, "X_500DistinguishedName"),
        (IP_ADDRESS, 0x00000007, "IPAddress"),
    }
}

kmip_enum! {
    /// Secret Data Type enumeration (KMIP 1.0–2.1).
    SecretDataType, "Secret Data Type" {
        (PASSWORD, 0x00000001, "Password"),
        (SEED, 0x00000002, "Seed"),
    }
}

kmip_enum! {
    /// Opaque Data Type enumeration (KMIP 1.0–2.1).
    OpaqueDataType, "Opaque Data Type" {
    }
}

kmip_enum! {
    /// Certificate Type enumeration (KMIP 1.0–2.1).
    CertificateType, "Certificate Type" {
        (X_509, 0x00000001, "X_509"),
        (PGP, 0x00000002, "PGP"),
    }
}

kmip_enum! {
    /// Certificate Request Type enumeration (KMIP 1.0–2.1).
    CertificateRequestType, "Certificate Request Type" {
        (CRMF, 0x00000001, "CRMF"),
        (PKCS_10, 0x00000002, "PKCS_10"),
        (PEM, 0x00000003, "PEM"),
        (PGP, 0x00000004, "PGP"), // KMIP 1.x only; (Reserved) in 2.x.
    }
}

kmip_enum! {
    /// Link Type enumeration (KMIP 1.0–2.1).
    LinkType, "Link Type" {
        (CERTIFICATE_LINK, 0x00000101, "CertificateLink"),
        (PUBLIC_KEY_LINK, 0x00000102, "PublicKeyLink"),
        (PRIVATE_KEY_LINK, 0x00000103, "PrivateKeyLink"),
        (DERIVATION_BASE_OBJECT_LINK, 0x00000104, "DerivationBaseObjectLink"),
        (DERIVED_KEY_LINK, 0x00000105, "DerivedKeyLink"),
        (REPLACEMENT_OBJECT_LINK, 0x00000106, "ReplacementObjectLink"),
        (REPLACED_OBJECT_LINK, 0x00000107, "ReplacedObjectLink"),
        (PARENT_LINK, 0x00000108, "ParentLink"),
        (CHILD_LINK, 0x00000109, "ChildLink"),
        (PREVIOUS_LINK, 0x0000010A, "PreviousLink"),
        (NEXT_LINK, 0x0000010B, "NextLink"),
        (PKCS_12_CERTIFICATE_LINK, 0x0000010C, "PKCS_12CertificateLink"),
        (PKCS_12_PASSWORD_LINK, 0x0000010D, "PKCS_12PasswordLink"),
        // Added in KMIP 2.0:
        (WRAPPING_KEY_LINK, 0x0000010E, "WrappingKeyLink"),
    }
}

kmip_enum! {
    /// Revocation Reason Code enumeration (KMIP 1.0–2.1).
    RevocationReasonCode, "Revocation Reason Code" {
        (UNSPECIFIED, 0x00000001, "Unspecified"),
        (KEY_COMPROMISE, 0x00000002, "KeyCompromise"),
        (CA_COMPROMISE, 0x00000003, "CACompromise"),
        (AFFILIATION_CHANGED, 0x00000004, "AffiliationChanged"),
        (SUPERSEDED, 0x00000005, "Superseded"),
        (CESSATION_OF_OPERATION, 0x00000006, "CessationOfOperation"),
        (PRIVILEGE_WITHDRAWN, 0x00000007, "PrivilegeWithdrawn"),
    }
}

kmip_enum! {
    /// Object Group Member enumeration (KMIP 1.0–2.1).
    ObjectGroupMember, "Object Group Member" {
        (GROUP_MEMBER_FRESH, 0x00000001, "GroupMemberFresh"),
        (GROUP_MEMBER_DEFAULT, 0x00000002, "GroupMemberDefault"),
    }
}

kmip_enum! {
    /// Key Value Location Type enumeration (KMIP 1.0–2.1).
    KeyValueLocationType, "Key Value Location Type" {
        (UNINTERPRETED_TEXT_STRING, 0x00000001, "UninterpretedTextString"),
        (URI, 0x00000002, "URI"),
    }
}

kmip_enum! {
    /// Usage Limits Unit enumeration (KMIP 1.0–2.1).
    UsageLimitsUnit, "Usage Limits Unit" {
        (BYTE, 0x00000001, "Byte"),
        (OBJECT, 0x00000002, "Object"),
    }
}

kmip_enum! {
    /// Validity Indicator enumeration (KMIP 1.0–2.1).
    ValidityIndicator, "Validity Indicator" {
        (VALID, 0x00000001, "Valid"),
        (INVALID, 0x00000002, "Invalid"),
        (UNKNOWN, 0x00000003, "Unknown"),
    }
}

kmip_enum! {
    /// Split Key Method enumeration (KMIP 1.0–2.1).
    SplitKeyMethod, "Split Key Method" {
        (XOR, 0x00000001, "XOR"),
        (POLYNOMIAL_SHARING_GF_2_16, 0x00000002, "PolynomialSharingGF2_16"),
        (POLYNOMIAL_SHARING_PRIME_FIELD, 0x00000003, "PolynomialSharingPrimeField"),
        (POLYNOMIAL_SHARING_GF_2_8, 0x00000004, "PolynomialSharingGF2_8"),
    }
}

kmip_enum! {
    /// Protection Level enumeration (KMIP 2.0–2.1).
    ProtectionLevel, "Protection Level" {
        (HIGH, 0x00000001, "High"),
        (LOW, 0x00000002, "Low"),
    }
}

kmip_enum! {
    /// NIST Key Type enumeration (KMIP 2.0–2.1).
    NistKeyType, "NIST Key Type" {
        (PRIVATE_SIGNATURE_KEY, 0x00000001, "PrivateSignatureKey"),
        (PUBLIC_SIGNATURE_VERIFICATION_KEY, 0x00000002, "PublicSignatureVerificationKey"),
        (SYMMETRIC_AUTHENTICATION_KEY, 0x00000003, "SymmetricAuthenticationKey"),
        (PRIVATE_AUTHENTICATION_KEY, 0x00000004, "PrivateAuthenticationKey"),
        (PUBLIC_AUTHENTICATION_KEY, 0x00000005, "PublicAuthenticationKey"),
        (SYMMETRIC_DATA_ENCRYPTION_KEY, 0x00000006, "SymmetricDataEncryptionKey"),
        (SYMMETRIC_KEY_WRAPPING_KEY, 0x00000007, "SymmetricKeyWrappingKey"),
        (SYMMETRIC_RANDOM_NUMBER_GENERATION_KEY, 0x00000008, "SymmetricRandomNumberGenerationKey"),
        (SYMMETRIC_MASTER_KEY, 0x00000009, "SymmetricMasterKey"),
        (PRIVATE_KEY_TRANSPORT_KEY, 0x0000000A, "PrivateKeyTransportKey"),
        (PUBLIC_KEY_TRANSPORT_KEY, 0x0000000B, "PublicKeyTransportKey"),
        (SYMMETRIC_KEY_AGREEMENT_KEY, 0x0000000C, "SymmetricKeyAgreementKey"),
        (PRIVATE_STATIC_KEY_AGREEMENT_KEY, 0x0000000D, "PrivateStaticKeyAgreementKey"),
        (PUBLIC_STATIC_KEY_AGREEMENT_KEY, 0x0000000E, "PublicStaticKeyAgreementKey"),
        (PRIVATE_EPHEMERAL_KEY_AGREEMENT_KEY, 0x0000000F, "PrivateEphemeralKeyAgreementKey"),
        (PUBLIC_EPHEMERAL_KEY_AGREEMENT_KEY, 0x00000010, "PublicEphemeralKeyAgreementKey"),
        (SYMMETRIC_AUTHORIZATION_KEY, 0x00000011, "SymmetricAuthorizationKey"),
        (PRIVATE_AUTHORIZATION_KEY, 0x00000012, "PrivateAuthorizationKey"),
        (PUBLIC_AUTHORIZATION_KEY, 0x00000013, "PublicAuthorizationKey"),
    }
}

kmip_enum! {
    /// Rotate Name Type enumeration (KMIP 2.1).
    RotateNameType, "Rotate Name Type" {
        (UNINTERPRETED_TEXT_STRING, 0x00000001, "UninterpretedTextString"),
        (URI, 0x00000002, "URI"),
    }
}

kmip_enum! {
    /// Destroy Action enumeration (KMIP 1.0–2.1).
    DestroyAction, "Destroy Action" {
        (UNSPECIFIED, 0x00000001, "Unspecified"),
        (KEY_MATERIAL_DELETED, 0x00000002, "KeyMaterialDeleted"),
        (KEY_MATERIAL_SHREDDED, 0x00000003, "KeyMaterialShredded"),
        (META_DATA_DELETED, 0x00000004, "MetaDataDeleted"),
        (META_DATA_SHREDDED, 0x00000005, "MetaDataShredded"),
        (DELETED, 0x00000006, "Deleted"),
        (SHREDDED, 0x00000007, "Shredded"),
    }
}

kmip_enum! {
    /// Shredding Algorithm enumeration (KMIP 1.0–2.1).
    ShreddingAlgorithm, "Shredding Algorithm" {
        (UNSPECIFIED, 0x00000001, "Unspecified"),
        (CRYPTOGRAPHIC, 0x00000002, "Cryptographic"),
        (UNSUPPORTED, 0x00000003, "Unsupported"),
    }
}

kmip_enum! {
    /// Unwrap Mode enumeration (KMIP 1.0–2.1).
    UnwrapMode, "Unwrap Mode" {
        (UNSPECIFIED, 0x00000001, "Unspecified"),
        (PROCESSED, 0x00000002, "Processed"),
        (NOT_PROCESSED, 0x00000003, "NotProcessed"),
    }
}

kmip_enum! {
    /// Key Wrap Type enumeration (KMIP 1.0–2.1).
    KeyWrapType, "Key Wrap Type" {
        (NOT_WRAPPED, 0x00000001, "NotWrapped"),
        (AS_REGISTERED, 0x00000002, "AsRegistered"),
    }
}

kmip_enum! {
    /// Wrapping Method enumeration (KMIP 1.0–2.1).
    WrappingMethod, "Wrapping Method" {
        (ENCRYPT, 0x00000001, "Encrypt"),
        (MAC_SIGN, 0x00000002, "MACSign"),
        (ENCRYPT_THEN_MAC_SIGN, 0x00000003, "EncryptThenMACSign"),
        (MAC_SIGN_THEN_ENCRYPT, 0x00000004, "MACSignThenEncrypt"),
        (TR_31, 0x00000005, "TR_31"),
    }
}

kmip_enum! {
    /// Key Role Type enumeration (KMIP 1.0–2.1).
    KeyRoleType, "Key Role Type" {
        (BDK, 0x00000001, "BDK"),
        (CVK, 0x00000002, "CVK"),
        (DEK, 0x00000003, "DEK"),
        (MKAC, 0x00000004, "MKAC"),
        (MKSMC, 0x00000005, "MKSMC"),
        (MKSMI, 0x00000006, "MKSMI"),
        (MKDAC, 0x00000007, "MKDAC"),
        (MKDN, 0x00000008, "MKDN"),
        (MKCP, 0x00000009, "MKCP"),
        (MKOTH, 0x0000000A, "MKOTH"),
        (KEK, 0x0000000B, "KEK"),
        (MAC16609, 0x0000000C, "MAC16609"),
        (MAC97971, 0x0000000D, "MAC97971"),
        (MAC97972, 0x0000000E, "MAC97972"),
        (MAC97973, 0x0000000F, "MAC97973"),
        (MAC97974, 0x00000010, "MAC97974"),
        (MAC97975, 0x00000011, "MAC97975"),
        (ZPK, 0x00000012, "ZPK"),
        (PVKIBM, 0x00000013, "PVKIBM"),
        (PVKPVV, 0x00000014, "PVKPVV"),
        (PVKOTH, 0x00000015, "PVKOTH"),
        (DUKPT, 0x00000016, "DUKPT"),
        (IV, 0x00000017, "IV"),
        (TRKBK, 0x00000018, "TRKBK"),
    }
}
