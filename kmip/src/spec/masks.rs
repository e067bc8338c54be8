//! The KMIP bit masks: Integers whose bits have names. The XML encoding writes them as
//! space-separated bit names (`value="Encrypt Decrypt"`).

kmip_mask! {
    /// Cryptographic Usage Mask (KMIP 1.0–2.1): what a key may be used for.
    CryptographicUsageMask, "Cryptographic Usage Mask" {
        (SIGN, 0x00000001, "Sign"),
        (VERIFY, 0x00000002, "Verify"),
        (ENCRYPT, 0x00000004, "Encrypt"),
        (DECRYPT, 0x00000008, "Decrypt"),
        (WRAP_KEY, 0x00000010, "WrapKey"),
        (UNWRAP_KEY, 0x00000020, "UnwrapKey"),
        // KMIP 1.x only; (Reserved) in 2.x.
        (EXPORT, 0x00000040, "Export"),
        (MAC_GENERATE, 0x00000080, "MACGenerate"),
        (MAC_VERIFY, 0x00000100, "MACVerify"),
        (DERIVE_KEY, 0x00000200, "DeriveKey"),
        // KMIP 1.x only; (Reserved) in 2.x.
        (CONTENT_COMMITMENT, 0x00000400, "ContentCommitment"),
        (KEY_AGREEMENT, 0x00000800, "KeyAgreement"),
        (CERTIFICATE_SIGN, 0x00001000, "CertificateSign"),
        (CRL_SIGN, 0x00002000, "CRLSign"),
        // KMIP 1.x only; (Reserved) in 2.x.
        (GENERATE_CRYPTOGRAM, 0x00004000, "GenerateCryptogram"),
        // KMIP 1.x only; (Reserved) in 2.x.
        (VALIDATE_CRYPTOGRAM, 0x00008000, "ValidateCryptogram"),
        // KMIP 1.x only; (Reserved) in 2.x.
        (TRANSLATE_ENCRYPT, 0x00010000, "TranslateEncrypt"),
        // KMIP 1.x only; (Reserved) in 2.x.
        (TRANSLATE_DECRYPT, 0x00020000, "TranslateDecrypt"),
        // KMIP 1.x only; (Reserved) in 2.x.
        (TRANSLATE_WRAP, 0x00040000, "TranslateWrap"),
        // KMIP 1.x only; (Reserved) in 2.x.
        (TRANSLATE_UNWRAP, 0x00080000, "TranslateUnwrap"),
        // since KMIP 2.0.
        (AUTHENTICATE, 0x00100000, "Authenticate"),
        // since KMIP 2.0.
        (UNRESTRICTED, 0x00200000, "Unrestricted"),
        // since KMIP 2.0.
        (FPE_ENCRYPT, 0x00400000, "FPEEncrypt"),
        // since KMIP 2.0.
        (FPE_DECRYPT, 0x00800000, "FPEDecrypt"),
    }
}

kmip_mask! {
    /// Storage Status Mask (KMIP 1.0–2.1): which storage a Locate searches.
    StorageStatusMask, "Storage Status Mask" {
        (ON_LINE_STORAGE, 0x00000001, "OnLineStorage"),
        (ARCHIVAL_STORAGE, 0x00000002, "ArchivalStorage"),
        // since KMIP 2.0.
        (DESTROYED_STORAGE, 0x00000004, "DestroyedStorage"),
    }
}

kmip_mask! {
    /// Protection Storage Mask (KMIP 2.0–2.1): where an object may be stored.
    ProtectionStorageMask, "Protection Storage Mask" {
        (SOFTWARE, 0x00000001, "Software"),
        (HARDWARE, 0x00000002, "Hardware"),
        (ON_PROCESSOR, 0x00000004, "OnProcessor"),
        (ON_SYSTEM, 0x00000008, "OnSystem"),
        (OFF_SYSTEM, 0x00000010, "OffSystem"),
        (HYPERVISOR, 0x00000020, "Hypervisor"),
        (OPERATING_SYSTEM, 0x00000040, "OperatingSystem"),
        (CONTAINER, 0x00000080, "Container"),
        (ON_PREMISES, 0x00000100, "OnPremises"),
        (OFF_PREMISES, 0x00000200, "OffPremises"),
        (SELF_MANAGED, 0x00000400, "SelfManaged"),
        (OUTSOURCED, 0x00000800, "Outsourced"),
        (VALIDATED, 0x00001000, "Validated"),
        (SAME_JURISDICTION, 0x00002000, "SameJurisdiction"),
    }
}
