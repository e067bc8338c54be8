//! Request/response envelopes: typed -> item -> typed round trips, field values, and the
//! errors malformed messages produce.

use bytes::Bytes;
use hsmgate_kmip::message::{
    Authentication, ErrorClass, MessageError, ProtocolVersion, RequestBatchItem, RequestHeader,
    RequestMessage, ResponseBatchItem, ResponseMessage,
};
use hsmgate_kmip::spec::enums::{
    BatchErrorContinuationOption, Operation, ResultReason, ResultStatus,
};
use hsmgate_kmip::{Item, ItemType, Tag, Value};

fn uid_payload(id: &str) -> Item {
    Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(id.into()),
        )],
    )
}

fn full_request() -> RequestMessage {
    let mut header = RequestHeader::new(ProtocolVersion::V1_4);
    header.maximum_response_size = Some(4096);
    header.client_correlation_value = Some("client-1".into());
    header.asynchronous_indicator = Some(false);
    header.authentication = Some(Authentication {
        credentials: vec![Item::structure(
            Tag::CREDENTIAL,
            vec![
                Item::new(Tag::CREDENTIAL_TYPE, Value::Enumeration(1)),
                Item::structure(
                    Tag::CREDENTIAL_VALUE,
                    vec![
                        Item::new(Tag::USERNAME, Value::TextString("alice".into())),
                        Item::new(Tag::PASSWORD, Value::TextString("hunter2".into())),
                    ],
                ),
            ],
        )],
    });
    header.batch_error_continuation_option = Some(BatchErrorContinuationOption::STOP);
    header.batch_order_option = Some(true);
    header.time_stamp = Some(1_700_000_000);
    let mut first = RequestBatchItem::new(Operation::ACTIVATE, uid_payload("key-1"));
    first.unique_batch_item_id = Some(Bytes::from_static(&[1]));
    let mut second = RequestBatchItem::new(Operation::DESTROY, uid_payload("key-2"));
    second.unique_batch_item_id = Some(Bytes::from_static(&[2]));
    RequestMessage {
        header,
        batch_items: vec![first, second],
    }
}

#[test]
fn protocol_versions_order_by_major_then_minor() {
    assert!(ProtocolVersion::V1_0 < ProtocolVersion::V1_4);
    assert!(ProtocolVersion::V1_4 < ProtocolVersion::V2_0);
    assert!(ProtocolVersion::V2_0 < ProtocolVersion::V2_1);
    assert!(ProtocolVersion::new(1, 10) > ProtocolVersion::V1_4);
    assert!(!ProtocolVersion::V1_4.is_v2());
    assert!(ProtocolVersion::V2_0.is_v2());
    assert_eq!(ProtocolVersion::V2_1.to_string(), "2.1");
    let item = ProtocolVersion::V1_3.to_item();
    assert_eq!(
        item.child(Tag::PROTOCOL_VERSION_MINOR).map(|i| &i.value),
        Some(&Value::Integer(3))
    );
    assert_eq!(ProtocolVersion::try_from(&item), Ok(ProtocolVersion::V1_3));
}

#[test]
fn request_round_trips_with_every_header_field() {
    let request = full_request();
    let item = request.to_item();
    assert_eq!(item.tag, Tag::REQUEST_MESSAGE);
    let header = item.child(Tag::REQUEST_HEADER).expect("header");
    // Batch Count is derived from the items, and is the header's last field.
    assert_eq!(
        header.children().last().map(|i| (i.tag, &i.value)),
        Some((Tag::BATCH_COUNT, &Value::Integer(2)))
    );
    assert_eq!(item.children_with(Tag::BATCH_ITEM).count(), 2);

    let parsed = RequestMessage::try_from(&item).expect("parse");
    assert_eq!(parsed, request);
    assert_eq!(parsed.header.maximum_response_size, Some(4096));
    assert_eq!(
        parsed.header.batch_error_continuation_option,
        Some(BatchErrorContinuationOption::STOP)
    );
    assert_eq!(parsed.batch_items[1].operation, Operation::DESTROY);
    assert_eq!(parsed.batch_items[1].payload, uid_payload("key-2"));
    assert_eq!(parsed.to_item(), item);
}

#[test]
fn credentials_do_not_appear_in_debug_output() {
    let request = full_request();
    let debug = format!("{request:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("redacted"));
}

#[test]
fn batch_count_mismatch_is_reported() {
    let mut item = full_request().to_item();
    let Value::Structure(children) = &mut item.value else {
        panic!("structure")
    };
    children.pop(); // drop the second batch item, keep Batch Count 2
    let err = RequestMessage::try_from(&item).unwrap_err();
    assert_eq!(
        err,
        MessageError::BatchCountMismatch {
            declared: 2,
            actual: 1
        }
    );
    assert_eq!(err.class(), ErrorClass::InvalidMessage);
}

#[test]
fn missing_header_is_reported() {
    let item = Item::structure(
        Tag::REQUEST_MESSAGE,
        vec![RequestBatchItem::new(Operation::GET, uid_payload("x")).to_item()],
    );
    assert_eq!(
        RequestMessage::try_from(&item),
        Err(MessageError::MissingField {
            parent: Tag::REQUEST_MESSAGE,
            field: Tag::REQUEST_HEADER
        })
    );
}

#[test]
fn missing_protocol_version_and_batch_count_are_reported() {
    let header = Item::structure(
        Tag::REQUEST_HEADER,
        vec![Item::new(Tag::BATCH_COUNT, Value::Integer(1))],
    );
    assert_eq!(
        RequestHeader::parse(&header),
        Err(MessageError::MissingField {
            parent: Tag::REQUEST_HEADER,
            field: Tag::PROTOCOL_VERSION
        })
    );
    let header = Item::structure(Tag::REQUEST_HEADER, vec![ProtocolVersion::V2_1.to_item()]);
    assert_eq!(
        RequestHeader::parse(&header),
        Err(MessageError::MissingField {
            parent: Tag::REQUEST_HEADER,
            field: Tag::BATCH_COUNT
        })
    );
}

#[test]
fn wrong_types_are_reported_with_their_tag() {
    let header = Item::structure(
        Tag::REQUEST_HEADER,
        vec![
            ProtocolVersion::V2_1.to_item(),
            Item::new(Tag::BATCH_COUNT, Value::LongInteger(1)),
        ],
    );
    let err = RequestHeader::parse(&header).unwrap_err();
    assert_eq!(
        err,
        MessageError::WrongType {
            tag: Tag::BATCH_COUNT,
            expected: ItemType::Integer,
            found: ItemType::LongInteger
        }
    );
    assert_eq!(err.class(), ErrorClass::InvalidField);

    let mut item = full_request().to_item();
    let Value::Structure(children) = &mut item.value else {
        panic!("structure")
    };
    let Value::Structure(batch) = &mut children[1].value else {
        panic!("structure")
    };
    batch[0].value = Value::Integer(10); // Operation must be an enumeration
    assert_eq!(
        RequestMessage::try_from(&item),
        Err(MessageError::WrongType {
            tag: Tag::OPERATION,
            expected: ItemType::Enumeration,
            found: ItemType::Integer
        })
    );

    let not_a_message = Item::new(Tag::REQUEST_MESSAGE, Value::TextString("x".into()));
    assert!(matches!(
        RequestMessage::try_from(&not_a_message),
        Err(MessageError::WrongType { .. })
    ));
    let response_tag = Item::structure(Tag::RESPONSE_MESSAGE, vec![]);
    assert_eq!(
        RequestMessage::try_from(&response_tag),
        Err(MessageError::UnexpectedTag {
            expected: Tag::REQUEST_MESSAGE,
            found: Tag::RESPONSE_MESSAGE
        })
    );
}

#[test]
fn unknown_and_repeated_fields_are_rejected() {
    let header = Item::structure(
        Tag::REQUEST_HEADER,
        vec![
            ProtocolVersion::V2_1.to_item(),
            Item::new(Tag::BATCH_COUNT, Value::Integer(1)),
            Item::new(Tag::BATCH_COUNT, Value::Integer(1)),
        ],
    );
    assert_eq!(
        RequestHeader::parse(&header),
        Err(MessageError::UnexpectedField {
            parent: Tag::REQUEST_HEADER,
            field: Tag::BATCH_COUNT
        })
    );
}

#[test]
fn several_batch_items_need_unique_ids() {
    let mut request = full_request();
    request.batch_items[0].unique_batch_item_id = None;
    assert_eq!(
        RequestMessage::try_from(&request.to_item()),
        Err(MessageError::MissingField {
            parent: Tag::BATCH_ITEM,
            field: Tag::UNIQUE_BATCH_ITEM_ID
        })
    );
}

#[test]
fn empty_batch_is_rejected() {
    let request = RequestMessage {
        header: RequestHeader::new(ProtocolVersion::V2_0),
        batch_items: vec![],
    };
    assert_eq!(
        RequestMessage::try_from(&request.to_item()),
        Err(MessageError::EmptyBatch)
    );
}

#[test]
fn response_round_trips() {
    let mut header =
        hsmgate_kmip::message::ResponseHeader::new(ProtocolVersion::V2_1, 1_700_000_123);
    header.client_correlation_value = Some("c".into());
    header.server_correlation_value = Some("s".into());
    let payload = Item::structure(
        Tag::RESPONSE_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString("key-1".into()),
        )],
    );
    let mut ok = ResponseBatchItem::success(Operation::ACTIVATE, Some(payload));
    ok.unique_batch_item_id = Some(Bytes::from_static(b"\x01"));
    let mut failed = ResponseBatchItem::failure(
        Some(Operation::DESTROY),
        ResultReason::ITEM_NOT_FOUND,
        "no such key",
    );
    failed.unique_batch_item_id = Some(Bytes::from_static(b"\x02"));
    let response = ResponseMessage {
        header,
        batch_items: vec![ok, failed],
    };

    let item = response.to_item();
    let parsed = ResponseMessage::try_from(&item).expect("parse");
    assert_eq!(parsed, response);
    assert_eq!(parsed.header.time_stamp, 1_700_000_123);
    assert_eq!(
        parsed.batch_items[1].result_status,
        ResultStatus::OPERATION_FAILED
    );
    assert_eq!(
        parsed.batch_items[1].result_reason,
        Some(ResultReason::ITEM_NOT_FOUND)
    );
    assert_eq!(
        parsed.batch_items[1].result_message.as_deref(),
        Some("no such key")
    );
    assert_eq!(parsed.to_item(), item);
}

#[test]
fn failed_response_needs_a_reason() {
    let mut failed =
        ResponseBatchItem::failure(Some(Operation::GET), ResultReason::ITEM_NOT_FOUND, "x");
    failed.result_reason = None;
    assert_eq!(
        ResponseBatchItem::try_from(&failed.to_item()),
        Err(MessageError::MissingField {
            parent: Tag::BATCH_ITEM,
            field: Tag::RESULT_REASON
        })
    );
}

#[test]
fn bad_body_is_answered_from_the_header() {
    // A request whose header is fine but whose batch item lacks its payload.
    let mut request = full_request();
    request.batch_items.truncate(1);
    let mut item = request.to_item();
    let Value::Structure(children) = &mut item.value else {
        panic!("structure")
    };
    let Value::Structure(batch) = &mut children[1].value else {
        panic!("structure")
    };
    batch.retain(|field| field.tag != Tag::REQUEST_PAYLOAD);

    let err = RequestMessage::try_from(&item).unwrap_err();
    assert_eq!(
        err,
        MessageError::MissingField {
            parent: Tag::BATCH_ITEM,
            field: Tag::REQUEST_PAYLOAD
        }
    );
    let header = RequestHeader::peek(&item).expect("header readable");
    let answer = ResponseMessage::error_for(&header, 1_700_000_000, &err);

    assert_eq!(answer.header.protocol_version, ProtocolVersion::V1_4);
    assert_eq!(
        answer.header.client_correlation_value.as_deref(),
        Some("client-1")
    );
    assert_eq!(answer.batch_items.len(), 1);
    let batch = &answer.batch_items[0];
    assert_eq!(batch.operation, None);
    assert_eq!(batch.result_status, ResultStatus::OPERATION_FAILED);
    assert_eq!(batch.result_reason, Some(ResultReason::INVALID_MESSAGE));
    assert!(batch
        .result_message
        .as_deref()
        .unwrap_or_default()
        .contains("lacks required field"));
    // The answer is itself a valid response message.
    assert_eq!(ResponseMessage::try_from(&answer.to_item()), Ok(answer));
}

#[test]
fn unreadable_header_cannot_be_answered() {
    let item = Item::structure(
        Tag::REQUEST_MESSAGE,
        vec![Item::structure(Tag::REQUEST_HEADER, vec![])],
    );
    assert!(RequestHeader::peek(&item).is_err());
}

#[test]
fn error_classes_map_to_result_reasons() {
    let cases = [
        (MessageError::EmptyBatch, ResultReason::INVALID_MESSAGE),
        (
            MessageError::BatchCountMismatch {
                declared: 2,
                actual: 1,
            },
            ResultReason::INVALID_MESSAGE,
        ),
        (
            MessageError::WrongType {
                tag: Tag::BATCH_COUNT,
                expected: ItemType::Integer,
                found: ItemType::TextString,
            },
            ResultReason::INVALID_FIELD,
        ),
        (
            MessageError::UnknownAttributeName {
                name: "Colour".into(),
            },
            ResultReason::INVALID_FIELD,
        ),
        (
            MessageError::OperationNotSupported {
                operation: 0x8000_0001,
            },
            ResultReason::OPERATION_NOT_SUPPORTED,
        ),
    ];
    for (error, reason) in cases {
        assert_eq!(ResultReason::from(error.class()), reason, "{error}");
    }
}

#[test]
fn errors_name_tags_but_not_values() {
    let err = MessageError::MissingField {
        parent: Tag::REQUEST_PAYLOAD,
        field: Tag::ATTRIBUTES,
    };
    assert_eq!(
        err.to_string(),
        "structure RequestPayload lacks required field Attributes"
    );
    let vendor = MessageError::UnexpectedField {
        parent: Tag::ATTRIBUTES,
        field: Tag::new(0x54_0001),
    };
    assert!(vendor.to_string().contains("0x540001"), "{vendor}");
}

#[test]
fn batch_item_payload_is_typed_on_demand() {
    use hsmgate_kmip::message::payload::RequestPayload;
    let request = full_request();
    let typed = request.batch_items[1]
        .parse_payload(request.header.protocol_version)
        .expect("typed");
    let RequestPayload::Destroy(destroy) = typed else {
        panic!("not a Destroy payload")
    };
    assert_eq!(destroy.unique_identifier.as_deref(), Some("key-2"));
}

#[test]
fn batch_item_debug_does_not_show_payload_contents() {
    let key = Item::structure(
        Tag::SYMMETRIC_KEY,
        vec![Item::new(
            Tag::KEY_MATERIAL,
            Value::ByteString(Bytes::from_static(b"TOPSECRETKEYBYTES")),
        )],
    );
    let request = RequestBatchItem::new(
        Operation::REGISTER,
        Item::structure(Tag::REQUEST_PAYLOAD, vec![key.clone()]),
    );
    let debug = format!("{request:?}");
    assert!(
        !debug.contains("TOPSECRET") && debug.contains("<1 fields>"),
        "{debug}"
    );
    let response = ResponseBatchItem::success(
        Operation::GET,
        Some(Item::structure(Tag::RESPONSE_PAYLOAD, vec![key])),
    );
    let debug = format!("{response:?}");
    assert!(
        !debug.contains("TOPSECRET") && debug.contains("<1 fields>"),
        "{debug}"
    );
}

#[test]
fn batch_item_ids_must_differ() {
    let mut request = full_request();
    request.batch_items[1].unique_batch_item_id =
        request.batch_items[0].unique_batch_item_id.clone();
    assert!(matches!(
        RequestMessage::try_from(&request.to_item()),
        Err(MessageError::InvalidValue { tag, .. }) if tag == Tag::UNIQUE_BATCH_ITEM_ID
    ));
}
