//! The OASIS KMIP Profiles 2.1 test cases (testdata/kmip-vectors/kmip-profiles-v2.1/{mandatory,
//! optional}/*.xml) replayed against a live gateway: a fresh server and one mutual-TLS connection
//! per file (or per chain of files that build on each other, `CHAINS`), the requests in file
//! order, each actual response compared with the expected one.
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
use crate::replay::{replay_chain, FileOutcome, StepOutcome};
use crate::vectors::{load, vector_paths, VectorFile};

/// How many servers run concurrently (each replaying its file, or chain of files).
const FILES_AT_ONCE: usize = 4;

/// Files that use objects an earlier file of their profile made and left (the earlier one
/// registers them under an Object Group the later one locates): (earlier, later). They replay
/// in that order against one server; every other file gets a server of its own.
const CHAINS: [(&str, &str); 2] = [("SASED-M-2-21", "SASED-M-3-21"), ("TL-M-2-21", "TL-M-3-21")];

/// `files` grouped for replay: chains together, in order; every other file alone.
fn replay_groups(files: Vec<VectorFile>) -> Vec<Vec<VectorFile>> {
    let mut groups: Vec<Vec<VectorFile>> = Vec::new();
    let (later, alone): (Vec<VectorFile>, Vec<VectorFile>) = files
        .into_iter()
        .partition(|f| CHAINS.iter().any(|(_, later)| f.stem == *later));
    groups.extend(alone.into_iter().map(|f| vec![f]));
    for file in later {
        let earlier = CHAINS
            .iter()
            .find(|(_, l)| file.stem == *l)
            .map(|(e, _)| *e);
        match groups
            .iter_mut()
            .find(|g| Some(g[0].stem.as_str()) == earlier)
        {
            Some(group) => group.push(file),
            None => groups.push(vec![file]),
        }
    }
    groups
}

/// Replays `files`, at most `at_once` servers at a time. A replay that panics (say, on a
/// response the client cannot decode) fails its files; the others still run and are reported.
async fn replay_all(files: Vec<VectorFile>, at_once: usize) -> Vec<FileOutcome> {
    let mut running = tokio::task::JoinSet::new();
    let mut names = HashMap::new();
    let mut outcomes = Vec::with_capacity(files.len());
    for group in replay_groups(files) {
        if running.len() >= at_once {
            outcomes.extend(finish_one(&mut running, &names).await);
        }
        let group_names: Vec<(String, usize)> = group
            .iter()
            .map(|f| (f.stem.clone(), f.steps.len()))
            .collect();
        let task = running.spawn(async move { replay_chain(&group).await });
        names.insert(task.id(), group_names);
    }
    while !running.is_empty() {
        outcomes.extend(finish_one(&mut running, &names).await);
    }
    outcomes
}

async fn finish_one(
    running: &mut tokio::task::JoinSet<Vec<FileOutcome>>,
    names: &HashMap<tokio::task::Id, Vec<(String, usize)>>,
) -> Vec<FileOutcome> {
    match running.join_next_with_id().await {
        None => Vec::new(),
        Some(Ok((_, outcomes))) => outcomes,
        Some(Err(error)) => names
            .get(&error.id())
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|(stem, steps)| FileOutcome {
                profile: vectors::profile_of(&stem),
                steps: vec![
                    StepOutcome::Failed(format!("the replay panicked: {error}"));
                    steps.max(1)
                ],
                stem,
            })
            .collect(),
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
