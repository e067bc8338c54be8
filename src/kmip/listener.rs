//! The KMIP listener: accepts TCP connections, runs the TLS handshake under a timeout, and serves
//! each connection in its own task.
//!
//! A connection permit is taken *before* `accept`, so at most `max_connections` are served and
//! further clients wait in the kernel's queue instead of costing memory here. On shutdown the
//! listener stops accepting, lets connections finish the request they are in, and waits for them
//! up to a deadline.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

use super::connection::serve_connection;
use crate::identity::Identity;

/// What the listener needs to know; built from `[kmip]` of the configuration.
#[derive(Clone, Debug)]
pub struct ListenerSettings {
    pub max_message_size: usize,
    pub max_connections: usize,
    pub handshake_timeout: Duration,
    pub idle_timeout: Duration,
    /// How long shutdown waits for connections to finish their current request.
    pub shutdown_grace: Duration,
}

/// Answers one whole KMIP request message. `None` closes the connection (the request could not
/// be answered in KMIP, e.g. its header was unreadable).
pub trait MessageHandler: Send + Sync + 'static {
    fn handle(
        &self,
        caller: &Identity,
        request: Bytes,
    ) -> impl Future<Output = Option<Bytes>> + Send;
}

/// Serves KMIP on `listener` until `shutdown` is cancelled, then drains connections.
pub async fn run<H: MessageHandler>(
    listener: TcpListener,
    tls: TlsAcceptor,
    settings: ListenerSettings,
    handler: Arc<H>,
    shutdown: CancellationToken,
) {
    let permits = Arc::new(Semaphore::new(settings.max_connections));
    let mut connections = JoinSet::new();
    loop {
        let permit = tokio::select! {
            _ = shutdown.cancelled() => break,
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
        };
        let accepted = tokio::select! {
            _ = shutdown.cancelled() => break,
            accepted = listener.accept() => accepted,
        };
        // Reap finished connection tasks so the set does not grow with the server's lifetime.
        while connections.try_join_next().is_some() {}
        let (tcp, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(e) => {
                // Typically EMFILE: back off briefly instead of spinning.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(%peer, error = %e, "TCP_NODELAY not set");
        }
        let tls = tls.clone();
        let settings = settings.clone();
        let handler = handler.clone();
        let shutdown = shutdown.clone();
        connections.spawn(async move {
            let _permit = permit;
            serve_connection(tcp, peer, tls, &settings, handler.as_ref(), shutdown).await;
        });
    }
    drop(listener);
    let drained = tokio::time::timeout(settings.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            remaining = connections.len(),
            "shutdown deadline passed; closing connections"
        );
        connections.shutdown().await;
    }
}
