//! Wrapped Get and its Encoding Option, over real TLS on a real SoftHSM2 token, checked by
//! unwrapping in software (RFC 3394 AES key wrap) with the known wrapping key. Without an
//! Encoding Option (KMIP's default, TTLV) a key the server may read comes wrapped as the TTLV
//! encoding of its Key Value; with No Encoding, as the bare key, and the response says so. A
//! sensitive key can only be wrapped bare inside the HSM: asked for TTLV it is an Encoding
//! Option Error, asked for nothing it comes bare with No Encoding said.

mod common;
mod key_helpers;

use bytes::Bytes;
use common::{call, connect_admin, start_server};
use hsmgate_kmip::message::payload::get::GetResponse;
use hsmgate_kmip::spec::enums::{EncodingOption, KeyFormatType, Operation, ResultReason};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{decode, Item, Limits, Tag, Value};
use key_helpers::*;

fn spec_with(kek: &str, encoding: Option<EncodingOption>) -> Item {
    let mut spec = wrapping_spec(
        kek,
        Some(hsmgate_kmip::spec::enums::BlockCipherMode::NISTKEYWRAP),
    );
    if let (Some(option), Value::Structure(fields)) = (encoding, &mut spec.value) {
        fields.push(Item::new(
            Tag::ENCODING_OPTION,
            Value::Enumeration(option.0),
        ));
    }
    spec
}

/// (wrapped bytes, Encoding Option in the response) of a wrapped Get.
async fn wrapped_get(s: &mut Stream, uid: &str, spec: Item) -> (Vec<u8>, Option<Value>) {
    let r: GetResponse = ok(
        s,
        V21,
        Operation::GET,
        get_request(uid, None, Some(spec), V21),
    )
    .await;
    let block = r.object.child(Tag::KEY_BLOCK).unwrap();
    assert_eq!(format_of(block), KeyFormatType::RAW);
    let data = match &block.child(Tag::KEY_VALUE).unwrap().value {
        Value::ByteString(b) => b.to_vec(),
        other => panic!("wrapped Key Value: {other:?}"),
    };
    let option = block
        .child(Tag::KEY_WRAPPING_DATA)
        .unwrap()
        .child(Tag::ENCODING_OPTION)
        .map(|i| i.value.clone());
    (data, option)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrapped_keys_follow_the_encoding_option() {
    let server = start_server().await;
    let mut s = connect_admin(&server).await;
    let kek_bytes = [0x5Cu8; 32];
    let kek = register(&mut s, V21, &kek_bytes, aes(256, Usage::WRAP_KEY, &[])).await;
    activate(&mut s, V21, &kek).await;
    let soft_kek = aes_kw::KekAes256::from(kek_bytes);
    let key_bytes: Vec<u8> = (1..=32).collect();
    // A registered key stays readable (its material was known outside the HSM already).
    let readable = register(&mut s, V21, &key_bytes, aes(256, Usage::ENCRYPT, &[])).await;

    // Default: the TTLV encoding of {Key Value {Key Material}}, no Encoding Option written.
    for asked in [None, Some(EncodingOption::TTLV_ENCODING)] {
        let (data, option) = wrapped_get(&mut s, &readable, spec_with(&kek, asked)).await;
        assert_eq!(option, None);
        let encoded = soft_kek.unwrap_vec(&data).unwrap();
        let item = decode(Bytes::from(encoded), &Limits::default()).unwrap();
        assert_eq!(item.tag, Tag::KEY_VALUE);
        assert_eq!(
            item.child(Tag::KEY_MATERIAL).map(|m| &m.value),
            Some(&Value::ByteString(key_bytes.clone().into()))
        );
    }
    // No Encoding: the bare key, and the response says so.
    let (data, option) = wrapped_get(
        &mut s,
        &readable,
        spec_with(&kek, Some(EncodingOption::NO_ENCODING)),
    )
    .await;
    assert_eq!(
        option,
        Some(Value::Enumeration(EncodingOption::NO_ENCODING.0))
    );
    assert_eq!(soft_kek.unwrap_vec(&data).unwrap(), key_bytes);

    // A created key is sensitive: only the bare form can be had, and it is said.
    let sensitive = create_extractable_aes(&mut s, Usage::ENCRYPT).await;
    let (data, option) = wrapped_get(&mut s, &sensitive, spec_with(&kek, None)).await;
    assert_eq!(
        option,
        Some(Value::Enumeration(EncodingOption::NO_ENCODING.0))
    );
    assert_eq!(soft_kek.unwrap_vec(&data).unwrap().len(), 32);
    let refused = call(
        &mut s,
        V21,
        Operation::GET,
        get_request(
            &sensitive,
            None,
            Some(spec_with(&kek, Some(EncodingOption::TTLV_ENCODING))),
            V21,
        ),
    )
    .await;
    failed(&refused, ResultReason::ENCODING_OPTION_ERROR);
}
