//! Shards and `merge`, with the shards run as plain processes (the Slurm
//! version of the same check is `cluster/slurm-test.sh`): merged outputs are
//! the bytes of a single run for `run`, `compare`, `sweep` and `claims`, and
//! shards that do not belong together are refused with exit code 2 before
//! anything is written.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{deterrence, file_names, manifest};

/// Runs `deterrence ARGS --out OUT -q` and checks it succeeded.
fn ok(args: &[&str], out: &Path) {
    let o = deterrence()
        .args(args)
        .arg("--out")
        .arg(out)
        .arg("-q")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `deterrence merge DIRS --out OUT`, returning its exit code and stderr.
fn merge(dirs: &[PathBuf], out: &Path) -> (i32, String) {
    let o = deterrence()
        .arg("merge")
        .args(dirs)
        .arg("--out")
        .arg(out)
        .arg("-q")
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Runs `args` once whole and as `n` shards, merges the shards (given in
/// reverse order), and checks every file is identical except the manifest,
/// whose aggregate fields must be.
fn merged_equals_single(args: &[&str], n: u64) -> PathBuf {
    let tmp = tempfile::tempdir().unwrap().keep();
    let single = tmp.join("single");
    ok(args, &single);
    let mut shards = Vec::new();
    for k in 1..=n {
        let dir = tmp.join(format!("shard-{k}"));
        let shard = format!("{k}/{n}");
        let mut a = args.to_vec();
        a.extend(["--shard", &shard]);
        ok(&a, &dir);
        assert_eq!(file_names(&dir), ["manifest.json", "shard.bin"]);
        shards.push(dir);
    }
    shards.reverse();
    let merged = tmp.join("merged");
    let (code, err) = merge(&shards, &merged);
    assert_eq!(code, 0, "merge failed: {err}");

    let names = file_names(&single);
    assert_eq!(names, file_names(&merged), "{args:?}: different files");
    for name in names.iter().filter(|n| *n != "manifest.json") {
        let (a, b) = (
            fs::read(single.join(name)).unwrap(),
            fs::read(merged.join(name)).unwrap(),
        );
        assert!(a == b, "{args:?}: {name} differs after merging");
    }
    let (a, b) = (manifest(&single), manifest(&merged));
    for field in [
        "version",
        "scenario_hash",
        "seed",
        "replications",
        "years",
        "scenario",
        "files",
        "command",
    ] {
        assert_eq!(a[field], b[field], "{args:?}: manifest field {field}");
    }
    assert_ne!(a["command_line"], b["command_line"]);
    tmp
}

#[test]
fn a_merged_run_is_byte_identical_to_a_single_run() {
    let tmp = merged_equals_single(
        &[
            "run",
            "scenarios/two-blocs.toml",
            "--replications",
            "23",
            "--years",
            "60",
            "--wars",
            "--records",
            "crises,participants,calls,state-years,dyad-years",
            "--format",
            "svg",
        ],
        3,
    );
    // Not vacuous: the runs had wars, and shards split the replications.
    let wars = fs::read_to_string(tmp.join("single/wars.csv")).unwrap();
    assert!(wars.lines().count() > 10);
    let counts: Vec<u64> = (1..=3)
        .map(|k| {
            manifest(&tmp.join(format!("shard-{k}")))["shard"]["count"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(counts, [8, 8, 7]);
}

#[test]
fn a_merged_calibration_is_byte_identical_to_a_single_one() {
    merged_equals_single(
        &[
            "calibrate",
            "scenarios/two-blocs.toml",
            "--target",
            "targets/cow-1816-1913.csv",
            "--param",
            "model.dispute_rate=0.2:0.6",
            "--param",
            "model.war_persistence=0.3:0.9",
            "--points",
            "6",
            "--replications",
            "9",
            "--years",
            "40",
        ],
        2,
    );
}

#[test]
fn merged_comparisons_sweeps_and_claims_are_byte_identical() {
    merged_equals_single(
        &[
            "compare",
            "scenarios/two-blocs.toml",
            "--replications",
            "12",
            "--years",
            "40",
            "--format",
            "svg",
        ],
        2,
    );
    merged_equals_single(
        &[
            "sweep",
            "scenarios/two-blocs.toml",
            "--param",
            "alliances.*.reliability",
            "--values",
            "0,1",
            "--replications",
            "9",
            "--years",
            "30",
            "--format",
            "svg",
        ],
        4,
    );
    merged_equals_single(
        &[
            "claims",
            "--replications",
            "8",
            "--years",
            "40",
            "--format",
            "svg",
        ],
        3,
    );
}

#[test]
fn merged_claims_across_worlds_are_byte_identical() {
    // Two worlds with alliances and one without: the one without runs nothing.
    merged_equals_single(
        &[
            "claims",
            "scenarios/two-blocs.toml",
            "scenarios/no-alliances.toml",
            "scenarios/europe-1914.toml",
            "--replications",
            "7",
            "--years",
            "30",
            "--format",
            "svg",
        ],
        3,
    );
}

#[test]
fn merged_robustness_is_byte_identical() {
    merged_equals_single(
        &[
            "claims",
            "--robustness",
            "8",
            "--replications",
            "4",
            "--years",
            "30",
            "--format",
            "svg",
        ],
        2,
    );
}

#[test]
fn claims_with_nothing_to_run_merge_too() {
    // Without alliances every claim is "not applicable" and no configuration runs.
    merged_equals_single(
        &[
            "claims",
            "scenarios/no-alliances.toml",
            "--replications",
            "3",
            "--years",
            "10",
            "--format",
            "svg",
        ],
        2,
    );
}

#[test]
fn more_shards_than_replications_leave_some_empty_and_still_merge() {
    merged_equals_single(
        &[
            "run",
            "scenarios/no-alliances.toml",
            "--replications",
            "2",
            "--years",
            "10",
            "--format",
            "svg",
        ],
        4,
    );
}

/// Shards 1..=n of `run two-blocs` with the given extra arguments.
fn shards(tmp: &Path, tag: &str, n: u64, extra: &[&str]) -> Vec<PathBuf> {
    (1..=n)
        .map(|k| {
            let dir = tmp.join(format!("{tag}-{k}"));
            let shard = format!("{k}/{n}");
            let mut a = vec![
                "run",
                "scenarios/two-blocs.toml",
                "--replications",
                "6",
                "--years",
                "10",
                "--shard",
                &shard,
            ];
            a.extend(extra);
            ok(&a, &dir);
            dir
        })
        .collect()
}

fn refused(dirs: &[PathBuf], out: &Path, expected: &str) {
    let (code, err) = merge(dirs, out);
    assert_eq!(code, 2, "expected a refusal ({expected}), got: {err}");
    assert!(err.contains(expected), "{expected:?} not in: {err}");
    assert!(!out.exists(), "a refused merge wrote {}", out.display());
}

#[test]
fn shards_that_do_not_belong_together_are_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let a = shards(t, "a", 3, &[]);
    let seed = shards(t, "seed", 3, &["--seed", "7"]);
    let other = shards(t, "other", 3, &["--set", "alliances.*.reliability=0.2"]);
    let two = shards(t, "two", 2, &[]);
    let out = t.join("merged");

    refused(&a[..2], &out, "missing shard 3/3");
    refused(
        &[a[0].clone(), a[1].clone(), a[1].clone(), a[2].clone()],
        &out,
        "shard 2/3 is given twice",
    );
    refused(
        &[a[0].clone(), seed[1].clone(), a[2].clone()],
        &out,
        "have seeds 42 and 7",
    );
    refused(
        &[a[0].clone(), other[1].clone(), a[2].clone()],
        &out,
        "ran different scenarios",
    );
    refused(
        &[a[0].clone(), two[1].clone()],
        &out,
        "split the replications 3 and 2 ways",
    );
    let (code, err) = merge(&a, &a[1]);
    assert_eq!(code, 2);
    assert!(err.contains("is one of the shards"), "{err}");
    assert_eq!(
        crate::common::file_names(&a[1]),
        ["manifest.json", "shard.bin"]
    );

    // A damaged or cut-short record file.
    let cut = t.join("cut");
    fs::create_dir(&cut).unwrap();
    fs::copy(a[1].join("manifest.json"), cut.join("manifest.json")).unwrap();
    let bytes = fs::read(a[1].join("shard.bin")).unwrap();
    fs::write(cut.join("shard.bin"), &bytes[..bytes.len() - 9]).unwrap();
    refused(
        &[a[0].clone(), cut.clone(), a[2].clone()],
        &out,
        "shard.bin",
    );

    // A manifest claiming an absurd number of shards is refused at once.
    let absurd = t.join("absurd");
    fs::create_dir(&absurd).unwrap();
    fs::copy(a[0].join("shard.bin"), absurd.join("shard.bin")).unwrap();
    let mut m = manifest(&a[0]);
    m["shard"]["of"] = u64::MAX.into();
    fs::write(absurd.join("manifest.json"), m.to_string()).unwrap();
    refused(&[absurd], &out, "and 18446744073709551606 more");

    // A directory that is not a shard.
    let whole = t.join("whole");
    ok(
        &[
            "run",
            "scenarios/two-blocs.toml",
            "--replications",
            "2",
            "--years",
            "5",
        ],
        &whole,
    );
    refused(&[whole], &out, "not a shard");

    // The three good shards do merge.
    assert_eq!(merge(&a, &out).0, 0);
}

#[test]
fn a_scenario_file_changed_since_the_shards_ran_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let file = t.join("world.toml");
    fs::copy(
        crate::common::root().join("scenarios/two-blocs.toml"),
        &file,
    )
    .unwrap();
    let file_arg = file.to_string_lossy().into_owned();
    let dirs: Vec<PathBuf> = (1..=2)
        .map(|k| {
            let dir = t.join(format!("s{k}"));
            let shard = format!("{k}/2");
            ok(
                &[
                    "run",
                    &file_arg,
                    "--replications",
                    "4",
                    "--years",
                    "10",
                    "--shard",
                    &shard,
                ],
                &dir,
            );
            dir
        })
        .collect();
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replacen("reliability = 0.75", "reliability = 0.5", 1),
    )
    .unwrap();
    refused(&dirs, &t.join("merged"), "not those the shards ran with");
    fs::write(&file, text).unwrap();
    assert_eq!(merge(&dirs, &t.join("merged")).0, 0);
}

#[test]
fn a_shard_without_out_gets_its_own_default_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let o = assert_cmd::Command::new(env!("CARGO_BIN_EXE_deterrence"))
        .current_dir(tmp.path())
        .arg("run")
        .arg(crate::common::root().join("scenarios/two-blocs.toml"))
        .args([
            "--replications",
            "3",
            "--years",
            "5",
            "--shard",
            "2/3",
            "-q",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    let m: Value = manifest(&tmp.path().join("output/two-blocs-shard-2-of-3"));
    assert_eq!(m["shard"]["first"], 1);
    assert_eq!(m["shard"]["count"], 1);
}

#[test]
fn bad_shard_arguments_are_usage_errors() {
    for bad in ["0/3", "4/3", "2", "x/y"] {
        deterrence()
            .args(["run", "scenarios/two-blocs.toml", "--shard", bad])
            .assert()
            .code(2);
    }
}

#[test]
fn a_shard_run_into_an_earlier_run_leaves_only_the_shard() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    ok(
        &[
            "run",
            "scenarios/two-blocs.toml",
            "--replications",
            "2",
            "--years",
            "5",
        ],
        &dir,
    );
    assert!(file_names(&dir).len() > 5);
    ok(
        &[
            "run",
            "scenarios/two-blocs.toml",
            "--replications",
            "2",
            "--years",
            "5",
            "--shard",
            "1/2",
        ],
        &dir,
    );
    assert_eq!(file_names(&dir), ["manifest.json", "shard.bin"]);
    assert!(!dir.join("charts").exists());
}

#[test]
fn chart_refuses_a_shard_and_says_to_merge_first() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    ok(
        &[
            "run",
            "scenarios/two-blocs.toml",
            "--replications",
            "2",
            "--years",
            "5",
            "--shard",
            "2/2",
        ],
        &dir,
    );
    let o = deterrence().arg("chart").arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("merge the shards first"));
    assert_eq!(file_names(&dir), ["manifest.json", "shard.bin"]);
}
