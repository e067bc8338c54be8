//! Runs the connections of a load: each one's loop (closed, or at a fixed rate with latency
//! counted from the intended send time) starts at a common start line; their counts and
//! histograms are summed. A live progress line goes to standard error.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use tokio::sync::Barrier;

use super::client::CallError;
use super::cpu::{micros_per_op, CpuWindow};
use super::stats::{Report, Stats};

/// One request and its answer on one connection, as a loop repeats it.
pub trait Exchange: Send + 'static {
    fn exchange(&mut self) -> impl Future<Output = Result<(), CallError>> + Send;
}

/// What the loops of a run measured together.
pub struct Driven {
    pub ops: u64,
    pub stats: Stats,
    /// CPU time per operation of this process and of the server (`server_pid`), in µs.
    pub cpu_us: Option<f64>,
    pub server_cpu_us: Option<f64>,
}

impl Driven {
    pub fn report(self, label: String, elapsed: Duration) -> Report {
        Report {
            label,
            ops: self.ops,
            elapsed,
            stats: self.stats,
            cpu_us: self.cpu_us,
            server_cpu_us: self.server_cpu_us,
            server_busy_cores: None,
        }
    }
}

/// Starts every loop at once, shows progress, and sums the results; the CPU time of this
/// process and of `server_pid` is sampled over the same measuring window as the loops'.
pub async fn drive(
    loops: Vec<BoxFuture<'static, (u64, Stats)>>,
    warmup: Duration,
    duration: Duration,
    server_pid: Option<u32>,
) -> Result<Driven, String> {
    let total = warmup + duration;
    let start_line = Arc::new(Barrier::new(loops.len() + 1));
    let handles: Vec<_> = loops
        .into_iter()
        .map(|run| {
            let start_line = start_line.clone();
            tokio::spawn(async move {
                start_line.wait().await;
                run.await
            })
        })
        .collect();
    start_line.wait().await;
    let own_cpu = CpuWindow::start(std::process::id(), warmup, duration);
    let server_cpu = server_pid.map(|pid| CpuWindow::start(pid, warmup, duration));
    let progress = tokio::spawn(progress(total));
    let mut stats = Stats::new();
    let mut ops = 0;
    for handle in handles {
        let (count, one) = handle.await.map_err(|e| format!("worker: {e}"))?;
        ops += count;
        stats.merge(one);
    }
    progress.abort();
    eprintln!();
    let per_op = |window: CpuWindow| window.used().and_then(|used| micros_per_op(used, ops));
    Ok(Driven {
        ops,
        stats,
        cpu_us: per_op(own_cpu),
        server_cpu_us: server_cpu.and_then(per_op),
    })
}

/// When a connection's loop measures: after the warm-up, for the duration.
#[derive(Clone, Copy)]
pub struct Window {
    pub began: Instant,
    pub measure_from: Instant,
    pub end: Instant,
}

impl Window {
    pub fn starting_now(warmup: Duration, duration: Duration) -> Self {
        let began = Instant::now();
        Window {
            began,
            measure_from: began + warmup,
            end: began + warmup + duration,
        }
    }

    /// Whether a request sent at `sent` and answered at `done` counts.
    pub fn counts(&self, sent: Instant, done: Instant) -> bool {
        sent >= self.measure_from && done <= self.end
    }
}

/// One connection's loop. Returns the operations completed while measuring and their stats.
pub async fn worker<E: Exchange>(
    mut exchange: E,
    warmup: Duration,
    duration: Duration,
    interval: Option<Duration>,
) -> (u64, Stats) {
    let window = Window::starting_now(warmup, duration);
    let mut stats = Stats::new();
    let mut ops = 0;
    let mut intended = window.began;
    loop {
        let now = Instant::now();
        if now >= window.end {
            break;
        }
        let send_at = match interval {
            Some(interval) => {
                intended += interval;
                if intended > now {
                    tokio::time::sleep_until(intended.into()).await;
                }
                intended
            }
            None => now,
        };
        let result = exchange.exchange().await;
        let done = Instant::now();
        if !window.counts(send_at, done) {
            continue;
        }
        match result {
            Ok(_) => {
                ops += 1;
                stats.record(done - send_at);
            }
            Err(e) => {
                stats.error(e.kind());
                if matches!(e, CallError::Io(_) | CallError::Closed) {
                    break;
                }
            }
        }
    }
    (ops, stats)
}

/// A live progress line on standard error.
async fn progress(total: Duration) {
    let began = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let elapsed = began.elapsed();
        eprint!(
            "\rbench: {:>5.1}s / {:.1}s",
            elapsed.as_secs_f64(),
            total.as_secs_f64()
        );
        if elapsed >= total {
            break;
        }
    }
}
