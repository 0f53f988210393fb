//! Snapshot tests of every table and text file the tool writes, so that a
//! change of layout (or of a value) is a diff to review rather than a silent
//! change: `runs.csv`, `timeseries.csv`, `summary.csv`, `war_sizes.csv`,
//! `wars.csv` and `manifest.json` of `run`; `comparison.csv`, `comparison.md`
//! and `comparison_timeseries.csv` of `compare`; `sweep.csv`; `claims.csv` and
//! `claims.md`. Each comes from a small run (three replications of three
//! years, fixed seed) and is pinned in `snapshots/`. The manifest's wall time,
//! thread count and command line (which holds the temporary output path)
//! differ from run to run and are redacted.
//!
//! After an intended change, `INSTA_UPDATE=always cargo test --release --test
//! cli snapshots` rewrites the files (or `cargo insta review` shows them one by
//! one); in CI (`CI` set) a differing snapshot fails and nothing is written.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::common::deterrence;

/// Few replications and years, a fixed seed: small files, a fast test.
const SMALL: &[&str] = &["--replications", "3", "--years", "3"];

/// Runs `deterrence ARGS SMALL --out OUT --quiet`, asserting success.
fn run_in(out: &Path, args: &[&str], seed: &str) {
    let output = deterrence()
        .args(args)
        .args(SMALL)
        .args(["--seed", seed, "--quiet", "--out"])
        .arg(out)
        .output()
        .expect("the binary starts");
    assert!(
        output.status.success(),
        "deterrence {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The text of `name` in `dir`.
fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name))
        .unwrap_or_else(|e| panic!("cannot read {name} in {}: {e}", dir.display()))
}

/// Pins each of `names` in `dir`.
fn pin(dir: &Path, names: &[&str]) {
    for &name in names {
        insta::assert_snapshot!(name, read(dir, name));
    }
}

/// `manifest.json` as written, its lines in order, with the values that change
/// from run to run replaced; the rest of the file is pinned byte for byte.
fn redacted_manifest(text: &str) -> String {
    let value: Value = serde_json::from_str(text).expect("manifest.json is JSON");
    assert!(value["threads"].as_u64().is_some_and(|t| t >= 1), "{text}");
    assert!(value["wall_time_seconds"].as_f64().is_some(), "{text}");
    let argv = value["command_line"].as_array().expect("a command line");
    assert_eq!(argv.get(1).and_then(Value::as_str), Some("run"), "{text}");

    let mut out = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let redacted = |key: &str| format!("  \"{key}\": \"[redacted]\",");
        if line.starts_with("  \"command_line\": [") {
            // Up to the array's closing bracket at the same indentation.
            lines.by_ref().find(|l| l.starts_with("  ]"));
            out.push_str(&redacted("command_line"));
        } else if line.starts_with("  \"threads\": ") {
            out.push_str(&redacted("threads"));
        } else if line.starts_with("  \"wall_time_seconds\": ") {
            out.push_str(&redacted("wall_time_seconds"));
        } else if line.starts_with("  \"configuration\": ") {
            // A fingerprint of the experiment, which any change to the model's types moves.
            out.push_str(&redacted("configuration"));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[test]
fn run_files() {
    // Europe in 1914: wars in the first years, joined by allies and ending in
    // conquest, so every column of `wars.csv` holds something.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("run");
    run_in(&out, &["run", "scenarios/europe-1914.toml", "--wars"], "7");
    pin(
        &out,
        &[
            "runs.csv",
            "timeseries.csv",
            "summary.csv",
            "war_sizes.csv",
            "wars.csv",
        ],
    );
    insta::assert_snapshot!(
        "manifest.json",
        redacted_manifest(&read(&out, "manifest.json"))
    );
}

#[test]
fn compare_files() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("compare");
    run_in(&out, &["compare", "scenarios/two-blocs.toml"], "20");
    pin(
        &out,
        &[
            "comparison.csv",
            "comparison.md",
            "comparison_timeseries.csv",
        ],
    );
}

#[test]
fn sweep_file() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("sweep");
    let args = [
        "sweep",
        "scenarios/two-blocs.toml",
        "--param",
        "alliances.*.reliability",
        "--values",
        "0,1",
    ];
    run_in(&out, &args, "20");
    pin(&out, &["sweep.csv"]);
}

#[test]
fn claims_files() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("claims");
    run_in(&out, &["claims", "scenarios/two-blocs.toml"], "20");
    pin(&out, &["claims.csv", "claims.md"]);
}

#[test]
fn claims_across_worlds_files() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("worlds");
    run_in(
        &out,
        &[
            "claims",
            "scenarios/two-blocs.toml",
            "scenarios/no-alliances.toml",
        ],
        "20",
    );
    let dir = out.clone();
    for name in ["claims.csv", "claims.md"] {
        insta::assert_snapshot!(format!("worlds_{name}"), read(&dir, name));
    }
}
