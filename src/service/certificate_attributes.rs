//! Attributes a server derives from a registered X.509 certificate (KMIP 2.1 §4: Certificate
//! Length and the Certificate Subject / Issuer name components CN, O, OU, Email, C, ST, L, UID,
//! Serial Number, Title, DC and DN Qualifier). They describe the certificate, so clients may
//! read but not change them. A value that is not a DER X.509 certificate yields only its
//! length: the object is still kept as registered.

use hsmgate_kmip::ttlv::{Item, Tag, Value};
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::x509::X509Name;

/// KMIP Certificate Type X.509.
const X_509: u32 = 1;

/// (OID, Subject attribute tag, Issuer attribute tag) for each name component KMIP names.
const COMPONENTS: [(&str, Tag, Tag); 12] = [
    (
        "2.5.4.3",
        Tag::CERTIFICATE_SUBJECT_CN,
        Tag::CERTIFICATE_ISSUER_CN,
    ),
    (
        "2.5.4.10",
        Tag::CERTIFICATE_SUBJECT_O,
        Tag::CERTIFICATE_ISSUER_O,
    ),
    (
        "2.5.4.11",
        Tag::CERTIFICATE_SUBJECT_OU,
        Tag::CERTIFICATE_ISSUER_OU,
    ),
    (
        "1.2.840.113549.1.9.1",
        Tag::CERTIFICATE_SUBJECT_EMAIL,
        Tag::CERTIFICATE_ISSUER_EMAIL,
    ),
    (
        "2.5.4.6",
        Tag::CERTIFICATE_SUBJECT_C,
        Tag::CERTIFICATE_ISSUER_C,
    ),
    (
        "2.5.4.8",
        Tag::CERTIFICATE_SUBJECT_ST,
        Tag::CERTIFICATE_ISSUER_ST,
    ),
    (
        "2.5.4.7",
        Tag::CERTIFICATE_SUBJECT_L,
        Tag::CERTIFICATE_ISSUER_L,
    ),
    (
        "0.9.2342.19200300.100.1.1",
        Tag::CERTIFICATE_SUBJECT_UID,
        Tag::CERTIFICATE_ISSUER_UID,
    ),
    (
        "2.5.4.5",
        Tag::CERTIFICATE_SUBJECT_SERIAL_NUMBER,
        Tag::CERTIFICATE_ISSUER_SERIAL_NUMBER,
    ),
    (
        "2.5.4.12",
        Tag::CERTIFICATE_SUBJECT_TITLE,
        Tag::CERTIFICATE_ISSUER_TITLE,
    ),
    (
        "0.9.2342.19200300.100.1.25",
        Tag::CERTIFICATE_SUBJECT_DC,
        Tag::CERTIFICATE_ISSUER_DC,
    ),
    (
        "2.5.4.46",
        Tag::CERTIFICATE_SUBJECT_DN_QUALIFIER,
        Tag::CERTIFICATE_ISSUER_DN_QUALIFIER,
    ),
];

/// The attributes derived from a Certificate object structure, in a stable order.
pub fn certificate_attributes(certificate: &Item) -> Vec<(Tag, Value)> {
    let x509 = matches!(
        certificate.child(Tag::CERTIFICATE_TYPE).map(|i| &i.value),
        Some(Value::Enumeration(X_509))
    );
    let Some(Value::ByteString(der)) = certificate.child(Tag::CERTIFICATE_VALUE).map(|i| &i.value)
    else {
        return Vec::new();
    };
    let mut attributes = Vec::new();
    if let Ok(length) = i32::try_from(der.len()) {
        attributes.push((Tag::CERTIFICATE_LENGTH, Value::Integer(length)));
    }
    if !x509 {
        return attributes;
    }
    match X509Certificate::from_der(der) {
        Ok((_, parsed)) => {
            name_components(parsed.subject(), true, &mut attributes);
            name_components(parsed.issuer(), false, &mut attributes);
        }
        Err(e) => tracing::debug!(error = %e, "registered certificate is not DER X.509"),
    }
    attributes
}

fn name_components(name: &X509Name<'_>, subject: bool, out: &mut Vec<(Tag, Value)>) {
    for (oid, subject_tag, issuer_tag) in COMPONENTS {
        for component in name.iter_attributes() {
            if component.attr_type().to_id_string() != oid {
                continue;
            }
            if let Ok(text) = component.as_str() {
                let tag = if subject { subject_tag } else { issuer_tag };
                out.push((tag, Value::TextString(text.to_owned())));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn certificate(der: Vec<u8>) -> Item {
        Item::structure(
            Tag::CERTIFICATE,
            vec![
                Item::new(Tag::CERTIFICATE_TYPE, Value::Enumeration(X_509)),
                Item::new(Tag::CERTIFICATE_VALUE, Value::ByteString(der.into())),
            ],
        )
    }

    #[test]
    fn subject_and_issuer_components_and_length() {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "kmip-client");
        params
            .distinguished_name
            .push(rcgen::DnType::OrganizationName, "Example");
        params
            .distinguished_name
            .push(rcgen::DnType::CountryName, "AU");
        let key = rcgen::KeyPair::generate().unwrap();
        let der = params.self_signed(&key).unwrap().der().to_vec();
        let attributes = certificate_attributes(&certificate(der.clone()));
        let get = |tag: Tag| -> Vec<&Value> {
            attributes
                .iter()
                .filter(|(t, _)| *t == tag)
                .map(|(_, v)| v)
                .collect()
        };
        assert_eq!(
            get(Tag::CERTIFICATE_LENGTH),
            [&Value::Integer(der.len() as i32)]
        );
        let text = |s: &str| Value::TextString(s.into());
        assert_eq!(get(Tag::CERTIFICATE_SUBJECT_CN), [&text("kmip-client")]);
        assert_eq!(get(Tag::CERTIFICATE_SUBJECT_O), [&text("Example")]);
        assert_eq!(get(Tag::CERTIFICATE_SUBJECT_C), [&text("AU")]);
        // Self-signed: the issuer is the subject.
        assert_eq!(get(Tag::CERTIFICATE_ISSUER_CN), [&text("kmip-client")]);
        assert!(get(Tag::CERTIFICATE_SUBJECT_OU).is_empty());
    }

    #[test]
    fn a_value_that_is_not_a_certificate_gives_its_length_only() {
        let attributes = certificate_attributes(&certificate(b"not DER".to_vec()));
        assert_eq!(
            attributes,
            vec![(Tag::CERTIFICATE_LENGTH, Value::Integer(7))]
        );
    }
}
