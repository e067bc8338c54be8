//! One KMIP connection: the TLS handshake, the caller's identity, then a loop that reads
//! messages (each one's length from its 8-byte TTLV header), has each answered in order and writes
//! the answers. An oversized or non-structure header closes the connection without reading the body.

use std::net::SocketAddr;

use bytes::{Bytes, BytesMut};
use hsmgate_kmip::ttlv::{frame_length, Limits};
use tokio::io::{AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

use super::listener::{ListenerSettings, MessageHandler};
use crate::identity::Identity;

/// Bytes read at a time; a message larger than this grows the buffer up to the maximum size.
const READ_CHUNK: usize = 16 * 1024;
/// Answers held back at most before they are written (bounds memory for a client that pipelines
/// many large requests).
const FLUSH_AT: usize = 64 * 1024;

/// Answers waiting to be written: one is written as it is, several are joined into one write.
#[derive(Default)]
struct Answers {
    first: Option<Bytes>,
    joined: BytesMut,
}

impl Answers {
    fn push(&mut self, answer: Bytes) {
        match self.first.take() {
            None if self.joined.is_empty() => self.first = Some(answer),
            first => {
                if let Some(first) = first {
                    self.joined.extend_from_slice(&first);
                }
                self.joined.extend_from_slice(&answer);
            }
        }
    }

    /// Bytes waiting.
    fn len(&self) -> usize {
        self.first.as_ref().map_or(0, Bytes::len) + self.joined.len()
    }

    async fn write_to<W: AsyncWrite + Unpin>(&mut self, stream: &mut W) -> std::io::Result<()> {
        if let Some(first) = self.first.take() {
            stream.write_all(&first).await?;
        }
        if !self.joined.is_empty() {
            stream.write_all(&self.joined).await?;
            self.joined.clear();
        }
        Ok(())
    }
}

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
    let mut answers = Answers::default();
    // One shutdown waiter and one idle timer for the connection's life, not one of each per
    // request: registering and dropping them was a visible share of a request's cost. The timer
    // is re-armed only when it fires early (`waiting_since` moved on since it was set).
    let cancelled = shutdown.cancelled();
    tokio::pin!(cancelled);
    let idle = tokio::time::sleep(settings.idle_timeout);
    tokio::pin!(idle);
    loop {
        // Every request already read whole is answered before the answers go out together: a
        // client that pipelines gets one write (one TLS record, one syscall) per batch of reads.
        let mut close = false;
        loop {
            match frame_length(&buffer, &limits) {
                Ok(Some(length)) if buffer.len() >= length => {
                    let request = buffer.split_to(length).freeze();
                    let Some(response) = handler.handle(&caller, request).await else {
                        tracing::info!(%peer, caller = %caller, "unanswerable request; closing");
                        close = true;
                        break;
                    };
                    answers.push(response);
                    if answers.len() >= FLUSH_AT {
                        break;
                    }
                }
                Ok(Some(length)) => {
                    buffer.reserve(length - buffer.len());
                    break;
                }
                Ok(None) => {
                    buffer.reserve(READ_CHUNK);
                    break;
                }
                Err(e) => {
                    tracing::info!(%peer, caller = %caller, error = %e, "refusing message; closing");
                    close = true;
                    break;
                }
            }
        }
        if let Err(e) = answers.write_to(&mut stream).await {
            tracing::debug!(%peer, error = %e, "write failed");
            return;
        }
        if close {
            return;
        }
        if matches!(frame_length(&buffer, &limits), Ok(Some(length)) if buffer.len() >= length) {
            continue;
        }
        // Between requests, shutdown or idleness (no bytes for `idle_timeout` from the start of
        // this wait) ends the connection; a request in progress is finished first (the handler
        // call above is not interrupted).
        let waiting_since = Instant::now();
        let read = loop {
            tokio::select! {
                biased;
                _ = &mut cancelled, if buffer.is_empty() => return,
                read = stream.read_buf(&mut buffer) => break read,
                _ = &mut idle => {
                    let deadline = waiting_since + settings.idle_timeout;
                    if Instant::now() >= deadline {
                        tracing::debug!(%peer, "idle timeout");
                        return;
                    }
                    idle.as_mut().reset(deadline);
                }
            }
        };
        match read {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) => {
                tracing::debug!(%peer, error = %e, "read failed");
                return;
            }
        }
    }
}
