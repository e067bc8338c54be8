//! Malformed and hostile TTLV: every kind of defect gives its own typed error, never a panic.

use bytes::Bytes;
use hsmgate_kmip::ttlv::{
    check_roundtrip, decode, decode_message, to_bytes, DecodeError, Limits, RoundTrip,
};
use hsmgate_kmip::{Item, ItemType, Tag, Value};

fn hex(s: &str) -> Bytes {
    Bytes::from(hex::decode(s.replace(' ', "")).unwrap())
}

fn decode_default(input: Bytes) -> Result<Item, DecodeError> {
    decode(input, &Limits::default())
}

/// A message with every item type, nested two levels deep.
fn sample_message() -> Bytes {
    let t = Tag::new;
    to_bytes(&Item::structure(
        t(0x420078),
        vec![
            Item::new(t(0x420001), Value::Integer(-2)),
            Item::new(t(0x420002), Value::LongInteger(1 << 40)),
            Item::new(
                t(0x420003),
                Value::BigInteger(Bytes::from_static(&[0xFF; 16])),
            ),
            Item::new(t(0x420004), Value::Enumeration(3)),
            Item::new(t(0x420005), Value::Boolean(true)),
            Item::structure(
                t(0x420006),
                vec![
                    Item::new(t(0x420007), Value::TextString("héllo".into())),
                    Item::new(
                        t(0x420008),
                        Value::ByteString(Bytes::from_static(b"\x01\x02\x03")),
                    ),
                    Item::structure(t(0x420009), vec![]),
                ],
            ),
            Item::new(t(0x42000A), Value::DateTime(1_205_495_800)),
            Item::new(t(0x42000B), Value::Interval(864_000)),
            Item::new(t(0x42000C), Value::DateTimeExtended(1_205_495_800_000_000)),
        ],
    ))
}

#[test]
fn sample_message_is_valid() {
    let message = sample_message();
    let item = decode_message(message.clone(), &Limits::default()).unwrap();
    assert_eq!(to_bytes(&item), message);
}

#[test]
fn truncation_at_every_cut_point_is_reported_as_truncated() {
    let message = sample_message();
    for cut in 0..message.len() {
        let err = decode_default(message.slice(..cut)).unwrap_err();
        assert!(
            matches!(err, DecodeError::Truncated { offset: 0, .. }),
            "cut {cut}: {err:?}"
        );
        assert!(err.is_truncated());
        let err = decode_message(message.slice(..cut), &Limits::default()).unwrap_err();
        assert!(err.is_truncated(), "message cut {cut}: {err:?}");
    }
}

#[test]
fn nested_length_overrunning_its_structure() {
    // A 24-byte structure holding a Byte String that claims 24 bytes of value (32 with header).
    let input = hex("42007801 00000018  42000108 00000018 0102030405060708 00000000 00000000");
    assert_eq!(
        decode_default(input),
        Err(DecodeError::LengthOverrun {
            offset: 8,
            tag: Tag::new(0x420001),
            length: 24,
            available: 24
        })
    );
    // A Text String claiming 0xFFFFFFFF bytes inside a structure.
    let input = hex("42007801 00000010  42000107 FFFFFFFF 4142434400000000");
    assert!(matches!(
        decode_default(input),
        Err(DecodeError::LengthOverrun {
            offset: 8,
            length: 0xFFFF_FFFF,
            ..
        })
    ));
}

#[test]
fn four_gib_length_claim() {
    let input = hex("42007801 FFFFFFFF 00000000 00000000");
    // Not a multiple of 8: a structure cannot be that long.
    assert!(matches!(
        decode_default(input),
        Err(DecodeError::WrongLength {
            length: 0xFFFF_FFFF,
            ..
        })
    ));
    let input = hex("42007808 FFFFFFFF 00000000 00000000");
    assert_eq!(
        decode_default(input.clone()),
        Err(DecodeError::MessageTooLarge {
            size: 0x1_0000_0008,
            max: Limits::DEFAULT_MAX_MESSAGE_SIZE
        })
    );
    // Even with no size limit, the claim is checked against the bytes present.
    let unlimited = Limits {
        max_message_size: usize::MAX,
        ..Limits::default()
    };
    assert_eq!(
        decode(input, &unlimited),
        Err(DecodeError::Truncated {
            offset: 0,
            needed: 0x1_0000_0008,
            available: 16
        })
    );
}

/// `levels` structures, each the only child of the one before.
fn nested(levels: usize) -> Bytes {
    let mut bytes = Vec::with_capacity(levels * 8);
    for level in 0..levels {
        let inner_len = ((levels - 1 - level) * 8) as u32;
        bytes.extend_from_slice(&[0x42, 0x00, 0x01, 0x01]);
        bytes.extend_from_slice(&inner_len.to_be_bytes());
    }
    Bytes::from(bytes)
}

#[test]
fn nesting_bomb_is_stopped_at_max_depth() {
    let limits = Limits::default();
    assert!(decode(nested(limits.max_depth), &limits).is_ok());
    assert_eq!(
        decode(nested(limits.max_depth + 1), &limits),
        Err(DecodeError::TooDeep {
            offset: limits.max_depth * 8,
            tag: Tag::new(0x420001),
            max_depth: limits.max_depth
        })
    );
    // 100 000 levels (800 kB): rejected after reading the first 33 headers, no stack overflow.
    assert!(matches!(
        decode(nested(100_000), &limits),
        Err(DecodeError::TooDeep { .. })
    ));
}

#[test]
fn wrong_fixed_lengths() {
    let cases = [
        ("42000102 00000005 0000000000000000", ItemType::Integer, 5),
        ("42000102 00000008 0000000000000000", ItemType::Integer, 8),
        (
            "42000103 00000004 0000000000000000",
            ItemType::LongInteger,
            4,
        ),
        (
            "42000104 0000000C 0000000000000000 0000000000000000",
            ItemType::BigInteger,
            12,
        ),
        ("42000104 00000000", ItemType::BigInteger, 0),
        (
            "42000105 00000008 0000000000000000",
            ItemType::Enumeration,
            8,
        ),
        ("42000106 00000004 0000000000000000", ItemType::Boolean, 4),
        (
            "42000109 00000010 0000000000000000 0000000000000000",
            ItemType::DateTime,
            16,
        ),
        ("4200010A 00000000", ItemType::Interval, 0),
        (
            "4200010B 00000004 0000000000000000",
            ItemType::DateTimeExtended,
            4,
        ),
        (
            "42000101 0000000C 0000000000000000 0000000000000000",
            ItemType::Structure,
            12,
        ),
    ];
    for (input, item_type, length) in cases {
        assert_eq!(
            decode_default(hex(input)),
            Err(DecodeError::WrongLength {
                offset: 0,
                tag: Tag::new(0x420001),
                item_type,
                length
            }),
            "{input}"
        );
    }
    // Inside a structure the offset is the child's.
    let input = hex("42007801 00000010 42000105 00000005 0000000000000000");
    assert!(matches!(
        decode_default(input),
        Err(DecodeError::WrongLength {
            offset: 8,
            length: 5,
            ..
        })
    ));
}

#[test]
fn non_zero_padding() {
    for input in [
        "42000102 00000004 00000001 00000001",
        "42000105 00000004 00000001 80000000",
        "4200010A 00000004 00000001 00000100",
        "42000107 00000001 41 00000000000001",
        "42000108 00000003 010203 FF00000000",
    ] {
        assert_eq!(
            decode_default(hex(input)),
            Err(DecodeError::NonZeroPadding {
                offset: 0,
                tag: Tag::new(0x420001)
            }),
            "{input}"
        );
    }
}

#[test]
fn invalid_utf8_text() {
    let input = hex("42007801 00000010 42000507 00000002 FFFE000000000000");
    assert_eq!(
        decode_default(input),
        Err(DecodeError::InvalidUtf8 {
            offset: 8,
            tag: Tag::new(0x420005)
        })
    );
    // A truncated multi-byte sequence ("é" cut after its first byte).
    let input = hex("42000507 00000001 C300000000000000");
    assert!(matches!(
        decode_default(input),
        Err(DecodeError::InvalidUtf8 { .. })
    ));
}

#[test]
fn boolean_must_be_zero_or_one() {
    for value in ["0000000000000002", "0100000000000000", "FFFFFFFFFFFFFFFF"] {
        let input = hex(&format!("42000106 00000008 {value}"));
        assert_eq!(
            decode_default(input),
            Err(DecodeError::InvalidBoolean {
                offset: 0,
                tag: Tag::new(0x420001)
            })
        );
    }
}

#[test]
fn unknown_item_type_bytes() {
    for type_byte in [0x00u8, 0x0C, 0x42, 0xFF] {
        let input = hex(&format!("420001{type_byte:02X} 00000004 0000000000000000"));
        assert_eq!(
            decode_default(input),
            Err(DecodeError::UnknownItemType {
                offset: 0,
                tag: Tag::new(0x420001),
                type_byte
            })
        );
    }
}

#[test]
fn trailing_bytes_after_the_top_item() {
    let message = sample_message();
    for extra in [&b"\x00"[..], &[0u8; 8], &message] {
        let mut input = message.to_vec();
        input.extend_from_slice(extra);
        assert_eq!(
            decode_default(Bytes::from(input)),
            Err(DecodeError::TrailingBytes {
                offset: message.len(),
                count: extra.len()
            })
        );
    }
}

#[test]
fn oversized_versus_max_message_size() {
    let message = sample_message();
    let exact = Limits {
        max_message_size: message.len(),
        ..Limits::default()
    };
    assert!(decode(message.clone(), &exact).is_ok());
    let smaller = Limits {
        max_message_size: message.len() - 1,
        ..Limits::default()
    };
    assert_eq!(
        decode(message.clone(), &smaller),
        Err(DecodeError::MessageTooLarge {
            size: message.len() as u64,
            max: message.len() - 1
        })
    );
}

#[test]
fn messages_must_start_with_a_structure() {
    let input = hex("42007802 00000004 00000001 00000000");
    assert_eq!(
        decode_message(input, &Limits::default()),
        Err(DecodeError::NotAStructure {
            tag: Tag::new(0x420078),
            type_byte: 2
        })
    );
    // Reported from the type byte even when the rest is garbage or missing.
    assert!(matches!(
        decode_message(hex("16030100"), &Limits::default()),
        Err(DecodeError::NotAStructure { .. })
    ));
}

#[test]
fn every_single_byte_corruption_is_rejected_or_round_trips() {
    let message = sample_message();
    let mut outcomes = [0usize; 2];
    for at in 0..message.len() {
        for flip in [0x01u8, 0x80, 0xFF] {
            let mut corrupted = message.to_vec();
            corrupted[at] ^= flip;
            match check_roundtrip(&corrupted, &Limits::default()) {
                Ok(RoundTrip::Verified) => outcomes[0] += 1,
                Ok(RoundTrip::Rejected(_)) => outcomes[1] += 1,
                Err(mismatch) => panic!("byte {at} ^ {flip:#x}: {mismatch}"),
            }
        }
    }
    // Both happen: value bytes change freely, header and padding bytes do not.
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
}
