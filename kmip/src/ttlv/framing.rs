//! Finding message boundaries in a byte stream.
//!
//! KMIP over TLS sends one TTLV Structure per message with no other framing; the 8-byte header
//! of that Structure says how long the message is. A reader keeps what it has received in a
//! buffer and asks [`frame_length`] whether a whole message is there, so an oversized or
//! non-KMIP message is rejected from its header, before its body is read.

use super::decode::{check_message_type, Limits};
use super::error::DecodeError;
use super::header::{read_header, HEADER_LEN};

/// The length of the message at the start of `buffered` if all of it is there.
///
/// * `Ok(Some(len))`: the first `len` bytes hold one whole message (pass them to
///   [`decode_message`](super::decode_message)); more bytes may follow.
/// * `Ok(None)`: the message is not complete yet; read more.
/// * `Err(_)`: the header shows the bytes are no acceptable message: the top-level item is not
///   a Structure ([`DecodeError::NotAStructure`], reported as soon as 4 bytes are there), its
///   length is not a multiple of 8 ([`DecodeError::WrongLength`]), or it is larger than
///   [`Limits::max_message_size`] ([`DecodeError::MessageTooLarge`]).
pub fn frame_length(buffered: &[u8], limits: &Limits) -> Result<Option<usize>, DecodeError> {
    check_message_type(buffered)?;
    let Some(header) = read_header(buffered, 0) else {
        return Ok(None);
    };
    let (_, size) = header.check(0)?;
    if size > limits.max_message_size as u64 {
        return Err(DecodeError::MessageTooLarge {
            size,
            max: limits.max_message_size,
        });
    }
    // `size` fits in usize: it is at most `max_message_size`.
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    Ok((buffered.len() >= size).then_some(size))
}

/// Bytes a reader needs before [`frame_length`] can say anything.
pub const FRAME_HEADER_LEN: usize = HEADER_LEN;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ttlv::item::Tag;

    const MESSAGE: [u8; 24] = [
        0x42, 0x00, 0x78, 0x01, 0, 0, 0, 0x10, // Request Message, 16 bytes
        0x42, 0x00, 0x20, 0x02, 0, 0, 0, 0x04, 0, 0, 0, 0x08, 0, 0, 0, 0,
    ];

    #[test]
    fn whole_message_is_found_at_every_split() {
        let limits = Limits::default();
        for cut in 0..MESSAGE.len() {
            assert_eq!(
                frame_length(&MESSAGE[..cut], &limits),
                Ok(None),
                "cut at {cut}"
            );
        }
        assert_eq!(frame_length(&MESSAGE, &limits), Ok(Some(24)));
        let mut two = MESSAGE.to_vec();
        two.extend_from_slice(&MESSAGE);
        assert_eq!(frame_length(&two, &limits), Ok(Some(24)));
    }

    #[test]
    fn oversized_message_is_rejected_from_its_header() {
        let header = [0x42, 0x00, 0x78, 0x01, 0xFF, 0xFF, 0xFF, 0xF8];
        assert_eq!(
            frame_length(&header, &Limits::default()),
            Err(DecodeError::MessageTooLarge {
                size: 0xFFFF_FFF8 + 8,
                max: Limits::DEFAULT_MAX_MESSAGE_SIZE
            })
        );
        let small = Limits {
            max_message_size: 16,
            ..Limits::default()
        };
        assert!(matches!(
            frame_length(&MESSAGE, &small),
            Err(DecodeError::MessageTooLarge { size: 24, .. })
        ));
    }

    #[test]
    fn non_kmip_bytes_are_rejected_early() {
        assert_eq!(
            frame_length(b"GET / HTTP/1.1\r\n", &Limits::default()),
            Err(DecodeError::NotAStructure {
                tag: Tag::new(0x474554),
                type_byte: b' '
            })
        );
        assert_eq!(frame_length(b"GET", &Limits::default()), Ok(None));
        let odd_length = [0x42, 0x00, 0x78, 0x01, 0, 0, 0, 0x0C];
        assert!(matches!(
            frame_length(&odd_length, &Limits::default()),
            Err(DecodeError::WrongLength { .. })
        ));
    }
}
