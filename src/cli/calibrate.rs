//! `deterrence calibrate FILE --target facts.csv --param PATH=LOW:HIGH …`:
//! runs a Latin-hypercube design over the named parameters, every point on the
//! same seeds (common random numbers), computes at each the statistics of
//! `deterrence facts` from the replications' records (the same function as for
//! the record), measures its distance to the target, and accepts the closest
//! points (approximate Bayesian computation by rejection).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;

use deterrence::chart::{
    CalibrationChart, Cell, FactsChart, FactsRow, Report, ReportChart, Section,
    Table as ReportTable,
};
use deterrence::claims::robust::{Range, latin_hypercube};
use deterrence::experiment::Plan;
use deterrence::facts::{self, Counts, STATISTICS, Sample, statistic_index};
use deterrence::import::csv::Table;
use deterrence::job::{self, Experiment, ManifestInput, Outcome, ShardSet};
use deterrence::model::{Recording, World};
use deterrence::output::csv::{CsvWriter, number};
use deterrence::output::slug;
use deterrence::scenario::{self, Scenario};

use super::BadInput;
use super::args::CalibrateArgs;
use super::common::{draw, overrides, settings, write_report};
use super::interrupt;
use super::progress::Progress;
use super::run::shard_done;

/// One statistic of the target: its index in [`STATISTICS`], the observed value
/// and the half-width of its interval (the distance's unit).
struct Target {
    stat: usize,
    observed: f64,
    scale: f64,
}

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

/// The target statistics of a `facts.csv` (`--target`), those asked for.
fn read_target(path: &std::path::Path, only: &[String]) -> Result<Vec<Target>> {
    let t = Table::read(
        path,
        &["statistic"],
        "a facts.csv written by `deterrence facts`",
    )?;
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
            return Err(BadInput(format!(
                "{}: no column {col:?}; expected a facts.csv written by `deterrence facts` \
                 (with `observed` or `model` values and their intervals)",
                path.display()
            ))
            .into());
        }
    }
    let mut out = Vec::new();
    for row in &t.rows {
        let name = t.text(row, "statistic");
        let Some(stat) = statistic_index(name) else {
            return Err(BadInput(format!(
                "{}:{}: unknown statistic {name:?}; `deterrence facts` writes {}",
                t.file,
                row.line,
                STATISTICS.map(|s| s.name).join(", ")
            ))
            .into());
        };
        if !only.is_empty() && !only.iter().any(|o| o == name) {
            continue;
        }
        let num = |col: &str| t.text(row, col).parse::<f64>().unwrap_or(f64::NAN);
        let (observed, low, high) = (num(&value), num(&lo), num(&hi));
        let scale = 0.5 * (high - low);
        // A statistic without a value or an interval cannot be fitted to.
        if observed.is_finite() && scale.is_finite() && scale > 0.0 {
            out.push(Target {
                stat,
                observed,
                scale,
            });
        }
    }
    for name in only {
        if statistic_index(name).is_none() {
            return Err(BadInput(format!(
                "--statistics: unknown statistic {name:?}; they are {}",
                STATISTICS.map(|s| s.name).join(", ")
            ))
            .into());
        }
        if !out.iter().any(|t| STATISTICS[t.stat].name == name) {
            return Err(BadInput(format!(
                "--statistics: {}: no {name} with a value and an interval to fit to",
                path.display()
            ))
            .into());
        }
    }
    if out.is_empty() {
        return Err(BadInput(format!(
            "{}: no statistic with a value and an interval to fit to",
            path.display()
        ))
        .into());
    }
    Ok(out)
}

/// Distance of statistics `x` to the target: the root mean square of each
/// statistic's difference from its observed value, in half-widths of its
/// observed interval (a statistic the run did not measure counts as 10).
fn distance(x: &[f64], targets: &[Target]) -> f64 {
    let sum: f64 = targets
        .iter()
        .map(|t| {
            let z = (x[t.stat] - t.observed) / t.scale;
            if z.is_finite() { z * z } else { 100.0 }
        })
        .sum();
    (sum / targets.len() as f64).sqrt()
}

/// Runs the design and writes `calibration.csv` and `best.toml`.
pub fn calibrate(args: &CalibrateArgs, argv: Vec<String>, replay: Option<ShardSet>) -> Result<()> {
    let started = Instant::now();
    if !(args.accept > 0.0 && args.accept <= 1.0) {
        return Err(BadInput(format!(
            "--accept {}: expected a share of the points above 0 and at most 1",
            args.accept
        ))
        .into());
    }
    interrupt::install()?;
    let settings = settings(&args.common, argv, replay, started)?;
    let threads = settings.threads;
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
    let targets = read_target(&args.target, &args.statistics)?;
    let n = args.points as usize;
    // The design's streams are its own, apart from the model's (purpose "LHS\0").
    let points = latin_hypercube(&params, n, base.simulation.seed, 0x4C48_5300);
    // Point-major: the worlds of point k are plans k·F … k·F + F − 1.
    let per_point = args.files.len();
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
    // The statistics come from the wars and crises; no per-year metrics.
    let records = Recording {
        wars: true,
        crises: true,
        totals_only: true,
        ..Recording::default()
    };
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
            records,
        })
        .collect();
    let pool = settings.pool()?;
    let exp = Experiment {
        command: "calibrate",
        plans: &plans,
        yearly: false,
        file,
        base: &base,
        default_out: PathBuf::from("output").join(format!("{}-calibrate", slug(&base.name))),
    };
    let progress = Progress::new(
        exp.tasks(&settings),
        &format!("{} (calibrate)", base.name),
        args.common.quiet,
    );
    let Some(dir) = job::begin(&exp, &settings, &pool, &progress)? else {
        let outcome = Outcome::of_shard(&exp, &settings);
        return shard_done(&outcome, &base.name, args.common.quiet);
    };
    // The directory chosen: the default may have moved aside for another configuration.
    let out = dir.path().to_path_buf();
    // One set of counts per point, fed a replication at a time: memory does
    // not grow with the replications.
    let mut counts = vec![Counts::default(); n];
    let years = sim.years;
    let world_years: Vec<u32> = scenarios.iter().map(|s| s.simulation.years).collect();
    job::replications(
        &settings,
        &exp,
        &pool,
        &interrupt::STOP,
        |_, recs| {
            for (k, c) in counts.iter_mut().enumerate() {
                let mut sample = Sample::default();
                for f in 0..per_point {
                    let i = k * per_point + f;
                    if let Some(rec) = recs.get(i) {
                        facts::run::add_replication(&mut sample, rec, world_years[i]);
                    }
                }
                c.add_sample(&sample);
            }
            Ok(())
        },
        |done| progress.set(done),
    )?;
    progress.finish();
    // Nothing is in place yet: stopping here leaves no results and no temporary files.
    interrupt::check()?;

    let stats: Vec<Vec<f64>> = counts.iter().map(|c| c.statistics().to_vec()).collect();
    let dist: Vec<f64> = stats.iter().map(|x| distance(x, &targets)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| dist[a].total_cmp(&dist[b]).then(a.cmp(&b)));
    let keep = ((args.accept * n as f64).ceil() as usize).clamp(1, n);
    let mut accepted = vec![false; n];
    for &k in &order[..keep] {
        accepted[k] = true;
    }

    let mut header: Vec<String> = vec!["point".into()];
    header.extend(params.iter().map(|p| p.path.clone()));
    header.extend(STATISTICS.iter().map(|s| s.name.to_string()));
    header.extend(["distance".into(), "accepted".into()]);
    let mut csv = CsvWriter::new(Vec::new());
    csv.header(&header.iter().map(String::as_str).collect::<Vec<_>>())?;
    for k in 0..n {
        let mut cells = vec![k.to_string()];
        cells.extend(points[k].iter().map(|&v| number(v)));
        cells.extend(stats[k].iter().map(|&v| number(v)));
        cells.extend([number(dist[k]), accepted[k].to_string()]);
        csv.row(&cells)?;
    }
    let csv = csv.into_inner()?;

    let best = order[0];
    let mut toml = format!(
        "# The closest point of a calibration of {} (distance {:.3}; {} points, {} replications × {} years, seed {}).\n",
        args.files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        dist[best],
        n,
        sim.replications,
        years,
        sim.seed
    );
    let mut table = String::from("[model]\n");
    for (p, v) in params.iter().zip(&points[best]) {
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

    dir.write("calibration.csv", &csv)?;
    dir.write("best.toml", toml.as_bytes())?;
    let mut files = vec!["calibration.csv".to_string(), "best.toml".to_string()];

    // Charts: the closest point against the record, and the design over each
    // pair of parameters with the accepted points marked.
    let opts = args.charts.options();
    let caption = format!(
        "{} · {} · {n} points × {} replications, seed {} · deterrence {}",
        base.name,
        args.target.display(),
        sim.replications,
        sim.seed,
        env!("CARGO_PKG_VERSION")
    );
    let fit = FactsChart {
        rows: targets
            .iter()
            .map(|t| {
                let v = stats[best][t.stat];
                FactsRow {
                    name: STATISTICS[t.stat].name.to_string(),
                    observed: [t.observed, t.observed - t.scale, t.observed + t.scale],
                    model: [v, v, v],
                }
            })
            .collect(),
        caption: caption.clone(),
    };
    let (fit_files, fit_svg) = draw(&dir, "fit", &fit, &opts)?;
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
                    .map(|k| (points[k][a], points[k][b], accepted[k]))
                    .collect(),
                best: Some((points[best][a], points[best][b])),
                caption: caption.clone(),
            };
            let (more, svg) = draw(&dir, &format!("design_{a}_{b}"), &chart, &opts)?;
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
    let accepted_values = |d: usize| -> Vec<f64> {
        let mut v: Vec<f64> = order[..keep].iter().map(|&k| points[k][d]).collect();
        v.sort_by(f64::total_cmp);
        v
    };
    let median = |v: &[f64]| {
        let m = v.len() / 2;
        if v.len() % 2 == 1 {
            v[m]
        } else {
            (v[m - 1] + v[m]) / 2.0
        }
    };
    let report = Report {
        title: format!("Calibration: {}", base.name),
        notes: vec![
            format!(
                "{n} points of a Latin hypercube over {} parameters, each run on {} (every point on the same \
                 seeds) for {} replications, seed {}; fitted to {} statistics of {}; the {keep} closest \
                 points accepted.",
                params.len(),
                args.files
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                sim.replications,
                sim.seed,
                targets.len(),
                args.target.display()
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
                            let v = accepted_values(d);
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
                heading: format!("The closest point (distance {:.3})", dist[best]),
                table: Some(ReportTable {
                    header: ["Statistic", "Model", "Record", "Record's 95 % half-width"]
                        .map(String::from)
                        .to_vec(),
                    rows: targets
                        .iter()
                        .map(|t| {
                            vec![
                                Cell::Code(STATISTICS[t.stat].name.to_string()),
                                Cell::Num(format!("{:.4}", stats[best][t.stat])),
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
    files.push(write_report(&dir, &report)?);
    let mut extra = serde_json::Map::new();
    let ranges: Vec<serde_json::Value> = params
        .iter()
        .map(|p| serde_json::json!({ "path": p.path, "low": p.lo, "high": p.hi }))
        .collect();
    extra.insert("parameters".into(), ranges.into());
    extra.insert("points".into(), n.into());
    let fitted: Vec<&str> = targets.iter().map(|t| STATISTICS[t.stat].name).collect();
    extra.insert("statistics".into(), fitted.into());
    ManifestInput {
        command: "calibrate",
        file,
        base: &base,
        argv: settings.argv.clone(),
        threads,
        started,
        files: files.clone(),
        extra,
    }
    .write(dir)?;
    if !args.common.quiet {
        println!(
            "{}: {n} points × {} replications × {years} years, seed {}, {threads} threads, {:.1} s",
            base.name,
            sim.replications,
            sim.seed,
            started.elapsed().as_secs_f64()
        );
        println!(
            "  fitted to {}",
            targets
                .iter()
                .map(|t| STATISTICS[t.stat].name)
                .collect::<Vec<_>>()
                .join(", ")
        );
        println!("  accepted {keep} of {n} points; their ranges:");
        for (d, p) in params.iter().enumerate() {
            let vals = order[..keep].iter().map(|&k| points[k][d]);
            let (lo, hi) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
            let med = median(&accepted_values(d));
            println!(
                "    {:<32} {lo:.4} – {hi:.4}, median {med:.4}  (searched {} – {})",
                p.path, p.lo, p.hi
            );
        }
        println!("  closest point ({}: distance {:.3}):", best, dist[best]);
        for t in &targets {
            let s = &STATISTICS[t.stat];
            println!(
                "    {:<24} model {:>8.4}  record {:>8.4}",
                s.name, stats[best][t.stat], t.observed
            );
        }
        println!("wrote {}: {}", out.display(), files.join(", "));
    }
    Ok(())
}
