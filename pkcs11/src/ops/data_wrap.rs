//! Wrapping bytes a caller supplies (a data encryption key held by a cloud service) under an
//! AES key that stays in the HSM: AES key wrap (RFC 3394) and AES key wrap with padding
//! (RFC 5649), as the Azure Managed HSM EKM proxy API's `A256KW` and `A256KWP` ask.
//!
//! Tokens offer CKM_AES_KEY_WRAP(_PAD) for C_WrapKey/C_UnwrapKey only, which work on key
//! objects, not on bytes. So the bytes become a short-lived session object (a generic secret,
//! extractable) that C_WrapKey wraps; unwrapping creates such a session object, reads its value
//! and destroys it. Both session objects are destroyed on every path (a guard), and vanish with
//! the session anyway.
//!
//! SoftHSM2 2.6.1 zero-pads a key whose length is not a multiple of 8 before its KWP wrap and
//! puts the padded length in the RFC 5649 length indicator, which a standard unwrap then
//! returns with the padding. So KWP wrapping of such lengths is built here from RFC 5649's
//! definition over the HSM key's AES-ECB block encryption (one C_EncryptInit, one
//! C_EncryptUpdate per block): standard output on any token, and the key never leaves the HSM.
//! Unwrapping (standard in SoftHSM2) stays C_UnwrapKey.

use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use zeroize::{Zeroize, Zeroizing};

use crate::backend::Backend;
use crate::ctx::OpCtx;
use crate::error::{Error, Result};
use crate::metrics::Call;
use crate::ops::check_input_len;

/// The AES key wrap variants for caller-supplied bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AesDataWrap {
    /// RFC 3394 (CKM_AES_KEY_WRAP): input of 16 bytes or more, a multiple of 8.
    Kw,
    /// RFC 5649 (CKM_AES_KEY_WRAP_PAD): input of 1 byte or more.
    Kwp,
}

impl AesDataWrap {
    fn mechanism(self) -> Mechanism<'static> {
        match self {
            Self::Kw => Mechanism::AesKeyWrap,
            Self::Kwp => Mechanism::AesKeyWrapPad,
        }
    }

    /// Checks the length of the bytes to wrap before anything reaches the token.
    fn check_plain_len(self, len: usize) -> Result<()> {
        let ok = match self {
            Self::Kw => len >= 16 && len % 8 == 0,
            Self::Kwp => len >= 1,
        };
        if ok {
            Ok(())
        } else {
            Err(Error::InvalidInput {
                reason: match self {
                    Self::Kw => "AES key wrap takes 16 bytes or more, a multiple of 8",
                    Self::Kwp => "AES key wrap with padding takes at least one byte",
                },
            })
        }
    }

    /// Checks the length of wrapped input: whole 8-byte blocks, at least 24 (KW) or 16 (KWP).
    fn check_wrapped_len(self, len: usize) -> Result<()> {
        let min = match self {
            Self::Kw => 24,
            Self::Kwp => 16,
        };
        if len >= min && len % 8 == 0 {
            Ok(())
        } else {
            Err(Error::InvalidInput {
                reason: "wrapped input must be whole 8-byte blocks of the wrap's minimum size",
            })
        }
    }
}

/// A session object destroyed when dropped, even on an error path.
struct SessionObject<'a> {
    ctx: &'a OpCtx<'a>,
    handle: ObjectHandle,
}

impl Drop for SessionObject<'_> {
    fn drop(&mut self) {
        let _ = self.ctx.session().destroy_object(self.handle);
    }
}

/// RFC 5649's alternative initial value prefix.
const KWP_AIV: [u8; 4] = [0xA6, 0x59, 0x59, 0xA6];

fn join(left: &[u8; 8], right: &[u8; 8]) -> Zeroizing<[u8; 16]> {
    let mut out = Zeroizing::new([0u8; 16]);
    let (l, r) = out.split_at_mut(8);
    l.copy_from_slice(left);
    r.copy_from_slice(right);
    out
}

fn halves(block: &[u8; 16]) -> ([u8; 8], [u8; 8]) {
    let (l, r) = block.split_at(8);
    let mut left = [0u8; 8];
    let mut right = [0u8; 8];
    left.copy_from_slice(l);
    right.copy_from_slice(r);
    (left, right)
}

/// RFC 5649 wrapping built on the HSM's AES-ECB with the key `kek`.
fn kwp_over_ecb(ctx: &OpCtx<'_>, kek: ObjectHandle, data: &[u8]) -> Result<Vec<u8>> {
    let mli = u32::try_from(data.len()).map_err(|_| Error::InvalidInput {
        reason: "input too large for AES key wrap with padding",
    })?;
    let mut aiv = [0u8; 8];
    {
        let (prefix, length) = aiv.split_at_mut(4);
        prefix.copy_from_slice(&KWP_AIV);
        length.copy_from_slice(&mli.to_be_bytes());
    }
    // The input zero-padded to whole 64-bit blocks.
    let mut blocks: Zeroizing<Vec<[u8; 8]>> =
        Zeroizing::new(vec![[0u8; 8]; data.len().div_ceil(8)]);
    for (block, chunk) in blocks.iter_mut().zip(data.chunks(8)) {
        for (b, c) in block.iter_mut().zip(chunk) {
            *b = *c;
        }
    }
    let session = ctx.session();
    ctx.record(Call::Encrypt, session.encrypt_init(&Mechanism::AesEcb, kek))?;
    let encrypt_block = |input: &[u8; 16]| -> Result<Zeroizing<[u8; 16]>> {
        let mut out = ctx.record(Call::Encrypt, session.encrypt_update(input))?;
        let block: Result<[u8; 16]> = out.as_slice().try_into().map_err(|_| Error::Internal {
            reason: "AES-ECB returned other than one block".into(),
        });
        out.zeroize();
        Ok(Zeroizing::new(block?))
    };
    let output = match blocks.as_mut_slice() {
        // One 64-bit block: a single AES encryption of AIV || P (RFC 5649 section 4.1).
        [only] => encrypt_block(&join(&aiv, only))?.to_vec(),
        // The RFC 3394 wrapping process W with AIV as the initial value.
        blocks => {
            let n = blocks.len() as u64;
            let mut a = aiv;
            for j in 0..6u64 {
                for (i, block) in (0u64..).zip(blocks.iter_mut()) {
                    let b = encrypt_block(&join(&a, block))?;
                    let (msb, lsb) = halves(&b);
                    let t = n * j + i + 1;
                    for ((out, m), t_byte) in a.iter_mut().zip(msb).zip(t.to_be_bytes()) {
                        *out = m ^ t_byte;
                    }
                    *block = lsb;
                }
            }
            let mut out = Vec::with_capacity(8 * (blocks.len() + 1));
            out.extend_from_slice(&a);
            for block in blocks.iter() {
                out.extend_from_slice(block);
            }
            out
        }
    };
    // Ends the ECB operation; ECB buffers nothing, so nothing comes out.
    let _ = session.encrypt_final();
    Ok(output)
}

impl Backend {
    /// Wraps `data` (bytes the caller holds) under the AES key `wrapping_id`, in the HSM.
    pub async fn wrap_bytes(
        &self,
        wrapping_id: impl AsRef<[u8]>,
        wrap: AesDataWrap,
        data: Zeroizing<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        check_input_len(&data)?;
        wrap.check_plain_len(data.len())?;
        let wrapping_id = wrapping_id.as_ref().to_vec();
        self.run(move |ctx| {
            let kek = ctx.find_key(&wrapping_id, ObjectClass::SECRET_KEY)?;
            if wrap == AesDataWrap::Kwp && data.len() % 8 != 0 {
                return kwp_over_ecb(ctx, kek, &data);
            }
            let mut template = vec![
                Attribute::Class(ObjectClass::SECRET_KEY),
                Attribute::KeyType(KeyType::GENERIC_SECRET),
                Attribute::Token(false),
                Attribute::Private(true),
                Attribute::Sensitive(true),
                Attribute::Extractable(true),
                Attribute::Value(data.to_vec()),
            ];
            let created = ctx.session().create_object(&template);
            for attribute in &mut template {
                if let Attribute::Value(value) = attribute {
                    value.zeroize();
                }
            }
            let handle = ctx.record(Call::CreateObject, created)?;
            let object = SessionObject { ctx, handle };
            ctx.record(
                Call::WrapKey,
                ctx.session()
                    .wrap_key(&wrap.mechanism(), kek, object.handle),
            )
        })
        .await
    }

    /// Unwraps `wrapped` with the AES key `unwrapping_id`, in the HSM, and returns the bytes.
    /// Input that does not unwrap (integrity check failed) is an
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind) error.
    pub async fn unwrap_bytes(
        &self,
        unwrapping_id: impl AsRef<[u8]>,
        wrap: AesDataWrap,
        wrapped: Vec<u8>,
    ) -> Result<Zeroizing<Vec<u8>>> {
        check_input_len(&wrapped)?;
        wrap.check_wrapped_len(wrapped.len())?;
        let unwrapping_id = unwrapping_id.as_ref().to_vec();
        self.run(move |ctx| {
            let kek = ctx.find_key(&unwrapping_id, ObjectClass::SECRET_KEY)?;
            let template = [
                Attribute::Class(ObjectClass::SECRET_KEY),
                Attribute::KeyType(KeyType::GENERIC_SECRET),
                Attribute::Token(false),
                Attribute::Private(true),
                Attribute::Sensitive(false),
                Attribute::Extractable(true),
            ];
            let unwrapped = ctx
                .session()
                .unwrap_key(&wrap.mechanism(), kek, &wrapped, &template);
            let handle = match unwrapped {
                Ok(handle) => handle,
                // A failed integrity check is the input's fault when the session still
                // answers (SoftHSM2 reports it as CKR_GENERAL_ERROR).
                Err(e) => {
                    let error = ctx.record(Call::UnwrapKey, Err::<(), _>(e)).err();
                    return Err(match error {
                        Some(e)
                            if unwrap_input_error(&e)
                                && ctx.session().get_session_info().is_ok() =>
                        {
                            Error::InvalidInput {
                                reason: "the wrapped input does not unwrap under this key",
                            }
                        }
                        Some(e) => e,
                        None => Error::Internal {
                            reason: "unwrap failed without an error".into(),
                        },
                    });
                }
            };
            let object = SessionObject { ctx, handle };
            let attributes = ctx.record(
                Call::GetAttributeValue,
                ctx.session()
                    .get_attributes(object.handle, &[AttributeType::Value]),
            )?;
            let mut value = None;
            for attribute in attributes {
                if let Attribute::Value(mut v) = attribute {
                    value = Some(Zeroizing::new(std::mem::take(&mut v)));
                }
            }
            value.ok_or(Error::Internal {
                reason: "the unwrapped session object has no readable value".into(),
            })
        })
        .await
    }
}

/// Return values with which tokens report wrapped input that does not unwrap.
pub(crate) fn unwrap_input_error(error: &Error) -> bool {
    use cryptoki::error::RvError;
    matches!(
        error.rv(),
        Some(
            RvError::GeneralError
                | RvError::WrappedKeyInvalid
                | RvError::WrappedKeyLenRange
                | RvError::EncryptedDataInvalid
                | RvError::EncryptedDataLenRange
        )
    )
}
