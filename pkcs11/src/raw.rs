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
//! same module instance, with the same sessions and login state. The functions are taken from
//! the module's own function list (`C_GetFunctionList`), the one symbol every module exports
//! (NSS's softoken exports no other `C_*` symbol).

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
    /// Keeps the library loaded, so the function pointers below stay valid.
    _lib: cryptoki_sys::Pkcs11,
    encrypt: EncryptFn,
    decrypt: EncryptFn,
    wrap_key: WrapKeyFn,
}

type EncryptFn = unsafe extern "C" fn(
    cryptoki_sys::CK_SESSION_HANDLE,
    *mut u8,
    CK_ULONG,
    *mut u8,
    *mut CK_ULONG,
) -> cryptoki_sys::CK_RV;

type WrapKeyFn = unsafe extern "C" fn(
    cryptoki_sys::CK_SESSION_HANDLE,
    *mut CK_MECHANISM,
    cryptoki_sys::CK_OBJECT_HANDLE,
    cryptoki_sys::CK_OBJECT_HANDLE,
    *mut u8,
    *mut CK_ULONG,
) -> cryptoki_sys::CK_RV;

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

/// Opens the module file again (see the module docs) and copies its function list (the one
/// symbol every module exports). The function pointers in it stay valid while the returned
/// library handle is held.
pub(crate) fn open_function_list(
    path: &Path,
) -> Result<(cryptoki_sys::Pkcs11, cryptoki_sys::CK_FUNCTION_LIST)> {
    let missing = || Error::Unsupported {
        what: "module lacks C_GetFunctionList",
    };
    // SAFETY: loading a shared library runs its initialisers. The same file has already been
    // loaded by `cryptoki::context::Pkcs11::new` for this module, so the loader returns the
    // existing instance and no new initialiser runs.
    let lib = unsafe { cryptoki_sys::Pkcs11::new(path) }.map_err(|e| Error::ModuleLoad {
        reason: e.to_string(),
    })?;
    let get_list = *lib.C_GetFunctionList.as_ref().map_err(|_| missing())?;
    let mut list: *mut cryptoki_sys::CK_FUNCTION_LIST = std::ptr::null_mut();
    // SAFETY: `C_GetFunctionList` writes one pointer to `list`, valid for writes.
    let rv = unsafe { get_list(&mut list) };
    Rv::from(rv).into_result(Function::GetFunctionList)?;
    // SAFETY: on success the pointer is the module's static function list, valid (and never
    // written again) while the library stays loaded; it is copied before `lib` is returned.
    let list = *unsafe { list.as_ref() }.ok_or_else(missing)?;
    Ok((lib, list))
}

impl RawModule {
    /// Opens the module file again (see the module docs) and takes the functions used here from
    /// its function list.
    pub(crate) fn load(path: &Path) -> Result<Self> {
        let missing = || Error::Unsupported {
            what: "module lacks C_Encrypt, C_Decrypt or C_WrapKey",
        };
        let (lib, list) = open_function_list(path)?;
        Ok(Self {
            encrypt: list.C_Encrypt.ok_or_else(missing)?,
            decrypt: list.C_Decrypt.ok_or_else(missing)?,
            wrap_key: list.C_WrapKey.ok_or_else(missing)?,
            _lib: lib,
        })
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
                let function = if encrypt { self.encrypt } else { self.decrypt };
                let rv = unsafe {
                    function(
                        handle,
                        data.as_ptr().cast_mut(),
                        data_len,
                        out.as_mut_ptr(),
                        len,
                    )
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
                    (self.wrap_key)(
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

/// A [`cryptoki::mechanism::MechanismType`] for a standard mechanism cryptoki 0.12 has no
/// constant for (PKCS#11 3.0's ChaCha20 family). Its constructors accept only values it knows or
/// vendor-defined ones, and its mechanism list filters unknown values out.
pub(crate) fn mechanism_type(
    value: cryptoki_sys::CK_MECHANISM_TYPE,
) -> cryptoki::mechanism::MechanismType {
    // SAFETY: `MechanismType` is `#[repr(transparent)]` over `CK_MECHANISM_TYPE` (cryptoki relies
    // on it itself to read mechanism lists in place), every value of the field is valid, and
    // `transmute` checks that the sizes agree at compile time.
    unsafe {
        std::mem::transmute::<cryptoki_sys::CK_MECHANISM_TYPE, cryptoki::mechanism::MechanismType>(
            value,
        )
    }
}

/// A [`cryptoki::object::KeyType`] for a standard key type cryptoki 0.12 has no constant for
/// (`CKK_CHACHA20`); as [`mechanism_type`].
pub(crate) fn key_type(value: cryptoki_sys::CK_KEY_TYPE) -> cryptoki::object::KeyType {
    // SAFETY: `KeyType` is `#[repr(transparent)]` over `CK_KEY_TYPE`, every value of the field is
    // valid, and `transmute` checks that the sizes agree at compile time.
    unsafe { std::mem::transmute::<cryptoki_sys::CK_KEY_TYPE, cryptoki::object::KeyType>(value) }
}

/// `C_Initialize` arguments with OS locking and, when given, the module-specific parameter
/// string in `pReserved` (NSS's softoken reads its database folder and flags from there).
pub(crate) fn initialize_args(
    parameters: Option<&std::ffi::CStr>,
) -> cryptoki::context::CInitializeArgs {
    use cryptoki::context::{CInitializeArgs, CInitializeFlags};
    match parameters.and_then(|p| std::ptr::NonNull::new(p.as_ptr().cast_mut())) {
        // SAFETY: the pointer is a NUL-terminated string owned by the caller's `Module`, which
        // outlives every `C_Initialize` call made with these arguments; the module only reads it.
        Some(reserved) => unsafe {
            CInitializeArgs::new_with_reserved(CInitializeFlags::OS_LOCKING_OK, reserved.cast())
        },
        None => CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK),
    }
}
