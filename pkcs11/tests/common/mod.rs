//! Shared by the integration tests: a fresh SoftHSM2 token per test and a backend on it.
#![allow(dead_code)] // each test binary uses a different part

use hsmgate_pkcs11::{Backend, BackendConfig, KeyClass, PinSource, PublicKey};
use hsmgate_testkit::SoftHsmToken;

/// A fresh token and a backend with `pool_size` sessions on it. The PIN goes through a file.
pub async fn backend(prefix: &str, pool_size: usize) -> (Backend, SoftHsmToken, tempfile::TempDir) {
    let token = SoftHsmToken::create(prefix).expect("create SoftHSM2 token");
    let dir = tempfile::tempdir().expect("tempdir");
    let pin_file = token
        .write_user_pin_file(dir.path())
        .expect("write PIN file");
    let config = BackendConfig::new(
        prefix,
        &token.module,
        &token.label,
        PinSource::File(pin_file),
    )
    .with_pool_size(pool_size);
    let backend = Backend::open(config).await.expect("open backend");
    (backend, token, dir)
}

/// The public key of the HSM's RSA key pair `id`, as the `rsa` crate's key (software to check
/// the HSM against).
pub async fn software_rsa_public(b: &Backend, id: &str) -> rsa::RsaPublicKey {
    let info = b.key_info(id, KeyClass::Public).await.unwrap();
    let Some(PublicKey::Rsa {
        modulus,
        public_exponent,
    }) = info.public_key
    else {
        panic!("no RSA public key")
    };
    rsa::RsaPublicKey::new(
        rsa::BigUint::from_bytes_be(&modulus),
        rsa::BigUint::from_bytes_be(&public_exponent),
    )
    .unwrap()
}

pub fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Encrypts a 32-byte message made of `task` and `i` with AES-GCM under `key` (AAD: `task`),
/// decrypts it and checks the round trip gives it back.
pub async fn gcm_round_trip(
    b: &Backend,
    key: &str,
    task: u8,
    i: u32,
) -> hsmgate_pkcs11::Result<()> {
    let msg = [task, (i % 251) as u8].repeat(16);
    let sealed = b
        .encrypt_aes_gcm(key, msg.clone(), None, vec![task], 16)
        .await?;
    let opened = b
        .decrypt_aes_gcm(key, sealed.iv, sealed.ciphertext, sealed.tag, vec![task])
        .await?;
    assert_eq!(opened.as_slice(), msg.as_slice());
    Ok(())
}
