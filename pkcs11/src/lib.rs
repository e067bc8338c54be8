//! HSM access: loading PKCS#11 modules, finding tokens by label, the session pool, key
//! operations and recovery. Knows nothing of KMIP or HTTP.
//!
//! ```no_run
//! # async fn demo() -> Result<(), hsmgate_pkcs11::Error> {
//! use hsmgate_pkcs11::{AesKeySize, Backend, BackendConfig, KeyOptions, PinSource};
//!
//! let config = BackendConfig::new(
//!     "primary",
//!     "/usr/lib/softhsm/libsofthsm2.so",
//!     "my-token",
//!     PinSource::Env("HSMGATE_PIN".into()),
//! );
//! let backend = Backend::open(config).await?;
//! backend.generate_aes("key-1", AesKeySize::Aes256, KeyOptions::default()).await?;
//! let sealed = backend.encrypt_aes_gcm("key-1", b"hello".to_vec(), None, Vec::new(), 16).await?;
//! let opened = backend
//!     .decrypt_aes_gcm("key-1", sealed.iv, sealed.ciphertext, sealed.tag, Vec::new())
//!     .await?;
//! assert_eq!(opened.as_slice(), b"hello");
//! # Ok(()) }
//! ```
//!
//! Layers: [`Backend`] (one token, its pool and recovery) → [`SessionGuard`] (a checked-out
//! session; calls run on a blocking thread) → `ops::*` (one file per operation family, each an
//! `impl Backend` block). Keys are referenced by their CKA_ID (which equals their CKA_LABEL when
//! this crate creates them).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]
// FFI only in `raw`, which says why each block is sound.
#![deny(unsafe_code)]

mod backend;
mod config;
mod error;
mod handles;
mod health;
mod metrics;
mod module;
pub mod ops;
mod pin;
mod pool;
#[allow(unsafe_code)] // the single-call FFI functions; see its module docs
mod raw;
mod recovery;

pub use backend::{Backend, DEFAULT_CHECKOUT_TIMEOUT};
pub use config::{BackendConfig, Dispatch};
pub use error::{Error, ErrorKind, Function, Result, RvError};
pub use health::Health;
pub use metrics::{Call, CallCounts, MetricsSnapshot};
pub use ops::*;
pub use pin::{Pin, PinSource};
pub use pool::{OpCtx, SessionGuard};
