//! `deterrence import-cow`: read the Correlates of War files the user names,
//! assemble the world of one year, check it as a scenario, and write it.

use anyhow::Result;

use deterrence::import::{
    self, Request, Selection, Sources, alliances::Alliances, contiguity::Contiguity,
    majors::Majors, nmc::Nmc, states::StateList,
};
use deterrence::output::write_atomic;
use deterrence::scenario;

use super::args::ImportCowArgs;

/// Quotes a word for a POSIX shell when it needs it, so the header's command can be pasted back.
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./,=:+@%".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Runs the import and writes the scenario.
pub fn import_cow(args: &ImportCowArgs, argv: &[String]) -> Result<()> {
    let command = std::iter::once("deterrence".to_string())
        .chain(argv.iter().skip(1).map(|a| shell_word(a)))
        .collect::<Vec<_>>()
        .join(" ");
    let sources = Sources {
        nmc: Nmc::read(&args.nmc)?,
        alliances: Alliances::read(&args.alliances)?,
        contiguity: Contiguity::read(&args.contiguity)?,
        states: StateList::read(&args.states)?,
        majors: args.majors_file.as_deref().map(Majors::read).transpose()?,
    };
    let request = Request {
        year: args.year,
        selection: Selection {
            majors: args.majors,
            ccodes: args.ccodes.clone(),
            regions: args.region.clone(),
        },
        on: args.on,
        sea_miles: args.sea_miles,
        name: args.name.clone(),
        command,
    };
    let world = import::assemble(&request, &sources)?;
    let text = import::render(&world);
    let out = args.out.display().to_string();
    // What is written must load: a failure here names the field, like any scenario error.
    scenario::load_str(&out, &text, &[])?;
    write_atomic(&args.out, text.as_bytes())?;
    let sea = world.borders.iter().filter(|b| b.conttype > 1).count();
    println!(
        "wrote {out}: {} states, {} borders ({sea} across water), {} alliances, from COW data for {}",
        world.states.len(),
        world.borders.len(),
        world.alliances.len(),
        args.year
    );
    if !world.left_out.is_empty() {
        println!("left out: {}", world.left_out.join("; "));
    }
    Ok(())
}
