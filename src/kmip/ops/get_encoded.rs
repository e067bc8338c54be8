//! The usual Get answers encoded straight from the exported key: a symmetric key in plaintext
//! (Raw or Transparent Symmetric Key) and a symmetric or private key wrapped under another key.
//! Building the answer as an `Item` tree (key_block.rs), encoding it and dropping it cost about
//! 5,000 instructions of a wrapped Get (callgrind); this writes the same bytes from typed fields
//! ([`GetKeyResponse`]). Any other shape, and any request key_block.rs would refuse, is left to
//! key_block.rs (`None` here), so refusals and rarer answers come from one place.

use bytes::Bytes;
use hsmgate_kmip::message::payload::get::{GetKeyResponse, KeyValueBytes};
use hsmgate_kmip::message::ProtocolVersion;
use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, KeyFormatType, ObjectType};
use hsmgate_kmip::ttlv::{Tag, Value};

use super::key_block::wrapped_key;
use crate::service::{Export, ExportedKey};

/// The encoded Response Payload of a Get of `uid` answered with `export` in format `asked`,
/// when it has one of the usual shapes; `None` otherwise (the caller builds it as items).
pub(super) fn encoded(
    export: &Export,
    asked: Option<KeyFormatType>,
    version: ProtocolVersion,
    uid: &str,
) -> Option<Bytes> {
    let object_type = export.object.object_type();
    let object_tag = match object_type {
        ObjectType::SYMMETRIC_KEY => Tag::SYMMETRIC_KEY,
        ObjectType::PRIVATE_KEY => Tag::PRIVATE_KEY,
        _ => return None,
    };
    let (key_format_type, key_value, key_wrapping_data) = match &export.key {
        ExportedKey::Secret(secret) => match asked.unwrap_or(KeyFormatType::RAW) {
            KeyFormatType::RAW => (KeyFormatType::RAW, KeyValueBytes::Material(secret), None),
            KeyFormatType::TRANSPARENT_SYMMETRIC_KEY => (
                KeyFormatType::TRANSPARENT_SYMMETRIC_KEY,
                KeyValueBytes::TransparentSymmetric(secret),
                None,
            ),
            _ => return None,
        },
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
            // A format key_block.rs refuses is left to it, to refuse with its error.
            let wrapped = wrapped_key(parts, object_type, asked, version).ok()?;
            (
                wrapped.format,
                KeyValueBytes::Wrapped(wrapped.data),
                Some(wrapped.wrapping),
            )
        }
        _ => return None,
    };
    // key_block.rs copies these attributes whatever their type; the typed fields hold the
    // types they are stored with, anything else goes the item way.
    let attributes = &export.object.attributes;
    let cryptographic_algorithm = match attributes.get(Tag::CRYPTOGRAPHIC_ALGORITHM) {
        None => None,
        Some(Value::Enumeration(raw)) => Some(CryptographicAlgorithm(*raw)),
        Some(_) => return None,
    };
    let cryptographic_length = match attributes.get(Tag::CRYPTOGRAPHIC_LENGTH) {
        None => None,
        Some(Value::Integer(length)) => Some(*length),
        Some(_) => return None,
    };
    Some(
        GetKeyResponse {
            object_type,
            unique_identifier: uid,
            object_tag,
            key_format_type,
            key_value,
            cryptographic_algorithm,
            cryptographic_length,
            key_wrapping_data,
        }
        .to_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use hsmgate_kmip::message::payload::get::GetResponse;
    use hsmgate_kmip::message::payload::Payload;
    use hsmgate_kmip::message::{AttributeName, Attributes};
    use hsmgate_kmip::ttlv::to_bytes;
    use zeroize::Zeroizing;

    use super::super::key_block::object_item;
    use super::*;
    use crate::service::{KeyWrap, ManagedObject};
    use crate::store::Material;

    fn object(
        object_type: ObjectType,
        algorithm: Option<Value>,
        length: Option<Value>,
    ) -> Arc<ManagedObject> {
        let mut attributes = Attributes::new();
        attributes.push(
            AttributeName::Tagged(Tag::NAME),
            Value::TextString("a name first, as stored keys have".into()),
        );
        if let Some(algorithm) = algorithm {
            attributes.push(
                AttributeName::Tagged(Tag::CRYPTOGRAPHIC_ALGORITHM),
                algorithm,
            );
        }
        if let Some(length) = length {
            attributes.push(AttributeName::Tagged(Tag::CRYPTOGRAPHIC_LENGTH), length);
        }
        Arc::new(ManagedObject::new(
            "key-1".into(),
            object_type,
            "CN=owner".into(),
            attributes,
            Material::None,
        ))
    }

    fn keys() -> Vec<ExportedKey> {
        let data: Vec<u8> = (0..40u8).collect();
        let mut keys = Vec::new();
        for wrap in [KeyWrap::AesKw, KeyWrap::AesKwp] {
            keys.push(ExportedKey::Wrapped {
                data: data.clone(),
                wrapping_key: "kek-with-a-longer-uid".into(),
                wrap,
            });
            keys.push(ExportedKey::WrappedTtlv {
                data: data[..24].to_vec(),
                wrapping_key: "k".into(),
                wrap,
            });
        }
        for len in [16usize, 32, 5] {
            keys.push(ExportedKey::Secret(Zeroizing::new(vec![0xA5; len])));
        }
        keys
    }

    /// The answer as it was built before: items from key_block.rs, then the payload's item.
    fn through_items(
        export: &Export,
        asked: Option<KeyFormatType>,
        version: ProtocolVersion,
    ) -> Option<Bytes> {
        let (object_type, object) = object_item(export, asked, version).ok()?;
        let response = GetResponse {
            object_type,
            unique_identifier: "key-1".into(),
            object,
        };
        let moved = response.clone().into_item();
        let item = response.to_item(version).ok()?;
        assert_eq!(moved, item);
        Some(to_bytes(&item))
    }

    #[test]
    fn the_encoding_is_byte_for_byte_the_item_trees() {
        let asked_formats = [
            None,
            Some(KeyFormatType::RAW),
            Some(KeyFormatType::TRANSPARENT_SYMMETRIC_KEY),
            Some(KeyFormatType::PKCS_8),
            Some(KeyFormatType::PKCS_1),
        ];
        let attribute_sets = [
            (Some(Value::Enumeration(3)), Some(Value::Integer(256))),
            (None, None),
            (Some(Value::Enumeration(3)), None),
            // Types key_block.rs copies as they are: left to it.
            (Some(Value::Integer(3)), Some(Value::LongInteger(256))),
        ];
        let mut encoded_count = 0;
        for version in ProtocolVersion::SUPPORTED {
            for object_type in [
                ObjectType::SYMMETRIC_KEY,
                ObjectType::PRIVATE_KEY,
                ObjectType::SECRET_DATA,
            ] {
                for (algorithm, length) in &attribute_sets {
                    for key in keys() {
                        let export = Export {
                            object: object(object_type, algorithm.clone(), length.clone()),
                            key,
                        };
                        for asked in asked_formats {
                            let old = through_items(&export, asked, version);
                            match encoded(&export, asked, version, "key-1") {
                                Some(new) => {
                                    assert_eq!(Some(new), old, "{version} {object_type} {asked:?}");
                                    encoded_count += 1;
                                }
                                None => {
                                    // Only refusals and the odd attribute types go the item way.
                                    let odd = matches!(algorithm, Some(Value::Integer(_)));
                                    assert!(
                                        old.is_none()
                                            || odd
                                            || object_type == ObjectType::SECRET_DATA,
                                        "{version} {object_type} {asked:?}"
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
        // Plaintext and wrapped keys, in every version, with and without the attributes.
        assert!(encoded_count > 100, "{encoded_count}");
    }

    #[test]
    fn a_wrapped_symmetric_key_in_kmip_1_and_2_is_encoded_directly() {
        for version in [
            ProtocolVersion::V1_0,
            ProtocolVersion::V1_4,
            ProtocolVersion::V2_1,
        ] {
            let export = Export {
                object: object(
                    ObjectType::SYMMETRIC_KEY,
                    Some(Value::Enumeration(CryptographicAlgorithm::AES.0)),
                    Some(Value::Integer(256)),
                ),
                key: ExportedKey::Wrapped {
                    data: vec![7; 40],
                    wrapping_key: "kek".into(),
                    wrap: KeyWrap::AesKwp,
                },
            };
            let new = encoded(&export, None, version, "key-1").expect("the usual shape");
            assert_eq!(
                Some(new),
                through_items(&export, None, version),
                "{version}"
            );
        }
    }
}
