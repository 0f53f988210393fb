//! `deterrence validate`: check scenario files without running them.

use anyhow::Result;

use deterrence::experiment::estimate::{Bytes, ConfigSize, Duration, Estimate, LargeRecords};
use deterrence::scenario::{self, Scenario};

use super::BadInput;
use super::args::ValidateArgs;
use deterrence::job::too_large;

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
                let e = estimate(&s);
                let n = |count: usize, one: &str, many: &str| {
                    format!("{count} {}", if count == 1 { one } else { many })
                };
                let dyads = LargeRecords {
                    dyad_years: true,
                    ..LargeRecords::default()
                };
                let compressed = LargeRecords {
                    gzip: true,
                    ..dyads
                };
                let reps = u64::from(s.simulation.replications);
                println!(
                    "ok    {}: \"{}\", {}, {}, {}, {}; {} × {}; a run: {} on {}, {}; \
                     with --records dyad-years, {} more on disk ({} with --gzip)",
                    file.display(),
                    s.name,
                    n(w.states.len(), "state", "states"),
                    n(w.borders.len(), "border", "borders"),
                    n(w.alliances.len(), "alliance", "alliances"),
                    n(s.variants.len(), "variant", "variants"),
                    n(s.simulation.years as usize, "year", "years"),
                    n(
                        s.simulation.replications as usize,
                        "replication",
                        "replications"
                    ),
                    if e.seconds < 1.0 {
                        Duration(e.seconds).to_string()
                    } else {
                        format!("about {}", Duration(e.seconds))
                    },
                    n(cores(), "thread", "threads"),
                    Bytes(e.bytes),
                    Bytes(dyads.bytes(size(&s), reps)),
                    Bytes(compressed.bytes(size(&s), reps)),
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

/// The cores a run would use by default.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn size(s: &Scenario) -> ConfigSize {
    ConfigSize {
        states: s.world.states.len(),
        years: s.simulation.years,
    }
}

/// What `run` on all cores would take.
fn estimate(s: &Scenario) -> Estimate {
    Estimate::new(
        &[size(s)],
        u64::from(s.simulation.replications),
        cores(),
        true,
    )
}

/// `run` refuses a plan too large to run unasked (on all cores); so does validate.
fn size_check(args: &ValidateArgs, file: &std::path::Path, s: &Scenario) -> Result<()> {
    if args.allow_large {
        return Ok(());
    }
    too_large(
        file,
        &[size(s)],
        u64::from(s.simulation.replications),
        cores(),
        true,
    )?;
    Ok(())
}
