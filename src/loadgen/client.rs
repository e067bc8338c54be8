//! A small KMIP-over-mTLS client for the load generator: one request in flight per connection,
//! or several sent back to back (pipelined; answers come in order), responses framed by their
//! TTLV header. Works against any KMIP server.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use bytes::BytesMut;
use hsmgate_kmip::message::{first_result_status, ResponseBatchItem, ResponseMessage};
use hsmgate_kmip::spec::enums::ResultStatus;
use hsmgate_kmip::ttlv::{decode_message, frame_length, Limits};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

/// Why a call failed, by kind (the load report counts errors by these names).
#[derive(Debug)]
pub enum CallError {
    Io(std::io::Error),
    Closed,
    Malformed(String),
    /// The server answered with Operation Failed: its Result Reason.
    Failed(String),
}

impl CallError {
    pub fn kind(&self) -> String {
        match self {
            CallError::Io(_) => "io".into(),
            CallError::Closed => "closed".into(),
            CallError::Malformed(_) => "malformed".into(),
            CallError::Failed(reason) => reason.clone(),
        }
    }
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Io(e) => write!(f, "I/O: {e}"),
            CallError::Closed => f.write_str("the server closed the connection"),
            CallError::Malformed(e) => write!(f, "malformed response: {e}"),
            CallError::Failed(reason) => write!(f, "operation failed: {reason}"),
        }
    }
}

/// The TLS client configuration: trust `ca`, present `cert`/`key`.
pub fn tls_config(ca: &Path, cert: &Path, key: &Path) -> Result<Arc<rustls::ClientConfig>, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    let cas = CertificateDer::pem_file_iter(ca).map_err(|e| format!("{}: {e}", ca.display()))?;
    for ca_cert in cas {
        roots
            .add(ca_cert.map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    }
    let chain = CertificateDer::pem_file_iter(cert)
        .map_err(|e| format!("{}: {e}", cert.display()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| format!("{}: {e}", key.display()))?;
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_client_auth_cert(chain, key)
        .map_err(|e| e.to_string())?;
    Ok(Arc::new(config))
}

/// One KMIP connection.
pub struct KmipConnection {
    stream: TlsStream<TcpStream>,
    buffer: BytesMut,
    limits: Limits,
}

impl KmipConnection {
    pub async fn connect(
        addr: SocketAddr,
        server_name: &str,
        config: Arc<rustls::ClientConfig>,
    ) -> Result<Self, CallError> {
        let tcp = TcpStream::connect(addr).await.map_err(CallError::Io)?;
        tcp.set_nodelay(true).map_err(CallError::Io)?;
        let name = ServerName::try_from(server_name.to_owned())
            .map_err(|e| CallError::Malformed(format!("server name: {e}")))?;
        let stream = TlsConnector::from(config)
            .connect(name, tcp)
            .await
            .map_err(CallError::Io)?;
        Ok(KmipConnection {
            stream,
            buffer: BytesMut::with_capacity(16 * 1024),
            limits: Limits::default(),
        })
    }

    /// Sends one encoded request message and returns the first batch item of the answer.
    pub async fn call(&mut self, request: &[u8]) -> Result<ResponseBatchItem, CallError> {
        self.send(request).await?;
        self.receive().await
    }

    /// Writes encoded request messages (one or several back to back) in one go.
    pub async fn send(&mut self, requests: &[u8]) -> Result<(), CallError> {
        self.stream.write_all(requests).await.map_err(CallError::Io)
    }

    /// Sends `request` and checks only that its answer's first item succeeded (see
    /// `hsmgate_kmip::message::first_result_status`): what the measured loops need.
    pub async fn call_ok(&mut self, request: &[u8]) -> Result<(), CallError> {
        self.send(request).await?;
        self.receive_ok().await
    }

    /// The first batch item of the next answer, reading from the server as needed.
    pub async fn receive(&mut self) -> Result<ResponseBatchItem, CallError> {
        self.receive_with(first_item).await
    }

    /// The next answer, checked only for success.
    pub async fn receive_ok(&mut self) -> Result<(), CallError> {
        self.receive_with(first_item_ok).await
    }

    async fn receive_with<T>(&mut self, read: Reader<T>) -> Result<T, CallError> {
        loop {
            if let Some(answer) = self.buffered_with(read) {
                return answer;
            }
            if self
                .stream
                .read_buf(&mut self.buffer)
                .await
                .map_err(CallError::Io)?
                == 0
            {
                return Err(CallError::Closed);
            }
        }
    }

    /// The next answer if it has already been read whole, checked only for success; never
    /// waits.
    pub fn buffered_ok(&mut self) -> Option<Result<(), CallError>> {
        self.buffered_with(first_item_ok)
    }

    fn buffered_with<T>(&mut self, read: Reader<T>) -> Option<Result<T, CallError>> {
        match frame_length(&self.buffer, &self.limits) {
            Ok(Some(length)) if self.buffer.len() >= length => {
                let bytes = self.buffer.split_to(length).freeze();
                Some(read(bytes, &self.limits))
            }
            Ok(_) => None,
            Err(e) => Some(Err(CallError::Malformed(e.to_string()))),
        }
    }
}

/// Decodes a response message; its first batch item, or the failure it reports.
/// What an answer's bytes are read into.
type Reader<T> = fn(bytes::Bytes, &Limits) -> Result<T, CallError>;

/// Success, told from the first item's Result Status alone; anything else is decoded in full to
/// say what went wrong.
fn first_item_ok(bytes: bytes::Bytes, limits: &Limits) -> Result<(), CallError> {
    match first_result_status(&bytes) {
        Some(ResultStatus::SUCCESS) => Ok(()),
        _ => first_item(bytes, limits).map(drop),
    }
}

fn first_item(bytes: bytes::Bytes, limits: &Limits) -> Result<ResponseBatchItem, CallError> {
    let item = decode_message(bytes, limits).map_err(|e| CallError::Malformed(e.to_string()))?;
    let response =
        ResponseMessage::try_from(&item).map_err(|e| CallError::Malformed(e.to_string()))?;
    let first = response
        .batch_items
        .into_iter()
        .next()
        .ok_or(CallError::Closed)?;
    match first.result_reason {
        Some(reason) => Err(CallError::Failed(reason.to_string())),
        None => Ok(first),
    }
}

#[cfg(test)]
mod tests {
    use hsmgate_kmip::message::{ProtocolVersion, ResponseHeader};
    use hsmgate_kmip::spec::enums::{Operation, ResultReason};

    use super::*;

    fn answer(item: ResponseBatchItem) -> bytes::Bytes {
        ResponseMessage {
            header: ResponseHeader::new(ProtocolVersion::V2_1, 1),
            batch_items: vec![item],
        }
        .to_bytes()
    }

    #[test]
    fn the_status_check_agrees_with_the_full_decode() {
        let limits = Limits::default();
        let success = answer(ResponseBatchItem::success(Operation::ENCRYPT, None));
        assert!(first_item_ok(success.clone(), &limits).is_ok());
        assert!(first_item(success, &limits).is_ok());

        let failure = answer(ResponseBatchItem::failure(
            Some(Operation::ENCRYPT),
            ResultReason::PERMISSION_DENIED,
            "no".to_owned(),
        ));
        // A failure is decoded in full and reported by its Result Reason, as before.
        let quick = first_item_ok(failure.clone(), &limits).unwrap_err().kind();
        let full = first_item(failure, &limits).unwrap_err().kind();
        assert_eq!(quick, full);
        assert_eq!(quick, ResultReason::PERMISSION_DENIED.to_string());

        // Bytes that are no answer at all are malformed either way.
        let garbage = bytes::Bytes::from_static(&[0x42, 0x00, 0x7B, 0x01, 0, 0, 0, 8, 1, 2]);
        assert_eq!(
            first_item_ok(garbage, &limits).unwrap_err().kind(),
            "malformed"
        );
    }
}
