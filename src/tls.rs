//! TLS for the listeners: rustls with the ring provider, TLS 1.2 and 1.3, and a client certificate
//! that must chain to the configured CA(s). The caller's identity is its certificate's subject.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::config::TlsConfig;

/// Why the TLS configuration could not be built. Names the file and the `[tls]` key.
#[derive(Debug)]
#[non_exhaustive]
pub enum TlsSetupError {
    /// A PEM file could not be read or holds nothing usable: (key, file, problem).
    File(&'static str, String, String),
    /// rustls refused the material (e.g. the key does not match the certificate).
    Rustls(String),
}

impl fmt::Display for TlsSetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Keys outside [tls] (e.g. `ekm.client_ca`) come with their section.
            TlsSetupError::File(key, file, problem) if key.contains('.') => {
                write!(f, "`{key}` ({file}): {problem}")
            }
            TlsSetupError::File(key, file, problem) => write!(f, "`tls.{key}` ({file}): {problem}"),
            TlsSetupError::Rustls(problem) => write!(f, "TLS configuration: {problem}"),
        }
    }
}

impl std::error::Error for TlsSetupError {}

fn read_certs(
    key: &'static str,
    path: &Path,
) -> Result<Vec<CertificateDer<'static>>, TlsSetupError> {
    let file_error =
        |problem: String| TlsSetupError::File(key, path.display().to_string(), problem);
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| file_error(e.to_string()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| file_error(e.to_string()))?;
    if certs.is_empty() {
        return Err(file_error("no certificate in the file".into()));
    }
    Ok(certs)
}

/// The rustls server configuration for a listener that requires client certificates.
pub fn server_config(tls: &TlsConfig) -> Result<Arc<ServerConfig>, TlsSetupError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());

    let mut roots = RootCertStore::empty();
    for ca in read_certs("client_ca", &tls.client_ca)? {
        roots.add(ca).map_err(|e| {
            TlsSetupError::File(
                "client_ca",
                tls.client_ca.display().to_string(),
                e.to_string(),
            )
        })?;
    }
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| TlsSetupError::Rustls(e.to_string()))?;

    let chain = read_certs("cert", &tls.cert)?;
    // The key file's contents are never put into an error: only the file name and rustls's reason.
    let key = PrivateKeyDer::from_pem_file(&tls.key)
        .map_err(|e| TlsSetupError::File("key", tls.key.display().to_string(), e.to_string()))?;

    let config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| TlsSetupError::Rustls(e.to_string()))?
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)
        .map_err(|e| TlsSetupError::Rustls(e.to_string()))?;
    Ok(Arc::new(config))
}

/// The rustls server configuration of the HTTPS (HYOK) listener: the same server certificate,
/// TLS 1.2 and 1.3, ALPN `h2` and `http/1.1`. Client certificates chaining to the configured
/// CA(s) are verified when presented but not required (SigV4 authenticates XKS callers).
pub fn https_server_config(tls: &TlsConfig) -> Result<Arc<ServerConfig>, TlsSetupError> {
    https_server_config_with_cas(tls, &[])
}

/// [`https_server_config`] whose client certificates may also chain to the CAs in `extra`:
/// (configuration key, PEM file), e.g. `[ekm] client_ca`, the CA of Azure Managed HSM's
/// client certificate.
pub fn https_server_config_with_cas(
    tls: &TlsConfig,
    extra: &[(&'static str, &Path)],
) -> Result<Arc<ServerConfig>, TlsSetupError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = RootCertStore::empty();
    let sources =
        std::iter::once(("client_ca", tls.client_ca.as_path())).chain(extra.iter().copied());
    for (key, file) in sources {
        for ca in read_certs(key, file)? {
            roots
                .add(ca)
                .map_err(|e| TlsSetupError::File(key, file.display().to_string(), e.to_string()))?;
        }
    }
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .allow_unauthenticated()
        .build()
        .map_err(|e| TlsSetupError::Rustls(e.to_string()))?;
    let chain = read_certs("cert", &tls.cert)?;
    let key = PrivateKeyDer::from_pem_file(&tls.key)
        .map_err(|e| TlsSetupError::File("key", tls.key.display().to_string(), e.to_string()))?;
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| TlsSetupError::Rustls(e.to_string()))?
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)
        .map_err(|e| TlsSetupError::Rustls(e.to_string()))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
