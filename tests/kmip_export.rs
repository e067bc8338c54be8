//! Export over real TLS on a real SoftHSM2 token: the object exactly as Get gives it, with all
//! its attributes; the same refusals as Get for a key that may not leave; wrapped under a
//! managed key when asked; another caller's object is not found; KMIP 1.4 gets 1.x attributes
//! and KMIP 1.3, which has no Export, Operation Not Supported.

mod common;
mod key_helpers;

use common::{call, client_config, connect, connect_admin, other_client, start_server_with};
use hsmgate_kmip::message::payload::export::{ExportRequest, ExportResponse};
use hsmgate_kmip::message::payload::Payload;
use hsmgate_kmip::message::{ProtocolVersion, ResponseBatchItem};
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, CryptographicAlgorithm, ObjectType, Operation, ResultReason, State,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::*;

const KMIP_DEFAULTS: &str = "[keys]\ncreated_keys_extractable = true\n";

async fn export(
    stream: &mut Stream,
    version: ProtocolVersion,
    uid: &str,
    wrapping: Option<Item>,
) -> ResponseBatchItem {
    let request = ExportRequest {
        unique_identifier: Some(uid.into()),
        key_wrapping_specification: wrapping,
        ..ExportRequest::default()
    };
    call(
        stream,
        version,
        Operation::EXPORT,
        request.to_item(version).unwrap(),
    )
    .await
}

fn exported(item: &ResponseBatchItem, version: ProtocolVersion) -> ExportResponse {
    ExportResponse::parse(common::succeeded(item), version).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_gives_the_key_as_get_does_with_all_its_attributes() {
    let server = start_server_with(KMIP_DEFAULTS).await;
    let mut s = connect_admin(&server).await;
    let uid = create_aes(&mut s, aes(256, Usage::ENCRYPT | Usage::DECRYPT, &[])).await;
    activate(&mut s, V21, &uid).await;

    let out = exported(&export(&mut s, V21, &uid, None).await, V21);
    assert_eq!(out.object_type, ObjectType::SYMMETRIC_KEY);
    assert_eq!(out.unique_identifier, uid);
    let got = get(&mut s, V21, &uid, None).await;
    assert_eq!(out.object, got.object);
    assert_eq!(material_bytes(key_block(&got)).len(), 32);
    assert_eq!(
        out.attributes.get(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Some(&Value::Enumeration(CryptographicAlgorithm::AES.0))
    );
    assert_eq!(
        out.attributes.get(Tag::CRYPTOGRAPHIC_LENGTH),
        Some(&Value::Integer(256))
    );
    assert_eq!(
        out.attributes.get(Tag::STATE),
        Some(&Value::Enumeration(State::ACTIVE.0))
    );
    assert_eq!(
        out.attributes.get(Tag::UNIQUE_IDENTIFIER),
        Some(&Value::TextString(uid.clone()))
    );

    // KMIP 1.4 has Export too, with 1.x attributes; KMIP 1.3 has none.
    let v14 = ProtocolVersion::V1_4;
    let out14 = exported(&export(&mut s, v14, &uid, None).await, v14);
    assert_eq!(out14.object, got.object);
    assert!(out14.attributes.get(Tag::CRYPTOGRAPHIC_ALGORITHM).is_some());
    failed(
        &export(&mut s, ProtocolVersion::V1_3, &uid, None).await,
        ResultReason::OPERATION_NOT_SUPPORTED,
    );

    // Another caller does not find it.
    let (cert, key) = other_client(&server.pki, "stranger");
    let mut stranger = connect(server.addr, client_config(&server.pki, Some((&cert, &key))))
        .await
        .unwrap();
    failed(
        &export(&mut stranger, V21, &uid, None).await,
        ResultReason::OBJECT_NOT_FOUND,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_that_may_not_leave_is_refused_or_exported_wrapped() {
    let server = start_server_with("").await;
    let mut s = connect_admin(&server).await;
    let sealed = create_aes(&mut s, aes(256, Usage::ENCRYPT, &[])).await;
    failed(
        &export(&mut s, V21, &sealed, None).await,
        ResultReason::NOT_EXTRACTABLE,
    );

    let kek = register(&mut s, V21, &[9u8; 32], aes(256, Usage::WRAP_KEY, &[])).await;
    activate(&mut s, V21, &kek).await;
    let wrappable = create_extractable_aes(&mut s, Usage::ENCRYPT).await;
    let spec = wrapping_spec(&kek, Some(BlockCipherMode::NISTKEYWRAP));
    let out = exported(
        &export(&mut s, V21, &wrappable, Some(spec.clone())).await,
        V21,
    );
    let block = out.object.child(Tag::KEY_BLOCK).unwrap();
    assert!(block.child(Tag::KEY_WRAPPING_DATA).is_some());
    // The Key Value of a wrapped key is the wrapped bytes: AES key wrap of 32 bytes, 40.
    match &block.child(Tag::KEY_VALUE).unwrap().value {
        Value::ByteString(wrapped) => assert_eq!(wrapped.len(), 40),
        other => panic!("wrapped Key Value: {other:?}"),
    }
    assert_eq!(
        out.attributes.get(Tag::EXTRACTABLE),
        Some(&Value::Boolean(true))
    );
    // The same as a wrapped Get gives, up to nothing: AES key wrap is deterministic.
    let got: hsmgate_kmip::message::payload::get::GetResponse = ok(
        &mut s,
        V21,
        Operation::GET,
        get_request(&wrappable, None, Some(spec), V21),
    )
    .await;
    assert_eq!(out.object, got.object);
}
