//! Key export over KMIP, end to end on a real SoftHSM2 token: Get of registered keys
//! (plaintext, as registered), refusals for created (sensitive / non-extractable) keys, and Get
//! wrapped under a managed key, unwrapped here with RustCrypto aes-kw.

mod common;
mod key_helpers;

use aes_gcm::aead::{Aead, KeyInit, Payload as AeadPayload};
use aes_gcm::{Aes256Gcm, Nonce};
use bytes::Bytes;
use common::{call, connect_admin, start_server};
use hsmgate_kmip::message::payload::encrypt::EncryptRequest;
use hsmgate_kmip::message::payload::get::GetResponse;
use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, KeyFormatType, ObjectType, Operation, ResultReason, WrappingMethod,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registered_key_comes_back_as_registered_in_every_version() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    for (i, version) in [V12, V14, V21].into_iter().enumerate() {
        let key: Vec<u8> = (0..32).map(|b| b as u8 ^ (0x5a + i as u8)).collect();
        let uid = register(&mut stream, version, &key, aes(256, Usage::ENCRYPT, &[])).await;
        let raw = get(&mut stream, version, &uid, None).await;
        assert_eq!(raw.object_type, ObjectType::SYMMETRIC_KEY);
        assert_eq!(raw.unique_identifier, uid);
        let block = key_block(&raw);
        assert_eq!(format_of(block), KeyFormatType::RAW);
        assert_eq!(material_bytes(block), key, "{version}");
        assert_eq!(
            block.child(Tag::CRYPTOGRAPHIC_LENGTH).map(|i| &i.value),
            Some(&Value::Integer(256))
        );
        let transparent = get(
            &mut stream,
            version,
            &uid,
            Some(KeyFormatType::TRANSPARENT_SYMMETRIC_KEY),
        )
        .await;
        let block = key_block(&transparent);
        assert_eq!(format_of(block), KeyFormatType::TRANSPARENT_SYMMETRIC_KEY);
        let inner = block
            .child(Tag::KEY_VALUE)
            .unwrap()
            .child(Tag::KEY_MATERIAL)
            .unwrap();
        assert_eq!(
            inner.child(Tag::KEY).map(|k| &k.value),
            Some(&Value::ByteString(key.clone().into()))
        );
        // A symmetric key has no PKCS#1 form.
        let refused = call(
            &mut stream,
            version,
            Operation::GET,
            get_request(&uid, Some(KeyFormatType::PKCS_1), None, version),
        )
        .await;
        failed(&refused, ResultReason::KEY_FORMAT_TYPE_NOT_SUPPORTED);
    }

    // A client that registers a key as Sensitive gets it back only wrapped.
    let sensitive = register(
        &mut stream,
        V21,
        &[7u8; 32],
        aes(
            256,
            Usage::ENCRYPT,
            &[(Tag::SENSITIVE, Value::Boolean(true))],
        ),
    )
    .await;
    let refused = call(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&sensitive, None, None, V21),
    )
    .await;
    failed(&refused, ResultReason::SENSITIVE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn created_keys_never_leave_in_plaintext() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let sealed = create_aes(&mut stream, aes(256, Usage::ENCRYPT, &[])).await;
    for (version, reason) in [
        (V21, ResultReason::NOT_EXTRACTABLE),
        (V14, ResultReason::NOT_EXTRACTABLE),
        // Before KMIP 1.4 there is no Not Extractable reason.
        (V12, ResultReason::PERMISSION_DENIED),
    ] {
        let refused = call(
            &mut stream,
            version,
            Operation::GET,
            get_request(&sealed, None, None, version),
        )
        .await;
        failed(&refused, reason);
    }
    // Extractable means "may leave wrapped": in plaintext it is still Sensitive.
    let extractable = create_extractable_aes(&mut stream, Usage::ENCRYPT).await;
    let refused = call(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&extractable, None, None, V21),
    )
    .await;
    failed(&refused, ResultReason::SENSITIVE);
    assert!(refused.result_message.unwrap().contains("wrapped"));

    // And a non-extractable key does not leave wrapped either.
    let kek = register(&mut stream, V21, &[9u8; 32], aes(256, Usage::WRAP_KEY, &[])).await;
    activate(&mut stream, V21, &kek).await;
    let refused = call(
        &mut stream,
        V21,
        Operation::GET,
        get_request(
            &sealed,
            None,
            Some(wrapping_spec(&kek, Some(BlockCipherMode::NISTKEYWRAP))),
            V21,
        ),
    )
    .await;
    failed(&refused, ResultReason::NOT_EXTRACTABLE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrapped_key_unwraps_to_a_key_that_encrypts_like_the_original() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let kek_bytes: [u8; 32] = core::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(11));
    let kek = register(&mut stream, V21, &kek_bytes, aes(256, Usage::WRAP_KEY, &[])).await;
    let target = create_extractable_aes(&mut stream, Usage::ENCRYPT | Usage::DECRYPT).await;
    activate(&mut stream, V21, &target).await;

    // The wrapping key must be Active.
    let spec = wrapping_spec(&kek, Some(BlockCipherMode::NISTKEYWRAP));
    let refused = call(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&target, None, Some(spec.clone()), V21),
    )
    .await;
    failed(&refused, ResultReason::WRONG_KEY_LIFECYCLE_STATE);
    activate(&mut stream, V21, &kek).await;

    let soft_kek = aes_kw::KekAes256::from(kek_bytes);
    let wrapped: GetResponse = ok(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&target, None, Some(spec), V21),
    )
    .await;
    let block = key_block(&wrapped);
    assert_eq!(format_of(block), KeyFormatType::RAW);
    let wrapping_data = block
        .child(Tag::KEY_WRAPPING_DATA)
        .expect("Key Wrapping Data");
    assert_eq!(
        wrapping_data.child(Tag::WRAPPING_METHOD).map(|i| &i.value),
        Some(&Value::Enumeration(WrappingMethod::ENCRYPT.0))
    );
    let info = wrapping_data
        .child(Tag::ENCRYPTION_KEY_INFORMATION)
        .unwrap();
    assert_eq!(
        info.child(Tag::UNIQUE_IDENTIFIER).map(|i| &i.value),
        Some(&Value::TextString(kek.clone()))
    );
    let Value::ByteString(kw) = &block.child(Tag::KEY_VALUE).unwrap().value else {
        panic!("a wrapped Key Value is a byte string");
    };
    assert_eq!(kw.len(), 40);
    let key = soft_kek
        .unwrap_vec(kw)
        .expect("AES-KW unwrap with the registered KEK");

    // RFC 5649 padding gives the same key.
    let padded: GetResponse = ok(
        &mut stream,
        V21,
        Operation::GET,
        get_request(
            &target,
            None,
            Some(wrapping_spec(
                &kek,
                Some(BlockCipherMode::AESKEYWRAPPADDING),
            )),
            V21,
        ),
    )
    .await;
    let Value::ByteString(kwp) = &key_block(&padded).child(Tag::KEY_VALUE).unwrap().value else {
        panic!("a wrapped Key Value is a byte string");
    };
    assert_eq!(soft_kek.unwrap_with_padding_vec(kwp).unwrap(), key);

    // The unwrapped key encrypts like the HSM's: same IV, same AAD, same ciphertext and tag.
    let iv = [0x42u8; 12];
    let plaintext = b"the same bytes on both sides";
    let request = EncryptRequest {
        unique_identifier: Some(target.clone()),
        cryptographic_parameters: Some(CryptographicParameters {
            block_cipher_mode: Some(BlockCipherMode::GCM),
            tag_length: Some(16),
            ..CryptographicParameters::default()
        }),
        data: Some(Bytes::from_static(plaintext)),
        iv_counter_nonce: Some(Bytes::copy_from_slice(&iv)),
        authenticated_encryption_additional_data: Some(Bytes::from_static(b"aad")),
        ..EncryptRequest::default()
    };
    let sealed = encrypt_v21(&mut stream, request).await;
    let software = Aes256Gcm::new_from_slice(&key)
        .unwrap()
        .encrypt(
            Nonce::from_slice(&iv),
            AeadPayload {
                msg: plaintext,
                aad: b"aad",
            },
        )
        .unwrap();
    let (ciphertext, tag) = software.split_at(plaintext.len());
    assert_eq!(sealed.data.unwrap().as_ref(), ciphertext);
    assert_eq!(sealed.authenticated_encryption_tag.unwrap().as_ref(), tag);

    // TTLV-encoded wrapping cannot come out of an HSM; said so, not faked.
    let mut ttlv = wrapping_spec(&kek, None);
    if let Value::Structure(fields) = &mut ttlv.value {
        fields.push(Item::new(Tag::ENCODING_OPTION, Value::Enumeration(2)));
    }
    let refused = call(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&target, None, Some(ttlv), V21),
    )
    .await;
    failed(&refused, ResultReason::ENCODING_OPTION_ERROR);
}
