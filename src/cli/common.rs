//! What the commands that run experiments share: the thread pool, the progress
//! bar's total, the manifest, and the on-screen tables.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

use deterrence::chart::{
    Chart, ChartOptions, REPORT_FILE, Report, ScenarioView, Setup, Theme, render, render_svg, save,
};
use deterrence::experiment::estimate::{ConfigSize, Estimate, available_memory};
use deterrence::output::{MANIFEST_FILE, Manifest, OutputDir, scenario_hash};
use deterrence::scenario::Scenario;
use deterrence::stats::Moments;

use super::BadInput;

/// A rayon pool of `threads` workers.
pub fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")
}

pub use deterrence::model::HEADLINE;

/// The metrics to print: those asked for (checked), else the headline set.
pub fn chosen_metrics(asked: &[String]) -> Result<Vec<(usize, &'static str)>> {
    use deterrence::model::{METRICS, metric_index};
    if asked.is_empty() {
        return Ok(HEADLINE
            .iter()
            .filter_map(|n| metric_index(n).map(|k| (k, METRICS[k].unit)))
            .collect());
    }
    asked
        .iter()
        .map(|name| {
            metric_index(name)
                .map(|k| (k, METRICS[k].unit))
                .ok_or_else(|| {
                    let names: Vec<&str> = METRICS.iter().map(|m| m.name).collect();
                    // A typo, or the start of a name (`war_onset` for `war_onset_rate`).
                    let near = deterrence::scenario::suggest(name, names.iter().copied())
                        .or_else(|| names.iter().copied().find(|n| n.starts_with(name.as_str())));
                    let hint = near.map_or(String::new(), |n| format!("did you mean {n}? "));
                    BadInput(format!(
                        "--metric {name}: no such metric; {hint}the metrics are {}",
                        names.join(", ")
                    ))
                    .into()
                })
        })
        .collect()
}

/// Three decimals, without a minus sign on a value that rounds to zero.
pub fn fixed3(x: f64) -> String {
    let s = format!("{x:.3}");
    if s == "-0.000" {
        "0.000".to_string()
    } else {
        s
    }
}

/// `mean [low, high]`, or a dash where absent.
pub fn mean_ci(m: &Moments) -> String {
    let mean = m.mean().map_or("—".to_string(), fixed3);
    let ci = m.ci95().map_or(String::new(), |(a, b)| {
        format!(" [{}, {}]", fixed3(a), fixed3(b))
    });
    format!("{mean}{ci}")
}

/// A signed difference with its interval, e.g. `+0.359 [+0.340, +0.378]`.
pub fn signed_ci(m: &Moments) -> String {
    let sign = |x: f64| {
        let s = fixed3(x);
        if s.starts_with('-') {
            s
        } else {
            format!("+{s}")
        }
    };
    let mean = m.mean().map_or("—".to_string(), sign);
    let ci = m.ci95().map_or(String::new(), |(a, b)| {
        format!(" [{}, {}]", sign(a), sign(b))
    });
    format!("{mean}{ci}")
}

/// One plan per configuration, all on the same seed and replications (common random numbers).
pub fn plans<'a>(
    scenarios: impl IntoIterator<Item = &'a Scenario>,
    worlds: &'a [deterrence::model::World],
    base: &Scenario,
) -> Vec<deterrence::experiment::Plan<'a>> {
    scenarios
        .into_iter()
        .zip(worlds)
        .map(|(s, w)| deterrence::experiment::Plan {
            world: w,
            params: &s.model,
            years: s.simulation.years,
            seed: base.simulation.seed,
            first: 0,
            count: u64::from(base.simulation.replications),
            records: deterrence::model::Recording::default(),
        })
        .collect()
}

/// The common part of a manifest for an experiment on `base`.
pub struct ManifestInput<'a> {
    pub command: &'static str,
    pub file: &'a Path,
    pub base: &'a Scenario,
    pub argv: Vec<String>,
    pub threads: usize,
    pub started: Instant,
    pub files: Vec<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl ManifestInput<'_> {
    /// The manifest of the experiment in `out`, as its charts are drawn from it
    /// (the list of files and the wall time are filled in by [`finish`]).
    pub fn manifest(self, out: &OutputDir) -> Result<(Manifest, Vec<String>, Instant)> {
        let resolved =
            serde_json::to_value(self.base).context("cannot encode the resolved scenario")?;
        let mut manifest = Manifest::new(self.file.display().to_string(), resolved);
        let sim = self.base.simulation;
        manifest.command_line = self.argv;
        manifest.seed = sim.seed;
        manifest.replications = sim.replications;
        manifest.years = sim.years;
        manifest.threads = self.threads;
        manifest.extra = self.extra;
        manifest.extra.insert("command".into(), self.command.into());
        if let Some(c) = out.configuration() {
            manifest.extra.insert("configuration".into(), c.into());
        }
        Ok((manifest, self.files, self.started))
    }
}

/// Ends the run in `out`: lists `files` and the wall time since `started` in
/// `manifest`, removes the earlier run's files this one did not write and
/// writes `manifest.json` (last, so a directory with a manifest is complete).
pub fn finish(
    out: OutputDir,
    mut manifest: Manifest,
    mut files: Vec<String>,
    started: Instant,
) -> Result<f64> {
    manifest.wall_time_seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    files.push(MANIFEST_FILE.to_string());
    manifest.files = files;
    out.finish(manifest.to_json_pretty()?.as_bytes())?;
    Ok(manifest.wall_time_seconds)
}

/// Ends the run in `out` with the manifest `input` describes (see [`finish`]).
pub fn write_manifest(out: OutputDir, input: ManifestInput<'_>) -> Result<f64> {
    let (manifest, files, started) = input.manifest(&out)?;
    finish(out, manifest, files, started)
}

/// Configurations compared pair by pair must share seed and replications.
pub fn check_pairable(configs: &[(String, Scenario)]) -> Result<()> {
    let Some((first_label, first)) = configs.first() else {
        return Ok(());
    };
    for (label, s) in &configs[1..] {
        if s.simulation.seed != first.simulation.seed {
            return Err(BadInput(format!(
                "\"{label}\" has seed {} but \"{first_label}\" has {}: configurations are compared on the same seeds; \
                 give --seed to set one for all",
                s.simulation.seed, first.simulation.seed
            ))
            .into());
        }
        if s.simulation.replications != first.simulation.replications {
            return Err(BadInput(format!(
                "\"{label}\" has {} replications but \"{first_label}\" has {}: paired differences need the same \
                 number; give --replications to set one for all",
                s.simulation.replications, first.simulation.replications
            ))
            .into());
        }
    }
    Ok(())
}

/// Draws one chart into `out/charts/` and returns the files written, relative
/// to `out`, and the chart as SVG for the report (drawn in memory when only
/// PNG files are wanted, as `run` does).
pub fn draw<C: Chart>(
    out: &OutputDir,
    stem: &str,
    chart: &C,
    opts: &ChartOptions,
) -> Result<(Vec<String>, String)> {
    let theme = Theme::new(opts.scale, opts.lang);
    let mut drawn = render(chart, opts.format, &theme)?;
    let files = save(out, stem, &drawn)?;
    let svg = match drawn.svg.take() {
        Some(svg) => svg,
        None => render_svg(chart, &theme)?,
    };
    Ok((files, svg))
}

/// The scenario and settings an experiment on `base` (from `file`) used, as
/// its report shows them.
pub fn setup(file: &Path, base: &Scenario) -> Result<Setup> {
    let resolved = serde_json::to_value(base).context("cannot encode the resolved scenario")?;
    let scenario: ScenarioView = serde_json::from_value(resolved.clone())
        .context("cannot read back the resolved scenario for the report")?;
    let sim = base.simulation;
    Ok(Setup {
        scenario,
        scenario_file: file.display().to_string(),
        scenario_hash: scenario_hash(&resolved),
        version: env!("CARGO_PKG_VERSION").to_string(),
        replications: sim.replications,
        seed: sim.seed,
        years: sim.years,
    })
}

/// Writes `report` as `out/report.html` and returns its name as the manifest lists it.
pub fn write_report(out: &OutputDir, report: &Report) -> Result<String> {
    out.write(REPORT_FILE, report.to_html().as_bytes())?;
    Ok(REPORT_FILE.to_string())
}

/// Refuses a plan estimated to run longer than a day or to need most of the
/// memory, with its estimate and the flag that runs it anyway (`merge`, which
/// simulates nothing, is never refused).
pub fn check_size(
    common: &super::args::Common,
    exp: &super::shard::Experiment<'_>,
    threads: usize,
    file: &Path,
) -> Result<()> {
    if common.allow_large || common.replay.is_some() {
        return Ok(());
    }
    let configs: Vec<ConfigSize> = exp
        .plans
        .iter()
        .map(|p| ConfigSize {
            states: p.world.n,
            years: p.years,
        })
        .collect();
    let reps = exp.share(common);
    too_large(file, &configs, reps, threads, exp.yearly)
}

/// The refusal of [`check_size`] for `configs` run for `reps` replications.
pub fn too_large(
    file: &Path,
    configs: &[ConfigSize],
    reps: u64,
    threads: usize,
    series: bool,
) -> Result<()> {
    let e = Estimate::new(configs, reps, threads, series);
    let Some(why) = e.too_large(available_memory()) else {
        return Ok(());
    };
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let plan = match configs {
        [c] => format!(
            "{} × {} × {}",
            plural(c.states as u64, "state", "states"),
            plural(u64::from(c.years), "year", "years"),
            plural(reps, "replication", "replications")
        ),
        _ => format!(
            "{} configurations × {}",
            configs.len(),
            plural(reps, "replication", "replications")
        ),
    };
    Err(BadInput(format!(
        "{}: simulation: this plan ({plan}: {:.1e} state-years on {}) {why}; run it anyway \
         with --allow-large, or lower --replications or --years, or spread it over machines \
         with --shard K/N (docs/CLUSTER.md)",
        file.display(),
        e.state_years,
        plural(threads as u64, "thread", "threads")
    ))
    .into())
}
