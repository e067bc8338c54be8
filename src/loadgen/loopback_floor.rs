//! `hsmgate bench --op loopback-floor`: what one request/answer round trip over loopback TCP
//! costs this machine when nothing else is done — no TLS, no parsing, no HSM: an echo server
//! thread and a client thread with N connections, each keeping one message in flight, both on
//! plain non-blocking sockets and epoll (mio). Every gateway, however lean, pays at least this
//! per request on top of the HSM's work when its clients share its cores, so the CPU time of a
//! round trip here against the CPU time of one raw HSM operation bounds the ratio a closed-loop
//! run (one request in flight per connection) can reach on this machine.
//!
//! mio rather than tokio: the floor should be the kernel's cost, not an async runtime's.

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::time::{Duration, Instant};

use mio::net::TcpStream;
use mio::{Events, Interest, Poll, Token};

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
/// messages.
pub fn run(
    connections: usize,
    payload: usize,
    warmup: Duration,
    duration: Duration,
) -> Result<Floor, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("echo server: {e}"))?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("echo server: {e}"))?;
    let (tid_sender, tid) = std::sync::mpsc::channel();
    let server = std::thread::spawn(move || {
        let _ = tid_sender.send(super::cpu::current_thread_id());
        echo_server(listener, connections)
    });
    let server_tid = tid.recv().ok().flatten();
    // On a client error the server thread may still wait in accept; it is left to end with the
    // process rather than joined.
    let floor = drive(
        address,
        (connections, payload.max(1)),
        (warmup, duration),
        server_tid,
    )?;
    server
        .join()
        .map_err(|_| "the echo server thread panicked".to_owned())??;
    Ok(floor)
}

fn io(what: &'static str) -> impl Fn(std::io::Error) -> String {
    move |e| format!("loopback floor, {what}: {e}")
}

/// Accepts `connections` connections, then echoes what each sends until all have closed.
fn echo_server(listener: TcpListener, connections: usize) -> Result<(), String> {
    let mut poll = Poll::new().map_err(io("poll"))?;
    let mut streams = HashMap::with_capacity(connections);
    for n in 0..connections {
        let (stream, _) = listener.accept().map_err(io("accept"))?;
        streams.insert(n, polled(stream, &poll, n)?);
    }
    let mut events = Events::with_capacity(1024);
    let mut buffer = vec![0u8; 64 * 1024];
    while !streams.is_empty() {
        poll.poll(&mut events, None).map_err(io("poll"))?;
        for event in &events {
            let Some(stream) = streams.get_mut(&event.token().0) else {
                continue;
            };
            // Readiness is edge-triggered: read until the socket is empty.
            loop {
                match stream.read(&mut buffer) {
                    // The client closes with an echo still unread: a reset, not an error.
                    Ok(0) => {
                        streams.remove(&event.token().0);
                        break;
                    }
                    Err(e) if e.kind() == ErrorKind::ConnectionReset => {
                        streams.remove(&event.token().0);
                        break;
                    }
                    Ok(n) => write_whole(stream, &buffer[..n])?,
                    Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) => return Err(io("echo read")(e)),
                }
            }
        }
    }
    Ok(())
}

/// A connected socket made non-blocking, without Nagle's delay, and watched by `poll` as `n`.
fn polled(stream: std::net::TcpStream, poll: &Poll, n: usize) -> Result<TcpStream, String> {
    stream.set_nodelay(true).map_err(io("nodelay"))?;
    stream.set_nonblocking(true).map_err(io("nonblocking"))?;
    let mut stream = TcpStream::from_std(stream);
    poll.registry()
        .register(&mut stream, Token(n), Interest::READABLE)
        .map_err(io("register"))?;
    Ok(stream)
}

/// One small message on a socket with an empty send buffer goes out whole; anything else is
/// reported rather than worked around, since the floor must not measure a retry path.
fn write_whole(stream: &mut TcpStream, bytes: &[u8]) -> Result<(), String> {
    match stream.write(bytes) {
        Ok(n) if n == bytes.len() => Ok(()),
        Ok(n) => Err(format!(
            "loopback floor: short write ({n} of {})",
            bytes.len()
        )),
        Err(e) => Err(io("write")(e)),
    }
}

/// One client connection: the message in flight, when it was sent and how much has come back.
struct Exchange {
    stream: TcpStream,
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
    address: SocketAddr,
    (connections, payload): (usize, usize),
    (warmup, duration): (Duration, Duration),
    server_tid: Option<u32>,
) -> Result<Floor, String> {
    let mut poll = Poll::new().map_err(io("poll"))?;
    let message = vec![0x5a; payload];
    let mut exchanges = Vec::with_capacity(connections);
    for n in 0..connections {
        let stream = std::net::TcpStream::connect(address).map_err(io("connect"))?;
        let stream = polled(stream, &poll, n)?;
        exchanges.push(Exchange {
            stream,
            sent: Instant::now(),
            received: 0,
        });
    }
    let began = Instant::now();
    let measure_from = began + warmup;
    let end = measure_from + duration;
    for exchange in &mut exchanges {
        exchange.sent = Instant::now();
        write_whole(&mut exchange.stream, &message)?;
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
                match exchange.stream.read(&mut buffer) {
                    Ok(0) => return Err("loopback floor: the echo server closed".into()),
                    Ok(n) => exchange.received += n,
                    Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) => return Err(io("read")(e)),
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
                write_whole(&mut exchange.stream, &message)?;
            }
        }
    }
    let ((cpu_from, server_from), (cpu_to, server_to)) =
        (cpu_from.unwrap_or_default(), cpu_now(pid, server_tid));
    Ok(Floor {
        report: Report {
            label: format!("loopback floor (tcp echo) x{connections}"),
            ops,
            elapsed: duration,
            stats,
            ..Report::default()
        },
        cpu: elapsed(cpu_from, cpu_to),
        server_cpu: elapsed(server_from, server_to),
    })
}
