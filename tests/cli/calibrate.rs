//! `deterrence calibrate`: a calibration to a target made by the model itself
//! recovers the parameter that made it; its closest point, run again with
//! `run` and measured with `facts DIR`, gives the statistics the calibration
//! computed from its records in memory (the same definitions, bit for bit);
//! thread counts change no byte; bad input exits with 2 and writes nothing.

use std::fs;
use std::path::Path;

use crate::common::{Table, assert_exit, deterrence, num, run_ok, stderr};

fn calibrate(out: &Path, extra: &[&str]) -> std::process::Output {
    deterrence()
        .args(["calibrate", "scenarios/two-blocs.toml", "--quiet", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// The facts of a run of two-blocs with the dispute rate `rate`, as a target.
fn target(dir: &Path, rate: &str) -> std::path::PathBuf {
    let run = dir.join(format!("run-{rate}"));
    run_ok(
        "scenarios/two-blocs.toml",
        &run,
        &[
            "--replications",
            "100",
            "--years",
            "100",
            "--records",
            "crises,participants",
            "--set",
            &format!("model.dispute_rate={rate}"),
        ],
    );
    let facts = dir.join(format!("facts-{rate}"));
    let o = deterrence()
        .arg("facts")
        .arg(&run)
        .arg("--out")
        .arg(&facts)
        .arg("--quiet")
        .output()
        .unwrap();
    assert_exit(&o, 0, "facts of the target run");
    facts.join("facts.csv")
}

#[test]
fn a_calibration_recovers_the_parameter_of_its_target() {
    let tmp = tempfile::tempdir().unwrap();
    let facts = target(tmp.path(), "0.3");
    let out = |t: &str| tmp.path().join(format!("cal-{t}"));
    for threads in ["1", "2"] {
        let o = calibrate(
            &out(threads),
            &[
                "--target",
                facts.to_str().unwrap(),
                "--statistics",
                "dispute_rate",
                "--param",
                "model.dispute_rate=0.1:0.6",
                "--points",
                "25",
                "--replications",
                "100",
                "--years",
                "100",
                "--threads",
                threads,
            ],
        );
        assert_exit(&o, 0, "calibrate");
    }
    let bytes = |t: &str, f: &str| fs::read(out(t).join(f)).unwrap();
    assert_eq!(
        bytes("1", "calibration.csv"),
        bytes("2", "calibration.csv"),
        "calibration.csv at 1 and 2 threads"
    );
    // best.toml differs only in the command line it quotes.
    let table = |t: &str| {
        let text = String::from_utf8(bytes(t, "best.toml")).unwrap();
        text.lines().skip(1).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(table("1"), table("2"));
    // The fit of the closest point against the target, as a chart.
    assert!(out("1").join("charts/fit.svg").is_file());
    // The design's resolution is (0.6 − 0.1) / 25 = 0.02: the closest point
    // is within about one stratum of 0.3.
    let t = Table::read(&out("1").join("calibration.csv"));
    let (d, x) = (t.col("distance"), t.col("model.dispute_rate"));
    let best = t
        .rows
        .iter()
        .min_by(|a, b| num(&a[d]).total_cmp(&num(&b[d])))
        .unwrap();
    let found = num(&best[x]);
    assert!((found - 0.3).abs() < 0.03, "found {found}");
    let accepted = t
        .column("accepted")
        .iter()
        .filter(|a| **a == "true")
        .count();
    assert_eq!(accepted, 3, "10 % of 25 points, rounded up");
    // The closest point, run and measured from its files, gives the same
    // statistics the calibration computed in memory.
    let best_toml = String::from_utf8(bytes("1", "best.toml")).unwrap();
    let value = best_toml
        .lines()
        .find_map(|l| l.strip_prefix("dispute_rate = "))
        .unwrap();
    let again = target(tmp.path(), value);
    let f = Table::read(&again);
    for row in &f.rows {
        let name = &row[0];
        let from_files = &row[f.col("model")];
        let in_memory = &best[t.col(name)];
        assert_eq!(from_files, in_memory, "{name}");
    }
}

#[test]
fn bad_calibrations_are_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let facts = tmp.path().join("facts.csv");
    fs::write(
        &facts,
        "statistic,unit,observed,observed_lo,observed_hi\ndispute_rate,per 100 state-years,9.8,8.9,10.8\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let t = facts.to_str().unwrap();
    for (extra, says) in [
        (
            vec!["--param", "model.dispute_rate=-1:0.5"],
            "model.dispute_rate",
        ),
        (vec!["--param", "model.no_such=0:1"], "no_such"),
        (
            vec!["--param", "model.dispute_rate=0.5:0.2"],
            "from low to high",
        ),
        (
            vec![
                "--param",
                "model.dispute_rate=0.2:0.5",
                "--statistics",
                "war_speed",
            ],
            "unknown statistic \"war_speed\"",
        ),
        (
            vec![
                "--param",
                "model.dispute_rate=0.2:0.5",
                "--statistics",
                "war_rate",
            ],
            "no war_rate with a value and an interval",
        ),
    ] {
        let mut args = vec!["--target", t, "--points", "4"];
        args.extend(extra);
        let o = calibrate(&out, &args);
        assert_exit(&o, 2, says);
        assert!(stderr(&o).contains(says), "{says}: {}", stderr(&o));
    }
    // A target that is not a facts.csv.
    fs::write(&facts, "name,value\nx,1\n").unwrap();
    let o = calibrate(
        &out,
        &["--target", t, "--param", "model.dispute_rate=0.2:0.5"],
    );
    assert_exit(&o, 2, "not a facts.csv");
    assert!(stderr(&o).contains("statistic"), "{}", stderr(&o));
    assert!(!out.exists(), "nothing is written");
}

/// Several worlds are pooled: every point runs each, and the statistics are
/// those of all their disputes together. A world given twice is the same
/// sample twice, so every rate, share, mean and median (and so every
/// distance) is that of the world alone, to the last digit.
#[test]
fn worlds_are_pooled_and_a_world_twice_is_the_world_once() {
    let tmp = tempfile::tempdir().unwrap();
    let facts = target(tmp.path(), "0.3");
    let args = |out: &Path, files: &[&str]| {
        let o = deterrence()
            .arg("calibrate")
            .args(files)
            .args(["--quiet", "--target"])
            .arg(&facts)
            .args([
                "--param",
                "model.dispute_rate=0.1:0.6",
                "--points",
                "6",
                "--replications",
                "20",
                "--years",
                "40",
                "--out",
            ])
            .arg(out)
            .output()
            .unwrap();
        assert_exit(&o, 0, &format!("calibrate {files:?}"));
        fs::read(out.join("calibration.csv")).unwrap()
    };
    let once = args(&tmp.path().join("once"), &["scenarios/two-blocs.toml"]);
    let twice = args(
        &tmp.path().join("twice"),
        &["scenarios/two-blocs.toml", "scenarios/two-blocs.toml"],
    );
    assert_eq!(once, twice);
    // Another world changes the pooled statistics.
    let two = args(
        &tmp.path().join("two"),
        &["scenarios/two-blocs.toml", "scenarios/multipolar.toml"],
    );
    assert_ne!(once, two);
}
