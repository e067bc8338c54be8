//! CKM_RSA_AES_KEY_WRAP (PKCS#11 2.40 §2.1.21), composed in the HSM from AES-KWP and RSA-OAEP
//! where the token does not offer it: round trips, and a blob made in software the way a cloud
//! provider's BYOK export makes it unwraps to the right key.

mod common;

use aes_kw::KekAes256;
use hsmgate_pkcs11::{AesMode, HashAlg, KeyKind, KeyOptions, UnwrapTarget, WrapMechanism};
use rsa::Oaep;
use zeroize::Zeroizing;

const MECH: WrapMechanism = WrapMechanism::RsaAesKeyWrap {
    aes_key_bits: 256,
    hash: HashAlg::Sha1,
};
const BLOCK: [u8; 16] = *b"sixteen byte blk";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rsa_aes_key_wrap_round_trips_and_unwraps_software_blobs() {
    let (b, _token, _dir) = common::backend("rsaaes", 2).await;
    b.generate_rsa("rsa-kek", 2048, KeyOptions::default())
        .await
        .unwrap();
    let material: Vec<u8> = (100u8..132).collect();
    b.import_secret_key(
        "target",
        KeyKind::Aes,
        Zeroizing::new(material.clone()),
        KeyOptions::extractable(),
    )
    .await
    .unwrap();
    let expected = b
        .encrypt_aes("target", AesMode::Ecb, BLOCK.to_vec())
        .await
        .unwrap();

    // Round trip: RSA-OAEP part of the modulus size, then KWP of the 32-byte key (40 bytes).
    let blob = b.wrap_key("rsa-kek", "target", MECH).await.unwrap();
    assert_eq!(blob.len(), 256 + 40);
    b.unwrap_key(
        "rsa-kek",
        blob.clone(),
        MECH,
        "copy",
        UnwrapTarget::aes(KeyOptions::default()),
    )
    .await
    .unwrap();
    assert_eq!(
        b.encrypt_aes("copy", AesMode::Ecb, BLOCK.to_vec())
            .await
            .unwrap(),
        expected
    );

    // A blob built in software with the HSM's public key, as a BYOK export does.
    let public = common::software_rsa_public(&b, "rsa-kek").await;
    let ephemeral = [7u8; 32];
    let wrapped_aes = public
        .encrypt(
            &mut rsa::rand_core::OsRng,
            Oaep::new::<sha1::Sha1>(),
            &ephemeral,
        )
        .unwrap();
    let wrapped_key = KekAes256::from(ephemeral)
        .wrap_with_padding_vec(&material)
        .unwrap();
    let software_blob = [wrapped_aes, wrapped_key].concat();
    b.unwrap_key(
        "rsa-kek",
        software_blob.clone(),
        MECH,
        "byok",
        UnwrapTarget::aes(KeyOptions::default()),
    )
    .await
    .unwrap();
    assert_eq!(
        b.encrypt_aes("byok", AesMode::Ecb, BLOCK.to_vec())
            .await
            .unwrap(),
        expected
    );

    // Tampering with either part is refused, and leaves no key behind.
    let mut tampered = software_blob.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    assert!(b
        .unwrap_key(
            "rsa-kek",
            tampered,
            MECH,
            "bad-1",
            UnwrapTarget::aes(KeyOptions::default())
        )
        .await
        .is_err());
    assert!(b.find_keys("bad-1").await.unwrap().is_empty());
    let mut tampered = software_blob;
    tampered[10] ^= 1;
    assert!(b
        .unwrap_key(
            "rsa-kek",
            tampered,
            MECH,
            "bad-2",
            UnwrapTarget::aes(KeyOptions::default())
        )
        .await
        .is_err());
    // Too short to hold even the RSA part.
    assert!(b
        .unwrap_key(
            "rsa-kek",
            vec![0; 100],
            MECH,
            "bad-3",
            UnwrapTarget::aes(KeyOptions::default())
        )
        .await
        .is_err());
}
