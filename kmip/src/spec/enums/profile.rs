//! The Profile Name enumeration: KMIP 1.x numbered its profiles per version (1–0x9C);
//! KMIP 2.0 started a new numbering at 0x104. The table holds both.
//!
//! Generated from the KMIP 1.4 and 2.1 enumeration tables (the union of both); row comments
//! mark values a version added or dropped and spellings that changed.

kmip_enum! {
    /// Profile Name enumeration (KMIP 1.0–2.1).
    ///
    /// KMIP 1.x numbers its profiles per version (0x01–0x9C); KMIP 2.0 starts a new
    /// numbering at 0x104. Both sets are here.
    ProfileName, "Profile Name" {
        (BASELINE_SERVER_BASIC_KMIP_V1_2, 0x00000001, "BaselineServerBasicKMIPV1_2"), // KMIP 1.x only.
        (BASELINE_SERVER_TLS_V1_2_KMIP_V1_2, 0x00000002, "BaselineServerTLSV1_2KMIPV1_2"), // KMIP 1.x only.
        (BASELINE_CLIENT_BASIC_KMIP_V1_2, 0x00000003, "BaselineClientBasicKMIPV1_2"), // KMIP 1.x only.
        (BASELINE_CLIENT_TLS_V1_2_KMIP_V1_2, 0x00000004, "BaselineClientTLSV1_2KMIPV1_2"), // KMIP 1.x only.
        (COMPLETE_SERVER_BASIC_KMIP_V1_2, 0x00000005, "CompleteServerBasicKMIPV1_2"), // KMIP 1.x only.
        (COMPLETE_SERVER_TLS_V1_2_KMIP_V1_2, 0x00000006, "CompleteServerTLSV1_2KMIPV1_2"), // KMIP 1.x only.
        (TAPE_LIBRARY_CLIENT_KMIP_V1_0, 0x00000007, "TapeLibraryClientKMIPV1_0"), // KMIP 1.x only.
        (TAPE_LIBRARY_CLIENT_KMIP_V1_1, 0x00000008, "TapeLibraryClientKMIPV1_1"), // KMIP 1.x only.
        (TAPE_LIBRARY_CLIENT_KMIP_V1_2, 0x00000009, "TapeLibraryClientKMIPV1_2"), // KMIP 1.x only.
        (TAPE_LIBRARY_SERVER_KMIP_V1_0, 0x0000000A, "TapeLibraryServerKMIPV1_0"), // KMIP 1.x only.
        (TAPE_LIBRARY_SERVER_KMIP_V1_1, 0x0000000B, "TapeLibraryServerKMIPV1_1"), // KMIP 1.x only.
        (TAPE_LIBRARY_SERVER_KMIP_V1_2, 0x0000000C, "TapeLibraryServerKMIPV1_2"), // KMIP 1.x only.
        (SYMMETRIC_KEY_LIFECYCLE_CLIENT_KMIP_V1_0, 0x0000000D, "SymmetricKeyLifecycleClientKMIPV1_0"), // KMIP 1.x only.
        (SYMMETRIC_KEY_LIFECYCLE_CLIENT_KMIP_V1_1, 0x0000000E, "SymmetricKeyLifecycleClientKMIPV1_1"), // KMIP 1.x only.
        (SYMMETRIC_KEY_LIFECYCLE_CLIENT_KMIP_V1_2, 0x0000000F, "SymmetricKeyLifecycleClientKMIPV1_2"), // KMIP 1.x only.
        (SYMMETRIC_KEY_LIFECYCLE_SERVER_KMIP_V1_0, 0x00000010, "SymmetricKeyLifecycleServerKMIPV1_0"), // KMIP 1.x only.
        (SYMMETRIC_KEY_LIFECYCLE_SERVER_KMIP_V1_1, 0x00000011, "SymmetricKeyLifecycleServerKMIPV1_1"), // KMIP 1.x only.
        (SYMMETRIC_KEY_LIFECYCLE_SERVER_KMIP_V1_2, 0x00000012, "SymmetricKeyLifecycleServerKMIPV1_2"), // KMIP 1.x only.
        (ASYMMETRIC_KEY_LIFECYCLE_CLIENT_KMIP_V1_0, 0x00000013, "AsymmetricKeyLifecycleClientKMIPV1_0"), // KMIP 1.x only.
        (ASYMMETRIC_KEY_LIFECYCLE_CLIENT_KMIP_V1_1, 0x00000014, "AsymmetricKeyLifecycleClientKMIPV1_1"), // KMIP 1.x only.
        (ASYMMETRIC_KEY_LIFECYCLE_CLIENT_KMIP_V1_2, 0x00000015, "AsymmetricKeyLifecycleClientKMIPV1_2"), // KMIP 1.x only.
        (ASYMMETRIC_KEY_LIFECYCLE_SERVER_KMIP_V1_0, 0x00000016, "AsymmetricKeyLifecycleServerKMIPV1_0"), // KMIP 1.x only.
        (ASYMMETRIC_KEY_LIFECYCLE_SERVER_KMIP_V1_1, 0x00000017, "AsymmetricKeyLifecycleServerKMIPV1_1"), // KMIP 1.x only.
        (ASYMMETRIC_KEY_LIFECYCLE_SERVER_KMIP_V1_2, 0x00000018, "AsymmetricKeyLifecycleServerKMIPV1_2"), // KMIP 1.x only.
        (BASIC_CRYPTOGRAPHIC_CLIENT_KMIP_V1_2, 0x00000019, "BasicCryptographicClientKMIPV1_2"), // KMIP 1.x only.
        (BASIC_CRYPTOGRAPHIC_SERVER_KMIP_V1_2, 0x0000001A, "BasicCryptographicServerKMIPV1_2"), // KMIP 1.x only.
        (ADVANCED_CRYPTOGRAPHIC_CLIENT_KMIP_V1_2, 0x0000001B, "AdvancedCryptographicClientKMIPV1_2"), // KMIP 1.x only.
        (ADVANCED_CRYPTOGRAPHIC_SERVER_KMIP_V1_2, 0x0000001C, "AdvancedCryptographicServerKMIPV1_2"), // KMIP 1.x only.
        (RNG_CRYPTOGRAPHIC_CLIENT_KMIP_V1_2, 0x0000001D, "RNGCryptographicClientKMIPV1_2"), // KMIP 1.x only.
        (RNG_CRYPTOGRAPHIC_SERVER_KMIP_V1_2, 0x0000001E, "RNGCryptographicServerKMIPV1_2"), // KMIP 1.x only.
        (BASIC_SYMMETRIC_KEY_FOUNDRY_CLIENT_KMIP_V1_0, 0x0000001F, "BasicSymmetricKeyFoundryClientKMIPV1_0"), // KMIP 1.x only.
        (INTERMEDIATE_SYMMETRIC_KEY_FOUNDRY_CLIENT_KMIP_V1_0, 0x00000020, "IntermediateSymmetricKeyFoundryClientKMIPV1_0"), // KMIP 1.x only.
        (ADVANCED_SYMMETRIC_KEY_FOUNDRY_CLIENT_KMIP_V1_0, 0x00000021, "AdvancedSymmetricKeyFoundryClientKMIPV1_0"), // KMIP 1.x only.
        (BASIC_SYMMETRIC_KEY_FOUNDRY_CLIENT_KMIP_V1_1, 0x00000022, "BasicSymmetricKeyFoundryClientKMIPV1_1"), // KMIP 1.x only.
        (INTERMEDIATE_SYMMETRIC_KEY_FOUNDRY_CLIENT_KMIP_V1_1, 0x00000023, "IntermediateSymmetricKeyFoundryClientKMIPV1_1"), // KMIP 1.x only.
        (ADVANCED_SYMMETRIC_KEY_FOUNDRY_CLIENT_KMIP_V1_1, 0x00000024, "AdvancedSymmetricKeyFoundryClientKMIPV1_1"), // KMIP 1.x only.
        (BASIC_SYMMETRIC_KEY_FOUNDRY_CLIENT_KMIP_V1_2, 0x00000025, "BasicSymmetricKeyFoundryClientKMIPV1_2"), // KMIP 1.x only.
        (INTERMEDIATE_SYMMETRIC_KEY_FOUNDRY_CLIENT_KMIP_V1_2, 0x00000026, "IntermediateSymmetricKeyFoundryClientKMIPV1_2"), // KMIP 1.x only.
        (ADVANCED_SYMMETRIC_KEY_FOUNDRY_CLIENT_KMIP_V1_2, 0x00000027, "AdvancedSymmetricKeyFoundryClientKMIPV1_2"), // KMIP 1.x only.
        (SYMMETRIC_KEY_FOUNDRY_SERVER_KMIP_V1_0, 0x00000028, "SymmetricKeyFoundryServerKMIPV1_0"), // KMIP 1.x only.
        (SYMMETRIC_KEY_FOUNDRY_SERVER_KMIP_V1_1, 0x00000029, "SymmetricKeyFoundryServerKMIPV1_1"), // KMIP 1.x only.
        (SYMMETRIC_KEY_FOUNDRY_SERVER_KMIP_V1_2, 0x0000002A, "SymmetricKeyFoundryServerKMIPV1_2"), // KMIP 1.x only.
        (OPAQUE_MANAGED_OBJECT_STORE_CLIENT_KMIP_V1_0, 0x0000002B, "OpaqueManagedObjectStoreClientKMIPV1_0"), // KMIP 1.x only.
        (OPAQUE_MANAGED_OBJECT_STORE_CLIENT_KMIP_V1_1, 0x0000002C, "OpaqueManagedObjectStoreClientKMIPV1_1"), // KMIP 1.x only.
        (OPAQUE_MANAGED_OBJECT_STORE_CLIENT_KMIP_V1_2, 0x0000002D, "OpaqueManagedObjectStoreClientKMIPV1_2"), // KMIP 1.x only.
        (OPAQUE_MANAGED_OBJECT_STORE_SERVER_KMIP_V1_0, 0x0000002E, "OpaqueManagedObjectStoreServerKMIPV1_0"), // KMIP 1.x only.
        (OPAQUE_MANAGED_OBJECT_STORE_SERVER_KMIP_V1_1, 0x0000002F, "OpaqueManagedObjectStoreServerKMIPV1_1"), // KMIP 1.x only.
        (OPAQUE_MANAGED_OBJECT_STORE_SERVER_KMIP_V1_2, 0x00000030, "OpaqueManagedObjectStoreServerKMIPV1_2"), // KMIP 1.x only.
        (SUITE_B_MINLOS_128_CLIENT_KMIP_V1_0, 0x00000031, "SuiteBMinLOS_128ClientKMIPV1_0"), // KMIP 1.x only.
        (SUITE_B_MINLOS_128_CLIENT_KMIP_V1_1, 0x00000032, "SuiteBMinLOS_128ClientKMIPV1_1"), // KMIP 1.x only.
        (SUITE_B_MINLOS_128_CLIENT_KMIP_V1_2, 0x00000033, "SuiteBMinLOS_128ClientKMIPV1_2"), // KMIP 1.x only.
        (SUITE_B_MINLOS_128_SERVER_KMIP_V1_0, 0x00000034, "SuiteBMinLOS_128ServerKMIPV1_0"), // KMIP 1.x only.
        (SUITE_B_MINLOS_128_SERVER_KMIP_V1_1, 0x00000035, "SuiteBMinLOS_128ServerKMIPV1_1"), // KMIP 1.x only.
        (SUITE_B_MINLOS_128_SERVER_KMIP_V1_2, 0x00000036, "SuiteBMinLOS_128ServerKMIPV1_2"), // KMIP 1.x only.
        (SUITE_B_MINLOS_192_CLIENT_KMIP_V1_0, 0x00000037, "SuiteBMinLOS_192ClientKMIPV1_0"), // KMIP 1.x only.
        (SUITE_B_MINLOS_192_CLIENT_KMIP_V1_1, 0x00000038, "SuiteBMinLOS_192ClientKMIPV1_1"), // KMIP 1.x only.
        (SUITE_B_MINLOS_192_CLIENT_KMIP_V1_2, 0x00000039, "SuiteBMinLOS_192ClientKMIPV1_2"), // KMIP 1.x only.
        (SUITE_B_MINLOS_192_SERVER_KMIP_V1_0, 0x0000003A, "SuiteBMinLOS_192ServerKMIPV1_0"), // KMIP 1.x only.
        (SUITE_B_MINLOS_192_SERVER_KMIP_V1_1, 0x0000003B, "SuiteBMinLOS_192ServerKMIPV1_1"), // KMIP 1.x only.
        (SUITE_B_MINLOS_192_SERVER_KMIP_V1_2, 0x0000003C, "SuiteBMinLOS_192ServerKMIPV1_2"), // KMIP 1.x only.
        (STORAGE_ARRAY_WITH_SELF_ENCRYPTING_DRIVE_CLIENT_KMIP_V1_0, 0x0000003D, "StorageArrayWithSelfEncryptingDriveClientKMIPV1_0"), // KMIP 1.x only.
        (STORAGE_ARRAY_WITH_SELF_ENCRYPTING_DRIVE_CLIENT_KMIP_V1_1, 0x0000003E, "StorageArrayWithSelfEncryptingDriveClientKMIPV1_1"), // KMIP 1.x only.
        (STORAGE_ARRAY_WITH_SELF_ENCRYPTING_DRIVE_CLIENT_KMIP_V1_2, 0x0000003F, "StorageArrayWithSelfEncryptingDriveClientKMIPV1_2"), // KMIP 1.x only.
        (STORAGE_ARRAY_WITH_SELF_ENCRYPTING_DRIVE_SERVER_KMIP_V1_0, 0x00000040, "StorageArrayWithSelfEncryptingDriveServerKMIPV1_0"), // KMIP 1.x only.
        (STORAGE_ARRAY_WITH_SELF_ENCRYPTING_DRIVE_SERVER_KMIP_V1_1, 0x00000041, "StorageArrayWithSelfEncryptingDriveServerKMIPV1_1"), // KMIP 1.x only.
        (STORAGE_ARRAY_WITH_SELF_ENCRYPTING_DRIVE_SERVER_KMIP_V1_2, 0x00000042, "StorageArrayWithSelfEncryptingDriveServerKMIPV1_2"), // KMIP 1.x only.
        (HTTPS_CLIENT_KMIP_V1_0, 0x00000043, "HTTPSClientKMIPV1_0"), // KMIP 1.x only.
        (HTTPS_CLIENT_KMIP_V1_1, 0x00000044, "HTTPSClientKMIPV1_1"), // KMIP 1.x only.
        (HTTPS_CLIENT_KMIP_V1_2, 0x00000045, "HTTPSClientKMIPV1_2"), // KMIP 1.x only.
        (HTTPS_SERVER_KMIP_V1_0, 0x00000046, "HTTPSServerKMIPV1_0"), // KMIP 1.x only.
        (HTTPS_SERVER_KMIP_V1_1, 0x00000047, "HTTPSServerKMIPV1_1"), // KMIP 1.x only.
        (HTTPS_SERVER_KMIP_V1_2, 0x00000048, "HTTPSServerKMIPV1_2"), // KMIP 1.x only.
        (JSON_CLIENT_KMIP_V1_0, 0x00000049, "JSONClientKMIPV1_0"), // KMIP 1.x only.
        (JSON_CLIENT_KMIP_V1_1, 0x0000004A, "JSONClientKMIPV1_1"), // KMIP 1.x only.
        (JSON_CLIENT_KMIP_V1_2, 0x0000004B, "JSONClientKMIPV1_2"), // KMIP 1.x only.
        (JSON_SERVER_KMIP_V1_0, 0x0000004C, "JSONServerKMIPV1_0"), // KMIP 1.x only.
        (JSON_SERVER_KMIP_V1_1, 0x0000004D, "JSONServerKMIPV1_1"), // KMIP 1.x only.
        (JSON_SERVER_KMIP_V1_2, 0x0000004E, "JSONServerKMIPV1_2"), // KMIP 1.x only.
        (XML_CLIENT_KMIP_V1_0, 0x0000004F, "XMLClientKMIPV1_0"), // KMIP 1.x only.
        (XML_CLIENT_KMIP_V1_1, 0x00000050, "XMLClientKMIPV1_1"), // KMIP 1.x only.
        (XML_CLIENT_KMIP_V1_2, 0x00000051, "XMLClientKMIPV1_2"), // KMIP 1.x only.
        (XML_SERVER_KMIP_V1_0, 0x00000052, "XMLServerKMIPV1_0"), // KMIP 1.x only.
        (XML_SERVER_KMIP_V1_1, 0x00000053, "XMLServerKMIPV1_1"), // KMIP 1.x only.
        (XML_SERVER_KMIP_V1_2, 0x00000054, "XMLServerKMIPV1_2"), // KMIP 1.x only.
        (BASELINE_SERVER_BASIC_KMIP_V1_3, 0x00000055, "BaselineServerBasicKMIPV1_3"), // KMIP 1.x only.
        (BASELINE_SERVER_TLS_V1_2_KMIP_V1_3, 0x00000056, "BaselineServerTLSV1_2KMIPV1_3"), // KMIP 1.x only.
        (BASELINE_CLIENT_BASIC_KMIP_V1_3, 0x00000057, "BaselineClientBasicKMIPV1_3"), // KMIP 1.x only.
        (BASELINE_CLIENT_TLS_V1_2_KMIP_V1_3, 0x00000058, "BaselineClientTLSV1_2KMIPV1_3"), // KMIP 1.x only.
        (COMPLETE_SERVER_BASIC_KMIP_V1_3, 0x00000059, "CompleteServerBasicKMIPV1_3"), // KMIP 1.x only.
        (COMPLETE_SERVER_TLS_V1_2_KMIP_V1_3, 0x0000005A, "CompleteServerTLSV1_2KMIPV1_3"), // KMIP 1.x only.
        (TAPE_LIBRARY_CLIENT_KMIP_V1_3, 0x0000005B, "TapeLibraryClientKMIPV1_3"), // KMIP 1.x only.
        (TAPE_LIBRARY_SERVER_KMIP_V1_3, 0x0000005C, "TapeLibraryServerKMIPV1_3"), // KMIP 1.x only.
        (SYMMETRIC_KEY_LIFECYCLE_CLIENT_KMIP_V1_3, 0x0000005D, "SymmetricKeyLifecycleClientKMIPV1_3"), // KMIP 1.x only.
        (SYMMETRIC_KEY_LIFECYCLE_SERVER_KMIP_V1_3, 0x0000005E, "SymmetricKeyLifecycleServerKMIPV1_3"), // KMIP 1.x only.
        (ASYMMETRIC_KEY_LIFECYCLE_CLIENT_KMIP_V1_3, 0x0000005F, "AsymmetricKeyLifecycleClientKMIPV1_3"), // KMIP 1.x only.
        (ASYMMETRIC_KEY_LIFECYCLE_SERVER_KMIP_V1_3, 0x00000060, "AsymmetricKeyLifecycleServerKMIPV1_3"), // KMIP 1.x only.
        (BASIC_CRYPTOGRAPHIC_CLIENT_KMIP_V1_3, 0x00000061, "BasicCryptographicClientKMIPV1_3"), // KMIP 1.x only.
        (BASIC_CRYPTOGRAPHIC_SERVER_KMIP_V1_3, 0x00000062, "BasicCryptographicServerKMIPV1_3"), // KMIP 1.x only.
        (ADVANCED_CRYPTOGRAPHIC_CLIENT_KMIP_V1_3, 0x00000063, "AdvancedCryptographicClientKMIPV1_3"), // KMIP 1.x only.
        (ADVANCED_CRYPTOGRAPHIC_SERVER_KMIP_V1_3, 0x00000064, "AdvancedCryptographicServerKMIPV1_3"), // KMIP 1.x only.
        (RNG_CRYPTOGRAPHIC_CLIENT_KMIP_V1_3, 0x00000065, "RNGCryptographicClientKMIPV1_3"), // KMIP 1.x only.
        (RNG_CRYPTOGRAPHIC_SERVER_KMIP_V1_3, 0x00000066, "RNGCryptographicServerKMIPV1_3"), // KMIP 1.x only.
        (BASIC_SYMMETRIC_KEY_FOUNDRY_CLIENT_KMIP_V1_3, 0x00000067, "BasicSymmetricKeyFoundryClientKMIPV1_3"), // KMIP 1.x only.
        (INTERMEDIATE_SYMMETRIC_KEY_FOUNDRY_CLIENT_KMIP_V1_3, 0x00000068, "IntermediateSymmetricKeyFoundryClientKMIPV1_3"), // KMIP 1.x only.
        (ADVANCED_SYMMETRIC_KEY_FOUNDRY_CLIENT_KMIP_V1_3, 0x00000069, "AdvancedSymmetricKeyFoundryClientKMIPV1_3"), // KMIP 1.x only.
        (SYMMETRIC_KEY_FOUNDRY_SERVER_KMIP_V1_3, 0x0000006A, "SymmetricKeyFoundryServerKMIPV1_3"), // KMIP 1.x only.
        (OPAQUE_MANAGED_OBJECT_STORE_CLIENT_KMIP_V1_3, 0x0000006B, "OpaqueManagedObjectStoreClientKMIPV1_3"), // KMIP 1.x only.
        (OPAQUE_MANAGED_OBJECT_STORE_SERVER_KMIP_V1_3, 0x0000006C, "OpaqueManagedObjectStoreServerKMIPV1_3"), // KMIP 1.x only.
        (SUITE_B_MINLOS_128_CLIENT_KMIP_V1_3, 0x0000006D, "SuiteBMinLOS_128ClientKMIPV1_3"), // KMIP 1.x only.
        (SUITE_B_MINLOS_128_SERVER_KMIP_V1_3, 0x0000006E, "SuiteBMinLOS_128ServerKMIPV1_3"), // KMIP 1.x only.
        (SUITE_B_MINLOS_192_CLIENT_KMIP_V1_3, 0x0000006F, "SuiteBMinLOS_192ClientKMIPV1_3"), // KMIP 1.x only.
        (SUITE_B_MINLOS_192_SERVER_KMIP_V1_3, 0x00000070, "SuiteBMinLOS_192ServerKMIPV1_3"), // KMIP 1.x only.
        (STORAGE_ARRAY_WITH_SELF_ENCRYPTING_DRIVE_CLIENT_KMIP_V1_3, 0x00000071, "StorageArrayWithSelfEncryptingDriveClientKMIPV1_3"), // KMIP 1.x only.
        (STORAGE_ARRAY_WITH_SELF_ENCRYPTING_DRIVE_SERVER_KMIP_V1_3, 0x00000072, "StorageArrayWithSelfEncryptingDriveServerKMIPV1_3"), // KMIP 1.x only.
        (HTTPS_CLIENT_KMIP_V1_3, 0x00000073, "HTTPSClientKMIPV1_3"), // KMIP 1.x only.
        (HTTPS_SERVER_KMIP_V1_3, 0x00000074, "HTTPSServerKMIPV1_3"), // KMIP 1.x only.
        (JSON_CLIENT_KMIP_V1_3, 0x00000075, "JSONClientKMIPV1_3"), // KMIP 1.x only.
        (JSON_SERVER_KMIP_V1_3, 0x00000076, "JSONServerKMIPV1_3"), // KMIP 1.x only.
        (XML_CLIENT_KMIP_V1_3, 0x00000077, "XMLClientKMIPV1_3"), // KMIP 1.x only.
        (XML_SERVER_KMIP_V1_3, 0x00000078, "XMLServerKMIPV1_3"), // KMIP 1.x only.
        (BASELINE_SERVER_BASIC_KMIP_V1_4, 0x00000079, "BaselineServerBasicKMIPV1_4"), // KMIP 1.x only.
        (BASELINE_SERVER_TLS_V1_2_KMIP_V1_4, 0x0000007A, "BaselineServerTLSV1_2KMIPV1_4"), // KMIP 1.x only.
        (BASELINE_CLIENT_BASIC_KMIP_V1_4, 0x0000007B, "BaselineClientBasicKMIPV1_4"), // KMIP 1.x only.
        (BASELINE_CLIENT_TLS_V1_2_KMIP_V1_4, 0x0000007C, "BaselineClientTLSV1_2KMIPV1_4"), // KMIP 1.x only.
        (COMPLETE_SERVER_BASIC_KMIP_V1_4, 0x0000007D, "CompleteServerBasicKMIPV1_4"), // KMIP 1.x only.
        (COMPLETE_SERVER_TLS_V1_2_KMIP_V1_4, 0x0000007E, "CompleteServerTLSV1_2KMIPV1_4"), // KMIP 1.x only.
        (TAPE_LIBRARY_CLIENT_KMIP_V1_4, 0x0000007F, "TapeLibraryClientKMIPV1_4"), // KMIP 1.x only.
        (TAPE_LIBRARY_SERVER_KMIP_V1_4, 0x00000080, "TapeLibraryServerKMIPV1_4"), // KMIP 1.x only.
        (SYMMETRIC_KEY_LIFECYCLE_CLIENT_KMIP_V1_4, 0x00000081, "SymmetricKeyLifecycleClientKMIPV1_4"), // KMIP 1.x only.
        (SYMMETRIC_KEY_LIFECYCLE_SERVER_KMIP_V1_4, 0x00000082, "SymmetricKeyLifecycleServerKMIPV1_4"), // KMIP 1.x only.
        (ASYMMETRIC_KEY_LIFECYCLE_CLIENT_KMIP_V1_4, 0x00000083, "AsymmetricKeyLifecycleClientKMIPV1_4"), // KMIP 1.x only.
        (ASYMMETRIC_KEY_LIFECYCLE_SERVER_KMIP_V1_4, 0x00000084, "AsymmetricKeyLifecycleServerKMIPV1_4"), // KMIP 1.x only.
        (BASIC_CRYPTOGRAPHIC_CLIENT_KMIP_V1_4, 0x00000085, "BasicCryptographicClientKMIPV1_4"), // KMIP 1.x only.
        (BASIC_CRYPTOGRAPHIC_SERVER_KMIP_V1_4, 0x00000086, "BasicCryptographicServerKMIPV1_4"), // KMIP 1.x only.
        (ADVANCED_CRYPTOGRAPHIC_CLIENT_KMIP_V1_4, 0x00000087, "AdvancedCryptographicClientKMIPV1_4"), // KMIP 1.x only.
        (ADVANCED_CRYPTOGRAPHIC_SERVER_KMIP_V1_4, 0x00000088, "AdvancedCryptographicServerKMIPV1_4"), // KMIP 1.x only.
        (RNG_CRYPTOGRAPHIC_CLIENT_KMIP_V1_4, 0x00000089, "RNGCryptographicClientKMIPV1_4"), // KMIP 1.x only.
        (RNG_CRYPTOGRAPHIC_SERVER_KMIP_V1_4, 0x0000008A, "RNGCryptographicServerKMIPV1_4"), // KMIP 1.x only.
        (BASIC_SYMMETRIC_KEY_FOUNDRY_CLIENT_KMIP_V1_4, 0x0000008B, "BasicSymmetricKeyFoundryClientKMIPV1_4"), // KMIP 1.x only.
        (INTERMEDIATE_SYMMETRIC_KEY_FOUNDRY_CLIENT_KMIP_V1_4, 0x0000008C, "IntermediateSymmetricKeyFoundryClientKMIPV1_4"), // KMIP 1.x only.
        (ADVANCED_SYMMETRIC_KEY_FOUNDRY_CLIENT_KMIP_V1_4, 0x0000008D, "AdvancedSymmetricKeyFoundryClientKMIPV1_4"), // KMIP 1.x only.
        (SYMMETRIC_KEY_FOUNDRY_SERVER_KMIP_V1_4, 0x0000008E, "SymmetricKeyFoundryServerKMIPV1_4"), // KMIP 1.x only.
        (OPAQUE_MANAGED_OBJECT_STORE_CLIENT_KMIP_V1_4, 0x0000008F, "OpaqueManagedObjectStoreClientKMIPV1_4"), // KMIP 1.x only.
        (OPAQUE_MANAGED_OBJECT_STORE_SERVER_KMIP_V1_4, 0x00000090, "OpaqueManagedObjectStoreServerKMIPV1_4"), // KMIP 1.x only.
        (SUITE_B_MINLOS_128_CLIENT_KMIP_V1_4, 0x00000091, "SuiteBMinLOS_128ClientKMIPV1_4"), // KMIP 1.x only.
        (SUITE_B_MINLOS_128_SERVER_KMIP_V1_4, 0x00000092, "SuiteBMinLOS_128ServerKMIPV1_4"), // KMIP 1.x only.
        (SUITE_B_MINLOS_192_CLIENT_KMIP_V1_4, 0x00000093, "SuiteBMinLOS_192ClientKMIPV1_4"), // KMIP 1.x only.
        (SUITE_B_MINLOS_192_SERVER_KMIP_V1_4, 0x00000094, "SuiteBMinLOS_192ServerKMIPV1_4"), // KMIP 1.x only.
        (STORAGE_ARRAY_WITH_SELF_ENCRYPTING_DRIVE_CLIENT_KMIP_V1_4, 0x00000095, "StorageArrayWithSelfEncryptingDriveClientKMIPV1_4"), // KMIP 1.x only.
        (STORAGE_ARRAY_WITH_SELF_ENCRYPTING_DRIVE_SERVER_KMIP_V1_4, 0x00000096, "StorageArrayWithSelfEncryptingDriveServerKMIPV1_4"), // KMIP 1.x only.
        (HTTPS_CLIENT_KMIP_V1_4, 0x00000097, "HTTPSClientKMIPV1_4"), // KMIP 1.x only.
        (HTTPS_SERVER_KMIP_V1_4, 0x00000098, "HTTPSServerKMIPV1_4"), // KMIP 1.x only.
        (JSON_CLIENT_KMIP_V1_4, 0x00000099, "JSONClientKMIPV1_4"), // KMIP 1.x only.
        (JSON_SERVER_KMIP_V1_4, 0x0000009A, "JSONServerKMIPV1_4"), // KMIP 1.x only.
        (XML_CLIENT_KMIP_V1_4, 0x0000009B, "XMLClientKMIPV1_4"), // KMIP 1.x only.
        (XML_SERVER_KMIP_V1_4, 0x0000009C, "XMLServerKMIPV1_4"), // KMIP 1.x only.
        // Added in KMIP 2.0:
        (COMPLETE_SERVER_BASIC, 0x00000104, "CompleteServerBasic"),
        (COMPLETE_SERVER_TLS_V1_2, 0x00000105, "CompleteServerTLSV1_2"),
        (TAPE_LIBRARY_CLIENT, 0x00000106, "TapeLibraryClient"),
        (TAPE_LIBRARY_SERVER, 0x00000107, "TapeLibraryServer"),
        (SYMMETRIC_KEY_LIFECYCLE_CLIENT, 0x00000108, "SymmetricKeyLifecycleClient"),
        (SYMMETRIC_KEY_LIFECYCLE_SERVER, 0x00000109, "SymmetricKeyLifecycleServer"),
        (ASYMMETRIC_KEY_LIFECYCLE_CLIENT, 0x0000010A, "AsymmetricKeyLifecycleClient"),
        (ASYMMETRIC_KEY_LIFECYCLE_SERVER, 0x0000010B, "AsymmetricKeyLifecycleServer"),
        (BASIC_CRYPTOGRAPHIC_CLIENT, 0x0000010C, "BasicCryptographicClient"),
        (BASIC_CRYPTOGRAPHIC_SERVER, 0x0000010D, "BasicCryptographicServer"),
        (ADVANCED_CRYPTOGRAPHIC_CLIENT, 0x0000010E, "AdvancedCryptographicClient"),
        (ADVANCED_CRYPTOGRAPHIC_SERVER, 0x0000010F, "AdvancedCryptographicServer"),
        (RNG_CRYPTOGRAPHIC_CLIENT, 0x00000110, "RNGCryptographicClient"),
        (RNG_CRYPTOGRAPHIC_SERVER, 0x00000111, "RNGCryptographicServer"),
        (BASIC_SYMMETRIC_KEY_FOUNDRY_CLIENT, 0x00000112, "BasicSymmetricKeyFoundryClient"),
        (INTERMEDIATE_SYMMETRIC_KEY_FOUNDRY_CLIENT, 0x00000113, "IntermediateSymmetricKeyFoundryClient"),
        (ADVANCED_SYMMETRIC_KEY_FOUNDRY_CLIENT, 0x00000114, "AdvancedSymmetricKeyFoundryClient"),
        (SYMMETRIC_KEY_FOUNDRY_SERVER, 0x00000115, "SymmetricKeyFoundryServer"),
        (OPAQUE_MANAGED_OBJECT_STORE_CLIENT, 0x00000116, "OpaqueManagedObjectStoreClient"),
        (OPAQUE_MANAGED_OBJECT_STORE_SERVER, 0x00000117, "OpaqueManagedObjectStoreServer"),
        // Defined since KMIP 1.x:
        (SUITE_B_MINLOS_128_CLIENT, 0x00000118, "SuiteBMinLOS_128Client"), // KMIP 1.x only; (Reserved) in 2.x.
        (SUITE_B_MINLOS_128_SERVER, 0x00000119, "SuiteBMinLOS_128Server"), // KMIP 1.x only; (Reserved) in 2.x.
        (SUITE_B_MINLOS_192_CLIENT, 0x0000011A, "SuiteBMinLOS_192Client"), // KMIP 1.x only; (Reserved) in 2.x.
        (SUITE_B_MINLOS_192_SERVER, 0x0000011B, "SuiteBMinLOS_192Server"), // KMIP 1.x only; (Reserved) in 2.x.
        // Added in KMIP 2.0:
        (STORAGE_ARRAY_WITH_SELF_ENCRYPTING_DRIVE_CLIENT, 0x0000011C, "StorageArrayWithSelfEncryptingDriveClient"),
        (STORAGE_ARRAY_WITH_SELF_ENCRYPTING_DRIVE_SERVER, 0x0000011D, "StorageArrayWithSelfEncryptingDriveServer"),
        (HTTPS_CLIENT, 0x0000011E, "HTTPSClient"),
        (HTTPS_SERVER, 0x0000011F, "HTTPSServer"),
        (JSON_CLIENT, 0x00000120, "JSONClient"),
        (JSON_SERVER, 0x00000121, "JSONServer"),
        (XML_CLIENT, 0x00000122, "XMLClient"),
        (XML_SERVER, 0x00000123, "XMLServer"),
        (AES_XTS_CLIENT, 0x00000124, "AESXTSClient"),
        (AES_XTS_SERVER, 0x00000125, "AESXTSServer"),
        (QUANTUM_SAFE_CLIENT, 0x00000126, "QuantumSafeClient"),
        (QUANTUM_SAFE_SERVER, 0x00000127, "QuantumSafeServer"),
        (PKCS_11_CLIENT, 0x00000128, "PKCS_11Client"),
        (PKCS_11_SERVER, 0x00000129, "PKCS_11Server"),
        (BASELINE_CLIENT, 0x0000012A, "BaselineClient"),
        (BASELINE_SERVER, 0x0000012B, "BaselineServer"),
        (COMPLETE_SERVER, 0x0000012C, "CompleteServer"),
    }
}
