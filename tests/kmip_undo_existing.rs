//! An Undo batch that fails puts back what it changed, and removes only the objects it made:
//! an existing key that an item of the batch merely named (Activate) or found (Locate) keeps
//! its HSM key and record. End to end on a real SoftHSM2 token.

mod common;
mod key_helpers;

use bytes::Bytes;
use common::{connect_admin, exchange, start_server};
use hsmgate_kmip::message::payload::encrypt::{EncryptRequest, EncryptResponse};
use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::message::{RequestBatchItem, RequestHeader, RequestMessage, ResponseMessage};
use hsmgate_kmip::spec::enums::{
    BatchErrorContinuationOption, BlockCipherMode, NameType, Operation, ResultStatus, State,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{to_bytes, Item, Tag, Value};
use key_helpers::*;

fn uid_payload(uid: &str) -> Item {
    Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(uid.into()),
        )],
    )
}

async fn undo_batch(stream: &mut Stream, items: Vec<(Operation, Item)>) -> ResponseMessage {
    let mut header = RequestHeader::new(V21);
    header.batch_error_continuation_option = Some(BatchErrorContinuationOption::UNDO);
    let batch_items = items
        .into_iter()
        .enumerate()
        .map(|(i, (operation, payload))| {
            let mut item = RequestBatchItem::new(operation, payload);
            item.unique_batch_item_id = Some(Bytes::from(vec![i as u8 + 1]));
            item
        })
        .collect();
    let bytes = to_bytes(
        &RequestMessage {
            header,
            batch_items,
        }
        .to_item(),
    );
    ResponseMessage::try_from(&exchange(stream, &bytes).await.unwrap()).unwrap()
}

async fn encrypts(stream: &mut Stream, uid: &str) {
    let request = EncryptRequest {
        unique_identifier: Some(uid.into()),
        cryptographic_parameters: Some(CryptographicParameters {
            block_cipher_mode: Some(BlockCipherMode::GCM),
            tag_length: Some(16),
            ..CryptographicParameters::default()
        }),
        data: Some(Bytes::from_static(b"still here")),
        iv_counter_nonce: Some(Bytes::from_static(&[7u8; 12])),
        ..EncryptRequest::default()
    };
    let sealed: EncryptResponse = ask(stream, V21, &request).await;
    assert_eq!(sealed.data.unwrap().len(), 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_undo_batch_keeps_the_existing_objects_it_named_or_found() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let name = Item::structure(
        Tag::NAME,
        vec![
            Item::new(Tag::NAME_VALUE, Value::TextString("kept-by-undo".into())),
            Item::new(
                Tag::NAME_TYPE,
                Value::Enumeration(NameType::UNINTERPRETED_TEXT_STRING.0),
            ),
        ],
    );
    let uid = create_aes(
        &mut stream,
        aes(128, Usage::ENCRYPT, &[(Tag::NAME, name.value.clone())]),
    )
    .await;

    // Activate, then an item that fails: the activation is undone, the key stays.
    let answer = undo_batch(
        &mut stream,
        vec![
            (Operation::ACTIVATE, uid_payload(&uid)),
            (Operation::ACTIVATE, uid_payload("no-such-object")),
        ],
    )
    .await;
    assert_eq!(
        answer.batch_items[0].result_status,
        ResultStatus::OPERATION_UNDONE,
        "{:?}",
        answer.batch_items[0].result_message
    );
    assert_eq!(
        state_of(&mut stream, &uid).await,
        Value::Enumeration(State::PRE_ACTIVE.0)
    );

    // Locate finds it (setting the ID Placeholder), then an item fails: nothing is removed.
    let locate = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::structure(Tag::ATTRIBUTES, vec![name])],
    );
    let answer = undo_batch(
        &mut stream,
        vec![
            (Operation::LOCATE, locate),
            (Operation::ACTIVATE, uid_payload("no-such-object")),
        ],
    )
    .await;
    assert_eq!(
        answer.batch_items[0].result_status,
        ResultStatus::OPERATION_UNDONE,
        "{:?}",
        answer.batch_items[0].result_message
    );

    // The record and the HSM key are both still there: the key activates and encrypts.
    activate(&mut stream, V21, &uid).await;
    encrypts(&mut stream, &uid).await;
}
