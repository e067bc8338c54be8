//! MAC and MAC Verify over KMIP end to end, on a real SoftHSM2 token: known answers against
//! RustCrypto's HMAC for registered keys, the OASIS CS-AC-M-4..6 request shapes, validity
//! indicators, and refusals by usage mask and lifecycle state.

mod common;

use bytes::Bytes;
use common::objects::{algorithm_fields, raw_symmetric_key};
use common::{call, call_v21, connect_admin, start_server};
use common::{failed, succeeded};
use hmac::{Hmac, Mac};
use hsmgate_kmip::message::payload::create::{CreateRequest, CreateResponse};
use hsmgate_kmip::message::payload::register::{RegisterRequest, RegisterResponse};
use hsmgate_kmip::message::payload::revoke::{RevocationReason, RevokeRequest};
use hsmgate_kmip::message::payload::Payload;
use hsmgate_kmip::message::{AttributeName, Attributes, ProtocolVersion, ResponseBatchItem};
use hsmgate_kmip::spec::enums::{
    CryptographicAlgorithm, ObjectType, Operation, ResultReason, RevocationReasonCode,
    ValidityIndicator,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Mask;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

const V21: ProtocolVersion = ProtocolVersion::V2_1;
const DATA: &[u8] = &[
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
];

type Stream = TlsStream<TcpStream>;

fn symmetric_key(material: &[u8], algorithm: CryptographicAlgorithm, bits: i32) -> Item {
    raw_symmetric_key(material, algorithm_fields(algorithm, bits))
}

fn key_attributes(mask: Mask, active: bool) -> Attributes {
    let mut attributes = Attributes::new();
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
        Value::Integer(mask.0 as i32),
    );
    if active {
        let an_hour_ago = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            - 3600;
        attributes.push(
            AttributeName::Tagged(Tag::ACTIVATION_DATE),
            Value::DateTime(an_hour_ago),
        );
    }
    attributes
}

async fn register(
    stream: &mut Stream,
    version: ProtocolVersion,
    attributes: Attributes,
    object: Item,
) -> String {
    let request = RegisterRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes,
        object,
        protection_storage_masks: None,
    };
    let item = call(
        stream,
        version,
        Operation::REGISTER,
        request.to_item(version).unwrap(),
    )
    .await;
    RegisterResponse::parse(succeeded(&item), version)
        .unwrap()
        .unique_identifier
}

/// A registered HMAC key (algorithm in the attributes, as a client that means HMAC says it).
async fn register_hmac(
    stream: &mut Stream,
    algorithm: CryptographicAlgorithm,
    material: &[u8],
    mask: Mask,
    active: bool,
) -> String {
    let mut attributes = key_attributes(mask, active);
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(algorithm.0),
    );
    let object = symmetric_key(material, algorithm, material.len() as i32 * 8);
    register(stream, V21, attributes, object).await
}

fn mac_payload(uid: &str, algorithm: Option<CryptographicAlgorithm>, data: &[u8]) -> Vec<Item> {
    let mut children = vec![Item::new(
        Tag::UNIQUE_IDENTIFIER,
        Value::TextString(uid.into()),
    )];
    if let Some(algorithm) = algorithm {
        children.push(Item::structure(
            Tag::CRYPTOGRAPHIC_PARAMETERS,
            vec![Item::new(
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(algorithm.0),
            )],
        ));
    }
    children.push(Item::new(
        Tag::DATA,
        Value::ByteString(Bytes::copy_from_slice(data)),
    ));
    children
}

async fn mac_call(
    stream: &mut Stream,
    version: ProtocolVersion,
    uid: &str,
    algorithm: Option<CryptographicAlgorithm>,
    data: &[u8],
) -> ResponseBatchItem {
    let payload = Item::structure(Tag::REQUEST_PAYLOAD, mac_payload(uid, algorithm, data));
    call(stream, version, Operation::MAC, payload).await
}

async fn mac(
    stream: &mut Stream,
    uid: &str,
    algorithm: Option<CryptographicAlgorithm>,
    data: &[u8],
) -> Vec<u8> {
    let item = mac_call(stream, V21, uid, algorithm, data).await;
    let payload = succeeded(&item);
    assert_eq!(
        payload.child(Tag::UNIQUE_IDENTIFIER).map(|i| &i.value),
        Some(&Value::TextString(uid.into()))
    );
    match payload.child(Tag::MAC_DATA).map(|i| &i.value) {
        Some(Value::ByteString(mac)) => mac.to_vec(),
        other => panic!("no MAC Data: {other:?}"),
    }
}

async fn verify_call(
    stream: &mut Stream,
    version: ProtocolVersion,
    uid: &str,
    data: &[u8],
    mac: &[u8],
) -> ResponseBatchItem {
    let mut children = mac_payload(uid, None, data);
    children.push(Item::new(
        Tag::MAC_DATA,
        Value::ByteString(Bytes::copy_from_slice(mac)),
    ));
    let payload = Item::structure(Tag::REQUEST_PAYLOAD, children);
    call(stream, version, Operation::MAC_VERIFY, payload).await
}

async fn verify(stream: &mut Stream, uid: &str, data: &[u8], mac: &[u8]) -> ValidityIndicator {
    let item = verify_call(stream, V21, uid, data, mac).await;
    match succeeded(&item)
        .child(Tag::VALIDITY_INDICATOR)
        .map(|i| &i.value)
    {
        Some(Value::Enumeration(v)) => ValidityIndicator(*v),
        other => panic!("no Validity Indicator: {other:?}"),
    }
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn reference<M: Mac + hmac::digest::KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <M as Mac>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

const MAC_BOTH: Mask = Mask(Mask::MAC_GENERATE.0 | Mask::MAC_VERIFY.0);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registered_hmac_keys_give_the_reference_macs_and_verify_them() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let key: Vec<u8> = (0u8..64).map(|i| i.wrapping_mul(37) ^ 0x5c).collect();
    let data = b"the quick brown fox jumps over the lazy dog".repeat(7);
    let cases: [(CryptographicAlgorithm, Vec<u8>); 3] = [
        (
            CryptographicAlgorithm::HMAC_SHA256,
            reference::<Hmac<sha2::Sha256>>(&key[..32], &data),
        ),
        (
            CryptographicAlgorithm::HMAC_SHA384,
            reference::<Hmac<sha2::Sha384>>(&key[..48], &data),
        ),
        (
            CryptographicAlgorithm::HMAC_SHA512,
            reference::<Hmac<sha2::Sha512>>(&key, &data),
        ),
    ];
    for (algorithm, expected) in cases {
        let material = &key[..expected.len()];
        let uid = register_hmac(&mut stream, algorithm, material, MAC_BOTH, true).await;
        // The algorithm comes from the key, or from the request's Cryptographic Parameters.
        assert_eq!(mac(&mut stream, &uid, None, &data).await, expected);
        assert_eq!(
            mac(&mut stream, &uid, Some(algorithm), &data).await,
            expected
        );
        assert_eq!(
            verify(&mut stream, &uid, &data, &expected).await,
            ValidityIndicator::VALID
        );
        let mut flipped = expected.clone();
        flipped[3] ^= 0x01;
        assert_eq!(
            verify(&mut stream, &uid, &data, &flipped).await,
            ValidityIndicator::INVALID
        );
        assert_eq!(
            verify(&mut stream, &uid, &data, &expected[..expected.len() - 1]).await,
            ValidityIndicator::INVALID
        );
        assert_eq!(
            verify(&mut stream, &uid, &data[1..], &expected).await,
            ValidityIndicator::INVALID
        );
    }
    server.shutdown.cancel();
}

/// The request shapes of the OASIS test cases CS-AC-M-4-21, -5 and -6: the key block says AES
/// (128 bits), the Cryptographic Parameters attribute says HMAC-SHA-256, the requests carry no
/// parameters; the expected MAC is the one in the test case.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oasis_cs_ac_m_4_to_6_shapes_give_the_published_mac() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let material = unhex("0123456789abcdef0123456789abcdef");
    let published = unhex("c911e78196d64c30f631bb079ea37b97a95936d4da764d6a171df030c895ecf9");
    assert_eq!(
        reference::<Hmac<sha2::Sha256>>(&material, DATA),
        published,
        "the test case's MAC is HMAC-SHA-256 of its Data under its key"
    );
    let mask = Mask(Mask::ENCRYPT.0 | Mask::DECRYPT.0 | MAC_BOTH.0);
    let mut attributes = key_attributes(mask, true);
    attributes.push(
        AttributeName::Vendor {
            vendor: "x".into(),
            name: "ID".into(),
        },
        Value::TextString("CS-AC-M-4-21".into()),
    );
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_PARAMETERS),
        Value::Structure(vec![Item::new(
            Tag::CRYPTOGRAPHIC_ALGORITHM,
            Value::Enumeration(CryptographicAlgorithm::HMAC_SHA256.0),
        )]),
    );
    let object = symmetric_key(&material, CryptographicAlgorithm::AES, 128);
    let uid = register(&mut stream, V21, attributes, object).await;
    assert_eq!(mac(&mut stream, &uid, None, DATA).await, published);
    assert_eq!(
        verify(&mut stream, &uid, DATA, &published).await,
        ValidityIndicator::VALID
    );
    server.shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn created_hmac_keys_mac_and_verify_in_kmip_1_4_too() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let v14 = ProtocolVersion::V1_4;
    let mut attributes = key_attributes(MAC_BOTH, true);
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(CryptographicAlgorithm::HMAC_SHA512.0),
    );
    let request = CreateRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes,
        protection_storage_masks: None,
    };
    let item = call(
        &mut stream,
        v14,
        Operation::CREATE,
        request.to_item(v14).unwrap(),
    )
    .await;
    let uid = CreateResponse::parse(succeeded(&item), v14)
        .unwrap()
        .unique_identifier;
    let item = mac_call(&mut stream, v14, &uid, None, DATA).await;
    let Some(Value::ByteString(tag)) = succeeded(&item).child(Tag::MAC_DATA).map(|i| &i.value)
    else {
        panic!("no MAC Data");
    };
    assert_eq!(tag.len(), 64, "HMAC-SHA-512");
    let tag = tag.to_vec();
    let item = verify_call(&mut stream, v14, &uid, DATA, &tag).await;
    assert_eq!(
        succeeded(&item)
            .child(Tag::VALIDITY_INDICATOR)
            .map(|i| &i.value),
        Some(&Value::Enumeration(ValidityIndicator::VALID.0))
    );
    // One key serves one HMAC: asking this SHA-512 key for another is refused.
    let item = mac_call(
        &mut stream,
        V21,
        &uid,
        Some(CryptographicAlgorithm::HMAC_SHA256),
        DATA,
    )
    .await;
    failed(&item, ResultReason::INVALID_FIELD);
    // An HMAC this server does not run (SHA-1) is refused, not approximated.
    let mut sha1 = key_attributes(MAC_BOTH, true);
    sha1.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(CryptographicAlgorithm::HMAC_SHA1.0),
    );
    let request = CreateRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes: sha1,
        protection_storage_masks: None,
    };
    let item = call_v21(&mut stream, Operation::CREATE, &request).await;
    let sha1 = CreateResponse::parse(succeeded(&item), V21)
        .unwrap()
        .unique_identifier;
    failed(
        &mac_call(&mut stream, V21, &sha1, None, DATA).await,
        ResultReason::FEATURE_NOT_SUPPORTED,
    );

    // A generated HMAC key shorter than its hash's output is refused (RFC 2104 §3; the HSM
    // would not use it).
    let mut short = key_attributes(MAC_BOTH, true);
    short.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(CryptographicAlgorithm::HMAC_SHA512.0),
    );
    short.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_LENGTH),
        Value::Integer(256),
    );
    let request = CreateRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes: short,
        protection_storage_masks: None,
    };
    let item = call_v21(&mut stream, Operation::CREATE, &request).await;
    failed(&item, ResultReason::INVALID_FIELD);
    server.shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_mask_and_lifecycle_state_are_enforced() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let key = [0x42u8; 32];
    let expected = reference::<Hmac<sha2::Sha256>>(&key, DATA);
    let sha256 = CryptographicAlgorithm::HMAC_SHA256;

    let verify_only = register_hmac(&mut stream, sha256, &key, Mask::MAC_VERIFY, true).await;
    failed(
        &mac_call(&mut stream, V21, &verify_only, None, DATA).await,
        ResultReason::INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK,
    );
    assert_eq!(
        verify(&mut stream, &verify_only, DATA, &expected).await,
        ValidityIndicator::VALID
    );
    let generate_only = register_hmac(&mut stream, sha256, &key, Mask::MAC_GENERATE, true).await;
    assert_eq!(mac(&mut stream, &generate_only, None, DATA).await, expected);
    failed(
        &verify_call(&mut stream, V21, &generate_only, DATA, &expected).await,
        ResultReason::INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK,
    );

    // Pre-Active: neither.
    let pre_active = register_hmac(&mut stream, sha256, &key, MAC_BOTH, false).await;
    failed(
        &mac_call(&mut stream, V21, &pre_active, None, DATA).await,
        ResultReason::WRONG_KEY_LIFECYCLE_STATE,
    );
    failed(
        &verify_call(&mut stream, V21, &pre_active, DATA, &expected).await,
        ResultReason::WRONG_KEY_LIFECYCLE_STATE,
    );

    // Deactivated: no new MACs, but old ones can still be checked.
    let revoked = register_hmac(&mut stream, sha256, &key, MAC_BOTH, true).await;
    let revoke = RevokeRequest {
        unique_identifier: Some(revoked.clone()),
        revocation_reason: RevocationReason {
            code: RevocationReasonCode::CESSATION_OF_OPERATION,
            message: None,
        },
        compromise_occurrence_date: None,
    };
    let item = call_v21(&mut stream, Operation::REVOKE, &revoke).await;
    succeeded(&item);
    failed(
        &mac_call(&mut stream, V21, &revoked, None, DATA).await,
        ResultReason::WRONG_KEY_LIFECYCLE_STATE,
    );
    assert_eq!(
        verify(&mut stream, &revoked, DATA, &expected).await,
        ValidityIndicator::VALID
    );

    // An AES key is not an HMAC key.
    let mut aes = key_attributes(MAC_BOTH, true);
    aes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(CryptographicAlgorithm::AES.0),
    );
    let aes = register(
        &mut stream,
        V21,
        aes,
        symmetric_key(&[7u8; 16], CryptographicAlgorithm::AES, 128),
    )
    .await;
    failed(
        &mac_call(&mut stream, V21, &aes, None, DATA).await,
        ResultReason::FEATURE_NOT_SUPPORTED,
    );

    // Streaming MAC is not offered.
    let mut children = mac_payload(&generate_only, None, DATA);
    children.push(Item::new(Tag::INIT_INDICATOR, Value::Boolean(true)));
    let item = call(
        &mut stream,
        V21,
        Operation::MAC,
        Item::structure(Tag::REQUEST_PAYLOAD, children),
    )
    .await;
    failed(&item, ResultReason::OPERATION_NOT_SUPPORTED);
    server.shutdown.cancel();
}
