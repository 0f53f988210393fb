//! `deterrence story`: one replication told year by year, on the terminal and
//! optionally as an HTML page.

use std::path::Path;

use anyhow::Result;

use deterrence::chart::{self, Lang, Report};
use deterrence::output::{MANIFEST_FILE, write_atomic};
use deterrence::scenario::{self, Scenario};
use deterrence::story;

use super::BadInput;
use super::args::{Replay, StoryArgs};

/// The scenario to replay: a run directory's recorded one, or a file's with
/// `set`, `seed` and `years` applied. Returns it with the target as a user
/// would name it.
fn replayed(
    target: &Path,
    set: &[String],
    seed: Option<u64>,
    years: Option<u32>,
) -> Result<(Scenario, String)> {
    if target.is_dir() {
        if !set.is_empty() || seed.is_some() || years.is_some() {
            return Err(BadInput(format!(
                "{} is a run's directory: its replications are that run's own, so --set, --seed \
                 and --years do not apply (give a scenario file to see another configuration)",
                target.display()
            ))
            .into());
        }
        let manifest = chart::read_manifest(target)?;
        let origin = target.join(MANIFEST_FILE).display().to_string();
        let s = scenario::from_resolved(&origin, &manifest.scenario)?;
        Ok((s, target.display().to_string()))
    } else {
        let mut set = set.to_vec();
        if let Some(seed) = seed {
            set.push(format!("simulation.seed={seed}"));
        }
        if let Some(years) = years {
            set.push(format!("simulation.years={years}"));
        }
        let s = scenario::load(target, &set)?;
        Ok((s, target.display().to_string()))
    }
}

/// The scenario of `r`, its source as the user named it, and the years asked for, checked.
pub fn replay(r: &Replay) -> Result<(Scenario, String, (u32, u32))> {
    let (scenario, source) = replayed(&r.target, &r.set, r.seed, r.years)?;
    let years = check_choice(&scenario, &source, r.replication, r.from, r.to)?;
    Ok((scenario, source, years))
}

/// Checks that the run has replication `r` and that `from`..`to` lie within
/// its years; returns the years, defaults filled in.
fn check_choice(
    scenario: &Scenario,
    source: &str,
    r: u64,
    from: Option<u32>,
    to: Option<u32>,
) -> Result<(u32, u32)> {
    let reps = u64::from(scenario.simulation.replications);
    if r >= reps {
        return Err(BadInput(format!(
            "--replication {r}: {source} has {reps} replication{} (0 to {})",
            if reps == 1 { "" } else { "s" },
            reps - 1
        ))
        .into());
    }
    let years = scenario.simulation.years;
    let (from, to) = (from.unwrap_or(1), to.unwrap_or(years).min(years));
    if from > to {
        return Err(BadInput(format!(
            "--from {from} --to {to}: the years shown must run forward within 1 to {years}"
        ))
        .into());
    }
    Ok((from, to))
}

/// Tells the replication asked for.
pub fn story(args: &StoryArgs) -> Result<()> {
    let (scenario, source, (from, to)) = replay(&args.replay)?;
    let lang = args.replay.lang.lang();
    let told = story::tell(&scenario, args.replay.replication);
    // The page is written first, so a failure to write it leaves nothing half-said.
    if let Some(path) = &args.html {
        let section = chart::story_section_years(&told, &source, lang, from, to);
        let page = Report {
            lang,
            title: told.title(lang),
            description: scenario.description.clone(),
            lead: vec![section],
            ..Report::default()
        };
        write_atomic(path, page.to_html().as_bytes())?;
    }
    print!("{}", told.text(lang, from, to));
    if let Some(path) = &args.html {
        match lang {
            Lang::En => eprintln!("wrote {}", path.display()),
            Lang::Id => eprintln!("menulis {}", path.display()),
        }
    }
    Ok(())
}
