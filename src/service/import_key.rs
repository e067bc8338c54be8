//! Register of RSA and EC (P-256, P-384) public and private keys: key material a client made
//! elsewhere is imported into the HSM (C_CreateObject) under the new object's identifier and
//! recorded like a generated key, so that Sign, Signature Verify, Encrypt and Decrypt run on it
//! inside the HSM. Public and private keys of other algorithms are still kept encrypted in the
//! store (stored.rs).

use hsmgate_kmip::message::{AttributeName, Attributes};
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, KeyFormatType, ObjectType};
use hsmgate_kmip::ttlv::{Tag, Value};
use hsmgate_pkcs11::{EcCurve, KeyOptions, RsaPrivateComponents};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::create::{boolean, check_client_attributes, integer, key_options, new_uid, NewKey};
use super::der;
use super::key_digest::digest_value;
use super::object::set_attribute;
use super::{KeyService, ServiceError};
use crate::identity::Identity;
use crate::store::Material;

/// Key material read from a registered key block. `Debug` is not derived: it may hold a
/// private key.
pub enum ImportedKey {
    /// The components of an RSA private key.
    RsaPrivate(RsaPrivateComponents),
    /// An RSA public key.
    RsaPublic {
        modulus: Vec<u8>,
        public_exponent: Vec<u8>,
    },
    /// An EC private key: its scalar, big-endian.
    EcPrivate {
        curve: EcCurve,
        scalar: Zeroizing<Vec<u8>>,
    },
    /// An EC public key: its uncompressed point.
    EcPublic { curve: EcCurve, point: Vec<u8> },
}

/// A key to register and the Key Format Type it came in.
pub struct KeyImport {
    pub format: KeyFormatType,
    pub key: ImportedKey,
}

impl ImportedKey {
    /// The key's size in bits: the modulus's, or the curve's field's.
    fn bits(&self) -> usize {
        match self {
            ImportedKey::RsaPrivate(c) => modulus_bits(&c.modulus),
            ImportedKey::RsaPublic { modulus, .. } => modulus_bits(modulus),
            ImportedKey::EcPrivate { curve, .. } | ImportedKey::EcPublic { curve, .. } => {
                8 * der::field_bytes(*curve)
            }
        }
    }

    fn is_rsa(&self) -> bool {
        matches!(
            self,
            ImportedKey::RsaPrivate(_) | ImportedKey::RsaPublic { .. }
        )
    }

    fn is_private(&self) -> bool {
        matches!(
            self,
            ImportedKey::RsaPrivate(_) | ImportedKey::EcPrivate { .. }
        )
    }

    fn object_type(&self) -> ObjectType {
        if self.is_private() {
            ObjectType::PRIVATE_KEY
        } else {
            ObjectType::PUBLIC_KEY
        }
    }

    /// The Digest attribute: SHA-256 of the key in its default format, PKCS#1 for RSA keys and
    /// X.509 SubjectPublicKeyInfo for EC public keys. An EC private key gets none: this gateway
    /// has no encoder for its default format.
    fn digest(&self) -> Option<Value> {
        let (encoded, format) = match self {
            ImportedKey::RsaPrivate(c) => {
                let encoded = der::rsa_private_key_of(c);
                (Sha256::digest(encoded.as_slice()), KeyFormatType::PKCS_1)
            }
            ImportedKey::RsaPublic {
                modulus,
                public_exponent,
            } => (
                Sha256::digest(der::rsa_public_key(modulus, public_exponent)),
                KeyFormatType::PKCS_1,
            ),
            ImportedKey::EcPublic { curve, point } => (
                Sha256::digest(der::ec_spki(*curve, point)),
                KeyFormatType::X_509,
            ),
            ImportedKey::EcPrivate { .. } => return None,
        };
        Some(digest_value(encoded.to_vec(), format))
    }
}

/// The size of a modulus in bits.
pub(super) fn modulus_bits(modulus: &[u8]) -> usize {
    let skip = modulus.iter().take_while(|b| **b == 0).count();
    match modulus.get(skip..) {
        Some([first, rest @ ..]) => rest.len() * 8 + (8 - first.leading_zeros() as usize),
        _ => 0,
    }
}

/// Checks the client's algorithm and length against the key and completes them.
fn complete_shape(attributes: &mut Attributes, rsa: bool, bits: usize) -> Result<(), ServiceError> {
    let fits = |a: CryptographicAlgorithm| {
        if rsa {
            a == CryptographicAlgorithm::RSA
        } else {
            a == CryptographicAlgorithm::EC || a == CryptographicAlgorithm::ECDSA
        }
    };
    match attributes.get(Tag::CRYPTOGRAPHIC_ALGORITHM) {
        None => {
            let algorithm = if rsa {
                CryptographicAlgorithm::RSA
            } else {
                CryptographicAlgorithm::EC
            };
            attributes.push(
                AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
                Value::Enumeration(algorithm.0),
            )
        }
        Some(Value::Enumeration(raw)) if fits(CryptographicAlgorithm(*raw)) => {}
        Some(_) => {
            return Err(ServiceError::InvalidField(
                "the Cryptographic Algorithm does not match the key material".into(),
            ))
        }
    }
    let bits = i32::try_from(bits)
        .map_err(|_| ServiceError::InvalidField("the key is too large".into()))?;
    if integer(attributes, Tag::CRYPTOGRAPHIC_LENGTH).is_some_and(|given| given != bits) {
        return Err(ServiceError::InvalidField(
            "the Cryptographic Length does not match the key material".into(),
        ));
    }
    set_attribute(attributes, Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(bits));
    Ok(())
}

impl KeyService {
    /// Imports a registered RSA or EC public or private key into the default HSM and records
    /// it.
    ///
    /// A private key's material was known outside the HSM, so, as for registered secret keys,
    /// it stays extractable and not sensitive unless the client's Extractable or Sensitive
    /// attributes say otherwise; the HSM object carries the same flags.
    pub async fn register_asymmetric_key(
        &self,
        caller: &Identity,
        request: NewKey,
        import: KeyImport,
    ) -> Result<String, ServiceError> {
        if request.object_type != import.key.object_type() {
            return Err(ServiceError::InvalidField(
                "the key material does not match the Object Type".into(),
            ));
        }
        check_client_attributes(&request.attributes)?;
        let mut attributes = request.attributes;
        complete_shape(&mut attributes, import.key.is_rsa(), import.key.bits())?;
        let (sensitive, extractable) = if import.key.is_private() {
            let extractable = boolean(&attributes, Tag::EXTRACTABLE).unwrap_or(true);
            let sensitive = boolean(&attributes, Tag::SENSITIVE).unwrap_or(false) || !extractable;
            (sensitive, extractable)
        } else {
            (false, true)
        };
        let private_options = if sensitive {
            key_options(extractable)
        } else {
            KeyOptions::default().readable()
        };
        let digest = import.key.digest();
        let backend = self.default_backend()?;
        let uid = new_uid()?;
        match import.key {
            ImportedKey::RsaPrivate(components) => {
                backend
                    .import_rsa_private(&uid, components, private_options)
                    .await?
            }
            ImportedKey::EcPrivate { curve, scalar } => {
                backend
                    .import_ec_private(&uid, curve, scalar, private_options)
                    .await?
            }
            ImportedKey::EcPublic { curve, point } => {
                backend
                    .import_ec_public(&uid, curve, point, KeyOptions::default())
                    .await?
            }
            ImportedKey::RsaPublic {
                modulus,
                public_exponent,
            } => {
                backend
                    .import_rsa_public(&uid, modulus, public_exponent, KeyOptions::default())
                    .await?
            }
        }
        if attributes.get(Tag::KEY_FORMAT_TYPE).is_none() {
            attributes.push(
                AttributeName::Tagged(Tag::KEY_FORMAT_TYPE),
                Value::Enumeration(import.format.0),
            );
        }
        for (tag, value) in [
            (Tag::SENSITIVE, Value::Boolean(sensitive)),
            (Tag::EXTRACTABLE, Value::Boolean(extractable)),
        ] {
            set_attribute(&mut attributes, tag, value);
        }
        if let Some(digest) = digest {
            set_attribute(&mut attributes, Tag::DIGEST, digest);
        }
        let material = Material::Hsm {
            backend: backend.name().to_owned(),
            id: uid.as_bytes().to_vec(),
        };
        let request = NewKey {
            object_type: request.object_type,
            attributes,
        };
        self.record_object(caller, uid, request, material, None)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modulus_sizes() {
        assert_eq!(modulus_bits(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(modulus_bits(&[0x7f, 0xff]), 15);
        assert_eq!(modulus_bits(&[0x01]), 1);
        assert_eq!(modulus_bits(&[0, 0]), 0);
        let mut n = vec![0xc1u8; 256];
        n.insert(0, 0);
        assert_eq!(modulus_bits(&n), 2048);
    }

    #[test]
    fn length_and_algorithm_must_fit_the_key() {
        let mut empty = Attributes::new();
        complete_shape(&mut empty, true, 2048).unwrap();
        assert_eq!(
            empty.get(Tag::CRYPTOGRAPHIC_LENGTH),
            Some(&Value::Integer(2048))
        );
        assert_eq!(
            empty.get(Tag::CRYPTOGRAPHIC_ALGORITHM),
            Some(&Value::Enumeration(CryptographicAlgorithm::RSA.0))
        );
        let mut wrong_length = Attributes::new();
        wrong_length.push(
            AttributeName::Tagged(Tag::CRYPTOGRAPHIC_LENGTH),
            Value::Integer(1024),
        );
        assert!(complete_shape(&mut wrong_length, true, 2048).is_err());
        let mut wrong_algorithm = Attributes::new();
        wrong_algorithm.push(
            AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
            Value::Enumeration(CryptographicAlgorithm::AES.0),
        );
        assert!(complete_shape(&mut wrong_algorithm, true, 2048).is_err());
        let mut ecdsa = Attributes::new();
        ecdsa.push(
            AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
            Value::Enumeration(CryptographicAlgorithm::ECDSA.0),
        );
        complete_shape(&mut ecdsa, false, 384).unwrap();
        assert!(complete_shape(&mut ecdsa, true, 384).is_err());
        assert_eq!(
            ecdsa.get(Tag::CRYPTOGRAPHIC_LENGTH),
            Some(&Value::Integer(384))
        );
    }
}
