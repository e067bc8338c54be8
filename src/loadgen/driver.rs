//! Runs the connections of a load: each one's loop (closed, or at a fixed rate with latency
//! counted from the intended send time) starts at a common start line; their counts and
//! histograms are summed. A live progress line goes to standard error.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use tokio::sync::Barrier;

use super::client::CallError;
use super::stats::Stats;

/// One request and its answer on one connection, as a loop repeats it.
pub trait Exchange: Send + 'static {
    fn exchange(&mut self) -> impl Future<Output = Result<(), CallError>> + Send;
}

/// Starts every loop at once, shows progress for `total`, and sums the results.
pub async fn drive(
    loops: Vec<BoxFuture<'static, (u64, Stats)>>,
    total: Duration,
) -> Result<(u64, Stats), String> {
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
    Ok((ops, stats))
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
