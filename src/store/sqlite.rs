//! The SQLite metadata store: one file, WAL journal, foreign keys on. A connection behind a
//! mutex: SQLite serialises writers anyway, and the calls are short.
//!
//! This file holds the store and its [`MetadataStore`] implementation, each call one
//! statement or transaction on the locked connection; the SQL lives by topic: `schema.rs` (tables
//! and pragmas), `records.rs` (object rows), `listing.rs` (filtered listings and look-up by
//! name), `name_index.rs` (the Name rows kept with each record) and `grants.rs`.

mod grants;
mod listing;
mod name_index;
mod records;
mod schema;
#[cfg(test)]
mod tests;

use std::path::Path;
use std::sync::Mutex;

use rusqlite::Connection;

use super::{ListFilter, MetadataStore, ObjectRecord, StoreError};

/// The SQLite store.
pub struct SqliteStore {
    connection: Mutex<Connection>,
}

fn backend(e: rusqlite::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// A UNIQUE/PRIMARY KEY clash (a duplicate uid) or a foreign key naming no object.
fn is_constraint_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation)
}

impl SqliteStore {
    /// Opens (creating when needed) the database file and its schema.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| StoreError::Backend(format!("{}: {e}", parent.display())))?;
        }
        let connection = Connection::open(path).map_err(backend)?;
        Self::prepare(connection)
    }

    /// A store in memory, for tests and tools.
    pub fn in_memory() -> Result<SqliteStore, StoreError> {
        Self::prepare(Connection::open_in_memory().map_err(backend)?)
    }

    fn prepare(connection: Connection) -> Result<SqliteStore, StoreError> {
        schema::prepare(&connection).map_err(backend)?;
        Ok(SqliteStore {
            connection: Mutex::new(connection),
        })
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        // A panic while holding the lock cannot leave SQLite inconsistent (transactions roll
        // back), so a poisoned lock is still usable.
        let connection = self
            .connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&connection)
    }
}

impl MetadataStore for SqliteStore {
    fn insert(&self, record: &ObjectRecord) -> Result<(), StoreError> {
        self.with(|c| records::insert(c, record))
    }

    fn get(&self, uid: &str) -> Result<ObjectRecord, StoreError> {
        self.with(|c| records::get(c, uid))
    }

    fn update(&self, record: &ObjectRecord) -> Result<(), StoreError> {
        self.with(|c| records::update(c, record))
    }

    fn delete(&self, uid: &str) -> Result<(), StoreError> {
        self.with(|c| records::delete(c, uid))
    }

    fn list(&self, filter: &ListFilter) -> Result<Vec<ObjectRecord>, StoreError> {
        self.with(|c| listing::list(c, filter))
    }

    fn find_by_name(
        &self,
        name: &str,
        filter: &ListFilter,
    ) -> Result<Vec<ObjectRecord>, StoreError> {
        self.with(|c| listing::find_by_name(c, name, filter))
    }

    fn grant(&self, uid: &str, identity: &str, operation: u32) -> Result<(), StoreError> {
        self.with(|c| grants::add(c, (uid, identity, operation)))
    }

    fn revoke_grant(&self, uid: &str, identity: &str, operation: u32) -> Result<(), StoreError> {
        self.with(|c| grants::remove(c, (uid, identity, operation)))
    }

    fn is_granted(&self, uid: &str, identity: &str, operation: u32) -> Result<bool, StoreError> {
        self.with(|c| grants::exists(c, (uid, identity, operation)))
    }

    fn hsm_objects(&self, backend_name: &str) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        self.with(|c| records::hsm_objects(c, backend_name))
    }
}
