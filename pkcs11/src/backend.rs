//! A backend: one token (found by label) on one PKCS#11 module, with its session pool, handle
//! cache, counters and recovery state. Cheap to clone; share it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cryptoki::slot::{Limit, Slot};
use tokio::sync::Semaphore;
use tokio::time::Instant;

use crate::config::BackendConfig;
use crate::ctx::OpCtx;
use crate::error::{Error, Result};
use crate::handles::HandleCache;
use crate::metrics::{Metrics, MetricsSnapshot};
use crate::module::{self, Module};
use crate::pin::Pin;
use crate::pool::{self, PooledSession, SessionGuard};

/// Default of [`BackendConfig::checkout_timeout`].
pub const DEFAULT_CHECKOUT_TIMEOUT: Duration = Duration::from_secs(5);

/// The token's slot in one module epoch; sessions of this generation (= epoch) are usable.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Live {
    pub(crate) slot: Slot,
    pub(crate) generation: u64,
}

/// Sentinel for "not logged in in any generation".
pub(crate) const NO_GENERATION: u64 = 0;

pub(crate) struct Inner {
    pub(crate) config: BackendConfig,
    pub(crate) pin: Pin,
    pub(crate) module: Arc<Module>,
    /// Where the token was found in the module's current epoch.
    live: Mutex<Option<Live>>,
    /// The generation in which the user last logged in (login state is per application).
    pub(crate) login_generation: AtomicU64,
    pub(crate) idle: Mutex<Vec<PooledSession>>,
    pub(crate) permits: Arc<Semaphore>,
    pub(crate) size: usize,
    pub(crate) handles: HandleCache,
    pub(crate) metrics: Metrics,
    /// Which ChaCha20 mechanisms the token offers (probed once at open).
    pub(crate) chacha: crate::ops::ChaChaSupport,
}

impl Inner {
    /// The token's slot for module epoch `epoch` (caller holds the module's state lock for
    /// reading). After a re-initialisation the token is found again by label and every session
    /// of the old epoch is dropped.
    pub(crate) fn live_for(&self, epoch: u64) -> Result<Live> {
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(l) = *live {
            if l.generation == epoch {
                return Ok(l);
            }
        }
        *live = None;
        self.drop_all_sessions();
        let slot = module::find_token(&self.module.ctx, &self.config.token_label)?;
        let l = Live {
            slot,
            generation: epoch,
        };
        *live = Some(l);
        Ok(l)
    }

    /// The token's slot when it is already known for module epoch `epoch`; never searches.
    pub(crate) fn live_if_current(&self, epoch: u64) -> Option<Live> {
        let live = self.live.try_lock().ok()?;
        live.filter(|l| l.generation == epoch)
    }

    /// Drops every idle session without closing it (used when the module went away) and
    /// forgets handles and login state.
    pub(crate) fn drop_all_sessions(&self) {
        let dropped = std::mem::take(&mut *self.idle.lock().unwrap_or_else(|p| p.into_inner()));
        self.metrics
            .open_sessions
            .fetch_sub(dropped.len() as u64, Ordering::Relaxed);
        self.handles.clear();
        self.login_generation
            .store(NO_GENERATION, Ordering::Relaxed);
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Close our idle sessions if they still belong to the live module instance. The module
        // is not finalised: other backends in this process may share it.
        let state = self.module.state.read().unwrap_or_else(|p| p.into_inner());
        let idle = std::mem::take(&mut *self.idle.lock().unwrap_or_else(|p| p.into_inner()));
        for s in idle {
            if state.initialized && s.generation == state.epoch {
                let _ = s.session.close();
            }
        }
    }
}

/// One HSM backend. Clone it freely; all clones share one pool.
#[derive(Clone)]
pub struct Backend {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backend")
            .field("name", &self.inner.config.name)
            .field("token_label", &self.inner.config.token_label)
            .field("pool_size", &self.inner.size)
            .finish_non_exhaustive()
    }
}

impl Backend {
    /// Loads the module, initialises it (OS locking), finds the token by label, reads the PIN,
    /// and logs in once (which checks the PIN). Runs the blocking part on a blocking thread.
    pub async fn open(config: BackendConfig) -> Result<Self> {
        tokio::task::spawn_blocking(move || Self::open_blocking(config))
            .await
            .map_err(|e| Error::Internal {
                reason: format!("open task failed: {e}"),
            })?
    }

    fn open_blocking(config: BackendConfig) -> Result<Self> {
        if config.pool_size == 0 {
            return Err(Error::InvalidInput {
                reason: "pool size must be at least 1",
            });
        }
        let pin = config.pin.read()?;
        let module = module::load(&config.module, config.module_parameters.as_deref())?;
        let state = *module.state.read().unwrap_or_else(|p| p.into_inner());
        if !state.initialized {
            return Err(Error::Unavailable {
                reason: "module is re-initialising",
            });
        }
        let slot = module::find_token(&module.ctx, &config.token_label)?;
        let info = module.ctx.get_token_info(slot)?;
        let token_max = match info.max_session_count() {
            Limit::Max(n) => usize::try_from(n).unwrap_or(usize::MAX).max(1),
            Limit::Infinite | Limit::Unavailable => usize::MAX,
        };
        let size = config.pool_size.min(token_max);
        let chacha = crate::ops::ChaChaSupport::probe(&module.ctx, slot);
        let inner = Arc::new(Inner {
            config,
            pin,
            module,
            live: Mutex::new(None),
            login_generation: AtomicU64::new(NO_GENERATION),
            idle: Mutex::new(Vec::with_capacity(size)),
            permits: Arc::new(Semaphore::new(size)),
            size,
            handles: HandleCache::default(),
            metrics: Metrics::default(),
            chacha,
        });
        // Open the first session now so that a wrong PIN fails here, not on the first request.
        let first = {
            let state = inner.module.state.read().unwrap_or_else(|p| p.into_inner());
            let live = inner.live_for(state.epoch)?;
            pool::open_session(&inner, &live)?
        };
        inner
            .idle
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(first);
        tracing::info!(backend = %inner.config.name, pool_size = size, "HSM backend open");
        Ok(Self { inner })
    }

    /// The configured name.
    pub fn name(&self) -> &str {
        &self.inner.config.name
    }

    /// Number of sessions the pool may hold: min(token's maximum, configured size).
    pub fn pool_size(&self) -> usize {
        self.inner.size
    }

    /// Current counters.
    pub fn metrics(&self) -> MetricsSnapshot {
        self.inner.metrics.snapshot(self.inner.size)
    }

    /// Checks out a session, waiting (first come, first served) until `deadline` at most, then
    /// [`Error::Busy`]. The guard returns the session to the pool on drop.
    pub async fn session(&self, deadline: Instant) -> Result<SessionGuard> {
        pool::checkout(&self.inner, deadline).await
    }

    /// Checks out a session (waiting [`BackendConfig::checkout_timeout`] at most) and runs `f`
    /// off the async workers, with recovery and retries (so `f` may run more than once).
    pub(crate) async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnMut(&OpCtx<'_>) -> Result<T> + Send + 'static,
    {
        self.session_in_time().await?.run(f).await
    }

    /// Like [`Backend::run`] for a short call on `input_len` bytes: on the async worker itself
    /// when the session is ready (see `inline.rs`).
    pub(crate) async fn run_short<T, F>(&self, input_len: usize, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnMut(&OpCtx<'_>) -> Result<T> + Send + 'static,
    {
        self.session_in_time().await?.run_short(input_len, f).await
    }

    /// Checks out a session, waiting [`BackendConfig::checkout_timeout`] at most.
    async fn session_in_time(&self) -> Result<SessionGuard> {
        self.session(Instant::now() + self.inner.config.checkout_timeout)
            .await
    }
}
