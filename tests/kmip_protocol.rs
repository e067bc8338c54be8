//! The KMIP listener end to end over real TLS on loopback: mutual TLS, framing, protocol
//! versions, batches, and bad input answered with the right Result Reason while the server keeps
//! serving.

mod common;

use bytes::{BufMut, BytesMut};
use common::{client_config, connect, dev_client, exchange, foreign_client, start_server};
use hsmgate_kmip::message::{
    ProtocolVersion, RequestBatchItem, RequestHeader, RequestMessage, ResponseMessage,
};
use hsmgate_kmip::spec::enums::{
    BatchErrorContinuationOption, ObjectType, Operation, QueryFunction, ResultReason, ResultStatus,
};
use hsmgate_kmip::ttlv::{to_bytes, Item, Tag, Value};

fn request(version: ProtocolVersion, items: Vec<RequestBatchItem>) -> Vec<u8> {
    let message = RequestMessage {
        header: RequestHeader::new(version),
        batch_items: items,
    };
    to_bytes(&message.to_item()).to_vec()
}

fn payload(children: Vec<Item>) -> Item {
    Item::structure(Tag::REQUEST_PAYLOAD, children)
}

fn response(item: Item) -> ResponseMessage {
    ResponseMessage::try_from(&item).unwrap()
}

fn discover_versions(version: ProtocolVersion, offered: &[ProtocolVersion]) -> Vec<u8> {
    let children = offered.iter().map(|v| v.to_item()).collect();
    request(
        version,
        vec![RequestBatchItem::new(
            Operation::DISCOVER_VERSIONS,
            payload(children),
        )],
    )
}

#[tokio::test]
async fn discover_versions_answers_in_each_version() {
    let server = start_server().await;
    let (cert, key) = dev_client(&server.pki);
    let mut stream = connect(server.addr, client_config(&server.pki, Some((&cert, &key))))
        .await
        .unwrap();

    for version in hsmgate::kmip::SUPPORTED_VERSIONS {
        let answer = response(
            exchange(&mut stream, &discover_versions(version, &[]))
                .await
                .unwrap(),
        );
        assert_eq!(answer.header.protocol_version, version);
        let item = &answer.batch_items[0];
        assert_eq!(item.result_status, ResultStatus::SUCCESS);
        let listed: Vec<ProtocolVersion> = item
            .payload
            .as_ref()
            .unwrap()
            .children_with(Tag::PROTOCOL_VERSION)
            .map(|v| ProtocolVersion::try_from(v).unwrap())
            .collect();
        assert_eq!(listed, hsmgate::kmip::SUPPORTED_VERSIONS.to_vec());
    }

    // Only the versions both sides speak, in the server's order.
    let offered = [
        ProtocolVersion::new(1, 2),
        ProtocolVersion::new(3, 0),
        ProtocolVersion::new(2, 0),
    ];
    let answer = response(
        exchange(
            &mut stream,
            &discover_versions(ProtocolVersion::V1_2, &offered),
        )
        .await
        .unwrap(),
    );
    let listed: Vec<ProtocolVersion> = answer.batch_items[0]
        .payload
        .as_ref()
        .unwrap()
        .children_with(Tag::PROTOCOL_VERSION)
        .map(|v| ProtocolVersion::try_from(v).unwrap())
        .collect();
    assert_eq!(listed, vec![ProtocolVersion::V2_0, ProtocolVersion::V1_2]);
    server.shutdown.cancel();
    server.task.await.unwrap();
}

#[tokio::test]
async fn query_reports_the_implemented_operations() {
    let server = start_server().await;
    let (cert, key) = dev_client(&server.pki);
    let mut stream = connect(server.addr, client_config(&server.pki, Some((&cert, &key))))
        .await
        .unwrap();
    let functions = vec![
        Item::new(
            Tag::QUERY_FUNCTION,
            Value::Enumeration(QueryFunction::QUERY_OPERATIONS.0),
        ),
        Item::new(
            Tag::QUERY_FUNCTION,
            Value::Enumeration(QueryFunction::QUERY_SERVER_INFORMATION.0),
        ),
        Item::new(
            Tag::QUERY_FUNCTION,
            Value::Enumeration(QueryFunction::QUERY_OBJECTS.0),
        ),
    ];
    let bytes = request(
        ProtocolVersion::V1_4,
        vec![RequestBatchItem::new(Operation::QUERY, payload(functions))],
    );
    let answer = response(exchange(&mut stream, &bytes).await.unwrap());
    let listed = answer.batch_items[0].payload.clone().unwrap();
    let operations: Vec<Value> = listed
        .children_with(Tag::OPERATION)
        .map(|i| i.value.clone())
        .collect();
    assert!(operations.contains(&Value::Enumeration(Operation::QUERY.0)));
    assert!(operations.contains(&Value::Enumeration(Operation::DISCOVER_VERSIONS.0)));
    assert!(operations.contains(&Value::Enumeration(Operation::CREATE.0)));
    // Interop and Log are KMIP 2.0 operations: a 1.4 client must not see them...
    assert!(!operations.contains(&Value::Enumeration(Operation::INTEROP.0)));
    assert!(!operations.contains(&Value::Enumeration(Operation::LOG.0)));
    // ...nor be able to invoke them.
    let interop = request(
        ProtocolVersion::V1_4,
        vec![RequestBatchItem::new(Operation::INTEROP, payload(vec![]))],
    );
    let answer = response(exchange(&mut stream, &interop).await.unwrap());
    assert_eq!(
        answer.batch_items[0].result_reason,
        Some(ResultReason::OPERATION_NOT_SUPPORTED)
    );
    assert!(operations.contains(&Value::Enumeration(Operation::CREATE_KEY_PAIR.0)));
    assert!(
        !operations.contains(&Value::Enumeration(Operation::CREATE_SPLIT_KEY.0)),
        "Create Split Key is not implemented"
    );
    let object_types: Vec<Value> = listed
        .children_with(Tag::OBJECT_TYPE)
        .map(|i| i.value.clone())
        .collect();
    assert!(object_types.contains(&Value::Enumeration(ObjectType::SYMMETRIC_KEY.0)));
    assert!(object_types.contains(&Value::Enumeration(ObjectType::SECRET_DATA.0)));
    assert!(!object_types.contains(&Value::Enumeration(ObjectType::SPLIT_KEY.0)));
    assert_eq!(
        listed
            .child(Tag::VENDOR_IDENTIFICATION)
            .map(|i| i.value.clone()),
        Some(Value::TextString("hsmgate".into()))
    );
}

#[tokio::test]
async fn a_response_over_the_maximum_response_size_is_refused() {
    let server = start_server().await;
    let (cert, key) = dev_client(&server.pki);
    let mut stream = connect(server.addr, client_config(&server.pki, Some((&cert, &key))))
        .await
        .unwrap();
    let query = |maximum: i32| {
        let mut header = RequestHeader::new(ProtocolVersion::V2_1);
        header.maximum_response_size = Some(maximum);
        let functions = vec![Item::new(
            Tag::QUERY_FUNCTION,
            Value::Enumeration(QueryFunction::QUERY_OPERATIONS.0),
        )];
        let message = RequestMessage {
            header,
            batch_items: vec![RequestBatchItem::new(Operation::QUERY, payload(functions))],
        };
        to_bytes(&message.to_item())
    };
    let answer = response(exchange(&mut stream, &query(256)).await.unwrap());
    assert_eq!(
        answer.batch_items[0].result_reason,
        Some(ResultReason::RESPONSE_TOO_LARGE)
    );
    assert_eq!(answer.batch_items[0].operation, Some(Operation::QUERY));
    let answer = response(exchange(&mut stream, &query(65536)).await.unwrap());
    assert_eq!(answer.batch_items[0].result_status, ResultStatus::SUCCESS);
}

#[tokio::test]
async fn errors_get_result_reasons_and_the_server_keeps_serving() {
    let server = start_server().await;
    let (cert, key) = dev_client(&server.pki);
    let mut stream = connect(server.addr, client_config(&server.pki, Some((&cert, &key))))
        .await
        .unwrap();

    // An operation this server does not implement.
    let split = request(
        ProtocolVersion::V2_1,
        vec![RequestBatchItem::new(
            Operation::CREATE_SPLIT_KEY,
            payload(vec![]),
        )],
    );
    let answer = response(exchange(&mut stream, &split).await.unwrap());
    assert_eq!(
        answer.batch_items[0].result_status,
        ResultStatus::OPERATION_FAILED
    );
    assert_eq!(
        answer.batch_items[0].result_reason,
        Some(ResultReason::OPERATION_NOT_SUPPORTED)
    );

    // An operation code no KMIP version defines.
    let unknown = request(
        ProtocolVersion::V2_1,
        vec![RequestBatchItem::new(Operation(0x7777), payload(vec![]))],
    );
    let answer = response(exchange(&mut stream, &unknown).await.unwrap());
    assert_eq!(
        answer.batch_items[0].result_reason,
        Some(ResultReason::OPERATION_NOT_SUPPORTED)
    );

    // A protocol version the server does not speak.
    let answer = response(
        exchange(
            &mut stream,
            &discover_versions(ProtocolVersion::new(3, 0), &[]),
        )
        .await
        .unwrap(),
    );
    assert_eq!(
        answer.batch_items[0].result_reason,
        Some(ResultReason::INVALID_MESSAGE)
    );
    assert_eq!(answer.header.protocol_version, ProtocolVersion::V2_1);

    // A batch count that disagrees with the batch items.
    let mut message = RequestMessage {
        header: RequestHeader::new(ProtocolVersion::V1_4),
        batch_items: vec![RequestBatchItem::new(
            Operation::DISCOVER_VERSIONS,
            payload(vec![]),
        )],
    }
    .to_item();
    if let Value::Structure(children) = &mut message.value {
        if let Value::Structure(header) = &mut children[0].value {
            for field in header.iter_mut().filter(|f| f.tag == Tag::BATCH_COUNT) {
                field.value = Value::Integer(3);
            }
        }
    }
    let answer = response(exchange(&mut stream, &to_bytes(&message)).await.unwrap());
    assert_eq!(answer.header.protocol_version, ProtocolVersion::V1_4);
    assert_eq!(
        answer.batch_items[0].result_reason,
        Some(ResultReason::INVALID_MESSAGE)
    );

    // Malformed TTLV inside a batch item (a Boolean of value 2), header intact: Invalid Message.
    let mut bytes = discover_versions(ProtocolVersion::V1_4, &[]);
    let bad_item = [0x42u8, 0x00, 0x79, 0x06, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 2];
    bytes.extend_from_slice(&bad_item);
    let total = (bytes.len() - 8) as u32;
    bytes[4..8].copy_from_slice(&total.to_be_bytes());
    let answer = response(exchange(&mut stream, &bytes).await.unwrap());
    assert_eq!(
        answer.batch_items[0].result_reason,
        Some(ResultReason::INVALID_MESSAGE)
    );

    // An unknown (vendor-range) tag inside a payload: refused as a malformed field, not ignored.
    let unknown_tag = request(
        ProtocolVersion::V2_1,
        vec![RequestBatchItem::new(
            Operation::GET_ATTRIBUTES,
            payload(vec![
                Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString("x".into())),
                Item::new(Tag::new(0x54FFFF), Value::Integer(1)),
            ]),
        )],
    );
    let answer = response(exchange(&mut stream, &unknown_tag).await.unwrap());
    assert_eq!(
        answer.batch_items[0].result_status,
        ResultStatus::OPERATION_FAILED
    );
    assert!(
        matches!(
            answer.batch_items[0].result_reason,
            Some(ResultReason::INVALID_MESSAGE) | Some(ResultReason::INVALID_FIELD)
        ),
        "{:?}",
        answer.batch_items[0].result_reason
    );

    // After all that, the same connection still answers.
    let answer = response(
        exchange(&mut stream, &discover_versions(ProtocolVersion::V2_0, &[]))
            .await
            .unwrap(),
    );
    assert_eq!(answer.batch_items[0].result_status, ResultStatus::SUCCESS);
}

#[tokio::test]
async fn batches_stop_or_continue_after_a_failure() {
    let server = start_server().await;
    let (cert, key) = dev_client(&server.pki);
    let mut stream = connect(server.addr, client_config(&server.pki, Some((&cert, &key))))
        .await
        .unwrap();
    let items = |ids: &[u8]| -> Vec<RequestBatchItem> {
        let ops = [
            Operation::DISCOVER_VERSIONS,
            Operation::GET,
            Operation::DISCOVER_VERSIONS,
        ];
        ops.iter()
            .zip(ids)
            .map(|(op, id)| {
                let mut item = RequestBatchItem::new(*op, payload(vec![]));
                item.unique_batch_item_id = Some(bytes::Bytes::copy_from_slice(&[*id]));
                item
            })
            .collect()
    };
    // Default (Stop): the third item is not run.
    let answer = response(
        exchange(
            &mut stream,
            &request(ProtocolVersion::V1_2, items(&[1, 2, 3])),
        )
        .await
        .unwrap(),
    );
    assert_eq!(answer.batch_items.len(), 2);
    assert_eq!(
        answer.batch_items[1].unique_batch_item_id.as_deref(),
        Some(&[2u8][..])
    );

    let mut header = RequestHeader::new(ProtocolVersion::V1_2);
    header.batch_error_continuation_option = Some(BatchErrorContinuationOption::CONTINUE);
    let message = RequestMessage {
        header,
        batch_items: items(&[4, 5, 6]),
    };
    let answer = response(
        exchange(&mut stream, &to_bytes(&message.to_item()))
            .await
            .unwrap(),
    );
    let statuses: Vec<ResultStatus> = answer.batch_items.iter().map(|i| i.result_status).collect();
    assert_eq!(
        statuses,
        vec![
            ResultStatus::SUCCESS,
            ResultStatus::OPERATION_FAILED,
            ResultStatus::SUCCESS
        ]
    );
    let ids: Vec<u8> = answer
        .batch_items
        .iter()
        .map(|i| i.unique_batch_item_id.as_ref().unwrap()[0])
        .collect();
    assert_eq!(ids, vec![4, 5, 6]);
}

#[tokio::test]
async fn garbage_and_oversized_messages_close_the_connection_only() {
    let server = start_server().await;
    let (cert, key) = dev_client(&server.pki);
    let config = client_config(&server.pki, Some((&cert, &key)));

    // Not TTLV at all: no header to answer, so the connection closes.
    let mut stream = connect(server.addr, config.clone()).await.unwrap();
    assert!(exchange(&mut stream, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .is_none());

    // A header claiming 4 GiB: refused from the header, without reading or allocating the body.
    let mut stream = connect(server.addr, config.clone()).await.unwrap();
    let mut huge = BytesMut::new();
    huge.put_slice(&[0x42, 0x00, 0x78, 0x01, 0xFF, 0xFF, 0xFF, 0xF8]);
    assert!(exchange(&mut stream, &huge).await.is_none());

    // Over the configured maximum (64 KiB in the test configuration) but far from absurd.
    let mut stream = connect(server.addr, config.clone()).await.unwrap();
    let over = [0x42, 0x00, 0x78, 0x01, 0x00, 0x01, 0x00, 0x08];
    assert!(exchange(&mut stream, &over).await.is_none());

    // The server still serves new connections.
    let mut stream = connect(server.addr, config).await.unwrap();
    let answer = response(
        exchange(&mut stream, &discover_versions(ProtocolVersion::V2_1, &[]))
            .await
            .unwrap(),
    );
    assert_eq!(answer.batch_items[0].result_status, ResultStatus::SUCCESS);
}

#[tokio::test]
async fn a_client_without_a_trusted_certificate_is_refused() {
    let server = start_server().await;
    // No client certificate at all.
    let mut anonymous = match connect(server.addr, client_config(&server.pki, None)).await {
        Ok(stream) => stream,
        Err(_) => return assert_server_alive(&server).await,
    };
    // With TLS 1.3 the client may learn of the refusal only on its first read.
    assert!(exchange(
        &mut anonymous,
        &discover_versions(ProtocolVersion::V2_1, &[])
    )
    .await
    .is_none());

    // A certificate from a CA the server does not trust.
    let (cert, key) = foreign_client();
    if let Ok(mut intruder) =
        connect(server.addr, client_config(&server.pki, Some((&cert, &key)))).await
    {
        assert!(exchange(
            &mut intruder,
            &discover_versions(ProtocolVersion::V2_1, &[])
        )
        .await
        .is_none());
    }
    assert_server_alive(&server).await;
}

async fn assert_server_alive(server: &common::TestServer) {
    let (cert, key) = dev_client(&server.pki);
    let mut stream = connect(server.addr, client_config(&server.pki, Some((&cert, &key))))
        .await
        .unwrap();
    let answer = response(
        exchange(&mut stream, &discover_versions(ProtocolVersion::V2_1, &[]))
            .await
            .unwrap(),
    );
    assert_eq!(answer.batch_items[0].result_status, ResultStatus::SUCCESS);
}
