//! `deterrence claims FILE --robustness N`: the claims at N parameter sets, and
//! how robust each verdict is to the model's assumptions.

use std::path::Path;

use anyhow::Result;

use deterrence::chart::{
    Caption, DriversChart, RobustnessReport, RobustnessRow, Theme, VerdictSharesChart, draw_named,
    write_report,
};
use deterrence::claims::robust::{self, ParameterSets, Range, Summary, summarise};
use deterrence::claims::{CLAIMS, ClaimResult};
use deterrence::import::csv::Table;
use deterrence::job::{Settings, Written};
use deterrence::output::{
    DRIVERS_FILE, OutputDir, ROBUSTNESS_FILE, ROBUSTNESS_MD_FILE, drivers_csv, percent,
    robustness_csv, robustness_md, slug,
};

use super::BadInput;
use super::args::ClaimsArgs;
use super::calibrate::parse_param;
use super::claims::{Ran, place, run_worlds, world};
use super::common::overrides;
use super::interrupt;
use super::run::{Done, files_line};

/// `n` sets drawn from the accepted points of `calibration.csv`, shuffled
/// (seeded) and taken in turn.
fn from_calibration(path: &Path, n: usize, seed: u64) -> Result<ParameterSets> {
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
    let source = format!(
        "the {} accepted points of {}",
        accepted.len(),
        path.display()
    );
    Ok(ParameterSets::from_points(
        params, &accepted, n, seed, source,
    ))
}

/// The design of a robustness run: a Latin hypercube over the given or the
/// plausible ranges, or a calibration's accepted points.
fn design(args: &ClaimsArgs, n: usize, seed: u64) -> Result<ParameterSets> {
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
    Ok(ParameterSets::latin(&ranges, n, seed, source))
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
        dir.write(ROBUSTNESS_FILE, &robustness_csv(&d, results)?)?;

        // Per claim: verdict counts, drivers (PRCC of the effect), where it flips.
        per_claim = (0..CLAIMS.len())
            .map(|i| summarise(i, &d, results))
            .collect();
        dir.write(DRIVERS_FILE, &drivers_csv(&d, &per_claim)?)?;

        let md = robustness_md(
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
        let theme = Theme::new(opts.scale, opts.lang);
        let (mut chart_files, shares_svg) =
            draw_named(&shares, "robustness", dir, opts.format, &theme)?;
        let (more, drivers_svg) = draw_named(&drivers_chart, "drivers", dir, opts.format, &theme)?;
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
        done,
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
    let Some(Done {
        dir: out,
        files: written,
        seconds: secs,
    }) = done
    else {
        return Ok(());
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
