//! The HTTPS side of the HYOK tests (AWS XKS, Azure EKM): a gateway serving KMIP and the HYOK
//! APIs from one key service on a fresh SoftHSM2 token, and a client that sends one request
//! over a new TLS connection and reads the JSON answer.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use hsmgate::config::Config;
use hsmgate::hyok::HyokEndpoint;
use hsmgate::init::write_dev_pki;
use hsmgate::kmip::KmipHandler;
use hsmgate::serve::{open_key_service, KmipEndpoint};
use hsmgate::service::KeyService;
use hsmgate_kmip::ttlv::Limits;
use hsmgate_testkit::SoftHsmToken;
use http::Request;
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::ServerName;
use tokio::net::TcpStream;
use tokio::sync::MutexGuard;
use tokio_rustls::TlsConnector;
use tokio_util::sync::CancellationToken;

use super::{client_config, slot_setup, test_config};

/// A configuration on a new token, before the HYOK sections are added.
pub struct TokenConfig {
    /// The development PKI (`dir/pki`).
    pub pki: PathBuf,
    /// KMIP on 127.0.0.1:0 over the token; the caller adds `[xks]` / `[ekm]`.
    pub config: Config,
    /// This test's turn at token setup, to hand to [`start_gateway`] (see [`slot_setup`]).
    pub setup: MutexGuard<'static, ()>,
}

/// A development PKI in `dir/pki`, a SoftHSM2 token labelled `token_label` and the
/// configuration of a gateway using both.
pub async fn token_config(dir: &Path, token_label: &'static str) -> TokenConfig {
    let pki = dir.join("pki");
    write_dev_pki(&pki).unwrap();
    let setup = slot_setup().await;
    let token = tokio::task::spawn_blocking(move || SoftHsmToken::create(token_label).unwrap())
        .await
        .unwrap();
    let pin_file = dir.join("user.pin");
    std::fs::write(&pin_file, &token.user_pin).unwrap();
    let config = test_config(&pki, &token, &pin_file);
    TokenConfig { pki, config, setup }
}

/// The listeners of a started gateway.
pub struct Gateway {
    pub kmip: SocketAddr,
    pub https: SocketAddr,
    pub shutdown: CancellationToken,
    /// The key service behind both listeners (its backends, its audit trail).
    pub service: Arc<KeyService>,
    /// The audit database the gateway writes.
    pub audit_path: PathBuf,
}

/// Opens the key service of `config` and serves KMIP and HTTPS (XKS and/or EKM) from it.
/// `setup` ends once the service has opened its backend.
pub async fn start_gateway(config: &Config, setup: MutexGuard<'static, ()>) -> Gateway {
    let service = open_key_service(config).await.unwrap();
    drop(setup);
    let shutdown = CancellationToken::new();
    let kmip = KmipEndpoint::bind(config).await.unwrap();
    let kmip_addr = kmip.listener.local_addr().unwrap();
    let limits = Limits {
        max_message_size: config.kmip.max_message_size,
        max_depth: config.kmip.max_depth,
    };
    let handler = Arc::new(KmipHandler::new(limits, service.clone()));
    tokio::spawn(kmip.run(handler, shutdown.clone()));
    let audit_path = hsmgate::audit::audit_path(&config.store.path);
    let https = HyokEndpoint::bind(config, service.clone())
        .await
        .unwrap()
        .unwrap();
    let https_addr = https.local_addr().unwrap();
    tokio::spawn(https.run(shutdown.clone()));
    Gateway {
        kmip: kmip_addr,
        https: https_addr,
        shutdown,
        service,
        audit_path,
    }
}

/// An HTTP answer: status and JSON body (`Null` when the body is not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub json: serde_json::Value,
}

/// Sends `request` over a new HTTPS connection to `addr` (server certificate from `pki`),
/// presenting `client` (certificate PEM, key PEM) if given, over HTTP/1.1 or, with `http2`,
/// HTTP/2 (negotiated by ALPN).
pub async fn send_https(
    addr: SocketAddr,
    pki: &Path,
    client: Option<&(String, String)>,
    request: Request<Body>,
    http2: bool,
) -> Answer {
    let mut tls_config =
        (*client_config(pki, client.map(|(c, k)| (c.as_str(), k.as_str())))).clone();
    tls_config.alpn_protocols = vec![if http2 {
        b"h2".to_vec()
    } else {
        b"http/1.1".to_vec()
    }];
    let tcp = TcpStream::connect(addr).await.unwrap();
    let tls = TlsConnector::from(Arc::new(tls_config))
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .unwrap();
    let response = if http2 {
        let (mut sender, connection) =
            hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(tls))
                .await
                .unwrap();
        tokio::spawn(connection);
        sender.send_request(request).await.unwrap()
    } else {
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
            .await
            .unwrap();
        tokio::spawn(connection);
        sender.send_request(request).await.unwrap()
    };
    let status = response.status().as_u16();
    let bytes = to_bytes(Body::new(response.into_body()), 1 << 20)
        .await
        .unwrap();
    Answer {
        status,
        json: serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    }
}
