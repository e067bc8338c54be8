//! Wrapping caller-supplied bytes in the HSM (the Azure EKM proxy API's operations): AES-KW
//! and AES-KWP under an HSM AES key agree with software RFC 3394 / RFC 5649 for every length
//! class, and RSA-OAEP-256 over the HSM's raw RSA agrees with software OAEP (rsa crate) both
//! ways, including for a private key that has no public object.

mod common;

use aes_kw::KekAes256;
use hsmgate_pkcs11::{AesDataWrap, ErrorKind, HashAlg, KeyKind, KeyOptions, OaepParams};
use rsa::traits::PublicKeyParts;
use rsa::Oaep;
use sha2::Sha256;
use zeroize::Zeroizing;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aes_byte_wrapping_matches_the_rfcs() {
    let (b, _token, _dir) = common::backend("bytewrap", 2).await;
    let kek: Vec<u8> = (1u8..=32).collect();
    b.import_secret_key(
        "kek",
        KeyKind::Aes,
        Zeroizing::new(kek.clone()),
        KeyOptions::default(),
    )
    .await
    .unwrap();
    let software = KekAes256::new(kek.as_slice().into());
    let data: Vec<u8> = (0u8..64).map(|i| i.wrapping_mul(7)).collect();

    for len in [16usize, 24, 32, 64] {
        let plain = Zeroizing::new(data[..len].to_vec());
        let wrapped = b.wrap_bytes("kek", AesDataWrap::Kw, plain).await.unwrap();
        assert_eq!(
            wrapped,
            software.wrap_vec(&data[..len]).unwrap(),
            "KW {len}"
        );
        let back = b
            .unwrap_bytes("kek", AesDataWrap::Kw, wrapped)
            .await
            .unwrap();
        assert_eq!(back.as_slice(), &data[..len]);
    }
    for len in [1usize, 7, 8, 9, 15, 16, 31, 32, 33, 64] {
        let plain = Zeroizing::new(data[..len].to_vec());
        let wrapped = b.wrap_bytes("kek", AesDataWrap::Kwp, plain).await.unwrap();
        let expected = software.wrap_with_padding_vec(&data[..len]).unwrap();
        assert_eq!(wrapped, expected, "KWP {len}");
        let back = b
            .unwrap_bytes("kek", AesDataWrap::Kwp, wrapped)
            .await
            .unwrap();
        assert_eq!(back.as_slice(), &data[..len], "KWP {len}");
    }

    // Lengths KW cannot take, and wrapped input that does not verify, are input errors.
    for len in [8usize, 20] {
        let plain = Zeroizing::new(data[..len].to_vec());
        let e = b
            .wrap_bytes("kek", AesDataWrap::Kw, plain)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
    }
    let mut bad = software.wrap_vec(&data[..32]).unwrap();
    bad[0] ^= 1;
    let e = b
        .unwrap_bytes("kek", AesDataWrap::Kw, bad)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
    // No key object but the KEK is left (a leftover session object would show an empty id).
    assert_eq!(b.list_key_ids().await.unwrap(), vec![b"kek".to_vec()]);
}

fn oaep_sha256() -> OaepParams {
    OaepParams {
        hash: HashAlg::Sha256,
        mgf1_hash: HashAlg::Sha256,
        label: Vec::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rsa_oaep_sha256_agrees_with_software() {
    let (b, _token, _dir) = common::backend("oaep256", 2).await;
    b.generate_rsa("pair", 2048, KeyOptions::default())
        .await
        .unwrap();
    let public = common::software_rsa_public(&b, "pair").await;
    assert_eq!(
        b.rsa_public_numbers("pair").await.unwrap(),
        (public.n().to_bytes_be(), public.e().to_bytes_be())
    );
    let message = b"a 32-byte data encryption key!!!".to_vec();

    let soft = public
        .encrypt(&mut rsa::rand_core::OsRng, Oaep::new::<Sha256>(), &message)
        .unwrap();
    let opened = b
        .decrypt_rsa_oaep("pair", oaep_sha256(), soft)
        .await
        .unwrap();
    assert_eq!(opened.as_slice(), &message[..]);

    let sealed = b
        .encrypt_rsa_oaep_public_or_private("pair", oaep_sha256(), Zeroizing::new(message.clone()))
        .await
        .unwrap();
    assert_eq!(sealed.len(), 256);
    let opened = b
        .decrypt_rsa_oaep("pair", oaep_sha256(), sealed.clone())
        .await
        .unwrap();
    assert_eq!(opened.as_slice(), &message[..]);

    // SHA-1 OAEP blocks, tampered blocks and blocks not below the modulus all fail alike.
    let sha1 = public
        .encrypt(
            &mut rsa::rand_core::OsRng,
            Oaep::new::<sha1::Sha1>(),
            &message,
        )
        .unwrap();
    let mut tampered = sealed.clone();
    tampered[200] ^= 0x40;
    for bad in [sha1, tampered, vec![0xff; 256]] {
        let e = b
            .decrypt_rsa_oaep("pair", oaep_sha256(), bad)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        assert!(e.to_string().contains("decryption error"), "{e}");
    }
    let too_long = Zeroizing::new(vec![1u8; 191]);
    let e = b
        .encrypt_rsa_oaep_public_or_private("pair", oaep_sha256(), too_long)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
}
