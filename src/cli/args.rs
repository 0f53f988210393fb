//! Command-line arguments, as raw flags (clap). Checking what they mean against
//! a scenario happens in the command modules, so the library never sees
//! half-checked input.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use deterrence::chart::{ChartOptions, Format, Lang, MAX_SCALE, MIN_SCALE};

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
    /// Check scenario files without running them.
    Validate(ValidateArgs),
    /// List the scenarios shipped in `scenarios/`.
    List(ListArgs),
    /// Redraw the charts and report of a finished run from its files alone.
    Chart(ChartArgs),
}

/// Chart file formats on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// PNG only.
    Png,
    /// SVG only.
    Svg,
    /// PNG and SVG.
    Both,
}

/// Languages on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// Bahasa Indonesia.
    Id,
}

/// How charts are drawn.
#[derive(Debug, Args)]
pub struct ChartOpts {
    /// Chart files to write.
    #[arg(long, value_enum, default_value = "both", value_name = "FORMAT")]
    pub format: FormatArg,
    /// Multiply the 1600×1000 pixel size (e.g. 2 for sharper slides, 0.5 for small files).
    #[arg(long, default_value = "1", value_name = "X", value_parser = parse_scale)]
    pub scale: f64,
    /// Language of chart text and the report.
    #[arg(long, value_enum, default_value = "en", value_name = "LANG")]
    pub lang: LangArg,
}

impl ChartOpts {
    /// The library's options.
    pub fn options(&self) -> ChartOptions {
        ChartOptions {
            format: match self.format {
                FormatArg::Png => Format::Png,
                FormatArg::Svg => Format::Svg,
                FormatArg::Both => Format::Both,
            },
            scale: self.scale,
            lang: match self.lang {
                LangArg::En => Lang::En,
                LangArg::Id => Lang::Id,
            },
        }
    }
}

fn parse_scale(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && (MIN_SCALE..=MAX_SCALE).contains(&x) => Ok(x),
        _ => Err(format!("expected a number from {MIN_SCALE} to {MAX_SCALE}")),
    }
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
    #[command(flatten)]
    pub charts: ChartOpts,
}

/// `deterrence chart`.
#[derive(Debug, Args)]
pub struct ChartArgs {
    /// The output directory of a finished run.
    pub dir: PathBuf,
    #[command(flatten)]
    pub charts: ChartOpts,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
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
