//! `deterrence claims`: run the experiments of every claim on a scenario and
//! report a computed verdict for each ID.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

use deterrence::chart::{ClaimsReport, ForestChart, ForestRow, Interval};
use deterrence::claims::{CLAIMS, evaluate, plan};
use deterrence::experiment;
use deterrence::experiment::compare::Paired;
use deterrence::output::{claims_csv, claims_md, scenario_hash, slug};
use deterrence::stats::Verdict;

use super::args::ClaimsArgs;
use super::common::{
    ManifestInput, caption, draw, fixed3, plans, pool, write_manifest, write_report,
};
use super::interrupt;
use super::progress::Progress;
use super::run::{overrides, threads};
use super::shard::{self, Experiment, Setting};

/// The scenario `claims` uses when given none: here, else beside the sources.
fn default_file() -> PathBuf {
    let here = PathBuf::from("scenarios/claims-world.toml");
    if here.is_file() {
        here
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/claims-world.toml")
    }
}

/// Runs every claim's experiment and writes `claims.csv`, `claims.md`, the
/// forest plot, `report.html` and `manifest.json`.
pub fn claims(args: &ClaimsArgs, argv: Vec<String>) -> Result<()> {
    let started = Instant::now();
    interrupt::install()?;
    let file = args.file.clone().unwrap_or_else(default_file);
    let origin = file.display().to_string();
    let text = deterrence::scenario::read_text(&file)
        .map_err(|e| super::BadInput(format!("{origin}: {e}")))?;
    let set = overrides(&args.common);
    let mut plan = plan(&origin, &text, &set)?;
    plan.min_effect = args.min_effect;
    let base = &plan.configs[0].scenario;
    let out = shard::out_path(&args.common, || {
        Path::new("output").join(format!("{}-claims", slug(&base.name)))
    });
    let threads = threads(&args.common)?;
    let pool = pool(threads)?;
    let sim = base.simulation;

    let worlds = plan.worlds();
    let plans = plans(plan.configs.iter().map(|c| &c.scenario), &worlds, base);
    let runs = if plan.not_applicable.is_some() {
        &plans[..0]
    } else {
        &plans[..]
    };
    let exp = Experiment {
        command: "claims",
        plans: runs,
        yearly: false,
    };
    let progress = Progress::new(exp.tasks(&args.common), "claims", args.common.quiet);
    let setting = Setting {
        common: &args.common,
        out: &out,
        file: &file,
        base,
        threads,
        started,
    };
    let Some(dir) = shard::begin(&exp, &setting, &pool, &progress, &argv)? else {
        return Ok(());
    };
    let mut paired = Paired::between(plan.pairs());
    let aggs = shard::replications(
        &args.common,
        &exp,
        &pool,
        &interrupt::STOP,
        |_, recs| {
            paired.push(recs);
            Ok(())
        },
        |done| progress.set(done),
    )?;
    progress.finish();
    // Nothing is in place yet: stopping here leaves no results and no temporary files.
    interrupt::check()?;
    let aggs = if aggs.is_empty() {
        vec![experiment::Aggregate::new(sim.years)]
    } else {
        aggs
    };
    let results = evaluate(&plan, &aggs, &paired);

    let setup = format!(
        "Scenario **{}** (`{}`): {} replications × {} years, seed {}; {} configurations on common random numbers.",
        base.name,
        origin,
        sim.replications,
        sim.years,
        sim.seed,
        runs.len()
    );
    dir.write("claims.csv", &claims_csv(&results)?)?;
    dir.write(
        "claims.md",
        claims_md(
            &format!("Claims report: {}", base.name),
            &setup,
            &results,
            plan.min_effect,
        )
        .as_bytes(),
    )?;
    // The forest plot: every claim's effect on one scale (standard deviations of
    // its control), coloured by verdict; claims with nothing to measure are left out.
    let rows: Vec<ForestRow> = results
        .iter()
        .filter_map(|r| {
            if r.verdict == Verdict::NotApplicable {
                return None;
            }
            let effect = r.standardised().map_or(
                Interval {
                    mean: Some(0.0),
                    lo: None,
                    hi: None,
                },
                |(e, lo, hi)| Interval::new(e, lo, hi),
            );
            let sd = r.scale.filter(|s| *s > 0.0);
            Some(ForestRow {
                id: r.def.id.to_string(),
                effect,
                verdict: r.verdict,
                delta: r.delta.zip(sd).map(|(d, s)| d / s),
            })
        })
        .collect();
    let forest = ForestChart {
        rows,
        caption: caption(base),
    };
    let opts = args.charts.options();
    let (chart_files, forest_svg) = draw(&dir, "forest", &forest, &opts)?;
    let report = ClaimsReport {
        setup: super::common::setup(&file, base)?,
        results: &results,
        forest_svg,
        not_applicable: plan.not_applicable.clone(),
        min_effect: plan.min_effect,
    };
    let report_file = write_report(&dir, &report.report(opts.lang))?;

    let mut extra = serde_json::Map::new();
    let configs: Vec<serde_json::Value> = plan
        .configs
        .iter()
        .map(|c| {
            let resolved = serde_json::to_value(&c.scenario).unwrap_or(serde_json::Value::Null);
            serde_json::json!({ "label": c.label, "overrides": c.overrides, "scenario_hash": scenario_hash(&resolved) })
        })
        .collect();
    extra.insert("configurations".into(), configs.into());
    let files = ["claims.csv", "claims.md"];
    let mut written: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    written.extend(chart_files.iter().cloned());
    written.push(report_file.clone());
    let secs = write_manifest(
        dir,
        ManifestInput {
            command: "claims",
            file: &file,
            base,
            argv,
            threads,
            started,
            files: written,
            extra,
        },
    )
    .context("cannot write the manifest")?;

    if !args.common.quiet {
        println!(
            "Claims on {}: {} replications × {} years, seed {}, {} configurations ({} thread{}, {:.1} s)",
            base.name,
            sim.replications,
            sim.years,
            sim.seed,
            runs.len(),
            threads,
            if threads == 1 { "" } else { "s" },
            secs
        );
        if let Some(why) = &plan.not_applicable {
            println!("  not applicable: {why}");
        }
        println!(
            "  {:<4} {:<20} {:<30} {:>28}  through pledges alone",
            "ID", "verdict", "metric", "effect [95% interval]"
        );
        for r in &results {
            let effect = match (r.effect, r.ci) {
                (Some(e), Some((a, b))) => format!("{} [{}, {}]", sign(e), sign(a), sign(b)),
                (Some(e), None) => sign(e),
                _ => "—".to_string(),
            };
            let pledges = r.pledges.as_ref().map_or(String::new(), |p| {
                let e = p.effect.map_or("—".to_string(), sign);
                format!("{e} ({})", p.verdict)
            });
            println!(
                "  {:<4} {:<20} {:<30} {:>28}  {}",
                r.def.id,
                r.verdict.as_str(),
                r.def.metric,
                effect,
                pledges
            );
        }
        let count = |o: Verdict| results.iter().filter(|r| r.verdict == o).count();
        println!(
            "  {} supported, {} contradicted, {} no meaningful effect, {} inconclusive, {} not applicable (of {}); \
             smallest effect that matters: {} of the control",
            count(Verdict::Supported),
            count(Verdict::Contradicted),
            count(Verdict::NoMeaningfulEffect),
            count(Verdict::Inconclusive),
            count(Verdict::NotApplicable),
            CLAIMS.len(),
            percent(plan.min_effect)
        );
        println!(
            "wrote {}: {}, charts/ ({} files), {report_file}, manifest.json",
            out.display(),
            files.join(", "),
            chart_files.len()
        );
    }
    interrupt::after_writing(&out)
}

/// A share as a percentage without needless digits: 0.05 → "5 %", 0.025 → "2.5 %".
pub(crate) fn percent(x: f64) -> String {
    let p = (x * 1e4).round() / 100.0;
    format!("{p} %")
}

fn sign(x: f64) -> String {
    let s = fixed3(x);
    if s.starts_with('-') {
        s
    } else {
        format!("+{s}")
    }
}
