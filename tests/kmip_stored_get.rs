//! Get of objects kept encrypted in the metadata store (secret data, certificates, registered
//! public keys): they come back exactly as registered, unless Sensitive; a served object is no
//! longer Fresh; Always Sensitive and Never Extractable record the key's history. End to end on
//! a real SoftHSM2 token.

mod common;
mod key_helpers;

use common::objects;
use common::{call, connect_admin, start_server};
use hsmgate_kmip::message::payload::get_attributes::{GetAttributesRequest, GetAttributesResponse};
use hsmgate_kmip::message::payload::register::{RegisterRequest, RegisterResponse};
use hsmgate_kmip::message::{Attributes, ProtocolVersion};
use hsmgate_kmip::spec::enums::{
    CryptographicAlgorithm, KeyFormatType, ObjectType, Operation, ResultReason, RngAlgorithm,
    SecretDataType,
};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::*;

async fn register_object(
    stream: &mut Stream,
    version: ProtocolVersion,
    object_type: ObjectType,
    attrs: Attributes,
    object: Item,
) -> String {
    let request = RegisterRequest {
        object_type,
        attributes: attrs,
        object,
        protection_storage_masks: None,
    };
    let r: RegisterResponse = ask(stream, version, &request).await;
    r.unique_identifier
}

async fn attribute(stream: &mut Stream, uid: &str, tag: Tag) -> Option<Value> {
    let request = GetAttributesRequest {
        unique_identifier: Some(uid.to_owned()),
        names: Vec::new(),
    };
    let r: GetAttributesResponse = ask(stream, V21, &request).await;
    r.attributes.get(tag).cloned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secret_data_comes_back_as_registered_and_is_then_not_fresh() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    for version in [V12, V14, V21] {
        let material: Vec<u8> = (0..48u8).map(|b| b.wrapping_mul(29) ^ 0xa5).collect();
        let object = objects::secret_data(SecretDataType::PASSWORD, &material);
        let uid = register_object(
            &mut stream,
            version,
            ObjectType::SECRET_DATA,
            attributes(&[(Tag::FRESH, Value::Boolean(true))]),
            object.clone(),
        )
        .await;
        assert_eq!(
            attribute(&mut stream, &uid, Tag::FRESH).await,
            Some(Value::Boolean(true))
        );
        let got = get(&mut stream, version, &uid, None).await;
        assert_eq!(got.object_type, ObjectType::SECRET_DATA);
        assert_eq!(got.object, object, "{version}");
        assert_eq!(
            attribute(&mut stream, &uid, Tag::FRESH).await,
            Some(Value::Boolean(false))
        );

        // Kept as registered: no other format, and the HSM cannot wrap what it does not hold.
        let other_format = call(
            &mut stream,
            version,
            Operation::GET,
            get_request(&uid, Some(KeyFormatType::RAW), None, version),
        )
        .await;
        failed(&other_format, ResultReason::KEY_FORMAT_TYPE_NOT_SUPPORTED);
    }
    let kek = register(&mut stream, V21, &[9u8; 32], aes(256, Usage::WRAP_KEY, &[])).await;
    let secret = register_object(
        &mut stream,
        V21,
        ObjectType::SECRET_DATA,
        Attributes::new(),
        objects::secret_data(SecretDataType::SEED, &[1u8; 32]),
    )
    .await;
    let wrapped = call(
        &mut stream,
        V21,
        Operation::GET,
        get_request(&secret, None, Some(wrapping_spec(&kek, None)), V21),
    )
    .await;
    failed(&wrapped, ResultReason::FEATURE_NOT_SUPPORTED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificates_and_public_keys_come_back_as_registered() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let pem = std::fs::read_to_string(server.pki.join("client.pem")).unwrap();
    let certificate = Item::structure(
        Tag::CERTIFICATE,
        vec![
            Item::new(Tag::CERTIFICATE_TYPE, Value::Enumeration(1)),
            Item::new(
                Tag::CERTIFICATE_VALUE,
                Value::ByteString(pem.into_bytes().into()),
            ),
        ],
    );
    let uid = register_object(
        &mut stream,
        V21,
        ObjectType::CERTIFICATE,
        Attributes::new(),
        certificate.clone(),
    )
    .await;
    let got = get(&mut stream, V21, &uid, None).await;
    assert_eq!(got.object_type, ObjectType::CERTIFICATE);
    assert_eq!(got.object, certificate);

    let public_key = |sensitive: bool| {
        (
            attributes(&[
                (
                    Tag::CRYPTOGRAPHIC_USAGE_MASK,
                    Value::Integer(Usage::VERIFY.0 as i32),
                ),
                (Tag::SENSITIVE, Value::Boolean(sensitive)),
            ]),
            objects::object(
                Tag::PUBLIC_KEY,
                objects::key_block(
                    KeyFormatType::PKCS_1,
                    Value::ByteString(rsa_2048_public_key().into()),
                    objects::algorithm_fields(CryptographicAlgorithm::RSA, 2048),
                ),
            ),
        )
    };
    // A public key is not secret: marked Sensitive or not, it comes back as registered (the
    // Sensitive attribute protects secret and private key material).
    let (attrs, object) = public_key(true);
    let sensitive = register_object(
        &mut stream,
        V21,
        ObjectType::PUBLIC_KEY,
        attrs,
        object.clone(),
    )
    .await;
    let got = get(&mut stream, V21, &sensitive, Some(KeyFormatType::PKCS_1)).await;
    assert_eq!(got.object, object);

    let (attrs, object) = public_key(false);
    let open = register_object(
        &mut stream,
        V21,
        ObjectType::PUBLIC_KEY,
        attrs,
        object.clone(),
    )
    .await;
    let got = get(&mut stream, V21, &open, Some(KeyFormatType::PKCS_1)).await;
    assert_eq!(got.object, object);
    assert_eq!(
        attribute(&mut stream, &open, Tag::ALWAYS_SENSITIVE).await,
        Some(Value::Boolean(false))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn created_keys_record_that_they_never_left_the_hsm() {
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let sealed = create_aes(&mut stream, aes(128, Usage::ENCRYPT, &[])).await;
    assert_eq!(
        attribute(&mut stream, &sealed, Tag::ALWAYS_SENSITIVE).await,
        Some(Value::Boolean(true))
    );
    assert_eq!(
        attribute(&mut stream, &sealed, Tag::NEVER_EXTRACTABLE).await,
        Some(Value::Boolean(true))
    );
    // Its bits came from the HSM's RNG, whose algorithm PKCS#11 does not tell.
    assert_eq!(
        attribute(&mut stream, &sealed, Tag::RANDOM_NUMBER_GENERATOR).await,
        Some(Value::Structure(vec![Item::new(
            Tag::RNG_ALGORITHM,
            Value::Enumeration(RngAlgorithm::UNSPECIFIED.0),
        )]))
    );
    let wrappable = create_aes(
        &mut stream,
        aes(
            128,
            Usage::ENCRYPT,
            &[(Tag::EXTRACTABLE, Value::Boolean(true))],
        ),
    )
    .await;
    assert_eq!(
        attribute(&mut stream, &wrappable, Tag::NEVER_EXTRACTABLE).await,
        Some(Value::Boolean(false))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registered_certificate_has_its_subject_and_length_as_attributes() {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    let server = start_server().await;
    let mut stream = connect_admin(&server).await;
    let der = CertificateDer::from_pem_file(server.pki.join("client.pem"))
        .unwrap()
        .to_vec();
    let certificate = Item::structure(
        Tag::CERTIFICATE,
        vec![
            Item::new(Tag::CERTIFICATE_TYPE, Value::Enumeration(1)),
            Item::new(
                Tag::CERTIFICATE_VALUE,
                Value::ByteString(der.clone().into()),
            ),
        ],
    );
    let uid = register_object(
        &mut stream,
        V21,
        ObjectType::CERTIFICATE,
        Attributes::new(),
        certificate,
    )
    .await;
    assert_eq!(
        attribute(&mut stream, &uid, Tag::CERTIFICATE_LENGTH).await,
        Some(Value::Integer(der.len() as i32))
    );
    // The dev PKI's client certificate: the admin's CN, issued by the dev CA.
    let subject = attribute(&mut stream, &uid, Tag::CERTIFICATE_SUBJECT_CN).await;
    let issuer = attribute(&mut stream, &uid, Tag::CERTIFICATE_ISSUER_CN).await;
    assert_eq!(
        subject,
        Some(Value::TextString(hsmgate::init::DEV_ADMIN_CN.into()))
    );
    assert!(matches!(&issuer, Some(Value::TextString(_))), "{issuer:?}");
    assert_ne!(subject, issuer);

    // Derived from the certificate, so read-only.
    let mut attributes = Attributes::new();
    attributes.push(
        hsmgate_kmip::message::AttributeName::Tagged(Tag::CERTIFICATE_LENGTH),
        Value::Integer(123),
    );
    let modify = Item::structure(
        Tag::REQUEST_PAYLOAD,
        vec![
            Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString(uid.clone())),
            attributes.to_v2(Tag::NEW_ATTRIBUTE).unwrap(),
        ],
    );
    let refused = call(&mut stream, V21, Operation::MODIFY_ATTRIBUTE, modify).await;
    failed(&refused, ResultReason::ATTRIBUTE_READ_ONLY);
}

/// A real RSA-2048 public key (PKCS#1 DER): the one the OASIS test case BL-M-6-21 registers.
fn rsa_2048_public_key() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/kmip-vectors/kmip-profiles-v2.1/mandatory/BL-M-6-21.xml"
    );
    let xml = std::fs::read_to_string(path).unwrap();
    let marker = "<KeyMaterial type=\"ByteString\" value=\"";
    let start = xml.find(marker).unwrap() + marker.len();
    let end = start + xml[start..].find('"').unwrap();
    hex::decode(&xml[start..end]).unwrap()
}
