//! The development PKI that `hsmgate init --dev` makes: a CA, a server certificate for localhost
//! and 127.0.0.1, and a client certificate for the development administrator. For development and
//! tests only; production deployments bring their own certificates.

use std::path::Path;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, SanType,
};

use super::secret_file::create_private;
use super::InitError;

/// The subject common name of the development administrator's client certificate.
pub const DEV_ADMIN_CN: &str = "hsmgate dev admin";
/// The common name of the development CA (the issuer of every dev certificate).
pub const DEV_CA_CN: &str = "hsmgate development CA";

/// The CA's key and parameters, to issue more certificates (e.g. a second client in tests).
pub struct DevCa {
    issuer: Issuer<'static, KeyPair>,
}

impl DevCa {
    /// A new self-signed CA. Returns it and its certificate in PEM.
    pub fn generate() -> Result<(DevCa, String, String), InitError> {
        let key = KeyPair::generate().map_err(pki_error)?;
        let mut params = CertificateParams::default();
        params.distinguished_name = name(DEV_CA_CN);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let cert = params.self_signed(&key).map_err(pki_error)?;
        let key_pem = key.serialize_pem();
        Ok((
            DevCa {
                issuer: Issuer::new(params, key),
            },
            cert.pem(),
            key_pem,
        ))
    }

    /// Loads a CA from its certificate and key in PEM (e.g. `pki/ca.pem`, `pki/ca.key`).
    pub fn from_pem(cert_pem: &str, key_pem: &str) -> Result<DevCa, InitError> {
        let key = KeyPair::from_pem(key_pem).map_err(pki_error)?;
        let issuer = Issuer::from_ca_cert_pem(cert_pem, key).map_err(pki_error)?;
        Ok(DevCa { issuer })
    }

    /// A server certificate for the given DNS names and IP addresses: (certificate PEM, key PEM).
    pub fn issue_server(&self, hosts: &[&str]) -> Result<(String, String), InitError> {
        let mut params =
            CertificateParams::new(hosts.iter().map(|h| h.to_string()).collect::<Vec<_>>())
                .map_err(pki_error)?;
        params.distinguished_name = name("hsmgate");
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        self.sign(params)
    }

    /// A client certificate whose subject is `CN=<common_name>`: (certificate PEM, key PEM).
    pub fn issue_client(&self, common_name: &str) -> Result<(String, String), InitError> {
        let mut params = CertificateParams::default();
        params.distinguished_name = name(common_name);
        params.subject_alt_names = vec![SanType::DnsName(
            common_name
                .replace(' ', "-")
                .try_into()
                .map_err(pki_error)?,
        )];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        self.sign(params)
    }

    fn sign(&self, params: CertificateParams) -> Result<(String, String), InitError> {
        let key = KeyPair::generate().map_err(pki_error)?;
        let cert = params.signed_by(&key, &self.issuer).map_err(pki_error)?;
        Ok((cert.pem(), key.serialize_pem()))
    }
}

fn name(common_name: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, common_name);
    dn
}

fn pki_error(e: rcgen::Error) -> InitError {
    InitError::Pki(e.to_string())
}

/// Writes the development PKI into `pki_dir` unless its CA is already there. Returns the files
/// written (empty when nothing was needed).
pub fn write_dev_pki(pki_dir: &Path) -> Result<Vec<String>, InitError> {
    let ca_pem_path = pki_dir.join("ca.pem");
    if ca_pem_path.exists() {
        return Ok(Vec::new());
    }
    let io = |what: &'static str| move |e: std::io::Error| InitError::Io(what, e);
    std::fs::create_dir_all(pki_dir).map_err(io("creating the pki folder"))?;
    let (ca, ca_pem, ca_key) = DevCa::generate()?;
    let (server_pem, server_key) = ca.issue_server(&["localhost", "127.0.0.1", "::1"])?;
    let (client_pem, client_key) = ca.issue_client(DEV_ADMIN_CN)?;
    let files: [(&str, &str, bool); 6] = [
        ("ca.key", &ca_key, true),
        ("server.pem", &server_pem, false),
        ("server.key", &server_key, true),
        ("client.pem", &client_pem, false),
        ("client.key", &client_key, true),
        // The CA certificate last: its presence says the set is complete.
        ("ca.pem", &ca_pem, false),
    ];
    let mut written = Vec::new();
    for (file, contents, private) in files {
        let path = pki_dir.join(file);
        if private {
            create_private(&path, contents.as_bytes()).map_err(io("writing a private key"))?;
        } else {
            std::fs::write(&path, contents).map_err(io("writing a certificate"))?;
        }
        written.push(path.display().to_string());
    }
    Ok(written)
}
