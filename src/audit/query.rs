//! Reading the audit trail back (`hsmgate audit`), from a read-only connection: reading never
//! blocks the gateway's writer (WAL).

use std::path::Path;

use rusqlite::{params, Connection, OpenFlags};

use super::event::{AuditEvent, FrontEnd};
use super::time_marks;
use super::AuditError;

/// Which events to read; `None` fields do not filter.
#[derive(Clone, Debug, Default)]
pub struct AuditQuery {
    /// Only events at or after this time (milliseconds since the epoch).
    pub since_ms: Option<i64>,
    /// Only events about this key: its name or its Unique Identifier.
    pub key: Option<String>,
    /// At most this many events: the newest ones.
    pub limit: Option<u32>,
}

/// The events matching `query`, oldest first.
pub fn read_events(path: &Path, query: &AuditQuery) -> Result<Vec<AuditEvent>, AuditError> {
    if !path.exists() {
        return Err(AuditError::Database(format!(
            "{}: no audit log here (the gateway writes it when it serves)",
            path.display()
        )));
    }
    let sqlite = |e: rusqlite::Error| AuditError::Database(e.to_string());
    let connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sqlite)?;
    let mut statement = connection
        .prepare(
            "SELECT unix_ms, front_end, caller, operation, key_name, key_uid, error, details
             FROM audit_events
             WHERE (?1 IS NULL OR unix_ms >= ?1)
               AND id >= ?4
               AND (?2 IS NULL OR key_name = ?2 OR key_uid = ?2)
             ORDER BY id DESC
             LIMIT ?3",
        )
        .map_err(sqlite)?;
    let limit = query.limit.map_or(-1, i64::from);
    // Where a --since query starts reading (the events have no time index): a range of ids
    // the query reads by the table's own key.
    let first_id = match query.since_ms {
        Some(since_ms) => time_marks::first_id_since(&connection, since_ms).map_err(sqlite)?,
        None => None,
    }
    .unwrap_or(i64::MIN);
    let rows = statement
        .query_map(params![query.since_ms, query.key, limit, first_id], |row| {
            let front_end: String = row.get(1)?;
            let details: String = row.get(7)?;
            let Some(front_end) = FrontEnd::parse(&front_end) else {
                return Err(rusqlite::Error::InvalidColumnType(
                    1,
                    format!("front_end {front_end:?}"),
                    rusqlite::types::Type::Text,
                ));
            };
            Ok((
                AuditEvent {
                    unix_ms: row.get(0)?,
                    front_end,
                    caller: row.get(2)?,
                    operation: row.get(3)?,
                    key_name: row.get(4)?,
                    key_uid: row.get(5)?,
                    error: row.get(6)?,
                    details: serde_json::Map::new(),
                },
                details,
            ))
        })
        .map_err(sqlite)?;
    let mut events = Vec::new();
    for row in rows {
        let (mut event, details) = row.map_err(sqlite)?;
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&details) {
            event.details = map;
        }
        events.push(event);
    }
    events.reverse();
    Ok(events)
}
