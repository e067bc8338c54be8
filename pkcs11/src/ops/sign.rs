//! Signatures: RSA PKCS#1 v1.5, RSA-PSS and ECDSA, over a message (hashed inside the HSM).

use cryptoki::error::RvError;
use cryptoki::mechanism::rsa::PkcsPssParams;
use cryptoki::mechanism::Mechanism;
use cryptoki::object::ObjectClass;
use cryptoki::types::Ulong;

use crate::backend::Backend;
use crate::ctx::OpCtx;
use crate::error::Result;
use crate::metrics::Call;
use crate::ops::{check_input_len, HashAlg};

/// Signature algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignAlgorithm {
    /// RSASSA-PKCS1-v1_5 with this hash.
    RsaPkcs1v15(HashAlg),
    /// RSASSA-PSS with this hash, MGF1 with the same hash, salt as long as the hash.
    RsaPss(HashAlg),
    /// RSASSA-PSS with this hash, MGF1 with the same hash, and a salt of this many bytes
    /// (RFC 8017 allows 0 up to the modulus length minus the hash length minus 2).
    RsaPssSalt(HashAlg, usize),
    /// ECDSA with this hash; the signature is r || s, each as long as the field.
    Ecdsa(HashAlg),
}

fn pss(hash: HashAlg, salt_len: usize) -> PkcsPssParams {
    PkcsPssParams {
        hash_alg: hash.mechanism_type(),
        mgf: hash.mgf1(),
        s_len: Ulong::from(salt_len as u64),
    }
}

/// The mechanism and the bytes to hand to C_Sign/C_Verify. ECDSA hashes with C_Digest first,
/// since SoftHSM2 (and many HSMs) offer only raw CKM_ECDSA.
fn prepare(
    ctx: &OpCtx<'_>,
    alg: SignAlgorithm,
    message: &[u8],
) -> Result<(Mechanism<'static>, Vec<u8>)> {
    let mechanism = match alg {
        SignAlgorithm::RsaPkcs1v15(h) => match h {
            HashAlg::Sha1 => Mechanism::Sha1RsaPkcs,
            HashAlg::Sha256 => Mechanism::Sha256RsaPkcs,
            HashAlg::Sha384 => Mechanism::Sha384RsaPkcs,
            HashAlg::Sha512 => Mechanism::Sha512RsaPkcs,
        },
        SignAlgorithm::RsaPss(h) | SignAlgorithm::RsaPssSalt(h, _) => {
            let salt_len = match alg {
                SignAlgorithm::RsaPssSalt(_, n) => n,
                _ => h.output_len(),
            };
            let params = pss(h, salt_len);
            match h {
                HashAlg::Sha1 => Mechanism::Sha1RsaPkcsPss(params),
                HashAlg::Sha256 => Mechanism::Sha256RsaPkcsPss(params),
                HashAlg::Sha384 => Mechanism::Sha384RsaPkcsPss(params),
                HashAlg::Sha512 => Mechanism::Sha512RsaPkcsPss(params),
            }
        }
        SignAlgorithm::Ecdsa(h) => {
            let digest = ctx.record(Call::Digest, ctx.session().digest(&h.mechanism(), message))?;
            return Ok((Mechanism::Ecdsa, digest));
        }
    };
    Ok((mechanism, message.to_vec()))
}

impl Backend {
    /// Signs `message` with the private key of the pair `id`.
    pub async fn sign(
        &self,
        id: impl AsRef<[u8]>,
        alg: SignAlgorithm,
        message: Vec<u8>,
    ) -> Result<Vec<u8>> {
        check_input_len(&message)?;
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let key = ctx.find_key(&id, ObjectClass::PRIVATE_KEY)?;
            let (mechanism, input) = prepare(ctx, alg, &message)?;
            ctx.record(Call::Sign, ctx.session().sign(&mechanism, key, &input))
        })
        .await
    }

    /// Verifies a signature with the public key of the pair `id`. `Ok(false)` when it does not
    /// verify.
    pub async fn verify(
        &self,
        id: impl AsRef<[u8]>,
        alg: SignAlgorithm,
        message: Vec<u8>,
        signature: Vec<u8>,
    ) -> Result<bool> {
        check_input_len(&message)?;
        check_input_len(&signature)?;
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let key = ctx.find_key(&id, ObjectClass::PUBLIC_KEY)?;
            let (mechanism, input) = prepare(ctx, alg, &message)?;
            verdict(
                ctx,
                ctx.session().verify(&mechanism, key, &input, &signature),
            )
        })
        .await
    }
}

/// Maps C_Verify's answer: a bad signature is `false`, not an error.
pub(crate) fn verdict(ctx: &OpCtx<'_>, result: cryptoki::error::Result<()>) -> Result<bool> {
    match result {
        Err(cryptoki::error::Error::Pkcs11(
            RvError::SignatureInvalid | RvError::SignatureLenRange,
            _,
        )) => ctx.record(Call::Verify, Ok(false)),
        other => ctx.record(Call::Verify, other).map(|()| true),
    }
}
