//! The health probe: a real AES-GCM round trip with a dedicated health key, created on first use
//! (a session object, so probing leaves no trace on the token).

use crate::backend::Backend;
use crate::error::{Error, ErrorKind};
use crate::ops::{AesKeySize, KeyOptions};

/// The outcome of a health probe.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Health {
    /// The probe succeeded without recovery and without waiting.
    Healthy,
    /// The probe succeeded, but only after recovery, or the pool is saturated.
    Degraded {
        /// Why.
        reason: String,
    },
    /// The probe failed.
    Unavailable {
        /// Why (an error message; holds no secret).
        reason: String,
    },
}

const PROBE: &[u8] = b"hsmgate health probe";

impl Backend {
    /// Probes the backend with a real crypto operation.
    pub async fn health(&self) -> Health {
        let before = self.metrics();
        let outcome = self.probe().await;
        let after = self.metrics();
        match outcome {
            Err(e) if e.kind() == ErrorKind::Busy => Health::Degraded {
                reason: "every session is busy".into(),
            },
            Err(e) => Health::Unavailable {
                reason: e.to_string(),
            },
            Ok(()) => {
                let reinits = |m: &crate::MetricsSnapshot| m.call(crate::Call::Reinitialize).calls;
                if reinits(&after) > reinits(&before)
                    || after.relogins > before.relogins
                    || after.sessions_replaced > before.sessions_replaced
                {
                    Health::Degraded {
                        reason: "recovered during the probe".into(),
                    }
                } else if after.waiters > 0 {
                    Health::Degraded {
                        reason: "callers are waiting for sessions".into(),
                    }
                } else {
                    Health::Healthy
                }
            }
        }
    }

    async fn probe(&self) -> Result<(), Error> {
        let id = self.inner.config.health_key_id.clone();
        let sealed = match self
            .encrypt_aes_gcm(&id, PROBE.to_vec(), None, Vec::new(), 16)
            .await
        {
            Err(Error::KeyNotFound { .. }) => {
                match self
                    .generate_aes(
                        &id,
                        AesKeySize::Aes256,
                        KeyOptions::default().session_object(),
                    )
                    .await
                {
                    Ok(()) | Err(Error::KeyExists { .. }) => {}
                    Err(e) => return Err(e),
                }
                self.encrypt_aes_gcm(&id, PROBE.to_vec(), None, Vec::new(), 16)
                    .await?
            }
            other => other?,
        };
        let opened = self
            .decrypt_aes_gcm(&id, sealed.iv, sealed.ciphertext, sealed.tag, Vec::new())
            .await?;
        if opened.as_slice() == PROBE {
            Ok(())
        } else {
            Err(Error::Internal {
                reason: "health probe round trip returned other bytes".into(),
            })
        }
    }
}
