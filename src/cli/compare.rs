//! `deterrence compare`: a file's baseline and its `[[variants]]`, or several
//! files, run on the same seeds and compared pair by pair.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;

use deterrence::chart;
use deterrence::experiment::Aggregate;
use deterrence::experiment::compare::Paired;
use deterrence::job::{Experiment, JobError, Outputs, ShardSet, Written};
use deterrence::model::{METRICS, RunRecord, World};
use deterrence::output::{
    COMPARISON_FILE, COMPARISON_MD_FILE, COMPARISON_TIMESERIES_FILE, OutputDir, RUNS_FILE,
    RunsWriter, comparison_csv, comparison_md, comparison_timeseries_csv, slug,
};
use deterrence::scenario::{self, Scenario};

use super::BadInput;
use super::args::CompareArgs;
use super::common::{
    check_pairable, chosen_metrics, mean_ci, overrides, plans, settings, signed_ci,
};
use super::interrupt;
use super::run::{Done, execute, files_line};

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

/// The files of a comparison: `runs.csv` streamed, then the tables of every
/// configuration with the paired differences from the baseline.
struct CompareFiles<'a> {
    labels: &'a [String],
    seed: u64,
    title: String,
    subtitle: String,
    extra: serde_json::Map<String, serde_json::Value>,
    runs: Option<RunsWriter>,
    paired: Paired,
    /// The statistics, kept for the tables on screen.
    aggs: Vec<Aggregate>,
}

impl Outputs for CompareFiles<'_> {
    fn open(&mut self, dir: &OutputDir) -> Result<(), JobError> {
        self.runs = Some(RunsWriter::create(dir, &["variant"])?);
        Ok(())
    }

    fn replication(&mut self, index: u64, records: &[RunRecord]) -> Result<(), JobError> {
        self.paired.push(records);
        if let Some(runs) = self.runs.as_mut() {
            for (label, rec) in self.labels.iter().zip(records) {
                runs.write(&[label], index, self.seed, rec)?;
            }
        }
        Ok(())
    }

    fn write(&mut self, dir: &OutputDir, aggs: Vec<Aggregate>) -> Result<Written, JobError> {
        if let Some(runs) = self.runs.take() {
            runs.commit(dir)?;
        }
        let (labels, paired) = (self.labels, &self.paired);
        dir.write(COMPARISON_FILE, &comparison_csv(labels, &aggs, paired)?)?;
        dir.write(
            COMPARISON_TIMESERIES_FILE,
            &comparison_timeseries_csv(labels, &aggs)?,
        )?;
        let md = comparison_md(&self.title, &self.subtitle, labels, &aggs, paired);
        dir.write(COMPARISON_MD_FILE, md.as_bytes())?;
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

/// The tables of a comparison, in the manifest's order.
const FILES: [&str; 4] = [
    RUNS_FILE,
    COMPARISON_FILE,
    COMPARISON_TIMESERIES_FILE,
    COMPARISON_MD_FILE,
];

/// Runs the comparison and writes `comparison.csv`, `comparison.md`,
/// `comparison_timeseries.csv`, `runs.csv`, the charts, `report.html` and
/// `manifest.json`.
pub fn compare(args: &CompareArgs, argv: Vec<String>, replay: Option<ShardSet>) -> Result<()> {
    let started = Instant::now();
    interrupt::install()?;
    let settings = settings(&args.common, argv, replay, started)?;
    let set = overrides(&args.common);
    let configs = configurations(args, &set)?;
    let pairs: Vec<(String, Scenario)> = configs
        .iter()
        .map(|c| (c.label.clone(), c.scenario.clone()))
        .collect();
    check_pairable(&pairs)?;
    let shown = chosen_metrics(&args.metrics)?;

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
        file: &configs[0].file,
        base,
        default_out: default_out(&configs, args.files.len() == 1),
    };

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
    let mut outputs = CompareFiles {
        labels: &labels,
        seed: sim.seed,
        title: format!("Comparison: {}", base.name),
        subtitle: format!(
            "{} configurations × {} replications, seed {}, common random numbers.",
            configs.len(),
            sim.replications,
            sim.seed
        ),
        extra,
        runs: None,
        paired: Paired::new(configs.len()),
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
    let (aggs, paired, threads) = (&outputs.aggs, &outputs.paired, settings.threads);

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
        println!("wrote {}: {}", out.display(), files_line(&written));
    }
    interrupt::after_writing(&out)
}
