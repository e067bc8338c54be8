//! The `value` attribute of a primitive element, per item type, in both directions.
//!
//! Integers are decimal, or bit names for the mask tags; Long Integers and Intervals decimal;
//! Big Integers and Byte Strings hex; Enumerations the value's name (hex `0x8XXXXXXX` when the
//! table has none); Booleans `true`/`false`; Date-Times ISO 8601. Readers also take `0x` hex
//! for every number, as the KMIP XML encoding allows.

use bytes::Bytes;

use super::datetime;
use crate::spec::{enumeration_for, mask_for, parse_u32_or_i32};
use crate::ttlv::{ItemType, Tag, Value};

/// Hex digits to bytes; `None` for an odd count or a non-hex digit. An optional `0x` is allowed.
fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    let digits = text.strip_prefix("0x").unwrap_or(text);
    hex::decode(digits).ok()
}

/// A number that may be written `0x` hex (its bits) or decimal.
fn parse_i64(text: &str) -> Option<i64> {
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16)
            .ok()
            .map(|v| i64::from_ne_bytes(v.to_ne_bytes())),
        None => text.parse().ok(),
    }
}

/// Big Integers are sign-extended to a multiple of 8 bytes, as TTLV carries them, so a value
/// read from XML equals the same value after a trip through the binary codec.
fn sign_extended(mut bytes: Vec<u8>) -> Bytes {
    let fill = match bytes.first() {
        Some(first) if first & 0x80 != 0 => 0xFF,
        _ => 0x00,
    };
    let padded = bytes.len().div_ceil(8).max(1) * 8;
    let mut out = vec![fill; padded - bytes.len()];
    out.append(&mut bytes);
    Bytes::from(out)
}

/// The value `text` stands for in an element of this tag and type. `Err` gives the reason,
/// never the text (it may be key material).
pub fn parse_value(tag: Tag, item_type: ItemType, text: &str) -> Result<Value, &'static str> {
    Ok(match item_type {
        ItemType::Structure => return Err("a Structure has children, not a value"),
        ItemType::Integer => {
            let bits = match mask_for(tag) {
                Some(mask) => mask
                    .parse(text)
                    .ok_or("not a number or a list of mask bit names")?,
                None => parse_u32_or_i32(text).ok_or("not a 32-bit number")?,
            };
            Value::Integer(i32::from_ne_bytes(bits.to_ne_bytes()))
        }
        ItemType::LongInteger => Value::LongInteger(parse_i64(text).ok_or("not a 64-bit number")?),
        ItemType::BigInteger => Value::BigInteger(sign_extended(hex_bytes(text).ok_or("not hex")?)),
        ItemType::Enumeration => {
            let named = enumeration_for(tag).and_then(|table| table.value_from_name(text));
            match named {
                Some(value) => Value::Enumeration(value),
                None => Value::Enumeration(
                    parse_u32_or_i32(text)
                        .ok_or("not a name of this tag's enumeration, nor a number")?,
                ),
            }
        }
        ItemType::Boolean => match text {
            "true" => Value::Boolean(true),
            "false" => Value::Boolean(false),
            _ => return Err("not true or false"),
        },
        ItemType::TextString => Value::TextString(text.to_owned()),
        ItemType::ByteString => Value::ByteString(Bytes::from(hex_bytes(text).ok_or("not hex")?)),
        ItemType::DateTime => match datetime::parse_seconds(text) {
            Some(seconds) => Value::DateTime(seconds),
            None if text.starts_with("0x") => Value::DateTime(parse_i64(text).ok_or("not hex")?),
            None => return Err("not an ISO 8601 date-time in whole seconds"),
        },
        ItemType::DateTimeExtended => match datetime::parse_micros(text) {
            Some(micros) => Value::DateTimeExtended(micros),
            None if text.starts_with("0x") => {
                Value::DateTimeExtended(parse_i64(text).ok_or("not hex")?)
            }
            None => return Err("not an ISO 8601 date-time"),
        },
        ItemType::Interval => {
            let value = parse_i64(text).and_then(|v| u32::try_from(v).ok());
            Value::Interval(value.ok_or("not a number of seconds (0 to 2^32-1)")?)
        }
    })
}

/// The `value` attribute text for a primitive value (`None` for a Structure).
pub fn format_value(tag: Tag, value: &Value) -> Option<String> {
    Some(match value {
        Value::Structure(_) => return None,
        Value::Integer(v) => match mask_for(tag) {
            Some(mask) => mask.format(u32::from_ne_bytes(v.to_ne_bytes())),
            None => v.to_string(),
        },
        Value::LongInteger(v) => v.to_string(),
        Value::BigInteger(bytes) | Value::ByteString(bytes) => hex::encode(bytes),
        Value::Enumeration(v) => {
            match enumeration_for(tag).and_then(|table| table.value_name(*v)) {
                Some(name) => name.to_owned(),
                None => format!("0x{v:08X}"),
            }
        }
        Value::Boolean(v) => v.to_string(),
        Value::TextString(text) => text.clone(),
        Value::DateTime(seconds) => {
            datetime::format_seconds(*seconds).unwrap_or_else(|| format!("0x{:016X}", seconds))
        }
        Value::DateTimeExtended(micros) => {
            datetime::format_micros(*micros).unwrap_or_else(|| format!("0x{:016X}", micros))
        }
        Value::Interval(v) => v.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(tag: Tag, value: Value) {
        let text = format_value(tag, &value).expect("primitive");
        assert_eq!(
            parse_value(tag, value.item_type(), &text),
            Ok(value),
            "{text}"
        );
    }

    #[test]
    fn every_type_reads_back_what_it_writes() {
        round_trip(Tag::BATCH_COUNT, Value::Integer(-5));
        round_trip(Tag::CRYPTOGRAPHIC_USAGE_MASK, Value::Integer(12));
        round_trip(Tag::CRYPTOGRAPHIC_USAGE_MASK, Value::Integer(-1));
        round_trip(Tag::USAGE_LIMITS_TOTAL, Value::LongInteger(i64::MIN));
        round_trip(
            Tag::MODULUS,
            Value::BigInteger(Bytes::from_static(&[0xFF; 8])),
        );
        round_trip(Tag::OPERATION, Value::Enumeration(1));
        round_trip(Tag::OPERATION, Value::Enumeration(0x8000_0001));
        round_trip(Tag::BATCH_COUNT, Value::Enumeration(7));
        round_trip(Tag::SENSITIVE, Value::Boolean(false));
        round_trip(Tag::NAME_VALUE, Value::TextString("a <b> & \"c\"".into()));
        round_trip(
            Tag::KEY_MATERIAL,
            Value::ByteString(Bytes::from_static(&[0, 1, 0xAB])),
        );
        round_trip(Tag::KEY_MATERIAL, Value::ByteString(Bytes::new()));
        round_trip(Tag::ACTIVATION_DATE, Value::DateTime(1_205_495_800));
        round_trip(Tag::ACTIVATION_DATE, Value::DateTime(i64::MAX));
        round_trip(Tag::ACTIVATION_DATE, Value::DateTime(i64::MIN));
        round_trip(
            Tag::ACTIVATION_DATE,
            Value::DateTimeExtended(1_205_495_800_000_001),
        );
        round_trip(Tag::ACTIVATION_DATE, Value::DateTimeExtended(i64::MIN));
        round_trip(Tag::LEASE_TIME, Value::Interval(u32::MAX));
    }

    #[test]
    fn big_integers_are_sign_extended_to_whole_words() {
        let read = |text| parse_value(Tag::MODULUS, ItemType::BigInteger, text);
        assert_eq!(
            read("0102"),
            Ok(Value::BigInteger(Bytes::from_static(&[
                0, 0, 0, 0, 0, 0, 1, 2
            ])))
        );
        assert_eq!(
            read("ff02"),
            Ok(Value::BigInteger(Bytes::from_static(&[
                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 2
            ])))
        );
        assert_eq!(read(""), Ok(Value::BigInteger(Bytes::from_static(&[0; 8]))));
        assert_eq!(read("abc"), Err("not hex"));
    }

    #[test]
    fn names_and_numbers_as_the_vectors_write_them() {
        let read = parse_value;
        assert_eq!(
            read(Tag::OBJECT_TYPE, ItemType::Enumeration, "SymmetricKey"),
            Ok(Value::Enumeration(2))
        );
        assert_eq!(
            read(Tag::OPAQUE_DATA_TYPE, ItemType::Enumeration, "0x80000001"),
            Ok(Value::Enumeration(0x8000_0001))
        );
        assert_eq!(
            read(
                Tag::CRYPTOGRAPHIC_USAGE_MASK,
                ItemType::Integer,
                "Decrypt Encrypt"
            ),
            Ok(Value::Integer(12))
        );
        assert_eq!(
            read(Tag::PROTECTION_STORAGE_MASK, ItemType::Integer, "Software"),
            Ok(Value::Integer(1))
        );
        assert_eq!(
            read(Tag::BATCH_COUNT, ItemType::Integer, "0x10"),
            Ok(Value::Integer(16))
        );
        assert_eq!(
            read(Tag::BATCH_COUNT, ItemType::Integer, "4294967296"),
            Err("not a 32-bit number")
        );
        assert!(read(Tag::OBJECT_TYPE, ItemType::Enumeration, "Bogus").is_err());
        assert!(read(Tag::SENSITIVE, ItemType::Boolean, "True").is_err());
        assert!(read(Tag::ACTIVATION_DATE, ItemType::DateTime, "$NOW").is_err());
        assert!(read(Tag::LEASE_TIME, ItemType::Interval, "-1").is_err());
        assert!(read(Tag::BATCH_ITEM, ItemType::Structure, "").is_err());
    }
}
