//! `deterrence sweep`: one parameter and grids of two, common seeds at every
//! point, what a sweep of reliability shows about deterrence, and the inputs it
//! refuses.

use std::fs;

use crate::common::{Table, assert_exit, deterrence, manifest, num, self_contained_report, stderr};

const SMALL: &[&str] = &["--replications", "30", "--years", "60", "-q"];

fn sweep(args: &[&str], out: &std::path::Path) -> std::process::Output {
    deterrence()
        .arg("sweep")
        .args(args)
        .arg("--out")
        .arg(out)
        .args(SMALL)
        .output()
        .unwrap()
}

#[test]
fn deterred_challenges_rise_with_reliability() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let o = sweep(
        &[
            "scenarios/two-blocs.toml",
            "--param",
            "alliances.*.reliability",
            "--range",
            "0:1:0.5",
        ],
        &out,
    );
    assert_exit(&o, 0, "sweep");
    let t = Table::read(&out.join("sweep.csv"));
    assert_eq!(
        t.header.join(","),
        "alliances.*.reliability,metric,mean,sd,ci_low,ci_high,n"
    );
    let (p, m, mean) = (
        t.col("alliances.*.reliability"),
        t.col("metric"),
        t.col("mean"),
    );
    let deterred: Vec<(String, f64)> = t
        .rows
        .iter()
        .filter(|r| r[m] == "deterred_by_alliance")
        .map(|r| (r[p].clone(), num(&r[mean])))
        .collect();
    let values: Vec<&str> = deterred.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(values, ["0.0", "0.5", "1.0"]);
    assert_eq!(deterred[0].1, 0.0, "a pledge of no strength deters nobody");
    assert!(
        deterred[1].1 > deterred[0].1 && deterred[2].1 > deterred[0].1,
        "{deterred:?}"
    );
    let runs = Table::read(&out.join("runs.csv"));
    assert_eq!(
        runs.header[..3],
        ["alliances.*.reliability", "replication", "seed"]
    );
    assert_eq!(runs.rows.len(), 3 * 30);
    let charts = crate::common::entries(&out.join("charts"));
    assert!(
        charts.contains(&"sweep_deterred_by_alliance.png".to_string()),
        "{charts:?}"
    );
    let report = self_contained_report(&out, "Two blocs");
    assert_eq!(
        report.matches("<svg").count(),
        charts.iter().filter(|c| c.ends_with(".svg")).count()
    );
    assert!(report.contains("Deterred by alliance as the reliability of every alliance varies"));
    assert!(report.contains("<h2>Parameters varied</h2>"));
    let man = manifest(&out);
    assert_eq!(man["command"], "sweep");
    assert_eq!(man["parameters"][0]["path"], "alliances.*.reliability");
}

#[test]
fn two_parameters_make_a_grid() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("g");
    let o = sweep(
        &[
            "scenarios/two-blocs.toml",
            "--param",
            "model.perception_noise",
            "--values",
            "0,0.4",
            "--param",
            "alliances.*.reliability",
            "--range",
            "0.25:0.75:0.25",
        ],
        &out,
    );
    assert_exit(&o, 0, "grid");
    let t = Table::read(&out.join("sweep.csv"));
    assert_eq!(
        t.header[..3],
        [
            "model.perception_noise",
            "alliances.*.reliability",
            "metric"
        ]
    );
    let points: std::collections::BTreeSet<(String, String)> = t
        .rows
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert_eq!(points.len(), 6);
    assert!(points.contains(&("0.4".to_string(), "0.75".to_string())));
    let charts = crate::common::entries(&out.join("charts"));
    assert!(
        charts.contains(&"heatmap_war_onset_rate.svg".to_string()),
        "{charts:?}"
    );
    let report = self_contained_report(&out, "Two blocs");
    assert!(
        report
            .contains("Mean war onset rate over perception noise × reliability of every alliance")
    );
}

#[test]
fn every_point_uses_the_same_seeds() {
    // The same value swept twice gives identical statistics at both points.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let o = sweep(
        &[
            "scenarios/two-blocs.toml",
            "--param",
            "model.stakes",
            "--values",
            "0.2,0.3,0.2",
        ],
        &out,
    );
    assert_exit(&o, 0, "sweep");
    let text = fs::read_to_string(out.join("sweep.csv")).unwrap();
    let first: Vec<&str> = text.lines().filter(|l| l.starts_with("0.2,")).collect();
    let half = first.len() / 2;
    let strip = |l: &&str| l.split_once(',').map(|x| x.1.to_string()).unwrap();
    assert_eq!(
        first[..half].iter().map(strip).collect::<Vec<_>>(),
        first[half..].iter().map(strip).collect::<Vec<_>>()
    );
}

#[test]
fn what_sweep_refuses() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "scenarios/two-blocs.toml",
                "--param",
                "model.stakez",
                "--values",
                "0.1,0.2",
            ],
            "stakez",
        ),
        (
            &[
                "scenarios/no-alliances.toml",
                "--param",
                "alliances.*.reliability",
                "--values",
                "0,1",
            ],
            "changes nothing",
        ),
        (
            &[
                "scenarios/two-blocs.toml",
                "--param",
                "model.stakes",
                "--values",
                "0.1,high",
            ],
            "\"high\" is not a number",
        ),
        (
            &[
                "scenarios/two-blocs.toml",
                "--param",
                "model.stakes",
                "--values",
                "",
            ],
            "no values",
        ),
        (
            &[
                "scenarios/two-blocs.toml",
                "--param",
                "model.stakes",
                "--range",
                "1:0:0.1",
            ],
            "below the start",
        ),
        (
            &["scenarios/two-blocs.toml", "--param", "model.stakes"],
            "give one list of values",
        ),
        (
            &[
                "scenarios/two-blocs.toml",
                "--param",
                "simulation.seed",
                "--values",
                "1,2",
            ],
            "same seed",
        ),
        (
            &[
                "scenarios/two-blocs.toml",
                "--param",
                "model.stakes",
                "--values",
                "0.1,7",
            ],
            "model.stakes",
        ),
    ];
    for (i, (args, expected)) in cases.iter().enumerate() {
        let out = tmp.path().join(i.to_string());
        let o = sweep(args, &out);
        assert_exit(&o, 2, &format!("{args:?}"));
        assert!(stderr(&o).contains(expected), "{args:?}: {}", stderr(&o));
        assert!(!out.exists(), "{args:?} wrote output");
    }
}
