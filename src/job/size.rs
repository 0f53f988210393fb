//! Refusing, before anything runs, a plan estimated to take more than a day or
//! most of the memory (with its estimate and the flag that runs it anyway).

use std::path::Path;

use crate::experiment::estimate::{ConfigSize, Estimate, available_memory};

use super::{Experiment, JobError, Settings};

/// Refuses a plan estimated to run longer than a day or to need most of the
/// memory, with its estimate and the flag that runs it anyway (`merge`, which
/// simulates nothing, is never refused).
pub fn check_size(settings: &Settings, exp: &Experiment<'_>) -> Result<(), JobError> {
    if settings.allow_large || settings.replay.is_some() {
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
    let reps = exp.share(settings);
    too_large(exp.file, &configs, reps, settings.threads, exp.yearly)
}

/// The refusal of `check_size` for `configs` run for `reps` replications.
pub fn too_large(
    file: &Path,
    configs: &[ConfigSize],
    reps: u64,
    threads: usize,
    series: bool,
) -> Result<(), JobError> {
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
    Err(JobError::Refused(format!(
        "{}: simulation: this plan ({plan}: {:.1e} state-years on {}) {why}; run it anyway \
         with --allow-large, or lower --replications or --years, or spread it over machines \
         with --shard K/N (docs/CLUSTER.md)",
        file.display(),
        e.state_years,
        plural(threads as u64, "thread", "threads")
    )))
}
