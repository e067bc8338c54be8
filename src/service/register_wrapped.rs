//! Register of a wrapped key: a Key Block with Key Wrapping Data (Wrapping Method
//! Encrypt) under a managed AES key, with AES key wrap (RFC 3394) or AES key wrap with padding
//! (RFC 5649) — the form Get with a Key Wrapping Specification returns, so keys move between
//! servers without appearing in plaintext.
//!
//! With Encoding Option No Encoding, the wrapped bytes are the key itself: C_UnwrapKey makes it
//! inside the HSM that holds the wrapping key, and the gateway never sees it. With TTLV Encoding
//! (KMIP's default) they are a TTLV Key Value structure: the HSM unwraps the structure, the
//! gateway takes the Key Material out of it (in zeroized buffers) and imports it like a plaintext
//! Register. Wrapped public and private keys (e.g. PKCS#8 under AES key wrap with padding) are
//! unwrapped in the HSM the same way and imported as their plaintext forms are
//! ([`KeyService::unwrap_data`]).
//!
//! A key that arrived wrapped stays protected by default: Sensitive (no plaintext Get) but
//! Extractable (Get wrapped works), unless the client's attributes say otherwise.

use bytes::Bytes;
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, ObjectType, Operation, State};
use hsmgate_kmip::spec::CryptographicUsageMask;
use hsmgate_kmip::ttlv::{decode, Limits, Tag, Value};
use hsmgate_pkcs11::{AesDataWrap, ErrorKind, KeyKind, KeyOptions, UnwrapTarget, WrapMechanism};
use zeroize::Zeroizing;

use super::create::{check_client_attributes, key_options, new_uid, KeyFacts};
use super::key_shape::{boolean, is_hmac, secret_key_shape};
use super::{KeyService, KeyWrap, NewKey, ServiceError};
use crate::identity::Identity;
use crate::store::Material;

/// A wrapped key as a Register request carries it.
pub struct WrappedKey {
    /// The Key Value bytes of the Key Block.
    pub data: Vec<u8>,
    /// Unique Identifier of the wrapping key (Encryption Key Information).
    pub wrapping_key: String,
    pub wrap: KeyWrap,
    /// TTLV Encoding (true) or No Encoding.
    pub ttlv: bool,
}

fn unwrap_failed(e: hsmgate_pkcs11::Error) -> ServiceError {
    if e.kind() == ErrorKind::InvalidInput {
        ServiceError::CryptographicFailure("the wrapped key does not unwrap under the wrapping key")
    } else {
        e.into()
    }
}

/// The wrapped length AES key wrap gives for a key of `bytes` bytes.
fn wrapped_len(wrap: KeyWrap, bytes: usize) -> usize {
    match wrap {
        KeyWrap::AesKw => bytes + 8,
        KeyWrap::AesKwp => bytes.max(8).div_ceil(8) * 8 + 8,
    }
}

/// The Key Material of a TTLV-encoded Key Value structure.
fn key_material_of(encoded: Zeroizing<Vec<u8>>) -> Result<Zeroizing<Vec<u8>>, ServiceError> {
    let bad = || ServiceError::InvalidField("the unwrapped data is not a TTLV Key Value".into());
    // The decoded Byte String shares the zeroizing buffer (no plaintext copy is left behind).
    let item = decode(Bytes::from_owner(encoded), &Limits::default()).map_err(|_| bad())?;
    if item.tag != Tag::KEY_VALUE {
        return Err(bad());
    }
    match item.child(Tag::KEY_MATERIAL).map(|i| &i.value) {
        Some(Value::ByteString(material)) => Ok(Zeroizing::new(material.to_vec())),
        _ => Err(bad()),
    }
}

impl KeyService {
    /// The HSM backend and key id of the wrapping key `uid`, after checking that the caller may
    /// use it and that it is an AES key allowed to unwrap.
    async fn unwrapping_key(
        &self,
        caller: &Identity,
        uid: &str,
    ) -> Result<(String, Vec<u8>), ServiceError> {
        // Using the wrapping key to unwrap is a decryption with it.
        let kek = self.authorized(caller, uid, Operation::DECRYPT).await?;
        if kek.object_type() != ObjectType::SYMMETRIC_KEY
            || kek.algorithm() != Some(CryptographicAlgorithm::AES)
        {
            return Err(ServiceError::InvalidField(
                "the wrapping key must be an AES symmetric key".into(),
            ));
        }
        // As for Decrypt: keys protected earlier can still be unwrapped after deactivation.
        if ![State::ACTIVE, State::DEACTIVATED, State::COMPROMISED].contains(&kek.state()) {
            return Err(ServiceError::WrongState(
                "the wrapping key is not in a state that allows unwrapping",
            ));
        }
        kek.require_usage(CryptographicUsageMask::UNWRAP_KEY, "Unwrap Key")?;
        match kek.material() {
            Material::Hsm { backend, id } => Ok((backend.clone(), id.clone())),
            _ => Err(ServiceError::InvalidField(
                "the wrapping key is not held in an HSM".into(),
            )),
        }
    }

    /// Unwraps the bytes of `wrapped` in the HSM of its wrapping key and returns them: the key
    /// (No Encoding) or its TTLV Key Value (TTLV Encoding), for a key the gateway then imports.
    pub async fn unwrap_data(
        &self,
        caller: &Identity,
        wrapped: WrappedKey,
    ) -> Result<Zeroizing<Vec<u8>>, ServiceError> {
        let (backend, kek_id) = self.unwrapping_key(caller, &wrapped.wrapping_key).await?;
        let data_wrap = match wrapped.wrap {
            KeyWrap::AesKw => AesDataWrap::Kw,
            KeyWrap::AesKwp => AesDataWrap::Kwp,
        };
        self.backend(&backend)?
            .unwrap_bytes(&kek_id, data_wrap, wrapped.data)
            .await
            .map_err(unwrap_failed)
    }

    /// Registers `wrapped`, unwrapping it in the HSM of its wrapping key. Returns the new Unique
    /// Identifier.
    pub async fn register_wrapped_symmetric_key(
        &self,
        caller: &Identity,
        request: NewKey,
        wrapped: WrappedKey,
    ) -> Result<String, ServiceError> {
        check_client_attributes(&request.attributes)?;
        let (algorithm, bytes) = secret_key_shape(&request.attributes, true)?;
        if algorithm != CryptographicAlgorithm::AES && !is_hmac(algorithm) {
            return Err(ServiceError::NotSupported(format!(
                "Register of wrapped {algorithm} keys"
            )));
        }
        let (backend, kek_id) = self.unwrapping_key(caller, &wrapped.wrapping_key).await?;
        let hsm = self.backend(&backend)?;
        if wrapped.ttlv {
            let encoded = self.unwrap_data(caller, wrapped).await?;
            let material = key_material_of(encoded)?;
            return self.register_symmetric_key(caller, request, material).await;
        }
        if wrapped.data.len() != wrapped_len(wrapped.wrap, bytes) {
            return Err(ServiceError::InvalidField(
                "Cryptographic Length does not match the wrapped key".into(),
            ));
        }
        let extractable = boolean(&request.attributes, Tag::EXTRACTABLE).unwrap_or(true);
        let sensitive =
            boolean(&request.attributes, Tag::SENSITIVE).unwrap_or(true) || !extractable;
        let options = if sensitive {
            key_options(extractable)
        } else {
            KeyOptions::default().readable()
        };
        let (kind, target) = if algorithm == CryptographicAlgorithm::AES {
            (KeyKind::Aes, UnwrapTarget::aes(options))
        } else {
            (
                KeyKind::GenericSecret,
                UnwrapTarget::generic_secret(options),
            )
        };
        let mechanism = match wrapped.wrap {
            KeyWrap::AesKw => WrapMechanism::AesKeyWrap,
            KeyWrap::AesKwp => WrapMechanism::AesKeyWrapPad,
        };
        let uid = new_uid()?;
        hsm.unwrap_key(&kek_id, wrapped.data, mechanism, &uid, target.fresh_id())
            .await
            .map_err(unwrap_failed)?;
        let mut request = request;
        if kind == KeyKind::Aes {
            super::create::add_digest(hsm, &uid, &mut request.attributes).await;
        }
        let facts = KeyFacts {
            extractable,
            sensitive,
            bytes,
        };
        self.record_hsm_key(caller, uid, request, &backend, facts)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lengths_follow_rfc_3394_and_5649() {
        assert_eq!(wrapped_len(KeyWrap::AesKw, 32), 40);
        assert_eq!(wrapped_len(KeyWrap::AesKwp, 32), 40);
        assert_eq!(wrapped_len(KeyWrap::AesKwp, 20), 32);
        assert_eq!(wrapped_len(KeyWrap::AesKwp, 5), 16);
    }

    #[test]
    fn key_material_comes_out_of_a_key_value_only() {
        let item = hsmgate_kmip::ttlv::Item::structure(
            Tag::KEY_VALUE,
            vec![hsmgate_kmip::ttlv::Item::new(
                Tag::KEY_MATERIAL,
                Value::ByteString(vec![7u8; 16].into()),
            )],
        );
        let encoded = Zeroizing::new(hsmgate_kmip::ttlv::to_bytes(&item).to_vec());
        assert_eq!(key_material_of(encoded).unwrap().as_slice(), &[7u8; 16]);
        assert!(key_material_of(Zeroizing::new(vec![1, 2, 3])).is_err());
    }
}
