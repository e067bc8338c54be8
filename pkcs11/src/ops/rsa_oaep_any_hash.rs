//! RSAES-OAEP with any hash, MGF1 hash and label (RFC 8017 §7.1), for tokens whose own OAEP
//! mechanism knows SHA-1 only (SoftHSM2 2.6). The RSA primitive runs inside the HSM as raw RSA
//! (CKM_RSA_X_509), so the private key never leaves it; the OAEP encoding (encrypt) and its
//! check (decrypt) run here. The check reads every byte and branches once, on the combined
//! result, and every failure is the same error: no padding oracle by timing or by message.
//! The seed of an encryption comes from the HSM's random number generator.
//!
//! [`OaepParams`] and the [`Backend`] methods are all a front end needs: KMIP Encrypt/Decrypt
//! with any hash, and the Azure EKM proxy's RSA-OAEP / RSA-OAEP-256 key wrapping (which may
//! have only the private key of a pair in the token).

use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, ObjectClass, ObjectHandle};
use sha1::Sha1;
use sha2::digest::Digest;
use sha2::{Sha256, Sha384, Sha512};
use zeroize::Zeroizing;

use crate::backend::Backend;
use crate::ctx::OpCtx;
use crate::error::{Error, Result};
use crate::metrics::Call;
use crate::ops::rsa_public_part::public_key_of_pair;
use crate::ops::{check_input_len, HashAlg};

/// The parameters of RSAES-OAEP. `Debug` is fine: a label is not secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OaepParams {
    /// The hash of the label, which also sets the seed length.
    pub hash: HashAlg,
    /// The hash MGF1 is built on.
    pub mgf1_hash: HashAlg,
    /// The label L (KMIP's P Source); empty by default.
    pub label: Vec<u8>,
}

/// The one answer to every malformed ciphertext.
const DECRYPTION_ERROR: Error = Error::InvalidInput {
    reason: "decryption error",
};

fn hash(alg: HashAlg, parts: &[&[u8]]) -> Vec<u8> {
    fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
        let mut d = D::new();
        parts.iter().for_each(|p| d.update(p));
        d.finalize().to_vec()
    }
    match alg {
        HashAlg::Sha1 => run::<Sha1>(parts),
        HashAlg::Sha256 => run::<Sha256>(parts),
        HashAlg::Sha384 => run::<Sha384>(parts),
        HashAlg::Sha512 => run::<Sha512>(parts),
    }
}

/// XORs MGF1(`seed`, `out.len()`) with `alg` into `out` (RFC 8017 B.2.1).
fn xor_mgf1(alg: HashAlg, seed: &[u8], out: &mut [u8]) {
    for (counter, chunk) in out.chunks_mut(alg.output_len()).enumerate() {
        let block = Zeroizing::new(hash(alg, &[seed, &(counter as u32).to_be_bytes()]));
        chunk
            .iter_mut()
            .zip(block.iter())
            .for_each(|(o, m)| *o ^= m);
    }
}

/// EME-OAEP encoding of `message` into `k` bytes with `seed` (RFC 8017 §7.1.1 step 2).
fn encode(
    params: &OaepParams,
    message: &[u8],
    seed: &[u8],
    k: usize,
) -> Result<Zeroizing<Vec<u8>>> {
    const TOO_LONG: Error = Error::InvalidInput {
        reason: "message too long for RSA-OAEP with this key and hash",
    };
    let h_len = params.hash.output_len();
    if seed.len() != h_len || k < 2 * h_len + 2 || message.len() > k - 2 * h_len - 2 {
        return Err(TOO_LONG);
    }
    let l_hash = hash(params.hash, &[&params.label]);
    let mut em = Zeroizing::new(vec![0u8; k]);
    let (_, rest) = em.split_first_mut().ok_or(TOO_LONG)?;
    let (seed_part, db) = rest.split_at_mut_checked(h_len).ok_or(TOO_LONG)?;
    {
        // DB = lHash || PS (zeros) || 0x01 || M
        let (l_hash_part, tail) = db.split_at_mut_checked(h_len).ok_or(TOO_LONG)?;
        l_hash_part.copy_from_slice(&l_hash);
        let ps_len = tail.len().checked_sub(message.len() + 1).ok_or(TOO_LONG)?;
        let (_, one_and_message) = tail.split_at_mut_checked(ps_len).ok_or(TOO_LONG)?;
        let (one, message_part) = one_and_message.split_first_mut().ok_or(TOO_LONG)?;
        *one = 0x01;
        message_part.copy_from_slice(message);
    }
    xor_mgf1(params.mgf1_hash, seed, db);
    seed_part.copy_from_slice(seed);
    xor_mgf1(params.mgf1_hash, db, seed_part);
    Ok(em)
}

/// 0xFF when `a == b`, else 0x00, without a branch on the values.
fn ct_eq(a: u8, b: u8) -> u8 {
    let x = u16::from(a ^ b);
    // x - 1 borrows into the high byte only when x is zero.
    (x.wrapping_sub(1) >> 8) as u8
}

/// EME-OAEP decoding of `em` (`k` bytes) (RFC 8017 §7.1.2 step 3), in constant time up to
/// the one branch on the combined result.
fn decode(params: &OaepParams, em: &mut [u8]) -> Result<Zeroizing<Vec<u8>>> {
    let h_len = params.hash.output_len();
    if em.len() < 2 * h_len + 2 {
        return Err(DECRYPTION_ERROR);
    }
    let l_hash = hash(params.hash, &[&params.label]);
    let (y, rest) = em.split_first_mut().ok_or(DECRYPTION_ERROR)?;
    let (masked_seed, db) = rest.split_at_mut_checked(h_len).ok_or(DECRYPTION_ERROR)?;
    xor_mgf1(params.mgf1_hash, db, masked_seed);
    xor_mgf1(params.mgf1_hash, masked_seed, db);
    let (l_hash_part, tail) = db.split_at_checked(h_len).ok_or(DECRYPTION_ERROR)?;
    let mut good = ct_eq(*y, 0);
    for (a, b) in l_hash_part.iter().zip(l_hash.iter()) {
        good &= ct_eq(*a, *b);
    }
    // Past lHash: zeros, then 0x01, then the message. `looking` is 0xFF until the 0x01.
    let mut looking = 0xFFu8;
    let mut separator = 0usize;
    for (i, &byte) in tail.iter().enumerate() {
        let is_one = ct_eq(byte, 1);
        let is_zero = ct_eq(byte, 0);
        // Branch-free select of i where the separator is first seen.
        let pick = usize::from(looking & is_one & 1).wrapping_neg();
        separator = (i & pick) | (separator & !pick);
        good &= !(looking & !is_one & !is_zero);
        looking &= !is_one;
    }
    good &= !looking;
    if good != 0xFF {
        return Err(DECRYPTION_ERROR);
    }
    let message = tail.get(separator + 1..).ok_or(DECRYPTION_ERROR)?;
    Ok(Zeroizing::new(message.to_vec()))
}

fn modulus_len(ctx: &OpCtx<'_>, key: ObjectHandle) -> Result<usize> {
    let attributes = ctx.record(
        Call::GetAttributeValue,
        ctx.session().get_attributes(key, &[AttributeType::Modulus]),
    )?;
    attributes
        .into_iter()
        .find_map(|a| match a {
            Attribute::Modulus(m) => Some(m.len() - m.iter().take_while(|b| **b == 0).count()),
            _ => None,
        })
        .ok_or(Error::Unsupported {
            what: "an RSA key whose modulus the token does not report",
        })
}

/// RSAES-OAEP encryption of `plaintext` with the public key object `key`: the encoding here,
/// the seed from the HSM's RNG, raw RSA (CKM_RSA_X_509) in the HSM.
fn encrypt_with(
    ctx: &OpCtx<'_>,
    key: ObjectHandle,
    params: &OaepParams,
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let k = modulus_len(ctx, key)?;
    let mut seed = Zeroizing::new(vec![0u8; params.hash.output_len()]);
    ctx.record(
        Call::GenerateRandom,
        ctx.session().generate_random_slice(&mut seed),
    )?;
    let em = encode(params, plaintext, &seed, k)?;
    ctx.record(
        Call::Encrypt,
        ctx.session().encrypt(&Mechanism::RsaX509, key, &em),
    )
}

impl Backend {
    /// RSAES-OAEP encryption of `plaintext` with the public key of the pair `id`: the encoding
    /// here, raw RSA (CKM_RSA_X_509) in the HSM.
    pub async fn encrypt_rsa_oaep(
        &self,
        id: impl AsRef<[u8]>,
        params: OaepParams,
        plaintext: Vec<u8>,
    ) -> Result<Vec<u8>> {
        check_input_len(&plaintext)?;
        check_input_len(&params.label)?;
        let plaintext = Zeroizing::new(plaintext);
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let key = ctx.find_key(&id, ObjectClass::PUBLIC_KEY)?;
            encrypt_with(ctx, key, &params, &plaintext)
        })
        .await
    }

    /// As [`Backend::encrypt_rsa_oaep`], but when the token holds only the private key of the
    /// pair `id` (imported without its public half), with a session public key built from the
    /// private key's modulus and public exponent, destroyed after use.
    pub async fn encrypt_rsa_oaep_public_or_private(
        &self,
        id: impl AsRef<[u8]>,
        params: OaepParams,
        plaintext: Zeroizing<Vec<u8>>,
    ) -> Result<Vec<u8>> {
        check_input_len(&plaintext)?;
        check_input_len(&params.label)?;
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let (key, _temporary) = public_key_of_pair(ctx, &id)?;
            encrypt_with(ctx, key, &params, &plaintext)
        })
        .await
    }

    /// RSAES-OAEP decryption of `ciphertext` with the private key of the pair `id`: raw RSA
    /// (CKM_RSA_X_509) in the HSM, the check here. Every malformed ciphertext is the same
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) "decryption error".
    pub async fn decrypt_rsa_oaep(
        &self,
        id: impl AsRef<[u8]>,
        params: OaepParams,
        ciphertext: Vec<u8>,
    ) -> Result<Zeroizing<Vec<u8>>> {
        check_input_len(&ciphertext)?;
        check_input_len(&params.label)?;
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let key = ctx.find_key(&id, ObjectClass::PRIVATE_KEY)?;
            let k = modulus_len(ctx, key)?;
            if ciphertext.len() != k {
                return Err(DECRYPTION_ERROR);
            }
            let raw = ctx
                .record(
                    Call::Decrypt,
                    ctx.session().decrypt(&Mechanism::RsaX509, key, &ciphertext),
                )
                .map(Zeroizing::new)
                .map_err(|e| match e.rv() {
                    // A ciphertext not below the modulus: the same answer as a bad padding.
                    // SoftHSM2 says CKR_GENERAL_ERROR for it on a session that stays healthy.
                    Some(
                        cryptoki::error::RvError::EncryptedDataInvalid
                        | cryptoki::error::RvError::EncryptedDataLenRange
                        | cryptoki::error::RvError::DataInvalid
                        | cryptoki::error::RvError::DataLenRange,
                    ) => DECRYPTION_ERROR,
                    Some(_) if ctx.session().get_session_info().is_ok() => DECRYPTION_ERROR,
                    _ => e,
                })?;
            // Tokens may drop the leading zero bytes of the integer; put them back.
            let mut em = Zeroizing::new(vec![0u8; k]);
            let at = k.checked_sub(raw.len()).ok_or(DECRYPTION_ERROR)?;
            em.get_mut(at..)
                .ok_or(DECRYPTION_ERROR)?
                .copy_from_slice(&raw);
            decode(&params, &mut em)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(hash: HashAlg, mgf1_hash: HashAlg, label: &[u8]) -> OaepParams {
        OaepParams {
            hash,
            mgf1_hash,
            label: label.to_vec(),
        }
    }

    #[test]
    fn encoding_round_trips_for_every_hash_pair() {
        let all = [
            HashAlg::Sha1,
            HashAlg::Sha256,
            HashAlg::Sha384,
            HashAlg::Sha512,
        ];
        for hash in all {
            for mgf in all {
                let p = params(hash, mgf, b"label");
                let seed = vec![0x5A; hash.output_len()];
                let max = 256 - 2 * hash.output_len() - 2;
                for len in [0, 1, max] {
                    let message = vec![0xC3; len];
                    let mut em = encode(&p, &message, &seed, 256).unwrap();
                    assert_eq!(em[0], 0);
                    assert_eq!(decode(&p, &mut em).unwrap().as_slice(), message.as_slice());
                }
                assert!(encode(&p, &vec![0; max + 1], &seed, 256).is_err());
            }
        }
    }

    #[test]
    fn a_wrong_label_hash_or_byte_is_the_same_error() {
        let p = params(HashAlg::Sha256, HashAlg::Sha1, b"");
        let seed = [7u8; 32];
        let em = encode(&p, b"secret", &seed, 256).unwrap();
        let other_label = params(HashAlg::Sha256, HashAlg::Sha1, b"x");
        let other_mgf = params(HashAlg::Sha256, HashAlg::Sha256, b"");
        for (p2, flip) in [
            (&other_label, None),
            (&other_mgf, None),
            (&p, Some(0)),
            (&p, Some(100)),
        ] {
            let mut bad = em.clone();
            if let Some(at) = flip {
                bad[at] ^= 1;
            }
            let e = decode(p2, &mut bad).unwrap_err();
            assert_eq!(e.to_string(), DECRYPTION_ERROR.to_string());
        }
    }

    #[test]
    fn constant_time_equality_is_a_mask() {
        assert_eq!(ct_eq(3, 3), 0xFF);
        assert_eq!(ct_eq(0, 255), 0);
        assert_eq!(ct_eq(1, 0), 0);
    }
}
