//! The Key Block of a Get response (KMIP 2.1 §2.1.2, 1.4 §2.1.3): the key value in the format
//! asked for, plaintext or wrapped, without attributes inside the Key Value (clients such as
//! Veeam expect none), and the Key Wrapping Data of a wrapped key.

use hsmgate_kmip::message::payload::get::KeyWrappingData;
use hsmgate_kmip::message::ProtocolVersion;
use hsmgate_kmip::spec::enums::{
    BlockCipherMode, EncodingOption, KeyFormatType, ObjectType, RecommendedCurve, WrappingMethod,
};
use hsmgate_kmip::ttlv::{Item, Tag, Value};
use hsmgate_pkcs11::{EcCurve, PrivateKeyValue, PublicKey};

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

fn recommended(curve: EcCurve) -> RecommendedCurve {
    match curve {
        EcCurve::P256 => RecommendedCurve::P_256,
        _ => RecommendedCurve::P_384,
    }
}

/// Key Material and the format it is in, for a plaintext private key: the format asked for,
/// else the key's Key Format Type attribute (the form it was registered in), else PKCS#1 for
/// RSA and PKCS#8 for EC.
fn private_material(
    key: &PrivateKeyValue,
    asked: Option<KeyFormatType>,
    held: Option<KeyFormatType>,
) -> Result<(KeyFormatType, Value), OpError> {
    match key {
        PrivateKeyValue::Rsa(c) => {
            let parts = [
                &c.modulus[..],
                &c.public_exponent[..],
                &c.private_exponent[..],
                &c.prime1[..],
                &c.prime2[..],
                &c.exponent1[..],
                &c.exponent2[..],
                &c.coefficient[..],
            ];
            match asked.or(held).unwrap_or(KeyFormatType::PKCS_1) {
                KeyFormatType::PKCS_1 => {
                    Ok((KeyFormatType::PKCS_1, bytes(&der::rsa_private_key(parts))))
                }
                KeyFormatType::PKCS_8 => Ok((
                    KeyFormatType::PKCS_8,
                    bytes(&der::rsa_pkcs8(&der::rsa_private_key(parts))),
                )),
                KeyFormatType::TRANSPARENT_RSA_PRIVATE_KEY => {
                    let tags = [
                        Tag::MODULUS,
                        Tag::PUBLIC_EXPONENT,
                        Tag::PRIVATE_EXPONENT,
                        Tag::P,
                        Tag::Q,
                        Tag::PRIME_EXPONENT_P,
                        Tag::PRIME_EXPONENT_Q,
                        Tag::CRT_COEFFICIENT,
                    ];
                    Ok((
                        KeyFormatType::TRANSPARENT_RSA_PRIVATE_KEY,
                        Value::Structure(
                            tags.iter()
                                .zip(parts)
                                .map(|(tag, part)| Item::new(*tag, big_integer(part)))
                                .collect(),
                        ),
                    ))
                }
                // Held in a form this gateway does not write: the default one, unless asked.
                other if asked.is_none() => {
                    private_material(key, Some(KeyFormatType::PKCS_1), Some(other))
                }
                other => Err(unsupported(other, "an RSA private key")),
            }
        }
        PrivateKeyValue::Ec { curve, scalar } => {
            match asked.or(held).unwrap_or(KeyFormatType::PKCS_8) {
                KeyFormatType::PKCS_8 => {
                    Ok((KeyFormatType::PKCS_8, bytes(&der::ec_pkcs8(*curve, scalar))))
                }
                f @ (KeyFormatType::TRANSPARENT_EC_PRIVATE_KEY
                | KeyFormatType::TRANSPARENT_ECDSA_PRIVATE_KEY) => Ok((
                    f,
                    Value::Structure(vec![
                        Item::new(
                            Tag::RECOMMENDED_CURVE,
                            Value::Enumeration(recommended(*curve).0),
                        ),
                        Item::new(Tag::D, big_integer(scalar)),
                    ]),
                )),
                other if asked.is_none() => {
                    private_material(key, Some(KeyFormatType::PKCS_8), Some(other))
                }
                other => Err(unsupported(other, "an EC private key")),
            }
        }
        #[allow(unreachable_patterns)] // PrivateKeyValue is non-exhaustive
        _ => Err(OpError::Service(ServiceError::NotSupported(
            "this kind of private key".into(),
        ))),
    }
}

/// A wrapped key as its Key Block carries it: the format, the wrapped bytes and the Key
/// Wrapping Data. Both Get encoders (this file's items, get_encoded.rs's bytes) take it from
/// [`wrapped_key`].
pub(super) struct WrappedKey<'a> {
    pub format: KeyFormatType,
    pub data: &'a [u8],
    pub wrapping: KeyWrappingData<'a>,
}

/// `data` wrapped under `wrapping_key`, in the format `asked` for, if any. `bare`: the wrapped
/// bytes are the bare key — the raw key of a secret, the PKCS#8 encoding of a private key —
/// (Encoding Option No Encoding), else the TTLV encoding of a secret's Key Value (KMIP's
/// default, so no Encoding Option is written).
pub(super) fn wrapped_key<'a>(
    (data, wrapping_key, wrap, bare): (&'a [u8], &'a str, KeyWrap, bool),
    object_type: ObjectType,
    asked: Option<KeyFormatType>,
    version: ProtocolVersion,
) -> Result<WrappedKey<'a>, OpError> {
    let (format, offered) = match (bare, object_type) {
        (false, _) => (KeyFormatType::RAW, "a wrapped secret key (Raw is offered)"),
        (true, ObjectType::PRIVATE_KEY) => (KeyFormatType::PKCS_8, WRAPPED_FORMATS),
        (true, _) => (KeyFormatType::RAW, WRAPPED_FORMATS),
    };
    if let Some(other) = asked.filter(|asked| *asked != format) {
        return Err(unsupported(other, offered));
    }
    Ok(WrappedKey {
        format,
        data,
        wrapping: KeyWrappingData {
            wrapping_key,
            block_cipher_mode: match wrap {
                KeyWrap::AesKw => BlockCipherMode::NISTKEYWRAP,
                KeyWrap::AesKwp => BlockCipherMode::AESKEYWRAPPADDING,
            },
            // Encoding Option exists since KMIP 1.1; when the wrapped bytes are the bare key,
            // say so.
            encoding_option: (bare && version >= ProtocolVersion::V1_1)
                .then_some(EncodingOption::NO_ENCODING),
        },
    })
}

const WRAPPED_FORMATS: &str = "a wrapped key (raw secret keys and PKCS#8 private keys are offered)";

/// The Key Wrapping Data structure, as an item.
fn key_wrapping_item(wrapping: &KeyWrappingData<'_>) -> Item {
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
                    Value::TextString(wrapping.wrapping_key.to_owned()),
                ),
                Item::structure(
                    Tag::CRYPTOGRAPHIC_PARAMETERS,
                    vec![Item::new(
                        Tag::BLOCK_CIPHER_MODE,
                        Value::Enumeration(wrapping.block_cipher_mode.0),
                    )],
                ),
            ],
        ),
    ];
    if let Some(option) = wrapping.encoding_option {
        fields.push(Item::new(
            Tag::ENCODING_OPTION,
            Value::Enumeration(option.0),
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
        ExportedKey::Private(key) => {
            let held = match export.object.attributes.get(Tag::KEY_FORMAT_TYPE) {
                Some(Value::Enumeration(raw)) => Some(KeyFormatType(*raw)),
                _ => None,
            };
            let (format, material) = private_material(key, asked, held)?;
            (
                format,
                Value::Structure(vec![Item::new(Tag::KEY_MATERIAL, material)]),
                None,
            )
        }
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
        }
        | ExportedKey::WrappedTtlv {
            data,
            wrapping_key,
            wrap,
        } => {
            let bare = matches!(export.key, ExportedKey::Wrapped { .. });
            let parts = (data.as_slice(), wrapping_key.as_str(), *wrap, bare);
            let wrapped = wrapped_key(parts, object_type, asked, version)?;
            (
                wrapped.format,
                bytes(wrapped.data),
                Some(key_wrapping_item(&wrapped.wrapping)),
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
