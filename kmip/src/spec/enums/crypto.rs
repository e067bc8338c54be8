//! Enumerations of cryptographic algorithms and parameters.
//!
//! Generated from the KMIP 1.4 and 2.1 enumeration tables (the union of both); row comments
//! mark values a version added or dropped and spellings that changed.

kmip_enum! {
    /// Cryptographic Algorithm enumeration (KMIP 1.0–2.1).
    CryptographicAlgorithm, "Cryptographic Algorithm" {
        (DES, 0x00000001, "DES"),
        (DES3, 0x00000002, "DES3"),
        (AES, 0x00000003, "AES"),
        (RSA, 0x00000004, "RSA"),
        (DSA, 0x00000005, "DSA"),
        (ECDSA, 0x00000006, "ECDSA"),
        (HMAC_SHA1, 0x00000007, "HMAC_SHA1"),
        (HMAC_SHA224, 0x00000008, "HMAC_SHA224"),
        (HMAC_SHA256, 0x00000009, "HMAC_SHA256"),
        (HMAC_SHA384, 0x0000000A, "HMAC_SHA384"),
        (HMAC_SHA512, 0x0000000B, "HMAC_SHA512"),
        (HMAC_MD5, 0x0000000C, "HMAC_MD5"),
        (DH, 0x0000000D, "DH"),
        (ECDH, 0x0000000E, "ECDH"),
        (ECMQV, 0x0000000F, "ECMQV"),
        (BLOWFISH, 0x00000010, "Blowfish"),
        (CAMELLIA, 0x00000011, "Camellia"),
        (CAST5, 0x00000012, "CAST5"),
        (IDEA, 0x00000013, "IDEA"),
        (MARS, 0x00000014, "MARS"),
        (RC2, 0x00000015, "RC2"),
        (RC4, 0x00000016, "RC4"),
        (RC5, 0x00000017, "RC5"),
        (SKIPJACK, 0x00000018, "SKIPJACK"),
        (TWOFISH, 0x00000019, "Twofish"),
        (EC, 0x0000001A, "EC"),
        (ONE_TIME_PAD, 0x0000001B, "OneTimePad"),
        (CHACHA20, 0x0000001C, "ChaCha20"),
        (POLY1305, 0x0000001D, "Poly1305"),
        (CHACHA20POLY1305, 0x0000001E, "ChaCha20Poly1305"),
        (SHA3_224, 0x0000001F, "SHA3_224"),
        (SHA3_256, 0x00000020, "SHA3_256"),
        (SHA3_384, 0x00000021, "SHA3_384"),
        (SHA3_512, 0x00000022, "SHA3_512"),
        (HMAC_SHA3_224, 0x00000023, "HMAC_SHA3_224"),
        (HMAC_SHA3_256, 0x00000024, "HMAC_SHA3_256"),
        (HMAC_SHA3_384, 0x00000025, "HMAC_SHA3_384"),
        (HMAC_SHA3_512, 0x00000026, "HMAC_SHA3_512"),
        (SHAKE_128, 0x00000027, "SHAKE_128"),
        (SHAKE_256, 0x00000028, "SHAKE_256"),
        // Added in KMIP 2.0:
        (ARIA, 0x00000029, "ARIA"),
        (SEED, 0x0000002A, "SEED"),
        (SM2, 0x0000002B, "SM2"),
        (SM3, 0x0000002C, "SM3"),
        (SM4, 0x0000002D, "SM4"),
        (GOST_R_34_10_2012, 0x0000002E, "GOSTR34_10_2012"),
        (GOST_R_34_11_2012, 0x0000002F, "GOSTR34_11_2012"),
        (GOST_R_34_13_2015, 0x00000030, "GOSTR34_13_2015"),
        (GOST_28147_89, 0x00000031, "GOST28147_89"),
        (XMSS, 0x00000032, "XMSS"),
        (SPHINCS_256, 0x00000033, "SPHINCS_256"),
        (MCELIECE, 0x00000034, "McEliece"),
        (MCELIECE_6960119, 0x00000035, "McEliece_6960119"),
        (MCELIECE_8192128, 0x00000036, "McEliece_8192128"),
        (ED25519, 0x00000037, "Ed25519"),
        (ED448, 0x00000038, "Ed448"),
    }
}

kmip_enum! {
    /// Block Cipher Mode enumeration (KMIP 1.0–2.1).
    BlockCipherMode, "Block Cipher Mode" {
        (CBC, 0x00000001, "CBC"),
        (ECB, 0x00000002, "ECB"),
        (PCBC, 0x00000003, "PCBC"),
        (CFB, 0x00000004, "CFB"),
        (OFB, 0x00000005, "OFB"),
        (CTR, 0x00000006, "CTR"),
        (CMAC, 0x00000007, "CMAC"),
        (CCM, 0x00000008, "CCM"),
        (GCM, 0x00000009, "GCM"),
        (CBC_MAC, 0x0000000A, "CBC_MAC"),
        (XTS, 0x0000000B, "XTS"),
        (AESKEYWRAPPADDING, 0x0000000C, "AESKeyWrapPadding"),
        (NISTKEYWRAP, 0x0000000D, "NISTKeyWrap"),
        (X9_102_AESKW, 0x0000000E, "X9_102AESKW"),
        (X9_102_TDKW, 0x0000000F, "X9_102TDKW"),
        (X9_102_AKW1, 0x00000010, "X9_102AKW1"),
        (X9_102_AKW2, 0x00000011, "X9_102AKW2"),
        (AEAD, 0x00000012, "AEAD"),
    }
}

kmip_enum! {
    /// Padding Method enumeration (KMIP 1.0–2.1).
    PaddingMethod, "Padding Method" {
        (NONE, 0x00000001, "None"),
        (OAEP, 0x00000002, "OAEP"),
        (PKCS5, 0x00000003, "PKCS5"),
        (SSL3, 0x00000004, "SSL3"),
        (ZEROS, 0x00000005, "Zeros"),
        (ANSI_X9_23, 0x00000006, "ANSIX9_23"),
        (ISO_10126, 0x00000007, "ISO10126"),
        (PKCS1_V1_5, 0x00000008, "PKCS1V1_5"),
        (X9_31, 0x00000009, "X9_31"),
        (PSS, 0x0000000A, "PSS"),
    }
}

kmip_enum! {
    /// Hashing Algorithm enumeration (KMIP 1.0–2.1).
    HashingAlgorithm, "Hashing Algorithm" {
        (MD2, 0x00000001, "MD2"),
        (MD4, 0x00000002, "MD4"),
        (MD5, 0x00000003, "MD5"),
        (SHA_1, 0x00000004, "SHA_1"),
        (SHA_224, 0x00000005, "SHA_224"),
        (SHA_256, 0x00000006, "SHA_256"),
        (SHA_384, 0x00000007, "SHA_384"),
        (SHA_512, 0x00000008, "SHA_512"),
        (RIPEMD_160, 0x00000009, "RIPEMD_160"),
        (TIGER, 0x0000000A, "Tiger"),
        (WHIRLPOOL, 0x0000000B, "Whirlpool"),
        (SHA_512_224, 0x0000000C, "SHA_512_224"),
        (SHA_512_256, 0x0000000D, "SHA_512_256"),
        (SHA3_224, 0x0000000E, "SHA3_224"), // 1.x/2.0 spelling "SHA_3_224" also accepted.
        (SHA3_256, 0x0000000F, "SHA3_256"), // 1.x/2.0 spelling "SHA_3_256" also accepted.
        (SHA3_384, 0x00000010, "SHA3_384"), // 1.x/2.0 spelling "SHA_3_384" also accepted.
        (SHA3_512, 0x00000011, "SHA3_512"), // 1.x/2.0 spelling "SHA_3_512" also accepted.
    }
    aliases {
        ("SHA_3_224", 0x0000000E),
        ("SHA_3_256", 0x0000000F),
        ("SHA_3_384", 0x00000010),
        ("SHA_3_512", 0x00000011),
    }
}

kmip_enum! {
    /// Digital Signature Algorithm enumeration (KMIP 1.0–2.1).
    DigitalSignatureAlgorithm, "Digital Signature Algorithm" {
        (MD2_WITH_RSA_ENCRYPTION, 0x00000001, "MD2WithRSAEncryption"),
        (MD5_WITH_RSA_ENCRYPTION, 0x00000002, "MD5WithRSAEncryption"),
        (SHA_1_WITH_RSA_ENCRYPTION, 0x00000003, "SHA_1WithRSAEncryption"),
        (SHA_224_WITH_RSA_ENCRYPTION, 0x00000004, "SHA_224WithRSAEncryption"),
        (SHA_256_WITH_RSA_ENCRYPTION, 0x00000005, "SHA_256WithRSAEncryption"),
        (SHA_384_WITH_RSA_ENCRYPTION, 0x00000006, "SHA_384WithRSAEncryption"),
        (SHA_512_WITH_RSA_ENCRYPTION, 0x00000007, "SHA_512WithRSAEncryption"),
        (RSASSA_PSS, 0x00000008, "RSASSA_PSS"),
        (DSA_WITH_SHA_1, 0x00000009, "DSAWithSHA_1"),
        (DSA_WITH_SHA224, 0x0000000A, "DSAWithSHA224"),
        (DSA_WITH_SHA256, 0x0000000B, "DSAWithSHA256"),
        (ECDSA_WITH_SHA_1, 0x0000000C, "ECDSAWithSHA_1"),
        (ECDSA_WITH_SHA224, 0x0000000D, "ECDSAWithSHA224"),
        (ECDSA_WITH_SHA256, 0x0000000E, "ECDSAWithSHA256"),
        (ECDSA_WITH_SHA384, 0x0000000F, "ECDSAWithSHA384"),
        (ECDSA_WITH_SHA512, 0x00000010, "ECDSAWithSHA512"),
        (SHA3_256_WITH_RSA_ENCRYPTION, 0x00000011, "SHA3_256WithRSAEncryption"),
        (SHA3_384_WITH_RSA_ENCRYPTION, 0x00000012, "SHA3_384WithRSAEncryption"),
        (SHA3_512_WITH_RSA_ENCRYPTION, 0x00000013, "SHA3_512WithRSAEncryption"),
    }
}

kmip_enum! {
    /// Recommended Curve enumeration (KMIP 1.0–2.1).
    RecommendedCurve, "Recommended Curve" {
        (P_192, 0x00000001, "P_192"),
        (K_163, 0x00000002, "K_163"),
        (B_163, 0x00000003, "B_163"),
        (P_224, 0x00000004, "P_224"),
        (K_233, 0x00000005, "K_233"),
        (B_233, 0x00000006, "B_233"),
        (P_256, 0x00000007, "P_256"),
        (K_283, 0x00000008, "K_283"),
        (B_283, 0x00000009, "B_283"),
        (P_384, 0x0000000A, "P_384"),
        (K_409, 0x0000000B, "K_409"),
        (B_409, 0x0000000C, "B_409"),
        (P_521, 0x0000000D, "P_521"),
        (K_571, 0x0000000E, "K_571"),
        (B_571, 0x0000000F, "B_571"),
        (SECP112R1, 0x00000010, "SECP112R1"),
        (SECP112R2, 0x00000011, "SECP112R2"),
        (SECP128R1, 0x00000012, "SECP128R1"),
        (SECP128R2, 0x00000013, "SECP128R2"),
        (SECP160K1, 0x00000014, "SECP160K1"),
        (SECP160R1, 0x00000015, "SECP160R1"),
        (SECP160R2, 0x00000016, "SECP160R2"),
        (SECP192K1, 0x00000017, "SECP192K1"),
        (SECP224K1, 0x00000018, "SECP224K1"),
        (SECP256K1, 0x00000019, "SECP256K1"),
        (SECT113R1, 0x0000001A, "SECT113R1"),
        (SECT113R2, 0x0000001B, "SECT113R2"),
        (SECT131R1, 0x0000001C, "SECT131R1"),
        (SECT131R2, 0x0000001D, "SECT131R2"),
        (SECT163R1, 0x0000001E, "SECT163R1"),
        (SECT193R1, 0x0000001F, "SECT193R1"),
        (SECT193R2, 0x00000020, "SECT193R2"),
        (SECT239K1, 0x00000021, "SECT239K1"),
        (ANSIX9P192V2, 0x00000022, "ANSIX9P192V2"),
        (ANSIX9P192V3, 0x00000023, "ANSIX9P192V3"),
        (ANSIX9P239V1, 0x00000024, "ANSIX9P239V1"),
        (ANSIX9P239V2, 0x00000025, "ANSIX9P239V2"),
        (ANSIX9P239V3, 0x00000026, "ANSIX9P239V3"),
        (ANSIX9C2PNB163V1, 0x00000027, "ANSIX9C2PNB163V1"),
        (ANSIX9C2PNB163V2, 0x00000028, "ANSIX9C2PNB163V2"),
        (ANSIX9C2PNB163V3, 0x00000029, "ANSIX9C2PNB163V3"),
        (ANSIX9C2PNB176V1, 0x0000002A, "ANSIX9C2PNB176V1"),
        (ANSIX9C2TNB191V1, 0x0000002B, "ANSIX9C2TNB191V1"),
        (ANSIX9C2TNB191V2, 0x0000002C, "ANSIX9C2TNB191V2"),
        (ANSIX9C2TNB191V3, 0x0000002D, "ANSIX9C2TNB191V3"),
        (ANSIX9C2PNB208W1, 0x0000002E, "ANSIX9C2PNB208W1"),
        (ANSIX9C2TNB239V1, 0x0000002F, "ANSIX9C2TNB239V1"),
        (ANSIX9C2TNB239V2, 0x00000030, "ANSIX9C2TNB239V2"),
        (ANSIX9C2TNB239V3, 0x00000031, "ANSIX9C2TNB239V3"),
        (ANSIX9C2PNB272W1, 0x00000032, "ANSIX9C2PNB272W1"),
        (ANSIX9C2PNB304W1, 0x00000033, "ANSIX9C2PNB304W1"),
        (ANSIX9C2TNB359V1, 0x00000034, "ANSIX9C2TNB359V1"),
        (ANSIX9C2PNB368W1, 0x00000035, "ANSIX9C2PNB368W1"),
        (ANSIX9C2TNB431R1, 0x00000036, "ANSIX9C2TNB431R1"),
        (BRAINPOOLP160R1, 0x00000037, "BRAINPOOLP160R1"),
        (BRAINPOOLP160T1, 0x00000038, "BRAINPOOLP160T1"),
        (BRAINPOOLP192R1, 0x00000039, "BRAINPOOLP192R1"),
        (BRAINPOOLP192T1, 0x0000003A, "BRAINPOOLP192T1"),
        (BRAINPOOLP224R1, 0x0000003B, "BRAINPOOLP224R1"),
        (BRAINPOOLP224T1, 0x0000003C, "BRAINPOOLP224T1"),
        (BRAINPOOLP256R1, 0x0000003D, "BRAINPOOLP256R1"),
        (BRAINPOOLP256T1, 0x0000003E, "BRAINPOOLP256T1"),
        (BRAINPOOLP320R1, 0x0000003F, "BRAINPOOLP320R1"),
        (BRAINPOOLP320T1, 0x00000040, "BRAINPOOLP320T1"),
        (BRAINPOOLP384R1, 0x00000041, "BRAINPOOLP384R1"),
        (BRAINPOOLP384T1, 0x00000042, "BRAINPOOLP384T1"),
        (BRAINPOOLP512R1, 0x00000043, "BRAINPOOLP512R1"),
        (BRAINPOOLP512T1, 0x00000044, "BRAINPOOLP512T1"),
        // Added in KMIP 2.0:
        (CURVE25519, 0x00000045, "CURVE25519"),
        (CURVE448, 0x00000046, "CURVE448"),
    }
}

kmip_enum! {
    /// Derivation Method enumeration (KMIP 1.0–2.1).
    DerivationMethod, "Derivation Method" {
        (PBKDF2, 0x00000001, "PBKDF2"),
        (HASH, 0x00000002, "HASH"),
        (HMAC, 0x00000003, "HMAC"),
        (ENCRYPT, 0x00000004, "ENCRYPT"),
        (NIST800_108_C, 0x00000005, "NIST800_108_C"),
        (NIST800_108_F, 0x00000006, "NIST800_108_F"),
        (NIST800_108_DPI, 0x00000007, "NIST800_108_DPI"),
        (ASYMMETRIC_KEY, 0x00000008, "AsymmetricKey"),
        // Added in KMIP 2.0:
        (AWS_SIGNATURE_VERSION_4, 0x00000009, "AWSSignatureVersion4"),
        (HKDF, 0x0000000A, "HKDF"),
    }
}

kmip_enum! {
    /// Mask Generator enumeration (KMIP 1.0–2.1).
    MaskGenerator, "Mask Generator" {
        (MGF1, 0x00000001, "MGF1"),
    }
}

kmip_enum! {
    /// RNG Algorithm enumeration (KMIP 1.0–2.1).
    RngAlgorithm, "RNG Algorithm" {
        (UNSPECIFIED, 0x00000001, "Unspecified"),
        (FIPS_186_2, 0x00000002, "FIPS186_2"),
        (DRBG, 0x00000003, "DRBG"),
        (NRBG, 0x00000004, "NRBG"),
        (ANSI_X9_31, 0x00000005, "ANSIX9_31"),
        (ANSI_X9_62, 0x00000006, "ANSIX9_62"),
    }
}

kmip_enum! {
    /// DRBG Algorithm enumeration (KMIP 1.0–2.1).
    DrbgAlgorithm, "DRBG Algorithm" {
        (UNSPECIFIED, 0x00000001, "Unspecified"),
        (DUAL_EC, 0x00000002, "Dual_EC"),
        (HASH, 0x00000003, "Hash"),
        (HMAC, 0x00000004, "HMAC"),
        (CTR, 0x00000005, "CTR"),
    }
}

kmip_enum! {
    /// FIPS186 Variation enumeration (KMIP 1.0–2.1).
    Fips186Variation, "FIPS186 Variation" {
        (UNSPECIFIED, 0x00000001, "Unspecified"),
        (GP_X_ORIGINAL, 0x00000002, "GPXOriginal"),
        (GP_X_CHANGE_NOTICE, 0x00000003, "GPXChangeNotice"),
        (X_ORIGINAL, 0x00000004, "XOriginal"),
        (X_CHANGE_NOTICE, 0x00000005, "XChangeNotice"),
        (K_ORIGINAL, 0x00000006, "KOriginal"),
        (K_CHANGE_NOTICE, 0x00000007, "KChangeNotice"),
    }
}

kmip_enum! {
    /// RNG Mode enumeration (KMIP 1.0–2.1).
    RngMode, "RNG Mode" {
        (UNSPECIFIED, 0x00000001, "Unspecified"),
        (SHARED_INSTANTIATION, 0x00000002, "SharedInstantiation"),
        (NON_SHARED_INSTANTIATION, 0x00000003, "NonSharedInstantiation"),
    }
}

kmip_enum! {
    /// Validation Authority Type enumeration (KMIP 1.0–2.1).
    ValidationAuthorityType, "Validation Authority Type" {
        (UNSPECIFIED, 0x00000001, "Unspecified"),
        (NIST_CMVP, 0x00000002, "NISTCMVP"),
        (COMMON_CRITERIA, 0x00000003, "CommonCriteria"),
    }
}

kmip_enum! {
    /// Validation Type enumeration (KMIP 1.0–2.1).
    ValidationType, "Validation Type" {
        (UNSPECIFIED, 0x00000001, "Unspecified"),
        (HARDWARE, 0x00000002, "Hardware"),
        (SOFTWARE, 0x00000003, "Software"),
        (FIRMWARE, 0x00000004, "Firmware"),
        (HYBRID, 0x00000005, "Hybrid"),
    }
}
