//! Charts and `report.html`: every shipped scenario draws; PNG sizes follow
//! `--scale`; SVGs parse; `chart DIR` redraws what `run` drew, byte for byte;
//! `--format` and `--lang`; non-ASCII scenario names; and the errors of
//! `chart` on a directory that is not a finished run or holds garbled CSV.

use std::fs;
use std::path::Path;

use crate::common::{
    RUN_FILES, SMALL, assert_exit, deterrence, file_names, manifest, run_ok, shipped_scenarios,
    stderr, stdout,
};

/// Width and height from a PNG's IHDR chunk, checking the signature.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        &bytes[..8],
        b"\x89PNG\r\n\x1a\n",
        "{} is not a PNG",
        path.display()
    );
    assert_eq!(&bytes[12..16], b"IHDR");
    let word =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (word(16), word(20))
}

/// Parses an SVG file as XML and returns its text.
fn svg_text(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("{} is not well-formed: {e}", path.display()));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    text
}

fn chart_cmd(dir: &Path, extra: &[&str]) -> std::process::Output {
    deterrence()
        .arg("chart")
        .arg(dir)
        .args(extra)
        .output()
        .expect("the binary starts")
}

#[test]
fn every_shipped_scenario_draws_its_charts_and_report() {
    let tmp = tempfile::tempdir().unwrap();
    for scenario in shipped_scenarios() {
        let name = scenario.to_string_lossy().into_owned();
        let out = tmp.path().join(scenario.file_stem().unwrap());
        run_ok(&name, &out, &["--replications", "3", "--years", "15"]);
        for stem in ["onset", "war_sizes", "map", "levels"] {
            let png = out.join("charts").join(format!("{stem}.png"));
            assert_eq!(png_size(&png), (1600, 1000), "{name}: {stem}.png");
            svg_text(&out.join("charts").join(format!("{stem}.svg")));
        }
        let report = fs::read_to_string(out.join("report.html")).unwrap();
        let scenario_name = manifest(&out)["scenario"]["name"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            report.contains(&format!("<h1>{scenario_name}</h1>")),
            "{name}"
        );
        assert_eq!(
            report.matches("<svg").count(),
            4,
            "{name}: four inline charts"
        );
        for banned in ["<script", "src=", "href=", "<link"] {
            assert!(!report.contains(banned), "{name}: report holds {banned}");
        }
    }
}

#[test]
fn chart_redraws_what_run_drew() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    run_ok("scenarios/two-blocs.toml", &out, SMALL);
    let before: Vec<(String, Vec<u8>)> = file_names(&out)
        .into_iter()
        .map(|f| {
            let bytes = fs::read(out.join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    let output = chart_cmd(&out, &["--quiet"]);
    assert_exit(&output, 0, "chart DIR");
    assert_eq!(stdout(&output), "");
    let mut expected = RUN_FILES.to_vec();
    expected.sort_unstable();
    assert_eq!(file_names(&out), expected);
    for (f, bytes) in before {
        // Drawing is deterministic, so every file comes out the same.
        assert!(
            fs::read(out.join(&f)).unwrap() == bytes,
            "{f} changed on redraw"
        );
    }
}

#[test]
fn format_scale_and_lang() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    let mut args = SMALL.to_vec();
    args.extend(["--format", "png", "--scale", "0.5"]);
    run_ok("scenarios/two-blocs.toml", &out, &args);
    let files = file_names(&out);
    assert!(files.iter().all(|f| !f.ends_with(".svg")), "{files:?}");
    assert_eq!(png_size(&out.join("charts/onset.png")), (800, 500));
    let listed: Vec<String> = manifest(&out)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, files, "the manifest lists the files");
    assert_eq!(listed.last().map(String::as_str), Some("manifest.json"));

    // Redraw as SVG in Indonesian: PNGs go, SVGs come, the manifest follows.
    let output = chart_cmd(&out, &["--format", "svg", "--lang", "id"]);
    assert_exit(&output, 0, "chart --format svg --lang id");
    assert!(
        stdout(&output).contains("report.html"),
        "{}",
        stdout(&output)
    );
    let files = file_names(&out);
    assert!(files.iter().all(|f| !f.ends_with(".png")), "{files:?}");
    assert!(files.contains(&"charts/map.svg".to_string()));
    let listed = manifest(&out)["files"].as_array().unwrap().len();
    assert_eq!(listed, files.len());
    let onset = svg_text(&out.join("charts/onset.svg"));
    assert!(
        onset.contains("Laju pecahnya perang per tahun"),
        "Indonesian title"
    );
    assert!(onset.contains("replikasi"), "Indonesian caption");
    let report = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("<html lang=\"id\">"));
    assert!(report.contains("Ringkasan atas replikasi"));

    for bad in [
        &["--scale", "0"][..],
        &["--scale", "nan"],
        &["--format", "gif"],
        &["--lang", "fr"],
    ] {
        let output = chart_cmd(&out, bad);
        assert_exit(&output, 2, &format!("chart {bad:?}"));
    }
}

#[test]
fn non_ascii_scenario_names_reach_charts_and_report() {
    let tmp = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(crate::common::root().join("scenarios/two-blocs.toml")).unwrap();
    let text = text.replace("name = \"Two blocs\"", "name = \"Côte d'Ivoire & Türkiye\"");
    let file = tmp.path().join("civ.toml");
    fs::write(&file, text).unwrap();
    let out = tmp.path().join("run");
    run_ok(file.to_str().unwrap(), &out, SMALL);
    let report = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        report.contains("<h1>Côte d&#39;Ivoire &amp; Türkiye</h1>"),
        "report heading"
    );
    assert!(report.contains("<title>Côte d&#39;Ivoire &amp; Türkiye"));
    let svg = svg_text(&out.join("charts/onset.svg"));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let caption = doc
        .descendants()
        .filter_map(|n| n.text())
        .any(|t| t.contains("Côte d'Ivoire & Türkiye · 4 replications · seed 42"));
    assert!(caption, "the caption names the scenario");
}

#[test]
fn chart_refuses_what_is_not_a_finished_run() {
    let tmp = tempfile::tempdir().unwrap();
    // An empty directory, a missing one, and a file.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let output = chart_cmd(&empty, &[]);
    assert_exit(&output, 2, "chart on an empty directory");
    assert!(
        stderr(&output).contains("manifest.json is missing"),
        "{}",
        stderr(&output)
    );
    assert!(file_names(&empty).is_empty(), "nothing is written");
    assert_exit(
        &chart_cmd(&tmp.path().join("nope"), &[]),
        2,
        "missing directory",
    );

    let out = tmp.path().join("run");
    run_ok("scenarios/two-blocs.toml", &out, SMALL);
    let cases: [(&str, &str, &str); 4] = [
        (
            "timeseries.csv",
            "year,metric,mean,sd,ci_low,ci_high,n\n1,war_onset_rate,x,,,,2\n",
            "timeseries.csv, line 2: column `mean`",
        ),
        (
            "summary.csv",
            "metric,mean\n",
            "summary.csv, line 1: no column `ci_low`",
        ),
        (
            "war_sizes.csv",
            "participants,wars\n2,3,4\n",
            "war_sizes.csv, line 2",
        ),
        (
            "manifest.json",
            "{\"tool\": \"deterrence\", ",
            "manifest.json, line 1",
        ),
    ];
    for (file, text, needle) in cases {
        let path = out.join(file);
        let original = fs::read(&path).unwrap();
        fs::write(&path, text).unwrap();
        let output = chart_cmd(&out, &[]);
        assert_exit(&output, 2, file);
        assert!(
            stderr(&output).contains(needle),
            "{file}: {}",
            stderr(&output)
        );
        fs::remove_file(&path).unwrap();
        let output = chart_cmd(&out, &[]);
        assert_exit(&output, 2, &format!("missing {file}"));
        assert!(stderr(&output).contains(file), "{}", stderr(&output));
        fs::write(&path, original).unwrap();
    }
    assert_exit(&chart_cmd(&out, &["--quiet"]), 0, "the restored run");
}

/// The files of `out` and their bytes.
fn contents(out: &Path) -> Vec<(String, Vec<u8>)> {
    file_names(out)
        .into_iter()
        .map(|f| {
            let bytes = fs::read(out.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// Runs `deterrence <args> --out <out>` and checks it succeeds.
fn experiment_ok(args: &[&str], out: &Path) {
    let done = deterrence()
        .args(args)
        .args(SMALL)
        .arg("--out")
        .arg(out)
        .arg("-q")
        .output()
        .unwrap();
    assert_exit(&done, 0, &args.join(" "));
}

/// `chart DIR` on `out` in the original settings rewrites every file as it
/// was; in Indonesian, as PNG only, the charts and report follow.
fn redraws(out: &Path, indonesian_in_report: &str) {
    let before = contents(out);
    assert_exit(&chart_cmd(out, &["--quiet"]), 0, "chart DIR");
    let after = contents(out);
    assert_eq!(
        before.iter().map(|f| &f.0).collect::<Vec<_>>(),
        after.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((f, a), (_, b)) in before.iter().zip(&after) {
        assert!(a == b, "{f} changed on redraw");
    }
    let output = chart_cmd(out, &["--lang", "id", "--format", "png", "--scale", "0.5"]);
    assert_exit(&output, 0, "chart --lang id");
    let files = file_names(out);
    assert!(files.iter().all(|f| !f.ends_with(".svg")), "{files:?}");
    let pngs: Vec<&String> = files.iter().filter(|f| f.ends_with(".png")).collect();
    assert!(!pngs.is_empty());
    for png in pngs {
        assert_eq!(png_size(&out.join(png)).0, 800, "{png}");
    }
    let report = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("<html lang=\"id\">"));
    assert!(
        report.contains(indonesian_in_report),
        "the report is in Indonesian"
    );
    let listed = manifest(out)["files"].as_array().unwrap().len();
    assert_eq!(listed, files.len(), "the manifest lists the files");
}

#[test]
fn chart_redraws_a_comparison_a_sweep_and_claims() {
    let tmp = tempfile::tempdir().unwrap();
    let cmp = tmp.path().join("cmp");
    experiment_ok(
        &[
            "compare",
            "scenarios/two-blocs.toml",
            "--metric",
            "honour_rate",
            "--smooth",
            "3",
        ],
        &cmp,
    );
    let charts: Vec<String> = file_names(&cmp)
        .into_iter()
        .filter(|f| f.ends_with(".svg"))
        .collect();
    assert_eq!(
        charts,
        ["charts/compare_honour_rate.svg", "charts/compare_onset.svg"],
        "the metric asked for, and the onset chart"
    );
    redraws(&cmp, "Laju pecahnya perang per tahun");

    let sweep = tmp.path().join("sweep");
    experiment_ok(
        &[
            "sweep",
            "scenarios/two-blocs.toml",
            "--param",
            "alliances.*.reliability",
            "--values",
            "0,1",
            "--param",
            "model.perception_noise",
            "--values",
            "0.1,0.3",
        ],
        &sweep,
    );
    assert!(file_names(&sweep).contains(&"charts/heatmap_war_onset_rate.svg".to_string()));
    redraws(&sweep, "replikasi");

    let claims = tmp.path().join("claims");
    experiment_ok(&["claims"], &claims);
    assert!(file_names(&claims).contains(&"charts/forest.svg".to_string()));
    redraws(&claims, "Laporan klaim");

    let worlds = tmp.path().join("worlds");
    experiment_ok(
        &[
            "claims",
            "scenarios/claims-world.toml",
            "scenarios/no-alliances.toml",
        ],
        &worlds,
    );
    assert!(file_names(&worlds).contains(&"charts/verdicts.svg".to_string()));
    redraws(&worlds, "Laporan klaim");
}

#[test]
fn chart_refuses_a_manifest_with_nothing_to_draw() {
    let tmp = tempfile::tempdir().unwrap();
    let cmp = tmp.path().join("cmp");
    experiment_ok(&["compare", "scenarios/two-blocs.toml"], &cmp);
    let sweep = tmp.path().join("sweep");
    experiment_ok(
        &[
            "sweep",
            "scenarios/two-blocs.toml",
            "--param",
            "model.perception_noise",
            "--values",
            "0.1,0.3",
        ],
        &sweep,
    );
    // Emptied by hand: a list with nothing in it, rather than a missing one.
    let empty = |dir: &Path, edit: &dyn Fn(&mut serde_json::Value)| {
        let path = dir.join("manifest.json");
        let mut m: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        edit(&mut m);
        std::fs::write(&path, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
    };
    empty(&cmp, &|m| m["configurations"] = serde_json::json!([]));
    empty(&sweep, &|m| {
        m["parameters"][0]["values"] = serde_json::json!([])
    });
    for (dir, needle) in [
        (&cmp, "at `configurations`: no configuration to draw"),
        (&sweep, "`model.perception_noise` has no values"),
    ] {
        let before = contents(dir);
        let output = chart_cmd(dir, &[]);
        assert_exit(&output, 2, "chart on an emptied manifest");
        assert!(
            stderr(&output).contains("manifest.json") && stderr(&output).contains(needle),
            "{}",
            stderr(&output)
        );
        assert!(contents(dir) == before, "nothing is written");
    }
}

#[test]
fn chart_on_a_calibration_says_to_run_it_again() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("cal");
    let done = deterrence()
        .args([
            "calibrate",
            "scenarios/two-blocs.toml",
            "--target",
            "targets/cow-1816-1913.csv",
            "--param",
            "model.dispute_rate=0.2:0.4",
            "--points",
            "2",
            "--replications",
            "2",
            "--years",
            "5",
            "--format",
            "svg",
            "-q",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_exit(&done, 0, "calibrate");
    let before = file_names(&out);
    let output = chart_cmd(&out, &[]);
    assert_exit(&output, 2, "chart on a calibration");
    assert!(
        stderr(&output).contains("the output of `deterrence calibrate`"),
        "{}",
        stderr(&output)
    );
    assert_eq!(file_names(&out), before, "nothing is written");
}
