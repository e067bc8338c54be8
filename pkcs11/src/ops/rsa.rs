//! RSA encryption (public key) and decryption (private key): OAEP and PKCS#1 v1.5.

use cryptoki::mechanism::rsa::{PkcsOaepParams, PkcsOaepSource};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::ObjectClass;
use zeroize::Zeroizing;

use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::metrics::Call;
use crate::ops::{check_input_len, HashAlg};

/// RSA encryption schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RsaEncryption {
    /// RSAES-OAEP with this hash for both the label hash and MGF1; empty label.
    Oaep(HashAlg),
    /// RSAES-PKCS1-v1_5 (legacy; prefer OAEP).
    Pkcs1v15,
}

/// SoftHSM2 2.6 (and other tokens) implement RSA-OAEP with SHA-1 only and answer other hashes
/// with `CKR_ARGUMENTS_BAD` / `CKR_MECHANISM_PARAM_INVALID`; report that as unsupported.
pub(crate) fn oaep_rejected(error: Error, hash: HashAlg) -> Error {
    use cryptoki::error::RvError;
    if hash != HashAlg::Sha1
        && matches!(
            error.rv(),
            Some(RvError::ArgumentsBad | RvError::MechanismParamInvalid)
        )
    {
        Error::Unsupported {
            what: "RSA-OAEP with a hash other than SHA-1 on this token",
        }
    } else {
        error
    }
}

fn scheme_error(error: Error, scheme: RsaEncryption) -> Error {
    match scheme {
        RsaEncryption::Oaep(hash) => oaep_rejected(error, hash),
        RsaEncryption::Pkcs1v15 => error,
    }
}

pub(crate) fn oaep_params(hash: HashAlg) -> PkcsOaepParams<'static> {
    PkcsOaepParams::new(hash.mechanism_type(), hash.mgf1(), PkcsOaepSource::empty())
}

fn mechanism(scheme: RsaEncryption) -> Result<Mechanism<'static>> {
    match scheme {
        RsaEncryption::Oaep(h @ (HashAlg::Sha1 | HashAlg::Sha256)) => {
            Ok(Mechanism::RsaPkcsOaep(oaep_params(h)))
        }
        RsaEncryption::Oaep(_) => Err(Error::Unsupported {
            what: "RSA-OAEP is offered with SHA-1 and SHA-256",
        }),
        RsaEncryption::Pkcs1v15 => Ok(Mechanism::RsaPkcs),
    }
}

impl Backend {
    /// Encrypts with the public key of the pair `id`.
    pub async fn encrypt_rsa(
        &self,
        id: impl AsRef<[u8]>,
        scheme: RsaEncryption,
        plaintext: Vec<u8>,
    ) -> Result<Vec<u8>> {
        check_input_len(&plaintext)?;
        mechanism(scheme)?;
        let plaintext = Zeroizing::new(plaintext);
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            // Built on the worker thread: mechanisms hold raw pointers and are not Send.
            let mechanism = mechanism(scheme)?;
            let key = ctx.find_key(&id, ObjectClass::PUBLIC_KEY)?;
            ctx.record(
                Call::Encrypt,
                ctx.session().encrypt(&mechanism, key, &plaintext),
            )
            .map_err(|e| scheme_error(e, scheme))
        })
        .await
    }

    /// Decrypts with the private key of the pair `id`.
    pub async fn decrypt_rsa(
        &self,
        id: impl AsRef<[u8]>,
        scheme: RsaEncryption,
        ciphertext: Vec<u8>,
    ) -> Result<Zeroizing<Vec<u8>>> {
        check_input_len(&ciphertext)?;
        mechanism(scheme)?;
        let id = id.as_ref().to_vec();
        self.run(move |ctx| {
            let mechanism = mechanism(scheme)?;
            let key = ctx.find_key(&id, ObjectClass::PRIVATE_KEY)?;
            ctx.record(
                Call::Decrypt,
                ctx.session().decrypt(&mechanism, key, &ciphertext),
            )
            .map(Zeroizing::new)
            .map_err(|e| scheme_error(e, scheme))
        })
        .await
    }
}
