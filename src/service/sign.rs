//! Sign and Signature Verify with a managed key pair, inside the HSM: RSASSA-PKCS1-v1_5,
//! RSASSA-PSS (MGF1 with the same hash; the salt as long as the Salt Length says, else as long
//! as the hash) and ECDSA (r || s). A request without Cryptographic Parameters uses the key's
//! own Cryptographic Parameters attribute, as KMIP specifies.

use hsmgate_kmip::message::payload::CryptographicParameters;
use hsmgate_kmip::spec::enums::{
    CryptographicAlgorithm, DigitalSignatureAlgorithm as Dsa, HashingAlgorithm, ObjectType,
    Operation, PaddingMethod, State,
};
use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_kmip::ttlv::{Item, Tag};
use hsmgate_pkcs11::{HashAlg, SignAlgorithm};

use super::create::integer;
use super::object::ManagedObject;
use super::usage_window::{self, Use};
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

/// The request's parameters, else the key's Cryptographic Parameters attribute.
fn effective_parameters(
    object: &ManagedObject,
    requested: Option<&CryptographicParameters>,
) -> Result<Option<CryptographicParameters>, ServiceError> {
    if let Some(requested) = requested {
        return Ok(Some(requested.clone()));
    }
    match object.attributes.get(Tag::CRYPTOGRAPHIC_PARAMETERS) {
        None => Ok(None),
        Some(value) => CryptographicParameters::try_from(&Item::new(
            Tag::CRYPTOGRAPHIC_PARAMETERS,
            value.clone(),
        ))
        .map(Some)
        .map_err(|e| ServiceError::Internal(format!("the key's Cryptographic Parameters: {e}"))),
    }
}

/// The longest PSS salt for a modulus of `bits` (RFC 8017 §9.1.1: emLen - hLen - 2, with
/// emLen = ceil((bits - 1) / 8)).
fn max_salt(bits: usize, hash: HashAlg) -> Option<usize> {
    bits.checked_sub(1)?
        .div_ceil(8)
        .checked_sub(hash.output_len() + 2)
}

/// The schemes to use with `object`: one to sign with; for verifying, a PSS signature whose
/// salt length neither the request nor the key names is checked with the hash-length salt
/// (RFC 8017's usual choice) and with the longest salt (OpenSSL's default, which the OASIS
/// test cases use), and is valid if either verifies.
fn schemes(
    object: &ManagedObject,
    parameters: Option<&CryptographicParameters>,
    signing: bool,
) -> Result<Vec<SignAlgorithm>, ServiceError> {
    let parameters = effective_parameters(object, parameters)?;
    let algorithm = sign_algorithm(object.algorithm(), parameters.as_ref())?;
    let SignAlgorithm::RsaPss(hash) = algorithm else {
        return Ok(vec![algorithm]);
    };
    let longest = integer(&object.attributes, Tag::CRYPTOGRAPHIC_LENGTH)
        .and_then(|bits| usize::try_from(bits).ok())
        .and_then(|bits| max_salt(bits, hash));
    match parameters.and_then(|p| p.salt_length) {
        Some(salt) => {
            let salt = usize::try_from(salt)
                .ok()
                .filter(|salt| longest.is_none_or(|longest| *salt <= longest))
                .ok_or_else(|| {
                    ServiceError::InvalidField(format!(
                        "Salt Length {salt} does not fit the key and hash"
                    ))
                })?;
            Ok(vec![SignAlgorithm::RsaPssSalt(hash, salt)])
        }
        None => match longest {
            Some(longest) if !signing && longest != hash.output_len() => {
                Ok(vec![algorithm, SignAlgorithm::RsaPssSalt(hash, longest)])
            }
            _ => Ok(vec![algorithm]),
        },
    }
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
        usage_window::check(&object, if signing { Use::Protect } else { Use::Process })?;
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
        let algorithm = schemes(&object, parameters, true)?
            .into_iter()
            .next()
            .ok_or_else(|| ServiceError::Internal("no signature scheme".into()))?;
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
        let backend = self.backend(&backend)?;
        for algorithm in schemes(&object, parameters, false)? {
            if backend
                .verify(&id, algorithm, data.clone(), signature.clone())
                .await?
            {
                return Ok(true);
            }
        }
        Ok(false)
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

    #[test]
    fn longest_pss_salts() {
        assert_eq!(max_salt(2048, HashAlg::Sha256), Some(222));
        assert_eq!(max_salt(2047, HashAlg::Sha256), Some(222));
        assert_eq!(max_salt(2041, HashAlg::Sha256), Some(221));
        assert_eq!(max_salt(3072, HashAlg::Sha512), Some(318));
        assert_eq!(max_salt(256, HashAlg::Sha512), None);
        assert_eq!(max_salt(0, HashAlg::Sha1), None);
    }
}
