//! The output directory's promises: what it accepts, what it refuses, what it
//! removes (only its own files) and what a killed run leaves for the next.

use super::*;

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const MANIFEST: &[u8] = br#"{"tool": "deterrence", "files": ["runs.csv", "manifest.json"]}"#;

/// A finished run of `files` in `dir`, as the tool leaves it.
fn finished_run(dir: &Path, files: &[&str]) {
    let out = OutputDir::open(dir, "test").unwrap();
    for f in files {
        out.write(f, f.as_bytes()).unwrap();
    }
    let list: Vec<String> = files
        .iter()
        .map(|f| format!("{f:?}"))
        .chain([format!("{MANIFEST_FILE:?}")])
        .collect();
    let manifest = format!(
        r#"{{"tool": "deterrence", "files": [{}]}}"#,
        list.join(", ")
    );
    out.finish(manifest.as_bytes()).unwrap();
}

#[test]
fn creates_missing_directories_with_parents() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("output").join("two-blocs");
    finished_run(&out, &["runs.csv"]);
    assert_eq!(names_in(&out), vec![MANIFEST_FILE, "runs.csv"]);
}

#[test]
fn a_run_that_writes_nothing_leaves_no_empty_folder() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("two-blocs");
    drop(OutputDir::open(&out, "test").unwrap());
    assert!(!out.exists());
    // A directory that was there before stays.
    fs::create_dir(&out).unwrap();
    drop(OutputDir::open(&out, "test").unwrap());
    assert!(out.is_dir());
}

#[test]
fn replacing_removes_only_the_earlier_runs_files() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path();
    finished_run(dir, &["runs.csv", "timeseries.csv", "charts/onset.png"]);
    // A user's own files beside the results, at the top and among the charts.
    fs::write(dir.join("notes.md"), "my notes").unwrap();
    fs::write(dir.join("charts/onset-annotated.png"), "mine").unwrap();
    finished_run(dir, &["runs.csv", "comparison.csv"]);
    assert_eq!(
        names_in(dir),
        vec![
            "charts",
            "comparison.csv",
            MANIFEST_FILE,
            "notes.md",
            "runs.csv"
        ]
    );
    assert_eq!(names_in(&dir.join("charts")), vec!["onset-annotated.png"]);
}

#[test]
fn a_killed_run_leaves_a_journal_the_next_run_recognises() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path();
    finished_run(dir, &["runs.csv", "summary.csv"]);
    {
        // Killed after its first file: the old manifest is gone, the journal names
        // both the earlier run's files and the new one.
        let out = OutputDir::open(dir, "test").unwrap();
        out.write("war_sizes.csv", b"x").unwrap();
        drop(out);
    }
    assert!(!dir.join(MANIFEST_FILE).exists());
    let journal = fs::read_to_string(dir.join(JOURNAL_FILE)).unwrap();
    assert_eq!(
        journal,
        "manifest.json\nruns.csv\nsummary.csv\nwar_sizes.csv\n"
    );
    // The next run is accepted and removes what neither it nor a user wrote.
    finished_run(dir, &["claims.csv"]);
    assert_eq!(names_in(dir), vec!["claims.csv", MANIFEST_FILE]);
}

#[test]
fn a_failed_run_with_files_but_no_manifest_is_recognised() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path();
    {
        let out = OutputDir::open(dir, "test").unwrap();
        out.write("runs.csv", b"x").unwrap();
        // An error ends the run here: `finish` is never called.
    }
    assert!(dir.join(JOURNAL_FILE).exists());
    finished_run(dir, &["summary.csv"]);
    assert_eq!(names_in(dir), vec![MANIFEST_FILE, "summary.csv"]);
}

#[test]
fn debris_of_killed_runs_is_removed_but_planted_links_are_foreign() {
    let root = tempfile::tempdir().unwrap();
    fs::write(root.path().join(".runs.csv.tmp-4242"), "partial").unwrap();
    finished_run(root.path(), &["runs.csv"]);
    assert!(!root.path().join(".runs.csv.tmp-4242").exists());
    #[cfg(unix)]
    {
        let root = tempfile::tempdir().unwrap();
        let victim = root.path().join("victim");
        fs::write(&victim, "precious").unwrap();
        let out = root.path().join("out");
        fs::create_dir(&out).unwrap();
        std::os::unix::fs::symlink(&victim, out.join(".runs.csv.tmp-4242")).unwrap();
        let err = OutputDir::open(&out, "test").unwrap_err();
        assert!(matches!(err, OutputError::ForeignDirectory { .. }), "{err}");
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
    }
}

#[test]
fn refuses_foreign_directories() {
    let cases: [(&str, &str); 5] = [
        ("notes.txt", "my thesis"),
        (MANIFEST_FILE, r#"{"tool": "something-else"}"#),
        (MANIFEST_FILE, r#"{"name": "deterrence"}"#),
        (MANIFEST_FILE, "not json at all"),
        (MANIFEST_FILE, r#"["deterrence"]"#),
    ];
    for (name, contents) in cases {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join(name), contents).unwrap();
        let err = OutputDir::open(root.path(), "test").unwrap_err();
        assert!(
            matches!(err, OutputError::ForeignDirectory { .. }),
            "{name}: {err}"
        );
        let msg = err.to_string();
        assert!(msg.contains(&root.path().display().to_string()), "{msg}");
        assert!(
            msg.ends_with("holds files that are not a deterrence run; choose another --out"),
            "{msg}"
        );
        assert_eq!(
            fs::read_to_string(root.path().join(name)).unwrap(),
            contents
        );
    }
    let _ = MANIFEST;
}

#[test]
fn refuses_a_directory_named_like_the_manifest() {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir(root.path().join(MANIFEST_FILE)).unwrap();
    let err = OutputDir::open(root.path(), "test").unwrap_err();
    assert!(matches!(err, OutputError::ForeignDirectory { .. }), "{err}");
}

#[test]
fn refuses_an_existing_file() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("results");
    fs::write(&file, "x").unwrap();
    let err = OutputDir::open(&file, "test").unwrap_err();
    assert!(matches!(err, OutputError::NotADirectory { .. }), "{err}");
    assert!(err.to_string().contains("choose another --out"));
    assert_eq!(fs::read(&file).unwrap(), b"x");
}

#[test]
fn reports_a_parent_that_is_a_file() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("results");
    fs::write(&file, "x").unwrap();
    let err = OutputDir::open(&file.join("run"), "test").unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains(&file.join("run").display().to_string()),
        "{msg}"
    );
}

#[test]
fn a_second_run_into_a_busy_directory_is_refused_with_the_first_named() {
    let root = tempfile::tempdir().unwrap();
    let first = OutputDir::open(root.path(), "deterrence run scenarios/two-blocs.toml").unwrap();
    let err = OutputDir::open(root.path(), "deterrence run other.toml").unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, OutputError::Busy { .. }), "{msg}");
    assert!(
        msg.contains(&format!(
            "in use by another deterrence run (pid {}: deterrence run scenarios/two-blocs.toml)",
            std::process::id()
        )),
        "{msg}"
    );
    drop(first);
    // Released with the first run: the directory can be used again.
    drop(OutputDir::open(root.path(), "again").unwrap());
}

#[cfg(unix)]
#[test]
fn links_are_never_followed_into_other_places() {
    use std::os::unix::fs::symlink;
    // A dangling --out says what it is.
    let root = tempfile::tempdir().unwrap();
    let link = root.path().join("out");
    symlink(root.path().join("nowhere"), &link).unwrap();
    let err = OutputDir::open(&link, "test").unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("is a link to"), "{msg}");
    assert!(msg.contains("which does not exist"), "{msg}");

    // A `charts` link is refused, and the folder it points to keeps its files.
    let elsewhere = root.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    fs::write(elsewhere.join("thesis.png"), "mine").unwrap();
    let out = root.path().join("run");
    finished_run(&out, &["runs.csv"]);
    symlink(&elsewhere, out.join("charts")).unwrap();
    let o = OutputDir::open(&out, "test").unwrap();
    let err = o.write("charts/map.png", b"png").unwrap_err();
    assert!(
        matches!(err, OutputError::LinkedSubdirectory { .. }),
        "{err}"
    );
    drop(o);
    assert_eq!(names_in(&elsewhere), vec!["thesis.png"]);

    // A lock file or journal planted as a link is not followed either.
    let out = root.path().join("planted");
    fs::create_dir(&out).unwrap();
    let victim = root.path().join("victim");
    fs::write(&victim, "precious").unwrap();
    symlink(&victim, out.join(LOCK_FILE)).unwrap();
    drop(OutputDir::open(&out, "test"));
    assert_eq!(fs::read(&victim).unwrap(), b"precious");
}

#[cfg(unix)]
#[test]
fn a_directory_of_another_user_is_refused() {
    use std::os::unix::fs::MetadataExt;
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("theirs");
    fs::create_dir(&out).unwrap();
    let path = std::ffi::CString::new(out.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; chown touches nothing else.
    if unsafe { libc::chown(path.as_ptr(), 65534, 65534) } != 0 {
        // Only root can give a directory away; elsewhere there is nothing to test.
        return;
    }
    assert_eq!(fs::metadata(&out).unwrap().uid(), 65534);
    let err = OutputDir::open(&out, "test").unwrap_err();
    assert!(
        err.to_string()
            .contains("belongs to another user (uid 65534)"),
        "{err}"
    );
}

#[test]
fn names_that_lead_elsewhere_are_refused() {
    let root = tempfile::tempdir().unwrap();
    let out = OutputDir::open(root.path(), "test").unwrap();
    for bad in ["../x", "/etc/passwd", "a/b/c", "", "charts/..", "./x"] {
        assert!(out.write(bad, b"x").is_err(), "{bad}");
    }
}
