//! The background writer: one thread owns the audit database connection, takes events off a
//! bounded channel and commits them in batches (one transaction, one fsync per batch).

use std::sync::mpsc::{Receiver, SyncSender};
use std::time::Duration;

use rusqlite::Connection;

use super::event::AuditEvent;
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
CREATE INDEX IF NOT EXISTS audit_events_time ON audit_events(unix_ms);
-- No index by key: maintaining two more B-trees made each commit 3.5 times as costly
-- (benches/audit.rs, commit_1000: 19.3 ms with them, 5.5 ms without), paid on every request,
-- while a query by key is rare and bounded by time (the time index).
DROP INDEX IF EXISTS audit_events_key_name;
DROP INDEX IF EXISTS audit_events_key_uid;
";

/// What the writer thread is asked to do.
pub(crate) enum Command {
    Record(Box<AuditEvent>),
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
    Ok(connection)
}

/// Rows per INSERT statement, largest first: a statement per event spent more on running the
/// statement (bind, step, halt, reset) than on storing the row, so a batch is written with as
/// few statements as these sizes allow (75 events: 32 + 32 + 8 + 1 + 1 + 1).
const ROWS_PER_INSERT: [usize; 3] = [32, 8, 1];
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

fn insert_batch(connection: &mut Connection, batch: &[Box<AuditEvent>]) -> rusqlite::Result<()> {
    let transaction = connection.transaction()?;
    let mut rest = batch;
    for rows in ROWS_PER_INSERT {
        if rest.len() < rows {
            continue;
        }
        let mut insert = transaction.prepare_cached(&insert_sql(rows))?;
        while rest.len() >= rows {
            let (now, later) = rest.split_at(rows);
            for (row, event) in now.iter().enumerate() {
                bind_row(&mut insert, row, event)?;
            }
            insert.raw_execute()?;
            rest = later;
        }
    }
    transaction.commit()
}

/// Binds `event` as row `row` (0-based) of a multi-row INSERT.
fn bind_row(
    insert: &mut rusqlite::CachedStatement<'_>,
    row: usize,
    event: &AuditEvent,
) -> rusqlite::Result<()> {
    // Serialised in place: no copy of the map per row.
    let details = serde_json::to_string(&event.details).unwrap_or_else(|_| "{}".into());
    let first = row * 8 + 1;
    insert.raw_bind_parameter(first, event.unix_ms)?;
    insert.raw_bind_parameter(first + 1, event.front_end.as_str())?;
    insert.raw_bind_parameter(first + 2, &event.caller)?;
    insert.raw_bind_parameter(first + 3, &event.operation)?;
    insert.raw_bind_parameter(first + 4, &event.key_name)?;
    insert.raw_bind_parameter(first + 5, &event.key_uid)?;
    insert.raw_bind_parameter(first + 6, &event.error)?;
    insert.raw_bind_parameter(first + 7, details)
}

/// The writer thread's loop; ends when every sender is gone and the channel is drained.
pub(crate) fn run(mut connection: Connection, commands: Receiver<Command>) {
    let mut batch: Vec<Box<AuditEvent>> = Vec::with_capacity(MAX_BATCH);
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
                Command::Record(event) => batch.push(event),
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
            if let Err(e) = insert_batch(&mut connection, &batch) {
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

    #[test]
    fn a_batch_of_any_size_is_written_whole_and_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.db");
        let mut connection = open(&path).unwrap();
        // 75 = 32 + 32 + 8 + 3: every statement size, with optional fields set and not.
        let batch: Vec<Box<AuditEvent>> = (0..75)
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
        insert_batch(&mut connection, &batch).unwrap();
        let read = read_events(&path, &AuditQuery::default()).unwrap();
        assert_eq!(read.len(), 75);
        for (i, event) in read.iter().enumerate() {
            assert_eq!(event, batch[i].as_ref(), "event {i}");
        }
    }
}
