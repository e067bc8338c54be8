//! The OASIS KMIP Profiles 2.1 test cases (testdata/kmip-vectors/kmip-profiles-v2.1/{mandatory,
//! optional}/*.xml) replayed against a live gateway: a fresh server and one mutual-TLS connection
//! per file, the requests in file order, each actual response compared with the expected one.
//!
//! `cargo test -p hsmgate --test conformance -- --nocapture` prints the report (files passed per
//! profile, the first difference of each failing file); it is also written to
//! target/conformance-report.txt. The test fails when a file listed in expected-pass.txt fails;
//! files that pass without being listed are printed so they can be added.
//!
//! Layout: `vectors` loads the files, `pattern` reads their placeholders, `bindings` says what a
//! placeholder stands for, `matcher` compares (loosened only by `tolerances`), `replay` talks to
//! the server, `report` summarises.

#[path = "../common/mod.rs"]
mod common;

mod bindings;
mod matcher;
mod pattern;
mod replay;
mod report;
mod tolerances;
mod vectors;

mod matcher_tests;

use std::path::Path;

use bytes::Bytes;
use hsmgate_kmip::ttlv::{decode_message, to_bytes, ItemType, Limits, Value};

use crate::pattern::Placeholder;
use crate::replay::{replay, FileOutcome};
use crate::vectors::{load, vector_paths};

/// Harness sanity: every request of every file reads from XML and survives TTLV encoding, with
/// placeholders given stand-in values of their types.
#[test]
fn every_request_reads_and_encodes_to_ttlv() {
    let paths = vector_paths();
    assert!(paths.len() >= 90, "vector files missing: {}", paths.len());
    let mut requests = 0;
    for path in &paths {
        let file = load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!file.steps.is_empty(), "{}: no steps", file.stem);
        for (n, step) in file.steps.iter().enumerate() {
            let item = step
                .request
                .instantiate(&mut stand_in)
                .unwrap_or_else(|e| panic!("{} step {n}: {e}", file.stem));
            let decoded = decode_message(to_bytes(&item), &Limits::default())
                .unwrap_or_else(|e| panic!("{} step {n}: {e}", file.stem));
            assert_eq!(decoded, item, "{} step {n}: TTLV round trip", file.stem);
            requests += 1;
        }
    }
    assert!(requests > 500, "only {requests} requests read");
}

/// A value of the placeholder's type, for the sanity check only.
fn stand_in(_: hsmgate_kmip::Tag, item_type: ItemType, p: &Placeholder) -> Result<Value, String> {
    Ok(match item_type {
        ItemType::TextString => Value::TextString(p.to_string()),
        ItemType::ByteString => Value::ByteString(Bytes::from_static(&[0x5A; 16])),
        ItemType::DateTime => Value::DateTime(1_600_000_000),
        ItemType::DateTimeExtended => Value::DateTimeExtended(1_600_000_000_000_000),
        other => return Err(format!("{p} of type {}", other.xml_name())),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_test_cases_against_a_live_server() {
    let mut outcomes: Vec<FileOutcome> = Vec::new();
    for path in vector_paths() {
        // A file that does not read is the sanity test's failure; here it just fails every step.
        match load(&path) {
            Ok(file) => outcomes.push(replay(&file).await),
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }

    let text = report::render(&outcomes);
    println!("{text}");
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&target).expect("target directory");
    std::fs::write(target.join("conformance-report.txt"), &text).expect("writing the report");

    let list_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/expected-pass.txt");
    let listed = report::parse_expected_pass(
        &std::fs::read_to_string(&list_path).expect("tests/conformance/expected-pass.txt"),
    );
    let check = report::check_expected_pass(&listed, &outcomes);
    for name in &check.unlisted {
        println!("passes but is not in expected-pass.txt (add it): {name}");
    }
    assert!(
        check.unknown.is_empty(),
        "expected-pass.txt names no vector file: {:?}",
        check.unknown
    );
    assert!(
        check.regressed.is_empty(),
        "files in expected-pass.txt failed:\n{}",
        check.regressed.join("\n")
    );
}
