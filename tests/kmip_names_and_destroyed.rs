//! Names identify objects across the server: adding a Name another object (or the same one)
//! has is refused as Non Unique Name Attribute. A Get of a destroyed object is Object
//! Destroyed for KMIP 2.x clients and Key Value Not Present for 1.x ones. End to end on a real
//! SoftHSM2 token.

mod common;
mod key_helpers;

use common::{call, connect_admin, start_server};
use hsmgate_kmip::message::{AttributeName, Attributes};
use hsmgate_kmip::spec::enums::{NameType, Operation, ResultReason, ResultStatus};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::*;

fn name(text: &str) -> Value {
    Value::Structure(vec![
        Item::new(Tag::NAME_VALUE, Value::TextString(text.into())),
        Item::new(
            Tag::NAME_TYPE,
            Value::Enumeration(NameType::UNINTERPRETED_TEXT_STRING.0),
        ),
    ])
}

fn add_name(uid: &str, text: &str) -> Item {
    let mut attributes = Attributes::new();
    attributes.push(AttributeName::Tagged(Tag::NAME), name(text));
    Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![
            Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString(uid.into())),
            attributes.to_v2(Tag::NEW_ATTRIBUTE).unwrap(),
        ],
    )
}

fn uid_payload(uid: &str) -> Item {
    Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(uid.into()),
        )],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_in_use_cannot_be_added_again() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let alpha = create_aes(
        &mut stream,
        aes(128, Usage::ENCRYPT, &[(Tag::NAME, name("alpha"))]),
    )
    .await;
    let _beta = create_aes(
        &mut stream,
        aes(128, Usage::ENCRYPT, &[(Tag::NAME, name("beta"))]),
    )
    .await;
    for taken in ["beta", "alpha"] {
        let answer = call(
            &mut stream,
            V21,
            Operation::ADD_ATTRIBUTE,
            add_name(&alpha, taken),
        )
        .await;
        failed(&answer, ResultReason::NON_UNIQUE_NAME_ATTRIBUTE);
    }
    let answer = call(
        &mut stream,
        V21,
        Operation::ADD_ATTRIBUTE,
        add_name(&alpha, "gamma"),
    )
    .await;
    assert_eq!(
        answer.result_status,
        ResultStatus::SUCCESS,
        "{:?}",
        answer.result_message
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_of_a_destroyed_object_says_so_in_each_version() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let uid = register(&mut stream, V21, &[5u8; 16], aes(128, Usage::ENCRYPT, &[])).await;
    let destroyed = call(&mut stream, V21, Operation::DESTROY, uid_payload(&uid)).await;
    assert_eq!(destroyed.result_status, ResultStatus::SUCCESS);
    for (version, reason) in [
        (V21, ResultReason::OBJECT_DESTROYED),
        (V14, ResultReason::KEY_VALUE_NOT_PRESENT),
    ] {
        let answer = call(
            &mut stream,
            version,
            Operation::GET,
            get_request(&uid, None, None, version),
        )
        .await;
        failed(&answer, reason);
    }
}
