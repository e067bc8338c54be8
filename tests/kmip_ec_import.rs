//! Registered EC (P-256) keys live in the HSM, end to end on a real SoftHSM2 token: the
//! registered private key signs what ring verifies with the same key's public half, the
//! registered public key (X.509 or Transparent) verifies ring's signatures, and the attributes
//! say what the keys are.

mod common;
mod key_helpers;
mod rsa_helpers;

use common::connect_admin;
use common::objects;
use common::start_server;
use hsmgate_kmip::message::payload::register::RegisterResponse;
use hsmgate_kmip::spec::enums::{
    CryptographicAlgorithm, KeyFormatType, ObjectType, Operation, RecommendedCurve,
    ValidityIndicator,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use hsmgate_pkcs11::EcCurve;
use key_helpers::*;
use pkcs1::der::Decode;
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, KeyPair};
use rsa_helpers::*;
use sha2::{Digest, Sha256};

fn test_key() -> (Vec<u8>, EcdsaKeyPair) {
    let hex_line = include_str!("data/ec-p256-pkcs8.hex")
        .lines()
        .find(|l| !l.starts_with('#'))
        .unwrap();
    let pkcs8 = hex::decode(hex_line.trim()).unwrap();
    let pair = EcdsaKeyPair::from_pkcs8(
        &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        &pkcs8,
        &SystemRandom::new(),
    )
    .unwrap();
    (pkcs8, pair)
}

/// Registers an EC key whose key block names EC and 256 bits.
async fn register_ec(
    stream: &mut Stream,
    object_type: ObjectType,
    format: KeyFormatType,
    material: Value,
    attrs: hsmgate_kmip::message::Attributes,
) -> String {
    let tag = if object_type == ObjectType::PRIVATE_KEY {
        Tag::PRIVATE_KEY
    } else {
        Tag::PUBLIC_KEY
    };
    let fields = objects::algorithm_fields(CryptographicAlgorithm::EC, 256);
    let object = objects::object(tag, objects::key_block(format, material, fields));
    let request = register_request(object_type, object, attrs);
    let r: RegisterResponse = ok(stream, V21, Operation::REGISTER, request).await;
    r.unique_identifier
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registered_ec_keys_sign_and_verify_in_the_hsm() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let (pkcs8, software) = test_key();
    let point = software.public_key().as_ref().to_vec();
    let spki = hsmgate::service::der::ec_spki(EcCurve::P256, &point);

    let private = register_ec(
        &mut stream,
        ObjectType::PRIVATE_KEY,
        KeyFormatType::PKCS_8,
        bytes(&pkcs8),
        usage(
            Usage::SIGN,
            &[(
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(CryptographicAlgorithm::EC.0),
            )],
        ),
    )
    .await;
    let public = register_ec(
        &mut stream,
        ObjectType::PUBLIC_KEY,
        KeyFormatType::X_509,
        bytes(&spki),
        usage(
            Usage::VERIFY,
            &[(
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(CryptographicAlgorithm::EC.0),
            )],
        ),
    )
    .await;
    let transparent = register_ec(
        &mut stream,
        ObjectType::PUBLIC_KEY,
        KeyFormatType::TRANSPARENT_EC_PUBLIC_KEY,
        Value::Structure(vec![
            Item::new(
                Tag::RECOMMENDED_CURVE,
                Value::Enumeration(RecommendedCurve::P_256.0),
            ),
            Item::new(Tag::Q_STRING, bytes(&point)),
        ]),
        usage(
            Usage::VERIFY,
            &[(
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(CryptographicAlgorithm::EC.0),
            )],
        ),
    )
    .await;

    let message = b"an ECDSA key made elsewhere";
    let hsm_signature = sign(&mut stream, &private, None, message).await;
    signature::UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, &point)
        .verify(message, &hsm_signature)
        .expect("ring verifies the HSM's signature with the registered key's public half");
    let soft_signature = software.sign(&SystemRandom::new(), message).unwrap();
    for uid in [&public, &transparent] {
        assert_eq!(
            verify(&mut stream, uid, None, message, soft_signature.as_ref()).await,
            ValidityIndicator::VALID
        );
        assert_eq!(
            verify(&mut stream, uid, None, b"tampered", soft_signature.as_ref()).await,
            ValidityIndicator::INVALID
        );
    }

    let attrs = all_attributes(&mut stream, &public).await;
    assert_eq!(
        digest_of(&attrs),
        Some((Sha256::digest(&spki).to_vec(), KeyFormatType::X_509))
    );
    assert_eq!(
        attrs.get(Tag::CRYPTOGRAPHIC_LENGTH),
        Some(&Value::Integer(256))
    );
    let got = get(&mut stream, V21, &public, Some(KeyFormatType::X_509)).await;
    assert_eq!(material_bytes(key_block(&got)), spki);
    let attrs = all_attributes(&mut stream, &private).await;
    assert_eq!(
        attrs.get(Tag::KEY_FORMAT_TYPE),
        Some(&Value::Enumeration(KeyFormatType::PKCS_8.0))
    );
    assert_eq!(attrs.get(Tag::EXTRACTABLE), Some(&Value::Boolean(true)));
    // No encoder for an EC private key's default format here, so no Digest rather than a guess.
    assert_eq!(digest_of(&attrs), None);

    // Registered readable, the private key comes back: as PKCS#8 (the registered format) and
    // in Transparent form, with the same scalar.
    let original = pkcs8::PrivateKeyInfo::from_der(&pkcs8).unwrap();
    let scalar = sec1::EcPrivateKey::from_der(original.private_key)
        .unwrap()
        .private_key
        .to_vec();
    let got = get(&mut stream, V21, &private, None).await;
    assert_eq!(format_of(key_block(&got)), KeyFormatType::PKCS_8);
    let der = material_bytes(key_block(&got));
    let info = pkcs8::PrivateKeyInfo::from_der(&der).unwrap();
    assert_eq!(info.algorithm, original.algorithm);
    assert_eq!(
        sec1::EcPrivateKey::from_der(info.private_key)
            .unwrap()
            .private_key,
        scalar.as_slice()
    );
    let got = get(
        &mut stream,
        V21,
        &private,
        Some(KeyFormatType::TRANSPARENT_EC_PRIVATE_KEY),
    )
    .await;
    let material = key_block(&got)
        .child(Tag::KEY_VALUE)
        .unwrap()
        .child(Tag::KEY_MATERIAL)
        .unwrap();
    let Some(Value::BigInteger(d)) = material.child(Tag::D).map(|i| &i.value) else {
        panic!("no D")
    };
    assert_eq!(
        d.iter()
            .copied()
            .skip_while(|b| *b == 0)
            .collect::<Vec<_>>(),
        scalar
            .iter()
            .copied()
            .skip_while(|b| *b == 0)
            .collect::<Vec<_>>()
    );
}
