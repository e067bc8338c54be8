//! `hsmgate serve`: builds the gateway from its configuration and serves until SIGTERM or SIGINT.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

use crate::config::{Config, HsmConfig};
use crate::kmip::{self, ListenerSettings, MessageHandler};
use crate::service::{ensure_storage_key, KeyService, ReconcileReport, ServiceError};
use crate::store::{CachedStore, SqliteStore, StoreError};
use crate::tls::{server_config, TlsSetupError};
use hsmgate_pkcs11::{Backend, BackendConfig, PinSource};

/// How long shutdown waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Why the gateway could not start.
#[derive(Debug)]
#[non_exhaustive]
pub enum ServeError {
    Tls(TlsSetupError),
    Bind(std::net::SocketAddr, std::io::Error),
    Store(StoreError),
    /// An HSM backend could not be opened: (backend name, error).
    Hsm(String, hsmgate_pkcs11::Error),
    /// An HSM backend could not be prepared (e.g. its storage key): (backend name, error).
    Service(String, ServiceError),
    /// The `[xks]` section could not be put to use (e.g. a secret could not be read).
    Xks(String),
    /// The audit trail could not be opened.
    Audit(crate::audit::AuditError),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Tls(e) => e.fmt(f),
            ServeError::Bind(addr, e) => write!(f, "cannot listen on {addr}: {e}"),
            ServeError::Store(e) => write!(f, "`store.path`: {e}"),
            ServeError::Hsm(name, e) => write!(f, "HSM backend `{name}`: {e}"),
            ServeError::Service(name, e) => write!(f, "HSM backend `{name}`: {e}"),
            ServeError::Xks(problem) => write!(f, "{problem}"),
            ServeError::Audit(e) => e.fmt(f),
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

/// Sets the environment each backend's module expects (e.g. `SOFTHSM2_CONF`). Call before the
/// runtime starts: the environment is process-wide and not safe to change once threads run.
pub fn apply_hsm_environment(config: &Config) {
    for hsm in &config.hsms {
        for (name, value) in &hsm.environment {
            std::env::set_var(name, value);
        }
    }
}

/// The pool configuration of one `[[hsm]]` section.
pub fn backend_config(hsm: &HsmConfig) -> BackendConfig {
    let pin = match (&hsm.user_pin_file, &hsm.user_pin_env) {
        (Some(file), _) => PinSource::File(file.clone()),
        (None, Some(variable)) => PinSource::Env(variable.clone()),
        // Config::check guarantees one of the two.
        (None, None) => PinSource::Env(String::new()),
    };
    let config = BackendConfig::new(&hsm.name, &hsm.module, &hsm.token_label, pin)
        .with_pool_size(hsm.pool_size)
        .with_checkout_timeout(Duration::from_millis(hsm.checkout_timeout_ms));
    match &hsm.module_parameters {
        Some(parameters) => config.with_module_parameters(parameters),
        None => config,
    }
}

/// Opens the metadata store and every HSM backend (logging in), builds the key service and
/// reconciles the store with the HSMs (mismatches are logged as warnings).
pub async fn open_key_service(config: &Config) -> Result<Arc<KeyService>, ServeError> {
    Ok(open_key_service_with_report(config).await?.0)
}

/// [`open_key_service`], also returning what start-up reconciliation found (`None` when it
/// could not run: the store could not be listed; the gateway still starts, since reconciliation
/// only reports).
pub async fn open_key_service_with_report(
    config: &Config,
) -> Result<(Arc<KeyService>, Option<ReconcileReport>), ServeError> {
    let service = open_backends_and_store(config).await?;
    let report = match service.reconcile().await {
        Ok(report) => Some(report),
        Err(e) => {
            tracing::warn!(error = %e, "start-up reconciliation could not run");
            None
        }
    };
    Ok((service, report))
}

async fn open_backends_and_store(config: &Config) -> Result<Arc<KeyService>, ServeError> {
    let path = config.store.path.clone();
    let store = tokio::task::spawn_blocking(move || SqliteStore::open(&path))
        .await
        .map_err(|e| ServeError::Store(StoreError::Backend(e.to_string())))?
        .map_err(ServeError::Store)?;
    let mut backends = Vec::with_capacity(config.hsms.len());
    for hsm in &config.hsms {
        let backend = Backend::open(backend_config(hsm))
            .await
            .map_err(|e| ServeError::Hsm(hsm.name.clone(), e))?;
        tracing::info!(backend = %hsm.name, token = %hsm.token_label, sessions = backend.pool_size(), "HSM backend open");
        ensure_storage_key(&backend)
            .await
            .map_err(|e| ServeError::Service(hsm.name.clone(), e))?;
        backends.push(backend);
    }
    let audit_file = crate::audit::audit_path(&config.store.path);
    let audit = tokio::task::spawn_blocking(move || crate::audit::AuditLog::open(&audit_file))
        .await
        .map_err(|e| ServeError::Audit(crate::audit::AuditError::Writer(e.to_string())))?
        .map_err(ServeError::Audit)?;
    Ok(Arc::new(
        KeyService::new(
            Arc::new(CachedStore::new(store)),
            backends,
            config.access.administrators.clone(),
        )
        .with_created_keys_extractable(config.keys.created_keys_extractable)
        .with_lease_time(config.keys.lease_time_secs)
        .with_audit(audit),
    ))
}
