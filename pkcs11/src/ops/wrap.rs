//! Key wrapping and unwrapping: AES key wrap (RFC 3394), AES key wrap with padding (RFC 5649),
//! RSA-OAEP, and CKM_RSA_AES_KEY_WRAP (composed from KWP and RSA-OAEP inside the HSM when the token
//! lacks it: `rsa_aes_wrap`). Unwrap creates the key inside the HSM.
//!
//! Wrapping is one C_WrapKey call with a buffer large enough for any key this crate creates
//! ([`WRAP_BUFFER`]: AES-KW/KWP of a secret up to 1 KiB, RSA-OAEP up to 8192-bit moduli) instead
//! of cryptoki's size query plus call; SoftHSM2 performs the whole wrap for the size query too,
//! so this halves the work. A larger output (e.g. a wrapped RSA private key) costs one extra
//! call, reported by the token as CKR_BUFFER_TOO_SMALL.

use cryptoki::mechanism::Mechanism;
use cryptoki::object::{ObjectClass, ObjectHandle};
use cryptoki_sys::CKM_RSA_AES_KEY_WRAP;

use crate::backend::Backend;
use crate::ctx::OpCtx;
use crate::error::{Error, Result};
use crate::metrics::Call;
use crate::ops::data_wrap::unwrap_input_error;
use crate::ops::keygen::{ensure_new_id, private_template, secret_usage, KeyOptions};
use crate::ops::objects::KeyKind;
use crate::ops::rsa::{oaep_params, oaep_rejected};
use crate::ops::{check_input_len, rsa_aes_wrap, HashAlg};
use crate::raw::SizedCall;

/// Output buffer of the single-call wrap.
pub const WRAP_BUFFER: usize = 1032;

/// Wrapping mechanisms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WrapMechanism {
    /// CKM_AES_KEY_WRAP (RFC 3394); the wrapped key's length must be a multiple of 8.
    AesKeyWrap,
    /// CKM_AES_KEY_WRAP_PAD (RFC 5649), any length.
    AesKeyWrapPad,
    /// CKM_RSA_PKCS_OAEP with this hash (SHA-1 or SHA-256), wrapping key = RSA public key.
    RsaOaep(HashAlg),
    /// CKM_RSA_AES_KEY_WRAP: an ephemeral AES key of this many bits wraps the key (KWP) and
    /// RSA-OAEP with this hash wraps the AES key.
    RsaAesKeyWrap {
        /// Size of the ephemeral AES key.
        aes_key_bits: u32,
        /// OAEP hash.
        hash: HashAlg,
    },
}

impl WrapMechanism {
    fn map_error(self, error: Error) -> Error {
        match self {
            Self::RsaOaep(hash) => oaep_rejected(error, hash),
            _ => error,
        }
    }

    fn mechanism(self) -> Result<Mechanism<'static>> {
        match self {
            Self::AesKeyWrap => Ok(Mechanism::AesKeyWrap),
            Self::AesKeyWrapPad => Ok(Mechanism::AesKeyWrapPad),
            Self::RsaOaep(h @ (HashAlg::Sha1 | HashAlg::Sha256)) => {
                Ok(Mechanism::RsaPkcsOaep(oaep_params(h)))
            }
            Self::RsaOaep(_) => Err(Error::Unsupported {
                what: "RSA-OAEP wrapping is offered with SHA-1 and SHA-256",
            }),
            Self::RsaAesKeyWrap { .. } => Err(Error::Unsupported {
                what: "CKM_RSA_AES_KEY_WRAP",
            }),
        }
    }

    /// Class of the wrapping key for wrap (`true`) or unwrap (`false`).
    fn wrapping_class(self, wrap: bool) -> ObjectClass {
        match self {
            Self::AesKeyWrap | Self::AesKeyWrapPad => ObjectClass::SECRET_KEY,
            _ if wrap => ObjectClass::PUBLIC_KEY,
            _ => ObjectClass::PRIVATE_KEY,
        }
    }
}

/// Whether the token offers CKM_RSA_AES_KEY_WRAP as one mechanism.
fn offers_rsa_aes(ctx: &OpCtx<'_>) -> bool {
    ctx.inner
        .module
        .ctx
        .get_mechanism_list(ctx.live.slot)
        .map(|list| list.iter().any(|m| **m == CKM_RSA_AES_KEY_WRAP))
        .unwrap_or(false)
}

/// A token that offers CKM_RSA_AES_KEY_WRAP itself may have its own rules for it (FIPS modes,
/// key-size limits); cryptoki 0.12 cannot name the mechanism (no variant, and its generic
/// constructor only takes vendor-defined values), so such a token's mechanism is not used, and
/// the composition in `rsa_aes_wrap` is not silently substituted for it either.
fn rsa_aes_unsupported(_ctx: &OpCtx<'_>) -> Error {
    Error::Unsupported {
        what: "CKM_RSA_AES_KEY_WRAP (offered by the token, not expressible with cryptoki 0.12)",
    }
}

/// What an unwrapped key becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnwrapTarget {
    /// AES or generic secret.
    pub kind: KeyKind,
    /// Token object, extractable.
    pub options: KeyOptions,
    /// Look for an existing object with the new id first (one C_FindObjects, which SoftHSM2
    /// answers by scanning the token: it more than doubles the cost of an unwrap).
    pub check_id: bool,
}

impl UnwrapTarget {
    /// An AES key with these options.
    pub fn aes(options: KeyOptions) -> Self {
        Self {
            kind: KeyKind::Aes,
            options,
            check_id: true,
        }
    }

    /// A generic secret (HMAC key) with these options.
    pub fn generic_secret(options: KeyOptions) -> Self {
        Self {
            kind: KeyKind::GenericSecret,
            options,
            check_id: true,
        }
    }

    /// The caller guarantees the new id is unused (e.g. a fresh UUID): skip the look-up.
    pub fn fresh_id(mut self) -> Self {
        self.check_id = false;
        self
    }
}

/// The handle of the key to wrap: a secret key, else a private key with that id.
fn wrap_target(ctx: &OpCtx<'_>, id: &[u8]) -> Result<ObjectHandle> {
    match ctx.find_key(id, ObjectClass::SECRET_KEY) {
        Err(Error::KeyNotFound { .. }) => ctx.find_key(id, ObjectClass::PRIVATE_KEY),
        other => other,
    }
}

impl Backend {
    /// Wraps (exports encrypted) the key `key_id` under `wrapping_id`. The key must have been
    /// created extractable.
    pub async fn wrap_key(
        &self,
        wrapping_id: impl AsRef<[u8]>,
        key_id: impl AsRef<[u8]>,
        mechanism: WrapMechanism,
    ) -> Result<Vec<u8>> {
        let wrapping_id = wrapping_id.as_ref().to_vec();
        let key_id = key_id.as_ref().to_vec();
        // A key is small; RSA-based mechanisms take longer and leave the worker.
        let input_len = match mechanism {
            WrapMechanism::RsaAesKeyWrap { .. } | WrapMechanism::RsaOaep(_) => usize::MAX,
            _ => 0,
        };
        self.run_short(input_len, move |ctx| {
            if let WrapMechanism::RsaAesKeyWrap { aes_key_bits, hash } = mechanism {
                if !offers_rsa_aes(ctx) {
                    let public = ctx.find_key(&wrapping_id, ObjectClass::PUBLIC_KEY)?;
                    let key = wrap_target(ctx, &key_id)?;
                    return rsa_aes_wrap::wrap(ctx, public, key, aes_key_bits, hash);
                }
                return Err(rsa_aes_unsupported(ctx));
            }
            let mech = mechanism.mechanism()?;
            let wrapping_key = ctx.find_key(&wrapping_id, mechanism.wrapping_class(true))?;
            let key = wrap_target(ctx, &key_id)?;
            let call = SizedCall::WrapKey {
                mechanism: &mech,
                wrapping_key,
                key,
            };
            let out = ctx.raw().call_sized(ctx.session(), call, WRAP_BUFFER);
            ctx.record_ok(Call::WrapKey, out)
                .map_err(|e| mechanism.map_error(e))
        })
        .await
    }

    /// Unwraps `wrapped` with `unwrapping_id` into a new secret key `new_id` created in the HSM.
    pub async fn unwrap_key(
        &self,
        unwrapping_id: impl AsRef<[u8]>,
        wrapped: Vec<u8>,
        mechanism: WrapMechanism,
        new_id: impl AsRef<[u8]>,
        target: UnwrapTarget,
    ) -> Result<()> {
        check_input_len(&wrapped)?;
        let key_type = match target.kind.key_type() {
            Some(t) if matches!(target.kind, KeyKind::Aes | KeyKind::GenericSecret) => t,
            _ => {
                return Err(Error::Unsupported {
                    what: "unwrapping into keys other than AES and generic secrets",
                })
            }
        };
        let unwrapping_id = unwrapping_id.as_ref().to_vec();
        let new_id = new_id.as_ref().to_vec();
        self.run(move |ctx| {
            let _writes = ctx.object_writes();
            if target.check_id {
                ensure_new_id(ctx, &new_id)?;
            }
            let mut template =
                private_template(&new_id, ObjectClass::SECRET_KEY, key_type, target.options);
            template.extend(secret_usage(key_type));
            if let WrapMechanism::RsaAesKeyWrap { hash, .. } = mechanism {
                if !offers_rsa_aes(ctx) {
                    let private = ctx.find_key(&unwrapping_id, ObjectClass::PRIVATE_KEY)?;
                    rsa_aes_wrap::unwrap(ctx, private, &wrapped, hash, &template)?;
                    return Ok(());
                }
                return Err(rsa_aes_unsupported(ctx));
            }
            let mech = mechanism.mechanism()?;
            let unwrapping_key = ctx.find_key(&unwrapping_id, mechanism.wrapping_class(false))?;
            let created = ctx
                .session()
                .unwrap_key(&mech, unwrapping_key, &wrapped, &template);
            match ctx.record(Call::UnwrapKey, created) {
                Ok(_) => Ok(()),
                // A failed integrity check is the input's fault when the session still answers
                // (SoftHSM2 reports it as CKR_GENERAL_ERROR), not a device failure to recover
                // from.
                Err(e) if unwrap_input_error(&e) && ctx.session().get_session_info().is_ok() => {
                    Err(Error::InvalidInput {
                        reason: "the wrapped input does not unwrap under this key",
                    })
                }
                Err(e) => Err(mechanism.map_error(e)),
            }
        })
        .await
    }
}
