//! Enumerations of the message layer: operations, results, batches, queries, credentials.
//!
//! Generated from the KMIP 1.4 and 2.1 enumeration tables (the union of both); row comments
//! mark values a version added or dropped and spellings that changed.

kmip_enum! {
    /// Operation enumeration (KMIP 1.0–2.1).
    Operation, "Operation" {
        (CREATE, 0x00000001, "Create"),
        (CREATE_KEY_PAIR, 0x00000002, "CreateKeyPair"),
        (REGISTER, 0x00000003, "Register"),
        (RE_KEY, 0x00000004, "ReKey"),
        (DERIVE_KEY, 0x00000005, "DeriveKey"),
        (CERTIFY, 0x00000006, "Certify"),
        (RE_CERTIFY, 0x00000007, "ReCertify"),
        (LOCATE, 0x00000008, "Locate"),
        (CHECK, 0x00000009, "Check"),
        (GET, 0x0000000A, "Get"),
        (GET_ATTRIBUTES, 0x0000000B, "GetAttributes"),
        (GET_ATTRIBUTE_LIST, 0x0000000C, "GetAttributeList"),
        (ADD_ATTRIBUTE, 0x0000000D, "AddAttribute"),
        (MODIFY_ATTRIBUTE, 0x0000000E, "ModifyAttribute"),
        (DELETE_ATTRIBUTE, 0x0000000F, "DeleteAttribute"),
        (OBTAIN_LEASE, 0x00000010, "ObtainLease"),
        (GET_USAGE_ALLOCATION, 0x00000011, "GetUsageAllocation"),
        (ACTIVATE, 0x00000012, "Activate"),
        (REVOKE, 0x00000013, "Revoke"),
        (DESTROY, 0x00000014, "Destroy"),
        (ARCHIVE, 0x00000015, "Archive"),
        (RECOVER, 0x00000016, "Recover"),
        (VALIDATE, 0x00000017, "Validate"),
        (QUERY, 0x00000018, "Query"),
        (CANCEL, 0x00000019, "Cancel"),
        (POLL, 0x0000001A, "Poll"),
        (NOTIFY, 0x0000001B, "Notify"),
        (PUT, 0x0000001C, "Put"),
        (RE_KEY_KEY_PAIR, 0x0000001D, "ReKeyKeyPair"),
        (DISCOVER_VERSIONS, 0x0000001E, "DiscoverVersions"),
        (ENCRYPT, 0x0000001F, "Encrypt"),
        (DECRYPT, 0x00000020, "Decrypt"),
        (SIGN, 0x00000021, "Sign"),
        (SIGNATURE_VERIFY, 0x00000022, "SignatureVerify"),
        (MAC, 0x00000023, "MAC"),
        (MAC_VERIFY, 0x00000024, "MACVerify"),
        (RNG_RETRIEVE, 0x00000025, "RNGRetrieve"),
        (RNG_SEED, 0x00000026, "RNGSeed"),
        (HASH, 0x00000027, "Hash"),
        (CREATE_SPLIT_KEY, 0x00000028, "CreateSplitKey"),
        (JOIN_SPLIT_KEY, 0x00000029, "JoinSplitKey"),
        (IMPORT, 0x0000002A, "Import"),
        (EXPORT, 0x0000002B, "Export"),
        // Added in KMIP 2.0:
        (LOG, 0x0000002C, "Log"),
        (LOGIN, 0x0000002D, "Login"),
        (LOGOUT, 0x0000002E, "Logout"),
        (DELEGATED_LOGIN, 0x0000002F, "DelegatedLogin"),
        (ADJUST_ATTRIBUTE, 0x00000030, "AdjustAttribute"),
        (SET_ATTRIBUTE, 0x00000031, "SetAttribute"),
        (SET_ENDPOINT_ROLE, 0x00000032, "SetEndpointRole"),
        (PKCS_11, 0x00000033, "PKCS_11"),
        (INTEROP, 0x00000034, "Interop"),
        (RE_PROVISION, 0x00000035, "ReProvision"),
        // Added in KMIP 2.1:
        (SET_DEFAULTS, 0x00000036, "SetDefaults"),
        (SET_CONSTRAINTS, 0x00000037, "SetConstraints"),
        (GET_CONSTRAINTS, 0x00000038, "GetConstraints"),
        (QUERY_ASYNCHRONOUS_REQUESTS, 0x00000039, "QueryAsynchronousRequests"),
        (PROCESS, 0x0000003A, "Process"),
        (PING, 0x0000003B, "Ping"),
    }
}

kmip_enum! {
    /// Result Status enumeration (KMIP 1.0–2.1).
    ResultStatus, "Result Status" {
        (SUCCESS, 0x00000000, "Success"),
        (OPERATION_FAILED, 0x00000001, "OperationFailed"),
        (OPERATION_PENDING, 0x00000002, "OperationPending"),
        (OPERATION_UNDONE, 0x00000003, "OperationUndone"),
    }
}

kmip_enum! {
    /// Result Reason enumeration (KMIP 1.0–2.1).
    ///
    /// KMIP 2.0 added most reasons (0x19–0x47) and 2.1 a few more; 2.x reserves
    /// Illegal Operation and Index Out of Bounds.
    ResultReason, "Result Reason" {
        (ITEM_NOT_FOUND, 0x00000001, "ItemNotFound"),
        (RESPONSE_TOO_LARGE, 0x00000002, "ResponseTooLarge"),
        (AUTHENTICATION_NOT_SUCCESSFUL, 0x00000003, "AuthenticationNotSuccessful"),
        (INVALID_MESSAGE, 0x00000004, "InvalidMessage"),
        (OPERATION_NOT_SUPPORTED, 0x00000005, "OperationNotSupported"),
        (MISSING_DATA, 0x00000006, "MissingData"),
        (INVALID_FIELD, 0x00000007, "InvalidField"),
        (FEATURE_NOT_SUPPORTED, 0x00000008, "FeatureNotSupported"),
        (OPERATION_CANCELED_BY_REQUESTER, 0x00000009, "OperationCanceledByRequester"),
        (CRYPTOGRAPHIC_FAILURE, 0x0000000A, "CryptographicFailure"),
        (ILLEGAL_OPERATION, 0x0000000B, "IllegalOperation"), // KMIP 1.x only; (Reserved) in 2.x.
        (PERMISSION_DENIED, 0x0000000C, "PermissionDenied"),
        (OBJECT_ARCHIVED, 0x0000000D, "ObjectArchived"),
        (INDEX_OUT_OF_BOUNDS, 0x0000000E, "IndexOutOfBounds"), // KMIP 1.x only; (Reserved) in 2.x.
        (APPLICATION_NAMESPACE_NOT_SUPPORTED, 0x0000000F, "ApplicationNamespaceNotSupported"),
        (KEY_FORMAT_TYPE_NOT_SUPPORTED, 0x00000010, "KeyFormatTypeNotSupported"),
        (KEY_COMPRESSION_TYPE_NOT_SUPPORTED, 0x00000011, "KeyCompressionTypeNotSupported"),
        (ENCODING_OPTION_ERROR, 0x00000012, "EncodingOptionError"),
        (KEY_VALUE_NOT_PRESENT, 0x00000013, "KeyValueNotPresent"),
        (ATTESTATION_REQUIRED, 0x00000014, "AttestationRequired"),
        (ATTESTATION_FAILED, 0x00000015, "AttestationFailed"),
        (SENSITIVE, 0x00000016, "Sensitive"),
        (NOT_EXTRACTABLE, 0x00000017, "NotExtractable"),
        (OBJECT_ALREADY_EXISTS, 0x00000018, "ObjectAlreadyExists"),
        // Added in KMIP 2.0:
        (INVALID_TICKET, 0x00000019, "InvalidTicket"),
        (USAGE_LIMIT_EXCEEDED, 0x0000001A, "UsageLimitExceeded"),
        (NUMERIC_RANGE, 0x0000001B, "NumericRange"),
        (INVALID_DATA_TYPE, 0x0000001C, "InvalidDataType"),
        (READ_ONLY_ATTRIBUTE, 0x0000001D, "ReadOnlyAttribute"),
        (MULTI_VALUED_ATTRIBUTE, 0x0000001E, "MultiValuedAttribute"),
        (UNSUPPORTED_ATTRIBUTE, 0x0000001F, "UnsupportedAttribute"),
        (ATTRIBUTE_INSTANCE_NOT_FOUND, 0x00000020, "AttributeInstanceNotFound"),
        (ATTRIBUTE_NOT_FOUND, 0x00000021, "AttributeNotFound"),
        (ATTRIBUTE_READ_ONLY, 0x00000022, "AttributeReadOnly"),
        (ATTRIBUTE_SINGLE_VALUED, 0x00000023, "AttributeSingleValued"),
        (BAD_CRYPTOGRAPHIC_PARAMETERS, 0x00000024, "BadCryptographicParameters"),
        (BAD_PASSWORD, 0x00000025, "BadPassword"),
        (CODEC_ERROR, 0x00000026, "CodecError"),
        (ILLEGAL_OBJECT_TYPE, 0x00000028, "IllegalObjectType"),
        (INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK, 0x00000029, "IncompatibleCryptographicUsageMask"),
        (INTERNAL_SERVER_ERROR, 0x0000002A, "InternalServerError"),
        (INVALID_ASYNCHRONOUS_CORRELATION_VALUE, 0x0000002B, "InvalidAsynchronousCorrelationValue"),
        (INVALID_ATTRIBUTE, 0x0000002C, "InvalidAttribute"),
        (INVALID_ATTRIBUTE_VALUE, 0x0000002D, "InvalidAttributeValue"),
        (INVALID_CORRELATION_VALUE, 0x0000002E, "InvalidCorrelationValue"),
        (INVALID_CSR, 0x0000002F, "InvalidCSR"),
        (INVALID_OBJECT_TYPE, 0x00000030, "InvalidObjectType"),
        (KEY_WRAP_TYPE_NOT_SUPPORTED, 0x00000032, "KeyWrapTypeNotSupported"),
        (MISSING_INITIALIZATION_VECTOR, 0x00000034, "MissingInitializationVector"),
        (NON_UNIQUE_NAME_ATTRIBUTE, 0x00000035, "NonUniqueNameAttribute"),
        (OBJECT_DESTROYED, 0x00000036, "ObjectDestroyed"),
        (OBJECT_NOT_FOUND, 0x00000037, "ObjectNotFound"),
        // Defined since KMIP 1.x:
        (NOT_AUTHORISED, 0x00000039, "NotAuthorised"), // 1.x/2.0 spelling "NotAuthorized" also accepted; since KMIP 2.0.
        // Added in KMIP 2.0:
        (SERVER_LIMIT_EXCEEDED, 0x0000003A, "ServerLimitExceeded"),
        (UNKNOWN_ENUMERATION, 0x0000003B, "UnknownEnumeration"),
        (UNKNOWN_MESSAGE_EXTENSION, 0x0000003C, "UnknownMessageExtension"),
        (UNKNOWN_TAG, 0x0000003D, "UnknownTag"),
        (UNSUPPORTED_CRYPTOGRAPHIC_PARAMETERS, 0x0000003E, "UnsupportedCryptographicParameters"),
        (UNSUPPORTED_PROTOCOL_VERSION, 0x0000003F, "UnsupportedProtocolVersion"),
        (WRAPPING_OBJECT_ARCHIVED, 0x00000040, "WrappingObjectArchived"),
        (WRAPPING_OBJECT_DESTROYED, 0x00000041, "WrappingObjectDestroyed"),
        (WRAPPING_OBJECT_NOT_FOUND, 0x00000042, "WrappingObjectNotFound"),
        (WRONG_KEY_LIFECYCLE_STATE, 0x00000043, "WrongKeyLifecycleState"),
        (PROTECTION_STORAGE_UNAVAILABLE, 0x00000044, "ProtectionStorageUnavailable"),
        (PKCS_11_CODEC_ERROR, 0x00000045, "PKCS_11CodecError"),
        (PKCS_11_INVALID_FUNCTION, 0x00000046, "PKCS_11InvalidFunction"),
        (PKCS_11_INVALID_INTERFACE, 0x00000047, "PKCS_11InvalidInterface"),
        // Added in KMIP 2.1:
        (PRIVATE_PROTECTION_STORAGE_UNAVAILABLE, 0x00000048, "PrivateProtectionStorageUnavailable"),
        (PUBLIC_PROTECTION_STORAGE_UNAVAILABLE, 0x00000049, "PublicProtectionStorageUnavailable"),
        (UNKNOWN_OBJECT_GROUP, 0x0000004A, "UnknownObjectGroup"),
        (CONSTRAINT_VIOLATION, 0x0000004B, "ConstraintViolation"),
        (DUPLICATE_PROCESS_REQUEST, 0x0000004C, "DuplicateProcessRequest"),
        // Defined since KMIP 1.x:
        (GENERAL_FAILURE, 0x00000100, "GeneralFailure"),
    }
    aliases {
        ("NotAuthorized", 0x00000039),
    }
}

kmip_enum! {
    /// Batch Error Continuation Option enumeration (KMIP 1.0–2.1).
    BatchErrorContinuationOption, "Batch Error Continuation Option" {
        (CONTINUE, 0x00000001, "Continue"),
        (STOP, 0x00000002, "Stop"),
        (UNDO, 0x00000003, "Undo"),
    }
}

kmip_enum! {
    /// Query Function enumeration (KMIP 1.0–2.1).
    QueryFunction, "Query Function" {
        (QUERY_OPERATIONS, 0x00000001, "QueryOperations"),
        (QUERY_OBJECTS, 0x00000002, "QueryObjects"),
        (QUERY_SERVER_INFORMATION, 0x00000003, "QueryServerInformation"),
        (QUERY_APPLICATION_NAMESPACES, 0x00000004, "QueryApplicationNamespaces"),
        (QUERY_EXTENSION_LIST, 0x00000005, "QueryExtensionList"),
        (QUERY_EXTENSION_MAP, 0x00000006, "QueryExtensionMap"),
        (QUERY_ATTESTATION_TYPES, 0x00000007, "QueryAttestationTypes"),
        (QUERY_RNGS, 0x00000008, "QueryRNGs"),
        (QUERY_VALIDATIONS, 0x00000009, "QueryValidations"),
        (QUERY_PROFILES, 0x0000000A, "QueryProfiles"),
        (QUERY_CAPABILITIES, 0x0000000B, "QueryCapabilities"),
        (QUERY_CLIENT_REGISTRATION_METHODS, 0x0000000C, "QueryClientRegistrationMethods"),
        // Added in KMIP 2.0:
        (QUERY_DEFAULTS_INFORMATION, 0x0000000D, "QueryDefaultsInformation"),
        (QUERY_STORAGE_PROTECTION_MASKS, 0x0000000E, "QueryStorageProtectionMasks"),
    }
}

kmip_enum! {
    /// Cancellation Result enumeration (KMIP 1.0–2.1).
    CancellationResult, "Cancellation Result" {
        (CANCELED, 0x00000001, "Canceled"),
        (UNABLE_TO_CANCEL, 0x00000002, "UnableToCancel"),
        (COMPLETED, 0x00000003, "Completed"),
        (FAILED, 0x00000004, "Failed"),
        (UNAVAILABLE, 0x00000005, "Unavailable"),
    }
}

kmip_enum! {
    /// Put Function enumeration (KMIP 1.0–2.1).
    PutFunction, "Put Function" {
        (NEW, 0x00000001, "New"),
        (REPLACE, 0x00000002, "Replace"),
    }
}

kmip_enum! {
    /// Asynchronous Indicator enumeration (KMIP 2.0–2.1).
    ///
    /// A Boolean in KMIP 1.x; this Enumeration since 2.0 (the item type tells which).
    AsynchronousIndicator, "Asynchronous Indicator" {
        (MANDATORY, 0x00000001, "Mandatory"),
        (OPTIONAL, 0x00000002, "Optional"),
        (PROHIBITED, 0x00000003, "Prohibited"),
    }
}

kmip_enum! {
    /// Processing Stage enumeration (KMIP 2.1).
    ProcessingStage, "Processing Stage" {
        (SUBMITTED, 0x00000001, "Submitted"),
        (IN_PROCESS, 0x00000002, "InProcess"),
        (COMPLETED, 0x00000003, "Completed"),
    }
}

kmip_enum! {
    /// Endpoint Role enumeration (KMIP 2.0–2.1).
    EndpointRole, "Endpoint Role" {
        (CLIENT, 0x00000001, "Client"),
        (SERVER, 0x00000002, "Server"),
    }
}

kmip_enum! {
    /// Interop Function enumeration (KMIP 2.0–2.1).
    InteropFunction, "Interop Function" {
        (BEGIN, 0x00000001, "Begin"),
        (END, 0x00000002, "End"),
        (RESET, 0x00000003, "Reset"),
    }
}

kmip_enum! {
    /// Adjustment Type enumeration (KMIP 2.0–2.1).
    AdjustmentType, "Adjustment Type" {
        (INCREMENT, 0x00000001, "Increment"),
        (DECREMENT, 0x00000002, "Decrement"),
        (NEGATE, 0x00000003, "Negate"),
    }
}

kmip_enum! {
    /// Ticket Type enumeration (KMIP 2.0–2.1).
    TicketType, "Ticket Type" {
        (LOGIN, 0x00000001, "Login"),
    }
}

kmip_enum! {
    /// Data enumeration (KMIP 2.0–2.1).
    DataEnum, "Data" {
        (DECRYPT, 0x00000001, "Decrypt"),
        (ENCRYPT, 0x00000002, "Encrypt"),
        (HASH, 0x00000003, "Hash"),
        (MAC_MAC_DATA, 0x00000004, "MACMACData"),
        (RNG_RETRIEVE, 0x00000005, "RNGRetrieve"),
        (SIGN_SIGNATURE_DATA, 0x00000006, "SignSignatureData"),
        (SIGNATURE_VERIFY, 0x00000007, "SignatureVerify"),
    }
}

kmip_enum! {
    /// Unique Identifier enumeration (KMIP 2.0–2.1).
    ///
    /// The KMIP 2.x placeholders a Unique Identifier (or Linked Object Identifier) may hold
    /// as an Enumeration instead of a Text String.
    UniqueIdentifierEnum, "Unique Identifier" {
        (ID_PLACEHOLDER, 0x00000001, "IDPlaceholder"),
        (CERTIFY, 0x00000002, "Certify"),
        (CREATE, 0x00000003, "Create"),
        (CREATE_KEY_PAIR, 0x00000004, "CreateKeyPair"),
        (CREATE_KEY_PAIR_PRIVATE_KEY, 0x00000005, "CreateKeyPairPrivateKey"),
        (CREATE_KEY_PAIR_PUBLIC_KEY, 0x00000006, "CreateKeyPairPublicKey"),
        (CREATE_SPLIT_KEY, 0x00000007, "CreateSplitKey"),
        (DERIVE_KEY, 0x00000008, "DeriveKey"),
        (IMPORT, 0x00000009, "Import"),
        (JOIN_SPLIT_KEY, 0x0000000A, "JoinSplitKey"),
        (LOCATE, 0x0000000B, "Locate"),
        (REGISTER, 0x0000000C, "Register"),
        (RE_KEY, 0x0000000D, "ReKey"),
        (RE_CERTIFY, 0x0000000E, "ReCertify"),
        (RE_KEY_KEY_PAIR, 0x0000000F, "ReKeyKeyPair"),
        (RE_KEY_KEY_PAIR_PRIVATE_KEY, 0x00000010, "ReKeyKeyPairPrivateKey"),
        (RE_KEY_KEY_PAIR_PUBLIC_KEY, 0x00000011, "ReKeyKeyPairPublicKey"),
    }
}

kmip_enum! {
    /// Credential Type enumeration (KMIP 1.0–2.1).
    CredentialType, "Credential Type" {
        (USERNAME_AND_PASSWORD, 0x00000001, "UsernameAndPassword"),
        (DEVICE, 0x00000002, "Device"),
        (ATTESTATION, 0x00000003, "Attestation"),
        // Added in KMIP 2.0:
        (ONE_TIME_PASSWORD, 0x00000004, "OneTimePassword"),
        (HASHED_PASSWORD, 0x00000005, "HashedPassword"),
        (TICKET, 0x00000006, "Ticket"),
    }
}

kmip_enum! {
    /// Attestation Type enumeration (KMIP 1.0–2.1).
    AttestationType, "Attestation Type" {
        (TPM_QUOTE, 0x00000001, "TPMQuote"),
        (TCG_INTEGRITY_REPORT, 0x00000002, "TCGIntegrityReport"),
        (SAML_ASSERTION, 0x00000003, "SAMLAssertion"),
    }
}

kmip_enum! {
    /// Client Registration Method enumeration (KMIP 1.0–2.1).
    ClientRegistrationMethod, "Client Registration Method" {
        (UNSPECIFIED, 0x00000001, "Unspecified"),
        (SERVER_PRE_GENERATED, 0x00000002, "ServerPreGenerated"),
        (SERVER_ON_DEMAND, 0x00000003, "ServerOnDemand"),
        (CLIENT_GENERATED, 0x00000004, "ClientGenerated"),
        (CLIENT_REGISTERED, 0x00000005, "ClientRegistered"),
    }
}

kmip_enum! {
    /// Encoding Option enumeration (KMIP 1.0–2.1).
    EncodingOption, "Encoding Option" {
        (NO_ENCODING, 0x00000001, "NoEncoding"),
        (TTLV_ENCODING, 0x00000002, "TTLVEncoding"),
    }
}
