//! HSM access: loading PKCS#11 modules, finding tokens by label, the session pool, key
//! operations and recovery. Knows nothing of KMIP or HTTP.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]
