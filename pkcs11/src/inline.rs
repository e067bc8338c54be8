//! The inline fast path for short PKCS#11 calls (AES on small inputs, HMAC, random bytes, key
//! wrapping).
//!
//! Profiling the gateway under load (`perf record` on `hsmgate serve` while `hsmgate bench`
//! ran KMIP Encrypt) showed more CPU in thread hand-offs than in the HSM: `block_in_place` gives
//! the worker's scheduler to another thread on every call, and that thread must be woken
//! (futex wake, context switch) each time. A SoftHSM2 AES-GCM call of 32 bytes takes under
//! 10 µs, shorter than the hand-off itself, and within what tokio tolerates between two awaits.
//! So short calls run right on the async worker, provided nothing in them can wait:
//!
//! * the module's state lock is only *tried* (a re-initialisation in progress holds it);
//! * the token's slot must be known for the current epoch, the session open and current, and
//!   the user logged in for this epoch;
//! * any error that calls for recovery (session, login, device) is not handled here.
//!
//! When one of these does not hold, the call goes the normal way ([`SessionGuard::run`]), which
//! opens sessions, logs in, recovers and retries off the workers. The normal way may therefore
//! run `f` a second time, as its own retries already may.

use crate::config::Dispatch;
use crate::ctx::OpCtx;
use crate::error::Result;
use crate::pool::{PooledSession, SessionGuard};
use crate::recovery::{self, Action};
use std::sync::atomic::Ordering;

use crate::backend::Inner;

/// Inputs up to this many bytes count as short enough to run inline.
pub(crate) const INLINE_MAX_INPUT: usize = 16 * 1024;

impl SessionGuard {
    /// Runs a short call `f` on the current worker when the session is ready, else like
    /// [`SessionGuard::run`]. `input_len` is the size of the data the call processes; larger
    /// inputs always leave the worker.
    pub async fn run_short<T, F>(&mut self, input_len: usize, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnMut(&OpCtx<'_>) -> Result<T> + Send + 'static,
    {
        let mut f = f;
        if input_len <= INLINE_MAX_INPUT && self.inner().config.dispatch != Dispatch::SpawnBlocking
        {
            let (inner, slot) = self.parts();
            if let Some(done) = try_inline(inner, slot, &mut f) {
                return done;
            }
        }
        self.run(f).await
    }
}

/// One attempt on the worker; `None` when the call must take the normal way.
fn try_inline<T>(
    inner: &Inner,
    slot: &Option<PooledSession>,
    f: &mut dyn FnMut(&OpCtx<'_>) -> Result<T>,
) -> Option<Result<T>> {
    let state = inner.module.state.try_read().ok()?;
    if !state.initialized {
        return None;
    }
    let live = inner.live_if_current(state.epoch)?;
    let pooled = slot.as_ref().filter(|s| s.generation == live.generation)?;
    if inner.login_generation.load(Ordering::Relaxed) != live.generation {
        return None;
    }
    let ctx = OpCtx {
        inner,
        session: &pooled.session,
        live,
    };
    match f(&ctx) {
        Ok(value) => Some(Ok(value)),
        Err(error) if recovery::action_for(&error) == Action::Fail => Some(Err(error)),
        // Recovery (or telling a failed GCM tag from a failed device) happens off the worker.
        Err(_) => None,
    }
}
