//! The SQLite metadata store: one file, WAL journal, foreign keys on. A connection behind a
//! mutex: SQLite serialises writers anyway, and the calls are short.

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension};

use super::{ListFilter, Material, MetadataStore, ObjectRecord, StoreError};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS objects (
    uid          TEXT PRIMARY KEY,
    object_type  INTEGER NOT NULL,
    state        INTEGER NOT NULL,
    owner        TEXT NOT NULL,
    attributes   BLOB NOT NULL,
    hsm_backend  TEXT,
    hsm_id       BLOB,
    wrapping_key TEXT,
    wrapped      BLOB,
    updated      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS objects_owner ON objects(owner);
CREATE INDEX IF NOT EXISTS objects_hsm ON objects(hsm_backend);
CREATE TABLE IF NOT EXISTS grants (
    uid       TEXT NOT NULL REFERENCES objects(uid) ON DELETE CASCADE,
    identity  TEXT NOT NULL,
    operation INTEGER NOT NULL,
    PRIMARY KEY (uid, identity, operation)
);
";

/// The name index: one row per Name of an object, kept in the same transaction as the object's
/// record, so that a look-up by name (an XKS externalKeyId) is an index search, not a scan.
const NAME_INDEX: &str = "
CREATE TABLE IF NOT EXISTS object_names (
    name TEXT NOT NULL,
    uid  TEXT NOT NULL REFERENCES objects(uid) ON DELETE CASCADE,
    PRIMARY KEY (name, uid)
);
CREATE INDEX IF NOT EXISTS object_names_uid ON object_names(uid);
";

/// `PRAGMA user_version` once the name index holds every object's names.
const NAMES_INDEXED: i64 = 1;

/// Replaces the name rows of `uid` with the names in `attributes`.
fn write_names(c: &Connection, uid: &str, attributes: &[u8]) -> rusqlite::Result<()> {
    c.execute("DELETE FROM object_names WHERE uid = ?1", [uid])?;
    let mut insert =
        c.prepare_cached("INSERT OR IGNORE INTO object_names (name, uid) VALUES (?1, ?2)")?;
    for name in super::names::names_in(attributes) {
        insert.execute(params![name, uid])?;
    }
    Ok(())
}

/// Fills the name index from every record (databases made before it existed), once.
fn index_existing_names(c: &Connection) -> rusqlite::Result<()> {
    let version: i64 = c.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version >= NAMES_INDEXED {
        return Ok(());
    }
    let transaction = c.unchecked_transaction()?;
    let records: Vec<(String, Vec<u8>)> = {
        let mut statement = transaction.prepare("SELECT uid, attributes FROM objects")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for (uid, attributes) in &records {
        write_names(&transaction, uid, attributes)?;
    }
    transaction.pragma_update(None, "user_version", NAMES_INDEXED)?;
    transaction.commit()
}

/// The SQLite store.
pub struct SqliteStore {
    connection: Mutex<Connection>,
}

fn backend(e: rusqlite::Error) -> StoreError {
    StoreError::Backend(e.to_string())
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
        connection
            .busy_timeout(Duration::from_secs(5))
            .map_err(backend)?;
        // WAL: readers do not block the writer, and a crash leaves the last committed state.
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(backend)?;
        connection
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(backend)?;
        connection
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(backend)?;
        connection.execute_batch(SCHEMA).map_err(backend)?;
        connection.execute_batch(NAME_INDEX).map_err(backend)?;
        index_existing_names(&connection).map_err(backend)?;
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

/// The four material columns of a record: (hsm_backend, hsm_id, wrapping_key, wrapped).
type MaterialColumns<'a> = (
    Option<&'a str>,
    Option<&'a [u8]>,
    Option<&'a str>,
    Option<&'a [u8]>,
);

fn material_columns(material: &Material) -> MaterialColumns<'_> {
    match material {
        Material::Hsm { backend, id } => (Some(backend), Some(id), None, None),
        Material::Wrapped { wrapping_key, blob } => (None, None, Some(wrapping_key), Some(blob)),
        Material::None => (None, None, None, None),
    }
}

fn record_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ObjectRecord> {
    let hsm_backend: Option<String> = row.get("hsm_backend")?;
    let hsm_id: Option<Vec<u8>> = row.get("hsm_id")?;
    let wrapping_key: Option<String> = row.get("wrapping_key")?;
    let wrapped: Option<Vec<u8>> = row.get("wrapped")?;
    let material = match (hsm_backend, hsm_id, wrapping_key, wrapped) {
        (Some(backend), Some(id), _, _) => Material::Hsm { backend, id },
        (_, _, Some(wrapping_key), Some(blob)) => Material::Wrapped { wrapping_key, blob },
        _ => Material::None,
    };
    Ok(ObjectRecord {
        uid: row.get("uid")?,
        object_type: row.get("object_type")?,
        state: row.get("state")?,
        owner: row.get("owner")?,
        attributes: row.get("attributes")?,
        material,
        updated: row.get("updated")?,
    })
}

/// The conditions of a listing: ?1 the caller it is limited to (owner, or holder of a grant of
/// operation ?2), ?3 the object type, ?4 the state; each NULL for any.
macro_rules! listing_conditions {
    () => {
        "(?1 IS NULL OR o.owner = ?1
          OR EXISTS (SELECT 1 FROM grants g
                     WHERE g.uid = o.uid AND g.identity = ?1 AND g.operation = ?2))
         AND (?3 IS NULL OR o.object_type = ?3)
         AND (?4 IS NULL OR o.state = ?4)"
    };
}

impl SqliteStore {
    /// The records `sql` selects, with the [`listing_conditions`] of `filter` bound to ?1 to ?4
    /// and `name`, when given, to ?5.
    fn listing(
        &self,
        sql: &'static str,
        filter: &ListFilter,
        name: Option<&str>,
    ) -> Result<Vec<ObjectRecord>, StoreError> {
        let (identity, operation) = match &filter.visible_to {
            Some((identity, operation)) => (Some(identity.as_str()), Some(*operation)),
            None => (None, None),
        };
        self.with(|c| {
            let mut statement = c.prepare_cached(sql).map_err(backend)?;
            let mut values: Vec<&dyn rusqlite::ToSql> =
                vec![&identity, &operation, &filter.object_type, &filter.state];
            if let Some(name) = &name {
                values.push(name);
            }
            let rows = statement
                .query_map(values.as_slice(), record_from_row)
                .map_err(backend)?;
            rows.collect::<Result<Vec<_>, _>>().map_err(backend)
        })
    }
}

impl MetadataStore for SqliteStore {
    fn insert(&self, record: &ObjectRecord) -> Result<(), StoreError> {
        let (hsm_backend, hsm_id, wrapping_key, wrapped) = material_columns(&record.material);
        self.with(|c| {
            let transaction = c.unchecked_transaction().map_err(backend)?;
            let result = transaction.execute(
                "INSERT INTO objects (uid, object_type, state, owner, attributes, hsm_backend, hsm_id,
                                      wrapping_key, wrapped, updated)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    record.uid,
                    record.object_type,
                    record.state,
                    record.owner,
                    record.attributes,
                    hsm_backend,
                    hsm_id,
                    wrapping_key,
                    wrapped,
                    record.updated
                ],
            );
            match result {
                Ok(_) => {
                    write_names(&transaction, &record.uid, &record.attributes).map_err(backend)?;
                    transaction.commit().map_err(backend)
                }
                Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
                    Err(StoreError::Duplicate(record.uid.clone()))
                }
                Err(e) => Err(backend(e)),
            }
        })
    }

    fn get(&self, uid: &str) -> Result<ObjectRecord, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT * FROM objects WHERE uid = ?1",
                [uid],
                record_from_row,
            )
            .optional()
            .map_err(backend)?
            .ok_or_else(|| StoreError::NotFound(uid.to_owned()))
        })
    }

    fn update(&self, record: &ObjectRecord) -> Result<(), StoreError> {
        let (hsm_backend, hsm_id, wrapping_key, wrapped) = material_columns(&record.material);
        self.with(|c| {
            let transaction = c.unchecked_transaction().map_err(backend)?;
            let changed = transaction
                .execute(
                    "UPDATE objects SET object_type = ?2, state = ?3, owner = ?4, attributes = ?5,
                            hsm_backend = ?6, hsm_id = ?7, wrapping_key = ?8, wrapped = ?9, updated = ?10
                     WHERE uid = ?1",
                    params![
                        record.uid,
                        record.object_type,
                        record.state,
                        record.owner,
                        record.attributes,
                        hsm_backend,
                        hsm_id,
                        wrapping_key,
                        wrapped,
                        record.updated
                    ],
                )
                .map_err(backend)?;
            if changed == 0 {
                return Err(StoreError::NotFound(record.uid.clone()));
            }
            write_names(&transaction, &record.uid, &record.attributes).map_err(backend)?;
            transaction.commit().map_err(backend)
        })
    }

    fn delete(&self, uid: &str) -> Result<(), StoreError> {
        self.with(|c| {
            match c
                .execute("DELETE FROM objects WHERE uid = ?1", [uid])
                .map_err(backend)?
            {
                0 => Err(StoreError::NotFound(uid.to_owned())),
                _ => Ok(()),
            }
        })
    }

    fn list(&self, filter: &ListFilter) -> Result<Vec<ObjectRecord>, StoreError> {
        self.listing(
            concat!(
                "SELECT * FROM objects o WHERE ",
                listing_conditions!(),
                " ORDER BY o.rowid"
            ),
            filter,
            None,
        )
    }

    fn find_by_name(
        &self,
        name: &str,
        filter: &ListFilter,
    ) -> Result<Vec<ObjectRecord>, StoreError> {
        self.listing(
            concat!(
                "SELECT o.* FROM object_names n JOIN objects o ON o.uid = n.uid
                 WHERE n.name = ?5 AND ",
                listing_conditions!(),
                " ORDER BY o.rowid"
            ),
            filter,
            Some(name),
        )
    }

    fn grant(&self, uid: &str, identity: &str, operation: u32) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "INSERT OR IGNORE INTO grants (uid, identity, operation) VALUES (?1, ?2, ?3)",
                params![uid, identity, operation],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    StoreError::NotFound(uid.to_owned())
                }
                e => backend(e),
            })?;
            Ok(())
        })
    }

    fn revoke_grant(&self, uid: &str, identity: &str, operation: u32) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "DELETE FROM grants WHERE uid = ?1 AND identity = ?2 AND operation = ?3",
                params![uid, identity, operation],
            )
            .map_err(backend)?;
            Ok(())
        })
    }

    fn is_granted(&self, uid: &str, identity: &str, operation: u32) -> Result<bool, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT EXISTS (SELECT 1 FROM grants WHERE uid = ?1 AND identity = ?2 AND operation = ?3)",
                params![uid, identity, operation],
                |row| row.get(0),
            )
            .map_err(backend)
        })
    }

    fn hsm_objects(&self, backend_name: &str) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        self.with(|c| {
            let mut statement = c
                .prepare_cached(
                    "SELECT uid, hsm_id FROM objects WHERE hsm_backend = ?1 ORDER BY rowid",
                )
                .map_err(backend)?;
            let rows = statement
                .query_map([backend_name], |row| Ok((row.get(0)?, row.get(1)?)))
                .map_err(backend)?;
            rows.collect::<Result<Vec<_>, _>>().map_err(backend)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(uid: &str, owner: &str) -> ObjectRecord {
        ObjectRecord {
            uid: uid.into(),
            object_type: 2,
            state: 1,
            owner: owner.into(),
            attributes: vec![1, 2, 3],
            material: Material::Hsm {
                backend: "softhsm".into(),
                id: uid.as_bytes().to_vec(),
            },
            updated: 1_700_000_000,
        }
    }

    #[test]
    fn insert_get_update_delete() {
        let store = SqliteStore::in_memory().unwrap();
        store.insert(&record("a", "CN=alice")).unwrap();
        assert!(matches!(
            store.insert(&record("a", "CN=bob")),
            Err(StoreError::Duplicate(_))
        ));
        let mut got = store.get("a").unwrap();
        assert_eq!(got, record("a", "CN=alice"));
        got.state = 2;
        got.material = Material::Wrapped {
            wrapping_key: "kek".into(),
            blob: vec![9; 40],
        };
        store.update(&got).unwrap();
        assert_eq!(store.get("a").unwrap(), got);
        store.delete("a").unwrap();
        assert!(matches!(store.get("a"), Err(StoreError::NotFound(_))));
        assert!(matches!(store.delete("a"), Err(StoreError::NotFound(_))));
        assert!(matches!(store.update(&got), Err(StoreError::NotFound(_))));
    }

    #[test]
    fn list_shows_owned_and_granted_objects_only() {
        let store = SqliteStore::in_memory().unwrap();
        store.insert(&record("a1", "CN=alice")).unwrap();
        store.insert(&record("b1", "CN=bob")).unwrap();
        store.insert(&record("b2", "CN=bob")).unwrap();
        const GET: u32 = 10;
        store.grant("b2", "CN=alice", GET).unwrap();
        let visible = |who: &str, op: u32| -> Vec<String> {
            let filter = ListFilter {
                visible_to: Some((who.into(), op)),
                ..ListFilter::default()
            };
            store
                .list(&filter)
                .unwrap()
                .into_iter()
                .map(|r| r.uid)
                .collect()
        };
        assert_eq!(visible("CN=alice", GET), vec!["a1", "b2"]);
        assert_eq!(visible("CN=alice", 1), vec!["a1"]);
        assert_eq!(visible("CN=bob", GET), vec!["b1", "b2"]);
        assert!(store.is_granted("b2", "CN=alice", GET).unwrap());
        store.revoke_grant("b2", "CN=alice", GET).unwrap();
        assert_eq!(visible("CN=alice", GET), vec!["a1"]);
        assert!(matches!(
            store.grant("nope", "CN=alice", GET),
            Err(StoreError::NotFound(_))
        ));
        // Grants go with their object.
        store.grant("b1", "CN=alice", GET).unwrap();
        store.delete("b1").unwrap();
        assert!(!store.is_granted("b1", "CN=alice", GET).unwrap());
    }

    fn named(uid: &str, owner: &str, names: &[&str]) -> ObjectRecord {
        ObjectRecord {
            attributes: crate::store::names::attributes_with_names(names),
            ..record(uid, owner)
        }
    }

    fn uids_named(store: &SqliteStore, name: &str, filter: &ListFilter) -> Vec<String> {
        store
            .find_by_name(name, filter)
            .unwrap()
            .into_iter()
            .map(|r| r.uid)
            .collect()
    }

    #[test]
    fn the_name_index_follows_inserts_updates_and_deletes() {
        let store = SqliteStore::in_memory().unwrap();
        let all = ListFilter::default();
        store
            .insert(&named("k1", "CN=alice", &["payments"]))
            .unwrap();
        store
            .insert(&named("k2", "CN=bob", &["payments", "other"]))
            .unwrap();
        store.insert(&named("k3", "CN=alice", &[])).unwrap();
        assert_eq!(uids_named(&store, "payments", &all), vec!["k1", "k2"]);
        assert_eq!(uids_named(&store, "other", &all), vec!["k2"]);
        assert!(uids_named(&store, "nothing", &all).is_empty());
        let alices = ListFilter {
            visible_to: Some(("CN=alice".into(), 10)),
            ..ListFilter::default()
        };
        assert_eq!(uids_named(&store, "payments", &alices), vec!["k1"]);
        // A Re-key moves the name: the index follows the update.
        store
            .update(&named("k1", "CN=alice", &["payments-old"]))
            .unwrap();
        store
            .update(&named("k3", "CN=alice", &["payments"]))
            .unwrap();
        assert_eq!(uids_named(&store, "payments", &all), vec!["k2", "k3"]);
        assert_eq!(uids_named(&store, "payments-old", &all), vec!["k1"]);
        store.delete("k2").unwrap();
        assert_eq!(uids_named(&store, "payments", &all), vec!["k3"]);
        // A duplicate insert leaves the index as it was.
        assert!(store.insert(&named("k3", "CN=x", &["dup"])).is_err());
        assert!(uids_named(&store, "dup", &all).is_empty());
    }

    #[test]
    fn a_database_from_before_the_name_index_is_indexed_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meta.sqlite");
        SqliteStore::open(&path)
            .unwrap()
            .insert(&named("old", "CN=alice", &["legacy"]))
            .unwrap();
        // As an older gateway left it: no name rows, user_version 0.
        let raw = Connection::open(&path).unwrap();
        raw.execute_batch("DELETE FROM object_names; PRAGMA user_version = 0;")
            .unwrap();
        drop(raw);
        let reopened = SqliteStore::open(&path).unwrap();
        assert_eq!(
            uids_named(&reopened, "legacy", &ListFilter::default()),
            vec!["old"]
        );
    }

    #[test]
    fn survives_reopening_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/meta.sqlite");
        SqliteStore::open(&path)
            .unwrap()
            .insert(&record("k", "CN=alice"))
            .unwrap();
        let reopened = SqliteStore::open(&path).unwrap();
        assert_eq!(reopened.get("k").unwrap(), record("k", "CN=alice"));
        assert_eq!(
            reopened.hsm_objects("softhsm").unwrap(),
            vec![("k".to_owned(), b"k".to_vec())]
        );
        assert!(reopened.hsm_objects("other").unwrap().is_empty());
    }
}
