//! The RSA test key and the Register request builders shared by the registered-key tests.
#![allow(dead_code)] // Each test binary uses a different subset.

use hsmgate_kmip::message::payload::get_attributes::{GetAttributesRequest, GetAttributesResponse};
use hsmgate_kmip::message::payload::register::{RegisterRequest, RegisterResponse};
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload};
use hsmgate_kmip::message::Attributes;
use hsmgate_kmip::spec::enums::{
    CryptographicAlgorithm, HashingAlgorithm, KeyFormatType, ObjectType, Operation, PaddingMethod,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use pkcs1::der::Decode;
use ring::signature::{KeyPair, RsaKeyPair};

use crate::common::objects::{algorithm_fields, key_block, object};
use crate::key_helpers::{attributes, ok, Stream, V21};

/// The test key, PKCS#8 DER, and what the tests derive from it.
pub struct TestKey {
    pub pkcs8: Vec<u8>,
    /// PKCS#1 RSAPrivateKey (the PKCS#8 private key octets).
    pub pkcs1_private: Vec<u8>,
    /// PKCS#1 RSAPublicKey.
    pub pkcs1_public: Vec<u8>,
    pub software: RsaKeyPair,
}

pub fn test_key() -> TestKey {
    let hex_line = include_str!("../data/rsa2048-pkcs8.hex")
        .lines()
        .find(|l| !l.starts_with('#'))
        .unwrap();
    let pkcs8 = hex::decode(hex_line.trim()).unwrap();
    let info = pkcs8::PrivateKeyInfo::from_der(&pkcs8).unwrap();
    let pkcs1_private = info.private_key.to_vec();
    let software = RsaKeyPair::from_pkcs8(&pkcs8).unwrap();
    let pkcs1_public = software.public_key().as_ref().to_vec();
    TestKey {
        pkcs8,
        pkcs1_private,
        pkcs1_public,
        software,
    }
}

pub fn key_object(object_type: ObjectType, format: KeyFormatType, material: Value) -> Item {
    let tag = if object_type == ObjectType::PRIVATE_KEY {
        Tag::PRIVATE_KEY
    } else {
        Tag::PUBLIC_KEY
    };
    let fields = algorithm_fields(CryptographicAlgorithm::RSA, 2048);
    object(tag, key_block(format, material, fields))
}

pub fn register_request(object_type: ObjectType, object: Item, attrs: Attributes) -> Item {
    RegisterRequest {
        object_type,
        attributes: attrs,
        object,
        protection_storage_masks: None,
    }
    .to_item(V21)
    .unwrap()
}

pub async fn register_key(
    stream: &mut Stream,
    object_type: ObjectType,
    format: KeyFormatType,
    material: Value,
    attrs: Attributes,
) -> String {
    let request = register_request(
        object_type,
        key_object(object_type, format, material),
        attrs,
    );
    let r: RegisterResponse = ok(stream, V21, Operation::REGISTER, request).await;
    r.unique_identifier
}

/// Registers `key` as a pair: the private key in PKCS#8 with usage `private_mask`, the public
/// key in PKCS#1 with usage `public_mask` (both active). Returns (private, public) identifiers.
pub async fn register_test_pair(
    stream: &mut Stream,
    key: &TestKey,
    private_mask: Usage,
    public_mask: Usage,
) -> (String, String) {
    let masks = (private_mask, public_mask);
    register_test_pair_as(stream, key, KeyFormatType::PKCS_8, masks, &[]).await
}

/// [`register_test_pair`] with the private key in `private_format` (PKCS#8 or PKCS#1) and the
/// attributes `extra` on both halves.
pub async fn register_test_pair_as(
    stream: &mut Stream,
    key: &TestKey,
    private_format: KeyFormatType,
    (private_mask, public_mask): (Usage, Usage),
    extra: &[(Tag, Value)],
) -> (String, String) {
    let private_material = if private_format == KeyFormatType::PKCS_8 {
        &key.pkcs8
    } else {
        &key.pkcs1_private
    };
    let private = register_key(
        stream,
        ObjectType::PRIVATE_KEY,
        private_format,
        bytes(private_material),
        usage(private_mask, extra),
    )
    .await;
    let public = register_key(
        stream,
        ObjectType::PUBLIC_KEY,
        KeyFormatType::PKCS_1,
        bytes(&key.pkcs1_public),
        usage(public_mask, extra),
    )
    .await;
    (private, public)
}

pub fn usage(mask: Usage, extra: &[(Tag, Value)]) -> Attributes {
    let mut list = vec![
        (Tag::CRYPTOGRAPHIC_USAGE_MASK, Value::Integer(mask.0 as i32)),
        (Tag::ACTIVATION_DATE, Value::DateTime(1)),
    ];
    list.extend_from_slice(extra);
    attributes(&list)
}

pub fn bytes(data: &[u8]) -> Value {
    Value::ByteString(data.to_vec().into())
}

pub async fn all_attributes(stream: &mut Stream, uid: &str) -> Attributes {
    let request = GetAttributesRequest {
        unique_identifier: Some(uid.into()),
        names: vec![],
    }
    .to_item(V21)
    .unwrap();
    let r: GetAttributesResponse = ok(stream, V21, Operation::GET_ATTRIBUTES, request).await;
    r.attributes
}

/// The Digest attribute's (value, key format type).
pub fn digest_of(attributes: &Attributes) -> Option<(Vec<u8>, KeyFormatType)> {
    let Some(Value::Structure(fields)) = attributes.get(Tag::DIGEST) else {
        return None;
    };
    let field = |tag| fields.iter().find(|f| f.tag == tag).map(|f| &f.value);
    assert_eq!(
        field(Tag::HASHING_ALGORITHM),
        Some(&Value::Enumeration(HashingAlgorithm::SHA_256.0))
    );
    match (field(Tag::DIGEST_VALUE), field(Tag::KEY_FORMAT_TYPE)) {
        (Some(Value::ByteString(d)), Some(Value::Enumeration(f))) => {
            Some((d.to_vec(), KeyFormatType(*f)))
        }
        other => panic!("malformed Digest: {other:?}"),
    }
}

pub fn pss(salt: Option<i32>) -> CryptographicParameters {
    CryptographicParameters {
        padding_method: Some(PaddingMethod::PSS),
        hashing_algorithm: Some(HashingAlgorithm::SHA_256),
        cryptographic_algorithm: Some(CryptographicAlgorithm::RSA),
        salt_length: salt,
        ..CryptographicParameters::default()
    }
}

pub fn oaep_sha1() -> CryptographicParameters {
    CryptographicParameters {
        padding_method: Some(PaddingMethod::OAEP),
        hashing_algorithm: Some(HashingAlgorithm::SHA_1),
        ..CryptographicParameters::default()
    }
}
