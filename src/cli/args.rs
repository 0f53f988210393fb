//! Command-line arguments, as raw flags (clap). Checking what they mean against
//! a scenario happens in the command modules, so the library never sees
//! half-checked input.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

use deterrence::chart::{ChartOptions, Format, Lang, MAX_SCALE, MIN_SCALE};
use deterrence::experiment::shard::Shard;
use deterrence::import::Region;

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
    /// Test the article's claims (C1–C12) and counter-hypotheses (K1–K5) on a scenario.
    Claims(ClaimsArgs),
    /// Check scenario files without running them.
    Validate(ValidateArgs),
    /// List the scenarios shipped in `scenarios/`.
    List(ListArgs),
    /// Write a scenario for one year from Correlates of War data files you supply.
    ImportCow(ImportCowArgs),
    /// Statistics of militarized disputes and wars from Correlates of War files,
    /// with bootstrap intervals (docs/VALIDATION.md).
    Facts(FactsArgs),
    /// Fit parameters to the statistics of `facts`: a Latin-hypercube design,
    /// every point on the same seeds, the closest points accepted.
    Calibrate(CalibrateArgs),
    /// Redraw the charts and report of a finished run from its files alone.
    Chart(ChartArgs),
    /// Tell one replication of a run year by year: crises, who backed whom,
    /// calls on allies, who joined which side, who won.
    Story(StoryArgs),
    /// An animated map (GIF) of one replication: a frame a year, wars as lines
    /// joining enemies, conquered states fading out.
    Animate(AnimateArgs),
    /// Combine the shards of a run, comparison, sweep or claims report (made with
    /// --shard K/N) into the outputs a single run would write.
    Merge(MergeArgs),
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
            lang: self.lang.lang(),
        }
    }
}

fn parse_scale(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && (MIN_SCALE..=MAX_SCALE).contains(&x) => Ok(x),
        _ => Err(format!("expected a number from {MIN_SCALE} to {MAX_SCALE}")),
    }
}

/// A share from 0 to 1, written `0.05` or `5%`.
fn parse_share(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let x = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|x| x / 100.0),
        None => t.parse::<f64>(),
    };
    match x {
        Ok(x) if x.is_finite() && (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err("expected a share from 0 to 1, as `0.05` or `5%`".into()),
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
    /// Worker threads (default: all cores; at most 4 per core). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Override a scenario value by its dotted path, e.g. `simulation.years=50`
    /// or `alliances.*.reliability=0.3`; the value is TOML. Repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Output directory (default: `output/<scenario-slug>` for `run`, with
    /// `-compare`, `-sweep` or `-claims` added for those commands).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Run only shard K of N of the replications (e.g. 2/8), keeping each
    /// replication's random numbers; combine the shards with `deterrence merge`.
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
    /// Run a plan estimated to take more than a day, or most of the memory.
    #[arg(long)]
    pub allow_large: bool,
}

/// `deterrence merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shards' output directories, every shard once, in any order.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Where to write the combined outputs.
    #[arg(long, value_name = "DIR", required = true)]
    pub out: PathBuf,
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
    /// Also write these event records, each a CSV file (comma-separated list):
    /// crises, participants, calls, state-years, dyad-years. See docs/RECORDS.md.
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    pub records: Vec<RecordKind>,
    /// Write the event records gzip-compressed, as `NAME.csv.gz` (pandas, R and DuckDB read them as they are).
    #[arg(long, requires = "records")]
    pub gzip: bool,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub charts: ChartOpts,
}

/// A kind of event record `run --records` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RecordKind {
    /// `crises.csv`: every dispute, its highest hostility level and how it ended.
    Crises,
    /// `participants.csv`: every state in every war, its side, years in and out, how it came in.
    Participants,
    /// `calls.csv`: every call on an ally, whether the pledge's terms applied, and the answer.
    Calls,
    /// `state_years.csv`: every living state in every year.
    StateYears,
    /// `dyad_years.csv`: every ordered pair of living states in every year (grows as states²).
    DyadYears,
}

/// `deterrence facts`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).multiple(true).args(["dir", "cow"])))]
pub struct FactsArgs {
    /// A finished run's output directory, made with `--records crises,participants`:
    /// the same statistics from its replications, pooled.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Directory holding the Correlates of War files: MID 4.3 (`MIDA_4.3.csv`
    /// and `MIDB_4.3.csv`, or with a space for the underscore) and State System
    /// Membership (`system2016.csv`). With DIR too, the two are set side by side.
    #[arg(long, value_name = "COWDIR")]
    pub cow: Option<PathBuf>,
    /// First year of the COW period (disputes are counted in the year they began).
    #[arg(long, value_name = "YEAR", default_value_t = 1816, value_parser = clap::value_parser!(i32).range(1000..=9999))]
    pub from: i32,
    /// Last year of the COW period.
    #[arg(long, value_name = "YEAR", default_value_t = 2010, value_parser = clap::value_parser!(i32).range(1000..=9999))]
    pub to: i32,
    /// Bootstrap resamples for the intervals.
    #[arg(long, value_name = "N", default_value_t = 2000, value_parser = clap::value_parser!(u32).range(100..=1_000_000))]
    pub resamples: u32,
    /// Seed of the bootstrap.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
    /// Output directory (default: `output/facts-cow-FROM-TO`, or for a run
    /// `DIR-facts` beside it).
    #[arg(long, value_name = "OUT")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// The chart of the model against the record (with a run and --cow).
    #[command(flatten)]
    pub charts: ChartOpts,
}

/// `deterrence calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// The scenario whose parameters are fitted; with several, each point runs
    /// every world (on the first one's replications and seed) and the
    /// statistics are those of all their disputes and wars together.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The statistics to fit: a `facts.csv` written by `deterrence facts --cow`.
    #[arg(long, value_name = "FACTS_CSV")]
    pub target: PathBuf,
    /// A parameter to vary and its range, e.g. `model.dispute_rate=0.2:0.6`. Repeatable.
    #[arg(long = "param", value_name = "PATH=LOW:HIGH", required = true)]
    pub params: Vec<String>,
    /// Points of the design.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u32).range(2..=100_000))]
    pub points: u32,
    /// Share of the points, the closest, to accept.
    #[arg(long, value_name = "SHARE", default_value_t = 0.1)]
    pub accept: f64,
    /// Fit only these statistics of the target (comma-separated; default: every
    /// one with a value and an interval).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub statistics: Vec<String>,
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

/// Which replication of which run `story` and `animate` replay, and which years.
#[derive(Debug, Args)]
pub struct Replay {
    /// A finished run's output directory, or a scenario file.
    #[arg(value_name = "DIR|FILE")]
    pub target: PathBuf,
    /// The replication, from 0 as in every output.
    #[arg(long, short, default_value_t = 0, value_name = "R")]
    pub replication: u64,
    /// First year (years count from 1).
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(u32).range(1..))]
    pub from: Option<u32>,
    /// Last year.
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(u32).range(1..))]
    pub to: Option<u32>,
    /// Language of the text.
    #[arg(long, value_enum, default_value = "en")]
    pub lang: LangArg,
    /// With a scenario file: override a value, as in `run`. Repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// With a scenario file: the seed (overrides `simulation.seed`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(..=i64::MAX as u64))]
    pub seed: Option<u64>,
    /// With a scenario file: years per replication (overrides `simulation.years`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub years: Option<u32>,
}

impl LangArg {
    /// The language asked for.
    pub fn lang(self) -> Lang {
        match self {
            LangArg::En => Lang::En,
            LangArg::Id => Lang::Id,
        }
    }
}

/// `deterrence story`.
#[derive(Debug, Args)]
pub struct StoryArgs {
    #[command(flatten)]
    pub replay: Replay,
    /// Also write the story as a self-contained HTML page.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

/// `deterrence animate`.
#[derive(Debug, Args)]
pub struct AnimateArgs {
    #[command(flatten)]
    pub replay: Replay,
    /// Seconds each year is shown (the last is held four times as long).
    #[arg(long, default_value_t = 0.6, value_name = "SECONDS", value_parser = parse_delay)]
    pub delay: f64,
    /// Multiply the 1600 × 1000 frame size (0.25 to 4).
    #[arg(long, default_value_t = 0.6, value_parser = parse_scale)]
    pub scale: f64,
    /// The GIF to write (default: `<scenario-slug>-r<R>.gif` in the current directory).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

fn parse_delay(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && (0.02..=60.0).contains(&x) => Ok(x),
        _ => Err("expected seconds from 0.02 to 60".into()),
    }
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
    /// Accept plans estimated to take more than a day, or most of the memory.
    #[arg(long)]
    pub allow_large: bool,
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
    /// Years in the moving average of the yearly onset chart (1: none; default:
    /// a twentieth of the years, at most 25).
    #[arg(long, value_name = "YEARS", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub smooth: Option<u32>,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub charts: ChartOpts,
}

/// `deterrence claims`.
#[derive(Debug, Args)]
pub struct ClaimsArgs {
    /// The scenario (default: `scenarios/claims-world.toml`); with several, the
    /// verdicts across worlds, on the first one's replications and seed.
    pub files: Vec<PathBuf>,
    /// The smallest effect that matters (δ), as a share of the control's mean:
    /// `0.05` or `5%`. An effect must reach it to support or contradict a claim;
    /// an interval within ±δ shows no meaningful effect.
    #[arg(long = "min-effect", value_name = "SHARE", default_value = "0.05", value_parser = parse_share)]
    pub min_effect: f64,
    /// Run the claims at N parameter sets, drawn over plausible ranges (or the
    /// `--param` ranges, or a calibration's accepted points), and report how
    /// robust each verdict is: shares of verdicts, drivers, where verdicts flip.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(8..=100_000))]
    pub robustness: Option<u32>,
    /// With `--robustness`: a parameter to vary and its range (repeat for
    /// more; default: the plausible ranges of docs/CLAIMS.md).
    #[arg(long = "param", value_name = "PATH=LOW:HIGH", requires = "robustness")]
    pub params: Vec<String>,
    /// With `--robustness`: draw the sets from the accepted points of a
    /// `calibration.csv` written by `calibrate`.
    #[arg(
        long = "from",
        value_name = "CALIBRATION_CSV",
        requires = "robustness",
        conflicts_with = "params"
    )]
    pub from: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub charts: ChartOpts,
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
    #[command(flatten)]
    pub charts: ChartOpts,
}

/// A region name for `--region`.
fn region(s: &str) -> Result<Region, String> {
    Region::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Region::ALL.iter().map(|r| r.name()).collect();
        format!("expected one of {}", names.join(", "))
    })
}

/// A day of the year for `--on`, as MM-DD.
fn month_day(s: &str) -> Result<(u32, u32), String> {
    let err = || format!("expected a day of the year as MM-DD (e.g. 06-28), found {s:?}");
    let (m, d) = s.split_once('-').ok_or_else(err)?;
    let m: u32 = m.parse().map_err(|_| err())?;
    let d: u32 = d.parse().map_err(|_| err())?;
    let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    match days.get((m as usize).wrapping_sub(1)) {
        Some(&max) if (1..=max).contains(&d) => Ok((m, d)),
        _ => Err(err()),
    }
}

/// A distance for `--sea-miles`: one of the distances COW codes.
fn sea_miles(s: &str) -> Result<u32, String> {
    match s.parse::<u32>() {
        Ok(m @ (0 | 12 | 24 | 150 | 400)) => Ok(m),
        _ => Err("expected 0 (land only), 12, 24, 150 or 400".to_string()),
    }
}

/// `deterrence import-cow`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("selection").required(true).multiple(true).args(["majors", "ccodes", "region"])))]
pub struct ImportCowArgs {
    /// The year of the world.
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(1000..=9999))]
    pub year: i32,
    /// Take states and alliances as they stood on this day of the year (MM-DD),
    /// rather than any that existed at some time in it.
    #[arg(long, value_name = "MM-DD", value_parser = month_day)]
    pub on: Option<(u32, u32)>,
    /// COW National Material Capabilities file (e.g. NMC-60-abridged.csv).
    #[arg(long, value_name = "FILE")]
    pub nmc: PathBuf,
    /// COW Formal Alliances v4.1, member level (alliance_v4.1_by_member.csv).
    #[arg(long, value_name = "FILE")]
    pub alliances: PathBuf,
    /// COW Direct Contiguity v3.2, directed dyad-years (contdird.csv).
    #[arg(long, value_name = "FILE")]
    pub contiguity: PathBuf,
    /// COW State System Membership list (states2016.csv).
    #[arg(long, value_name = "FILE")]
    pub states: PathBuf,
    /// Take the major powers of the year (needs --majors-file).
    #[arg(long, requires = "majors_file")]
    pub majors: bool,
    /// COW major-power list (majors2016.csv), for --majors.
    #[arg(long, value_name = "FILE")]
    pub majors_file: Option<PathBuf>,
    /// Take these states, by COW country code (e.g. 2,200,255).
    #[arg(long, value_name = "CCODES", value_delimiter = ',')]
    pub ccodes: Vec<u32>,
    /// Take every state of a region: americas (ccodes 2-165), europe (200-399),
    /// africa (400-626), middle-east (630-698), asia (700-990). Repeatable.
    #[arg(long, value_name = "REGION", value_delimiter = ',', value_parser = region)]
    pub region: Vec<Region>,
    /// Also count as borders stretches of water up to this many miles (COW codes 12, 24, 150, 400); 0 = land only.
    #[arg(long, value_name = "MILES", default_value_t = 0, value_parser = sea_miles)]
    pub sea_miles: u32,
    /// Scenario name (default: "COW world, YEAR").
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The scenario file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace `--out` if it exists (never one of the input files).
    #[arg(long)]
    pub force: bool,
}
