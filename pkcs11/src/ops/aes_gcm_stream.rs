//! AES-GCM in parts (C_EncryptInit / C_EncryptUpdate / C_EncryptFinal and the Decrypt
//! counterparts) on one session held between the parts. A [`GcmStream`] owns its checked-out
//! session: the pool has one session fewer until the stream is finished or aborted, so callers
//! bound how many streams are open and for how long. A stream dropped unfinished ends its
//! PKCS#11 operation before its session goes back to the pool (a session with an operation
//! still active would fail the next caller with CKR_OPERATION_ACTIVE).

use cryptoki::mechanism::aead::GcmParams;
use cryptoki::mechanism::Mechanism;
use cryptoki::object::ObjectClass;
use cryptoki::types::Ulong;
use zeroize::Zeroizing;

use crate::backend::Backend;
use crate::ctx::OpCtx;
use crate::error::{Error, Result};
use crate::metrics::Call;
use crate::ops::check_input_len;
use crate::pool::SessionGuard;

/// Which way a stream runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamDirection {
    /// Plaintext in, ciphertext out; the tag at the end.
    Encrypt,
    /// Ciphertext in, plaintext out; the tag is checked at the end.
    Decrypt,
}

/// An AES-GCM operation in progress on its own session.
#[derive(Debug)]
pub struct GcmStream {
    guard: Option<SessionGuard>,
    direction: StreamDirection,
    tag_len: usize,
}

/// What the last part of a stream gives: the output, and the tag of an encryption.
#[derive(Debug)]
pub struct GcmStreamEnd {
    /// Ciphertext (encrypt) or plaintext (decrypt) of the last part.
    pub data: Zeroizing<Vec<u8>>,
    /// The authentication tag (encrypt only).
    pub tag: Option<Vec<u8>>,
}

fn update(ctx: &OpCtx<'_>, direction: StreamDirection, data: &[u8]) -> Result<Vec<u8>> {
    match direction {
        StreamDirection::Encrypt => ctx.record(Call::Encrypt, ctx.session().encrypt_update(data)),
        StreamDirection::Decrypt => ctx.record(Call::Decrypt, ctx.session().decrypt_update(data)),
    }
}

fn finish(ctx: &OpCtx<'_>, direction: StreamDirection) -> Result<Vec<u8>> {
    match direction {
        StreamDirection::Encrypt => ctx.record(Call::Encrypt, ctx.session().encrypt_final()),
        StreamDirection::Decrypt => ctx.record(Call::Decrypt, ctx.session().decrypt_final()),
    }
}

impl Backend {
    /// Starts an AES-GCM stream with key `id`, `iv`, additional data `aad` (all of it comes
    /// first in GCM) and a tag of `tag_len` bytes, on a session checked out as every
    /// operation's (waiting the configured checkout timeout at most).
    pub async fn begin_aes_gcm_stream(
        &self,
        id: impl AsRef<[u8]>,
        direction: StreamDirection,
        iv: Vec<u8>,
        aad: Vec<u8>,
        tag_len: usize,
    ) -> Result<GcmStream> {
        if !matches!(tag_len, 4 | 8 | 12..=16) {
            return Err(Error::InvalidInput {
                reason: "GCM tag length must be 4, 8 or 12..=16 bytes",
            });
        }
        if !(1..=256).contains(&iv.len()) {
            return Err(Error::InvalidInput {
                reason: "GCM IV length must be 1..=256 bytes",
            });
        }
        check_input_len(&aad)?;
        let id = id.as_ref().to_vec();
        let deadline = tokio::time::Instant::now() + self.inner.config.checkout_timeout;
        let mut guard = self.session(deadline).await?;
        guard
            .run(move |ctx| {
                let key = ctx.find_key(&id, ObjectClass::SECRET_KEY)?;
                let mut iv = iv.clone();
                let params = GcmParams::new(&mut iv, &aad, Ulong::from(tag_len as u64 * 8))?;
                let mechanism = Mechanism::AesGcm(params);
                match direction {
                    StreamDirection::Encrypt => {
                        ctx.record(Call::Encrypt, ctx.session().encrypt_init(&mechanism, key))
                    }
                    StreamDirection::Decrypt => {
                        ctx.record(Call::Decrypt, ctx.session().decrypt_init(&mechanism, key))
                    }
                }
            })
            .await?;
        Ok(GcmStream {
            guard: Some(guard),
            direction,
            tag_len,
        })
    }
}

impl GcmStream {
    /// Which way this stream runs.
    pub fn direction(&self) -> StreamDirection {
        self.direction
    }

    fn guard(&mut self) -> Result<&mut SessionGuard> {
        self.guard.as_mut().ok_or(Error::Internal {
            reason: "a GCM stream used after its end".into(),
        })
    }

    /// Feeds one part; returns what the token releases for it (a token may hold decrypted
    /// data back until the tag has been checked). A failure ends the stream.
    pub async fn update(&mut self, data: Vec<u8>) -> Result<Zeroizing<Vec<u8>>> {
        check_input_len(&data)?;
        let direction = self.direction;
        let data = Zeroizing::new(data);
        let out = self
            .guard()?
            .run(move |ctx| update(ctx, direction, &data).map(Zeroizing::new))
            .await;
        if out.is_err() {
            self.abort().await;
        }
        out
    }

    /// Feeds the last part (and, to decrypt, the tag) and ends the stream.
    pub async fn finish(mut self, data: Vec<u8>, tag: Option<Vec<u8>>) -> Result<GcmStreamEnd> {
        check_input_len(&data)?;
        let (direction, tag_len) = (self.direction, self.tag_len);
        let mut input = Zeroizing::new(data);
        match (direction, tag) {
            (StreamDirection::Decrypt, Some(tag)) if tag.len() == tag_len => {
                input.extend_from_slice(&tag)
            }
            (StreamDirection::Decrypt, _) => {
                self.abort().await;
                return Err(Error::InvalidInput {
                    reason: "the last part of a GCM decryption needs its tag",
                });
            }
            (StreamDirection::Encrypt, _) => {}
        }
        let mut guard = self.guard.take().ok_or(Error::Internal {
            reason: "a GCM stream used after its end".into(),
        })?;
        let result = guard
            .run(move |ctx| {
                let mut out = Zeroizing::new(update(ctx, direction, &input)?);
                match finish(ctx, direction) {
                    Ok(last) => out.extend_from_slice(&last),
                    // SoftHSM2 reports a tag mismatch as CKR_GENERAL_ERROR; if the session
                    // still answers, the device is fine and the input was at fault.
                    Err(e)
                        if direction == StreamDirection::Decrypt
                            && e.rv() == Some(cryptoki::error::RvError::GeneralError)
                            && ctx.session().get_session_info().is_ok() =>
                    {
                        return Err(Error::InvalidInput {
                            reason: "GCM authentication failed",
                        })
                    }
                    Err(e) => return Err(e),
                }
                Ok(out)
            })
            .await;
        let mut out = match result {
            Ok(out) => out,
            Err(e) => {
                // The update may have failed before the final call: end the operation.
                end_operation(&mut guard, direction).await;
                return Err(e);
            }
        };
        let tag = match direction {
            StreamDirection::Encrypt => {
                let split = out.len().checked_sub(tag_len).ok_or(Error::Internal {
                    reason: "GCM output shorter than the tag".into(),
                })?;
                Some(out.split_off(split))
            }
            StreamDirection::Decrypt => None,
        };
        Ok(GcmStreamEnd { data: out, tag })
    }

    /// Ends the stream without a result; its session goes back to the pool clean.
    pub async fn abort(&mut self) {
        if let Some(mut guard) = self.guard.take() {
            end_operation(&mut guard, self.direction).await;
        }
    }
}

/// Ends an active operation: a C_EncryptFinal / C_DecryptFinal that is not a size query ends
/// it whatever it returns (PKCS#11 §5.2). Nothing is released: an encryption's tag is
/// discarded, a decryption fails its tag check.
async fn end_operation(guard: &mut SessionGuard, direction: StreamDirection) {
    let ended = guard
        .run(move |ctx| {
            let _ = finish(ctx, direction);
            Ok(())
        })
        .await;
    if let Err(e) = ended {
        tracing::warn!(error = %e, "could not end an abandoned GCM stream");
    }
}

impl Drop for GcmStream {
    fn drop(&mut self) {
        let Some(mut guard) = self.guard.take() else {
            return;
        };
        let direction = self.direction;
        // Dropped unfinished (a timeout, a closed connection): end the operation on a task,
        // then the guard returns the session to the pool.
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                handle.spawn(async move { end_operation(&mut guard, direction).await });
            }
            Err(_) => tracing::warn!(
                "a GCM stream dropped outside a runtime; its session may hold an active operation"
            ),
        }
    }
}
