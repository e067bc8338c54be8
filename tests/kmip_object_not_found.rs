//! A Unique Identifier that names no object, over a real TLS connection to a server on a fresh
//! SoftHSM2 token: KMIP 2.x answers Object Not Found (added in KMIP 2.0), KMIP 1.x the Item
//! Not Found of its own tables. Another caller's object is answered exactly like a missing one.

mod common;
mod key_helpers;

use common::client_config;
use common::{call, connect, connect_admin, failed, other_client, start_server, succeeded};
use hsmgate_kmip::message::ProtocolVersion;
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, Operation, ResultReason};
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::{attributes, create_aes, V21};

fn by_uid(uid: &str) -> Item {
    Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(uid.into()),
        )],
    )
}

#[tokio::test]
async fn a_missing_object_is_object_not_found_in_2x_and_item_not_found_in_1x() {
    let server = start_server().await;
    let mut admin = connect_admin(&server).await;
    for (version, reason) in [
        (ProtocolVersion::V2_1, ResultReason::OBJECT_NOT_FOUND),
        (ProtocolVersion::V2_0, ResultReason::OBJECT_NOT_FOUND),
        (ProtocolVersion::V1_4, ResultReason::ITEM_NOT_FOUND),
        (ProtocolVersion::V1_0, ResultReason::ITEM_NOT_FOUND),
    ] {
        for operation in [Operation::GET, Operation::DESTROY, Operation::ACTIVATE] {
            let answer = call(&mut admin, version, operation, by_uid("AAABBBCCC")).await;
            failed(&answer, reason);
        }
    }

    // Another caller's key: the same answer as for a key that does not exist.
    let uid = create_aes(
        &mut admin,
        attributes(&[
            (
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(CryptographicAlgorithm::AES.0),
            ),
            (Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(128)),
        ]),
    )
    .await;
    let (cert, key) = other_client(&server.pki, "stranger");
    let mut stranger = connect(server.addr, client_config(&server.pki, Some((&cert, &key))))
        .await
        .unwrap();
    for (version, reason) in [
        (V21, ResultReason::OBJECT_NOT_FOUND),
        (ProtocolVersion::V1_2, ResultReason::ITEM_NOT_FOUND),
    ] {
        failed(
            &call(&mut stranger, version, Operation::GET, by_uid(&uid)).await,
            reason,
        );
    }
    // The owner still gets its key.
    succeeded(&call(&mut admin, V21, Operation::GET_ATTRIBUTES, by_uid(&uid)).await);
}
