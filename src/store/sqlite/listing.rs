//! Listings: every record, or the records with a given Name (through the name index), limited to
//! what a caller owns or has been granted, and to an object type and a state.

use rusqlite::Connection;

use super::backend;
use super::records::record_from_row;
use crate::store::{ListFilter, ObjectRecord, StoreError};

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

/// Records matching the filter, oldest first.
pub(super) fn list(c: &Connection, filter: &ListFilter) -> Result<Vec<ObjectRecord>, StoreError> {
    listing(
        c,
        concat!(
            "SELECT * FROM objects o WHERE ",
            listing_conditions!(),
            " ORDER BY o.rowid"
        ),
        filter,
        None,
    )
}

/// Records with a Name equal to `name` matching the filter, oldest first.
pub(super) fn find_by_name(
    c: &Connection,
    name: &str,
    filter: &ListFilter,
) -> Result<Vec<ObjectRecord>, StoreError> {
    listing(
        c,
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

/// The records `sql` selects, with the [`listing_conditions`] of `filter` bound to ?1 to ?4
/// and `name`, when given, to ?5.
fn listing(
    c: &Connection,
    sql: &'static str,
    filter: &ListFilter,
    name: Option<&str>,
) -> Result<Vec<ObjectRecord>, StoreError> {
    let (identity, operation) = match &filter.visible_to {
        Some((identity, operation)) => (Some(identity.as_str()), Some(*operation)),
        None => (None, None),
    };
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
}
