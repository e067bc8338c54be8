//! Shared by the integration tests: a fresh SoftHSM2 token per test and a backend on it.
#![allow(dead_code)] // each test binary uses a different part

use hsmgate_pkcs11::{Backend, BackendConfig, PinSource};
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

pub fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}
