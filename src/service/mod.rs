//! The key service: the one place that knows what a managed object is, which HSM holds its key,
//! what state it is in and who may use it. The KMIP operations and the HYOK endpoints are
//! adapters over it (ARCHITECTURE.md).
//!
//! Writes follow one order so that a crash at any point leaves something reconcilable: the HSM
//! object first, then the metadata record in one store transaction.

mod attribute_edit;
mod attribute_rules;
mod attributes;
mod by_name;
mod certificate_attributes;
mod chacha_cipher;
mod check;
mod cipher_streams;
mod create;
mod crypto;
mod dates;
mod decoded;
pub mod der;
mod error;
mod export;
mod export_stored;
mod export_ttlv;
mod health;
mod import_key;
mod import_object;
mod key_digest;
mod key_pair;
mod key_shape;
mod lease;
mod lifecycle;
mod locate;
mod mac;
mod object;
mod reconcile;
mod register_wrapped;
mod rekey;
mod rng_seed;
mod rsa_cipher;
mod sign;
mod stored;
mod usage_limits;
mod usage_window;
mod wrap_bytes;

use std::collections::HashSet;
use std::sync::Arc;

use hsmgate_kmip::spec::enums::Operation;
use hsmgate_pkcs11::Backend;

pub use attribute_edit::Instance;
pub use check::UsageCheck;
pub use cipher_streams::{StreamOutput, StreamPart, StreamStart};
pub use create::NewKey;
pub use crypto::{Cipher, CipherRequest, CipherResult};
pub use error::{AttributeRefusal, ServiceError};
pub use export::{Export, ExportedKey, GetTarget, KeyWrap};
pub use import_key::{ImportedKey, KeyImport};
pub use import_object::ObjectImport;
pub use key_pair::{KeyPairIds, NewKeyPair};
pub use lease::{Lease, DEFAULT_LEASE_TIME_SECS};
pub use locate::{LocateQuery, Located};
pub use object::ManagedObject;
pub use reconcile::{ReconcileReport, Unmatched};
pub use register_wrapped::WrappedKey;
pub use stored::{ensure_storage_key, is_stored_type, STORAGE_KEY_ID};
pub use wrap_bytes::ByteWrap;

use crate::identity::Identity;
use crate::store::MetadataStore;

/// The key service. Cheap to share behind an `Arc`.
pub struct KeyService {
    store: Arc<dyn MetadataStore>,
    /// HSM backends; the first one receives new keys.
    backends: Vec<Backend>,
    administrators: HashSet<String>,
    /// `[keys] created_keys_extractable`: Create follows KMIP's defaults (Extractable true,
    /// Sensitive false) instead of the gateway's (both the other way).
    created_keys_extractable: bool,
    /// The audit trail the front ends record their calls in (disabled unless set).
    audit: crate::audit::AuditLog,
    /// Open streaming Encrypt/Decrypt operations (cipher_streams.rs).
    streams: cipher_streams::CipherStreams,
    /// `[keys] lease_time_secs`: the Lease Time of new objects (lease.rs).
    lease_time: u32,
    /// Each backend's Protection Storage Mask, read once from its slot (lease.rs).
    storage_masks: lease::StorageMasks,
    /// Objects decoded from the store's cached records, reused while those are current
    /// (decoded.rs).
    decoded: decoded::DecodedObjects,
}

impl KeyService {
    pub fn new(
        store: Arc<dyn MetadataStore>,
        backends: Vec<Backend>,
        administrators: Vec<String>,
    ) -> Self {
        KeyService {
            store,
            backends,
            administrators: administrators.into_iter().collect(),
            created_keys_extractable: false,
            audit: crate::audit::AuditLog::disabled(),
            streams: Default::default(),
            lease_time: lease::DEFAULT_LEASE_TIME_SECS,
            storage_masks: Default::default(),
            decoded: Default::default(),
        }
    }

    /// Records front-end calls in `audit` (see [`crate::audit`]).
    pub fn with_audit(mut self, audit: crate::audit::AuditLog) -> Self {
        self.audit = audit;
        self
    }

    /// The audit trail: front ends call `service.audit().record(event)` once per call.
    pub fn audit(&self) -> &crate::audit::AuditLog {
        &self.audit
    }

    /// The HSM backends, in configuration order (health reports, tests).
    pub fn backends(&self) -> &[Backend] {
        &self.backends
    }

    /// Makes Create follow KMIP's defaults for Extractable (true) and Sensitive (false), so that
    /// created keys can be read back with Get (configuration `[keys] created_keys_extractable`).
    pub fn with_created_keys_extractable(mut self, extractable: bool) -> Self {
        self.created_keys_extractable = extractable;
        self
    }

    /// The backend new keys go to.
    fn default_backend(&self) -> Result<&Backend, ServiceError> {
        self.backends
            .first()
            .ok_or_else(|| ServiceError::Unavailable("no HSM backend is configured".into()))
    }

    fn backend(&self, name: &str) -> Result<&Backend, ServiceError> {
        self.backends
            .iter()
            .find(|b| b.name() == name)
            .ok_or_else(|| {
                ServiceError::Unavailable(format!("HSM backend {name} is not configured"))
            })
    }

    /// Runs a store call on a blocking thread (SQLite calls block).
    async fn with_store<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn MetadataStore) -> Result<T, ServiceError> + Send + 'static,
    ) -> Result<T, ServiceError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(store.as_ref()))
            .await
            .map_err(|e| ServiceError::Internal(format!("store task: {e}")))?
    }

    fn is_administrator(&self, caller: &Identity) -> bool {
        self.administrators.contains(caller.subject())
    }

    /// Loads an object the caller may perform `operation` on. An object the caller may not see
    /// at all is reported as not found, so identifiers of others' objects reveal nothing.
    pub async fn authorized(
        &self,
        caller: &Identity,
        uid: &str,
        operation: Operation,
    ) -> Result<ManagedObject, ServiceError> {
        let object = self.authorized_shared(caller, uid, operation).await?;
        Ok(Arc::unwrap_or_clone(object))
    }

    /// [`KeyService::authorized`] without a copy: the decoded object shared with the cache, for
    /// callers that only read it (the cryptographic operations' hot path).
    pub async fn authorized_shared(
        &self,
        caller: &Identity,
        uid: &str,
        operation: Operation,
    ) -> Result<Arc<ManagedObject>, ServiceError> {
        // The hot path: a cached record the caller owns (or any, for an administrator) needs no
        // store query and no thread hop. Grants are always read from the store. Ownership is
        // compared first: the administrator set is only hashed into when it decides.
        let cached = self
            .store
            .cached(uid)
            .filter(|record| record.owner == caller.subject() || self.is_administrator(caller));
        let (record, granted, granted_any) = match cached {
            Some(record) => (record, true, true),
            None => {
                let admin = self.is_administrator(caller);
                let uid_owned = uid.to_owned();
                let subject = caller.subject().to_owned();
                self.with_store(move |store| {
                    // `get` fills the store's cache: take the shared record from there, so that
                    // callers who come this way (grant holders) reuse its decoding too.
                    let record = store.get(&uid_owned)?;
                    let record = store.cached(&uid_owned).unwrap_or_else(|| Arc::new(record));
                    if admin || record.owner == subject {
                        return Ok((record, true, true));
                    }
                    let granted = store.is_granted(&uid_owned, &subject, operation.0)?;
                    let granted_any = granted
                        || store.is_granted(&uid_owned, &subject, Operation::GET_ATTRIBUTES.0)?;
                    Ok((record, granted, granted_any))
                })
                .await?
            }
        };
        if !granted_any {
            return Err(ServiceError::NotFound(uid.to_owned()));
        }
        if !granted {
            return Err(ServiceError::PermissionDenied);
        }
        let mut object = self.decoded.decode(record)?;
        // The state its dates have reached since it was last loaded (checked before copying the
        // shared object: it rarely changes).
        // The state read once: each read scans the attribute list.
        let now = object::now();
        let state = object.state();
        if dates::state_as_of(state, &object.attributes, now) != state {
            let changed = Arc::make_mut(&mut object);
            dates::advance_by_dates(changed, now);
            self.save(changed).await?;
        }
        Ok(object)
    }

    /// Writes back a changed object.
    pub async fn save(&self, object: &ManagedObject) -> Result<(), ServiceError> {
        let record = object.to_record()?;
        self.with_store(move |store| Ok(store.update(&record)?))
            .await
    }

    /// Lets `grantee` perform `operation` on an object; only its owner or an administrator may.
    pub async fn grant(
        &self,
        caller: &Identity,
        uid: &str,
        grantee: &str,
        operation: Operation,
    ) -> Result<(), ServiceError> {
        let object = self
            .authorized(caller, uid, Operation::GET_ATTRIBUTES)
            .await?;
        if object.owner() != caller.subject() && !self.is_administrator(caller) {
            return Err(ServiceError::PermissionDenied);
        }
        let (uid, grantee) = (uid.to_owned(), grantee.to_owned());
        self.with_store(move |store| Ok(store.grant(&uid, &grantee, operation.0)?))
            .await
    }

    /// Every object the caller may perform `operation` on, oldest first.
    pub async fn visible_objects(
        &self,
        caller: &Identity,
        operation: Operation,
    ) -> Result<Vec<ManagedObject>, ServiceError> {
        let filter = self.visible_to(caller, operation);
        let records = self
            .with_store(move |store| Ok(store.list(&filter)?))
            .await?;
        records
            .into_iter()
            .map(ManagedObject::from_record)
            .collect()
    }

    /// Random bytes from the default HSM.
    pub async fn random(&self, length: usize) -> Result<Vec<u8>, ServiceError> {
        Ok(self.default_backend()?.random(length).await?)
    }

    /// A digest computed by the default HSM.
    pub async fn digest(
        &self,
        algorithm: hsmgate_pkcs11::HashAlg,
        data: Vec<u8>,
    ) -> Result<Vec<u8>, ServiceError> {
        Ok(self.default_backend()?.digest(algorithm, data).await?)
    }
}

/// Undo support for batches sent with the Undo Batch Error Continuation Option: the state of an
/// object before a batch touched it, put back if a later item fails.
impl KeyService {
    /// The stored record of `uid` as it is now (`None` when there is no such object).
    pub async fn snapshot(
        &self,
        uid: &str,
    ) -> Result<Option<crate::store::ObjectRecord>, ServiceError> {
        let uid = uid.to_owned();
        self.with_store(move |store| match store.get(&uid) {
            Ok(record) => Ok(Some(record)),
            Err(crate::store::StoreError::NotFound(_)) => Ok(None),
            Err(e) => Err(e.into()),
        })
        .await
    }

    /// Puts a snapshot back. Metadata only: key material an operation destroyed in the HSM cannot
    /// be restored, which is why Destroy is never undone (see the dispatcher).
    pub async fn restore(&self, record: crate::store::ObjectRecord) -> Result<(), ServiceError> {
        self.with_store(move |store| Ok(store.update(&record)?))
            .await
    }

    /// Removes an object the batch created: its HSM key (if any) and its record.
    pub async fn discard(&self, uid: &str) -> Result<(), ServiceError> {
        let Some(record) = self.snapshot(uid).await? else {
            return Ok(());
        };
        if let crate::store::Material::Hsm { backend, id } = &record.material {
            self.backend(backend)?.destroy_key(id).await?;
        }
        let uid = uid.to_owned();
        self.with_store(move |store| Ok(store.delete(&uid)?)).await
    }
}
