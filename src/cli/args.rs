//! Command-line arguments, as raw flags (clap). Checking what they mean against
//! a scenario happens in the command modules, so the library never sees
//! half-checked input.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// An agent-based model of states tied by alliances: does alliance prevent war?
#[derive(Debug, Parser)]
#[command(name = "deterrence", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario's replications in parallel and write results.
    Run(RunArgs),
    /// Compare a file's baseline with its [[variants]], or several files, on the same seeds.
    Compare(CompareArgs),
    /// Vary one parameter (or a grid of two) with replications at each point.
    Sweep(SweepArgs),
    /// Check scenario files without running them.
    Validate(ValidateArgs),
    /// List the scenarios shipped in `scenarios/`.
    List(ListArgs),
}

/// Options shared by commands that run simulations.
#[derive(Debug, Args)]
pub struct Common {
    /// Replications to run (overrides `simulation.replications`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub replications: Option<u32>,
    /// Years per replication (overrides `simulation.years`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub years: Option<u32>,
    /// Seed of the run (overrides `simulation.seed`), 0 to 2^63-1 as in a scenario file.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(..=i64::MAX as u64))]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Override a scenario value by its dotted path, e.g. `simulation.years=50`
    /// or `alliances.*.reliability=0.3`; the value is TOML. Repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Output directory (default: `output/<scenario-slug>`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `deterrence run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file.
    pub file: PathBuf,
    /// Also write `wars.csv`, one row per war.
    #[arg(long)]
    pub wars: bool,
    #[command(flatten)]
    pub common: Common,
}

/// `deterrence validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Overrides to apply before checking, as in `run`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

/// `deterrence list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Directory to list (default: `scenarios/`).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `deterrence compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// One scenario file (its baseline and its `[[variants]]`), or several files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Metrics to print (default: a headline set); every metric is in the CSV.
    #[arg(long = "metric", value_name = "NAME")]
    pub metrics: Vec<String>,
    #[command(flatten)]
    pub common: Common,
}

/// `deterrence sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The scenario file.
    pub file: PathBuf,
    /// A dotted path to vary, e.g. `alliances.*.reliability`; give two for a grid.
    #[arg(long = "param", value_name = "PATH", required = true)]
    pub params: Vec<String>,
    /// The values of the matching `--param`, comma-separated: `0,0.25,0.5`.
    #[arg(long = "values", value_name = "A,B,C")]
    pub values: Vec<String>,
    /// The values of the matching `--param` as start:stop:step (stop included).
    #[arg(long = "range", value_name = "START:STOP:STEP")]
    pub ranges: Vec<String>,
    /// Metrics to print (default: a headline set); every metric is in the CSV.
    #[arg(long = "metric", value_name = "NAME")]
    pub metrics: Vec<String>,
    #[command(flatten)]
    pub common: Common,
}
