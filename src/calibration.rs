//! Calibration: which values of the model's parameters make it behave like
//! the historical record. `deterrence calibrate` runs a Latin-hypercube design
//! over the parameters named, every point on the same seeds (common random
//! numbers), so two points differ by their parameters and not by luck.
//!
//! At each point the statistics of `deterrence facts` are computed from the
//! replications' records, by the same function as for the record
//! ([`crate::facts`]), so the model and history are measured alike. The
//! distance of a point to the [`Target`] counts each statistic's miss in
//! half-widths of the record's 95 % interval, so a statistic the record pins
//! down tightly weighs more than one it hardly knows. The closest points are
//! accepted: approximate Bayesian computation by rejection, whose accepted
//! values stand for the parameters the record allows (docs/VALIDATION.md).
//!
//! Nothing here touches the output directory or prints: the command reads the
//! scenarios, runs the design through [`crate::job`] and writes what [`Fit`]
//! gives it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::claims::robust::{Range, latin_hypercube};
use crate::facts::{Counts, STATISTICS, Sample, run::add_replication, statistic_index};
use crate::import::ImportError;
use crate::import::csv::Table;
use crate::model::{Recording, RunRecord};
use crate::output::csv::{CsvWriter, number};
use crate::output::{CALIBRATION_FILE, OutputError};
use crate::scenario::Simulation;

/// Why a calibration cannot start. Everything here is bad input (exit code 2
/// on the command line): a target that is not a usable `facts.csv`, or a
/// request it cannot answer.
#[derive(Debug, thiserror::Error)]
pub enum CalibrationError {
    /// The target file could not be read as a table (which file, line and why).
    #[error(transparent)]
    Target(#[from] ImportError),
    /// The target or the request is not one a calibration can fit to.
    #[error("{0}")]
    Refused(String),
}

/// What each replication must keep: the statistics come from its disputes and
/// wars alone, so no per-year metrics are kept (a design has many points, and
/// the memory would grow with each).
pub const RECORDING: Recording = Recording {
    wars: true,
    crises: true,
    calls: false,
    state_years: false,
    dyad_years: false,
    totals_only: true,
};

/// The purpose of the design's random streams ("LHS\0"), apart from the
/// model's, so drawing the design takes nothing from the replications.
const DESIGN: u64 = 0x4C48_5300;

/// The design: `n` points of a Latin hypercube over `params`, from `seed`.
/// The same seed gives the same points, so a calibration is reproduced by its
/// command line.
pub fn design(params: &[Range], n: usize, seed: u64) -> Vec<Vec<f64>> {
    latin_hypercube(params, n, seed, DESIGN)
}

/// Checks the share of points to accept (`--accept`): a rejection sampler
/// that keeps nothing, or more than everything, has no answer.
pub fn check_share(share: f64) -> Result<(), CalibrationError> {
    if share > 0.0 && share <= 1.0 {
        Ok(())
    } else {
        Err(CalibrationError::Refused(format!(
            "--accept {share}: expected a share of the points above 0 and at most 1"
        )))
    }
}

/// One statistic a calibration fits to.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    /// Its index in [`STATISTICS`].
    pub stat: usize,
    /// The value observed in the record.
    pub observed: f64,
    /// The half-width of the observed value's interval: the distance's unit.
    pub scale: f64,
}

impl Fitted {
    /// The statistic's name, as `facts.csv` writes it.
    pub fn name(&self) -> &'static str {
        STATISTICS[self.stat].name
    }
}

/// What a calibration fits to: the statistics of a `facts.csv` that have a
/// value and an interval, or those of them asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The statistics, in the file's order.
    pub fitted: Vec<Fitted>,
}

impl Target {
    /// Reads the target from a `facts.csv` written by `deterrence facts`,
    /// keeping only the statistics in `only` when it names any.
    pub fn read(path: &Path, only: &[String]) -> Result<Target, CalibrationError> {
        let t = Table::read(path, &["statistic"], HINT)?;
        Target::from_table(&t, only)
    }

    /// Parses the text of a `facts.csv` named `file` (for messages); see [`Target::read`].
    pub fn parse(file: &str, text: &str, only: &[String]) -> Result<Target, CalibrationError> {
        let t = Table::parse(file, text, &["statistic"], HINT)?;
        Target::from_table(&t, only)
    }

    fn from_table(t: &Table, only: &[String]) -> Result<Target, CalibrationError> {
        let file = &t.file;
        // The record's columns, or, in the facts of a run alone, the model's (a
        // run can serve as a target, e.g. to check that a calibration recovers it).
        let side = if t.header.iter().any(|h| h == "observed") {
            "observed"
        } else {
            "model"
        };
        let (value, lo, hi) = (side.to_string(), format!("{side}_lo"), format!("{side}_hi"));
        for col in [&value, &lo, &hi] {
            if !t.header.contains(col) {
                return Err(CalibrationError::Refused(format!(
                    "{file}: no column {col:?}; expected a facts.csv written by `deterrence facts` \
                     (with `observed` or `model` values and their intervals)"
                )));
            }
        }
        let mut fitted = Vec::new();
        for row in &t.rows {
            let name = t.text(row, "statistic");
            let Some(stat) = statistic_index(name) else {
                return Err(CalibrationError::Refused(format!(
                    "{file}:{}: unknown statistic {name:?}; `deterrence facts` writes {}",
                    row.line,
                    STATISTICS.map(|s| s.name).join(", ")
                )));
            };
            if !only.is_empty() && !only.iter().any(|o| o == name) {
                continue;
            }
            let num = |col: &str| t.text(row, col).parse::<f64>().unwrap_or(f64::NAN);
            let (observed, low, high) = (num(&value), num(&lo), num(&hi));
            let scale = 0.5 * (high - low);
            // A statistic without a value or an interval cannot be fitted to.
            if observed.is_finite() && scale.is_finite() && scale > 0.0 {
                fitted.push(Fitted {
                    stat,
                    observed,
                    scale,
                });
            }
        }
        for name in only {
            if statistic_index(name).is_none() {
                return Err(CalibrationError::Refused(format!(
                    "--statistics: unknown statistic {name:?}; they are {}",
                    STATISTICS.map(|s| s.name).join(", ")
                )));
            }
            if !fitted.iter().any(|f| f.name() == name) {
                return Err(CalibrationError::Refused(format!(
                    "--statistics: {file}: no {name} with a value and an interval to fit to"
                )));
            }
        }
        if fitted.is_empty() {
            return Err(CalibrationError::Refused(format!(
                "{file}: no statistic with a value and an interval to fit to"
            )));
        }
        Ok(Target { fitted })
    }

    /// The names of the statistics fitted, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.fitted.iter().map(Fitted::name).collect()
    }

    /// The distance of statistics `x` (in the order of [`STATISTICS`]) to the
    /// target: the root mean square of each statistic's difference from its
    /// observed value, in half-widths of its observed interval. A statistic
    /// the run did not measure (no wars, say) counts as 10 half-widths: far,
    /// but not so far that one missing statistic outweighs all the others.
    pub fn distance(&self, x: &[f64]) -> f64 {
        let sum: f64 = self
            .fitted
            .iter()
            .map(|t| {
                let z = (x[t.stat] - t.observed) / t.scale;
                if z.is_finite() { z * z } else { 100.0 }
            })
            .sum();
        (sum / self.fitted.len() as f64).sqrt()
    }
}

/// What [`Table::read`] says a target should be, when it is not.
const HINT: &str = "a facts.csv written by `deterrence facts`";

/// The disputes and wars of every point of a design, fed one replication at a
/// time, so memory does not grow with the replications. With several worlds
/// the plans are point-major (point `k` runs plans `k·W … k·W + W − 1`) and a
/// point's statistics are those of all its worlds' disputes together.
#[derive(Clone, Debug)]
pub struct Tally {
    counts: Vec<Counts>,
    years: Vec<u32>,
    worlds: usize,
}

impl Tally {
    /// A tally of `points` points; `years` holds each plan's years, point-major.
    pub fn new(points: usize, years: Vec<u32>) -> Tally {
        Tally {
            counts: vec![Counts::default(); points],
            worlds: years.len().checked_div(points).unwrap_or(0),
            years,
        }
    }

    /// Adds replication `r` of every plan (`records`, one per plan, in plan
    /// order), recorded with at least [`RECORDING`].
    pub fn add(&mut self, records: &[RunRecord]) {
        for (k, c) in self.counts.iter_mut().enumerate() {
            let mut sample = Sample::default();
            for f in 0..self.worlds {
                let i = k * self.worlds + f;
                if let Some(rec) = records.get(i) {
                    add_replication(&mut sample, rec, self.years[i]);
                }
            }
            c.add_sample(&sample);
        }
    }

    /// Every point's statistics, in the order of [`STATISTICS`].
    pub fn statistics(&self) -> Vec<Vec<f64>> {
        self.counts
            .iter()
            .map(|c| c.statistics().to_vec())
            .collect()
    }
}

/// The points accepted: the closest, as many as the share asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct Acceptance {
    /// The points from closest to farthest (ties in point order).
    pub order: Vec<usize>,
    /// How many of the closest are accepted (at least one).
    pub keep: usize,
    /// Whether each point is accepted, in point order.
    pub accepted: Vec<bool>,
}

impl Acceptance {
    /// Accepts the `share` of the points closest by `distances`, rounded up so
    /// a small design still accepts one point, and never more than all.
    pub fn new(distances: &[f64], share: f64) -> Acceptance {
        let n = distances.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| distances[a].total_cmp(&distances[b]).then(a.cmp(&b)));
        let keep = ((share * n as f64).ceil() as usize).clamp(1.min(n), n);
        let mut accepted = vec![false; n];
        for &k in &order[..keep] {
            accepted[k] = true;
        }
        Acceptance {
            order,
            keep,
            accepted,
        }
    }

    /// The accepted points, closest first.
    pub fn points(&self) -> &[usize] {
        &self.order[..self.keep]
    }
}

/// The median of values sorted in ascending order (NaN for none).
pub fn median(sorted: &[f64]) -> f64 {
    let m = sorted.len() / 2;
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[m],
        _ => (sorted[m - 1] + sorted[m]) / 2.0,
    }
}

/// A finished calibration: the design, each point's statistics and distance,
/// and the points accepted.
#[derive(Clone, Debug)]
pub struct Fit {
    /// The parameters varied.
    pub params: Vec<Range>,
    /// The points of the design, one value per parameter.
    pub points: Vec<Vec<f64>>,
    /// Each point's statistics, in the order of [`STATISTICS`].
    pub statistics: Vec<Vec<f64>>,
    /// Each point's distance to the target.
    pub distances: Vec<f64>,
    /// The points accepted.
    pub acceptance: Acceptance,
}

impl Fit {
    /// Measures each point against `target` and accepts the `share` closest.
    pub fn new(
        params: Vec<Range>,
        points: Vec<Vec<f64>>,
        statistics: Vec<Vec<f64>>,
        target: &Target,
        share: f64,
    ) -> Fit {
        let distances: Vec<f64> = statistics.iter().map(|x| target.distance(x)).collect();
        let acceptance = Acceptance::new(&distances, share);
        Fit {
            params,
            points,
            statistics,
            distances,
            acceptance,
        }
    }

    /// The closest point.
    pub fn best(&self) -> usize {
        self.acceptance.order[0]
    }

    /// The accepted values of parameter `d`, in ascending order.
    pub fn accepted_values(&self, d: usize) -> Vec<f64> {
        let mut v: Vec<f64> = self
            .acceptance
            .points()
            .iter()
            .map(|&k| self.points[k][d])
            .collect();
        v.sort_by(f64::total_cmp);
        v
    }

    /// `calibration.csv`: one row per point, with its parameters, statistics,
    /// distance and whether it was accepted.
    pub fn csv(&self) -> Result<Vec<u8>, OutputError> {
        let fail = |cause| OutputError::Table {
            table: CALIBRATION_FILE,
            cause,
        };
        let mut header: Vec<&str> = vec!["point"];
        header.extend(self.params.iter().map(|p| p.path.as_str()));
        header.extend(STATISTICS.iter().map(|s| s.name));
        header.extend(["distance", "accepted"]);
        let mut csv = CsvWriter::new(Vec::new());
        csv.header(&header).map_err(fail)?;
        for k in 0..self.points.len() {
            let mut cells = vec![k.to_string()];
            cells.extend(self.points[k].iter().map(|&v| number(v)));
            cells.extend(self.statistics[k].iter().map(|&v| number(v)));
            cells.extend([
                number(self.distances[k]),
                self.acceptance.accepted[k].to_string(),
            ]);
            csv.row(&cells).map_err(fail)?;
        }
        csv.into_inner().map_err(fail)
    }

    /// `best.toml`: the closest point as a `[model]` table to paste into a
    /// scenario, under a comment saying where it came from (`files`, run with
    /// `sim`). A parameter outside `[model]` is given as a comment, since
    /// its table would have to be written elsewhere in the file.
    pub fn best_toml(&self, files: &[PathBuf], sim: &Simulation) -> String {
        let best = self.best();
        let mut toml = format!(
            "# The closest point of a calibration of {} (distance {:.3}; {} points, {} replications × {} years, seed {}).\n",
            files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            self.distances[best],
            self.points.len(),
            sim.replications,
            sim.years,
            sim.seed
        );
        let mut table = String::from("[model]\n");
        for (p, v) in self.params.iter().zip(&self.points[best]) {
            match p.path.strip_prefix("model.") {
                Some(key) => {
                    let _ = writeln!(table, "{key} = {v}");
                }
                None => {
                    let _ = writeln!(toml, "# {} = {v}", p.path);
                }
            }
        }
        toml.push_str(&table);
        toml
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{World, simulate_recording};
    use crate::rng::Stream;

    fn target(text: &str, only: &[&str]) -> Result<Target, CalibrationError> {
        let only: Vec<String> = only.iter().map(|s| s.to_string()).collect();
        Target::parse("facts.csv", text, &only)
    }

    fn message(r: Result<Target, CalibrationError>) -> String {
        r.expect_err("refused").to_string()
    }

    const FACTS: &str = "statistic,unit,observed,observed_lo,observed_hi\n\
                         dispute_rate,per 100 state-years,10,8,12\n\
                         war_rate,per 100 state-years,1,0.5,1.5\n\
                         war_share,share,,,\n";

    #[test]
    fn a_target_keeps_the_statistics_with_a_value_and_an_interval() {
        let t = target(FACTS, &[]).unwrap();
        assert_eq!(t.names(), ["dispute_rate", "war_rate"]);
        assert_eq!(t.fitted[0].observed, 10.0);
        assert_eq!(t.fitted[0].scale, 2.0);
        assert_eq!(t.fitted[1].scale, 0.5);
        let only = target(FACTS, &["war_rate"]).unwrap();
        assert_eq!(only.names(), ["war_rate"]);
    }

    #[test]
    fn the_facts_of_a_run_serve_as_a_target() {
        let t = target(
            "statistic,unit,model,model_lo,model_hi\nwar_rate,x,2,1,3\n",
            &[],
        )
        .unwrap();
        assert_eq!(t.fitted[0].observed, 2.0);
        assert_eq!(t.fitted[0].scale, 1.0);
    }

    #[test]
    fn a_bad_target_is_refused_with_its_file_and_line() {
        assert_eq!(
            message(target("name,value\nx,1\n", &[])),
            "facts.csv: has no column `statistic`; expected a facts.csv written by \
             `deterrence facts` (its header has: name, value)"
        );
        assert_eq!(
            message(target("statistic,observed\ndispute_rate,1\n", &[])),
            "facts.csv: no column \"observed_lo\"; expected a facts.csv written by \
             `deterrence facts` (with `observed` or `model` values and their intervals)"
        );
        let unknown = message(target(&format!("{FACTS}war_speed,x,1,0,2\n"), &[]));
        assert!(
            unknown.starts_with("facts.csv:5: unknown statistic \"war_speed\"; `deterrence facts` writes dispute_rate, war_rate,"),
            "{unknown}"
        );
        assert_eq!(
            message(target(
                "statistic,unit,observed,observed_lo,observed_hi\nwar_rate,x,1,0\n",
                &[]
            )),
            "facts.csv:2: the row has 4 cells, the header 5; a malformed row"
        );
        assert_eq!(
            message(target(
                "statistic,unit,observed,observed_lo,observed_hi\nwar_rate,x,1,1,1\n",
                &[]
            )),
            "facts.csv: no statistic with a value and an interval to fit to"
        );
        assert!(matches!(target("", &[]), Err(CalibrationError::Target(_))));
    }

    #[test]
    fn statistics_asked_for_must_exist_and_be_fittable() {
        assert!(
            message(target(FACTS, &["war_speed"])).starts_with(
                "--statistics: unknown statistic \"war_speed\"; they are dispute_rate,"
            )
        );
        assert_eq!(
            message(target(FACTS, &["war_share"])),
            "--statistics: facts.csv: no war_share with a value and an interval to fit to"
        );
    }

    #[test]
    fn the_distance_is_the_root_mean_square_miss_in_half_widths() {
        let t = target(FACTS, &[]).unwrap();
        let mut x = vec![f64::NAN; STATISTICS.len()];
        // At the target: no distance.
        x[0] = 10.0;
        x[1] = 1.0;
        assert_eq!(t.distance(&x), 0.0);
        // 3 half-widths off in one, 4 in the other: √((9 + 16) / 2).
        x[0] = 16.0;
        x[1] = -1.0;
        assert!((t.distance(&x) - 12.5_f64.sqrt()).abs() < 1e-12);
        // A statistic not measured counts as 10 half-widths; the others are ignored.
        x[1] = f64::NAN;
        x[5] = 1e9;
        assert!((t.distance(&x) - ((9.0 + 100.0) / 2.0_f64).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn the_share_accepted_is_rounded_up_and_at_least_one_point() {
        let d: Vec<f64> = (0..25).map(|k| f64::from(25 - k)).collect();
        let a = Acceptance::new(&d, 0.1);
        assert_eq!(a.keep, 3, "10 % of 25, rounded up");
        assert_eq!(a.points(), [24, 23, 22]);
        assert_eq!(a.accepted.iter().filter(|&&x| x).count(), 3);
        assert!(a.accepted[24] && !a.accepted[21]);
        assert_eq!(Acceptance::new(&d, 0.13).keep, 4, "3.25 points, rounded up");
        assert_eq!(Acceptance::new(&d, 0.001).keep, 1);
        assert_eq!(Acceptance::new(&d, 0.2).keep, 5);
        assert_eq!(Acceptance::new(&d, 1.0).keep, 25);
        // Ties go to the earlier point; NaN sorts last.
        let a = Acceptance::new(&[1.0, f64::NAN, 0.5, 0.5], 0.5);
        assert_eq!(a.order, [2, 3, 0, 1]);
        assert_eq!(a.accepted, [false, false, true, true]);
        assert_eq!(Acceptance::new(&[], 0.5).keep, 0);
    }

    #[test]
    fn shares_outside_zero_to_one_are_refused() {
        for ok in [1e-9, 0.1, 1.0] {
            assert!(check_share(ok).is_ok(), "{ok}");
        }
        for bad in [0.0, -0.1, 1.5, f64::NAN, f64::INFINITY] {
            assert!(check_share(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_share(0.0).unwrap_err().to_string(),
            "--accept 0: expected a share of the points above 0 and at most 1"
        );
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[1.0]), 1.0);
        assert_eq!(median(&[1.0, 2.0, 10.0]), 2.0);
        assert_eq!(median(&[1.0, 2.0, 4.0, 10.0]), 3.0);
        assert!(median(&[]).is_nan());
    }

    fn fit() -> Fit {
        let t = target(FACTS, &[]).unwrap();
        let stats = |a: f64, b: f64| {
            let mut x = vec![f64::NAN; STATISTICS.len()];
            x[0] = a;
            x[1] = b;
            x
        };
        Fit::new(
            vec![
                Range {
                    path: "model.dispute_rate".into(),
                    lo: 0.1,
                    hi: 0.5,
                },
                Range {
                    path: "simulation.years".into(),
                    lo: 10.0,
                    hi: 20.0,
                },
            ],
            vec![vec![0.2, 12.0], vec![0.3, 15.0], vec![0.4, 18.0]],
            vec![stats(14.0, 1.0), stats(10.0, 1.5), stats(11.0, 1.0)],
            &t,
            0.5,
        )
    }

    #[test]
    fn a_fit_accepts_and_writes_the_closest_points() {
        let f = fit();
        // Distances: √(4/2), √(1/2), √(0.25/2).
        assert_eq!(f.best(), 2);
        assert_eq!(f.acceptance.points(), [2, 1]);
        assert_eq!(f.accepted_values(0), [0.3, 0.4]);
        let csv = String::from_utf8(f.csv().unwrap()).unwrap();
        let mut lines = csv.lines();
        let header = lines.next().unwrap();
        assert!(header.starts_with("point,model.dispute_rate,simulation.years,dispute_rate,"));
        assert!(header.ends_with(",distance,accepted"));
        assert!(lines.next().unwrap().ends_with(",false"));
        assert!(lines.next().unwrap().ends_with(",true"));
        assert_eq!(lines.count(), 1);
    }

    #[test]
    fn best_toml_pastes_the_model_table_and_comments_the_rest() {
        let sim = Simulation {
            years: 30,
            replications: 4,
            seed: 42,
        };
        let toml = fit().best_toml(&[PathBuf::from("a.toml"), PathBuf::from("b.toml")], &sim);
        assert_eq!(
            toml,
            "# The closest point of a calibration of a.toml, b.toml (distance 0.354; 3 points, \
             4 replications × 30 years, seed 42).\n\
             # simulation.years = 18\n\
             [model]\n\
             dispute_rate = 0.4\n"
        );
    }

    /// Two replications of a small, quarrelsome world.
    fn records() -> Vec<RunRecord> {
        // The world without its pact, over 30 years.
        let set = [
            "alliances = []".to_string(),
            "simulation.years = 30".to_string(),
        ];
        let s =
            crate::scenario::load_str("three.toml", crate::model::testkit::THREE, &set).unwrap();
        let world = World::new(&s.world, &s.model);
        (0..2)
            .map(|r| {
                let mut rng = Stream::for_replication(s.simulation.seed, r);
                simulate_recording(&world, &s.model, 30, &mut rng, RECORDING)
            })
            .collect()
    }

    #[test]
    fn a_tally_keeps_each_points_worlds_apart_and_pools_them() {
        let recs = records();
        assert!(!recs[0].crises.is_empty() && !recs[1].crises.is_empty());
        let alone = |rec: &RunRecord| {
            let mut s = Sample::default();
            add_replication(&mut s, rec, 30);
            crate::facts::compute(&s)
        };
        let same = |a: &[f64], b: &[f64]| {
            a.iter()
                .zip(b)
                .all(|(x, y)| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()))
        };
        // Two points of one world: each sees only its own replication.
        let mut two = Tally::new(2, vec![30, 30]);
        two.add(&recs);
        let stats = two.statistics();
        assert!(same(&stats[0], &alone(&recs[0])));
        assert!(same(&stats[1], &alone(&recs[1])));
        assert!(!same(&stats[0], &stats[1]));
        // One point of a world given twice: the world once, to the last digit.
        let mut twice = Tally::new(1, vec![30, 30]);
        twice.add(&[recs[0].clone(), recs[0].clone()]);
        assert!(same(&twice.statistics()[0], &alone(&recs[0])));
    }
}
