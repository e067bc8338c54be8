//! Re-key over KMIP end to end, on a real SoftHSM2 token: a new key with a new identifier and
//! the existing key's attributes, links both ways, Offset dates, the existing key left as it
//! was, and refusals (another owner's key, a destroyed key).

mod common;

use bytes::Bytes;
use common::{call, call_v21, client_config, connect, connect_admin, other_client, start_server};
use common::{failed, succeeded};
use hsmgate_kmip::message::payload::create::{CreateRequest, CreateResponse};
use hsmgate_kmip::message::payload::decrypt::{DecryptRequest, DecryptResponse};
use hsmgate_kmip::message::payload::encrypt::{EncryptRequest, EncryptResponse};
use hsmgate_kmip::message::payload::get_attributes::{GetAttributesRequest, GetAttributesResponse};
use hsmgate_kmip::message::payload::revoke::{RevocationReason, RevokeRequest};
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload};
use hsmgate_kmip::message::{AttributeName, Attributes, ProtocolVersion, ResponseBatchItem};
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, CryptographicAlgorithm, LinkType, ObjectType, Operation, ResultReason,
    RevocationReasonCode, State,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Mask;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

const V21: ProtocolVersion = ProtocolVersion::V2_1;
type Stream = TlsStream<TcpStream>;

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Creates an AES-256 key (Active when `activation` is in the past) named `name`.
async fn create(stream: &mut Stream, name: &str, activation: Option<i64>) -> String {
    let mut attributes = Attributes::new();
    let tagged = AttributeName::Tagged;
    attributes.push(
        tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(CryptographicAlgorithm::AES.0),
    );
    attributes.push(tagged(Tag::CRYPTOGRAPHIC_LENGTH), Value::Integer(256));
    attributes.push(
        tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
        Value::Integer((Mask::ENCRYPT.0 | Mask::DECRYPT.0) as i32),
    );
    attributes.push(
        tagged(Tag::NAME),
        Value::Structure(vec![
            Item::new(Tag::NAME_VALUE, Value::TextString(name.into())),
            Item::new(Tag::NAME_TYPE, Value::Enumeration(1)),
        ]),
    );
    if let Some(t) = activation {
        attributes.push(tagged(Tag::ACTIVATION_DATE), Value::DateTime(t));
    }
    let request = CreateRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes,
        protection_storage_masks: None,
    };
    let item = call_v21(stream, Operation::CREATE, &request).await;
    CreateResponse::parse(succeeded(&item), V21)
        .unwrap()
        .unique_identifier
}

async fn rekey_call(
    stream: &mut Stream,
    version: ProtocolVersion,
    uid: &str,
    offset: Option<u32>,
) -> ResponseBatchItem {
    let mut children = vec![Item::new(
        Tag::UNIQUE_IDENTIFIER,
        Value::TextString(uid.into()),
    )];
    if let Some(offset) = offset {
        children.push(Item::new(Tag::OFFSET, Value::Interval(offset)));
    }
    let payload = Item::structure(Tag::REQUEST_PAYLOAD, children);
    call(stream, version, Operation::RE_KEY, payload).await
}

async fn rekey(stream: &mut Stream, uid: &str, offset: Option<u32>) -> String {
    let item = rekey_call(stream, V21, uid, offset).await;
    match succeeded(&item)
        .child(Tag::UNIQUE_IDENTIFIER)
        .map(|i| &i.value)
    {
        Some(Value::TextString(new)) => new.clone(),
        other => panic!("no Unique Identifier: {other:?}"),
    }
}

async fn attributes(stream: &mut Stream, uid: &str) -> Attributes {
    let request = GetAttributesRequest {
        unique_identifier: Some(uid.into()),
        names: Vec::new(),
    };
    let item = call_v21(stream, Operation::GET_ATTRIBUTES, &request).await;
    GetAttributesResponse::parse(succeeded(&item), V21)
        .unwrap()
        .attributes
}

/// The (Link Type, Linked Object Identifier) pairs of an object.
fn links(attributes: &Attributes) -> Vec<(LinkType, String)> {
    attributes
        .all(&AttributeName::Tagged(Tag::LINK))
        .map(|link| {
            let Value::Structure(fields) = &link.value else {
                panic!("Link is not a structure");
            };
            let field = |tag| fields.iter().find(|f| f.tag == tag).map(|f| &f.value);
            match (field(Tag::LINK_TYPE), field(Tag::LINKED_OBJECT_IDENTIFIER)) {
                (Some(Value::Enumeration(t)), Some(Value::TextString(uid))) => {
                    (LinkType(*t), uid.clone())
                }
                other => panic!("malformed Link {other:?}"),
            }
        })
        .collect()
}

fn date(attributes: &Attributes, tag: Tag) -> Option<i64> {
    match attributes.get(tag) {
        Some(Value::DateTime(t)) => Some(*t),
        _ => None,
    }
}

fn state(attributes: &Attributes) -> State {
    match attributes.get(Tag::STATE) {
        Some(Value::Enumeration(s)) => State(*s),
        other => panic!("no State: {other:?}"),
    }
}

fn gcm() -> Option<CryptographicParameters> {
    Some(CryptographicParameters {
        block_cipher_mode: Some(BlockCipherMode::GCM),
        tag_length: Some(16),
        ..CryptographicParameters::default()
    })
}

async fn encrypt(stream: &mut Stream, uid: &str, data: &[u8]) -> EncryptResponse {
    let request = EncryptRequest {
        unique_identifier: Some(uid.into()),
        cryptographic_parameters: gcm(),
        data: Some(Bytes::copy_from_slice(data)),
        ..EncryptRequest::default()
    };
    let item = call_v21(stream, Operation::ENCRYPT, &request).await;
    EncryptResponse::parse(succeeded(&item), V21).unwrap()
}

async fn decrypt_call(
    stream: &mut Stream,
    uid: &str,
    sealed: &EncryptResponse,
) -> ResponseBatchItem {
    let request = DecryptRequest {
        unique_identifier: Some(uid.into()),
        cryptographic_parameters: gcm(),
        data: sealed.data.clone(),
        iv_counter_nonce: sealed.iv_counter_nonce.clone(),
        authenticated_encryption_tag: sealed.authenticated_encryption_tag.clone(),
        ..DecryptRequest::default()
    };
    call_v21(stream, Operation::DECRYPT, &request).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rekey_makes_a_new_linked_key_and_leaves_the_old_one_usable() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let activation = now() - 3600;
    let old = create(&mut stream, "payments-key", Some(activation)).await;
    let before = attributes(&mut stream, &old).await;
    let sealed_by_old = encrypt(&mut stream, &old, b"written before the re-key").await;

    let new = rekey(&mut stream, &old, None).await;
    assert_ne!(new, old);

    let replacement = attributes(&mut stream, &new).await;
    assert_eq!(
        links(&replacement),
        vec![(LinkType::REPLACED_OBJECT_LINK, old.clone())]
    );
    for tag in [
        Tag::CRYPTOGRAPHIC_ALGORITHM,
        Tag::CRYPTOGRAPHIC_LENGTH,
        Tag::CRYPTOGRAPHIC_USAGE_MASK,
        Tag::NAME,
        Tag::ACTIVATION_DATE,
    ] {
        assert_eq!(replacement.get(tag), before.get(tag), "{tag:?}");
    }
    assert_eq!(
        replacement.get(Tag::UNIQUE_IDENTIFIER),
        Some(&Value::TextString(new.clone()))
    );
    assert_eq!(state(&replacement), State::ACTIVE, "activation was copied");
    assert!(date(&replacement, Tag::INITIAL_DATE) >= date(&before, Tag::INITIAL_DATE));

    let existing = attributes(&mut stream, &old).await;
    assert_eq!(
        links(&existing),
        vec![(LinkType::REPLACEMENT_OBJECT_LINK, new.clone())]
    );
    assert_eq!(
        state(&existing),
        State::ACTIVE,
        "the old key's state is unchanged"
    );
    for tag in [
        Tag::CRYPTOGRAPHIC_ALGORITHM,
        Tag::CRYPTOGRAPHIC_LENGTH,
        Tag::ACTIVATION_DATE,
        Tag::INITIAL_DATE,
    ] {
        assert_eq!(existing.get(tag), before.get(tag), "{tag:?}");
    }
    // The replacement takes over the name (KMIP Re-key attribute rules).
    assert_eq!(existing.get(Tag::NAME), None);

    // The new key works, and is a different key: it cannot open what the old one sealed.
    let sealed_by_new = encrypt(&mut stream, &new, b"written after").await;
    let item = decrypt_call(&mut stream, &new, &sealed_by_new).await;
    let opened = DecryptResponse::parse(succeeded(&item), V21).unwrap();
    assert_eq!(opened.data.as_deref(), Some(&b"written after"[..]));
    failed(
        &decrypt_call(&mut stream, &new, &sealed_by_old).await,
        ResultReason::CRYPTOGRAPHIC_FAILURE,
    );
    // The old key still opens its own data.
    let item = decrypt_call(&mut stream, &old, &sealed_by_old).await;
    let opened = DecryptResponse::parse(succeeded(&item), V21).unwrap();
    assert_eq!(
        opened.data.as_deref(),
        Some(&b"written before the re-key"[..])
    );
    server.shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offset_sets_the_new_activation_date_and_leaves_the_old_state() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let old = create(&mut stream, "rotating", Some(now() - 100)).await;
    let before = attributes(&mut stream, &old).await;
    let new = rekey(&mut stream, &old, Some(86_400)).await;
    let replacement = attributes(&mut stream, &new).await;
    let initial = date(&replacement, Tag::INITIAL_DATE).unwrap();
    assert_eq!(
        date(&replacement, Tag::ACTIVATION_DATE),
        Some(initial + 86_400)
    );
    assert_eq!(state(&replacement), State::PRE_ACTIVE, "activates tomorrow");
    assert_eq!(state(&attributes(&mut stream, &old).await), state(&before));

    // KMIP 1.4 shape, and a Pre-Active key can be re-keyed too.
    let pre_active = create(&mut stream, "later", None).await;
    let item = rekey_call(&mut stream, ProtocolVersion::V1_4, &pre_active, None).await;
    assert!(succeeded(&item).child(Tag::UNIQUE_IDENTIFIER).is_some());
    server.shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rekey_is_refused_for_strangers_and_destroyed_keys() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let uid = create(&mut stream, "mine", None).await;

    let (cert, key) = other_client(&server.pki, "stranger");
    let mut stranger = connect(server.addr, client_config(&server.pki, Some((&cert, &key))))
        .await
        .unwrap();
    failed(
        &rekey_call(&mut stranger, V21, &uid, None).await,
        ResultReason::OBJECT_NOT_FOUND,
    );

    let revoke = RevokeRequest {
        unique_identifier: Some(uid.clone()),
        revocation_reason: RevocationReason {
            code: RevocationReasonCode::CESSATION_OF_OPERATION,
            message: None,
        },
        compromise_occurrence_date: None,
    };
    succeeded(&call_v21(&mut stream, Operation::REVOKE, &revoke).await);
    let destroy = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(uid.clone()),
        )],
    );
    succeeded(&call(&mut stream, V21, Operation::DESTROY, destroy).await);
    failed(
        &rekey_call(&mut stream, V21, &uid, None).await,
        ResultReason::WRONG_KEY_LIFECYCLE_STATE,
    );
    server.shutdown.cancel();
}

async fn mac(stream: &mut Stream, uid: &str, data: &[u8]) -> Vec<u8> {
    let payload = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![
            Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString(uid.into())),
            Item::new(Tag::DATA, Value::ByteString(Bytes::copy_from_slice(data))),
        ],
    );
    let item = call(stream, V21, Operation::MAC, payload).await;
    match succeeded(&item).child(Tag::MAC_DATA).map(|i| &i.value) {
        Some(Value::ByteString(mac)) => mac.to_vec(),
        other => panic!("no MAC Data: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rekey_of_an_hmac_key_makes_a_new_hmac_key() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let mut wanted = Attributes::new();
    let tagged = AttributeName::Tagged;
    wanted.push(
        tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(CryptographicAlgorithm::HMAC_SHA384.0),
    );
    wanted.push(
        tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
        Value::Integer((Mask::MAC_GENERATE.0 | Mask::MAC_VERIFY.0) as i32),
    );
    wanted.push(tagged(Tag::ACTIVATION_DATE), Value::DateTime(now() - 10));
    let request = CreateRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes: wanted,
        protection_storage_masks: None,
    };
    let item = call_v21(&mut stream, Operation::CREATE, &request).await;
    let old = CreateResponse::parse(succeeded(&item), V21)
        .unwrap()
        .unique_identifier;
    let new = rekey(&mut stream, &old, None).await;
    let replacement = attributes(&mut stream, &new).await;
    assert_eq!(
        replacement.get(Tag::CRYPTOGRAPHIC_LENGTH),
        Some(&Value::Integer(384))
    );
    let by_old = mac(&mut stream, &old, b"message").await;
    let by_new = mac(&mut stream, &new, b"message").await;
    assert_eq!(by_new.len(), 48);
    assert_ne!(by_old, by_new, "a new key, not a copy");
    server.shutdown.cancel();
}
