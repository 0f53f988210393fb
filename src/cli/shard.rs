//! Shards and merging on the command line: `--shard K/N` runs part of an
//! experiment's replications and stores their records; `deterrence merge`
//! reads the parts back and lets the original command write its outputs from
//! them, so they are the bytes a single run would write.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use anyhow::Result;

use deterrence::experiment::shard::{
    Header, SHARD_FILE, Shard, ShardReader, ShardWriter, fingerprint, replay,
};
use deterrence::experiment::{self, Aggregate, Plan};
use deterrence::model::RunRecord;
use deterrence::output::{MANIFEST_FILE, OutputDir};
use deterrence::scenario::Scenario;

use super::BadInput;
use super::args::Common;
use super::common::{ManifestInput, check_size, write_manifest};
use super::progress::Progress;

/// The shards `merge` found, checked to belong together, in shard order.
#[derive(Clone, Debug)]
pub struct ShardSet {
    /// Each shard's directory, shard 1 first.
    pub dirs: Vec<PathBuf>,
    /// The experiment's fingerprint, the same in every shard.
    pub fingerprint: String,
}

/// The output directory: `--out`, else the command's default, with
/// `-shard-K-of-N` added when running a shard.
pub fn out_path(common: &Common, default: impl FnOnce() -> PathBuf) -> PathBuf {
    match (&common.out, common.shard) {
        (Some(out), _) => out.clone(),
        (None, Some(s)) => {
            let d = default();
            let name = d.file_name().map_or_else(
                || "output".to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            d.with_file_name(format!("{name}-shard-{}-of-{}", s.index, s.of))
        }
        (None, None) => default(),
    }
}

/// What a command tells the shard code about its experiment.
pub struct Experiment<'a> {
    /// The command's name (`run`, `compare`, `sweep`, `claims`).
    pub command: &'static str,
    /// Its configurations, every one over all replications.
    pub plans: &'a [Plan<'a>],
    /// Whether its outputs use per-year statistics (else shards leave them out).
    pub yearly: bool,
}

impl Experiment<'_> {
    /// Replications of each configuration, over all shards.
    pub fn total(&self) -> u64 {
        self.plans.first().map_or(0, |p| p.count)
    }

    /// Replications of each configuration this process runs: its shard's share, or all.
    pub fn share(&self, common: &Common) -> u64 {
        let total = self.total();
        common.shard.map_or(total, |s| s.range(total).1)
    }

    /// Simulations this process runs (or, under `merge`, reads): the progress bar's total.
    pub fn tasks(&self, common: &Common) -> u64 {
        self.plans.len() as u64 * self.share(common)
    }

    fn fingerprint(&self) -> String {
        fingerprint(self.command, self.plans, self.total(), self.yearly)
    }
}

/// Under `merge`, checks that the command, as run again, is the experiment the
/// shards ran (nothing to check otherwise).
pub fn check_replay(common: &Common, exp: &Experiment<'_>) -> Result<()> {
    match &common.replay {
        Some(set) if exp.fingerprint() != set.fingerprint => Err(BadInput(
            "the scenario files or settings are not those the shards ran with \
             (a scenario file changed since, or was read from another directory): \
             run the shards again, or merge them with the files they used"
                .to_string(),
        )
        .into()),
        _ => Ok(()),
    }
}

/// Simulates the experiment's replications on `pool`, or, under `merge`, reads
/// them from the shards, and folds them; `sink` sees each in order.
pub fn replications(
    common: &Common,
    exp: &Experiment<'_>,
    pool: &rayon::ThreadPool,
    halt: &AtomicBool,
    sink: impl FnMut(u64, &[RunRecord]) -> Result<()> + Send,
    progress: impl Fn(u64) + Send,
) -> Result<Vec<Aggregate>> {
    let Some(set) = &common.replay else {
        return pool.install(|| experiment::run_many(exp.plans, halt, sink, progress));
    };
    // `begin` has checked the shards are this experiment.
    let mut shards = set.dirs.iter();
    let mut current: Option<(PathBuf, ShardReader<BufReader<File>>)> = None;
    let next = move || -> Result<Option<(u64, Vec<RunRecord>)>> {
        loop {
            if let Some((path, reader)) = current.as_mut() {
                let got = reader
                    .next_replication()
                    .map_err(|e| BadInput(format!("{}: {e}", path.display())))?;
                if got.is_some() {
                    return Ok(got);
                }
                current = None;
            }
            let Some(dir) = shards.next() else {
                return Ok(None);
            };
            let path = dir.join(SHARD_FILE);
            current = Some((path.clone(), open(&path)?));
        }
    };
    replay(exp.plans, next, halt, sink, progress)
}

/// Opens a shard's record file and reads its header.
pub fn open(path: &Path) -> Result<ShardReader<BufReader<File>>> {
    // A regular file only: a shard's records linked to a device would never end.
    let (file, _) = deterrence::files::open_regular(path).map_err(|e| {
        BadInput(format!(
            "{}: cannot read the shard's records: {e}",
            path.display()
        ))
    })?;
    ShardReader::new(BufReader::new(file))
        .map_err(|e| BadInput(format!("{}: {e}", path.display())).into())
}

/// Where and how a command runs its experiment.
pub struct Setting<'a> {
    /// The command's common options.
    pub common: &'a Common,
    /// The output directory.
    pub out: &'a Path,
    /// The scenario file (the first, for `compare`).
    pub file: &'a Path,
    /// The resolved scenario (the baseline, for `compare`, `sweep`, `claims`).
    pub base: &'a Scenario,
    /// Worker threads.
    pub threads: usize,
    /// When the command started.
    pub started: Instant,
}

/// What every experiment command does before writing anything: under `merge`,
/// check the shards were this experiment; refuse a plan too large to run
/// unasked; open and lock the output directory; and with `--shard`, run the
/// shard and write it. Returns the directory to write into, or `None` when the
/// command is done (it ran a shard).
pub fn begin(
    exp: &Experiment<'_>,
    setting: &Setting<'_>,
    pool: &rayon::ThreadPool,
    progress: &Progress,
    argv: &[String],
) -> Result<Option<OutputDir>> {
    check_replay(setting.common, exp)?;
    check_size(setting.common, exp, setting.threads, setting.file)?;
    let fingerprint = exp.fingerprint();
    let common = setting.common;
    let path = if common.out.is_none() && common.shard.is_none() && common.replay.is_none() {
        let free = free_default(setting.out, &fingerprint);
        if free != setting.out {
            eprintln!(
                "{} holds the results of another configuration, so they are kept; these go to {} \
                 (--out DIR chooses the directory)",
                setting.out.display(),
                free.display()
            );
        }
        free
    } else {
        setting.out.to_path_buf()
    };
    let mut out = OutputDir::open(&path, &holder(argv))?;
    out.set_configuration(fingerprint);
    let Some(shard) = setting.common.shard else {
        return Ok(Some(out));
    };
    run_shard(exp, shard, setting, out, argv.to_vec(), pool, |d| {
        progress.set(d)
    })?;
    Ok(None)
}

/// The default output directory `base`, or, when it holds the finished results
/// of another configuration (its manifest names another fingerprint, or none;
/// an unfinished run, with its journal and no manifest, holds nothing to keep),
/// the first of `base-2`, `base-3`, … that is free or holds this same
/// configuration: a run without `--out` never replaces a different one.
pub fn free_default(base: &Path, fingerprint: &str) -> std::path::PathBuf {
    let name = base.file_name().map_or_else(
        || "output".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    for k in 1u32.. {
        let candidate = if k == 1 {
            base.to_path_buf()
        } else {
            base.with_file_name(format!("{name}-{k}"))
        };
        match configuration_in(&candidate) {
            Holds::Nothing => return candidate,
            Holds::Configuration(c) if c == fingerprint => return candidate,
            _ => {}
        }
        if k > 10_000 {
            break;
        }
    }
    base.to_path_buf()
}

/// What a directory holds, as far as replacing it goes.
enum Holds {
    /// Nothing: missing, or empty.
    Nothing,
    /// A finished run of this configuration fingerprint.
    Configuration(String),
    /// Anything else: another run without a fingerprint, a run under way, other files.
    Other,
}

fn configuration_in(dir: &Path) -> Holds {
    match std::fs::read_dir(dir) {
        Err(_) => {
            return if dir.exists() {
                Holds::Other
            } else {
                Holds::Nothing
            };
        }
        Ok(mut entries) => {
            if entries.next().is_none() {
                return Holds::Nothing;
            }
        }
    }
    let Ok(text) = deterrence::files::read_limited(&dir.join("manifest.json"), 256 << 20) else {
        // An unfinished run (its journal and no manifest) holds no results to
        // keep: the next run takes it over, as it would with --out.
        return if dir.join(deterrence::output::JOURNAL_FILE).exists() {
            Holds::Nothing
        } else {
            Holds::Other
        };
    };
    let value: Option<serde_json::Value> = serde_json::from_slice(&text).ok();
    match value
        .as_ref()
        .and_then(|v| v.get("configuration"))
        .and_then(|c| c.as_str())
    {
        Some(c) => Holds::Configuration(c.to_string()),
        None => Holds::Other,
    }
}

/// How a run names itself in its directory's lock, for a second run to read.
pub fn holder(argv: &[String]) -> String {
    let mut line = argv.join(" ");
    if line.chars().count() > 200 {
        line = line.chars().take(200).collect::<String>() + "…";
    }
    line.replace(['\n', '\r'], " ")
}

/// Runs one shard of the experiment and writes `shard.bin` and `manifest.json`.
fn run_shard(
    exp: &Experiment<'_>,
    shard: Shard,
    run: &Setting<'_>,
    out: OutputDir,
    argv: Vec<String>,
    pool: &rayon::ThreadPool,
    progress: impl Fn(u64) + Send,
) -> Result<()> {
    let halt = &super::interrupt::STOP;
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
            halt,
            |index, recs| writer.write(index, recs).map_err(|e| write_error(&path, e)),
            progress,
        )
    })?;
    super::interrupt::check()?;
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
    let mut extra = serde_json::Map::new();
    extra.insert("shard".into(), info);
    write_manifest(
        out,
        ManifestInput {
            command: exp.command,
            file: run.file,
            base: run.base,
            argv,
            threads: run.threads,
            started: run.started,
            files: vec![SHARD_FILE.to_string()],
            extra,
        },
    )?;
    if !run.common.quiet {
        let shown = if count == 0 {
            "no replications".to_string()
        } else {
            format!("replications {}–{} of {total}", first + 1, first + count)
        };
        println!(
            "{} shard {}: {shown}; wrote {}: {SHARD_FILE}, {MANIFEST_FILE}",
            run.base.name,
            shard,
            run.out.display()
        );
        println!("when every shard is done: deterrence merge SHARD-DIRS... --out DIR");
    }
    super::interrupt::after_writing(run.out)
}

fn write_error(path: &Path, e: std::io::Error) -> anyhow::Error {
    deterrence::output::OutputError::write(path, e).into()
}
