//! ChaCha20 (CKM_CHACHA20, the stream cipher of RFC 8439 §2.4) and ChaCha20-Poly1305
//! (CKM_CHACHA20_POLY1305, the AEAD of RFC 8439 §2.8): PKCS#11 3.0 mechanisms with 256-bit
//! CKK_CHACHA20 keys.
//!
//! SoftHSM2 2.6.1 offers neither; NSS's softoken offers both, with a 32-bit block counter and a
//! 96-bit nonce only. A backend says which it has ([`Backend::chacha_support`]), probed once at
//! open, so the gateway can place ChaCha20 keys on a token that can use them.
//!
//! Two quirks shape the code: cryptoki 0.12 has no constants for these mechanisms or the key
//! type (see `raw::mechanism_type`), and NSS answers cryptoki's size query for a
//! ChaCha20-Poly1305 encryption with the plaintext's length, leaving no room for the tag, so the
//! encryption is one sized call of n+16 bytes (see `raw`).

use cryptoki::context::Pkcs11;
use cryptoki::mechanism::vendor_defined::VendorDefinedMechanism;
use cryptoki::mechanism::Mechanism;
use cryptoki::object::KeyType;
use cryptoki::slot::Slot;
use cryptoki_sys::{
    CKK_CHACHA20, CKM_CHACHA20, CKM_CHACHA20_KEY_GEN, CKM_CHACHA20_POLY1305, CK_CHACHA20_PARAMS,
    CK_SALSA20_CHACHA20_POLY1305_PARAMS, CK_ULONG,
};
use zeroize::Zeroizing;

use crate::backend::Backend;
use crate::ctx::OpCtx;
use crate::error::{Error, Result};
use crate::ops::aes::one_shot;
use crate::ops::check_input_len;
use crate::ops::keygen::KeyOptions;
use crate::raw;

/// ChaCha20 key length in bytes.
pub const CHACHA20_KEY_LEN: usize = 32;
/// Poly1305 tag length in bytes (PKCS#11's mechanism always produces the full tag).
pub const POLY1305_TAG_LEN: usize = 16;

/// Which ChaCha20 mechanisms a token offers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChaChaSupport {
    /// CKM_CHACHA20_KEY_GEN.
    pub key_gen: bool,
    /// CKM_CHACHA20, both directions.
    pub stream: bool,
    /// CKM_CHACHA20_POLY1305, both directions.
    pub aead: bool,
}

impl ChaChaSupport {
    /// Asks the token (C_GetMechanismInfo) which of the three mechanisms it has.
    pub(crate) fn probe(ctx: &Pkcs11, slot: Slot) -> Self {
        let info = |m| ctx.get_mechanism_info(slot, raw::mechanism_type(m)).ok();
        let both_ways = |m| info(m).is_some_and(|i| i.encrypt() && i.decrypt());
        Self {
            key_gen: info(CKM_CHACHA20_KEY_GEN).is_some_and(|i| i.generate()),
            stream: both_ways(CKM_CHACHA20),
            aead: both_ways(CKM_CHACHA20_POLY1305),
        }
    }
}

/// The CKK_CHACHA20 key type.
pub(crate) fn chacha20_key_type() -> KeyType {
    raw::key_type(CKK_CHACHA20)
}

/// The key generation mechanism for [`chacha20_key_type`] keys.
pub(crate) fn chacha20_key_gen() -> Mechanism<'static> {
    Mechanism::VendorDefined(VendorDefinedMechanism::new::<()>(
        raw::mechanism_type(CKM_CHACHA20_KEY_GEN),
        None,
    ))
}

/// A ChaCha20 nonce in RFC 8439's form (96 bits). [`Backend::chacha20`]'s key stream starts at
/// block 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChaChaNonce(pub [u8; 12]);

impl ChaChaNonce {
    /// From a KMIP IV/Counter/Nonce: 12 bytes are RFC 8439's nonce; 8 bytes are the original
    /// ChaCha20's 64-bit nonce (beside a 64-bit block counter), whose state equals RFC 8439's
    /// with the counter's high word, zero here, as the nonce's first four bytes.
    pub fn from_iv(iv: &[u8]) -> Result<Self> {
        let mut nonce = [0u8; 12];
        match iv.len() {
            12 => nonce.copy_from_slice(iv),
            8 => nonce[4..].copy_from_slice(iv),
            _ => {
                return Err(Error::InvalidInput {
                    reason: "a ChaCha20 nonce is 8 or 12 bytes",
                })
            }
        }
        Ok(Self(nonce))
    }
}

fn stream_mechanism<'a>(params: &'a CK_CHACHA20_PARAMS) -> Mechanism<'a> {
    Mechanism::VendorDefined(VendorDefinedMechanism::new(
        raw::mechanism_type(CKM_CHACHA20),
        Some(params),
    ))
}

fn aead_mechanism<'a>(params: &'a CK_SALSA20_CHACHA20_POLY1305_PARAMS) -> Mechanism<'a> {
    Mechanism::VendorDefined(VendorDefinedMechanism::new(
        raw::mechanism_type(CKM_CHACHA20_POLY1305),
        Some(params),
    ))
}

fn ulong(n: usize) -> Result<CK_ULONG> {
    CK_ULONG::try_from(n).map_err(|_| Error::InvalidInput {
        reason: "length out of range",
    })
}

impl Backend {
    /// Which ChaCha20 mechanisms this backend's token offers.
    pub fn chacha_support(&self) -> ChaChaSupport {
        self.inner.chacha
    }

    fn require(&self, offered: bool, what: &'static str) -> Result<()> {
        if offered {
            Ok(())
        } else {
            Err(Error::Unsupported { what })
        }
    }

    /// Generates a ChaCha20 key (usable with both mechanisms).
    pub async fn generate_chacha20(&self, id: impl AsRef<[u8]>, opts: KeyOptions) -> Result<()> {
        self.require(
            self.inner.chacha.key_gen,
            "CKM_CHACHA20_KEY_GEN on this token",
        )?;
        self.generate_secret(
            id.as_ref().to_vec(),
            chacha20_key_type(),
            CHACHA20_KEY_LEN,
            opts,
        )
        .await
    }

    /// ChaCha20 of `data` (encryption and decryption are the same operation; `encrypt` only
    /// picks the PKCS#11 function).
    pub async fn chacha20(
        &self,
        id: impl AsRef<[u8]>,
        nonce: ChaChaNonce,
        data: Vec<u8>,
        encrypt: bool,
    ) -> Result<Zeroizing<Vec<u8>>> {
        self.require(self.inner.chacha.stream, "CKM_CHACHA20 on this token")?;
        check_input_len(&data)?;
        let data = Zeroizing::new(data);
        let id = id.as_ref().to_vec();
        self.run_short(data.len(), move |ctx| {
            key_stream(ctx, &id, nonce.0, 0, encrypt, &data).map(Zeroizing::new)
        })
        .await
    }

    /// ChaCha20-Poly1305 encryption: the ciphertext (same length as the plaintext) and the
    /// first `tag_len` bytes of the tag (12..=16).
    pub async fn encrypt_chacha20_poly1305(
        &self,
        id: impl AsRef<[u8]>,
        nonce: [u8; 12],
        aad: Vec<u8>,
        plaintext: Vec<u8>,
        tag_len: usize,
    ) -> Result<(Vec<u8>, Vec<u8>)> {
        self.require(
            self.inner.chacha.aead,
            "CKM_CHACHA20_POLY1305 on this token",
        )?;
        check_tag_len(tag_len)?;
        check_input_len(&plaintext)?;
        check_input_len(&aad)?;
        let plaintext = Zeroizing::new(plaintext);
        let id = id.as_ref().to_vec();
        let sealed = self
            .run_short(plaintext.len(), move |ctx| {
                aead(ctx, true, &id, nonce, &aad, &plaintext)
            })
            .await?;
        let (ciphertext, mut tag) = split_tag(sealed)?;
        tag.truncate(tag_len);
        Ok((ciphertext, tag))
    }

    /// ChaCha20-Poly1305 decryption; a tag that does not verify is [`Error::InvalidInput`].
    /// A full tag is checked by the token's mechanism. A shorter one (12..=15 bytes) is checked
    /// in the same session: decrypt with the key stream from block 1 (as the AEAD does), seal
    /// the result again, and compare the new tag's prefix in constant time.
    pub async fn decrypt_chacha20_poly1305(
        &self,
        id: impl AsRef<[u8]>,
        nonce: [u8; 12],
        aad: Vec<u8>,
        ciphertext: Vec<u8>,
        tag: Vec<u8>,
    ) -> Result<Zeroizing<Vec<u8>>> {
        self.require(
            self.inner.chacha.aead,
            "CKM_CHACHA20_POLY1305 on this token",
        )?;
        check_tag_len(tag.len())?;
        check_input_len(&ciphertext)?;
        check_input_len(&aad)?;
        let id = id.as_ref().to_vec();
        if tag.len() < POLY1305_TAG_LEN {
            self.require(self.inner.chacha.stream, "CKM_CHACHA20 on this token")?;
            return self
                .run_short(ciphertext.len(), move |ctx| {
                    let plaintext =
                        Zeroizing::new(key_stream(ctx, &id, nonce, 1, false, &ciphertext)?);
                    let (_, full_tag) = split_tag(aead(ctx, true, &id, nonce, &aad, &plaintext)?)?;
                    if same_prefix(&full_tag, &tag) {
                        Ok(plaintext)
                    } else {
                        Err(Error::InvalidInput {
                            reason: "ChaCha20-Poly1305 authentication failed",
                        })
                    }
                })
                .await;
        }
        let mut joined = ciphertext;
        joined.extend_from_slice(&tag);
        self.run_short(joined.len(), move |ctx| {
            aead(ctx, false, &id, nonce, &aad, &joined).map(Zeroizing::new)
        })
        .await
    }
}

/// Poly1305 tags here are 12..=16 bytes: the full tag or a prefix of it no shorter than 96 bits
/// (the OASIS KMIP test cases refuse 1 and 32 bytes and accept 12).
pub(crate) fn check_tag_len(tag_len: usize) -> Result<()> {
    if (12..=POLY1305_TAG_LEN).contains(&tag_len) {
        Ok(())
    } else {
        Err(Error::InvalidInput {
            reason: "a Poly1305 tag is 12..=16 bytes",
        })
    }
}

/// One CKM_CHACHA20_POLY1305 call in `ctx`'s session: encryption (output n+16) or decryption of
/// ciphertext followed by the tag (output n-16).
fn aead(
    ctx: &OpCtx<'_>,
    encrypt: bool,
    id: &[u8],
    nonce: [u8; 12],
    aad: &[u8],
    input: &[u8],
) -> Result<Vec<u8>> {
    let mut nonce = nonce;
    let mut aad = aad.to_vec();
    let params = CK_SALSA20_CHACHA20_POLY1305_PARAMS {
        pNonce: nonce.as_mut_ptr(),
        ulNonceLen: 12,
        pAAD: aad.as_mut_ptr(),
        ulAADLen: ulong(aad.len())?,
    };
    let mechanism = aead_mechanism(&params);
    // Decryption gets the input's length: some tokens ask for it rather than n-16.
    let capacity = if encrypt {
        input.len() + POLY1305_TAG_LEN
    } else {
        input.len()
    };
    one_shot(ctx, encrypt, &mechanism, id, input, capacity)
}

/// One CKM_CHACHA20 call in `ctx`'s session, the key stream starting at block `counter`. The
/// counter is passed in the host's byte order, as the softoken reads it.
fn key_stream(
    ctx: &OpCtx<'_>,
    id: &[u8],
    nonce: [u8; 12],
    counter: u32,
    encrypt: bool,
    data: &[u8],
) -> Result<Vec<u8>> {
    let mut counter = counter.to_ne_bytes();
    let mut nonce = nonce;
    let params = CK_CHACHA20_PARAMS {
        pBlockCounter: counter.as_mut_ptr(),
        blockCounterBits: 32,
        pNonce: nonce.as_mut_ptr(),
        ulNonceBits: 96,
    };
    let mechanism = stream_mechanism(&params);
    one_shot(ctx, encrypt, &mechanism, id, data, data.len())
}

/// Splits a sealed output into ciphertext and full tag.
fn split_tag(mut sealed: Vec<u8>) -> Result<(Vec<u8>, Vec<u8>)> {
    let split = sealed
        .len()
        .checked_sub(POLY1305_TAG_LEN)
        .ok_or_else(|| Error::Internal {
            reason: "ChaCha20-Poly1305 output shorter than its tag".into(),
        })?;
    let tag = sealed.split_off(split);
    Ok((sealed, tag))
}

/// Whether `prefix` is the beginning of `full`, in time independent of where they differ.
fn same_prefix(full: &[u8], prefix: &[u8]) -> bool {
    full.len() >= prefix.len()
        && full
            .iter()
            .zip(prefix)
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_nonce_maps_to_the_rfc_8439_state() {
        let short = ChaChaNonce::from_iv(&[1, 2, 3, 4, 5, 6, 7, 8]).unwrap();
        assert_eq!(short.0, [0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(ChaChaNonce::from_iv(&[9; 12]).unwrap().0, [9; 12]);
        assert!(ChaChaNonce::from_iv(&[0; 16]).is_err());
        assert!(ChaChaNonce::from_iv(&[]).is_err());
    }

    #[test]
    fn tag_prefixes_compare_whole() {
        let full = [1u8, 2, 3, 4];
        assert!(same_prefix(&full, &[1, 2, 3]));
        assert!(!same_prefix(&full, &[1, 2, 4]));
        assert!(!same_prefix(&[1, 2], &[1, 2, 3]));
        assert!(check_tag_len(12).is_ok() && check_tag_len(16).is_ok());
        assert!(check_tag_len(1).is_err() && check_tag_len(32).is_err());
    }

    #[test]
    fn ulong_is_the_length() {
        assert_eq!(ulong(12).unwrap(), 12);
    }

    #[test]
    fn key_type_and_mechanisms_carry_the_pkcs11_values() {
        assert_eq!(
            cryptoki_sys::CK_KEY_TYPE::from(chacha20_key_type()),
            CKK_CHACHA20
        );
        assert_eq!(
            cryptoki_sys::CK_MECHANISM_TYPE::from(raw::mechanism_type(CKM_CHACHA20)),
            CKM_CHACHA20
        );
    }
}
