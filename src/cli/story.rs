//! `deterrence story`: one replication told year by year, on the terminal and
//! optionally as an HTML page.

use anyhow::Result;

use deterrence::chart::{self, Lang, Report};
use deterrence::output::{MANIFEST_FILE, write_atomic};
use deterrence::scenario::{self, Scenario};
use deterrence::story;

use super::BadInput;
use super::args::StoryArgs;

/// The scenario to tell: a run directory's recorded one, or a file's.
fn scenario_of(args: &StoryArgs) -> Result<(Scenario, String)> {
    if args.target.is_dir() {
        if !args.set.is_empty() || args.seed.is_some() || args.years.is_some() {
            return Err(BadInput(format!(
                "{} is a run's directory: its story is that run's own, so --set, --seed and \
                 --years do not apply (give a scenario file to tell another configuration)",
                args.target.display()
            ))
            .into());
        }
        let manifest = chart::read_manifest(&args.target)?;
        let origin = args.target.join(MANIFEST_FILE).display().to_string();
        let s = scenario::from_resolved(&origin, &manifest.scenario)?;
        Ok((s, args.target.display().to_string()))
    } else {
        let mut set = args.set.clone();
        if let Some(seed) = args.seed {
            set.push(format!("simulation.seed={seed}"));
        }
        if let Some(years) = args.years {
            set.push(format!("simulation.years={years}"));
        }
        let s = scenario::load(&args.target, &set)?;
        Ok((s, args.target.display().to_string()))
    }
}

/// Tells the replication asked for.
pub fn story(args: &StoryArgs) -> Result<()> {
    let (scenario, source) = scenario_of(args)?;
    let reps = u64::from(scenario.simulation.replications);
    if args.replication >= reps {
        return Err(BadInput(format!(
            "--replication {}: {source} has {reps} replication{} (0 to {})",
            args.replication,
            if reps == 1 { "" } else { "s" },
            reps - 1
        ))
        .into());
    }
    let years = scenario.simulation.years;
    let (from, to) = (args.from.unwrap_or(1), args.to.unwrap_or(years));
    if from > to || from > years {
        return Err(BadInput(format!(
            "--from {from} --to {to}: the years told must run forward within 1 to {years}"
        ))
        .into());
    }
    let lang = args.language();
    let told = story::tell(&scenario, args.replication);
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
