//! The SQLite schema and connection settings: the `objects` and `grants` tables, then the name
//! index (with its one-time migration, `name_index.rs`). Every statement is idempotent, so
//! opening a database made by an older gateway brings it up to date.

use rusqlite::Connection;

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

/// Sets the connection's pragmas and creates (or completes) the schema.
pub(super) fn prepare(connection: &Connection) -> rusqlite::Result<()> {
    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    // WAL: readers do not block the writer, and a crash leaves the last committed state.
    connection.pragma_update(None, "journal_mode", "WAL")?;
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    connection.execute_batch(SCHEMA)?;
    super::name_index::create(connection)
}
