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

use deterrence::job;

use super::BadInput;
use super::args::{Cli, Command, MergeArgs};

fn bad(msg: String) -> anyhow::Error {
    BadInput(msg).into()
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
    let mut dirs = Vec::with_capacity(args.dirs.len());
    for dir in &args.dirs {
        let dir = absolute(dir)?;
        if same_dir(&dir, &out) {
            return Err(bad(format!(
                "--out {} is one of the shards: merge into another directory",
                args.out.display()
            )));
        }
        dirs.push(dir);
    }
    let (set, first) = job::gather(&dirs)?;
    let matches = Cli::command()
        .try_get_matches_from(&first.command_line)
        .map_err(|e| {
            bad(format!(
                "{}: the shard's command line cannot be read again: {e}",
                first.dir.display()
            ))
        })?;
    let mut cli = Cli::from_arg_matches(&matches).map_err(|e| bad(e.to_string()))?;
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
