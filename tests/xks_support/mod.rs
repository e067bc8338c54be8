//! A gateway serving KMIP and the XKS proxy API from one key service (real SoftHSM2 token, real
//! TLS on loopback ports), and an HTTPS client that signs XKS requests with SigV4.
#![allow(dead_code)] // Each test binary uses a different subset.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use hsmgate::config::Config;
use hsmgate::hyok::xks::config::{CredentialConfig, KeyStoreConfig, XksConfig};
use hsmgate::hyok::xks::sigv4::{sign_request, ClientCredential};
use hsmgate::init::DEV_ADMIN_CN;
use hsmgate::service::KeyService;
use http::{HeaderMap, HeaderValue, Method, Request};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_util::sync::CancellationToken;

use crate::common::connect_admin_at;
pub use crate::common::hyok::Answer;
use crate::common::hyok::{send_https, start_gateway, token_config, TokenConfig};
use crate::key_helpers::{activate, aes, create_aes, Stream, V21};
use hsmgate_kmip::spec::CryptographicUsageMask as Usage;
use hsmgate_kmip::ttlv::{Item, Tag, Value};

pub const PREFIX: &str = "/ks1";
/// A second key store that also requires the dev admin's client certificate (mTLS pinning).
pub const PINNED_PREFIX: &str = "/pinned";
pub const REGION: &str = "us-east-1";
/// The two credentials of the key store (rotation): (access key id, secret).
pub const CREDENTIALS: [(&str, &str); 2] = [
    (
        "AKIAXKSTESTPRIMARY2345",
        "c2VjcmV0LW9uZS1mb3ItdGhlLXhrcy10ZXN0cy0xMjM0NTY3",
    ),
    (
        "AKIAXKSTESTSECOND23456",
        "c2Vjb25kLXNlY3JldC1mb3ItdGhlLXhrcy10ZXN0cy03NjU0",
    ),
];
/// External key ids the key store may use.
pub const ALLOWED_KEYS: [&str; 3] = ["xks-key-1", "xks-key-2", "xks-key-3"];

pub struct XksServer {
    /// The KMIP listener (its admin client is the identity the key store acts as).
    pub kmip: SocketAddr,
    pub https: SocketAddr,
    pub pki: PathBuf,
    pub shutdown: CancellationToken,
    /// The key service behind both listeners (its backends, its audit trail).
    pub service: Arc<KeyService>,
    /// The audit database the gateway writes.
    pub audit_path: PathBuf,
    _dir: tempfile::TempDir,
}

impl XksServer {
    /// A KMIP connection as the development administrator.
    pub async fn kmip_admin(&self) -> TlsStream<TcpStream> {
        connect_admin_at(self.kmip, &self.pki).await
    }
}

/// Starts the gateway with one key store at [`PREFIX`].
pub async fn start_xks_server() -> XksServer {
    start_xks_server_with(|_| {}).await
}

/// [`start_xks_server`] with the configuration changed by `adjust` first (e.g. the pool).
pub async fn start_xks_server_with(adjust: impl FnOnce(&mut Config)) -> XksServer {
    let dir = tempfile::tempdir().unwrap();
    let TokenConfig {
        pki,
        mut config,
        setup,
    } = token_config(dir.path(), "xks").await;
    let mut credentials = Vec::new();
    for (i, (id, secret)) in CREDENTIALS.iter().enumerate() {
        let file = dir.path().join(format!("sigv4-{i}.secret"));
        std::fs::write(&file, format!("{secret}\n")).unwrap();
        credentials.push(CredentialConfig {
            access_key_id: (*id).into(),
            secret_access_key_file: Some(file),
            secret_access_key_env: None,
        });
    }
    config.xks = Some(XksConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        max_connections: 64,
        key_stores: vec![
            KeyStoreConfig {
                uri_prefix: PREFIX.into(),
                region: REGION.into(),
                acts_as: format!("CN={DEV_ADMIN_CN}"),
                keys: ALLOWED_KEYS.iter().map(|k| k.to_string()).collect(),
                credentials: credentials.clone(),
                client_subjects: Vec::new(),
            },
            KeyStoreConfig {
                uri_prefix: PINNED_PREFIX.into(),
                region: REGION.into(),
                acts_as: format!("CN={DEV_ADMIN_CN}"),
                keys: Vec::new(),
                credentials,
                client_subjects: vec![format!("CN={DEV_ADMIN_CN}")],
            },
        ],
    });
    config.xks.as_ref().unwrap().check().unwrap();
    adjust(&mut config);
    let gateway = start_gateway(&config, setup).await;
    XksServer {
        kmip: gateway.kmip,
        https: gateway.https,
        pki,
        shutdown: gateway.shutdown,
        service: gateway.service,
        audit_path: gateway.audit_path,
        _dir: dir,
    }
}

/// How to sign a request.
#[derive(Clone)]
pub struct Signer {
    pub access_key_id: String,
    pub secret: String,
    pub region: String,
    /// Seconds added to the real clock (clock-skew tests).
    pub clock_offset: i64,
    /// The TLS client certificate to present (PEM certificate, PEM key), if any.
    pub tls_client: Option<(String, String)>,
}

impl Default for Signer {
    fn default() -> Self {
        Signer {
            access_key_id: CREDENTIALS[0].0.into(),
            secret: CREDENTIALS[0].1.into(),
            region: REGION.into(),
            clock_offset: 0,
            tls_client: None,
        }
    }
}

impl Answer {
    pub fn error_name(&self) -> &str {
        self.json["errorName"].as_str().unwrap_or("")
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Sends one request over a new HTTPS (HTTP/1.1) connection; signs it when `signer` is given.
pub async fn send(
    server: &XksServer,
    method: Method,
    path: &str,
    body: &[u8],
    signer: Option<&Signer>,
) -> Answer {
    send_with(server, method, path, body, signer, false).await
}

/// [`send`] over HTTP/1.1 or, with `http2`, HTTP/2 (negotiated by ALPN; the host then travels
/// as the `:authority` pseudo-header, not a Host header).
pub async fn send_with(
    server: &XksServer,
    method: Method,
    path: &str,
    body: &[u8],
    signer: Option<&Signer>,
    http2: bool,
) -> Answer {
    let host = format!("localhost:{}", server.https.port());
    let mut headers = HeaderMap::new();
    headers.insert("host", HeaderValue::from_str(&host).unwrap());
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    if let Some(signer) = signer {
        let credential = ClientCredential {
            access_key_id: &signer.access_key_id,
            secret: &signer.secret,
            region: &signer.region,
        };
        let now = unix_now() + signer.clock_offset;
        sign_request(&mut headers, method.as_str(), path, body, now, &credential).unwrap();
    }
    let client = signer.and_then(|s| s.tls_client.as_ref());
    let uri = if http2 {
        headers.remove("host");
        format!("https://{host}{path}")
    } else {
        path.to_owned()
    };
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::from(body.to_vec()))
        .unwrap();
    *request.headers_mut() = headers;
    send_https(server.https, &server.pki, client, request, http2).await
}

/// POSTs a signed JSON body to `{PREFIX}/kms/xks/v1/{api}` with the default credential.
pub async fn post(server: &XksServer, api: &str, body: &serde_json::Value) -> Answer {
    post_as(server, api, body, &Signer::default()).await
}

pub async fn post_as(
    server: &XksServer,
    api: &str,
    body: &serde_json::Value,
    signer: &Signer,
) -> Answer {
    let path = format!("{PREFIX}/kms/xks/v1/{api}");
    send(
        server,
        Method::POST,
        &path,
        body.to_string().as_bytes(),
        Some(signer),
    )
    .await
}

pub fn metadata() -> serde_json::Value {
    serde_json::json!({
        "awsPrincipalArn": "arn:aws:iam::123456789012:user/Alice",
        "kmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "kmsOperation": "Encrypt",
        "kmsRequestId": "4112f4d6-db54-4af4-ae30-c55a22a8dfae"
    })
}

/// Creates and activates an AES-256 key named `name` over KMIP; returns its identifier.
pub async fn named_key(stream: &mut Stream, name: &str) -> String {
    named_key_for(stream, name, Usage::ENCRYPT | Usage::DECRYPT).await
}

/// [`named_key`] with the given Cryptographic Usage Mask.
pub async fn named_key_for(stream: &mut Stream, name: &str, usage: Usage) -> String {
    let name_value = Value::Structure(vec![
        Item::new(Tag::NAME_VALUE, Value::TextString(name.into())),
        Item::new(Tag::NAME_TYPE, Value::Enumeration(1)),
    ]);
    let uid = create_aes(stream, aes(256, usage, &[(Tag::NAME, name_value)])).await;
    activate(stream, V21, &uid).await;
    uid
}
