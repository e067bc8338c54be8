//! KMIP request builders and response readers shared by the key export and key pair tests.
#![allow(dead_code)] // Each test binary uses a different subset.

// Shared by several test binaries, each using a subset.
#[allow(unused_imports)]
pub use crate::common::{ask, failed};
use hsmgate_kmip::message::payload::create::{CreateRequest, CreateResponse};
use hsmgate_kmip::message::payload::create_key_pair::{
    CreateKeyPairRequest, CreateKeyPairResponse,
};
use hsmgate_kmip::message::payload::decrypt::{DecryptRequest, DecryptResponse};
use hsmgate_kmip::message::payload::encrypt::{EncryptRequest, EncryptResponse};
use hsmgate_kmip::message::payload::get::{GetRequest, GetResponse};
use hsmgate_kmip::message::payload::register::{RegisterRequest, RegisterResponse};
use hsmgate_kmip::message::payload::revoke::{RevocationReason, RevokeRequest};
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload};
use hsmgate_kmip::message::{AttributeName, Attributes, ProtocolVersion};
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, CryptographicAlgorithm, KeyFormatType, LinkType, ObjectType, Operation,
    ResultStatus, RevocationReasonCode, ValidityIndicator, WrappingMethod,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use crate::common::objects::raw_symmetric_key;
use crate::common::{call, succeeded};

pub type Stream = TlsStream<TcpStream>;

pub const V21: ProtocolVersion = ProtocolVersion::V2_1;
pub const V14: ProtocolVersion = ProtocolVersion::V1_4;
pub const V12: ProtocolVersion = ProtocolVersion::V1_2;

pub fn attributes(list: &[(Tag, Value)]) -> Attributes {
    let mut a = Attributes::new();
    for (tag, value) in list {
        a.push(AttributeName::Tagged(*tag), value.clone());
    }
    a
}

pub fn aes(bits: i32, usage: Usage, extra: &[(Tag, Value)]) -> Attributes {
    let mut list = vec![
        (
            Tag::CRYPTOGRAPHIC_ALGORITHM,
            Value::Enumeration(CryptographicAlgorithm::AES.0),
        ),
        (Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(bits)),
        (
            Tag::CRYPTOGRAPHIC_USAGE_MASK,
            Value::Integer(usage.0 as i32),
        ),
    ];
    list.extend_from_slice(extra);
    attributes(&list)
}

pub async fn ok<P: Payload>(
    stream: &mut Stream,
    version: ProtocolVersion,
    operation: Operation,
    request: Item,
) -> P {
    let item = call(stream, version, operation, request).await;
    assert_eq!(
        item.result_status,
        ResultStatus::SUCCESS,
        "{operation}: {:?}: {:?}",
        item.result_reason,
        item.result_message
    );
    P::parse(item.payload.as_ref().unwrap(), version).unwrap()
}

/// Sends a KMIP 2.1 Encrypt that must succeed.
pub async fn encrypt_v21(stream: &mut Stream, request: EncryptRequest) -> EncryptResponse {
    ask(stream, V21, &request).await
}

/// Sends a KMIP 2.1 Decrypt that must succeed.
pub async fn decrypt_v21(stream: &mut Stream, request: DecryptRequest) -> DecryptResponse {
    ask(stream, V21, &request).await
}

pub async fn register(
    stream: &mut Stream,
    version: ProtocolVersion,
    key: &[u8],
    attrs: Attributes,
) -> String {
    let object = raw_symmetric_key(key, Vec::new());
    let request = RegisterRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes: attrs,
        object,
        protection_storage_masks: None,
    };
    let r: RegisterResponse = ask(stream, version, &request).await;
    r.unique_identifier
}

pub async fn create_aes(stream: &mut Stream, attrs: Attributes) -> String {
    let request = CreateRequest {
        object_type: ObjectType::SYMMETRIC_KEY,
        attributes: attrs,
        protection_storage_masks: None,
    };
    let r: CreateResponse = ask(stream, V21, &request).await;
    r.unique_identifier
}

/// Creates an extractable AES-256 key with usage `usage`.
pub async fn create_extractable_aes(stream: &mut Stream, usage: Usage) -> String {
    let extractable = [(Tag::EXTRACTABLE, Value::Boolean(true))];
    create_aes(stream, aes(256, usage, &extractable)).await
}

pub async fn activate(stream: &mut Stream, version: ProtocolVersion, uid: &str) {
    let request = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(uid.into()),
        )],
    );
    let item = call(stream, version, Operation::ACTIVATE, request).await;
    assert_eq!(
        item.result_status,
        ResultStatus::SUCCESS,
        "{:?}",
        item.result_message
    );
}

/// Revokes `uid` (Cessation of Operation) over KMIP 2.1; the call must succeed.
pub async fn revoke_key(stream: &mut Stream, uid: &str) {
    let request = RevokeRequest {
        unique_identifier: Some(uid.into()),
        revocation_reason: RevocationReason {
            code: RevocationReasonCode::CESSATION_OF_OPERATION,
            message: None,
        },
        compromise_occurrence_date: None,
    };
    let item = crate::common::call_v21(stream, Operation::REVOKE, &request).await;
    assert_eq!(
        item.result_status,
        ResultStatus::SUCCESS,
        "{:?}",
        item.result_message
    );
}

pub fn get_request(
    uid: &str,
    format: Option<KeyFormatType>,
    wrapping: Option<Item>,
    version: ProtocolVersion,
) -> Item {
    GetRequest {
        unique_identifier: Some(uid.into()),
        key_format_type: format,
        key_wrapping_specification: wrapping,
        ..GetRequest::default()
    }
    .to_item(version)
    .unwrap()
}

pub async fn get(
    stream: &mut Stream,
    version: ProtocolVersion,
    uid: &str,
    format: Option<KeyFormatType>,
) -> GetResponse {
    ok(
        stream,
        version,
        Operation::GET,
        get_request(uid, format, None, version),
    )
    .await
}

/// The Key Block of a Get response, checked to hold no attributes inside its Key Value.
pub fn key_block(response: &GetResponse) -> &Item {
    let block = response.object.child(Tag::KEY_BLOCK).expect("Key Block");
    if let Some(Value::Structure(fields)) = block.child(Tag::KEY_VALUE).map(|v| &v.value) {
        assert!(
            fields.iter().all(|f| f.tag == Tag::KEY_MATERIAL),
            "Key Value carries more than Key Material: {fields:?}"
        );
    }
    block
}

pub fn format_of(block: &Item) -> KeyFormatType {
    match block.child(Tag::KEY_FORMAT_TYPE).map(|i| &i.value) {
        Some(Value::Enumeration(raw)) => KeyFormatType(*raw),
        other => panic!("no Key Format Type: {other:?}"),
    }
}

/// The Key Material byte string of a plaintext key block.
pub fn material_bytes(block: &Item) -> Vec<u8> {
    match &block
        .child(Tag::KEY_VALUE)
        .unwrap()
        .child(Tag::KEY_MATERIAL)
        .unwrap()
        .value
    {
        Value::ByteString(b) => b.to_vec(),
        other => panic!("Key Material is not a byte string: {other:?}"),
    }
}

pub fn wrapping_spec(kek: &str, mode: Option<BlockCipherMode>) -> Item {
    let mut key_information = vec![Item::new(
        Tag::UNIQUE_IDENTIFIER,
        Value::TextString(kek.into()),
    )];
    if let Some(mode) = mode {
        key_information.push(Item::structure(
            Tag::CRYPTOGRAPHIC_PARAMETERS,
            vec![Item::new(
                Tag::BLOCK_CIPHER_MODE,
                Value::Enumeration(mode.0),
            )],
        ));
    }
    Item::structure(
        Tag::KEY_WRAPPING_SPECIFICATION,
        vec![
            Item::new(
                Tag::WRAPPING_METHOD,
                Value::Enumeration(WrappingMethod::ENCRYPT.0),
            ),
            Item::structure(Tag::ENCRYPTION_KEY_INFORMATION, key_information),
        ],
    )
}

/// Creates the RSA-2048 pair of [`rsa_pair_request`]; the creation must succeed.
pub async fn create_rsa_pair(
    stream: &mut Stream,
    version: ProtocolVersion,
    extractable: bool,
) -> CreateKeyPairResponse {
    let request = rsa_pair_request(version, extractable);
    ok(stream, version, Operation::CREATE_KEY_PAIR, request).await
}

pub fn rsa_pair_request(version: ProtocolVersion, extractable: bool) -> Item {
    let mut private = vec![(
        Tag::CRYPTOGRAPHIC_USAGE_MASK,
        Value::Integer(Usage::SIGN.0 as i32),
    )];
    if extractable {
        private.push((Tag::EXTRACTABLE, Value::Boolean(true)));
    }
    CreateKeyPairRequest {
        common_attributes: Some(attributes(&[
            (
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(CryptographicAlgorithm::RSA.0),
            ),
            (Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(2048)),
        ])),
        private_key_attributes: Some(attributes(&private)),
        public_key_attributes: Some(attributes(&[(
            Tag::CRYPTOGRAPHIC_USAGE_MASK,
            Value::Integer(Usage::VERIFY.0 as i32),
        )])),
        ..CreateKeyPairRequest::default()
    }
    .to_item(version)
    .unwrap()
}

pub fn sign_request(
    uid: &str,
    parameters: Option<CryptographicParameters>,
    data: &[u8],
    signature: Option<&[u8]>,
) -> Item {
    let mut fields = vec![Item::new(
        Tag::UNIQUE_IDENTIFIER,
        Value::TextString(uid.into()),
    )];
    if let Some(p) = parameters {
        fields.push(p.to_item());
    }
    fields.push(Item::new(
        Tag::DATA,
        Value::ByteString(data.to_vec().into()),
    ));
    if let Some(s) = signature {
        fields.push(Item::new(
            Tag::SIGNATURE_DATA,
            Value::ByteString(s.to_vec().into()),
        ));
    }
    Item::structure(Tag::REQUEST_PAYLOAD, fields)
}

pub async fn sign(
    stream: &mut Stream,
    uid: &str,
    parameters: Option<CryptographicParameters>,
    data: &[u8],
) -> Vec<u8> {
    let item = call(
        stream,
        V21,
        Operation::SIGN,
        sign_request(uid, parameters, data, None),
    )
    .await;
    match &succeeded(&item).child(Tag::SIGNATURE_DATA).unwrap().value {
        Value::ByteString(b) => b.to_vec(),
        other => panic!("{other:?}"),
    }
}

pub async fn verify(
    stream: &mut Stream,
    uid: &str,
    parameters: Option<CryptographicParameters>,
    data: &[u8],
    signature: &[u8],
) -> ValidityIndicator {
    let item = call(
        stream,
        V21,
        Operation::SIGNATURE_VERIFY,
        sign_request(uid, parameters, data, Some(signature)),
    )
    .await;
    match &succeeded(&item)
        .child(Tag::VALIDITY_INDICATOR)
        .unwrap()
        .value
    {
        Value::Enumeration(raw) => ValidityIndicator(*raw),
        other => panic!("{other:?}"),
    }
}

pub fn linked(attributes: &Attributes, link_type: LinkType) -> Option<String> {
    attributes.iter().find_map(|a| match &a.value {
        Value::Structure(fields) if a.name == AttributeName::Tagged(Tag::LINK) => {
            let is_type = fields
                .iter()
                .any(|f| f.tag == Tag::LINK_TYPE && f.value == Value::Enumeration(link_type.0));
            let id = fields
                .iter()
                .find(|f| f.tag == Tag::LINKED_OBJECT_IDENTIFIER);
            match (is_type, id.map(|i| &i.value)) {
                (true, Some(Value::TextString(uid))) => Some(uid.clone()),
                _ => None,
            }
        }
        _ => None,
    })
}

/// The attribute `tag` of `uid`, from a KMIP 2.1 Get Attributes that names only it.
pub async fn attribute_of(stream: &mut Stream, uid: &str, tag: Tag) -> Option<Item> {
    let item = call(
        stream,
        V21,
        Operation::GET_ATTRIBUTES,
        Item::structure(
            Tag::REQUEST_PAYLOAD,
            vec![
                Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString(uid.into())),
                Item::new(Tag::ATTRIBUTE_REFERENCE, Value::Enumeration(tag.value())),
            ],
        ),
    )
    .await;
    succeeded(&item).child(Tag::ATTRIBUTES)?.child(tag).cloned()
}

/// The State of `uid`, from a KMIP 2.1 Get Attributes that names only State.
pub async fn state_of(stream: &mut Stream, uid: &str) -> Value {
    attribute_of(stream, uid, Tag::STATE)
        .await
        .expect("State")
        .value
}
