//! The experiment pipeline, owned once: every command that runs replications
//! (`run`, `compare`, `sweep`, `claims`, `calibrate`) goes through it, so
//! sharding, merging, size limits, the output directory, interruption, charts
//! and the manifest behave the same everywhere.
//!
//! A command turns its command line into [`Settings`] once, describes its
//! experiment as a [`Experiment`] (the configurations and the scenario it is named
//! after) and its files as an [`Outputs`], and calls [`run`]. The runner then
//! does, in order:
//!
//! 1. under `merge`, checks that the shards are this experiment; refuses a
//!    plan too large to run unasked;
//! 2. chooses the output directory (the default moves aside for another
//!    configuration's results) and locks it;
//! 3. with `--shard K/N`, runs that block of replications into `shard.bin` and
//!    stops there;
//! 4. otherwise simulates every replication (or, under `merge`, reads them from
//!    the shards), folds them into statistics and hands each to the outputs;
//! 5. lets the outputs write their tables, draws the charts and report from
//!    those tables (as `chart DIR` would), and writes the manifest last.
//!
//! Progress and interruption reach it as [`Hooks`]; nothing here prints.

mod manifest;
mod merge;
mod place;
mod shard;
mod size;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde_json::{Map, Value};

use crate::chart::{self, ChartError, ChartOptions};
use crate::experiment::shard::{Shard, ShardError};
use crate::experiment::{Aggregate, Interrupted, Plan};
use crate::model::RunRecord;
use crate::output::{Manifest, OutputDir, OutputError};
use crate::scenario::Scenario;

use manifest::{ManifestInput, finish};
pub use merge::{Part, gather};
pub use place::holder;
use place::{free_default, out_path};
pub use shard::ShardSet;
use shard::replications;
use size::check_size;
pub use size::too_large;

/// Why a job did not finish.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// What was asked cannot be done as asked (exit code 2 on the command line).
    #[error("{0}")]
    Refused(String),
    /// A signal arrived; nothing was put in place.
    #[error(transparent)]
    Interrupted(#[from] Interrupted),
    /// Writing a file failed, or the output directory refused the run.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A chart or the report could not be drawn.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// A shard's records could not be read.
    #[error(transparent)]
    Shard(#[from] ShardError),
    /// Anything else (the worker threads could not start, a scenario could not be encoded).
    #[error("{0}")]
    Other(String),
}

impl JobError {
    /// Whether the error is in what was asked (exit code 2) rather than a
    /// failure while doing it.
    pub fn is_bad_input(&self) -> bool {
        match self {
            JobError::Refused(_) | JobError::Shard(_) => true,
            JobError::Output(e) => e.is_refusal(),
            JobError::Chart(e) => e.is_bad_input(),
            JobError::Interrupted(_) | JobError::Other(_) => false,
        }
    }
}

/// What the user asked of an experiment command, checked once.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Worker threads (results never depend on them).
    pub threads: usize,
    /// `--out`, when given (else the command's default directory).
    pub out: Option<PathBuf>,
    /// `--shard K/N`: run only that block of replications.
    pub shard: Option<Shard>,
    /// Under `merge`: the shards whose records stand in for simulation.
    pub replay: Option<ShardSet>,
    /// Run a plan estimated to take more than a day or most of the memory.
    pub allow_large: bool,
    /// The command line, for the manifest and the directory's lock.
    pub argv: Vec<String>,
    /// When the command started.
    pub started: Instant,
}

impl Settings {
    /// The output directory: `--out`, else `default`, with `-shard-K-of-N`
    /// added when running a shard.
    pub fn out_dir(&self, default: impl FnOnce() -> PathBuf) -> PathBuf {
        out_path(self.out.as_deref(), self.shard, default)
    }

    /// A pool of [`Settings::threads`] workers.
    pub fn pool(&self) -> Result<rayon::ThreadPool, JobError> {
        rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads)
            .build()
            .map_err(|e| JobError::Other(format!("cannot start worker threads: {e}")))
    }
}

/// How a job reports progress and learns it must stop (a progress bar and
/// the Ctrl-C flag, on the command line).
pub trait Hooks: Sync {
    /// Set by a signal: no further replication starts and nothing is put in place.
    fn halt(&self) -> &AtomicBool;
    /// Replications done so far (over every configuration).
    fn progress(&self, _done: u64) {}
    /// Called once every replication is done, before any file is put in place.
    fn simulated(&self) {}
    /// What the user should know before the results, e.g. that the default
    /// directory moved aside for another configuration's results.
    fn notice(&self, _message: &str) {}
    /// [`Interrupted`] once [`Hooks::halt`] is set.
    fn check(&self) -> Result<(), Interrupted> {
        if self.halt().load(Ordering::SeqCst) {
            Err(Interrupted)
        } else {
            Ok(())
        }
    }
}

/// Hooks that show nothing, with a flag of their own (for tests and libraries
/// that do not stop jobs).
#[derive(Debug, Default)]
pub struct Silent(pub AtomicBool);

impl Hooks for Silent {
    fn halt(&self) -> &AtomicBool {
        &self.0
    }
}

/// An experiment: what a command runs.
pub struct Experiment<'a> {
    /// The command's name (`run`, `compare`, `sweep`, `claims`, `calibrate`).
    pub command: &'static str,
    /// Its configurations, every one over all replications.
    pub plans: &'a [Plan<'a>],
    /// Whether its outputs use per-year statistics (else shards leave them out).
    pub yearly: bool,
    /// The scenario file it is named after (the first, for several).
    pub file: &'a Path,
    /// The resolved scenario it is named after (the baseline, for several).
    pub base: &'a Scenario,
    /// The directory it writes to without `--out`.
    pub default_out: PathBuf,
}

impl Experiment<'_> {
    /// Replications of each configuration, over all shards.
    pub fn total(&self) -> u64 {
        self.plans.first().map_or(0, |p| p.count)
    }

    /// Replications of each configuration this process runs: its shard's share, or all.
    pub fn share(&self, settings: &Settings) -> u64 {
        let total = self.total();
        settings.shard.map_or(total, |s| s.range(total).1)
    }

    /// Simulations this process runs (or, under `merge`, reads): a progress bar's total.
    pub fn tasks(&self, settings: &Settings) -> u64 {
        self.plans.len() as u64 * self.share(settings)
    }

    fn fingerprint(&self) -> String {
        crate::experiment::shard::fingerprint(self.command, self.plans, self.total(), self.yearly)
    }
}

/// What an experiment's outputs have written by the end: their files, in the
/// order the manifest lists them, and what the manifest should say beyond the
/// shared fields (what the charts are drawn from, for instance).
#[derive(Debug, Default)]
pub struct Written {
    /// Files written, relative to the output directory.
    pub files: Vec<String>,
    /// Fields for the manifest.
    pub extra: Map<String, Value>,
}

/// The files of an experiment: streamed while replications run, then tables
/// written from the folded statistics.
pub trait Outputs: Send {
    /// Creates the files written replication by replication, before any runs.
    fn open(&mut self, dir: &OutputDir) -> Result<(), JobError>;
    /// Sees replication `index` of every configuration, in index order.
    fn replication(&mut self, index: u64, records: &[RunRecord]) -> Result<(), JobError>;
    /// Puts the streamed files in place and writes the tables from the
    /// statistics of every configuration.
    fn write(&mut self, dir: &OutputDir, aggs: Vec<Aggregate>) -> Result<Written, JobError>;
    /// Drops the files being streamed, unfinished: the job failed or was
    /// stopped, and must leave nothing behind.
    fn abandon(&mut self) {}
}

/// How a job ended.
#[derive(Debug)]
pub enum Outcome {
    /// Every output was written.
    Done {
        /// The directory written (the default may have moved aside).
        dir: PathBuf,
        /// The files written, the manifest last.
        files: Vec<String>,
        /// Wall time, as the manifest says.
        seconds: f64,
    },
    /// One shard's records were written.
    Shard {
        /// The directory written.
        dir: PathBuf,
        /// Which shard.
        shard: Shard,
        /// Its first replication (0-based) and how many it ran.
        first: u64,
        /// How many replications it ran.
        count: u64,
        /// Replications of the whole experiment.
        total: u64,
    },
}

impl Outcome {
    /// The outcome of running `exp`'s shard, as `begin` ran it.
    pub fn of_shard(exp: &Experiment<'_>, settings: &Settings) -> Outcome {
        let total = exp.total();
        let shard = settings.shard.unwrap_or(Shard { index: 1, of: 1 });
        let (first, count) = if exp.plans.is_empty() {
            (0, 0)
        } else {
            shard.range(total)
        };
        Outcome::Shard {
            dir: settings.out_dir(|| exp.default_out.clone()),
            shard,
            first,
            count,
            total,
        }
    }
}

/// Runs `exp` with `settings`: shard or replay, simulate, fold, write the
/// outputs, draw the charts with `charts` (none: the outputs drew their own)
/// and write the manifest.
pub fn run(
    exp: &Experiment<'_>,
    settings: &Settings,
    hooks: &dyn Hooks,
    outputs: &mut dyn Outputs,
    charts: Option<&ChartOptions>,
) -> Result<Outcome, JobError> {
    let pool = settings.pool()?;
    let Some(dir) = begin(exp, settings, &pool, hooks)? else {
        return Ok(Outcome::of_shard(exp, settings));
    };
    // On any failure the outputs drop their half-written files before the
    // directory goes, so a directory this job made is removed again empty.
    let drawn = write_all(exp, settings, hooks, outputs, charts, &dir, &pool);
    let (manifest, files, started) = match drawn {
        Ok(done) => done,
        Err(e) => {
            outputs.abandon();
            return Err(e);
        }
    };
    let path = dir.path().to_path_buf();
    let (seconds, files) = finish(dir, manifest, files, started)?;
    Ok(Outcome::Done {
        dir: path,
        files,
        seconds,
    })
}

/// Steps 4 and 5 of [`run`] up to the manifest: simulate (or replay), fold,
/// write the outputs and draw the charts; returns the manifest to write, the
/// files written and when the command started.
fn write_all(
    exp: &Experiment<'_>,
    settings: &Settings,
    hooks: &dyn Hooks,
    outputs: &mut dyn Outputs,
    charts: Option<&ChartOptions>,
    dir: &OutputDir,
    pool: &rayon::ThreadPool,
) -> Result<(Manifest, Vec<String>, Instant), JobError> {
    outputs.open(dir)?;
    let aggs = replications(
        settings,
        exp,
        pool,
        hooks.halt(),
        |index, records| outputs.replication(index, records),
        |done| hooks.progress(done),
    )?;
    hooks.simulated();
    // Nothing is in place yet: stopping here leaves no results and no temporary files.
    hooks.check()?;
    // From here files are replaced; the output directory keeps a journal of
    // them until the manifest is written, last.
    let written = outputs.write(dir, aggs)?;
    let (manifest, mut files, started) = ManifestInput {
        command: exp.command,
        file: exp.file,
        base: exp.base,
        argv: settings.argv.clone(),
        threads: settings.threads,
        started: settings.started,
        files: written.files,
        extra: written.extra,
    }
    .manifest(dir)?;
    if let Some(opts) = charts {
        // Drawn from the tables just written, as `chart DIR` draws them.
        files.extend(pool.install(|| chart::draw_dir(dir, &manifest, opts))?);
    }
    Ok((manifest, files, started))
}

/// What every experiment does before writing anything: under `merge`, check
/// that the shards were this experiment; refuse a plan too large to run
/// unasked; open and lock the output directory; and with `--shard`, run the
/// shard and write it. Returns the directory to write into, or `None` when the
/// job is done (it ran a shard).
fn begin(
    exp: &Experiment<'_>,
    settings: &Settings,
    pool: &rayon::ThreadPool,
    hooks: &dyn Hooks,
) -> Result<Option<OutputDir>, JobError> {
    shard::check_replay(settings, exp)?;
    check_size(settings, exp)?;
    let fingerprint = exp.fingerprint();
    let asked = settings.out_dir(|| exp.default_out.clone());
    let path = if settings.out.is_none() && settings.shard.is_none() && settings.replay.is_none() {
        let free = free_default(&asked, &fingerprint);
        if free != asked {
            hooks.notice(&format!(
                "{} holds the results of another configuration, so they are kept; these go to {} \
                 (--out DIR chooses the directory)",
                asked.display(),
                free.display()
            ));
        }
        free
    } else {
        asked
    };
    let mut out = OutputDir::open(&path, &holder(&settings.argv))?;
    out.set_configuration(fingerprint);
    let Some(which) = settings.shard else {
        return Ok(Some(out));
    };
    shard::run_shard(exp, which, settings, out, pool, hooks)?;
    Ok(None)
}

#[cfg(test)]
mod tests;
