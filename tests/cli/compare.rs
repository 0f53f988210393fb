//! `deterrence compare`: a file's variants and several files on common random
//! numbers — the files and their layout, paired differences and why they are
//! worth having, determinism across threads, and the inputs it refuses.

use std::fs;

use crate::common::{
    Table, assert_exit, deterrence, entries, manifest, num, self_contained_report, stderr, stdout,
};

const SMALL: &[&str] = &["--replications", "30", "--years", "40"];

fn compare(args: &[&str], out: &std::path::Path) -> std::process::Output {
    deterrence()
        .arg("compare")
        .args(args)
        .arg("--out")
        .arg(out)
        .args(SMALL)
        .output()
        .unwrap()
}

/// The row of `comparison.csv` for `variant` and `metric`.
fn row<'a>(t: &'a Table, variant: &str, metric: &str) -> &'a Vec<String> {
    let (v, m) = (t.col("variant"), t.col("metric"));
    t.rows
        .iter()
        .find(|r| r[v] == variant && r[m] == metric)
        .unwrap_or_else(|| panic!("no row {variant}/{metric}"))
}

#[test]
fn variants_are_compared_with_the_baseline_and_written_tidily() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("c");
    let o = compare(&["scenarios/two-blocs.toml"], &out);
    assert_exit(&o, 0, "compare two-blocs");
    let text = stdout(&o);
    assert!(
        text.contains("no alliances") && text.contains("vs baseline"),
        "{text}"
    );
    assert_eq!(
        entries(&out),
        [
            "charts",
            "comparison.csv",
            "comparison.md",
            "comparison_timeseries.csv",
            "manifest.json",
            "report.html",
            "runs.csv"
        ]
    );
    // A chart per metric shown and the overlaid onset series, in both formats.
    let charts = entries(&out.join("charts"));
    // The report shows every chart (a metric each, and the onset series) with
    // a caption, the paired differences and what each variant changes.
    let report = self_contained_report(&out, "Two blocs");
    let svgs = charts.iter().filter(|c| c.ends_with(".svg")).count();
    assert_eq!(report.matches("<svg").count(), svgs);
    assert_eq!(report.matches("<figcaption>").count(), svgs);
    assert!(
        report.contains("Difference vs baseline"),
        "paired differences"
    );
    assert!(
        report.contains("<code>alliances = []</code>"),
        "a variant's set"
    );
    assert!(
        charts.contains(&"compare_onset.png".to_string()),
        "{charts:?}"
    );
    assert!(
        charts.contains(&"compare_war_onset_rate.svg".to_string()),
        "{charts:?}"
    );
    let t = Table::read(&out.join("comparison.csv"));
    assert_eq!(
        t.header.join(","),
        "variant,metric,mean,sd,ci_low,ci_high,n,diff,diff_ci_low,diff_ci_high"
    );
    let variants: std::collections::BTreeSet<&str> = t.column("variant").into_iter().collect();
    assert_eq!(
        variants.into_iter().collect::<Vec<_>>(),
        ["baseline", "no alliances", "reliable"]
    );
    // The baseline has no difference from itself.
    assert_eq!(row(&t, "baseline", "war_onset_rate")[7], "");
    // runs.csv has one row per variant and replication.
    let runs = Table::read(&out.join("runs.csv"));
    assert_eq!(runs.header[..3], ["variant", "replication", "seed"]);
    assert_eq!(runs.rows.len(), 3 * 30);
    let ts = Table::read(&out.join("comparison_timeseries.csv"));
    assert_eq!(ts.header[..3], ["variant", "year", "metric"]);
    let md = fs::read_to_string(out.join("comparison.md")).unwrap();
    assert!(md.contains("| `war_onset_rate` | baseline |"), "{md}");
    let m = manifest(&out);
    assert_eq!(m["command"], "compare");
    let configs = m["configurations"].as_array().unwrap();
    assert_eq!(configs.len(), 3);
    assert_eq!(configs[1]["variant"], "no alliances");
    assert_eq!(
        configs[1]["scenario"]["world"]["alliances"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        configs[2]["scenario"]["world"]["alliances"][0]["reliability"],
        1.0
    );
}

#[test]
fn removing_every_alliance_leaves_nothing_deterred_by_alliance() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("c");
    assert_exit(&compare(&["scenarios/two-blocs.toml"], &out), 0, "compare");
    let t = Table::read(&out.join("comparison.csv"));
    let r = row(&t, "no alliances", "deterred_by_alliance");
    assert_eq!((r[2].as_str(), r[6].as_str()), ("0", "30"), "{r:?}");
    assert!(num(&row(&t, "baseline", "deterred_by_alliance")[2]) > 0.0);
    let calls = row(&t, "no alliances", "alliance_calls");
    assert_eq!(calls[2], "0");
}

#[test]
fn paired_intervals_are_narrower_than_unpaired_ones_on_the_same_data() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("c");
    assert_exit(&compare(&["scenarios/two-blocs.toml"], &out), 0, "compare");
    let t = Table::read(&out.join("comparison.csv"));
    let mut checked = 0;
    for metric in [
        "war_onset_rate",
        "disputes",
        "spending_share_members",
        "largest_power_share",
    ] {
        let a = row(&t, "baseline", metric);
        let b = row(&t, "reliable", metric);
        let (sa, na, sb, nb) = (num(&a[3]), num(&a[6]), num(&b[3]), num(&b[6]));
        // The half-width of a 95 % interval for the difference of two independent means (Welch).
        let unpaired = 1.96 * (sa * sa / na + sb * sb / nb).sqrt();
        let paired = (num(&b[9]) - num(&b[8])) / 2.0;
        assert!(
            paired < unpaired,
            "{metric}: paired {paired} vs unpaired {unpaired}"
        );
        checked += 1;
    }
    assert_eq!(checked, 4);
}

#[test]
fn several_files_are_compared_side_by_side() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("c");
    let o = compare(
        &["scenarios/no-alliances.toml", "scenarios/two-blocs.toml"],
        &out,
    );
    assert_exit(&o, 0, "compare two files");
    let t = Table::read(&out.join("comparison.csv"));
    assert!(t.column("variant").contains(&"No alliances"));
    assert!(t.column("variant").contains(&"Two blocs"));
    // The default directory of a multi-file comparison names both.
    let cwd = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let o = deterrence()
        .current_dir(cwd.path())
        .args([
            "compare",
            &format!("{root}/scenarios/no-alliances.toml"),
            &format!("{root}/scenarios/two-blocs.toml"),
            "-q",
        ])
        .args(SMALL)
        .output()
        .unwrap();
    assert_exit(&o, 0, "compare into the default directory");
    assert_eq!(
        entries(&cwd.path().join("output")),
        ["compare-no-alliances-two-blocs"]
    );
}

#[test]
fn comparisons_do_not_depend_on_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for threads in ["1", "2", "3"] {
        let out = tmp.path().join(threads);
        let o = deterrence()
            .args([
                "compare",
                "scenarios/multipolar.toml",
                "-q",
                "--threads",
                threads,
                "--out",
            ])
            .arg(&out)
            .args(["--replications", "7", "--years", "25"])
            .output()
            .unwrap();
        assert_exit(&o, 0, "compare");
        files.push(
            ["comparison.csv", "comparison_timeseries.csv", "runs.csv"]
                .map(|f| fs::read(out.join(f)).unwrap()),
        );
    }
    assert_eq!(files[0], files[1]);
    assert_eq!(files[0], files[2]);
}

#[test]
fn what_compare_refuses() {
    let tmp = tempfile::tempdir().unwrap();
    // One file without variants.
    let out = tmp.path().join("a");
    let o = compare(&["scenarios/no-alliances.toml"], &out);
    assert_exit(&o, 2, "no variants");
    assert!(stderr(&o).contains("no [[variants]]"), "{}", stderr(&o));
    assert!(!out.exists());
    // Files that cannot be paired: different replications.
    let other = tmp.path().join("short.toml");
    let text = fs::read_to_string("scenarios/two-blocs.toml")
        .unwrap()
        .replace("seed = 42", "seed = 7");
    fs::write(&other, text).unwrap();
    let out = tmp.path().join("b");
    let o = deterrence()
        .args(["compare", "scenarios/two-blocs.toml"])
        .arg(&other)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_exit(&o, 2, "different seeds");
    assert!(stderr(&o).contains("same seeds"), "{}", stderr(&o));
    assert!(!out.exists());
    // A variant that overrides an unknown key.
    let bad = tmp.path().join("bad-variant.toml");
    let text = fs::read_to_string("scenarios/two-blocs.toml").unwrap()
        + "\n[[variants]]\nname = \"typo\"\nset = { \"model.stakez\" = 0.3 }\n";
    fs::write(&bad, text).unwrap();
    let o = compare(&[bad.to_str().unwrap()], &tmp.path().join("c"));
    assert_exit(&o, 2, "variant with an unknown key");
    assert!(
        stderr(&o).contains("\"typo\"") && stderr(&o).contains("stakez"),
        "{}",
        stderr(&o)
    );
    // An unknown metric to print.
    let o = compare(
        &["scenarios/two-blocs.toml", "--metric", "warz"],
        &tmp.path().join("d"),
    );
    assert_exit(&o, 2, "unknown metric");
    assert!(stderr(&o).contains("--metric warz"), "{}", stderr(&o));
}

#[test]
fn the_report_is_in_the_language_asked_and_drawn_even_without_svg_files() {
    let tmp = tempfile::tempdir().unwrap();
    let text = fs::read_to_string("scenarios/two-blocs.toml")
        .unwrap()
        .replace(
            "name = \"Two blocs\"",
            "name = \"Côte d'Ivoire & <Türkiye>\"",
        );
    let file = tmp.path().join("civ.toml");
    fs::write(&file, text).unwrap();
    let out = tmp.path().join("c");
    let o = compare(
        &[
            file.to_str().unwrap(),
            "--lang",
            "id",
            "--format",
            "png",
            "--metric",
            "war_onset_rate",
        ],
        &out,
    );
    assert_exit(&o, 0, "compare --lang id --format png");
    assert!(
        entries(&out.join("charts"))
            .iter()
            .all(|c| c.ends_with(".png"))
    );
    let report = self_contained_report(&out, "Côte d&#39;Ivoire &amp; &lt;Türkiye&gt;");
    assert!(report.contains("<html lang=\"id\">"));
    assert!(report.contains("<h2>Konfigurasi yang dibandingkan</h2>"));
    assert!(report.contains("<h2>Grafik</h2>"));
    assert_eq!(
        report.matches("<svg").count(),
        2,
        "one metric and the onset series"
    );
}
