//! `deterrence validate`: shipped scenarios pass with one `ok` line each; a bad
//! file fails with exit code 2 and a message naming the file, line:column and
//! field path; overrides are checked too; nothing is written.

use std::fs;

use predicates::prelude::*;

use crate::common::{assert_exit, deterrence, entries, root, shipped_scenarios, stderr, stdout};

#[test]
fn every_shipped_scenario_validates() {
    let files = shipped_scenarios();
    let output = deterrence().arg("validate").args(&files).output().unwrap();
    assert_exit(&output, 0, "validate scenarios/*.toml");
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), files.len(), "{text}");
    for (line, file) in lines.iter().zip(&files) {
        assert!(line.starts_with("ok "), "{line}");
        assert!(line.contains(file.to_str().unwrap()), "{line}");
        // The estimate of a run: shipped scenarios run in seconds, in tens of MB.
        assert!(line.contains("; a run: "), "{line}");
        assert!(line.contains(" MB; "), "{line}");
        // What directed dyad-years would add on disk, plain and compressed.
        assert!(line.contains("; with --records dyad-years, "), "{line}");
        assert!(line.ends_with(" with --gzip)"), "{line}");
    }
    assert!(text.contains("\"Two blocs\""), "{text}");
    assert_eq!(stderr(&output), "");
}

#[test]
fn a_bad_file_fails_with_its_location() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.toml");
    let text = fs::read_to_string(root().join("scenarios/two-blocs.toml"))
        .unwrap()
        .replacen("reliability = 0.75", "reliability = 1.5", 1);
    let line = text
        .lines()
        .position(|l| l == "reliability = 1.5")
        .expect("the edited line")
        + 1;
    fs::write(&bad, &text).unwrap();
    let output = deterrence()
        .arg("validate")
        .arg("scenarios/two-blocs.toml")
        .arg(&bad)
        .output()
        .unwrap();
    assert_exit(&output, 2, "validate with a bad file");
    // The good file is still reported as good.
    assert!(stdout(&output).starts_with("ok "), "{}", stdout(&output));
    let err = stderr(&output);
    let expected = format!(
        "{}:{line}:15: alliances[0].reliability: expected a number from 0 to 1, found 1.5",
        bad.display()
    );
    assert!(err.contains(&expected), "expected {expected:?} in:\n{err}");
    assert!(err.ends_with("error: 1 of 2 files is not valid\n"), "{err}");
}

#[test]
fn overrides_are_validated() {
    let output = deterrence()
        .args([
            "validate",
            "scenarios/two-blocs.toml",
            "--set",
            "model.stakes=2",
        ])
        .output()
        .unwrap();
    assert_exit(&output, 2, "validate --set model.stakes=2");
    let err = stderr(&output);
    assert!(
        err.contains("scenarios/two-blocs.toml: model.stakes:"),
        "{err}"
    );
    assert!(err.contains("(set by --set model.stakes=2)"), "{err}");

    let ok = deterrence()
        .args([
            "validate",
            "scenarios/two-blocs.toml",
            "--set",
            "simulation.years=12",
        ])
        .output()
        .unwrap();
    assert_exit(&ok, 0, "validate --set simulation.years=12");
    assert!(stdout(&ok).contains("12 years"), "{}", stdout(&ok));
}

#[test]
fn validate_writes_nothing() {
    let cwd = tempfile::tempdir().unwrap();
    let output = deterrence()
        .current_dir(cwd.path())
        .arg("validate")
        .arg(root().join("scenarios/two-blocs.toml"))
        .output()
        .unwrap();
    assert_exit(&output, 0, "validate");
    assert!(entries(cwd.path()).is_empty(), "{:?}", entries(cwd.path()));
}

#[test]
fn validate_needs_a_file() {
    deterrence()
        .arg("validate")
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("<FILES>").and(predicate::str::contains("panicked").not()),
        );
}

/// The worlds the defaults were calibrated and checked on (docs/VALIDATION.md)
/// are valid scenarios.
#[test]
fn the_calibration_worlds_validate() {
    let mut files: Vec<std::path::PathBuf> =
        std::fs::read_dir(crate::common::root().join("targets/worlds"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    files.sort();
    assert_eq!(files.len(), 5, "{files:?}");
    let o = deterrence().arg("validate").args(&files).output().unwrap();
    assert_exit(&o, 0, "validate targets/worlds");
}
