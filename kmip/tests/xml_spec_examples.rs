//! The TTLV examples of the KMIP specification (§9.1.2 in 1.x), written by hand in the KMIP XML
//! encoding from the spec's own wording ("the value for Friday, March 14, 2008, 11:56:40 GMT"):
//! each XML text must encode to the spec's bytes, and the spec's bytes must decode and write to
//! that XML text. This ties the XML value formats (decimal, hex, ISO 8601 dates, intervals) to
//! the binary encoding through data neither side produced.

use bytes::Bytes;
use hsmgate_kmip::spec::{CryptographicUsageMask, Operation};
use hsmgate_kmip::ttlv::{decode, to_bytes, Limits};
use hsmgate_kmip::xml::{read_item, write_item};
use hsmgate_kmip::{Item, Tag, Value};

/// (what the spec says, XML as `write_item` writes it, the spec's hex). Tag 420020 throughout:
/// its XML name is `CompromiseDate`; the structure's children are 420004 and 420005.
const EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "an Integer containing the decimal value 8",
        r#"<CompromiseDate type="Integer" value="8"/>"#,
        "42002002000000040000000800000000",
    ),
    (
        "a Long Integer containing the decimal value 123456789000000000",
        r#"<CompromiseDate type="LongInteger" value="123456789000000000"/>"#,
        "420020030000000801B69B4BA5749200",
    ),
    (
        "a Big Integer containing the decimal value 1234567890000000000000000000",
        r#"<CompromiseDate type="BigInteger" value="0000000003fd35eb6bc2df4618080000"/>"#,
        "42002004000000100000000003FD35EB6BC2DF4618080000",
    ),
    (
        "an Enumeration with value 255 (no enumeration is defined for this tag: hex)",
        r#"<CompromiseDate type="Enumeration" value="0x000000FF"/>"#,
        "4200200500000004000000FF00000000",
    ),
    (
        "a Boolean with the value True",
        r#"<CompromiseDate type="Boolean" value="true"/>"#,
        "42002006000000080000000000000001",
    ),
    (
        "a Text String with the value \"Hello World\"",
        r#"<CompromiseDate type="TextString" value="Hello World"/>"#,
        "420020070000000B48656C6C6F20576F726C640000000000",
    ),
    (
        "a Byte String with the value { 0x01, 0x02, 0x03 }",
        r#"<CompromiseDate type="ByteString" value="010203"/>"#,
        "42002008000000030102030000000000",
    ),
    (
        "a Date-Time containing the value for Friday, March 14, 2008, 11:56:40 GMT",
        r#"<CompromiseDate type="DateTime" value="2008-03-14T11:56:40+00:00"/>"#,
        "42002009000000080000000047DA67F8",
    ),
    (
        "an Interval containing the value for 10 days",
        r#"<CompromiseDate type="Interval" value="864000"/>"#,
        "4200200A00000004000D2F0000000000",
    ),
    (
        "a Structure containing an Enumeration, value 254, followed by an Integer, value 255",
        "<CompromiseDate>\n  <ApplicationSpecificInformation type=\"Enumeration\" value=\"0x000000FE\"/>\n  \
         <ArchiveDate type=\"Integer\" value=\"255\"/>\n</CompromiseDate>",
        "42002001000000204200040500000004000000FE000000004200050200000004000000FF00000000",
    ),
];

#[test]
fn spec_examples_read_from_xml_encode_to_the_spec_bytes() {
    for (what, xml, hex) in EXAMPLES {
        let item = read_item(xml).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(hex::encode_upper(to_bytes(&item)), *hex, "{what}");
    }
}

#[test]
fn spec_bytes_decode_and_write_the_expected_xml() {
    for (what, xml, hex) in EXAMPLES {
        let bytes = Bytes::from(hex::decode(hex).expect("hex"));
        let item = decode(bytes, &Limits::default()).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(write_item(&item).trim_end(), *xml, "{what}");
    }
}

#[test]
fn other_spellings_of_the_same_values_read_the_same() {
    let same =
        |a: &str, b: &str| assert_eq!(read_item(a).expect(a), read_item(b).expect(b), "{a} vs {b}");
    // Big Integers need not be padded to whole words in XML.
    same(
        r#"<CompromiseDate type="BigInteger" value="03FD35EB6BC2DF4618080000"/>"#,
        r#"<CompromiseDate type="BigInteger" value="0000000003fd35eb6bc2df4618080000"/>"#,
    );
    // A zone offset is folded into the instant; `Z` is UTC.
    same(
        r#"<CompromiseDate type="DateTime" value="2008-03-14T21:56:40+10:00"/>"#,
        r#"<CompromiseDate type="DateTime" value="2008-03-14T11:56:40Z"/>"#,
    );
    // Numbers may be hex; enumerations and masks by name or number.
    same(
        r#"<BatchCount type="Integer" value="0x10"/>"#,
        r#"<BatchCount type="Integer" value="16"/>"#,
    );
    same(
        r#"<Operation type="Enumeration" value="Create"/>"#,
        r#"<Operation type="Enumeration" value="0x00000001"/>"#,
    );
    same(
        r#"<CryptographicUsageMask type="Integer" value="Decrypt Encrypt"/>"#,
        r#"<CryptographicUsageMask type="Integer" value="12"/>"#,
    );
}

#[test]
fn vendor_tags_values_and_mask_bits_survive_xml_and_ttlv() {
    let item = Item::structure(
        Tag::new(0x54_0001),
        vec![
            Item::new(Tag::OPERATION, Value::Enumeration(0x8000_0001)),
            Item::new(Tag::OPERATION, Value::Enumeration(Operation::PKCS_11.0)),
            Item::new(
                Tag::CRYPTOGRAPHIC_USAGE_MASK,
                Value::Integer(
                    (CryptographicUsageMask::SIGN | CryptographicUsageMask(0x4000_0000)).to_i32(),
                ),
            ),
            Item::new(
                Tag::new(0x54_0002),
                Value::DateTimeExtended(1_205_495_800_000_001),
            ),
            Item::new(Tag::new(0x54_0003), Value::LongInteger(-1)),
        ],
    );
    let xml = write_item(&item);
    for expected in [
        r#"<TTLV tag="0x540001">"#,
        r#"<Operation type="Enumeration" value="0x80000001"/>"#,
        r#"<Operation type="Enumeration" value="PKCS_11"/>"#,
        r#"<CryptographicUsageMask type="Integer" value="Sign 0x40000000"/>"#,
        r#"<TTLV tag="0x540002" type="DateTimeExtended" value="2008-03-14T11:56:40.000001+00:00"/>"#,
    ] {
        assert!(xml.contains(expected), "{expected} not in\n{xml}");
    }
    let from_xml = read_item(&xml).expect("reads back");
    assert_eq!(from_xml, item);
    let from_ttlv = decode(to_bytes(&from_xml), &Limits::default()).expect("decodes");
    assert_eq!(from_ttlv, item);
}
