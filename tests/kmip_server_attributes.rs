//! Attributes the server sets on new objects, over real TLS on a real SoftHSM2 token: Short
//! Unique Identifier (KMIP 2.0: SHA-256 of the Unique Identifier), Fresh (true until the key
//! is served by a Get, unless the client set it), and Key Format Type Raw on created symmetric
//! keys. A KMIP 1.x client does not see the 2.x-only Short Unique Identifier.

mod common;
mod key_helpers;
mod rsa_helpers;

use common::{call, connect_admin, start_server_with};
use hsmgate_kmip::message::payload::create_key_pair::CreateKeyPairResponse;
use hsmgate_kmip::spec::enums::{KeyFormatType, Operation};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::*;
use rsa_helpers::all_attributes;
use sha2::{Digest, Sha256};

fn short_id(uid: &str) -> Value {
    Value::ByteString(Sha256::digest(uid.as_bytes()).to_vec().into())
}

async fn names(
    s: &mut Stream,
    version: hsmgate_kmip::message::ProtocolVersion,
    uid: &str,
) -> Vec<Value> {
    let payload = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(uid.into()),
        )],
    );
    let answer = call(s, version, Operation::GET_ATTRIBUTE_LIST, payload).await;
    match &common::succeeded(&answer).value {
        Value::Structure(children) => children
            .iter()
            .filter(|c| c.tag != Tag::UNIQUE_IDENTIFIER)
            .map(|c| c.value.clone())
            .collect(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_objects_carry_short_identifier_fresh_and_format() {
    let server = start_server_with("[keys]\ncreated_keys_extractable = true\n").await;
    let mut s = connect_admin(&server).await;
    let uid = create_aes(&mut s, aes(128, Usage::ENCRYPT, &[])).await;
    let attributes = all_attributes(&mut s, &uid).await;
    assert_eq!(
        attributes.get(Tag::SHORT_UNIQUE_IDENTIFIER),
        Some(&short_id(&uid))
    );
    assert_eq!(attributes.get(Tag::FRESH), Some(&Value::Boolean(true)));
    assert_eq!(
        attributes.get(Tag::KEY_FORMAT_TYPE),
        Some(&Value::Enumeration(KeyFormatType::RAW.0))
    );
    // Served once, no longer fresh.
    get(&mut s, V21, &uid, None).await;
    let attributes = all_attributes(&mut s, &uid).await;
    assert_eq!(attributes.get(Tag::FRESH), Some(&Value::Boolean(false)));

    // Get Attribute List names the Short Unique Identifier in 2.x only.
    let short = Value::Enumeration(Tag::SHORT_UNIQUE_IDENTIFIER.value());
    assert!(names(&mut s, V21, &uid).await.contains(&short));
    let v1 = names(&mut s, V14, &uid).await;
    assert!(!v1.is_empty());
    assert!(!v1.contains(&Value::TextString("Short Unique Identifier".into())));

    // A registered key with the client's Fresh keeps it.
    let stale = register(
        &mut s,
        V21,
        &[3u8; 16],
        aes(128, Usage::ENCRYPT, &[(Tag::FRESH, Value::Boolean(false))]),
    )
    .await;
    let attributes = all_attributes(&mut s, &stale).await;
    assert_eq!(attributes.get(Tag::FRESH), Some(&Value::Boolean(false)));
    assert_eq!(
        attributes.get(Tag::SHORT_UNIQUE_IDENTIFIER),
        Some(&short_id(&stale))
    );

    // Both halves of a key pair.
    let pair: CreateKeyPairResponse = create_rsa_pair(&mut s, V21, false).await;
    for half in [
        &pair.private_key_unique_identifier,
        &pair.public_key_unique_identifier,
    ] {
        let attributes = all_attributes(&mut s, half).await;
        assert_eq!(
            attributes.get(Tag::SHORT_UNIQUE_IDENTIFIER),
            Some(&short_id(half))
        );
        assert_eq!(attributes.get(Tag::FRESH), Some(&Value::Boolean(true)));
    }
}
