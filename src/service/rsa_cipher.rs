//! Which HSM path an RSA encryption scheme takes. The token's own mechanism when it implements
//! the scheme (RSAES-PKCS1-v1_5; RSA-OAEP with SHA-1 for the label and MGF1 and an empty
//! label, the one OAEP form SoftHSM2 2.6 knows); every other OAEP form through
//! `hsmgate_pkcs11`'s OAEP with any hash: raw RSA inside the HSM, the encoding in the gateway.
//! Either way the private key stays in the HSM.

use hsmgate_pkcs11::{Backend, HashAlg, OaepParams, RsaEncryption};
use zeroize::Zeroizing;

use super::{Cipher, ServiceError};

enum Route {
    Native(RsaEncryption),
    AnyHash(OaepParams),
}

/// The route of `cipher` with OAEP label `label`; `None` when `cipher` is not RSA.
fn route(cipher: Cipher, label: &[u8]) -> Option<Route> {
    let (hash, mgf1_hash) = match cipher {
        Cipher::RsaPkcs1v15 => return Some(Route::Native(RsaEncryption::Pkcs1v15)),
        Cipher::RsaOaep(hash) => (hash, hash),
        Cipher::RsaOaepMgf1 { hash, mgf1_hash } => (hash, mgf1_hash),
        _ => return None,
    };
    if (hash, mgf1_hash) == (HashAlg::Sha1, HashAlg::Sha1) && label.is_empty() {
        return Some(Route::Native(RsaEncryption::Oaep(HashAlg::Sha1)));
    }
    Some(Route::AnyHash(OaepParams {
        hash,
        mgf1_hash,
        label: label.to_vec(),
    }))
}

/// Whether `cipher` is an RSA scheme.
pub(super) fn is_rsa(cipher: Cipher) -> bool {
    route(cipher, &[]).is_some()
}

/// Encrypts with the public key of pair `id`; `None` when `cipher` is not RSA.
pub(super) async fn encrypt(
    backend: &Backend,
    id: &[u8],
    cipher: Cipher,
    label: &[u8],
    data: Vec<u8>,
) -> Option<Result<Vec<u8>, ServiceError>> {
    let result = match route(cipher, label)? {
        Route::Native(scheme) => backend.encrypt_rsa(id, scheme, data).await,
        Route::AnyHash(params) => backend.encrypt_rsa_oaep(id, params, data).await,
    };
    Some(result.map_err(Into::into))
}

/// Decrypts with the private key of pair `id`; `None` when `cipher` is not RSA. Every
/// decryption failure reads the same (no padding oracle).
pub(super) async fn decrypt(
    backend: &Backend,
    id: &[u8],
    cipher: Cipher,
    label: &[u8],
    data: Vec<u8>,
) -> Option<Result<Zeroizing<Vec<u8>>, ServiceError>> {
    let result = match route(cipher, label)? {
        Route::Native(scheme) => backend.decrypt_rsa(id, scheme, data).await,
        Route::AnyHash(params) => backend.decrypt_rsa_oaep(id, params, data).await,
    };
    Some(result.map_err(|e| {
        // SoftHSM2 answers a bad padding with CKR_GENERAL_ERROR on a session that stays
        // healthy (the pool's recovery has checked that by now).
        if e.kind() == hsmgate_pkcs11::ErrorKind::InvalidInput
            || e.rv() == Some(hsmgate_pkcs11::RvError::GeneralError)
        {
            ServiceError::CryptographicFailure("decryption failed")
        } else {
            e.into()
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sha1_oaep_without_a_label_uses_the_token_mechanism() {
        let native = |c, l: &[u8]| matches!(route(c, l), Some(Route::Native(_)));
        assert!(native(Cipher::RsaOaep(HashAlg::Sha1), b""));
        assert!(native(Cipher::RsaPkcs1v15, b""));
        assert!(!native(Cipher::RsaOaep(HashAlg::Sha1), b"label"));
        assert!(!native(Cipher::RsaOaep(HashAlg::Sha256), b""));
        let mixed = Cipher::RsaOaepMgf1 {
            hash: HashAlg::Sha384,
            mgf1_hash: HashAlg::Sha256,
        };
        assert!(matches!(
            route(mixed, b"L"),
            Some(Route::AnyHash(OaepParams {
                hash: HashAlg::Sha384,
                mgf1_hash: HashAlg::Sha256,
                ..
            }))
        ));
        assert!(route(Cipher::AesCbcPad, b"").is_none());
        assert!(!is_rsa(Cipher::AesEcb));
    }
}
