//! Reproducibility: the same scenario, seed and replications give
//! byte-identical CSV files whatever the number of threads, and on a repeated
//! run; replication r's results do not depend on how many others were run.

use std::fs;
use std::path::Path;

use crate::common::{Table, manifest, run_ok};

const CSV_FILES: &[&str] = &[
    "runs.csv",
    "timeseries.csv",
    "summary.csv",
    "war_sizes.csv",
    "wars.csv",
];

fn assert_same_files(a: &Path, b: &Path, what: &str) {
    for f in CSV_FILES {
        let left = fs::read(a.join(f)).unwrap();
        let right = fs::read(b.join(f)).unwrap();
        assert!(
            left == right,
            "{what}: {f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

fn threads_do_not_change(scenario: &str, reps: &str, years: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |t: &str| tmp.path().join(format!("threads-{t}"));
    for t in ["1", "2", "3"] {
        run_ok(
            scenario,
            &dir(t),
            &[
                "--seed",
                "2024",
                "--replications",
                reps,
                "--years",
                years,
                "--threads",
                t,
                "--wars",
                "--records",
                "crises,participants,calls,state-years,dyad-years",
            ],
        );
        assert_eq!(manifest(&dir(t))["threads"].to_string(), t);
    }
    // Not vacuous: wars happened, so wars.csv and the war metrics carry data.
    let wars = Table::read(&dir("1").join("wars.csv"));
    assert!(!wars.rows.is_empty(), "{scenario}: no wars to compare");
    assert_same_files(&dir("1"), &dir("2"), &format!("{scenario}, 1 vs 2 threads"));
    assert_same_files(&dir("1"), &dir("3"), &format!("{scenario}, 1 vs 3 threads"));
    assert_eq!(
        manifest(&dir("1"))["scenario_hash"],
        manifest(&dir("3"))["scenario_hash"]
    );
}

#[test]
fn multipolar_is_identical_at_any_thread_count() {
    threads_do_not_change("scenarios/multipolar.toml", "12", "30");
}

#[test]
fn two_blocs_is_identical_at_any_thread_count() {
    threads_do_not_change("scenarios/two-blocs.toml", "12", "80");
}

#[test]
fn a_repeated_run_is_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let args = ["--replications", "8", "--years", "25", "--wars"];
    let first = tmp.path().join("first");
    let second = tmp.path().join("second");
    run_ok("scenarios/multipolar.toml", &first, &args);
    run_ok("scenarios/multipolar.toml", &second, &args);
    assert_same_files(&first, &second, "repeated run");
}

#[test]
fn a_replication_does_not_depend_on_how_many_are_run() {
    let tmp = tempfile::tempdir().unwrap();
    let few = tmp.path().join("few");
    let many = tmp.path().join("many");
    run_ok(
        "scenarios/multipolar.toml",
        &few,
        &["--replications", "3", "--years", "30", "--wars"],
    );
    run_ok(
        "scenarios/multipolar.toml",
        &many,
        &["--replications", "9", "--years", "30", "--wars"],
    );
    let few_runs = Table::read(&few.join("runs.csv"));
    let many_runs = Table::read(&many.join("runs.csv"));
    assert_eq!(few_runs.rows[..], many_runs.rows[..3]);
    let few_wars = Table::read(&few.join("wars.csv"));
    let many_wars = Table::read(&many.join("wars.csv"));
    let first_three: Vec<&Vec<String>> = many_wars
        .rows
        .iter()
        .filter(|r| r[0].parse::<u32>().unwrap() < 3)
        .collect();
    assert_eq!(few_wars.rows.iter().collect::<Vec<_>>(), first_three);
}
