//! Configuration of one backend: which module, which token (by label), which PIN source, how
//! many sessions.

use std::path::PathBuf;
use std::time::Duration;

use crate::pin::PinSource;

/// How a PKCS#11 call leaves the async worker threads.
///
/// Measured by `benches/pool.rs` on SoftHSM2 (2-core machine shared with other builds, same
/// token, same run, two runs): one C_GenerateRandom of 16 bytes costs 1.5–1.7 µs called
/// directly, 2.2–2.6 µs through the pool with `BlockInPlace` and 19–25 µs with `SpawnBlocking`
/// (two thread wake-ups per call). Four tasks doing 16 AES-GCM encryptions each finish in
/// 1.5–1.8 ms vs 2.8–2.9 ms. Dedicated HSM threads fed by a channel need the same two wake-ups
/// per call as `spawn_blocking`, so they were not pursued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Dispatch {
    /// `tokio::task::block_in_place`: the calling worker first hands its scheduler (and queued
    /// tasks) to another thread, then runs the call itself, so no task waits behind the HSM and
    /// the result needs no cross-thread wake-up. Falls back to `spawn_blocking` on a
    /// current-thread runtime, where `block_in_place` is not allowed. The default: faster.
    #[default]
    BlockInPlace,
    /// `tokio::task::spawn_blocking`: the call is handed to a blocking-pool thread and the result
    /// handed back (two cross-thread wake-ups per call).
    SpawnBlocking,
}

/// Configuration of one named backend (one token on one PKCS#11 module).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BackendConfig {
    /// A name for logs and metrics, e.g. `"primary"`.
    pub name: String,
    /// Path of the PKCS#11 module (shared library).
    pub module: PathBuf,
    /// Module-specific `C_Initialize` parameters (`pReserved`), e.g. NSS softoken's
    /// `configdir='sql:/path' certPrefix='' keyPrefix='' secmod='secmod.db'`. `None` for most
    /// modules.
    pub module_parameters: Option<String>,
    /// The token's label. Slots are never addressed by number.
    pub token_label: String,
    /// Where the user PIN comes from.
    pub pin: PinSource,
    /// Wanted number of sessions; capped by the token's maximum session count.
    pub pool_size: usize,
    /// How calls leave the async worker threads.
    pub dispatch: Dispatch,
    /// How long the operation methods wait for a free session before [`crate::Error::Busy`].
    pub checkout_timeout: Duration,
    /// CKA_ID and CKA_LABEL of the AES key used by the health probe (created when missing).
    pub health_key_id: String,
    /// First delay between re-initialisation attempts after a device error; doubles per failure.
    pub reinit_backoff_min: Duration,
    /// Largest delay between re-initialisation attempts.
    pub reinit_backoff_max: Duration,
}

impl BackendConfig {
    /// A configuration with defaults: 8 sessions, 5 s checkout timeout, health key
    /// `hsmgate-health`, back-off from 100 ms to 10 s.
    pub fn new(
        name: impl Into<String>,
        module: impl Into<PathBuf>,
        token_label: impl Into<String>,
        pin: PinSource,
    ) -> Self {
        Self {
            name: name.into(),
            module: module.into(),
            module_parameters: None,
            token_label: token_label.into(),
            pin,
            pool_size: 8,
            dispatch: Dispatch::default(),
            checkout_timeout: crate::DEFAULT_CHECKOUT_TIMEOUT,
            health_key_id: "hsmgate-health".into(),
            reinit_backoff_min: Duration::from_millis(100),
            reinit_backoff_max: Duration::from_secs(10),
        }
    }

    /// Sets [`BackendConfig::module_parameters`].
    pub fn with_module_parameters(mut self, parameters: impl Into<String>) -> Self {
        self.module_parameters = Some(parameters.into());
        self
    }

    /// Sets the wanted pool size.
    pub fn with_pool_size(mut self, size: usize) -> Self {
        self.pool_size = size;
        self
    }

    /// Sets how long operation methods wait for a free session.
    pub fn with_checkout_timeout(mut self, timeout: Duration) -> Self {
        self.checkout_timeout = timeout;
        self
    }

    /// Sets how calls leave the async worker threads.
    pub fn with_dispatch(mut self, dispatch: Dispatch) -> Self {
        self.dispatch = dispatch;
        self
    }

    /// Sets the re-initialisation back-off bounds.
    pub fn with_reinit_backoff(mut self, min: Duration, max: Duration) -> Self {
        self.reinit_backoff_min = min;
        self.reinit_backoff_max = max;
        self
    }
}
