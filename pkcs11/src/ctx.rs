//! What an operation closure sees: the checked-out session, key lookup through the handle
//! cache, the single-call FFI functions, and call counting.

use cryptoki::object::{Attribute, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, SessionState};

use crate::backend::{Inner, Live};
use crate::error::{Error, Result};
use crate::metrics::Call;
use crate::raw::RawModule;

/// What an operation closure gets: the session, the key lookup, the raw single-call functions.
pub struct OpCtx<'a> {
    pub(crate) inner: &'a Inner,
    pub(crate) session: &'a Session,
    pub(crate) live: Live,
}

impl std::fmt::Debug for OpCtx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OpCtx")
    }
}

impl OpCtx<'_> {
    /// The checked-out session (logged in as user).
    pub fn session(&self) -> &Session {
        self.session
    }

    pub(crate) fn raw(&self) -> &RawModule {
        &self.inner.module.raw
    }

    /// Converts a cryptoki result and counts the call.
    /// Held while this call checks for and creates (or destroys) token objects, so no other
    /// call of the module does the same at once (see `Module::object_writes`).
    pub(crate) fn object_writes(&self) -> std::sync::MutexGuard<'_, ()> {
        self.inner
            .module
            .object_writes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` holding [`Self::object_writes`].
    pub(crate) fn token_write<T>(&self, f: impl FnOnce() -> T) -> T {
        let _serialised = self.object_writes();
        f()
    }

    pub(crate) fn record<T>(&self, call: Call, result: cryptoki::error::Result<T>) -> Result<T> {
        self.inner.metrics.record_call(call, result.is_ok());
        result.map_err(Error::from)
    }

    /// Counts a call whose result is already converted.
    pub(crate) fn record_ok<T>(&self, call: Call, result: Result<T>) -> Result<T> {
        self.inner.metrics.record_call(call, result.is_ok());
        result
    }

    /// The handle of the one object with this CKA_ID and class, from the cache or the token.
    pub fn find_key(&self, id: &[u8], class: ObjectClass) -> Result<ObjectHandle> {
        let generation = self.live.generation;
        if let Some(h) = self.inner.handles.get(id, class, generation) {
            return Ok(h);
        }
        let found = self.find_all(id, Some(class))?;
        match found.as_slice() {
            [one] => {
                self.inner.handles.insert(id, class, generation, *one);
                Ok(*one)
            }
            [] => Err(self.not_found(id)),
            _ => Err(Error::AmbiguousKey {
                id: String::from_utf8_lossy(id).into_owned(),
            }),
        }
    }

    /// Remembers the handle of an object this call just made, so that its first use needs no
    /// C_FindObjects (which SoftHSM2 answers by reading every object of the token).
    pub(crate) fn remember(&self, id: &[u8], class: ObjectClass, handle: ObjectHandle) {
        self.inner
            .handles
            .insert(id, class, self.live.generation, handle);
    }

    /// Every object with this CKA_ID (and class, if given), uncached.
    pub fn find_all(&self, id: &[u8], class: Option<ObjectClass>) -> Result<Vec<ObjectHandle>> {
        let mut template = vec![Attribute::Id(id.to_vec())];
        if let Some(c) = class {
            template.push(Attribute::Class(c));
        }
        self.record(Call::FindObjects, self.session.find_objects(&template))
    }

    /// "Not found" — unless the session is not logged in, in which case private keys are merely
    /// invisible and the caller should log in again (the runner does, on this error).
    pub(crate) fn not_found(&self, id: &[u8]) -> Error {
        match self.session.get_session_info() {
            Ok(info)
                if !matches!(
                    info.session_state(),
                    SessionState::RoUser | SessionState::RwUser
                ) =>
            {
                Error::pkcs11(
                    cryptoki::context::Function::FindObjects,
                    cryptoki::error::RvError::UserNotLoggedIn,
                )
            }
            _ => Error::key_not_found(id),
        }
    }

    pub(crate) fn forget_handles(&self, id: &[u8]) {
        self.inner.handles.remove_id(id);
    }
}
