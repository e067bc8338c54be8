//! Shared pieces of the gateway's end-to-end tests: a KMIP server on a loopback port with a
//! freshly made development PKI, and a TLS client that speaks raw TTLV to it.
#![allow(dead_code)] // Each test binary uses a different subset.

pub mod hyok;
pub mod objects;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use hsmgate::config::Config;
use hsmgate::init::{write_dev_pki, DevCa};
use hsmgate::kmip::KmipHandler;
use hsmgate::loadgen::{BenchArgs, KmipOp, Report};
use hsmgate::serve::{open_key_service, KmipEndpoint};
use hsmgate_kmip::message::ProtocolVersion;
use hsmgate_kmip::ttlv::{decode_message, frame_length, Item, Limits};
use hsmgate_testkit::SoftHsmToken;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;
use tokio_util::sync::CancellationToken;

pub struct TestServer {
    pub addr: SocketAddr,
    pub pki: PathBuf,
    /// The SQLite metadata file.
    pub store: PathBuf,
    /// The configuration file the server was started from (e.g. for `bench --raw`).
    pub config_file: PathBuf,
    pub shutdown: CancellationToken,
    pub task: JoinHandle<()>,
    _dir: tempfile::TempDir,
}

/// A configuration for a server on 127.0.0.1:0 using the PKI in `pki` and the given token.
pub fn test_config(pki: &Path, token: &SoftHsmToken, pin_file: &Path) -> Config {
    test_config_with(pki, token, pin_file, "")
}

/// [`test_config`] followed by `extra` TOML (further sections, e.g. `[keys]`).
pub fn test_config_with(pki: &Path, token: &SoftHsmToken, pin_file: &Path, extra: &str) -> Config {
    Config::parse(&test_config_text(pki, token, pin_file, extra), pki).unwrap()
}

/// The TOML text of [`test_config_with`].
pub fn test_config_text(pki: &Path, token: &SoftHsmToken, pin_file: &Path, extra: &str) -> String {
    format!(
        r#"
        [kmip]
        listen = "127.0.0.1:0"
        max_message_size = 65536
        handshake_timeout_secs = 5
        idle_timeout_secs = 30
        [tls]
        client_ca = "{0}/ca.pem"
        cert = "{0}/server.pem"
        key = "{0}/server.key"
        [store]
        path = "{0}/../data/meta.sqlite"
        [[hsm]]
        name = "softhsm"
        module = "{1}"
        token_label = "{2}"
        user_pin_file = "{3}"
        pool_size = 4
        {4}
        "#,
        pki.display(),
        token.module.display(),
        token.label,
        pin_file.display(),
        extra,
    )
}

/// A second `[[hsm]]` section: NSS's softoken (named `nss`), the token with the ChaCha20
/// mechanisms SoftHSM2 lacks. One database per test process, since the softoken takes its
/// database folder at C_Initialize, once per process; every server of the process shares it.
pub fn nss_hsm_section() -> String {
    static SECTION: std::sync::OnceLock<(tempfile::TempDir, String)> = std::sync::OnceLock::new();
    let (_dir, section) = SECTION.get_or_init(|| {
        let softoken = hsmgate_pkcs11::nss::find_softoken()
            .expect("NSS's softoken (libsoftokn3.so, package libnss3) is installed");
        let dir = tempfile::tempdir().unwrap();
        let pin_file = dir.path().join("nss.pin");
        std::fs::write(&pin_file, "nss-test-pin\n").unwrap();
        let pin = hsmgate_pkcs11::PinSource::File(pin_file.clone())
            .read()
            .unwrap();
        let db = dir.path().join("nssdb");
        hsmgate_pkcs11::nss::prepare_database(&softoken, &db, &pin).unwrap();
        let section = format!(
            "\n[[hsm]]\nname = \"nss\"\nmodule = \"{}\"\ntoken_label = \"{}\"\n\
             user_pin_file = \"{}\"\nmodule_parameters = \"{}\"\npool_size = 4\n",
            softoken.display(),
            hsmgate_pkcs11::nss::TOKEN_LABEL,
            pin_file.display(),
            hsmgate_pkcs11::nss::parameters(&db).unwrap(),
        );
        (dir, section)
    });
    section.clone()
}

/// Held while a test makes a SoftHSM2 token and opens a backend on it. SoftHSM2 2.6.1 updates
/// its slot list without a lock when C_InitToken and C_GetSlotList run at once in one process,
/// and then aborts the process (an assertion in SlotManager::insertToken); tests that start
/// servers concurrently (the conformance replay runs four at a time) take turns here.
pub async fn slot_setup() -> tokio::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::OnceLock<tokio::sync::Mutex<()>> = std::sync::OnceLock::new();
    LOCK.get_or_init(|| tokio::sync::Mutex::new(()))
        .lock()
        .await
}

/// Starts a KMIP server with a new development PKI.
pub async fn start_server() -> TestServer {
    start_server_with("").await
}

/// Starts a KMIP server whose configuration also has `extra` TOML (e.g. a `[keys]` section).
pub async fn start_server_with(extra: &str) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let pki = dir.path().join("pki");
    write_dev_pki(&pki).unwrap();
    let setup = slot_setup().await;
    let token = tokio::task::spawn_blocking(|| SoftHsmToken::create("kmip").unwrap())
        .await
        .unwrap();
    let pin_file = dir.path().join("user.pin");
    std::fs::write(&pin_file, &token.user_pin).unwrap();
    let text = test_config_text(&pki, &token, &pin_file, extra);
    let config_file = pki.join("hsmgate.toml");
    std::fs::write(&config_file, &text).unwrap();
    let config = Config::load(&config_file).unwrap();
    let endpoint = KmipEndpoint::bind(&config).await.unwrap();
    let addr = endpoint.listener.local_addr().unwrap();
    let limits = Limits {
        max_message_size: config.kmip.max_message_size,
        max_depth: config.kmip.max_depth,
    };
    let service = open_key_service(&config).await.unwrap();
    drop(setup);
    let shutdown = CancellationToken::new();
    let handler = Arc::new(KmipHandler::new(limits, service));
    let task = tokio::spawn(endpoint.run(handler, shutdown.clone()));
    TestServer {
        addr,
        store: config.store.path.clone(),
        config_file,
        pki,
        shutdown,
        task,
        _dir: dir,
    }
}

/// A TLS client configuration trusting the dev CA in `pki`, presenting `client` (cert PEM, key PEM).
pub fn client_config(pki: &Path, client: Option<(&str, &str)>) -> Arc<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    for ca in CertificateDer::pem_file_iter(pki.join("ca.pem")).unwrap() {
        roots.add(ca.unwrap()).unwrap();
    }
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots);
    let config = match client {
        Some((cert, key)) => {
            let chain = CertificateDer::pem_slice_iter(cert.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            let key = PrivateKeyDer::from_pem_slice(key.as_bytes()).unwrap();
            builder.with_client_auth_cert(chain, key).unwrap()
        }
        None => builder.with_no_client_auth(),
    };
    Arc::new(config)
}

/// The dev admin's client certificate and key from `pki`.
pub fn dev_client(pki: &Path) -> (String, String) {
    (
        std::fs::read_to_string(pki.join("client.pem")).unwrap(),
        std::fs::read_to_string(pki.join("client.key")).unwrap(),
    )
}

/// A client certificate from a CA the server does not trust.
pub fn foreign_client() -> (String, String) {
    let (ca, _, _) = DevCa::generate().unwrap();
    ca.issue_client("intruder").unwrap()
}

pub async fn connect(
    addr: SocketAddr,
    config: Arc<rustls::ClientConfig>,
) -> std::io::Result<TlsStream<TcpStream>> {
    let tcp = TcpStream::connect(addr).await?;
    TlsConnector::from(config)
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
}

/// Sends raw bytes and reads one whole response message, or `None` when the server closed.
pub async fn exchange(stream: &mut TlsStream<TcpStream>, request: &[u8]) -> Option<Item> {
    stream.write_all(request).await.ok()?;
    read_message(stream).await
}

pub async fn read_message(stream: &mut TlsStream<TcpStream>) -> Option<Item> {
    let limits = Limits::default();
    let mut buffer = BytesMut::new();
    loop {
        if let Ok(Some(length)) = frame_length(&buffer, &limits) {
            if buffer.len() >= length {
                let bytes: Bytes = buffer.split_to(length).freeze();
                return Some(decode_message(bytes, &limits).unwrap());
            }
        }
        match stream.read_buf(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// A second client, trusted by the server's CA, with another identity (`CN=<common_name>`).
pub fn other_client(pki: &Path, common_name: &str) -> (String, String) {
    let ca = hsmgate::init::DevCa::from_pem(
        &std::fs::read_to_string(pki.join("ca.pem")).unwrap(),
        &std::fs::read_to_string(pki.join("ca.key")).unwrap(),
    )
    .unwrap();
    ca.issue_client(common_name).unwrap()
}

/// Sends one operation in a one-item request of `version` and returns the response batch item.
pub async fn call(
    stream: &mut TlsStream<TcpStream>,
    version: hsmgate_kmip::message::ProtocolVersion,
    operation: hsmgate_kmip::spec::enums::Operation,
    payload: Item,
) -> hsmgate_kmip::message::ResponseBatchItem {
    use hsmgate_kmip::message::{RequestBatchItem, RequestHeader, RequestMessage, ResponseMessage};
    let request = RequestMessage {
        header: RequestHeader::new(version),
        batch_items: vec![RequestBatchItem::new(operation, payload)],
    };
    let bytes = hsmgate_kmip::ttlv::to_bytes(&request.to_item());
    let response = exchange(stream, &bytes)
        .await
        .expect("the server closed the connection");
    let mut response = ResponseMessage::try_from(&response).unwrap();
    assert_eq!(response.header.protocol_version, version);
    response.batch_items.remove(0)
}

/// Connects as the development administrator.
/// Sends one KMIP 2.1 request with `payload` and returns its batch item, whatever its status.
pub async fn call_v21<P: hsmgate_kmip::message::payload::Payload>(
    stream: &mut TlsStream<TcpStream>,
    operation: hsmgate_kmip::spec::enums::Operation,
    payload: &P,
) -> hsmgate_kmip::message::ResponseBatchItem {
    let item = payload.to_item(ProtocolVersion::V2_1).unwrap();
    call(stream, ProtocolVersion::V2_1, operation, item).await
}

/// Sends the typed `request` in `version`; its response must be a success, of type `R`.
pub async fn ask<Q, R>(
    stream: &mut TlsStream<TcpStream>,
    version: ProtocolVersion,
    request: &Q,
) -> R
where
    Q: hsmgate_kmip::message::payload::Payload,
    R: hsmgate_kmip::message::payload::Payload,
{
    let item = call(
        stream,
        version,
        Q::OPERATION,
        request.to_item(version).unwrap(),
    )
    .await;
    R::parse(succeeded(&item), version).unwrap()
}

pub async fn connect_admin(server: &TestServer) -> TlsStream<TcpStream> {
    connect_admin_at(server.addr, &server.pki).await
}

/// A KMIP connection to `addr` as the development administrator of the PKI in `pki`.
pub async fn connect_admin_at(addr: SocketAddr, pki: &Path) -> TlsStream<TcpStream> {
    let (cert, key) = dev_client(pki);
    connect(addr, client_config(pki, Some((&cert, &key))))
        .await
        .unwrap()
}

/// The payload of a batch item that must have succeeded (the failure's reason otherwise).
pub fn succeeded(item: &hsmgate_kmip::message::ResponseBatchItem) -> &Item {
    assert_eq!(
        item.result_status,
        hsmgate_kmip::spec::enums::ResultStatus::SUCCESS,
        "{:?}: {:?}",
        item.result_reason,
        item.result_message
    );
    item.payload.as_ref().unwrap()
}

/// Asserts a batch item failed with `reason`.
pub fn failed(
    item: &hsmgate_kmip::message::ResponseBatchItem,
    reason: hsmgate_kmip::spec::enums::ResultReason,
) {
    assert_eq!(
        (item.result_status, item.result_reason),
        (
            hsmgate_kmip::spec::enums::ResultStatus::OPERATION_FAILED,
            Some(reason)
        ),
        "{:?}",
        item.result_message
    );
}

/// Load-generator arguments for a short run of `op` (two connections, 0.5 s after a 0.1 s
/// warm-up, closed loop) against `server` as the development administrator of `pki`.
pub fn bench_args(server: SocketAddr, pki: &Path, op: KmipOp) -> BenchArgs {
    BenchArgs {
        server,
        server_name: "localhost".into(),
        ca: pki.join("ca.pem"),
        cert: pki.join("client.pem"),
        key: pki.join("client.key"),
        op,
        connections: 2,
        duration: 0.5,
        warmup: 0.1,
        rate: None,
        pipeline: 1,
        payload: 32,
        kmip_version: ProtocolVersion::V2_1,
        json: true,
        raw: None,
        raw_threads: 1,
        raw_trials: 1,
        raw_session_key: false,
        raw_os_locking: false,
        threads: None,
        trials: 1,
        xks_env: None,
        server_pid: None,
        normal_priority: true,
    }
}

/// Asserts that a load-generator run of `op` completed operations, none of them failed.
pub fn assert_ran_cleanly(op: KmipOp, report: &Report) {
    assert!(
        report.ops > 0,
        "{op:?}: no operation completed ({:?})",
        report.stats.errors
    );
    assert!(
        report.stats.errors.is_empty(),
        "{op:?}: {:?}",
        report.stats.errors
    );
}
