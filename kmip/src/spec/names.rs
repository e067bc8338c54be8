//! The spec's names (`"Cryptographic Algorithm"`, `"PKCS#11 Function"`, `"3DES"`) to the names
//! the KMIP XML encoding uses (`CryptographicAlgorithm`, `PKCS_11Function`, `DES3`), by the
//! normalisation of KMIP Profiles 2.1 §5.4.1.1. KMIP 1.x carries attribute names in this spec
//! form (`<AttributeName value="Cryptographic Algorithm"/>`), so readers need it at run time.

use crate::ttlv::Tag;

fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Normalises a spec name the way KMIP Profiles 2.1 §5.4.1.1 does:
///
/// 1. round brackets become spaces;
/// 2. a non-word character followed by a letter and then a lower-case letter becomes a space
///    (`Template-Attribute` → `Template Attribute`, `MAC/sign` → `MAC sign`);
/// 3. any other non-word character but a space becomes `_` (`X.509` → `X_509`);
/// 4. digits that start the first word move to its end (`3DES` → `DES3`);
/// 5. each word's first letter is capitalised and the spaces removed.
pub fn normalize_name(name: &str) -> String {
    let bytes = name.as_bytes();
    let mut spaced = String::with_capacity(name.len());
    for (i, c) in name.char_indices() {
        // Only consulted when `c` is ASCII, so the next characters start at i + 1 and i + 2.
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        spaced.push(match c {
            '(' | ')' => ' ',
            ' ' => ' ',
            c if c.is_ascii() && is_word(c as u8) => c,
            // Spec names are ASCII; anything else is no word character.
            c if !c.is_ascii() => '_',
            _ if next(1).is_ascii_alphabetic() && next(2).is_ascii_lowercase() => ' ',
            _ => '_',
        });
    }
    let mut out = String::with_capacity(spaced.len());
    for (index, word) in spaced.split(' ').enumerate() {
        let word = match index {
            0 => {
                let digits =
                    word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                let (lead, rest) = word.split_at(digits);
                format!("{rest}{lead}")
            }
            _ => word.to_owned(),
        };
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out
}

impl Tag {
    /// The tag a spec name stands for, as KMIP 1.x attribute names give it
    /// (`"Cryptographic Usage Mask"`); the XML form (`"CryptographicUsageMask"`) works too.
    pub fn from_spec_name(name: &str) -> Option<Tag> {
        Tag::from_name(name).or_else(|| Tag::from_name(&normalize_name(name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profiles_examples_and_the_awkward_cases() {
        for (spec, xml) in [
            ("Protocol Version Major", "ProtocolVersionMajor"),
            ("Template-Attribute", "TemplateAttribute"),
            ("Common Template-Attribute", "CommonTemplateAttribute"),
            ("PKCS#11 Function", "PKCS_11Function"),
            ("X.509 Certificate Identifier", "X_509CertificateIdentifier"),
            (
                "MAC/Signature Key Information",
                "MACSignatureKeyInformation",
            ),
            ("Encrypt then MAC/sign", "EncryptThenMACSign"),
            ("3DES", "DES3"),
            ("HMAC-SHA256", "HMAC_SHA256"),
            ("SHA-256", "SHA_256"),
            ("On-line storage", "OnLineStorage"),
            ("Polynomial Sharing GF (2^16)", "PolynomialSharingGF2_16"),
            ("PKCS#1 v1.5", "PKCS_1V1_5"),
            ("Username and Password", "UsernameAndPassword"),
            ("ANSI X9.31", "ANSIX9_31"),
            ("Certificate Subject CN", "CertificateSubjectCN"),
            ("", ""),
        ] {
            assert_eq!(normalize_name(spec), xml, "{spec}");
        }
    }

    #[test]
    fn attribute_names_find_their_tags() {
        assert_eq!(
            Tag::from_spec_name("Cryptographic Algorithm"),
            Some(Tag::CRYPTOGRAPHIC_ALGORITHM)
        );
        assert_eq!(Tag::from_spec_name("x-vendor-attribute"), None);
        assert_eq!(Tag::from_spec_name("State"), Some(Tag::STATE));
        assert_eq!(
            Tag::from_spec_name("Cryptographic Usage Mask"),
            Some(Tag::CRYPTOGRAPHIC_USAGE_MASK)
        );
        assert_eq!(
            Tag::from_spec_name("ProtocolVersionMajor"),
            Some(Tag::PROTOCOL_VERSION_MAJOR)
        );
        assert_eq!(Tag::from_spec_name("Ünïcode"), None);
    }
}
