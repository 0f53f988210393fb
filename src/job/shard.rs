//! Shards and merging: `--shard K/N` runs a block of an experiment's
//! replications and stores their records; under `merge` the records of every
//! shard stand in for simulation, so the outputs are the bytes one run writes.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use serde_json::Map;

use crate::experiment::shard::{Header, SHARD_FILE, Shard, ShardReader, ShardWriter, replay};
use crate::experiment::{self, Aggregate, Plan};
use crate::model::RunRecord;
use crate::output::{OutputDir, OutputError};

use super::{Experiment, Hooks, JobError, ManifestInput, Settings};

/// The shards `merge` found, checked to belong together, in shard order.
#[derive(Clone, Debug)]
pub struct ShardSet {
    /// Each shard's directory, shard 1 first.
    pub dirs: Vec<PathBuf>,
    /// The experiment's fingerprint, the same in every shard.
    pub fingerprint: String,
}

/// Under `merge`, checks that the command, as run again, is the experiment the
/// shards ran (nothing to check otherwise).
pub(super) fn check_replay(settings: &Settings, exp: &Experiment<'_>) -> Result<(), JobError> {
    match &settings.replay {
        Some(set) if exp.fingerprint() != set.fingerprint => Err(JobError::Refused(
            "the scenario files or settings are not those the shards ran with \
             (a scenario file changed since, or was read from another directory): \
             run the shards again, or merge them with the files they used"
                .to_string(),
        )),
        _ => Ok(()),
    }
}

/// Simulates the experiment's replications on `pool`, or, under `merge`, reads
/// them from the shards, and folds them; `sink` sees each in order.
pub fn replications(
    settings: &Settings,
    exp: &Experiment<'_>,
    pool: &rayon::ThreadPool,
    halt: &AtomicBool,
    sink: impl FnMut(u64, &[RunRecord]) -> Result<(), JobError> + Send,
    progress: impl Fn(u64) + Send,
) -> Result<Vec<Aggregate>, JobError> {
    let Some(set) = &settings.replay else {
        return pool.install(|| experiment::run_many(exp.plans, halt, sink, progress));
    };
    // `begin` has checked the shards are this experiment.
    let mut shards = set.dirs.iter();
    let mut current: Option<(PathBuf, ShardReader<BufReader<File>>)> = None;
    let next = move || -> Result<Option<(u64, Vec<RunRecord>)>, JobError> {
        loop {
            if let Some((path, reader)) = current.as_mut() {
                let got = reader
                    .next_replication()
                    .map_err(|e| JobError::Refused(format!("{}: {e}", path.display())))?;
                if got.is_some() {
                    return Ok(got);
                }
                current = None;
            }
            let Some(dir) = shards.next() else {
                return Ok(None);
            };
            let path = dir.join(SHARD_FILE);
            current = Some((path.clone(), open_shard(&path)?));
        }
    };
    replay(exp.plans, next, halt, sink, progress)
}

/// Opens a shard's record file and reads its header.
pub fn open_shard(path: &Path) -> Result<ShardReader<BufReader<File>>, JobError> {
    // A regular file only: a shard's records linked to a device would never end.
    let (file, _) = crate::files::open_regular(path).map_err(|e| {
        JobError::Refused(format!(
            "{}: cannot read the shard's records: {e}",
            path.display()
        ))
    })?;
    ShardReader::new(BufReader::new(file))
        .map_err(|e| JobError::Refused(format!("{}: {e}", path.display())))
}

/// Runs one shard of the experiment and writes `shard.bin` and `manifest.json`.
pub(super) fn run_shard(
    exp: &Experiment<'_>,
    shard: Shard,
    settings: &Settings,
    out: OutputDir,
    pool: &rayon::ThreadPool,
    hooks: &dyn Hooks,
) -> Result<(), JobError> {
    let total = exp.total();
    let (first, count) = if exp.plans.is_empty() {
        (0, 0)
    } else {
        shard.range(total)
    };
    let plans: Vec<Plan<'_>> = exp
        .plans
        .iter()
        .map(|p| Plan { first, count, ..*p })
        .collect();
    let header = Header {
        fingerprint: exp.fingerprint(),
        shard,
        first,
        count,
        years: exp.plans.iter().map(|p| p.years).collect(),
        yearly: exp.yearly,
        records: exp.plans.first().map(|p| p.records).unwrap_or_default(),
    };
    let file = out.create(SHARD_FILE)?;
    let path = file.path().to_path_buf();
    let mut writer = ShardWriter::new(file, header.clone()).map_err(|e| write_error(&path, e))?;
    pool.install(|| {
        experiment::run_many(
            &plans,
            hooks.halt(),
            |index, recs| writer.write(index, recs).map_err(|e| write_error(&path, e)),
            |done| hooks.progress(done),
        )
    })?;
    hooks.simulated();
    hooks.check()?;
    let file = writer.finish().map_err(|e| write_error(&path, e))?;
    out.commit(file)?;

    let cwd = std::env::current_dir().map_or(String::new(), |d| d.display().to_string());
    let info = serde_json::json!({
        "index": shard.index,
        "of": shard.of,
        "first": first,
        "count": count,
        "command": exp.command,
        "fingerprint": header.fingerprint,
        "working_directory": cwd,
    });
    let mut extra = Map::new();
    extra.insert("shard".into(), info);
    ManifestInput {
        command: exp.command,
        file: exp.file,
        base: exp.base,
        argv: settings.argv.clone(),
        threads: settings.threads,
        started: settings.started,
        files: vec![SHARD_FILE.to_string()],
        extra,
    }
    .write(out)?;
    Ok(())
}

fn write_error(path: &Path, e: std::io::Error) -> JobError {
    OutputError::write(path, e).into()
}
