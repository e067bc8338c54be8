//! Batches with the Undo Batch Error Continuation Option: when an item fails, what the earlier
//! items did is undone (objects created are removed, changed objects put back) and they are
//! reported as Operation Undone; the ID Placeholder links the items of a batch.

mod common;

use bytes::Bytes;
use common::{call, connect_admin, exchange, start_server};
use hsmgate_kmip::message::payload::create::CreateRequest;
use hsmgate_kmip::message::payload::Payload;
use hsmgate_kmip::message::{
    AttributeName, Attributes, ProtocolVersion, RequestBatchItem, RequestHeader, RequestMessage,
    ResponseMessage,
};
use hsmgate_kmip::spec::enums::{
    BatchErrorContinuationOption, CryptographicAlgorithm, ObjectType, Operation, ResultReason,
    ResultStatus, State,
};
use hsmgate_kmip::ttlv::{to_bytes, Item, Tag, Value};

const V: ProtocolVersion = ProtocolVersion::V2_1;

fn create_item() -> Item {
    let mut attributes = Attributes::new();
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(CryptographicAlgorithm::AES.0),
    );
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_LENGTH),
        Value::Integer(128),
    );
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
        Value::Integer(4),
    );
    CreateRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes,
        protection_storage_masks: None,
    }
    .to_item(V)
    .unwrap()
}

fn by_uid(uid: Option<&str>) -> Item {
    let children = uid
        .map(|u| {
            vec![Item::new(
                Tag::UNIQUE_IDENTIFIER,
                Value::TextString(u.into()),
            )]
        })
        .unwrap_or_default();
    Item::structure(Tag::REQUEST_PAYLOAD, children)
}

fn batch(option: BatchErrorContinuationOption, items: Vec<(Operation, Item)>) -> Vec<u8> {
    let mut header = RequestHeader::new(V);
    header.batch_error_continuation_option = Some(option);
    let batch_items = items
        .into_iter()
        .enumerate()
        .map(|(i, (operation, payload))| {
            let mut item = RequestBatchItem::new(operation, payload);
            item.unique_batch_item_id = Some(Bytes::from(vec![i as u8 + 1]));
            item
        })
        .collect();
    to_bytes(
        &RequestMessage {
            header,
            batch_items,
        }
        .to_item(),
    )
    .to_vec()
}

async fn state(
    stream: &mut tokio_rustls::client::TlsStream<tokio::net::TcpStream>,
    uid: &str,
) -> Option<State> {
    let mut payload = by_uid(Some(uid));
    if let Value::Structure(children) = &mut payload.value {
        children.push(Item::new(
            Tag::ATTRIBUTE_REFERENCE,
            Value::Enumeration(Tag::STATE.value()),
        ));
    }
    let answer = call(stream, V, Operation::GET_ATTRIBUTES, payload).await;
    if answer.result_reason == Some(ResultReason::OBJECT_NOT_FOUND) {
        return None;
    }
    let attributes = answer.payload.unwrap();
    let attributes = attributes.child(Tag::ATTRIBUTES).unwrap();
    match attributes.child(Tag::STATE).map(|i| &i.value) {
        Some(Value::Enumeration(raw)) => Some(State(*raw)),
        other => panic!("no state: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_removes_created_objects_and_restores_changed_ones() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;

    // Create, then Activate it through the ID Placeholder, then fail: all undone.
    let request = batch(
        BatchErrorContinuationOption::UNDO,
        vec![
            (Operation::CREATE, create_item()),
            (Operation::ACTIVATE, by_uid(None)),
            (Operation::ACTIVATE, by_uid(Some("no-such-object"))),
        ],
    );
    let answer =
        ResponseMessage::try_from(&exchange(&mut stream, &request).await.unwrap()).unwrap();
    let statuses: Vec<ResultStatus> = answer.batch_items.iter().map(|i| i.result_status).collect();
    assert_eq!(
        statuses,
        vec![
            ResultStatus::OPERATION_UNDONE,
            ResultStatus::OPERATION_UNDONE,
            ResultStatus::OPERATION_FAILED
        ]
    );
    let created = answer.batch_items[0]
        .payload
        .as_ref()
        .unwrap()
        .child(Tag::UNIQUE_IDENTIFIER)
        .unwrap()
        .value
        .clone();
    let Value::TextString(created) = created else {
        panic!("no uid")
    };
    assert_eq!(
        state(&mut stream, &created).await,
        None,
        "the created key must be gone"
    );

    // An existing key activated in a failing Undo batch is Pre-Active again afterwards.
    let created = call(&mut stream, V, Operation::CREATE, create_item()).await;
    let uid = match created
        .payload
        .unwrap()
        .child(Tag::UNIQUE_IDENTIFIER)
        .map(|i| i.value.clone())
    {
        Some(Value::TextString(uid)) => uid,
        other => panic!("{other:?}"),
    };
    let request = batch(
        BatchErrorContinuationOption::UNDO,
        vec![
            (Operation::ACTIVATE, by_uid(Some(&uid))),
            (Operation::ACTIVATE, by_uid(Some("missing"))),
        ],
    );
    let answer =
        ResponseMessage::try_from(&exchange(&mut stream, &request).await.unwrap()).unwrap();
    assert_eq!(
        answer.batch_items[0].result_status,
        ResultStatus::OPERATION_UNDONE
    );
    assert_eq!(state(&mut stream, &uid).await, Some(State::PRE_ACTIVE));

    // The same batch with Stop keeps the activation.
    let request = batch(
        BatchErrorContinuationOption::STOP,
        vec![
            (Operation::ACTIVATE, by_uid(Some(&uid))),
            (Operation::ACTIVATE, by_uid(Some("missing"))),
        ],
    );
    let answer =
        ResponseMessage::try_from(&exchange(&mut stream, &request).await.unwrap()).unwrap();
    assert_eq!(answer.batch_items[0].result_status, ResultStatus::SUCCESS);
    assert_eq!(state(&mut stream, &uid).await, Some(State::ACTIVE));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unordered_continue_batches_run_every_item_and_answer_in_request_order() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let mut header = RequestHeader::new(V);
    header.batch_error_continuation_option = Some(BatchErrorContinuationOption::CONTINUE);
    header.batch_order_option = Some(false);
    let items = vec![
        (Operation::CREATE, create_item()),
        (Operation::ACTIVATE, by_uid(Some("missing"))),
        (Operation::CREATE, create_item()),
        (Operation::DISCOVER_VERSIONS, by_uid(None)),
    ];
    let batch_items = items
        .into_iter()
        .enumerate()
        .map(|(i, (operation, payload))| {
            let mut item = RequestBatchItem::new(operation, payload);
            item.unique_batch_item_id = Some(Bytes::from(vec![i as u8 + 10]));
            item
        })
        .collect();
    let request = to_bytes(
        &RequestMessage {
            header,
            batch_items,
        }
        .to_item(),
    )
    .to_vec();
    let answer =
        ResponseMessage::try_from(&exchange(&mut stream, &request).await.unwrap()).unwrap();
    let ids: Vec<u8> = answer
        .batch_items
        .iter()
        .map(|i| i.unique_batch_item_id.as_ref().unwrap()[0])
        .collect();
    assert_eq!(ids, vec![10, 11, 12, 13]);
    let statuses: Vec<ResultStatus> = answer.batch_items.iter().map(|i| i.result_status).collect();
    assert_eq!(
        statuses,
        vec![
            ResultStatus::SUCCESS,
            ResultStatus::OPERATION_FAILED,
            ResultStatus::SUCCESS,
            ResultStatus::SUCCESS
        ]
    );
    // Two different keys were made.
    let uid = |i: usize| {
        answer.batch_items[i]
            .payload
            .as_ref()
            .unwrap()
            .child(Tag::UNIQUE_IDENTIFIER)
            .unwrap()
            .value
            .clone()
    };
    assert_ne!(uid(0), uid(2));
}
