//! The XKS audit trail: every call (successful or not) is a row in `audit.db` with AWS's
//! requestMetadata, readable with `hsmgate audit`. Real SoftHSM2 token, real HTTPS.

mod common;
mod key_helpers;
mod xks_support;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hsmgate::audit::{read_events, AuditEvent, AuditQuery, FrontEnd};
use serde_json::json;
use xks_support::*;

fn full_metadata(operation: &str, request_id: &str) -> serde_json::Value {
    json!({
        "awsPrincipalArn": "arn:aws:iam::123456789012:user/Alice",
        "kmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "kmsOperation": operation,
        "kmsRequestId": request_id,
        "kmsViaService": "ebs",
    })
}

fn event_with_request_id<'e>(events: &'e [AuditEvent], request_id: &str) -> &'e AuditEvent {
    events
        .iter()
        .find(|e| e.details["requestMetadata"]["kmsRequestId"] == request_id)
        .unwrap_or_else(|| panic!("no event for {request_id} in {events:#?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xks_calls_are_recorded_with_their_request_metadata() {
    let server = start_xks_server().await;
    let mut kmip = server.kmip_admin().await;
    let uid = named_key(&mut kmip, "xks-key-1").await;
    let plaintext = b"not for the audit trail";

    let sealed = post(
        &server,
        "keys/xks-key-1/encrypt",
        &json!({
            "requestMetadata": full_metadata("Encrypt", "req-encrypt"),
            "plaintext": STANDARD.encode(plaintext),
            "encryptionAlgorithm": "AES_GCM",
        }),
    )
    .await;
    assert_eq!(sealed.status, 200, "{:?}", sealed.json);
    let missing = post(
        &server,
        "keys/xks-key-2/metadata",
        &json!({ "requestMetadata": full_metadata("DescribeKey", "req-missing") }),
    )
    .await;
    assert_eq!(missing.error_name(), "KeyNotFoundException");
    let wrong_secret = Signer {
        secret: "not-the-secret".into(),
        ..Signer::default()
    };
    let refused = post_as(
        &server,
        "health",
        &json!({ "requestMetadata": full_metadata("CreateCustomKeyStore", "req-forged") }),
        &wrong_secret,
    )
    .await;
    assert_eq!(refused.status, 401);
    let health = post(
        &server,
        "health",
        &json!({ "requestMetadata": { "kmsRequestId": "req-health", "kmsOperation": "ConnectCustomKeyStore" } }),
    )
    .await;
    assert_eq!(health.status, 200, "{:?}", health.json);

    server.service.audit().flush_async().await.unwrap();
    let all = read_events(&server.audit_path, &AuditQuery::default()).unwrap();
    // The KMIP calls that made the key are in the same trail.
    let kmip: Vec<(&str, Option<&str>)> = all
        .iter()
        .filter(|e| e.front_end == FrontEnd::Kmip)
        .map(|e| (e.operation.as_str(), e.key_uid.as_deref()))
        .collect();
    assert!(kmip.contains(&("Create", Some(uid.as_str()))), "{kmip:?}");
    assert!(kmip.contains(&("Activate", Some(uid.as_str()))), "{kmip:?}");
    let events: Vec<AuditEvent> = all
        .into_iter()
        .filter(|e| e.front_end == FrontEnd::Xks)
        .collect();
    assert_eq!(events.len(), 4, "{events:#?}");

    let encrypt = event_with_request_id(&events, "req-encrypt");
    assert_eq!(encrypt.operation, "Encrypt");
    assert_eq!(encrypt.caller, CREDENTIALS[0].0);
    assert_eq!(encrypt.key_name.as_deref(), Some("xks-key-1"));
    assert_eq!(encrypt.key_uid.as_deref(), Some(uid.as_str()));
    assert_eq!(encrypt.error, None);
    let metadata = &encrypt.details["requestMetadata"];
    assert_eq!(
        metadata["awsPrincipalArn"],
        "arn:aws:iam::123456789012:user/Alice"
    );
    assert_eq!(
        metadata["kmsKeyArn"],
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    );
    assert_eq!(metadata["kmsOperation"], "Encrypt");
    assert_eq!(metadata["kmsViaService"], "ebs");
    assert_eq!(encrypt.details["uriPrefix"], PREFIX);

    let missing = event_with_request_id(&events, "req-missing");
    assert_eq!(missing.operation, "GetKeyMetadata");
    assert_eq!(missing.error.as_deref(), Some("KeyNotFoundException"));
    // A forged call is recorded under the access key it claimed, as a failure, without the
    // requestMetadata of its unauthenticated body.
    let forged: Vec<&AuditEvent> = events
        .iter()
        .filter(|e| e.error.as_deref() == Some("AuthenticationFailedException"))
        .collect();
    assert_eq!(forged.len(), 1, "{events:#?}");
    assert_eq!(forged[0].operation, "GetHealthStatus");
    assert_eq!(forged[0].caller, CREDENTIALS[0].0);
    assert_eq!(forged[0].details["requestMetadata"], json!({}));

    // Nothing the caller encrypted is in the trail.
    let raw = std::fs::read(&server.audit_path).unwrap();
    let encoded = STANDARD.encode(plaintext);
    let contains = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    assert!(!contains(plaintext) && !contains(encoded.as_bytes()));

    // The command line reads the same trail: `hsmgate audit --config FILE --key NAME`.
    let data_dir = server.audit_path.parent().unwrap();
    let config_file = data_dir.join("audit-reader.toml");
    std::fs::write(
        &config_file,
        format!(
            r#"
            [tls]
            client_ca = "{0}/ca.pem"
            cert = "{0}/server.pem"
            key = "{0}/server.key"
            [store]
            path = "{1}/meta.sqlite"
            [[hsm]]
            name = "softhsm"
            module = "/nonexistent.so"
            token_label = "unused"
            user_pin_env = "UNUSED"
            "#,
            server.pki.display(),
            data_dir.display()
        ),
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hsmgate"))
        .args(["audit", "--config"])
        .arg(&config_file)
        .args(["--key", "xks-key-1", "--since", "2020-01-01T00:00:00Z"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(lines[0]["frontEnd"], "xks");
    assert_eq!(lines[0]["operation"], "Encrypt");
    assert_eq!(lines[0]["outcome"], "ok");
    assert_eq!(
        lines[0]["details"]["requestMetadata"]["kmsRequestId"],
        "req-encrypt"
    );
    assert_eq!(
        lines[0]["details"]["requestMetadata"]["kmsViaService"],
        "ebs"
    );
    // A future --since finds nothing; a malformed one is refused.
    let later = std::process::Command::new(env!("CARGO_BIN_EXE_hsmgate"))
        .args(["audit", "--config"])
        .arg(&config_file)
        .args(["--since", "2999-01-01T00:00:00Z"])
        .output()
        .unwrap();
    assert!(
        later.status.success() && later.stdout.is_empty(),
        "{later:?}"
    );
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_hsmgate"))
        .args(["audit", "--config"])
        .arg(&config_file)
        .args(["--since", "yesterday"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
