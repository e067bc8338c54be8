//! Signatures, MACs, hashing and random bytes on a real SoftHSM2 token; HMAC and SHA-2 checked
//! against RustCrypto.

mod common;

use hmac::{Hmac, Mac};
use hsmgate_pkcs11::{EcCurve, ErrorKind, HashAlg, HmacAlg, KeyKind, KeyOptions, SignAlgorithm};
use sha2::{Digest, Sha256, Sha384, Sha512};
use zeroize::Zeroizing;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rsa_signatures_verify_and_reject_tampering() {
    let (b, _t, _d) = common::backend("sign-rsa", 2).await;
    b.generate_rsa("r", 2048, KeyOptions::default())
        .await
        .unwrap();
    let msg = b"the message".to_vec();
    for alg in [
        SignAlgorithm::RsaPkcs1v15(HashAlg::Sha256),
        SignAlgorithm::RsaPkcs1v15(HashAlg::Sha512),
        SignAlgorithm::RsaPss(HashAlg::Sha256),
        SignAlgorithm::RsaPss(HashAlg::Sha384),
    ] {
        let sig = b.sign("r", alg, msg.clone()).await.unwrap();
        assert_eq!(sig.len(), 256, "{alg:?}");
        assert!(
            b.verify("r", alg, msg.clone(), sig.clone()).await.unwrap(),
            "{alg:?}"
        );
        assert!(
            !b.verify("r", alg, b"other".to_vec(), sig.clone())
                .await
                .unwrap(),
            "{alg:?}"
        );
        let mut bad = sig.clone();
        bad[10] ^= 0x40;
        assert!(
            !b.verify("r", alg, msg.clone(), bad).await.unwrap(),
            "{alg:?}"
        );
    }
    // PKCS#1 v1.5 is deterministic, PSS is not.
    let a = b
        .sign(
            "r",
            SignAlgorithm::RsaPkcs1v15(HashAlg::Sha256),
            msg.clone(),
        )
        .await
        .unwrap();
    let c = b
        .sign(
            "r",
            SignAlgorithm::RsaPkcs1v15(HashAlg::Sha256),
            msg.clone(),
        )
        .await
        .unwrap();
    assert_eq!(a, c);
    let a = b
        .sign("r", SignAlgorithm::RsaPss(HashAlg::Sha256), msg.clone())
        .await
        .unwrap();
    let c = b
        .sign("r", SignAlgorithm::RsaPss(HashAlg::Sha256), msg.clone())
        .await
        .unwrap();
    assert_ne!(a, c);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ecdsa_signatures_verify_and_reject_tampering() {
    let (b, _t, _d) = common::backend("sign-ec", 2).await;
    for (id, curve, hash, len) in [
        ("p256", EcCurve::P256, HashAlg::Sha256, 64),
        ("p384", EcCurve::P384, HashAlg::Sha384, 96),
    ] {
        b.generate_ec(id, curve, KeyOptions::default())
            .await
            .unwrap();
        let alg = SignAlgorithm::Ecdsa(hash);
        let sig = b.sign(id, alg, b"msg".to_vec()).await.unwrap();
        assert_eq!(sig.len(), len);
        assert!(b
            .verify(id, alg, b"msg".to_vec(), sig.clone())
            .await
            .unwrap());
        assert!(!b
            .verify(id, alg, b"msh".to_vec(), sig.clone())
            .await
            .unwrap());
    }
    // A key of the wrong type is an input error, not a crash.
    b.generate_aes(
        "aes",
        hsmgate_pkcs11::AesKeySize::Aes128,
        KeyOptions::default(),
    )
    .await
    .unwrap();
    let err = b
        .sign("aes", SignAlgorithm::Ecdsa(HashAlg::Sha256), b"m".to_vec())
        .await
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::NotFound,
        "no private key with that id: {err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hmac_matches_software_implementation() {
    let (b, _t, _d) = common::backend("mac-kat", 2).await;
    let key: Vec<u8> = (0u8..64).collect();
    b.import_secret_key(
        "m",
        KeyKind::GenericSecret,
        Zeroizing::new(key.clone()),
        KeyOptions::default(),
    )
    .await
    .unwrap();
    let data = b"what do ya want for nothing?".to_vec();
    let expect256 = {
        let mut m = Hmac::<Sha256>::new_from_slice(&key).unwrap();
        m.update(&data);
        m.finalize().into_bytes().to_vec()
    };
    let expect384 = {
        let mut m = Hmac::<Sha384>::new_from_slice(&key).unwrap();
        m.update(&data);
        m.finalize().into_bytes().to_vec()
    };
    let expect512 = {
        let mut m = Hmac::<Sha512>::new_from_slice(&key).unwrap();
        m.update(&data);
        m.finalize().into_bytes().to_vec()
    };
    for (alg, expected) in [
        (HmacAlg::Sha256, expect256),
        (HmacAlg::Sha384, expect384),
        (HmacAlg::Sha512, expect512),
    ] {
        let mac = b.mac("m", alg, data.clone()).await.unwrap();
        assert_eq!(mac, expected, "{alg:?}");
        assert!(b
            .verify_mac("m", alg, data.clone(), mac.clone())
            .await
            .unwrap());
        let mut bad = mac.clone();
        bad[0] ^= 1;
        assert!(!b.verify_mac("m", alg, data.clone(), bad).await.unwrap());
    }
    // Generated HMAC keys work too.
    b.generate_hmac_key("g", 48, KeyOptions::default())
        .await
        .unwrap();
    let mac = b.mac("g", HmacAlg::Sha384, data.clone()).await.unwrap();
    assert!(b.verify_mac("g", HmacAlg::Sha384, data, mac).await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn digests_match_software_and_random_bytes_differ() {
    let (b, _t, _d) = common::backend("digest", 2).await;
    let data = b"abc".to_vec();
    assert_eq!(
        b.digest(HashAlg::Sha256, data.clone()).await.unwrap(),
        Sha256::digest(&data).to_vec()
    );
    assert_eq!(
        b.digest(HashAlg::Sha384, data.clone()).await.unwrap(),
        Sha384::digest(&data).to_vec()
    );
    assert_eq!(
        b.digest(HashAlg::Sha512, data.clone()).await.unwrap(),
        Sha512::digest(&data).to_vec()
    );
    assert_eq!(b.digest(HashAlg::Sha1, data).await.unwrap().len(), 20);

    let r1 = b.random(32).await.unwrap();
    let r2 = b.random(32).await.unwrap();
    assert_eq!(r1.len(), 32);
    assert_ne!(r1, r2);
    assert!(b.random(0).await.unwrap().is_empty());
    assert_eq!(
        b.random(10 * 1024 * 1024).await.unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
}
