//! Pool and call counters: plain atomics updated on the hot path, read as a [`MetricsSnapshot`].

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

/// The PKCS#11 calls the backend counts, one counter pair (calls, errors) each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Call {
    /// C_OpenSession.
    OpenSession,
    /// C_Login.
    Login,
    /// C_FindObjects (key lookups that missed the handle cache).
    FindObjects,
    /// C_GetAttributeValue.
    GetAttributeValue,
    /// C_GenerateKey / C_GenerateKeyPair.
    GenerateKey,
    /// C_CreateObject.
    CreateObject,
    /// C_DestroyObject.
    DestroyObject,
    /// C_Encrypt.
    Encrypt,
    /// C_Decrypt.
    Decrypt,
    /// C_Sign (signatures and MACs).
    Sign,
    /// C_Verify.
    Verify,
    /// C_Digest.
    Digest,
    /// C_GenerateRandom.
    GenerateRandom,
    /// C_SeedRandom.
    SeedRandom,
    /// C_WrapKey.
    WrapKey,
    /// C_UnwrapKey.
    UnwrapKey,
    /// C_Initialize after a device error (re-initialisation).
    Reinitialize,
}

impl Call {
    /// Every counted call, in snapshot order.
    pub const ALL: [Call; 17] = [
        Call::OpenSession,
        Call::Login,
        Call::FindObjects,
        Call::GetAttributeValue,
        Call::GenerateKey,
        Call::CreateObject,
        Call::DestroyObject,
        Call::Encrypt,
        Call::Decrypt,
        Call::Sign,
        Call::Verify,
        Call::Digest,
        Call::GenerateRandom,
        Call::SeedRandom,
        Call::WrapKey,
        Call::UnwrapKey,
        Call::Reinitialize,
    ];

    /// The PKCS#11 function name.
    pub fn name(self) -> &'static str {
        match self {
            Call::OpenSession => "C_OpenSession",
            Call::Login => "C_Login",
            Call::FindObjects => "C_FindObjects",
            Call::GetAttributeValue => "C_GetAttributeValue",
            Call::GenerateKey => "C_GenerateKey",
            Call::CreateObject => "C_CreateObject",
            Call::DestroyObject => "C_DestroyObject",
            Call::Encrypt => "C_Encrypt",
            Call::Decrypt => "C_Decrypt",
            Call::Sign => "C_Sign",
            Call::Verify => "C_Verify",
            Call::Digest => "C_Digest",
            Call::GenerateRandom => "C_GenerateRandom",
            Call::SeedRandom => "C_SeedRandom",
            Call::WrapKey => "C_WrapKey",
            Call::UnwrapKey => "C_UnwrapKey",
            Call::Reinitialize => "C_Initialize",
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

const CALLS: usize = Call::ALL.len();

/// Live counters of one backend.
#[derive(Debug, Default)]
pub(crate) struct Metrics {
    pub(crate) in_use: AtomicU64,
    pub(crate) open_sessions: AtomicU64,
    pub(crate) waiters: AtomicU64,
    checkouts: AtomicU64,
    busy: AtomicU64,
    wait_micros_total: AtomicU64,
    wait_micros_max: AtomicU64,
    calls: [AtomicU64; CALLS],
    errors: [AtomicU64; CALLS],
    pub(crate) relogins: AtomicU64,
    pub(crate) sessions_replaced: AtomicU64,
}

impl Metrics {
    pub(crate) fn record_wait(&self, waited: Duration, got_session: bool) {
        let micros = u64::try_from(waited.as_micros()).unwrap_or(u64::MAX);
        self.wait_micros_total.fetch_add(micros, Relaxed);
        self.wait_micros_max.fetch_max(micros, Relaxed);
        if got_session {
            self.checkouts.fetch_add(1, Relaxed);
        } else {
            self.busy.fetch_add(1, Relaxed);
        }
    }

    pub(crate) fn record_call(&self, call: Call, ok: bool) {
        let i = call.index();
        if let Some(c) = self.calls.get(i) {
            c.fetch_add(1, Relaxed);
        }
        if !ok {
            if let Some(e) = self.errors.get(i) {
                e.fetch_add(1, Relaxed);
            }
        }
    }

    pub(crate) fn snapshot(&self, pool_size: usize) -> MetricsSnapshot {
        MetricsSnapshot {
            pool_size,
            sessions_in_use: self.in_use.load(Relaxed),
            sessions_open: self.open_sessions.load(Relaxed),
            waiters: self.waiters.load(Relaxed),
            checkouts: self.checkouts.load(Relaxed),
            busy_rejections: self.busy.load(Relaxed),
            wait_time_total: Duration::from_micros(self.wait_micros_total.load(Relaxed)),
            wait_time_max: Duration::from_micros(self.wait_micros_max.load(Relaxed)),
            relogins: self.relogins.load(Relaxed),
            sessions_replaced: self.sessions_replaced.load(Relaxed),
            calls: Call::ALL
                .iter()
                .zip(self.calls.iter().zip(self.errors.iter()))
                .map(|(call, (c, e))| CallCounts {
                    call: *call,
                    calls: c.load(Relaxed),
                    errors: e.load(Relaxed),
                })
                .collect(),
        }
    }
}

/// Calls and errors of one PKCS#11 function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallCounts {
    /// Which function.
    pub call: Call,
    /// How many times it was called.
    pub calls: u64,
    /// How many of those failed.
    pub errors: u64,
}

/// A point-in-time copy of a backend's counters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MetricsSnapshot {
    /// The pool's size (sessions that may be open at once).
    pub pool_size: usize,
    /// Sessions checked out right now.
    pub sessions_in_use: u64,
    /// Sessions open on the token (idle or in use).
    pub sessions_open: u64,
    /// Callers waiting for a session right now.
    pub waiters: u64,
    /// Successful checkouts so far.
    pub checkouts: u64,
    /// Checkouts that hit their deadline.
    pub busy_rejections: u64,
    /// Total time callers spent waiting for a session.
    pub wait_time_total: Duration,
    /// Longest single wait.
    pub wait_time_max: Duration,
    /// Logins repeated after the token reported the user logged out.
    pub relogins: u64,
    /// Sessions discarded after an error and replaced.
    pub sessions_replaced: u64,
    /// Calls and errors per PKCS#11 function.
    pub calls: Vec<CallCounts>,
}

impl MetricsSnapshot {
    /// The counts for one function.
    pub fn call(&self, call: Call) -> CallCounts {
        self.calls
            .iter()
            .find(|c| c.call == call)
            .copied()
            .unwrap_or(CallCounts {
                call,
                calls: 0,
                errors: 0,
            })
    }
}
