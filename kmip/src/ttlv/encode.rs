//! Encoding an [`Item`] tree to TTLV bytes in one pass.
//!
//! A structure's length is only known once its children are written, so its header is written
//! with a placeholder length that a guard patches when it goes out of scope. Nothing is measured
//! twice, and no intermediate buffer is built per structure.
//!
//! Encoding recurses once per nesting level; trees from [`decode`](super::decode) are bounded by
//! [`Limits::max_depth`](super::Limits::max_depth), and trees built by this program are as deep
//! as the KMIP messages it builds.

use bytes::{BufMut, Bytes, BytesMut};

use super::header::HEADER_LEN;
use super::item::{Item, ItemType, Tag, Value};

/// Appends the TTLV encoding of `item` to `out`.
///
/// Big Integers are written sign-extended to a multiple of 8 bytes (an empty one as zero). A
/// length that does not fit the 32-bit length field (a value over 4 GiB, which no decoder would
/// accept anyway) is written as `u32::MAX`.
pub fn encode(item: &Item, out: &mut BytesMut) {
    match &item.value {
        Value::Structure(children) => {
            let structure = LengthPatch::start(out, item.tag);
            for child in children {
                encode(child, structure.out);
            }
        }
        Value::Integer(v) => put_fixed4(out, item.tag, ItemType::Integer, v.to_be_bytes()),
        Value::Enumeration(v) => put_fixed4(out, item.tag, ItemType::Enumeration, v.to_be_bytes()),
        Value::Interval(v) => put_fixed4(out, item.tag, ItemType::Interval, v.to_be_bytes()),
        Value::LongInteger(v) => put_fixed8(out, item.tag, ItemType::LongInteger, v.to_be_bytes()),
        Value::DateTime(v) => put_fixed8(out, item.tag, ItemType::DateTime, v.to_be_bytes()),
        Value::DateTimeExtended(v) => {
            put_fixed8(out, item.tag, ItemType::DateTimeExtended, v.to_be_bytes())
        }
        Value::Boolean(v) => put_fixed8(
            out,
            item.tag,
            ItemType::Boolean,
            u64::from(*v).to_be_bytes(),
        ),
        Value::TextString(text) => put_padded(out, item.tag, ItemType::TextString, text.as_bytes()),
        Value::ByteString(bytes) => put_padded(out, item.tag, ItemType::ByteString, bytes),
        Value::BigInteger(bytes) => {
            let extension = big_integer_extension(bytes);
            let fill = match bytes.first() {
                Some(first) if first & 0x80 != 0 => 0xFF,
                _ => 0x00,
            };
            out.reserve(HEADER_LEN + extension + bytes.len());
            put_header(
                out,
                item.tag,
                ItemType::BigInteger,
                length_field(extension + bytes.len()),
            );
            out.put_bytes(fill, extension);
            out.put_slice(bytes);
        }
    }
}

/// The encoding of `item` in a buffer of exactly the right size.
pub fn to_bytes(item: &Item) -> Bytes {
    let mut out = BytesMut::with_capacity(encoded_len(item));
    encode(item, &mut out);
    out.freeze()
}

/// The number of bytes [`encode`] writes for `item`.
pub fn encoded_len(item: &Item) -> usize {
    HEADER_LEN
        + match &item.value {
            Value::Structure(children) => children.iter().map(encoded_len).sum(),
            Value::Integer(_)
            | Value::Enumeration(_)
            | Value::Interval(_)
            | Value::LongInteger(_)
            | Value::DateTime(_)
            | Value::DateTimeExtended(_)
            | Value::Boolean(_) => 8,
            Value::TextString(text) => padded_len(text.len()),
            Value::ByteString(bytes) => padded_len(bytes.len()),
            Value::BigInteger(bytes) => big_integer_extension(bytes) + bytes.len(),
        }
}

/// Writes a structure whose children `body` writes, straight from typed fields: what the message
/// envelopes use to encode without building an [`Item`] tree first.
pub(crate) fn put_structure(out: &mut BytesMut, tag: Tag, body: impl FnOnce(&mut BytesMut)) {
    let structure = LengthPatch::start(out, tag);
    body(structure.out);
}

pub(crate) fn put_integer(out: &mut BytesMut, tag: Tag, value: i32) {
    put_fixed4(out, tag, ItemType::Integer, value.to_be_bytes());
}

pub(crate) fn put_enumeration(out: &mut BytesMut, tag: Tag, value: u32) {
    put_fixed4(out, tag, ItemType::Enumeration, value.to_be_bytes());
}

pub(crate) fn put_date_time(out: &mut BytesMut, tag: Tag, value: i64) {
    put_fixed8(out, tag, ItemType::DateTime, value.to_be_bytes());
}

pub(crate) fn put_text(out: &mut BytesMut, tag: Tag, value: &str) {
    put_padded(out, tag, ItemType::TextString, value.as_bytes());
}

pub(crate) fn put_byte_string(out: &mut BytesMut, tag: Tag, value: &[u8]) {
    put_padded(out, tag, ItemType::ByteString, value);
}

/// Writes a structure header with a placeholder length and, when dropped, patches in the number
/// of bytes written after the header in the meantime.
struct LengthPatch<'a> {
    out: &'a mut BytesMut,
    header_at: usize,
}

impl<'a> LengthPatch<'a> {
    fn start(out: &'a mut BytesMut, tag: Tag) -> Self {
        let header_at = out.len();
        put_header(out, tag, ItemType::Structure, 0);
        LengthPatch { out, header_at }
    }
}

impl Drop for LengthPatch<'_> {
    fn drop(&mut self) {
        let value_at = self.header_at + HEADER_LEN;
        let length = length_field(self.out.len().saturating_sub(value_at));
        if let Some(field) = self.out.get_mut(self.header_at + 4..value_at) {
            field.copy_from_slice(&length.to_be_bytes());
        }
    }
}

fn put_header(out: &mut BytesMut, tag: Tag, item_type: ItemType, length: u32) {
    let [_, t0, t1, t2] = tag.value().to_be_bytes();
    let [l0, l1, l2, l3] = length.to_be_bytes();
    out.put_slice(&[t0, t1, t2, item_type as u8, l0, l1, l2, l3]);
}

fn put_fixed4(out: &mut BytesMut, tag: Tag, item_type: ItemType, value: [u8; 4]) {
    let [_, t0, t1, t2] = tag.value().to_be_bytes();
    let [v0, v1, v2, v3] = value;
    out.put_slice(&[
        t0,
        t1,
        t2,
        item_type as u8,
        0,
        0,
        0,
        4,
        v0,
        v1,
        v2,
        v3,
        0,
        0,
        0,
        0,
    ]);
}

fn put_fixed8(out: &mut BytesMut, tag: Tag, item_type: ItemType, value: [u8; 8]) {
    let [_, t0, t1, t2] = tag.value().to_be_bytes();
    let [v0, v1, v2, v3, v4, v5, v6, v7] = value;
    out.put_slice(&[
        t0,
        t1,
        t2,
        item_type as u8,
        0,
        0,
        0,
        8,
        v0,
        v1,
        v2,
        v3,
        v4,
        v5,
        v6,
        v7,
    ]);
}

fn put_padded(out: &mut BytesMut, tag: Tag, item_type: ItemType, value: &[u8]) {
    let padding = padded_len(value.len()) - value.len();
    out.reserve(HEADER_LEN + value.len() + padding);
    put_header(out, tag, item_type, length_field(value.len()));
    out.put_slice(value);
    out.put_bytes(0, padding);
}

/// Sign-extension bytes that bring a Big Integer to a non-zero multiple of 8 bytes.
fn big_integer_extension(bytes: &[u8]) -> usize {
    if bytes.is_empty() {
        8
    } else {
        padded_len(bytes.len()) - bytes.len()
    }
}

fn padded_len(len: usize) -> usize {
    len.saturating_add(7) & !7
}

/// The value for a 32-bit length field; see [`encode`] for lengths that do not fit.
fn length_field(len: usize) -> u32 {
    debug_assert!(u32::try_from(len).is_ok(), "TTLV value longer than 4 GiB");
    u32::try_from(len).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ttlv::header::padded;

    fn hex(b: &[u8]) -> String {
        hex::encode_upper(b)
    }

    #[test]
    fn nested_structure_lengths_are_patched() {
        let item = Item::structure(
            Tag::new(0x420001),
            vec![
                Item::structure(
                    Tag::new(0x420002),
                    vec![Item::new(Tag::new(0x420003), Value::Integer(7))],
                ),
                Item::new(Tag::new(0x420004), Value::Boolean(true)),
            ],
        );
        let bytes = to_bytes(&item);
        assert_eq!(
            hex(&bytes),
            "4200010100000028420002010000001042000302000000040000000700000000\
             42000406000000080000000000000001"
        );
        assert_eq!(encoded_len(&item), bytes.len());
    }

    #[test]
    fn encode_appends_after_existing_bytes() {
        let mut out = BytesMut::from(&b"xyz"[..]);
        encode(&Item::structure(Tag::new(0x420001), vec![]), &mut out);
        assert_eq!(hex(&out), "78797A4200010100000000");
    }

    #[test]
    fn big_integers_are_sign_extended() {
        let cases: [(&[u8], &str); 4] = [
            (&[0x01, 0x00], "0000000000000100"),
            (&[0x80, 0x00], "FFFFFFFFFFFF8000"),
            (&[], "0000000000000000"),
            (&[0xFF; 8], "FFFFFFFFFFFFFFFF"),
        ];
        for (value, expected) in cases {
            let item = Item::new(
                Tag::new(0x420020),
                Value::BigInteger(Bytes::copy_from_slice(value)),
            );
            let bytes = to_bytes(&item);
            assert_eq!(hex(&bytes), format!("4200200400000008{expected}"));
            assert_eq!(encoded_len(&item), 16);
        }
    }

    #[test]
    fn strings_are_zero_padded() {
        let item = Item::new(Tag::new(0x420020), Value::TextString("Hello World".into()));
        assert_eq!(
            hex(&to_bytes(&item)),
            "420020070000000B48656C6C6F20576F726C640000000000"
        );
        let item = Item::new(
            Tag::new(0x420020),
            Value::ByteString(Bytes::from_static(&[0xAB; 8])),
        );
        assert_eq!(hex(&to_bytes(&item)), "4200200800000008ABABABABABABABAB");
        // The encoder's rounding agrees with the decoder's.
        for len in [0, 1, 7, 8, 9, 4096] {
            assert_eq!(padded(len) as usize, padded_len(len as usize));
        }
    }
}
