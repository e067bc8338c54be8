//! `hsmgate serve`: builds the gateway from its configuration and serves until SIGTERM or SIGINT.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::kmip::{self, ListenerSettings, MessageHandler};
use crate::tls::{server_config, TlsSetupError};

/// How long shutdown waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Why the gateway could not start.
#[derive(Debug)]
#[non_exhaustive]
pub enum ServeError {
    Tls(TlsSetupError),
    Bind(std::net::SocketAddr, std::io::Error),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Tls(e) => e.fmt(f),
            ServeError::Bind(addr, e) => write!(f, "cannot listen on {addr} (`kmip.listen`): {e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// The listener settings of a configuration.
pub fn listener_settings(config: &Config) -> ListenerSettings {
    ListenerSettings {
        max_message_size: config.kmip.max_message_size,
        max_connections: config.kmip.max_connections,
        handshake_timeout: Duration::from_secs(config.kmip.handshake_timeout_secs),
        idle_timeout: Duration::from_secs(config.kmip.idle_timeout_secs),
        shutdown_grace: SHUTDOWN_GRACE,
    }
}

/// A bound, ready KMIP listener; `run` serves it. Split so tests can bind port 0 and read the
/// address before serving.
pub struct KmipEndpoint {
    pub listener: TcpListener,
    pub acceptor: TlsAcceptor,
    pub settings: ListenerSettings,
}

impl KmipEndpoint {
    /// Loads TLS material and binds the configured address.
    pub async fn bind(config: &Config) -> Result<KmipEndpoint, ServeError> {
        let tls = server_config(&config.tls).map_err(ServeError::Tls)?;
        let listener = TcpListener::bind(config.kmip.listen)
            .await
            .map_err(|e| ServeError::Bind(config.kmip.listen, e))?;
        Ok(KmipEndpoint {
            listener,
            acceptor: TlsAcceptor::from(tls),
            settings: listener_settings(config),
        })
    }

    /// Serves until `shutdown` is cancelled.
    pub async fn run<H: MessageHandler>(self, handler: Arc<H>, shutdown: CancellationToken) {
        kmip::run(
            self.listener,
            self.acceptor,
            self.settings,
            handler,
            shutdown,
        )
        .await;
    }
}

/// Cancels `shutdown` on SIGTERM or SIGINT.
pub async fn cancel_on_signal(shutdown: CancellationToken) {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        tracing::warn!("signal handlers could not be installed; stop with SIGKILL");
        return;
    };
    tokio::select! {
        _ = term.recv() => tracing::info!("SIGTERM: shutting down"),
        _ = int.recv() => tracing::info!("SIGINT: shutting down"),
    }
    shutdown.cancel();
}
