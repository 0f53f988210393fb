//! `deterrence list`: every shipped scenario with its name and description;
//! `--dir` lists another directory and marks invalid files; a missing
//! directory is bad input.

use std::fs;

use predicates::prelude::*;

use crate::common::{assert_exit, deterrence, root, shipped_scenarios, stdout};

/// The `name` and `description` lines of a scenario file, read naively.
fn name_and_description(text: &str) -> (String, String) {
    let value = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
            .and_then(|rest| rest.strip_suffix('"'))
            .unwrap_or_else(|| panic!("no {key} line"))
            .to_string()
    };
    (value("name"), value("description"))
}

#[test]
fn lists_every_shipped_scenario_with_its_name() {
    let output = deterrence().arg("list").output().unwrap();
    assert_exit(&output, 0, "list");
    let text = stdout(&output);
    for file in shipped_scenarios() {
        let (name, description) =
            name_and_description(&fs::read_to_string(root().join(&file)).unwrap());
        let line = text
            .lines()
            .find(|l| l.starts_with(file.to_str().unwrap()))
            .unwrap_or_else(|| panic!("{} is not listed:\n{text}", file.display()));
        assert!(line.ends_with(&name), "{line:?} does not end with {name:?}");
        assert!(
            text.contains(&description),
            "no description of {}",
            file.display()
        );
    }
    assert!(!text.contains("not valid"), "{text}");
}

#[test]
fn lists_another_directory_and_marks_invalid_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        root().join("scenarios/two-blocs.toml"),
        dir.path().join("a.toml"),
    )
    .unwrap();
    fs::write(dir.path().join("b.toml"), "name = \n").unwrap();
    fs::write(dir.path().join("notes.txt"), "not a scenario").unwrap();
    let output = deterrence()
        .arg("list")
        .arg("--dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_exit(&output, 0, "list --dir");
    let text = stdout(&output);
    let a = text
        .lines()
        .find(|l| l.contains("a.toml"))
        .expect("a.toml listed");
    assert!(a.ends_with("Two blocs"), "{a}");
    let b = text
        .lines()
        .find(|l| l.contains("b.toml"))
        .expect("b.toml listed");
    assert!(b.contains("not valid"), "{b}");
    assert!(!text.contains("notes.txt"), "{text}");
}

#[test]
fn a_missing_directory_is_bad_input() {
    deterrence()
        .args(["list", "--dir", "no/such/dir"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::starts_with("error: ").and(predicate::str::contains("no/such/dir")),
        );
}

#[cfg(unix)]
#[test]
fn output_cut_short_by_a_closed_pipe_ends_quietly() {
    // `deterrence list | head -1` over enough files to overflow the pipe's buffer.
    let tmp = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(crate::common::root().join("scenarios/two-blocs.toml")).unwrap();
    for i in 0..600 {
        std::fs::write(tmp.path().join(format!("s{i:04}.toml")), &text).unwrap();
    }
    let script = format!(
        "{} list --dir {} | head -1 >/dev/null",
        env!("CARGO_BIN_EXE_deterrence"),
        tmp.path().display()
    );
    let o = std::process::Command::new("sh")
        .args(["-c", &script])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
}
