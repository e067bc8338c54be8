//! The Key Block of a Get response (KMIP 2.1 §2.1.2, 1.4 §2.1.3): the key value in the format
//! asked for, plaintext or wrapped, without attributes inside the Key Value (clients such as
//! Veeam expect none), and the Key Wrapping Data of a wrapped key.

use hsmgate_kmip::message::ProtocolVersion;
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, EncodingOption, KeyFormatType, ObjectType, RecommendedCurve, WrappingMethod,
};
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use hsmgate_pkcs11::{EcCurve, PublicKey};

use crate::kmip::error::OpError;
use crate::service::der;
use crate::service::{Export, ExportedKey, KeyWrap, ServiceError};

fn unsupported(format: KeyFormatType, what: &str) -> OpError {
    OpError::Service(ServiceError::KeyFormatNotSupported(format!(
        "{format} for {what}"
    )))
}

/// A positive Big Integer from big-endian magnitude bytes (the codec sign-extends).
fn big_integer(magnitude: &[u8]) -> Value {
    let skip = magnitude.iter().take_while(|b| **b == 0).count();
    let trimmed = magnitude.get(skip..).unwrap_or_default();
    let mut bytes = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_none_or(|b| b & 0x80 != 0) {
        bytes.push(0);
    }
    bytes.extend_from_slice(trimmed);
    Value::BigInteger(bytes.into())
}

fn bytes(data: &[u8]) -> Value {
    Value::ByteString(data.to_vec().into())
}

/// Key Material and the format it is in, for a public key.
fn public_material(
    key: &PublicKey,
    asked: Option<KeyFormatType>,
) -> Result<(KeyFormatType, Value), OpError> {
    match key {
        PublicKey::Rsa {
            modulus,
            public_exponent,
        } => match asked.unwrap_or(KeyFormatType::PKCS_1) {
            KeyFormatType::PKCS_1 => Ok((
                KeyFormatType::PKCS_1,
                bytes(&der::rsa_public_key(modulus, public_exponent)),
            )),
            KeyFormatType::X_509 => Ok((
                KeyFormatType::X_509,
                bytes(&der::rsa_spki(modulus, public_exponent)),
            )),
            KeyFormatType::TRANSPARENT_RSA_PUBLIC_KEY => Ok((
                KeyFormatType::TRANSPARENT_RSA_PUBLIC_KEY,
                Value::Structure(vec![
                    Item::new(Tag::MODULUS, big_integer(modulus)),
                    Item::new(Tag::PUBLIC_EXPONENT, big_integer(public_exponent)),
                ]),
            )),
            other => Err(unsupported(other, "an RSA public key")),
        },
        PublicKey::Ec { curve, point } => {
            let curve = curve.ok_or_else(|| {
                OpError::Service(ServiceError::NotSupported(
                    "public keys on curves other than P-256 and P-384".into(),
                ))
            })?;
            let point = der::ec_point(curve, point).ok_or_else(|| {
                OpError::Service(ServiceError::Internal(
                    "the HSM gave an EC point of an unexpected shape".into(),
                ))
            })?;
            match asked.unwrap_or(KeyFormatType::X_509) {
                KeyFormatType::X_509 => {
                    Ok((KeyFormatType::X_509, bytes(&der::ec_spki(curve, &point))))
                }
                f @ (KeyFormatType::TRANSPARENT_EC_PUBLIC_KEY
                | KeyFormatType::TRANSPARENT_ECDSA_PUBLIC_KEY) => {
                    let recommended = match curve {
                        EcCurve::P256 => RecommendedCurve::P_256,
                        _ => RecommendedCurve::P_384,
                    };
                    Ok((
                        f,
                        Value::Structure(vec![
                            Item::new(Tag::RECOMMENDED_CURVE, Value::Enumeration(recommended.0)),
                            Item::new(Tag::Q_STRING, bytes(&point)),
                        ]),
                    ))
                }
                other => Err(unsupported(other, "an EC public key")),
            }
        }
        #[allow(unreachable_patterns)] // PublicKey is non-exhaustive
        _ => Err(OpError::Service(ServiceError::NotSupported(
            "this kind of public key".into(),
        ))),
    }
}

fn key_wrapping_data(wrapping_key: &str, wrap: KeyWrap, version: ProtocolVersion) -> Item {
    let mode = match wrap {
        KeyWrap::AesKw => BlockCipherMode::NISTKEYWRAP,
        KeyWrap::AesKwp => BlockCipherMode::AESKEYWRAPPADDING,
    };
    let mut fields = vec![
        Item::new(
            Tag::WRAPPING_METHOD,
            Value::Enumeration(WrappingMethod::ENCRYPT.0),
        ),
        Item::structure(
            Tag::ENCRYPTION_KEY_INFORMATION,
            vec![
                Item::new(
                    Tag::UNIQUE_IDENTIFIER,
                    Value::TextString(wrapping_key.to_owned()),
                ),
                Item::structure(
                    Tag::CRYPTOGRAPHIC_PARAMETERS,
                    vec![Item::new(
                        Tag::BLOCK_CIPHER_MODE,
                        Value::Enumeration(mode.0),
                    )],
                ),
            ],
        ),
    ];
    // Encoding Option exists since KMIP 1.1; the wrapped bytes are the bare key, so say so.
    if version >= ProtocolVersion::V1_1 {
        fields.push(Item::new(
            Tag::ENCODING_OPTION,
            Value::Enumeration(EncodingOption::NO_ENCODING.0),
        ));
    }
    Item::structure(Tag::KEY_WRAPPING_DATA, fields)
}

/// The managed object item (Symmetric Key, Public Key or Private Key) of a Get response.
pub fn object_item(
    export: &Export,
    asked: Option<KeyFormatType>,
    version: ProtocolVersion,
) -> Result<(ObjectType, Item), OpError> {
    let object_type = export.object.object_type();
    let (format, key_value, wrapping) = match &export.key {
        // Kept as registered; the service checked the format asked for.
        ExportedKey::Stored(item) => return Ok((object_type, item.clone())),
        ExportedKey::Secret(secret) => match asked.unwrap_or(KeyFormatType::RAW) {
            KeyFormatType::RAW => (
                KeyFormatType::RAW,
                Value::Structure(vec![Item::new(Tag::KEY_MATERIAL, bytes(secret))]),
                None,
            ),
            KeyFormatType::TRANSPARENT_SYMMETRIC_KEY => (
                KeyFormatType::TRANSPARENT_SYMMETRIC_KEY,
                Value::Structure(vec![Item::structure(
                    Tag::KEY_MATERIAL,
                    vec![Item::new(Tag::KEY, bytes(secret))],
                )]),
                None,
            ),
            other => return Err(unsupported(other, "a symmetric key")),
        },
        ExportedKey::Public(key) => {
            let (format, material) = public_material(key, asked)?;
            (
                format,
                Value::Structure(vec![Item::new(Tag::KEY_MATERIAL, material)]),
                None,
            )
        }
        ExportedKey::Wrapped {
            data,
            wrapping_key,
            wrap,
        } => {
            // The HSM wraps the raw key of a secret and the PKCS#8 encoding of a private key.
            let format = if object_type == ObjectType::PRIVATE_KEY {
                KeyFormatType::PKCS_8
            } else {
                KeyFormatType::RAW
            };
            if asked.is_some_and(|a| a != format) {
                return Err(unsupported(
                    asked.unwrap_or(format),
                    "a wrapped key (raw secret keys and PKCS#8 private keys are offered)",
                ));
            }
            (
                format,
                bytes(data),
                Some(key_wrapping_data(wrapping_key, *wrap, version)),
            )
        }
    };
    let mut block = vec![
        Item::new(Tag::KEY_FORMAT_TYPE, Value::Enumeration(format.0)),
        Item::new(Tag::KEY_VALUE, key_value),
    ];
    for tag in [Tag::CRYPTOGRAPHIC_ALGORITHM, Tag::CRYPTOGRAPHIC_LENGTH] {
        if let Some(value) = export.object.attributes.get(tag) {
            block.push(Item::new(tag, value.clone()));
        }
    }
    block.extend(wrapping);
    let tag = match object_type {
        ObjectType::SYMMETRIC_KEY => Tag::SYMMETRIC_KEY,
        ObjectType::PUBLIC_KEY => Tag::PUBLIC_KEY,
        ObjectType::PRIVATE_KEY => Tag::PRIVATE_KEY,
        other => {
            return Err(OpError::Service(ServiceError::NotSupported(format!(
                "Get of {other}"
            ))))
        }
    };
    Ok((
        object_type,
        Item::structure(tag, vec![Item::structure(Tag::KEY_BLOCK, block)]),
    ))
}
