//! Configuration of one backend: which module, which token (by label), which PIN source, how
//! many sessions.

use std::path::PathBuf;
use std::time::Duration;

use crate::pin::PinSource;

/// Configuration of one named backend (one token on one PKCS#11 module).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BackendConfig {
    /// A name for logs and metrics, e.g. `"primary"`.
    pub name: String,
    /// Path of the PKCS#11 module (shared library).
    pub module: PathBuf,
    /// The token's label. Slots are never addressed by number.
    pub token_label: String,
    /// Where the user PIN comes from.
    pub pin: PinSource,
    /// Wanted number of sessions; capped by the token's maximum session count.
    pub pool_size: usize,
    /// CKA_ID and CKA_LABEL of the AES key used by the health probe (created when missing).
    pub health_key_id: String,
    /// First delay between re-initialisation attempts after a device error; doubles per failure.
    pub reinit_backoff_min: Duration,
    /// Largest delay between re-initialisation attempts.
    pub reinit_backoff_max: Duration,
}

impl BackendConfig {
    /// A configuration with defaults: 8 sessions, health key `hsmgate-health`, back-off from
    /// 100 ms to 10 s.
    pub fn new(
        name: impl Into<String>,
        module: impl Into<PathBuf>,
        token_label: impl Into<String>,
        pin: PinSource,
    ) -> Self {
        Self {
            name: name.into(),
            module: module.into(),
            token_label: token_label.into(),
            pin,
            pool_size: 8,
            health_key_id: "hsmgate-health".into(),
            reinit_backoff_min: Duration::from_millis(100),
            reinit_backoff_max: Duration::from_secs(10),
        }
    }

    /// Sets the wanted pool size.
    pub fn with_pool_size(mut self, size: usize) -> Self {
        self.pool_size = size;
        self
    }

    /// Sets the re-initialisation back-off bounds.
    pub fn with_reinit_backoff(mut self, min: Duration, max: Duration) -> Self {
        self.reinit_backoff_min = min;
        self.reinit_backoff_max = max;
        self
    }
}
