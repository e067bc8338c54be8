//! An object's dates drive its state and bound its use: a Deactivation Date that has passed
//! makes it Deactivated, an Activation Date that has passed makes a Pre-Active object Active
//! (evaluated when the object is next used), a passed Protect Stop Date stops encryption and a
//! future Process Start Date stops decryption. End to end on a real SoftHSM2 token.

mod common;
mod key_helpers;

use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use common::{call, call_v21, connect_admin, start_server};
use hsmgate_kmip::message::payload::decrypt::DecryptRequest;
use hsmgate_kmip::message::payload::encrypt::EncryptRequest;
use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::message::{AttributeName, Attributes, ResponseBatchItem};
use hsmgate_kmip::spec::enums::{BlockCipherMode, Operation, ResultReason, ResultStatus, State};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::*;

const HOUR: i64 = 3600;

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn date(tag: Tag, t: i64) -> (Tag, Value) {
    (tag, Value::DateTime(t))
}

fn params() -> Option<CryptographicParameters> {
    Some(CryptographicParameters {
        block_cipher_mode: Some(BlockCipherMode::ECB),
        ..CryptographicParameters::default()
    })
}

async fn encrypt(stream: &mut Stream, uid: &str) -> ResponseBatchItem {
    let request = EncryptRequest {
        unique_identifier: Some(uid.into()),
        cryptographic_parameters: params(),
        data: Some(Bytes::from_static(b"sixteen bytes..!")),
        ..EncryptRequest::default()
    };
    call_v21(stream, Operation::ENCRYPT, &request).await
}

async fn decrypt(stream: &mut Stream, uid: &str) -> ResponseBatchItem {
    let request = DecryptRequest {
        unique_identifier: Some(uid.into()),
        cryptographic_parameters: params(),
        data: Some(Bytes::from_static(&[0u8; 32])),
        ..DecryptRequest::default()
    };
    call_v21(stream, Operation::DECRYPT, &request).await
}

const KEY: [u8; 16] = [0x3c; 16];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passed_dates_put_a_key_out_of_use() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let usage = Usage(Usage::ENCRYPT.0 | Usage::DECRYPT.0);
    let t = now();

    // Activated and deactivated in the past: Deactivated from the start (a client may set
    // the Deactivation Date). It decrypts old data but encrypts nothing new.
    let retired = register(
        &mut stream,
        V21,
        &KEY,
        aes(
            128,
            usage,
            &[
                date(Tag::ACTIVATION_DATE, t - 2 * HOUR),
                date(Tag::DEACTIVATION_DATE, t - HOUR),
            ],
        ),
    )
    .await;
    assert_eq!(
        state_of(&mut stream, &retired).await,
        Value::Enumeration(State::DEACTIVATED.0)
    );
    failed(
        &encrypt(&mut stream, &retired).await,
        ResultReason::WRONG_KEY_LIFECYCLE_STATE,
    );
    assert_eq!(
        decrypt(&mut stream, &retired).await.result_status,
        ResultStatus::SUCCESS
    );

    // Active, but past its Protect Stop Date and before its Process Start Date.
    let bounded = register(
        &mut stream,
        V21,
        &KEY,
        aes(
            128,
            usage,
            &[
                date(Tag::ACTIVATION_DATE, t - HOUR),
                date(Tag::PROCESS_START_DATE, t + HOUR),
                date(Tag::PROTECT_STOP_DATE, t - HOUR),
            ],
        ),
    )
    .await;
    assert_eq!(
        state_of(&mut stream, &bounded).await,
        Value::Enumeration(State::ACTIVE.0)
    );
    failed(
        &encrypt(&mut stream, &bounded).await,
        ResultReason::WRONG_KEY_LIFECYCLE_STATE,
    );
    failed(
        &decrypt(&mut stream, &bounded).await,
        ResultReason::WRONG_KEY_LIFECYCLE_STATE,
    );

    // Inside both bounds, the same key material works.
    let open = register(
        &mut stream,
        V21,
        &KEY,
        aes(
            128,
            usage,
            &[
                date(Tag::ACTIVATION_DATE, t - HOUR),
                date(Tag::PROCESS_START_DATE, t - HOUR),
                date(Tag::PROTECT_STOP_DATE, t + HOUR),
            ],
        ),
    )
    .await;
    assert_eq!(
        encrypt(&mut stream, &open).await.result_status,
        ResultStatus::SUCCESS
    );
    assert_eq!(
        decrypt(&mut stream, &open).await.result_status,
        ResultStatus::SUCCESS
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_activation_date_that_has_passed_activates_on_next_use() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let uid = create_aes(&mut stream, aes(128, Usage::ENCRYPT, &[])).await;
    assert_eq!(
        state_of(&mut stream, &uid).await,
        Value::Enumeration(State::PRE_ACTIVE.0)
    );
    failed(
        &encrypt(&mut stream, &uid).await,
        ResultReason::WRONG_KEY_LIFECYCLE_STATE,
    );
    // The client sets an Activation Date already past; the state follows when next loaded.
    let mut attributes = Attributes::new();
    attributes.push(
        AttributeName::Tagged(Tag::ACTIVATION_DATE),
        Value::DateTime(now() - 60),
    );
    let add = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![
            Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString(uid.clone())),
            attributes.to_v2(Tag::NEW_ATTRIBUTE).unwrap(),
        ],
    );
    let answer = call(&mut stream, V21, Operation::ADD_ATTRIBUTE, add).await;
    assert_eq!(
        answer.result_status,
        ResultStatus::SUCCESS,
        "{:?}",
        answer.result_message
    );
    assert_eq!(
        encrypt(&mut stream, &uid).await.result_status,
        ResultStatus::SUCCESS
    );
    assert_eq!(
        state_of(&mut stream, &uid).await,
        Value::Enumeration(State::ACTIVE.0)
    );
}
