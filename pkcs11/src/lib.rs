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
//! # Layers
//!
//! * `module`: one loaded PKCS#11 module per file per process, with the lock that keeps calls
//!   apart from re-initialisation. C_Initialize hands the module the crate's own mutexes
//!   (`app_locking`, spin-then-sleep), or OS locking if the module cannot use them.
//! * [`Backend`]: one token on a module, found by label, with its session pool (`pool`), object
//!   handle cache (`handles`), counters ([`MetricsSnapshot`]), health probe ([`Health`]) and
//!   recovery (`recovery`). Several backends (modules or tokens) can be open at once.
//! * [`SessionGuard`]: a checked-out session; calls run off the async workers ([`Dispatch`]).
//! * [`ops`]: one file per operation family, each an `impl Backend` block of async methods.
//!   Keys are referenced by their CKA_ID (which equals their CKA_LABEL when this crate creates
//!   them).
//! * `raw` and `app_locking`: the only `unsafe` code, single-call FFI where the output size is
//!   known, and the mutex callbacks given to C_Initialize.
//!
//! # Errors
//!
//! One [`Error`] enum keeps the PKCS#11 function and return value; [`Error::kind`] classifies it
//! ([`ErrorKind`]): not found, permission, invalid input, busy, unavailable (retryable),
//! unsupported, internal.
//!
//! # SoftHSM2 2.6.1, as found by the tests
//!
//! * A failed AES-GCM tag check returns `CKR_GENERAL_ERROR`; reported as invalid input when the
//!   session still answers (otherwise it is a device error and triggers recovery).
//! * RSA-OAEP works with SHA-1 only; other hashes are reported as unsupported.
//! * `CKM_RSA_AES_KEY_WRAP` is not offered (and cryptoki 0.12 cannot express it): unsupported.
//! * AES-KW and AES-KWP zero-pad keys whose length is not a multiple of 8 before wrapping
//!   (RFC 3394 would refuse; RFC 5649's length indicator then counts the padding). Unwrapping
//!   standard RFC 5649 input works.
//! * Keys created by C_UnwrapKey report CKA_VALUE_LEN = 0; [`KeyInfo::bits`] is then `None`.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]
// FFI only in `raw` and `app_locking`, which say why each block is sound.
#![deny(unsafe_code)]

#[allow(unsafe_code)] // C_Initialize with mutex callbacks; see its module docs
mod app_locking;
mod backend;
mod config;
mod ctx;
mod error;
mod handles;
mod health;
mod inline;
mod metrics;
mod module;
pub mod nss;
pub mod ops;
mod pin;
mod pool;
#[allow(unsafe_code)] // the single-call FFI functions; see its module docs
mod raw;
mod recovery;
mod single_call;
mod token_identity;

pub use app_locking::live_mutexes as application_mutexes;
pub use backend::{Backend, DEFAULT_CHECKOUT_TIMEOUT};
pub use config::{BackendConfig, Dispatch};
pub use ctx::OpCtx;
pub use error::{Error, ErrorKind, Function, Result, RvError};
pub use health::Health;
pub use metrics::{Call, CallCounts, MetricsSnapshot};
pub use module::initialize as initialize_module;
pub use ops::*;
pub use pin::{Pin, PinSource};
pub use pool::SessionGuard;
pub use single_call::SingleCall;
pub use token_identity::TokenIdentity;
