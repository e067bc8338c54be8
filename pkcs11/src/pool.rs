//! The session pool: bounded, fair, with deadlines, and the blocking call runner.
//!
//! * A tokio [`Semaphore`] with one permit per session bounds the pool; its queue is FIFO, so
//!   waiters are served in arrival order. A caller past its deadline gets [`Error::Busy`].
//! * The permit holder takes an idle session or, on the blocking thread, opens a new one; the
//!   [`SessionGuard`] gives it back on drop. A session that failed is dropped and replaced.
//! * Long PKCS#11 calls never run on an async worker: [`SessionGuard::run`] either hands the
//!   worker's scheduler to another thread and runs the call in place (`block_in_place`, the
//!   default) or moves the session to a blocking-pool thread and back (`spawn_blocking`).
//!   `benches/pool.rs` measures both against raw cryptoki calls; [`Dispatch`] says why
//!   `block_in_place` is the default. Short calls on a ready session run on the worker itself
//!   (`inline.rs`, [`SessionGuard::run_short`]).
//! * The runner retries a call after the recovery step its error calls for (see `recovery`).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use cryptoki::session::{Session, SessionState, UserType};
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::Instant;

use crate::backend::{Inner, Live, NO_GENERATION};
use crate::config::Dispatch;
use crate::ctx::OpCtx;
use crate::error::{Error, Result};
use crate::metrics::Call;
use crate::recovery::{self, Action};
use cryptoki::error::RvError;

/// Attempts per call: session replacement, re-login and re-initialisation may each be needed once.
const MAX_ATTEMPTS: usize = 4;

/// A session and the backend generation it was opened in.
pub(crate) struct PooledSession {
    pub(crate) session: Session,
    pub(crate) generation: u64,
}

/// A checked-out session slot. Dropping it returns the session to the pool.
pub struct SessionGuard {
    inner: Arc<Inner>,
    session: Option<PooledSession>,
    /// `None` only while a `spawn_blocking` call holds it (see [`InFlight`]).
    permit: Option<OwnedSemaphorePermit>,
}

/// A session and its permit lent to a blocking thread. If the caller's future is dropped while
/// the call runs (a cancelled request), tokio still finishes the call and drops its output: this
/// returns the session to the pool, then frees the permit, so the pool never holds more
/// sessions than permits and no session is leaked.
struct InFlight {
    inner: Arc<Inner>,
    slot: Option<PooledSession>,
    permit: Option<OwnedSemaphorePermit>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some(s) = self.slot.take() {
            self.inner
                .idle
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(s);
        }
        drop(self.permit.take());
    }
}

impl std::fmt::Debug for SessionGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionGuard")
            .field("backend", &self.inner.config.name)
            .finish_non_exhaustive()
    }
}

pub(crate) async fn checkout(inner: &Arc<Inner>, deadline: Instant) -> Result<SessionGuard> {
    let started = Instant::now();
    let permit = match Arc::clone(&inner.permits).try_acquire_owned() {
        Ok(p) => p,
        Err(_) => {
            inner.metrics.waiters.fetch_add(1, Ordering::Relaxed);
            let acquired =
                tokio::time::timeout_at(deadline, Arc::clone(&inner.permits).acquire_owned()).await;
            inner.metrics.waiters.fetch_sub(1, Ordering::Relaxed);
            match acquired {
                Ok(Ok(p)) => p,
                Ok(Err(_closed)) => {
                    return Err(Error::Unavailable {
                        reason: "session pool closed",
                    })
                }
                Err(_elapsed) => {
                    let waited = started.elapsed();
                    inner.metrics.record_wait(waited, false);
                    return Err(Error::Busy { waited });
                }
            }
        }
    };
    inner.metrics.record_wait(started.elapsed(), true);
    inner.metrics.in_use.fetch_add(1, Ordering::Relaxed);
    let session = inner.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
    Ok(SessionGuard {
        inner: Arc::clone(inner),
        session,
        permit: Some(permit),
    })
}

impl SessionGuard {
    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// The backend and the session slot, for the inline fast path (`inline.rs`).
    pub(crate) fn parts(&self) -> (&Inner, &Option<PooledSession>) {
        (&self.inner, &self.session)
    }

    /// Runs `f` with this session off the async worker threads (see [`Dispatch`]). On a
    /// session, login, handle or device error the session is replaced / the user logged in again
    /// / the module re-initialised, and `f` runs again (so it may run more than once).
    pub async fn run<T, F>(&mut self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnMut(&OpCtx<'_>) -> Result<T> + Send + 'static,
    {
        let multi_thread = tokio::runtime::Handle::try_current()
            .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
        if self.inner.config.dispatch == Dispatch::BlockInPlace && multi_thread {
            // Synchronous: cannot be cancelled half-way, the session stays with the guard.
            let inner = Arc::clone(&self.inner);
            let slot = &mut self.session;
            return tokio::task::block_in_place(|| {
                let mut f = f;
                execute(&inner, slot, &mut f)
            });
        }
        let mut lent = InFlight {
            inner: Arc::clone(&self.inner),
            slot: self.session.take(),
            permit: self.permit.take(),
        };
        let (mut lent, result) = tokio::task::spawn_blocking(move || {
            let mut f = f;
            let result = execute(&lent.inner, &mut lent.slot, &mut f);
            (lent, result)
        })
        .await
        .map_err(|e| Error::Internal {
            reason: format!("HSM worker failed: {e}"),
        })?;
        self.session = lent.slot.take();
        self.permit = lent.permit.take();
        result
    }
}

impl Drop for SessionGuard {
    fn drop(&mut self) {
        self.inner.metrics.in_use.fetch_sub(1, Ordering::Relaxed);
        if let Some(s) = self.session.take() {
            self.inner
                .idle
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(s);
        }
    }
}

/// Opens a read/write session on the live token and makes sure the user is logged in.
pub(crate) fn open_session(inner: &Inner, live: &Live) -> Result<PooledSession> {
    // Not closed on drop: a session of a finalised module must be dropped without C_CloseSession,
    // since its handle number may since belong to another session. Closing is explicit.
    let opened = inner.module.ctx.open_rw_session_no_drop(live.slot);
    inner.metrics.record_call(Call::OpenSession, opened.is_ok());
    let session = opened?;
    inner.metrics.open_sessions.fetch_add(1, Ordering::Relaxed);
    // A new session may find the token logged out (all sessions were closed meanwhile).
    let logged_in = session
        .get_session_info()
        .map(|i| {
            matches!(
                i.session_state(),
                SessionState::RoUser | SessionState::RwUser
            )
        })
        .unwrap_or(false);
    if !logged_in {
        inner
            .login_generation
            .store(NO_GENERATION, Ordering::Relaxed);
    }
    let pooled = PooledSession {
        session,
        generation: live.generation,
    };
    if let Err(e) = ensure_login(inner, &pooled.session, live.generation) {
        discard(inner, pooled, true);
        return Err(e);
    }
    Ok(pooled)
}

fn ensure_login(inner: &Inner, session: &Session, generation: u64) -> Result<()> {
    if inner.login_generation.load(Ordering::Relaxed) == generation {
        return Ok(());
    }
    let pin = inner.pin.auth_pin();
    let result = match session.login(UserType::User, Some(&pin)) {
        Err(cryptoki::error::Error::Pkcs11(cryptoki::error::RvError::UserAlreadyLoggedIn, _)) => {
            Ok(())
        }
        other => other,
    };
    inner.metrics.record_call(Call::Login, result.is_ok());
    result?;
    inner.login_generation.store(generation, Ordering::Relaxed);
    Ok(())
}

/// Gives up a session: closed when `close` (it is healthy and current), else just forgotten.
fn discard(inner: &Inner, s: PooledSession, close: bool) {
    inner.metrics.open_sessions.fetch_sub(1, Ordering::Relaxed);
    if close {
        let _ = s.session.close();
    }
}

/// The retry loop, on a blocking thread.
fn execute<T>(
    inner: &Inner,
    slot: &mut Option<PooledSession>,
    f: &mut dyn FnMut(&OpCtx<'_>) -> Result<T>,
) -> Result<T> {
    let module = &inner.module;
    let (backoff_min, backoff_max) = (
        inner.config.reinit_backoff_min,
        inner.config.reinit_backoff_max,
    );
    let mut last_error = None;
    for _ in 0..MAX_ATTEMPTS {
        let (result, epoch) = {
            // Held for the whole call: re-initialisation (write lock) waits for calls in flight.
            let state = module.state.read().unwrap_or_else(|p| p.into_inner());
            if !state.initialized {
                drop(state);
                let outcome = module.reinitialize(None, None, backoff_min, backoff_max);
                inner
                    .metrics
                    .record_call(Call::Reinitialize, outcome.is_ok());
                outcome?;
                continue;
            }
            let result = inner
                .live_for(state.epoch)
                .and_then(|live| attempt(inner, slot, &live, f));
            (result, state.epoch)
        };
        let error = match result {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let action = recovery::action_for(&error);
        match action {
            Action::Fail => return Err(error),
            Action::ReplaceSession | Action::ResetSession => {
                if let Some(s) = slot.take() {
                    // Only a live session of the current epoch may be closed: an invalid one's
                    // handle number may already belong to another session.
                    let state = module.state.read().unwrap_or_else(|p| p.into_inner());
                    let close = action == Action::ResetSession && s.generation == state.epoch;
                    discard(inner, s, close);
                }
                inner
                    .metrics
                    .sessions_replaced
                    .fetch_add(1, Ordering::Relaxed);
            }
            Action::Relogin => {
                inner
                    .login_generation
                    .store(NO_GENERATION, Ordering::Relaxed);
                inner.handles.clear();
                inner.metrics.relogins.fetch_add(1, Ordering::Relaxed);
            }
            Action::Reinitialize => {
                if error.rv() == Some(RvError::GeneralError) && session_answers(module, slot) {
                    // A failed operation, not a failed device (SoftHSM2 reports e.g. a GCM tag
                    // mismatch this way).
                    return Err(error);
                }
                if let Some(s) = slot.take() {
                    discard(inner, s, false);
                }
                let outcome =
                    module.reinitialize(Some(epoch), error.rv(), backoff_min, backoff_max);
                inner
                    .metrics
                    .record_call(Call::Reinitialize, outcome.is_ok());
                outcome?;
            }
        }
        tracing::debug!(backend = %inner.config.name, %error, "retrying after recovery");
        last_error = Some(error);
    }
    Err(last_error.unwrap_or(Error::Unavailable {
        reason: "recovery did not converge",
    }))
}

/// Whether the module still answers on this session.
fn session_answers(module: &crate::module::Module, slot: &Option<PooledSession>) -> bool {
    let _state = module.state.read().unwrap_or_else(|p| p.into_inner());
    slot.as_ref()
        .is_some_and(|s| s.session.get_session_info().is_ok())
}

/// One attempt with the live state read-locked by the caller.
fn attempt<T>(
    inner: &Inner,
    slot: &mut Option<PooledSession>,
    live: &Live,
    f: &mut dyn FnMut(&OpCtx<'_>) -> Result<T>,
) -> Result<T> {
    if let Some(stale) = slot.take_if(|s| s.generation != live.generation) {
        discard(inner, stale, false);
    }
    let pooled = match slot {
        Some(s) => s,
        None => slot.insert(open_session(inner, live)?),
    };
    ensure_login(inner, &pooled.session, live.generation)?;
    f(&OpCtx {
        inner,
        session: &pooled.session,
        live: *live,
    })
}
