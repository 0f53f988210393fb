//! What the commands that run experiments share: their settings, the metrics
//! they print, and the on-screen tables.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

use deterrence::chart::{ScenarioView, Setup};
use deterrence::job::{Settings, ShardSet};
use deterrence::output::scenario_hash;
use deterrence::scenario::Scenario;
use deterrence::stats::Moments;

use super::BadInput;
use super::args::Common;

pub use deterrence::model::HEADLINE;

/// The overrides a command's options stand for, after the user's own `--set`s.
pub fn overrides(common: &Common) -> Vec<String> {
    let mut set = common.set.clone();
    if let Some(r) = common.replications {
        set.push(format!("simulation.replications={r}"));
    }
    if let Some(y) = common.years {
        set.push(format!("simulation.years={y}"));
    }
    if let Some(s) = common.seed {
        set.push(format!("simulation.seed={s}"));
    }
    set
}

/// Most worker threads per core `--threads` may ask for: more only slow a run
/// down, and thousands take minutes to start and ignore Ctrl-C meanwhile.
pub const MAX_THREADS_PER_CORE: usize = 4;

/// The fewest threads `--threads` may always ask for, whatever the machine.
const MIN_THREADS_ALLOWED: usize = 8;

/// Worker threads to use: as asked (at most a few per core), else all cores.
pub fn threads(common: &Common) -> Result<usize> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let Some(asked) = common.threads.map(usize::from) else {
        return Ok(cores);
    };
    let limit = (MAX_THREADS_PER_CORE * cores).max(MIN_THREADS_ALLOWED);
    if asked > limit {
        return Err(BadInput(format!(
            "--threads {asked}: at most {limit} on this machine ({MAX_THREADS_PER_CORE} per core, \
             {cores} core{}); results do not depend on the thread count, and more threads \
             than cores only slow a run down",
            if cores == 1 { "" } else { "s" }
        ))
        .into());
    }
    Ok(asked)
}

/// The job settings a command's options stand for, checked once; `replay`
/// under `merge`.
pub fn settings(
    common: &Common,
    argv: Vec<String>,
    replay: Option<ShardSet>,
    started: Instant,
) -> Result<Settings> {
    Ok(Settings {
        threads: threads(common)?,
        out: common.out.clone(),
        shard: common.shard,
        replay,
        allow_large: common.allow_large,
        argv,
        started,
    })
}

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
