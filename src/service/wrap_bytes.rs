//! Wrapping and unwrapping bytes a caller holds (a cloud service's data encryption keys) with a
//! managed key, inside the HSM that holds it: AES key wrap (RFC 3394) and AES key wrap with
//! padding (RFC 5649) under an AES key, RSA-OAEP with SHA-1 or SHA-256 under an RSA key pair
//! named by its private key (wrapping, and unwrapping with SHA-256: `hsmgate_pkcs11`'s OAEP
//! with any hash over the HSM's raw RSA; unwrapping with SHA-1: the token's own OAEP). The
//! Azure Managed HSM EKM proxy API is the front end that uses it.
//!
//! Rules: the key must be Active (revoking or deactivating it is the kill switch, for
//! unwrapping too), inside its usage dates, and its Cryptographic Usage Mask must allow Wrap
//! Key (AES, wrapping) or Unwrap Key (AES, unwrapping; RSA private keys, both: the pair's
//! wrapping use is granted on the private key that names it). Access is checked as Encrypt
//! (wrap) and Decrypt (unwrap) grants.

use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, ObjectType, Operation, State};
use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_pkcs11::{AesDataWrap, ErrorKind, HashAlg, OaepParams, RsaEncryption};
use zeroize::Zeroizing;

use super::object::ManagedObject;
use super::usage_window::{self, Use};
use super::{KeyService, ServiceError};
use crate::identity::Identity;
use crate::store::Material;

/// How bytes are wrapped.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum ByteWrap {
    /// AES key wrap, RFC 3394 (JOSE `A256KW` with a 256-bit key).
    AesKw,
    /// AES key wrap with padding, RFC 5649 (`A256KWP`).
    AesKwp,
    /// RSAES-OAEP with SHA-1 and MGF1-SHA-1 (`RSA-OAEP`).
    RsaOaepSha1,
    /// RSAES-OAEP with SHA-256 and MGF1-SHA-256 (`RSA-OAEP-256`).
    RsaOaepSha256,
}

impl ByteWrap {
    fn algorithm(self) -> CryptographicAlgorithm {
        match self {
            ByteWrap::AesKw | ByteWrap::AesKwp => CryptographicAlgorithm::AES,
            ByteWrap::RsaOaepSha1 | ByteWrap::RsaOaepSha256 => CryptographicAlgorithm::RSA,
        }
    }

    /// The OAEP parameters of the RSA methods: one hash for the label and MGF1, empty label.
    fn oaep_params(self) -> OaepParams {
        let hash = match self {
            ByteWrap::RsaOaepSha1 => HashAlg::Sha1,
            _ => HashAlg::Sha256,
        };
        OaepParams {
            hash,
            mgf1_hash: hash,
            label: Vec::new(),
        }
    }
}

impl KeyService {
    /// The key's HSM reference after every rule above, for wrapping (`wrap`) or unwrapping.
    async fn byte_wrapping_key(
        &self,
        caller: &Identity,
        uid: &str,
        method: ByteWrap,
        wrap: bool,
    ) -> Result<(ManagedObject, String, Vec<u8>), ServiceError> {
        let operation = if wrap {
            Operation::ENCRYPT
        } else {
            Operation::DECRYPT
        };
        let object = self.authorized(caller, uid, operation).await?;
        let expected_type = match method.algorithm() {
            CryptographicAlgorithm::RSA => ObjectType::PRIVATE_KEY,
            _ => ObjectType::SYMMETRIC_KEY,
        };
        if object.algorithm() != Some(method.algorithm()) || object.object_type() != expected_type {
            return Err(ServiceError::InvalidField(
                "the wrapping algorithm does not fit the key's type".into(),
            ));
        }
        if object.state() != State::ACTIVE {
            return Err(ServiceError::WrongState("the key is not Active"));
        }
        usage_window::check(&object, if wrap { Use::Protect } else { Use::Process })?;
        super::dates::require_usage_period(&object, wrap, super::object::now())?;
        let (usage, what) = match (method.algorithm(), wrap) {
            (CryptographicAlgorithm::AES, true) => (CryptographicUsageMask::WRAP_KEY, "Wrap Key"),
            _ => (CryptographicUsageMask::UNWRAP_KEY, "Unwrap Key"),
        };
        object.require_usage(usage, what)?;
        let Material::Hsm { backend, id } = object.material().clone() else {
            return Err(ServiceError::Internal(format!(
                "key {uid} has no HSM object"
            )));
        };
        Ok((object, backend, id))
    }

    /// Wraps `data` with the key `uid`.
    pub async fn wrap_bytes(
        &self,
        caller: &Identity,
        uid: &str,
        method: ByteWrap,
        data: Zeroizing<Vec<u8>>,
    ) -> Result<Vec<u8>, ServiceError> {
        let (mut object, backend, id) = self.byte_wrapping_key(caller, uid, method, true).await?;
        self.take_usage(&mut object, data.len()).await?;
        let backend = self.backend(&backend)?;
        let wrapped = match method {
            ByteWrap::AesKw => backend.wrap_bytes(&id, AesDataWrap::Kw, data).await,
            ByteWrap::AesKwp => backend.wrap_bytes(&id, AesDataWrap::Kwp, data).await,
            ByteWrap::RsaOaepSha1 | ByteWrap::RsaOaepSha256 => {
                backend
                    .encrypt_rsa_oaep_public_or_private(&id, method.oaep_params(), data)
                    .await
            }
        };
        wrapped.map_err(|e| match e.kind() {
            ErrorKind::InvalidInput => {
                ServiceError::InvalidField(format!("the key to wrap was refused: {e}"))
            }
            _ => e.into(),
        })
    }

    /// Unwraps `wrapped` with the key `uid`. Input that does not unwrap is one
    /// [`ServiceError::CryptographicFailure`], whatever the reason (no padding oracle).
    pub async fn unwrap_bytes(
        &self,
        caller: &Identity,
        uid: &str,
        method: ByteWrap,
        wrapped: Vec<u8>,
    ) -> Result<Zeroizing<Vec<u8>>, ServiceError> {
        let (mut object, backend, id) = self.byte_wrapping_key(caller, uid, method, false).await?;
        self.take_usage(&mut object, wrapped.len()).await?;
        let backend = self.backend(&backend)?;
        let unwrapped = match method {
            ByteWrap::AesKw => backend.unwrap_bytes(&id, AesDataWrap::Kw, wrapped).await,
            ByteWrap::AesKwp => backend.unwrap_bytes(&id, AesDataWrap::Kwp, wrapped).await,
            ByteWrap::RsaOaepSha1 => {
                backend
                    .decrypt_rsa(&id, RsaEncryption::Oaep(HashAlg::Sha1), wrapped)
                    .await
            }
            ByteWrap::RsaOaepSha256 => {
                backend
                    .decrypt_rsa_oaep(&id, method.oaep_params(), wrapped)
                    .await
            }
        };
        unwrapped.map_err(|e| {
            // SoftHSM2 answers a bad OAEP block with CKR_GENERAL_ERROR on a healthy session.
            if e.kind() == ErrorKind::InvalidInput
                || e.rv() == Some(hsmgate_pkcs11::RvError::GeneralError)
            {
                ServiceError::CryptographicFailure("the wrapped key does not unwrap")
            } else {
                e.into()
            }
        })
    }

    /// The RSA modulus and public exponent (big-endian) of the key pair an RSA private key
    /// `uid` names. Needs only Get Attributes rights.
    pub async fn rsa_public_numbers(
        &self,
        caller: &Identity,
        uid: &str,
    ) -> Result<(Vec<u8>, Vec<u8>), ServiceError> {
        let object = self
            .authorized(caller, uid, Operation::GET_ATTRIBUTES)
            .await?;
        if object.algorithm() != Some(CryptographicAlgorithm::RSA) {
            return Err(ServiceError::InvalidField(
                "the key is not an RSA key".into(),
            ));
        }
        let Material::Hsm { backend, id } = object.material() else {
            return Err(ServiceError::Internal(format!(
                "key {uid} has no HSM object"
            )));
        };
        Ok(self.backend(backend)?.rsa_public_numbers(id).await?)
    }
}
