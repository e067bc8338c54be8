//! The bundled load generator against a live gateway: every operation it offers runs without
//! errors for a short, bounded time on loopback, in closed loop and at a fixed rate.

mod common;

use common::start_server;
use hsmgate::loadgen::{run, BenchArgs, KmipOp};
use hsmgate_kmip::message::ProtocolVersion;

fn args(server: &common::TestServer, op: KmipOp, rate: Option<f64>) -> BenchArgs {
    BenchArgs {
        server: server.addr,
        server_name: "localhost".into(),
        ca: server.pki.join("ca.pem"),
        cert: server.pki.join("client.pem"),
        key: server.pki.join("client.key"),
        op,
        connections: 2,
        duration: 0.5,
        warmup: 0.1,
        rate,
        payload: 32,
        kmip_version: ProtocolVersion::V2_1,
        json: true,
        raw: None,
        raw_threads: 1,
        raw_session_key: false,
        pipeline: 1,
        xks_env: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_runs_without_errors() {
    let server = start_server().await;
    for op in [
        KmipOp::Encrypt,
        KmipOp::Decrypt,
        KmipOp::Get,
        KmipOp::GetWrapped,
        KmipOp::Create,
        KmipOp::Locate,
    ] {
        let report = run(&args(&server, op, None)).await.unwrap();
        assert!(report.ops > 0, "{op:?}: no operation completed");
        assert!(
            report.stats.errors.is_empty(),
            "{op:?}: {:?}",
            report.stats.errors
        );
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
        let report = run(&bench).await.unwrap();
        assert!(report.ops > 0, "{op:?}: no operation completed");
        assert!(
            report.stats.errors.is_empty(),
            "{op:?}: {:?}",
            report.stats.errors
        );
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
async fn the_raw_baseline_runs_every_operation_on_the_same_token() {
    let server = start_server().await;
    for op in [
        KmipOp::Encrypt,
        KmipOp::Decrypt,
        KmipOp::Get,
        KmipOp::GetWrapped,
        KmipOp::Create,
        KmipOp::Locate,
    ] {
        let mut bench = args(&server, op, None);
        bench.raw = Some(server.config_file.clone());
        bench.duration = 0.3;
        let raw = hsmgate::loadgen::run_raw(&bench).await.unwrap();
        assert!(raw.ops > 0, "{op:?}: the raw baseline did nothing");
        assert!(
            raw.stats.errors.is_empty(),
            "{op:?}: {:?}",
            raw.stats.errors
        );
        assert!(raw.label.contains("token key"), "{}", raw.label);
    }
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
