//! `deterrence import-cow`: read the Correlates of War files the user names,
//! assemble the world of one year, check it as a scenario, and write it.

use anyhow::Result;

use deterrence::import::{
    self, Request, Selection, Sources, alliances::Alliances, contiguity::Contiguity,
    majors::Majors, nmc::Nmc, states::StateList,
};
use deterrence::output::write_atomic;
use deterrence::scenario;

use super::BadInput;
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

/// Refuses an `--out` that exists (unless `--force`) or that is one of the
/// input files (even with `--force`), before anything is read.
fn check_out(args: &ImportCowArgs) -> Result<()> {
    let out = &args.out;
    let Ok(out_meta) = std::fs::metadata(out) else {
        if std::fs::symlink_metadata(out).is_ok() && !args.force {
            return Err(BadInput(format!(
                "--out {}: a link exists under that name; give --force to replace it",
                out.display()
            ))
            .into());
        }
        return Ok(());
    };
    let inputs = [
        Some(&args.nmc),
        Some(&args.alliances),
        Some(&args.contiguity),
        Some(&args.states),
        args.majors_file.as_ref(),
    ];
    for input in inputs.into_iter().flatten() {
        if std::fs::metadata(input).is_ok_and(|m| same_file(&m, &out_meta)) {
            return Err(BadInput(format!(
                "--out {} is the input file {}; write the scenario somewhere else",
                out.display(),
                input.display()
            ))
            .into());
        }
    }
    if !out_meta.is_file() {
        return Err(BadInput(format!(
            "--out {}: exists and is not a file; choose another --out",
            out.display()
        ))
        .into());
    }
    if !args.force {
        return Err(BadInput(format!(
            "--out {} exists; give --force to replace it, or choose another --out",
            out.display()
        ))
        .into());
    }
    Ok(())
}

/// Whether two metadata describe the same file (through links and other names).
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        a.len() == b.len() && a.modified().ok() == b.modified().ok()
    }
}

/// Runs the import and writes the scenario.
pub fn import_cow(args: &ImportCowArgs, argv: &[String]) -> Result<()> {
    check_out(args)?;
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
