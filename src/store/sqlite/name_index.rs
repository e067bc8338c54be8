//! The name index: one row per Name of an object, kept in the same transaction as the object's
//! record, so that a look-up by name (an XKS externalKeyId) is an index search, not a scan.

use rusqlite::{params, Connection};

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

/// Creates the index table and fills it for databases made before it existed.
pub(super) fn create(c: &Connection) -> rusqlite::Result<()> {
    c.execute_batch(NAME_INDEX)?;
    index_existing_names(c)
}

/// Replaces the name rows of `uid` with the names in `attributes`.
pub(super) fn write_names(c: &Connection, uid: &str, attributes: &[u8]) -> rusqlite::Result<()> {
    c.execute("DELETE FROM object_names WHERE uid = ?1", [uid])?;
    let mut insert =
        c.prepare_cached("INSERT OR IGNORE INTO object_names (name, uid) VALUES (?1, ?2)")?;
    for name in crate::store::names::names_in(attributes) {
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
