//! Objects an HSM does not hold as keys (secret data, opaque objects, certificates) are kept in
//! the metadata store encrypted under the HSM's storage key — never in plaintext — and their
//! encrypted material is erased when they are destroyed.

mod common;

use common::objects::secret_data;
use common::{call, connect_admin, start_server};
use hsmgate_kmip::message::payload::get_attributes::{GetAttributesRequest, GetAttributesResponse};
use hsmgate_kmip::message::payload::register::{RegisterRequest, RegisterResponse};
use hsmgate_kmip::message::payload::Payload;
use hsmgate_kmip::message::{Attributes, ProtocolVersion};
use hsmgate_kmip::spec::enums::{ObjectType, Operation, ResultStatus, SecretDataType, State};
use hsmgate_kmip::ttlv::{Item, Tag, Value};

/// The secret a MongoDB-style client registers: 96 bytes.
fn secret() -> Vec<u8> {
    (0..96u8)
        .map(|i| i.wrapping_mul(37).wrapping_add(11))
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every byte the store keeps (database and write-ahead log).
fn store_bytes(store: &std::path::Path) -> Vec<u8> {
    let mut all = std::fs::read(store).unwrap_or_default();
    let wal = store.with_extension("sqlite-wal");
    all.extend(std::fs::read(wal).unwrap_or_default());
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secret_data_is_stored_encrypted_and_erased_on_destroy() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    for version in [ProtocolVersion::V1_0, ProtocolVersion::V2_1] {
        let material = secret();
        let request = RegisterRequest {
            object_type: ObjectType::SECRET_DATA,
            attributes: Attributes::new(),
            object: secret_data(SecretDataType::SEED, &material),
            protection_storage_masks: None,
        };
        let answer = call(
            &mut stream,
            version,
            Operation::REGISTER,
            request.to_item(version).unwrap(),
        )
        .await;
        assert_eq!(
            answer.result_status,
            ResultStatus::SUCCESS,
            "{version}: {:?}",
            answer.result_message
        );
        let uid = RegisterResponse::parse(answer.payload.as_ref().unwrap(), version)
            .unwrap()
            .unique_identifier;

        let request = GetAttributesRequest {
            unique_identifier: Some(uid.clone()),
            names: Vec::new(),
        };
        let answer = call(
            &mut stream,
            version,
            Operation::GET_ATTRIBUTES,
            request.to_item(version).unwrap(),
        )
        .await;
        let attributes = GetAttributesResponse::parse(answer.payload.as_ref().unwrap(), version)
            .unwrap()
            .attributes;
        assert_eq!(
            attributes.get(Tag::OBJECT_TYPE),
            Some(&Value::Enumeration(ObjectType::SECRET_DATA.0))
        );
        assert_eq!(
            attributes.get(Tag::STATE),
            Some(&Value::Enumeration(State::PRE_ACTIVE.0))
        );

        // The store holds a ciphertext, not the secret.
        let stored = store_bytes(&server.store);
        assert!(!stored.is_empty());
        assert!(
            !contains(&stored, &material[..32]),
            "{version}: plaintext secret found in the store"
        );

        let destroy = Item::structure(
            Tag::REQUEST_PAYLOAD,
            vec![Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString(uid))],
        );
        let answer = call(&mut stream, version, Operation::DESTROY, destroy).await;
        assert_eq!(
            answer.result_status,
            ResultStatus::SUCCESS,
            "{:?}",
            answer.result_message
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_registers_and_a_mismatched_object_is_refused() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let v = ProtocolVersion::V2_1;
    let der = std::fs::read_to_string(server.pki.join("client.pem")).unwrap();
    let certificate = Item::structure(
        Tag::CERTIFICATE,
        vec![
            Item::new(Tag::CERTIFICATE_TYPE, Value::Enumeration(1)),
            Item::new(
                Tag::CERTIFICATE_VALUE,
                Value::ByteString(der.into_bytes().into()),
            ),
        ],
    );
    let request = RegisterRequest {
        object_type: ObjectType::CERTIFICATE,
        attributes: Attributes::new(),
        object: certificate.clone(),
        protection_storage_masks: None,
    };
    let answer = call(
        &mut stream,
        v,
        Operation::REGISTER,
        request.to_item(v).unwrap(),
    )
    .await;
    assert_eq!(
        answer.result_status,
        ResultStatus::SUCCESS,
        "{:?}",
        answer.result_message
    );

    // A Secret Data object type with a Certificate structure is refused.
    let request = RegisterRequest {
        object_type: ObjectType::SECRET_DATA,
        attributes: Attributes::new(),
        object: certificate,
        protection_storage_masks: None,
    };
    let answer = call(
        &mut stream,
        v,
        Operation::REGISTER,
        request.to_item(v).unwrap(),
    )
    .await;
    assert_eq!(answer.result_status, ResultStatus::OPERATION_FAILED);
}
