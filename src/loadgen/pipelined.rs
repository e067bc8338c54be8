//! The closed loop with several requests in flight per connection (`--pipeline N`): N requests
//! are written back to back, and each answer read lets one more request go. Answers come in
//! request order, so each one's latency runs from its own request's send time. Requests freed by
//! answers that arrived together are written together, as a pipelining client would.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use bytes::Bytes;

use super::client::{CallError, KmipConnection};
use super::driver::Window;
use super::stats::Stats;

/// One connection's pipelined loop. Returns the operations answered while measuring and their
/// stats.
pub async fn worker(
    mut conn: KmipConnection,
    request: Bytes,
    depth: usize,
    warmup: Duration,
    duration: Duration,
) -> (u64, Stats) {
    let window = Window::starting_now(warmup, duration);
    let mut stats = Stats::new();
    let mut ops = 0;
    let mut sent_at: VecDeque<Instant> = VecDeque::with_capacity(depth);
    let mut outgoing = Vec::with_capacity(request.len() * depth);
    let mut freed = depth;
    loop {
        let now = Instant::now();
        if now < window.end && freed > 0 {
            outgoing.clear();
            for _ in 0..freed {
                outgoing.extend_from_slice(&request);
                sent_at.push_back(now);
            }
            if let Err(e) = conn.send(&outgoing).await {
                stats.error(e.kind());
                break;
            }
        }
        freed = 0;
        if sent_at.is_empty() {
            break;
        }
        let first = conn.receive_ok().await;
        let mut answers = vec![first];
        // Answers that arrived with the first one.
        while answers.len() < sent_at.len() {
            match conn.buffered_ok() {
                Some(answer) => answers.push(answer),
                None => break,
            }
        }
        let done = Instant::now();
        for answer in answers {
            let Some(sent) = sent_at.pop_front() else {
                break;
            };
            freed += 1;
            let counted = window.counts(sent, done);
            match answer {
                Ok(_) if counted => {
                    ops += 1;
                    stats.record(done - sent);
                }
                Ok(_) => {}
                Err(e) => {
                    let fatal = matches!(e, CallError::Io(_) | CallError::Closed);
                    if counted || fatal {
                        stats.error(e.kind());
                    }
                    if fatal {
                        return (ops, stats);
                    }
                }
            }
        }
    }
    (ops, stats)
}
