//! The EKM proxy API's audit events: one per call (target `hsmgate::audit`), with the
//! request_context and the client certificate's names, and never key bytes. A binary of its
//! own, because it installs the process-wide log subscriber that captures them.

mod common;
mod ekm_support;
mod key_helpers;

use std::io::Write;
use std::sync::{Arc, Mutex};

use ekm_support::*;
use hsmgate::audit::{read_events, AuditEvent, AuditQuery, FrontEnd};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use key_helpers::{activate, aes, create_aes, V21};
use serde_json::json;

/// Log output, shared with the subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn b64u(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_call_is_one_audit_event_without_key_bytes() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_env_filter("hsmgate::audit=info")
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let server = start_ekm_server(false).await;
    let mut kmip = server.kmip_admin().await;
    let name = Value::Structure(vec![
        Item::new(Tag::NAME_VALUE, Value::TextString("aes-kek".into())),
        Item::new(Tag::NAME_TYPE, Value::Enumeration(1)),
    ]);
    let uid = create_aes(
        &mut kmip,
        aes(
            256,
            Usage::WRAP_KEY | Usage::UNWRAP_KEY,
            &[(Tag::NAME, name)],
        ),
    )
    .await;
    activate(&mut kmip, V21, &uid).await;

    let dek = [0xa5u8; 32];
    let body = json!({ "request_context": context(), "alg": "A256KW", "value": b64u(&dek) });
    let wrapped = post(&server, "aes-kek/wrapkey", &body).await;
    assert_eq!(wrapped.status, 200, "{:?}", wrapped.json);
    let wrapped_value = wrapped.json["value"].as_str().unwrap().to_owned();
    let unwrap_body =
        json!({ "request_context": context(), "alg": "A256KW", "value": wrapped_value });
    let unwrapped = post(&server, "aes-kek/unwrapkey", &unwrap_body).await;
    assert_eq!(unwrapped.status, 200, "{:?}", unwrapped.json);
    // A refused call is audited too.
    let refused = post(&server, "no-such-key/wrapkey", &body).await;
    refused.assert_error(404, "KeyNotFound");
    server.shutdown.cancel();

    // The same three calls are rows of the audit trail, with Azure's request_context.
    server.service.audit().flush_async().await.unwrap();
    let rows: Vec<AuditEvent> = read_events(&server.audit_path, &AuditQuery::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.front_end == FrontEnd::Ekm)
        .collect();
    assert_eq!(
        rows.len(),
        3,
        "{:?}",
        rows.iter().map(|e| e.to_json()).collect::<Vec<_>>()
    );
    assert_eq!(
        (rows[0].operation.as_str(), rows[0].error.as_deref()),
        ("wrapkey", None)
    );
    assert_eq!(rows[1].operation, "unwrapkey");
    assert_eq!(rows[2].error.as_deref(), Some("KeyNotFound"));
    assert_eq!(rows[2].key_name.as_deref(), Some("no-such-key"));
    for row in &rows {
        assert_eq!(row.caller, format!("CN={MHSM_CN}"));
        assert_eq!(row.details["pool_name"], "mhsm-pool-1");
        assert_eq!(
            row.details["correlation_id"],
            "aa9a3cb4-82b4-11f0-afc6-5ffd3bdade85"
        );
    }

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let events: Vec<&str> = log.lines().filter(|l| l.contains("EKM call")).collect();
    assert_eq!(events.len(), 3, "{log}");
    for event in &events {
        assert!(event.contains("hsmgate::audit"), "{event}");
        assert!(
            event.contains("correlation_id=aa9a3cb4-82b4-11f0-afc6-5ffd3bdade85"),
            "{event}"
        );
        assert!(
            event.contains("request_id=6476b291-7c15-4d0b-aef9-03688390cb8e"),
            "{event}"
        );
        assert!(event.contains("pool_name=mhsm-pool-1"), "{event}");
        assert!(
            event.contains(&format!("client_subject=CN={MHSM_CN}")),
            "{event}"
        );
        assert!(
            event.contains(&format!("client_issuer={MHSM_CA_DN}")),
            "{event}"
        );
    }
    assert!(events[0].contains("api=\"wrapkey\"") && events[0].contains("status=200"));
    assert!(events[1].contains("api=\"unwrapkey\"") && events[1].contains("status=200"));
    assert!(events[2].contains("status=404") && events[2].contains("code=\"KeyNotFound\""));
    // Neither the key nor its wrapped form reaches the log, in any encoding seen.
    for secret in [
        b64u(&dek),
        wrapped_value,
        hex::encode(dek),
        "a5a5a5a5".into(),
    ] {
        assert!(!log.contains(&secret), "the log holds {secret}");
    }
}
