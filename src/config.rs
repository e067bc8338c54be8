//! The gateway's configuration: one TOML file, every option documented here and in the file that
//! `hsmgate init --dev` writes. Relative paths are relative to the configuration file's folder.
//!
//! Loading never panics: an unreadable file, a TOML error, an unknown key or a value out of range
//! becomes a [`ConfigError`] that names the key and the problem.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The whole configuration file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The KMIP listener (`[kmip]`).
    #[serde(default)]
    pub kmip: KmipConfig,
    /// Server certificate and the CAs that client certificates must chain to (`[tls]`).
    pub tls: TlsConfig,
    /// Where object metadata is kept (`[store]`).
    #[serde(default)]
    pub store: StoreConfig,
    /// The HSM backends (`[[hsm]]`, at least one). The first is the default for new objects.
    #[serde(rename = "hsm")]
    pub hsms: Vec<HsmConfig>,
    /// Who administers the gateway (`[access]`).
    #[serde(default)]
    pub access: AccessConfig,
    /// The AWS KMS External Key Store proxy API (`[xks]`); absent means not served. Its options
    /// are documented in `src/hyok/xks/config.rs`.
    #[serde(default)]
    pub xks: Option<crate::hyok::xks::config::XksConfig>,
}

/// `[kmip]`: the KMIP listener.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KmipConfig {
    /// Address and port to listen on. Default `127.0.0.1:5696` (the IANA KMIP port).
    pub listen: SocketAddr,
    /// Largest request accepted, in bytes; larger ones are refused from their 8-byte header.
    /// Default 1 MiB.
    pub max_message_size: usize,
    /// Deepest structure nesting accepted in a request. Default 32.
    pub max_depth: usize,
    /// Most connections served at once; further clients wait in the kernel's accept queue.
    /// Default 1024.
    pub max_connections: usize,
    /// Seconds a TLS handshake may take. Default 10.
    pub handshake_timeout_secs: u64,
    /// Seconds a connection may stay idle between requests. Default 300.
    pub idle_timeout_secs: u64,
}

impl Default for KmipConfig {
    fn default() -> Self {
        KmipConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 5696)),
            max_message_size: 1 << 20,
            max_depth: 32,
            max_connections: 1024,
            handshake_timeout_secs: 10,
            idle_timeout_secs: 300,
        }
    }
}

/// `[tls]`: certificates for the listeners. Client certificates are required.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsConfig {
    /// PEM file with the CA certificate(s) that client certificates must chain to.
    pub client_ca: PathBuf,
    /// PEM file with the server certificate chain.
    pub cert: PathBuf,
    /// PEM file with the server's private key (keep it mode 0600).
    pub key: PathBuf,
}

/// `[store]`: the metadata store.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    /// SQLite database file. Default `data/hsmgate.sqlite`.
    pub path: PathBuf,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            path: PathBuf::from("data/hsmgate.sqlite"),
        }
    }
}

/// `[[hsm]]`: one HSM backend (a PKCS#11 module and a token on it).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HsmConfig {
    /// A short name for logs, metrics and object records, e.g. `primary`.
    pub name: String,
    /// Path of the vendor's PKCS#11 module (`.so`).
    pub module: PathBuf,
    /// The token's label. Slots are found by label, never by number.
    pub token_label: String,
    /// File holding the user PIN (first line). Exactly one of `user_pin_file` / `user_pin_env`.
    pub user_pin_file: Option<PathBuf>,
    /// Environment variable holding the user PIN.
    pub user_pin_env: Option<String>,
    /// Most sessions opened on the token; the token's own limit applies if lower. Default 8.
    #[serde(default = "default_pool_size")]
    pub pool_size: usize,
    /// Environment variables set before the module is loaded (e.g. `SOFTHSM2_CONF`). Relative
    /// values that name an existing file next to the configuration are made absolute.
    #[serde(default)]
    pub environment: BTreeMap<String, String>,
}

fn default_pool_size() -> usize {
    8
}

/// `[access]`: identities with rights over every object.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AccessConfig {
    /// Client certificate subjects (RFC 4514 form, e.g. `CN=ops-admin,O=Example`) that may
    /// administer every object and grant access.
    pub administrators: Vec<String>,
}

/// What is wrong with a configuration file: the file, the key (when known) and the problem.
#[derive(Debug)]
#[non_exhaustive]
pub struct ConfigError {
    pub file: PathBuf,
    pub key: Option<String>,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.key {
            Some(key) => write!(f, "{}: `{}`: {}", self.file.display(), key, self.problem),
            None => write!(f, "{}: {}", self.file.display(), self.problem),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads, parses and checks a configuration file, resolving relative paths against its folder.
    pub fn load(file: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(file).map_err(|e| ConfigError {
            file: file.to_path_buf(),
            key: None,
            problem: format!("cannot read: {e}"),
        })?;
        let base = file.parent().unwrap_or(Path::new("."));
        Config::parse(&text, base).map_err(|(key, problem)| ConfigError {
            file: file.to_path_buf(),
            key,
            problem,
        })
    }

    /// Parses and checks configuration text; `base` is the folder relative paths start from.
    /// Errors are (key, problem).
    pub fn parse(text: &str, base: &Path) -> Result<Config, (Option<String>, String)> {
        let mut config: Config =
            toml::from_str(text).map_err(|e| (None, e.to_string().trim_end().to_owned()))?;
        config.check()?;
        config.resolve_paths(base);
        Ok(config)
    }

    fn check(&self) -> Result<(), (Option<String>, String)> {
        let bad = |key: String, problem: &str| Err((Some(key), problem.to_owned()));
        if self.hsms.is_empty() {
            return bad("hsm".into(), "at least one [[hsm]] backend is required");
        }
        if self.kmip.max_message_size < 1024 {
            return bad(
                "kmip.max_message_size".into(),
                "must be at least 1024 bytes",
            );
        }
        if self.kmip.max_depth == 0 || self.kmip.max_depth > 256 {
            return bad("kmip.max_depth".into(), "must be between 1 and 256");
        }
        if self.kmip.max_connections == 0 {
            return bad("kmip.max_connections".into(), "must be at least 1");
        }
        for (i, hsm) in self.hsms.iter().enumerate() {
            let key = |field: &str| format!("hsm[{i}].{field}");
            if hsm.name.trim().is_empty() {
                return bad(key("name"), "must not be empty");
            }
            if self.hsms[..i]
                .iter()
                .any(|earlier| earlier.name == hsm.name)
            {
                return bad(key("name"), "another [[hsm]] has the same name");
            }
            if hsm.token_label.is_empty() || hsm.token_label.len() > 32 {
                return bad(
                    key("token_label"),
                    "must be 1 to 32 bytes (a PKCS#11 token label)",
                );
            }
            match (&hsm.user_pin_file, &hsm.user_pin_env) {
                (Some(_), Some(_)) => {
                    return bad(
                        key("user_pin_file"),
                        "give user_pin_file or user_pin_env, not both",
                    )
                }
                (None, None) => {
                    return bad(
                        key("user_pin_file"),
                        "the user PIN is needed: set user_pin_file or user_pin_env",
                    )
                }
                _ => {}
            }
            if hsm.pool_size == 0 {
                return bad(key("pool_size"), "must be at least 1");
            }
        }
        if let Some(xks) = &self.xks {
            xks.check()?;
        }
        Ok(())
    }

    fn resolve_paths(&mut self, base: &Path) {
        let resolve = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        resolve(&mut self.tls.client_ca);
        resolve(&mut self.tls.cert);
        resolve(&mut self.tls.key);
        resolve(&mut self.store.path);
        if let Some(xks) = &mut self.xks {
            xks.resolve_paths(base);
        }
        for hsm in &mut self.hsms {
            resolve(&mut hsm.module);
            if let Some(pin_file) = &mut hsm.user_pin_file {
                resolve(pin_file);
            }
            for value in hsm.environment.values_mut() {
                let candidate = base.join(&*value);
                if Path::new(value).is_relative() && candidate.exists() {
                    *value = candidate.to_string_lossy().into_owned();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
        [tls]
        client_ca = "pki/ca.pem"
        cert = "pki/server.pem"
        key = "pki/server.key"

        [[hsm]]
        name = "primary"
        module = "/usr/lib/softhsm/libsofthsm2.so"
        token_label = "tok"
        user_pin_env = "HSM_PIN"
    "#;

    fn problem(text: &str) -> (Option<String>, String) {
        match Config::parse(text, Path::new("/etc/hsmgate")) {
            Ok(_) => panic!("configuration was accepted"),
            Err(e) => e,
        }
    }

    #[test]
    fn minimal_file_gets_defaults_and_absolute_paths() {
        let config = Config::parse(MINIMAL, Path::new("/etc/hsmgate")).unwrap();
        assert_eq!(config.kmip.listen, "127.0.0.1:5696".parse().unwrap());
        assert_eq!(config.kmip.max_message_size, 1 << 20);
        assert_eq!(
            config.tls.cert,
            PathBuf::from("/etc/hsmgate/pki/server.pem")
        );
        assert_eq!(
            config.store.path,
            PathBuf::from("/etc/hsmgate/data/hsmgate.sqlite")
        );
        assert_eq!(config.hsms[0].pool_size, 8);
        assert_eq!(config.hsms[0].user_pin_env.as_deref(), Some("HSM_PIN"));
    }

    #[test]
    fn unknown_key_is_named() {
        let (_, message) = problem(&format!("{MINIMAL}\n[kmip]\nlisten_port = 5696\n"));
        assert!(message.contains("listen_port"), "{message}");
    }

    #[test]
    fn wrong_type_is_named() {
        let (_, message) =
            problem(&MINIMAL.replace("[tls]", "[kmip]\nmax_depth = \"deep\"\n[tls]"));
        assert!(message.contains("max_depth"), "{message}");
    }

    #[test]
    fn bad_listen_address_is_refused() {
        let (_, message) =
            problem(&MINIMAL.replace("[tls]", "[kmip]\nlisten = \"localhost\"\n[tls]"));
        assert!(message.contains("listen"), "{message}");
    }

    #[test]
    fn pin_source_must_be_exactly_one() {
        let both = MINIMAL.replace(
            "user_pin_env = \"HSM_PIN\"",
            "user_pin_env = \"A\"\nuser_pin_file = \"pin\"",
        );
        assert_eq!(problem(&both).0.as_deref(), Some("hsm[0].user_pin_file"));
        let none = MINIMAL.replace("user_pin_env = \"HSM_PIN\"", "");
        assert!(problem(&none).1.contains("user PIN"));
    }

    #[test]
    fn limits_are_checked() {
        let zero_pool = MINIMAL.replace("user_pin_env", "pool_size = 0\nuser_pin_env");
        assert_eq!(problem(&zero_pool).0.as_deref(), Some("hsm[0].pool_size"));
        let tiny = MINIMAL.replace("[tls]", "[kmip]\nmax_message_size = 10\n[tls]");
        assert_eq!(problem(&tiny).0.as_deref(), Some("kmip.max_message_size"));
        let long_label = MINIMAL.replace("\"tok\"", &format!("\"{}\"", "x".repeat(33)));
        assert_eq!(
            problem(&long_label).0.as_deref(),
            Some("hsm[0].token_label")
        );
    }

    #[test]
    fn duplicate_backend_names_are_refused() {
        let second = "\n[[hsm]]\nname = \"primary\"\nmodule = \"m.so\"\ntoken_label = \"t2\"\nuser_pin_env = \"P\"\n";
        assert_eq!(
            problem(&format!("{MINIMAL}{second}")).0.as_deref(),
            Some("hsm[1].name")
        );
    }

    #[test]
    fn no_backend_is_refused() {
        let text = "hsm = []
"
        .to_owned()
            + MINIMAL.split("[[hsm]]").next().unwrap_or_default();
        assert_eq!(problem(&text).0.as_deref(), Some("hsm"));
    }
}
