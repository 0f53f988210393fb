//! `deterrence calibrate FILE --target facts.csv --param PATH=LOW:HIGH …`:
//! reads the scenarios, the target and the ranges, runs the design through the
//! experiment pipeline and writes what the library's [`Fit`] gives:
//! `calibration.csv`, `best.toml`, the charts and the report. The computation
//! (the design, the statistics, the distance, the acceptance) is in
//! [`deterrence::calibration`].

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;

use deterrence::calibration::{self, Fit, RECORDING, Tally, Target, check_share, median};
use deterrence::chart::{
    CalibrationChart, Cell, ChartError, FactsChart, FactsRow, Report, ReportChart, Section,
    Table as ReportTable, Theme, draw_named, write_report,
};
use deterrence::claims::robust::Range;
use deterrence::experiment::{Aggregate, Plan};
use deterrence::job::{Experiment, JobError, Outputs, ShardSet, Written};
use deterrence::model::{RunRecord, World};
use deterrence::output::{BEST_TOML_FILE, CALIBRATION_FILE, OutputDir, OutputError, slug};
use deterrence::scenario::{self, Scenario};

use super::BadInput;
use super::args::CalibrateArgs;
use super::common::{overrides, settings};
use super::interrupt;
use super::run::{Done, execute};

/// `PATH=LOW:HIGH`.
pub(crate) fn parse_param(s: &str) -> Result<Range> {
    let bad = |why: &str| {
        BadInput(format!(
            "--param {s}: {why}; expected PATH=LOW:HIGH, e.g. model.dispute_rate=0.2:0.6"
        ))
    };
    let (path, range) = s.split_once('=').ok_or_else(|| bad("no '='"))?;
    let (lo, hi) = range
        .split_once(':')
        .ok_or_else(|| bad("no ':' in the range"))?;
    let num = |x: &str| x.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    let (Some(lo), Some(hi)) = (num(lo), num(hi)) else {
        return Err(bad("the range's ends are not numbers").into());
    };
    if lo >= hi {
        return Err(bad("the range must run from low to high").into());
    }
    Ok(Range {
        path: path.trim().to_string(),
        lo,
        hi,
    })
}

/// The files of a calibration: nothing streamed; each replication feeds the
/// points' tally, and at the end the fit is written with its charts and report.
struct CalibrateFiles<'a> {
    args: &'a CalibrateArgs,
    base: &'a Scenario,
    target: &'a Target,
    params: &'a [Range],
    points: &'a [Vec<f64>],
    tally: Tally,
    extra: serde_json::Map<String, serde_json::Value>,
    /// The fit and the files written, kept for the summary on screen.
    fit: Option<Fit>,
    files: Vec<String>,
}

impl Outputs for CalibrateFiles<'_> {
    fn open(&mut self, _dir: &OutputDir) -> Result<(), JobError> {
        Ok(())
    }

    fn replication(&mut self, _index: u64, records: &[RunRecord]) -> Result<(), JobError> {
        self.tally.add(records);
        Ok(())
    }

    fn write(&mut self, dir: &OutputDir, _aggs: Vec<Aggregate>) -> Result<Written, JobError> {
        let fit = Fit::new(
            self.params.to_vec(),
            self.points.to_vec(),
            self.tally.statistics(),
            self.target,
            self.args.accept,
        );
        dir.write(CALIBRATION_FILE, &fit.csv()?)?;
        let toml = fit.best_toml(&self.args.files, &self.base.simulation);
        dir.write(BEST_TOML_FILE, toml.as_bytes())?;
        let mut files = vec![CALIBRATION_FILE.to_string(), BEST_TOML_FILE.to_string()];
        files.extend(self.draw(dir, &fit).map_err(job_error)?);
        self.files.clone_from(&files);
        self.fit = Some(fit);
        Ok(Written {
            files,
            extra: std::mem::take(&mut self.extra),
        })
    }
}

/// An error of the charts or the report as the job reports it: a file that
/// could not be written, a chart that could not be drawn, or else the whole
/// story of what went wrong.
fn job_error(e: anyhow::Error) -> JobError {
    match e.downcast::<OutputError>() {
        Ok(e) => JobError::Output(e),
        Err(e) => match e.downcast::<ChartError>() {
            Ok(e) => JobError::Chart(e),
            Err(e) => JobError::Other(format!("{e:#}")),
        },
    }
}

impl CalibrateFiles<'_> {
    /// Draws the charts (the closest point against the record, and the design
    /// over each pair of parameters with the accepted points marked) and the
    /// report; returns the files written.
    fn draw(&self, dir: &OutputDir, fit: &Fit) -> Result<Vec<String>> {
        let (args, base, target) = (self.args, self.base, self.target);
        let sim = base.simulation;
        let (params, points) = (&fit.params, &fit.points);
        let n = points.len();
        let best = fit.best();
        let stats = &fit.statistics[best];
        let mut files = Vec::new();
        let opts = args.charts.options();
        let theme = Theme::new(opts.scale, opts.lang);
        let caption = format!(
            "{} · {} · {n} points × {} replications, seed {} · deterrence {}",
            base.name,
            args.target.display(),
            sim.replications,
            sim.seed,
            env!("CARGO_PKG_VERSION")
        );
        let chart = FactsChart {
            rows: target
                .fitted
                .iter()
                .map(|t| {
                    let v = stats[t.stat];
                    FactsRow {
                        name: t.name().to_string(),
                        observed: [t.observed, t.observed - t.scale, t.observed + t.scale],
                        model: [v, v, v],
                    }
                })
                .collect(),
            caption: caption.clone(),
        };
        let (fit_files, fit_svg) = draw_named(&chart, "fit", dir, opts.format, &theme)?;
        files.extend(fit_files);
        let mut report_charts = vec![ReportChart {
            title: "The closest point against the record".to_string(),
            how_to_read:
                "Each fitted statistic on its own row, as a multiple of the record's value: grey the \
                 record with its 95 % interval, blue the closest point's value."
                    .to_string(),
            svg: fit_svg,
        }];
        for a in 0..params.len() {
            for b in a + 1..params.len() {
                let chart = CalibrationChart {
                    x_parameter: params[a].path.clone(),
                    y_parameter: params[b].path.clone(),
                    points: (0..n)
                        .map(|k| (points[k][a], points[k][b], fit.acceptance.accepted[k]))
                        .collect(),
                    best: Some((points[best][a], points[best][b])),
                    caption: caption.clone(),
                };
                let stem = format!("design_{a}_{b}");
                let (more, svg) = draw_named(&chart, &stem, dir, opts.format, &theme)?;
                files.extend(more);
                report_charts.push(ReportChart {
                    title: format!("{} and {}", params[a].path, params[b].path),
                    how_to_read:
                        "Every point of the design over this pair of parameters; the accepted \
                         points are blue and the closest is ringed."
                            .to_string(),
                    svg,
                });
            }
        }
        // The accepted ranges and medians, and the closest point, on one page.
        let report = Report {
            title: format!("Calibration: {}", base.name),
            notes: vec![
                format!(
                    "{n} points of a Latin hypercube over {} parameters, each run on {} (every point on the same \
                     seeds) for {} replications, seed {}; fitted to {} statistics of {}; the {} closest \
                     points accepted.",
                    params.len(),
                    args.files
                        .iter()
                        .map(|f| f.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    sim.replications,
                    sim.seed,
                    target.fitted.len(),
                    args.target.display(),
                    fit.acceptance.keep
                ),
                "The distance is the root mean square, over the statistics fitted, of the model's difference \
                 from the record in half-widths of the record's 95 % interval (docs/VALIDATION.md)."
                    .to_string(),
            ],
            lead: Vec::new(),
            charts: report_charts,
            sections: vec![
                Section {
                    heading: "Parameters".to_string(),
                    table: Some(ReportTable {
                        header: ["Parameter", "Searched", "Accepted", "Accepted median", "Closest point"]
                            .map(String::from)
                            .to_vec(),
                        rows: params
                            .iter()
                            .enumerate()
                            .map(|(d, p)| {
                                let v = fit.accepted_values(d);
                                vec![
                                    Cell::Code(p.path.clone()),
                                    Cell::Num(format!("{} – {}", p.lo, p.hi)),
                                    Cell::Num(format!("{:.4} – {:.4}", v[0], v[v.len() - 1])),
                                    Cell::Num(format!("{:.4}", median(&v))),
                                    Cell::Num(format!("{:.4}", points[best][d])),
                                ]
                            })
                            .collect(),
                    }),
                    ..Section::default()
                },
                Section {
                    heading: format!("The closest point (distance {:.3})", fit.distances[best]),
                    table: Some(ReportTable {
                        header: ["Statistic", "Model", "Record", "Record's 95 % half-width"]
                            .map(String::from)
                            .to_vec(),
                        rows: target
                            .fitted
                            .iter()
                            .map(|t| {
                                vec![
                                    Cell::Code(t.name().to_string()),
                                    Cell::Num(format!("{:.4}", stats[t.stat])),
                                    Cell::Num(format!("{:.4}", t.observed)),
                                    Cell::Num(format!("{:.4}", t.scale)),
                                ]
                            })
                            .collect(),
                    }),
                    ..Section::default()
                },
            ],
            ..Report::default()
        };
        files.push(write_report(dir, &report)?);
        Ok(files)
    }

    /// What a finished calibration prints: the accepted ranges and the closest point.
    fn print(&self, threads: usize, seconds: f64, out: &std::path::Path) {
        let Some(fit) = &self.fit else {
            return;
        };
        let sim = self.base.simulation;
        let n = fit.points.len();
        let (best, keep) = (fit.best(), fit.acceptance.keep);
        println!(
            "{}: {n} points × {} replications × {} years, seed {}, {threads} threads, {seconds:.1} s",
            self.base.name, sim.replications, sim.years, sim.seed,
        );
        println!("  fitted to {}", self.target.names().join(", "));
        println!("  accepted {keep} of {n} points; their ranges:");
        for (d, p) in fit.params.iter().enumerate() {
            let vals = fit.acceptance.points().iter().map(|&k| fit.points[k][d]);
            let (lo, hi) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
            let med = median(&fit.accepted_values(d));
            println!(
                "    {:<32} {lo:.4} – {hi:.4}, median {med:.4}  (searched {} – {})",
                p.path, p.lo, p.hi
            );
        }
        println!(
            "  closest point ({}: distance {:.3}):",
            best, fit.distances[best]
        );
        for t in &self.target.fitted {
            println!(
                "    {:<24} model {:>8.4}  record {:>8.4}",
                t.name(),
                fit.statistics[best][t.stat],
                t.observed
            );
        }
        println!("wrote {}: {}", out.display(), self.files.join(", "));
    }
}

/// Runs the design and writes `calibration.csv`, `best.toml`, the charts,
/// `report.html` and `manifest.json`.
pub fn calibrate(args: &CalibrateArgs, argv: Vec<String>, replay: Option<ShardSet>) -> Result<()> {
    let started = Instant::now();
    check_share(args.accept)?;
    interrupt::install()?;
    let settings = settings(&args.common, argv, replay, started)?;
    let base_set = overrides(&args.common);
    let file = &args.files[0];
    let base = scenario::load(file, &base_set)?;
    let params: Vec<Range> = args
        .params
        .iter()
        .map(|p| parse_param(p))
        .collect::<Result<_>>()?;
    // Each end of each range must make a valid scenario: the scenario's own
    // checks say what is wrong (an unknown path, a value out of its range).
    for p in &params {
        for v in [p.lo, p.hi] {
            let mut set = base_set.clone();
            set.push(format!("{}={v}", p.path));
            for f in &args.files {
                scenario::load(f, &set)?;
            }
        }
    }
    let target = Target::read(&args.target, &args.statistics)?;
    let n = args.points as usize;
    let points = calibration::design(&params, n, base.simulation.seed);
    // Point-major: the worlds of point k are plans k·F … k·F + F − 1.
    let scenarios: Vec<Scenario> = points
        .iter()
        .flat_map(|x| {
            let mut set = base_set.clone();
            for (p, v) in params.iter().zip(x) {
                set.push(format!("{}={v}", p.path));
            }
            args.files
                .iter()
                .map(move |f| scenario::load(f, &set).map_err(anyhow::Error::from))
        })
        .collect::<Result<_>>()?;
    let worlds: Vec<World> = scenarios
        .iter()
        .map(|s| World::new(&s.world, &s.model))
        .collect();
    let sim = base.simulation;
    let plans: Vec<Plan<'_>> = scenarios
        .iter()
        .zip(&worlds)
        .map(|(s, world)| Plan {
            world,
            params: &s.model,
            years: s.simulation.years,
            seed: sim.seed,
            first: 0,
            count: u64::from(sim.replications),
            records: RECORDING,
        })
        .collect();
    let exp = Experiment {
        command: "calibrate",
        plans: &plans,
        yearly: false,
        file,
        base: &base,
        default_out: PathBuf::from("output").join(format!("{}-calibrate", slug(&base.name))),
    };
    let mut extra = serde_json::Map::new();
    let ranges: Vec<serde_json::Value> = params
        .iter()
        .map(|p| serde_json::json!({ "path": p.path, "low": p.lo, "high": p.hi }))
        .collect();
    extra.insert("parameters".into(), ranges.into());
    extra.insert("points".into(), n.into());
    extra.insert("statistics".into(), target.names().into());
    let mut outputs = CalibrateFiles {
        args,
        base: &base,
        target: &target,
        params: &params,
        points: &points,
        tally: Tally::new(n, scenarios.iter().map(|s| s.simulation.years).collect()),
        extra,
        fit: None,
        files: Vec::new(),
    };
    // The charts are drawn with the tables, from the fit in memory.
    let label = format!("{} (calibrate)", base.name);
    let done = execute(
        &exp,
        &settings,
        &mut outputs,
        None,
        &label,
        args.common.quiet,
    )?;
    let Some(Done { dir, seconds, .. }) = done else {
        return Ok(());
    };
    if !args.common.quiet {
        outputs.print(settings.threads, seconds, &dir);
    }
    interrupt::after_writing(&dir)
}
