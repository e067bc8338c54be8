//! Typed payloads of the cryptographic operations without key creation (Sign, Signature
//! Verify, MAC, MAC Verify, Hash, RNG Retrieve, RNG Seed) and of Interop and Log: round trips
//! in the KMIP 1.4 and 2.1 shapes, streaming fields, `Debug` that shows lengths, not bytes,
//! and refused input.

use bytes::Bytes;
use hsmgate_kmip::message::payload::hash::{HashRequest, HashResponse};
use hsmgate_kmip::message::payload::interop::{InteropRequest, InteropResponse};
use hsmgate_kmip::message::payload::log::{LogRequest, LogResponse};
use hsmgate_kmip::message::payload::mac::{MacRequest, MacResponse};
use hsmgate_kmip::message::payload::mac_verify::{MacVerifyRequest, MacVerifyResponse};
use hsmgate_kmip::message::payload::rng_retrieve::{RngRetrieveRequest, RngRetrieveResponse};
use hsmgate_kmip::message::payload::rng_seed::{RngSeedRequest, RngSeedResponse};
use hsmgate_kmip::message::payload::sign::{SignRequest, SignResponse};
use hsmgate_kmip::message::payload::signature_verify::{
    SignatureVerifyRequest, SignatureVerifyResponse,
};
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload, StreamControl};
use hsmgate_kmip::message::{ErrorClass, MessageError, ProtocolVersion};
use hsmgate_kmip::spec::enums::{
    CryptographicAlgorithm, HashingAlgorithm, InteropFunction, PaddingMethod, ValidityIndicator,
};
use hsmgate_kmip::{Item, ItemType, Tag, Value};

const V1: ProtocolVersion = ProtocolVersion::V1_4;
const V2: ProtocolVersion = ProtocolVersion::V2_1;

/// Bytes that must never show up in `Debug` output.
const SECRET: &[u8] = b"TOPSECRETPLAINTEXT";

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

fn secret() -> Bytes {
    Bytes::from_static(SECRET)
}

fn assert_redacted(debug: &str) {
    assert!(
        !debug.contains("TOPSECRET") && !debug.contains("84, 79, 80"),
        "bytes leaked: {debug}"
    );
    assert!(debug.contains("<18 bytes>"), "no length shown: {debug}");
}

fn pss_sha256() -> CryptographicParameters {
    CryptographicParameters {
        padding_method: Some(PaddingMethod::PSS),
        hashing_algorithm: Some(HashingAlgorithm::SHA_256),
        cryptographic_algorithm: Some(CryptographicAlgorithm::RSA),
        ..CryptographicParameters::default()
    }
}

fn value_of(item: &Item, tag: Tag) -> Option<&Value> {
    item.child(tag).map(|i| &i.value)
}

#[test]
fn sign_round_trips_with_parameters_and_stream_fields() {
    let request = SignRequest {
        unique_identifier: Some("priv".into()),
        cryptographic_parameters: Some(pss_sha256()),
        data: Some(secret()),
        digested_data: None,
        stream: StreamControl {
            correlation_value: None,
            init_indicator: Some(true),
            final_indicator: Some(false),
        },
    };
    for version in [V1, V2] {
        let item = round_trip(&request, version);
        let tags: Vec<Tag> = item.children().iter().map(|i| i.tag).collect();
        assert_eq!(
            tags,
            [
                Tag::UNIQUE_IDENTIFIER,
                Tag::CRYPTOGRAPHIC_PARAMETERS,
                Tag::DATA,
                Tag::INIT_INDICATOR,
                Tag::FINAL_INDICATOR
            ]
        );
    }
    assert!(!request.stream.is_single_shot());
    assert_redacted(&format!("{request:?}"));

    let digest_only = SignRequest {
        digested_data: Some(Bytes::from_static(&[7; 32])),
        ..SignRequest::default()
    };
    let item = round_trip(&digest_only, V2);
    assert_eq!(item.children().len(), 1);
    assert!(digest_only.stream.is_single_shot());

    let response = SignResponse {
        unique_identifier: "priv".into(),
        signature_data: Some(secret()),
        correlation_value: None,
    };
    let item = round_trip(&response, V1);
    assert_eq!(
        value_of(&item, Tag::SIGNATURE_DATA),
        Some(&Value::ByteString(secret()))
    );
    assert_redacted(&format!("{response:?}"));

    let no_uid = Item::structure(Tag::RESPONSE_PAYLOAD, vec![]);
    assert!(matches!(
        SignResponse::parse(&no_uid, V2),
        Err(MessageError::MissingField { .. })
    ));
    let data_as_text = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(Tag::DATA, Value::TextString("abc".into()))],
    );
    let err = SignRequest::parse(&data_as_text, V2).unwrap_err();
    assert_eq!(
        err,
        MessageError::WrongType {
            tag: Tag::DATA,
            expected: ItemType::ByteString,
            found: ItemType::TextString
        }
    );
    assert_eq!(err.class(), ErrorClass::InvalidField);
}

#[test]
fn signature_verify_requires_a_validity_indicator_in_the_response() {
    let request = SignatureVerifyRequest {
        unique_identifier: Some("pub".into()),
        cryptographic_parameters: Some(pss_sha256()),
        data: Some(secret()),
        digested_data: None,
        signature_data: Some(Bytes::from_static(&[1; 256])),
        stream: StreamControl::default(),
    };
    for version in [V1, V2] {
        let item = round_trip(&request, version);
        assert!(item.child(Tag::SIGNATURE_DATA).is_some());
    }
    assert_redacted(&format!("{request:?}"));

    let response = SignatureVerifyResponse {
        unique_identifier: "pub".into(),
        validity_indicator: ValidityIndicator::INVALID,
        data: None,
        correlation_value: None,
    };
    let item = round_trip(&response, V2);
    assert_eq!(
        value_of(&item, Tag::VALIDITY_INDICATOR),
        Some(&Value::Enumeration(ValidityIndicator::INVALID.0))
    );
    let without = Item::structure(
        Tag::RESPONSE_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString("pub".into()),
        )],
    );
    assert_eq!(
        SignatureVerifyResponse::parse(&without, V2),
        Err(MessageError::MissingField {
            parent: Tag::RESPONSE_PAYLOAD,
            field: Tag::VALIDITY_INDICATOR
        })
    );
}

#[test]
fn mac_and_mac_verify_round_trip_and_hide_data() {
    let request = MacRequest {
        unique_identifier: Some("hmac".into()),
        cryptographic_parameters: Some(CryptographicParameters {
            cryptographic_algorithm: Some(CryptographicAlgorithm::HMAC_SHA256),
            ..CryptographicParameters::default()
        }),
        data: Some(secret()),
        stream: StreamControl::default(),
    };
    for version in [V1, V2] {
        round_trip(&request, version);
    }
    assert_redacted(&format!("{request:?}"));
    let response = MacResponse {
        unique_identifier: "hmac".into(),
        mac_data: Some(secret()),
        correlation_value: Some(Bytes::from_static(b"c1")),
    };
    let item = round_trip(&response, V2);
    assert_eq!(
        value_of(&item, Tag::CORRELATION_VALUE),
        Some(&Value::ByteString(Bytes::from_static(b"c1")))
    );
    assert_redacted(&format!("{response:?}"));

    let verify = MacVerifyRequest {
        unique_identifier: Some("hmac".into()),
        cryptographic_parameters: None,
        data: Some(secret()),
        mac_data: Some(Bytes::from_static(&[9; 32])),
        stream: StreamControl {
            correlation_value: Some(Bytes::from_static(b"c1")),
            init_indicator: None,
            final_indicator: Some(true),
        },
    };
    for version in [V1, V2] {
        let item = round_trip(&verify, version);
        assert_eq!(
            value_of(&item, Tag::FINAL_INDICATOR),
            Some(&Value::Boolean(true))
        );
    }
    assert_redacted(&format!("{verify:?}"));
    let verdict = MacVerifyResponse {
        unique_identifier: "hmac".into(),
        validity_indicator: ValidityIndicator::VALID,
        correlation_value: None,
    };
    round_trip(&verdict, V1);
    let twice = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![
            Item::new(Tag::MAC_DATA, Value::ByteString(Bytes::new())),
            Item::new(Tag::MAC_DATA, Value::ByteString(Bytes::new())),
        ],
    );
    assert_eq!(
        MacVerifyRequest::parse(&twice, V2),
        Err(MessageError::UnexpectedField {
            parent: Tag::REQUEST_PAYLOAD,
            field: Tag::MAC_DATA
        })
    );
}

#[test]
fn hash_requires_cryptographic_parameters() {
    let request = HashRequest {
        cryptographic_parameters: CryptographicParameters {
            hashing_algorithm: Some(HashingAlgorithm::SHA_512),
            ..CryptographicParameters::default()
        },
        data: Some(secret()),
        stream: StreamControl::default(),
    };
    for version in [V1, V2] {
        let item = round_trip(&request, version);
        assert_eq!(item.children()[0].tag, Tag::CRYPTOGRAPHIC_PARAMETERS);
    }
    assert_redacted(&format!("{request:?}"));
    let missing = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(Tag::DATA, Value::ByteString(secret()))],
    );
    assert_eq!(
        HashRequest::parse(&missing, V2),
        Err(MessageError::MissingField {
            parent: Tag::REQUEST_PAYLOAD,
            field: Tag::CRYPTOGRAPHIC_PARAMETERS
        })
    );
    let response = HashResponse {
        data: Some(Bytes::from_static(&[0xAB; 64])),
        correlation_value: None,
    };
    let item = round_trip(&response, V2);
    assert_eq!(item.children().len(), 1);
    assert_eq!(round_trip(&HashResponse::default(), V1).children(), &[]);
}

#[test]
fn rng_payloads_check_lengths_and_hide_bytes() {
    let request = RngRetrieveRequest { data_length: 32 };
    for version in [V1, V2] {
        let item = round_trip(&request, version);
        assert_eq!(value_of(&item, Tag::DATA_LENGTH), Some(&Value::Integer(32)));
    }
    let negative = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(Tag::DATA_LENGTH, Value::Integer(-1))],
    );
    assert_eq!(
        RngRetrieveRequest::parse(&negative, V2),
        Err(MessageError::InvalidValue {
            tag: Tag::DATA_LENGTH,
            reason: "length must not be negative"
        })
    );
    assert!(matches!(
        RngRetrieveRequest::parse(&Item::structure(Tag::REQUEST_PAYLOAD, vec![]), V2),
        Err(MessageError::MissingField { .. })
    ));
    let random = RngRetrieveResponse { data: secret() };
    round_trip(&random, V2);
    assert_redacted(&format!("{random:?}"));
    assert!(matches!(
        RngRetrieveResponse::parse(&Item::structure(Tag::RESPONSE_PAYLOAD, vec![]), V1),
        Err(MessageError::MissingField {
            field: Tag::DATA,
            ..
        })
    ));

    let seed = RngSeedRequest { data: secret() };
    for version in [V1, V2] {
        round_trip(&seed, version);
    }
    assert_redacted(&format!("{seed:?}"));
    let used = RngSeedResponse { data_length: 16 };
    round_trip(&used, V1);
    let negative = Item::structure(
        Tag::RESPONSE_PAYLOAD,
        vec![Item::new(Tag::DATA_LENGTH, Value::Integer(-16))],
    );
    assert!(matches!(
        RngSeedResponse::parse(&negative, V2),
        Err(MessageError::InvalidValue { .. })
    ));
}

#[test]
fn interop_and_log_exist_only_in_2x() {
    let begin = InteropRequest {
        interop_function: InteropFunction::BEGIN,
        interop_identifier: "BL-M-1-21".into(),
    };
    let item = round_trip(&begin, V2);
    assert_eq!(
        value_of(&item, Tag::INTEROP_FUNCTION),
        Some(&Value::Enumeration(InteropFunction::BEGIN.0))
    );
    let err = begin.to_item(V1).unwrap_err();
    assert_eq!(err.class(), ErrorClass::OperationNotSupported);
    assert!(InteropRequest::parse(&item, V1).is_err());
    let empty = round_trip(&InteropResponse, V2);
    assert_eq!(empty.children(), &[]);
    let not_empty = Item::structure(
        Tag::RESPONSE_PAYLOAD,
        vec![Item::new(
            Tag::INTEROP_IDENTIFIER,
            Value::TextString("x".into()),
        )],
    );
    assert_eq!(
        InteropResponse::parse(&not_empty, V2),
        Err(MessageError::UnexpectedField {
            parent: Tag::RESPONSE_PAYLOAD,
            field: Tag::INTEROP_IDENTIFIER
        })
    );

    let log = LogRequest {
        log_message: "Registered a symmetric key.".into(),
    };
    let item = round_trip(&log, V2);
    assert_eq!(
        value_of(&item, Tag::LOG_MESSAGE),
        Some(&Value::TextString("Registered a symmetric key.".into()))
    );
    assert!(matches!(
        log.to_item(V1),
        Err(MessageError::Unsupported {
            tag: Tag::OPERATION,
            ..
        })
    ));
    assert!(matches!(
        LogRequest::parse(&Item::structure(Tag::REQUEST_PAYLOAD, vec![]), V2),
        Err(MessageError::MissingField {
            field: Tag::LOG_MESSAGE,
            ..
        })
    ));
    round_trip(&LogResponse, V2);
    assert!(LogResponse.to_item(V1).is_err());
}
