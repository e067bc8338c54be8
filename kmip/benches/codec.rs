//! TTLV codec throughput on two typical messages, against the `kmip-ttlv` crate as a baseline.
//!
//! * An Encrypt request (KMIP 1.4): unique identifier, cryptographic parameters (AES, GCM, tag
//!   length 16), 32 bytes of data and a 12-byte IV.
//! * A Get response (KMIP 1.4) carrying a 256-bit AES key in a Raw key block.
//!
//! Our side decodes to the generic [`Item`] tree and encodes it back. The baseline deserialises
//! the very same bytes with `kmip_ttlv::from_slice` into serde types of the same shape (the
//! approach the `kmip-protocol` crate uses), and serialises equivalent types with
//! `kmip_ttlv::to_vec`. Compare `ours` with `kmip-ttlv` inside each group; before measuring, the
//! bench asserts that both sides read the same values and write the same bytes.
//!
//! Note what is compared: our decoder builds a generic tree (typed message parsing is a
//! separate layer), while `kmip-ttlv` builds typed structs directly; both allocate their output.
//!
//! Tags are raw numbers from the KMIP 1.4 specification so the bench does not depend on the tag
//! table.
//!
//! Run: `cargo bench -p hsmgate-kmip --bench codec -- --warm-up-time 1 --measurement-time 3`
//! (`cargo test -p hsmgate-kmip --benches` runs each case once, as a test).

use std::hint::black_box;

use bytes::{Bytes, BytesMut};
use criterion::{criterion_group, criterion_main, Criterion};
use hsmgate_kmip::ttlv::{decode_message, encode, encoded_len, to_bytes, Limits};
use hsmgate_kmip::{Item, Tag, Value};

mod baseline;

use baseline::de::Decoded;
use baseline::ser;
use serde::Serialize;

fn s(tag: u32, children: Vec<Item>) -> Item {
    Item::structure(Tag::new(tag), children)
}

fn v(tag: u32, value: Value) -> Item {
    Item::new(Tag::new(tag), value)
}

const KEY_ID: &str = "8b4c2c71-6d0f-4b8e-9a3e-0c5f2d1e7a90";
const DATA: [u8; 32] = [0x5A; 32];
const IV: [u8; 12] = [0x0C; 12];
const KEY: [u8; 32] = [0xA7; 32];
const TIME_STAMP: i64 = 1_764_417_600;

/// Protocol Version 1.4.
fn protocol_version() -> Item {
    s(
        0x420069,
        vec![
            v(0x42006A, Value::Integer(1)),
            v(0x42006B, Value::Integer(4)),
        ],
    )
}

fn encrypt_request() -> Item {
    let header = s(
        0x420077,
        vec![protocol_version(), v(0x42000D, Value::Integer(1))],
    );
    let parameters = s(
        0x42002B,
        vec![
            v(0x420011, Value::Enumeration(0x09)), // Block Cipher Mode: GCM
            v(0x420028, Value::Enumeration(0x03)), // Cryptographic Algorithm: AES
            v(0x4200CE, Value::Integer(16)),       // Tag Length
        ],
    );
    let payload = s(
        0x420079,
        vec![
            v(0x420094, Value::TextString(KEY_ID.into())), // Unique Identifier
            parameters,
            v(0x4200C2, Value::ByteString(Bytes::from_static(&DATA))), // Data
            v(0x42003D, Value::ByteString(Bytes::from_static(&IV))),   // IV/Counter/Nonce
        ],
    );
    let batch_item = s(
        0x42000F,
        vec![v(0x42005C, Value::Enumeration(0x1F)), payload],
    ); // Encrypt
    s(0x420078, vec![header, batch_item])
}

fn get_response() -> Item {
    let header = s(
        0x42007A,
        vec![
            protocol_version(),
            v(0x420092, Value::DateTime(TIME_STAMP)), // Time Stamp
            v(0x42000D, Value::Integer(1)),
        ],
    );
    let key_block = s(
        0x420040,
        vec![
            v(0x420042, Value::Enumeration(0x01)), // Key Format Type: Raw
            s(
                0x420045,
                vec![v(0x420043, Value::ByteString(Bytes::from_static(&KEY)))],
            ),
            v(0x420028, Value::Enumeration(0x03)), // AES
            v(0x42002A, Value::Integer(256)),      // Cryptographic Length
        ],
    );
    let payload = s(
        0x42007C,
        vec![
            v(0x420057, Value::Enumeration(0x02)), // Object Type: Symmetric Key
            v(0x420094, Value::TextString(KEY_ID.into())),
            s(0x42008F, vec![key_block]), // Symmetric Key
        ],
    );
    let batch_item = s(
        0x42000F,
        vec![
            v(0x42005C, Value::Enumeration(0x0A)), // Operation: Get
            v(0x42007F, Value::Enumeration(0x00)), // Result Status: Success
            payload,
        ],
    );
    s(0x42007B, vec![header, batch_item])
}

/// The Encrypt request as `kmip-ttlv` serialisation types.
fn encrypt_request_typed() -> ser::RequestMessage {
    let version = ser::ProtocolVersion(ser::Major(1), ser::Minor(4));
    let parameters = ser::CryptographicParameters(
        ser::BlockCipherMode::Gcm,
        ser::CryptographicAlgorithm::Aes,
        ser::TagLength(16),
    );
    let payload = ser::EncryptRequestPayload(
        ser::UniqueIdentifier(KEY_ID.into()),
        parameters,
        ser::Data(DATA.to_vec()),
        ser::IvCounterNonce(IV.to_vec()),
    );
    ser::RequestMessage(
        ser::RequestHeader(version, ser::BatchCount(1)),
        vec![ser::RequestBatchItem(ser::Operation::Encrypt, payload)],
    )
}

/// The Get response as `kmip-ttlv` serialisation types.
fn get_response_typed() -> ser::ResponseMessage {
    let version = ser::ProtocolVersion(ser::Major(1), ser::Minor(4));
    let key_block = ser::KeyBlock(
        ser::KeyFormatType::Raw,
        ser::KeyValue(ser::KeyMaterial(KEY.to_vec())),
        ser::CryptographicAlgorithm::Aes,
        ser::CryptographicLength(256),
    );
    let payload = ser::GetResponsePayload(
        ser::ObjectType::SymmetricKey,
        ser::UniqueIdentifier(KEY_ID.into()),
        ser::SymmetricKey(key_block),
    );
    ser::ResponseMessage(
        ser::ResponseHeader(
            version,
            ser::TimeStamp(TIME_STAMP as u64),
            ser::BatchCount(1),
        ),
        vec![ser::ResponseBatchItem(
            ser::Operation::Get,
            ser::ResultStatus::Success,
            payload,
        )],
    )
}

fn bench_message<D: Decoded, S: Serialize>(c: &mut Criterion, name: &str, item: &Item, typed: &S) {
    let bytes = to_bytes(item);
    let limits = Limits::default();
    assert_eq!(decode_message(bytes.clone(), &limits).as_ref(), Ok(item));
    let decoded: D = kmip_ttlv::from_slice(&bytes).expect("kmip-ttlv decodes the bench message");
    decoded.check();
    let encoded = kmip_ttlv::to_vec(typed).expect("kmip-ttlv encodes the bench message");
    assert_eq!(encoded, bytes, "both encoders must produce the same bytes");

    let mut group = c.benchmark_group(format!("decode/{name}"));
    group.bench_function("ours", |b| {
        b.iter(|| decode_message(black_box(bytes.clone()), &limits))
    });
    group.bench_function("kmip-ttlv", |b| {
        b.iter(|| kmip_ttlv::from_slice::<D>(black_box(&bytes)))
    });
    group.finish();

    let mut group = c.benchmark_group(format!("encode/{name}"));
    group.bench_function("ours", |b| b.iter(|| to_bytes(black_box(item))));
    group.bench_function("ours-reused-buffer", |b| {
        let mut out = BytesMut::with_capacity(encoded_len(item));
        b.iter(|| {
            out.clear();
            encode(black_box(item), &mut out);
            out.len()
        })
    });
    group.bench_function("kmip-ttlv", |b| {
        b.iter(|| kmip_ttlv::to_vec(black_box(typed)))
    });
    group.finish();
}

fn codec(c: &mut Criterion) {
    bench_message::<baseline::de::RequestMessage, _>(
        c,
        "encrypt_request",
        &encrypt_request(),
        &encrypt_request_typed(),
    );
    bench_message::<baseline::de::ResponseMessage, _>(
        c,
        "get_response",
        &get_response(),
        &get_response_typed(),
    );
}

criterion_group!(benches, codec);
criterion_main!(benches);
