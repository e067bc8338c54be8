//! Objects an HSM does not hold as key objects — secret data, opaque objects, certificates, and
//! registered public and private keys of algorithms not imported into the HSM (RSA keys are:
//! import_key.rs) — are kept in the metadata store encrypted with
//! AES-256-GCM under a storage key that lives in the HSM and never leaves it. The object's Unique
//! Identifier is the additional authenticated data, so a blob cannot be moved to another record.

use bytes::Bytes;
use hsmgate_kmip::message::Attributes;
use hsmgate_kmip::spec::enums::ObjectType;
use hsmgate_kmip::ttlv::{decode, to_bytes, Item, Limits, Tag, Value};
use hsmgate_pkcs11::{AesKeySize, Backend, KeyOptions};
use zeroize::Zeroizing;

use super::certificate_attributes::certificate_attributes;
use super::create::{check_client_attributes, new_uid, NewKey};
use super::object::ManagedObject;
use super::{KeyService, ServiceError};
use crate::identity::Identity;
use crate::store::Material;

/// CKA_ID of each backend's storage key.
pub const STORAGE_KEY_ID: &str = "hsmgate-storage-kek";
const IV_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// Makes sure `backend` has its storage key (AES-256, sensitive, not extractable).
pub async fn ensure_storage_key(backend: &Backend) -> Result<(), ServiceError> {
    if backend.find_keys(STORAGE_KEY_ID).await?.is_empty() {
        // Another gateway process on the same token may create it at the same moment; the
        // HSM-side check under the module's object lock makes one of them see KeyExists.
        match backend
            .generate_aes(STORAGE_KEY_ID, AesKeySize::Aes256, KeyOptions::default())
            .await
        {
            Ok(()) => tracing::info!(backend = backend.name(), "created the storage key"),
            Err(hsmgate_pkcs11::Error::KeyExists { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// The object types kept encrypted in the store.
pub fn is_stored_type(object_type: ObjectType) -> bool {
    [
        ObjectType::SECRET_DATA,
        ObjectType::OPAQUE_OBJECT,
        ObjectType::CERTIFICATE,
        ObjectType::PUBLIC_KEY,
        ObjectType::PRIVATE_KEY,
    ]
    .contains(&object_type)
}

/// The tag of the object structure for an object type (Secret Data, Certificate, ...).
fn object_tag(object_type: ObjectType) -> Option<Tag> {
    Some(match object_type {
        ObjectType::SECRET_DATA => Tag::SECRET_DATA,
        ObjectType::OPAQUE_OBJECT => Tag::OPAQUE_OBJECT,
        ObjectType::CERTIFICATE => Tag::CERTIFICATE,
        ObjectType::PUBLIC_KEY => Tag::PUBLIC_KEY,
        ObjectType::PRIVATE_KEY => Tag::PRIVATE_KEY,
        _ => return None,
    })
}

impl KeyService {
    /// Registers an object kept encrypted in the store. `object` is the object structure as the
    /// client sent it (e.g. `Secret Data {Secret Data Type, Key Block}`).
    pub async fn register_stored_object(
        &self,
        caller: &Identity,
        request: NewKey,
        object: Item,
    ) -> Result<String, ServiceError> {
        if object_tag(request.object_type) != Some(object.tag) {
            return Err(ServiceError::InvalidField(
                "the object does not match the Object Type".into(),
            ));
        }
        check_client_attributes(&request.attributes)?;
        let mut attributes = request.attributes;
        complete_from_key_block(&mut attributes, &object);
        if request.object_type == ObjectType::CERTIFICATE {
            for (tag, value) in certificate_attributes(&object) {
                attributes.push(hsmgate_kmip::message::AttributeName::Tagged(tag), value);
            }
        }
        let uid = new_uid()?;
        let backend = self.default_backend()?;
        let plaintext = Zeroizing::new(to_bytes(&object).to_vec());
        let sealed = backend
            .encrypt_aes_gcm(
                STORAGE_KEY_ID,
                plaintext.to_vec(),
                None,
                uid.as_bytes().to_vec(),
                TAG_LEN,
            )
            .await?;
        let mut blob = sealed.iv;
        blob.extend_from_slice(&sealed.ciphertext);
        blob.extend_from_slice(&sealed.tag);
        let material = Material::Wrapped {
            wrapping_key: backend.name().to_owned(),
            blob,
        };
        let request = NewKey {
            object_type: request.object_type,
            attributes,
        };
        self.record_object(caller, uid, request, material, None)
            .await
    }

    /// The object structure of a stored object, decrypted by its backend's storage key.
    pub async fn stored_object(&self, object: &ManagedObject) -> Result<Item, ServiceError> {
        let Material::Wrapped {
            wrapping_key: backend,
            blob,
        } = object.material()
        else {
            return Err(ServiceError::Internal(format!(
                "{} is not a stored object",
                object.uid()
            )));
        };
        if blob.len() < IV_LEN + TAG_LEN {
            return Err(ServiceError::Internal(format!(
                "stored object {} is truncated",
                object.uid()
            )));
        }
        let (iv, rest) = blob.split_at(IV_LEN);
        let (ciphertext, tag) = rest.split_at(rest.len() - TAG_LEN);
        let plaintext = self
            .backend(backend)?
            .decrypt_aes_gcm(
                STORAGE_KEY_ID,
                iv.to_vec(),
                ciphertext.to_vec(),
                tag.to_vec(),
                object.uid().as_bytes().to_vec(),
            )
            .await
            .map_err(|e| {
                ServiceError::Internal(format!(
                    "stored object {} does not decrypt: {e}",
                    object.uid()
                ))
            })?;
        decode(Bytes::from(plaintext.to_vec()), &Limits::default())
            .map_err(|e| ServiceError::Internal(format!("stored object {}: {e}", object.uid())))
    }
}

/// A key block's Cryptographic Algorithm and Length complete the attributes when absent.
fn complete_from_key_block(attributes: &mut Attributes, object: &Item) {
    let Some(key_block) = object.child(Tag::KEY_BLOCK) else {
        return;
    };
    for tag in [Tag::CRYPTOGRAPHIC_ALGORITHM, Tag::CRYPTOGRAPHIC_LENGTH] {
        if attributes.get(tag).is_none() {
            if let Some(Item { value, .. }) = key_block.child(tag) {
                let value: Value = value.clone();
                attributes.push(hsmgate_kmip::message::AttributeName::Tagged(tag), value);
            }
        }
    }
}
