//! Decoding TTLV bytes from a peer into an [`Item`] tree.
//!
//! The input is untrusted. Every declared length is checked against the bytes actually present
//! and against [`Limits`] before anything is allocated, so memory use stays proportional to the
//! input, never to what the input claims. The decoder only accepts the canonical encoding (exact
//! fixed lengths, zero padding, Booleans 0 or 1, no trailing bytes), which is why re-encoding a
//! decoded item gives back exactly the bytes that were decoded.
//!
//! Nesting is walked with an explicit stack rather than recursion, and is bounded by
//! [`Limits::max_depth`] because the resulting tree is itself dropped, compared and encoded
//! recursively.

use bytes::Bytes;

use super::error::DecodeError;
use super::header::{padded, read_header, RawHeader, HEADER_LEN};
use super::item::{Item, ItemType, Tag, Value};

/// Bounds applied to every decoded message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest message accepted, in bytes, header included. Default 1 MiB
    /// ([`Limits::DEFAULT_MAX_MESSAGE_SIZE`]): ample for key blocks, certificates and the
    /// data of a single cryptographic operation, small enough that a connection cannot pin
    /// much memory.
    pub max_message_size: usize,
    /// Deepest nesting of Structures accepted, the top-level Structure counting as 1. Default
    /// 32 ([`Limits::DEFAULT_MAX_DEPTH`]): real KMIP 1.x and 2.x messages nest fewer than 10
    /// levels. Values above [`Limits::DEPTH_CEILING`] act as that ceiling: decoded trees are
    /// dropped, compared and encoded recursively, so depth must stay far from the stack's limit.
    pub max_depth: usize,
}

impl Limits {
    /// The default [`Limits::max_message_size`]: 1 MiB.
    pub const DEFAULT_MAX_MESSAGE_SIZE: usize = 1 << 20;
    /// The default [`Limits::max_depth`].
    pub const DEFAULT_MAX_DEPTH: usize = 32;
    /// The deepest nesting ever accepted, whatever [`Limits::max_depth`] says.
    pub const DEPTH_CEILING: usize = 256;

    /// The depth bound actually applied.
    fn effective_max_depth(&self) -> usize {
        self.max_depth.min(Self::DEPTH_CEILING)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_message_size: Self::DEFAULT_MAX_MESSAGE_SIZE,
            max_depth: Self::DEFAULT_MAX_DEPTH,
        }
    }
}

/// Decodes exactly one TTLV item from `input`, which must hold nothing after it.
///
/// Byte Strings and Big Integers in the result share `input`'s buffer (no copy).
pub fn decode(input: Bytes, limits: &Limits) -> Result<Item, DecodeError> {
    decode_item(&input, limits)
}

/// Decodes a KMIP message: like [`decode`], but the top-level item must be a Structure (checked
/// from the header before anything else is read).
pub fn decode_message(input: Bytes, limits: &Limits) -> Result<Item, DecodeError> {
    check_message_type(&input)?;
    decode_item(&input, limits)
}

/// Rejects input whose first header (as far as it is present) is not a Structure's.
pub(crate) fn check_message_type(buffered: &[u8]) -> Result<(), DecodeError> {
    if let Some(&[t0, t1, t2, type_byte]) = buffered.get(..4) {
        if type_byte != ItemType::Structure as u8 {
            let tag = Tag::new(u32::from_be_bytes([0, t0, t1, t2]));
            return Err(DecodeError::NotAStructure { tag, type_byte });
        }
    }
    Ok(())
}

/// Reads and checks the top-level header: the item's type, and its size once that is known to fit
/// the limits and the input.
pub(crate) fn check_top_header(
    buffered: &[u8],
    limits: &Limits,
) -> Result<(RawHeader, ItemType, usize), DecodeError> {
    let header = read_header(buffered, 0).ok_or(DecodeError::Truncated {
        offset: 0,
        needed: HEADER_LEN as u64,
        available: buffered.len(),
    })?;
    let (item_type, size) = header.check(0)?;
    if size > limits.max_message_size as u64 {
        return Err(DecodeError::MessageTooLarge {
            size,
            max: limits.max_message_size,
        });
    }
    let available = buffered.len();
    match usize::try_from(size) {
        Ok(size) if size <= available => Ok((header, item_type, size)),
        _ => Err(DecodeError::Truncated {
            offset: 0,
            needed: size,
            available,
        }),
    }
}

fn decode_item(input: &Bytes, limits: &Limits) -> Result<Item, DecodeError> {
    let (header, item_type, size) = check_top_header(input, limits)?;
    let item = if item_type == ItemType::Structure {
        let max_depth = limits.effective_max_depth();
        if max_depth == 0 {
            return Err(DecodeError::TooDeep {
                offset: 0,
                tag: header.tag,
                max_depth,
            });
        }
        decode_structure(input, header.tag, size, max_depth)?
    } else {
        Item::new(header.tag, decode_primitive(input, &header, item_type, 0)?)
    };
    if size < input.len() {
        return Err(DecodeError::TrailingBytes {
            offset: size,
            count: input.len() - size,
        });
    }
    Ok(item)
}

/// A structure whose children are still being decoded.
struct OpenStructure {
    tag: Tag,
    /// Offset one past its last byte.
    end: usize,
    children: Vec<Item>,
}

impl OpenStructure {
    fn new(buf: &[u8], tag: Tag, header_at: usize, end: usize) -> Self {
        let first_child = header_at + HEADER_LEN;
        let children = Vec::with_capacity(count_children(buf, first_child, end));
        OpenStructure { tag, end, children }
    }
}

/// How many item headers can be hopped over between `pos` and `end`, so a structure's children
/// are allocated once. Each hop is at least 8 bytes, so the count is bounded by the bytes present,
/// never by a declared length. Malformed children stop the count; the decoder reports them.
fn count_children(buf: &[u8], mut pos: usize, end: usize) -> usize {
    let mut count = 0;
    while pos < end {
        let Some(header) = read_header(buf, pos) else {
            break;
        };
        count += 1;
        let size = HEADER_LEN as u64 + padded(header.length);
        match usize::try_from(size)
            .ok()
            .and_then(|size| pos.checked_add(size))
        {
            Some(next) => pos = next,
            None => break,
        }
    }
    count
}

/// Decodes the structure whose header is at offset 0 and which is `size` bytes long.
fn decode_structure(
    input: &Bytes,
    tag: Tag,
    size: usize,
    max_depth: usize,
) -> Result<Item, DecodeError> {
    let buf: &[u8] = input;
    let mut current = OpenStructure::new(buf, tag, 0, size);
    // The structures enclosing `current`, outermost first; `parents.len() + 1` is the depth.
    let mut parents: Vec<OpenStructure> = Vec::new();
    let mut pos = HEADER_LEN;
    loop {
        if pos >= current.end {
            let done = Item::structure(current.tag, current.children);
            match parents.pop() {
                None => return Ok(done),
                Some(mut parent) => {
                    parent.children.push(done);
                    current = parent;
                    continue;
                }
            }
        }
        let available = current.end - pos;
        // Children are multiples of 8 inside a structure whose length is a multiple of 8, so a
        // whole header is always there; stay defensive anyway.
        let header = read_header(buf, pos)
            .filter(|_| available >= HEADER_LEN)
            .ok_or(DecodeError::LengthOverrun {
                offset: pos,
                tag: current.tag,
                length: 0,
                available,
            })?;
        let (item_type, item_size) = header.check(pos)?;
        let item_end = match usize::try_from(item_size) {
            Ok(item_size) if item_size <= available => pos + item_size,
            _ => {
                return Err(DecodeError::LengthOverrun {
                    offset: pos,
                    tag: header.tag,
                    length: header.length,
                    available,
                })
            }
        };
        if item_type == ItemType::Structure {
            if parents.len() + 2 > max_depth {
                return Err(DecodeError::TooDeep {
                    offset: pos,
                    tag: header.tag,
                    max_depth,
                });
            }
            let opened = OpenStructure::new(buf, header.tag, pos, item_end);
            if parents.capacity() == 0 {
                // Room for a KMIP request's nesting (6 levels) at the first nested structure:
                // growing one by one cost more than the allocation itself.
                parents.reserve_exact(max_depth.min(8));
            }
            parents.push(std::mem::replace(&mut current, opened));
            pos += HEADER_LEN;
        } else {
            let value = decode_primitive(input, &header, item_type, pos)?;
            current.children.push(Item::new(header.tag, value));
            pos = item_end;
        }
    }
}

/// Decodes a non-structure item whose header (already checked) is at `offset` and whose value
/// and padding are known to be inside `input`.
fn decode_primitive(
    input: &Bytes,
    header: &RawHeader,
    item_type: ItemType,
    offset: usize,
) -> Result<Value, DecodeError> {
    let buf: &[u8] = input;
    let tag = header.tag;
    let value_at = offset + HEADER_LEN;
    // Unreachable once the size is checked, but an error is better than a panic if it ever is.
    let missing = DecodeError::LengthOverrun {
        offset,
        tag,
        length: header.length,
        available: 0,
    };
    let word = || -> Result<[u8; 8], DecodeError> {
        buf.get(value_at..value_at + 8)
            .and_then(|w| w.try_into().ok())
            .ok_or(missing.clone())
    };
    // Fixed 4-byte values: the value, then 4 bytes of padding that must be zero.
    let half_word = || -> Result<[u8; 4], DecodeError> {
        let [a, b, c, d, p0, p1, p2, p3] = word()?;
        if [p0, p1, p2, p3] != [0; 4] {
            return Err(DecodeError::NonZeroPadding { offset, tag });
        }
        Ok([a, b, c, d])
    };
    Ok(match item_type {
        ItemType::Integer => Value::Integer(i32::from_be_bytes(half_word()?)),
        ItemType::Enumeration => Value::Enumeration(u32::from_be_bytes(half_word()?)),
        ItemType::Interval => Value::Interval(u32::from_be_bytes(half_word()?)),
        ItemType::LongInteger => Value::LongInteger(i64::from_be_bytes(word()?)),
        ItemType::DateTime => Value::DateTime(i64::from_be_bytes(word()?)),
        ItemType::DateTimeExtended => Value::DateTimeExtended(i64::from_be_bytes(word()?)),
        ItemType::Boolean => match u64::from_be_bytes(word()?) {
            0 => Value::Boolean(false),
            1 => Value::Boolean(true),
            _ => return Err(DecodeError::InvalidBoolean { offset, tag }),
        },
        ItemType::BigInteger | ItemType::TextString | ItemType::ByteString => {
            let value_end = value_at + header.length as usize;
            let padded_end = value_at + padded(header.length) as usize;
            let value = buf.get(value_at..value_end).ok_or(missing.clone())?;
            let padding = buf.get(value_end..padded_end).ok_or(missing)?;
            if padding.iter().any(|&b| b != 0) {
                return Err(DecodeError::NonZeroPadding { offset, tag });
            }
            match item_type {
                ItemType::TextString => match std::str::from_utf8(value) {
                    Ok(text) => Value::TextString(text.to_owned()),
                    Err(_) => return Err(DecodeError::InvalidUtf8 { offset, tag }),
                },
                // The range was just checked by `get`, so `slice` cannot panic.
                ItemType::BigInteger => Value::BigInteger(input.slice(value_at..value_end)),
                _ => Value::ByteString(input.slice(value_at..value_end)),
            }
        }
        ItemType::Structure => return Err(missing),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Bytes {
        Bytes::from(hex::decode(s.replace(' ', "")).unwrap())
    }

    #[test]
    fn decodes_nested_structures_in_order() {
        // 420001 { 420002 { 420003 Integer 7 }, 420004 Boolean true }
        let input = hex(
            "42000101 00000028  42000201 00000010  42000302 00000004 00000007 00000000 \
             42000406 00000008 00000000 00000001",
        );
        let item = decode(input, &Limits::default()).unwrap();
        let expected = Item::structure(
            Tag::new(0x420001),
            vec![
                Item::structure(
                    Tag::new(0x420002),
                    vec![Item::new(Tag::new(0x420003), Value::Integer(7))],
                ),
                Item::new(Tag::new(0x420004), Value::Boolean(true)),
            ],
        );
        assert_eq!(item, expected);
        assert_eq!(item.children().len(), 2);
    }

    #[test]
    fn byte_strings_share_the_input_buffer() {
        let input = hex("42000808 00000003 01020300 00000000");
        let start = input.as_ptr() as usize;
        let item = decode(input, &Limits::default()).unwrap();
        let Value::ByteString(bytes) = &item.value else {
            panic!("not a byte string")
        };
        assert_eq!(&bytes[..], &[1, 2, 3]);
        assert_eq!(bytes.as_ptr() as usize, start + 8);
    }

    #[test]
    fn empty_structure_and_empty_strings_are_valid() {
        let item = decode(hex("42000101 00000000"), &Limits::default()).unwrap();
        assert_eq!(item, Item::structure(Tag::new(0x420001), vec![]));
        let item = decode(hex("42000007 00000000"), &Limits::default()).unwrap();
        assert_eq!(item.value, Value::TextString(String::new()));
    }

    #[test]
    fn depth_counts_the_top_structure() {
        // Three nested structures.
        let input = hex("42000101 00000010 42000201 00000008 42000301 00000000");
        let limits = |max_depth| Limits {
            max_depth,
            ..Limits::default()
        };
        assert!(decode(input.clone(), &limits(3)).is_ok());
        assert_eq!(
            decode(input.clone(), &limits(2)),
            Err(DecodeError::TooDeep {
                offset: 16,
                tag: Tag::new(0x420003),
                max_depth: 2
            })
        );
        assert!(matches!(
            decode(input, &limits(0)),
            Err(DecodeError::TooDeep { offset: 0, .. })
        ));
    }

    #[test]
    fn depth_is_capped_whatever_the_limit() {
        let levels = Limits::DEPTH_CEILING + 1;
        let mut bytes = Vec::new();
        for level in 0..levels {
            let inner = (levels - 1 - level) * 8;
            bytes.extend_from_slice(&[0x42, 0x00, 0x01, 0x01]);
            bytes.extend_from_slice(&(inner as u32).to_be_bytes());
        }
        let limits = Limits {
            max_depth: usize::MAX,
            max_message_size: usize::MAX,
        };
        assert!(matches!(
            decode(Bytes::from(bytes), &limits),
            Err(DecodeError::TooDeep {
                max_depth: Limits::DEPTH_CEILING,
                ..
            })
        ));
    }

    #[test]
    fn messages_must_be_structures() {
        let input = hex("42002002 00000004 00000008 00000000");
        assert!(decode(input.clone(), &Limits::default()).is_ok());
        assert_eq!(
            decode_message(input, &Limits::default()),
            Err(DecodeError::NotAStructure {
                tag: Tag::new(0x420020),
                type_byte: 2
            })
        );
    }

    #[test]
    fn child_counting_is_bounded_by_bytes_present() {
        let buf = hex("42000302 00000004 00000007 00000000 42000307 FFFFFFFF");
        assert_eq!(count_children(&buf, 0, buf.len()), 2);
        assert_eq!(count_children(&buf, 0, 16), 1);
        // A header claiming 4 GiB is one hop, not an allocation hint.
        assert_eq!(count_children(&buf, 16, buf.len()), 1);
    }
}
