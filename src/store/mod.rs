//! The metadata store: what the gateway knows about each managed object — its attributes, state,
//! owner, access grants and where its key material lives (an HSM object, or material wrapped under
//! an HSM-resident key). Key material in plaintext is never stored.
//!
//! The store is synchronous; the key service calls it from blocking threads. SQLite is the default
//! backend (`sqlite.rs`); the [`MetadataStore`] trait lets a PostgreSQL backend follow for
//! several gateway nodes.

mod cache;
mod names;
mod sqlite;

use std::fmt;
use std::sync::Arc;

pub use cache::CachedStore;
pub use sqlite::SqliteStore;

/// Where an object's key material lives.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Material {
    /// An object in an HSM backend, found by its CKA_ID.
    Hsm { backend: String, id: Vec<u8> },
    /// Material kept here encrypted under the storage key of HSM backend `wrapping_key`.
    Wrapped { wrapping_key: String, blob: Vec<u8> },
    /// No material (e.g. a template-like object) or not yet created.
    None,
}

/// One managed object's record.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ObjectRecord {
    /// The KMIP Unique Identifier.
    pub uid: String,
    /// KMIP Object Type (raw enumeration value).
    pub object_type: u32,
    /// KMIP State (raw enumeration value).
    pub state: u32,
    /// The identity that created the object.
    pub owner: String,
    /// The object's attributes, TTLV-encoded as a KMIP 2.x Attributes structure.
    pub attributes: Vec<u8>,
    pub material: Material,
    /// Seconds since the Unix epoch of the last change.
    pub updated: i64,
}

/// Which records `list` returns; `None` fields do not filter.
#[derive(Clone, Default, Debug, PartialEq, Eq, Hash)]
pub struct ListFilter {
    /// Only objects this identity owns or has been granted `operation` on.
    pub visible_to: Option<(String, u32)>,
    pub object_type: Option<u32>,
    pub state: Option<u32>,
}

/// Why a store call failed. Messages name the table or the object, never attribute values.
#[derive(Debug)]
#[non_exhaustive]
pub enum StoreError {
    /// No record with this uid.
    NotFound(String),
    /// A record with this uid exists already.
    Duplicate(String),
    /// The database failed (I/O, corruption, locked beyond the busy timeout).
    Backend(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotFound(uid) => write!(f, "no object {uid}"),
            StoreError::Duplicate(uid) => write!(f, "object {uid} exists already"),
            StoreError::Backend(e) => write!(f, "metadata store: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// The operations the key service needs from a store. Every write is atomic.
pub trait MetadataStore: Send + Sync + 'static {
    fn insert(&self, record: &ObjectRecord) -> Result<(), StoreError>;
    fn get(&self, uid: &str) -> Result<ObjectRecord, StoreError>;
    /// Replaces the record with the same uid.
    fn update(&self, record: &ObjectRecord) -> Result<(), StoreError>;
    fn delete(&self, uid: &str) -> Result<(), StoreError>;
    /// Records matching the filter, oldest first.
    fn list(&self, filter: &ListFilter) -> Result<Vec<ObjectRecord>, StoreError>;
    /// Lets `identity` perform `operation` (a KMIP Operation value) on `uid`.
    fn grant(&self, uid: &str, identity: &str, operation: u32) -> Result<(), StoreError>;
    fn revoke_grant(&self, uid: &str, identity: &str, operation: u32) -> Result<(), StoreError>;
    /// Whether `identity` has been granted `operation` on `uid`.
    fn is_granted(&self, uid: &str, identity: &str, operation: u32) -> Result<bool, StoreError>;
    /// Every uid whose material is in HSM backend `backend`, with its CKA_ID (for reconciliation).
    fn hsm_objects(&self, backend: &str) -> Result<Vec<(String, Vec<u8>)>, StoreError>;
    /// Records with a Name attribute equal to `name` that match the filter, oldest first. The
    /// default scans [`MetadataStore::list`]; stores with a name index override it.
    fn find_by_name(
        &self,
        name: &str,
        filter: &ListFilter,
    ) -> Result<Vec<ObjectRecord>, StoreError> {
        Ok(self
            .list(filter)?
            .into_iter()
            .filter(|record| {
                names::names_in(&record.attributes)
                    .iter()
                    .any(|n| n == name)
            })
            .collect())
    }
    /// The record of `uid` if it is at hand without I/O (a cache); `None` says nothing about
    /// whether it exists. The same `Arc` comes back until the record is written again, so a
    /// caller may keep what it derived from it (the key service's decoded objects) keyed by it.
    fn cached(&self, _uid: &str) -> Option<Arc<ObjectRecord>> {
        None
    }
    /// What [`MetadataStore::find_by_name`] answers, if it is at hand without I/O (a cache);
    /// `None` says nothing.
    fn cached_by_name(&self, _name: &str, _filter: &ListFilter) -> Option<Vec<Arc<ObjectRecord>>> {
        None
    }
}
