//! A read-through cache of object records in front of a store, so that the hot path (an
//! Encrypt with a known key) does not query SQLite and hop to a blocking thread per request.
//!
//! Every write goes through the same lock as the cache update, and a miss fills the cache under
//! that lock too, so a reader can never put back a record older than the store's. This is
//! correct for one gateway process per store; several nodes sharing a PostgreSQL store will need
//! invalidation between them.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// The records' map hashes with foldhash, not std's SipHash: it is looked up once per object
/// a request uses, with uids a client may choose (hence a seeded hasher, not FxHash); SipHash
/// cost about 250 instructions per lookup (callgrind).
type RecordMap = HashMap<String, Arc<ObjectRecord>, foldhash::fast::RandomState>;

use super::{ListFilter, MetadataStore, ObjectRecord, StoreError};

/// Records kept at most; past that the cache starts over (records are a few hundred bytes).
const MAX_CACHED: usize = 100_000;

pub struct CachedStore<S> {
    inner: S,
    /// Each record behind an `Arc` that a write replaces (never mutates), so that holders of
    /// the old one can tell it has been superseded (`Arc::ptr_eq`).
    records: RwLock<RecordMap>,
    /// Answers of `find_by_name` (the uids found, oldest first), for the HYOK front ends that
    /// address keys by name. Any write may change an answer, so every write empties it, under
    /// the records' write lock; a miss fills it under that lock too.
    names: RwLock<HashMap<(String, ListFilter), Vec<String>>>,
}

impl<S: MetadataStore> CachedStore<S> {
    pub fn new(inner: S) -> Self {
        CachedStore {
            inner,
            records: RwLock::new(RecordMap::default()),
            names: RwLock::new(HashMap::new()),
        }
    }

    /// Empties the name answers (after any write; the caller holds the records' write lock).
    fn forget_names(&self) {
        match self.names.write() {
            Ok(mut names) => names.clear(),
            Err(poisoned) => poisoned.into_inner().clear(),
        }
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, RecordMap> {
        // A panic elsewhere while holding the lock leaves at worst a stale map: clear it.
        self.records.write().unwrap_or_else(|poisoned| {
            let mut guard = poisoned.into_inner();
            guard.clear();
            guard
        })
    }

    fn remember(map: &mut RecordMap, record: &ObjectRecord) {
        if map.len() >= MAX_CACHED {
            map.clear();
        }
        map.insert(record.uid.clone(), Arc::new(record.clone()));
    }
}

impl<S: MetadataStore> MetadataStore for CachedStore<S> {
    fn insert(&self, record: &ObjectRecord) -> Result<(), StoreError> {
        let mut map = self.write();
        self.forget_names();
        self.inner.insert(record)?;
        Self::remember(&mut map, record);
        Ok(())
    }

    fn get(&self, uid: &str) -> Result<ObjectRecord, StoreError> {
        if let Some(record) = self.cached(uid) {
            return Ok(ObjectRecord::clone(&record));
        }
        let mut map = self.write();
        if let Some(record) = map.get(uid) {
            return Ok(ObjectRecord::clone(record));
        }
        let record = self.inner.get(uid)?;
        Self::remember(&mut map, &record);
        Ok(record)
    }

    fn update(&self, record: &ObjectRecord) -> Result<(), StoreError> {
        let mut map = self.write();
        self.forget_names();
        let result = self.inner.update(record);
        match &result {
            Ok(()) => Self::remember(&mut map, record),
            // The store's state is unknown after a failed write: forget the record.
            Err(_) => {
                map.remove(&record.uid);
            }
        }
        result
    }

    fn delete(&self, uid: &str) -> Result<(), StoreError> {
        let mut map = self.write();
        self.forget_names();
        map.remove(uid);
        self.inner.delete(uid)
    }

    fn list(&self, filter: &ListFilter) -> Result<Vec<ObjectRecord>, StoreError> {
        self.inner.list(filter)
    }

    fn find_by_name(
        &self,
        name: &str,
        filter: &ListFilter,
    ) -> Result<Vec<ObjectRecord>, StoreError> {
        if let Some(records) = self.cached_by_name(name, filter) {
            return Ok(records.iter().map(|r| ObjectRecord::clone(r)).collect());
        }
        let mut map = self.write();
        let records = self.inner.find_by_name(name, filter)?;
        for record in &records {
            Self::remember(&mut map, record);
        }
        if let Ok(mut names) = self.names.write() {
            if names.len() >= MAX_CACHED {
                names.clear();
            }
            let uids = records.iter().map(|r| r.uid.clone()).collect();
            names.insert((name.to_owned(), filter.clone()), uids);
        }
        Ok(records)
    }

    fn grant(&self, uid: &str, identity: &str, operation: u32) -> Result<(), StoreError> {
        let _map = self.write();
        self.forget_names();
        self.inner.grant(uid, identity, operation)
    }

    fn revoke_grant(&self, uid: &str, identity: &str, operation: u32) -> Result<(), StoreError> {
        let _map = self.write();
        self.forget_names();
        self.inner.revoke_grant(uid, identity, operation)
    }

    fn is_granted(&self, uid: &str, identity: &str, operation: u32) -> Result<bool, StoreError> {
        self.inner.is_granted(uid, identity, operation)
    }

    fn hsm_objects(&self, backend: &str) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        self.inner.hsm_objects(backend)
    }

    fn cached(&self, uid: &str) -> Option<Arc<ObjectRecord>> {
        self.records.read().ok()?.get(uid).cloned()
    }

    fn cached_by_name(&self, name: &str, filter: &ListFilter) -> Option<Vec<Arc<ObjectRecord>>> {
        let records = self.records.read().ok()?;
        let names = self.names.read().ok()?;
        names
            .get(&(name.to_owned(), filter.clone()))?
            .iter()
            .map(|uid| records.get(uid).cloned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Material, SqliteStore};

    fn record(uid: &str, state: u32) -> ObjectRecord {
        ObjectRecord {
            uid: uid.into(),
            object_type: 2,
            state,
            owner: "CN=a".into(),
            attributes: vec![],
            material: Material::None,
            updated: 0,
        }
    }

    #[test]
    fn the_cache_follows_every_write() {
        let store = CachedStore::new(SqliteStore::in_memory().unwrap());
        assert!(store.cached("k").is_none());
        store.insert(&record("k", 1)).unwrap();
        assert_eq!(store.cached("k").unwrap().state, 1);
        store.update(&record("k", 2)).unwrap();
        assert_eq!(store.get("k").unwrap().state, 2);
        assert_eq!(store.cached("k").unwrap().state, 2);
        store.delete("k").unwrap();
        assert!(store.cached("k").is_none());
        assert!(matches!(store.get("k"), Err(StoreError::NotFound(_))));
        // A failed write leaves nothing stale behind.
        assert!(store.update(&record("k", 3)).is_err());
        assert!(store.cached("k").is_none());
    }

    #[test]
    fn name_answers_are_cached_until_a_write() {
        let dir = tempfile::tempdir().unwrap();
        let store = CachedStore::new(SqliteStore::open(&dir.path().join("s.db")).unwrap());
        let filter = ListFilter::default();
        assert!(store.cached_by_name("k", &filter).is_none());
        assert!(store.find_by_name("k", &filter).unwrap().is_empty());
        assert_eq!(store.cached_by_name("k", &filter), Some(Vec::new()));
        // A record read twice without a write in between is the same shared record; a write
        // replaces it.
        store.insert(&record("b", 1)).unwrap();
        let first = store.cached("b").unwrap();
        assert!(Arc::ptr_eq(&first, &store.cached("b").unwrap()));
        store.update(&record("b", 1)).unwrap();
        assert!(!Arc::ptr_eq(&first, &store.cached("b").unwrap()));
        store.find_by_name("k", &filter).unwrap();
        store.insert(&record("a", 1)).unwrap();
        assert!(
            store.cached_by_name("k", &filter).is_none(),
            "a write empties the answers"
        );
        store.find_by_name("k", &filter).unwrap();
        store.grant("a", "CN=x", 1).unwrap();
        assert!(
            store.cached_by_name("k", &filter).is_none(),
            "so does a grant"
        );
    }

    #[test]
    fn a_miss_reads_through_and_is_remembered() {
        let sqlite = SqliteStore::in_memory().unwrap();
        sqlite.insert(&record("k", 1)).unwrap();
        let store = CachedStore::new(sqlite);
        assert!(store.cached("k").is_none());
        assert_eq!(store.get("k").unwrap().state, 1);
        assert_eq!(store.cached("k").unwrap().state, 1);
    }
}
