//! Tests of the report and the expected-pass bookkeeping.

use crate::replay::{FileOutcome, StepOutcome};
use crate::report::{check_expected_pass, parse_expected_pass, render};
use crate::vectors::profile_of;

fn outcome(stem: &str, steps: Vec<StepOutcome>) -> FileOutcome {
    FileOutcome {
        stem: stem.into(),
        profile: profile_of(stem),
        steps,
    }
}

#[test]
fn the_expected_pass_list_catches_regressions_and_new_passes() {
    let listed = parse_expected_pass("# comment\nBL-M-1-21  # trailing\n\nQS-M-9-21\nTL-M-1-21\n");
    assert_eq!(listed.len(), 3);
    let outcomes = vec![
        outcome("BL-M-1-21", vec![StepOutcome::Passed]),
        outcome(
            "TL-M-1-21",
            vec![StepOutcome::Passed, StepOutcome::Failed("boom".into())],
        ),
        outcome("BL-M-2-21", vec![StepOutcome::Passed, StepOutcome::Passed]),
    ];
    let check = check_expected_pass(&listed, &outcomes);
    assert_eq!(check.regressed, ["TL-M-1-21: step 1: boom"]);
    assert_eq!(check.unknown, ["QS-M-9-21"]);
    assert_eq!(check.unlisted, ["BL-M-2-21"]);

    let text = render(&outcomes);
    assert!(text.contains("BL-M: 2/2\n"), "{text}");
    assert!(
        text.contains("TL-M: 0/1\n  TL-M-1-21 (1/2 steps) step 1: boom\n"),
        "{text}"
    );
    assert!(text.contains("2/3 files, 4/5 steps"), "{text}");
}
