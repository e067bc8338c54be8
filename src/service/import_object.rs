//! Import (KMIP 1.4 and later): an object stored under the Unique Identifier the client gives,
//! with the attributes it supplies (an Export from another server, typically), instead of
//! server-chosen ones. Offered for plaintext AES keys, which go into the HSM like registered
//! ones: readable and extractable as their Sensitive and Extractable attributes say.
//!
//! An existing object with the identifier is an error, unless Replace Existing asks to replace
//! it, which takes the Destroy permission on it; the old object goes first, the HSM part and
//! then the record. Identifiers reserved by the gateway (its storage key) cannot be taken.

use hsmgate_kmip::message::Attributes;
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, ObjectType, Operation};
use hsmgate_kmip::ttlv::{Tag, Value};
use hsmgate_pkcs11::{KeyKind, KeyOptions};
use zeroize::Zeroizing;

use super::create::{boolean, secret_key_shape, used_for_hmac};
use super::object::{now, set_attribute, ManagedObject};
use super::{KeyService, ServiceError, STORAGE_KEY_ID};
use crate::identity::Identity;
use crate::store::{Material, StoreError};

/// Longest Unique Identifier a client may choose.
const MAX_UID_LEN: usize = 256;

/// An Import request, less the key material.
pub struct ObjectImport {
    pub unique_identifier: String,
    pub object_type: ObjectType,
    pub replace_existing: bool,
    pub attributes: Attributes,
}

impl KeyService {
    /// Imports a plaintext AES key under the client's identifier and attributes.
    pub async fn import_symmetric_key(
        &self,
        caller: &Identity,
        import: ObjectImport,
        material: Zeroizing<Vec<u8>>,
    ) -> Result<String, ServiceError> {
        let uid = import.unique_identifier;
        if uid.is_empty() || uid.len() > MAX_UID_LEN || uid == STORAGE_KEY_ID {
            return Err(ServiceError::InvalidField(
                "this Unique Identifier cannot be imported".into(),
            ));
        }
        if import.object_type != ObjectType::SYMMETRIC_KEY {
            return Err(ServiceError::NotSupported(format!(
                "Import of {}",
                import.object_type
            )));
        }
        let mut attributes = import.attributes;
        let (algorithm, bytes) = secret_key_shape(&attributes, true)?;
        if algorithm != CryptographicAlgorithm::AES || used_for_hmac(&attributes) {
            return Err(ServiceError::NotSupported(
                "Import of symmetric keys other than AES".into(),
            ));
        }
        if bytes != material.len() {
            return Err(ServiceError::InvalidField(
                "Cryptographic Length does not match the key material".into(),
            ));
        }
        self.make_room(caller, &uid, import.replace_existing)
            .await?;
        // As supplied; absent, as for a registered key (material known outside the HSM).
        let extractable = boolean(&attributes, Tag::EXTRACTABLE).unwrap_or(true);
        let sensitive = boolean(&attributes, Tag::SENSITIVE).unwrap_or(false) || !extractable;
        // Not `fresh_id`: the identifier is the client's, so the HSM is searched for it too.
        let options = match (sensitive, extractable) {
            (true, true) => KeyOptions::extractable(),
            (true, false) => KeyOptions::default(),
            (false, _) => KeyOptions::default().readable(),
        };
        let backend = self.default_backend()?;
        backend
            .import_secret_key(&uid, KeyKind::Aes, material, options)
            .await?;
        // The supplied attributes stand; the server fills in only what is missing.
        let now = now();
        set_attribute(
            &mut attributes,
            Tag::UNIQUE_IDENTIFIER,
            Value::TextString(uid.clone()),
        );
        set_attribute(
            &mut attributes,
            Tag::OBJECT_TYPE,
            Value::Enumeration(import.object_type.0),
        );
        for (tag, value) in [
            (Tag::SENSITIVE, Value::Boolean(sensitive)),
            (Tag::EXTRACTABLE, Value::Boolean(extractable)),
            (Tag::INITIAL_DATE, Value::DateTime(now)),
            (Tag::LAST_CHANGE_DATE, Value::DateTime(now)),
        ] {
            if attributes.get(tag).is_none() {
                set_attribute(&mut attributes, tag, value);
            }
        }
        if attributes.get(Tag::STATE).is_none() {
            let state = super::dates::state_from_dates(&attributes, now);
            set_attribute(&mut attributes, Tag::STATE, Value::Enumeration(state.0));
        }
        let object = ManagedObject::new(
            uid.clone(),
            import.object_type,
            caller.subject().to_owned(),
            attributes,
            Material::Hsm {
                backend: backend.name().to_owned(),
                id: uid.as_bytes().to_vec(),
            },
        );
        let record = object.to_record()?;
        let stored = self
            .with_store(move |store| Ok(store.insert(&record)?))
            .await;
        if let Err(e) = stored {
            if let Err(cleanup) = backend.destroy_key(uid.as_bytes()).await {
                tracing::error!(uid = %uid, error = %cleanup, "imported HSM key left without a record; reconciliation will report it");
            }
            return Err(e);
        }
        tracing::info!(uid = %uid, owner = %caller, "imported");
        Ok(uid)
    }

    /// Clears the identifier `uid` for an Import: nothing there, or (with `replace`) an
    /// object the caller may destroy, which is removed.
    async fn make_room(
        &self,
        caller: &Identity,
        uid: &str,
        replace: bool,
    ) -> Result<(), ServiceError> {
        let key = uid.to_owned();
        let exists = self
            .with_store(move |store| match store.get(&key) {
                Ok(_) => Ok(true),
                Err(StoreError::NotFound(_)) => Ok(false),
                Err(e) => Err(e.into()),
            })
            .await?;
        if !exists {
            return Ok(());
        }
        if !replace {
            return Err(ServiceError::AlreadyExists(uid.to_owned()));
        }
        // Another caller's object reads as absent to this one, but its identifier is taken.
        let old = self
            .authorized(caller, uid, Operation::DESTROY)
            .await
            .map_err(|e| match e {
                ServiceError::NotFound(_) => ServiceError::AlreadyExists(uid.to_owned()),
                other => other,
            })?;
        if let Material::Hsm { backend, id } = old.material() {
            self.backend(backend)?.destroy_key(id).await?;
        }
        let key = uid.to_owned();
        self.with_store(move |store| Ok(store.delete(&key)?))
            .await?;
        tracing::info!(uid = %uid, owner = %caller, "replaced by an Import");
        Ok(())
    }
}
