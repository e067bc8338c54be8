//! The audit trail's cost on the request path and its writer's throughput, in one run:
//!
//! * `record_1000`: building 1,000 XKS-like events and queueing each with `AuditLog::record`
//!   (the queue is drained, untimed, between samples so that no event is dropped), against
//!   `build_1000` (the same events built and dropped) as the baseline: the difference is what a
//!   request pays for the trail.
//! * `commit_1000`: 1,000 events recorded, then `flush` (every one committed to `audit.db`,
//!   WAL, synchronous=FULL) — the writer's sustained throughput.
//!
//! Run: `cargo bench -p hsmgate --bench audit -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use hsmgate::audit::{AuditEvent, AuditLog, FrontEnd};

fn event(i: u64) -> AuditEvent {
    AuditEvent::new(FrontEnd::Xks, "AKIAIOSFODNN7EXAMPLE", "Encrypt")
        .key_name("payments-key")
        .key_uid("0f8fad5b-d9cb-469f-a165-70867728950e")
        .detail("uriPrefix", "/keystores/ks1")
        .detail(
            "requestMetadata",
            serde_json::json!({
                "awsPrincipalArn": "arn:aws:iam::123456789012:user/Alice",
                "kmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "kmsOperation": "Encrypt",
                "kmsRequestId": format!("request-{i}"),
                "kmsViaService": "ebs",
            }),
        )
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::open(&dir.path().join("audit.db")).unwrap();
    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("audit");
    let mut i = 0u64;
    group.bench_function("build_1000", |b| {
        b.iter(|| {
            for _ in 0..1000 {
                i += 1;
                black_box(event(i));
            }
        })
    });
    group.bench_function("record_1000", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let started = Instant::now();
                for _ in 0..1000 {
                    i += 1;
                    log.record(event(i));
                }
                total += started.elapsed();
                log.flush().unwrap();
            }
            total
        })
    });
    log.flush().unwrap();
    group.bench_function("commit_1000", |b| {
        b.iter(|| {
            for _ in 0..1000 {
                i += 1;
                log.record(event(i));
            }
            log.flush().unwrap();
        })
    });
    group.finish();
    criterion.final_summary();
    assert_eq!(log.dropped(), 0, "the queue overflowed during the bench");
}
