//! `[keys] created_keys_extractable = true`: Create follows KMIP's defaults (Extractable true,
//! Sensitive false), so a client reads back the keys it creates (VMware vCenter does), while a
//! client's own Extractable or Sensitive attribute still wins. End to end on real SoftHSM2.

mod common;
mod key_helpers;

use aes_gcm::aead::{Aead, KeyInit, Payload as AeadPayload};
use aes_gcm::{Aes256Gcm, Nonce};
use bytes::Bytes;
use common::{call, connect_admin, start_server_with};
use hsmgate_kmip::message::payload::encrypt::EncryptRequest;
use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::spec::enums::{BlockCipherMode, KeyFormatType, Operation, ResultReason};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Tag, Value};
use key_helpers::*;

const KMIP_DEFAULTS: &str = "[keys]\ncreated_keys_extractable = true\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn created_keys_can_be_read_back_when_configured() {
    let server = start_server_with(KMIP_DEFAULTS).await;
    let mut stream = connect_admin(&server).await;
    let uid = create_aes(&mut stream, aes(256, Usage::ENCRYPT, &[])).await;
    activate(&mut stream, V21, &uid).await;
    let got = get(&mut stream, V21, &uid, None).await;
    let block = key_block(&got);
    assert_eq!(format_of(block), KeyFormatType::RAW);
    let key = material_bytes(block);
    assert_eq!(key.len(), 32);

    // The value read back is the HSM's key: it encrypts as the HSM does.
    let iv = [0x24u8; 12];
    let plaintext = b"created in the HSM, read back";
    let request = EncryptRequest {
        unique_identifier: Some(uid.clone()),
        cryptographic_parameters: Some(CryptographicParameters {
            block_cipher_mode: Some(BlockCipherMode::GCM),
            tag_length: Some(16),
            ..CryptographicParameters::default()
        }),
        data: Some(Bytes::from_static(plaintext)),
        iv_counter_nonce: Some(Bytes::copy_from_slice(&iv)),
        ..EncryptRequest::default()
    };
    let sealed = encrypt_v21(&mut stream, request).await;
    let software = Aes256Gcm::new_from_slice(&key)
        .unwrap()
        .encrypt(
            Nonce::from_slice(&iv),
            AeadPayload {
                msg: plaintext,
                aad: b"",
            },
        )
        .unwrap();
    let (ciphertext, tag) = software.split_at(plaintext.len());
    assert_eq!(sealed.data.unwrap().as_ref(), ciphertext);
    assert_eq!(sealed.authenticated_encryption_tag.unwrap().as_ref(), tag);

    // Two created keys are two different keys.
    let other = create_aes(&mut stream, aes(256, Usage::ENCRYPT, &[])).await;
    let other_key = material_bytes(key_block(&get(&mut stream, V21, &other, None).await));
    assert_ne!(other_key, key);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clients_own_attributes_still_win() {
    let server = start_server_with(KMIP_DEFAULTS).await;
    let mut stream = connect_admin(&server).await;
    let sensitive = create_aes(
        &mut stream,
        aes(
            128,
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

    let sealed = create_aes(
        &mut stream,
        aes(
            128,
            Usage::ENCRYPT,
            &[(Tag::EXTRACTABLE, Value::Boolean(false))],
        ),
    )
    .await;
    let refused = call(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&sealed, None, None, V21),
    )
    .await;
    failed(&refused, ResultReason::NOT_EXTRACTABLE);
}
