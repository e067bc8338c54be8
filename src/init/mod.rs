//! `hsmgate init --dev --dir DIR`: a complete embedded default in one folder — a SoftHSM2
//! configuration and token, NSS's softoken database when it is installed (for ChaCha20 keys),
//! PIN files, a development PKI and `hsmgate.toml`.
//!
//! Every step first looks whether its result is already there and keeps it: running init twice
//! destroys nothing.

mod ekm;
mod named_keys;
mod nss;
mod pki;
mod secret_file;
mod token;
mod xks;

use std::fmt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use hsmgate_kmip::spec::CryptographicUsageMask;
use named_keys::{ensure_named_keys, NamedKey};

pub use ekm::{DEV_EKM_KEY, DEV_EKM_PREFIX};
pub use pki::{write_dev_pki, DevCa, DEV_ADMIN_CN, DEV_CA_CN};
pub use secret_file::{create_private, random_pin, read_pin};
pub use token::{ensure_token, find_softhsm_module, softhsm_conf};
pub use xks::{DEV_XKS_KEY, DEV_XKS_PREFIX, DEV_XKS_REGION};

/// The label of the embedded default's token.
pub const DEV_TOKEN_LABEL: &str = "hsmgate-dev";

/// Why init failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum InitError {
    Io(&'static str, std::io::Error),
    Pki(String),
    Pkcs11(&'static str, cryptoki::error::Error),
    SoftHsmMissing,
    NoFreeSlot,
    /// The configuration or key service refused (e.g. making the XKS key).
    Setup(String),
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InitError::Io(what, e) => write!(f, "{what}: {e}"),
            InitError::Pki(e) => write!(f, "making the development PKI: {e}"),
            InitError::Pkcs11(what, e) => write!(f, "SoftHSM2 token: {what}: {e}"),
            InitError::SoftHsmMissing => f.write_str(
                "the SoftHSM2 module was not found; install it (apt-get install softhsm2) or set HSMGATE_SOFTHSM_MODULE",
            ),
            InitError::NoFreeSlot => f.write_str("SoftHSM2 offered no free slot to initialise a token in"),
            InitError::Setup(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for InitError {}

/// What init made, for the operator to read.
#[derive(Debug, Default)]
pub struct InitReport {
    pub made: Vec<String>,
    pub kept: Vec<String>,
    pub config: PathBuf,
}

/// Makes (or completes) the embedded default in `dir`.
pub fn init_dev(dir: &Path) -> Result<InitReport, InitError> {
    let io = |what: &'static str| move |e: std::io::Error| InitError::Io(what, e);
    std::fs::create_dir_all(dir).map_err(io("creating the folder"))?;
    let dir = dir.canonicalize().map_err(io("resolving the folder"))?;
    let mut report = InitReport {
        config: dir.join("hsmgate.toml"),
        ..InitReport::default()
    };
    let mut note = |made: bool, what: String| {
        if made {
            report.made.push(what)
        } else {
            report.kept.push(what)
        }
    };

    for sub in ["tokens", "data", "pki"] {
        let path = dir.join(sub);
        std::fs::create_dir_all(&path).map_err(io("creating a sub-folder"))?;
        // Tokens, metadata and private keys are for the gateway's user alone.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700))
            .map_err(io("restricting a sub-folder"))?;
    }
    let mut pins = Vec::new();
    for file in ["so.pin", "user.pin"] {
        let path = dir.join(file);
        let made = !path.exists();
        if made {
            create_private(
                &path,
                random_pin().map_err(io("generating a PIN"))?.as_bytes(),
            )
            .map_err(io("writing a PIN file"))?;
        }
        pins.push(read_pin(&path).map_err(io("reading a PIN file"))?);
        note(made, format!("{} (mode 0600)", path.display()));
    }

    let conf_path = dir.join("softhsm2.conf");
    let made = !conf_path.exists();
    if made {
        std::fs::write(&conf_path, softhsm_conf(&dir.join("tokens")))
            .map_err(io("writing softhsm2.conf"))?;
    }
    note(made, conf_path.display().to_string());

    let module = find_softhsm_module()?;
    // SoftHSM2 reads its configuration from the environment when the module initialises; init runs
    // before any other thread exists.
    std::env::set_var("SOFTHSM2_CONF", &conf_path);
    let (so_pin, user_pin) = (&pins[0], &pins[1]);
    let made = ensure_token(&module, DEV_TOKEN_LABEL, so_pin, user_pin)?;
    note(
        made,
        format!(
            "SoftHSM2 token \"{DEV_TOKEN_LABEL}\" in {}",
            dir.join("tokens").display()
        ),
    );

    let nss_token = nss::ensure_nss(&dir)?;
    if let Some(token) = &nss_token {
        note(
            token.made,
            format!(
                "NSS softoken database in {} (PIN in nss.pin, mode 0600)",
                dir.join("nss").display()
            ),
        );
    }

    let pki_files = write_dev_pki(&dir.join("pki"))?;
    note(
        !pki_files.is_empty(),
        format!("development PKI in {}", dir.join("pki").display()),
    );

    let (access_key_id, secret, made) = xks::ensure_credentials(&dir)?;
    note(
        made,
        format!(
            "XKS credentials {} (mode 0600)",
            dir.join("xks.secret").display()
        ),
    );

    let made = !report.config.exists();
    if made {
        let mut text = dev_config(&module);
        if let Some(token) = &nss_token {
            text += &nss::config_section(token);
        }
        text += &xks::config_section(&access_key_id, DEV_ADMIN_CN);
        text += &ekm::config_section(DEV_ADMIN_CN, DEV_CA_CN);
        std::fs::write(&report.config, text).map_err(io("writing hsmgate.toml"))?;
    }
    let config_path = report.config.display().to_string();
    note(made, config_path);

    // The XKS key lives in the HSM and the metadata store, made through the key service.
    let config =
        crate::config::Config::load(&report.config).map_err(|e| InitError::Pki(e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(io("starting a runtime"))?;
    // The HYOK front ends' keys live in the HSM and the metadata store, made through the key
    // service. (A configuration kept from an older init may have no [ekm] section.)
    let mut keys = vec![NamedKey {
        name: DEV_XKS_KEY,
        usage: CryptographicUsageMask::ENCRYPT | CryptographicUsageMask::DECRYPT,
    }];
    if config.ekm.is_some() {
        keys.push(NamedKey {
            name: DEV_EKM_KEY,
            usage: CryptographicUsageMask::WRAP_KEY | CryptographicUsageMask::UNWRAP_KEY,
        });
    }
    let made = runtime.block_on(ensure_named_keys(&config, DEV_ADMIN_CN, &keys))?;
    for (key, made) in keys.iter().zip(made) {
        note(made, format!("key \"{}\" (AES-256, Active)", key.name));
    }
    let made = xks::write_env(&dir, &access_key_id, &secret)?;
    note(
        made,
        format!("{} (mode 0600)", dir.join("xks.env").display()),
    );
    Ok(report)
}

/// The embedded default's configuration, with every option shown and explained.
fn dev_config(module: &Path) -> String {
    format!(
        r#"# hsmgate configuration (made by `hsmgate init --dev`). Relative paths are relative to this file.

[kmip]
# Address and port of the KMIP listener (TTLV over mutual TLS).
listen = "127.0.0.1:5696"
# Largest request accepted, in bytes; refused from its 8-byte header before it is read.
max_message_size = 1048576
# Deepest structure nesting accepted in a request.
max_depth = 32
# Most connections served at once.
max_connections = 1024
# Seconds a TLS handshake may take, and a connection may stay idle between requests.
handshake_timeout_secs = 10
idle_timeout_secs = 300

[tls]
# CA certificate(s) that client certificates must chain to; a client certificate is required.
client_ca = "pki/ca.pem"
# The server's certificate chain and private key.
cert = "pki/server.pem"
key = "pki/server.key"

[store]
# SQLite file holding object metadata.
path = "data/hsmgate.sqlite"

[access]
# Client certificate subjects that administer every object.
administrators = ["CN={admin}"]

[keys]
# Keys made by Create (and Create Key Pair's private keys) are generated in the HSM sensitive
# and non-extractable: they never leave
# it, and Get of them is refused (Not Extractable). Clients that read back the keys they create
# (VMware vCenter's KMS client, for one) need `true`: Create then follows KMIP's defaults
# (Extractable true, Sensitive false) and Get returns the key in plaintext over TLS. A client's
# own Extractable or Sensitive attribute always wins. Keep `false` unless a client needs it.
created_keys_extractable = false
# The Lease Time (seconds) given to new objects: how long a client may use its copy of an
# object before asking again with Obtain Lease.
lease_time_secs = 3600

[[hsm]]
# A short name for logs and metrics.
name = "softhsm"
# The vendor's PKCS#11 module.
module = "{module}"
# The token, found by its label (never by slot number).
token_label = "{label}"
# The user PIN: a file (first line) or an environment variable (user_pin_env = "NAME").
user_pin_file = "user.pin"
# Most sessions opened on the token (the token's own limit applies if lower).
pool_size = 8
# Environment for the module: SoftHSM2 finds its token folder through this file.
environment = {{ SOFTHSM2_CONF = "softhsm2.conf" }}
"#,
        admin = DEV_ADMIN_CN,
        module = module.display(),
        label = DEV_TOKEN_LABEL,
    )
}
