//! How `hsmgate audit --since` finds its events without a time index on the events.
//!
//! An index on `audit_events(unix_ms)` cost every event a second B-tree insert: about 2,000 of
//! the writer's 8,800 instructions per KMIP Encrypt (callgrind, `scripts/callgrind-per-request.sh
//! encrypt` with and without it), paid on every request of every front end, for a query an
//! operator runs now and then. Instead the writer adds one row per committed batch to
//! `audit_batches`: the batch's first and last event id and its latest event time. A `--since T`
//! query reads events from the first id of the earliest batch whose latest time is at or after
//! T, and filters on the time there. That is exact whatever the wall clock did (an event at or
//! after T belongs to a batch whose latest time is at or after T, so its id is at or past that
//! batch's first id), and costs one small row per batch — a few hundred events under load.

use rusqlite::{Connection, OptionalExtension};

/// One mark per committed batch of events; indexed by time, which is one B-tree insert per
/// batch instead of one per event.
pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS audit_batches (
    first_id    INTEGER NOT NULL,
    last_id     INTEGER NOT NULL,
    max_unix_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_batches_time ON audit_batches(max_unix_ms);
";

/// Marks the events no batch covers yet — all of them in a trail written before marks existed,
/// or what an older gateway wrote since — with one mark, then drops the per-event time index
/// those versions kept. Run in one transaction when the writer opens the database.
pub(crate) const COVER_UNMARKED: &str = "
INSERT INTO audit_batches (first_id, last_id, max_unix_ms)
    SELECT MIN(id), MAX(id), MAX(unix_ms) FROM audit_events
    WHERE id > (SELECT IFNULL(MAX(last_id), 0) FROM audit_batches)
    HAVING COUNT(*) > 0;
DROP INDEX IF EXISTS audit_events_time;
";

/// The writer's mark for the batch it has just inserted, in the same transaction.
pub(crate) const INSERT_MARK: &str =
    "INSERT INTO audit_batches (first_id, last_id, max_unix_ms) VALUES (?1, ?2, ?3)";

/// The first event id a query for events at or after a time (`?1`) needs to read from, or
/// `NULL` when no batch reaches that time.
const FIRST_ID_SINCE: &str = "SELECT MIN(first_id) FROM audit_batches WHERE max_unix_ms >= ?1";

/// The first event id that can have a time at or after `since_ms`: `Some(i64::MAX)` when none
/// can, `None` when the trail has no marks (written by a gateway older than them and not opened
/// by a newer one since) and the events must be filtered on their time alone.
pub(crate) fn first_id_since(
    connection: &Connection,
    since_ms: i64,
) -> rusqlite::Result<Option<i64>> {
    let marked = connection
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_batches'",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !marked {
        return Ok(None);
    }
    let first: Option<i64> = connection.query_row(FIRST_ID_SINCE, [since_ms], |row| row.get(0))?;
    Ok(Some(first.unwrap_or(i64::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::writer::{open, Row, Statements};
    use crate::audit::{read_events, AuditEvent, AuditQuery, FrontEnd};

    fn event(unix_ms: i64) -> Row {
        let mut event = AuditEvent::new(FrontEnd::Kmip, "CN=a", "Encrypt");
        event.unix_ms = unix_ms;
        Row::Event(Box::new(event))
    }

    fn times_since(path: &std::path::Path, since_ms: i64) -> Vec<i64> {
        let query = AuditQuery {
            since_ms: Some(since_ms),
            ..AuditQuery::default()
        };
        let events = read_events(path, &query).unwrap();
        events.iter().map(|e| e.unix_ms).collect()
    }

    #[test]
    fn since_finds_every_later_event_even_after_the_clock_stepped_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.db");
        let connection = open(&path).unwrap();
        let mut statements = Statements::prepare(&connection).unwrap();
        // The clock steps back from 5,000 to 1,000 between the second and third batch.
        statements.insert_batch(&[event(100), event(200)]).unwrap();
        statements
            .insert_batch(&[event(4_000), event(5_000)])
            .unwrap();
        statements
            .insert_batch(&[event(1_000), event(1_500), event(900)])
            .unwrap();
        assert_eq!(
            times_since(&path, 0),
            vec![100, 200, 4_000, 5_000, 1_000, 1_500, 900]
        );
        assert_eq!(times_since(&path, 1_000), vec![4_000, 5_000, 1_000, 1_500]);
        assert_eq!(times_since(&path, 4_500), vec![5_000]);
        assert_eq!(times_since(&path, 5_001), Vec::<i64>::new());
        let marks: i64 = connection
            .query_row("SELECT COUNT(*) FROM audit_batches", [], |row| row.get(0))
            .unwrap();
        assert_eq!(marks, 3, "one mark per batch");
    }

    #[test]
    fn a_trail_written_before_marks_is_covered_when_the_writer_opens_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.db");
        {
            // The schema older gateways made: events with a time index, no marks.
            let old = Connection::open(&path).unwrap();
            old.execute_batch(
                "CREATE TABLE audit_events (id INTEGER PRIMARY KEY, unix_ms INTEGER NOT NULL,
                     front_end TEXT NOT NULL, caller TEXT NOT NULL, operation TEXT NOT NULL,
                     key_name TEXT, key_uid TEXT, error TEXT, details TEXT NOT NULL);
                 CREATE INDEX audit_events_time ON audit_events(unix_ms);
                 INSERT INTO audit_events (unix_ms, front_end, caller, operation, details)
                     VALUES (10, 'kmip', 'CN=a', 'Get', '{}'), (20, 'kmip', 'CN=a', 'Get', '{}');",
            )
            .unwrap();
        }
        // An old trail is still read by time before any newer writer opened it.
        assert_eq!(times_since(&path, 15), vec![20]);
        let connection = open(&path).unwrap();
        let index: Option<String> = connection
            .query_row(
                "SELECT name FROM sqlite_master WHERE name = 'audit_events_time'",
                [],
                |row| row.get(0),
            )
            .optional()
            .unwrap();
        assert_eq!(index, None, "the per-event time index is gone");
        let mut statements = Statements::prepare(&connection).unwrap();
        statements.insert_batch(&[event(30)]).unwrap();
        assert_eq!(times_since(&path, 15), vec![20, 30]);
        assert_eq!(times_since(&path, 5), vec![10, 20, 30]);
        // Opening again adds no second mark for the same events.
        drop(statements);
        drop(connection);
        let connection = open(&path).unwrap();
        let marks: i64 = connection
            .query_row("SELECT COUNT(*) FROM audit_batches", [], |row| row.get(0))
            .unwrap();
        assert_eq!(marks, 2);
    }
}
