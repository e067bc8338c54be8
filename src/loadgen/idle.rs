//! `--op idle`: what idle connections cost the server. Opens `--connections` mutual-TLS
//! connections, has each answer one Discover Versions, holds them all open and silent for
//! `--duration` seconds, then has each answer again. Measure the server's resident memory (e.g.
//! `ps -o rss= -p PID`) while they are held; the report counts the connections that answered
//! both times and times the second round.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hsmgate_kmip::message::ProtocolVersion;
use hsmgate_kmip::spec::enums::Operation;
use hsmgate_kmip::ttlv::{Item, Tag};

use super::client::KmipConnection;
use super::stats::{Report, Stats};
use super::workload::message;

/// Opens, checks, holds and re-checks `count` connections.
pub async fn run(
    addr: SocketAddr,
    server_name: &str,
    tls: Arc<rustls::ClientConfig>,
    version: ProtocolVersion,
    count: usize,
    hold: Duration,
) -> Result<Report, String> {
    let request = message(
        version,
        Operation::DISCOVER_VERSIONS,
        Item::structure(Tag::REQUEST_PAYLOAD, Vec::new()),
    );
    let mut stats = Stats::new();
    let mut open = Vec::with_capacity(count);
    for _ in 0..count {
        let answered = match KmipConnection::connect(addr, server_name, tls.clone()).await {
            Ok(mut conn) => conn.call(&request).await.map(|_| conn),
            Err(e) => Err(e),
        };
        match answered {
            Ok(conn) => open.push(conn),
            Err(e) => stats.error(format!("open: {}", e.kind())),
        }
    }
    eprintln!(
        "bench: {} of {count} connections open and idle for {:.0} s",
        open.len(),
        hold.as_secs_f64()
    );
    tokio::time::sleep(hold).await;
    let mut ops = 0;
    for conn in &mut open {
        let sent = Instant::now();
        match conn.call(&request).await {
            Ok(_) => {
                ops += 1;
                stats.record(sent.elapsed());
            }
            Err(e) => stats.error(format!("after idling: {}", e.kind())),
        }
    }
    Ok(Report {
        label: format!("kmip idle x{count}"),
        ops,
        elapsed: hold,
        stats,
        ..Report::default()
    })
}
