//! The bundled load generator against a live gateway: every operation it offers runs without
//! errors for a short, bounded time on loopback, in closed loop and at a fixed rate.

mod common;

use common::{assert_ran_cleanly, bench_args, start_server};
use hsmgate::loadgen::{ceiling, run, run_raw, BenchArgs, KmipOp};

/// The KMIP operations the load generator offers, each run by the tests below.
const KMIP_OPS: [KmipOp; 6] = [
    KmipOp::Encrypt,
    KmipOp::Decrypt,
    KmipOp::Get,
    KmipOp::GetWrapped,
    KmipOp::Create,
    KmipOp::Locate,
];

fn args(server: &common::TestServer, op: KmipOp, rate: Option<f64>) -> BenchArgs {
    BenchArgs {
        rate,
        ..bench_args(server.addr, &server.pki, op)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_runs_without_errors() {
    let server = start_server().await;
    for op in KMIP_OPS {
        let mut bench = args(&server, op, None);
        if op == KmipOp::Create {
            // Token objects are files: on a busy machine one creation can take most of 0.5 s.
            bench.duration = 2.0;
        }
        let report = run(&bench).await.unwrap();
        assert_ran_cleanly(op, &report);
        assert!(
            report.stats.latency_us.len() == report.ops,
            "{op:?}: one latency per operation"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelined_requests_are_each_answered_once() {
    let server = start_server().await;
    for op in [KmipOp::Encrypt, KmipOp::GetWrapped] {
        let mut bench = args(&server, op, None);
        bench.pipeline = 8;
        // Only answers that arrive inside the window count; leave room for a busy machine.
        bench.duration = 1.5;
        let report = run(&bench).await.unwrap();
        assert_ran_cleanly(op, &report);
        assert_eq!(report.stats.latency_us.len(), report.ops, "{op:?}");
    }
    let mut bench = args(&server, KmipOp::Encrypt, Some(10.0));
    bench.pipeline = 2;
    assert!(
        run(&bench).await.is_err(),
        "--pipeline with --rate is refused"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trials_keep_the_best_run_and_say_so() {
    let server = start_server().await;
    let mut bench = args(&server, KmipOp::Encrypt, None);
    bench.trials = 3;
    bench.duration = 0.3;
    let report = run(&bench).await.unwrap();
    assert_ran_cleanly(KmipOp::Encrypt, &report);
    let rates: Vec<f64> = report
        .label
        .split_once("best of 3: ")
        .map(|(_, rates)| rates.trim_end_matches(" ops/s").split(", "))
        .expect("the label lists the three runs")
        .map(|rate| rate.parse().unwrap())
        .collect();
    assert_eq!(rates.len(), 3, "{}", report.label);
    let best = rates.iter().cloned().fold(0.0, f64::max);
    assert!(
        (report.ops_per_sec() - best).abs() <= 1.0,
        "{} vs {best}",
        report.ops_per_sec()
    );
    let mut bench = args(&server, KmipOp::Encrypt, Some(10.0));
    bench.trials = 2;
    assert!(
        run(&bench).await.is_err(),
        "--trials with --rate is refused"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_raw_baseline_runs_every_operation_on_the_same_token() {
    let server = start_server().await;
    for op in KMIP_OPS {
        let mut bench = args(&server, op, None);
        bench.raw = Some(server.config_file.clone());
        // A token key's creation writes a file and takes the module's object lock: on a
        // machine busy with the other tests (the floors burn both cores), one can take longer
        // than a short window, and an operation counts only when it runs wholly inside it.
        bench.duration = if op == KmipOp::Create { 2.0 } else { 0.3 };
        let raw = hsmgate::loadgen::run_raw(&bench).await.unwrap();
        assert_ran_cleanly(op, &raw);
        assert!(raw.label.contains("token key"), "{}", raw.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_floors_report_cpu_per_request_and_bound_the_ratio() {
    let server = start_server().await;
    // The gateway runs in this process here, so its CPU time is this process's.
    let mut bench = args(&server, KmipOp::DiscoverVersions, None);
    bench.server_pid = Some(std::process::id());
    let report = run(&bench).await.unwrap();
    assert_ran_cleanly(KmipOp::DiscoverVersions, &report);
    for cpu in [report.cpu_us, report.server_cpu_us] {
        assert!(cpu.is_some_and(|us| us > 0.0), "{cpu:?}");
    }

    let mut floor = args(&server, KmipOp::LoopbackFloor, None);
    floor.raw = Some(server.config_file.clone());
    floor.duration = 0.3;
    floor.server_pid = Some(std::process::id());
    floor.raw_trials = 2;
    let raw = run_raw(&floor).await.unwrap();
    assert!(raw.label.contains("encrypt"), "{}", raw.label);
    assert!(raw.label.contains("best of 2"), "{}", raw.label);
    // The raw threads run in this process, so the "server" was busy with them meanwhile.
    assert!(raw.server_busy_cores.is_some_and(|cores| cores > 0.0));
    floor.raw = None;
    let echo = run(&floor).await.unwrap();
    assert_ran_cleanly(KmipOp::LoopbackFloor, &echo);
    assert_eq!(echo.stats.latency_us.len(), echo.ops);
    // The echo thread's share is part of the whole process's CPU time, and not all of it.
    let (whole, server_side) = (echo.cpu_us.unwrap(), echo.server_cpu_us.unwrap());
    assert!(
        server_side > 0.0 && server_side < whole,
        "{server_side} of {whole}"
    );
    let bound = ceiling(&raw, &echo).expect("both CPU times were read");
    assert!(bound > 0.0 && bound < 1.0, "{bound}");

    // The same echo over TLS 1.3.
    let mut tls_floor = args(&server, KmipOp::TlsFloor, None);
    tls_floor.duration = 0.3;
    let echo = run(&tls_floor).await.unwrap();
    assert_ran_cleanly(KmipOp::TlsFloor, &echo);
    assert!(echo.label.starts_with("tls floor"), "{}", echo.label);
    assert!(echo.server_cpu_us.is_some_and(|us| us > 0.0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_stay_open_and_answer_again() {
    let server = start_server().await;
    let mut bench = args(&server, KmipOp::Idle, None);
    bench.connections = 40;
    let report = run(&bench).await.unwrap();
    assert_eq!(report.ops, 40, "{:?}", report.stats.errors);
    assert!(report.stats.errors.is_empty(), "{:?}", report.stats.errors);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fixed_rate_is_not_exceeded() {
    let server = start_server().await;
    // 40 requests/s for 0.5 s: about 20 operations, never many more.
    let report = run(&args(&server, KmipOp::Encrypt, Some(40.0)))
        .await
        .unwrap();
    assert!(
        report.ops > 0 && report.ops <= 24,
        "{} operations",
        report.ops
    );
    assert!(report.stats.errors.is_empty(), "{:?}", report.stats.errors);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_server_is_a_clear_error() {
    let server = start_server().await;
    let mut bad = args(&server, KmipOp::Encrypt, None);
    bad.server = "127.0.0.1:1".parse().unwrap();
    let error = run(&bad).await.err().unwrap();
    assert!(error.contains("connecting to 127.0.0.1:1"), "{error}");
}
