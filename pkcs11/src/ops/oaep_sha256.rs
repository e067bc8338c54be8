//! RSAES-OAEP with SHA-256 and MGF1-SHA-256 (RFC 8017 §7.1, empty label) for tokens whose
//! CKM_RSA_PKCS_OAEP takes SHA-1 only (SoftHSM2 2.6.1): the RSA primitive runs in the HSM as
//! CKM_RSA_X_509 (raw RSA with the token's key, which never leaves it) and the OAEP encoding
//! and decoding run here. The decoding check is constant-time: whatever is wrong with the
//! decrypted block (first byte, label hash, padding string, separator) is found by one pass
//! that does not branch on secret data, and every failure is the same error, so the answer is
//! no padding oracle.
//!
//! Encryption uses the public key with the id when the token has one; a private key imported
//! without its public half gets a short-lived session public key built from its modulus and
//! public exponent (public attributes), destroyed after use. RSA-OAEP with SHA-1, which tokens
//! do themselves, gets the same fallback ([`Backend::encrypt_rsa_oaep_sha1`]).

use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::backend::Backend;
use crate::ctx::OpCtx;
use crate::error::{Error, Result};
use crate::metrics::Call;
use crate::ops::rsa::oaep_params;
use crate::ops::{check_input_len, HashAlg};

/// SHA-256 output length.
const H_LEN: usize = 32;

/// SHA-256 of the empty label.
fn label_hash() -> [u8; H_LEN] {
    Sha256::digest([]).into()
}

/// MGF1 with SHA-256 (RFC 8017 §B.2.1), XORed into `out`.
fn xor_mgf1(seed: &[u8], out: &mut [u8]) {
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(H_LEN)) {
        let mut hash = Sha256::new();
        hash.update(seed);
        hash.update(counter.to_be_bytes());
        let mut mask: [u8; H_LEN] = hash.finalize().into();
        for (byte, m) in chunk.iter_mut().zip(mask.iter()) {
            *byte ^= m;
        }
        mask.zeroize();
    }
}

/// The largest message OAEP-SHA-256 carries with a `k`-byte modulus.
pub fn oaep_sha256_max_message(k: usize) -> usize {
    k.saturating_sub(2 * H_LEN + 2)
}

/// EME-OAEP encoding (RFC 8017 §7.1.1 step 2) of `message` for a `k`-byte modulus with `seed`.
pub fn oaep_sha256_encode(
    message: &[u8],
    k: usize,
    seed: &[u8; H_LEN],
) -> Result<Zeroizing<Vec<u8>>> {
    if k < 2 * H_LEN + 2 || message.len() > oaep_sha256_max_message(k) {
        return Err(Error::InvalidInput {
            reason: "message too long for RSA-OAEP-256 with this key",
        });
    }
    // EM = 0x00 || maskedSeed || maskedDB, DB = lHash || PS || 0x01 || M.
    let mut em = Zeroizing::new(vec![0u8; k]);
    let (_, rest) = em.split_at_mut(1);
    let (seed_part, db) = rest.split_at_mut(H_LEN);
    let ps_len = k - message.len() - 2 * H_LEN - 2;
    {
        let (l_hash, after) = db.split_at_mut(H_LEN);
        l_hash.copy_from_slice(&label_hash());
        let (_ps, after) = after.split_at_mut(ps_len);
        let (separator, m) = after.split_at_mut(1);
        separator.fill(0x01);
        m.copy_from_slice(message);
    }
    xor_mgf1(seed, db);
    seed_part.copy_from_slice(seed);
    xor_mgf1(db, seed_part);
    Ok(em)
}

/// 0xFF when `a == b`, else 0x00, without branching.
fn ct_eq_byte(a: u8, b: u8) -> u8 {
    let x = u16::from(a ^ b);
    // x - 1 borrows into the high byte exactly when x is zero.
    (x.wrapping_sub(1) >> 8) as u8
}

/// EME-OAEP decoding (RFC 8017 §7.1.2 step 3) of a `k`-byte block. Constant-time up to the
/// final answer; every malformed block gives the same error.
pub fn oaep_sha256_decode(em: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let failure = Error::InvalidInput {
        reason: "RSA-OAEP-256 decryption failed",
    };
    let k = em.len();
    if k < 2 * H_LEN + 2 {
        return Err(failure);
    }
    let mut block = Zeroizing::new(em.to_vec());
    let (first, rest) = block.split_at_mut(1);
    let (masked_seed, masked_db) = rest.split_at_mut(H_LEN);
    xor_mgf1(masked_db, masked_seed);
    xor_mgf1(masked_seed, masked_db);
    let db: &[u8] = masked_db;
    let (l_hash, after_hash) = db.split_at(H_LEN);

    let mut good = first.iter().fold(0xFF, |acc, &b| acc & ct_eq_byte(b, 0));
    for (a, b) in l_hash.iter().zip(label_hash()) {
        good &= ct_eq_byte(*a, b);
    }
    // Find the 0x01 after the zero padding: `looking` is 0xFF until it is seen.
    let mut looking: u8 = 0xFF;
    let mut separator_at: usize = 0;
    for (i, &byte) in after_hash.iter().enumerate() {
        let is_one = ct_eq_byte(byte, 0x01);
        let is_zero = ct_eq_byte(byte, 0x00);
        let take = usize::from(looking & is_one & 1).wrapping_neg();
        separator_at = (i & take) | (separator_at & !take);
        // A byte other than 0x00 before the separator spoils the block.
        good &= !(looking & !is_zero & !is_one);
        looking &= !is_one;
    }
    good &= !looking;
    if good != 0xFF {
        return Err(failure);
    }
    let message = after_hash
        .get(separator_at + 1..)
        .ok_or(Error::InvalidInput {
            reason: "RSA-OAEP-256 decryption failed",
        })?;
    Ok(Zeroizing::new(message.to_vec()))
}

/// A session object destroyed when dropped.
struct TemporaryKey<'a> {
    ctx: &'a OpCtx<'a>,
    handle: ObjectHandle,
}

impl Drop for TemporaryKey<'_> {
    fn drop(&mut self) {
        let _ = self.ctx.session().destroy_object(self.handle);
    }
}

/// The modulus of an RSA key object.
fn modulus(ctx: &OpCtx<'_>, key: ObjectHandle) -> Result<Vec<u8>> {
    let attributes = ctx.record(
        Call::GetAttributeValue,
        ctx.session().get_attributes(key, &[AttributeType::Modulus]),
    )?;
    attributes
        .into_iter()
        .find_map(|a| match a {
            Attribute::Modulus(n) => Some(n),
            _ => None,
        })
        .ok_or(Error::InvalidInput {
            reason: "RSA-OAEP-256 needs an RSA key",
        })
}

/// The public key of the pair `id`: its public object, or else a session public key made from
/// the private key's modulus and public exponent (destroyed when the guard drops).
fn public_handle<'a>(
    ctx: &'a OpCtx<'a>,
    id: &[u8],
) -> Result<(ObjectHandle, Option<TemporaryKey<'a>>)> {
    match ctx.find_key(id, ObjectClass::PUBLIC_KEY) {
        Ok(handle) => Ok((handle, None)),
        Err(Error::KeyNotFound { .. }) => {
            let session = ctx.session();
            let private = ctx.find_key(id, ObjectClass::PRIVATE_KEY)?;
            let parts = ctx.record(
                Call::GetAttributeValue,
                session.get_attributes(
                    private,
                    &[AttributeType::Modulus, AttributeType::PublicExponent],
                ),
            )?;
            let mut template = vec![
                Attribute::Class(ObjectClass::PUBLIC_KEY),
                Attribute::KeyType(KeyType::RSA),
                Attribute::Token(false),
                Attribute::Encrypt(true),
            ];
            template.extend(
                parts
                    .into_iter()
                    .filter(|a| matches!(a, Attribute::Modulus(_) | Attribute::PublicExponent(_))),
            );
            let handle = ctx.record(Call::CreateObject, session.create_object(&template))?;
            Ok((handle, Some(TemporaryKey { ctx, handle })))
        }
        Err(e) => Err(e),
    }
}

/// Length of a big-endian integer in bytes, leading zeros aside.
fn byte_len(n: &[u8]) -> usize {
    n.len() - n.iter().take_while(|b| **b == 0).count()
}

impl Backend {
    /// The RSA modulus and public exponent (big-endian) of the key pair `id`, from its public
    /// key or, when the token has none, the private key's public attributes.
    pub async fn rsa_public_numbers(&self, id: impl AsRef<[u8]>) -> Result<(Vec<u8>, Vec<u8>)> {
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let key = match ctx.find_key(&id, ObjectClass::PUBLIC_KEY) {
                Err(Error::KeyNotFound { .. }) => ctx.find_key(&id, ObjectClass::PRIVATE_KEY)?,
                other => other?,
            };
            let attributes = ctx.record(
                Call::GetAttributeValue,
                ctx.session().get_attributes(
                    key,
                    &[AttributeType::Modulus, AttributeType::PublicExponent],
                ),
            )?;
            let (mut n, mut e) = (None, None);
            for attribute in attributes {
                match attribute {
                    Attribute::Modulus(v) => n = Some(v),
                    Attribute::PublicExponent(v) => e = Some(v),
                    _ => {}
                }
            }
            n.zip(e).ok_or(Error::InvalidInput {
                reason: "the key is not an RSA key",
            })
        })
        .await
    }

    /// RSA-OAEP-256 encryption with the public key of `id` (or the public part of the private
    /// key `id`); the seed comes from the HSM's RNG.
    pub async fn encrypt_rsa_oaep_sha256(
        &self,
        id: impl AsRef<[u8]>,
        plaintext: Zeroizing<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        check_input_len(&plaintext)?;
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let session = ctx.session();
            let (public, _temporary) = public_handle(ctx, &id)?;
            let k = byte_len(&modulus(ctx, public)?);
            let mut seed = Zeroizing::new([0u8; H_LEN]);
            ctx.record(
                Call::GenerateRandom,
                session.generate_random_slice(seed.as_mut_slice()),
            )?;
            let em = oaep_sha256_encode(&plaintext, k, &seed)?;
            ctx.record(
                Call::Encrypt,
                session.encrypt(&Mechanism::RsaX509, public, &em),
            )
        })
        .await
    }

    /// RSA-OAEP with SHA-1 (the token's own CKM_RSA_PKCS_OAEP) with the public key of `id`, or
    /// the public part of the private key `id` when the token holds no public object.
    pub async fn encrypt_rsa_oaep_sha1(
        &self,
        id: impl AsRef<[u8]>,
        plaintext: Zeroizing<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        check_input_len(&plaintext)?;
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let (public, _temporary) = public_handle(ctx, &id)?;
            let mechanism = Mechanism::RsaPkcsOaep(oaep_params(HashAlg::Sha1));
            ctx.record(
                Call::Encrypt,
                ctx.session().encrypt(&mechanism, public, &plaintext),
            )
        })
        .await
    }

    /// RSA-OAEP-256 decryption with the private key `id`. Any failure of the padding check is
    /// one [`ErrorKind::InvalidInput`](crate::ErrorKind) error.
    pub async fn decrypt_rsa_oaep_sha256(
        &self,
        id: impl AsRef<[u8]>,
        ciphertext: Vec<u8>,
    ) -> Result<Zeroizing<Vec<u8>>> {
        check_input_len(&ciphertext)?;
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let private = ctx.find_key(&id, ObjectClass::PRIVATE_KEY)?;
            let k = byte_len(&modulus(ctx, private)?);
            if ciphertext.len() != k {
                return Err(Error::InvalidInput {
                    reason: "RSA-OAEP-256 ciphertext must be as long as the modulus",
                });
            }
            let raw = ctx
                .session()
                .decrypt(&Mechanism::RsaX509, private, &ciphertext);
            let raw = match raw {
                Ok(raw) => Zeroizing::new(raw),
                // A ciphertext not below the modulus: the input's fault.
                Err(e) => {
                    let error = ctx.record(Call::Decrypt, Err::<(), _>(e)).err().unwrap_or(
                        Error::Internal {
                            reason: "raw RSA failed without an error".into(),
                        },
                    );
                    return Err(
                        if ctx.session().get_session_info().is_ok() && error.rv().is_some() {
                            Error::InvalidInput {
                                reason: "RSA-OAEP-256 decryption failed",
                            }
                        } else {
                            error
                        },
                    );
                }
            };
            // Tokens may drop leading zero bytes of the raw result: put them back.
            let mut em = Zeroizing::new(vec![0u8; k.saturating_sub(raw.len())]);
            em.extend_from_slice(&raw);
            oaep_sha256_decode(&em)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_round_trips_for_every_message_length() {
        let seed = [7u8; H_LEN];
        for k in [66usize, 256, 512] {
            let max = oaep_sha256_max_message(k);
            for len in [0, 1, 31, max].into_iter().filter(|len| *len <= max) {
                let message: Vec<u8> = (0..len).map(|i| i as u8).collect();
                let em = oaep_sha256_encode(&message, k, &seed).unwrap();
                assert_eq!(em.len(), k);
                assert_eq!(em[0], 0);
                assert_eq!(oaep_sha256_decode(&em).unwrap().as_slice(), &message[..]);
            }
            let too_long = vec![0u8; oaep_sha256_max_message(k) + 1];
            assert!(oaep_sha256_encode(&too_long, k, &seed).is_err());
        }
    }

    #[test]
    fn every_corruption_fails_the_same_way() {
        let em = oaep_sha256_encode(b"a data encryption key", 256, &[3u8; H_LEN]).unwrap();
        for position in [0usize, 1, 40, 100, 255] {
            let mut bad = em.to_vec();
            bad[position] ^= 0x01;
            let error = oaep_sha256_decode(&bad).unwrap_err().to_string();
            assert!(error.contains("RSA-OAEP-256 decryption failed"), "{error}");
        }
        assert!(oaep_sha256_decode(&[0u8; 65]).is_err());
        assert!(oaep_sha256_decode(&vec![0u8; 256]).is_err());
    }

    #[test]
    fn constant_time_byte_equality() {
        for a in 0..=255u8 {
            for b in [0u8, 1, a, 255] {
                assert_eq!(ct_eq_byte(a, b), if a == b { 0xFF } else { 0x00 });
            }
        }
    }
}
