//! A registered key comes back, by default, in the Key Format Type it was registered in (the
//! Key Format Type attribute records it); any format the key offers can still be asked for.
//! End to end on a real SoftHSM2 token.

mod common;
mod key_helpers;

use common::{connect_admin, start_server};
use hsmgate_kmip::message::payload::register::{RegisterRequest, RegisterResponse};
use hsmgate_kmip::message::payload::Payload;
use hsmgate_kmip::spec::enums::{KeyFormatType, ObjectType, Operation};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::*;

fn transparent_key(key: &[u8]) -> Item {
    Item::structure(
        Tag::SYMMETRIC_KEY,
        vec![Item::structure(
            Tag::KEY_BLOCK,
            vec![
                Item::new(
                    Tag::KEY_FORMAT_TYPE,
                    Value::Enumeration(KeyFormatType::TRANSPARENT_SYMMETRIC_KEY.0),
                ),
                Item::structure(
                    Tag::KEY_VALUE,
                    vec![Item::structure(
                        Tag::KEY_MATERIAL,
                        vec![Item::new(Tag::KEY, Value::ByteString(key.to_vec().into()))],
                    )],
                ),
            ],
        )],
    )
}

fn transparent_bytes(block: &Item) -> Option<Value> {
    block
        .child(Tag::KEY_VALUE)?
        .child(Tag::KEY_MATERIAL)?
        .child(Tag::KEY)
        .map(|k| k.value.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_comes_back_in_its_registered_format_unless_asked() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let key: Vec<u8> = (0..16u8).map(|b| b ^ 0x6b).collect();
    for version in [V14, V21] {
        let request = RegisterRequest {
            object_type: ObjectType::SYMMETRIC_KEY,
            attributes: aes(128, Usage::DECRYPT, &[]),
            object: transparent_key(&key),
            protection_storage_masks: None,
        };
        let uid = ok::<RegisterResponse>(
            &mut stream,
            version,
            Operation::REGISTER,
            request.to_item(version).unwrap(),
        )
        .await
        .unique_identifier;
        let default = get(&mut stream, version, &uid, None).await;
        let block = key_block(&default);
        assert_eq!(format_of(block), KeyFormatType::TRANSPARENT_SYMMETRIC_KEY);
        assert_eq!(
            transparent_bytes(block),
            Some(Value::ByteString(key.clone().into()))
        );
        let raw = get(&mut stream, version, &uid, Some(KeyFormatType::RAW)).await;
        assert_eq!(format_of(key_block(&raw)), KeyFormatType::RAW);
        assert_eq!(material_bytes(key_block(&raw)), key);
    }
    // Registered Raw, it stays Raw by default.
    let uid = register(&mut stream, V21, &key, aes(128, Usage::DECRYPT, &[])).await;
    let default = get(&mut stream, V21, &uid, None).await;
    assert_eq!(format_of(key_block(&default)), KeyFormatType::RAW);
}
