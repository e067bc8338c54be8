//! Get: return a managed object (its key material in the requested format).

use bytes::{Bytes, BytesMut};

use crate::message::fields::{as_text, Builder};
use crate::message::{MessageError, ProtocolVersion};
use crate::spec::enums::{
    BlockCipherMode, CryptographicAlgorithm, EncodingOption, KeyCompressionType, KeyFormatType,
    KeyWrapType, ObjectType, Operation, WrappingMethod,
};
use crate::ttlv::{
    put_byte_string, put_enumeration, put_integer, put_structure, put_text, Item, Tag, Value,
};

use super::flat_payload::flat_payload;
use super::payload_fields;

flat_payload! {
    /// Get request.
    #[derive(Clone, PartialEq, Eq, Default)]
    pub struct GetRequest(Operation::GET, REQUEST_PAYLOAD) {
        unique_identifier: opt_text(UNIQUE_IDENTIFIER),
        key_format_type: opt_enumeration(KEY_FORMAT_TYPE, KeyFormatType),
        /// KMIP 1.4 and later.
        key_wrap_type: opt_enumeration(KEY_WRAP_TYPE, KeyWrapType),
        key_compression_type: opt_enumeration(KEY_COMPRESSION_TYPE, KeyCompressionType),
        /// Kept as an item for the wrapping layer.
        key_wrapping_specification: opt_item(KEY_WRAPPING_SPECIFICATION),
    }
}

/// A Get request read in place: [`GetRequest`]'s fields, checks and errors, with the text and
/// the Key Wrapping Specification borrowed from the request payload. Copying the specification
/// (four structures and a text) and dropping the copy was about 1,000 instructions of a
/// wrapped Get (callgrind).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct GetRequestRef<'a> {
    pub unique_identifier: Option<&'a str>,
    pub key_format_type: Option<KeyFormatType>,
    /// KMIP 1.4 and later.
    pub key_wrap_type: Option<KeyWrapType>,
    pub key_compression_type: Option<KeyCompressionType>,
    pub key_wrapping_specification: Option<&'a Item>,
}

impl<'a> GetRequestRef<'a> {
    /// Reads a Get Request Payload as [`GetRequest::parse`](super::Payload::parse) does (the
    /// same fields in the same order, so the same first error).
    pub fn parse(item: &'a Item, _version: ProtocolVersion) -> Result<Self, MessageError> {
        let mut f = payload_fields(item, Tag::REQUEST_PAYLOAD)?;
        let request = GetRequestRef {
            unique_identifier: f.take(Tag::UNIQUE_IDENTIFIER).map(as_text).transpose()?,
            key_format_type: f.opt_enumeration(Tag::KEY_FORMAT_TYPE)?,
            key_wrap_type: f.opt_enumeration(Tag::KEY_WRAP_TYPE)?,
            key_compression_type: f.opt_enumeration(Tag::KEY_COMPRESSION_TYPE)?,
            key_wrapping_specification: f.take(Tag::KEY_WRAPPING_SPECIFICATION),
        };
        f.finish()?;
        Ok(request)
    }
}

flat_payload! {
    /// Get response: `{Object Type, Unique Identifier, <object>}`.
    ///
    /// `Debug` omits the object: it holds key material.
    #[derive(Clone, PartialEq, Eq)]
    pub struct GetResponse(Operation::GET, RESPONSE_PAYLOAD) {
        object_type: enumeration(OBJECT_TYPE, ObjectType),
        unique_identifier: text(UNIQUE_IDENTIFIER),
        object: object,
    }
}

impl GetResponse {
    /// The item [`Payload::to_item`](super::Payload::to_item) writes (the same in every
    /// version), built by moving the object instead of cloning its tree.
    pub fn into_item(self) -> Item {
        let mut b = Builder::new();
        b.enumeration(Tag::OBJECT_TYPE, self.object_type)
            .push(
                Tag::UNIQUE_IDENTIFIER,
                Value::TextString(self.unique_identifier),
            )
            .item(self.object);
        b.build(Tag::RESPONSE_PAYLOAD)
    }
}

/// The Key Value of a [`GetKeyResponse`].
#[derive(Clone, Copy)]
pub enum KeyValueBytes<'a> {
    /// `Key Value {Key Material: <bytes>}` (Raw, PKCS#1, PKCS#8 and such formats).
    Material(&'a [u8]),
    /// `Key Value {Key Material {Key: <bytes>}}` (Transparent Symmetric Key).
    TransparentSymmetric(&'a [u8]),
    /// A wrapped Key Value: the wrapped bytes themselves (a Byte String).
    Wrapped(&'a [u8]),
}

/// The Key Wrapping Data of a [`GetKeyResponse`] for Wrapping Method Encrypt under a key named
/// by its Unique Identifier, with one Block Cipher Mode.
#[derive(Clone, Copy)]
pub struct KeyWrappingData<'a> {
    pub wrapping_key: &'a str,
    pub block_cipher_mode: BlockCipherMode,
    pub encoding_option: Option<EncodingOption>,
}

/// A Get Response Payload for a key whose Key Block has only the usual fields:
/// `{Object Type, Unique Identifier, <object_tag> {Key Block {Key Format Type, Key Value,
/// Cryptographic Algorithm?, Cryptographic Length?, Key Wrapping Data?}}}`.
///
/// Encoded straight from these fields (the Response Payload structure's TTLV, for
/// [`ResponseBatchItem::success_encoded`](crate::message::ResponseBatchItem::success_encoded)):
/// building the same answer as an [`Item`] tree, encoding it and dropping it was about 5,000
/// instructions of a wrapped Get (callgrind). The bytes are those of the tree, field for field.
/// No `Debug`: the Key Value may be a plaintext key.
#[derive(Clone, Copy)]
pub struct GetKeyResponse<'a> {
    pub object_type: ObjectType,
    pub unique_identifier: &'a str,
    /// The object structure's tag (Symmetric Key, Private Key, ...).
    pub object_tag: Tag,
    pub key_format_type: KeyFormatType,
    pub key_value: KeyValueBytes<'a>,
    pub cryptographic_algorithm: Option<CryptographicAlgorithm>,
    pub cryptographic_length: Option<i32>,
    pub key_wrapping_data: Option<KeyWrappingData<'a>>,
}

/// Bytes of a TTLV header, and of an Integer or Enumeration item.
const HEADER: usize = 8;
const FIXED: usize = 16;

/// Bytes of a Text or Byte String item of `len` bytes.
fn padded_item(len: usize) -> usize {
    HEADER + len.div_ceil(8) * 8
}

impl KeyValueBytes<'_> {
    fn encoded_len(self) -> usize {
        match self {
            KeyValueBytes::Material(bytes) => HEADER + padded_item(bytes.len()),
            KeyValueBytes::TransparentSymmetric(bytes) => 2 * HEADER + padded_item(bytes.len()),
            KeyValueBytes::Wrapped(bytes) => padded_item(bytes.len()),
        }
    }

    fn encode(self, out: &mut BytesMut) {
        match self {
            KeyValueBytes::Material(bytes) => put_structure(out, Tag::KEY_VALUE, |out| {
                put_byte_string(out, Tag::KEY_MATERIAL, bytes);
            }),
            KeyValueBytes::TransparentSymmetric(bytes) => {
                put_structure(out, Tag::KEY_VALUE, |out| {
                    put_structure(out, Tag::KEY_MATERIAL, |out| {
                        put_byte_string(out, Tag::KEY, bytes);
                    });
                })
            }
            KeyValueBytes::Wrapped(bytes) => put_byte_string(out, Tag::KEY_VALUE, bytes),
        }
    }
}

impl KeyWrappingData<'_> {
    fn encoded_len(&self) -> usize {
        // {Wrapping Method, Encryption Key Information {Unique Identifier,
        // Cryptographic Parameters {Block Cipher Mode}}, Encoding Option?}
        HEADER
            + FIXED
            + HEADER
            + padded_item(self.wrapping_key.len())
            + HEADER
            + FIXED
            + self.encoding_option.map_or(0, |_| FIXED)
    }

    fn encode(&self, out: &mut BytesMut) {
        put_structure(out, Tag::KEY_WRAPPING_DATA, |out| {
            put_enumeration(out, Tag::WRAPPING_METHOD, WrappingMethod::ENCRYPT.0);
            put_structure(out, Tag::ENCRYPTION_KEY_INFORMATION, |out| {
                put_text(out, Tag::UNIQUE_IDENTIFIER, self.wrapping_key);
                put_structure(out, Tag::CRYPTOGRAPHIC_PARAMETERS, |out| {
                    put_enumeration(out, Tag::BLOCK_CIPHER_MODE, self.block_cipher_mode.0);
                });
            });
            if let Some(option) = self.encoding_option {
                put_enumeration(out, Tag::ENCODING_OPTION, option.0);
            }
        });
    }
}

impl GetKeyResponse<'_> {
    /// The exact length [`GetKeyResponse::to_bytes`] writes.
    pub fn encoded_len(&self) -> usize {
        let key_block = HEADER
            + FIXED
            + self.key_value.encoded_len()
            + self.cryptographic_algorithm.map_or(0, |_| FIXED)
            + self.cryptographic_length.map_or(0, |_| FIXED)
            + self
                .key_wrapping_data
                .as_ref()
                .map_or(0, KeyWrappingData::encoded_len);
        HEADER + FIXED + padded_item(self.unique_identifier.len()) + HEADER + key_block
    }

    /// The TTLV bytes of the Response Payload structure, in a buffer of exactly their size.
    pub fn to_bytes(&self) -> Bytes {
        let mut out = BytesMut::with_capacity(self.encoded_len());
        put_structure(&mut out, Tag::RESPONSE_PAYLOAD, |out| {
            put_enumeration(out, Tag::OBJECT_TYPE, self.object_type.0);
            put_text(out, Tag::UNIQUE_IDENTIFIER, self.unique_identifier);
            put_structure(out, self.object_tag, |out| {
                put_structure(out, Tag::KEY_BLOCK, |out| {
                    put_enumeration(out, Tag::KEY_FORMAT_TYPE, self.key_format_type.0);
                    self.key_value.encode(out);
                    if let Some(algorithm) = self.cryptographic_algorithm {
                        put_enumeration(out, Tag::CRYPTOGRAPHIC_ALGORITHM, algorithm.0);
                    }
                    if let Some(length) = self.cryptographic_length {
                        put_integer(out, Tag::CRYPTOGRAPHIC_LENGTH, length);
                    }
                    if let Some(wrapping) = &self.key_wrapping_data {
                        wrapping.encode(out);
                    }
                });
            });
        });
        out.freeze()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::payload::Payload;

    fn spec() -> Item {
        Item::structure(
            Tag::KEY_WRAPPING_SPECIFICATION,
            vec![Item::new(
                Tag::WRAPPING_METHOD,
                Value::Enumeration(WrappingMethod::ENCRYPT.0),
            )],
        )
    }

    fn payload(fields: Vec<Item>) -> Item {
        Item::structure(Tag::REQUEST_PAYLOAD, fields)
    }

    #[test]
    fn the_borrowed_parse_reads_and_refuses_as_the_owned_one() {
        let uid = || Item::new(Tag::UNIQUE_IDENTIFIER, Value::TextString("k-1".into()));
        let format = || Item::new(Tag::KEY_FORMAT_TYPE, Value::Enumeration(1));
        let cases = vec![
            payload(vec![]),
            payload(vec![uid()]),
            payload(vec![
                spec(),
                Item::new(Tag::KEY_COMPRESSION_TYPE, Value::Enumeration(1)),
                Item::new(Tag::KEY_WRAP_TYPE, Value::Enumeration(2)),
                format(),
                uid(),
            ]),
            // Wrong types: the first field in the parser's order is the one reported.
            payload(vec![
                Item::new(Tag::KEY_FORMAT_TYPE, Value::Integer(1)),
                Item::new(Tag::UNIQUE_IDENTIFIER, Value::Integer(1)),
            ]),
            payload(vec![Item::new(
                Tag::KEY_WRAP_TYPE,
                Value::TextString("x".into()),
            )]),
            // A repeated field and an unknown one.
            payload(vec![uid(), uid()]),
            payload(vec![
                format(),
                Item::new(Tag::DATA, Value::Integer(0)),
                uid(),
            ]),
            // A specification of any type is kept for the wrapping layer, as the owned parse does.
            payload(vec![Item::new(
                Tag::KEY_WRAPPING_SPECIFICATION,
                Value::Integer(3),
            )]),
            Item::structure(Tag::RESPONSE_PAYLOAD, vec![uid()]),
            Item::new(Tag::REQUEST_PAYLOAD, Value::Integer(1)),
        ];
        for version in ProtocolVersion::SUPPORTED {
            for case in &cases {
                let owned = GetRequest::parse(case, version);
                let borrowed = GetRequestRef::parse(case, version);
                match (owned, borrowed) {
                    (Ok(owned), Ok(borrowed)) => {
                        assert_eq!(
                            owned.unique_identifier.as_deref(),
                            borrowed.unique_identifier
                        );
                        assert_eq!(owned.key_format_type, borrowed.key_format_type);
                        assert_eq!(owned.key_wrap_type, borrowed.key_wrap_type);
                        assert_eq!(owned.key_compression_type, borrowed.key_compression_type);
                        assert_eq!(
                            owned.key_wrapping_specification.as_ref(),
                            borrowed.key_wrapping_specification
                        );
                    }
                    (Err(owned), Err(borrowed)) => assert_eq!(owned, borrowed, "{case:?}"),
                    (owned, borrowed) => panic!("{case:?}: {owned:?} vs {borrowed:?}"),
                }
            }
        }
    }
}
