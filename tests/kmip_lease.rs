//! Lease Time, Obtain Lease and Protection Storage Mask over KMIP 2.1, on a real SoftHSM2
//! token: new keys carry the server's lease policy (`[keys] lease_time_secs`) and the
//! storage their HSM slot reports (SoftHSM2 is a software token), Obtain Lease answers the
//! lease and Last Change Date of Active objects only, and clients cannot set either attribute.

mod common;
mod key_helpers;

use common::objects::secret_data;
use common::{call, connect_admin, failed, start_server, start_server_with, succeeded};
use hsmgate_kmip::message::payload::activate::ActivateRequest;
use hsmgate_kmip::message::payload::create::{CreateRequest, CreateResponse};
use hsmgate_kmip::message::payload::get_attributes::{GetAttributesRequest, GetAttributesResponse};
use hsmgate_kmip::message::payload::obtain_lease::{ObtainLeaseRequest, ObtainLeaseResponse};
use hsmgate_kmip::message::payload::re_key::{ReKeyRequest, ReKeyResponse};
use hsmgate_kmip::message::payload::register::{RegisterRequest, RegisterResponse};
use hsmgate_kmip::message::payload::revoke::{RevocationReason, RevokeRequest};
use hsmgate_kmip::message::payload::Payload;
use hsmgate_kmip::message::{AttributeName, Attributes, ProtocolVersion};
use hsmgate_kmip::spec::enums::{
    CryptographicAlgorithm, ObjectType, Operation, ResultReason, RevocationReasonCode,
    SecretDataType,
};
use hsmgate_kmip::spec::{CryptographicUsageMask, ProtectionStorageMask};
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

const V21: ProtocolVersion = ProtocolVersion::V2_1;

fn aes_attributes() -> Attributes {
    let mut attributes = Attributes::new();
    let tagged = AttributeName::Tagged;
    attributes.push(
        tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Value::Enumeration(CryptographicAlgorithm::AES.0),
    );
    attributes.push(tagged(Tag::CRYPTOGRAPHIC_LENGTH), Value::Integer(128));
    attributes.push(
        tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
        Value::Integer(CryptographicUsageMask::ENCRYPT.0 as i32),
    );
    attributes
}

fn create_request(attributes: Attributes) -> Item {
    CreateRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes,
        protection_storage_masks: None,
    }
    .to_item(V21)
    .unwrap()
}

async fn create(stream: &mut TlsStream<TcpStream>) -> String {
    let item = call(
        stream,
        V21,
        Operation::CREATE,
        create_request(aes_attributes()),
    )
    .await;
    CreateResponse::parse(succeeded(&item), V21)
        .unwrap()
        .unique_identifier
}

async fn attribute(stream: &mut TlsStream<TcpStream>, uid: &str, tag: Tag) -> Option<Value> {
    let request = GetAttributesRequest {
        unique_identifier: Some(uid.into()),
        names: vec![AttributeName::Tagged(tag)],
    };
    let item = call(
        stream,
        V21,
        Operation::GET_ATTRIBUTES,
        request.to_item(V21).unwrap(),
    )
    .await;
    let response = GetAttributesResponse::parse(succeeded(&item), V21).unwrap();
    response.attributes.get(tag).cloned()
}

async fn activate(stream: &mut TlsStream<TcpStream>, uid: &str) {
    let request = ActivateRequest {
        unique_identifier: Some(uid.into()),
    };
    let item = call(
        stream,
        V21,
        Operation::ACTIVATE,
        request.to_item(V21).unwrap(),
    )
    .await;
    succeeded(&item);
}

fn obtain_lease_request(uid: &str) -> Item {
    ObtainLeaseRequest {
        unique_identifier: Some(uid.into()),
    }
    .to_item(V21)
    .unwrap()
}

#[tokio::test]
async fn new_keys_carry_the_default_lease_and_software_storage_of_softhsm2() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let uid = create(&mut stream).await;
    assert_eq!(
        attribute(&mut stream, &uid, Tag::LEASE_TIME).await,
        Some(Value::Interval(3600))
    );
    // SoftHSM2's slot does not claim CKF_HW_SLOT: its keys are protected in software.
    assert_eq!(
        attribute(&mut stream, &uid, Tag::PROTECTION_STORAGE_MASK).await,
        Some(Value::Integer(ProtectionStorageMask::SOFTWARE.0 as i32))
    );
}

#[tokio::test]
async fn obtain_lease_answers_active_objects_with_their_last_change_date() {
    let server = start_server_with("[keys]\nlease_time_secs = 90\n").await;
    let mut stream = connect_admin(&server).await;
    let uid = create(&mut stream).await;
    assert_eq!(
        attribute(&mut stream, &uid, Tag::LEASE_TIME).await,
        Some(Value::Interval(90))
    );

    // A Pre-Active key may not be used yet, so it is not leased.
    let item = call(
        &mut stream,
        V21,
        Operation::OBTAIN_LEASE,
        obtain_lease_request(&uid),
    )
    .await;
    failed(&item, ResultReason::WRONG_KEY_LIFECYCLE_STATE);

    activate(&mut stream, &uid).await;
    let Some(Value::DateTime(changed)) = attribute(&mut stream, &uid, Tag::LAST_CHANGE_DATE).await
    else {
        panic!("no Last Change Date");
    };
    let item = call(
        &mut stream,
        V21,
        Operation::OBTAIN_LEASE,
        obtain_lease_request(&uid),
    )
    .await;
    let lease = ObtainLeaseResponse::parse(succeeded(&item), V21).unwrap();
    assert_eq!(lease.unique_identifier, uid);
    assert_eq!(lease.lease_time, 90);
    assert_eq!(lease.last_change_date, changed);

    // Once revoked, the key is no longer leased.
    let request = RevokeRequest {
        unique_identifier: Some(uid.clone()),
        revocation_reason: RevocationReason {
            code: RevocationReasonCode::CESSATION_OF_OPERATION,
            message: None,
        },
        compromise_occurrence_date: None,
    };
    succeeded(
        &call(
            &mut stream,
            V21,
            Operation::REVOKE,
            request.to_item(V21).unwrap(),
        )
        .await,
    );
    let item = call(
        &mut stream,
        V21,
        Operation::OBTAIN_LEASE,
        obtain_lease_request(&uid),
    )
    .await;
    failed(&item, ResultReason::WRONG_KEY_LIFECYCLE_STATE);

    // An unknown identifier is answered Object Not Found (KMIP 2.x).
    let item = call(
        &mut stream,
        V21,
        Operation::OBTAIN_LEASE,
        obtain_lease_request("no-such-object"),
    )
    .await;
    failed(&item, ResultReason::OBJECT_NOT_FOUND);
}

#[tokio::test]
async fn clients_cannot_set_the_lease_or_the_storage_mask() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    for (tag, value) in [
        (Tag::LEASE_TIME, Value::Interval(1)),
        (
            Tag::PROTECTION_STORAGE_MASK,
            Value::Integer(ProtectionStorageMask::HARDWARE.0 as i32),
        ),
    ] {
        let mut attributes = aes_attributes();
        attributes.push(AttributeName::Tagged(tag), value);
        let item = call(
            &mut stream,
            V21,
            Operation::CREATE,
            create_request(attributes),
        )
        .await;
        failed(&item, ResultReason::INVALID_FIELD);
    }
}

#[tokio::test]
async fn key_pairs_and_replacement_keys_get_the_policy_too() {
    let server = start_server_with("[keys]\nlease_time_secs = 120\n").await;
    let mut stream = connect_admin(&server).await;
    let pair = key_helpers::create_rsa_pair(&mut stream, V21, false).await;
    let uid = create(&mut stream).await;
    let item = call(
        &mut stream,
        V21,
        Operation::RE_KEY,
        ReKeyRequest {
            unique_identifier: Some(uid.clone()),
            ..ReKeyRequest::default()
        }
        .to_item(V21)
        .unwrap(),
    )
    .await;
    let replacement = ReKeyResponse::parse(succeeded(&item), V21)
        .unwrap()
        .unique_identifier;
    assert_ne!(replacement, uid);
    for made in [
        pair.private_key_unique_identifier,
        pair.public_key_unique_identifier,
        replacement,
    ] {
        assert_eq!(
            attribute(&mut stream, &made, Tag::LEASE_TIME).await,
            Some(Value::Interval(120)),
            "{made}"
        );
        assert_eq!(
            attribute(&mut stream, &made, Tag::PROTECTION_STORAGE_MASK).await,
            Some(Value::Integer(ProtectionStorageMask::SOFTWARE.0 as i32)),
            "{made}"
        );
    }
}

#[tokio::test]
async fn check_refuses_a_lease_longer_than_the_objects() {
    let server = start_server_with("[keys]\nlease_time_secs = 90\n").await;
    let mut stream = connect_admin(&server).await;
    let uid = create(&mut stream).await;
    let check = |seconds: u32| {
        Item::structure(
            Tag::REQUEST_PAYLOAD,
            vec![
                Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString(uid.clone())),
                Item::new(Tag::LEASE_TIME, Value::Interval(seconds)),
            ],
        )
    };
    succeeded(&call(&mut stream, V21, Operation::CHECK, check(90)).await);
    failed(
        &call(&mut stream, V21, Operation::CHECK, check(91)).await,
        ResultReason::PERMISSION_DENIED,
    );
}

#[tokio::test]
async fn objects_kept_wrapped_in_the_store_are_in_software() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let object = secret_data(SecretDataType::SEED, &[7u8; 32]);
    let request = RegisterRequest {
        object_type: ObjectType::SECRET_DATA,
        attributes: Attributes::new(),
        object,
        protection_storage_masks: None,
    };
    let item = call(
        &mut stream,
        V21,
        Operation::REGISTER,
        request.to_item(V21).unwrap(),
    )
    .await;
    let uid = RegisterResponse::parse(succeeded(&item), V21)
        .unwrap()
        .unique_identifier;
    assert_eq!(
        attribute(&mut stream, &uid, Tag::LEASE_TIME).await,
        Some(Value::Interval(3600))
    );
    assert_eq!(
        attribute(&mut stream, &uid, Tag::PROTECTION_STORAGE_MASK).await,
        Some(Value::Integer(ProtectionStorageMask::SOFTWARE.0 as i32))
    );
}
