//! The command-line front end: parse, call the library, print. Nothing here
//! simulates or computes statistics.

mod animate;
mod args;
mod calibrate;
mod chart;
mod claims;
mod common;
mod compare;
mod facts;
mod import;
mod interrupt;
mod list;
mod merge;
mod progress;
mod robustness;
mod run;
mod story;
mod sweep;
mod validate;

use clap::{CommandFactory, FromArgMatches};

use deterrence::calibration::CalibrationError;
use deterrence::chart::ChartError;
use deterrence::experiment::Interrupted;
use deterrence::experiment::shard::ShardError;
use deterrence::import::ImportError;
use deterrence::job::{JobError, ShardSet};
use deterrence::output::OutputError;
use deterrence::scenario::ScenarioError;

pub use args::Cli;

/// An error in what the user asked for (exit code 2), as opposed to a failure
/// while doing it (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// Parses the command line and runs the command.
pub fn run() -> anyhow::Result<()> {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let argv: Vec<String> = std::env::args().collect();
    dispatch(cli, &matches, argv, None)
}

/// Runs a parsed command line (`merge` comes back here with its shards'
/// command, and the shards whose records stand in for simulation).
fn dispatch(
    cli: Cli,
    matches: &clap::ArgMatches,
    argv: Vec<String>,
    replay: Option<ShardSet>,
) -> anyhow::Result<()> {
    match cli.command {
        args::Command::Run(a) => run::run(&a, argv, replay),
        args::Command::Compare(a) => compare::compare(&a, argv, replay),
        args::Command::Sweep(a) => {
            let specs = matches
                .subcommand_matches("sweep")
                .map(value_specs)
                .unwrap_or_default();
            sweep::sweep(&a, &specs, argv, replay)
        }
        args::Command::Claims(a) => claims::claims(&a, argv, replay),
        args::Command::Validate(a) => validate::validate(&a),
        args::Command::List(a) => list::list(&a),
        args::Command::ImportCow(a) => import::import_cow(&a, &argv),
        args::Command::Facts(a) => facts::facts(&a, &argv),
        args::Command::Calibrate(a) => calibrate::calibrate(&a, argv, replay),
        args::Command::Chart(a) => chart::chart(&a, &argv),
        args::Command::Story(a) => story::story(&a),
        args::Command::Animate(a) => animate::animate(&a),
        args::Command::Merge(a) => merge::merge(&a, argv),
    }
}

/// The `--values` and `--range` lists of a sweep, in the order given on the
/// command line, so the n-th list belongs to the n-th `--param`.
fn value_specs(m: &clap::ArgMatches) -> Vec<sweep::ValueSpec> {
    let mut specs: Vec<(usize, sweep::ValueSpec)> = Vec::new();
    for (id, make) in [
        (
            "values",
            sweep::ValueSpec::Values as fn(String) -> sweep::ValueSpec,
        ),
        ("ranges", sweep::ValueSpec::Range),
    ] {
        if let (Some(vals), Some(idx)) = (m.get_many::<String>(id), m.indices_of(id)) {
            specs.extend(idx.zip(vals).map(|(i, v)| (i, make(v.clone()))));
        }
    }
    specs.sort_by_key(|(i, _)| *i);
    specs.into_iter().map(|(_, s)| s).collect()
}

/// The exit code for an error: 130 when interrupted, 2 for bad input or usage,
/// 1 for anything else.
pub fn exit_code(err: &anyhow::Error) -> i32 {
    let interrupted = |c: &(dyn std::error::Error + 'static)| {
        c.is::<Interrupted>() || matches!(c.downcast_ref(), Some(JobError::Interrupted(_)))
    };
    if err.chain().any(interrupted) {
        return interrupt::EXIT_CODE;
    }
    for cause in err.chain() {
        if cause.is::<ScenarioError>()
            || cause.is::<BadInput>()
            || cause.is::<ImportError>()
            || cause.is::<ShardError>()
            || cause.is::<CalibrationError>()
        {
            return 2;
        }
        if cause
            .downcast_ref::<ChartError>()
            .is_some_and(ChartError::is_bad_input)
        {
            return 2;
        }
        if cause
            .downcast_ref::<JobError>()
            .is_some_and(JobError::is_bad_input)
        {
            return 2;
        }
        if cause
            .downcast_ref::<OutputError>()
            .is_some_and(OutputError::is_refusal)
        {
            return 2;
        }
    }
    1
}
