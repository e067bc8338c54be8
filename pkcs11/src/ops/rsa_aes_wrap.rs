//! CKM_RSA_AES_KEY_WRAP, the format cloud "bring your own key" imports use, built from the two
//! mechanisms every HSM has when the token does not offer it as one (SoftHSM2 2.6.1 does not,
//! and cryptoki 0.12 cannot name it anyway).
//!
//! PKCS#11 2.40 §2.1.21 defines the output as `RSA-OAEP(K) || AES-KWP_K(key)`, with K a fresh
//! AES key. Here K is a session object generated in the HSM, used for the two C_WrapKey calls
//! and destroyed; on unwrap K is unwrapped into the HSM from the first modulus-length bytes and
//! used to unwrap the key. The key and K never exist outside the HSM.

use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};

use cryptoki::types::Ulong;

use crate::ctx::OpCtx;
use crate::error::{Error, Result};
use crate::metrics::Call;
use crate::ops::rsa::{oaep_params, oaep_rejected};
use crate::ops::HashAlg;

/// A temporary AES key that is destroyed when dropped, even on an error path.
struct EphemeralKey<'a> {
    ctx: &'a OpCtx<'a>,
    handle: ObjectHandle,
}

impl Drop for EphemeralKey<'_> {
    fn drop(&mut self) {
        // Session objects also vanish with the session; destroying now keeps the token tidy.
        let _ = self.ctx.session().destroy_object(self.handle);
    }
}

fn check_aes_bits(bits: u32) -> Result<Ulong> {
    match bits {
        128 | 192 | 256 => Ok(Ulong::from(cryptoki_sys::CK_ULONG::from(bits / 8))),
        _ => Err(Error::InvalidInput {
            reason: "the ephemeral AES key of RSA-AES key wrap is 128, 192 or 256 bits",
        }),
    }
}

/// Wraps `key` with an ephemeral AES key of `aes_bits`, and that key with RSA-OAEP under the
/// public key `rsa_public`.
pub(crate) fn wrap(
    ctx: &OpCtx<'_>,
    rsa_public: ObjectHandle,
    key: ObjectHandle,
    aes_bits: u32,
    hash: HashAlg,
) -> Result<Vec<u8>> {
    let template = [
        Attribute::Class(ObjectClass::SECRET_KEY),
        Attribute::KeyType(KeyType::AES),
        Attribute::ValueLen(check_aes_bits(aes_bits)?),
        Attribute::Token(false),
        Attribute::Sensitive(true),
        Attribute::Extractable(true),
        Attribute::Wrap(true),
    ];
    let session = ctx.session();
    let handle = ctx.record(
        Call::GenerateKey,
        session.generate_key(&Mechanism::AesKeyGen, &template),
    )?;
    let ephemeral = EphemeralKey { ctx, handle };
    let wrapped_key = ctx.record(
        Call::WrapKey,
        session.wrap_key(&Mechanism::AesKeyWrapPad, ephemeral.handle, key),
    )?;
    let wrapped_aes = ctx
        .record(
            Call::WrapKey,
            session.wrap_key(
                &Mechanism::RsaPkcsOaep(oaep_params(hash)),
                rsa_public,
                ephemeral.handle,
            ),
        )
        .map_err(|e| oaep_rejected(e, hash))?;
    Ok([wrapped_aes, wrapped_key].concat())
}

/// Unwraps `wrapped` (RSA-OAEP part first, then the AES-KWP part) with the private key
/// `rsa_private` into a new key made from `template`. The caller holds `object_writes`.
pub(crate) fn unwrap(
    ctx: &OpCtx<'_>,
    rsa_private: ObjectHandle,
    wrapped: &[u8],
    hash: HashAlg,
    template: &[Attribute],
) -> Result<ObjectHandle> {
    let session = ctx.session();
    let modulus_bytes = match ctx
        .record(
            Call::GetAttributeValue,
            session.get_attributes(rsa_private, &[AttributeType::Modulus]),
        )?
        .as_slice()
    {
        [Attribute::Modulus(modulus)] => modulus.len(),
        _ => {
            return Err(Error::InvalidInput {
                reason: "the unwrapping key of RSA-AES key wrap must be an RSA private key",
            })
        }
    };
    if wrapped.len() <= modulus_bytes {
        return Err(Error::InvalidInput {
            reason: "RSA-AES wrapped data is too short",
        });
    }
    let (wrapped_aes, wrapped_key) = wrapped.split_at(modulus_bytes);
    let ephemeral_template = [
        Attribute::Class(ObjectClass::SECRET_KEY),
        Attribute::KeyType(KeyType::AES),
        Attribute::Token(false),
        Attribute::Sensitive(true),
        Attribute::Extractable(false),
        Attribute::Unwrap(true),
    ];
    let handle = ctx
        .record(
            Call::UnwrapKey,
            session.unwrap_key(
                &Mechanism::RsaPkcsOaep(oaep_params(hash)),
                rsa_private,
                wrapped_aes,
                &ephemeral_template,
            ),
        )
        .map_err(|e| oaep_rejected(e, hash))?;
    let ephemeral = EphemeralKey { ctx, handle };
    ctx.record(
        Call::UnwrapKey,
        session.unwrap_key(
            &Mechanism::AesKeyWrapPad,
            ephemeral.handle,
            wrapped_key,
            template,
        ),
    )
}
