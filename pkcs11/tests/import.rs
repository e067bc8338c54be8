//! Importing RSA keys made elsewhere (C_CreateObject) on a real SoftHSM2 token: the imported
//! private key reproduces a signature OpenSSL made with the same key (known answer), and the
//! imported halves work together for signatures and RSA-OAEP.

mod common;

use std::collections::HashMap;

use hsmgate_pkcs11::{
    EcCurve, ErrorKind, HashAlg, KeyClass, KeyOptions, PrivateKeyValue, PublicKey, RsaEncryption,
    RsaPrivateComponents, SignAlgorithm,
};
use zeroize::Zeroizing;

const MESSAGE: &[u8] = b"imported key known answer";

/// Name/hex lines of a test data file.
fn named_values(text: &str) -> HashMap<String, Vec<u8>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (name, value) = l.split_once(' ').expect("name value");
            (name.to_owned(), common::hex(value))
        })
        .collect()
}

/// The test key's components and OpenSSL's signature, from tests/data/rsa2048.txt.
fn test_key() -> HashMap<String, Vec<u8>> {
    named_values(include_str!("data/rsa2048.txt"))
}

fn components(key: &HashMap<String, Vec<u8>>) -> RsaPrivateComponents {
    let part = |name: &str| Zeroizing::new(key[name].clone());
    RsaPrivateComponents {
        modulus: part("modulus"),
        public_exponent: part("publicExponent"),
        private_exponent: part("privateExponent"),
        prime1: part("prime1"),
        prime2: part("prime2"),
        exponent1: part("exponent1"),
        exponent2: part("exponent2"),
        coefficient: part("coefficient"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imported_rsa_keys_sign_verify_and_decrypt() {
    let (b, _t, _d) = common::backend("import-rsa", 2).await;
    let key = test_key();
    b.import_rsa_private("priv", components(&key), KeyOptions::default())
        .await
        .unwrap();
    b.import_rsa_public(
        "pub",
        key["modulus"].clone(),
        key["publicExponent"].clone(),
        KeyOptions::default(),
    )
    .await
    .unwrap();

    // PKCS#1 v1.5 is deterministic: the HSM must give exactly OpenSSL's signature.
    let pkcs1 = SignAlgorithm::RsaPkcs1v15(HashAlg::Sha256);
    let signature = b.sign("priv", pkcs1, MESSAGE.to_vec()).await.unwrap();
    assert_eq!(signature, key["signature"]);
    assert!(b
        .verify("pub", pkcs1, MESSAGE.to_vec(), signature.clone())
        .await
        .unwrap());
    assert!(!b
        .verify("pub", pkcs1, b"another message".to_vec(), signature)
        .await
        .unwrap());

    // PSS with a salt of the largest length verifies only with that salt length.
    let max_salt = 256 - 32 - 2;
    let pss_max = SignAlgorithm::RsaPssSalt(HashAlg::Sha256, max_salt);
    let pss = b.sign("priv", pss_max, MESSAGE.to_vec()).await.unwrap();
    assert!(b
        .verify("pub", pss_max, MESSAGE.to_vec(), pss.clone())
        .await
        .unwrap());
    assert!(!b
        .verify(
            "pub",
            SignAlgorithm::RsaPss(HashAlg::Sha256),
            MESSAGE.to_vec(),
            pss
        )
        .await
        .unwrap());

    let oaep = RsaEncryption::Oaep(HashAlg::Sha1);
    let ciphertext = b
        .encrypt_rsa("pub", oaep, b"secret".to_vec())
        .await
        .unwrap();
    let plaintext = b.decrypt_rsa("priv", oaep, ciphertext).await.unwrap();
    assert_eq!(plaintext.as_slice(), b"secret");

    let private = b.key_info("priv", KeyClass::Private).await.unwrap();
    assert_eq!(private.sensitive, Some(true));
    assert_eq!(private.extractable, Some(false));
    assert_eq!(private.bits, Some(2048));
    let public = b.key_info("pub", KeyClass::Public).await.unwrap();
    match public.public_key {
        Some(PublicKey::Rsa { modulus, .. }) => {
            let significant: Vec<u8> = key["modulus"]
                .iter()
                .copied()
                .skip_while(|x| *x == 0)
                .collect();
            assert_eq!(modulus, significant);
        }
        other => panic!("not an RSA public key: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_flags_and_refusals() {
    let (b, _t, _d) = common::backend("import-rsa-flags", 2).await;
    let key = test_key();
    b.import_rsa_private(
        "readable",
        components(&key),
        KeyOptions::default().readable(),
    )
    .await
    .unwrap();
    let info = b.key_info("readable", KeyClass::Private).await.unwrap();
    assert_eq!(info.sensitive, Some(false));
    assert_eq!(info.extractable, Some(true));
    // A readable key gives back exactly its components (without leading zero bytes).
    let minimal =
        |name: &str| -> Vec<u8> { key[name].iter().copied().skip_while(|b| *b == 0).collect() };
    match b.private_key_value("readable").await.unwrap() {
        PrivateKeyValue::Rsa(c) => {
            assert_eq!(c.modulus.as_slice(), minimal("modulus"));
            assert_eq!(c.private_exponent.as_slice(), minimal("privateExponent"));
            assert_eq!(c.prime2.as_slice(), minimal("prime2"));
            assert_eq!(c.coefficient.as_slice(), minimal("coefficient"));
        }
        _ => panic!("not an RSA key"),
    }
    // A sensitive one does not.
    b.import_rsa_private("sealed", components(&key), KeyOptions::extractable())
        .await
        .unwrap();
    let refused = b.private_key_value("sealed").await.err().unwrap();
    assert_eq!(refused.kind(), ErrorKind::Permission);

    // An id already in use is refused, as for generated keys.
    let again = b
        .import_rsa_private("readable", components(&key), KeyOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(again, hsmgate_pkcs11::Error::KeyExists { .. }),
        "{again}"
    );

    // Empty or absurd sizes never reach the token.
    let empty = b
        .import_rsa_public("e", Vec::new(), vec![1, 0, 1], KeyOptions::default())
        .await
        .unwrap_err();
    assert_eq!(empty.kind(), ErrorKind::InvalidInput);
    let huge = b
        .import_rsa_public("h", vec![0xff; 4096], vec![1, 0, 1], KeyOptions::default())
        .await
        .unwrap_err();
    assert_eq!(huge.kind(), ErrorKind::InvalidInput);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imported_ec_keys_verify_openssl_and_sign() {
    let (b, _t, _d) = common::backend("import-ec", 2).await;
    let key = named_values(include_str!("data/ec-p256.txt"));
    b.import_ec_private(
        "ec",
        EcCurve::P256,
        Zeroizing::new(key["private"].clone()),
        KeyOptions::default(),
    )
    .await
    .unwrap();
    b.import_ec_public(
        "ec-pub",
        EcCurve::P256,
        key["point"].clone(),
        KeyOptions::default(),
    )
    .await
    .unwrap();
    let ecdsa = SignAlgorithm::Ecdsa(HashAlg::Sha256);
    // OpenSSL's signature with the same key verifies with the imported public key.
    assert!(b
        .verify("ec-pub", ecdsa, MESSAGE.to_vec(), key["signature"].clone())
        .await
        .unwrap());
    assert!(!b
        .verify("ec-pub", ecdsa, b"other".to_vec(), key["signature"].clone())
        .await
        .unwrap());
    // And the imported private key is its pair.
    let signature = b.sign("ec", ecdsa, MESSAGE.to_vec()).await.unwrap();
    assert_eq!(signature.len(), 64);
    assert!(b
        .verify("ec-pub", ecdsa, MESSAGE.to_vec(), signature)
        .await
        .unwrap());
    let public = b.key_info("ec-pub", KeyClass::Public).await.unwrap();
    assert_eq!(public.bits, Some(256));
    let private = b.key_info("ec", KeyClass::Private).await.unwrap();
    assert_eq!(private.sensitive, Some(true));
    assert!(b.private_key_value("ec").await.is_err());
    b.import_ec_private(
        "ec-readable",
        EcCurve::P256,
        Zeroizing::new(key["private"].clone()),
        KeyOptions::default().readable(),
    )
    .await
    .unwrap();
    match b.private_key_value("ec-readable").await.unwrap() {
        PrivateKeyValue::Ec { curve, scalar } => {
            assert_eq!(curve, EcCurve::P256);
            assert_eq!(scalar.as_slice(), key["private"].as_slice());
        }
        _ => panic!("not an EC key"),
    }

    // A point of another curve's size, or a scalar longer than the field, never reaches the token.
    let wrong = b
        .import_ec_public(
            "p384",
            EcCurve::P384,
            key["point"].clone(),
            KeyOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(wrong.kind(), ErrorKind::InvalidInput);
    let long = b
        .import_ec_private(
            "long",
            EcCurve::P256,
            Zeroizing::new(vec![0x01; 33]),
            KeyOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(long.kind(), ErrorKind::InvalidInput);
}
