//! Register of RSA public and private keys: key material a client made elsewhere is imported
//! into the HSM (C_CreateObject) under the new object's identifier and recorded like a
//! generated key, so that Sign, Signature Verify, Encrypt and Decrypt run on it inside the HSM.
//! Public and private keys of other algorithms are still kept encrypted in the store
//! (stored.rs).

use hsmgate_kmip::message::{AttributeName, Attributes};
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, KeyFormatType, ObjectType};
use hsmgate_kmip::ttlv::{Tag, Value};
use hsmgate_pkcs11::{KeyOptions, RsaPrivateComponents};
use sha2::{Digest, Sha256};

use super::create::{boolean, check_client_attributes, integer, key_options, new_uid, NewKey};
use super::der;
use super::key_digest::digest_value;
use super::object::set_attribute;
use super::{KeyService, ServiceError};
use crate::identity::Identity;
use crate::store::Material;

/// RSA key material read from a registered key block. `Debug` is not derived: it may hold a
/// private key.
pub enum ImportedKey {
    /// The components of a private key.
    RsaPrivate(RsaPrivateComponents),
    /// A public key.
    RsaPublic {
        modulus: Vec<u8>,
        public_exponent: Vec<u8>,
    },
}

/// A key to register and the Key Format Type it came in.
pub struct KeyImport {
    pub format: KeyFormatType,
    pub key: ImportedKey,
}

impl ImportedKey {
    fn modulus(&self) -> &[u8] {
        match self {
            ImportedKey::RsaPrivate(c) => &c.modulus,
            ImportedKey::RsaPublic { modulus, .. } => modulus,
        }
    }

    fn object_type(&self) -> ObjectType {
        match self {
            ImportedKey::RsaPrivate(_) => ObjectType::PRIVATE_KEY,
            ImportedKey::RsaPublic { .. } => ObjectType::PUBLIC_KEY,
        }
    }

    /// SHA-256 of the key's PKCS#1 encoding, KMIP's default format for RSA keys.
    fn pkcs1_digest(&self) -> Vec<u8> {
        match self {
            ImportedKey::RsaPrivate(c) => {
                let encoded = der::rsa_private_key([
                    &c.modulus,
                    &c.public_exponent,
                    &c.private_exponent,
                    &c.prime1,
                    &c.prime2,
                    &c.exponent1,
                    &c.exponent2,
                    &c.coefficient,
                ]);
                Sha256::digest(encoded.as_slice()).to_vec()
            }
            ImportedKey::RsaPublic {
                modulus,
                public_exponent,
            } => Sha256::digest(der::rsa_public_key(modulus, public_exponent)).to_vec(),
        }
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
fn complete_shape(attributes: &mut Attributes, bits: usize) -> Result<(), ServiceError> {
    match attributes.get(Tag::CRYPTOGRAPHIC_ALGORITHM) {
        None => attributes.push(
            AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
            Value::Enumeration(CryptographicAlgorithm::RSA.0),
        ),
        Some(Value::Enumeration(raw))
            if CryptographicAlgorithm(*raw) == CryptographicAlgorithm::RSA => {}
        Some(_) => {
            return Err(ServiceError::InvalidField(
                "the Cryptographic Algorithm does not match the RSA key material".into(),
            ))
        }
    }
    let bits = i32::try_from(bits)
        .map_err(|_| ServiceError::InvalidField("the RSA modulus is too large".into()))?;
    if integer(attributes, Tag::CRYPTOGRAPHIC_LENGTH).is_some_and(|given| given != bits) {
        return Err(ServiceError::InvalidField(
            "the Cryptographic Length does not match the RSA modulus".into(),
        ));
    }
    set_attribute(attributes, Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(bits));
    Ok(())
}

impl KeyService {
    /// Imports a registered RSA public or private key into the default HSM and records it.
    ///
    /// A private key's material was known outside the HSM, so, as for registered secret keys,
    /// it stays extractable and not sensitive unless the client's Extractable or Sensitive
    /// attributes say otherwise; the HSM object carries the same flags.
    pub async fn register_rsa_key(
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
        complete_shape(&mut attributes, modulus_bits(import.key.modulus()))?;
        let (sensitive, extractable) = match import.key {
            ImportedKey::RsaPrivate(_) => {
                let extractable = boolean(&attributes, Tag::EXTRACTABLE).unwrap_or(true);
                let sensitive =
                    boolean(&attributes, Tag::SENSITIVE).unwrap_or(false) || !extractable;
                (sensitive, extractable)
            }
            ImportedKey::RsaPublic { .. } => (false, true),
        };
        let digest = import.key.pkcs1_digest();
        let backend = self.default_backend()?;
        let uid = new_uid()?;
        match import.key {
            ImportedKey::RsaPrivate(components) => {
                let options = if sensitive {
                    key_options(extractable)
                } else {
                    KeyOptions::default().readable()
                };
                backend
                    .import_rsa_private(&uid, components, options)
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
            (Tag::DIGEST, digest_value(digest, KeyFormatType::PKCS_1)),
        ] {
            set_attribute(&mut attributes, tag, value);
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
        complete_shape(&mut empty, 2048).unwrap();
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
        assert!(complete_shape(&mut wrong_length, 2048).is_err());
        let mut wrong_algorithm = Attributes::new();
        wrong_algorithm.push(
            AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
            Value::Enumeration(CryptographicAlgorithm::AES.0),
        );
        assert!(complete_shape(&mut wrong_algorithm, 2048).is_err());
    }
}
