//! Streaming Encrypt and Decrypt (Init Indicator, Correlation Value, Final Indicator) with
//! AES-GCM over real TLS on a real SoftHSM2 token: the parts give exactly what one single-shot
//! call gives, a wrong tag fails at the end, a Correlation Value works only for the caller and
//! key that began the stream and only until its end, and open streams are bounded so that
//! single-shot calls keep their sessions.

mod common;
mod key_helpers;

use common::{
    call_v21, client_config, connect, connect_admin, other_client, start_server, succeeded,
};
use hsmgate_kmip::message::payload::decrypt::{DecryptRequest, DecryptResponse};
use hsmgate_kmip::message::payload::encrypt::{EncryptRequest, EncryptResponse};
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload};
use hsmgate_kmip::message::ResponseBatchItem;
use hsmgate_kmip::spec::enums::{BlockCipherMode, Operation, PaddingMethod, ResultReason};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use key_helpers::*;

fn gcm() -> CryptographicParameters {
    CryptographicParameters {
        block_cipher_mode: Some(BlockCipherMode::GCM),
        tag_length: Some(16),
        ..CryptographicParameters::default()
    }
}

const IV: &[u8] = &[9u8; 12];
const AAD: &[u8] = b"stream header";

fn first_part(uid: &str, data: &[u8]) -> EncryptRequest {
    EncryptRequest {
        unique_identifier: Some(uid.into()),
        cryptographic_parameters: Some(gcm()),
        data: Some(data.to_vec().into()),
        iv_counter_nonce: Some(IV.to_vec().into()),
        init_indicator: Some(true),
        authenticated_encryption_additional_data: Some(AAD.to_vec().into()),
        ..EncryptRequest::default()
    }
}

fn later_part(uid: &str, correlation: &[u8], data: &[u8], last: bool) -> EncryptRequest {
    EncryptRequest {
        unique_identifier: Some(uid.into()),
        data: Some(data.to_vec().into()),
        correlation_value: Some(correlation.to_vec().into()),
        final_indicator: last.then_some(true),
        ..EncryptRequest::default()
    }
}

async fn send(stream: &mut Stream, request: EncryptRequest) -> ResponseBatchItem {
    call_v21(stream, Operation::ENCRYPT, &request).await
}

fn encrypted(item: &ResponseBatchItem) -> EncryptResponse {
    EncryptResponse::parse(succeeded(item), V21).unwrap()
}

async fn decrypt(stream: &mut Stream, request: DecryptRequest) -> ResponseBatchItem {
    call_v21(stream, Operation::DECRYPT, &request).await
}

async fn new_key(stream: &mut Stream) -> String {
    let uid = create_aes(
        stream,
        aes(256, Usage(Usage::ENCRYPT.0 | Usage::DECRYPT.0), &[]),
    )
    .await;
    activate(stream, V21, &uid).await;
    uid
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gcm_parts_give_what_one_call_gives_and_decrypt_back() {
    let server = start_server().await;
    let mut s = connect_admin(&server).await;
    let uid = new_key(&mut s).await;
    let message: Vec<u8> = (0..100u8).collect();

    // One call.
    let mut whole = first_part(&uid, &message);
    whole.final_indicator = Some(true); // Init and Final together: a single-shot call.
    let whole = encrypted(&send(&mut s, whole).await);
    assert!(whole.correlation_value.is_none());

    // Three parts.
    let first = encrypted(&send(&mut s, first_part(&uid, &message[..33])).await);
    let correlation = first.correlation_value.clone().unwrap();
    assert!(first.authenticated_encryption_tag.is_none());
    let second = encrypted(
        &send(
            &mut s,
            later_part(&uid, &correlation, &message[33..80], false),
        )
        .await,
    );
    assert_eq!(
        second.correlation_value.as_deref(),
        Some(correlation.as_ref())
    );
    let last = encrypted(&send(&mut s, later_part(&uid, &correlation, &message[80..], true)).await);
    assert!(last.correlation_value.is_none());
    let sealed = [first.data, second.data, last.data.clone()]
        .iter()
        .flat_map(|d| d.clone().unwrap().to_vec())
        .collect::<Vec<u8>>();
    assert_eq!(Some(sealed.clone().into()), whole.data);
    assert_eq!(
        last.authenticated_encryption_tag,
        whole.authenticated_encryption_tag
    );
    let tag = last.authenticated_encryption_tag.unwrap();

    // The stream is over: its Correlation Value is unknown now.
    failed(
        &send(&mut s, later_part(&uid, &correlation, b"more", true)).await,
        ResultReason::INVALID_FIELD,
    );

    // Decrypt in two parts, the tag with the last one.
    let decrypt_first = |data: &[u8]| DecryptRequest {
        unique_identifier: Some(uid.clone()),
        cryptographic_parameters: Some(gcm()),
        data: Some(data.to_vec().into()),
        iv_counter_nonce: Some(IV.to_vec().into()),
        init_indicator: Some(true),
        authenticated_encryption_additional_data: Some(AAD.to_vec().into()),
        ..DecryptRequest::default()
    };
    let decrypt_last = |correlation: &[u8], data: &[u8], tag: &[u8]| DecryptRequest {
        unique_identifier: Some(uid.clone()),
        data: Some(data.to_vec().into()),
        correlation_value: Some(correlation.to_vec().into()),
        final_indicator: Some(true),
        authenticated_encryption_tag: Some(tag.to_vec().into()),
        ..DecryptRequest::default()
    };
    let opened_first = decrypt(&mut s, decrypt_first(&sealed[..50])).await;
    let opened_first = DecryptResponse::parse(succeeded(&opened_first), V21).unwrap();
    let correlation = opened_first.correlation_value.unwrap();
    let opened_last = decrypt(&mut s, decrypt_last(&correlation, &sealed[50..], &tag)).await;
    let opened_last = DecryptResponse::parse(succeeded(&opened_last), V21).unwrap();
    let opened = [opened_first.data.unwrap(), opened_last.data.unwrap()].concat();
    assert_eq!(opened, message);

    // A changed tag fails at the end.
    let mut bad = tag.to_vec();
    bad[3] ^= 0x80;
    let begun = decrypt(&mut s, decrypt_first(&sealed[..50])).await;
    let correlation = DecryptResponse::parse(succeeded(&begun), V21)
        .unwrap()
        .correlation_value
        .unwrap();
    failed(
        &decrypt(&mut s, decrypt_last(&correlation, &sealed[50..], &bad)).await,
        ResultReason::CRYPTOGRAPHIC_FAILURE,
    );

    // Streams are AES-GCM only.
    let mut cbc = first_part(&uid, &message);
    cbc.cryptographic_parameters = Some(CryptographicParameters {
        block_cipher_mode: Some(BlockCipherMode::CBC),
        padding_method: Some(PaddingMethod::PKCS5),
        ..CryptographicParameters::default()
    });
    cbc.authenticated_encryption_additional_data = None;
    cbc.iv_counter_nonce = Some(vec![0u8; 16].into());
    failed(
        &send(&mut s, cbc).await,
        ResultReason::FEATURE_NOT_SUPPORTED,
    );
    // A Final Indicator alone names no stream.
    let mut orphan = later_part(&uid, b"", b"x", true);
    orphan.correlation_value = None;
    failed(&send(&mut s, orphan).await, ResultReason::INVALID_MESSAGE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_belongs_to_its_caller_and_key_and_streams_are_bounded() {
    let server = start_server().await;
    let mut owner = connect_admin(&server).await;
    let uid = new_key(&mut owner).await;
    let other_uid = new_key(&mut owner).await;
    let begun = encrypted(&send(&mut owner, first_part(&uid, b"part one")).await);
    let correlation = begun.correlation_value.unwrap();

    // Another caller, or another key, cannot continue it.
    let (cert, key) = other_client(&server.pki, "stranger");
    let mut stranger = connect(server.addr, client_config(&server.pki, Some((&cert, &key))))
        .await
        .unwrap();
    let stolen = send(&mut stranger, later_part(&uid, &correlation, b"x", true)).await;
    assert_eq!(
        stolen.result_status,
        hsmgate_kmip::spec::enums::ResultStatus::OPERATION_FAILED
    );
    failed(
        &send(&mut owner, later_part(&other_uid, &correlation, b"x", true)).await,
        ResultReason::INVALID_FIELD,
    );
    // Refusals did not end it: its owner finishes it.
    let end = encrypted(
        &send(
            &mut owner,
            later_part(&uid, &correlation, b" and two", true),
        )
        .await,
    );
    assert_eq!(end.authenticated_encryption_tag.unwrap().len(), 16);

    // Open streams until the bound refuses one; single-shot calls still run meanwhile.
    let mut open = Vec::new();
    let refused = loop {
        assert!(open.len() < 64, "no bound on open streams");
        let answer = send(&mut owner, first_part(&uid, b"held")).await;
        if answer.result_status != hsmgate_kmip::spec::enums::ResultStatus::SUCCESS {
            break answer;
        }
        open.push(encrypted(&answer).correlation_value.unwrap());
    };
    failed(&refused, ResultReason::GENERAL_FAILURE);
    assert!(!open.is_empty());
    let mut single = first_part(&uid, b"single");
    single.init_indicator = None;
    encrypted(&send(&mut owner, single).await);
    // Ending one frees its place.
    let correlation = open.pop().unwrap();
    encrypted(&send(&mut owner, later_part(&uid, &correlation, b"", true)).await);
    encrypted(&send(&mut owner, first_part(&uid, b"again")).await);
}
