//! The TTLV examples of the KMIP specification (testdata/kmip-vectors/ttlv-hex/*.tsv): each one
//! decodes to the value its description states and re-encodes to exactly the same bytes.

use std::path::PathBuf;

use bytes::Bytes;
use hsmgate_kmip::ttlv::{check_roundtrip, decode, encoded_len, to_bytes, Limits, RoundTrip};
use hsmgate_kmip::{Item, Tag, Value};

struct Vector {
    file: String,
    description: String,
    bytes: Vec<u8>,
}

fn vectors() -> Vec<Vector> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/kmip-vectors/ttlv-hex");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "tsv"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .tsv files in {}", dir.display());
    let mut vectors = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut lines = text
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty());
        assert_eq!(
            lines.next(),
            Some("description\thex"),
            "{file}: header line"
        );
        for line in lines {
            let (description, hex) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("{file}: no tab in {line:?}"));
            let bytes =
                hex::decode(hex.trim()).unwrap_or_else(|e| panic!("{file}: {description}: {e}"));
            vectors.push(Vector {
                file: file.clone(),
                description: description.to_owned(),
                bytes,
            });
        }
    }
    vectors
}

/// Days from 1970-01-01 to a Gregorian date (Howard Hinnant's days_from_civil algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The value a description of the specification's examples states, for the forms it uses.
fn expected_value(description: &str) -> Value {
    let after = |marker: &str| -> &str {
        let at = description
            .find(marker)
            .unwrap_or_else(|| panic!("no {marker:?} in {description:?}"));
        &description[at + marker.len()..]
    };
    let number = |marker: &str| after(marker).trim().to_owned();
    if description.starts_with("An Integer") {
        Value::Integer(number("decimal value ").parse().unwrap())
    } else if description.starts_with("A Long Integer") {
        Value::LongInteger(number("decimal value ").parse().unwrap())
    } else if description.starts_with("A Big Integer") {
        let n: i128 = number("decimal value ").parse().unwrap();
        Value::BigInteger(Bytes::copy_from_slice(&n.to_be_bytes()))
    } else if description.starts_with("An Enumeration") {
        Value::Enumeration(number("with value ").parse().unwrap())
    } else if description.starts_with("A Boolean") {
        Value::Boolean(match number("with the value ").as_str() {
            "True" => true,
            "False" => false,
            other => panic!("boolean {other:?}"),
        })
    } else if description.starts_with("A Text String") {
        Value::TextString(after("with the value ").trim().trim_matches('"').to_owned())
    } else if description.starts_with("A Byte String") {
        let list = after("{").split('}').next().unwrap();
        let bytes = list
            .split(',')
            .map(|b| u8::from_str_radix(b.trim().trim_start_matches("0x"), 16).unwrap());
        Value::ByteString(bytes.collect::<Vec<u8>>().into())
    } else if description.starts_with("A Date-Time") {
        // "... value for Friday, March 14, 2008, 11:56:40 GMT"
        let parts: Vec<&str> = after("value for ")
            .split([',', ' '])
            .filter(|p| !p.is_empty())
            .collect();
        let [_, month, day, year, time, "GMT"] = parts[..] else {
            panic!("date {parts:?}")
        };
        let months = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let month = months.iter().position(|m| *m == month).unwrap() as i64 + 1;
        let hms: Vec<i64> = time.split(':').map(|p| p.parse().unwrap()).collect();
        let days = days_from_civil(year.parse().unwrap(), month, day.parse().unwrap());
        Value::DateTime(days * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2])
    } else if description.starts_with("An Interval") {
        let days: u32 = after("value for ")
            .trim()
            .strip_suffix(" days")
            .unwrap()
            .parse()
            .unwrap();
        Value::Interval(days * 86_400)
    } else {
        panic!("no expectation for {description:?}")
    }
}

#[test]
fn every_vector_round_trips_byte_exact() {
    let vectors = vectors();
    assert!(
        vectors.len() >= 10,
        "expected the 10 examples of the specification, got {}",
        vectors.len()
    );
    for v in &vectors {
        let item = decode(Bytes::from(v.bytes.clone()), &Limits::default())
            .unwrap_or_else(|e| panic!("{}: {}: {e}", v.file, v.description));
        assert_eq!(to_bytes(&item), v.bytes, "{}: {}", v.file, v.description);
        assert_eq!(
            encoded_len(&item),
            v.bytes.len(),
            "{}: {}",
            v.file,
            v.description
        );
        assert!(matches!(
            check_roundtrip(&v.bytes, &Limits::default()),
            Ok(RoundTrip::Verified)
        ));
    }
}

#[test]
fn every_vector_decodes_to_its_described_value() {
    for v in vectors() {
        let item = decode(Bytes::from(v.bytes), &Limits::default()).unwrap();
        if v.description.starts_with("A Structure") {
            // "... an Enumeration, value 254, followed by an Integer, value 255, having tags 420004 and 420005"
            let expected = Item::structure(
                Tag::new(0x420020),
                vec![
                    Item::new(Tag::new(0x420004), Value::Enumeration(254)),
                    Item::new(Tag::new(0x420005), Value::Integer(255)),
                ],
            );
            assert_eq!(item, expected, "{}", v.description);
            continue;
        }
        assert_eq!(item.tag, Tag::new(0x420020), "{}", v.description);
        match (&item.value, expected_value(&v.description)) {
            // The wire form is sign-extended to a multiple of 8; compare numerically.
            (Value::BigInteger(got), Value::BigInteger(want)) => {
                assert_eq!(got.len() % 8, 0);
                let mut wide = [if got.first().is_some_and(|b| b & 0x80 != 0) {
                    0xFF
                } else {
                    0
                }; 16];
                wide[16 - got.len()..].copy_from_slice(got);
                assert_eq!(&wide[..], &want[..], "{}", v.description);
            }
            (got, want) => assert_eq!(got, &want, "{}", v.description),
        }
    }
}

#[test]
fn date_helper_matches_known_dates() {
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(days_from_civil(2000, 3, 1), 11_017);
}
