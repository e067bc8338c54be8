//! What the attributes of registered RSA keys and created key pairs say, end to end on a real
//! SoftHSM2 token: Digest (SHA-256 of the key in PKCS#1, KMIP's default format for RSA),
//! Key Format Type, Sensitive and Extractable (and the HSM honouring them), refusals of key
//! material that does not fit, and the Process Start / Protect Stop dates.

mod common;
mod key_helpers;
mod rsa_helpers;

use bytes::Bytes;
use common::{call, call_v21, connect_admin, start_server};
use hsmgate_kmip::message::payload::create_key_pair::{
    CreateKeyPairRequest, CreateKeyPairResponse,
};
use hsmgate_kmip::message::payload::decrypt::DecryptRequest;
use hsmgate_kmip::message::payload::encrypt::EncryptRequest;
use hsmgate_kmip::message::payload::get::GetResponse;
use hsmgate_kmip::spec::enums::{
    CryptographicAlgorithm, KeyFormatType, ObjectType, Operation, RecommendedCurve, ResultReason,
    ResultStatus, ValidityIndicator,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Tag, Value};
use key_helpers::*;
use pkcs1::der::Decode;
use rsa_helpers::*;
use sha2::{Digest, Sha256};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registered_keys_describe_themselves() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let key = test_key();
    let (private, public) = register_test_pair(&mut stream, &key, Usage::SIGN, Usage::VERIFY).await;

    let attrs = all_attributes(&mut stream, &private).await;
    assert_eq!(
        digest_of(&attrs),
        Some((
            Sha256::digest(&key.pkcs1_private).to_vec(),
            KeyFormatType::PKCS_1
        ))
    );
    assert_eq!(
        attrs.get(Tag::KEY_FORMAT_TYPE),
        Some(&Value::Enumeration(KeyFormatType::PKCS_8.0))
    );
    assert_eq!(
        attrs.get(Tag::CRYPTOGRAPHIC_LENGTH),
        Some(&Value::Integer(2048))
    );
    // Registered material was known outside the HSM: by default it may leave again.
    assert_eq!(attrs.get(Tag::SENSITIVE), Some(&Value::Boolean(false)));
    assert_eq!(attrs.get(Tag::EXTRACTABLE), Some(&Value::Boolean(true)));

    let attrs = all_attributes(&mut stream, &public).await;
    assert_eq!(
        digest_of(&attrs),
        Some((
            Sha256::digest(&key.pkcs1_public).to_vec(),
            KeyFormatType::PKCS_1
        ))
    );
    assert_eq!(
        attrs.get(Tag::CRYPTOGRAPHIC_ALGORITHM),
        Some(&Value::Enumeration(CryptographicAlgorithm::RSA.0))
    );

    // The public key comes back from the HSM as registered.
    let got = get(&mut stream, V21, &public, Some(KeyFormatType::PKCS_1)).await;
    assert_eq!(material_bytes(key_block(&got)), key.pkcs1_public);

    // Registered readable, the private key comes back in plaintext: by default in the format it
    // was registered in, else as asked.
    let got = get(&mut stream, V21, &private, None).await;
    assert_eq!(format_of(key_block(&got)), KeyFormatType::PKCS_8);
    assert_eq!(material_bytes(key_block(&got)), key.pkcs8);
    let got = get(&mut stream, V21, &private, Some(KeyFormatType::PKCS_1)).await;
    assert_eq!(material_bytes(key_block(&got)), key.pkcs1_private);
    let got = get(
        &mut stream,
        V21,
        &private,
        Some(KeyFormatType::TRANSPARENT_RSA_PRIVATE_KEY),
    )
    .await;
    let parsed = pkcs1::RsaPrivateKey::from_der(&key.pkcs1_private).unwrap();
    let material = key_block(&got)
        .child(Tag::KEY_VALUE)
        .unwrap()
        .child(Tag::KEY_MATERIAL)
        .unwrap();
    let Some(Value::BigInteger(d)) = material.child(Tag::PRIVATE_EXPONENT).map(|i| &i.value) else {
        panic!("no Private Exponent")
    };
    assert_eq!(
        d.iter()
            .copied()
            .skip_while(|b| *b == 0)
            .collect::<Vec<_>>(),
        parsed.private_exponent.as_bytes()
    );

    // The private key leaves wrapped too, as PKCS#8 holding the registered PKCS#1 key.
    let kek_bytes = [0x5au8; 32];
    let kek = register(&mut stream, V21, &kek_bytes, aes(256, Usage::WRAP_KEY, &[])).await;
    activate(&mut stream, V21, &kek).await;
    let wrapped: GetResponse = ok(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&private, None, Some(wrapping_spec(&kek, None)), V21),
    )
    .await;
    let Value::ByteString(data) = &key_block(&wrapped).child(Tag::KEY_VALUE).unwrap().value else {
        panic!("not wrapped bytes")
    };
    let pkcs8 = aes_kw::KekAes256::from(kek_bytes)
        .unwrap_with_padding_vec(data)
        .unwrap();
    // SoftHSM2 2.6 pads its PKCS#8 output with zero bytes after the DER structure.
    let der_len = 4 + usize::from(u16::from_be_bytes([pkcs8[2], pkcs8[3]]));
    let info = pkcs8::PrivateKeyInfo::from_der(&pkcs8[..der_len]).unwrap();
    assert_eq!(info.private_key, key.pkcs1_private.as_slice());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sensitive_registered_key_stays_in_the_hsm() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let key = test_key();
    let private = register_key(
        &mut stream,
        ObjectType::PRIVATE_KEY,
        KeyFormatType::PKCS_1,
        bytes(&key.pkcs1_private),
        usage(Usage::SIGN, &[(Tag::EXTRACTABLE, Value::Boolean(false))]),
    )
    .await;
    let attrs = all_attributes(&mut stream, &private).await;
    assert_eq!(attrs.get(Tag::SENSITIVE), Some(&Value::Boolean(true)));
    assert_eq!(attrs.get(Tag::EXTRACTABLE), Some(&Value::Boolean(false)));
    let kek = register(
        &mut stream,
        V21,
        &[0x11; 32],
        aes(256, Usage::WRAP_KEY, &[]),
    )
    .await;
    activate(&mut stream, V21, &kek).await;
    let refused = call(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&private, None, Some(wrapping_spec(&kek, None)), V21),
    )
    .await;
    failed(&refused, ResultReason::NOT_EXTRACTABLE);
    let refused = call(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&private, None, None, V21),
    )
    .await;
    failed(&refused, ResultReason::NOT_EXTRACTABLE);
    // Sensitive but extractable: only wrapped.
    let wrappable = register_key(
        &mut stream,
        ObjectType::PRIVATE_KEY,
        KeyFormatType::PKCS_1,
        bytes(&key.pkcs1_private),
        usage(Usage::SIGN, &[(Tag::SENSITIVE, Value::Boolean(true))]),
    )
    .await;
    let refused = call(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&wrappable, None, None, V21),
    )
    .await;
    failed(&refused, ResultReason::SENSITIVE);
    let wrapped = call(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&wrappable, None, Some(wrapping_spec(&kek, None)), V21),
    )
    .await;
    assert_eq!(wrapped.result_status, ResultStatus::SUCCESS);
    // Still usable.
    assert_eq!(sign(&mut stream, &private, None, b"m").await.len(), 256);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_material_that_does_not_fit_is_refused() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let key = test_key();
    let cases = [
        // The attributes say 1024 bits; the modulus has 2048.
        (
            ObjectType::PUBLIC_KEY,
            KeyFormatType::PKCS_1,
            bytes(&key.pkcs1_public),
            usage(
                Usage::VERIFY,
                &[(Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(1024))],
            ),
        ),
        // The attributes say AES.
        (
            ObjectType::PUBLIC_KEY,
            KeyFormatType::PKCS_1,
            bytes(&key.pkcs1_public),
            usage(
                Usage::VERIFY,
                &[(
                    Tag::CRYPTOGRAPHIC_ALGORITHM,
                    Value::Enumeration(CryptographicAlgorithm::AES.0),
                )],
            ),
        ),
        // Truncated DER.
        (
            ObjectType::PRIVATE_KEY,
            KeyFormatType::PKCS_1,
            bytes(&key.pkcs1_private[..100]),
            usage(Usage::SIGN, &[]),
        ),
        // A private key in a public key's format.
        (
            ObjectType::PRIVATE_KEY,
            KeyFormatType::X_509,
            bytes(&key.pkcs1_private),
            usage(Usage::SIGN, &[]),
        ),
    ];
    for (object_type, format, material, attrs) in cases {
        let request = register_request(
            object_type,
            key_object(object_type, format, material),
            attrs,
        );
        let answer = call(&mut stream, V21, Operation::REGISTER, request).await;
        failed(&answer, ResultReason::INVALID_FIELD);
    }
}

/// Registers the test key's halves (the private key in PKCS#1), both with these dates;
/// (private, public).
async fn register_pair(
    stream: &mut Stream,
    key: &TestKey,
    dates: Vec<(Tag, Value)>,
) -> (String, String) {
    let masks = (
        Usage(Usage::SIGN.0 | Usage::DECRYPT.0),
        Usage(Usage::VERIFY.0 | Usage::ENCRYPT.0),
    );
    register_test_pair_as(stream, key, KeyFormatType::PKCS_1, masks, &dates).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_start_and_protect_stop_dates_bound_each_side() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let key = test_key();
    let now = now();
    // Protection stopped an hour ago: no signing or encrypting; verifying still works.
    let (private, public) = register_pair(
        &mut stream,
        &key,
        vec![(Tag::PROTECT_STOP_DATE, Value::DateTime(now - 3600))],
    )
    .await;
    let refused = call(
        &mut stream,
        V21,
        Operation::SIGN,
        sign_request(&private, None, b"m", None),
    )
    .await;
    failed(&refused, ResultReason::WRONG_KEY_LIFECYCLE_STATE);
    let encrypt = EncryptRequest {
        unique_identifier: Some(public.clone()),
        cryptographic_parameters: Some(oaep_sha1()),
        data: Some(Bytes::from_static(b"m")),
        ..EncryptRequest::default()
    };
    let refused = call_v21(&mut stream, Operation::ENCRYPT, &encrypt).await;
    failed(&refused, ResultReason::WRONG_KEY_LIFECYCLE_STATE);
    let (signer, _) = register_pair(&mut stream, &key, vec![]).await;
    let signature = sign(&mut stream, &signer, None, b"m").await;
    assert_eq!(
        verify(&mut stream, &public, None, b"m", &signature).await,
        ValidityIndicator::VALID
    );

    // Processing starts in an hour: no verifying or decrypting yet; signing works.
    let (private, public) = register_pair(
        &mut stream,
        &key,
        vec![(Tag::PROCESS_START_DATE, Value::DateTime(now + 3600))],
    )
    .await;
    let refused = call(
        &mut stream,
        V21,
        Operation::SIGNATURE_VERIFY,
        sign_request(&public, None, b"m", Some(&signature)),
    )
    .await;
    failed(&refused, ResultReason::WRONG_KEY_LIFECYCLE_STATE);
    let decrypt = DecryptRequest {
        unique_identifier: Some(private.clone()),
        cryptographic_parameters: Some(oaep_sha1()),
        data: Some(Bytes::from(vec![0u8; 256])),
        ..DecryptRequest::default()
    };
    let refused = call_v21(&mut stream, Operation::DECRYPT, &decrypt).await;
    failed(&refused, ResultReason::WRONG_KEY_LIFECYCLE_STATE);
    assert_eq!(sign(&mut stream, &private, None, b"m").await, signature);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn created_pairs_carry_key_format_types_and_a_public_key_digest() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let rsa: CreateKeyPairResponse = create_rsa_pair(&mut stream, V21, false).await;
    let ec_request = CreateKeyPairRequest {
        common_attributes: Some(attributes(&[
            (
                Tag::CRYPTOGRAPHIC_ALGORITHM,
                Value::Enumeration(CryptographicAlgorithm::EC.0),
            ),
            (
                Tag::RECOMMENDED_CURVE,
                Value::Enumeration(RecommendedCurve::P_256.0),
            ),
        ])),
        ..CreateKeyPairRequest::default()
    };
    let ec: CreateKeyPairResponse = ask(&mut stream, V21, &ec_request).await;
    for (pair, private_format, public_format) in [
        (rsa, KeyFormatType::PKCS_1, KeyFormatType::PKCS_1),
        (ec, KeyFormatType::PKCS_8, KeyFormatType::X_509),
    ] {
        let public = &pair.public_key_unique_identifier;
        let attrs = all_attributes(&mut stream, public).await;
        assert_eq!(
            attrs.get(Tag::KEY_FORMAT_TYPE),
            Some(&Value::Enumeration(public_format.0))
        );
        let exported = get(&mut stream, V21, public, Some(public_format)).await;
        let encoded = material_bytes(key_block(&exported));
        assert_eq!(
            digest_of(&attrs),
            Some((Sha256::digest(&encoded).to_vec(), public_format))
        );
        // The private half never left the HSM, so the server has no digest of it.
        let attrs = all_attributes(&mut stream, &pair.private_key_unique_identifier).await;
        assert_eq!(digest_of(&attrs), None);
        assert_eq!(
            attrs.get(Tag::KEY_FORMAT_TYPE),
            Some(&Value::Enumeration(private_format.0))
        );
    }
}
