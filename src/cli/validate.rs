//! `deterrence validate`: check scenario files without running them.

use anyhow::Result;

use deterrence::experiment::estimate::ConfigSize;
use deterrence::scenario::{self, Scenario};

use super::BadInput;
use super::args::ValidateArgs;
use super::common::too_large;

/// Checks every file, reports each, and fails (exit 2) if any is invalid.
pub fn validate(args: &ValidateArgs) -> Result<()> {
    let mut failed = 0;
    for file in &args.files {
        let checked = match scenario::load(file, &args.set) {
            Ok(s) => size_check(args, file, &s).map(|()| s),
            Err(e) => Err(e.into()),
        };
        match checked {
            Ok(s) => {
                let w = &s.world;
                println!(
                    "ok    {}: \"{}\", {} states, {} borders, {} alliances, {} variants; {} years × {} replications",
                    file.display(),
                    s.name,
                    w.states.len(),
                    w.borders.len(),
                    w.alliances.len(),
                    s.variants.len(),
                    s.simulation.years,
                    s.simulation.replications
                );
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }
    if failed > 0 {
        let total = args.files.len();
        let noun = if total == 1 { "file" } else { "files" };
        let verb = if failed == 1 { "is" } else { "are" };
        return Err(BadInput(format!("{failed} of {total} {noun} {verb} not valid")).into());
    }
    Ok(())
}

/// `run` refuses a plan too large to run unasked (on all cores); so does validate.
fn size_check(args: &ValidateArgs, file: &std::path::Path, s: &Scenario) -> Result<()> {
    if args.allow_large {
        return Ok(());
    }
    let size = ConfigSize {
        states: s.world.states.len(),
        years: s.simulation.years,
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    too_large(
        file,
        &[size],
        u64::from(s.simulation.replications),
        cores,
        true,
    )
}
