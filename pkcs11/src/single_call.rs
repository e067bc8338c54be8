//! Single-call `C_WrapKey` for code outside the pool that holds its own cryptoki session: the
//! load generator's `--raw` baseline compares the gateway's wrapped Get with the best the HSM
//! can do, which is one C_WrapKey call with a right-sized buffer (see `raw.rs` for why cryptoki's
//! own `wrap_key` costs two).

use std::path::Path;

use cryptoki::mechanism::Mechanism;
use cryptoki::object::ObjectHandle;
use cryptoki::session::Session;

use crate::error::Result;
use crate::raw::{RawModule, SizedCall};

/// The module's single-call functions, loaded from the same module file as the caller's
/// cryptoki context (the loader returns the instance already loaded).
#[derive(Debug)]
pub struct SingleCall {
    raw: RawModule,
}

impl SingleCall {
    /// Opens the already-loaded module at `path` a second time for its `C_*` symbols.
    pub fn load(path: &Path) -> Result<Self> {
        Ok(SingleCall {
            raw: RawModule::load(path)?,
        })
    }

    /// `C_WrapKey` once, with an output buffer of `capacity` bytes (called again only if the
    /// token says the buffer is too small).
    pub fn wrap_key(
        &self,
        session: &Session,
        mechanism: &Mechanism<'_>,
        wrapping_key: ObjectHandle,
        key: ObjectHandle,
        capacity: usize,
    ) -> Result<Vec<u8>> {
        let call = SizedCall::WrapKey {
            mechanism,
            wrapping_key,
            key,
        };
        self.raw.call_sized(session, call, capacity)
    }
}
