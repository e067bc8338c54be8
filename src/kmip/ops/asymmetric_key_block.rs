//! The key material of a Public Key or Private Key being registered, read into the key
//! service's form when it is an RSA or EC (P-256, P-384) key the HSM can hold: PKCS#1
//! (RFC 8017 A.1), PKCS#8 (RFC 5208, with SEC1 ECPrivateKey inside for EC, RFC 5915) and X.509
//! SubjectPublicKeyInfo (RFC 5280, RFC 5480) DER, parsed with the RustCrypto `pkcs1`, `pkcs8`
//! and `sec1` crates, or the Transparent RSA and EC key structures (KMIP 2.1 §2.1.7). Anything
//! else (other algorithms and curves, wrapped key blocks) gives `None` and is kept as a stored
//! object. Error messages never quote the material.

use hsmgate_kmip::spec::enums::{
    CryptographicAlgorithm, KeyFormatType, ObjectType, RecommendedCurve,
};
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use hsmgate_pkcs11::{EcCurve, RsaPrivateComponents};
use pkcs1::der::Decode;
use pkcs8::{AlgorithmIdentifierRef, ObjectIdentifier, PrivateKeyInfo, SubjectPublicKeyInfoRef};
use zeroize::Zeroizing;

use crate::kmip::error::OpError;
use crate::service::{ImportedKey, KeyImport};

/// rsaEncryption (PKCS#1), the algorithm of RSA keys in PKCS#8 and X.509.
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// id-ecPublicKey (RFC 5480), the algorithm of EC keys in PKCS#8 and X.509.
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");

/// The curve an algorithm identifier's namedCurve parameter names, if one the HSM is used with.
fn named_curve(algorithm: &AlgorithmIdentifierRef<'_>) -> Option<EcCurve> {
    match algorithm.parameters_oid().ok()? {
        SECP256R1 => Some(EcCurve::P256),
        SECP384R1 => Some(EcCurve::P384),
        _ => None,
    }
}

fn recommended_curve(material: &Item) -> Result<Option<EcCurve>, OpError> {
    match material.child(Tag::RECOMMENDED_CURVE).map(|i| &i.value) {
        Some(Value::Enumeration(raw)) => Ok(match RecommendedCurve(*raw) {
            RecommendedCurve::P_256 => Some(EcCurve::P256),
            RecommendedCurve::P_384 => Some(EcCurve::P384),
            _ => None,
        }),
        _ => Err(OpError::InvalidField(
            "the transparent EC key has no Recommended Curve".into(),
        )),
    }
}

fn invalid(what: &str) -> OpError {
    OpError::InvalidField(format!("the Key Material is not a valid {what}"))
}

fn private_from_pkcs1(der: &[u8]) -> Result<ImportedKey, OpError> {
    let key = pkcs1::RsaPrivateKey::from_der(der).map_err(|_| invalid("PKCS#1 RSAPrivateKey"))?;
    if key.other_prime_infos.is_some() {
        return Err(OpError::NotSupported("multi-prime RSA keys"));
    }
    let part = |v: pkcs1::UintRef<'_>| Zeroizing::new(v.as_bytes().to_vec());
    Ok(ImportedKey::RsaPrivate(RsaPrivateComponents {
        modulus: part(key.modulus),
        public_exponent: part(key.public_exponent),
        private_exponent: part(key.private_exponent),
        prime1: part(key.prime1),
        prime2: part(key.prime2),
        exponent1: part(key.exponent1),
        exponent2: part(key.exponent2),
        coefficient: part(key.coefficient),
    }))
}

fn public_from_pkcs1(der: &[u8]) -> Result<ImportedKey, OpError> {
    let key = pkcs1::RsaPublicKey::from_der(der).map_err(|_| invalid("PKCS#1 RSAPublicKey"))?;
    Ok(ImportedKey::RsaPublic {
        modulus: key.modulus.as_bytes().to_vec(),
        public_exponent: key.public_exponent.as_bytes().to_vec(),
    })
}

/// A positive Big Integer's magnitude (KMIP Big Integers are two's complement).
fn magnitude(structure: &Item, tag: Tag, what: &'static str) -> Result<Vec<u8>, OpError> {
    match structure.child(tag).map(|i| &i.value) {
        Some(Value::BigInteger(bytes)) if bytes.first().is_none_or(|b| b & 0x80 == 0) => {
            Ok(bytes.to_vec())
        }
        Some(Value::BigInteger(_)) => Err(OpError::InvalidField(format!("{what} is negative"))),
        _ => Err(OpError::InvalidField(format!(
            "the transparent RSA key has no {what}"
        ))),
    }
}

fn private_from_transparent(material: &Item) -> Result<ImportedKey, OpError> {
    let part = |tag, what| magnitude(material, tag, what).map(Zeroizing::new);
    // PKCS#11 tokens need the CRT form; a key given as (n, d) only cannot be imported.
    Ok(ImportedKey::RsaPrivate(RsaPrivateComponents {
        modulus: part(Tag::MODULUS, "Modulus")?,
        public_exponent: part(Tag::PUBLIC_EXPONENT, "Public Exponent")?,
        private_exponent: part(Tag::PRIVATE_EXPONENT, "Private Exponent")?,
        prime1: part(Tag::P, "P")?,
        prime2: part(Tag::Q, "Q")?,
        exponent1: part(Tag::PRIME_EXPONENT_P, "Prime Exponent P")?,
        exponent2: part(Tag::PRIME_EXPONENT_Q, "Prime Exponent Q")?,
        coefficient: part(Tag::CRT_COEFFICIENT, "CRT Coefficient")?,
    }))
}

fn bytes(material: &Item) -> Result<&[u8], OpError> {
    match &material.value {
        Value::ByteString(bytes) => Ok(bytes),
        _ => Err(OpError::InvalidMessage(
            "Key Material of the wrong type for its format".into(),
        )),
    }
}

/// The key in a Public Key or Private Key object, if it is one this gateway imports.
pub fn importable_key(
    object_type: ObjectType,
    object: &Item,
) -> Result<Option<KeyImport>, OpError> {
    let Some(key_block) = object.child(Tag::KEY_BLOCK) else {
        return Err(OpError::InvalidMessage(
            "a key object without a Key Block".into(),
        ));
    };
    if key_block.child(Tag::KEY_WRAPPING_DATA).is_some() {
        return Ok(None);
    }
    if let Some(Item {
        value: Value::Enumeration(raw),
        ..
    }) = key_block.child(Tag::CRYPTOGRAPHIC_ALGORITHM)
    {
        if ![
            CryptographicAlgorithm::RSA,
            CryptographicAlgorithm::EC,
            CryptographicAlgorithm::ECDSA,
        ]
        .contains(&CryptographicAlgorithm(*raw))
        {
            return Ok(None);
        }
    }
    let format = match key_block.child(Tag::KEY_FORMAT_TYPE).map(|i| &i.value) {
        Some(Value::Enumeration(raw)) => KeyFormatType(*raw),
        _ => {
            return Err(OpError::InvalidMessage(
                "Key Block without a Key Format Type".into(),
            ))
        }
    };
    let material = key_block
        .child(Tag::KEY_VALUE)
        .and_then(|value| value.child(Tag::KEY_MATERIAL))
        .ok_or_else(|| OpError::InvalidMessage("Key Block without Key Material".into()))?;
    let key = match (object_type, format) {
        (ObjectType::PRIVATE_KEY, KeyFormatType::PKCS_1) => private_from_pkcs1(bytes(material)?)?,
        (ObjectType::PRIVATE_KEY, KeyFormatType::PKCS_8) => {
            let info = PrivateKeyInfo::from_der(bytes(material)?)
                .map_err(|_| invalid("PKCS#8 PrivateKeyInfo"))?;
            match info.algorithm.oid {
                RSA_ENCRYPTION => private_from_pkcs1(info.private_key)?,
                EC_PUBLIC_KEY => {
                    let Some(curve) = named_curve(&info.algorithm) else {
                        return Ok(None);
                    };
                    let key = sec1::EcPrivateKey::from_der(info.private_key)
                        .map_err(|_| invalid("SEC1 ECPrivateKey"))?;
                    ImportedKey::EcPrivate {
                        curve,
                        scalar: Zeroizing::new(key.private_key.to_vec()),
                    }
                }
                _ => return Ok(None),
            }
        }
        (
            ObjectType::PRIVATE_KEY,
            KeyFormatType::TRANSPARENT_EC_PRIVATE_KEY
            | KeyFormatType::TRANSPARENT_ECDSA_PRIVATE_KEY,
        ) => {
            let Some(curve) = recommended_curve(material)? else {
                return Ok(None);
            };
            ImportedKey::EcPrivate {
                curve,
                scalar: Zeroizing::new(magnitude(material, Tag::D, "D")?),
            }
        }
        (ObjectType::PRIVATE_KEY, KeyFormatType::TRANSPARENT_RSA_PRIVATE_KEY) => {
            private_from_transparent(material)?
        }
        (ObjectType::PUBLIC_KEY, KeyFormatType::PKCS_1) => public_from_pkcs1(bytes(material)?)?,
        (ObjectType::PUBLIC_KEY, KeyFormatType::X_509) => {
            let info = SubjectPublicKeyInfoRef::from_der(bytes(material)?)
                .map_err(|_| invalid("X.509 SubjectPublicKeyInfo"))?;
            let key = info
                .subject_public_key
                .as_bytes()
                .ok_or_else(|| invalid("X.509 SubjectPublicKeyInfo"))?;
            match info.algorithm.oid {
                RSA_ENCRYPTION => public_from_pkcs1(key)?,
                EC_PUBLIC_KEY => match named_curve(&info.algorithm) {
                    Some(curve) => ImportedKey::EcPublic {
                        curve,
                        point: key.to_vec(),
                    },
                    None => return Ok(None),
                },
                _ => return Ok(None),
            }
        }
        (
            ObjectType::PUBLIC_KEY,
            KeyFormatType::TRANSPARENT_EC_PUBLIC_KEY | KeyFormatType::TRANSPARENT_ECDSA_PUBLIC_KEY,
        ) => {
            let Some(curve) = recommended_curve(material)? else {
                return Ok(None);
            };
            match material.child(Tag::Q_STRING).map(|i| &i.value) {
                Some(Value::ByteString(point)) => ImportedKey::EcPublic {
                    curve,
                    point: point.to_vec(),
                },
                _ => {
                    return Err(OpError::InvalidField(
                        "the transparent EC public key has no Q String".into(),
                    ))
                }
            }
        }
        (ObjectType::PUBLIC_KEY, KeyFormatType::TRANSPARENT_RSA_PUBLIC_KEY) => {
            ImportedKey::RsaPublic {
                modulus: magnitude(material, Tag::MODULUS, "Modulus")?,
                public_exponent: magnitude(material, Tag::PUBLIC_EXPONENT, "Public Exponent")?,
            }
        }
        (
            ObjectType::PRIVATE_KEY,
            KeyFormatType::X_509
            | KeyFormatType::TRANSPARENT_RSA_PUBLIC_KEY
            | KeyFormatType::TRANSPARENT_EC_PUBLIC_KEY,
        )
        | (
            ObjectType::PUBLIC_KEY,
            KeyFormatType::PKCS_8
            | KeyFormatType::TRANSPARENT_RSA_PRIVATE_KEY
            | KeyFormatType::TRANSPARENT_EC_PRIVATE_KEY,
        ) => {
            return Err(OpError::InvalidField(format!(
                "a {object_type} cannot be in Key Format Type {format}"
            )))
        }
        _ => return Ok(None),
    };
    Ok(Some(KeyImport { format, key }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_object(tag: Tag, format: KeyFormatType, material: Value) -> Item {
        Item::structure(
            tag,
            vec![Item::structure(
                Tag::KEY_BLOCK,
                vec![
                    Item::new(Tag::KEY_FORMAT_TYPE, Value::Enumeration(format.0)),
                    Item::structure(Tag::KEY_VALUE, vec![Item::new(Tag::KEY_MATERIAL, material)]),
                ],
            )],
        )
    }

    #[test]
    fn public_keys_in_every_format_agree() {
        let modulus = [vec![0xc5u8; 255], vec![0x01]].concat();
        let pkcs1 = crate::service::der::rsa_public_key(&modulus, &[1, 0, 1]);
        let spki = crate::service::der::rsa_spki(&modulus, &[1, 0, 1]);
        let transparent = Value::Structure(vec![
            Item::new(
                Tag::MODULUS,
                Value::BigInteger([vec![0], modulus.clone()].concat().into()),
            ),
            Item::new(
                Tag::PUBLIC_EXPONENT,
                Value::BigInteger(vec![1, 0, 1].into()),
            ),
        ]);
        for (format, material) in [
            (KeyFormatType::PKCS_1, Value::ByteString(pkcs1.into())),
            (KeyFormatType::X_509, Value::ByteString(spki.into())),
            (KeyFormatType::TRANSPARENT_RSA_PUBLIC_KEY, transparent),
        ] {
            let object = key_object(Tag::PUBLIC_KEY, format, material);
            let import = importable_key(ObjectType::PUBLIC_KEY, &object)
                .unwrap()
                .unwrap();
            assert_eq!(import.format, format);
            match import.key {
                ImportedKey::RsaPublic {
                    modulus: n,
                    public_exponent: e,
                } => {
                    assert_eq!(n.iter().skip_while(|b| **b == 0).count(), 256, "{format}");
                    assert_eq!(
                        n.iter()
                            .copied()
                            .skip_while(|b| *b == 0)
                            .collect::<Vec<_>>(),
                        modulus
                    );
                    assert_eq!(e, vec![1, 0, 1]);
                }
                _ => panic!("not an RSA public key"),
            }
        }
    }

    #[test]
    fn malformed_or_foreign_material() {
        let garbage = key_object(
            Tag::PRIVATE_KEY,
            KeyFormatType::PKCS_1,
            Value::ByteString(vec![0x30, 0x82, 0xff].into()),
        );
        assert!(matches!(
            importable_key(ObjectType::PRIVATE_KEY, &garbage),
            Err(OpError::InvalidField(_))
        ));
        let negative = key_object(
            Tag::PUBLIC_KEY,
            KeyFormatType::TRANSPARENT_RSA_PUBLIC_KEY,
            Value::Structure(vec![
                Item::new(Tag::MODULUS, Value::BigInteger(vec![0xff, 0x01].into())),
                Item::new(Tag::PUBLIC_EXPONENT, Value::BigInteger(vec![3].into())),
            ]),
        );
        assert!(importable_key(ObjectType::PUBLIC_KEY, &negative).is_err());
        let swapped = key_object(
            Tag::PRIVATE_KEY,
            KeyFormatType::X_509,
            Value::ByteString(vec![0x30, 0x00].into()),
        );
        assert!(matches!(
            importable_key(ObjectType::PRIVATE_KEY, &swapped),
            Err(OpError::InvalidField(_))
        ));
    }

    #[test]
    fn ec_keys_on_known_curves() {
        let point: Vec<u8> = std::iter::once(4u8).chain(1..=96).collect();
        let spki = crate::service::der::ec_spki(EcCurve::P384, &point);
        let object = key_object(
            Tag::PUBLIC_KEY,
            KeyFormatType::X_509,
            Value::ByteString(spki.clone().into()),
        );
        match importable_key(ObjectType::PUBLIC_KEY, &object)
            .unwrap()
            .unwrap()
            .key
        {
            ImportedKey::EcPublic { curve, point: p } => {
                assert_eq!(curve, EcCurve::P384);
                assert_eq!(p, point);
            }
            _ => panic!("not an EC public key"),
        }
        // secp521r1 (1.3.132.0.35) differs from secp384r1 in the last OID byte: not imported,
        // so kept as a stored object.
        let mut p521 = spki.clone();
        let at = p521
            .windows(5)
            .position(|w| w == [0x2b, 0x81, 0x04, 0x00, 0x22])
            .unwrap();
        p521[at + 4] = 0x23;
        let object = key_object(
            Tag::PUBLIC_KEY,
            KeyFormatType::X_509,
            Value::ByteString(p521.into()),
        );
        assert!(importable_key(ObjectType::PUBLIC_KEY, &object)
            .unwrap()
            .is_none());

        let transparent = key_object(
            Tag::PRIVATE_KEY,
            KeyFormatType::TRANSPARENT_EC_PRIVATE_KEY,
            Value::Structure(vec![
                Item::new(
                    Tag::RECOMMENDED_CURVE,
                    Value::Enumeration(RecommendedCurve::P_256.0),
                ),
                Item::new(Tag::D, Value::BigInteger(vec![0, 0x9c, 1, 2].into())),
            ]),
        );
        match importable_key(ObjectType::PRIVATE_KEY, &transparent)
            .unwrap()
            .unwrap()
            .key
        {
            ImportedKey::EcPrivate { curve, scalar } => {
                assert_eq!(curve, EcCurve::P256);
                assert_eq!(scalar.as_slice(), &[0, 0x9c, 1, 2]);
            }
            _ => panic!("not an EC private key"),
        }
        let no_point = key_object(
            Tag::PUBLIC_KEY,
            KeyFormatType::TRANSPARENT_EC_PUBLIC_KEY,
            Value::Structure(vec![Item::new(
                Tag::RECOMMENDED_CURVE,
                Value::Enumeration(RecommendedCurve::P_256.0),
            )]),
        );
        assert!(importable_key(ObjectType::PUBLIC_KEY, &no_point).is_err());
    }
}
