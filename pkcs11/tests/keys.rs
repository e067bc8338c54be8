//! Key generation, lookup, attributes, destruction and import on a real SoftHSM2 token.

mod common;

use hsmgate_pkcs11::{
    AesKeySize, EcCurve, ErrorKind, KeyClass, KeyKind, KeyOptions, PublicKey, WrapMechanism,
};
use zeroize::Zeroizing;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generates_aes_keys_of_every_size_as_sensitive_token_objects() {
    let (b, _t, _d) = common::backend("keys-aes", 2).await;
    for (id, size) in [
        ("aes128", AesKeySize::Aes128),
        ("aes192", AesKeySize::Aes192),
        ("aes256", AesKeySize::Aes256),
    ] {
        b.generate_aes(id, size, KeyOptions::default())
            .await
            .unwrap();
        let info = b.key_info(id, KeyClass::Secret).await.unwrap();
        assert_eq!(info.kind, KeyKind::Aes);
        assert_eq!(info.bits, Some(size.bytes() as u32 * 8));
        assert_eq!(info.label, id);
        assert_eq!(info.id, id.as_bytes());
        assert_eq!(info.sensitive, Some(true));
        assert_eq!(info.extractable, Some(false));
    }
    let err = b
        .generate_aes("aes128", AesKeySize::Aes128, KeyOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generates_rsa_and_ec_pairs_with_readable_public_halves() {
    let (b, _t, _d) = common::backend("keys-pairs", 2).await;
    for bits in [2048u32, 3072, 4096] {
        let id = format!("rsa{bits}");
        b.generate_rsa(&id, bits, KeyOptions::default())
            .await
            .unwrap();
        let public = b.key_info(&id, KeyClass::Public).await.unwrap();
        assert_eq!(public.bits, Some(bits));
        match public.public_key {
            Some(PublicKey::Rsa {
                modulus,
                public_exponent,
            }) => {
                assert_eq!(modulus.len() * 8, bits as usize);
                assert_eq!(public_exponent, vec![1, 0, 1]);
            }
            other => panic!("unexpected public key {other:?}"),
        }
        let private = b.key_info(&id, KeyClass::Private).await.unwrap();
        assert_eq!(private.sensitive, Some(true));
        assert!(private.public_key.is_none());
    }
    for (id, curve, point_len) in [("p256", EcCurve::P256, 65), ("p384", EcCurve::P384, 97)] {
        b.generate_ec(id, curve, KeyOptions::default())
            .await
            .unwrap();
        let public = b.key_info(id, KeyClass::Public).await.unwrap();
        match public.public_key {
            Some(PublicKey::Ec { curve: c, point }) => {
                assert_eq!(c, Some(curve));
                // DER OCTET STRING (tag, length) around the uncompressed point 04 || x || y.
                assert_eq!(point.len(), point_len + 2);
                assert_eq!(point[2], 0x04);
            }
            other => panic!("unexpected public key {other:?}"),
        }
    }
    assert!(b
        .generate_rsa("rsa1024", 1024, KeyOptions::default())
        .await
        .is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finds_and_destroys_every_object_of_an_id() {
    let (b, _t, _d) = common::backend("keys-destroy", 2).await;
    b.generate_ec("pair", EcCurve::P256, KeyOptions::default())
        .await
        .unwrap();
    let found = b.find_keys("pair").await.unwrap();
    let classes: Vec<_> = found.iter().map(|k| k.class).collect();
    assert_eq!(classes, vec![KeyClass::Public, KeyClass::Private]);
    assert_eq!(b.destroy_key("pair").await.unwrap(), 2);
    assert!(b.find_keys("pair").await.unwrap().is_empty());
    let err = b.destroy_key("pair").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = b.key_info("pair", KeyClass::Public).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn destroyed_keys_are_not_served_from_the_handle_cache() {
    let (b, _t, _d) = common::backend("keys-cache", 2).await;
    b.generate_hmac_key("mac", 32, KeyOptions::default())
        .await
        .unwrap();
    b.mac("mac", hsmgate_pkcs11::HmacAlg::Sha256, b"x".to_vec())
        .await
        .unwrap();
    b.destroy_key("mac").await.unwrap();
    let err = b
        .mac("mac", hsmgate_pkcs11::HmacAlg::Sha256, b"x".to_vec())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_secret_material_and_checks_lengths() {
    let (b, _t, _d) = common::backend("keys-import", 2).await;
    b.import_secret_key(
        "imp",
        KeyKind::Aes,
        Zeroizing::new(vec![7u8; 32]),
        KeyOptions::default(),
    )
    .await
    .unwrap();
    let info = b.key_info("imp", KeyClass::Secret).await.unwrap();
    assert_eq!(info.bits, Some(256));
    assert_eq!(info.sensitive, Some(true));
    let err = b
        .import_secret_key(
            "bad",
            KeyKind::Aes,
            Zeroizing::new(vec![7u8; 20]),
            KeyOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_extractable_keys_cannot_be_wrapped() {
    let (b, _t, _d) = common::backend("keys-extract", 2).await;
    b.generate_aes("kek", AesKeySize::Aes256, KeyOptions::default())
        .await
        .unwrap();
    b.generate_aes("locked", AesKeySize::Aes128, KeyOptions::default())
        .await
        .unwrap();
    b.generate_aes("free", AesKeySize::Aes128, KeyOptions::extractable())
        .await
        .unwrap();
    let err = b
        .wrap_key("kek", "locked", WrapMechanism::AesKeyWrap)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Permission, "{err}");
    assert_eq!(
        b.wrap_key("kek", "free", WrapMechanism::AesKeyWrap)
            .await
            .unwrap()
            .len(),
        24
    );
}
