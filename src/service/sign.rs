//! Sign and Signature Verify with a managed key pair, inside the HSM: RSASSA-PKCS1-v1_5,
//! RSASSA-PSS (MGF1 with the same hash, salt as long as the hash) and ECDSA (r || s).

use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::spec::enums::{
    CryptographicAlgorithm, DigitalSignatureAlgorithm as Dsa, HashingAlgorithm, ObjectType,
    Operation, PaddingMethod, State,
};
use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_pkcs11::{HashAlg, SignAlgorithm};

use super::object::ManagedObject;
use super::{KeyService, ServiceError};
use crate::identity::Identity;
use crate::store::Material;

fn hash(h: HashingAlgorithm) -> Result<HashAlg, ServiceError> {
    match h {
        HashingAlgorithm::SHA_1 => Ok(HashAlg::Sha1),
        HashingAlgorithm::SHA_256 => Ok(HashAlg::Sha256),
        HashingAlgorithm::SHA_384 => Ok(HashAlg::Sha384),
        HashingAlgorithm::SHA_512 => Ok(HashAlg::Sha512),
        other => Err(ServiceError::NotSupported(format!(
            "signatures with {other}"
        ))),
    }
}

/// The signature scheme the parameters ask for with a key of `algorithm`. Without parameters:
/// PKCS#1 v1.5 with SHA-256 for RSA, ECDSA with SHA-256 for EC.
pub fn sign_algorithm(
    algorithm: Option<CryptographicAlgorithm>,
    parameters: Option<&CryptographicParameters>,
) -> Result<SignAlgorithm, ServiceError> {
    let default = CryptographicParameters::default();
    let p = parameters.unwrap_or(&default);
    let is_rsa = match algorithm {
        Some(CryptographicAlgorithm::RSA) => true,
        Some(CryptographicAlgorithm::EC | CryptographicAlgorithm::ECDSA) => false,
        _ => {
            return Err(ServiceError::NotSupported(
                "signatures with keys other than RSA and EC".into(),
            ))
        }
    };
    let by_dsa = match p.digital_signature_algorithm {
        None => None,
        Some(Dsa::SHA_1_WITH_RSA_ENCRYPTION) => Some((true, false, HashAlg::Sha1)),
        Some(Dsa::SHA_256_WITH_RSA_ENCRYPTION) => Some((true, false, HashAlg::Sha256)),
        Some(Dsa::SHA_384_WITH_RSA_ENCRYPTION) => Some((true, false, HashAlg::Sha384)),
        Some(Dsa::SHA_512_WITH_RSA_ENCRYPTION) => Some((true, false, HashAlg::Sha512)),
        Some(Dsa::RSASSA_PSS) => Some((
            true,
            true,
            hash(p.hashing_algorithm.unwrap_or(HashingAlgorithm::SHA_256))?,
        )),
        Some(Dsa::ECDSA_WITH_SHA_1) => Some((false, false, HashAlg::Sha1)),
        Some(Dsa::ECDSA_WITH_SHA256) => Some((false, false, HashAlg::Sha256)),
        Some(Dsa::ECDSA_WITH_SHA384) => Some((false, false, HashAlg::Sha384)),
        Some(Dsa::ECDSA_WITH_SHA512) => Some((false, false, HashAlg::Sha512)),
        Some(other) => {
            return Err(ServiceError::NotSupported(format!(
                "signature algorithm {other}"
            )))
        }
    };
    let (rsa, pss, h) = match by_dsa {
        Some(choice) => choice,
        None => {
            let h = hash(p.hashing_algorithm.unwrap_or(HashingAlgorithm::SHA_256))?;
            let pss = match p.padding_method {
                None | Some(PaddingMethod::PKCS1_V1_5) => false,
                Some(PaddingMethod::PSS) if is_rsa => true,
                Some(other) => {
                    return Err(ServiceError::NotSupported(format!(
                        "signatures with padding {other}"
                    )))
                }
            };
            (is_rsa, pss, h)
        }
    };
    if rsa != is_rsa {
        return Err(ServiceError::InvalidField(
            "the signature algorithm does not fit the key's algorithm".into(),
        ));
    }
    Ok(match (rsa, pss) {
        (true, false) => SignAlgorithm::RsaPkcs1v15(h),
        (true, true) => SignAlgorithm::RsaPss(h),
        (false, _) => SignAlgorithm::Ecdsa(h),
    })
}

impl KeyService {
    async fn signing_key(
        &self,
        caller: &Identity,
        uid: &str,
        operation: Operation,
    ) -> Result<(ManagedObject, String, Vec<u8>), ServiceError> {
        let object = self.authorized(caller, uid, operation).await?;
        let signing = operation == Operation::SIGN;
        let expected = if signing {
            ObjectType::PRIVATE_KEY
        } else {
            ObjectType::PUBLIC_KEY
        };
        if object.object_type() != expected {
            return Err(ServiceError::InvalidField(format!(
                "{} needs a {expected}",
                if signing { "Sign" } else { "Signature Verify" }
            )));
        }
        // Signing needs an Active key; verifying old signatures is allowed afterwards too.
        let state = object.state();
        let state_ok = state == State::ACTIVE
            || (!signing && (state == State::DEACTIVATED || state == State::COMPROMISED));
        if !state_ok {
            return Err(ServiceError::WrongState(
                "the key is not in a state that allows this operation",
            ));
        }
        if signing {
            object.require_usage(CryptographicUsageMask::SIGN, "Sign")?;
        } else {
            object.require_usage(CryptographicUsageMask::VERIFY, "Verify")?;
        }
        let Material::Hsm { backend, id } = object.material().clone() else {
            return Err(ServiceError::Internal(format!(
                "key {uid} has no HSM object"
            )));
        };
        Ok((object, backend, id))
    }

    /// Signs `data` with private key `uid`.
    pub async fn sign(
        &self,
        caller: &Identity,
        uid: &str,
        parameters: Option<&CryptographicParameters>,
        data: Vec<u8>,
    ) -> Result<Vec<u8>, ServiceError> {
        let (object, backend, id) = self.signing_key(caller, uid, Operation::SIGN).await?;
        let algorithm = sign_algorithm(object.algorithm(), parameters)?;
        Ok(self.backend(&backend)?.sign(&id, algorithm, data).await?)
    }

    /// Whether `signature` over `data` verifies with public key `uid`.
    pub async fn verify(
        &self,
        caller: &Identity,
        uid: &str,
        parameters: Option<&CryptographicParameters>,
        data: Vec<u8>,
        signature: Vec<u8>,
    ) -> Result<bool, ServiceError> {
        let (object, backend, id) = self
            .signing_key(caller, uid, Operation::SIGNATURE_VERIFY)
            .await?;
        let algorithm = sign_algorithm(object.algorithm(), parameters)?;
        Ok(self
            .backend(&backend)?
            .verify(&id, algorithm, data, signature)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_from_parameters() {
        let rsa = Some(CryptographicAlgorithm::RSA);
        let ec = Some(CryptographicAlgorithm::EC);
        assert_eq!(
            sign_algorithm(rsa, None).unwrap(),
            SignAlgorithm::RsaPkcs1v15(HashAlg::Sha256)
        );
        assert_eq!(
            sign_algorithm(ec, None).unwrap(),
            SignAlgorithm::Ecdsa(HashAlg::Sha256)
        );
        let pss = CryptographicParameters {
            padding_method: Some(PaddingMethod::PSS),
            hashing_algorithm: Some(HashingAlgorithm::SHA_384),
            ..Default::default()
        };
        assert_eq!(
            sign_algorithm(rsa, Some(&pss)).unwrap(),
            SignAlgorithm::RsaPss(HashAlg::Sha384)
        );
        let ecdsa = CryptographicParameters {
            digital_signature_algorithm: Some(Dsa::ECDSA_WITH_SHA384),
            ..Default::default()
        };
        assert_eq!(
            sign_algorithm(ec, Some(&ecdsa)).unwrap(),
            SignAlgorithm::Ecdsa(HashAlg::Sha384)
        );
        assert!(matches!(
            sign_algorithm(rsa, Some(&ecdsa)),
            Err(ServiceError::InvalidField(_))
        ));
        assert!(sign_algorithm(Some(CryptographicAlgorithm::AES), None).is_err());
    }
}
