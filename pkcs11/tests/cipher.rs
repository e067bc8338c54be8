//! Encryption and decryption on a real SoftHSM2 token, checked against software references
//! (RustCrypto aes-gcm) and published vectors (FIPS-197, SP 800-38A).

mod common;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use common::hex;
use hsmgate_pkcs11::{AesKeySize, AesMode, ErrorKind, HashAlg, KeyKind, KeyOptions, RsaEncryption};
use zeroize::Zeroizing;

const KEY: [u8; 32] = [
    0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe, 0x2b, 0x73, 0xae, 0xf0, 0x85, 0x7d, 0x77, 0x81,
    0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61, 0x08, 0xd7, 0x2d, 0x98, 0x10, 0xa3, 0x09, 0x14, 0xdf, 0xf4,
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aes_gcm_matches_software_implementation_both_ways() {
    let (b, _t, _d) = common::backend("gcm-kat", 2).await;
    b.import_secret_key(
        "k",
        KeyKind::Aes,
        Zeroizing::new(KEY.to_vec()),
        KeyOptions::default(),
    )
    .await
    .unwrap();
    let soft = Aes256Gcm::new_from_slice(&KEY).unwrap();
    let iv = hex("cafebabefacedbaddecaf888");
    for len in [0usize, 1, 15, 16, 32, 1000] {
        let msg: Vec<u8> = (0..len).map(|i| i as u8).collect();
        let aad = b"header".to_vec();
        let sealed = b
            .encrypt_aes_gcm("k", msg.clone(), Some(iv.clone()), aad.clone(), 16)
            .await
            .unwrap();
        let expected = soft
            .encrypt(
                Nonce::from_slice(&iv),
                Payload {
                    msg: &msg,
                    aad: &aad,
                },
            )
            .unwrap();
        assert_eq!(
            [sealed.ciphertext.clone(), sealed.tag.clone()].concat(),
            expected,
            "len {len}"
        );
        assert_eq!(sealed.iv, iv);

        // Software-sealed data opens in the HSM.
        let (ct, tag) = expected.split_at(len);
        let opened = b
            .decrypt_aes_gcm("k", iv.clone(), ct.to_vec(), tag.to_vec(), aad.clone())
            .await
            .unwrap();
        assert_eq!(opened.as_slice(), msg.as_slice());

        // A truncated tag is the prefix of the full one (SP 800-38D §5.2.1.2).
        let short = b
            .encrypt_aes_gcm("k", msg.clone(), Some(iv.clone()), aad.clone(), 12)
            .await
            .unwrap();
        assert_eq!(short.tag, tag[..12].to_vec());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aes_gcm_generates_ivs_and_rejects_tampering() {
    let (b, _t, _d) = common::backend("gcm-iv", 2).await;
    b.generate_aes("k", AesKeySize::Aes128, KeyOptions::default())
        .await
        .unwrap();
    let a = b
        .encrypt_aes_gcm("k", b"same".to_vec(), None, vec![], 16)
        .await
        .unwrap();
    let c = b
        .encrypt_aes_gcm("k", b"same".to_vec(), None, vec![], 16)
        .await
        .unwrap();
    assert_eq!(a.iv.len(), 12);
    assert_ne!(a.iv, c.iv, "fresh IVs from the HSM RNG");
    assert_ne!(a.ciphertext, c.ciphertext);

    let mut bad_tag = a.tag.clone();
    bad_tag[0] ^= 1;
    let err = b
        .decrypt_aes_gcm("k", a.iv.clone(), a.ciphertext.clone(), bad_tag, vec![])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let err = b
        .decrypt_aes_gcm(
            "k",
            a.iv.clone(),
            a.ciphertext.clone(),
            a.tag.clone(),
            b"aad".to_vec(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    let err = b
        .encrypt_aes_gcm("k", vec![1], None, vec![], 3)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let err = b
        .encrypt_aes_gcm("missing", vec![1], None, vec![], 16)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aes_ecb_cbc_ctr_match_published_vectors() {
    let (b, _t, _d) = common::backend("aes-modes", 2).await;
    // FIPS-197 appendix C.1.
    b.import_secret_key(
        "fips",
        KeyKind::Aes,
        Zeroizing::new(hex("000102030405060708090a0b0c0d0e0f")),
        KeyOptions::default(),
    )
    .await
    .unwrap();
    let ct = b
        .encrypt_aes(
            "fips",
            AesMode::Ecb,
            hex("00112233445566778899aabbccddeeff"),
        )
        .await
        .unwrap();
    assert_eq!(ct, hex("69c4e0d86a7b0430d8cdb78070b4c55a"));
    let pt = b.decrypt_aes("fips", AesMode::Ecb, ct).await.unwrap();
    assert_eq!(
        pt.as_slice(),
        hex("00112233445566778899aabbccddeeff").as_slice()
    );
    assert!(b
        .encrypt_aes("fips", AesMode::Ecb, vec![0; 15])
        .await
        .is_err());

    // SP 800-38A F.2.1 (CBC-AES128) and F.5.1 (CTR-AES128).
    b.import_secret_key(
        "sp",
        KeyKind::Aes,
        Zeroizing::new(hex("2b7e151628aed2a6abf7158809cf4f3c")),
        KeyOptions::default(),
    )
    .await
    .unwrap();
    let block = hex("6bc1bee22e409f96e93d7e117393172a");
    let iv: [u8; 16] = hex("000102030405060708090a0b0c0d0e0f").try_into().unwrap();
    let cbc = b
        .encrypt_aes("sp", AesMode::CbcPad { iv }, block.clone())
        .await
        .unwrap();
    assert_eq!(cbc.len(), 32, "a full padding block follows");
    assert_eq!(cbc[..16], hex("7649abac8119b246cee98e9b12e9197d")[..]);
    let back = b
        .decrypt_aes("sp", AesMode::CbcPad { iv }, cbc)
        .await
        .unwrap();
    assert_eq!(back.as_slice(), block.as_slice());
    let odd = b
        .encrypt_aes("sp", AesMode::CbcPad { iv }, vec![9; 5])
        .await
        .unwrap();
    assert_eq!(odd.len(), 16);
    assert_eq!(
        b.decrypt_aes("sp", AesMode::CbcPad { iv }, odd)
            .await
            .unwrap()
            .as_slice(),
        &[9; 5]
    );

    let counter_block: [u8; 16] = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff").try_into().unwrap();
    let ctr = AesMode::Ctr {
        counter_block,
        counter_bits: 128,
    };
    let ct = b.encrypt_aes("sp", ctr, block.clone()).await.unwrap();
    assert_eq!(ct, hex("874d6191b620e3261bef6864990db6ce"));
    assert_eq!(
        b.decrypt_aes("sp", ctr, ct).await.unwrap().as_slice(),
        block.as_slice()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rsa_oaep_and_pkcs1_round_trip() {
    let (b, _t, _d) = common::backend("rsa-enc", 2).await;
    b.generate_rsa("r", 2048, KeyOptions::default())
        .await
        .unwrap();
    for scheme in [RsaEncryption::Oaep(HashAlg::Sha1), RsaEncryption::Pkcs1v15] {
        let ct = b
            .encrypt_rsa("r", scheme, b"secret".to_vec())
            .await
            .unwrap_or_else(|e| panic!("{scheme:?}: {e:?}"));
        assert_eq!(ct.len(), 256);
        let ct2 = b
            .encrypt_rsa("r", scheme, b"secret".to_vec())
            .await
            .unwrap();
        assert_ne!(ct, ct2, "randomised padding");
        let pt = b.decrypt_rsa("r", scheme, ct).await.unwrap();
        assert_eq!(pt.as_slice(), b"secret");
    }
    let ct = b
        .encrypt_rsa("r", RsaEncryption::Pkcs1v15, b"x".to_vec())
        .await
        .unwrap();
    assert!(b
        .decrypt_rsa("r", RsaEncryption::Oaep(HashAlg::Sha1), ct)
        .await
        .is_err());
    // SoftHSM2 2.6.1 implements OAEP with SHA-1 only: an honest "unsupported".
    let err = b
        .encrypt_rsa("r", RsaEncryption::Oaep(HashAlg::Sha256), b"x".to_vec())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    let err = b
        .encrypt_rsa("r", RsaEncryption::Oaep(HashAlg::Sha512), b"x".to_vec())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
}
