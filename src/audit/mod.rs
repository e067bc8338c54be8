//! The audit trail: one durable record per key-service call made through a front end (XKS, and
//! later KMIP and Azure EKM), readable with `hsmgate audit`.
//!
//! # Why a separate database and a background writer
//!
//! Events go to their own SQLite file, `audit.db` next to the metadata store (WAL journal,
//! `synchronous=FULL`), not to a table of the metadata store: the store's single connection sits
//! behind a mutex on every key-service call, and audit writes (one per call) would queue there.
//! With a file of its own, the audit writer never holds a lock the hot path needs, and the trail
//! can be kept, rotated or shipped on its own.
//!
//! [`AuditLog::record`] never blocks and never does I/O: it puts the event on a bounded channel
//! ([`QUEUE_CAPACITY`]) and returns. One writer thread drains the channel and commits whatever is
//! queued over a few milliseconds in one transaction (up to 2048 events), so a burst costs one
//! fsync, not one per event, and the writer is woken once per batch, not once per event.
//! When the channel is full (the disk cannot keep up), the event is dropped and counted, and a
//! warning with the running count is logged (at most once a second): a busy gateway is slowed by
//! nothing, and no event is lost silently. [`AuditLog::dropped`] reads the count.

pub mod cli;
mod ekm_event;
mod event;
mod kmip_event;
mod query;
mod time_marks;
mod writer;
mod xks_event;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};
use std::sync::Arc;

pub use cli::AuditArgs;
pub use ekm_event::{EkmDetails, EkmEvent};
pub use event::{format_ms, parse_rfc3339, AuditEvent, FrontEnd};
pub use kmip_event::KmipEvent;
pub use query::{read_events, AuditQuery};
pub use xks_event::{write_request_metadata, XksEvent, XKS_METADATA_FIELDS};

use writer::{Command, Row};

/// Events that may wait for the writer; past that, events are dropped and counted.
pub const QUEUE_CAPACITY: usize = 8192;

/// The audit database's file name, in the metadata store's folder.
pub const AUDIT_FILE: &str = "audit.db";

/// Where the audit database of a metadata store at `store_path` lives.
pub fn audit_path(store_path: &Path) -> PathBuf {
    store_path.with_file_name(AUDIT_FILE)
}

/// Why the audit trail could not be opened or read.
#[derive(Debug)]
#[non_exhaustive]
pub enum AuditError {
    /// The database failed (I/O, corruption, missing file).
    Database(String),
    /// The writer thread could not be started or has stopped.
    Writer(String),
}

impl std::fmt::Display for AuditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuditError::Database(e) => write!(f, "audit log: {e}"),
            AuditError::Writer(e) => write!(f, "audit writer: {e}"),
        }
    }
}

impl std::error::Error for AuditError {}

struct Shared {
    commands: SyncSender<Command>,
    dropped: AtomicU64,
    /// Unix seconds of the last dropped-events warning.
    last_warning: AtomicI64,
}

/// The handle front ends record events through. Cheap to clone; all clones feed one writer.
/// [`AuditLog::disabled`] records nothing (tools and tests that do not need a trail).
#[derive(Clone)]
pub struct AuditLog {
    shared: Option<Arc<Shared>>,
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditLog")
            .field("enabled", &self.shared.is_some())
            .field("dropped", &self.dropped())
            .finish()
    }
}

impl Default for AuditLog {
    fn default() -> Self {
        AuditLog::disabled()
    }
}

impl AuditLog {
    /// A log that records nothing.
    pub fn disabled() -> Self {
        AuditLog { shared: None }
    }

    /// Opens (creating when needed) the database at `path` and starts its writer thread.
    pub fn open(path: &Path) -> Result<Self, AuditError> {
        Self::open_with_capacity(path, QUEUE_CAPACITY)
    }

    /// [`AuditLog::open`] with another queue bound (tests make it tiny).
    pub fn open_with_capacity(path: &Path, capacity: usize) -> Result<Self, AuditError> {
        let connection = writer::open(path)?;
        let (commands, receiver) = sync_channel(capacity.max(1));
        std::thread::Builder::new()
            .name("hsmgate-audit".into())
            .spawn(move || writer::run(connection, receiver))
            .map_err(|e| AuditError::Writer(e.to_string()))?;
        Ok(AuditLog {
            shared: Some(Arc::new(Shared {
                commands,
                dropped: AtomicU64::new(0),
                last_warning: AtomicI64::new(0),
            })),
        })
    }

    /// Queues an event for the writer; never blocks. A full queue drops the event (counted and
    /// warned about, see the module docs).
    pub fn record(&self, event: AuditEvent) {
        if self.shared.is_some() {
            self.queue(Row::Event(Box::new(event)));
        }
    }

    /// [`AuditLog::record`] for a KMIP batch item's event, which the writer stores as it would
    /// the equivalent [`AuditEvent`] (see [`KmipEvent`]).
    pub fn record_kmip(&self, event: KmipEvent) {
        if self.shared.is_some() {
            self.queue(Row::Kmip(Box::new(event)));
        }
    }

    /// [`AuditLog::record`] for an XKS call's event, which the writer stores as it would the
    /// equivalent [`AuditEvent`] (see [`XksEvent`]).
    pub fn record_xks(&self, event: XksEvent) {
        if self.shared.is_some() {
            self.queue(Row::Xks(Box::new(event)));
        }
    }

    /// [`AuditLog::record`] for an EKM call's event, which the writer stores as it would the
    /// equivalent [`AuditEvent`] (see [`EkmEvent`]).
    pub fn record_ekm(&self, event: EkmEvent) {
        if self.shared.is_some() {
            self.queue(Row::Ekm(Box::new(event)));
        }
    }

    fn queue(&self, row: Row) {
        let Some(shared) = &self.shared else {
            return;
        };
        match shared.commands.try_send(Command::Record(row)) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => {
                let dropped = shared.dropped.fetch_add(1, Ordering::Relaxed) + 1;
                let now = event::now_ms() / 1000;
                let last = shared.last_warning.load(Ordering::Relaxed);
                if now > last
                    && shared
                        .last_warning
                        .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                        .is_ok()
                {
                    tracing::warn!(
                        dropped_total = dropped,
                        "audit: the writer cannot keep up; events are being dropped"
                    );
                }
            }
        }
    }

    /// Events dropped so far because the queue was full (or the writer had stopped).
    pub fn dropped(&self) -> u64 {
        self.shared
            .as_ref()
            .map_or(0, |s| s.dropped.load(Ordering::Relaxed))
    }

    /// Waits (blocking) until every event recorded before this call is committed. For shutdown
    /// and tests; never call it on an async worker thread.
    pub fn flush(&self) -> Result<(), AuditError> {
        let Some(shared) = &self.shared else {
            return Ok(());
        };
        let (answer, done) = sync_channel(1);
        shared
            .commands
            .send(Command::Flush(answer))
            .map_err(|_| AuditError::Writer("the writer has stopped".into()))?;
        done.recv()
            .map_err(|_| AuditError::Writer("the writer has stopped".into()))
    }

    /// [`AuditLog::flush`] from async code (on a blocking thread).
    pub async fn flush_async(&self) -> Result<(), AuditError> {
        let log = self.clone();
        tokio::task::spawn_blocking(move || log.flush())
            .await
            .map_err(|e| AuditError::Writer(e.to_string()))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_events_are_read_back_filtered() {
        let dir = tempfile::tempdir().unwrap();
        let path = audit_path(&dir.path().join("data/hsmgate.sqlite"));
        assert!(path.ends_with("data/audit.db"));
        let log = AuditLog::open(&path).unwrap();
        for i in 0..5 {
            let mut event = AuditEvent::new(FrontEnd::Xks, "AKIA1", "Encrypt")
                .key_name(format!("k{}", i % 2))
                .detail("kmsRequestId", format!("r-{i}"));
            event.unix_ms = 1_000 * i;
            log.record(event);
        }
        log.flush().unwrap();
        let all = read_events(&path, &AuditQuery::default()).unwrap();
        assert_eq!(all.len(), 5);
        assert_eq!(all[0].details["kmsRequestId"], "r-0");
        let k1 = AuditQuery {
            key: Some("k1".into()),
            ..AuditQuery::default()
        };
        assert_eq!(read_events(&path, &k1).unwrap().len(), 2);
        let recent = AuditQuery {
            since_ms: Some(2_000),
            limit: Some(2),
            ..AuditQuery::default()
        };
        let got: Vec<i64> = read_events(&path, &recent)
            .unwrap()
            .iter()
            .map(|e| e.unix_ms)
            .collect();
        assert_eq!(got, vec![3_000, 4_000]);
        assert_eq!(log.dropped(), 0);
    }

    #[test]
    fn a_full_queue_drops_and_counts_instead_of_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(AUDIT_FILE);
        let log = AuditLog::open_with_capacity(&path, 1).unwrap();
        // Another connection holds the write lock, so the writer stalls on its first batch and
        // the one-slot queue fills.
        let blocker = rusqlite::Connection::open(&path).unwrap();
        blocker.execute_batch("BEGIN EXCLUSIVE").unwrap();
        const TOTAL: u64 = 2_000;
        for i in 0..TOTAL {
            log.record(AuditEvent::new(FrontEnd::Kmip, "CN=a", format!("op{i}")));
        }
        blocker.execute_batch("COMMIT").unwrap();
        log.flush().unwrap();
        let written = read_events(&path, &AuditQuery::default()).unwrap().len() as u64;
        // The writer holds at most one batch and the queue one event: most were dropped, and
        // every event is either written or counted.
        assert!(log.dropped() > 0);
        assert_eq!(written + log.dropped(), TOTAL);
    }

    #[test]
    fn a_disabled_log_records_nothing_and_flushes() {
        let log = AuditLog::disabled();
        log.record(AuditEvent::new(FrontEnd::Kmip, "CN=a", "Get"));
        log.flush().unwrap();
        assert_eq!(log.dropped(), 0);
    }

    #[test]
    fn a_missing_database_is_an_error_not_an_empty_trail() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("audit.db");
        assert!(read_events(&missing, &AuditQuery::default()).is_err());
    }
}
