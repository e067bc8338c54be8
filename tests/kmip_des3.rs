//! Create of triple-DES keys (KMIP's Symmetric Key Foundry profile names them): generated in
//! the HSM, 24 bytes carrying 168 key bits, reported as Cryptographic Length 168; readable
//! with Get only when created keys are configured extractable. End to end on real SoftHSM2.

mod common;
mod key_helpers;

use common::{call, connect_admin, start_server, start_server_with};
use hsmgate_kmip::message::payload::create::CreateRequest;
use hsmgate_kmip::message::payload::Payload;
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, ObjectType, Operation, ResultReason};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::*;

fn des3(bits: i32) -> Item {
    CreateRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes: attributes(&[
            (
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(CryptographicAlgorithm::DES3.0),
            ),
            (Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(bits)),
            (
                Tag::CRYPTOGRAPHIC_USAGE_MASK,
                Value::Integer((Usage::ENCRYPT.0 | Usage::DECRYPT.0) as i32),
            ),
        ]),
        protection_storage_masks: None,
    }
    .to_item(V21)
    .unwrap()
}

fn created_uid(item: &hsmgate_kmip::message::ResponseBatchItem) -> String {
    match item
        .payload
        .as_ref()
        .and_then(|p| p.child(Tag::UNIQUE_IDENTIFIER))
        .map(|i| &i.value)
    {
        Some(Value::TextString(uid)) => uid.clone(),
        other => panic!("no Unique Identifier: {other:?} {:?}", item.result_message),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_des3_key_is_generated_with_168_key_bits() {
    let server = start_server_with("[keys]\ncreated_keys_extractable = true\n").await;
    let mut stream = connect_admin(&server).await;
    let uid = created_uid(&call(&mut stream, V21, Operation::CREATE, des3(168)).await);
    let got = get(&mut stream, V21, &uid, None).await;
    let block = key_block(&got);
    let key = material_bytes(block);
    assert_eq!(key.len(), 24);
    // Three distinct DES keys (a repeated one would make it two-key or single DES).
    assert!(key[0..8] != key[8..16] && key[8..16] != key[16..24]);
    assert_eq!(
        block.child(Tag::CRYPTOGRAPHIC_LENGTH).map(|i| &i.value),
        Some(&Value::Integer(168))
    );
    assert_eq!(
        block.child(Tag::CRYPTOGRAPHIC_ALGORITHM).map(|i| &i.value),
        Some(&Value::Enumeration(CryptographicAlgorithm::DES3.0))
    );
    // No other length is triple DES.
    failed(
        &call(&mut stream, V21, Operation::CREATE, des3(128)).await,
        ResultReason::INVALID_FIELD,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn by_default_a_des3_key_stays_in_the_hsm() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let uid = created_uid(&call(&mut stream, V21, Operation::CREATE, des3(168)).await);
    failed(
        &call(
            &mut stream,
            V21,
            Operation::GET,
            get_request(&uid, None, None, V21),
        )
        .await,
        ResultReason::NOT_EXTRACTABLE,
    );
}
