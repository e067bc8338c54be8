//! Access grants: which identity may perform which KMIP operation on an object it does not own.
//! A grant names an existing object and goes when the object goes (ON DELETE CASCADE).

use rusqlite::{params, Connection};

use super::{backend, is_constraint_violation};
use crate::store::StoreError;

pub(super) fn grant(
    c: &Connection,
    uid: &str,
    identity: &str,
    operation: u32,
) -> Result<(), StoreError> {
    c.execute(
        "INSERT OR IGNORE INTO grants (uid, identity, operation) VALUES (?1, ?2, ?3)",
        params![uid, identity, operation],
    )
    .map_err(|e| match e {
        // The foreign key: no such object.
        e if is_constraint_violation(&e) => StoreError::NotFound(uid.to_owned()),
        e => backend(e),
    })?;
    Ok(())
}

pub(super) fn revoke(
    c: &Connection,
    uid: &str,
    identity: &str,
    operation: u32,
) -> Result<(), StoreError> {
    c.execute(
        "DELETE FROM grants WHERE uid = ?1 AND identity = ?2 AND operation = ?3",
        params![uid, identity, operation],
    )
    .map_err(backend)?;
    Ok(())
}

pub(super) fn is_granted(
    c: &Connection,
    uid: &str,
    identity: &str,
    operation: u32,
) -> Result<bool, StoreError> {
    c.query_row(
        "SELECT EXISTS (SELECT 1 FROM grants WHERE uid = ?1 AND identity = ?2 AND operation = ?3)",
        params![uid, identity, operation],
        |row| row.get(0),
    )
    .map_err(backend)
}
