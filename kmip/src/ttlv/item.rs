//! The TTLV item tree: the shape every KMIP message has on the wire.

use std::fmt;

use bytes::Bytes;

/// A KMIP tag: three bytes on the wire (0x42xxxx for standard tags, 0x54xxxx for extensions).
///
/// An open newtype: any 24-bit value is a valid `Tag`, so unknown and vendor tags survive a round
/// trip. Named constants and name lookups live with the tag table.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Tag(u32);

impl Tag {
    /// A tag from its numeric value. Only the low 24 bits are kept.
    pub const fn new(value: u32) -> Self {
        Tag(value & 0x00FF_FFFF)
    }

    /// The numeric value (24 bits).
    pub const fn value(self) -> u32 {
        self.0
    }
}

/// The item type byte of a TTLV element.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[repr(u8)]
pub enum ItemType {
    Structure = 0x01,
    Integer = 0x02,
    LongInteger = 0x03,
    BigInteger = 0x04,
    Enumeration = 0x05,
    Boolean = 0x06,
    TextString = 0x07,
    ByteString = 0x08,
    DateTime = 0x09,
    Interval = 0x0A,
    DateTimeExtended = 0x0B,
}

impl ItemType {
    /// The type for a wire byte, or `None` for a byte no KMIP version defines.
    pub const fn from_byte(byte: u8) -> Option<Self> {
        Some(match byte {
            0x01 => ItemType::Structure,
            0x02 => ItemType::Integer,
            0x03 => ItemType::LongInteger,
            0x04 => ItemType::BigInteger,
            0x05 => ItemType::Enumeration,
            0x06 => ItemType::Boolean,
            0x07 => ItemType::TextString,
            0x08 => ItemType::ByteString,
            0x09 => ItemType::DateTime,
            0x0A => ItemType::Interval,
            0x0B => ItemType::DateTimeExtended,
            _ => return None,
        })
    }

    /// The name the KMIP XML encoding uses in its `type` attribute.
    pub const fn xml_name(self) -> &'static str {
        match self {
            ItemType::Structure => "Structure",
            ItemType::Integer => "Integer",
            ItemType::LongInteger => "LongInteger",
            ItemType::BigInteger => "BigInteger",
            ItemType::Enumeration => "Enumeration",
            ItemType::Boolean => "Boolean",
            ItemType::TextString => "TextString",
            ItemType::ByteString => "ByteString",
            ItemType::DateTime => "DateTime",
            ItemType::Interval => "Interval",
            ItemType::DateTimeExtended => "DateTimeExtended",
        }
    }
}

/// The value of a TTLV item.
///
/// `Debug` shows the length of a Byte String or Big Integer, never its bytes: those carry key
/// material (symmetric keys, private key components, plaintext).
#[derive(Clone, PartialEq, Eq)]
pub enum Value {
    Structure(Vec<Item>),
    Integer(i32),
    LongInteger(i64),
    /// Two's complement, big-endian, as on the wire (a multiple of 8 bytes, sign-extended).
    BigInteger(Bytes),
    /// The raw enumeration value; its meaning depends on the tag (see the enumeration tables).
    Enumeration(u32),
    Boolean(bool),
    TextString(String),
    /// Shares the received buffer where the decoder can (no copy of key material or payloads).
    ByteString(Bytes),
    /// Seconds since the Unix epoch.
    DateTime(i64),
    /// Seconds.
    Interval(u32),
    /// Microseconds since the Unix epoch (KMIP 2.0 and later).
    DateTimeExtended(i64),
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Structure(children) => f.debug_tuple("Structure").field(children).finish(),
            Value::Integer(v) => f.debug_tuple("Integer").field(v).finish(),
            Value::LongInteger(v) => f.debug_tuple("LongInteger").field(v).finish(),
            Value::BigInteger(bytes) => write!(f, "BigInteger(<{} bytes>)", bytes.len()),
            Value::Enumeration(v) => write!(f, "Enumeration(0x{v:08X})"),
            Value::Boolean(v) => f.debug_tuple("Boolean").field(v).finish(),
            Value::TextString(v) => f.debug_tuple("TextString").field(v).finish(),
            Value::ByteString(bytes) => write!(f, "ByteString(<{} bytes>)", bytes.len()),
            Value::DateTime(v) => f.debug_tuple("DateTime").field(v).finish(),
            Value::Interval(v) => f.debug_tuple("Interval").field(v).finish(),
            Value::DateTimeExtended(v) => f.debug_tuple("DateTimeExtended").field(v).finish(),
        }
    }
}

impl Value {
    /// The item type this value encodes as.
    pub const fn item_type(&self) -> ItemType {
        match self {
            Value::Structure(_) => ItemType::Structure,
            Value::Integer(_) => ItemType::Integer,
            Value::LongInteger(_) => ItemType::LongInteger,
            Value::BigInteger(_) => ItemType::BigInteger,
            Value::Enumeration(_) => ItemType::Enumeration,
            Value::Boolean(_) => ItemType::Boolean,
            Value::TextString(_) => ItemType::TextString,
            Value::ByteString(_) => ItemType::ByteString,
            Value::DateTime(_) => ItemType::DateTime,
            Value::Interval(_) => ItemType::Interval,
            Value::DateTimeExtended(_) => ItemType::DateTimeExtended,
        }
    }
}

/// One TTLV element: a tag and a typed value.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Item {
    pub tag: Tag,
    pub value: Value,
}

impl Item {
    pub fn new(tag: Tag, value: Value) -> Self {
        Item { tag, value }
    }

    /// A structure item with the given children.
    pub fn structure(tag: Tag, children: Vec<Item>) -> Self {
        Item {
            tag,
            value: Value::Structure(children),
        }
    }

    /// The children of a structure (empty for any other type).
    pub fn children(&self) -> &[Item] {
        match &self.value {
            Value::Structure(children) => children,
            _ => &[],
        }
    }

    /// The first child with this tag.
    pub fn child(&self, tag: Tag) -> Option<&Item> {
        self.children().iter().find(|c| c.tag == tag)
    }

    /// Every child with this tag, in order.
    pub fn children_with(&self, tag: Tag) -> impl Iterator<Item = &Item> {
        self.children().iter().filter(move |c| c.tag == tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_byte_string_lengths_not_bytes() {
        let key = Item::new(
            Tag::new(0x420043),
            Value::ByteString(Bytes::from_static(&[0xA7; 32])),
        );
        let shown = format!("{key:?}");
        assert!(shown.contains("ByteString(<32 bytes>)"), "{shown}");
        assert!(
            !shown.contains("167") && !shown.to_lowercase().contains("a7"),
            "{shown}"
        );
        let big = Value::BigInteger(Bytes::from_static(&[0x12; 16]));
        assert_eq!(format!("{big:?}"), "BigInteger(<16 bytes>)");
        assert_eq!(
            format!("{:?}", Value::Enumeration(3)),
            "Enumeration(0x00000003)"
        );
        assert_eq!(format!("{:?}", Value::Integer(-2)), "Integer(-2)");
    }
}
