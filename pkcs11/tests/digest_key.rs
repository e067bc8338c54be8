//! C_DigestKey: the digest of a secret key's value without the value leaving the HSM.

mod common;

use hsmgate_pkcs11::{HashAlg, KeyKind, KeyOptions};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn digest_of_a_sensitive_key_matches_software() {
    let (backend, _token, _dir) = common::backend("digestkey", 2).await;
    let material: Vec<u8> = (0u8..32).collect();
    backend
        .import_secret_key(
            "dk-1",
            KeyKind::Aes,
            Zeroizing::new(material.clone()),
            KeyOptions::default(),
        )
        .await
        .unwrap();
    let digest = backend.digest_key(HashAlg::Sha256, "dk-1").await.unwrap();
    assert_eq!(digest, Sha256::digest(&material).to_vec());
    // A key that does not exist is reported as not found.
    assert!(backend.digest_key(HashAlg::Sha256, "nope").await.is_err());
}
