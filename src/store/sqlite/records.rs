//! Reading and writing object records: the row <-> [`ObjectRecord`] mapping (the material
//! columns) and the writes, each in one transaction with the record's name rows.

use rusqlite::{Connection, OptionalExtension};

use super::name_index::write_names;
use super::{backend, is_constraint_violation};
use crate::store::{Material, ObjectRecord, StoreError};

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

/// A record's columns bound to ?1 to ?10, in the order INSERT and UPDATE both name them.
fn record_values(record: &ObjectRecord) -> impl rusqlite::Params + '_ {
    let (hsm_backend, hsm_id, wrapping_key, wrapped) = material_columns(&record.material);
    (
        record.uid.as_str(),
        record.object_type,
        record.state,
        record.owner.as_str(),
        record.attributes.as_slice(),
        hsm_backend,
        hsm_id,
        wrapping_key,
        wrapped,
        record.updated,
    )
}

pub(super) fn record_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ObjectRecord> {
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

pub(super) fn insert(c: &Connection, record: &ObjectRecord) -> Result<(), StoreError> {
    let transaction = c.unchecked_transaction().map_err(backend)?;
    let result = transaction.execute(
        "INSERT INTO objects (uid, object_type, state, owner, attributes, hsm_backend, hsm_id,
                              wrapping_key, wrapped, updated)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        record_values(record),
    );
    match result {
        Ok(_) => {
            write_names(&transaction, &record.uid, &record.attributes).map_err(backend)?;
            transaction.commit().map_err(backend)
        }
        Err(e) if is_constraint_violation(&e) => Err(StoreError::Duplicate(record.uid.clone())),
        Err(e) => Err(backend(e)),
    }
}

pub(super) fn get(c: &Connection, uid: &str) -> Result<ObjectRecord, StoreError> {
    c.query_row(
        "SELECT * FROM objects WHERE uid = ?1",
        [uid],
        record_from_row,
    )
    .optional()
    .map_err(backend)?
    .ok_or_else(|| StoreError::NotFound(uid.to_owned()))
}

pub(super) fn update(c: &Connection, record: &ObjectRecord) -> Result<(), StoreError> {
    let transaction = c.unchecked_transaction().map_err(backend)?;
    let changed = transaction
        .execute(
            "UPDATE objects SET object_type = ?2, state = ?3, owner = ?4, attributes = ?5,
                    hsm_backend = ?6, hsm_id = ?7, wrapping_key = ?8, wrapped = ?9, updated = ?10
             WHERE uid = ?1",
            record_values(record),
        )
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::NotFound(record.uid.clone()));
    }
    write_names(&transaction, &record.uid, &record.attributes).map_err(backend)?;
    transaction.commit().map_err(backend)
}

/// Deletes the record; its grants and name rows go with it (ON DELETE CASCADE).
pub(super) fn delete(c: &Connection, uid: &str) -> Result<(), StoreError> {
    match c
        .execute("DELETE FROM objects WHERE uid = ?1", [uid])
        .map_err(backend)?
    {
        0 => Err(StoreError::NotFound(uid.to_owned())),
        _ => Ok(()),
    }
}

/// Every uid whose material is in HSM backend `backend_name`, with its CKA_ID.
pub(super) fn hsm_objects(
    c: &Connection,
    backend_name: &str,
) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    let mut statement = c
        .prepare_cached("SELECT uid, hsm_id FROM objects WHERE hsm_backend = ?1 ORDER BY rowid")
        .map_err(backend)?;
    let rows = statement
        .query_map([backend_name], |row| Ok((row.get(0)?, row.get(1)?)))
        .map_err(backend)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(backend)
}
