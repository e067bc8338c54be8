//! Typed payloads of the key-lifecycle and asynchronous operations (Re-key, Re-key Key Pair,
//! Import, Export, Get Usage Allocation, Archive, Recover, Obtain Lease, Cancel, Poll), and the
//! Request/Response Payload dispatch for every operation added with them.

use bytes::Bytes;
use hsmgate_kmip::message::payload::archive::{ArchiveRequest, ArchiveResponse};
use hsmgate_kmip::message::payload::cancel::{CancelRequest, CancelResponse};
use hsmgate_kmip::message::payload::export::{ExportRequest, ExportResponse};
use hsmgate_kmip::message::payload::get_usage_allocation::{
    GetUsageAllocationRequest, GetUsageAllocationResponse,
};
use hsmgate_kmip::message::payload::import::{ImportRequest, ImportResponse};
use hsmgate_kmip::message::payload::obtain_lease::{ObtainLeaseRequest, ObtainLeaseResponse};
use hsmgate_kmip::message::payload::poll::{PollRequest, PollResponse};
use hsmgate_kmip::message::payload::re_key::{ReKeyRequest, ReKeyResponse};
use hsmgate_kmip::message::payload::re_key_key_pair::{ReKeyKeyPairRequest, ReKeyKeyPairResponse};
use hsmgate_kmip::message::payload::recover::{RecoverRequest, RecoverResponse};
use hsmgate_kmip::message::payload::{Payload, RequestPayload, ResponsePayload};
use hsmgate_kmip::message::{AttributeName, Attributes, MessageError, ProtocolVersion};
use hsmgate_kmip::spec::enums::{
    CancellationResult, CryptographicAlgorithm, KeyFormatType, KeyWrapType, ObjectType, Operation,
};
use hsmgate_kmip::{Item, ItemType, Tag, Value};

const V1: ProtocolVersion = ProtocolVersion::V1_4;
const V2: ProtocolVersion = ProtocolVersion::V2_1;

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

fn attributes(length: i32) -> Attributes {
    let mut attributes = Attributes::new();
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(CryptographicAlgorithm::AES.0),
    );
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_LENGTH),
        Value::Integer(length),
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

fn value_of(item: &Item, tag: Tag) -> Option<&Value> {
    item.child(tag).map(|i| &i.value)
}

#[test]
fn re_key_uses_template_attribute_in_1x_and_attributes_in_2x() {
    let request = ReKeyRequest {
        unique_identifier: Some("k1".into()),
        offset: Some(86_400),
        attributes: Some(attributes(256)),
        protection_storage_masks: None,
    };
    let v1 = round_trip(&request, V1);
    assert_eq!(value_of(&v1, Tag::OFFSET), Some(&Value::Interval(86_400)));
    assert_eq!(
        v1.child(Tag::TEMPLATE_ATTRIBUTE)
            .map(|t| t.children_with(Tag::ATTRIBUTE).count()),
        Some(2)
    );
    let v2 = round_trip(&request, V2);
    assert!(v2
        .child(Tag::ATTRIBUTES)
        .and_then(|a| a.child(Tag::CRYPTOGRAPHIC_LENGTH))
        .is_some());
    assert_eq!(round_trip(&ReKeyRequest::default(), V2).children(), &[]);
    let offset_as_integer = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(Tag::OFFSET, Value::Integer(5))],
    );
    assert_eq!(
        ReKeyRequest::parse(&offset_as_integer, V1),
        Err(MessageError::WrongType {
            tag: Tag::OFFSET,
            expected: ItemType::Interval,
            found: ItemType::Integer
        })
    );

    let response = ReKeyResponse {
        unique_identifier: "k2".into(),
        implicit_attributes: Some(attributes(128)),
    };
    let v1 = round_trip(&response, V1);
    assert!(v1.child(Tag::TEMPLATE_ATTRIBUTE).is_some());
    let v2 = response.to_item(V2).expect("encode");
    assert_eq!(
        v2.children().len(),
        1,
        "2.x answers with the identifier only"
    );
}

#[test]
fn re_key_key_pair_carries_three_attribute_sets() {
    let request = ReKeyKeyPairRequest {
        private_key_unique_identifier: Some("priv".into()),
        offset: Some(0),
        common_attributes: Some(attributes(2048)),
        private_key_attributes: Some(Attributes::new()),
        public_key_attributes: None,
        ..ReKeyKeyPairRequest::default()
    };
    let v1 = round_trip(&request, V1);
    assert!(v1.child(Tag::COMMON_TEMPLATE_ATTRIBUTE).is_some());
    assert!(v1.child(Tag::PRIVATE_KEY_TEMPLATE_ATTRIBUTE).is_some());
    assert!(v1.child(Tag::PUBLIC_KEY_TEMPLATE_ATTRIBUTE).is_none());
    let v2 = round_trip(&request, V2);
    assert!(v2.child(Tag::COMMON_ATTRIBUTES).is_some());
    assert_eq!(
        value_of(&v2, Tag::PRIVATE_KEY_UNIQUE_IDENTIFIER),
        Some(&Value::TextString("priv".into()))
    );

    let response = ReKeyKeyPairResponse {
        private_key_unique_identifier: "priv2".into(),
        public_key_unique_identifier: "pub2".into(),
        private_key_implicit_attributes: None,
        public_key_implicit_attributes: Some(attributes(2048)),
    };
    round_trip(&response, V1);
    let v2 = response.to_item(V2).expect("encode");
    assert_eq!(v2.children().len(), 2);
    let no_public = Item::structure(
        Tag::RESPONSE_PAYLOAD,
        vec![Item::new(
            Tag::PRIVATE_KEY_UNIQUE_IDENTIFIER,
            Value::TextString("p".into()),
        )],
    );
    assert_eq!(
        ReKeyKeyPairResponse::parse(&no_public, V2),
        Err(MessageError::MissingField {
            parent: Tag::RESPONSE_PAYLOAD,
            field: Tag::PUBLIC_KEY_UNIQUE_IDENTIFIER
        })
    );
}

#[test]
fn import_and_export_list_attributes_in_1x_and_nest_them_in_2x() {
    let request = ImportRequest {
        unique_identifier: "k1".into(),
        object_type: ObjectType::SYMMETRIC_KEY,
        replace_existing: Some(true),
        key_wrap_type: Some(KeyWrapType::NOT_WRAPPED),
        attributes: attributes(128),
        object: symmetric_key(),
    };
    let v1 = round_trip(&request, V1);
    assert_eq!(v1.children_with(Tag::ATTRIBUTE).count(), 2);
    assert!(v1.child(Tag::ATTRIBUTES).is_none());
    let v2 = round_trip(&request, V2);
    assert_eq!(
        v2.child(Tag::ATTRIBUTES).map(|a| a.children().len()),
        Some(2)
    );
    assert_eq!(v2.child(Tag::SYMMETRIC_KEY), Some(&symmetric_key()));
    let debug = format!("{request:?}");
    assert!(!debug.contains("SECRET"), "key bytes leaked: {debug}");
    assert!(debug.contains("redacted"));
    // The identifier is the client's to give, so required; so is the object.
    let mut without_object = v2.clone();
    if let Value::Structure(children) = &mut without_object.value {
        children.retain(|c| c.tag != Tag::SYMMETRIC_KEY);
    }
    assert!(matches!(
        ImportRequest::parse(&without_object, V2),
        Err(MessageError::MissingField { .. })
    ));
    let mut without_uid = v1.clone();
    if let Value::Structure(children) = &mut without_uid.value {
        children.retain(|c| c.tag != Tag::UNIQUE_IDENTIFIER);
    }
    assert_eq!(
        ImportRequest::parse(&without_uid, V1),
        Err(MessageError::MissingField {
            parent: Tag::REQUEST_PAYLOAD,
            field: Tag::UNIQUE_IDENTIFIER
        })
    );
    // 2.x needs the Attributes structure (it may be empty).
    assert!(matches!(
        ImportRequest::parse(&v1, V2),
        Err(MessageError::MissingField {
            field: Tag::ATTRIBUTES,
            ..
        })
    ));
    round_trip(
        &ImportResponse {
            unique_identifier: "k1".into(),
        },
        V2,
    );

    let export = ExportRequest {
        unique_identifier: Some("k1".into()),
        key_format_type: Some(KeyFormatType::RAW),
        ..ExportRequest::default()
    };
    for version in [V1, V2] {
        round_trip(&export, version);
    }
    let exported = ExportResponse {
        object_type: ObjectType::SYMMETRIC_KEY,
        unique_identifier: "k1".into(),
        attributes: attributes(256),
        object: symmetric_key(),
    };
    let v1 = round_trip(&exported, V1);
    assert_eq!(v1.children_with(Tag::ATTRIBUTE).count(), 2);
    let v2 = round_trip(&exported, V2);
    assert!(v2.child(Tag::ATTRIBUTES).is_some());
    assert!(!format!("{exported:?}").contains("SECRET"));
}

#[test]
fn usage_allocation_lease_archive_and_recover_round_trip() {
    let request = GetUsageAllocationRequest {
        unique_identifier: Some("k1".into()),
        usage_limits_count: 1_000_000,
    };
    for version in [V1, V2] {
        let item = round_trip(&request, version);
        assert_eq!(
            value_of(&item, Tag::USAGE_LIMITS_COUNT),
            Some(&Value::LongInteger(1_000_000))
        );
    }
    let negative = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(Tag::USAGE_LIMITS_COUNT, Value::LongInteger(-1))],
    );
    assert!(matches!(
        GetUsageAllocationRequest::parse(&negative, V2),
        Err(MessageError::InvalidValue { .. })
    ));
    assert!(matches!(
        GetUsageAllocationRequest::parse(&Item::structure(Tag::REQUEST_PAYLOAD, vec![]), V1),
        Err(MessageError::MissingField {
            field: Tag::USAGE_LIMITS_COUNT,
            ..
        })
    ));
    round_trip(
        &GetUsageAllocationResponse {
            unique_identifier: "k1".into(),
        },
        V1,
    );

    round_trip(&ObtainLeaseRequest::default(), V2);
    let lease = ObtainLeaseResponse {
        unique_identifier: "k1".into(),
        lease_time: 3600,
        last_change_date: 1_700_000_000,
    };
    for version in [V1, V2] {
        let item = round_trip(&lease, version);
        assert_eq!(
            value_of(&item, Tag::LAST_CHANGE_DATE),
            Some(&Value::DateTime(1_700_000_000))
        );
    }
    let no_date = Item::structure(
        Tag::RESPONSE_PAYLOAD,
        vec![
            Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString("k1".into())),
            Item::new(Tag::LEASE_TIME, Value::Interval(1)),
        ],
    );
    assert_eq!(
        ObtainLeaseResponse::parse(&no_date, V2),
        Err(MessageError::MissingField {
            parent: Tag::RESPONSE_PAYLOAD,
            field: Tag::LAST_CHANGE_DATE
        })
    );

    let archive = ArchiveRequest {
        unique_identifier: Some("k1".into()),
    };
    assert_eq!(round_trip(&archive, V1).children().len(), 1);
    round_trip(
        &ArchiveResponse {
            unique_identifier: "k1".into(),
        },
        V2,
    );
    round_trip(&RecoverRequest::default(), V2);
    round_trip(
        &RecoverResponse {
            unique_identifier: "k1".into(),
        },
        V1,
    );
}

#[test]
fn cancel_and_poll_carry_the_asynchronous_correlation_value() {
    let value = Bytes::from_static(&[0x00, 0xFF, 0x80, 0x01]);
    let cancel = CancelRequest {
        asynchronous_correlation_value: value.clone(),
    };
    for version in [V1, V2] {
        round_trip(&cancel, version);
    }
    let cancelled = CancelResponse {
        asynchronous_correlation_value: value.clone(),
        cancellation_result: CancellationResult::CANCELED,
    };
    let item = round_trip(&cancelled, V2);
    assert_eq!(
        value_of(&item, Tag::CANCELLATION_RESULT),
        Some(&Value::Enumeration(CancellationResult::CANCELED.0))
    );
    assert!(matches!(
        CancelRequest::parse(&Item::structure(Tag::REQUEST_PAYLOAD, vec![]), V2),
        Err(MessageError::MissingField { .. })
    ));

    let poll = PollRequest {
        asynchronous_correlation_value: value,
    };
    round_trip(&poll, V1);
    // The polled operation's own payload comes back whole.
    let finished = Item::structure(
        Tag::RESPONSE_PAYLOAD,
        vec![
            Item::new(
                Tag::OBJECT_TYPE,
                Value::Enumeration(ObjectType::SYMMETRIC_KEY.0),
            ),
            Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString("k9".into())),
        ],
    );
    let response = PollResponse::parse(&finished, V2).expect("parse");
    assert_eq!(response.payload, finished);
    assert_eq!(response.to_item(V2), Ok(finished));
    assert!(format!("{response:?}").contains("payload_fields: 2"));
    let not_a_structure = Item::new(Tag::RESPONSE_PAYLOAD, Value::Integer(1));
    assert!(matches!(
        PollResponse::parse(&not_a_structure, V2),
        Err(MessageError::WrongType { .. })
    ));
    let wrong_tag = PollResponse {
        payload: Item::structure(Tag::REQUEST_PAYLOAD, vec![]),
    };
    assert!(matches!(
        wrong_tag.to_item(V2),
        Err(MessageError::UnexpectedTag { .. })
    ));
}

#[test]
fn dispatch_knows_every_added_operation() {
    // (operation, a request payload of it, a response payload of it), all valid in 2.1.
    let uid = || Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString("k1".into()));
    let bytes = |tag| Item::new(tag, Value::ByteString(Bytes::from_static(b"xyz")));
    let request = |children| Item::structure(Tag::REQUEST_PAYLOAD, children);
    let response = |children| Item::structure(Tag::RESPONSE_PAYLOAD, children);
    let new_attribute = || {
        Item::structure(
            Tag::NEW_ATTRIBUTE,
            vec![Item::new(Tag::DESCRIPTION, Value::TextString("d".into()))],
        )
    };
    let cases: Vec<(Operation, Item, Item)> = vec![
        (
            Operation::GET_ATTRIBUTE_LIST,
            request(vec![uid()]),
            response(vec![uid()]),
        ),
        (
            Operation::CHECK,
            request(vec![uid()]),
            response(vec![uid()]),
        ),
        (Operation::RE_KEY, request(vec![]), response(vec![uid()])),
        (Operation::SIGN, request(vec![uid()]), response(vec![uid()])),
        (
            Operation::MAC,
            request(vec![bytes(Tag::DATA)]),
            response(vec![uid(), bytes(Tag::MAC_DATA)]),
        ),
        (
            Operation::RNG_SEED,
            request(vec![bytes(Tag::DATA)]),
            response(vec![Item::new(Tag::DATA_LENGTH, Value::Integer(3))]),
        ),
        (
            Operation::LOG,
            request(vec![Item::new(
                Tag::LOG_MESSAGE,
                Value::TextString("hi".into()),
            )]),
            response(vec![]),
        ),
        (Operation::ARCHIVE, request(vec![]), response(vec![uid()])),
        (Operation::RECOVER, request(vec![]), response(vec![uid()])),
        (
            Operation::OBTAIN_LEASE,
            request(vec![uid()]),
            response(vec![
                uid(),
                Item::new(Tag::LEASE_TIME, Value::Interval(1)),
                Item::new(Tag::LAST_CHANGE_DATE, Value::DateTime(1)),
            ]),
        ),
        (
            Operation::ADD_ATTRIBUTE,
            request(vec![uid(), new_attribute()]),
            response(vec![uid()]),
        ),
        (
            Operation::MODIFY_ATTRIBUTE,
            request(vec![new_attribute()]),
            response(vec![uid()]),
        ),
        (
            Operation::DELETE_ATTRIBUTE,
            request(vec![Item::new(
                Tag::ATTRIBUTE_REFERENCE,
                Value::Enumeration(Tag::DESCRIPTION.value()),
            )]),
            response(vec![uid()]),
        ),
        (
            Operation::SET_ATTRIBUTE,
            request(vec![new_attribute()]),
            response(vec![uid()]),
        ),
        (
            Operation::SIGNATURE_VERIFY,
            request(vec![bytes(Tag::DATA), bytes(Tag::SIGNATURE_DATA)]),
            response(vec![
                uid(),
                Item::new(Tag::VALIDITY_INDICATOR, Value::Enumeration(0)),
            ]),
        ),
        (
            Operation::MAC_VERIFY,
            request(vec![bytes(Tag::DATA), bytes(Tag::MAC_DATA)]),
            response(vec![
                uid(),
                Item::new(Tag::VALIDITY_INDICATOR, Value::Enumeration(1)),
            ]),
        ),
        (
            Operation::HASH,
            request(vec![Item::structure(Tag::CRYPTOGRAPHIC_PARAMETERS, vec![])]),
            response(vec![bytes(Tag::DATA)]),
        ),
        (
            Operation::RNG_RETRIEVE,
            request(vec![Item::new(Tag::DATA_LENGTH, Value::Integer(3))]),
            response(vec![bytes(Tag::DATA)]),
        ),
        (
            Operation::INTEROP,
            request(vec![
                Item::new(Tag::INTEROP_FUNCTION, Value::Enumeration(1)),
                Item::new(Tag::INTEROP_IDENTIFIER, Value::TextString("T".into())),
            ]),
            response(vec![]),
        ),
        (
            Operation::IMPORT,
            request(vec![
                uid(),
                Item::new(
                    Tag::OBJECT_TYPE,
                    Value::Enumeration(ObjectType::SYMMETRIC_KEY.0),
                ),
                Item::structure(Tag::ATTRIBUTES, vec![]),
                symmetric_key(),
            ]),
            response(vec![uid()]),
        ),
        (
            Operation::EXPORT,
            request(vec![uid()]),
            response(vec![
                Item::new(
                    Tag::OBJECT_TYPE,
                    Value::Enumeration(ObjectType::SYMMETRIC_KEY.0),
                ),
                uid(),
                Item::structure(Tag::ATTRIBUTES, vec![]),
                symmetric_key(),
            ]),
        ),
        (
            Operation::RE_KEY_KEY_PAIR,
            request(vec![]),
            response(vec![
                Item::new(
                    Tag::PRIVATE_KEY_UNIQUE_IDENTIFIER,
                    Value::TextString("a".into()),
                ),
                Item::new(
                    Tag::PUBLIC_KEY_UNIQUE_IDENTIFIER,
                    Value::TextString("b".into()),
                ),
            ]),
        ),
        (
            Operation::GET_USAGE_ALLOCATION,
            request(vec![Item::new(
                Tag::USAGE_LIMITS_COUNT,
                Value::LongInteger(1),
            )]),
            response(vec![uid()]),
        ),
        (
            Operation::CANCEL,
            request(vec![bytes(Tag::ASYNCHRONOUS_CORRELATION_VALUE)]),
            response(vec![
                bytes(Tag::ASYNCHRONOUS_CORRELATION_VALUE),
                Item::new(Tag::CANCELLATION_RESULT, Value::Enumeration(1)),
            ]),
        ),
        (
            Operation::POLL,
            request(vec![bytes(Tag::ASYNCHRONOUS_CORRELATION_VALUE)]),
            response(vec![uid()]),
        ),
    ];
    assert_eq!(cases.len(), 25, "one case per added operation");
    for (operation, request_item, response_item) in cases {
        let typed = RequestPayload::parse(operation, &request_item, V2)
            .unwrap_or_else(|e| panic!("{operation:?} request: {e}"));
        assert_eq!(typed.operation(), operation);
        assert_eq!(typed.to_item(V2), Ok(request_item));
        let typed = ResponsePayload::parse(operation, &response_item, V2)
            .unwrap_or_else(|e| panic!("{operation:?} response: {e}"));
        assert_eq!(typed.operation(), operation);
        assert_eq!(typed.to_item(V2), Ok(response_item));
    }
    // A Sign payload is not a Hash payload (Hash needs Cryptographic Parameters).
    let sign = request(vec![uid()]);
    assert!(RequestPayload::parse(Operation::HASH, &sign, V2).is_err());
    // Operations still without a typed payload say so.
    assert_eq!(
        RequestPayload::parse(Operation::CREATE_SPLIT_KEY, &sign, V2),
        Err(MessageError::OperationNotSupported {
            operation: Operation::CREATE_SPLIT_KEY.0
        })
    );
}
