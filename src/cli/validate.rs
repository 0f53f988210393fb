//! `deterrence validate`: check scenario files without running them.

use anyhow::Result;

use deterrence::scenario;

use super::BadInput;
use super::args::ValidateArgs;

/// Checks every file, reports each, and fails (exit 2) if any is invalid.
pub fn validate(args: &ValidateArgs) -> Result<()> {
    let mut failed = 0;
    for file in &args.files {
        match scenario::load(file, &args.set) {
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
