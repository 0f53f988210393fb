//! `deterrence run`: every shipped scenario runs and writes its files; the CSV
//! layouts, metric names and row counts DESIGN.md fixes; empty ratio cells;
//! the manifest; the effect of `--seed`, `--replications`, `--years` and
//! `--set`; where results go (default `output/<slug>`, `--out`, re-runs,
//! refused directories, stale `wars.csv`); and what is printed.

use std::fs;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{
    FIXED_METRICS, RUN_FILES, SMALL, Table, all_files, assert_exit, deterrence, entries,
    file_names, header_line, manifest, num, run_ok, run_raw, shipped_scenarios, stderr, stdout,
};

const TIMESERIES_HEADER: &str = "year,metric,mean,sd,ci_low,ci_high,n";
const SUMMARY_HEADER: &str = "metric,mean,sd,ci_low,ci_high,n";
const WARS_HEADER: &str = "replication,war,start,end,initiator,target,participants,\
side_initiator,side_target,joined_by_alliance,late_joiners,winner,ending,\
initiator_expected_win,cost_initiator_side,cost_target_side,misjudged,conquered";

/// Checks the statistics cells of an aggregate row: empty exactly when no
/// replication contributed, otherwise numbers with `sd ≥ 0` and the mean inside its interval.
fn check_stats(cells: &[String], replications: u64, what: &str) {
    let [mean, sd, lo, hi, n] = cells else {
        panic!("{what}: expected 5 statistics cells, found {cells:?}");
    };
    let n: u64 = n.parse().unwrap_or_else(|_| panic!("{what}: n = {n:?}"));
    assert!(n <= replications, "{what}: n = {n} > {replications}");
    if n == 0 {
        assert!(
            [mean, sd, lo, hi].iter().all(|c| c.is_empty()),
            "{what}: n = 0 but cells {cells:?}"
        );
        return;
    }
    let m = num(mean);
    if n >= 2 {
        let (s, l, h) = (num(sd), num(lo), num(hi));
        assert!(s >= 0.0, "{what}: sd {s} < 0");
        let slack = 1e-9 * m.abs().max(1.0);
        assert!(
            l <= m + slack && m <= h + slack,
            "{what}: mean {m} outside [{l}, {h}]"
        );
    }
}

/// Checks the four files of a finished run of `replications` × `years`.
fn check_run_files(out: &Path, replications: u64, years: u64) {
    for f in RUN_FILES {
        assert!(
            out.join(f).is_file(),
            "{} is missing",
            out.join(f).display()
        );
    }
    // Nothing else: no temporary files left behind, no wars.csv unless asked.
    let mut expected = RUN_FILES.to_vec();
    expected.sort_unstable();
    assert_eq!(file_names(out), expected, "the files in {}", out.display());

    let summary = Table::read(&out.join("summary.csv"));
    assert_eq!(header_line(&out.join("summary.csv")), SUMMARY_HEADER);
    let metrics: Vec<&str> = summary.column("metric");
    for m in FIXED_METRICS {
        assert!(metrics.contains(m), "summary.csv lacks the metric {m}");
    }
    for row in &summary.rows {
        check_stats(&row[1..], replications, &format!("summary.csv {}", row[0]));
    }

    let runs = Table::read(&out.join("runs.csv"));
    assert_eq!(runs.header[..2], ["replication", "seed"]);
    assert_eq!(
        runs.header[2..]
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        metrics,
        "runs.csv has one column per metric, in summary.csv's order"
    );
    assert_eq!(
        runs.rows.len() as u64,
        replications,
        "one row per replication"
    );
    for (i, r) in runs.column("replication").iter().enumerate() {
        assert_eq!(*r, i.to_string(), "replications in index order");
    }
    for row in &runs.rows {
        for cell in &row[2..] {
            if !cell.is_empty() {
                num(cell);
            }
        }
    }

    let ts = Table::read(&out.join("timeseries.csv"));
    assert_eq!(header_line(&out.join("timeseries.csv")), TIMESERIES_HEADER);
    assert_eq!(
        ts.rows.len() as u64,
        years * metrics.len() as u64,
        "timeseries.csv has years × metrics rows"
    );
    for (i, row) in ts.rows.iter().enumerate() {
        let year = i as u64 / metrics.len() as u64 + 1;
        assert_eq!(row[0], year.to_string(), "timeseries row {i}");
        assert_eq!(row[1], metrics[i % metrics.len()], "timeseries row {i}");
        check_stats(
            &row[2..],
            replications,
            &format!("timeseries {} {}", row[0], row[1]),
        );
    }
}

/// The row of `metric` in `summary.csv`, without the metric name.
fn summary_row(out: &Path, metric: &str) -> Vec<String> {
    let t = Table::read(&out.join("summary.csv"));
    let row = t
        .rows
        .iter()
        .find(|r| r[0] == metric)
        .unwrap_or_else(|| panic!("no {metric} in summary.csv"));
    row[1..].to_vec()
}

#[test]
fn every_shipped_scenario_runs_and_writes_its_files() {
    let tmp = tempfile::tempdir().unwrap();
    for file in shipped_scenarios() {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let out = tmp.path().join(&stem);
        run_ok(file.to_str().unwrap(), &out, SMALL);
        check_run_files(&out, 4, 20);
        let m = manifest(&out);
        assert_eq!(m["scenario_file"], file.to_str().unwrap(), "{stem}");
    }
}

#[test]
fn wars_flag_writes_wars_csv_consistent_with_runs_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("mp");
    let years = 30;
    run_ok(
        "scenarios/multipolar.toml",
        &out,
        &["--replications", "12", "--years", "30", "--wars"],
    );
    assert_eq!(header_line(&out.join("wars.csv")), WARS_HEADER);
    let wars = Table::read(&out.join("wars.csv"));
    assert!(
        !wars.rows.is_empty(),
        "expected some wars in 12 × 30 multipolar years"
    );
    let runs = Table::read(&out.join("runs.csv"));

    let started = runs.column("wars_started");
    let misjudged = runs.column("misjudged_wars");
    for (r, (s, m)) in started.iter().zip(&misjudged).enumerate() {
        let mine: Vec<&Vec<String>> = wars
            .rows
            .iter()
            .filter(|w| w[wars.col("replication")] == r.to_string())
            .collect();
        assert_eq!(
            mine.len() as f64,
            num(s),
            "replication {r}: wars.csv rows vs wars_started"
        );
        let mis = mine
            .iter()
            .filter(|w| w[wars.col("misjudged")] == "true")
            .count();
        assert_eq!(
            mis as f64,
            num(m),
            "replication {r}: misjudged rows vs misjudged_wars"
        );
    }
    for w in &wars.rows {
        let cell = |name: &str| w[wars.col(name)].as_str();
        let start = num(cell("start"));
        assert!((1.0..=years as f64).contains(&start), "start {start}");
        assert!(num(cell("end")) >= start, "end before start: {w:?}");
        let a: Vec<&str> = cell("side_initiator").split(';').collect();
        let b: Vec<&str> = cell("side_target").split(';').collect();
        assert_eq!(a[0], cell("initiator"), "the initiator leads its side");
        assert_eq!(b[0], cell("target"), "the target leads its side");
        assert_eq!(num(cell("participants")) as usize, a.len() + b.len());
        assert!(num(cell("joined_by_alliance")) as usize <= a.len() + b.len() - 2);
        match cell("ending") {
            "unfinished" => assert_eq!(cell("winner"), "", "{w:?}"),
            "beaten" | "gave_up" => {
                assert!(["initiator", "target"].contains(&cell("winner")), "{w:?}")
            }
            other => panic!("ending {other:?}"),
        }
        assert!(num(cell("late_joiners")) as usize <= a.len() + b.len() - 2);
        assert!(["true", "false"].contains(&cell("misjudged")), "{w:?}");
        let p = num(cell("initiator_expected_win"));
        assert!((0.0..=1.0).contains(&p), "expected win {p}");
        assert!(num(cell("cost_initiator_side")) >= 0.0);
        assert!(num(cell("cost_target_side")) >= 0.0);
    }
    let files = manifest(&out)["files"].clone();
    assert!(
        files.as_array().unwrap().contains(&Value::from("wars.csv")),
        "{files}"
    );
}

#[test]
fn ratios_with_nothing_to_divide_are_empty_with_n_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("none");
    run_ok("scenarios/no-alliances.toml", &out, SMALL);
    // No alliances, so never a call: the honour rate has no denominator anywhere.
    assert_eq!(summary_row(&out, "honour_rate"), ["", "", "", "", "0"]);
    assert_eq!(summary_row(&out, "alliance_calls")[..2], ["0", "0"]);
    let ts = Table::read(&out.join("timeseries.csv"));
    let honour: Vec<&Vec<String>> = ts.rows.iter().filter(|r| r[1] == "honour_rate").collect();
    assert_eq!(honour.len(), 20, "the row stays for every year");
    for r in honour {
        assert_eq!(r[2..], ["", "", "", "", "0"], "year {}", r[0]);
    }
    let runs = Table::read(&out.join("runs.csv"));
    assert!(runs.column("honour_rate").iter().all(|c| c.is_empty()));
}

#[test]
fn manifest_records_the_run_and_the_resolved_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("m");
    let args = [
        "--seed",
        "7",
        "--replications",
        "3",
        "--years",
        "5",
        "--threads",
        "2",
        "--set",
        "model.stakes=0.3",
        "--set",
        "alliances.*.reliability=0.35",
    ];
    run_ok("scenarios/two-blocs.toml", &out, &args);
    let m = manifest(&out);
    assert_eq!(m["tool"], "deterrence");
    assert_eq!(m["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["seed"], 7);
    assert_eq!(m["replications"], 3);
    assert_eq!(m["years"], 5);
    assert_eq!(m["threads"], 2);
    assert!(m["wall_time_seconds"].as_f64().is_some_and(|t| t >= 0.0));
    let hash = m["scenario_hash"].as_str().expect("a hash string");
    assert_eq!(hash.len(), 64, "{hash}");
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{hash}");

    let cmd: Vec<&str> = m["command_line"]
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_str().expect("strings"))
        .collect();
    assert!(cmd[0].contains("deterrence"), "{cmd:?}");
    assert_eq!(cmd[1..3], ["run", "scenarios/two-blocs.toml"]);
    assert!(cmd.ends_with(&args), "{cmd:?}");

    let s = &m["scenario"];
    assert_eq!(s["name"], "Two blocs");
    assert_eq!(s["model"]["stakes"], 0.3);
    assert_eq!(s["simulation"]["seed"], 7);
    assert_eq!(s["simulation"]["replications"], 3);
    assert_eq!(s["simulation"]["years"], 5);
    let alliances = s["world"]["alliances"].as_array().expect("alliances");
    assert_eq!(alliances.len(), 2);
    for a in alliances {
        assert_eq!(a["reliability"], 0.35, "{a}");
    }
    // Defaults are resolved too: a model parameter the file does not set.
    assert!(s["model"]["war_cost"].as_f64().is_some(), "{}", s["model"]);
    let mut files: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    files.sort_unstable();
    let mut expected = RUN_FILES.to_vec();
    expected.sort_unstable();
    assert_eq!(files, expected);

    // The hash follows the resolved scenario: the same again, another value differs.
    let again = tmp.path().join("again");
    run_ok("scenarios/two-blocs.toml", &again, &args);
    assert_eq!(manifest(&again)["scenario_hash"], hash);
    let other = tmp.path().join("other");
    let mut changed = args.to_vec();
    changed[9] = "model.stakes=0.31";
    run_ok("scenarios/two-blocs.toml", &other, &changed);
    assert_ne!(manifest(&other)["scenario_hash"], hash);
}

#[test]
fn seed_replications_years_and_set_take_effect() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    run_ok(
        "scenarios/two-blocs.toml",
        &a,
        &["--seed", "11", "--replications", "5", "--years", "6"],
    );
    check_run_files(&a, 5, 6);
    assert!(
        Table::read(&a.join("runs.csv"))
            .column("seed")
            .iter()
            .all(|s| *s == "11")
    );

    let b = tmp.path().join("b");
    run_ok(
        "scenarios/two-blocs.toml",
        &b,
        &[
            "--set",
            "simulation.replications=3",
            "--set",
            "simulation.years=7",
            "--set",
            "simulation.seed=12",
        ],
    );
    check_run_files(&b, 3, 7);
    let m = manifest(&b);
    assert_eq!(
        (m["replications"].as_u64(), m["years"].as_u64()),
        (Some(3), Some(7))
    );
    assert_eq!(m["seed"], 12);

    // Another seed, other luck.
    let c = tmp.path().join("c");
    run_ok(
        "scenarios/two-blocs.toml",
        &c,
        &["--seed", "12", "--replications", "5", "--years", "6"],
    );
    let runs_a = Table::read(&a.join("runs.csv"));
    let runs_c = Table::read(&c.join("runs.csv"));
    let strip =
        |t: &Table| -> Vec<Vec<String>> { t.rows.iter().map(|r| r[2..].to_vec()).collect() };
    assert_ne!(
        strip(&runs_a),
        strip(&runs_c),
        "seeds 11 and 12 gave the same metrics"
    );

    // A model parameter set from the command line changes the simulation.
    let d = tmp.path().join("d");
    run_ok(
        "scenarios/two-blocs.toml",
        &d,
        &[
            "--seed",
            "11",
            "--replications",
            "5",
            "--years",
            "6",
            "--set",
            "model.dispute_rate=0.9",
        ],
    );
    let disputes = |dir: &Path| -> f64 {
        Table::read(&dir.join("runs.csv"))
            .column("disputes")
            .iter()
            .map(|c| num(c))
            .sum()
    };
    assert!(
        disputes(&d) > disputes(&a),
        "dispute_rate 0.9 gave {} disputes, the default {}",
        disputes(&d),
        disputes(&a)
    );
}

#[test]
fn default_output_is_output_slug_under_the_working_directory() {
    let cwd = tempfile::tempdir().unwrap();
    let scenario = crate::common::root().join("scenarios/two-blocs.toml");
    let output = deterrence()
        .current_dir(cwd.path())
        .arg("run")
        .arg(&scenario)
        .args(SMALL)
        .arg("--quiet")
        .output()
        .unwrap();
    assert_exit(&output, 0, "run without --out");
    assert_eq!(entries(cwd.path()), ["output"]);
    assert_eq!(entries(&cwd.path().join("output")), ["two-blocs"]);
    check_run_files(&cwd.path().join("output/two-blocs"), 4, 20);
}

#[test]
fn hostile_scenario_names_stay_inside_output() {
    let names = [
        ("../../evil", "evil"),
        ("/tmp/evil", "tmp-evil"),
        ("..", "scenario"),
        (r"C:\Windows\evil", "c-windows-evil"),
    ];
    let scenario_text =
        fs::read_to_string(crate::common::root().join("scenarios/no-alliances.toml"))
            .unwrap()
            .replace("name = \"No alliances\"", "name = \"NAME\"");
    assert!(scenario_text.contains("\"NAME\""));
    for (name, slug) in names {
        let tmp = tempfile::tempdir().unwrap();
        let cwd = tmp.path().join("a/b");
        fs::create_dir_all(&cwd).unwrap();
        let file = tmp.path().join("hostile.toml");
        let quoted = serde_json::to_string(name).unwrap(); // a valid TOML basic string too
        fs::write(&file, scenario_text.replace("\"NAME\"", &quoted)).unwrap();
        let output = deterrence()
            .current_dir(&cwd)
            .arg("run")
            .arg(&file)
            .args(["--replications", "2", "--years", "3", "--quiet"])
            .output()
            .unwrap();
        assert_exit(&output, 0, name);
        let written: Vec<String> = all_files(tmp.path())
            .iter()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect();
        let mut expected: Vec<String> = RUN_FILES
            .iter()
            .map(|f| format!("a/b/output/{slug}/{f}"))
            .collect();
        expected.push("hostile.toml".into());
        expected.sort();
        assert_eq!(written, expected, "scenario name {name:?}");
    }
}

#[test]
fn quiet_prints_nothing_and_loud_prints_a_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let quiet = run_raw("scenarios/two-blocs.toml", &tmp.path().join("q"), SMALL);
    assert_exit(&quiet, 0, "quiet run");
    assert!(quiet.stdout.is_empty(), "{}", stdout(&quiet));

    let out = tmp.path().join("loud");
    deterrence()
        .args(["run", "scenarios/two-blocs.toml", "--out"])
        .arg(&out)
        .args(SMALL)
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("Two blocs: 4 replications")
                .and(predicate::str::contains("war_onset_rate"))
                .and(predicate::str::contains("honour_rate"))
                .and(predicate::str::contains(out.display().to_string())),
        )
        // The progress bar is only for a terminal.
        .stderr(predicate::str::is_empty());
}

#[test]
fn rerunning_into_the_same_out_replaces_the_earlier_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("same");
    run_ok(
        "scenarios/two-blocs.toml",
        &out,
        &["--seed", "1", "--replications", "3", "--years", "5"],
    );
    run_ok(
        "scenarios/two-blocs.toml",
        &out,
        &["--seed", "2", "--replications", "4", "--years", "6"],
    );
    check_run_files(&out, 4, 6);
    assert_eq!(manifest(&out)["seed"], 2);
    let fresh = tmp.path().join("fresh");
    run_ok(
        "scenarios/two-blocs.toml",
        &fresh,
        &["--seed", "2", "--replications", "4", "--years", "6"],
    );
    for f in ["runs.csv", "timeseries.csv", "summary.csv"] {
        assert_eq!(
            fs::read(out.join(f)).unwrap(),
            fs::read(fresh.join(f)).unwrap(),
            "{f} of the re-run differs from a fresh run"
        );
    }
}

#[test]
fn a_directory_of_other_files_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("thesis");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("chapter1.tex"), "my thesis").unwrap();
    fs::write(out.join("runs.csv"), "not ours").unwrap();
    let output = run_raw("scenarios/two-blocs.toml", &out, SMALL);
    assert_exit(&output, 2, "foreign --out");
    let err = stderr(&output);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains(&out.display().to_string()), "{err}");
    assert!(err.contains("choose another --out"), "{err}");
    assert_eq!(entries(&out), ["chapter1.tex", "runs.csv"]);
    assert_eq!(
        fs::read_to_string(out.join("chapter1.tex")).unwrap(),
        "my thesis"
    );
    assert_eq!(
        fs::read_to_string(out.join("runs.csv")).unwrap(),
        "not ours"
    );
}

#[test]
fn an_out_that_is_a_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("results");
    fs::write(&file, "keep me").unwrap();
    let output = run_raw("scenarios/two-blocs.toml", &file, SMALL);
    assert_exit(&output, 2, "--out naming a file");
    assert!(stderr(&output).contains(&file.display().to_string()));
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");
    assert_eq!(entries(tmp.path()), ["results"]);
}

#[test]
fn a_run_without_wars_removes_a_stale_wars_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("w");
    run_ok(
        "scenarios/two-blocs.toml",
        &out,
        &["--replications", "2", "--years", "5", "--wars"],
    );
    assert!(out.join("wars.csv").is_file());
    run_ok(
        "scenarios/two-blocs.toml",
        &out,
        &["--replications", "2", "--years", "5"],
    );
    assert!(
        !out.join("wars.csv").exists(),
        "wars.csv of the earlier run is still there"
    );
    check_run_files(&out, 2, 5);
    let files = manifest(&out)["files"].clone();
    assert!(!files.as_array().unwrap().contains(&Value::from("wars.csv")));
}

#[test]
fn missing_parents_of_out_are_created() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("deep/er/run");
    run_ok(
        "scenarios/two-blocs.toml",
        &out,
        &["--replications", "2", "--years", "3"],
    );
    check_run_files(&out, 2, 3);
}

#[test]
fn records_agree_with_the_metrics_of_their_replications() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    run_ok(
        "scenarios/two-blocs.toml",
        &out,
        &[
            "--replications",
            "20",
            "--years",
            "60",
            "--wars",
            "--records",
            "crises,participants,calls,state-years,dyad-years",
        ],
    );
    for (file, header) in [
        ("crises.csv", deterrence_header("crises")),
        ("participants.csv", deterrence_header("participants")),
        ("calls.csv", deterrence_header("calls")),
        ("state_years.csv", deterrence_header("state_years")),
        ("dyad_years.csv", deterrence_header("dyad_years")),
    ] {
        assert_eq!(header_line(&out.join(file)), header, "{file}");
    }
    let runs = Table::read(&out.join("runs.csv"));
    let crises = Table::read(&out.join("crises.csv"));
    let wars = Table::read(&out.join("wars.csv"));
    let people = Table::read(&out.join("participants.csv"));
    let calls = Table::read(&out.join("calls.csv"));
    let years = Table::read(&out.join("state_years.csv"));
    let dyads = Table::read(&out.join("dyad_years.csv"));
    let of = |t: &Table, r: usize| -> Vec<Vec<String>> {
        t.rows
            .iter()
            .filter(|row| row[0] == r.to_string())
            .cloned()
            .collect()
    };
    let metric = |name: &str, r: usize| num(runs.column(name)[r]);
    let (mut wars_seen, mut calls_seen, mut backed) = (0, 0, 0);
    for r in 0..20 {
        let c = of(&crises, r);
        assert_eq!(c.len() as f64, metric("disputes", r), "replication {r}");
        // The crises marked deterred are the metric's count.
        let deterred = c
            .iter()
            .filter(|row| row[crises.col("deterred")] == "true")
            .count();
        assert_eq!(
            deterred as f64,
            metric("deterred_by_alliance", r),
            "replication {r}"
        );
        backed += c
            .iter()
            .filter(|row| !row[crises.col("target_backers")].is_empty())
            .count();
        let level = crises.col("level");
        for (name, lv) in [
            ("disputes_threat", "2"),
            ("disputes_display", "3"),
            ("disputes_force", "4"),
            ("wars_started", "5"),
        ] {
            let n = c.iter().filter(|row| row[level] == lv).count();
            assert_eq!(n as f64, metric(name, r), "replication {r}: {name}");
        }
        // Every war in wars.csv has its participants, as many as it lists.
        let w = of(&wars, r);
        let p = of(&people, r);
        assert_eq!(w.len() as f64, metric("wars_started", r));
        let size: usize = w
            .iter()
            .map(|row| num(&row[wars.col("participants")]) as usize)
            .sum();
        assert_eq!(p.len(), size, "replication {r}");
        wars_seen += w.len();
        // Calls whose terms applied are the metric's calls, and their answers its counts.
        let k = of(&calls, r);
        let applied: Vec<_> = k
            .iter()
            .filter(|row| row[calls.col("terms")] == "applied")
            .collect();
        assert_eq!(
            applied.len() as f64,
            metric("alliance_calls", r),
            "replication {r}"
        );
        let honoured = applied
            .iter()
            .filter(|row| row[calls.col("answer")] == "honoured")
            .count();
        assert_eq!(
            honoured as f64,
            metric("calls_honoured", r),
            "replication {r}"
        );
        calls_seen += k.len();
        // One row per living state and year: states_alive is their mean per year.
        let y = of(&years, r);
        assert!((y.len() as f64 - 60.0 * metric("states_alive", r)).abs() < 1e-6);
        // One row per ordered pair of the states alive as each year began (all
        // 10 in year 1, those alive at the end of the year before after), and
        // the crises of each pair are the rows of crises.csv.
        let d = of(&dyads, r);
        for year in 1..=60 {
            let alive = if year == 1 {
                10
            } else {
                let before = (year - 1).to_string();
                y.iter().filter(|row| row[1] == before).count()
            };
            let rows = d.iter().filter(|row| row[1] == year.to_string()).count();
            assert_eq!(rows, alive * (alive - 1), "replication {r}, year {year}");
        }
        let mut from_dyads = std::collections::BTreeMap::new();
        for row in &d {
            let n = num(&row[dyads.col("crises")]) as usize;
            if n > 0 {
                let key = (row[1].clone(), row[2].clone(), row[3].clone());
                from_dyads.insert(key, (n, row[dyads.col("level")].clone()));
            }
        }
        let mut from_crises = std::collections::BTreeMap::new();
        for row in &c {
            let key = (
                row[crises.col("year")].clone(),
                row[crises.col("challenger")].clone(),
                row[crises.col("target")].clone(),
            );
            let e = from_crises.entry(key).or_insert((0, String::new()));
            e.0 += 1;
            e.1 = e.1.clone().max(row[level].clone());
        }
        assert_eq!(from_dyads, from_crises, "replication {r}");
    }
    assert!(
        wars_seen > 20 && calls_seen > 5 && backed > 5,
        "{wars_seen} wars, {calls_seen} calls, {backed} targets backed"
    );
}

/// The header of a record file, as docs/RECORDS.md lists it.
fn deterrence_header(kind: &str) -> String {
    match kind {
        "crises" => {
            "replication,crisis,year,challenger,target,scripted,level,outcome,war,\
contiguous,shared_pacts,challenger_other_pacts,target_other_pacts,challenger_major,target_major,\
deterred,challenger_backers,target_backers"
        }
        "participants" => "replication,war,state,side,year_in,year_out,how,alliance,kind",
        "calls" => "replication,war,year,state,alliance,kind,partner_side,terms,answer",
        "dyad_years" => {
            "replication,year,state_a,state_b,contiguous,capability_ratio,shared_pacts,\
a_other_pacts,b_other_pacts,a_major,b_major,ongoing_war,crises,level"
        }
        _ => "replication,year,state,capability,wealth,spending_share,major,pacts,at_war",
    }
    .to_string()
}

#[test]
fn an_unknown_record_kind_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let o = run_raw(
        "scenarios/two-blocs.toml",
        &out,
        &["--records", "crises,battles"],
    );
    assert_exit(&o, 2, "unknown record kind");
    let err = stderr(&o);
    assert!(
        err.contains("battles") && err.contains("state-years"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written");
    // Records are `run`'s: compare does not take the option.
    let o = deterrence()
        .args([
            "compare",
            "scenarios/two-blocs.toml",
            "--records",
            "crises",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_exit(&o, 2, "compare --records");
}

#[test]
fn dyad_years_that_would_not_fit_on_disk_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    // 10 × 9 dyads × 10⁵ years × 10⁶ replications: some 700 TB.
    let o = run_raw(
        "scenarios/two-blocs.toml",
        &out,
        &[
            "--records",
            "dyad-years",
            "--years",
            "100000",
            "--replications",
            "1000000",
        ],
    );
    assert_exit(&o, 2, "dyad-years beyond the disk");
    let err = stderr(&o);
    assert!(
        err.contains("two-blocs.toml: --records: the dyad-years records would take about")
            && err.contains("--allow-large")
            && err.contains("--gzip"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn gzip_records_hold_the_same_bytes_compressed() {
    use std::io::Read;
    let tmp = tempfile::tempdir().unwrap();
    let dir = |name: &str| tmp.path().join(name);
    let args = [
        "--replications",
        "20",
        "--years",
        "60",
        "--records",
        "crises,participants",
    ];
    run_ok("scenarios/two-blocs.toml", &dir("plain"), &args);
    for threads in ["1", "2"] {
        let mut gz = args.to_vec();
        gz.extend(["--gzip", "--threads", threads]);
        run_ok(
            "scenarios/two-blocs.toml",
            &dir(&format!("gz{threads}")),
            &gz,
        );
    }
    for name in ["crises.csv", "participants.csv"] {
        let packed = fs::read(dir("gz1").join(format!("{name}.gz"))).unwrap();
        assert_eq!(
            packed,
            fs::read(dir("gz2").join(format!("{name}.gz"))).unwrap(),
            "{name}"
        );
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_end(&mut text)
            .unwrap();
        assert_eq!(text, fs::read(dir("plain").join(name)).unwrap(), "{name}");
        assert!(!dir("gz1").join(name).exists());
    }
    let listed = manifest(&dir("gz1"))["files"].to_string();
    assert!(listed.contains("crises.csv.gz"), "{listed}");
    // --gzip compresses records: without any it is a usage error.
    let o = run_raw("scenarios/two-blocs.toml", &dir("none"), &["--gzip"]);
    assert_exit(&o, 2, "--gzip without --records");
}

/// Without `--out`, a run never replaces the results of another configuration
/// in the default directory: it moves to `-2`, `-3`, … and says so; the same
/// configuration (whatever the threads) replaces its own results.
#[test]
fn the_default_directory_is_not_replaced_by_another_configuration() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = crate::common::root().join("scenarios/two-blocs.toml");
    let run = |extra: &[&str]| {
        let o = deterrence()
            .current_dir(tmp.path())
            .arg("run")
            .arg(&scenario)
            .args(["--replications", "3", "--years", "5", "-q"])
            .args(extra)
            .output()
            .unwrap();
        assert_exit(&o, 0, &format!("run {extra:?}"));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let first = tmp.path().join("output/two-blocs");
    let second = tmp.path().join("output/two-blocs-2");
    assert!(!run(&[]).contains("holds the results"));
    let runs = std::fs::read(first.join("runs.csv")).unwrap();
    assert!(!run(&["--threads", "1"]).contains("holds the results"));
    assert!(
        !second.exists(),
        "the threads do not make another configuration"
    );
    let note = run(&["--set", "alliances.0.reliability=0"]);
    assert!(
        note.contains("holds the results of another configuration"),
        "{note}"
    );
    assert!(note.contains("two-blocs-2"), "{note}");
    assert_eq!(std::fs::read(first.join("runs.csv")).unwrap(), runs, "kept");
    assert!(second.join("manifest.json").is_file());
    // The same changed configuration again replaces its own directory (and
    // says again where its results go).
    assert!(run(&["--set", "alliances.0.reliability=0"]).contains("these go to"));
    assert!(!tmp.path().join("output/two-blocs-3").exists());
    // An unfinished run (a journal, no manifest) holds nothing to keep: taken over.
    let unfinished = tmp.path().join("output/two-blocs-3");
    fs::create_dir_all(&unfinished).unwrap();
    fs::write(unfinished.join(".deterrence-journal"), "").unwrap();
    assert!(run(&["--set", "alliances.1.reliability=0"]).contains("two-blocs-3"));
    assert!(unfinished.join("manifest.json").is_file());
    assert!(!tmp.path().join("output/two-blocs-4").exists());
    // --out is used as given.
    let o = deterrence()
        .current_dir(tmp.path())
        .arg("run")
        .arg(&scenario)
        .args([
            "--replications",
            "3",
            "--years",
            "5",
            "-q",
            "--seed",
            "1",
            "--out",
        ])
        .arg(&first)
        .output()
        .unwrap();
    assert_exit(&o, 0, "run --out");
    assert_ne!(
        std::fs::read(first.join("runs.csv")).unwrap(),
        runs,
        "replaced as asked"
    );
}
