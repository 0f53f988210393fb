//! The command-line front end: parse, call the library, print. Nothing here
//! simulates or computes statistics.

mod args;
mod chart;
mod list;
mod progress;
mod run;
mod validate;

use clap::Parser;

use deterrence::chart::ChartError;
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
    let cli = Cli::parse();
    let argv: Vec<String> = std::env::args().collect();
    match cli.command {
        args::Command::Run(a) => run::run(&a, argv),
        args::Command::Validate(a) => validate::validate(&a),
        args::Command::List(a) => list::list(&a),
        args::Command::Chart(a) => chart::chart(&a),
    }
}

/// The exit code for an error: 2 for bad input or usage, 1 for anything else.
pub fn exit_code(err: &anyhow::Error) -> i32 {
    for cause in err.chain() {
        if cause.is::<ScenarioError>() || cause.is::<BadInput>() {
            return 2;
        }
        if cause
            .downcast_ref::<ChartError>()
            .is_some_and(ChartError::is_bad_input)
        {
            return 2;
        }
        if let Some(OutputError::ForeignDirectory { .. } | OutputError::NotADirectory { .. }) =
            cause.downcast_ref()
        {
            return 2;
        }
    }
    1
}
