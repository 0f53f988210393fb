//! `deterrence animate`: the animated map of one replication, as a GIF.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;

use deterrence::chart::Theme;
use deterrence::chart::animation::{self, MapOverlay};
use deterrence::model::Recording;
use deterrence::output::{slug, write_atomic};
use deterrence::story;

use super::args::AnimateArgs;
use super::story::replay;

/// Draws the replication asked for, a frame a year, and writes the GIF.
pub fn animate(args: &AnimateArgs) -> Result<()> {
    let started = Instant::now();
    let (scenario, _, (from, to)) = replay(&args.replay)?;
    let lang = args.replay.lang.lang();
    let replication = args.replay.replication;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}-r{}.gif", slug(&scenario.name), replication)));
    let keep = Recording {
        wars: true,
        crises: true,
        state_years: true,
        ..Recording::default()
    };
    let run = story::replay(&scenario, replication, keep);
    let initial: Vec<f64> = scenario.world.states.iter().map(|s| s.capability).collect();
    let years = scenario.simulation.years;
    let frames: Vec<MapOverlay> = animation::overlays(&run, &initial, years, (from, to), lang);
    let map = animation::base_map(&scenario)?;
    let caption = animation::caption(&scenario, replication, lang);
    let theme = Theme::new(args.scale, lang);
    let delay = (args.delay * 100.0).round().clamp(2.0, 6000.0) as u16;
    let gif = animation::render_gif(&map, &frames, &caption, &theme, delay)?;
    write_atomic(&out, &gif)?;
    if !args.quiet {
        let (w, h) = theme.size();
        eprintln!(
            "wrote {}: {} frames (years {} to {}), {w} × {h}, {}, {:.1} s",
            out.display(),
            frames.len(),
            from,
            to,
            size_text(gif.len()),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// A file size as people write it: kB below a megabyte.
fn size_text(bytes: usize) -> String {
    if bytes < 1_000_000 {
        format!("{:.0} kB", bytes as f64 / 1e3)
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}
