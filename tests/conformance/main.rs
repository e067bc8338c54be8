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

mod fixtures;
mod matcher_tests;
mod replay_tests;
mod report_tests;
mod tolerance_tests;

use std::collections::HashMap;
use std::path::Path;

use bytes::Bytes;
use hsmgate_kmip::ttlv::{decode_message, to_bytes, ItemType, Limits, Value};

use crate::pattern::Placeholder;
use crate::replay::{replay, FileOutcome, StepOutcome};
use crate::vectors::{load, vector_paths, VectorFile};

/// How many files replay concurrently (each with its own server and connection).
const FILES_AT_ONCE: usize = 4;

/// Replays `files`, at most `at_once` at a time. A replay that panics (say, on a response the
/// client cannot decode) fails its file; the others still run and are reported.
async fn replay_all(files: Vec<VectorFile>, at_once: usize) -> Vec<FileOutcome> {
    let mut running = tokio::task::JoinSet::new();
    let mut names = HashMap::new();
    let mut outcomes = Vec::with_capacity(files.len());
    for file in files {
        if running.len() >= at_once {
            outcomes.extend(finish_one(&mut running, &names).await);
        }
        let name = (file.stem.clone(), file.steps.len());
        let task = running.spawn(async move { replay(&file).await });
        names.insert(task.id(), name);
    }
    while !running.is_empty() {
        outcomes.extend(finish_one(&mut running, &names).await);
    }
    outcomes
}

async fn finish_one(
    running: &mut tokio::task::JoinSet<FileOutcome>,
    names: &HashMap<tokio::task::Id, (String, usize)>,
) -> Option<FileOutcome> {
    match running.join_next_with_id().await? {
        Ok((_, outcome)) => Some(outcome),
        Err(error) => {
            let (stem, steps) = names.get(&error.id()).cloned().unwrap_or_default();
            let why = StepOutcome::Failed(format!("the replay panicked: {error}"));
            Some(FileOutcome {
                profile: vectors::profile_of(&stem),
                stem,
                steps: vec![why; steps.max(1)],
            })
        }
    }
}

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
    let files: Vec<VectorFile> = vector_paths()
        .iter()
        .map(|path| load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect();
    // A few files at a time, each against its own server; the report keeps file-name order.
    let mut outcomes: Vec<FileOutcome> = replay_all(files, FILES_AT_ONCE).await;
    outcomes.sort_by(|a, b| a.stem.cmp(&b.stem));

    let list_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/expected-pass.txt");
    let listed = report::parse_expected_pass(
        &std::fs::read_to_string(&list_path).expect("tests/conformance/expected-pass.txt"),
    );
    let check = report::check_expected_pass(&listed, &outcomes);

    let mut text = report::render(&outcomes);
    for name in &check.unlisted {
        text.push_str(&format!(
            "passes but is not in expected-pass.txt (add it): {name}\n"
        ));
    }
    println!("{text}");
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&target).expect("target directory");
    std::fs::write(target.join("conformance-report.txt"), &text).expect("writing the report");

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
