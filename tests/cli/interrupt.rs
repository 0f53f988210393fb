//! Interruption: SIGTERM or SIGINT during a long run stops it with exit code
//! 130 and leaves no partial results and no temporary files, whether the
//! output directory was new or held an earlier run.

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use super::common::{all_files, root, run_ok};

/// Starts the binary with `args`, its output on pipes.
fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_deterrence"))
        .current_dir(root())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts")
}

/// Waits until the run has started writing into `out` (its hidden temporary
/// `runs.csv` exists, so the signal handler is installed), then sends `signal`.
/// The deadline only guards against a hang; nothing here measures speed.
fn signal_once_started(child: &mut Child, out: &Path, signal: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    let started = || {
        fs::read_dir(out).is_ok_and(|d| {
            d.flatten().any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".runs.csv.tmp-")
            })
        })
    };
    while !started() {
        if let Some(status) = child.try_wait().expect("wait") {
            panic!("the run ended before it was interrupted: {status}");
        }
        assert!(Instant::now() < deadline, "the run never started writing");
        sleep(Duration::from_millis(20));
    }
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

/// Every file under `dir` with its contents.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    all_files(dir)
        .into_iter()
        .map(|p| {
            let bytes = fs::read(dir.join(&p)).expect("readable");
            (p.to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

fn assert_interrupted(child: Child) {
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "stderr:\n{stderr}");
    assert!(stderr.contains("interrupted"), "stderr:\n{stderr}");
}

const LONG: &[&str] = &["--replications", "100000", "--threads", "2", "--quiet"];

#[test]
fn sigterm_stops_a_run_and_leaves_no_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out_arg = out.to_str().unwrap();
    let mut args = vec![
        "run",
        "scenarios/multipolar.toml",
        "--wars",
        "--out",
        out_arg,
    ];
    args.extend(LONG);
    let mut child = spawn(&args);
    signal_once_started(&mut child, &out, "-TERM");
    assert_interrupted(child);
    // The run made the directory and wrote nothing: it leaves no empty folder.
    assert!(!out.exists(), "{:?}", all_files(&out));
}

#[test]
fn sigint_during_a_rerun_keeps_the_earlier_run_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_ok(
        "scenarios/multipolar.toml",
        &out,
        &["--replications", "3", "--years", "10"],
    );
    let before = snapshot(&out);
    assert!(before.iter().any(|(name, _)| name == "manifest.json"));
    let out_arg = out.to_str().unwrap();
    let mut args = vec!["run", "scenarios/multipolar.toml", "--out", out_arg];
    args.extend(LONG);
    let mut child = spawn(&args);
    signal_once_started(&mut child, &out, "-INT");
    assert_interrupted(child);
    assert_eq!(snapshot(&out), before);
}

#[test]
fn sigterm_stops_a_comparison_without_leaving_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out_arg = out.to_str().unwrap();
    let mut args = vec!["compare", "scenarios/two-blocs.toml", "--out", out_arg];
    args.extend(LONG);
    let mut child = spawn(&args);
    signal_once_started(&mut child, &out, "-TERM");
    assert_interrupted(child);
    assert!(!out.exists(), "{:?}", all_files(&out));
}

#[test]
fn allow_large_runs_a_plan_that_is_otherwise_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out_arg = out.to_str().unwrap();
    let huge = ["--replications", "5000000", "--years", "100000", "--quiet"];
    let mut args = vec!["run", "scenarios/two-blocs.toml", "--out", out_arg];
    args.extend(huge);
    let refused = Command::new(env!("CARGO_BIN_EXE_deterrence"))
        .current_dir(root())
        .args(&args)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(!out.exists());
    // With the flag it starts (and is stopped here).
    args.push("--allow-large");
    let mut child = spawn(&args);
    signal_once_started(&mut child, &out, "-TERM");
    assert_interrupted(child);
}
