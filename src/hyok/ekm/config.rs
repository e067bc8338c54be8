//! `[ekm]`: the Azure Managed HSM External Key Management (EKM) proxy API.
//!
//! ```toml
//! [ekm]
//! path_prefix = "/ekm/pool1"            # Managed HSM's EKM connection path prefix ("" for none)
//! acts_as = "CN=ops-admin,O=Example"    # the key-service identity the proxy uses
//! keys = ["payments-kek", "rsa-kek"]    # Name attributes of the keys it may use
//! client_ca = "pki/azure-mhsm-ca.pem"   # optional: CA(s) of Managed HSM's client certificate
//! # listen = "127.0.0.1:8443"           # only without [xks]: with it, EKM shares its listener
//!
//! [[ekm.allowed_client]]                # who may call: issuer and subject of the client cert
//! issuer = "CN=Example Issuing CA,O=Example"
//! subject_cn = "mhsm-pool1.managedhsm.azure.net"   # or subject = "CN=...,O=..." (exact)
//! ```
//!
//! The HTTPS listener asks every client for a certificate and verifies it against
//! `tls.client_ca` and `ekm.client_ca`; an EKM request is served only when the certificate's
//! issuer and subject match one `[[ekm.allowed_client]]`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// `[ekm]`: one EKM proxy endpoint for a Managed HSM pool.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EkmConfig {
    /// Address and port of the HTTPS listener when there is no `[xks]` section (default
    /// `127.0.0.1:8443`; Managed HSM connects to port 443 in the preview, so put the gateway or
    /// a TCP forwarder there). With `[xks]`, EKM is served on `xks.listen` and this must be
    /// left out or equal to it.
    #[serde(default)]
    pub listen: Option<SocketAddr>,
    /// The path prefix configured on Managed HSM's EKM connection: empty (the default), or
    /// `/` then at most 63 letters, digits, `/` and `-`, without a trailing `/`. The API is
    /// served under it: PREFIX/info, PREFIX/{key}/metadata, /wrapkey, /unwrapkey.
    #[serde(default)]
    pub path_prefix: String,
    /// The key-service identity (RFC 4514 subject) whose rights the proxy uses: an `[access]`
    /// administrator, or the owner of the keys (or a holder of Encrypt, Decrypt and Get
    /// Attributes grants on them).
    pub acts_as: String,
    /// The Name attributes of the managed keys served as external keys (at most 64 letters,
    /// digits and `-` each, as Managed HSM's external key identifiers). An AES-256 key serves
    /// A256KW and A256KWP; an RSA key pair (2048, 3072 or 4096 bits), named by its private key,
    /// serves RSA-OAEP-256 and RSA-OAEP. Other names answer KeyNotFound.
    #[serde(default)]
    pub keys: Vec<String>,
    /// PEM file of extra CA certificate(s) that EKM client certificates may chain to (the CA
    /// of Managed HSM's client certificate, from `az keyvault ekm-connection certificate
    /// show`), besides `tls.client_ca`.
    #[serde(default)]
    pub client_ca: Option<PathBuf>,
    /// The client certificates allowed to call (at least one): issuer and subject.
    #[serde(rename = "allowed_client")]
    pub allowed_clients: Vec<AllowedClient>,
    /// `ekm_vendor` reported by the info API. Default `PKCS#11`.
    #[serde(default = "default_ekm_vendor")]
    pub ekm_vendor: String,
    /// `ekm_product` reported by the info API. Default `PKCS#11 HSM`.
    #[serde(default = "default_ekm_product")]
    pub ekm_product: String,
}

fn default_ekm_vendor() -> String {
    "PKCS#11".into()
}

fn default_ekm_product() -> String {
    "PKCS#11 HSM".into()
}

/// `[[ekm.allowed_client]]`: one client certificate identity allowed to call.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowedClient {
    /// The issuer's distinguished name as `CN=...,O=...` (attributes in certificate order;
    /// CN, O, OU, C, L, ST and UID are compared, others ignored).
    pub issuer: String,
    /// The subject's distinguished name, compared whole, in the same form. Exactly one of
    /// `subject` / `subject_cn`.
    #[serde(default)]
    pub subject: Option<String>,
    /// The subject's common name alone (Microsoft recommends allow-listing Managed HSM by
    /// subject common name and CA, which survive its certificate rotations).
    #[serde(default)]
    pub subject_cn: Option<String>,
}

/// The listen address without `[xks]`.
pub const DEFAULT_LISTEN: ([u8; 4], u16) = ([127, 0, 0, 1], 8443);

type Problem = (Option<String>, String);

/// Whether a path prefix has the form Managed HSM accepts.
pub fn prefix_ok(prefix: &str) -> bool {
    prefix.is_empty()
        || (prefix.len() <= 64
            && prefix.starts_with('/')
            && !prefix.ends_with('/')
            && !prefix.contains("//")
            && prefix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-')))
}

/// Whether an external key identifier has the form Managed HSM accepts.
pub fn key_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl EkmConfig {
    /// Checks the section; `xks_listen` is `xks.listen` when `[xks]` is present.
    pub fn check(&self, xks_listen: Option<SocketAddr>) -> Result<(), Problem> {
        let bad = |key: &str, problem: &str| Err((Some(format!("ekm.{key}")), problem.to_owned()));
        if let (Some(listen), Some(xks)) = (self.listen, xks_listen) {
            if listen != xks {
                return bad(
                    "listen",
                    "EKM shares the [xks] listener: leave ekm.listen out or make it xks.listen",
                );
            }
        }
        if !prefix_ok(&self.path_prefix) {
            return bad(
                "path_prefix",
                "must be empty or `/` then letters, digits, `/`, `-` (no trailing `/`), at most 64 characters",
            );
        }
        // The XKS API lives under .../kms/xks/v1; an EKM prefix there could shadow it.
        if self.path_prefix.contains("/kms/xks") {
            return bad("path_prefix", "must not lie in an XKS path");
        }
        if self.acts_as.trim().is_empty() {
            return bad("acts_as", "must not be empty");
        }
        if let Some(name) = self.keys.iter().find(|k| !key_name_ok(k)) {
            return bad(
                "keys",
                &format!("`{name}`: external key names are 1 to 64 letters, digits and `-`"),
            );
        }
        if self.allowed_clients.is_empty() {
            return bad(
                "allowed_client",
                "at least one [[ekm.allowed_client]] is required (mTLS is how Managed HSM authenticates)",
            );
        }
        for (i, client) in self.allowed_clients.iter().enumerate() {
            if client.issuer.trim().is_empty() {
                return bad(&format!("allowed_client[{i}].issuer"), "must not be empty");
            }
            match (&client.subject, &client.subject_cn) {
                (Some(s), None) | (None, Some(s)) if !s.trim().is_empty() => {}
                _ => {
                    return bad(
                        &format!("allowed_client[{i}].subject"),
                        "give exactly one of subject / subject_cn, not empty",
                    )
                }
            }
        }
        Ok(())
    }

    /// Makes `client_ca` absolute against the configuration's folder.
    pub fn resolve_paths(&mut self, base: &Path) {
        if let Some(file) = &mut self.client_ca {
            if file.is_relative() {
                *file = base.join(&*file);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::test_support::parse_with as parse;
    use std::path::Path;

    const EKM: &str = r#"
        [ekm]
        path_prefix = "/pool1"
        acts_as = "CN=admin"
        keys = ["kek-1"]
        client_ca = "azure-ca.pem"
        [[ekm.allowed_client]]
        issuer = "CN=Issuing CA"
        subject_cn = "mhsm"
    "#;

    #[test]
    fn a_section_gets_defaults_and_absolute_paths() {
        let ekm = parse(EKM).unwrap().ekm.unwrap();
        assert_eq!(ekm.listen, None);
        assert_eq!(ekm.ekm_vendor, "PKCS#11");
        assert_eq!(
            ekm.client_ca.as_deref(),
            Some(Path::new("/etc/hsmgate/azure-ca.pem"))
        );
        assert!(parse("").unwrap().ekm.is_none());
    }

    #[test]
    fn bad_values_are_named() {
        let cases = [
            ("\"/pool1\"", "\"pool1\"", "ekm.path_prefix"),
            ("\"/pool1\"", "\"/p_1\"", "ekm.path_prefix"),
            ("[\"kek-1\"]", "[\"kek_1\"]", "ekm.keys"),
            ("subject_cn = \"mhsm\"", "", "ekm.allowed_client[0].subject"),
            (
                "subject_cn = \"mhsm\"",
                "subject_cn = \"a\"\nsubject = \"CN=a\"",
                "ekm.allowed_client[0].subject",
            ),
        ];
        for (from, to, key) in cases {
            let text = EKM.replace(from, to);
            assert_eq!(parse(&text).unwrap_err().0.as_deref(), Some(key), "{to}");
        }
        let unknown = EKM.replace("acts_as", "listen_port = 1\nacts_as");
        assert!(parse(&unknown).unwrap_err().1.contains("listen_port"));
    }

    #[test]
    fn a_listen_address_must_agree_with_xks() {
        let xks = r#"
            [xks]
            listen = "127.0.0.1:9443"
            [[xks.key_store]]
            region = "us-east-1"
            acts_as = "CN=admin"
            [[xks.key_store.credentials]]
            access_key_id = "AKIAEXAMPLE234567ABCD"
            secret_access_key_env = "S"
        "#;
        let other = EKM.replace("[ekm]", "[ekm]\nlisten = \"127.0.0.1:8443\"");
        assert_eq!(
            parse(&format!("{xks}{other}")).unwrap_err().0.as_deref(),
            Some("ekm.listen")
        );
        let same = EKM.replace("[ekm]", "[ekm]\nlisten = \"127.0.0.1:9443\"");
        assert!(parse(&format!("{xks}{same}")).is_ok());
    }
}
