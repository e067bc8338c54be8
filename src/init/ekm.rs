//! The embedded default's Azure Managed HSM EKM proxy: an `[ekm]` section served on the XKS
//! HTTPS listener under `/ekm`, an AES-256 key for A256KW and A256KWP, and the development
//! client certificate allowed to call, so the EKM API answers at once (with curl and
//! `pki/client.pem`). A real Managed HSM connection adds its CA and client subject.

/// The Name of the dev EKM key (its external key identifier).
pub const DEV_EKM_KEY: &str = "ekm-dev-key";
/// The path prefix the dev EKM API is served under.
pub const DEV_EKM_PREFIX: &str = "/ekm";

/// The `[ekm]` section of the dev configuration: acting as, and allowing, the dev administrator.
pub fn config_section(admin: &str, ca_common_name: &str) -> String {
    format!(
        r#"
[ekm]
# The Azure Managed HSM External Key Management proxy API, on the [xks] listener. Options:
# src/hyok/ekm/config.rs. Served under {DEV_EKM_PREFIX}: /info, /{{key}}/metadata, /wrapkey, /unwrapkey.
path_prefix = "{DEV_EKM_PREFIX}"
# The key-service identity the proxy acts as (here the dev administrator).
acts_as = "CN={admin}"
# Name attributes of the keys served as external keys.
keys = ["{DEV_EKM_KEY}"]

[[ekm.allowed_client]]
# Who may call: here the dev client certificate. For Managed HSM, its certificate's issuer and
# subject common name (and its CA in `client_ca`).
issuer = "CN={ca_common_name}"
subject_cn = "{admin}"
"#
    )
}
