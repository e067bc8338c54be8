//! XKS load: the AWS XKS proxy API's encrypt, decrypt and health calls over HTTPS (HTTP/1.1,
//! keep-alive, one request in flight per connection), each signed with SigV4 at send time as AWS
//! KMS signs them. The key store's URI prefix, credentials, region and key come from an
//! `xks.env` file as `hsmgate init --dev` writes it (`--xks-env`).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::body::{to_bytes, Body, Bytes};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use http::{HeaderMap, HeaderValue, Method, Request};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use rustls_pki_types::ServerName;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::client::CallError;
use super::driver::Exchange;
use crate::hyok::xks::sigv4::{sign_request_cached, ClientCredential, SigningKeys};

/// Largest answer read.
const MAX_ANSWER: usize = 64 * 1024;

/// Where and as whom to call: one external key store.
#[derive(Clone)]
pub struct XksTarget {
    pub uri_prefix: String,
    pub access_key_id: String,
    pub secret: Arc<zeroize::Zeroizing<String>>,
    pub region: String,
    pub key_id: String,
}

impl XksTarget {
    /// Reads `KEY=value` lines of an `xks.env` file.
    pub fn from_env_file(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let values: HashMap<&str, &str> = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once('='))
            .collect();
        let get = |name: &str| {
            values
                .get(name)
                .map(|v| v.trim().to_owned())
                .ok_or_else(|| format!("{}: no {name}", path.display()))
        };
        Ok(XksTarget {
            uri_prefix: get("XKS_URI_PREFIX")?,
            access_key_id: get("SIGV4_ACCESS_KEY_ID")?,
            secret: Arc::new(zeroize::Zeroizing::new(get("SIGV4_SECRET_ACCESS_KEY")?)),
            region: get("REGION")?,
            key_id: get("KEY_ID")?,
        })
    }
}

/// Which XKS call to repeat.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum XksCall {
    Encrypt,
    Decrypt,
    Health,
}

/// One HTTPS connection to the XKS listener.
pub struct XksConnection {
    sender: SendRequest<Body>,
    /// The Host header, made once per connection.
    host: HeaderValue,
    target: XksTarget,
    /// Signing keys derived once a day, as AWS KMS's own signer keeps them.
    signing_keys: SigningKeys,
}

impl XksConnection {
    pub async fn connect(
        addr: SocketAddr,
        server_name: &str,
        tls: Arc<rustls::ClientConfig>,
        target: XksTarget,
    ) -> Result<Self, CallError> {
        let mut tls = (*tls).clone();
        tls.alpn_protocols = vec![b"http/1.1".to_vec()];
        let tcp = TcpStream::connect(addr).await.map_err(CallError::Io)?;
        tcp.set_nodelay(true).map_err(CallError::Io)?;
        let name = ServerName::try_from(server_name.to_owned())
            .map_err(|e| CallError::Malformed(format!("server name: {e}")))?;
        let stream = TlsConnector::from(Arc::new(tls))
            .connect(name, tcp)
            .await
            .map_err(CallError::Io)?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| CallError::Malformed(format!("HTTP handshake: {e}")))?;
        tokio::spawn(connection);
        let host = HeaderValue::from_str(&format!("{server_name}:{}", addr.port()))
            .map_err(|e| CallError::Malformed(format!("host header: {e}")))?;
        Ok(XksConnection {
            sender,
            host,
            target,
            signing_keys: SigningKeys::default(),
        })
    }

    /// `{prefix}/kms/xks/v1/{api}`: where a call of `api` goes.
    pub fn path(&self, api: &str) -> String {
        format!("{}/kms/xks/v1/{api}", self.target.uri_prefix)
    }

    /// POSTs `body` to `{prefix}/kms/xks/v1/{api}` signed now; the JSON answer, or the
    /// errorName of a failure.
    pub async fn post(&mut self, api: &str, body: &[u8]) -> Result<serde_json::Value, CallError> {
        let path = self.path(api);
        let answer = self.send(&path, Bytes::copy_from_slice(body)).await?;
        Ok(serde_json::from_slice(&answer).unwrap_or_default())
    }

    /// POSTs `body` to `path` signed now; the answer's body if the status is a success, else
    /// the status and the answer's errorName. A load run's calls read no more of a successful
    /// answer than that: parsing its JSON would be the load generator's work, not the server's.
    pub async fn send(&mut self, path: &str, body: Bytes) -> Result<Bytes, CallError> {
        let mut headers = HeaderMap::with_capacity(6);
        headers.insert("host", self.host.clone());
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        let credential = ClientCredential {
            access_key_id: &self.target.access_key_id,
            secret: &self.target.secret,
            region: &self.target.region,
        };
        sign_request_cached(
            &mut headers,
            "POST",
            path,
            &body,
            unix_now(),
            &credential,
            &self.signing_keys,
        )
        .map_err(|e| CallError::Malformed(format!("signing: {e}")))?;
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .body(Body::from(body))
            .map_err(|e| CallError::Malformed(e.to_string()))?;
        *request.headers_mut() = headers;
        let response = self
            .sender
            .send_request(request)
            .await
            .map_err(|e| CallError::Io(std::io::Error::other(e)))?;
        let status = response.status();
        let bytes = to_bytes(Body::new(response.into_body()), MAX_ANSWER)
            .await
            .map_err(|e| CallError::Malformed(e.to_string()))?;
        if status.is_success() {
            return Ok(bytes);
        }
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        let name = json["errorName"].as_str().unwrap_or("no errorName");
        Err(CallError::Failed(format!("{} {name}", status.as_u16())))
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn metadata(operation: &str) -> serde_json::Value {
    serde_json::json!({
        "awsPrincipalArn": "arn:aws:iam::123456789012:user/hsmgate-bench",
        "kmsOperation": operation,
        "kmsRequestId": "hsmgate-bench",
        "kmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/hsmgate-bench",
    })
}

/// The API path and body of `call` with a payload of `payload` bytes; for Decrypt, encrypts
/// once over `conn` first.
pub async fn prepare(
    conn: &mut XksConnection,
    call: XksCall,
    payload: usize,
) -> Result<(String, Vec<u8>), CallError> {
    let key = conn.target.key_id.clone();
    let plaintext = STANDARD.encode(vec![0x5a; payload]);
    let aad = STANDARD.encode(b"hsmgate bench");
    let encrypt = serde_json::json!({
        "requestMetadata": metadata("Encrypt"),
        "plaintext": plaintext,
        "encryptionAlgorithm": "AES_GCM",
        "additionalAuthenticatedData": aad,
    });
    let (api, body) = match call {
        XksCall::Encrypt => (format!("keys/{key}/encrypt"), encrypt),
        XksCall::Health => (
            "health".to_owned(),
            serde_json::json!({ "requestMetadata": metadata("KmsHealthCheck") }),
        ),
        XksCall::Decrypt => {
            let sealed = conn
                .post(
                    &format!("keys/{key}/encrypt"),
                    encrypt.to_string().as_bytes(),
                )
                .await?;
            let mut body = serde_json::json!({
                "requestMetadata": metadata("Decrypt"),
                "ciphertext": sealed["ciphertext"],
                "encryptionAlgorithm": "AES_GCM",
                "additionalAuthenticatedData": aad,
                "authenticationTag": sealed["authenticationTag"],
                "initializationVector": sealed["initializationVector"],
            });
            if let Some(metadata) = sealed.get("ciphertextMetadata") {
                body["ciphertextMetadata"] = metadata.clone();
            }
            (format!("keys/{key}/decrypt"), body)
        }
    };
    Ok((api, body.to_string().into_bytes()))
}

/// An XKS connection repeating one call.
pub struct XksExchange {
    pub conn: XksConnection,
    /// The call's full path (`XksConnection::path`).
    pub path: String,
    pub body: Bytes,
}

impl Exchange for XksExchange {
    async fn exchange(&mut self) -> Result<(), CallError> {
        self.conn
            .send(&self.path, self.body.clone())
            .await
            .map(drop)
    }
}
