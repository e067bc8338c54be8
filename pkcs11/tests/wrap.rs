//! Wrapping and unwrapping on a real SoftHSM2 token; AES-KW (RFC 3394) and AES-KWP (RFC 5649)
//! checked against RustCrypto aes-kw with imported keys.

mod common;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use aes_kw::KekAes256;
use hmac::{Hmac, Mac};
use hsmgate_pkcs11::{
    AesKeySize, ErrorKind, HashAlg, HmacAlg, KeyClass, KeyKind, KeyOptions, UnwrapTarget,
    WrapMechanism,
};
use sha2::Sha256;
use zeroize::Zeroizing;

const KEK: [u8; 32] = [0x11; 32];

async fn with_kek(prefix: &str) -> (hsmgate_pkcs11::Backend, impl Sized) {
    let (b, t, d) = common::backend(prefix, 2).await;
    b.import_secret_key(
        "kek",
        KeyKind::Aes,
        Zeroizing::new(KEK.to_vec()),
        KeyOptions::default(),
    )
    .await
    .unwrap();
    (b, (t, d))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aes_kw_and_kwp_match_software_implementation() {
    let (b, _keep) = with_kek("wrap-kat").await;
    let soft = KekAes256::from(KEK);
    // AES keys for KW; a 20-byte generic secret needs KWP (not a multiple of 8).
    let target: Vec<u8> = (0u8..32).collect();
    b.import_secret_key(
        "t",
        KeyKind::Aes,
        Zeroizing::new(target.clone()),
        KeyOptions::extractable(),
    )
    .await
    .unwrap();
    // 36 bytes: not a multiple of 8, so only KWP applies; long enough for HMAC-SHA-256 in SoftHSM2.
    let odd: Vec<u8> = (100u8..136).collect();
    b.import_secret_key(
        "odd",
        KeyKind::GenericSecret,
        Zeroizing::new(odd.clone()),
        KeyOptions::extractable(),
    )
    .await
    .unwrap();

    let kw = b
        .wrap_key("kek", "t", WrapMechanism::AesKeyWrap)
        .await
        .unwrap();
    assert_eq!(kw, soft.wrap_vec(&target).unwrap());
    let kwp = b
        .wrap_key("kek", "t", WrapMechanism::AesKeyWrapPad)
        .await
        .unwrap();
    assert_eq!(kwp, soft.wrap_with_padding_vec(&target).unwrap());

    // SoftHSM2 2.6.1 deviates from RFC 5649 for unaligned keys: it zero-pads the key to a multiple
    // of 8 before wrapping, so the message length indicator says 40, not 36. The ciphertext is
    // still valid KWP and unwraps (in software) to the key plus four zero bytes.
    let kwp_odd = b
        .wrap_key("kek", "odd", WrapMechanism::AesKeyWrapPad)
        .await
        .unwrap();
    assert_eq!(kwp_odd.len(), 48);
    let unwrapped = soft.unwrap_with_padding_vec(&kwp_odd).unwrap();
    assert_eq!(unwrapped, [odd.clone(), vec![0; 4]].concat());

    // The HSM unwraps RFC 5649 output of unaligned length correctly: the unwrapped HMAC key
    // computes the same MAC as software with the original 36 bytes.
    b.unwrap_key(
        "kek",
        soft.wrap_with_padding_vec(&odd).unwrap(),
        WrapMechanism::AesKeyWrapPad,
        "odd-copy",
        UnwrapTarget::generic_secret(KeyOptions::default()),
    )
    .await
    .unwrap();
    // Unwrapping onto an id in use is refused; a caller that vouches for a fresh id skips the
    // look-up and gets its key.
    let again = b
        .unwrap_key(
            "kek",
            soft.wrap_with_padding_vec(&odd).unwrap(),
            WrapMechanism::AesKeyWrapPad,
            "odd-copy",
            UnwrapTarget::generic_secret(KeyOptions::default()),
        )
        .await;
    assert!(again.is_err(), "an id in use must not be reused");
    b.unwrap_key(
        "kek",
        soft.wrap_with_padding_vec(&odd).unwrap(),
        WrapMechanism::AesKeyWrapPad,
        "odd-fresh",
        UnwrapTarget::generic_secret(KeyOptions::default()).fresh_id(),
    )
    .await
    .unwrap();
    let fresh_mac = b
        .mac("odd-fresh", HmacAlg::Sha256, b"data".to_vec())
        .await
        .unwrap();
    let mac = b
        .mac("odd-copy", HmacAlg::Sha256, b"data".to_vec())
        .await
        .unwrap();
    assert_eq!(fresh_mac, mac);
    let mut soft_mac = <Hmac<Sha256> as Mac>::new_from_slice(&odd).unwrap();
    soft_mac.update(b"data");
    assert_eq!(mac, soft_mac.finalize().into_bytes().to_vec());
    // Same padding with plain KW, which RFC 3394 would refuse for unaligned input.
    let kw_odd = b
        .wrap_key("kek", "odd", WrapMechanism::AesKeyWrap)
        .await
        .unwrap();
    assert_eq!(
        soft.unwrap_vec(&kw_odd).unwrap(),
        [odd.clone(), vec![0; 4]].concat()
    );

    // Unwrap software-wrapped material, then prove the HSM holds the same key: its GCM output
    // matches software GCM under the original bytes.
    let material = [0x42u8; 32];
    for (id, mech, wrapped) in [
        (
            "u-kw",
            WrapMechanism::AesKeyWrap,
            soft.wrap_vec(&material).unwrap(),
        ),
        (
            "u-kwp",
            WrapMechanism::AesKeyWrapPad,
            soft.wrap_with_padding_vec(&material).unwrap(),
        ),
    ] {
        b.unwrap_key(
            "kek",
            wrapped,
            mech,
            id,
            UnwrapTarget::aes(KeyOptions::default()),
        )
        .await
        .unwrap();
        let info = b.key_info(id, KeyClass::Secret).await.unwrap();
        assert_eq!(
            (info.sensitive, info.extractable),
            (Some(true), Some(false))
        );
        // SoftHSM2 leaves CKA_VALUE_LEN at 0 on unwrapped keys; the size is then unknown.
        assert!(matches!(info.bits, None | Some(256)), "{:?}", info.bits);
        let iv = vec![3u8; 12];
        let sealed = b
            .encrypt_aes_gcm(id, b"probe".to_vec(), Some(iv.clone()), vec![], 16)
            .await
            .unwrap();
        let expected = Aes256Gcm::new_from_slice(&material)
            .unwrap()
            .encrypt(Nonce::from_slice(&iv), &b"probe"[..])
            .unwrap();
        assert_eq!([sealed.ciphertext, sealed.tag].concat(), expected);
    }
    let mut corrupt = soft.wrap_vec(&material).unwrap();
    corrupt[5] ^= 1;
    let err = b
        .unwrap_key(
            "kek",
            corrupt,
            WrapMechanism::AesKeyWrap,
            "bad",
            UnwrapTarget::aes(KeyOptions::default()),
        )
        .await
        .unwrap_err();
    assert_ne!(err.kind(), ErrorKind::Internal, "{err}");
    assert!(b.find_keys("bad").await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_keys_round_trip_through_every_supported_mechanism() {
    let (b, _keep) = with_kek("wrap-rt").await;
    b.generate_rsa("rsa", 2048, KeyOptions::default())
        .await
        .unwrap();
    b.generate_aes("src", AesKeySize::Aes256, KeyOptions::extractable())
        .await
        .unwrap();
    let sealed = b
        .encrypt_aes_gcm("src", b"payload".to_vec(), None, vec![], 16)
        .await
        .unwrap();
    let mechs = [
        WrapMechanism::AesKeyWrap,
        WrapMechanism::AesKeyWrapPad,
        WrapMechanism::RsaOaep(HashAlg::Sha1),
    ];
    for (i, mech) in mechs.into_iter().enumerate() {
        let wrapping = if matches!(mech, WrapMechanism::RsaOaep(_)) {
            "rsa"
        } else {
            "kek"
        };
        let wrapped = b.wrap_key(wrapping, "src", mech).await.unwrap();
        let copy = format!("copy-{i}");
        b.unwrap_key(
            wrapping,
            wrapped,
            mech,
            &copy,
            UnwrapTarget::aes(KeyOptions::default()),
        )
        .await
        .unwrap();
        let opened = b
            .decrypt_aes_gcm(
                &copy,
                sealed.iv.clone(),
                sealed.ciphertext.clone(),
                sealed.tag.clone(),
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(opened.as_slice(), b"payload", "{mech:?}");
    }
    // A duplicate target id is refused before anything is created.
    let wrapped = b
        .wrap_key("kek", "src", WrapMechanism::AesKeyWrap)
        .await
        .unwrap();
    let err = b
        .unwrap_key(
            "kek",
            wrapped,
            WrapMechanism::AesKeyWrap,
            "copy-0",
            UnwrapTarget::aes(KeyOptions::default()),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mechanisms_softhsm_lacks_are_reported_unsupported() {
    let (b, _keep) = with_kek("wrap-unsup").await;
    b.generate_rsa("rsa", 2048, KeyOptions::default())
        .await
        .unwrap();
    b.generate_aes("src", AesKeySize::Aes128, KeyOptions::extractable())
        .await
        .unwrap();
    let err = b
        .wrap_key(
            "rsa",
            "src",
            WrapMechanism::RsaAesKeyWrap {
                aes_key_bits: 256,
                hash: HashAlg::Sha256,
            },
        )
        .await
        .unwrap_err();
    // RSA-AES key wrap is composed from KWP and RSA-OAEP (see tests/rsa_aes_wrap.rs); with
    // SHA-256 it inherits SoftHSM2's refusal of OAEP with SHA-256.
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    assert!(err.to_string().contains("RSA-OAEP"), "{err}");
    let err = b
        .wrap_key("rsa", "src", WrapMechanism::RsaOaep(HashAlg::Sha256))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
}
