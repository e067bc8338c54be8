//! `hsmgate bench --op loopback-floor`: what one request/answer round trip over loopback TCP
//! costs this machine when nothing else is done — no TLS, no parsing, no HSM: an echo server
//! thread and a client thread with N connections, each keeping one message in flight, both on
//! plain non-blocking sockets and epoll (mio). Every gateway, however lean, pays at least this
//! per request on top of the HSM's work when its clients share its cores, so the CPU time of a
//! round trip here against the CPU time of one raw HSM operation bounds the ratio a closed-loop
//! run (one request in flight per connection) can reach on this machine.
//!
//! `--op tls-floor` is the same over TLS 1.3 (floor_link.rs): the least a KMIP or XKS round
//! trip costs, since both are only spoken over TLS.
//!
//! mio rather than tokio: the floor should be the kernel's cost, not an async runtime's.

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener};
use std::time::{Duration, Instant};

use mio::{Events, Interest, Poll, Token};

use super::floor_link::{io, FloorTls, Link, Received};
use super::stats::{Report, Stats};

/// The measured round trips, with the CPU time the process (both threads) used meanwhile.
pub struct Floor {
    pub report: Report,
    pub cpu: Option<Duration>,
    /// The echo server thread's part of `cpu`: what a server pays for its side of a round trip
    /// at the least, whoever its client is.
    pub server_cpu: Option<Duration>,
}

/// Runs the echo for `warmup` + `duration` with `connections` connections of `payload`-byte
/// messages, over TLS when `tls` is given.
pub fn run(
    (connections, payload): (usize, usize),
    (warmup, duration): (Duration, Duration),
    tls: Option<FloorTls>,
) -> Result<Floor, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("echo server: {e}"))?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("echo server: {e}"))?;
    let (tid_sender, tid) = std::sync::mpsc::channel();
    let server_tls = tls.clone();
    let server = std::thread::spawn(move || {
        let _ = tid_sender.send(super::cpu::current_thread_id());
        echo_server(listener, connections, server_tls.as_ref())
    });
    let server_tid = tid.recv().ok().flatten();
    // On a client error the server thread may still wait in accept; it is left to end with the
    // process rather than joined.
    let floor = drive(
        (address, tls.as_ref()),
        (connections, payload.max(1)),
        (warmup, duration),
        server_tid,
    )?;
    server
        .join()
        .map_err(|_| "the echo server thread panicked".to_owned())??;
    Ok(floor)
}

/// Accepts `connections` connections, then echoes what each sends until all have closed.
fn echo_server(
    listener: TcpListener,
    connections: usize,
    tls: Option<&FloorTls>,
) -> Result<(), String> {
    let mut poll = Poll::new().map_err(io("poll"))?;
    let mut links = HashMap::with_capacity(connections);
    for n in 0..connections {
        let (stream, _) = listener.accept().map_err(io("accept"))?;
        links.insert(n, polled(Link::accepted(stream, tls)?, &poll, n)?);
    }
    let mut events = Events::with_capacity(1024);
    let mut buffer = vec![0u8; 64 * 1024];
    while !links.is_empty() {
        poll.poll(&mut events, None).map_err(io("poll"))?;
        for event in &events {
            let Some(link) = links.get_mut(&event.token().0) else {
                continue;
            };
            // Readiness is edge-triggered: read until the socket is empty.
            loop {
                match link.read(&mut buffer)? {
                    Received::Data(n) => link.send(&buffer[..n])?,
                    Received::Empty => break,
                    // The client closes with an echo still unread.
                    Received::Closed => {
                        links.remove(&event.token().0);
                        break;
                    }
                }
            }
        }
    }
    Ok(())
}

/// A connection watched by `poll` as `n`.
fn polled(mut link: Link, poll: &Poll, n: usize) -> Result<Link, String> {
    poll.registry()
        .register(link.socket(), Token(n), Interest::READABLE)
        .map_err(io("register"))?;
    Ok(link)
}

/// One client connection: the message in flight, when it was sent and how much has come back.
struct Exchange {
    link: Link,
    sent: Instant,
    received: usize,
}

/// CPU time of the process and of the echo server thread (`server_tid`) so far.
fn cpu_now(pid: u32, server_tid: Option<u32>) -> (Option<Duration>, Option<Duration>) {
    let server = server_tid.and_then(|tid| super::cpu::thread_cpu(pid, tid));
    (super::cpu::process_cpu(pid), server)
}

fn elapsed(from: Option<Duration>, to: Option<Duration>) -> Option<Duration> {
    to?.checked_sub(from?)
}

fn drive(
    (address, tls): (SocketAddr, Option<&FloorTls>),
    (connections, payload): (usize, usize),
    (warmup, duration): (Duration, Duration),
    server_tid: Option<u32>,
) -> Result<Floor, String> {
    let mut poll = Poll::new().map_err(io("poll"))?;
    let message = vec![0x5a; payload];
    let mut exchanges = Vec::with_capacity(connections);
    for n in 0..connections {
        let stream = std::net::TcpStream::connect(address).map_err(io("connect"))?;
        let link = polled(Link::connected(stream, tls)?, &poll, n)?;
        exchanges.push(Exchange {
            link,
            sent: Instant::now(),
            received: 0,
        });
    }
    let began = Instant::now();
    let measure_from = began + warmup;
    let end = measure_from + duration;
    for exchange in &mut exchanges {
        exchange.sent = Instant::now();
        exchange.link.send(&message)?;
    }
    let pid = std::process::id();
    let mut cpu_from = None;
    let mut stats = Stats::new();
    let mut ops = 0u64;
    let mut events = Events::with_capacity(1024);
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let now = Instant::now();
        if now >= end {
            break;
        }
        if cpu_from.is_none() && now >= measure_from {
            cpu_from = Some(cpu_now(pid, server_tid));
        }
        poll.poll(&mut events, Some(end - now))
            .map_err(io("poll"))?;
        for event in &events {
            let Some(exchange) = exchanges.get_mut(event.token().0) else {
                continue;
            };
            loop {
                match exchange.link.read(&mut buffer)? {
                    Received::Data(n) => exchange.received += n,
                    Received::Empty => break,
                    Received::Closed => return Err("loopback floor: the echo server closed".into()),
                }
            }
            if exchange.received >= payload {
                let done = Instant::now();
                if exchange.sent >= measure_from && done <= end {
                    ops += 1;
                    stats.record(done - exchange.sent);
                }
                exchange.received = 0;
                exchange.sent = done;
                exchange.link.send(&message)?;
            }
        }
    }
    let ((cpu_from, server_from), (cpu_to, server_to)) =
        (cpu_from.unwrap_or_default(), cpu_now(pid, server_tid));
    Ok(Floor {
        report: Report {
            label: match tls {
                Some(_) => format!("tls floor (tls 1.3 echo) x{connections}"),
                None => format!("loopback floor (tcp echo) x{connections}"),
            },
            ops,
            elapsed: duration,
            stats,
            ..Report::default()
        },
        cpu: elapsed(cpu_from, cpu_to),
        server_cpu: elapsed(server_from, server_to),
    })
}
