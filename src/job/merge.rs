//! Gathering the shards `merge` is given: each shard's manifest read, the set
//! checked to be every shard of one experiment once, and every record file
//! read to its end, so a missing or damaged shard is found before anything is
//! written.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::experiment::shard::{SHARD_FILE, Shard};
use crate::output::MANIFEST_FILE;

use super::JobError;
use super::shard::{ShardSet, open_shard};

/// What one shard's manifest says about it.
#[derive(Debug)]
pub struct Part {
    /// Its directory.
    pub dir: PathBuf,
    shard: Shard,
    first: u64,
    count: u64,
    command: String,
    version: String,
    seed: u64,
    scenario_hash: String,
    fingerprint: String,
    /// The command line it ran.
    pub command_line: Vec<String>,
    /// Where it ran (scenario files on its command line are found from there).
    pub working_directory: String,
}

fn bad(msg: String) -> JobError {
    JobError::Refused(msg)
}

/// Reads `dir/manifest.json` as a shard's.
fn part(dir: &Path) -> Result<Part, JobError> {
    let path = dir.join(MANIFEST_FILE);
    // A manifest lists a scenario: far below this; more is not a shard's.
    let text = crate::files::read_limited(&path, 256 << 20).map_err(|e| {
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
fn check(mut parts: Vec<Part>) -> Result<Vec<Part>, JobError> {
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
fn check_records(parts: &[Part]) -> Result<(), JobError> {
    let mut next = 0;
    for p in parts {
        let path = p.dir.join(SHARD_FILE);
        let damaged = |e| bad(format!("{}: {e}", path.display()));
        let mut reader = open_shard(&path)?;
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

/// The shards in `dirs`, checked to be every shard of one experiment, once
/// each, with their records whole: the set that stands in for simulation, and
/// the first shard's manifest (its command line and working directory).
pub fn gather(dirs: &[PathBuf]) -> Result<(ShardSet, Part), JobError> {
    if dirs.is_empty() {
        return Err(bad("no shards to merge".to_string()));
    }
    let mut parts = Vec::with_capacity(dirs.len());
    for dir in dirs {
        parts.push(part(dir)?);
    }
    let parts = check(parts)?;
    check_records(&parts)?;
    let set = ShardSet {
        dirs: parts.iter().map(|p| p.dir.clone()).collect(),
        fingerprint: parts[0].fingerprint.clone(),
    };
    let first = parts
        .into_iter()
        .next()
        .ok_or_else(|| bad("no shards".into()))?;
    Ok((set, first))
}
