//! `deterrence compare`: a file's baseline and its `[[variants]]`, or several
//! files, run on the same seeds and compared pair by pair.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;

use deterrence::chart;
use deterrence::experiment::compare::Paired;
use deterrence::model::{METRICS, World};
use deterrence::output::{
    COMPARISON_FILE, COMPARISON_MD_FILE, COMPARISON_TIMESERIES_FILE, MANIFEST_FILE, REPORT_FILE,
    RUNS_FILE, RunsWriter, comparison_csv, comparison_md, comparison_timeseries_csv, slug,
};
use deterrence::scenario::{self, Scenario};

use super::BadInput;
use super::args::CompareArgs;
use super::common::{
    ManifestInput, check_pairable, chosen_metrics, finish, mean_ci, plans, pool, signed_ci,
};
use super::interrupt;
use super::progress::Progress;
use super::run::{overrides, threads};
use super::shard::{self, Experiment, Setting};

/// The label of a file's own configuration when its variants are compared.
const BASELINE: &str = "baseline";

/// One configuration in a comparison.
struct Config {
    /// How tables and the screen name it.
    label: String,
    /// The file it came from.
    file: PathBuf,
    /// The variant it is, if it is one.
    variant: Option<String>,
    /// The variant's changes to the file's scenario, as `path = value`.
    overrides: Vec<String>,
    /// The resolved scenario.
    scenario: Scenario,
}

/// Loads the configurations, the baseline first.
fn configurations(args: &CompareArgs, set: &[String]) -> Result<Vec<Config>> {
    if let [file] = &args.files[..] {
        let base = scenario::load(file, set)?;
        if base.variants.is_empty() {
            return Err(BadInput(format!(
                "{} has no [[variants]] to compare with; add some, or give two or more scenario files",
                file.display()
            ))
            .into());
        }
        let text =
            scenario::read_text(file).map_err(|e| BadInput(format!("{}: {e}", file.display())))?;
        let origin = file.display().to_string();
        let mut out = vec![Config {
            label: BASELINE.to_string(),
            file: file.clone(),
            variant: None,
            overrides: Vec::new(),
            scenario: base.clone(),
        }];
        for v in &base.variants {
            let s = scenario::load_variant(&origin, &text, set, &v.name)?;
            out.push(Config {
                label: v.name.clone(),
                file: file.clone(),
                variant: Some(v.name.clone()),
                overrides: v.set.iter().map(|(k, x)| format!("{k} = {x}")).collect(),
                scenario: s,
            });
        }
        return Ok(out);
    }
    let mut out: Vec<Config> = Vec::new();
    for file in &args.files {
        let s = scenario::load(file, set)?;
        let mut label = s.name.clone();
        if out.iter().any(|c| c.label == label) {
            label = format!("{label} ({})", file.display());
        }
        out.push(Config {
            label,
            file: file.clone(),
            variant: None,
            overrides: Vec::new(),
            scenario: s,
        });
    }
    Ok(out)
}

/// The default output directory of a comparison.
fn default_out(configs: &[Config], single_file: bool) -> PathBuf {
    let name = if single_file {
        format!("{}-compare", slug(&configs[0].scenario.name))
    } else {
        let parts: Vec<String> = configs.iter().map(|c| slug(&c.scenario.name)).collect();
        slug(&format!("compare-{}", parts.join("-")))
    };
    Path::new("output").join(name)
}

/// Runs the comparison and writes `comparison.csv`, `comparison.md`,
/// `comparison_timeseries.csv`, `runs.csv`, the charts, `report.html` and
/// `manifest.json`.
pub fn compare(args: &CompareArgs, argv: Vec<String>) -> Result<()> {
    let started = Instant::now();
    interrupt::install()?;
    let set = overrides(&args.common);
    let configs = configurations(args, &set)?;
    let pairs: Vec<(String, Scenario)> = configs
        .iter()
        .map(|c| (c.label.clone(), c.scenario.clone()))
        .collect();
    check_pairable(&pairs)?;
    let shown = chosen_metrics(&args.metrics)?;
    let out = shard::out_path(&args.common, || {
        default_out(&configs, args.files.len() == 1)
    });
    let threads = threads(&args.common)?;
    let pool = pool(threads)?;

    let base = &configs[0].scenario;
    let sim = base.simulation;
    let worlds: Vec<World> = configs
        .iter()
        .map(|c| World::new(&c.scenario.world, &c.scenario.model))
        .collect();
    let plans = plans(configs.iter().map(|c| &c.scenario), &worlds, base);
    let labels: Vec<String> = configs.iter().map(|c| c.label.clone()).collect();
    let exp = Experiment {
        command: "compare",
        plans: &plans,
        yearly: true,
    };
    let progress = Progress::new(exp.tasks(&args.common), &base.name, args.common.quiet);
    let setting = Setting {
        common: &args.common,
        out: &out,
        file: &configs[0].file,
        base,
        threads,
        started,
    };
    let Some(dir) = shard::begin(&exp, &setting, &pool, &progress, &argv)? else {
        return Ok(());
    };
    // The directory chosen: the default may have moved aside for another configuration.
    let out = dir.path().to_path_buf();
    let mut runs = RunsWriter::create(&dir, &["variant"])?;
    let mut paired = Paired::new(configs.len());
    let aggs = shard::replications(
        &args.common,
        &exp,
        &pool,
        &interrupt::STOP,
        |index, recs| {
            paired.push(recs);
            for (label, rec) in labels.iter().zip(recs) {
                runs.write(&[label], index, sim.seed, rec)?;
            }
            Ok(())
        },
        |done| progress.set(done),
    )?;
    progress.finish();
    // Nothing is in place yet: stopping here leaves no results and no temporary files.
    interrupt::check()?;

    runs.commit(&dir)?;
    let title = format!("Comparison: {}", base.name);
    let subtitle = format!(
        "{} configurations × {} replications, seed {}, common random numbers.",
        configs.len(),
        sim.replications,
        sim.seed
    );
    dir.write(COMPARISON_FILE, &comparison_csv(&labels, &aggs, &paired)?)?;
    dir.write(
        COMPARISON_TIMESERIES_FILE,
        &comparison_timeseries_csv(&labels, &aggs)?,
    )?;
    dir.write(
        COMPARISON_MD_FILE,
        comparison_md(&title, &subtitle, &labels, &aggs, &paired).as_bytes(),
    )?;

    let mut extra = serde_json::Map::new();
    let list: Vec<serde_json::Value> = configs
        .iter()
        .map(|c| {
            let resolved = serde_json::to_value(&c.scenario).unwrap_or(serde_json::Value::Null);
            serde_json::json!({
                "label": c.label,
                "file": c.file.display().to_string(),
                "variant": c.variant,
                "overrides": c.overrides,
                "scenario_hash": deterrence::output::scenario_hash(&resolved),
                "scenario": resolved,
            })
        })
        .collect();
    extra.insert("configurations".into(), list.into());
    // What the charts show, so `chart DIR` redraws them alike.
    let charted: Vec<&str> = shown.iter().map(|&(k, _)| METRICS[k].name).collect();
    extra.insert("metrics".into(), charted.into());
    let smooth = args
        .smooth
        .unwrap_or_else(|| chart::default_smoothing(sim.years));
    extra.insert("smooth".into(), smooth.into());
    let files = [
        RUNS_FILE,
        COMPARISON_FILE,
        COMPARISON_TIMESERIES_FILE,
        COMPARISON_MD_FILE,
    ];
    let (manifest, mut written, started) = ManifestInput {
        command: "compare",
        file: &configs[0].file,
        base,
        argv,
        threads,
        started,
        files: files.iter().map(|f| f.to_string()).collect(),
        extra,
    }
    .manifest(&dir)?;
    // Charts and report are drawn from the tables just written, as `chart DIR` would.
    let drawn = chart::draw_compare(&dir, &manifest, &args.charts.options())?;
    let charts = drawn.iter().filter(|f| f.as_str() != REPORT_FILE).count();
    written.extend(drawn);
    let secs = finish(dir, manifest, written, started)?;

    if !args.common.quiet {
        println!(
            "{}: {} configurations × {} replications × {} years, seed {}, common random numbers ({} thread{}, {:.1} s)",
            base.name,
            configs.len(),
            sim.replications,
            sim.years,
            sim.seed,
            threads,
            if threads == 1 { "" } else { "s" },
            secs
        );
        let width = labels
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0)
            .max(8);
        for (k, unit) in shown {
            println!();
            if unit.is_empty() {
                println!("{}", METRICS[k].name);
            } else {
                println!("{} ({unit})", METRICS[k].name);
            }
            for (c, label) in labels.iter().enumerate() {
                let pad = width - label.chars().count();
                let mut line = format!(
                    "  {label}{}  {:<24}",
                    " ".repeat(pad),
                    mean_ci(&aggs[c].run[k])
                );
                if c > 0 {
                    line.push_str(&format!(
                        "  {} vs {}",
                        signed_ci(&paired.diffs[c][k]),
                        labels[0]
                    ));
                }
                println!("{}", line.trim_end());
            }
        }
        println!();
        println!(
            "wrote {}: {}, charts/ ({charts} files), {REPORT_FILE}, {MANIFEST_FILE}",
            out.display(),
            files.join(", "),
        );
    }
    interrupt::after_writing(&out)
}
