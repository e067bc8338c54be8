//! ChaCha20 and ChaCha20-Poly1305 keys over KMIP, end to end: they live on NSS's softoken (the
//! second `[[hsm]]`; SoftHSM2 2.6.1 has no ChaCha20), generated there, used for Encrypt and
//! Decrypt with a server-drawn nonce; without such a token, Create answers Feature Not
//! Supported. (The OASIS CS-BC-M-CHACHA20* files replay the published vectors.)

mod common;
mod key_helpers;

use common::{call_v21, connect_admin, nss_hsm_section, start_server, start_server_with};
use hsmgate_kmip::message::payload::create::{CreateRequest, CreateResponse};
use hsmgate_kmip::message::payload::decrypt::DecryptRequest;
use hsmgate_kmip::message::payload::encrypt::EncryptRequest;
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload};
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, CryptographicAlgorithm, ObjectType, Operation, ResultReason,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Tag, Value};
use key_helpers::*;

fn chacha_key(algorithm: CryptographicAlgorithm) -> CreateRequest {
    CreateRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes: attributes(&[
            (
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(algorithm.0),
            ),
            (Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(256)),
            (
                Tag::CRYPTOGRAPHIC_USAGE_MASK,
                Value::Integer((Usage::ENCRYPT.0 | Usage::DECRYPT.0) as i32),
            ),
        ]),
        protection_storage_masks: None,
    }
}

fn aead(tag_length: i32) -> Option<CryptographicParameters> {
    Some(CryptographicParameters {
        block_cipher_mode: Some(BlockCipherMode::AEAD),
        tag_length: Some(tag_length),
        ..CryptographicParameters::default()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_chacha20_poly1305_keys_seal_and_open_with_a_server_nonce() {
    let server = start_server_with(&nss_hsm_section()).await;
    let mut stream = connect_admin(&server).await;
    let request = chacha_key(CryptographicAlgorithm::CHACHA20POLY1305);
    let created: CreateResponse = ok(
        &mut stream,
        V21,
        Operation::CREATE,
        request.to_item(V21).unwrap(),
    )
    .await;
    let uid = created.unique_identifier;
    activate(&mut stream, V21, &uid).await;
    let sealed = encrypt_v21(
        &mut stream,
        EncryptRequest {
            unique_identifier: Some(uid.clone()),
            cryptographic_parameters: aead(16),
            data: Some(b"attack at dawn".to_vec().into()),
            authenticated_encryption_additional_data: Some(b"header".to_vec().into()),
            ..EncryptRequest::default()
        },
    )
    .await;
    let nonce = sealed.iv_counter_nonce.clone().expect("the server's nonce");
    assert_eq!(nonce.len(), 12);
    let tag = sealed.authenticated_encryption_tag.clone().expect("a tag");
    assert_eq!(tag.len(), 16);
    let ciphertext = sealed.data.clone().unwrap();
    assert_ne!(ciphertext.as_ref(), b"attack at dawn");
    let open = |tag: Vec<u8>| DecryptRequest {
        unique_identifier: Some(uid.clone()),
        cryptographic_parameters: aead(16),
        data: Some(ciphertext.clone()),
        iv_counter_nonce: Some(nonce.clone()),
        authenticated_encryption_additional_data: Some(b"header".to_vec().into()),
        authenticated_encryption_tag: Some(tag.into()),
        ..DecryptRequest::default()
    };
    let opened = decrypt_v21(&mut stream, open(tag.to_vec())).await;
    assert_eq!(opened.data.unwrap().as_ref(), b"attack at dawn");
    let mut forged = tag.to_vec();
    forged[3] ^= 1;
    failed(
        &call_v21(&mut stream, Operation::DECRYPT, &open(forged)).await,
        ResultReason::CRYPTOGRAPHIC_FAILURE,
    );
    // An AES mode does not fit a ChaCha20-Poly1305 key.
    let gcm = EncryptRequest {
        unique_identifier: Some(uid.clone()),
        cryptographic_parameters: Some(CryptographicParameters {
            block_cipher_mode: Some(BlockCipherMode::GCM),
            ..CryptographicParameters::default()
        }),
        data: Some(b"x".to_vec().into()),
        ..EncryptRequest::default()
    };
    failed(
        &call_v21(&mut stream, Operation::ENCRYPT, &gcm).await,
        ResultReason::INVALID_FIELD,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chacha20_keys_need_a_token_that_has_the_mechanism() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let request = chacha_key(CryptographicAlgorithm::CHACHA20);
    failed(
        &call_v21(&mut stream, Operation::CREATE, &request).await,
        ResultReason::FEATURE_NOT_SUPPORTED,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_aes_key_still_needs_a_block_cipher_mode() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let uid = create_aes(
        &mut stream,
        aes(256, Usage(Usage::ENCRYPT.0 | Usage::DECRYPT.0), &[]),
    )
    .await;
    activate(&mut stream, V21, &uid).await;
    let request = EncryptRequest {
        unique_identifier: Some(uid),
        cryptographic_parameters: Some(CryptographicParameters::default()),
        data: Some(vec![0; 16].into()),
        ..EncryptRequest::default()
    };
    failed(
        &call_v21(&mut stream, Operation::ENCRYPT, &request).await,
        ResultReason::INVALID_FIELD,
    );
}
