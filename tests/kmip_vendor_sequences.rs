//! The request sequences real products send, replayed over real TLS against a real SoftHSM2
//! token: MongoDB (KMIP 1.0 secret data, KMIP 1.2 key + Encrypt/Decrypt) and Percona Server /
//! pg_tde (Register a named key, Locate it by name, Get it). vCenter and Veeam have their own
//! tests in kmip_attributes.rs and kmip_key_pairs.rs.

mod common;
mod key_helpers;

use bytes::Bytes;
use common::objects::secret_data;
use common::{call, connect_admin, start_server};
use hsmgate_kmip::message::payload::decrypt::{DecryptRequest, DecryptResponse};
use hsmgate_kmip::message::payload::encrypt::{EncryptRequest, EncryptResponse};
use hsmgate_kmip::message::payload::locate::{LocateRequest, LocateResponse};
use hsmgate_kmip::message::payload::register::{RegisterRequest, RegisterResponse};
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload};
use hsmgate_kmip::message::{AttributeName, Attributes, ProtocolVersion};
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, ObjectType, Operation, PaddingMethod, SecretDataType,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::{activate, aes, ask, get, key_block, material_bytes, register};

fn name(value: &str) -> Value {
    Value::Structure(vec![
        Item::new(Tag::NAME_VALUE, Value::TextString(value.into())),
        Item::new(Tag::NAME_TYPE, Value::Enumeration(1)),
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mongodb_registers_a_secret_then_creates_and_uses_a_key() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;

    // KMIP 1.0: the 96-byte master key secret as Secret Data, Activate, Get.
    let v10 = ProtocolVersion::V1_0;
    let secret: Vec<u8> = (0..96u8)
        .map(|i| i.wrapping_mul(13).wrapping_add(7))
        .collect();
    let object = secret_data(SecretDataType::PASSWORD, &secret);
    let mut attributes = Attributes::new();
    attributes.push(
        AttributeName::Tagged(Tag::CRYPTOGRAPHIC_USAGE_MASK),
        Value::Integer(0),
    );
    let request = RegisterRequest {
        object_type: ObjectType::SECRET_DATA,
        attributes,
        object,
        protection_storage_masks: None,
    };
    let registered: RegisterResponse = ask(&mut stream, v10, &request).await;
    activate(&mut stream, v10, &registered.unique_identifier).await;
    let got = get(&mut stream, v10, &registered.unique_identifier, None).await;
    assert_eq!(got.object.tag, Tag::SECRET_DATA);
    assert_eq!(material_bytes(key_block(&got)), secret);

    // KMIP 1.2: Create AES-256, Activate, Encrypt and Decrypt (CBC, server-chosen IV).
    let v12 = ProtocolVersion::V1_2;
    let uid =
        key_helpers::create_aes(&mut stream, aes(256, Usage::ENCRYPT | Usage::DECRYPT, &[])).await;
    activate(&mut stream, v12, &uid).await;
    let cbc = Some(CryptographicParameters {
        block_cipher_mode: Some(BlockCipherMode::CBC),
        padding_method: Some(PaddingMethod::PKCS5),
        ..CryptographicParameters::default()
    });
    let data_key: Vec<u8> = (0..32u8).collect();
    let encrypt = EncryptRequest {
        unique_identifier: Some(uid.clone()),
        cryptographic_parameters: cbc.clone(),
        data: Some(Bytes::from(data_key.clone())),
        ..EncryptRequest::default()
    };
    let sealed: EncryptResponse = ask(&mut stream, v12, &encrypt).await;
    assert_eq!(sealed.data.as_ref().map(Bytes::len), Some(48));
    assert_eq!(sealed.iv_counter_nonce.as_ref().map(Bytes::len), Some(16));
    let decrypt = DecryptRequest {
        unique_identifier: Some(uid),
        cryptographic_parameters: cbc,
        data: sealed.data,
        iv_counter_nonce: sealed.iv_counter_nonce,
        ..DecryptRequest::default()
    };
    let opened: DecryptResponse = ask(&mut stream, v12, &decrypt).await;
    assert_eq!(opened.data.as_deref(), Some(&data_key[..]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn percona_and_pg_tde_register_locate_by_name_and_get() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    for version in [ProtocolVersion::V1_4, ProtocolVersion::V2_1] {
        let key_name = format!("pg_tde_principal_key_{version}");
        let material: Vec<u8> = (0..32u8).map(|i| i ^ 0xa5).collect();
        let attrs = aes(
            256,
            Usage::ENCRYPT | Usage::DECRYPT,
            &[(Tag::NAME, name(&key_name))],
        );
        let uid = register(&mut stream, version, &material, attrs).await;

        let mut criteria = Attributes::new();
        criteria.push(AttributeName::Tagged(Tag::NAME), name(&key_name));
        let locate = LocateRequest {
            attributes: criteria,
            ..LocateRequest::default()
        };
        let found: LocateResponse = ask(&mut stream, version, &locate).await;
        assert_eq!(found.unique_identifiers, vec![uid.clone()], "{version}");

        let got = get(&mut stream, version, &uid, None).await;
        assert_eq!(material_bytes(key_block(&got)), material, "{version}");
    }
    // A name nobody registered finds nothing.
    let mut criteria = Attributes::new();
    criteria.push(AttributeName::Tagged(Tag::NAME), name("no-such-key"));
    let locate = LocateRequest {
        attributes: criteria,
        ..LocateRequest::default()
    };
    let v = ProtocolVersion::V2_1;
    let answer = call(
        &mut stream,
        v,
        Operation::LOCATE,
        locate.to_item(v).unwrap(),
    )
    .await;
    let found = LocateResponse::parse(answer.payload.as_ref().unwrap(), v).unwrap();
    assert!(found.unique_identifiers.is_empty());
}
