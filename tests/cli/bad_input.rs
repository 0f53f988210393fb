//! Bad input never runs, never writes and never panics: every broken scenario
//! in `tests/bad_inputs/` (beside a `.expected` file holding what the message
//! must say right after the file name) fails with exit code 2 and an `error:`
//! message; so do missing files, usage errors and bad `--set` overrides.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{assert_exit, deterrence, entries, root, run_raw, stderr};

/// The broken scenarios, relative to the crate root, sorted.
fn bad_inputs() -> Vec<PathBuf> {
    let dir = root().join("tests/bad_inputs");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.strip_prefix(root()).unwrap().to_path_buf())
        .collect();
    files.sort();
    files
}

/// The substring a file's error message must contain after the file name.
fn expected(file: &Path) -> String {
    let path = root().join(file).with_extension("expected");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = text.trim_end_matches('\n').to_string();
    assert!(!text.is_empty(), "{} is empty", path.display());
    text
}

#[test]
fn every_expected_file_has_its_scenario() {
    let dir = root().join("tests/bad_inputs");
    for entry in fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|x| x == "expected") {
            assert!(
                p.with_extension("toml").is_file(),
                "{} has no .toml beside it",
                p.display()
            );
        }
    }
}

#[test]
fn broken_scenarios_are_refused_with_located_messages() {
    let files = bad_inputs();
    assert!(files.len() >= 30, "only {} broken scenarios", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let name = file.to_str().unwrap();
        let want = format!("{name}{}", expected(file));
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let output = run_raw(name, &out, &[]);
        let err = stderr(&output);
        let mut problems = Vec::new();
        if output.status.code() != Some(2) {
            problems.push(format!("exit code {:?}", output.status.code()));
        }
        if !err.starts_with("error: ") {
            problems.push("stderr does not start with `error: `".to_string());
        }
        if !err.contains(&want) {
            problems.push(format!("stderr lacks {want:?}"));
        }
        if err.contains("panicked") {
            problems.push("panic".to_string());
        }
        if !output.stdout.is_empty() {
            problems.push("something on stdout".to_string());
        }
        if !entries(tmp.path()).is_empty() {
            problems.push(format!("wrote {:?}", entries(tmp.path())));
        }

        // Without --out, nothing appears in the working directory either.
        let cwd = tempfile::tempdir().unwrap();
        let plain = deterrence()
            .current_dir(cwd.path())
            .arg("run")
            .arg(root().join(file))
            .output()
            .unwrap();
        if plain.status.code() != Some(2) {
            problems.push(format!("exit code {:?} without --out", plain.status.code()));
        }
        if !entries(cwd.path()).is_empty() {
            problems.push(format!("wrote {:?} without --out", entries(cwd.path())));
        }

        // `validate` reports the same problem.
        let checked = deterrence().arg("validate").arg(name).output().unwrap();
        if checked.status.code() != Some(2) || !stderr(&checked).contains(&want) {
            problems.push(format!(
                "validate: {:?} {}",
                checked.status.code(),
                stderr(&checked)
            ));
        }

        if !problems.is_empty() {
            failures.push(format!("{name}: {}\n  stderr: {err}", problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_missing_file_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let output = run_raw("scenarios/no-such-scenario.toml", &out, &[]);
    assert_exit(&output, 2, "missing file");
    let err = stderr(&output);
    assert!(
        err.starts_with("error: scenarios/no-such-scenario.toml"),
        "{err}"
    );
    assert!(!out.exists());

    let dir = run_raw("scenarios", &out, &[]);
    assert_exit(&dir, 2, "a directory as the scenario");
    assert!(stderr(&dir).contains("scenarios"), "{}", stderr(&dir));
    assert!(!out.exists());
}

#[test]
fn usage_errors_exit_2() {
    let cases: &[&[&str]] = &[
        &[],
        &["frobnicate"],
        &["run"],
        &["run", "scenarios/two-blocs.toml", "--threads", "0"],
        &["run", "scenarios/two-blocs.toml", "--threads", "many"],
        &["run", "scenarios/two-blocs.toml", "--replications", "0"],
        &["run", "scenarios/two-blocs.toml", "--replications", "-3"],
        &["run", "scenarios/two-blocs.toml", "--years", "0"],
        &["run", "scenarios/two-blocs.toml", "--seed", "-1"],
        &[
            "run",
            "scenarios/two-blocs.toml",
            "--seed",
            "9223372036854775808",
        ],
        &[
            "run",
            "scenarios/two-blocs.toml",
            "--seed",
            "18446744073709551616",
        ],
        &["run", "scenarios/two-blocs.toml", "--no-such-flag"],
        &["run", "scenarios/two-blocs.toml", "--set"],
        &["list", "extra"],
    ];
    let tmp = tempfile::tempdir().unwrap();
    for args in cases {
        let output = deterrence()
            .current_dir(tmp.path())
            .args(*args)
            .output()
            .unwrap();
        assert_exit(&output, 2, &format!("{args:?}"));
        assert!(
            stderr(&output).contains("Usage") || stderr(&output).starts_with("error:"),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(entries(tmp.path()).is_empty(), "{args:?} wrote files");
    }
}

#[test]
fn bad_overrides_and_oversized_plans_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--set", "model.stakes=2"],
            "model.stakes: expected a number from 0 to 1",
        ),
        (
            &["--set", "model.stakez=0.3"],
            "model.stakez: unknown model parameter",
        ),
        (&["--set", "nonsense"], "expected KEY=VALUE"),
        (&["--set", "=1"], "the path is empty"),
        (&["--set", "name=unquoted text"], "--set name=unquoted text"),
        (
            &["--set", "states.99.capability=1"],
            "index 99 is out of range",
        ),
        (
            &["--set", "alliances.*.reliability=-0.1"],
            "alliances[0].reliability",
        ),
        (&["--set", "states=[]"], "expected at least 2 states"),
        (&["--set", "variants=[]"], "variants cannot be overridden"),
        (&["--set", "simulation.seed=-1"], "simulation.seed"),
        (&["--set", "model.stakes=nan"], "model.stakes"),
        (&["--replications", "10000001"], "simulation.replications"),
        (&["--years", "100001"], "simulation.years"),
        (
            &["--replications", "5000000", "--years", "100000"],
            "state-years on ",
        ),
        (
            &["--replications", "5000000", "--years", "100000"],
            "run it anyway with --allow-large",
        ),
    ];
    for (args, want) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let output = run_raw("scenarios/two-blocs.toml", &out, args);
        assert_exit(&output, 2, &format!("{args:?}"));
        let err = stderr(&output);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: expected {want:?} in:\n{err}");
        assert!(!out.exists(), "{args:?} created the output directory");
    }
}

#[test]
fn validate_refuses_a_plan_too_large_unless_allowed() {
    let file = "tests/bad_inputs/huge-replications.toml";
    let refused = deterrence().args(["validate", file]).output().unwrap();
    assert_exit(&refused, 2, "validate without --allow-large");
    assert!(stderr(&refused).contains("run it anyway with --allow-large"));
    let allowed = deterrence()
        .args(["validate", "--allow-large", file])
        .output()
        .unwrap();
    assert_exit(&allowed, 0, "validate --allow-large");
}
