//! The crate's only `unsafe` code: single-call PKCS#11 functions whose output size is known.
//!
//! cryptoki's `Session::wrap_key`, `encrypt` and `decrypt` call the C function twice: once with a
//! NULL buffer to learn the output length, then for real. SoftHSM2 performs the whole wrap on
//! both calls, so a wrap costs two wraps. When the caller knows the output size (AES-KW: n+8,
//! AES-KWP: padded n+8, AES-GCM: n+tag), one call with a right-sized buffer suffices.
//!
//! cryptoki gives the raw session handle (`Session::handle`) but keeps its function list private.
//! So this module opens the same module file a second time through cryptoki-sys: the dynamic
//! loader returns the already-loaded library (reference counted), so both handles call into the
//! same module instance, with the same sessions and login state. The functions used are the
//! module's exported `C_*` symbols, which PKCS#11 requires to be the same functions its function
//! list points at.

use std::path::Path;

use cryptoki::context::Function;
use cryptoki::error::{Rv, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::ObjectHandle;
use cryptoki::session::Session;
use cryptoki_sys::{CK_MECHANISM, CK_ULONG};

use crate::error::{Error, Result};

/// Largest output this module allocates when the token asks for a bigger buffer than expected.
const MAX_OUTPUT: usize = 64 * 1024 * 1024;

/// A second handle on a loaded PKCS#11 module, for the calls below.
pub(crate) struct RawModule {
    lib: cryptoki_sys::Pkcs11,
}

impl std::fmt::Debug for RawModule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RawModule")
    }
}

/// One PKCS#11 call that writes a byte string of a size the caller can predict.
#[derive(Clone, Copy)]
pub(crate) enum SizedCall<'a> {
    /// `C_Encrypt` on an operation already started with `C_EncryptInit` on the same session.
    Encrypt(&'a [u8]),
    /// `C_Decrypt` on an operation already started with `C_DecryptInit` on the same session.
    Decrypt(&'a [u8]),
    /// `C_WrapKey`.
    WrapKey {
        mechanism: &'a Mechanism<'a>,
        wrapping_key: ObjectHandle,
        key: ObjectHandle,
    },
}

impl RawModule {
    /// Opens the module file again (see the module docs) and checks the symbols used here.
    pub(crate) fn load(path: &Path) -> Result<Self> {
        // SAFETY: loading a shared library runs its initialisers. The same file has already been
        // loaded by `cryptoki::context::Pkcs11::new` for this backend, so the loader returns the
        // existing instance and no new initialiser runs.
        let lib = unsafe { cryptoki_sys::Pkcs11::new(path) }.map_err(|e| Error::ModuleLoad {
            reason: e.to_string(),
        })?;
        if lib.C_Encrypt.is_err() || lib.C_Decrypt.is_err() || lib.C_WrapKey.is_err() {
            return Err(Error::Unsupported {
                what: "module lacks C_Encrypt, C_Decrypt or C_WrapKey symbols",
            });
        }
        Ok(Self { lib })
    }

    /// Runs `call` once with a `capacity`-byte buffer and returns the output. If the token answers
    /// `CKR_BUFFER_TOO_SMALL` (the prediction was wrong), calls again with the size it asked for;
    /// PKCS#11 keeps the operation active in that case.
    pub(crate) fn call_sized(
        &self,
        session: &Session,
        call: SizedCall<'_>,
        capacity: usize,
    ) -> Result<Vec<u8>> {
        let mut out = vec![0u8; capacity.max(1)];
        for _ in 0..2 {
            let mut len = CK_ULONG::try_from(out.len()).map_err(|_| Error::InvalidInput {
                reason: "output too large",
            })?;
            let (rv, function) = self.call_once(session, call, &mut out, &mut len)?;
            let written = usize::try_from(len).map_err(|_| Error::Internal {
                reason: "output length overflow".into(),
            })?;
            match Rv::from(rv).into_result(function) {
                Ok(()) if written <= out.len() => {
                    out.truncate(written);
                    return Ok(out);
                }
                Ok(()) => break,
                Err(cryptoki::error::Error::Pkcs11(RvError::BufferTooSmall, _))
                    if written > out.len() && written <= MAX_OUTPUT =>
                {
                    out.resize(written, 0);
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(Error::Internal {
            reason: "token kept reporting a larger output size".into(),
        })
    }

    /// One FFI call. Returns the raw return value and the function called.
    fn call_once(
        &self,
        session: &Session,
        call: SizedCall<'_>,
        out: &mut [u8],
        len: &mut CK_ULONG,
    ) -> Result<(cryptoki_sys::CK_RV, Function)> {
        let handle = session.handle();
        match call {
            SizedCall::Encrypt(data) | SizedCall::Decrypt(data) => {
                let data_len = CK_ULONG::try_from(data.len()).map_err(|_| Error::InvalidInput {
                    reason: "input too large",
                })?;
                let encrypt = matches!(call, SizedCall::Encrypt(_));
                // SAFETY: `handle` is a live session of this module instance, owned by `session`
                // (borrowed, so not closed meanwhile; `Session` is !Sync, so no other thread uses
                // it). `data` is valid for `data_len` bytes and only read (the C prototype lacks
                // `const`). `out` is valid for `*len` bytes, the module writes at most that many
                // and stores the written length in `len`.
                let rv = unsafe {
                    if encrypt {
                        self.lib.C_Encrypt(
                            handle,
                            data.as_ptr().cast_mut(),
                            data_len,
                            out.as_mut_ptr(),
                            len,
                        )
                    } else {
                        self.lib.C_Decrypt(
                            handle,
                            data.as_ptr().cast_mut(),
                            data_len,
                            out.as_mut_ptr(),
                            len,
                        )
                    }
                };
                Ok((
                    rv,
                    if encrypt {
                        Function::Encrypt
                    } else {
                        Function::Decrypt
                    },
                ))
            }
            SizedCall::WrapKey {
                mechanism,
                wrapping_key,
                key,
            } => {
                let mut mech: CK_MECHANISM = mechanism.into();
                // SAFETY: as above for `handle`, `out` and `len`. `mech` and the parameter block
                // it points to (owned by `mechanism`, borrowed for this call) outlive the call.
                let rv = unsafe {
                    self.lib.C_WrapKey(
                        handle,
                        &mut mech,
                        wrapping_key.handle(),
                        key.handle(),
                        out.as_mut_ptr(),
                        len,
                    )
                };
                Ok((rv, Function::WrapKey))
            }
        }
    }
}
