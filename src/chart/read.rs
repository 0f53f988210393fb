//! Reading a finished run back: `manifest.json` and the CSV files the run
//! wrote, checked as they are read, so a missing or garbled file is reported
//! by name (and line) instead of producing a wrong chart.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use csv::StringRecord;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::files::{ReadError, read_limited};
use crate::output::csv::{Record, records, records_where};
use crate::output::{
    MANIFEST_FILE, Manifest, SUMMARY_FILE, TIMESERIES_FILE, TOOL_NAME, WAR_SIZES_FILE,
};
use crate::scenario::from_resolved;
use crate::story::{self, Story};

use super::data::Interval;
use super::error::ChartError;

/// The scenario as the manifest records it, with what charts and report need.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ScenarioView {
    /// The scenario's name.
    pub name: String,
    /// What the scenario is for.
    #[serde(default)]
    pub description: String,
    /// Years, replications and seed.
    pub simulation: SimulationView,
    /// The initial world.
    pub world: WorldView,
    /// The resolved `[model]` table.
    #[serde(default)]
    pub model: Map<String, Value>,
}

/// The `[simulation]` settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
pub struct SimulationView {
    /// Years per replication.
    pub years: u32,
    /// Replications.
    pub replications: u32,
    /// Seed.
    pub seed: u64,
}

/// The world: states, borders and alliances.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct WorldView {
    /// The states.
    pub states: Vec<StateView>,
    /// Borders as pairs of state indices.
    #[serde(default)]
    pub borders: Vec<(usize, usize)>,
    /// The alliances.
    #[serde(default)]
    pub alliances: Vec<AllianceView>,
}

/// A state.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct StateView {
    /// Short id.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Military capability.
    pub capability: f64,
    /// Position on the map.
    pub position: [f64; 2],
    /// Capital as `[latitude, longitude]`, when the scenario gives one.
    #[serde(default)]
    pub capital: Option<[f64; 2]>,
}

/// An alliance.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct AllianceView {
    /// Display name.
    pub name: String,
    /// Kind of pledge (`defense`, …).
    #[serde(default)]
    pub kind: String,
    /// Member state indices.
    pub members: Vec<usize>,
    /// Reliability of the pledge.
    #[serde(default)]
    pub reliability: Option<f64>,
}

/// One row of `summary.csv`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SummaryRow {
    /// The metric's name.
    pub metric: String,
    /// Mean and 95 % interval.
    pub value: Interval,
    /// Replications that contributed.
    pub n: u64,
}

/// Everything charts and report are drawn from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunData {
    /// The run's directory.
    pub dir: PathBuf,
    /// The resolved scenario.
    pub scenario: ScenarioView,
    /// The scenario file as given to `run`.
    pub scenario_file: String,
    /// Hash of the resolved scenario.
    pub scenario_hash: String,
    /// Version of the tool that wrote the run.
    pub version: String,
    /// Replications run.
    pub replications: u32,
    /// Seed of the run.
    pub seed: u64,
    /// Years per replication.
    pub years: u32,
    /// `timeseries.csv`: metric → `(year, estimate)` in file order.
    pub timeseries: BTreeMap<String, Vec<(f64, Interval)>>,
    /// `summary.csv`, in file order.
    pub summary: Vec<SummaryRow>,
    /// `war_sizes.csv`: `(participants, wars)`.
    pub war_sizes: Vec<(u32, u64)>,
    /// Replication 0 simulated again and told, for the report's timeline
    /// (none for a world too large to simulate again in passing).
    pub story: Option<Story>,
}

/// Largest world (states × years) whose first replication the report tells:
/// beyond it, simulating it again would cost a noticeable share of the run.
pub const STORY_MAX_STATE_YEARS: u64 = 2_000_000;

/// Most states of a world whose first replication the report tells: a story of
/// more is no longer read, and reading the world back costs time.
pub const STORY_MAX_STATES: usize = 500;

/// Replication 0 of the run whose manifest is `manifest`, told again.
fn first_story(dir: &Path, manifest: &Manifest) -> Result<Option<Story>, ChartError> {
    let path = dir.join(MANIFEST_FILE);
    let states = manifest.scenario["world"]["states"]
        .as_array()
        .map_or(0, Vec::len);
    if states > STORY_MAX_STATES {
        return Ok(None);
    }
    let scenario = from_resolved(&path.display().to_string(), &manifest.scenario)
        .map_err(|e| ChartError::bad_file(&path, None, e.to_string()))?;
    let work = scenario.world.states.len() as u64 * u64::from(scenario.simulation.years);
    Ok((work <= STORY_MAX_STATE_YEARS).then(|| story::tell(&scenario, 0)))
}

/// Reads `dir/manifest.json`, checking that it is a run of this tool.
pub fn read_manifest(dir: &Path) -> Result<Manifest, ChartError> {
    let not_a_run = |reason: String| ChartError::NotARun {
        dir: dir.to_path_buf(),
        reason,
    };
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(not_a_run("it is not a directory".into())),
        Err(e) => return Err(not_a_run(e.to_string())),
    }
    let path = dir.join(MANIFEST_FILE);
    let bytes = match read_limited(&path, MAX_MANIFEST_BYTES) {
        Ok(b) => b,
        Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound => {
            return Err(not_a_run(format!("{MANIFEST_FILE} is missing")));
        }
        Err(e) => return Err(ChartError::bad_file(&path, None, e.to_string())),
    };
    parse_manifest(dir, &bytes)
}

/// Largest manifest read (it holds the resolved scenario: 100,000 states fit well within).
const MAX_MANIFEST_BYTES: u64 = 256 << 20;

/// Largest table read (a run of the longest allowed length writes far less).
const MAX_TABLE_BYTES: u64 = 1 << 30;

/// The commands whose directories `chart DIR` redraws from their files.
pub const REDRAWN: [&str; 4] = ["run", "compare", "sweep", "claims"];

/// Parses the bytes of `dir`'s `manifest.json`, checking that this tool wrote it.
pub fn parse_manifest(dir: &Path, bytes: &[u8]) -> Result<Manifest, ChartError> {
    let not_a_run = |reason: String| ChartError::NotARun {
        dir: dir.to_path_buf(),
        reason,
    };
    let path = dir.join(MANIFEST_FILE);
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| ChartError::bad_file(&path, Some(e.line()), format!("not valid JSON: {e}")))?;
    if value.get("tool").and_then(Value::as_str) != Some(TOOL_NAME) {
        return Err(not_a_run(format!(
            "{MANIFEST_FILE} was not written by {TOOL_NAME}"
        )));
    }
    if let Some(shard) = value.get("shard").filter(|s| s.is_object()) {
        return Err(not_a_run(format!(
            "it is shard {}/{} of a run, which holds records, not results; \
             merge the shards first (deterrence merge DIR... --out DIR) and draw the merged run",
            shard["index"], shard["of"]
        )));
    }
    if let Some(command) = value
        .get("command")
        .and_then(Value::as_str)
        .filter(|c| !REDRAWN.contains(c))
    {
        return Err(not_a_run(format!(
            "it holds the output of `deterrence {command}`, and `chart` redraws the charts of \
             {}; run `{command}` again with the --format, --scale or --lang you want",
            {
                let names = REDRAWN.map(|c| format!("`{c}`"));
                match names.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} and {last}", rest.join(", "))
                    }
                    _ => names.concat(),
                }
            }
        )));
    }
    // A robustness run is a `claims` run with tables and charts of its own.
    if value.get("robustness_sets").is_some() {
        return Err(not_a_run(
            "it holds the output of `deterrence claims --robustness`, whose charts `chart` \
             does not redraw; run it again with the --format, --scale or --lang you want"
                .to_string(),
        ));
    }
    serde_path_to_error::deserialize(value)
        .map_err(|e| ChartError::bad_file(&path, None, format!("at `{}`: {}", e.path(), e.inner())))
}

/// Reads a finished run: its manifest and CSV files.
pub fn read_run(dir: &Path) -> Result<RunData, ChartError> {
    let manifest = read_manifest(dir)?;
    read_run_with(dir, &manifest)
}

/// Reads a run's CSV files, taking the manifest as given (`run` draws its
/// charts before it writes the manifest, which comes last).
pub fn read_run_with(dir: &Path, manifest: &Manifest) -> Result<RunData, ChartError> {
    let scenario = scenario_view(dir, manifest)?;
    Ok(RunData {
        dir: dir.to_path_buf(),
        timeseries: read_timeseries(&dir.join(TIMESERIES_FILE))?,
        summary: read_summary(&dir.join(SUMMARY_FILE))?,
        war_sizes: read_war_sizes(&dir.join(WAR_SIZES_FILE))?,
        story: first_story(dir, manifest)?,
        scenario,
        scenario_file: manifest.scenario_file.clone(),
        scenario_hash: manifest.scenario_hash.clone(),
        version: manifest.version.clone(),
        replications: manifest.replications,
        seed: manifest.seed,
        years: manifest.years,
    })
}

/// The resolved scenario a manifest of `dir` holds, with its state references checked.
pub fn scenario_view(dir: &Path, manifest: &Manifest) -> Result<ScenarioView, ChartError> {
    check_scenario(dir, &manifest.scenario, "scenario")
}

/// A resolved scenario held at `at` in the manifest of `dir`, read and with its
/// state references checked.
pub(super) fn check_scenario(
    dir: &Path,
    resolved: &Value,
    at: &str,
) -> Result<ScenarioView, ChartError> {
    let manifest_path = dir.join(MANIFEST_FILE);
    let scenario: ScenarioView = serde_path_to_error::deserialize(resolved).map_err(|e| {
        ChartError::bad_file(
            &manifest_path,
            None,
            format!("at `{at}.{}`: {}", e.path(), e.inner()),
        )
    })?;
    check_world(&manifest_path, &scenario.world)?;
    Ok(scenario)
}

/// Indices in borders and alliances must name states.
fn check_world(path: &Path, world: &WorldView) -> Result<(), ChartError> {
    let n = world.states.len();
    let bad = |what: String, i: usize| {
        ChartError::bad_file(
            path,
            None,
            format!("`scenario.world.{what}` refers to state {i}, but there are {n} states"),
        )
    };
    for (k, &(a, b)) in world.borders.iter().enumerate() {
        if a >= n || b >= n {
            return Err(bad(format!("borders[{k}]"), a.max(b)));
        }
    }
    for (k, al) in world.alliances.iter().enumerate() {
        if let Some(&m) = al.members.iter().find(|&&m| m >= n) {
            return Err(bad(format!("alliances[{k}].members"), m));
        }
    }
    Ok(())
}

/// A CSV file: its header and its rows with their 1-based line numbers.
pub(super) struct Csv {
    path: PathBuf,
    header: StringRecord,
    pub(super) rows: Vec<(usize, StringRecord)>,
}

impl Csv {
    pub(super) fn read(path: &Path) -> Result<Csv, ChartError> {
        Csv::parse(path, &Csv::text(path)?)
    }

    /// The file at `path`, keeping only the rows whose cell in `column` is one
    /// of `wanted` (and any row of the wrong width, to report it).
    pub(super) fn read_where(
        path: &Path,
        column: &str,
        wanted: &[&str],
    ) -> Result<Csv, ChartError> {
        let text = Csv::text(path)?;
        // (width, column) from the header, the first record.
        let mut shape: Option<(usize, Option<usize>)> = None;
        let keep = |r: &StringRecord| match shape {
            None => {
                shape = Some((r.len(), r.iter().position(|h| h == column)));
                true
            }
            Some((width, Some(k))) if r.len() == width => wanted.contains(&&r[k]),
            Some(_) => true,
        };
        Csv::from_records(path, records_where(&text, keep))
    }

    fn text(path: &Path) -> Result<String, ChartError> {
        match read_limited(path, MAX_TABLE_BYTES) {
            Ok(b) => {
                String::from_utf8(b).map_err(|_| ChartError::bad_file(path, None, "not UTF-8 text"))
            }
            Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound => Err(
                ChartError::bad_file(path, None, "missing (is the run finished?)"),
            ),
            Err(e) => Err(ChartError::bad_file(path, None, e.to_string())),
        }
    }

    fn parse(path: &Path, text: &str) -> Result<Csv, ChartError> {
        Csv::from_records(path, records(text))
    }

    fn from_records(
        path: &Path,
        records: impl Iterator<Item = Result<Record, (usize, String)>>,
    ) -> Result<Csv, ChartError> {
        let mut records = records
            .collect::<Result<Vec<_>, _>>()
            .map_err(|(line, m)| ChartError::bad_file(path, Some(line), m))?;
        if records.is_empty() {
            return Err(ChartError::bad_file(path, None, "empty: no header row"));
        }
        let (_, header) = records.remove(0);
        for (line, row) in &records {
            if row.len() != header.len() {
                return Err(ChartError::bad_file(
                    path,
                    Some(*line),
                    format!("{} cells, but the header has {}", row.len(), header.len()),
                ));
            }
        }
        Ok(Csv {
            path: path.to_path_buf(),
            header,
            rows: records,
        })
    }

    pub(super) fn col(&self, name: &str) -> Result<usize, ChartError> {
        self.header.iter().position(|h| h == name).ok_or_else(|| {
            ChartError::bad_file(
                &self.path,
                Some(1),
                format!("no column `{name}` in the header"),
            )
        })
    }

    pub(super) fn err(&self, line: usize, column: &str, cell: &str, what: &str) -> ChartError {
        ChartError::bad_file(
            &self.path,
            Some(line),
            format!("column `{column}`: {cell:?} is not {what}"),
        )
    }

    /// An optional number: empty cells are absent.
    pub(super) fn opt(
        &self,
        line: usize,
        row: &StringRecord,
        k: usize,
    ) -> Result<Option<f64>, ChartError> {
        let cell = row[k].trim();
        if cell.is_empty() {
            return Ok(None);
        }
        match cell.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Some(x)),
            _ => Err(self.err(line, &self.header[k], cell, "a number")),
        }
    }

    /// A whole number.
    pub(super) fn int(&self, line: usize, row: &StringRecord, k: usize) -> Result<u64, ChartError> {
        let cell = row[k].trim();
        cell.parse::<u64>()
            .map_err(|_| self.err(line, &self.header[k], cell, "a whole number"))
    }

    pub(super) fn interval(
        &self,
        line: usize,
        row: &StringRecord,
        [m, lo, hi]: [usize; 3],
    ) -> Result<Interval, ChartError> {
        Ok(Interval {
            mean: self.opt(line, row, m)?,
            lo: self.opt(line, row, lo)?,
            hi: self.opt(line, row, hi)?,
        })
    }
}

/// The series of `timeseries.csv` that a run's charts draw (the other rows
/// are not read).
fn read_timeseries(path: &Path) -> Result<BTreeMap<String, Vec<(f64, Interval)>>, ChartError> {
    timeseries(Csv::read_where(
        path,
        "metric",
        &super::run::CHARTED_SERIES,
    )?)
}

/// Parses the text of a `timeseries.csv` (`path` names it in messages).
pub fn parse_timeseries(
    path: &Path,
    text: &str,
) -> Result<BTreeMap<String, Vec<(f64, Interval)>>, ChartError> {
    timeseries(Csv::parse(path, text)?)
}

fn timeseries(csv: Csv) -> Result<BTreeMap<String, Vec<(f64, Interval)>>, ChartError> {
    let (year, metric) = (csv.col("year")?, csv.col("metric")?);
    let stats = [csv.col("mean")?, csv.col("ci_low")?, csv.col("ci_high")?];
    let mut out: BTreeMap<String, Vec<(f64, Interval)>> = BTreeMap::new();
    for (line, row) in &csv.rows {
        let y = csv.int(*line, row, year)?;
        if y == 0 {
            return Err(csv.err(*line, "year", "0", "a year (years count from 1)"));
        }
        let iv = csv.interval(*line, row, stats)?;
        let point = (y as f64, iv);
        match out.get_mut(&row[metric]) {
            Some(series) => series.push(point),
            None => drop(out.insert(row[metric].to_string(), vec![point])),
        }
    }
    Ok(out)
}

fn read_summary(path: &Path) -> Result<Vec<SummaryRow>, ChartError> {
    summary(Csv::read(path)?)
}

/// Parses the text of a `summary.csv` (`path` names it in messages).
pub fn parse_summary(path: &Path, text: &str) -> Result<Vec<SummaryRow>, ChartError> {
    summary(Csv::parse(path, text)?)
}

fn summary(csv: Csv) -> Result<Vec<SummaryRow>, ChartError> {
    let metric = csv.col("metric")?;
    let stats = [csv.col("mean")?, csv.col("ci_low")?, csv.col("ci_high")?];
    let n = csv.col("n")?;
    csv.rows
        .iter()
        .map(|(line, row)| {
            Ok(SummaryRow {
                metric: row[metric].to_string(),
                value: csv.interval(*line, row, stats)?,
                n: csv.int(*line, row, n)?,
            })
        })
        .collect()
}

fn read_war_sizes(path: &Path) -> Result<Vec<(u32, u64)>, ChartError> {
    war_sizes(Csv::read(path)?)
}

/// Parses the text of a `war_sizes.csv` (`path` names it in messages).
pub fn parse_war_sizes(path: &Path, text: &str) -> Result<Vec<(u32, u64)>, ChartError> {
    war_sizes(Csv::parse(path, text)?)
}

fn war_sizes(csv: Csv) -> Result<Vec<(u32, u64)>, ChartError> {
    let (p, w) = (csv.col("participants")?, csv.col("wars")?);
    csv.rows
        .iter()
        .map(|(line, row)| {
            let size = csv.int(*line, row, p)?;
            let size = u32::try_from(size)
                .map_err(|_| csv.err(*line, "participants", &row[p], "a plausible size"))?;
            Ok((size, csv.int(*line, row, w)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbled_files_are_named_with_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("timeseries.csv");
        let cases = [
            (
                "year,metric,mean,sd,ci_low,ci_high,n\n1,war_onset_rate,abc,,,,3\n",
                Some(2),
                "column `mean`",
            ),
            (
                "year,metric,mean,sd,ci_low,ci_high,n\n1,war_onset_rate,1\n",
                Some(2),
                "3 cells",
            ),
            (
                "year,metric,sd,ci_low,ci_high,n\n",
                Some(1),
                "no column `mean`",
            ),
            (
                "year,metric,mean,sd,ci_low,ci_high,n\n0,war_onset_rate,1,1,1,1,1\n",
                Some(2),
                "years count from 1",
            ),
            (
                "year,metric,mean,sd,ci_low,ci_high,n\n1,\"war_onset_rate,1,,,,3\n",
                Some(2),
                "2 cells",
            ),
            ("", None, "empty"),
        ];
        for (text, line, needle) in cases {
            fs::write(&path, text).unwrap();
            let err = read_timeseries(&path).unwrap_err();
            let ChartError::BadFile { line: l, .. } = &err else {
                panic!("{err}")
            };
            assert_eq!(*l, line, "{err}");
            let msg = err.to_string();
            assert!(
                msg.contains("timeseries.csv") && msg.contains(needle),
                "{msg}"
            );
            assert!(err.is_bad_input());
        }
        // Only the charted series are read: a bad cell elsewhere is not looked at,
        // but a row of the wrong width is still found.
        let text = "year,metric,mean,sd,ci_low,ci_high,n\n\
                    1,war_onset_rate,0.5,0.1,0.4,0.6,3\n1,disputes,abc,,,,3\n";
        fs::write(&path, text).unwrap();
        let series = read_timeseries(&path).unwrap();
        assert_eq!(series.keys().collect::<Vec<_>>(), ["war_onset_rate"]);
        fs::write(&path, format!("{text}1,disputes,1\n")).unwrap();
        let err = read_timeseries(&path).unwrap_err();
        assert!(err.to_string().contains("line 4"), "{err}");
        let err = read_timeseries(&dir.path().join("nope.csv")).unwrap_err();
        assert!(err.to_string().contains("nope.csv: missing"), "{err}");
    }

    #[test]
    fn empty_cells_are_absent_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.csv");
        fs::write(
            &path,
            "metric,mean,sd,ci_low,ci_high,n\nhonour_rate,,,,,0\nx,1,0.5,0.5,1.5,4\n",
        )
        .unwrap();
        let rows = read_summary(&path).unwrap();
        assert_eq!(rows[0].value, Interval::default());
        assert_eq!(rows[0].n, 0);
        assert_eq!(rows[1].value, Interval::new(1.0, 0.5, 1.5));
    }

    #[test]
    fn directories_that_are_not_runs() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_run(dir.path()).unwrap_err();
        assert!(matches!(err, ChartError::NotARun { .. }), "{err}");
        assert!(err.to_string().contains("manifest.json is missing"));
        fs::write(dir.path().join(MANIFEST_FILE), r#"{"tool": "other"}"#).unwrap();
        assert!(matches!(
            read_run(dir.path()),
            Err(ChartError::NotARun { .. })
        ));
        fs::write(dir.path().join(MANIFEST_FILE), "{ not json").unwrap();
        let err = read_run(dir.path()).unwrap_err();
        assert!(err.to_string().contains("manifest.json, line 1"), "{err}");
        fs::write(dir.path().join(MANIFEST_FILE), r#"{"tool": "deterrence"}"#).unwrap();
        let err = read_run(dir.path()).unwrap_err();
        assert!(matches!(err, ChartError::BadFile { .. }), "{err}");
        assert!(matches!(
            read_run(&dir.path().join("missing")),
            Err(ChartError::NotARun { .. })
        ));
    }
}
