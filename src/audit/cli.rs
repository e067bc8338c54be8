//! `hsmgate audit`: prints the audit trail of a configuration's gateway as JSON lines.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{audit_path, parse_rfc3339, read_events, AuditQuery};
use crate::config::Config;

/// Arguments of `hsmgate audit`.
#[derive(clap::Args, Debug)]
pub struct AuditArgs {
    /// The gateway's configuration file (the trail is `audit.db` next to `store.path`).
    #[arg(long)]
    pub config: PathBuf,
    /// Only events at or after this time (RFC 3339, e.g. 2026-11-29T14:00:00Z).
    #[arg(long)]
    pub since: Option<String>,
    /// Only events about this key (its name, e.g. an XKS externalKeyId, or its Unique Identifier).
    #[arg(long)]
    pub key: Option<String>,
    /// At most this many events (the newest), still printed oldest first.
    #[arg(long)]
    pub limit: Option<u32>,
}

/// Runs the command: one JSON object per line on stdout, oldest first.
pub fn run(args: &AuditArgs) -> ExitCode {
    let config = match Config::load(&args.config) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("hsmgate audit: invalid configuration: {e}");
            return ExitCode::from(2);
        }
    };
    let since_ms = match args
        .since
        .as_deref()
        .map(|text| (text, parse_rfc3339(text)))
    {
        None => None,
        Some((_, Some(ms))) => Some(ms),
        Some((text, None)) => {
            eprintln!("hsmgate audit: --since {text}: not an RFC 3339 time");
            return ExitCode::from(2);
        }
    };
    let query = AuditQuery {
        since_ms,
        key: args.key.clone(),
        limit: args.limit,
    };
    let events = match read_events(&audit_path(&config.store.path), &query) {
        Ok(events) => events,
        Err(e) => {
            eprintln!("hsmgate audit: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    for event in events {
        if writeln!(out, "{}", event.to_json()).is_err() {
            // stdout closed (e.g. piped into `head`): stop quietly.
            return ExitCode::SUCCESS;
        }
    }
    ExitCode::SUCCESS
}
