//! `deterrence claims FILE --robustness N`: the claims at N parameter sets, and
//! how robust each verdict is to the model's assumptions.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;

use deterrence::chart::{
    Caption, DriversChart, RobustnessReport, RobustnessRow, VerdictSharesChart,
};
use deterrence::claims::robust::{self, Range, flip, latin_hypercube, prcc};
use deterrence::claims::{CLAIMS, ClaimResult};
use deterrence::import::csv::Table;
use deterrence::job::{Outcome, Settings, Written};
use deterrence::output::csv::{CsvWriter, number, opt};
use deterrence::output::{DRIVERS_FILE, OutputDir, ROBUSTNESS_FILE, ROBUSTNESS_MD_FILE, slug};
use deterrence::rng::Stream;
use deterrence::stats::Verdict;

use super::BadInput;
use super::args::ClaimsArgs;
use super::calibrate::parse_param;
use super::claims::{Ran, percent, place, run_worlds, world};
use super::common::{draw, overrides, write_report};
use super::interrupt;
use super::run::{files_line, shard_done};

/// The purpose of the design's random streams (apart from the model's).
const DESIGN: u64 = 0x524F_4255_0000;

/// The parameter sets: ranges and one row of values per set.
struct Design {
    params: Vec<String>,
    sets: Vec<Vec<f64>>,
    source: String,
}

impl Design {
    /// The lowest and highest value drawn for parameter `j`.
    fn drawn_range(&self, j: usize) -> (f64, f64) {
        let values = || self.sets.iter().map(|s| s[j]);
        (
            values().fold(f64::INFINITY, f64::min),
            values().fold(f64::NEG_INFINITY, f64::max),
        )
    }
}

/// `n` sets drawn from the accepted points of `calibration.csv`, shuffled
/// (seeded) and taken in turn.
fn from_calibration(path: &Path, n: usize, seed: u64) -> Result<Design> {
    let t = Table::read(
        path,
        &["point", "accepted"],
        "a calibration.csv written by `calibrate`",
    )
    .map_err(|e| BadInput(e.to_string()))?;
    let first_stat = t
        .header
        .iter()
        .position(|h| deterrence::facts::statistic_index(h).is_some() || h == "distance")
        .unwrap_or(t.header.len());
    let params: Vec<String> = t.header[1..first_stat].to_vec();
    if params.is_empty() {
        return Err(BadInput(format!(
            "{}: no parameter columns between `point` and the statistics",
            path.display()
        ))
        .into());
    }
    let mut accepted = Vec::new();
    for row in &t.rows {
        if t.text(row, "accepted") != "true" {
            continue;
        }
        let mut values = Vec::with_capacity(params.len());
        for p in &params {
            let v = t
                .opt_num(row, p)
                .map_err(|e| BadInput(e.to_string()))?
                .ok_or_else(|| {
                    BadInput(format!(
                        "{}: line {}: `{p}` is empty",
                        path.display(),
                        row.line
                    ))
                })?;
            values.push(v);
        }
        accepted.push(values);
    }
    if accepted.is_empty() {
        return Err(BadInput(format!(
            "{}: no accepted point to draw from",
            path.display()
        ))
        .into());
    }
    let mut order: Vec<usize> = (0..accepted.len()).collect();
    Stream::for_purpose(seed, DESIGN).shuffle(&mut order);
    let sets = (0..n)
        .map(|k| accepted[order[k % order.len()]].clone())
        .collect();
    Ok(Design {
        params,
        sets,
        source: format!(
            "the {} accepted points of {}",
            accepted.len(),
            path.display()
        ),
    })
}

/// The design of a robustness run: a Latin hypercube over the given or the
/// plausible ranges, or a calibration's accepted points.
fn design(args: &ClaimsArgs, n: usize, seed: u64) -> Result<Design> {
    if let Some(path) = &args.from {
        return from_calibration(path, n, seed);
    }
    let ranges: Vec<Range> = if args.params.is_empty() {
        robust::plausible()
    } else {
        args.params
            .iter()
            .map(|p| parse_param(p))
            .collect::<Result<_>>()?
    };
    let source = if args.params.is_empty() {
        "a Latin hypercube over the plausible ranges of docs/CLAIMS.md".to_string()
    } else {
        "a Latin hypercube over the ranges given".to_string()
    };
    Ok(Design {
        params: ranges.iter().map(|r| r.path.clone()).collect(),
        sets: latin_hypercube(&ranges, n, seed, DESIGN),
        source,
    })
}

/// Runs the robustness experiment and writes its files.
pub fn robustness(args: &ClaimsArgs, n: u32, settings: &Settings) -> Result<()> {
    if args.files.len() > 1 {
        return Err(BadInput("--robustness takes one scenario file".into()).into());
    }
    let file = args
        .files
        .first()
        .cloned()
        .unwrap_or_else(super::claims::default_file);
    let set = overrides(&args.common);
    // The seed of the design is the scenario's (or --seed), so a robustness
    // run is reproduced by its command line.
    let probe = world(&file, &set, args.min_effect, 0)?;
    let sim = probe.plan.configs[0].scenario.simulation;
    let d = design(args, n as usize, sim.seed)?;
    let mut worlds = Vec::with_capacity(d.sets.len());
    for values in &d.sets {
        let mut all = set.clone();
        all.extend(d.params.iter().zip(values).map(|(p, v)| format!("{p}={v}")));
        worlds.push(world(&file, &all, args.min_effect, 0)?);
    }
    place(&mut worlds);
    let name = probe.plan.configs[0].scenario.name.clone();
    // The manifest and report describe the scenario as given (with the user's
    // overrides), not the first set drawn.
    let base = probe.plan.configs[0].scenario.clone();
    let mut extra = serde_json::Map::new();
    extra.insert("robustness_sets".into(), d.sets.len().into());
    extra.insert("parameters".into(), d.params.clone().into());
    extra.insert("design".into(), d.source.clone().into());
    extra.insert("min_effect".into(), args.min_effect.into());
    // The files are written, and the charts drawn, once every set is judged.
    let mut per_claim: Vec<Summary> = Vec::new();
    let write = |dir: &OutputDir, results: &[Vec<ClaimResult>]| -> Result<Written> {
        // robustness.csv: one row per set and claim.
        let mut header: Vec<String> = vec!["set".into()];
        header.extend(d.params.iter().cloned());
        header.extend(
            [
                "id",
                "control_mean",
                "effect",
                "ci_low",
                "ci_high",
                "delta",
                "verdict",
                "pledges_effect",
                "pledges_verdict",
            ]
            .map(String::from),
        );
        let mut csv = CsvWriter::new(Vec::new());
        csv.header(&header.iter().map(String::as_str).collect::<Vec<_>>())?;
        for (k, (values, rs)) in d.sets.iter().zip(results).enumerate() {
            for r in rs {
                let mut cells = vec![k.to_string()];
                cells.extend(values.iter().map(|&v| number(v)));
                cells.extend([
                    r.def.id.to_string(),
                    opt(r.control_mean),
                    opt(r.effect),
                    opt(r.ci.map(|c| c.0)),
                    opt(r.ci.map(|c| c.1)),
                    opt(r.delta),
                    r.verdict.as_str().to_string(),
                    opt(r.pledges.as_ref().and_then(|p| p.effect)),
                    r.pledges
                        .as_ref()
                        .map_or(String::new(), |p| p.verdict.as_str().to_string()),
                ]);
                csv.row(&cells)?;
            }
        }
        dir.write(ROBUSTNESS_FILE, &csv.into_inner()?)?;

        // Per claim: verdict counts, drivers (PRCC of the effect), where it flips.
        per_claim = (0..CLAIMS.len())
            .map(|i| summarise(i, &d, results))
            .collect();
        let mut drivers = CsvWriter::new(Vec::new());
        drivers.header(&["id", "parameter", "prcc", "ci_low", "ci_high", "sets"])?;
        for (def, s) in CLAIMS.iter().zip(&per_claim) {
            for (p, c) in d.params.iter().zip(&s.prcc) {
                drivers.row(&[
                    def.id.to_string(),
                    p.clone(),
                    opt(c.map(|c| c.value)),
                    opt(c.map(|c| c.ci.0)),
                    opt(c.map(|c| c.ci.1)),
                    s.measured.to_string(),
                ])?;
            }
        }
        dir.write(DRIVERS_FILE, &drivers.into_inner()?)?;

        let md = markdown(
            &name,
            &file,
            &d,
            sim.replications,
            sim.seed,
            args.min_effect,
            &per_claim,
        );
        dir.write(ROBUSTNESS_MD_FILE, md.as_bytes())?;

        let caption = Caption {
            scenario: format!("{name} · {} sets", d.sets.len()),
            replications: sim.replications,
            seed: sim.seed,
        };
        let shares = VerdictSharesChart {
            rows: CLAIMS
                .iter()
                .zip(&per_claim)
                .map(|(c, s)| (c.id.to_string(), s.counts))
                .collect(),
            caption: caption.clone(),
        };
        let drivers_chart = DriversChart {
            params: d.params.clone(),
            rows: CLAIMS
                .iter()
                .zip(&per_claim)
                .map(|(c, s)| {
                    let cells = s
                        .prcc
                        .iter()
                        .map(|p| p.map(|p| (p.value, p.ci.0 > 0.0 || p.ci.1 < 0.0)))
                        .collect();
                    (c.id.to_string(), cells)
                })
                .collect(),
            caption,
        };
        let opts = args.charts.options();
        let (mut chart_files, shares_svg) = draw(dir, "robustness", &shares, &opts)?;
        let (more, drivers_svg) = draw(dir, "drivers", &drivers_chart, &opts)?;
        chart_files.extend(more);
        let report = RobustnessReport {
            setup: super::common::setup(&file, &base)?,
            design: format!("{} parameter sets drawn from {}.", d.sets.len(), d.source),
            params: d
                .params
                .iter()
                .enumerate()
                .map(|(j, p)| {
                    let (lo, hi) = d.drawn_range(j);
                    (p.clone(), lo, hi)
                })
                .collect(),
            rows: CLAIMS
                .iter()
                .zip(&per_claim)
                .map(|(def, s)| RobustnessRow {
                    id: def.id.to_string(),
                    claim: def.claim.to_string(),
                    counts: s.counts,
                    driver: s.driver_text(&d.params),
                    flip: s.flip_text(def.id, &d.params),
                })
                .collect(),
            shares_svg,
            drivers_svg,
            min_effect: args.min_effect,
        };
        let report_file = write_report(dir, &report.report(opts.lang))?;

        let files = [ROBUSTNESS_FILE, DRIVERS_FILE, ROBUSTNESS_MD_FILE];
        let mut written: Vec<String> = files.iter().map(|f| f.to_string()).collect();
        written.extend(chart_files);
        written.push(report_file);
        Ok(Written {
            files: written,
            extra: extra.clone(),
        })
    };
    let Ran {
        outcome,
        results: _,
        configurations,
    } = run_worlds(
        settings,
        args.common.quiet,
        &worlds,
        &base,
        Path::new("output").join(format!("{}-robustness", slug(&name))),
        None,
        write,
    )?;
    let Outcome::Done {
        dir: out,
        files: written,
        seconds: secs,
    } = outcome
    else {
        return shard_done(&outcome, "claims", args.common.quiet);
    };
    let threads = settings.threads;

    if !args.common.quiet {
        println!(
            "Robustness of the claims on {name}: {} parameter sets × {} replications, seed {}, {} configurations ({} thread{}, {:.1} s)",
            d.sets.len(),
            sim.replications,
            sim.seed,
            configurations,
            threads,
            if threads == 1 { "" } else { "s" },
            secs
        );
        println!("  sets: {}", d.source);
        println!(
            "  {:<4} {:>9} {:>12} {:>9} {:>12} {:>7}  strongest driver",
            "ID", "supported", "contradicted", "no effect", "inconclusive", "n/a"
        );
        for (def, s) in CLAIMS.iter().zip(&per_claim) {
            let total = s.counts.iter().sum::<u32>().max(1);
            let pc = |c: u32| format!("{:.0} %", 100.0 * f64::from(c) / f64::from(total));
            println!(
                "  {:<4} {:>9} {:>12} {:>9} {:>12} {:>7}  {}",
                def.id,
                pc(s.counts[0]),
                pc(s.counts[1]),
                pc(s.counts[2]),
                pc(s.counts[3]),
                pc(s.counts[4]),
                s.driver_text(&d.params)
            );
        }
        for (def, s) in CLAIMS.iter().zip(&per_claim) {
            if let Some(f) = s.flip_text(def.id, &d.params) {
                println!("  {f}");
            }
        }
        println!(
            "  smallest effect that matters: {} of each control",
            percent(args.min_effect)
        );
        println!("wrote {}: {}", out.display(), files_line(&written));
    }
    interrupt::after_writing(&out)
}

/// One claim over the sets.
struct Summary {
    /// Sets per verdict, in [`Verdict::ALL`] order.
    counts: [u32; 5],
    /// Sets with an effect measured.
    measured: usize,
    prcc: Vec<Option<robust::Prcc>>,
    flip: Option<robust::Flip>,
}

impl Summary {
    /// The parameter with the largest clear partial rank correlation, in words.
    fn driver_text(&self, params: &[String]) -> String {
        let best = self
            .prcc
            .iter()
            .enumerate()
            .filter_map(|(j, p)| p.filter(|p| p.ci.0 > 0.0 || p.ci.1 < 0.0).map(|p| (j, p)))
            .max_by(|a, b| a.1.value.abs().total_cmp(&b.1.value.abs()));
        match best {
            Some((j, p)) => format!(
                "{} {:+.2} [{:+.2}, {:+.2}]",
                params[j], p.value, p.ci.0, p.ci.1
            ),
            None => "none clear".to_string(),
        }
    }

    /// Where the verdict flips, in words ("C1 is supported when … < 0.31").
    fn flip_text(&self, id: &str, params: &[String]) -> Option<String> {
        let f = self.flip.as_ref()?;
        let phrase = match f.verdict {
            Verdict::NoMeaningfulEffect => "shows no meaningful effect".to_string(),
            v => format!("is {v}"),
        };
        Some(format!(
            "{id} {phrase} when {} {} {} (the rule fits {:.0} % of sets, against {:.0} % for one verdict alone)",
            params[f.param],
            if f.below { "<" } else { ">" },
            number_short(f.threshold),
            100.0 * f.accuracy,
            100.0 * f.base
        ))
    }
}

fn number_short(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn summarise(i: usize, d: &Design, results: &[Vec<ClaimResult>]) -> Summary {
    let mut counts = [0u32; 5];
    let verdicts: Vec<Verdict> = results.iter().map(|r| r[i].verdict).collect();
    for v in &verdicts {
        if let Some(k) = Verdict::ALL.iter().position(|x| x == v) {
            counts[k] += 1;
        }
    }
    // The effect in units of δ's base (the control's mean) where it has one, so
    // sets with different controls are on one scale; else the raw effect.
    let y: Vec<f64> = results
        .iter()
        .map(|r| {
            let r = &r[i];
            match (r.effect, r.control_mean) {
                (Some(e), Some(c)) if c.abs() > 0.0 && r.verdict != Verdict::NotApplicable => {
                    e / c.abs()
                }
                (Some(e), _) if r.verdict != Verdict::NotApplicable => e,
                _ => f64::NAN,
            }
        })
        .collect();
    Summary {
        counts,
        measured: y.iter().filter(|v| v.is_finite()).count(),
        prcc: prcc(&d.sets, &y),
        flip: flip(&d.sets, &verdicts),
    }
}

fn markdown(
    name: &str,
    file: &Path,
    d: &Design,
    replications: u32,
    seed: u64,
    min_effect: f64,
    per_claim: &[Summary],
) -> String {
    let mut md = format!("# Robustness of the claims: {name}\n\n");
    let _ = writeln!(
        md,
        "Scenario `{}`: the claims at {} parameter sets drawn from {}, each set at {replications} replications \
         (seed {seed}) on common random numbers. δ, the smallest effect that matters, is {} of each control's \
         mean. The drivers are partial rank correlations of each claim's effect (relative to its control) with \
         each parameter, with 95 % intervals (Fisher's z); where the verdict flips is the single threshold on one \
         parameter that best separates the sets giving the most common verdict from the rest.\n",
        file.display(),
        d.sets.len(),
        d.source,
        percent(min_effect)
    );
    md.push_str("| parameter | lowest drawn | highest drawn |\n|---|---:|---:|\n");
    for (j, p) in d.params.iter().enumerate() {
        let (lo, hi) = d.drawn_range(j);
        let _ = writeln!(
            md,
            "| `{p}` | {} | {} |",
            number_short(lo),
            number_short(hi)
        );
    }
    md.push_str(
        "\n| ID | claim | supported | contradicted | no meaningful effect | inconclusive | not applicable | strongest driver | where the verdict flips |\n\
         |---|---|---:|---:|---:|---:|---:|---|---|\n",
    );
    for (def, s) in CLAIMS.iter().zip(per_claim) {
        let total = s.counts.iter().sum::<u32>().max(1);
        let pc = |c: u32| format!("{:.0} %", 100.0 * f64::from(c) / f64::from(total));
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            def.id,
            def.claim.replace('|', "\\|"),
            pc(s.counts[0]),
            pc(s.counts[1]),
            pc(s.counts[2]),
            pc(s.counts[3]),
            pc(s.counts[4]),
            s.driver_text(&d.params),
            s.flip_text(def.id, &d.params).unwrap_or_else(|| "—".into())
        );
    }
    md
}
