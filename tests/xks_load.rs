//! The load generator's XKS mode against a live gateway: SigV4-signed encrypt, decrypt and
//! health calls over HTTPS, closed loop and at a fixed rate, without errors; and a wrong secret
//! shows up as the API's error, counted by name.

mod common;
mod key_helpers;
mod xks_support;

use common::{assert_ran_cleanly, bench_args};
use hsmgate::loadgen::{run, BenchArgs, KmipOp};
use xks_support::*;

/// An `xks.env` for the test key store's first credential and `key`.
fn env_file(server: &XksServer, key: &str, secret: &str) -> std::path::PathBuf {
    let path = server.pki.join(format!("xks-{key}.env"));
    let text = format!(
        "# test\nXKS_URI_PREFIX={PREFIX}\nSIGV4_ACCESS_KEY_ID={}\nSIGV4_SECRET_ACCESS_KEY={secret}\nKEY_ID={key}\nREGION={REGION}\n",
        CREDENTIALS[0].0
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn args(server: &XksServer, op: KmipOp, env: std::path::PathBuf) -> BenchArgs {
    BenchArgs {
        xks_env: Some(env),
        ..bench_args(server.https, &server.pki, op)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xks_calls_run_without_errors_closed_loop_and_at_a_rate() {
    let server = start_xks_server().await;
    named_key(&mut server.kmip_admin().await, ALLOWED_KEYS[0]).await;
    let env = env_file(&server, ALLOWED_KEYS[0], CREDENTIALS[0].1);
    for op in [KmipOp::XksEncrypt, KmipOp::XksDecrypt, KmipOp::XksHealth] {
        let report = run(&args(&server, op, env.clone())).await.unwrap();
        assert_ran_cleanly(op, &report);
    }
    let mut at_rate = args(&server, KmipOp::XksEncrypt, env);
    at_rate.rate = Some(40.0);
    let report = run(&at_rate).await.unwrap();
    assert!(report.ops > 0 && report.ops <= 24, "{} calls", report.ops);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_fails_setup_with_the_apis_error() {
    let server = start_xks_server().await;
    named_key(&mut server.kmip_admin().await, ALLOWED_KEYS[0]).await;
    let env = env_file(&server, ALLOWED_KEYS[0], "not-the-secret");
    let Err(error) = run(&args(&server, KmipOp::XksDecrypt, env)).await else {
        panic!("a wrong secret was accepted");
    };
    assert!(error.contains("AuthenticationFailedException"), "{error}");
}
