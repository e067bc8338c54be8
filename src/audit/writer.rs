//! The background writer: one thread owns the audit database connection, takes events off a
//! bounded channel and commits them in batches (one transaction, one fsync per batch).

use std::sync::mpsc::{Receiver, SyncSender};
use std::time::Duration;

use rusqlite::{Connection, Statement};

use super::ekm_event::EkmEvent;
use super::event::{AuditEvent, FrontEnd};
use super::kmip_event::KmipEvent;
use super::time_marks;
use super::xks_event::XksEvent;
use super::AuditError;

/// Events committed in one transaction at most.
const MAX_BATCH: usize = 2048;
/// How long the writer sleeps after the first event of a batch before it takes what has queued
/// (not when a flush is asked for, or when the last batch was full). Under load this turns one
/// fsync per handful of events into one per few hundred: profiling the gateway at 7,000 XKS
/// calls/s showed the writer thread using 16% of the process's CPU on small commits. Events wait
/// in memory about this long.
const GATHER: Duration = Duration::from_millis(20);

pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS audit_events (
    id        INTEGER PRIMARY KEY,
    unix_ms   INTEGER NOT NULL,
    front_end TEXT NOT NULL,
    caller    TEXT NOT NULL,
    operation TEXT NOT NULL,
    key_name  TEXT,
    key_uid   TEXT,
    error     TEXT,
    details   TEXT NOT NULL
);
-- No index by key: maintaining two more B-trees made each commit 3.5 times as costly
-- (benches/audit.rs, commit_1000: 19.3 ms with them, 5.5 ms without), paid on every request,
-- while a query by key is rare and bounded by time. Nor by time: time_marks.rs.
DROP INDEX IF EXISTS audit_events_key_name;
DROP INDEX IF EXISTS audit_events_key_uid;
";

/// One event waiting to be written, in either form.
pub(crate) enum Row {
    Event(Box<AuditEvent>),
    Kmip(Box<KmipEvent>),
    Xks(Box<XksEvent>),
    Ekm(Box<EkmEvent>),
}

impl Row {
    fn unix_ms(&self) -> i64 {
        match self {
            Row::Event(event) => event.unix_ms,
            Row::Kmip(event) => event.unix_ms,
            Row::Xks(event) => event.unix_ms,
            Row::Ekm(event) => event.unix_ms,
        }
    }
}

/// What the writer thread is asked to do.
pub(crate) enum Command {
    Record(Row),
    /// Answer once every event sent before this one is committed.
    Flush(SyncSender<()>),
}

fn sqlite(e: rusqlite::Error) -> AuditError {
    AuditError::Database(e.to_string())
}

/// Opens the database for writing: WAL (readers such as `hsmgate audit` never block the
/// writer), `synchronous=FULL` (a committed batch survives a power cut).
pub(crate) fn open(path: &std::path::Path) -> Result<Connection, AuditError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| AuditError::Database(format!("{}: {e}", parent.display())))?;
    }
    let connection = Connection::open(path).map_err(sqlite)?;
    connection
        .busy_timeout(Duration::from_secs(5))
        .map_err(sqlite)?;
    connection
        .pragma_update(None, "journal_mode", "WAL")
        .map_err(sqlite)?;
    connection
        .pragma_update(None, "synchronous", "FULL")
        .map_err(sqlite)?;
    connection.execute_batch(SCHEMA).map_err(sqlite)?;
    connection
        .execute_batch(time_marks::SCHEMA)
        .map_err(sqlite)?;
    let cover = connection.unchecked_transaction().map_err(sqlite)?;
    cover
        .execute_batch(time_marks::COVER_UNMARKED)
        .map_err(sqlite)?;
    cover.commit().map_err(sqlite)?;
    Ok(connection)
}

/// Rows per INSERT statement, largest first: a statement per event spent more on running the
/// statement (bind, step, halt, reset) than on storing the row, so a batch is written with as
/// few statements as these sizes allow — one per set bit of its length below 64 (75 events:
/// 32 + 32 + 8 + 2 + 1; the batch of ~20 a busy gateway gathers: 16 + 4).
const ROWS_PER_INSERT: [usize; 6] = [32, 16, 8, 4, 2, 1];
const COLUMNS: &str =
    "INSERT INTO audit_events (unix_ms, front_end, caller, operation, key_name, key_uid, error, details) VALUES ";

/// An INSERT of `rows` events (8 parameters each).
fn insert_sql(rows: usize) -> String {
    let mut sql = String::from(COLUMNS);
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str("(?,?,?,?,?,?,?,?)");
    }
    sql
}

/// The writer's statements, prepared once for the thread's life: going through rusqlite's
/// statement cache per batch rebuilt and hashed each INSERT's SQL text (a 32-row INSERT is 600
/// characters) and `transaction()` / `commit()` parsed BEGIN and COMMIT again every batch.
pub(crate) struct Statements<'c> {
    connection: &'c Connection,
    begin: Statement<'c>,
    commit: Statement<'c>,
    rollback: Statement<'c>,
    /// The batch's time mark (time_marks.rs).
    mark: Statement<'c>,
    /// One per entry of [`ROWS_PER_INSERT`], same order.
    inserts: Vec<Statement<'c>>,
    /// The details column's JSON, written here row after row (binding copies it).
    details: Vec<u8>,
    text: String,
}

impl<'c> Statements<'c> {
    pub(crate) fn prepare(connection: &'c Connection) -> rusqlite::Result<Self> {
        Ok(Statements {
            connection,
            // What rusqlite's `Connection::transaction` runs (a deferred transaction).
            begin: connection.prepare("BEGIN DEFERRED")?,
            commit: connection.prepare("COMMIT")?,
            rollback: connection.prepare("ROLLBACK")?,
            mark: connection.prepare(time_marks::INSERT_MARK)?,
            inserts: ROWS_PER_INSERT
                .iter()
                .map(|rows| connection.prepare(&insert_sql(*rows)))
                .collect::<rusqlite::Result<_>>()?,
            details: Vec::with_capacity(128),
            text: String::with_capacity(64),
        })
    }

    /// Writes `batch` in one transaction: all of it, or (on any error) none of it.
    pub(crate) fn insert_batch(&mut self, batch: &[Row]) -> rusqlite::Result<()> {
        self.begin.raw_execute()?;
        let written = self
            .insert_rows(batch)
            .and_then(|()| self.insert_mark(batch))
            .and_then(|()| self.commit.raw_execute().map(drop));
        if written.is_err() && !self.connection.is_autocommit() {
            // As a dropped rusqlite Transaction does: the batch is not half written.
            let _ = self.rollback.raw_execute();
        }
        written
    }

    /// The batch's first and last id and latest time. Its rows got consecutive ids: without an
    /// id of its own, a row gets one more than the largest in the table, and this transaction
    /// is the only writer.
    fn insert_mark(&mut self, batch: &[Row]) -> rusqlite::Result<()> {
        let Some(latest) = batch.iter().map(Row::unix_ms).max() else {
            return Ok(());
        };
        let last_id = self.connection.last_insert_rowid();
        let first_id = last_id - (batch.len() as i64 - 1);
        self.mark.execute((first_id, last_id, latest)).map(drop)
    }

    fn insert_rows(&mut self, batch: &[Row]) -> rusqlite::Result<()> {
        let mut rest = batch;
        for (rows, insert) in ROWS_PER_INSERT.iter().zip(self.inserts.iter_mut()) {
            while rest.len() >= *rows {
                let (now, later) = rest.split_at(*rows);
                for (row, event) in now.iter().enumerate() {
                    bind_row(insert, &mut self.details, &mut self.text, row, event)?;
                }
                let executed = insert.raw_execute();
                // Frees the bound copies now, as rusqlite's statement cache did: leaving them to
                // be freed by the next bind made binding cost ~280 instructions more per row.
                insert.clear_bindings();
                executed?;
                rest = later;
            }
        }
        Ok(())
    }
}

/// The details column as written into `buffer`, or `{}` if writing it failed.
fn details_text(written: serde_json::Result<()>, buffer: &[u8]) -> &str {
    match written {
        Ok(()) => std::str::from_utf8(buffer).unwrap_or("{}"),
        Err(_) => "{}",
    }
}

/// Binds `entry` as row `row` (0-based) of a multi-row INSERT; `details` and `text` are
/// scratch space for the details column.
fn bind_row(
    insert: &mut Statement<'_>,
    details: &mut Vec<u8>,
    text: &mut String,
    row: usize,
    entry: &Row,
) -> rusqlite::Result<()> {
    details.clear();
    // The row's eight columns, in the table's order, whichever form the event came in.
    let (unix_ms, front_end, caller, operation, key_name, key_uid, error, details) = match entry {
        Row::Event(event) => {
            // Serialised in place: no copy of the map per row, and no new buffer either.
            let written = serde_json::to_writer(&mut *details, &event.details);
            let details = details_text(written, details);
            (
                event.unix_ms,
                event.front_end.as_str(),
                event.caller.as_str(),
                event.operation.as_str(),
                event.key_name.as_deref(),
                event.key_uid.as_deref(),
                event.error.as_deref(),
                details,
            )
        }
        Row::Kmip(event) => {
            text.clear();
            event.write_details(text);
            (
                event.unix_ms,
                FrontEnd::Kmip.as_str(),
                event.caller.as_str(),
                event.operation.as_ref(),
                None,
                event.key_uid.as_deref(),
                event.error.as_deref(),
                text.as_str(),
            )
        }
        Row::Xks(event) => {
            let written = event.write_details(details);
            let details = details_text(written, details);
            (
                event.unix_ms,
                FrontEnd::Xks.as_str(),
                event.caller.as_str(),
                event.operation,
                event.key_name.as_deref(),
                event.key_uid.as_deref(),
                event.error,
                details,
            )
        }
        Row::Ekm(event) => {
            let written = event.write_details(details);
            let details = details_text(written, details);
            (
                event.unix_ms,
                FrontEnd::Ekm.as_str(),
                event.caller.as_str(),
                event.operation,
                event.key_name.as_deref(),
                None,
                event.error,
                details,
            )
        }
    };
    let first = row * 8 + 1;
    insert.raw_bind_parameter(first, unix_ms)?;
    insert.raw_bind_parameter(first + 1, front_end)?;
    insert.raw_bind_parameter(first + 2, caller)?;
    insert.raw_bind_parameter(first + 3, operation)?;
    insert.raw_bind_parameter(first + 4, key_name)?;
    insert.raw_bind_parameter(first + 5, key_uid)?;
    insert.raw_bind_parameter(first + 6, error)?;
    insert.raw_bind_parameter(first + 7, details)
}

/// The writer thread's loop; ends when every sender is gone and the channel is drained.
pub(crate) fn run(connection: Connection, commands: Receiver<Command>) {
    // Prepared at the first batch; prepared again after a failure to prepare.
    let mut statements: Option<Statements<'_>> = None;
    let mut batch: Vec<Row> = Vec::with_capacity(MAX_BATCH);
    let mut waiting: Vec<SyncSender<()>> = Vec::new();
    // The last batch was full: more events are queued, so there is no reason to wait.
    let mut behind = false;
    loop {
        // Block for the first command (one wake-up per batch, not per event)...
        let Ok(first) = commands.recv() else {
            break;
        };
        let mut next = Some(first);
        let mut slept = behind;
        while let Some(command) = next.take() {
            match command {
                Command::Record(row) => batch.push(row),
                Command::Flush(answer) => waiting.push(answer),
            }
            if batch.len() >= MAX_BATCH {
                break;
            }
            next = commands.try_recv().ok();
            if next.is_none() && !slept && waiting.is_empty() {
                // ...then let the events of the next few milliseconds queue up. Sleeping, not
                // waiting on the channel: a receiver blocked in `recv_timeout` is woken by every
                // send, which cost a futex wake and a context switch per request under load.
                std::thread::sleep(GATHER);
                slept = true;
                next = commands.try_recv().ok();
            }
        }
        behind = batch.len() >= MAX_BATCH;
        if !batch.is_empty() {
            if statements.is_none() {
                statements = match Statements::prepare(&connection) {
                    Ok(prepared) => Some(prepared),
                    Err(e) => {
                        tracing::error!(error = %e, "audit: statements could not be prepared");
                        None
                    }
                };
            }
            let written = match &mut statements {
                Some(statements) => statements.insert_batch(&batch),
                None => Err(rusqlite::Error::InvalidQuery),
            };
            if let Err(e) = written {
                tracing::error!(error = %e, lost = batch.len(), "audit: events could not be written");
            }
            batch.clear();
        }
        for answer in waiting.drain(..) {
            let _ = answer.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{read_events, AuditQuery, FrontEnd};

    /// A new audit database in a temporary folder (kept alive by the first element).
    fn fresh_trail() -> (tempfile::TempDir, std::path::PathBuf, rusqlite::Connection) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.db");
        let connection = open(&path).unwrap();
        (dir, path, connection)
    }

    /// Every stored row's eight columns, oldest first, checked to come in equal pairs (each
    /// event written in its compact form, then as the AuditEvent the old path built).
    fn stored_pairs(connection: &Connection) -> Vec<Vec<rusqlite::types::Value>> {
        let mut select = connection
            .prepare(
                "SELECT unix_ms, front_end, caller, operation, key_name, key_uid, error, details
                 FROM audit_events ORDER BY id",
            )
            .unwrap();
        let stored: Vec<Vec<rusqlite::types::Value>> = select
            .query_map([], |row| (0..8).map(|i| row.get(i)).collect())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for pair in stored.chunks(2) {
            assert_eq!(pair[0], pair[1]);
        }
        stored
    }

    #[test]
    fn a_batch_of_any_size_is_written_whole_and_in_order() {
        let (_dir, path, connection) = fresh_trail();
        let mut statements = Statements::prepare(&connection).unwrap();
        // 63 = 32 + 16 + 8 + 4 + 2 + 1 (every statement size), 75 = 32 + 32 + 8 + 2 + 1 (one
        // size twice), 1; with optional fields set and not.
        let batch: Vec<Box<AuditEvent>> = (0..139)
            .map(|i| {
                let mut event =
                    AuditEvent::new(FrontEnd::Kmip, format!("CN=c{i}"), "Encrypt").detail("n", i);
                if i % 2 == 0 {
                    event = event.key_uid(format!("uid-{i}"));
                }
                if i % 3 == 0 {
                    event = event.failed("PermissionDenied");
                }
                event.unix_ms = 1_000 + i;
                Box::new(event)
            })
            .collect();
        let rows: Vec<Row> = batch.iter().cloned().map(Row::Event).collect();
        for part in [&rows[..63], &rows[63..138], &rows[138..]] {
            statements.insert_batch(part).unwrap();
        }
        let read = read_events(&path, &AuditQuery::default()).unwrap();
        assert_eq!(read.len(), 139);
        for (i, event) in read.iter().enumerate() {
            assert_eq!(event, batch[i].as_ref(), "event {i}");
        }
    }

    #[test]
    fn a_failed_batch_leaves_no_transaction_open_and_the_next_one_is_written() {
        let (_dir, path, connection) = fresh_trail();
        let mut statements = Statements::prepare(&connection).unwrap();
        let event = |i: i64| {
            let mut event = AuditEvent::new(FrontEnd::Xks, "AKIA1", "Encrypt");
            event.unix_ms = i;
            Row::Event(Box::new(event))
        };
        let other = rusqlite::Connection::open(&path).unwrap();
        other
            .execute_batch("ALTER TABLE audit_events RENAME TO elsewhere")
            .unwrap();
        assert!(statements.insert_batch(&[event(1), event(2)]).is_err());
        assert!(
            connection.is_autocommit(),
            "the failed batch was rolled back"
        );
        other
            .execute_batch("ALTER TABLE elsewhere RENAME TO audit_events")
            .unwrap();
        statements.insert_batch(&[event(3)]).unwrap();
        let read = read_events(&path, &AuditQuery::default()).unwrap();
        let times: Vec<i64> = read.iter().map(|e| e.unix_ms).collect();
        assert_eq!(times, vec![3]);
    }

    #[test]
    fn a_kmip_event_is_stored_as_its_audit_event_would_be() {
        let (_dir, path, connection) = fresh_trail();
        let mut statements = Statements::prepare(&connection).unwrap();
        let kmip = [
            KmipEvent::new("CN=a, O=b", "Encrypt".into(), (2, 1)).key_uid("uid-1"),
            KmipEvent::new("CN=\"q\"", "0x00000077".to_string().into(), (1, 4))
                .failed("PermissionDenied".into()),
        ];
        // Each event twice: as a KmipEvent, then as the AuditEvent the old path built.
        let rows: Vec<Row> = kmip
            .iter()
            .flat_map(|event| {
                [
                    Row::Kmip(Box::new(event.clone())),
                    Row::Event(Box::new(event.to_audit_event())),
                ]
            })
            .collect();
        statements.insert_batch(&rows).unwrap();
        let stored = stored_pairs(&connection);
        assert_eq!(stored.len(), 4);
        let read = read_events(&path, &AuditQuery::default()).unwrap();
        assert_eq!(read[0], kmip[0].to_audit_event());
        assert_eq!(read[0].details["protocolVersion"], "2.1");
        assert_eq!(read[2].error.as_deref(), Some("PermissionDenied"));
    }

    #[test]
    fn xks_and_ekm_events_are_stored_as_their_audit_events_would_be() {
        let (_dir, path, connection) = fresh_trail();
        let mut statements = Statements::prepare(&connection).unwrap();
        let mut metadata: [Option<String>; 7] = Default::default();
        metadata[0] = Some("arn:aws:iam::1:user/\"q\"".into());
        metadata[5] = Some("r-1".into());
        let xks = [
            XksEvent::new("AKIA1".into(), "Encrypt", "/p".into(), metadata)
                .key_name(Some("k1".into()))
                .key_uid(Some("uid-1".into())),
            XksEvent::new(
                "AKIA2".into(),
                "GetHealthStatus",
                "".into(),
                Default::default(),
            )
            .failed(Some("AuthenticationFailedException")),
        ];
        let ekm = EkmEvent::new(
            "CN=client".into(),
            "wrapkey",
            Some("k2".into()),
            Some("Unauthorized"),
            crate::audit::EkmDetails {
                correlation_id: "c-\\1".into(),
                path_prefix: "/ekm".into(),
                pool_name: "pool".into(),
                alg: Some("A256KW".into()),
                ..Default::default()
            },
        );
        // Each event twice: in its compact form, then as the AuditEvent the old path built.
        let mut rows: Vec<Row> = xks
            .iter()
            .flat_map(|event| {
                [
                    Row::Xks(Box::new(event.clone())),
                    Row::Event(Box::new(event.to_audit_event())),
                ]
            })
            .collect();
        rows.push(Row::Ekm(Box::new(ekm.clone())));
        rows.push(Row::Event(Box::new(ekm.to_audit_event())));
        statements.insert_batch(&rows).unwrap();
        let stored = stored_pairs(&connection);
        assert_eq!(stored.len(), 6);
        let read = read_events(&path, &AuditQuery::default()).unwrap();
        assert_eq!(read[0], xks[0].to_audit_event());
        assert_eq!(read[4], ekm.to_audit_event());
        assert_eq!(read[0].details["requestMetadata"]["kmsRequestId"], "r-1");
        assert_eq!(
            read[2].error.as_deref(),
            Some("AuthenticationFailedException")
        );
    }
}
