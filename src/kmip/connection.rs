//! One KMIP connection: the TLS handshake, the caller's identity, then a loop that reads exactly
//! one message at a time (its length from the 8-byte TTLV header), has it answered and writes the
//! answer. An oversized or non-structure header closes the connection without reading the body.

use std::net::SocketAddr;

use bytes::BytesMut;
use hsmgate_kmip::ttlv::{frame_length, Limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

use super::listener::{ListenerSettings, MessageHandler};
use crate::identity::Identity;

/// Bytes read at a time; a message larger than this grows the buffer up to the maximum size.
const READ_CHUNK: usize = 16 * 1024;

pub(super) async fn serve_connection<H: MessageHandler>(
    tcp: TcpStream,
    peer: SocketAddr,
    tls: TlsAcceptor,
    settings: &ListenerSettings,
    handler: &H,
    shutdown: CancellationToken,
) {
    let mut stream = match tokio::time::timeout(settings.handshake_timeout, tls.accept(tcp)).await {
        Ok(Ok(stream)) => stream,
        Ok(Err(e)) => {
            tracing::info!(%peer, error = %e, "TLS handshake failed");
            return;
        }
        Err(_) => {
            tracing::info!(%peer, "TLS handshake timed out");
            return;
        }
    };
    let caller = stream
        .get_ref()
        .1
        .peer_certificates()
        .and_then(|chain| chain.first())
        .and_then(Identity::from_certificate);
    let Some(caller) = caller else {
        tracing::warn!(%peer, "client certificate has no readable subject; closing");
        return;
    };
    tracing::debug!(%peer, caller = %caller, "connection open");

    let limits = Limits {
        max_message_size: settings.max_message_size,
        ..Limits::default()
    };
    let mut buffer = BytesMut::with_capacity(READ_CHUNK);
    loop {
        match frame_length(&buffer, &limits) {
            Ok(Some(length)) if buffer.len() >= length => {
                let request = buffer.split_to(length).freeze();
                let Some(response) = handler.handle(&caller, request).await else {
                    tracing::info!(%peer, caller = %caller, "unanswerable request; closing");
                    return;
                };
                if let Err(e) = stream.write_all(&response).await {
                    tracing::debug!(%peer, error = %e, "write failed");
                    return;
                }
                continue;
            }
            Ok(Some(length)) => buffer.reserve(length - buffer.len()),
            Ok(None) => buffer.reserve(READ_CHUNK),
            Err(e) => {
                tracing::info!(%peer, caller = %caller, error = %e, "refusing message; closing");
                return;
            }
        }
        // Between requests, shutdown or idleness ends the connection; a request in progress is
        // finished first (the handler call above is not interrupted).
        let read = tokio::select! {
            _ = shutdown.cancelled(), if buffer.is_empty() => return,
            read = tokio::time::timeout(settings.idle_timeout, stream.read_buf(&mut buffer)) => read,
        };
        match read {
            Ok(Ok(0)) => return,
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                tracing::debug!(%peer, error = %e, "read failed");
                return;
            }
            Err(_) => {
                tracing::debug!(%peer, "idle timeout");
                return;
            }
        }
    }
}
