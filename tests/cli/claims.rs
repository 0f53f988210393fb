//! `deterrence claims`: every ID gets a computed verdict, the verdicts respond
//! to the world they are computed on, and experiments with nothing to measure
//! say so rather than inventing a number.

use crate::common::{Table, assert_exit, deterrence, manifest, num, self_contained_report, stdout};

const SMALL: &[&str] = &["--replications", "40", "--years", "100"];

fn claims(args: &[&str], out: &std::path::Path) -> Table {
    let o = deterrence()
        .arg("claims")
        .args(args)
        .arg("--out")
        .arg(out)
        .args(SMALL)
        .output()
        .unwrap();
    assert_exit(&o, 0, &format!("claims {args:?}"));
    Table::read_quoted(&out.join("claims.csv"))
}

fn verdict<'a>(t: &'a Table, id: &str) -> &'a Vec<String> {
    t.rows
        .iter()
        .find(|r| r[0] == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

#[test]
fn every_id_gets_a_verdict_in_the_documented_layout() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("c");
    let o = deterrence()
        .args(["claims", "--out"])
        .arg(&out)
        .args(SMALL)
        .output()
        .unwrap();
    assert_exit(&o, 0, "claims on the default world");
    assert!(stdout(&o).contains("Claims world"), "{}", stdout(&o));
    let t = Table::read_quoted(&out.join("claims.csv"));
    assert_eq!(
        t.header[..10].join(","),
        "id,claim,metric,control_mean,treatment_mean,effect,ci_low,ci_high,verdict,n"
    );
    let ids: Vec<&str> = t.column("id");
    let expected: Vec<String> = (1..=12)
        .map(|i| format!("C{i}"))
        .chain((1..=5).map(|i| format!("K{i}")))
        .collect();
    assert_eq!(ids, expected.iter().map(String::as_str).collect::<Vec<_>>());
    for r in &t.rows {
        assert!(
            [
                "supported",
                "contradicted",
                "no meaningful effect",
                "inconclusive"
            ]
            .contains(&r[8].as_str()),
            "{r:?}"
        );
        // The effect is computed: it lies inside its interval.
        let (e, lo, hi) = (num(&r[5]), num(&r[6]), num(&r[7]));
        assert!(lo <= e && e <= hi, "{r:?}");
    }
    let md = std::fs::read_to_string(out.join("claims.md")).unwrap();
    assert!(md.contains("## C1 — ") && md.contains("## K5 — ") && md.contains("*Depends on:*"));
    assert_eq!(manifest(&out)["command"], "claims");
    assert!(out.join("charts/forest.png").is_file() && out.join("charts/forest.svg").is_file());
    // The report: the rule, the forest plot and a row for every ID.
    let report = self_contained_report(&out, "Claims world");
    assert_eq!(report.matches("<svg").count(), 1, "the forest plot");
    assert!(report.contains("Supported: the interval excludes zero"));
    for id in &expected {
        assert!(report.contains(&format!("<tr><td>{id}</td>")), "{id}");
    }
}

/// At reliability 0 every pledge has strength 0: no partner is pledged, so no
/// challenger is deterred or emboldened by one, and no ally is ever called —
/// exactly, in every replication, whatever the number of replications (C1's
/// verdict at reliability 0 is not asserted: alliances still act through
/// trade, settlement and trust, and what that does shows only with power).
#[test]
fn with_reliability_zero_no_pledge_deters_emboldens_or_calls() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    crate::common::run_ok(
        "scenarios/claims-world.toml",
        &out,
        &["--set", "alliances.*.reliability=0", "--replications", "20"],
    );
    let runs = Table::read(&out.join("runs.csv"));
    for metric in [
        "deterred_by_alliance",
        "emboldened_by_alliance",
        "alliance_calls",
    ] {
        let values = runs.column(metric);
        assert_eq!(values.len(), 20);
        assert!(values.iter().all(|v| num(v) == 0.0), "{metric}: {values:?}");
    }
    // Not vacuous: the same world with its pledges deters and calls.
    let with = tmp.path().join("w");
    crate::common::run_ok(
        "scenarios/claims-world.toml",
        &with,
        &["--replications", "20"],
    );
    let runs = Table::read(&with.join("runs.csv"));
    for metric in ["deterred_by_alliance", "alliance_calls"] {
        let total: f64 = runs.column(metric).iter().map(|v| num(v)).sum();
        assert!(total > 0.0, "{metric}");
    }
}

#[test]
fn with_the_dialogue_mechanism_off_c3_has_nothing_to_test() {
    let tmp = tempfile::tempdir().unwrap();
    let t = claims(
        &["--set", "model.dialogue_clarity=0"],
        &tmp.path().join("c"),
    );
    let c3 = verdict(&t, "C3");
    assert_eq!(c3[8], "not applicable", "{c3:?}");
    assert_eq!(
        c3[5], "",
        "no effect can be measured when control and treatment are one world: {c3:?}"
    );
    assert!(c3[12].contains("already off"), "{c3:?}");
}

#[test]
fn without_alliances_the_experiments_say_they_have_nothing_to_test() {
    let tmp = tempfile::tempdir().unwrap();
    let t = claims(&["scenarios/no-alliances.toml"], &tmp.path().join("c"));
    for r in &t.rows {
        assert_eq!(r[8], "not applicable", "{r:?}");
        assert_eq!(r[5], "", "an invented number: {r:?}");
        assert!(r[12].contains("no alliances"), "{r:?}");
    }
    // The report says why, in the language asked.
    let out = tmp.path().join("id");
    claims(&["scenarios/no-alliances.toml", "--lang", "id"], &out);
    let report = self_contained_report(&out, "No alliances");
    assert!(report.contains("<h2>Catatan atas kesimpulan</h2>"));
    assert!(report.contains("tidak berlaku") && report.contains("no alliances"));
}

#[test]
fn verdicts_respond_to_the_world() {
    // The same claim, two worlds: a verdict is computed, not stored.
    let tmp = tempfile::tempdir().unwrap();
    let a = claims(&["scenarios/two-blocs.toml"], &tmp.path().join("a"));
    let b = claims(
        &[
            "scenarios/two-blocs.toml",
            "--set",
            "alliances.*.kind=\"offense\"",
        ],
        &tmp.path().join("b"),
    );
    let differs = a
        .rows
        .iter()
        .zip(&b.rows)
        .filter(|(x, y)| x[8] != y[8])
        .count();
    assert!(
        differs >= 2,
        "changing every pact to an offence pact changed {differs} verdicts"
    );
}

#[test]
fn claims_do_not_depend_on_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for threads in ["1", "2"] {
        let out = tmp.path().join(threads);
        let o = deterrence()
            .args([
                "claims",
                "scenarios/two-blocs.toml",
                "-q",
                "--threads",
                threads,
                "--out",
            ])
            .arg(&out)
            .args(["--replications", "9", "--years", "40"])
            .output()
            .unwrap();
        assert_exit(&o, 0, "claims");
        files.push(std::fs::read(out.join("claims.csv")).unwrap());
    }
    assert_eq!(files[0], files[1]);
}

/// δ is `--min-effect` of the control's mean, in the metric's units, in every
/// row; `5%` and `0.05` are one setting; a share outside 0–1 is refused.
#[test]
fn the_smallest_effect_that_matters_is_the_share_given() {
    let tmp = tempfile::tempdir().unwrap();
    let a = claims(&["--min-effect", "5%"], &tmp.path().join("a"));
    claims(&["--min-effect", "0.05"], &tmp.path().join("b"));
    assert_eq!(
        std::fs::read(tmp.path().join("a/claims.csv")).unwrap(),
        std::fs::read(tmp.path().join("b/claims.csv")).unwrap()
    );
    let c = claims(&["--min-effect", "0.2"], &tmp.path().join("c"));
    let delta = a.header.iter().position(|h| h == "delta").unwrap();
    for (r, w) in a.rows.iter().zip(&c.rows) {
        if r[8] == "not applicable" {
            continue;
        }
        let control = num(&r[3]).abs();
        // K5's correlation has a floor of its own: 0.1, whatever the share.
        let floor = if r[0] == "K5" { 0.1 } else { 0.0 };
        let expect = |share: f64| (share * control).max(floor);
        assert!(
            (num(&r[delta]) - expect(0.05)).abs() <= 1e-9 * (1.0 + control),
            "{r:?}"
        );
        assert!(
            (num(&w[delta]) - expect(0.2)).abs() <= 1e-9 * (1.0 + control),
            "{w:?}"
        );
        // A larger δ can only take support or contradiction away, never give it.
        if ["supported", "contradicted"].contains(&w[8].as_str()) {
            assert_eq!(w[8], r[8], "{r:?} / {w:?}");
        }
    }
    for bad in ["1.5", "-0.1", "five", "NaN"] {
        let o = deterrence()
            .args(["claims", &format!("--min-effect={bad}"), "--out"])
            .arg(tmp.path().join("bad"))
            .output()
            .unwrap();
        assert_exit(&o, 2, bad);
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("expected a share from 0 to 1"),
            "{bad}"
        );
        assert!(!tmp.path().join("bad").exists());
    }
}

/// The pledge channel: claims whose control removes every alliance are also
/// measured against the same alliances with empty pledges. When the scenario's
/// pledges are already empty, that control is the scenario itself, and the
/// channel has nothing to measure, exactly, at any number of replications.
#[test]
fn the_pledge_channel_is_read_where_alliances_are_removed_and_empty_without_pledges() {
    let tmp = tempfile::tempdir().unwrap();
    let with = claims(&[], &tmp.path().join("with"));
    let without = claims(
        &["--set", "alliances.*.reliability=0"],
        &tmp.path().join("without"),
    );
    let col = |name: &str| with.header.iter().position(|h| h == name).unwrap();
    let (control, verdict_col, effect) = (
        col("control"),
        col("pledges_verdict"),
        col("pledges_effect"),
    );
    for (w, z) in with.rows.iter().zip(&without.rows) {
        let removes = w[control] == "the same world with every alliance removed";
        assert_eq!(!w[verdict_col].is_empty(), removes, "{w:?}");
        if removes {
            assert_ne!(w[verdict_col], "not applicable", "{w:?}");
            assert_eq!(z[verdict_col], "not applicable", "{z:?}");
            assert_eq!(z[effect], "", "{z:?}");
        }
    }
}

/// K4 sets every alliance's reliability itself, so a `--set` of reliability
/// does not reach it: its effect is the same to the last digit.
#[test]
fn k4_is_not_moved_by_a_set_reliability() {
    let tmp = tempfile::tempdir().unwrap();
    let a = claims(&[], &tmp.path().join("a"));
    let b = claims(
        &["--set", "alliances.*.reliability=0.3"],
        &tmp.path().join("b"),
    );
    let (ka, kb) = (verdict(&a, "K4"), verdict(&b, "K4"));
    assert_eq!(ka[3..9], kb[3..9], "{ka:?} / {kb:?}");
    assert!(!ka[6].is_empty(), "K4 measured something: {ka:?}");
    // The others do move.
    assert_ne!(verdict(&a, "C1")[5], verdict(&b, "C1")[5]);
}

/// Several scenarios give the verdicts across worlds: each world's rows are
/// exactly those of `claims` on that world alone at the same settings, a world
/// without alliances is not applicable throughout, and the matrix is drawn.
#[test]
fn across_worlds_each_world_is_its_own_claims_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("m");
    let o = deterrence()
        .args([
            "claims",
            "scenarios/two-blocs.toml",
            "scenarios/europe-1914.toml",
            "scenarios/no-alliances.toml",
            "--out",
        ])
        .arg(&out)
        .args(SMALL)
        .output()
        .unwrap();
    assert_exit(&o, 0, "claims on three worlds");
    let printed = stdout(&o);
    assert!(printed.contains("Claims on 3 worlds"), "{printed}");
    assert!(
        printed.contains("europe-1914") && printed.contains("✓"),
        "{printed}"
    );
    let m = Table::read_quoted(&out.join("claims.csv"));
    assert_eq!(m.header[..3].join(","), "world,file,id");
    assert_eq!(m.rows.len(), 3 * 17);
    // Europe alone, on the first world's seed (two-blocs: 42) and the same settings.
    let single = tmp.path().join("s");
    let o = deterrence()
        .args([
            "claims",
            "scenarios/europe-1914.toml",
            "--seed",
            "42",
            "--out",
        ])
        .arg(&single)
        .args(SMALL)
        .output()
        .unwrap();
    assert_exit(&o, 0, "claims on 1914");
    let s = Table::read_quoted(&single.join("claims.csv"));
    let europe: Vec<Vec<String>> = m
        .rows
        .iter()
        .filter(|r| r[1] == "scenarios/europe-1914.toml")
        .map(|r| r[2..].to_vec())
        .collect();
    assert_eq!(europe, s.rows);
    for r in m
        .rows
        .iter()
        .filter(|r| r[1] == "scenarios/no-alliances.toml")
    {
        assert_eq!(r[2 + 8], "not applicable", "{r:?}");
    }
    assert!(out.join("charts/verdicts.png").is_file() && out.join("charts/verdicts.svg").is_file());
    let md = std::fs::read_to_string(out.join("claims.md")).unwrap();
    assert!(md.starts_with("# Claims across 3 worlds"));
    assert!(md.contains("| C1 | ") && md.contains("## Europe, 1914") && md.contains("### K5 — "));
    let report = self_contained_report(&out, "Claims report: 3 worlds");
    assert_eq!(report.matches("<svg").count(), 1, "the verdict matrix");
    let manifest = manifest(&out);
    assert_eq!(manifest["worlds"].as_array().map(Vec::len), Some(3));
}

/// A bad file among several is named, with exit 2, and nothing is written.
#[test]
fn across_worlds_a_bad_file_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("m");
    let o = deterrence()
        .args([
            "claims",
            "scenarios/two-blocs.toml",
            "scenarios/missing.toml",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_exit(&o, 2, "a missing world");
    assert!(String::from_utf8_lossy(&o.stderr).contains("scenarios/missing.toml"));
    assert!(!out.exists());
}

/// `--robustness N`: the claims at N parameter sets, one row per set and
/// claim, drivers per claim and parameter, and the charts.
#[test]
fn robustness_runs_the_claims_at_every_set() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let o = deterrence()
        .args([
            "claims",
            "--robustness",
            "8",
            "--replications",
            "6",
            "--years",
            "40",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_exit(&o, 0, "robustness");
    assert!(stdout(&o).contains("8 parameter sets"), "{}", stdout(&o));
    let t = Table::read_quoted(&out.join("robustness.csv"));
    assert_eq!(t.rows.len(), 8 * 17);
    assert_eq!(t.header[..2].join(","), "set,model.perception_noise");
    let d = Table::read_quoted(&out.join("drivers.csv"));
    assert_eq!(d.rows.len(), 17 * 8, "17 claims × 8 plausible parameters");
    for f in [
        "robustness.md",
        "charts/robustness.png",
        "charts/drivers.svg",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // A calibration that does not exist is named, with exit 2.
    let o = deterrence()
        .args([
            "claims",
            "--robustness",
            "8",
            "--from",
            "no/such/calibration.csv",
            "--out",
        ])
        .arg(tmp.path().join("x"))
        .output()
        .unwrap();
    assert_exit(&o, 2, "a missing calibration");
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such/calibration.csv"));
}

/// `--robustness N --from calibration.csv` draws the sets from the accepted
/// points of a calibration: its parameters, and only accepted values.
#[test]
fn robustness_draws_from_a_calibrations_accepted_points() {
    let tmp = tempfile::tempdir().unwrap();
    let target = crate::common::root().join("targets/cow-1816-1913.csv");
    let cal = tmp.path().join("cal");
    let o = deterrence()
        .args(["calibrate", "scenarios/two-blocs.toml", "-q", "--target"])
        .arg(&target)
        .args([
            "--param",
            "model.dispute_rate=0.1:0.6",
            "--param",
            "model.war_cost=0.01:0.08",
            "--points",
            "20",
            "--accept",
            "0.25",
            "--replications",
            "4",
            "--years",
            "20",
            "--out",
        ])
        .arg(&cal)
        .output()
        .unwrap();
    assert_exit(&o, 0, "calibrate");
    let c = Table::read_quoted(&cal.join("calibration.csv"));
    let accepted: Vec<String> = c
        .rows
        .iter()
        .filter(|r| r[c.header.iter().position(|h| h == "accepted").unwrap()] == "true")
        .map(|r| r[1].clone())
        .collect();
    assert_eq!(accepted.len(), 5);
    let out = tmp.path().join("r");
    let o = deterrence()
        .args([
            "claims",
            "scenarios/two-blocs.toml",
            "-q",
            "--robustness",
            "8",
            "--from",
        ])
        .arg(cal.join("calibration.csv"))
        .args(["--replications", "4", "--years", "20", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_exit(&o, 0, "robustness --from");
    let t = Table::read_quoted(&out.join("robustness.csv"));
    assert_eq!(
        t.header[1..3].join(","),
        "model.dispute_rate,model.war_cost"
    );
    for r in &t.rows {
        assert!(accepted.contains(&r[1]), "{r:?} not among {accepted:?}");
    }
}
