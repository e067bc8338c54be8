//! `[xks]`: the AWS KMS External Key Store (XKS) proxy API listener and its key stores.
//!
//! ```toml
//! [xks]
//! listen = "127.0.0.1:8443"          # default
//!
//! [[xks.key_store]]
//! uri_prefix = "/keystores/ks1"      # "" or "/..."; the API is served under PREFIX/kms/xks/v1
//! region = "us-east-1"               # the region AWS KMS signs with
//! acts_as = "CN=ops-admin,O=Example" # the key-service identity this store uses
//! keys = ["payments-key"]            # Name attributes of the keys it may use
//! client_subjects = []               # optional mTLS pinning: allowed client certificate subjects
//! [[xks.key_store.credentials]]
//! access_key_id = "AKIAI2SFODNN7EXAMPLE"
//! secret_access_key_file = "secrets/ks1.sigv4"   # or secret_access_key_env = "VAR"
//! ```
//!
//! Secrets are never written in the configuration file itself: only a file (first line) or an
//! environment variable holding them.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use zeroize::Zeroizing;

/// `[xks]`: the HTTPS listener of the XKS proxy API.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XksConfig {
    /// Address and port to listen on (HTTPS, HTTP/1.1 and HTTP/2). Default `127.0.0.1:8443`.
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    /// Most connections served at once. Default 1024.
    #[serde(default = "default_max_connections")]
    pub max_connections: usize,
    /// The external key stores (`[[xks.key_store]]`, at least one), each under its own URI prefix.
    #[serde(rename = "key_store")]
    pub key_stores: Vec<KeyStoreConfig>,
}

fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8443))
}

fn default_max_connections() -> usize {
    1024
}

/// `[[xks.key_store]]`: one logical external key store, as AWS KMS knows it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyStoreConfig {
    /// The path before `/kms/xks/v1` (AWS's `XksProxyUriPath` without that suffix): empty, or
    /// `/` followed by letters, digits, `/`, `-` and `_`, without a trailing `/`. Unique.
    #[serde(default)]
    pub uri_prefix: String,
    /// The AWS region whose KMS signs the requests (the SigV4 credential scope's region).
    pub region: String,
    /// The key-service identity (a client certificate subject, RFC 4514 form) whose rights the
    /// store uses: an `[access]` administrator, or the owner of the keys (or a holder of grants
    /// for Encrypt, Decrypt and Get Attributes on them).
    pub acts_as: String,
    /// The Name attributes of the managed keys this store may use as `externalKeyId`s. Other
    /// keys answer KeyNotFoundException.
    #[serde(default)]
    pub keys: Vec<String>,
    /// SigV4 credentials accepted (at least one; two or more allow rotation without downtime).
    pub credentials: Vec<CredentialConfig>,
    /// Client certificate subjects (RFC 4514 form) allowed to call this store. Empty (the
    /// default): no client certificate is needed. Otherwise a request must come over a TLS
    /// connection whose client certificate chains to `tls.client_ca` and has one of these
    /// subjects, in addition to a valid SigV4 signature.
    #[serde(default)]
    pub client_subjects: Vec<String>,
}

/// `[[xks.key_store.credentials]]`: one SigV4 access key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialConfig {
    /// The access key id (AWS asks for 20 to 30 characters from `A`-`Z` and `2`-`7`).
    pub access_key_id: String,
    /// File whose first line is the secret access key (keep it mode 0600). Exactly one of
    /// `secret_access_key_file` / `secret_access_key_env`.
    pub secret_access_key_file: Option<PathBuf>,
    /// Environment variable holding the secret access key.
    pub secret_access_key_env: Option<String>,
}

impl CredentialConfig {
    /// Reads the secret from its file or variable. Errors name the source, never the secret.
    pub fn load_secret(&self) -> Result<Zeroizing<String>, String> {
        let raw = match (&self.secret_access_key_file, &self.secret_access_key_env) {
            (Some(file), _) => Zeroizing::new(
                std::fs::read_to_string(file)
                    .map_err(|e| format!("cannot read {}: {e}", file.display()))?,
            ),
            (None, Some(var)) => Zeroizing::new(
                std::env::var(var).map_err(|_| format!("environment variable {var} is not set"))?,
            ),
            (None, None) => return Err("no secret source".into()),
        };
        let secret = Zeroizing::new(raw.lines().next().unwrap_or_default().trim().to_owned());
        if secret.is_empty() {
            return Err("the secret access key is empty".into());
        }
        Ok(secret)
    }
}

type Problem = (Option<String>, String);

fn prefix_ok(prefix: &str) -> bool {
    prefix.is_empty()
        || (prefix.starts_with('/')
            && !prefix.ends_with('/')
            && !prefix.contains("//")
            && prefix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_')))
}

impl XksConfig {
    /// Checks the section; errors are (key, problem) like the rest of the configuration.
    pub fn check(&self) -> Result<(), Problem> {
        let bad = |key: String, problem: &str| Err((Some(key), problem.to_owned()));
        if self.max_connections == 0 {
            return bad("xks.max_connections".into(), "must be at least 1");
        }
        if self.key_stores.is_empty() {
            return bad(
                "xks.key_store".into(),
                "at least one [[xks.key_store]] is required",
            );
        }
        for (i, store) in self.key_stores.iter().enumerate() {
            let key = |field: &str| format!("xks.key_store[{i}].{field}");
            // AWS limits XksProxyUriPath (prefix + "/kms/xks/v1") to 128 characters.
            if !prefix_ok(&store.uri_prefix) || store.uri_prefix.len() + 11 > 128 {
                return bad(
                    key("uri_prefix"),
                    "must be empty or `/` then letters, digits, `/`, `-`, `_` (no trailing `/`), at most 117 characters",
                );
            }
            if self.key_stores[..i]
                .iter()
                .any(|earlier| earlier.uri_prefix == store.uri_prefix)
            {
                return bad(
                    key("uri_prefix"),
                    "another [[xks.key_store]] has the same prefix",
                );
            }
            if store.region.trim().is_empty() {
                return bad(key("region"), "must not be empty");
            }
            if store.acts_as.trim().is_empty() {
                return bad(key("acts_as"), "must not be empty");
            }
            if store.credentials.is_empty() {
                return bad(key("credentials"), "at least one credential is required");
            }
            for (j, credential) in store.credentials.iter().enumerate() {
                let ckey = |field: &str| format!("xks.key_store[{i}].credentials[{j}].{field}");
                if credential.access_key_id.is_empty()
                    || !credential
                        .access_key_id
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric())
                {
                    return bad(ckey("access_key_id"), "must be letters and digits");
                }
                if store.credentials[..j]
                    .iter()
                    .any(|c| c.access_key_id == credential.access_key_id)
                {
                    return bad(ckey("access_key_id"), "listed twice in this key store");
                }
                match (
                    &credential.secret_access_key_file,
                    &credential.secret_access_key_env,
                ) {
                    (Some(_), Some(_)) => {
                        return bad(
                            ckey("secret_access_key_file"),
                            "give secret_access_key_file or secret_access_key_env, not both",
                        )
                    }
                    (None, None) => {
                        return bad(
                            ckey("secret_access_key_file"),
                            "the secret is needed: set secret_access_key_file or secret_access_key_env (never inline)",
                        )
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// Makes secret file paths absolute against the configuration's folder.
    pub fn resolve_paths(&mut self, base: &Path) {
        for store in &mut self.key_stores {
            for credential in &mut store.credentials {
                if let Some(file) = &mut credential.secret_access_key_file {
                    if file.is_relative() {
                        *file = base.join(&*file);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::test_support::parse_with as parse;
    use std::path::Path;

    const STORE: &str = r#"
        [xks]
        [[xks.key_store]]
        uri_prefix = "/ks1"
        region = "us-east-1"
        acts_as = "CN=admin"
        keys = ["k1"]
        [[xks.key_store.credentials]]
        access_key_id = "AKIAEXAMPLE234567ABCD"
        secret_access_key_file = "secrets/ks1"
    "#;

    #[test]
    fn a_key_store_gets_defaults_and_absolute_secret_paths() {
        let config = parse(STORE).unwrap();
        let xks = config.xks.unwrap();
        assert_eq!(xks.listen, "127.0.0.1:8443".parse().unwrap());
        let credential = &xks.key_stores[0].credentials[0];
        assert_eq!(
            credential.secret_access_key_file.as_deref(),
            Some(Path::new("/etc/hsmgate/secrets/ks1"))
        );
        assert!(parse("").unwrap().xks.is_none());
    }

    #[test]
    fn an_inline_secret_is_refused() {
        let inline = STORE.replace(
            "secret_access_key_file = \"secrets/ks1\"",
            "secret_access_key = \"abc\"",
        );
        assert!(parse(&inline).unwrap_err().1.contains("secret_access_key"));
    }

    #[test]
    fn bad_prefixes_and_missing_secrets_are_named() {
        for prefix in ["ks1", "/ks1/", "/k s", "/a//b"] {
            let text = STORE.replace("\"/ks1\"", &format!("\"{prefix}\""));
            assert_eq!(
                parse(&text).unwrap_err().0.as_deref(),
                Some("xks.key_store[0].uri_prefix"),
                "{prefix}"
            );
        }
        let none = STORE.replace("secret_access_key_file = \"secrets/ks1\"", "");
        assert_eq!(
            parse(&none).unwrap_err().0.as_deref(),
            Some("xks.key_store[0].credentials[0].secret_access_key_file")
        );
    }
}
