//! The result files of a run: `runs.csv`, `timeseries.csv`, `summary.csv` and
//! `wars.csv`, in the tidy layouts the design fixes.
//!
//! `runs.csv` and `wars.csv` are streamed replication by replication (in index
//! order) into temporary files that are renamed into place only when the run
//! has finished; the two aggregate tables are written whole at the end.

use crate::experiment::Aggregate;
use crate::model::{METRICS, RunRecord, WarEnd, World};
use crate::stats::Moments;

use super::csv::{CsvWriter, number, opt, write_number};
use super::{AtomicFile, OutputDir, OutputError};

use super::files::{RUNS_FILE, SUMMARY_FILE, TIMESERIES_FILE, WAR_SIZES_FILE, WARS_FILE};

/// Streams `runs.csv`: one row per replication, its seed and every run-level
/// metric, after any leading label columns (a comparison's `variant`, a sweep's
/// parameters).
pub struct RunsWriter {
    csv: CsvWriter<AtomicFile>,
    path: std::path::PathBuf,
}

impl RunsWriter {
    /// Starts `runs.csv` in `out` (in a temporary file until committed), with
    /// `labels` as leading columns.
    pub fn create(out: &OutputDir, labels: &[&str]) -> Result<Self, OutputError> {
        let file = out.create(RUNS_FILE)?;
        let path = file.path().to_path_buf();
        let path = path.as_path();
        let mut csv = CsvWriter::new(file);
        let mut header = labels.to_vec();
        header.extend(["replication", "seed"]);
        header.extend(METRICS.iter().map(|m| m.name));
        csv.header(&header)
            .map_err(|e| OutputError::write(path, e))?;
        Ok(RunsWriter {
            csv,
            path: path.to_path_buf(),
        })
    }

    /// Writes replication `index` of a run seeded with `seed`, after the label values.
    pub fn write(
        &mut self,
        labels: &[&str],
        index: u64,
        seed: u64,
        rec: &RunRecord,
    ) -> Result<(), OutputError> {
        let mut row: Vec<String> = labels.iter().map(|l| l.to_string()).collect();
        row.push(index.to_string());
        row.push(seed.to_string());
        row.extend(rec.run.iter().map(|&x| number(x)));
        self.csv
            .row(&row)
            .map_err(|e| OutputError::write(&self.path, e))
    }

    /// Moves the finished file into place in `out`.
    pub fn commit(self, out: &OutputDir) -> Result<(), OutputError> {
        commit(self.csv, &self.path, out)
    }
}

/// Streams `wars.csv`: one row per war.
pub struct WarsWriter {
    csv: CsvWriter<AtomicFile>,
    path: std::path::PathBuf,
}

/// The columns of `wars.csv`.
pub const WAR_COLUMNS: &[&str] = &[
    "replication",
    "war",
    "start",
    "end",
    "initiator",
    "target",
    "participants",
    "side_initiator",
    "side_target",
    "joined_by_alliance",
    "late_joiners",
    "winner",
    "ending",
    "initiator_expected_win",
    "cost_initiator_side",
    "cost_target_side",
    "misjudged",
    "conquered",
];

impl WarsWriter {
    /// Starts `wars.csv` in `out`.
    pub fn create(out: &OutputDir) -> Result<Self, OutputError> {
        let file = out.create(WARS_FILE)?;
        let path = file.path().to_path_buf();
        let path = path.as_path();
        let mut csv = CsvWriter::new(file);
        csv.header(WAR_COLUMNS)
            .map_err(|e| OutputError::write(path, e))?;
        Ok(WarsWriter {
            csv,
            path: path.to_path_buf(),
        })
    }

    /// Writes the wars of replication `index`; years are 1-based, states by id.
    pub fn write(&mut self, index: u64, world: &World, rec: &RunRecord) -> Result<(), OutputError> {
        let ids = |list: &[u32]| {
            list.iter()
                .map(|&s| world.ids[s as usize].as_str())
                .collect::<Vec<_>>()
                .join(";")
        };
        for war in &rec.wars {
            let row = [
                index.to_string(),
                war.id.to_string(),
                (war.start + 1).to_string(),
                (war.end + 1).to_string(),
                world.ids[war.initiator as usize].clone(),
                world.ids[war.target as usize].clone(),
                war.members.len().to_string(),
                ids(&war.side(0)),
                ids(&war.side(1)),
                war.joined_by_alliance.to_string(),
                war.late_joiners().to_string(),
                match (war.ending, war.initiator_won) {
                    (WarEnd::Unfinished, _) => "",
                    (_, true) => "initiator",
                    (_, false) => "target",
                }
                .to_string(),
                war.ending.name().to_string(),
                number(war.initiator_expected_win),
                number(war.cost_initiator_side),
                number(war.cost_target_side),
                war.misjudged.to_string(),
                ids(&war.conquered),
            ];
            self.csv
                .row(&row)
                .map_err(|e| OutputError::write(&self.path, e))?;
        }
        Ok(())
    }

    /// Moves the finished file into place in `out`.
    pub fn commit(self, out: &OutputDir) -> Result<(), OutputError> {
        commit(self.csv, &self.path, out)
    }
}

/// Flushes a streamed table and moves it into place in `out`.
fn commit(
    csv: CsvWriter<AtomicFile>,
    path: &std::path::Path,
    out: &OutputDir,
) -> Result<(), OutputError> {
    let file = csv.into_inner().map_err(|e| OutputError::write(path, e))?;
    out.commit(file)
}

/// The statistics columns shared by the aggregate tables.
pub const STAT_COLUMNS: [&str; 5] = ["mean", "sd", "ci_low", "ci_high", "n"];

/// The cells `mean,sd,ci_low,ci_high,n` of a statistic (empty where absent).
pub fn stat_cells(m: &Moments) -> [String; 5] {
    let ([mean, sd, lo, hi], n) = stat_values(m);
    [opt(mean), opt(sd), opt(lo), opt(hi), n.to_string()]
}

/// The values of the [`STAT_COLUMNS`]: mean, sd, ci_low, ci_high, and n.
fn stat_values(m: &Moments) -> ([Option<f64>; 4], u64) {
    let ci = m.ci95();
    ([m.mean(), m.sd(), ci.map(|c| c.0), ci.map(|c| c.1)], m.n())
}

/// The year rows of a time series, cell by cell through one buffer (a run of
/// 1000 years has 53,000 of them): after the `lead` cells, `year,metric` and
/// the [`stat_cells`] of each metric in each year, years 1-based.
pub fn write_yearly<W: std::io::Write>(
    csv: &mut CsvWriter<W>,
    lead: &[&str],
    agg: &Aggregate,
) -> std::io::Result<()> {
    use std::fmt::Write as _;
    let mut buf = String::new();
    for year in 0..agg.years {
        for (k, def) in METRICS.iter().enumerate() {
            for cell in lead {
                csv.cell(cell)?;
            }
            buf.clear();
            let _ = write!(buf, "{}", year + 1);
            csv.cell(&buf)?;
            csv.cell(def.name)?;
            let (values, n) = stat_values(agg.at(year, k));
            for x in values {
                buf.clear();
                if let Some(x) = x {
                    write_number(&mut buf, x);
                }
                csv.cell(&buf)?;
            }
            buf.clear();
            let _ = write!(buf, "{n}");
            csv.cell(&buf)?;
            csv.end_row()?;
        }
    }
    Ok(())
}

/// `timeseries.csv`: `year,metric,mean,sd,ci_low,ci_high,n`, years 1-based.
pub fn timeseries_csv(agg: &Aggregate) -> Result<Vec<u8>, OutputError> {
    let mut csv = CsvWriter::new(Vec::new());
    let mut header = vec!["year", "metric"];
    header.extend(STAT_COLUMNS);
    let fail = |cause| OutputError::Table {
        table: TIMESERIES_FILE,
        cause,
    };
    csv.header(&header).map_err(fail)?;
    write_yearly(&mut csv, &[], agg).map_err(fail)?;
    csv.into_inner().map_err(fail)
}

/// `summary.csv`: `metric,mean,sd,ci_low,ci_high,n` over the run-level values.
pub fn summary_csv(agg: &Aggregate) -> Result<Vec<u8>, OutputError> {
    let mut csv = CsvWriter::new(Vec::new());
    let mut header = vec!["metric"];
    header.extend(STAT_COLUMNS);
    let fail = |cause| OutputError::Table {
        table: SUMMARY_FILE,
        cause,
    };
    csv.header(&header).map_err(fail)?;
    for (k, def) in METRICS.iter().enumerate() {
        let [a, b, c, d, e] = stat_cells(&agg.run[k]);
        csv.row(&[def.name.to_string(), a, b, c, d, e])
            .map_err(fail)?;
    }
    csv.into_inner().map_err(fail)
}

/// `war_sizes.csv`: `participants,wars` — how many wars, over all replications,
/// had each number of participants (sizes with no war are left out).
pub fn war_sizes_csv(agg: &Aggregate) -> Result<Vec<u8>, OutputError> {
    let mut csv = CsvWriter::new(Vec::new());
    let fail = |cause| OutputError::Table {
        table: WAR_SIZES_FILE,
        cause,
    };
    csv.header(&["participants", "wars"]).map_err(fail)?;
    for (size, &wars) in agg.war_sizes.iter().enumerate() {
        if wars > 0 {
            csv.row(&[size.to_string(), wars.to_string()])
                .map_err(fail)?;
        }
    }
    csv.into_inner().map_err(fail)
}
