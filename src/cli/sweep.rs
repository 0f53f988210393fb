//! `deterrence sweep`: vary one parameter (or a grid of two) over values, with
//! the scenario's replications at every point, all on the same seeds.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;

use deterrence::experiment::Aggregate;
use deterrence::experiment::sweep::{Axis, grid, parse_range, parse_values};
use deterrence::job::{Experiment, JobError, Outputs, ShardSet, Written};
use deterrence::model::{METRICS, RunRecord, World};
use deterrence::output::{OutputDir, RUNS_FILE, RunsWriter, SWEEP_FILE, slug, sweep_csv};
use deterrence::scenario::{self, Scenario};

use super::BadInput;
use super::args::SweepArgs;
use super::common::{chosen_metrics, mean_ci, overrides, plans, settings};
use super::interrupt;
use super::run::{Done, execute, files_line};

/// How the values of one `--param` were given.
#[derive(Clone, Debug)]
pub enum ValueSpec {
    /// `--values a,b,c`
    Values(String),
    /// `--range start:stop:step`
    Range(String),
}

/// Paths that must not vary: pairing across points needs one seed and one replication count.
const FIXED: &[&str] = &["simulation.seed", "simulation.replications"];

/// The sweep's axes, checked: numbers, known paths that change the scenario.
fn axes(args: &SweepArgs, specs: &[ValueSpec]) -> Result<Vec<Axis>> {
    if args.params.len() > 2 {
        return Err(BadInput("at most two --param may be given (a line or a grid)".into()).into());
    }
    if specs.len() != args.params.len() {
        return Err(BadInput(format!(
            "{} --param but {} --values/--range: give one list of values for each parameter",
            args.params.len(),
            specs.len()
        ))
        .into());
    }
    let mut out = Vec::new();
    for (path, spec) in args.params.iter().zip(specs) {
        if FIXED.contains(&path.as_str()) {
            return Err(BadInput(format!(
                "--param {path}: every point of a sweep uses the same seed and replications; use --seed or --replications instead"
            ))
            .into());
        }
        if out.iter().any(|a: &Axis| a.path == *path) {
            return Err(BadInput(format!("--param {path} is given twice")).into());
        }
        let values = match spec {
            ValueSpec::Values(t) => parse_values(t),
            ValueSpec::Range(t) => parse_range(t),
        }
        .map_err(|e| BadInput(format!("--param {path}: {e}")))?;
        out.push(Axis {
            path: path.clone(),
            values,
        });
    }
    Ok(out)
}

/// Loads the scenario at one point of the sweep.
fn load_point(file: &Path, set: &[String], axes: &[Axis], point: &[usize]) -> Result<Scenario> {
    let mut all = set.to_vec();
    for (axis, &i) in axes.iter().zip(point) {
        all.push(format!("{}={}", axis.path, axis.values[i]));
    }
    Ok(scenario::load(file, &all)?)
}

/// The files of a sweep: `runs.csv` streamed, then every metric at every point.
struct SweepFiles<'a> {
    paths: &'a [String],
    values: &'a [Vec<String>],
    seed: u64,
    extra: serde_json::Map<String, serde_json::Value>,
    runs: Option<RunsWriter>,
    /// The statistics, kept for the tables on screen.
    aggs: Vec<Aggregate>,
}

/// The tables of a sweep, in the manifest's order.
const FILES: [&str; 2] = [RUNS_FILE, SWEEP_FILE];

impl Outputs for SweepFiles<'_> {
    fn open(&mut self, dir: &OutputDir) -> Result<(), JobError> {
        let header: Vec<&str> = self.paths.iter().map(String::as_str).collect();
        self.runs = Some(RunsWriter::create(dir, &header)?);
        Ok(())
    }

    fn replication(&mut self, index: u64, records: &[RunRecord]) -> Result<(), JobError> {
        if let Some(runs) = self.runs.as_mut() {
            for (v, rec) in self.values.iter().zip(records) {
                let labels: Vec<&str> = v.iter().map(String::as_str).collect();
                runs.write(&labels, index, self.seed, rec)?;
            }
        }
        Ok(())
    }

    fn write(&mut self, dir: &OutputDir, aggs: Vec<Aggregate>) -> Result<Written, JobError> {
        if let Some(runs) = self.runs.take() {
            runs.commit(dir)?;
        }
        dir.write(SWEEP_FILE, &sweep_csv(self.paths, self.values, &aggs)?)?;
        self.aggs = aggs;
        Ok(Written {
            files: FILES.map(String::from).to_vec(),
            extra: std::mem::take(&mut self.extra),
        })
    }

    fn abandon(&mut self) {
        self.runs = None;
    }
}

/// Runs the sweep and writes `sweep.csv`, `runs.csv`, the charts, `report.html`
/// and `manifest.json`.
pub fn sweep(
    args: &SweepArgs,
    specs: &[ValueSpec],
    argv: Vec<String>,
    replay: Option<ShardSet>,
) -> Result<()> {
    let started = Instant::now();
    interrupt::install()?;
    let set = overrides(&args.common);
    let base = scenario::load(&args.file, &set)?;
    let axes = axes(args, specs)?;
    let shown = chosen_metrics(&args.metrics)?;
    let points = grid(&axes);
    let mut scenarios = Vec::with_capacity(points.len());
    for p in &points {
        scenarios.push(load_point(&args.file, &set, &axes, p)?);
    }
    // A path that matches nothing (a typo under `alliances.*`, or a world with no
    // alliances) would sweep nothing: refuse rather than report a flat line.
    for (a, axis) in axes.iter().enumerate() {
        if axis.values.len() < 2 {
            continue;
        }
        let varies = points.iter().zip(&scenarios).any(|(p, s)| {
            points
                .iter()
                .zip(&scenarios)
                .any(|(q, t)| p[a] != q[a] && s != t)
        });
        if !varies {
            return Err(BadInput(format!(
                "--param {}: changing it changes nothing in {} (does the path exist in this scenario?)",
                axis.path,
                args.file.display()
            ))
            .into());
        }
    }

    let settings = settings(&args.common, argv, replay, started)?;
    let sim = base.simulation;
    let worlds: Vec<World> = scenarios
        .iter()
        .map(|s| World::new(&s.world, &s.model))
        .collect();
    let mut plans = plans(&scenarios, &worlds, &base);
    // A sweep reads run totals alone.
    for p in &mut plans {
        p.records.totals_only = true;
    }
    let values: Vec<Vec<String>> = points
        .iter()
        .map(|p| {
            axes.iter()
                .zip(p)
                .map(|(a, &i)| a.values[i].clone())
                .collect()
        })
        .collect();
    let paths: Vec<String> = axes.iter().map(|a| a.path.clone()).collect();
    let exp = Experiment {
        command: "sweep",
        plans: &plans,
        yearly: false,
        file: &args.file,
        base: &base,
        default_out: Path::new("output").join(format!("{}-sweep", slug(&base.name))),
    };
    let mut extra = serde_json::Map::new();
    let params: Vec<serde_json::Value> = axes
        .iter()
        .map(|a| serde_json::json!({ "path": a.path, "values": a.values }))
        .collect();
    extra.insert("parameters".into(), params.into());
    // What the charts show, so `chart DIR` redraws them alike.
    let charted: Vec<&str> = shown.iter().map(|&(k, _)| METRICS[k].name).collect();
    extra.insert("metrics".into(), charted.into());
    let mut outputs = SweepFiles {
        paths: &paths,
        values: &values,
        seed: sim.seed,
        extra,
        runs: None,
        aggs: Vec::new(),
    };
    let Some(Done {
        dir: out,
        files: written,
        seconds: secs,
    }) = execute(
        &exp,
        &settings,
        &mut outputs,
        Some(&args.charts.options()),
        &base.name,
        args.common.quiet,
    )?
    else {
        return Ok(());
    };
    let (aggs, threads) = (&outputs.aggs, settings.threads);

    if !args.common.quiet {
        println!(
            "{}: sweep of {} over {} points × {} replications × {} years, seed {} ({} thread{}, {:.1} s)",
            base.name,
            paths.join(" × "),
            points.len(),
            sim.replications,
            sim.years,
            sim.seed,
            threads,
            if threads == 1 { "" } else { "s" },
            secs
        );
        // Every point's label, padded to the longest, so the numbers line up.
        let labels: Vec<String> = values
            .iter()
            .map(|v| {
                let at: Vec<String> = paths
                    .iter()
                    .zip(v)
                    .map(|(p, x)| format!("{p}={x}"))
                    .collect();
                at.join(", ")
            })
            .collect();
        let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        for (k, unit) in shown {
            println!();
            if unit.is_empty() {
                println!("{}", METRICS[k].name);
            } else {
                println!("{} ({unit})", METRICS[k].name);
            }
            let cells: Vec<String> = aggs.iter().map(|agg| mean_ci(&agg.run[k])).collect();
            let right = cells.iter().map(|c| c.chars().count()).max().unwrap_or(0);
            for (label, cell) in labels.iter().zip(&cells) {
                println!("  {label:<width$}  {cell:>right$}");
            }
        }
        println!();
        println!("wrote {}: {}", out.display(), files_line(&written));
    }
    interrupt::after_writing(&out)
}
