//! A gateway serving KMIP and the Azure EKM proxy API from one key service (real SoftHSM2
//! token, real TLS on loopback ports), a second CA standing in for the one that issues Managed
//! HSM's client certificate, and an HTTPS client that presents a chosen client certificate.
#![allow(dead_code)] // Each test binary uses a different subset.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use hsmgate::hyok::ekm::config::{AllowedClient, EkmConfig};
use hsmgate::hyok::xks::config::{CredentialConfig, KeyStoreConfig, XksConfig};
use hsmgate::init::DEV_ADMIN_CN;
use http::{Method, Request};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_util::sync::CancellationToken;

use crate::common::connect_admin_at;
pub use crate::common::hyok::Answer;
use crate::common::hyok::{send_https, start_gateway, token_config, TokenConfig};

pub const PREFIX: &str = "/ekm/pool-1";
/// The common name of the client certificate allowed to call (Managed HSM's, in production).
pub const MHSM_CN: &str = "mhsm-pool-1";
/// The subject and issuer of the stand-in Managed HSM issuing CA.
pub const MHSM_CA_DN: &str = "CN=EKM test issuing CA,O=Example";
/// External key names the endpoint may use.
pub const ALLOWED_KEYS: [&str; 6] = [
    "aes-kek",
    "aes-known",
    "rsa-kek",
    "rsa-known",
    "aes-nowrap",
    "aes-revoked",
];

pub struct EkmServer {
    pub kmip: SocketAddr,
    pub https: SocketAddr,
    pub pki: PathBuf,
    /// The allowed client's certificate and key (PEM), issued by the Managed HSM stand-in CA.
    pub mhsm_client: (String, String),
    /// A certificate with the allowed common name from that CA, with another subject O.
    pub mhsm_ca: Arc<Issuer<'static, KeyPair>>,
    pub shutdown: CancellationToken,
    /// The key service behind both listeners (its audit trail).
    pub service: Arc<hsmgate::service::KeyService>,
    /// The audit trail's SQLite file.
    pub audit_path: PathBuf,
    _dir: tempfile::TempDir,
}

impl EkmServer {
    /// A KMIP connection as the development administrator (the identity EKM acts as).
    pub async fn kmip_admin(&self) -> TlsStream<TcpStream> {
        connect_admin_at(self.kmip, &self.pki).await
    }

    /// Another client certificate from the Managed HSM stand-in CA.
    pub fn mhsm_ca_client(&self, common_name: &str) -> (String, String) {
        issue_client(&self.mhsm_ca, common_name)
    }
}

fn dn(parts: &[(DnType, &str)]) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    for (t, v) in parts {
        dn.push(t.clone(), *v);
    }
    dn
}

/// A CA with the subject [`MHSM_CA_DN`]: (issuer, certificate PEM).
fn mhsm_ca() -> (Issuer<'static, KeyPair>, String) {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::default();
    params.distinguished_name = dn(&[
        (DnType::CommonName, "EKM test issuing CA"),
        (DnType::OrganizationName, "Example"),
    ]);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let cert = params.self_signed(&key).unwrap();
    (Issuer::new(params, key), cert.pem())
}

fn issue_client(ca: &Issuer<'static, KeyPair>, common_name: &str) -> (String, String) {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::default();
    params.distinguished_name = dn(&[(DnType::CommonName, common_name)]);
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    let cert = params.signed_by(&key, ca).unwrap();
    (cert.pem(), key.serialize_pem())
}

/// Starts the gateway with `[ekm]` at [`PREFIX`]; with `with_xks`, also an XKS key store, so
/// that both share the HTTPS listener.
pub async fn start_ekm_server(with_xks: bool) -> EkmServer {
    let dir = tempfile::tempdir().unwrap();
    let TokenConfig {
        pki,
        mut config,
        setup,
    } = token_config(dir.path(), "ekm").await;
    let (ca, ca_pem) = mhsm_ca();
    let ca_file = dir.path().join("mhsm-ca.pem");
    std::fs::write(&ca_file, ca_pem).unwrap();
    let mhsm_client = issue_client(&ca, MHSM_CN);
    if with_xks {
        let secret = dir.path().join("sigv4.secret");
        std::fs::write(&secret, "c2VjcmV0LW9uZS1mb3ItdGhlLWVrbS10ZXN0cw\n").unwrap();
        config.xks = Some(XksConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            max_connections: 64,
            key_stores: vec![KeyStoreConfig {
                uri_prefix: "/ks1".into(),
                region: "us-east-1".into(),
                acts_as: format!("CN={DEV_ADMIN_CN}"),
                keys: Vec::new(),
                credentials: vec![CredentialConfig {
                    access_key_id: "AKIAEKMTESTPRIMARY234".into(),
                    secret_access_key_file: Some(secret),
                    secret_access_key_env: None,
                }],
                client_subjects: Vec::new(),
            }],
        });
    }
    config.ekm = Some(EkmConfig {
        listen: (!with_xks).then(|| "127.0.0.1:0".parse().unwrap()),
        path_prefix: PREFIX.into(),
        acts_as: format!("CN={DEV_ADMIN_CN}"),
        keys: ALLOWED_KEYS.iter().map(|k| k.to_string()).collect(),
        client_ca: Some(ca_file),
        allowed_clients: vec![AllowedClient {
            issuer: MHSM_CA_DN.into(),
            subject: None,
            subject_cn: Some(MHSM_CN.into()),
        }],
        ekm_vendor: "SoftHSM".into(),
        ekm_product: "SoftHSM v2".into(),
    });
    config
        .ekm
        .as_ref()
        .unwrap()
        .check(config.xks.as_ref().map(|x| x.listen))
        .unwrap();

    let gateway = start_gateway(&config, setup).await;
    EkmServer {
        kmip: gateway.kmip,
        https: gateway.https,
        pki,
        mhsm_client,
        mhsm_ca: Arc::new(ca),
        shutdown: gateway.shutdown,
        service: gateway.service,
        audit_path: gateway.audit_path,
        _dir: dir,
    }
}

impl Answer {
    pub fn code(&self) -> &str {
        self.json["code"].as_str().unwrap_or("")
    }

    /// Asserts an error answer: status and ProxyError code, with a message.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            (self.status, self.code()),
            (status, code),
            "{:?}",
            self.json
        );
        assert!(self.json["message"].is_string(), "{:?}", self.json);
    }
}

/// Sends one request over a new HTTPS (HTTP/1.1) connection presenting `client` (certificate
/// PEM, key PEM), if given. `path_and_query` is sent as is.
pub async fn send(
    server: &EkmServer,
    method: Method,
    path_and_query: &str,
    body: &[u8],
    client: Option<&(String, String)>,
) -> Answer {
    let request = Request::builder()
        .method(method)
        .uri(path_and_query)
        .header("host", format!("localhost:{}", server.https.port()))
        .header("content-type", "application/json")
        .body(Body::from(body.to_vec()))
        .unwrap();
    send_https(server.https, &server.pki, client, request, false).await
}

/// POSTs `body` to `{PREFIX}/{api}?api-version=0.1-preview` as the allowed client.
pub async fn post(server: &EkmServer, api: &str, body: &serde_json::Value) -> Answer {
    let path = format!("{PREFIX}/{api}?api-version=0.1-preview");
    send(
        server,
        Method::POST,
        &path,
        body.to_string().as_bytes(),
        Some(&server.mhsm_client),
    )
    .await
}

/// A `request_context` as Managed HSM sends it.
pub fn context() -> serde_json::Value {
    serde_json::json!({
        "request_id": "6476b291-7c15-4d0b-aef9-03688390cb8e",
        "correlation_id": "aa9a3cb4-82b4-11f0-afc6-5ffd3bdade85",
        "pool_name": "mhsm-pool-1"
    })
}
