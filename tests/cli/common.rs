//! Helpers shared by the tests: the binary, the shipped scenarios, small runs,
//! and a reader for the CSV files a run writes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The metric names DESIGN.md fixes; a run may add more, never drop these.
pub const FIXED_METRICS: &[&str] = &[
    "wars_started",
    "war_onset_rate",
    "disputes",
    "disputes_settled",
    "attack_rate_allied",
    "attack_rate_unallied",
    "deterred_by_alliance",
    "alliance_calls",
    "calls_honoured",
    "honour_rate",
    "mean_war_size",
    "misjudged_wars",
    "spending_share_members",
    "spending_share_nonmembers",
    "largest_power_share",
    "capability_hhi",
    "states_alive",
    "mean_trust",
];

/// The files every run writes (with the default `--format both`), as the
/// manifest lists them: relative to the output directory, `/`-separated.
pub const RUN_FILES: &[&str] = &[
    "manifest.json",
    "runs.csv",
    "timeseries.csv",
    "summary.csv",
    "war_sizes.csv",
    "charts/onset.png",
    "charts/onset.svg",
    "charts/war_sizes.png",
    "charts/war_sizes.svg",
    "charts/map.png",
    "charts/map.svg",
    "charts/levels.png",
    "charts/levels.svg",
    "report.html",
];

/// Every file under `dir` as `/`-separated relative names, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    all_files(dir)
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect()
}

/// Options for a small, fast run.
pub const SMALL: &[&str] = &["--replications", "4", "--years", "20"];

/// The crate root, where `scenarios/` lives.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `deterrence` binary, started in the crate root.
pub fn deterrence() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deterrence"));
    cmd.current_dir(root());
    cmd
}

/// The shipped scenario files, relative to the crate root, sorted.
pub fn shipped_scenarios() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join("scenarios"))
        .expect("scenarios/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            p.strip_prefix(root())
                .expect("inside the crate")
                .to_path_buf()
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 6,
        "expected the shipped scenarios, found {files:?}"
    );
    files
}

/// Runs `deterrence run SCENARIO --out OUT --quiet` with `extra` options and
/// returns its output, whatever the exit code.
pub fn run_raw(scenario: &str, out: &Path, extra: &[&str]) -> Output {
    deterrence()
        .arg("run")
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .output()
        .expect("the binary starts")
}

/// As [`run_raw`], asserting success (and no output at all, as `--quiet` asks).
pub fn run_ok(scenario: &str, out: &Path, extra: &[&str]) {
    let output = run_raw(scenario, out, extra);
    assert!(
        output.status.success(),
        "deterrence run {scenario} {extra:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stdout(&output), "", "--quiet printed on stdout");
    assert_eq!(
        stderr(&output),
        "",
        "a successful quiet run printed on stderr"
    );
}

/// Stdout as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// Stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Asserts the process ended with `code` and did not panic.
pub fn assert_exit(output: &Output, code: i32, what: &str) {
    let err = stderr(output);
    assert!(!err.contains("panicked"), "{what}: panic on stderr:\n{err}");
    assert_eq!(
        output.status.code(),
        Some(code),
        "{what}: wrong exit code; stderr:\n{err}"
    );
}

/// The names of the entries of `dir`, sorted; empty when it does not exist.
pub fn entries(dir: &Path) -> Vec<String> {
    let Ok(read) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = read
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Every file under `dir`, as paths relative to it, sorted.
pub fn all_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).expect("readable directory") {
            let p = e.expect("a directory entry").path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).expect("under base").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// A CSV file as the tool writes it: a header and rows of plain cells.
#[derive(Debug)]
pub struct Table {
    /// The column names.
    pub header: Vec<String>,
    /// The data rows, each as wide as the header.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Reads `path`, asserting `\n` line ends, a final newline, no quoting
    /// (no cell the tool writes needs it) and rows as wide as the header.
    pub fn read(path: &Path) -> Table {
        let text = fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        assert!(
            text.ends_with('\n'),
            "{} lacks a final newline",
            path.display()
        );
        assert!(!text.contains('\r'), "{} has CR line ends", path.display());
        assert!(!text.contains('"'), "{} has quoted cells", path.display());
        let mut lines = text.lines();
        let header: Vec<String> = lines
            .next()
            .expect("a header")
            .split(',')
            .map(str::to_string)
            .collect();
        let rows: Vec<Vec<String>> = lines
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect();
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(
                row.len(),
                header.len(),
                "{} row {} is {} cells wide, the header {}",
                path.display(),
                i + 1,
                row.len(),
                header.len()
            );
        }
        Table { header, rows }
    }

    /// Reads `path` as RFC 4180 CSV, where cells holding commas or quotes are quoted.
    pub fn read_quoted(path: &Path) -> Table {
        let text = fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let mut rows: Vec<Vec<String>> = Vec::new();
        let (mut row, mut cell, mut quoted, mut chars) =
            (Vec::new(), String::new(), false, text.chars().peekable());
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                ('"', _) => quoted = !quoted,
                (',', false) => row.push(std::mem::take(&mut cell)),
                ('\n', false) => {
                    row.push(std::mem::take(&mut cell));
                    rows.push(std::mem::take(&mut row));
                }
                (c, _) => cell.push(c),
            }
        }
        assert!(
            !quoted && cell.is_empty() && row.is_empty(),
            "{} ends mid-row",
            path.display()
        );
        let header = rows.remove(0);
        for r in &rows {
            assert_eq!(
                r.len(),
                header.len(),
                "{}: a row of the wrong width",
                path.display()
            );
        }
        Table { header, rows }
    }

    /// The index of column `name`.
    pub fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    /// The cells of column `name`.
    pub fn column(&self, name: &str) -> Vec<&str> {
        let k = self.col(name);
        self.rows.iter().map(|r| r[k].as_str()).collect()
    }
}

/// The header line of a CSV file.
pub fn header_line(path: &Path) -> String {
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines().next().unwrap_or_default().to_string()
}

/// Reads and parses `manifest.json` in `dir`.
pub fn manifest(dir: &Path) -> serde_json::Value {
    let text = fs::read_to_string(dir.join("manifest.json")).expect("manifest.json is readable");
    serde_json::from_str(&text).expect("manifest.json is JSON")
}

/// Parses a numeric cell, which must be a finite number.
pub fn num(cell: &str) -> f64 {
    let x: f64 = cell
        .parse()
        .unwrap_or_else(|e| panic!("{cell:?} is not a number: {e}"));
    assert!(x.is_finite(), "{cell:?} is not finite");
    x
}

/// Reads `dir/report.html` and checks that it stands alone: the scenario's
/// name (escaped as HTML), at least one inline SVG, no script, nothing loaded
/// from the web, and listed in the manifest. Returns the page.
pub fn self_contained_report(dir: &Path, escaped_name: &str) -> String {
    let report = fs::read_to_string(dir.join("report.html")).expect("report.html is written");
    assert!(report.contains(escaped_name), "report names {escaped_name}");
    assert!(report.contains("<svg"), "report inlines its charts");
    for banned in ["<script", "src=\"http", "href=\"http", "<link"] {
        assert!(!report.contains(banned), "report holds {banned}");
    }
    let m = manifest(dir);
    let files: Vec<&str> = m["files"]
        .as_array()
        .expect("manifest files")
        .iter()
        .filter_map(|f| f.as_str())
        .collect();
    assert!(files.contains(&"report.html"), "{files:?}");
    report
}
