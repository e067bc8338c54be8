//! Managed-object structures as a client sends them in Register and Import: a Key Block around
//! plaintext material, inside its object's structure (Symmetric Key, Private Key, Secret Data).

use hsmgate_kmip::spec::enums::{CryptographicAlgorithm, KeyFormatType, SecretDataType};
use hsmgate_kmip::ttlv::{Item, Tag, Value};

/// A Key Block `{Key Format Type, Key Value {Key Material}, extra...}`.
pub fn key_block(format: KeyFormatType, material: Value, extra: Vec<Item>) -> Item {
    let mut fields = vec![
        Item::new(Tag::KEY_FORMAT_TYPE, Value::Enumeration(format.0)),
        Item::structure(Tag::KEY_VALUE, vec![Item::new(Tag::KEY_MATERIAL, material)]),
    ];
    fields.extend(extra);
    Item::structure(Tag::KEY_BLOCK, fields)
}

/// The Key Block fields naming the key's algorithm and length.
pub fn algorithm_fields(algorithm: CryptographicAlgorithm, bits: i32) -> Vec<Item> {
    vec![
        Item::new(
            Tag::CRYPTOGRAPHIC_ALGORITHM,
            Value::Enumeration(algorithm.0),
        ),
        Item::new(Tag::CRYPTOGRAPHIC_LENGTH, Value::Integer(bits)),
    ]
}

/// The object structure `tag` (Symmetric Key, Private Key...) holding `block`.
pub fn object(tag: Tag, block: Item) -> Item {
    Item::structure(tag, vec![block])
}

/// A Symmetric Key with Raw material and the Key Block fields `extra`.
pub fn raw_symmetric_key(material: &[u8], extra: Vec<Item>) -> Item {
    let material = Value::ByteString(material.to_vec().into());
    object(
        Tag::SYMMETRIC_KEY,
        key_block(KeyFormatType::RAW, material, extra),
    )
}

/// Secret Data of type `kind` with Opaque material.
pub fn secret_data(kind: SecretDataType, material: &[u8]) -> Item {
    let material = Value::ByteString(material.to_vec().into());
    Item::structure(
        Tag::SECRET_DATA,
        vec![
            Item::new(Tag::SECRET_DATA_TYPE, Value::Enumeration(kind.0)),
            key_block(KeyFormatType::OPAQUE, material, Vec::new()),
        ],
    )
}
