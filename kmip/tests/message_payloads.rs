//! Typed payloads of the core operations: round trips in KMIP 1.4 and 2.1 shapes, the shape
//! differences between versions, and bad input.

use bytes::Bytes;
use hsmgate_kmip::message::payload::activate::{ActivateRequest, ActivateResponse};
use hsmgate_kmip::message::payload::create::{CreateRequest, CreateResponse};
use hsmgate_kmip::message::payload::create_key_pair::{
    CreateKeyPairRequest, CreateKeyPairResponse,
};
use hsmgate_kmip::message::payload::decrypt::{DecryptRequest, DecryptResponse};
use hsmgate_kmip::message::payload::destroy::{DestroyRequest, DestroyResponse};
use hsmgate_kmip::message::payload::discover_versions::{
    DiscoverVersionsRequest, DiscoverVersionsResponse,
};
use hsmgate_kmip::message::payload::encrypt::{EncryptRequest, EncryptResponse};
use hsmgate_kmip::message::payload::get::{GetRequest, GetResponse};
use hsmgate_kmip::message::payload::get_attributes::{GetAttributesRequest, GetAttributesResponse};
use hsmgate_kmip::message::payload::locate::{LocateRequest, LocateResponse};
use hsmgate_kmip::message::payload::query::{QueryRequest, QueryResponse};
use hsmgate_kmip::message::payload::register::{RegisterRequest, RegisterResponse};
use hsmgate_kmip::message::payload::revoke::{RevocationReason, RevokeRequest, RevokeResponse};
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload};
use hsmgate_kmip::message::{AttributeName, Attributes, ErrorClass, MessageError, ProtocolVersion};
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, CryptographicAlgorithm, HashingAlgorithm, KeyFormatType, ObjectType,
    Operation, PaddingMethod, QueryFunction, RevocationReasonCode,
};
use hsmgate_kmip::{Item, ItemType, Tag, Value};

const V1: ProtocolVersion = ProtocolVersion::V1_4;
const V2: ProtocolVersion = ProtocolVersion::V2_1;

/// Encodes in `version`, parses back, and checks both equal; returns the item.
fn round_trip<P: Payload + PartialEq + std::fmt::Debug>(
    payload: &P,
    version: ProtocolVersion,
) -> Item {
    let item = payload.to_item(version).expect("encode");
    assert_eq!(item.tag, P::TAG);
    let parsed = P::parse(&item, version).expect("parse");
    assert_eq!(&parsed, payload);
    assert_eq!(parsed.to_item(version).expect("re-encode"), item);
    item
}

fn aes_attributes() -> Attributes {
    let mut attributes = Attributes::new();
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(CryptographicAlgorithm::AES.0),
    );
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_LENGTH),
        Value::Integer(256),
    );
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
        Value::Integer(0x0C),
    );
    attributes
}

fn symmetric_key() -> Item {
    Item::structure(
        Tag::SYMMETRIC_KEY,
        vec![Item::structure(
            Tag::KEY_BLOCK,
            vec![
                Item::new(
                    Tag::KEY_FORMAT_TYPE,
                    Value::Enumeration(KeyFormatType::RAW.0),
                ),
                Item::structure(
                    Tag::KEY_VALUE,
                    vec![Item::new(
                        Tag::KEY_MATERIAL,
                        Value::ByteString(Bytes::from_static(b"SECRETKEYMATERIA")),
                    )],
                ),
            ],
        )],
    )
}

#[test]
fn create_uses_template_attribute_in_1x_and_attributes_in_2x() {
    let request = CreateRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes: aes_attributes(),
        protection_storage_masks: None,
    };
    let v1 = round_trip(&request, V1);
    let template = v1.child(Tag::TEMPLATE_ATTRIBUTE).expect("1.x template");
    assert_eq!(template.children_with(Tag::ATTRIBUTE).count(), 3);
    assert!(v1.child(Tag::ATTRIBUTES).is_none());
    let v2 = round_trip(&request, V2);
    let attributes = v2.child(Tag::ATTRIBUTES).expect("2.x attributes");
    assert_eq!(
        attributes
            .child(Tag::CRYPTOGRAPHIC_LENGTH)
            .map(|i| &i.value),
        Some(&Value::Integer(256))
    );
    // A 1.x request is not a 2.x request.
    assert_eq!(
        CreateRequest::parse(&v1, V2),
        Err(MessageError::MissingField {
            parent: Tag::REQUEST_PAYLOAD,
            field: Tag::ATTRIBUTES
        })
    );

    let mut implicit = Attributes::new();
    implicit.push(
        AttributeName::Tagged(Tag::UNIQUE_IDENTIFIER),
        Value::TextString("k1".into()),
    );
    let response = CreateResponse {
        object_type: ObjectType::SYMMETRIC_KEY,
        unique_identifier: "k1".into(),
        implicit_attributes: Some(implicit),
    };
    round_trip(&response, V1);
    // 2.x has no implicit attributes in the response: they are dropped.
    let v2 = response.to_item(V2).expect("encode");
    assert_eq!(v2.children().len(), 2);
    let parsed = CreateResponse::parse(&v2, V2).expect("parse");
    assert_eq!(parsed.unique_identifier, "k1");
    assert_eq!(parsed.implicit_attributes, None);
}

#[test]
fn create_key_pair_round_trips_in_both_versions() {
    let mut private = Attributes::new();
    private.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
        Value::Integer(1),
    );
    let mut public = Attributes::new();
    public.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
        Value::Integer(2),
    );
    let mut common = Attributes::new();
    common.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(CryptographicAlgorithm::RSA.0),
    );
    common.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_LENGTH),
        Value::Integer(2048),
    );
    let request = CreateKeyPairRequest {
        common_attributes: Some(common),
        private_key_attributes: Some(private),
        public_key_attributes: Some(public),
        ..Default::default()
    };
    let v1 = round_trip(&request, V1);
    assert!(v1.child(Tag::COMMON_TEMPLATE_ATTRIBUTE).is_some());
    assert!(v1.child(Tag::PUBLIC_KEY_TEMPLATE_ATTRIBUTE).is_some());
    let v2 = round_trip(&request, V2);
    assert!(v2.child(Tag::COMMON_ATTRIBUTES).is_some());
    assert!(v2.child(Tag::PRIVATE_KEY_ATTRIBUTES).is_some());

    let response = CreateKeyPairResponse {
        private_key_unique_identifier: "priv".into(),
        public_key_unique_identifier: "pub".into(),
        private_key_implicit_attributes: None,
        public_key_implicit_attributes: None,
    };
    let item = round_trip(&response, V2);
    assert_eq!(
        item.child(Tag::PUBLIC_KEY_UNIQUE_IDENTIFIER)
            .map(|i| &i.value),
        Some(&Value::TextString("pub".into()))
    );
    round_trip(&response, V1);
}

#[test]
fn register_keeps_the_object_and_hides_it_from_debug() {
    let request = RegisterRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes: aes_attributes(),
        object: symmetric_key(),
        protection_storage_masks: None,
    };
    for version in [V1, V2] {
        let item = round_trip(&request, version);
        assert_eq!(item.child(Tag::SYMMETRIC_KEY), Some(&symmetric_key()));
    }
    let debug = format!("{request:?}");
    assert!(!debug.contains("SECRET"), "key bytes leaked: {debug}");
    assert!(debug.contains("redacted"));

    let missing_object = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![
            Item::new(
                Tag::OBJECT_TYPE,
                Value::Enumeration(ObjectType::SYMMETRIC_KEY.0),
            ),
            Item::structure(Tag::ATTRIBUTES, vec![]),
        ],
    );
    assert!(matches!(
        RegisterRequest::parse(&missing_object, V2),
        Err(MessageError::MissingField {
            parent: Tag::REQUEST_PAYLOAD,
            ..
        })
    ));

    round_trip(
        &RegisterResponse {
            unique_identifier: "r1".into(),
            implicit_attributes: None,
        },
        V1,
    );
}

#[test]
fn get_round_trips_and_redacts_key_material() {
    let request = GetRequest {
        unique_identifier: Some("k1".into()),
        key_format_type: Some(KeyFormatType::RAW),
        ..Default::default()
    };
    let item = round_trip(&request, V2);
    assert_eq!(
        item.child(Tag::KEY_FORMAT_TYPE).map(|i| &i.value),
        Some(&Value::Enumeration(KeyFormatType::RAW.0))
    );
    round_trip(&GetRequest::default(), V1);

    let response = GetResponse {
        object_type: ObjectType::SYMMETRIC_KEY,
        unique_identifier: "k1".into(),
        object: symmetric_key(),
    };
    round_trip(&response, V2);
    let debug = format!("{response:?}");
    assert!(
        !debug.contains("SECRET") && debug.contains("redacted"),
        "{debug}"
    );
}

#[test]
fn get_attributes_names_by_text_in_1x_and_by_reference_in_2x() {
    let request = GetAttributesRequest {
        unique_identifier: Some("k1".into()),
        names: vec![
            AttributeName::Tagged(Tag::STATE),
            AttributeName::Tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
            AttributeName::Vendor {
                vendor: "x".into(),
                name: "Barcode".into(),
            },
        ],
    };
    let v1 = round_trip(&request, V1);
    let names: Vec<&Value> = v1
        .children_with(Tag::ATTRIBUTE_NAME)
        .map(|i| &i.value)
        .collect();
    assert_eq!(
        names,
        vec![
            &Value::TextString("State".into()),
            &Value::TextString("Cryptographic Usage Mask".into()),
            &Value::TextString("x-Barcode".into()),
        ]
    );
    let v2 = round_trip(&request, V2);
    let references: Vec<&Item> = v2.children_with(Tag::ATTRIBUTE_REFERENCE).collect();
    assert_eq!(references.len(), 3);
    assert_eq!(references[0].value, Value::Enumeration(Tag::STATE.value()));
    assert_eq!(
        references[2]
            .child(Tag::VENDOR_IDENTIFICATION)
            .map(|i| &i.value),
        Some(&Value::TextString("x".into()))
    );

    let response = GetAttributesResponse {
        unique_identifier: "k1".into(),
        attributes: aes_attributes(),
    };
    let v1 = round_trip(&response, V1);
    assert_eq!(v1.children_with(Tag::ATTRIBUTE).count(), 3);
    let v2 = round_trip(&response, V2);
    assert_eq!(
        v2.child(Tag::ATTRIBUTES).map(|a| a.children().len()),
        Some(3)
    );
}

#[test]
fn locate_round_trips_and_rejects_negative_counts() {
    let request = LocateRequest {
        maximum_items: Some(10),
        offset_items: Some(0),
        attributes: aes_attributes(),
        ..Default::default()
    };
    let v1 = round_trip(&request, V1);
    assert_eq!(v1.children_with(Tag::ATTRIBUTE).count(), 3);
    round_trip(&request, V2);

    let bad = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(Tag::MAXIMUM_ITEMS, Value::Integer(-1))],
    );
    assert!(matches!(
        LocateRequest::parse(&bad, V2),
        Err(MessageError::InvalidValue { tag, .. }) if tag == Tag::MAXIMUM_ITEMS
    ));

    let response = LocateResponse {
        located_items: Some(2),
        unique_identifiers: vec!["a".into(), "b".into()],
    };
    let item = round_trip(&response, V2);
    assert_eq!(item.children_with(Tag::UNIQUE_IDENTIFIER).count(), 2);
}

#[test]
fn activate_and_destroy_carry_an_identifier() {
    let item = round_trip(
        &ActivateRequest {
            unique_identifier: Some("k1".into()),
        },
        V2,
    );
    assert_eq!(item.children().len(), 1);
    let empty = round_trip(
        &ActivateRequest {
            unique_identifier: None,
        },
        V1,
    );
    assert!(empty.children().is_empty());
    round_trip(
        &ActivateResponse {
            unique_identifier: "k1".into(),
        },
        V2,
    );
    round_trip(
        &DestroyRequest {
            unique_identifier: Some("k1".into()),
        },
        V1,
    );
    round_trip(
        &DestroyResponse {
            unique_identifier: "k1".into(),
        },
        V1,
    );
    assert_eq!(<DestroyRequest as Payload>::OPERATION, Operation::DESTROY);

    let empty_response = Item::structure(Tag::RESPONSE_PAYLOAD, vec![]);
    assert_eq!(
        ActivateResponse::parse(&empty_response, V2),
        Err(MessageError::MissingField {
            parent: Tag::RESPONSE_PAYLOAD,
            field: Tag::UNIQUE_IDENTIFIER
        })
    );
    let wrong_type = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(Tag::UNIQUE_IDENTIFIER, Value::Integer(1))],
    );
    assert_eq!(
        DestroyRequest::parse(&wrong_type, V2),
        Err(MessageError::WrongType {
            tag: Tag::UNIQUE_IDENTIFIER,
            expected: ItemType::TextString,
            found: ItemType::Integer
        })
    );
}

#[test]
fn revoke_round_trips_with_reason() {
    let request = RevokeRequest {
        unique_identifier: Some("k1".into()),
        revocation_reason: RevocationReason {
            code: RevocationReasonCode::KEY_COMPROMISE,
            message: Some("lost laptop".into()),
        },
        compromise_occurrence_date: Some(1_600_000_000),
    };
    let item = round_trip(&request, V1);
    let reason = item.child(Tag::REVOCATION_REASON).expect("reason");
    assert_eq!(
        reason.child(Tag::REVOCATION_REASON_CODE).map(|i| &i.value),
        Some(&Value::Enumeration(RevocationReasonCode::KEY_COMPROMISE.0))
    );
    round_trip(
        &RevokeResponse {
            unique_identifier: "k1".into(),
        },
        V2,
    );

    let no_reason = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString("k".into()),
        )],
    );
    assert_eq!(
        RevokeRequest::parse(&no_reason, V2),
        Err(MessageError::MissingField {
            parent: Tag::REQUEST_PAYLOAD,
            field: Tag::REVOCATION_REASON
        })
    );
}

fn gcm_parameters() -> CryptographicParameters {
    CryptographicParameters {
        block_cipher_mode: Some(BlockCipherMode::GCM),
        padding_method: Some(PaddingMethod::NONE),
        hashing_algorithm: Some(HashingAlgorithm::SHA_256),
        cryptographic_algorithm: Some(CryptographicAlgorithm::AES),
        tag_length: Some(16),
        iv_length: Some(96),
        ..Default::default()
    }
}

#[test]
fn encrypt_and_decrypt_round_trip_with_cryptographic_parameters() {
    let plaintext = Bytes::from_static(b"attack at dawn!!");
    let request = EncryptRequest {
        unique_identifier: Some("k1".into()),
        cryptographic_parameters: Some(gcm_parameters()),
        data: Some(plaintext.clone()),
        iv_counter_nonce: Some(Bytes::from_static(&[7; 12])),
        authenticated_encryption_additional_data: Some(Bytes::from_static(b"aad")),
        ..Default::default()
    };
    let item = round_trip(&request, V2);
    let parameters = item
        .child(Tag::CRYPTOGRAPHIC_PARAMETERS)
        .expect("parameters");
    assert_eq!(
        parameters.child(Tag::BLOCK_CIPHER_MODE).map(|i| &i.value),
        Some(&Value::Enumeration(BlockCipherMode::GCM.0))
    );
    assert_eq!(
        parameters.child(Tag::TAG_LENGTH).map(|i| &i.value),
        Some(&Value::Integer(16))
    );
    round_trip(&request, V1);
    let debug = format!("{request:?}");
    assert!(!debug.contains("attack"), "{debug}");

    let response = EncryptResponse {
        unique_identifier: "k1".into(),
        data: Some(Bytes::from_static(&[1, 2, 3])),
        iv_counter_nonce: None,
        correlation_value: None,
        authenticated_encryption_tag: Some(Bytes::from_static(&[9; 16])),
    };
    round_trip(&response, V2);

    let request = DecryptRequest {
        unique_identifier: Some("k1".into()),
        cryptographic_parameters: Some(gcm_parameters()),
        data: Some(Bytes::from_static(&[1, 2, 3])),
        iv_counter_nonce: Some(Bytes::from_static(&[7; 12])),
        authenticated_encryption_tag: Some(Bytes::from_static(&[9; 16])),
        ..Default::default()
    };
    let item = round_trip(&request, V1);
    assert!(item.child(Tag::AUTHENTICATED_ENCRYPTION_TAG).is_some());
    let response = DecryptResponse {
        unique_identifier: "k1".into(),
        data: Some(plaintext),
        correlation_value: None,
    };
    round_trip(&response, V2);
    let debug = format!("{response:?}");
    assert!(
        !debug.contains("attack") && debug.contains("data_len"),
        "{debug}"
    );
}

#[test]
fn cryptographic_parameters_reject_bad_fields() {
    let negative = Item::structure(
        Tag::CRYPTOGRAPHIC_PARAMETERS,
        vec![Item::new(Tag::TAG_LENGTH, Value::Integer(-4))],
    );
    assert!(matches!(
        CryptographicParameters::try_from(&negative),
        Err(MessageError::InvalidValue { tag, .. }) if tag == Tag::TAG_LENGTH
    ));
    let wrong = Item::structure(
        Tag::CRYPTOGRAPHIC_PARAMETERS,
        vec![Item::new(
            Tag::BLOCK_CIPHER_MODE,
            Value::TextString("GCM".into()),
        )],
    );
    let err = CryptographicParameters::try_from(&wrong).unwrap_err();
    assert_eq!(err.class(), ErrorClass::InvalidField);
    let unknown = Item::structure(
        Tag::CRYPTOGRAPHIC_PARAMETERS,
        vec![Item::new(Tag::DATA, Value::Integer(1))],
    );
    assert_eq!(
        CryptographicParameters::try_from(&unknown),
        Err(MessageError::UnexpectedField {
            parent: Tag::CRYPTOGRAPHIC_PARAMETERS,
            field: Tag::DATA
        })
    );
}

#[test]
fn discover_versions_answers_the_common_versions() {
    let request = DiscoverVersionsRequest {
        versions: vec![ProtocolVersion::new(3, 0), V2, ProtocolVersion::V1_2],
    };
    let item = round_trip(&request, V1);
    assert_eq!(item.children_with(Tag::PROTOCOL_VERSION).count(), 3);
    let answer = request.answer(&ProtocolVersion::SUPPORTED);
    assert_eq!(answer.versions, vec![V2, ProtocolVersion::V1_2]);
    round_trip(&answer, V1);
    let everything = DiscoverVersionsRequest::default().answer(&ProtocolVersion::SUPPORTED);
    assert_eq!(everything.versions.first(), Some(&V2));
    assert_eq!(everything.versions.len(), 7);
    round_trip(&DiscoverVersionsResponse::default(), V2);
}

#[test]
fn query_round_trips_with_untyped_fields_kept() {
    let request = QueryRequest {
        functions: vec![
            QueryFunction::QUERY_OPERATIONS,
            QueryFunction::QUERY_OBJECTS,
        ],
    };
    round_trip(&request, V2);
    let response = QueryResponse {
        operations: vec![Operation::CREATE, Operation::GET, Operation::QUERY],
        object_types: vec![ObjectType::SYMMETRIC_KEY],
        vendor_identification: Some("hsmgate".into()),
        server_information: None,
        other: vec![Item::new(
            Tag::APPLICATION_NAMESPACE,
            Value::TextString("ns".into()),
        )],
    };
    let item = round_trip(&response, V2);
    assert_eq!(item.children_with(Tag::OPERATION).count(), 3);
    let twice = Item::structure(
        Tag::RESPONSE_PAYLOAD,
        vec![
            Item::new(Tag::VENDOR_IDENTIFICATION, Value::TextString("a".into())),
            Item::new(Tag::VENDOR_IDENTIFICATION, Value::TextString("b".into())),
        ],
    );
    assert!(matches!(
        QueryResponse::parse(&twice, V2),
        Err(MessageError::UnexpectedField { .. })
    ));
}

#[test]
fn payload_tag_is_checked() {
    let response_tagged = Item::structure(Tag::RESPONSE_PAYLOAD, vec![]);
    assert_eq!(
        QueryRequest::parse(&response_tagged, V2),
        Err(MessageError::UnexpectedTag {
            expected: Tag::REQUEST_PAYLOAD,
            found: Tag::RESPONSE_PAYLOAD
        })
    );
}

#[test]
fn dispatch_picks_the_payload_by_operation() {
    use hsmgate_kmip::message::payload::{RequestPayload, ResponsePayload};
    let item = ActivateRequest {
        unique_identifier: Some("k1".into()),
    }
    .to_item(V2)
    .expect("encode");
    let parsed = RequestPayload::parse(Operation::ACTIVATE, &item, V2).expect("parse");
    assert_eq!(
        parsed,
        RequestPayload::Activate(ActivateRequest {
            unique_identifier: Some("k1".into())
        })
    );
    assert_eq!(parsed.operation(), Operation::ACTIVATE);
    assert_eq!(parsed.to_item(V2), Ok(item.clone()));
    // The same item is not a valid Revoke payload (no Revocation Reason).
    assert!(RequestPayload::parse(Operation::REVOKE, &item, V2).is_err());
    let err = RequestPayload::parse(Operation::CERTIFY, &item, V2).unwrap_err();
    assert_eq!(
        err,
        MessageError::OperationNotSupported {
            operation: Operation::CERTIFY.0
        }
    );
    assert_eq!(err.class(), ErrorClass::OperationNotSupported);

    let response = LocateResponse {
        located_items: None,
        unique_identifiers: vec!["a".into()],
    };
    let item = response.to_item(V1).expect("encode");
    assert_eq!(
        ResponsePayload::parse(Operation::LOCATE, &item, V1),
        Ok(ResponsePayload::Locate(response))
    );
}
