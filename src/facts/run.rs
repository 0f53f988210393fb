//! The [`Sample`] of a finished run, from its event records (docs/RECORDS.md),
//! with the definitions the Correlates of War sample uses: every dispute of
//! `crises.csv` with its highest level; for a war, its states are the distinct
//! states of its `participants.csv` rows, it gained a joiner if any came in
//! other than as an originator (the initiator and the target are the only
//! states in a model war on its first day), and it lasted from the dispute's
//! year to its participants' `year_out` (a war unfinished when the run ended is
//! counted to the last year simulated). The replications are pooled: their
//! disputes together, over their state-years together.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::import::ImportError;
use crate::import::csv::Table;
use crate::model::{Entry, RunRecord, WarEnd, metric_index};

use super::{Dispute, Sample};

/// Largest record file read (a run's crises are some 30 bytes each).
const MAX_RECORD_BYTES: u64 = 1 << 34;

/// The state-years of a replication from its metrics: exactly the denominator
/// of its `dispute_onset_rate` (disputes per 100 state-years), or, in a
/// replication without disputes, its mean number of living states times `years`.
fn replication_state_years(disputes: f64, rate: f64, alive: f64, years: u32) -> f64 {
    if disputes > 0.0 {
        (100.0 * disputes / rate).round()
    } else {
        (alive * f64::from(years)).round()
    }
}

/// Adds one replication, simulated with crises and wars recorded, to `sample`,
/// as [`read`] would read it from the files that replication writes.
pub fn add_replication(sample: &mut Sample, rec: &RunRecord, years: u32) {
    let at = |name: &str| {
        metric_index(name)
            .and_then(|k| rec.run.get(k).copied())
            .unwrap_or(f64::NAN)
    };
    let (disputes, rate, alive) = (at("disputes"), at("dispute_onset_rate"), at("states_alive"));
    sample.state_years += replication_state_years(disputes, rate, alive, years);
    for c in &rec.crises {
        let mut d = Dispute {
            level: c.level,
            states: 2,
            joiner: false,
            years: 1,
        };
        if let Some(war) = c.war.and_then(|id| rec.wars.iter().find(|w| w.id == id)) {
            let mut states: Vec<u32> = war.members.iter().map(|m| m.state).collect();
            states.sort_unstable();
            states.dedup();
            d.states = states.len() as u32;
            d.joiner = war.members.iter().any(|m| m.how != Entry::Originator);
            let end = match war.ending {
                WarEnd::Unfinished => years.saturating_sub(1),
                _ => war.end,
            };
            d.years = (end + 1).saturating_sub(war.start).max(1);
        }
        sample.disputes.push(d);
    }
}

/// Reads `NAME.csv`, or `NAME.csv.gz`, from a run's directory.
fn read_record(dir: &Path, name: &str, needed: &[&str], hint: &str) -> Result<Table, ImportError> {
    let plain = dir.join(format!("{name}.csv"));
    let packed = dir.join(format!("{name}.csv.gz"));
    let (path, bytes) = if plain.is_file() {
        let b = crate::files::read_limited(&plain, MAX_RECORD_BYTES);
        (plain, b.map_err(|e| e.to_string()))
    } else if packed.is_file() {
        let b = crate::files::read_limited(&packed, MAX_RECORD_BYTES)
            .map_err(|e| e.to_string())
            .and_then(|b| {
                let mut text = Vec::new();
                flate2::read::GzDecoder::new(&b[..])
                    .take(MAX_RECORD_BYTES)
                    .read_to_end(&mut text)
                    .map(|_| text)
                    .map_err(|e| format!("not a readable gzip file: {e}"))
            });
        (packed, b)
    } else {
        return Err(ImportError::file(
            &dir.display().to_string(),
            format!(
                "no {name}.csv here: the statistics need the run's {hint}; run it with \
                 --records crises,participants"
            ),
        ));
    };
    let file = path.display().to_string();
    let bytes = bytes.map_err(|e| ImportError::file(&file, format!("cannot read it: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| ImportError::file(&file, "is not UTF-8 text; expected a CSV file"))?;
    Table::parse(&file, &text, needed, hint)
}

/// The state-years of each replication of `runs.csv` ([`replication_state_years`]).
fn state_years(runs: &Table, years: u32) -> Result<Vec<f64>, ImportError> {
    let mut out = Vec::new();
    for row in &runs.rows {
        let num = |col: &str| -> Result<f64, ImportError> {
            let s = runs.text(row, col);
            s.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .ok_or_else(|| {
                    ImportError::row(
                        &runs.file,
                        row.line,
                        Some(col),
                        format!("expected a number ≥ 0, found {s:?}"),
                    )
                })
        };
        let disputes = num("disputes")?;
        // The rate is read only where there were disputes (it is empty otherwise).
        let rate = if disputes > 0.0 {
            num("dispute_onset_rate")?
        } else {
            0.0
        };
        out.push(replication_state_years(
            disputes,
            rate,
            num("states_alive")?,
            years,
        ));
    }
    Ok(out)
}

/// What the participants of one war say: its distinct states, whether any
/// joined after the first day, its last year (none while unfinished).
type WarSeen = (Vec<String>, bool, Option<i64>);

/// The pooled sample of the run in `dir` (its `runs.csv`, `crises.csv` and
/// `participants.csv`), whose replications ran `years` years.
pub fn read(dir: &Path, years: u32) -> Result<Sample, ImportError> {
    let runs_path: PathBuf = dir.join("runs.csv");
    let runs = Table::read(&runs_path, &RUN_COLUMNS, "a run's runs.csv")?;
    let crises = read_record(dir, "crises", &CRISIS_COLUMNS, "disputes (crises.csv)")?;
    let people = read_record(
        dir,
        "participants",
        &PARTICIPANT_COLUMNS,
        "war participants (participants.csv)",
    )?;
    from_tables(&runs, &crises, &people, years)
}

/// The columns of `runs.csv` the sample needs.
pub const RUN_COLUMNS: [&str; 4] = [
    "replication",
    "disputes",
    "dispute_onset_rate",
    "states_alive",
];
/// The columns of `crises.csv` the sample needs.
pub const CRISIS_COLUMNS: [&str; 4] = ["replication", "level", "war", "year"];
/// The columns of `participants.csv` the sample needs.
pub const PARTICIPANT_COLUMNS: [&str; 5] = ["replication", "war", "state", "how", "year_out"];

/// [`read`] on the three files already read.
pub fn from_tables(
    runs: &Table,
    crises: &Table,
    people: &Table,
    years: u32,
) -> Result<Sample, ImportError> {
    let mut wars: HashMap<(String, String), WarSeen> = HashMap::new();
    for row in &people.rows {
        let key = (
            people.text(row, "replication").to_string(),
            people.text(row, "war").to_string(),
        );
        let w = wars.entry(key).or_default();
        let state = people.text(row, "state");
        if !w.0.iter().any(|s| s == state) {
            w.0.push(state.to_string());
        }
        w.1 |= people.text(row, "how") != "originator";
        w.2 = people.opt_int(row, "year_out")?;
    }
    let mut disputes = Vec::with_capacity(crises.rows.len());
    for row in &crises.rows {
        let level = super::level(crises, row, "level", 2)?;
        let mut d = Dispute {
            level,
            states: 2,
            joiner: false,
            years: 1,
        };
        if level == 5 {
            let key = (
                crises.text(row, "replication").to_string(),
                crises.text(row, "war").to_string(),
            );
            let Some((states, joiner, out)) = wars.get(&key) else {
                return Err(ImportError::row(
                    &crises.file,
                    row.line,
                    Some("war"),
                    format!(
                        "war {} of replication {} has no participants in {}",
                        key.1, key.0, people.file
                    ),
                ));
            };
            let start = crises.int(row, "year")?;
            let end = out.unwrap_or(i64::from(years));
            d.states = states.len() as u32;
            d.joiner = *joiner;
            d.years = u32::try_from(end.saturating_sub(start).saturating_add(1))
                .unwrap_or(1)
                .max(1);
        }
        disputes.push(d);
    }
    Ok(Sample {
        state_years: state_years(runs, years)?.iter().sum(),
        disputes,
    })
}
