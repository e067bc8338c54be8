//! The embedded default's AWS XKS key store: SigV4 credentials, an `[xks]` section in
//! hsmgate.toml, an AES-256 key named for it in the HSM, and `xks.env` with everything AWS's
//! public XKS test client needs to talk to the dev gateway.

use std::path::Path;

use zeroize::Zeroizing;

use super::secret_file::{create_private, read_pin};
use super::InitError;

/// The URI path prefix of the dev key store.
pub const DEV_XKS_PREFIX: &str = "/xks/dev";
/// The region the dev key store signs for.
pub const DEV_XKS_REGION: &str = "us-east-1";
/// The Name of the dev key store's key (its externalKeyId).
pub const DEV_XKS_KEY: &str = "xks-dev-key";

const ALPHANUMERIC: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

fn random_text(len: usize) -> Result<Zeroizing<String>, InitError> {
    let mut bytes = Zeroizing::new(vec![0u8; len]);
    getrandom::fill(&mut bytes)
        .map_err(|e| InitError::Io("generating XKS credentials", e.into()))?;
    Ok(Zeroizing::new(
        bytes
            .iter()
            .map(|b| char::from(ALPHANUMERIC[usize::from(b % 36)]))
            .collect(),
    ))
}

/// The access key id (public) and secret (mode 0600) of the dev key store, made on first use.
/// Returns (id, secret, made).
pub fn ensure_credentials(dir: &Path) -> Result<(String, Zeroizing<String>, bool), InitError> {
    let id_path = dir.join("xks.access_key_id");
    let secret_path = dir.join("xks.secret");
    let made = !secret_path.exists();
    if made {
        let id = format!("AKIA{}", random_text(16)?.as_str());
        std::fs::write(&id_path, format!("{id}\n"))
            .map_err(|e| InitError::Io("writing xks.access_key_id", e))?;
        create_private(&secret_path, random_text(40)?.as_bytes())
            .map_err(|e| InitError::Io("writing xks.secret", e))?;
    }
    let id = read_pin(&id_path).map_err(|e| InitError::Io("reading xks.access_key_id", e))?;
    let secret = read_pin(&secret_path).map_err(|e| InitError::Io("reading xks.secret", e))?;
    Ok((id.to_string(), secret, made))
}

/// The `[xks]` section of the dev configuration.
pub fn config_section(access_key_id: &str, admin: &str) -> String {
    format!(
        r#"
[xks]
# The AWS KMS External Key Store proxy API (HTTPS, SigV4). Options: src/hyok/xks/config.rs.
listen = "127.0.0.1:8443"

[[xks.key_store]]
# AWS's XksProxyUriPath is this prefix followed by /kms/xks/v1.
uri_prefix = "{DEV_XKS_PREFIX}"
region = "{DEV_XKS_REGION}"
# The key-service identity the key store acts as (here the dev administrator).
acts_as = "CN={admin}"
# Name attributes of the keys this store may use.
keys = ["{DEV_XKS_KEY}"]

[[xks.key_store.credentials]]
access_key_id = "{access_key_id}"
secret_access_key_file = "xks.secret"
"#
    )
}

/// Writes `xks.env` (mode 0600: it holds the secret) unless it exists. Returns true if written.
pub fn write_env(dir: &Path, access_key_id: &str, secret: &str) -> Result<bool, InitError> {
    let path = dir.join("xks.env");
    if path.exists() {
        return Ok(false);
    }
    // AWS's test client builds URLs as `$SCHEME$XKS_PROXY_HOST/$URI_PREFIX/kms/xks/v1/...`, so
    // its SCHEME carries `://` and its URI_PREFIX no leading slash; SECURE makes its curl
    // trust the development CA.
    let ca = std::path::absolute(dir.join("pki").join("ca.pem"))
        .map_err(|e| InitError::Io("resolving the dev CA path", e))?;
    let text = Zeroizing::new(format!(
        "# For AWS's public XKS test client (aws-samples/aws-kms-xksproxy-test-client) and\n\
         # curl --aws-sigv4 against the dev gateway: set -a; . ./xks.env; set +a\n\
         XKS_PROXY_HOST=localhost:8443\n\
         SCHEME=https://\n\
         XKS_URI_PREFIX={DEV_XKS_PREFIX}\n\
         URI_PREFIX={}\n\
         SECURE=\"--cacert {}\"\n\
         SIGV4_ACCESS_KEY_ID={access_key_id}\n\
         SIGV4_SECRET_ACCESS_KEY={secret}\n\
         KEY_ID={DEV_XKS_KEY}\n\
         REGION={DEV_XKS_REGION}\n\
         AWS_REGION={DEV_XKS_REGION}\n",
        DEV_XKS_PREFIX.trim_start_matches('/'),
        ca.display()
    ));
    create_private(&path, text.as_bytes()).map_err(|e| InitError::Io("writing xks.env", e))?;
    Ok(true)
}
