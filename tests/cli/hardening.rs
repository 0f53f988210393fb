//! Hostile input and a shared output directory: deep or huge override paths,
//! planted links, files of other people and of other commands, runs that fail
//! or are killed half-way, concurrent runs, absurd thread counts and amounts,
//! names in any script, and readers pointed at devices. Each test reproduces
//! one way the tool could be made to crash, hang, exhaust the machine, mix
//! results or damage a file that is not its own.

use std::fs;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use super::common::{
    SMALL, assert_exit, deterrence, entries, manifest, root, run_ok, run_raw, stderr,
};

/// A copy of `two-blocs` with `extra` appended, written into `dir`.
fn scenario_with(dir: &Path, name: &str, extra: &str) -> String {
    let text = fs::read_to_string(root().join("scenarios/two-blocs.toml")).unwrap();
    let path = dir.join(name);
    fs::write(&path, format!("{text}\n{extra}")).unwrap();
    path.to_string_lossy().into_owned()
}

/// Runs the binary with an address-space limit, so memory that grows with the
/// input fails the test instead of the machine.
fn limited(args: &[&str], bytes: u64) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_deterrence"));
    cmd.current_dir(root()).args(args);
    // SAFETY: setrlimit is async-signal-safe and only touches the child.
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("the binary starts")
}

#[test]
fn deep_override_paths_are_refused_not_a_stack_overflow() {
    let tmp = tempfile::tempdir().unwrap();
    let key = vec!["a"; 30_000].join(".");
    let file = scenario_with(
        tmp.path(),
        "deep.toml",
        &format!("[[variants]]\nname = \"deep\"\nset = {{ \"{key}\" = 1 }}\n"),
    );
    let out = tmp.path().join("out");
    for args in [
        vec!["validate", file.as_str()],
        vec!["run", file.as_str(), "--out", out.to_str().unwrap()],
    ] {
        let o = deterrence().args(&args).output().unwrap();
        assert_exit(&o, 2, &args.join(" "));
        let err = stderr(&o);
        assert!(
            err.contains("the path is 59999 characters long; at most 256"),
            "{err}"
        );
        assert!(
            err.len() < 1000,
            "the message echoes the hostile path: {} bytes",
            err.len()
        );
    }
    assert!(!out.exists());
    // `list` reads the same file and reports it without crashing.
    let o = deterrence()
        .args(["list", "--dir", tmp.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!stderr(&o).contains("overflow"), "{}", stderr(&o));
    assert!(o.status.code() == Some(0) || o.status.code() == Some(2));
    // The same path on the command line.
    let o = deterrence()
        .args([
            "validate",
            "scenarios/two-blocs.toml",
            "--set",
            &format!("{key}=1"),
        ])
        .output()
        .unwrap();
    assert_exit(&o, 2, "--set with a deep path");
    // At the limit of steps, a path is read (and refused as an unknown key).
    let o = deterrence()
        .args([
            "validate",
            "scenarios/two-blocs.toml",
            "--set",
            &format!("{}=1", vec!["a"; 17].join(".")),
        ])
        .output()
        .unwrap();
    assert_exit(&o, 2, "--set with 17 steps");
    assert!(stderr(&o).contains("more than 16 steps"), "{}", stderr(&o));
}

#[test]
fn memory_stays_linear_in_the_size_of_a_hostile_scenario() {
    // 400 KB of deep keys took 2 GB before; now it is refused within 200 MB.
    let tmp = tempfile::tempdir().unwrap();
    let key = vec!["a"; 40_000].join(".");
    let mut extra = String::new();
    for i in 0..5 {
        extra.push_str(&format!(
            "[[variants]]\nname = \"v{i}\"\nset = {{ \"{key}\" = 1 }}\n"
        ));
    }
    let file = scenario_with(tmp.path(), "huge.toml", &extra);
    assert!(fs::metadata(&file).unwrap().len() > 400_000);
    let o = limited(&["validate", &file], 200 << 20);
    assert_exit(&o, 2, "a 400 KB scenario of deep keys");
    // Too many variants, and a file larger than any scenario needs, are refused too.
    let many: String = (0..1001)
        .map(|i| format!("[[variants]]\nname = \"v{i}\"\nset = {{ \"model.stakes\" = 0.3 }}\n"))
        .collect();
    let file = scenario_with(tmp.path(), "many.toml", &many);
    let o = limited(&["validate", &file], 200 << 20);
    assert_exit(&o, 2, "1003 variants");
    assert!(
        stderr(&o).contains("at most 1000 variants, found 1003"),
        "{}",
        stderr(&o)
    );
    let big = tmp.path().join("big.toml");
    let f = fs::File::create(&big).unwrap();
    f.set_len(65 << 20).unwrap();
    let o = limited(&["validate", big.to_str().unwrap()], 200 << 20);
    assert_exit(&o, 2, "a 65 MiB file");
    assert!(
        stderr(&o).contains("the file is 65 MiB and at most 64 MiB are read"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn devices_and_pipes_are_refused_without_waiting() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("fifo.toml");
    assert!(
        StdCommand::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for file in [Path::new("/dev/zero"), fifo.as_path()] {
        let o = limited(&["validate", file.to_str().unwrap()], 200 << 20);
        assert_exit(&o, 2, &file.display().to_string());
        assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    }
    // `chart` on a run whose table is a link to a device.
    let out = tmp.path().join("run");
    run_ok("scenarios/two-blocs.toml", &out, SMALL);
    fs::remove_file(out.join("timeseries.csv")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", out.join("timeseries.csv")).unwrap();
    let o = limited(&["chart", out.to_str().unwrap(), "--quiet"], 400 << 20);
    assert_exit(&o, 2, "chart with a table linked to /dev/zero");
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
}

#[test]
fn planted_links_never_redirect_a_write() {
    let tmp = tempfile::tempdir().unwrap();
    let victim = tmp.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    // A directory holding only links named like temporary files is not empty.
    let out = tmp.path().join("planted");
    fs::create_dir(&out).unwrap();
    for name in ["runs.csv", "summary.csv", "manifest.json"] {
        for pid in 1..50 {
            std::os::unix::fs::symlink(&victim, out.join(format!(".{name}.tmp-{pid}"))).unwrap();
        }
    }
    let o = run_raw("scenarios/two-blocs.toml", &out, SMALL);
    assert_exit(&o, 2, "a directory of planted links");
    assert!(
        stderr(&o).contains("holds files that are not a deterrence run"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    // A link planted under a result's own name in an earlier run's directory
    // is replaced by the result, its target untouched.
    let out = tmp.path().join("run");
    run_ok("scenarios/two-blocs.toml", &out, SMALL);
    fs::remove_file(out.join("summary.csv")).unwrap();
    std::os::unix::fs::symlink(&victim, out.join("summary.csv")).unwrap();
    run_ok("scenarios/two-blocs.toml", &out, SMALL);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        !fs::symlink_metadata(out.join("summary.csv"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn experiments_remove_only_their_own_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("shared");
    run_ok("scenarios/two-blocs.toml", &out, SMALL);
    fs::write(out.join("charts/onset-annotated.png"), "a teacher's slide").unwrap();
    fs::write(out.join("README.txt"), "notes").unwrap();
    let o = deterrence()
        .args(["compare", "scenarios/two-blocs.toml", "--quiet", "--out"])
        .arg(&out)
        .args(SMALL)
        .output()
        .unwrap();
    assert_exit(&o, 0, "compare into a run's directory");
    // The user's files stay; the run's tables and charts, which compare does not
    // write, are gone, so no stale result sits beside the comparison.
    assert!(out.join("charts/onset-annotated.png").exists());
    assert!(out.join("README.txt").exists());
    for stale in [
        "timeseries.csv",
        "summary.csv",
        "war_sizes.csv",
        "charts/map.png",
    ] {
        assert!(
            !out.join(stale).exists(),
            "{stale} left beside the comparison"
        );
    }
    let listed: Vec<String> = manifest(&out)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    for f in &listed {
        assert!(out.join(f).exists(), "{f} is listed but missing");
    }
    // A `charts` link is refused; the folder it points to keeps its files.
    let elsewhere = tmp.path().join("slides");
    fs::create_dir(&elsewhere).unwrap();
    fs::write(elsewhere.join("lecture.png"), "mine").unwrap();
    fs::remove_dir_all(out.join("charts")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("charts")).unwrap();
    for cmd in ["compare", "claims"] {
        let o = deterrence()
            .args([cmd, "scenarios/two-blocs.toml", "--quiet", "--out"])
            .arg(&out)
            .args(SMALL)
            .output()
            .unwrap();
        assert_exit(&o, 2, &format!("{cmd} with a linked charts/"));
        assert!(
            stderr(&o).contains("is not a directory of its own"),
            "{}",
            stderr(&o)
        );
        assert_eq!(entries(&elsewhere), vec!["lecture.png"]);
    }
}

#[test]
fn a_failed_run_leaves_a_directory_the_next_run_takes_over() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    run_ok("scenarios/two-blocs.toml", &out, SMALL);
    // `charts` becomes a file: the run writes its tables, then fails at the charts.
    fs::remove_dir_all(out.join("charts")).unwrap();
    fs::write(out.join("charts"), "in the way").unwrap();
    let o = run_raw(
        "scenarios/two-blocs.toml",
        &out,
        &["--replications", "5", "--years", "20"],
    );
    assert_ne!(o.status.code(), Some(0));
    assert!(
        !out.join("manifest.json").exists(),
        "a failed run passes for a finished one"
    );
    // The cause is fixed; the next run is accepted and finishes the directory.
    fs::remove_file(out.join("charts")).unwrap();
    run_ok("scenarios/two-blocs.toml", &out, SMALL);
    assert_eq!(manifest(&out)["replications"], 4);
    assert!(!out.join(".deterrence-journal").exists());
}

#[test]
fn a_second_run_into_a_busy_directory_is_refused_and_names_the_first() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("busy");
    let mut first = StdCommand::new(env!("CARGO_BIN_EXE_deterrence"))
        .current_dir(root())
        .args([
            "run",
            "scenarios/two-blocs.toml",
            "--quiet",
            "--replications",
            "1000000",
            "--seed",
            "1",
            "--out",
        ])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lock = out.join(".deterrence.lock");
    let deadline = Instant::now() + Duration::from_secs(120);
    while !fs::read_to_string(&lock).is_ok_and(|t| t.contains("pid")) {
        assert!(
            first.try_wait().unwrap().is_none(),
            "the first run ended early"
        );
        assert!(
            Instant::now() < deadline,
            "the first run never locked its directory"
        );
        sleep(Duration::from_millis(20));
    }
    let o = run_raw(
        "scenarios/two-blocs.toml",
        &out,
        &["--seed", "2", "--replications", "4"],
    );
    assert_exit(&o, 2, "a second run into a busy directory");
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "is in use by another deterrence run (pid {}: ",
            first.id()
        )),
        "{err}"
    );
    assert!(err.contains("--seed 1"), "{err}");
    // Killed outright, the first run releases the lock with its process.
    first.kill().unwrap();
    first.wait().unwrap();
    run_ok("scenarios/two-blocs.toml", &out, SMALL);
    assert_eq!(manifest(&out)["seed"], 42);
}

#[test]
fn thread_counts_are_bounded_before_any_work() {
    for n in ["65535", "10000", "1000"] {
        let o = deterrence()
            .args([
                "run",
                "scenarios/two-blocs.toml",
                "--threads",
                n,
                "--out",
                "/nonexistent/x",
            ])
            .output()
            .unwrap();
        assert_exit(&o, 2, &format!("--threads {n}"));
        let err = stderr(&o);
        assert!(err.contains(&format!("--threads {n}: at most")), "{err}");
        assert_eq!(
            err.matches("--threads").count(),
            1,
            "said more than once: {err}"
        );
    }
}

#[test]
fn names_in_any_script_get_their_own_directories() {
    let tmp = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(root().join("scenarios/two-blocs.toml")).unwrap();
    let first_line = text.lines().find(|l| l.starts_with("name = ")).unwrap();
    let names = ["Война и мир", "戦争と平和", "الحرب والسلام", "战争与和平"];
    for (i, name) in names.iter().enumerate() {
        let file = tmp.path().join(format!("{i}.toml"));
        fs::write(
            &file,
            text.replacen(first_line, &format!("name = \"{name}\""), 1),
        )
        .unwrap();
        let o = deterrence()
            .current_dir(tmp.path())
            .args(["run", file.to_str().unwrap(), "--quiet"])
            .args(SMALL)
            .output()
            .unwrap();
        assert_exit(&o, 0, name);
    }
    let dirs = entries(&tmp.path().join("output"));
    assert_eq!(dirs.len(), names.len(), "{dirs:?}");
    assert!(dirs.contains(&"voyna-i-mir".to_string()), "{dirs:?}");
}

#[test]
fn import_cow_never_overwrites_unasked_and_never_its_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = root().join("tests/fixtures/cow");
    let input = |name: &str| fx.join(name).to_string_lossy().into_owned();
    let base = |out: &Path| {
        let mut cmd = deterrence();
        cmd.args(["import-cow", "--year", "1914", "--majors"])
            .args(["--nmc", &input("nmc.csv")])
            .args(["--alliances", &input("alliances.csv")])
            .args(["--contiguity", &input("contdird.csv")])
            .args(["--states", &input("states.csv")])
            .args(["--majors-file", &input("majors.csv")])
            .arg("--out")
            .arg(out);
        cmd
    };
    let out = tmp.path().join("world.toml");
    fs::write(&out, "my own scenario").unwrap();
    let o = base(&out).output().unwrap();
    assert_exit(&o, 2, "import-cow onto an existing file");
    assert!(
        stderr(&o).contains("exists; give --force to replace it"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), "my own scenario");
    let o = base(&out).arg("--force").output().unwrap();
    assert_exit(&o, 0, "import-cow --force");
    // One of its inputs, even with --force, and even through a link.
    let copy = tmp.path().join("nmc.csv");
    fs::copy(fx.join("nmc.csv"), &copy).unwrap();
    let before = fs::read(&copy).unwrap();
    let link = tmp.path().join("link.toml");
    std::os::unix::fs::symlink(&copy, &link).unwrap();
    for target in [&copy, &link] {
        let mut cmd = deterrence();
        cmd.args(["import-cow", "--year", "1914", "--majors", "--force"])
            .arg("--nmc")
            .arg(&copy)
            .args(["--alliances", &input("alliances.csv")])
            .args(["--contiguity", &input("contdird.csv")])
            .args(["--states", &input("states.csv")])
            .args(["--majors-file", &input("majors.csv")])
            .arg("--out")
            .arg(target);
        let o = cmd.output().unwrap();
        assert_exit(&o, 2, "import-cow onto its input");
        assert!(stderr(&o).contains("is the input file"), "{}", stderr(&o));
        assert_eq!(fs::read(&copy).unwrap(), before);
    }
}

#[test]
fn absurd_amounts_are_refused_and_long_runs_keep_correct_shares() {
    let tmp = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(root().join("scenarios/two-blocs.toml")).unwrap();
    let cap = text
        .lines()
        .find(|l| l.starts_with("capability = "))
        .unwrap();
    let file = tmp.path().join("absurd.toml");
    fs::write(&file, text.replacen(cap, "capability = 1.7e308", 1)).unwrap();
    let o = deterrence()
        .args(["validate", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_exit(&o, 2, "capability 1.7e308");
    assert!(
        stderr(&o).contains("capability: expected a number > 0 and at most 1e100"),
        "{}",
        stderr(&o)
    );
    // The largest amounts allowed, grown for long enough to overflow without
    // rescaling: every share stays a share.
    fs::write(&file, text.replace(cap, "capability = 1e100")).unwrap();
    let out = tmp.path().join("long");
    run_ok(
        file.to_str().unwrap(),
        &out,
        &[
            "--replications",
            "2",
            "--years",
            "3000",
            "--set",
            "model.growth=0.5",
            "--format",
            "svg",
        ],
    );
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    let row = summary
        .lines()
        .find(|l| l.starts_with("largest_power_share,"))
        .unwrap();
    let mean: f64 = row.split(',').nth(1).unwrap().parse().unwrap();
    assert!(mean > 0.0 && mean <= 1.0, "{row}");
}

#[test]
fn messages_name_the_field_and_the_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(root().join("scenarios/multipolar.toml")).unwrap();
    let file = tmp.path().join("seed.toml");
    fs::write(
        &file,
        text.replacen("seed = 7", "seed = 18446744073709551615", 1),
    )
    .unwrap();
    let o = deterrence()
        .args(["validate", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_exit(&o, 2, "a seed of 2^64-1");
    assert!(
        stderr(&o).contains(":23:8: generate.seed: the whole number is out of range"),
        "{}",
        stderr(&o)
    );
    let o = deterrence()
        .args([
            "validate",
            "scenarios/multipolar.toml",
            "--set",
            "generate.seed=18446744073709551615",
        ])
        .output()
        .unwrap();
    assert!(
        stderr(&o).contains("18446744073709551615 is out of range"),
        "{}",
        stderr(&o)
    );
    // A dangling --out.
    let link = tmp.path().join("out");
    std::os::unix::fs::symlink(tmp.path().join("gone"), &link).unwrap();
    let o = run_raw("scenarios/two-blocs.toml", &link, SMALL);
    assert_exit(&o, 2, "a dangling --out");
    assert!(
        stderr(&o).contains("is a link to") && stderr(&o).contains("which does not exist"),
        "{}",
        stderr(&o)
    );
    // A mistake in the base of a file with variants is reported once, not once per variant.
    let file = tmp.path().join("typo.toml");
    fs::write(
        &file,
        fs::read_to_string(root().join("scenarios/europe-1914.toml"))
            .unwrap()
            .replacen("[simulation]", "[simulation]\nyaers = 3", 1),
    )
    .unwrap();
    let o = deterrence()
        .args(["validate", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(stderr(&o).matches("yaers").count(), 1, "{}", stderr(&o));
}

#[test]
fn a_mistyped_metric_gets_a_suggestion() {
    for (asked, meant) in [
        ("war_onset", "war_onset_rate"),
        ("honor_rate", "honour_rate"),
    ] {
        let o = deterrence()
            .args(["compare", "scenarios/two-blocs.toml", "--metric", asked])
            .args(SMALL)
            .args(["--out", "/nonexistent/never"])
            .output()
            .unwrap();
        assert_exit(&o, 2, asked);
        assert!(
            stderr(&o).contains(&format!(
                "--metric {asked}: no such metric; did you mean {meant}?"
            )),
            "{}",
            stderr(&o)
        );
    }
}
