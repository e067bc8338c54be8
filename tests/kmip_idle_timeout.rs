//! The KMIP connection's idle timeout (`[kmip] idle_timeout_secs`): a connection with no bytes
//! for that long is closed, while one that keeps sending stays open well past the first
//! deadline (the connection keeps one timer and re-arms it, src/kmip/connection.rs).

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{client_config, dev_client, exchange, test_config_text};
use hsmgate::config::Config;
use hsmgate::kmip::KmipHandler;
use hsmgate::serve::{open_key_service, KmipEndpoint};
use hsmgate_kmip::message::{ProtocolVersion, RequestBatchItem, RequestHeader, RequestMessage};
use hsmgate_kmip::spec::enums::Operation;
use hsmgate_kmip::ttlv::{to_bytes, Item, Limits, Tag};
use hsmgate_testkit::SoftHsmToken;
use tokio_util::sync::CancellationToken;

/// An encoded Discover Versions request (answered without touching the HSM).
fn discover_versions() -> Vec<u8> {
    let request = RequestMessage {
        header: RequestHeader::new(ProtocolVersion::V2_1),
        batch_items: vec![RequestBatchItem::new(
            Operation::DISCOVER_VERSIONS,
            Item::structure(Tag::REQUEST_PAYLOAD, vec![]),
        )],
    };
    to_bytes(&request.to_item()).to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_close_and_busy_ones_stay_open() {
    let dir = tempfile::tempdir().unwrap();
    let pki = dir.path().join("pki");
    hsmgate::init::write_dev_pki(&pki).unwrap();
    let setup = common::slot_setup().await;
    let token = tokio::task::spawn_blocking(|| SoftHsmToken::create("idle").unwrap())
        .await
        .unwrap();
    let pin_file = dir.path().join("user.pin");
    std::fs::write(&pin_file, &token.user_pin).unwrap();
    let text = test_config_text(&pki, &token, &pin_file, "")
        .replace("idle_timeout_secs = 30", "idle_timeout_secs = 1");
    let config_file = pki.join("hsmgate.toml");
    std::fs::write(&config_file, &text).unwrap();
    let config = Config::load(&config_file).unwrap();
    let endpoint = KmipEndpoint::bind(&config).await.unwrap();
    let addr = endpoint.listener.local_addr().unwrap();
    let service = open_key_service(&config).await.unwrap();
    drop(setup);
    let shutdown = CancellationToken::new();
    let handler = Arc::new(KmipHandler::new(Limits::default(), service));
    let task = tokio::spawn(endpoint.run(handler, shutdown.clone()));

    let (cert, key) = dev_client(&pki);
    let tls = client_config(&pki, Some((&cert, &key)));
    let request = discover_versions();
    let mut busy = common::connect(addr, tls.clone()).await.unwrap();
    let mut idle = common::connect(addr, tls).await.unwrap();
    assert!(exchange(&mut idle, &request).await.is_some());

    // Three times the timeout, with a request every 300 ms: never idle for a whole second.
    for _ in 0..10 {
        assert!(
            exchange(&mut busy, &request).await.is_some(),
            "a connection in use was closed"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    // Meanwhile the other connection sat idle for three seconds: the server has closed it.
    assert!(
        exchange(&mut idle, &request).await.is_none(),
        "an idle connection stayed open"
    );
    shutdown.cancel();
    task.await.unwrap();
}
