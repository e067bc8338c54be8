//! mTLS client authorisation: the issuer and subject of the client certificate (which the TLS
//! layer has already verified against the configured CAs) must match an allowed pair.

use rustls_pki_types::CertificateDer;
use x509_parser::prelude::{FromDer, X509Certificate};

use super::config::AllowedClient;
use crate::identity::distinguished_name;

/// The names of a client certificate, in the form the configuration uses.
#[derive(Clone, Debug)]
pub(crate) struct ClientNames {
    pub issuer: String,
    pub subject: String,
    /// The subject's (first) common name.
    pub common_name: Option<String>,
}

impl ClientNames {
    pub fn of(cert: &CertificateDer<'_>) -> Option<ClientNames> {
        let (_, parsed) = X509Certificate::from_der(cert.as_ref()).ok()?;
        let common_name = parsed
            .subject()
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok())
            .map(str::to_owned);
        Some(ClientNames {
            issuer: distinguished_name(parsed.issuer())?,
            subject: distinguished_name(parsed.subject())?,
            common_name,
        })
    }

    /// Whether one of `allowed` names this certificate's issuer and subject.
    pub fn allowed_by(&self, allowed: &[AllowedClient]) -> bool {
        allowed.iter().any(|client| {
            client.issuer == self.issuer
                && match (&client.subject, &client.subject_cn) {
                    (Some(subject), _) => *subject == self.subject,
                    (None, Some(cn)) => self.common_name.as_deref() == Some(cn.as_str()),
                    (None, None) => false,
                }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> ClientNames {
        ClientNames {
            issuer: "CN=Issuing CA,O=Example".into(),
            subject: "CN=mhsm,O=Microsoft".into(),
            common_name: Some("mhsm".into()),
        }
    }

    fn client(issuer: &str, subject: Option<&str>, cn: Option<&str>) -> AllowedClient {
        AllowedClient {
            issuer: issuer.into(),
            subject: subject.map(str::to_owned),
            subject_cn: cn.map(str::to_owned),
        }
    }

    #[test]
    fn issuer_and_subject_must_both_match() {
        let n = names();
        assert!(n.allowed_by(&[client("CN=Issuing CA,O=Example", None, Some("mhsm"))]));
        assert!(n.allowed_by(&[client(
            "CN=Issuing CA,O=Example",
            Some("CN=mhsm,O=Microsoft"),
            None
        )]));
        assert!(!n.allowed_by(&[client("CN=Other CA", None, Some("mhsm"))]));
        assert!(!n.allowed_by(&[client("CN=Issuing CA,O=Example", Some("CN=mhsm"), None)]));
        assert!(!n.allowed_by(&[client("CN=Issuing CA,O=Example", None, Some("MHSM"))]));
        assert!(!n.allowed_by(&[]));
    }
}
