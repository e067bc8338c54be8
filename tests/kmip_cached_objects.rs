//! The key service keeps decoded objects between requests (src/service/decoded.rs). These tests
//! make sure a key used many times — so certainly served from that cache — is refused at the
//! very next request after another connection revokes or destroys it, with no other request in
//! between that could refresh it.

mod common;

use bytes::Bytes;
use common::{call, connect_admin, failed, start_server, succeeded};
use hsmgate_kmip::message::payload::create::{CreateRequest, CreateResponse};
use hsmgate_kmip::message::payload::decrypt::{DecryptRequest, DecryptResponse};
use hsmgate_kmip::message::payload::encrypt::{EncryptRequest, EncryptResponse};
use hsmgate_kmip::message::payload::revoke::{RevocationReason, RevokeRequest};
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload};
use hsmgate_kmip::message::{AttributeName, Attributes, ProtocolVersion};
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, CryptographicAlgorithm, ObjectType, Operation, ResultReason,
    RevocationReasonCode,
};
use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

const V21: ProtocolVersion = ProtocolVersion::V2_1;

fn payload<P: Payload>(request: &P) -> Item {
    request.to_item(V21).unwrap()
}

fn uid_payload(uid: &str) -> Item {
    Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(uid.into()),
        )],
    )
}

/// An active AES-256 key that may encrypt and decrypt.
async fn active_key(stream: &mut TlsStream<TcpStream>) -> String {
    let mut attributes = Attributes::new();
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(CryptographicAlgorithm::AES.0),
    );
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_LENGTH),
        Value::Integer(256),
    );
    let mask = CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT;
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
        Value::Integer(mask.0 as i32),
    );
    let create = CreateRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes,
        protection_storage_masks: None,
    };
    let created = call(stream, V21, Operation::CREATE, payload(&create)).await;
    let uid = CreateResponse::parse(succeeded(&created), V21)
        .unwrap()
        .unique_identifier;
    let activated = call(stream, V21, Operation::ACTIVATE, uid_payload(&uid)).await;
    succeeded(&activated);
    uid
}

fn gcm() -> Option<CryptographicParameters> {
    Some(CryptographicParameters {
        block_cipher_mode: Some(BlockCipherMode::GCM),
        tag_length: Some(16),
        ..CryptographicParameters::default()
    })
}

async fn encrypt(
    stream: &mut TlsStream<TcpStream>,
    uid: &str,
) -> hsmgate_kmip::message::ResponseBatchItem {
    let request = EncryptRequest {
        unique_identifier: Some(uid.into()),
        cryptographic_parameters: gcm(),
        data: Some(Bytes::from_static(b"thirty-two bytes of plaintext...")),
        ..EncryptRequest::default()
    };
    call(stream, V21, Operation::ENCRYPT, payload(&request)).await
}

async fn decrypt(
    stream: &mut TlsStream<TcpStream>,
    uid: &str,
    sealed: &EncryptResponse,
) -> hsmgate_kmip::message::ResponseBatchItem {
    let request = DecryptRequest {
        unique_identifier: Some(uid.into()),
        cryptographic_parameters: gcm(),
        data: sealed.data.clone(),
        iv_counter_nonce: sealed.iv_counter_nonce.clone(),
        authenticated_encryption_tag: sealed.authenticated_encryption_tag.clone(),
        ..DecryptRequest::default()
    };
    call(stream, V21, Operation::DECRYPT, payload(&request)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_then_destroyed_key_is_refused_at_the_next_request() {
    let server = start_server().await;
    let mut user = connect_admin(&server).await;
    let mut admin = connect_admin(&server).await;
    let uid = active_key(&mut user).await;
    let mut sealed = None;
    for _ in 0..20 {
        let answer = encrypt(&mut user, &uid).await;
        sealed = Some(EncryptResponse::parse(succeeded(&answer), V21).unwrap());
    }
    let sealed = sealed.unwrap();
    succeeded(&decrypt(&mut user, &uid, &sealed).await);

    let revoke = RevokeRequest {
        unique_identifier: Some(uid.clone()),
        revocation_reason: RevocationReason {
            code: RevocationReasonCode::KEY_COMPROMISE,
            message: None,
        },
        compromise_occurrence_date: None,
    };
    succeeded(&call(&mut admin, V21, Operation::REVOKE, payload(&revoke)).await);
    // The very next Encrypt on the other connection is refused: Compromised keys only decrypt.
    failed(
        &encrypt(&mut user, &uid).await,
        ResultReason::WRONG_KEY_LIFECYCLE_STATE,
    );
    let opened = decrypt(&mut user, &uid, &sealed).await;
    let opened = DecryptResponse::parse(succeeded(&opened), V21).unwrap();
    assert_eq!(
        opened.data.as_deref(),
        Some(&b"thirty-two bytes of plaintext..."[..])
    );

    succeeded(&call(&mut admin, V21, Operation::DESTROY, uid_payload(&uid)).await);
    failed(
        &decrypt(&mut user, &uid, &sealed).await,
        ResultReason::WRONG_KEY_LIFECYCLE_STATE,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_used_in_turn_each_answer_with_their_own_material() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let first = active_key(&mut stream).await;
    let second = active_key(&mut stream).await;
    // Alternating keys: each ciphertext opens only under the key that made it.
    for _ in 0..3 {
        for (uid, other) in [(&first, &second), (&second, &first)] {
            let answer = encrypt(&mut stream, uid).await;
            let sealed = EncryptResponse::parse(succeeded(&answer), V21).unwrap();
            assert_eq!(sealed.unique_identifier, *uid);
            succeeded(&decrypt(&mut stream, uid, &sealed).await);
            failed(
                &decrypt(&mut stream, other, &sealed).await,
                ResultReason::CRYPTOGRAPHIC_FAILURE,
            );
        }
    }
}
