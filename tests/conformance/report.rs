//! The conformance report: files passed per profile, and the first difference of each failing
//! file; plus the expected-pass list that turns the report into assertions.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::replay::FileOutcome;
use crate::tolerances;

/// The report text, profiles in name order.
pub fn render(outcomes: &[FileOutcome]) -> String {
    let mut by_profile: BTreeMap<&str, Vec<&FileOutcome>> = BTreeMap::new();
    for outcome in outcomes {
        by_profile
            .entry(&outcome.profile)
            .or_default()
            .push(outcome);
    }
    let files_passed = outcomes.iter().filter(|o| o.passed()).count();
    let steps: usize = outcomes.iter().map(|o| o.steps.len()).sum();
    let steps_passed: usize = outcomes.iter().map(|o| o.passed_steps()).sum();

    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "KMIP 2.1 profile test cases against hsmgate: {files_passed}/{} files, {steps_passed}/{steps} steps",
        outcomes.len()
    );
    let _ = writeln!(out, "tolerances (tests/conformance/tolerances.rs):");
    for rule in tolerances::ALL {
        let _ = writeln!(out, "  {}: {}", rule.name, rule.reason);
    }
    for (profile, files) in &by_profile {
        let passed = files.iter().filter(|o| o.passed()).count();
        let _ = writeln!(out, "{profile}: {passed}/{}", files.len());
        for file in files.iter().filter(|o| !o.passed()) {
            let _ = writeln!(
                out,
                "  {} ({}/{} steps) {}",
                file.stem,
                file.passed_steps(),
                file.steps.len(),
                file.first_failure()
                    .unwrap_or_else(|| "no steps".to_owned())
            );
        }
    }
    out
}

/// The file stems listed in an expected-pass text: one per line, `#` starts a comment.
pub fn parse_expected_pass(text: &str) -> BTreeSet<String> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What the expected-pass list says about a run.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ListCheck {
    /// Listed files that did not pass (each fails the test).
    pub regressed: Vec<String>,
    /// Listed names that are no vector file (each fails the test).
    pub unknown: Vec<String>,
    /// Files that pass but are not listed (add them).
    pub unlisted: Vec<String>,
}

pub fn check_expected_pass(listed: &BTreeSet<String>, outcomes: &[FileOutcome]) -> ListCheck {
    let mut check = ListCheck::default();
    for name in listed {
        match outcomes.iter().find(|o| &o.stem == name) {
            Some(outcome) if outcome.passed() => {}
            Some(outcome) => check.regressed.push(format!(
                "{name}: {}",
                outcome.first_failure().unwrap_or_default()
            )),
            None => check.unknown.push(name.clone()),
        }
    }
    for outcome in outcomes {
        if outcome.passed() && !listed.contains(&outcome.stem) {
            check.unlisted.push(outcome.stem.clone());
        }
    }
    check
}
