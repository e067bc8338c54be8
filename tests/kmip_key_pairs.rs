//! Key pairs over KMIP, end to end on a real SoftHSM2 token: Create Key Pair (RSA, EC) with
//! linked halves, Sign and Signature Verify checked against a software implementation (ring),
//! public keys in PKCS#1, SPKI and Transparent form, the private key only wrapped (PKCS#8),
//! RSA Encrypt/Decrypt, and the Veeam sequence in KMIP 1.4.

mod common;
mod key_helpers;

use bytes::Bytes;
use common::{call, call_v21, connect_admin, start_server};
use hsmgate_kmip::message::payload::create_key_pair::{
    CreateKeyPairRequest, CreateKeyPairResponse,
};
use hsmgate_kmip::message::payload::encrypt::EncryptRequest;
use hsmgate_kmip::message::payload::get::GetResponse;
use hsmgate_kmip::message::payload::get_attributes::{GetAttributesRequest, GetAttributesResponse};
use hsmgate_kmip::message::payload::{CryptographicParameters, Payload};
use hsmgate_kmip::spec::enums::{
    CryptographicAlgorithm, KeyFormatType, LinkType, ObjectType, Operation, PaddingMethod,
    RecommendedCurve, ResultReason, ResultStatus, ValidityIndicator,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::*;
use ring::signature::{self, UnparsedPublicKey};
use x509_parser::prelude::FromDer;
use x509_parser::public_key::PublicKey as ParsedKey;
use x509_parser::x509::SubjectPublicKeyInfo;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_rsa_pair_signs_in_the_hsm_and_its_public_key_verifies_in_software() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let pair: CreateKeyPairResponse = create_rsa_pair(&mut stream, V21, true).await;
    let (private, public) = (
        pair.private_key_unique_identifier,
        pair.public_key_unique_identifier,
    );

    // Linked both ways.
    let attrs = |uid: &str| {
        GetAttributesRequest {
            unique_identifier: Some(uid.into()),
            names: vec![],
        }
        .to_item(V21)
        .unwrap()
    };
    let private_attrs: GetAttributesResponse =
        ok(&mut stream, V21, Operation::GET_ATTRIBUTES, attrs(&private)).await;
    let public_attrs: GetAttributesResponse =
        ok(&mut stream, V21, Operation::GET_ATTRIBUTES, attrs(&public)).await;
    assert_eq!(
        linked(&private_attrs.attributes, LinkType::PUBLIC_KEY_LINK),
        Some(public.clone())
    );
    assert_eq!(
        linked(&public_attrs.attributes, LinkType::PRIVATE_KEY_LINK),
        Some(private.clone())
    );
    assert_eq!(
        public_attrs.attributes.get(Tag::OBJECT_TYPE),
        Some(&Value::Enumeration(ObjectType::PUBLIC_KEY.0))
    );
    assert_eq!(
        private_attrs.attributes.get(Tag::CRYPTOGRAPHIC_LENGTH),
        Some(&Value::Integer(2048))
    );

    // A Pre-Active key does not sign.
    let refused = call(
        &mut stream,
        V21,
        Operation::SIGN,
        sign_request(&private, None, b"m", None),
    )
    .await;
    failed(&refused, ResultReason::WRONG_KEY_LIFECYCLE_STATE);
    activate(&mut stream, V21, &private).await;
    activate(&mut stream, V21, &public).await;

    let message = b"signed inside the HSM, verified outside";
    let pkcs1_signature = sign(&mut stream, &private, None, message).await;
    assert_eq!(pkcs1_signature.len(), 256);
    let pss = CryptographicParameters {
        padding_method: Some(PaddingMethod::PSS),
        hashing_algorithm: Some(hsmgate_kmip::spec::enums::HashingAlgorithm::SHA_256),
        ..CryptographicParameters::default()
    };
    let pss_signature = sign(&mut stream, &private, Some(pss.clone()), message).await;

    // PKCS#1 RSAPublicKey.
    let pkcs1 = get(&mut stream, V21, &public, Some(KeyFormatType::PKCS_1)).await;
    let block = key_block(&pkcs1);
    assert_eq!(format_of(block), KeyFormatType::PKCS_1);
    let rsa_public_key = material_bytes(block);
    UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, &rsa_public_key)
        .verify(message, &pkcs1_signature)
        .expect("PKCS#1 v1.5 signature verifies with the exported PKCS#1 key");
    UnparsedPublicKey::new(&signature::RSA_PSS_2048_8192_SHA256, &rsa_public_key)
        .verify(message, &pss_signature)
        .expect("PSS signature verifies");
    assert!(
        UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, &rsa_public_key)
            .verify(b"another message", &pkcs1_signature)
            .is_err()
    );

    // X.509 SubjectPublicKeyInfo of the same key.
    let spki = get(&mut stream, V21, &public, Some(KeyFormatType::X_509)).await;
    let spki_der = material_bytes(key_block(&spki));
    let (rest, parsed) = SubjectPublicKeyInfo::from_der(&spki_der).unwrap();
    assert!(rest.is_empty());
    assert_eq!(
        parsed.algorithm.algorithm.to_id_string(),
        "1.2.840.113549.1.1.1"
    );
    let ParsedKey::RSA(rsa) = parsed.parsed().unwrap() else {
        panic!("not an RSA key")
    };
    assert_eq!(rsa.key_size(), 2048);
    UnparsedPublicKey::new(
        &signature::RSA_PKCS1_2048_8192_SHA256,
        parsed.subject_public_key.data.as_ref(),
    )
    .verify(message, &pkcs1_signature)
    .expect("verifies with the key from the SPKI");

    // Transparent: the same modulus.
    let transparent = get(
        &mut stream,
        V21,
        &public,
        Some(KeyFormatType::TRANSPARENT_RSA_PUBLIC_KEY),
    )
    .await;
    let material = key_block(&transparent)
        .child(Tag::KEY_VALUE)
        .unwrap()
        .child(Tag::KEY_MATERIAL)
        .unwrap();
    let Some(Value::BigInteger(modulus)) = material.child(Tag::MODULUS).map(|m| &m.value) else {
        panic!("no Modulus")
    };
    let trimmed: Vec<u8> = modulus.iter().copied().skip_while(|b| *b == 0).collect();
    assert_eq!(
        trimmed.as_slice(),
        rsa.modulus
            .iter()
            .copied()
            .skip_while(|b| *b == 0)
            .collect::<Vec<_>>()
            .as_slice()
    );

    // The server verifies too, and says Invalid for a tampered message.
    assert_eq!(
        verify(&mut stream, &public, None, message, &pkcs1_signature).await,
        ValidityIndicator::VALID
    );
    assert_eq!(
        verify(&mut stream, &public, Some(pss), message, &pss_signature).await,
        ValidityIndicator::VALID
    );
    assert_eq!(
        verify(&mut stream, &public, None, b"tampered", &pkcs1_signature).await,
        ValidityIndicator::INVALID
    );

    // The private key leaves only wrapped: PKCS#8 under AES-KWP, usable in software.
    let refused = call(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&private, None, None, V21),
    )
    .await;
    failed(&refused, ResultReason::SENSITIVE);
    let kek_bytes = [0x3cu8; 32];
    let kek = register(&mut stream, V21, &kek_bytes, aes(256, Usage::WRAP_KEY, &[])).await;
    activate(&mut stream, V21, &kek).await;
    let wrapped: GetResponse = ok(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&private, None, Some(wrapping_spec(&kek, None)), V21),
    )
    .await;
    let block = key_block(&wrapped);
    assert_eq!(wrapped.object_type, ObjectType::PRIVATE_KEY);
    assert_eq!(format_of(block), KeyFormatType::PKCS_8);
    let Value::ByteString(data) = &block.child(Tag::KEY_VALUE).unwrap().value else {
        panic!()
    };
    let pkcs8 = aes_kw::KekAes256::from(kek_bytes)
        .unwrap_with_padding_vec(data)
        .unwrap();
    // SoftHSM2 2.6 serialises PKCS#8 with trailing zero bytes after the DER structure; they
    // are inside what it wrapped, so the gateway cannot (and does not) trim them.
    assert_eq!(&pkcs8[..2], &[0x30, 0x82]);
    let der_len = 4 + usize::from(u16::from_be_bytes([pkcs8[2], pkcs8[3]]));
    assert!(pkcs8[der_len..].iter().all(|b| *b == 0));
    let software =
        ring::rsa::KeyPair::from_pkcs8(&pkcs8[..der_len]).expect("a PKCS#8 RSA private key");
    let mut soft_signature = vec![0u8; software.public().modulus_len()];
    software
        .sign(
            &signature::RSA_PKCS1_SHA256,
            &ring::rand::SystemRandom::new(),
            message,
            &mut soft_signature,
        )
        .unwrap();
    // PKCS#1 v1.5 is deterministic: the same key gives the same signature.
    assert_eq!(soft_signature, pkcs1_signature);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ec_pair_signs_ecdsa_that_software_verifies() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let request = CreateKeyPairRequest {
        common_attributes: Some(attributes(&[
            (
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(CryptographicAlgorithm::EC.0),
            ),
            (
                Tag::RECOMMENDED_CURVE,
                Value::Enumeration(RecommendedCurve::P_256.0),
            ),
            (Tag::ACTIVATION_DATE, Value::DateTime(1)),
        ])),
        ..CreateKeyPairRequest::default()
    };
    let pair: CreateKeyPairResponse = ask(&mut stream, V21, &request).await;
    let message = b"ecdsa over p-256";
    let signature_bytes = sign(
        &mut stream,
        &pair.private_key_unique_identifier,
        None,
        message,
    )
    .await;
    assert_eq!(signature_bytes.len(), 64);
    let spki = get(&mut stream, V21, &pair.public_key_unique_identifier, None).await;
    let block = key_block(&spki);
    assert_eq!(format_of(block), KeyFormatType::X_509);
    let der = material_bytes(block);
    let (_, parsed) = SubjectPublicKeyInfo::from_der(&der).unwrap();
    assert_eq!(
        parsed.algorithm.algorithm.to_id_string(),
        "1.2.840.10045.2.1"
    );
    UnparsedPublicKey::new(
        &signature::ECDSA_P256_SHA256_FIXED,
        parsed.subject_public_key.data.as_ref(),
    )
    .verify(message, &signature_bytes)
    .expect("ECDSA signature verifies in software");
    let transparent = get(
        &mut stream,
        V21,
        &pair.public_key_unique_identifier,
        Some(KeyFormatType::TRANSPARENT_EC_PUBLIC_KEY),
    )
    .await;
    let material = key_block(&transparent)
        .child(Tag::KEY_VALUE)
        .unwrap()
        .child(Tag::KEY_MATERIAL)
        .unwrap();
    assert_eq!(
        material.child(Tag::Q_STRING).map(|q| &q.value),
        Some(&Value::ByteString(
            parsed.subject_public_key.data.to_vec().into()
        ))
    );

    // Destroying the public key leaves the private key able to sign.
    let destroy = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![Item::new(
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(pair.public_key_unique_identifier.clone()),
        )],
    );
    let revoke = hsmgate_kmip::message::payload::revoke::RevokeRequest {
        unique_identifier: Some(pair.public_key_unique_identifier.clone()),
        revocation_reason: hsmgate_kmip::message::payload::revoke::RevocationReason {
            code: hsmgate_kmip::spec::enums::RevocationReasonCode::CESSATION_OF_OPERATION,
            message: None,
        },
        compromise_occurrence_date: None,
    };
    let revoked = call_v21(&mut stream, Operation::REVOKE, &revoke).await;
    assert_eq!(
        revoked.result_status,
        ResultStatus::SUCCESS,
        "{:?}",
        revoked.result_message
    );
    let destroyed = call(&mut stream, V21, Operation::DESTROY, destroy).await;
    assert_eq!(
        destroyed.result_status,
        ResultStatus::SUCCESS,
        "{:?}",
        destroyed.result_message
    );
    let again = sign(
        &mut stream,
        &pair.private_key_unique_identifier,
        None,
        message,
    )
    .await;
    UnparsedPublicKey::new(
        &signature::ECDSA_P256_SHA256_FIXED,
        parsed.subject_public_key.data.as_ref(),
    )
    .verify(message, &again)
    .unwrap();
    let gone = call(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&pair.public_key_unique_identifier, None, None, V21),
    )
    .await;
    // KMIP 2.x names the case Object Destroyed (1.x: Key Value Not Present).
    failed(&gone, ResultReason::OBJECT_DESTROYED);
}

/// What Veeam Backup & Replication does against a KMIP server (KMIP 1.4): Create Key Pair
/// RSA-2048, Activate both, Get the public and the private key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_veeam_sequence_in_kmip_1_4() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let pair: CreateKeyPairResponse = create_rsa_pair(&mut stream, V14, false).await;
    activate(&mut stream, V14, &pair.private_key_unique_identifier).await;
    activate(&mut stream, V14, &pair.public_key_unique_identifier).await;
    let public = get(&mut stream, V14, &pair.public_key_unique_identifier, None).await;
    assert_eq!(public.object_type, ObjectType::PUBLIC_KEY);
    let block = key_block(&public);
    assert_eq!(format_of(block), KeyFormatType::PKCS_1);
    let signed = {
        let item = call(
            &mut stream,
            V14,
            Operation::SIGN,
            sign_request(&pair.private_key_unique_identifier, None, b"veeam", None),
        )
        .await;
        assert_eq!(
            item.result_status,
            ResultStatus::SUCCESS,
            "{:?}",
            item.result_message
        );
        match &item
            .payload
            .unwrap()
            .child(Tag::SIGNATURE_DATA)
            .unwrap()
            .value
        {
            Value::ByteString(b) => b.to_vec(),
            other => panic!("{other:?}"),
        }
    };
    UnparsedPublicKey::new(
        &signature::RSA_PKCS1_2048_8192_SHA256,
        material_bytes(block),
    )
    .verify(b"veeam", &signed)
    .unwrap();
    // Both halves' attributes read back in 1.4, links included.
    for (uid, link, other) in [
        (
            &pair.private_key_unique_identifier,
            LinkType::PUBLIC_KEY_LINK,
            &pair.public_key_unique_identifier,
        ),
        (
            &pair.public_key_unique_identifier,
            LinkType::PRIVATE_KEY_LINK,
            &pair.private_key_unique_identifier,
        ),
    ] {
        let request = GetAttributesRequest {
            unique_identifier: Some(uid.clone()),
            names: vec![],
        };
        let seen: GetAttributesResponse = ask(&mut stream, V14, &request).await;
        assert_eq!(linked(&seen.attributes, link).as_ref(), Some(other));
        assert_eq!(
            seen.attributes.get(Tag::CRYPTOGRAPHIC_ALGORITHM),
            Some(&Value::Enumeration(CryptographicAlgorithm::RSA.0))
        );
    }
    // The private key was generated non-extractable: the answer says so, and names the reason.
    let private = call(
        &mut stream,
        V14,
        Operation::GET,
        get_request(&pair.private_key_unique_identifier, None, None, V14),
    )
    .await;
    failed(&private, ResultReason::NOT_EXTRACTABLE);
    assert!(private.result_message.unwrap().contains("non-extractable"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rsa_encrypts_with_the_public_key_and_decrypts_with_the_private_key() {
    use hsmgate_kmip::message::payload::decrypt::{DecryptRequest, DecryptResponse};
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    // No usage masks given: the halves get what an RSA key can do (encrypt/decrypt included).
    let request = CreateKeyPairRequest {
        common_attributes: Some(attributes(&[
            (
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(CryptographicAlgorithm::RSA.0),
            ),
            (Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(2048)),
            (Tag::ACTIVATION_DATE, Value::DateTime(1)),
        ])),
        ..CreateKeyPairRequest::default()
    };
    let pair: CreateKeyPairResponse = ask(&mut stream, V21, &request).await;
    let plaintext = b"a data key, say";
    for padding in [PaddingMethod::OAEP, PaddingMethod::PKCS1_V1_5] {
        let parameters = Some(CryptographicParameters {
            padding_method: Some(padding),
            ..CryptographicParameters::default()
        });
        let encrypt = EncryptRequest {
            unique_identifier: Some(pair.public_key_unique_identifier.clone()),
            cryptographic_parameters: parameters.clone(),
            data: Some(Bytes::from_static(plaintext)),
            ..EncryptRequest::default()
        };
        let first = encrypt_v21(&mut stream, encrypt.clone()).await;
        let second = encrypt_v21(&mut stream, encrypt).await;
        let ciphertext = first.data.unwrap();
        assert_eq!(ciphertext.len(), 256);
        assert_ne!(
            ciphertext,
            second.data.unwrap(),
            "RSA padding is randomised"
        );
        let decrypt = |uid: &str, data: Bytes| DecryptRequest {
            unique_identifier: Some(uid.into()),
            cryptographic_parameters: parameters.clone(),
            data: Some(data),
            ..DecryptRequest::default()
        };
        let opened: DecryptResponse = ok(
            &mut stream,
            V21,
            Operation::DECRYPT,
            decrypt(&pair.private_key_unique_identifier, ciphertext.clone())
                .to_item(V21)
                .unwrap(),
        )
        .await;
        assert_eq!(opened.data.unwrap().as_ref(), plaintext);
        // The public key does not decrypt (its usage mask has no Decrypt).
        let refused = call(
            &mut stream,
            V21,
            Operation::DECRYPT,
            decrypt(&pair.public_key_unique_identifier, ciphertext.clone())
                .to_item(V21)
                .unwrap(),
        )
        .await;
        failed(
            &refused,
            ResultReason::INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK,
        );
        // A damaged ciphertext is a cryptographic failure.
        let mut damaged = ciphertext.to_vec();
        damaged[100] ^= 0x01;
        let refused = call(
            &mut stream,
            V21,
            Operation::DECRYPT,
            decrypt(&pair.private_key_unique_identifier, damaged.into())
                .to_item(V21)
                .unwrap(),
        )
        .await;
        failed(&refused, ResultReason::CRYPTOGRAPHIC_FAILURE);
    }
}
