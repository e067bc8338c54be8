//! Usage Limits: a key registered with a byte or object limit encrypts and decrypts until the
//! limit is used up, then is refused with Permission Denied; the remaining count is its Usage
//! Limits Count attribute, and Check answers against it. End to end on a real SoftHSM2 token.

mod common;
mod key_helpers;

use bytes::Bytes;
use common::{call, call_v21, connect_admin, start_server};
use hsmgate_kmip::message::payload::encrypt::EncryptRequest;
use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::message::ResponseBatchItem;
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, Operation, ResultReason, ResultStatus, UsageLimitsUnit,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::*;

fn limits(total: i64, unit: UsageLimitsUnit) -> (Tag, Value) {
    (
        Tag::USAGE_LIMITS,
        Value::Structure(vec![
            Item::new(Tag::USAGE_LIMITS_TOTAL, Value::LongInteger(total)),
            Item::new(Tag::USAGE_LIMITS_UNIT, Value::Enumeration(unit.0)),
        ]),
    )
}

fn active() -> (Tag, Value) {
    (Tag::ACTIVATION_DATE, Value::DateTime(1_000_000_000))
}

async fn encrypt(stream: &mut Stream, uid: &str, bytes: usize) -> ResponseBatchItem {
    let request = EncryptRequest {
        unique_identifier: Some(uid.into()),
        cryptographic_parameters: Some(CryptographicParameters {
            block_cipher_mode: Some(BlockCipherMode::ECB),
            ..CryptographicParameters::default()
        }),
        data: Some(Bytes::from(vec![0x11u8; bytes])),
        ..EncryptRequest::default()
    };
    call_v21(stream, Operation::ENCRYPT, &request).await
}

async fn count_left(stream: &mut Stream, uid: &str) -> Option<Value> {
    let limits = attribute_of(stream, uid, Tag::USAGE_LIMITS).await?;
    limits
        .child(Tag::USAGE_LIMITS_COUNT)
        .map(|c| c.value.clone())
}

fn check(uid: &str, count: i64) -> Item {
    Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![
            Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString(uid.into())),
            Item::new(Tag::USAGE_LIMITS_COUNT, Value::LongInteger(count)),
        ],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_byte_limit_is_used_up_then_refused() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let uid = register(
        &mut stream,
        V21,
        &[0x2a; 16],
        aes(
            128,
            Usage(Usage::ENCRYPT.0 | Usage::DECRYPT.0),
            &[active(), limits(48, UsageLimitsUnit::BYTE)],
        ),
    )
    .await;
    assert_eq!(
        count_left(&mut stream, &uid).await,
        Some(Value::LongInteger(48))
    );
    assert_eq!(
        encrypt(&mut stream, &uid, 32).await.result_status,
        ResultStatus::SUCCESS
    );
    assert_eq!(
        count_left(&mut stream, &uid).await,
        Some(Value::LongInteger(16))
    );
    // Check asks whether that many more are left.
    assert_eq!(
        call(&mut stream, V21, Operation::CHECK, check(&uid, 16))
            .await
            .result_status,
        ResultStatus::SUCCESS
    );
    failed(
        &call(&mut stream, V21, Operation::CHECK, check(&uid, 17)).await,
        ResultReason::PERMISSION_DENIED,
    );
    // 32 more bytes would exceed the limit; 16 do not, and then nothing is left.
    failed(
        &encrypt(&mut stream, &uid, 32).await,
        ResultReason::PERMISSION_DENIED,
    );
    assert_eq!(
        encrypt(&mut stream, &uid, 16).await.result_status,
        ResultStatus::SUCCESS
    );
    failed(
        &encrypt(&mut stream, &uid, 16).await,
        ResultReason::PERMISSION_DENIED,
    );
    assert_eq!(
        count_left(&mut stream, &uid).await,
        Some(Value::LongInteger(0))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_object_limit_counts_operations() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let uid = register(
        &mut stream,
        V21,
        &[0x2b; 16],
        aes(
            128,
            Usage::ENCRYPT,
            &[active(), limits(2, UsageLimitsUnit::OBJECT)],
        ),
    )
    .await;
    for _ in 0..2 {
        assert_eq!(
            encrypt(&mut stream, &uid, 64).await.result_status,
            ResultStatus::SUCCESS
        );
    }
    failed(
        &encrypt(&mut stream, &uid, 16).await,
        ResultReason::PERMISSION_DENIED,
    );
    // A key without limits is not counted.
    let free = register(
        &mut stream,
        V21,
        &[0x2c; 16],
        aes(128, Usage::ENCRYPT, &[active()]),
    )
    .await;
    for _ in 0..3 {
        assert_eq!(
            encrypt(&mut stream, &free, 16).await.result_status,
            ResultStatus::SUCCESS
        );
    }
    assert_eq!(count_left(&mut stream, &free).await, None);
}
