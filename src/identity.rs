//! Who is calling. A KMIP caller is its client certificate: the subject distinguished name,
//! written as `CN=...,O=...` (attribute order as in the certificate).

use std::fmt;

use rustls_pki_types::CertificateDer;
use x509_parser::prelude::{FromDer, X509Certificate, X509Name};

/// An authenticated caller.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Identity {
    subject: String,
}

impl Identity {
    /// An identity with the given subject (for configuration and tests).
    pub fn new(subject: impl Into<String>) -> Self {
        Identity {
            subject: subject.into(),
        }
    }

    /// The identity of a verified client certificate, or `None` when its subject cannot be read.
    pub fn from_certificate(cert: &CertificateDer<'_>) -> Option<Self> {
        let (_, parsed) = X509Certificate::from_der(cert.as_ref()).ok()?;
        Some(Identity {
            subject: distinguished_name(parsed.subject())?,
        })
    }

    /// The subject, e.g. `CN=hsmgate dev admin`.
    pub fn subject(&self) -> &str {
        &self.subject
    }
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.subject)
    }
}

/// A distinguished name in the form identities use: `CN=...,O=...`, attributes in the
/// certificate's order, those of types other than CN, O, OU, C, L, ST and UID left out.
/// `None` when nothing is left.
pub fn distinguished_name(name: &X509Name<'_>) -> Option<String> {
    let parts: Vec<String> = name
        .iter_attributes()
        .filter_map(|attr| {
            let value = attr.as_str().ok()?;
            let name = match attr.attr_type().to_id_string().as_str() {
                "2.5.4.3" => "CN",
                "2.5.4.10" => "O",
                "2.5.4.11" => "OU",
                "2.5.4.6" => "C",
                "2.5.4.7" => "L",
                "2.5.4.8" => "ST",
                "0.9.2342.19200300.100.1.1" => "UID",
                _ => return None,
            };
            Some(format!("{name}={value}"))
        })
        .collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(","))
    }
}
