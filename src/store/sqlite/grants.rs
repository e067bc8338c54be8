//! Access grants: which identity may perform which KMIP operation on an object it does not own.
//! A grant names an existing object and goes when the object goes (ON DELETE CASCADE).

use rusqlite::Connection;

use super::{backend, is_constraint_violation};
use crate::store::StoreError;

/// One grant: (object uid, identity, KMIP Operation value), bound to ?1, ?2 and ?3.
pub(super) type Grant<'a> = (&'a str, &'a str, u32);

pub(super) fn add(c: &Connection, grant: Grant<'_>) -> Result<(), StoreError> {
    c.execute(
        "INSERT OR IGNORE INTO grants (uid, identity, operation) VALUES (?1, ?2, ?3)",
        grant,
    )
    .map_err(|e| match e {
        // The foreign key: no such object.
        e if is_constraint_violation(&e) => StoreError::NotFound(grant.0.to_owned()),
        e => backend(e),
    })?;
    Ok(())
}

pub(super) fn remove(c: &Connection, grant: Grant<'_>) -> Result<(), StoreError> {
    c.execute(
        "DELETE FROM grants WHERE uid = ?1 AND identity = ?2 AND operation = ?3",
        grant,
    )
    .map_err(backend)?;
    Ok(())
}

pub(super) fn exists(c: &Connection, grant: Grant<'_>) -> Result<bool, StoreError> {
    c.query_row(
        "SELECT EXISTS (SELECT 1 FROM grants WHERE uid = ?1 AND identity = ?2 AND operation = ?3)",
        grant,
        |row| row.get(0),
    )
    .map_err(backend)
}
