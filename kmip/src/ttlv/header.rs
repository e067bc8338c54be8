//! The 8-byte TTLV item header (3-byte tag, 1-byte type, 4-byte length) and the size rules that
//! follow from it. Shared by the decoder and the stream framing so both apply the same rules.

use super::error::DecodeError;
use super::item::{ItemType, Tag};

/// Bytes in an item header.
pub(crate) const HEADER_LEN: usize = 8;

/// Values are padded to this alignment.
pub(crate) const ALIGN: u64 = 8;

/// A header as read off the wire: nothing in it has been checked yet.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawHeader {
    pub(crate) tag: Tag,
    pub(crate) type_byte: u8,
    pub(crate) length: u32,
}

/// The header at `at`, or `None` when fewer than [`HEADER_LEN`] bytes are there.
pub(crate) fn read_header(buf: &[u8], at: usize) -> Option<RawHeader> {
    let bytes: [u8; HEADER_LEN] = buf.get(at..at.checked_add(HEADER_LEN)?)?.try_into().ok()?;
    let [t0, t1, t2, type_byte, l0, l1, l2, l3] = bytes;
    Some(RawHeader {
        tag: Tag::new(u32::from_be_bytes([0, t0, t1, t2])),
        type_byte,
        length: u32::from_be_bytes([l0, l1, l2, l3]),
    })
}

/// `length` rounded up to the padding alignment. Computed in u64 so 0xFFFF_FFFF cannot overflow.
pub(crate) fn padded(length: u32) -> u64 {
    (u64::from(length) + ALIGN - 1) & !(ALIGN - 1)
}

impl RawHeader {
    /// Checks the type byte and the length rules of that type, and returns the type and the size
    /// of the whole item on the wire (header, value and padding). `offset` is only for errors.
    pub(crate) fn check(&self, offset: usize) -> Result<(ItemType, u64), DecodeError> {
        let item_type =
            ItemType::from_byte(self.type_byte).ok_or(DecodeError::UnknownItemType {
                offset,
                tag: self.tag,
                type_byte: self.type_byte,
            })?;
        let len = self.length;
        let valid = match item_type {
            ItemType::Integer | ItemType::Enumeration | ItemType::Interval => len == 4,
            ItemType::LongInteger
            | ItemType::Boolean
            | ItemType::DateTime
            | ItemType::DateTimeExtended => len == 8,
            // A Big Integer is sign-extended to a multiple of 8; zero itself takes 8 bytes.
            ItemType::BigInteger => len != 0 && len % 8 == 0,
            // Children are multiples of 8 each, so a structure's length is one too.
            ItemType::Structure => len % 8 == 0,
            ItemType::TextString | ItemType::ByteString => true,
        };
        if !valid {
            return Err(DecodeError::WrongLength {
                offset,
                tag: self.tag,
                item_type,
                length: len,
            });
        }
        Ok((item_type, HEADER_LEN as u64 + padded(len)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tag_type_and_length_big_endian() {
        let h = read_header(&[0x42, 0x00, 0x78, 0x01, 0x00, 0x00, 0x01, 0x20, 0xFF], 0).unwrap();
        assert_eq!(h.tag, Tag::new(0x420078));
        assert_eq!(h.type_byte, 0x01);
        assert_eq!(h.length, 0x120);
        assert!(read_header(&[0x42, 0x00, 0x78, 0x01, 0x00, 0x00, 0x01], 0).is_none());
        assert!(read_header(&[0; 8], usize::MAX - 3).is_none());
    }

    #[test]
    fn padding_rounds_up_without_overflow() {
        assert_eq!(padded(0), 0);
        assert_eq!(padded(1), 8);
        assert_eq!(padded(8), 8);
        assert_eq!(padded(11), 16);
        assert_eq!(padded(u32::MAX), 0x1_0000_0000);
    }

    #[test]
    fn size_includes_header_and_padding() {
        let h = RawHeader {
            tag: Tag::new(0x420020),
            type_byte: 0x02,
            length: 4,
        };
        assert_eq!(h.check(0).unwrap(), (ItemType::Integer, 16));
        let h = RawHeader {
            tag: Tag::new(0x420020),
            type_byte: 0x07,
            length: 11,
        };
        assert_eq!(h.check(0).unwrap(), (ItemType::TextString, 24));
        let h = RawHeader {
            tag: Tag::new(0x420020),
            type_byte: 0x04,
            length: 0,
        };
        assert!(matches!(h.check(0), Err(DecodeError::WrongLength { .. })));
        let h = RawHeader {
            tag: Tag::new(0x420020),
            type_byte: 0x0C,
            length: 4,
        };
        assert!(matches!(
            h.check(0),
            Err(DecodeError::UnknownItemType {
                type_byte: 0x0C,
                ..
            })
        ));
    }
}
