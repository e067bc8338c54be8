//! Why a byte sequence is not acceptable TTLV.
//!
//! Every variant says where the problem is (the byte offset of the offending item's header, counted
//! from the start of the input) and, where one could be read, the item's tag. No variant carries
//! value bytes: a rejected item may hold key material, and errors end up in logs.

use std::fmt;

use super::item::{ItemType, Tag};

/// A TTLV input that the decoder rejected.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The input ends before the item that starts at `offset` is complete: `needed` bytes from
    /// the start of the input are required, `available` are present. More bytes could fix this
    /// (a stream reader would keep reading); no other error can be fixed that way.
    Truncated {
        offset: usize,
        needed: u64,
        available: usize,
    },
    /// An item inside a structure declares a length that runs past the end of that structure.
    LengthOverrun {
        offset: usize,
        tag: Tag,
        length: u32,
        available: usize,
    },
    /// The message (header plus declared length) is larger than [`Limits::max_message_size`].
    ///
    /// [`Limits::max_message_size`]: super::Limits::max_message_size
    MessageTooLarge { size: u64, max: usize },
    /// The structure at `offset` would nest deeper than [`Limits::max_depth`].
    ///
    /// [`Limits::max_depth`]: super::Limits::max_depth
    TooDeep {
        offset: usize,
        tag: Tag,
        max_depth: usize,
    },
    /// The item type byte is not one any KMIP version defines.
    UnknownItemType {
        offset: usize,
        tag: Tag,
        type_byte: u8,
    },
    /// The declared length is not allowed for the item type (Integer, Enumeration and Interval
    /// are 4 bytes; Long Integer, Boolean, Date-Time and Date-Time Extended are 8; a Big
    /// Integer or a Structure is a non-zero multiple of 8, a Structure may also be empty).
    WrongLength {
        offset: usize,
        tag: Tag,
        item_type: ItemType,
        length: u32,
    },
    /// The padding after a value (up to the next multiple of 8 bytes) is not all zero.
    NonZeroPadding { offset: usize, tag: Tag },
    /// A Text String is not valid UTF-8.
    InvalidUtf8 { offset: usize, tag: Tag },
    /// A Boolean's 8-byte value is neither 0 nor 1.
    InvalidBoolean { offset: usize, tag: Tag },
    /// Bytes follow the end of the top-level item.
    TrailingBytes { offset: usize, count: usize },
    /// A message's top-level item is not a Structure (`type_byte` as read from the wire).
    NotAStructure { tag: Tag, type_byte: u8 },
}

impl DecodeError {
    /// True when more input could turn this into a successful decode: only for
    /// [`DecodeError::Truncated`].
    pub fn is_truncated(&self) -> bool {
        matches!(self, DecodeError::Truncated { .. })
    }
}

/// Formats a tag the way the KMIP specification writes it (`0x420078`).
struct TagHex(Tag);

impl fmt::Display for TagHex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:06X}", self.0.value())
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DecodeError::Truncated { offset, needed, available } => write!(
                f,
                "TTLV input truncated: the item at offset {offset} needs {needed} bytes, {available} present"
            ),
            DecodeError::LengthOverrun { offset, tag, length, available } => write!(
                f,
                "TTLV item {} at offset {offset} declares length {length}, which overruns its \
                 enclosing structure ({available} bytes left)",
                TagHex(tag)
            ),
            DecodeError::MessageTooLarge { size, max } => {
                write!(f, "TTLV message of {size} bytes exceeds the maximum of {max} bytes")
            }
            DecodeError::TooDeep { offset, tag, max_depth } => write!(
                f,
                "TTLV structure {} at offset {offset} nests deeper than the maximum depth {max_depth}",
                TagHex(tag)
            ),
            DecodeError::UnknownItemType { offset, tag, type_byte } => write!(
                f,
                "TTLV item {} at offset {offset} has unknown item type 0x{type_byte:02X}",
                TagHex(tag)
            ),
            DecodeError::WrongLength { offset, tag, item_type, length } => write!(
                f,
                "TTLV item {} at offset {offset}: length {length} is not valid for item type {}",
                TagHex(tag),
                item_type.xml_name()
            ),
            DecodeError::NonZeroPadding { offset, tag } => write!(
                f,
                "TTLV item {} at offset {offset} has non-zero padding",
                TagHex(tag)
            ),
            DecodeError::InvalidUtf8 { offset, tag } => write!(
                f,
                "TTLV Text String {} at offset {offset} is not valid UTF-8",
                TagHex(tag)
            ),
            DecodeError::InvalidBoolean { offset, tag } => write!(
                f,
                "TTLV Boolean {} at offset {offset} is neither 0 nor 1",
                TagHex(tag)
            ),
            DecodeError::TrailingBytes { offset, count } => write!(
                f,
                "{count} trailing bytes after the TTLV item, starting at offset {offset}"
            ),
            DecodeError::NotAStructure { tag, type_byte } => write!(
                f,
                "TTLV message starts with item {} of type 0x{type_byte:02X}, not a Structure",
                TagHex(tag)
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_tag_and_offset_but_no_value() {
        let err = DecodeError::InvalidUtf8 {
            offset: 24,
            tag: Tag::new(0x420094),
        };
        assert_eq!(
            err.to_string(),
            "TTLV Text String 0x420094 at offset 24 is not valid UTF-8"
        );
        let err = DecodeError::WrongLength {
            offset: 0,
            tag: Tag::new(0x420020),
            item_type: ItemType::Integer,
            length: 5,
        };
        assert_eq!(
            err.to_string(),
            "TTLV item 0x420020 at offset 0: length 5 is not valid for item type Integer"
        );
    }

    #[test]
    fn only_truncation_is_fixable_by_more_input() {
        assert!(DecodeError::Truncated {
            offset: 0,
            needed: 8,
            available: 3
        }
        .is_truncated());
        assert!(!DecodeError::TrailingBytes {
            offset: 8,
            count: 1
        }
        .is_truncated());
    }
}
