//! Damaged XML never panics the reader, and whatever it accepts writes back to XML that reads
//! to the same tree. Inputs are every prefix of a vector file and seeded byte mutations of
//! several (a fixed xorshift seed, so a failure reproduces).

use std::path::PathBuf;

use hsmgate_kmip::xml::{
    read_item_with, read_items_with, write_item, Placeholder, ReadOptions, XmlError,
};
use hsmgate_kmip::{ItemType, Value};

fn bind(placeholder: &Placeholder<'_>) -> Option<Value> {
    match placeholder.item_type {
        ItemType::DateTime => Some(Value::DateTime(0)),
        ItemType::ByteString => Some(Value::ByteString(
            placeholder.text.as_bytes().to_vec().into(),
        )),
        _ => None,
    }
}

fn vector(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/kmip-vectors/kmip-profiles-v2.1")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Reads `text`; if accepted, every item must survive write → read unchanged.
fn check(text: &str) -> Result<usize, XmlError> {
    let options = ReadOptions {
        placeholder: Some(&bind),
    };
    let items = read_items_with(text, &options)?;
    for item in &items {
        let written = write_item(item);
        assert_eq!(
            read_item_with(&written, &options).as_ref(),
            Ok(item),
            "accepted input did not round-trip:\n{text}"
        );
    }
    Ok(items.len())
}

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn every_prefix_of_a_vector_is_read_or_refused() {
    let text = vector("mandatory/CS-RNG-M-1-21.xml");
    let (mut accepted, mut refused) = (0, 0);
    for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        match check(&text[..end]) {
            Ok(_) => accepted += 1,
            Err(_) => refused += 1,
        }
    }
    // The whole file and the comment-only prefixes read; most prefixes end inside an element.
    assert!(check(&text).is_ok_and(|messages| messages > 0));
    assert!(
        accepted >= 1 && refused > accepted,
        "{accepted} accepted, {refused} refused"
    );
}

#[test]
fn mutated_vectors_never_panic_and_accepted_ones_round_trip() {
    const ALPHABET: &[u8] = b"<>/=\"' \n&;$#0123456789abcdefxTSLVEnumerationIntegerStructure";
    let files = [
        "mandatory/SKLC-M-1-21.xml",
        "mandatory/CS-AC-M-1-21.xml",
        "optional/OMOS-O-1-21.xml",
    ];
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let (mut accepted, mut refused) = (0, 0);
    for file in files {
        let original = vector(file).into_bytes();
        for _ in 0..700 {
            let mut bytes = original.clone();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(bytes.len());
                match rng.below(3) {
                    0 => bytes[at] = ALPHABET[rng.below(ALPHABET.len())],
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
                }
            }
            // The reader takes &str: invalid UTF-8 is the caller's to reject.
            let Ok(text) = String::from_utf8(bytes) else {
                continue;
            };
            match check(&text) {
                Ok(_) => accepted += 1,
                Err(error) => {
                    assert!(!error.to_string().is_empty());
                    refused += 1;
                }
            }
        }
    }
    println!("mutated vectors: {accepted} accepted, {refused} refused");
    assert!(
        accepted > 0 && refused > 0,
        "{accepted} accepted, {refused} refused"
    );
}
