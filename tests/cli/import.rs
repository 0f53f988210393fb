//! `deterrence import-cow`: the 1914 world from the real Correlates of War
//! files beside the repository (`../shared/data/cow`, skipped when absent)
//! has the great powers, Germany about 2.1 times France, and the Franco-Russian
//! and Dual Alliance defence pacts, and the file it writes validates and runs;
//! the fixtures in `tests/fixtures/cow/` import too; bad input (a year outside
//! the data, an unknown ccode, a missing file, a malformed row) exits with 2
//! and a message naming the file, and writes nothing.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{assert_exit, deterrence, root, run_ok, stderr, stdout};

/// The real COW files, when the shared data sit beside the repository.
fn cow_dir() -> Option<PathBuf> {
    let dir = root().join("../shared/data/cow");
    dir.join("alliance_v4.1_by_member.csv")
        .is_file()
        .then_some(dir)
}

/// The fixture files.
fn fixtures() -> PathBuf {
    root().join("tests/fixtures/cow")
}

/// The file options for a directory holding COW files under the given names.
fn files(dir: &Path, names: [&str; 4]) -> Vec<String> {
    let [nmc, alliances, contiguity, states] = names;
    vec![
        "--nmc".into(),
        dir.join(nmc).display().to_string(),
        "--alliances".into(),
        dir.join(alliances).display().to_string(),
        "--contiguity".into(),
        dir.join(contiguity).display().to_string(),
        "--states".into(),
        dir.join(states).display().to_string(),
    ]
}

const REAL: [&str; 4] = [
    "NMC-60-abridged.csv",
    "alliance_v4.1_by_member.csv",
    "contdird.csv",
    "states2016.csv",
];
const FIXTURE: [&str; 4] = ["nmc.csv", "alliances.csv", "contdird.csv", "states.csv"];

/// The value of `key` in the `[[states]]` table whose id is `id`.
fn state_value(text: &str, id: &str, key: &str) -> f64 {
    let doc: toml::Table = text.parse().expect("the import is TOML");
    let states = doc["states"].as_array().expect("states");
    let s = states
        .iter()
        .find(|s| s["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no state {id}"));
    s[key].as_float().expect("a number")
}

#[test]
fn the_1914_import_from_cow_data_has_the_powers_and_pacts_and_runs() {
    let Some(dir) = cow_dir() else {
        eprintln!("skipped: ../shared/data/cow is not there");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("europe-1914.toml");
    let output = deterrence()
        .args([
            "import-cow",
            "--year",
            "1914",
            "--on",
            "06-28",
            "--region",
            "europe",
        ])
        .args(["--ccodes", "640", "--sea-miles", "24"])
        .args(files(&dir, REAL))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_exit(&output, 0, "import-cow 1914");
    assert!(stdout(&output).contains("20 states"), "{}", stdout(&output));
    let text = fs::read_to_string(&out).unwrap();
    for id in ["GMY", "FRN", "RUS", "UKG", "AUH", "ITA"] {
        assert!(text.contains(&format!("id = \"{id}\"")), "no {id}");
    }
    let ratio = state_value(&text, "GMY", "capability") / state_value(&text, "FRN", "capability");
    assert!((ratio - 2.1).abs() < 0.05, "Germany / France = {ratio}");
    let doc: toml::Table = text.parse().unwrap();
    let pacts: Vec<(String, Vec<String>)> = doc["alliances"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"].as_str() == Some("defense"))
        .map(|a| {
            let members = a["members"].as_array().unwrap();
            (
                a["name"].as_str().unwrap().to_string(),
                members
                    .iter()
                    .map(|m| m.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    let has = |a: &str, b: &str| {
        pacts
            .iter()
            .any(|(_, m)| m.len() == 2 && m.contains(&a.to_string()) && m.contains(&b.to_string()))
    };
    assert!(
        has("FRN", "RUS"),
        "Franco-Russian alliance missing: {pacts:?}"
    );
    assert!(has("GMY", "AUH"), "Dual Alliance missing: {pacts:?}");
    assert!(
        text.contains("# COW alliance 74 "),
        "alliance lines are traced to COW ids"
    );
    assert!(text.contains("deterrence import-cow --year 1914"));
    // Historians' names, and capitals for the map: Constantinople in 1914.
    for name in ["Dual Alliance (COW 64)", "Franco-Russian Alliance (COW 74)"] {
        assert!(text.contains(&format!("name = \"{name}\"")), "no {name}");
    }
    let capital = |id: &str| -> Vec<f64> {
        let doc: toml::Table = text.parse().unwrap();
        let s = doc["states"].as_array().unwrap().iter();
        let s = s.clone().find(|s| s["id"].as_str() == Some(id)).unwrap();
        let c = s["capital"].as_array().expect("a capital");
        c.iter().map(|x| x.as_float().unwrap()).collect()
    };
    assert_eq!(capital("UKG"), [51.5, -0.1]);
    assert_eq!(capital("TUR"), [41.0, 29.0]);
    assert_eq!(capital("RUS"), [59.9, 30.3]);
    assert_eq!(
        text.matches("\ncapital = [").count(),
        20,
        "every state has one"
    );

    let validated = deterrence().arg("validate").arg(&out).output().unwrap();
    assert_exit(&validated, 0, "validate the import");
    run_ok(
        out.to_str().unwrap(),
        &tmp.path().join("run"),
        &["--replications", "4", "--years", "5"],
    );
}

#[test]
fn the_fixtures_import_with_majors() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("w.toml");
    let output = deterrence()
        .args(["import-cow", "--year", "1914", "--majors", "--majors-file"])
        .arg(fixtures().join("majors.csv"))
        .args(files(&fixtures(), FIXTURE))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_exit(&output, 0, "import-cow on fixtures");
    let text = fs::read_to_string(&out).unwrap();
    assert!(
        (state_value(&text, "GMY", "capability") / state_value(&text, "FRN", "capability") - 2.1)
            .abs()
            < 1e-3
    );
    assert!(!text.contains("id = \"YUG\""), "Serbia is no major power");
}

/// Replaces the file given to `option`.
fn set(args: &mut [String], option: &str, file: PathBuf) {
    if let Some(i) = args.iter().position(|a| a == option) {
        args[i + 1] = file.display().to_string();
    }
}

/// Runs an import expected to fail with exit code 2, and returns its message.
fn bad(args: &[String], out: &Path) -> String {
    let output = deterrence()
        .arg("import-cow")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert_exit(&output, 2, &format!("import-cow {args:?}"));
    assert!(!out.exists(), "a failed import wrote {}", out.display());
    stderr(&output)
}

#[test]
fn bad_input_exits_2_naming_file_row_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("w.toml");
    let base = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        a.extend(files(&fixtures(), FIXTURE));
        a
    };
    let e = bad(&base(&["--year", "1950", "--region", "europe"]), &out);
    assert!(
        e.contains("nmc.csv: covers the years 1913–1915; --year 1950 is outside the data"),
        "{e}"
    );
    let e = bad(&base(&["--year", "1914", "--ccodes", "2,999"]), &out);
    assert!(e.contains("states.csv: has no state with ccode 999"), "{e}");
    let e = bad(&base(&["--year", "1914", "--region", "atlantis"]), &out);
    assert!(e.contains("atlantis"), "{e}");
    let e = bad(&base(&["--year", "1914"]), &out);
    assert!(e.contains("--majors"), "{e}");

    let mut missing = base(&["--year", "1914", "--region", "europe"]);
    set(&mut missing, "--nmc", tmp.path().join("nope.csv"));
    let e = bad(&missing, &out);
    assert!(e.contains("nope.csv: cannot read the file"), "{e}");

    // A malformed row: a letter where NMC has a number.
    let broken = tmp.path().join("nmc.csv");
    let text = fs::read_to_string(fixtures().join("nmc.csv")).unwrap();
    fs::write(&broken, text.replacen("0.20,2021", "0.2O,2021", 1)).unwrap();
    let mut args = base(&["--year", "1914", "--region", "europe"]);
    set(&mut args, "--nmc", broken);
    let e = bad(&args, &out);
    assert!(
        e.contains("nmc.csv:3: column `cinc`: expected a number"),
        "{e}"
    );

    // The dyad-level alliance file is not the one asked for.
    let dyad = tmp.path().join("by_dyad.csv");
    fs::write(
        &dyad,
        "version4id,ccode1,ccode2,dyad_st_year\n1,200,220,1900\n",
    )
    .unwrap();
    let mut args = base(&["--year", "1914", "--region", "europe"]);
    set(&mut args, "--alliances", dyad);
    let e = bad(&args, &out);
    assert!(
        e.contains("has no column `ccode`") && e.contains("member-level"),
        "{e}"
    );
}
