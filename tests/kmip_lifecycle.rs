//! Keys over KMIP end to end, on a real SoftHSM2 token: Create, Register, Get Attributes,
//! Activate, Encrypt/Decrypt, Revoke, Destroy, with the lifecycle state machine, the usage mask
//! and ownership enforced, in KMIP 2.1 and 1.4 shapes.

mod common;

use bytes::Bytes;
use common::failed;
use common::{ask, call, client_config, connect, connect_admin, other_client, start_server};
use hsmgate_kmip::message::payload::create::{CreateRequest, CreateResponse};
use hsmgate_kmip::message::payload::decrypt::{DecryptRequest, DecryptResponse};
use hsmgate_kmip::message::payload::encrypt::{EncryptRequest, EncryptResponse};
use hsmgate_kmip::message::payload::get_attributes::{GetAttributesRequest, GetAttributesResponse};
use hsmgate_kmip::message::payload::revoke::{RevocationReason, RevokeRequest};
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload};
use hsmgate_kmip::message::{AttributeName, Attributes, ProtocolVersion};
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, CryptographicAlgorithm, ObjectType, Operation, PaddingMethod, ResultReason,
    ResultStatus, RevocationReasonCode, State,
};
use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

const V21: ProtocolVersion = ProtocolVersion::V2_1;

fn aes_attributes(bits: i32, mask: CryptographicUsageMask) -> Attributes {
    let mut attributes = Attributes::new();
    let tagged = AttributeName::Tagged;
    attributes.push(
        tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(CryptographicAlgorithm::AES.0),
    );
    attributes.push(tagged(Tag::CRYPTOGRAPHIC_LENGTH), Value::Integer(bits));
    attributes.push(
        tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
        Value::Integer(mask.0 as i32),
    );
    attributes
}

fn payload<P: Payload>(request: &P, version: ProtocolVersion) -> Item {
    request.to_item(version).unwrap()
}

async fn create(
    stream: &mut TlsStream<TcpStream>,
    version: ProtocolVersion,
    mask: CryptographicUsageMask,
) -> String {
    let request = CreateRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes: aes_attributes(256, mask),
        protection_storage_masks: None,
    };
    let response: CreateResponse = ask(stream, version, &request).await;
    response.unique_identifier
}

async fn state_of(stream: &mut TlsStream<TcpStream>, version: ProtocolVersion, uid: &str) -> State {
    let request = GetAttributesRequest {
        unique_identifier: Some(uid.into()),
        names: vec![AttributeName::Tagged(Tag::STATE)],
    };
    let response: GetAttributesResponse = ask(stream, version, &request).await;
    match response.attributes.get(Tag::STATE) {
        Some(Value::Enumeration(raw)) => State(*raw),
        other => panic!("no State attribute: {other:?}"),
    }
}

fn gcm() -> Option<CryptographicParameters> {
    Some(CryptographicParameters {
        block_cipher_mode: Some(BlockCipherMode::GCM),
        tag_length: Some(16),
        ..CryptographicParameters::default()
    })
}

fn encrypt_request(uid: &str, data: &[u8]) -> EncryptRequest {
    EncryptRequest {
        unique_identifier: Some(uid.into()),
        cryptographic_parameters: gcm(),
        data: Some(Bytes::copy_from_slice(data)),
        authenticated_encryption_additional_data: Some(Bytes::from_static(b"header")),
        ..EncryptRequest::default()
    }
}

fn decrypt_request(uid: &str, sealed: &EncryptResponse) -> DecryptRequest {
    DecryptRequest {
        unique_identifier: Some(uid.into()),
        cryptographic_parameters: gcm(),
        data: sealed.data.clone(),
        iv_counter_nonce: sealed.iv_counter_nonce.clone(),
        authenticated_encryption_additional_data: Some(Bytes::from_static(b"header")),
        authenticated_encryption_tag: sealed.authenticated_encryption_tag.clone(),
        ..DecryptRequest::default()
    }
}

fn revoke_request(uid: &str, code: RevocationReasonCode) -> RevokeRequest {
    RevokeRequest {
        unique_identifier: Some(uid.into()),
        revocation_reason: RevocationReason {
            code,
            message: None,
        },
        compromise_occurrence_date: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_aes_key_lives_its_whole_lifecycle_in_the_hsm() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let both = CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT;
    let uid = create(&mut stream, V21, both).await;
    assert_eq!(state_of(&mut stream, V21, &uid).await, State::PRE_ACTIVE);

    // A Pre-Active key does not encrypt.
    let plaintext = b"thirty-two bytes of plaintext...";
    let refused = call(
        &mut stream,
        V21,
        Operation::ENCRYPT,
        payload(&encrypt_request(&uid, plaintext), V21),
    )
    .await;
    failed(&refused, ResultReason::WRONG_KEY_LIFECYCLE_STATE);

    let activate = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(uid.clone()),
        )],
    );
    let activated = call(&mut stream, V21, Operation::ACTIVATE, activate.clone()).await;
    assert_eq!(activated.result_status, ResultStatus::SUCCESS);
    assert_eq!(state_of(&mut stream, V21, &uid).await, State::ACTIVE);
    // Activating twice is a lifecycle error.
    failed(
        &call(&mut stream, V21, Operation::ACTIVATE, activate).await,
        ResultReason::WRONG_KEY_LIFECYCLE_STATE,
    );

    // AES-GCM through the HSM, IV chosen by the server.
    let sealed: EncryptResponse = ask(&mut stream, V21, &encrypt_request(&uid, plaintext)).await;
    assert_eq!(sealed.data.as_ref().unwrap().len(), plaintext.len());
    assert_ne!(sealed.data.as_deref(), Some(&plaintext[..]));
    assert_eq!(sealed.iv_counter_nonce.as_ref().map(Bytes::len), Some(12));
    assert_eq!(
        sealed.authenticated_encryption_tag.as_ref().map(Bytes::len),
        Some(16)
    );
    let opened: DecryptResponse = ask(&mut stream, V21, &decrypt_request(&uid, &sealed)).await;
    assert_eq!(opened.data.as_deref(), Some(&plaintext[..]));

    // A tampered ciphertext fails authentication.
    let mut tampered = sealed.clone();
    let mut data = tampered.data.unwrap().to_vec();
    data[0] ^= 1;
    tampered.data = Some(data.into());
    let refused = call(
        &mut stream,
        V21,
        Operation::DECRYPT,
        payload(&decrypt_request(&uid, &tampered), V21),
    )
    .await;
    failed(&refused, ResultReason::CRYPTOGRAPHIC_FAILURE);

    // An Active key cannot be destroyed; revoke it first.
    let destroy = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(uid.clone()),
        )],
    );
    failed(
        &call(&mut stream, V21, Operation::DESTROY, destroy.clone()).await,
        ResultReason::WRONG_KEY_LIFECYCLE_STATE,
    );
    let revoke = revoke_request(&uid, RevocationReasonCode::CESSATION_OF_OPERATION);
    let revoked = call(&mut stream, V21, Operation::REVOKE, payload(&revoke, V21)).await;
    assert_eq!(
        revoked.result_status,
        ResultStatus::SUCCESS,
        "{:?}",
        revoked.result_message
    );
    assert_eq!(state_of(&mut stream, V21, &uid).await, State::DEACTIVATED);

    // Deactivated: no new encryption, but old data still decrypts.
    let refused = call(
        &mut stream,
        V21,
        Operation::ENCRYPT,
        payload(&encrypt_request(&uid, plaintext), V21),
    )
    .await;
    failed(&refused, ResultReason::WRONG_KEY_LIFECYCLE_STATE);
    let opened: DecryptResponse = ask(&mut stream, V21, &decrypt_request(&uid, &sealed)).await;
    assert_eq!(opened.data.as_deref(), Some(&plaintext[..]));

    let destroyed = call(&mut stream, V21, Operation::DESTROY, destroy.clone()).await;
    assert_eq!(
        destroyed.result_status,
        ResultStatus::SUCCESS,
        "{:?}",
        destroyed.result_message
    );
    assert_eq!(state_of(&mut stream, V21, &uid).await, State::DESTROYED);
    failed(
        &call(&mut stream, V21, Operation::DESTROY, destroy).await,
        ResultReason::WRONG_KEY_LIFECYCLE_STATE,
    );
    let refused = call(
        &mut stream,
        V21,
        Operation::DECRYPT,
        payload(&decrypt_request(&uid, &sealed), V21),
    )
    .await;
    failed(&refused, ResultReason::WRONG_KEY_LIFECYCLE_STATE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_usage_mask_and_unknown_keys_are_enforced() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let uid = create(&mut stream, V21, CryptographicUsageMask::ENCRYPT).await;
    let activate = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(uid.clone()),
        )],
    );
    assert_eq!(
        call(&mut stream, V21, Operation::ACTIVATE, activate)
            .await
            .result_status,
        ResultStatus::SUCCESS
    );
    let sealed: EncryptResponse = ask(&mut stream, V21, &encrypt_request(&uid, b"data")).await;
    let refused = call(
        &mut stream,
        V21,
        Operation::DECRYPT,
        payload(&decrypt_request(&uid, &sealed), V21),
    )
    .await;
    failed(
        &refused,
        ResultReason::INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK,
    );

    let missing = call(
        &mut stream,
        V21,
        Operation::ENCRYPT,
        payload(&encrypt_request("no-such-key", b"x"), V21),
    )
    .await;
    failed(&missing, ResultReason::OBJECT_NOT_FOUND);

    // A mode this server does not implement is refused honestly.
    let mut request = encrypt_request(&uid, b"data");
    request.cryptographic_parameters = Some(CryptographicParameters {
        block_cipher_mode: Some(BlockCipherMode::CBC),
        padding_method: Some(PaddingMethod::NONE),
        ..CryptographicParameters::default()
    });
    let refused = call(&mut stream, V21, Operation::ENCRYPT, payload(&request, V21)).await;
    failed(&refused, ResultReason::OPERATION_NOT_SUPPORTED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_identity_cannot_see_or_use_the_owners_key() {
    let server = start_server().await;
    let mut owner = connect_admin(&server).await;
    let both = CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT;
    let uid = create(&mut owner, V21, both).await;

    let (cert, key) = other_client(&server.pki, "tenant-b");
    let mut stranger = connect(server.addr, client_config(&server.pki, Some((&cert, &key))))
        .await
        .unwrap();
    let request = GetAttributesRequest {
        unique_identifier: Some(uid.clone()),
        names: Vec::new(),
    };
    failed(
        &call(
            &mut stranger,
            V21,
            Operation::GET_ATTRIBUTES,
            payload(&request, V21),
        )
        .await,
        ResultReason::OBJECT_NOT_FOUND,
    );
    let revoke = revoke_request(&uid, RevocationReasonCode::KEY_COMPROMISE);
    failed(
        &call(&mut stranger, V21, Operation::REVOKE, payload(&revoke, V21)).await,
        ResultReason::OBJECT_NOT_FOUND,
    );
    // The stranger's own key works for the stranger and is invisible to nobody but... its owner.
    let own = create(&mut stranger, V21, both).await;
    assert_eq!(state_of(&mut stranger, V21, &own).await, State::PRE_ACTIVE);
    // The owner's key is untouched.
    assert_eq!(state_of(&mut owner, V21, &uid).await, State::PRE_ACTIVE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kmip_1_4_creates_with_template_attributes_and_sees_1x_attributes() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let v14 = ProtocolVersion::V1_4;
    let uid = create(
        &mut stream,
        v14,
        CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT,
    )
    .await;
    let request = GetAttributesRequest {
        unique_identifier: Some(uid.clone()),
        names: Vec::new(),
    };
    let response: GetAttributesResponse = ask(&mut stream, v14, &request).await;
    assert_eq!(response.unique_identifier, uid);
    assert_eq!(
        response.attributes.get(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Some(&Value::Enumeration(CryptographicAlgorithm::AES.0))
    );
    assert_eq!(
        response.attributes.get(Tag::CRYPTOGRAPHIC_LENGTH),
        Some(&Value::Integer(256))
    );
    assert_eq!(
        response.attributes.get(Tag::STATE),
        Some(&Value::Enumeration(State::PRE_ACTIVE.0))
    );
    assert!(matches!(
        response.attributes.get(Tag::INITIAL_DATE),
        Some(Value::DateTime(_))
    ));
}
