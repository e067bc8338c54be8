//! ChaCha20 and ChaCha20-Poly1305 on a real NSS softoken token (SoftHSM2 2.6.1 has neither),
//! checked against RFC 8439's test vectors (which the OASIS KMIP 2.1 test cases also use).

mod common;

use std::path::PathBuf;

use common::hex;
use hsmgate_pkcs11::{
    nss, Backend, BackendConfig, ChaChaNonce, ErrorKind, KeyKind, KeyOptions, PinSource,
};
use zeroize::Zeroizing;

/// One NSS database per test process: the softoken takes its database folder at C_Initialize,
/// once per process, so every test here shares it (and uses its own key ids).
fn nss_backend_config() -> BackendConfig {
    static DIR: std::sync::OnceLock<(tempfile::TempDir, PathBuf, String)> =
        std::sync::OnceLock::new();
    let softoken = nss::find_softoken().expect("libsoftokn3.so (libnss3) is installed");
    let (_dir, pin_file, parameters) = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let pin_file = dir.path().join("nss.pin");
        std::fs::write(&pin_file, "nss-test-pin\n").unwrap();
        let db = dir.path().join("db");
        let pin = PinSource::File(pin_file.clone()).read().unwrap();
        assert!(nss::prepare_database(&softoken, &db, &pin).unwrap());
        // A second call leaves the prepared database alone.
        assert!(!nss::prepare_database(&softoken, &db, &pin).unwrap());
        let parameters = nss::parameters(&db).unwrap();
        (dir, pin_file, parameters)
    });
    BackendConfig::new(
        "nss",
        softoken,
        nss::TOKEN_LABEL,
        PinSource::File(pin_file.clone()),
    )
    .with_module_parameters(parameters.clone())
    .with_pool_size(2)
}

async fn nss_backend() -> Backend {
    Backend::open(nss_backend_config()).await.unwrap()
}

async fn import(b: &Backend, id: &str, key: Vec<u8>) {
    b.import_secret_key(
        id,
        KeyKind::ChaCha20,
        Zeroizing::new(key),
        KeyOptions::default(),
    )
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nss_offers_chacha20_and_softhsm_does_not() {
    let nss = nss_backend().await;
    let support = nss.chacha_support();
    assert!(
        support.key_gen && support.stream && support.aead,
        "{support:?}"
    );
    let (softhsm, _t, _d) = common::backend("no-chacha", 1).await;
    assert_eq!(softhsm.chacha_support(), Default::default());
    let refused = softhsm
        .chacha20("k", ChaChaNonce([0; 12]), vec![0; 16], true)
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Unsupported);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chacha20_key_streams_match_rfc_8439() {
    let b = nss_backend().await;
    import(&b, "chacha-zero", vec![0; 32]).await;
    // RFC 8439 A.1 test vector 1: key and nonce zero, block 0.
    let nonce = ChaChaNonce::from_iv(&[0; 8]).unwrap();
    let stream = b
        .chacha20("chacha-zero", nonce, vec![0; 64], true)
        .await
        .unwrap();
    assert_eq!(
        stream.as_slice(),
        hex(
            "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7\
             da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"
        )
    );
    // The original ChaCha20's 64-bit nonce 0000000000000001.
    let nonce = ChaChaNonce::from_iv(&hex("0000000000000001")).unwrap();
    let stream = b
        .chacha20("chacha-zero", nonce, vec![0; 60], true)
        .await
        .unwrap();
    assert_eq!(
        stream.as_slice(),
        hex(
            "de9cba7bf3d69ef5e786dc63973f653a0b49e015adbff7134fcb7df137821031\
             e85a050278a7084527214f73efc7fa5b5277062eb7a0433e445f41e3"
        )
    );
    let back = b
        .chacha20("chacha-zero", nonce, stream.to_vec(), false)
        .await
        .unwrap();
    assert_eq!(back.as_slice(), &[0u8; 60]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chacha20_poly1305_matches_rfc_8439_and_refuses_forgeries() {
    let b = nss_backend().await;
    import(&b, "aead-2.8.2", (0x80u8..0xa0).collect()).await;
    let nonce: [u8; 12] = hex("070000004041424344454647").try_into().unwrap();
    let aad = hex("50515253c0c1c2c3c4c5c6c7");
    let plaintext = b"Ladies and Gentlemen of the class of '99: If I could offer you only one \
                      tip for the future, sunscreen would be it."
        .to_vec();
    let (ciphertext, tag) = b
        .encrypt_chacha20_poly1305("aead-2.8.2", nonce, aad.clone(), plaintext.clone(), 16)
        .await
        .unwrap();
    assert_eq!(
        ciphertext,
        hex(
            "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6\
             3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36\
             92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc\
             3ff4def08e4b7a9de576d26586cec64b6116"
        )
    );
    assert_eq!(tag, hex("1ae10b594f09e26a7e902ecbd0600691"));
    let open = |ciphertext: &[u8], tag: &[u8]| {
        b.decrypt_chacha20_poly1305(
            "aead-2.8.2",
            nonce,
            aad.clone(),
            ciphertext.to_vec(),
            tag.to_vec(),
        )
    };
    assert_eq!(
        open(&ciphertext, &tag).await.unwrap().as_slice(),
        plaintext.as_slice()
    );
    let mut bad_tag = tag.clone();
    bad_tag[0] ^= 1;
    let refused = open(&ciphertext, &bad_tag).await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::InvalidInput, "{refused}");
    // The session is usable after a refusal.
    assert_eq!(
        open(&ciphertext, &tag).await.unwrap().as_slice(),
        plaintext.as_slice()
    );
    // A 12-byte prefix of the tag verifies; a wrong one, or a wrong ciphertext, does not.
    let (_, short_tag) = b
        .encrypt_chacha20_poly1305("aead-2.8.2", nonce, aad.clone(), plaintext.clone(), 12)
        .await
        .unwrap();
    assert_eq!(short_tag, tag[..12].to_vec());
    assert_eq!(
        open(&ciphertext, &short_tag).await.unwrap().as_slice(),
        plaintext.as_slice()
    );
    let mut wrong = short_tag.clone();
    wrong[11] ^= 0x80;
    let refused = open(&ciphertext, &wrong).await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::InvalidInput);
    let mut tampered = ciphertext.clone();
    tampered[0] ^= 1;
    let refused = open(&tampered, &short_tag).await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::InvalidInput);
    for bad_len in [1, 11, 17, 32] {
        let refused = b
            .encrypt_chacha20_poly1305("aead-2.8.2", nonce, Vec::new(), b"x".to_vec(), bad_len)
            .await
            .unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::InvalidInput);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_chacha20_keys_work_and_stay_inside() {
    let b = nss_backend().await;
    b.generate_chacha20("chacha-generated", KeyOptions::default())
        .await
        .unwrap();
    let nonce = [7u8; 12];
    let (ciphertext, tag) = b
        .encrypt_chacha20_poly1305(
            "chacha-generated",
            nonce,
            Vec::new(),
            b"secret".to_vec(),
            16,
        )
        .await
        .unwrap();
    assert_ne!(ciphertext, b"secret".to_vec());
    let opened = b
        .decrypt_chacha20_poly1305("chacha-generated", nonce, Vec::new(), ciphertext, tag)
        .await
        .unwrap();
    assert_eq!(opened.as_slice(), b"secret");
    let stream = b
        .chacha20("chacha-generated", ChaChaNonce(nonce), vec![0; 32], true)
        .await
        .unwrap();
    assert_ne!(stream.as_slice(), &[0u8; 32]);
}
