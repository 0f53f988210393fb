//! `deterrence merge`: put the shards of a run, comparison, sweep or claims
//! report back together.
//!
//! Each shard's manifest records the command line it ran. After checking that
//! the shards belong to one experiment and that none is missing or given twice,
//! merge runs that command again without `--shard`, with the shards' records
//! standing in for simulation, so the outputs are written by the same code as
//! in a single run and are the same bytes.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::{CommandFactory, FromArgMatches};
use serde_json::Value;

use deterrence::experiment::shard::{SHARD_FILE, Shard};
use deterrence::output::MANIFEST_FILE;

use super::BadInput;
use super::args::{Cli, Command, MergeArgs};
use deterrence::job::ShardSet;

/// What one shard's manifest says about it.
#[derive(Debug)]
struct Part {
    dir: PathBuf,
    shard: Shard,
    first: u64,
    count: u64,
    command: String,
    version: String,
    seed: u64,
    scenario_hash: String,
    fingerprint: String,
    command_line: Vec<String>,
    working_directory: String,
}

fn bad(msg: String) -> anyhow::Error {
    BadInput(msg).into()
}

/// Reads `dir/manifest.json` as a shard's.
fn part(dir: &Path) -> Result<Part> {
    let path = dir.join(MANIFEST_FILE);
    // A manifest lists a scenario: far below this; more is not a shard's.
    let text = deterrence::files::read_limited(&path, 256 << 20).map_err(|e| {
        bad(format!(
            "{}: not a shard: cannot read {MANIFEST_FILE}: {e}",
            dir.display()
        ))
    })?;
    let m: Value = serde_json::from_slice(&text)
        .map_err(|e| bad(format!("{}: not a manifest: {e}", path.display())))?;
    let s = &m["shard"];
    if !s.is_object() {
        return Err(bad(format!(
            "{}: not a shard (its {MANIFEST_FILE} has no \"shard\"); shards are written by \
             run, compare, sweep, claims or calibrate with --shard K/N",
            dir.display()
        )));
    }
    let missing = |field: &str| {
        bad(format!(
            "{}: the field \"{field}\" is missing or not what a shard's manifest holds",
            path.display()
        ))
    };
    let num = |v: &Value, f: &str| v[f].as_u64().ok_or_else(|| missing(f));
    let text = |v: &Value, f: &str| v[f].as_str().map(str::to_string).ok_or_else(|| missing(f));
    let index = num(s, "index")?;
    let of = num(s, "of")?;
    if index == 0 || index > of {
        return Err(missing("shard.index"));
    }
    let command_line = m["command_line"]
        .as_array()
        .and_then(|a| a.iter().map(|x| x.as_str().map(str::to_string)).collect())
        .ok_or_else(|| missing("command_line"))?;
    Ok(Part {
        dir: dir.to_path_buf(),
        shard: Shard { index, of },
        first: num(s, "first")?,
        count: num(s, "count")?,
        command: text(s, "command")?,
        version: text(&m, "version")?,
        seed: num(&m, "seed")?,
        scenario_hash: text(&m, "scenario_hash")?,
        fingerprint: text(s, "fingerprint")?,
        command_line,
        working_directory: text(s, "working_directory")?,
    })
}

/// Checks that the parts are every shard of one experiment, once each, and
/// returns them in shard order.
fn check(mut parts: Vec<Part>) -> Result<Vec<Part>> {
    parts.sort_by_key(|p| p.shard.index);
    let first = &parts[0];
    let name = |p: &Part| format!("{} (shard {})", p.dir.display(), p.shard);
    for p in &parts[1..] {
        let differ = |what: String| {
            bad(format!(
                "{} and {} {what}: they are not shards of one experiment",
                name(first),
                name(p)
            ))
        };
        if p.version != first.version {
            return Err(differ(format!(
                "were written by deterrence {} and {}",
                first.version, p.version
            )));
        }
        if p.command != first.command {
            return Err(differ(format!(
                "come from `{}` and `{}`",
                first.command, p.command
            )));
        }
        if p.shard.of != first.shard.of {
            return Err(differ(format!(
                "split the replications {} and {} ways",
                first.shard.of, p.shard.of
            )));
        }
        if p.seed != first.seed {
            return Err(differ(format!("have seeds {} and {}", first.seed, p.seed)));
        }
        if p.scenario_hash != first.scenario_hash {
            return Err(differ("ran different scenarios".to_string()));
        }
        if p.fingerprint != first.fingerprint {
            return Err(differ(
                "ran with different settings (replications, years, overrides or variants)"
                    .to_string(),
            ));
        }
    }
    for w in parts.windows(2) {
        if w[0].shard == w[1].shard {
            return Err(bad(format!(
                "shard {} is given twice: {} and {}",
                w[0].shard,
                w[0].dir.display(),
                w[1].dir.display()
            )));
        }
    }
    let of = first.shard.of;
    if parts.len() as u64 != of {
        let have: Vec<u64> = parts.iter().map(|p| p.shard.index).collect();
        // The first few are named (N comes from a file, and may be huge).
        const NAMED: usize = 8;
        let count = of - parts.len() as u64;
        let mut missing: Vec<String> = (1..=of)
            .filter(|k| !have.contains(k))
            .take(NAMED)
            .map(|k| format!("{k}/{of}"))
            .collect();
        if count > NAMED as u64 {
            missing.push(format!("and {} more", count - NAMED as u64));
        }
        return Err(bad(format!(
            "missing shard{} {} (given: {})",
            if count == 1 { "" } else { "s" },
            missing.join(", "),
            parts
                .iter()
                .map(|p| p.shard.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(parts)
}

/// Checks that each shard's records file is there, whole, and the one its manifest describes.
fn check_records(parts: &[Part]) -> Result<()> {
    let mut next = 0;
    for p in parts {
        let path = p.dir.join(SHARD_FILE);
        let damaged = |e| bad(format!("{}: {e}", path.display()));
        let mut reader = deterrence::job::open_shard(&path)?;
        let h = reader.header().clone();
        if h.fingerprint != p.fingerprint
            || h.shard != p.shard
            || h.first != p.first
            || h.count != p.count
        {
            return Err(bad(format!(
                "{}: the records do not match the shard's {MANIFEST_FILE}",
                path.display()
            )));
        }
        if p.count > 0 && p.first != next {
            return Err(bad(format!(
                "{}: holds replications from {} where {next} was expected",
                path.display(),
                p.first
            )));
        }
        next = p.first + p.count;
        // Read to the end now, so a damaged shard is found before anything is written.
        while reader.next_replication().map_err(damaged)?.is_some() {}
    }
    Ok(())
}

/// Makes `path` absolute against the current directory.
fn absolute(path: &Path) -> Result<PathBuf> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    Ok(std::env::current_dir()?.join(path))
}

/// Merges the shards in `args.dirs` into `args.out`.
pub fn merge(args: &MergeArgs, argv: Vec<String>) -> Result<()> {
    let out = absolute(&args.out)?;
    let mut parts = Vec::new();
    for dir in &args.dirs {
        let dir = absolute(dir)?;
        if same_dir(&dir, &out) {
            return Err(bad(format!(
                "--out {} is one of the shards: merge into another directory",
                args.out.display()
            )));
        }
        parts.push(part(&dir)?);
    }
    let parts = check(parts)?;
    check_records(&parts)?;

    let first = &parts[0];
    let matches = Cli::command()
        .try_get_matches_from(&first.command_line)
        .map_err(|e| {
            bad(format!(
                "{}: the shard's command line cannot be read again: {e}",
                first.dir.display()
            ))
        })?;
    let mut cli = Cli::from_arg_matches(&matches).map_err(|e| bad(e.to_string()))?;
    let set = ShardSet {
        dirs: parts.iter().map(|p| p.dir.clone()).collect(),
        fingerprint: first.fingerprint.clone(),
    };
    let common = match &mut cli.command {
        Command::Run(a) => &mut a.common,
        Command::Compare(a) => &mut a.common,
        Command::Sweep(a) => &mut a.common,
        Command::Claims(a) => &mut a.common,
        Command::Calibrate(a) => &mut a.common,
        _ => {
            return Err(bad(format!(
                "{}: the shard's command is not one that runs replications",
                first.dir.display()
            )));
        }
    };
    common.shard = None;
    common.out = Some(out);
    common.quiet = args.quiet;

    // Scenario files named on the shards' command line are found where the shards ran.
    let wd = Path::new(&first.working_directory);
    if !first.working_directory.is_empty() && wd.is_dir() {
        std::env::set_current_dir(wd).map_err(|e| {
            bad(format!(
                "cannot change to {}, where the shards ran: {e}",
                wd.display()
            ))
        })?;
    }
    super::dispatch(cli, &matches, argv, Some(set))
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
