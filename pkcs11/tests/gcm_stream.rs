//! AES-GCM in parts on a real SoftHSM2 token, one session held between the parts: the parts
//! together give what one-shot GCM (and the software reference) gives, a wrong tag fails at
//! the end, and an abandoned stream leaves its session usable for the next caller.

mod common;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{AesGcm, Nonce};
use common::hex;
use hsmgate_pkcs11::{ErrorKind, KeyKind, KeyOptions, StreamDirection};
use zeroize::Zeroizing;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gcm_in_parts_matches_one_shot_and_software() {
    // NIST GCM test case 5/6 key and an 8-byte IV, as the KMIP CS-BC-M-GCM-3 test case.
    let key = hex("feffe9928665731c6d6a8f9467308308");
    let (b, _t, _d) = common::backend("gcm-stream", 2).await;
    b.import_secret_key(
        "k",
        KeyKind::Aes,
        Zeroizing::new(key.clone()),
        KeyOptions::default(),
    )
    .await
    .unwrap();
    let iv = hex("cafebabefacedbad");
    let aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    let plaintext: Vec<u8> = (0..60u8).collect();
    type Aes128Gcm8 = AesGcm<aes_gcm::aes::Aes128, aes_gcm::aead::consts::U8>;
    let soft = Aes128Gcm8::new_from_slice(&key).unwrap();
    let expected = soft
        .encrypt(
            Nonce::from_slice(&iv),
            Payload {
                msg: &plaintext,
                aad: &aad,
            },
        )
        .unwrap();
    for split in [0usize, 1, 16, 32, 59, 60] {
        let (first, last) = plaintext.split_at(split);
        let mut stream = b
            .begin_aes_gcm_stream("k", StreamDirection::Encrypt, iv.clone(), aad.clone(), 16)
            .await
            .unwrap();
        let mut sealed = stream.update(first.to_vec()).await.unwrap().to_vec();
        let end = stream.finish(last.to_vec(), None).await.unwrap();
        sealed.extend_from_slice(&end.data);
        let tag = end.tag.unwrap();
        assert_eq!(
            [sealed.clone(), tag.clone()].concat(),
            expected,
            "split {split}"
        );

        // Decrypt in parts too.
        let (first, last) = sealed.split_at(split);
        let mut stream = b
            .begin_aes_gcm_stream("k", StreamDirection::Decrypt, iv.clone(), aad.clone(), 16)
            .await
            .unwrap();
        let mut opened = stream.update(first.to_vec()).await.unwrap().to_vec();
        let end = stream
            .finish(last.to_vec(), Some(tag.clone()))
            .await
            .unwrap();
        opened.extend_from_slice(&end.data);
        assert_eq!(opened, plaintext);
        assert!(end.tag.is_none());

        // A changed tag fails at the end.
        let mut bad = tag.clone();
        bad[0] ^= 1;
        let mut stream = b
            .begin_aes_gcm_stream("k", StreamDirection::Decrypt, iv.clone(), aad.clone(), 16)
            .await
            .unwrap();
        let _ = stream.update(first.to_vec()).await.unwrap();
        let e = stream.finish(last.to_vec(), Some(bad)).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abandoned_stream_leaves_its_session_clean() {
    // One session in the pool: the next operation gets the abandoned stream's session.
    let (b, _t, _d) = common::backend("gcm-abandon", 1).await;
    b.import_secret_key(
        "k",
        KeyKind::Aes,
        Zeroizing::new(vec![7u8; 32]),
        KeyOptions::default(),
    )
    .await
    .unwrap();
    for direction in [StreamDirection::Encrypt, StreamDirection::Decrypt] {
        let mut stream = b
            .begin_aes_gcm_stream("k", direction, vec![1u8; 12], Vec::new(), 16)
            .await
            .unwrap();
        let _ = stream.update(vec![0u8; 32]).await.unwrap();
        stream.abort().await;
        // Same again, dropped instead of aborted.
        let mut stream = b
            .begin_aes_gcm_stream("k", direction, vec![1u8; 12], Vec::new(), 16)
            .await
            .unwrap();
        let _ = stream.update(vec![0u8; 32]).await.unwrap();
        drop(stream);
        let sealed = b
            .encrypt_aes_gcm("k", b"after".to_vec(), None, Vec::new(), 16)
            .await
            .unwrap();
        let opened = b
            .decrypt_aes_gcm("k", sealed.iv, sealed.ciphertext, sealed.tag, Vec::new())
            .await
            .unwrap();
        assert_eq!(opened.as_slice(), b"after");
    }
}
