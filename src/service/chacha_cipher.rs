//! ChaCha20 and ChaCha20-Poly1305 keys: which HSM holds them, and Encrypt / Decrypt with them.
//!
//! SoftHSM2 2.6.1 (the embedded default's first token) has no ChaCha20 mechanisms, so such keys
//! go to the first configured backend whose token offers them (probed at start; NSS's softoken
//! does, see `hsmgate_pkcs11::nss`). With none, Create and Register answer "not supported".
//!
//! KMIP's IV/Counter/Nonce for ChaCha20 is 8 bytes (the original cipher's nonce) or 12 (RFC
//! 8439's), the key stream starting at block 0; ChaCha20-Poly1305 takes a 12-byte nonce and tags
//! of 12..=16 bytes. On Encrypt without a nonce, the HSM's RNG draws a 12-byte one.

use hsmgate_kmip::spec::enums::CryptographicAlgorithm;
use hsmgate_pkcs11::{Backend, ChaChaNonce, ErrorKind};
use zeroize::Zeroizing;

use super::crypto::{Cipher, CipherRequest, CipherResult};
use super::{KeyService, ServiceError};

/// Whether keys of `algorithm` are ChaCha20 keys.
pub(super) fn is_chacha(algorithm: CryptographicAlgorithm) -> bool {
    algorithm == CryptographicAlgorithm::CHACHA20
        || algorithm == CryptographicAlgorithm::CHACHA20POLY1305
}

impl KeyService {
    /// The first backend whose token can use keys of `algorithm` (and generate them, when
    /// `generate`).
    pub(super) fn chacha_backend(
        &self,
        algorithm: CryptographicAlgorithm,
        generate: bool,
    ) -> Result<&Backend, ServiceError> {
        self.backends()
            .iter()
            .find(|backend| {
                let offered = backend.chacha_support();
                let usable = if algorithm == CryptographicAlgorithm::CHACHA20 {
                    offered.stream
                } else {
                    offered.aead
                };
                usable && (offered.key_gen || !generate)
            })
            .ok_or_else(|| {
                ServiceError::NotSupported(format!(
                    "{algorithm} keys: no configured HSM token offers the mechanism (SoftHSM2 \
                     lacks it; NSS's softoken has it)"
                ))
            })
    }
}

fn nonce_of(iv: &[u8]) -> Result<ChaChaNonce, ServiceError> {
    ChaChaNonce::from_iv(iv).map_err(|_| {
        ServiceError::InvalidField("a ChaCha20 IV/Counter/Nonce is 8 or 12 bytes".into())
    })
}

fn aead_nonce(iv: &[u8]) -> Result<[u8; 12], ServiceError> {
    iv.try_into()
        .map_err(|_| ServiceError::InvalidField("a ChaCha20-Poly1305 nonce is 12 bytes".into()))
}

/// Encrypts with [`Cipher::ChaCha20`] or [`Cipher::ChaCha20Poly1305`].
pub(super) async fn encrypt(
    backend: &Backend,
    id: &[u8],
    request: CipherRequest,
) -> Result<CipherResult, ServiceError> {
    let cipher = request.cipher;
    let (iv, generated) = match request.iv {
        Some(iv) => (iv, false),
        None => (backend.random(12).await?, true),
    };
    let returned_iv = generated.then(|| iv.clone());
    match cipher {
        Cipher::ChaCha20Poly1305 { tag_len } => {
            let (ciphertext, tag) = backend
                .encrypt_chacha20_poly1305(id, aead_nonce(&iv)?, request.aad, request.data, tag_len)
                .await?;
            Ok(CipherResult {
                data: Zeroizing::new(ciphertext),
                iv: returned_iv,
                tag: Some(tag),
            })
        }
        _ => {
            if !request.aad.is_empty() {
                return Err(ServiceError::InvalidField(
                    "ChaCha20 takes no Authenticated Encryption Additional Data".into(),
                ));
            }
            let data = backend
                .chacha20(id, nonce_of(&iv)?, request.data, true)
                .await?;
            Ok(CipherResult {
                data,
                iv: returned_iv,
                tag: None,
            })
        }
    }
}

/// Decrypts with [`Cipher::ChaCha20`] or [`Cipher::ChaCha20Poly1305`].
pub(super) async fn decrypt(
    backend: &Backend,
    id: &[u8],
    request: CipherRequest,
) -> Result<Zeroizing<Vec<u8>>, ServiceError> {
    let cipher = request.cipher;
    let iv = request
        .iv
        .ok_or_else(|| ServiceError::MissingField("IV/Counter/Nonce for ChaCha20".into()))?;
    if !matches!(cipher, Cipher::ChaCha20Poly1305 { .. }) {
        return Ok(backend
            .chacha20(id, nonce_of(&iv)?, request.data, false)
            .await?);
    }
    let tag = request
        .tag
        .ok_or_else(|| ServiceError::MissingField("Authenticated Encryption Tag".into()))?;
    backend
        .decrypt_chacha20_poly1305(id, aead_nonce(&iv)?, request.aad, request.data, tag)
        .await
        .map_err(|e| {
            if e.kind() == ErrorKind::InvalidInput {
                ServiceError::CryptographicFailure("authentication tag did not verify")
            } else {
                e.into()
            }
        })
}
