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
        })
        .await
    }
}
