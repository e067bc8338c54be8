//! HYOK (hold-your-own-key) endpoints: HTTPS APIs through which cloud key services use keys that
//! stay in the customer's HSMs. This module holds the HTTPS listener (axum routes on hyper,
//! HTTP/1.1 and HTTP/2, rustls with the ring provider); [`xks`] is the AWS KMS External Key
//! Store proxy API, [`ekm`] the Azure Managed HSM External Key Management proxy API. One
//! listener serves both when both are configured.

mod common;
pub mod ekm;
pub mod xks;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::identity::Identity;
use crate::serve::ServeError;
use crate::service::KeyService;
use crate::tls::https_server_config_with_cas;

/// How long a TLS handshake may take.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long shutdown waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// Most connections served at once when EKM is served without `[xks]`.
const EKM_MAX_CONNECTIONS: usize = 1024;

/// A bound HTTPS listener with its routes; `run` serves it. Split so that tests can bind port 0
/// and read the address first.
pub struct HyokEndpoint {
    pub listener: TcpListener,
    acceptor: TlsAcceptor,
    router: Router,
    max_connections: usize,
}

impl HyokEndpoint {
    /// Binds the HTTPS listener (`[xks].listen`, else `[ekm].listen`) and builds the XKS and
    /// EKM routes; `None` when neither `[xks]` nor `[ekm]` is configured.
    pub async fn bind(
        config: &Config,
        service: Arc<KeyService>,
    ) -> Result<Option<HyokEndpoint>, ServeError> {
        let (listen, max_connections) = match (&config.xks, &config.ekm) {
            (Some(xks), _) => (xks.listen, xks.max_connections),
            (None, Some(ekm)) => (
                ekm.listen
                    .unwrap_or_else(|| SocketAddr::from(ekm::config::DEFAULT_LISTEN)),
                EKM_MAX_CONNECTIONS,
            ),
            (None, None) => return Ok(None),
        };
        let extra_cas: Vec<(&'static str, &std::path::Path)> = config
            .ekm
            .iter()
            .filter_map(|ekm| ekm.client_ca.as_deref())
            .map(|file| ("ekm.client_ca", file))
            .collect();
        let tls = https_server_config_with_cas(&config.tls, &extra_cas).map_err(ServeError::Tls)?;
        let mut router = match &config.xks {
            Some(xks) => Some(
                xks::router(xks, service.clone()).map_err(|e| ServeError::Xks(e.to_string()))?,
            ),
            None => None,
        };
        if let Some(ekm_config) = &config.ekm {
            let routes = ekm::routes(ekm_config, service);
            // XKS's router brings the fallback; alone, EKM answers unknown paths itself.
            router = Some(match router {
                Some(xks) => xks.merge(routes),
                None => routes.fallback(ekm::not_found),
            });
        }
        let router = router.unwrap_or_default();
        let listener = TcpListener::bind(listen)
            .await
            .map_err(|e| ServeError::Bind(listen, e))?;
        Ok(Some(HyokEndpoint {
            listener,
            acceptor: TlsAcceptor::from(tls),
            router,
            max_connections,
        }))
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` is cancelled, then lets requests in flight finish (bounded).
    pub async fn run(self, shutdown: CancellationToken) {
        let permits = Arc::new(Semaphore::new(self.max_connections));
        let mut connections = JoinSet::new();
        loop {
            let Ok(permit) = permits.clone().acquire_owned().await else {
                break;
            };
            let accepted = tokio::select! {
                _ = shutdown.cancelled() => break,
                accepted = self.listener.accept() => accepted,
            };
            let (tcp, peer) = match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    tracing::warn!(error = %e, "HTTPS accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let acceptor = self.acceptor.clone();
            let router = self.router.clone();
            let shutdown = shutdown.clone();
            connections.spawn(async move {
                let _permit = permit;
                let tls = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await
                {
                    Ok(Ok(tls)) => tls,
                    Ok(Err(e)) => {
                        tracing::debug!(%peer, error = %e, "HTTPS handshake failed");
                        return;
                    }
                    Err(_) => {
                        tracing::debug!(%peer, "HTTPS handshake timed out");
                        return;
                    }
                };
                // Every request of the connection carries the verified client certificate's
                // identity, for key stores that pin client subjects.
                let peer_identity = tls
                    .get_ref()
                    .1
                    .peer_certificates()
                    .and_then(|chain| chain.first())
                    .and_then(Identity::from_certificate)
                    .map(Arc::new);
                let client_certificate = tls
                    .get_ref()
                    .1
                    .peer_certificates()
                    .and_then(|chain| chain.first())
                    .map(|cert| Arc::new(cert.clone().into_owned()));
                let service = TowerToHyperService::new(
                    router
                        .layer(axum::Extension(xks::PeerIdentity(peer_identity)))
                        .layer(axum::Extension(ekm::ClientCertificate(client_certificate))),
                );
                let builder = auto::Builder::new(TokioExecutor::new());
                let connection = builder.serve_connection(TokioIo::new(tls), service);
                tokio::pin!(connection);
                tokio::select! {
                    result = connection.as_mut() => {
                        if let Err(e) = result {
                            tracing::debug!(%peer, error = %e, "HTTPS connection ended with an error");
                        }
                    }
                    _ = shutdown.cancelled() => {
                        connection.as_mut().graceful_shutdown();
                        let _ = connection.await;
                    }
                }
            });
            // Reap finished connections so the set does not grow.
            while connections.try_join_next().is_some() {}
        }
        let drain = async { while connections.join_next().await.is_some() {} };
        if tokio::time::timeout(SHUTDOWN_GRACE, drain).await.is_err() {
            connections.abort_all();
        }
    }
}
