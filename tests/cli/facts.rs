//! `deterrence facts --cow DIR`: the hand-counted fixture in `tests/fixtures/mid/`
//! gives its hand-counted statistics; the real Correlates of War files beside
//! the repository (`../shared/data/cow`, skipped when absent) give the published
//! figures for 1816–2010; the same files and seed give the same bytes; bad input
//! (a missing file, a file of another version, a period that runs backward)
//! exits with 2, names what is wrong, and writes nothing. `facts DIR` on a run
//! counts what its record files hold, and sets it beside history with `--cow`.

use std::fs;
use std::path::PathBuf;

use crate::common::{Table, assert_exit, deterrence, num, root, run_ok, stderr, stdout};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/mid")
}

/// `deterrence facts --cow COW --out OUT EXTRA…`.
fn facts(cow: &std::path::Path, out: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let cow = cow.to_str().unwrap();
    facts_of_run(None, out, &[&["--cow", cow][..], extra].concat())
}

/// The observed value of `name` in a `facts.csv`.
fn observed(t: &Table, name: &str) -> f64 {
    let row = t
        .rows
        .iter()
        .find(|r| r[0] == name)
        .unwrap_or_else(|| panic!("no {name}"));
    num(&row[t.col("observed")])
}

#[test]
fn the_fixture_gives_its_hand_counted_statistics() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("f");
    let o = facts(&fixtures(), &out, &["--from", "1900", "--to", "1901"]);
    assert_exit(&o, 0, "facts on the fixture");
    let text = stdout(&o);
    assert!(
        text.contains("1900–1901: 4 state-years, 3 militarized disputes, 2 at war level"),
        "{text}"
    );
    let t = Table::read(&out.join("facts.csv"));
    assert_eq!(
        t.header,
        [
            "statistic",
            "unit",
            "observed",
            "observed_lo",
            "observed_hi"
        ]
    );
    for (name, want) in [
        ("dispute_rate", 75.0),
        ("war_rate", 50.0),
        ("war_share", 2.0 / 3.0),
        ("level_2_share", 1.0 / 3.0),
        ("war_size_2_share", 0.5),
        ("war_size_3_4_share", 0.5),
        ("war_size_mean", 2.5),
        ("war_joiner_share", 0.5),
        ("war_duration_mean", 2.5),
    ] {
        assert!((observed(&t, name) - want).abs() < 1e-12, "{name}");
    }
    let md = fs::read_to_string(out.join("facts.md")).unwrap();
    assert!(md.contains("| `war_joiner_share` |"), "{md}");
}

#[test]
fn the_cow_record_gives_the_published_figures() {
    let dir = root().join("../shared/data/cow");
    if !dir.join("MIDA_4.3.csv").is_file() {
        return; // the COW copies sit beside the repository, not in it
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = |name: &str| tmp.path().join(name);
    let o = facts(&dir, &out("a"), &[]);
    assert_exit(&o, 0, "facts on COW 1816–2010");
    assert!(stdout(&o).contains("14781 state-years, 2315 militarized disputes, 106 at war level"));
    let t = Table::read(&out("a").join("facts.csv"));
    for (name, want, within) in [
        ("dispute_rate", 15.7, 0.05),
        ("war_rate", 0.72, 0.005),
        ("war_share", 0.046, 0.0005),
        ("war_size_2_share", 0.49, 0.005),
        ("war_size_3_4_share", 0.29, 0.005),
        ("war_size_5_plus_share", 0.22, 0.005),
        ("war_size_mean", 4.3, 0.05),
        ("war_joiner_share", 0.45, 0.005),
    ] {
        let got = observed(&t, name);
        assert!((got - want).abs() <= within, "{name}: {got} vs {want}");
    }
    // Seeded: the same files and seed give the same bytes; another seed other intervals.
    assert_exit(&facts(&dir, &out("b"), &[]), 0, "again");
    let bytes = |d: &str| fs::read(out(d).join("facts.csv")).unwrap();
    assert_eq!(bytes("a"), bytes("b"));
    assert_exit(&facts(&dir, &out("c"), &["--seed", "2"]), 0, "seed 2");
    assert_ne!(bytes("a"), bytes("c"));
}

#[test]
fn bad_cow_input_is_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("f");
    // A directory without the MID files.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let o = facts(&empty, &out, &[]);
    assert_exit(&o, 2, "no MID files");
    let err = stderr(&o);
    assert!(err.contains("`MIDA_4.3.csv` or `MIDA 4.3.csv`"), "{err}");
    // A MID file of another version.
    let other = tmp.path().join("other");
    fs::create_dir(&other).unwrap();
    for f in ["MIDA_4.3.csv", "MIDB 4.3.csv", "system2016.csv"] {
        let text = fs::read_to_string(fixtures().join(f)).unwrap();
        fs::write(other.join(f), text.replace("4.3000002", "5.01")).unwrap();
    }
    let o = facts(&other, &out, &[]);
    assert_exit(&o, 2, "MID 5.01");
    let err = stderr(&o);
    assert!(
        err.contains("MIDA_4.3.csv:2") && err.contains("expected MID version 4.3, found \"5.01\""),
        "{err}"
    );
    // A period that runs backward.
    let o = facts(&fixtures(), &out, &["--from", "1950", "--to", "1900"]);
    assert_exit(&o, 2, "backward period");
    assert!(stderr(&o).contains("--from 1950 is after --to 1900"));
    assert!(!out.exists(), "nothing is written");
}

/// `deterrence facts [DIR] --out OUT EXTRA…`.
fn facts_of_run(
    dir: Option<&std::path::Path>,
    out: &std::path::Path,
    extra: &[&str],
) -> std::process::Output {
    let mut cmd = deterrence();
    cmd.arg("facts");
    if let Some(dir) = dir {
        cmd.arg(dir);
    }
    cmd.arg("--out").arg(out).args(extra).output().unwrap()
}

#[test]
fn a_runs_statistics_are_what_its_records_hold() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    run_ok(
        "scenarios/two-blocs.toml",
        &run,
        &[
            "--replications",
            "30",
            "--years",
            "100",
            "--records",
            "crises,participants,state-years",
        ],
    );
    let out = tmp.path().join("f");
    let o = facts_of_run(
        Some(&run),
        &out,
        &[
            "--cow",
            fixtures().to_str().unwrap(),
            "--from",
            "1900",
            "--to",
            "1901",
        ],
    );
    assert_exit(&o, 0, "facts DIR --cow");
    let t = Table::read(&out.join("facts.csv"));
    assert_eq!(
        t.header,
        [
            "statistic",
            "unit",
            "observed",
            "observed_lo",
            "observed_hi",
            "model",
            "model_lo",
            "model_hi",
            "ratio"
        ]
    );
    let model = |name: &str| num(&t.rows.iter().find(|r| r[0] == name).unwrap()[t.col("model")]);
    // Counted by hand from the files: disputes and wars from crises.csv, over
    // the state-years of the states alive as each year began (all 10 in year
    // 1, then those state_years.csv lists at the end of the year before).
    let crises = Table::read(&run.join("crises.csv"));
    let years = Table::read(&run.join("state_years.csv"));
    let later = years
        .column("year")
        .iter()
        .filter(|y| num(y) < 100.0)
        .count();
    let state_years = (30 * 10 + later) as f64;
    let levels = crises.column("level");
    let n = levels.len() as f64;
    let wars = levels.iter().filter(|l| **l == "5").count() as f64;
    assert!(wars > 20.0, "{wars} wars");
    assert!((model("dispute_rate") - 100.0 * n / state_years).abs() < 1e-9);
    assert!((model("war_share") - wars / n).abs() < 1e-12);
    // A war's states are its participants, and it gained a joiner when any came
    // in other than as an originator.
    let people = Table::read(&run.join("participants.csv"));
    let mut sizes = std::collections::BTreeMap::new();
    for row in &people.rows {
        let e = sizes
            .entry((row[0].clone(), row[1].clone()))
            .or_insert((0.0, false));
        e.0 += 1.0;
        e.1 |= row[people.col("how")] != "originator";
    }
    let mean_size = sizes.values().map(|v| v.0).sum::<f64>() / wars;
    let joined = sizes.values().filter(|v| v.1).count() as f64 / wars;
    assert!((model("war_size_mean") - mean_size).abs() < 1e-9);
    assert!((model("war_joiner_share") - joined).abs() < 1e-12);
    // The chart of the model against the record, in both formats by default.
    for f in ["facts.png", "facts.svg"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let svg = fs::read_to_string(out.join("facts.svg")).unwrap();
    assert!(svg.contains("war_rate · model") && svg.contains("model: Two blocs"));
    // One page with the table and the chart inlined.
    let report = fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(report.matches("<svg").count(), 1, "the chart");
    assert!(report.contains("model: Two blocs against Correlates of War"));
    assert!(report.contains("<code>war_joiner_share</code>"));
    // The ratio column is model ÷ observed.
    let row = t.rows.iter().find(|r| r[0] == "war_rate").unwrap();
    let ratio = num(&row[t.col("ratio")]);
    assert!((ratio - num(&row[t.col("model")]) / num(&row[t.col("observed")])).abs() < 1e-12);
}

#[test]
fn a_run_without_records_or_a_comparison_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    run_ok(
        "scenarios/two-blocs.toml",
        &run,
        &["--replications", "3", "--years", "20"],
    );
    let out = tmp.path().join("f");
    let o = facts_of_run(Some(&run), &out, &[]);
    assert_exit(&o, 2, "a run without records");
    assert!(
        stderr(&o).contains("run it with --records crises,participants"),
        "{}",
        stderr(&o)
    );
    let cmp = tmp.path().join("cmp");
    let o = deterrence()
        .args([
            "compare",
            "scenarios/two-blocs.toml",
            "--replications",
            "3",
            "--years",
            "20",
            "--quiet",
            "--out",
        ])
        .arg(&cmp)
        .output()
        .unwrap();
    assert_exit(&o, 0, "compare");
    let o = facts_of_run(Some(&cmp), &out, &[]);
    assert_exit(&o, 2, "a comparison");
    assert!(
        stderr(&o).contains("not the manifest of a `deterrence run`"),
        "{}",
        stderr(&o)
    );
    // Neither a run nor --cow: a usage error.
    let o = deterrence().arg("facts").output().unwrap();
    assert_exit(&o, 2, "facts alone");
    assert!(!out.exists(), "nothing is written");
}
