//! The Digest attribute of asymmetric keys (KMIP 2.1 §4.10): SHA-256 of the key in its default
//! Key Format Type. KMIP asks for a digest "provided that the server has access to the Key
//! Material", and the digest must be of that material, so:
//! - a public key's digest is computed from the public values the HSM reports;
//! - a generated RSA private key the HSM holds readable (not sensitive: the operator chose
//!   KMIP's defaults with `[keys] created_keys_extractable`, or the client asked) gets the
//!   digest of its PKCS#1 encoding, read back from the HSM once at creation;
//! - a sensitive private key (the gateway's default) gets none: its value never leaves the
//!   HSM, and no PKCS#11 call digests a private key's encoding inside it. A digest of
//!   anything else (the public half, a wrapped form) would claim what it is not.

use hsmgate_kmip::spec::enums::{HashingAlgorithm, KeyFormatType};
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use hsmgate_pkcs11::{Backend, KeyClass, PrivateKeyValue, PublicKey};
use sha2::{Digest, Sha256};

use super::der;

/// A Digest attribute value: `digest`, the SHA-256 of the key in `format`.
pub(super) fn digest_value(digest: Vec<u8>, format: KeyFormatType) -> Value {
    Value::Structure(vec![
        Item::new(
            Tag::HASHING_ALGORITHM,
            Value::Enumeration(HashingAlgorithm::SHA_256.0),
        ),
        Item::new(Tag::DIGEST_VALUE, Value::ByteString(digest.into())),
        Item::new(Tag::KEY_FORMAT_TYPE, Value::Enumeration(format.0)),
    ])
}

/// The default Key Format Type of a public key and its encoding in it: PKCS#1 for RSA,
/// X.509 SubjectPublicKeyInfo for EC (the formats Get answers in when none is asked for).
pub(super) fn default_public_encoding(key: &PublicKey) -> Option<(KeyFormatType, Vec<u8>)> {
    match key {
        PublicKey::Rsa {
            modulus,
            public_exponent,
        } => Some((
            KeyFormatType::PKCS_1,
            der::rsa_public_key(modulus, public_exponent),
        )),
        PublicKey::Ec {
            curve: Some(curve),
            point,
        } => {
            let point = der::ec_point(*curve, point)?;
            Some((KeyFormatType::X_509, der::ec_spki(*curve, &point)))
        }
        _ => None,
    }
}

/// The Digest of the public key with HSM id `id`, or `None` (logged) when the HSM does not
/// report it in a form this gateway encodes.
pub(super) async fn public_key_digest(backend: &Backend, id: &[u8], uid: &str) -> Option<Value> {
    let info = match backend.key_info(id, KeyClass::Public).await {
        Ok(info) => info,
        Err(e) => {
            tracing::warn!(uid = %uid, error = %e, "no Digest attribute: the public key could not be read");
            return None;
        }
    };
    let (format, encoded) = info.public_key.as_ref().and_then(default_public_encoding)?;
    Some(digest_value(Sha256::digest(&encoded).to_vec(), format))
}

/// The Digest of the readable RSA private key with HSM id `id` (PKCS#1, its default format), or
/// `None` (logged) when the HSM does not give its value or it is not RSA.
pub(super) async fn private_key_digest(backend: &Backend, id: &[u8], uid: &str) -> Option<Value> {
    let value = match backend.private_key_value(id).await {
        Ok(value) => value,
        Err(e) => {
            tracing::warn!(uid = %uid, error = %e, "no Digest attribute: the private key could not be read");
            return None;
        }
    };
    match value {
        PrivateKeyValue::Rsa(c) => {
            let encoded = der::rsa_private_key_of(&c);
            Some(digest_value(
                Sha256::digest(encoded.as_slice()).to_vec(),
                KeyFormatType::PKCS_1,
            ))
        }
        // As for imported EC private keys: no encoder for the default format here.
        _ => None,
    }
}
