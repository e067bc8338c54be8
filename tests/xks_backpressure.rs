//! Back-pressure: when every HSM session is busy, XKS calls are refused with
//! ThrottlingException (429) or DependencyTimeoutException (503), never a 500, and they succeed
//! again once a session is free. The contention is made certain, not hoped for: the test holds
//! the pool's only session while the calls run.

mod common;
mod key_helpers;
mod xks_support;

use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde_json::json;
use xks_support::*;

fn encrypt_body(i: u8) -> serde_json::Value {
    json!({
        "requestMetadata": metadata(),
        "plaintext": STANDARD.encode([i; 40]),
        "encryptionAlgorithm": "AES_GCM",
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_pool_is_429_or_503_never_500() {
    let server = Arc::new(
        start_xks_server_with(|config| {
            config.hsms[0].pool_size = 1;
            config.hsms[0].checkout_timeout_ms = 100;
        })
        .await,
    );
    let mut kmip = server.kmip_admin().await;
    named_key(&mut kmip, "xks-key-1").await;
    let sealed = post(&server, "keys/xks-key-1/encrypt", &encrypt_body(0)).await;
    assert_eq!(sealed.status, 200, "{:?}", sealed.json);
    let mut decrypt_metadata = metadata();
    decrypt_metadata["kmsOperation"] = json!("Decrypt");
    let decrypt_body = json!({
        "requestMetadata": decrypt_metadata,
        "ciphertext": sealed.json["ciphertext"],
        "ciphertextMetadata": sealed.json["ciphertextMetadata"],
        "initializationVector": sealed.json["initializationVector"],
        "authenticationTag": sealed.json["authenticationTag"],
        "encryptionAlgorithm": "AES_GCM",
    });

    let backend = server.service.backends()[0].clone();
    assert_eq!(backend.pool_size(), 1);
    let held = backend
        .session(tokio::time::Instant::now() + Duration::from_secs(30))
        .await
        .unwrap();

    let mut calls = Vec::new();
    for i in 0..12u8 {
        let server = server.clone();
        let decrypt_body = decrypt_body.clone();
        calls.push(tokio::spawn(async move {
            let answer = if i % 2 == 0 {
                post(&server, "keys/xks-key-1/encrypt", &encrypt_body(i)).await
            } else {
                post(&server, "keys/xks-key-1/decrypt", &decrypt_body).await
            };
            (answer.status, answer.error_name().to_owned())
        }));
    }
    let mut answers = Vec::new();
    for call in calls {
        answers.push(call.await.unwrap());
    }
    // Health still answers while the pool is exhausted, and says so.
    let health = post(
        &server,
        "health",
        &json!({ "requestMetadata": { "kmsRequestId": "r", "kmsOperation": "ConnectCustomKeyStore" } }),
    )
    .await;
    drop(held);

    for (status, name) in &answers {
        assert!(
            matches!(
                (*status, name.as_str()),
                (200, _) | (429, "ThrottlingException") | (503, "DependencyTimeoutException")
            ),
            "{answers:?}"
        );
    }
    assert!(
        answers
            .iter()
            .any(|(status, _)| *status == 429 || *status == 503),
        "{answers:?}"
    );
    assert_eq!(health.status, 200, "{:?}", health.json);
    assert_eq!(
        health.json["ekmFleetDetails"][0]["healthStatus"], "DEGRADED",
        "{:?}",
        health.json
    );

    // With the session back, the same calls succeed.
    let again = post(&server, "keys/xks-key-1/encrypt", &encrypt_body(1)).await;
    assert_eq!(again.status, 200, "{:?}", again.json);
    let opened = post(&server, "keys/xks-key-1/decrypt", &decrypt_body).await;
    assert_eq!(opened.status, 200, "{:?}", opened.json);
}
