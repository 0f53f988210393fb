//! `deterrence chart DIR`: redraw the charts and report of a finished run,
//! comparison or sweep from its tables and manifest alone (e.g. in another
//! language or size).

use anyhow::Result;

use deterrence::chart::{self, CHARTS_DIR, REPORT_FILE};
use deterrence::output::{MANIFEST_FILE, OutputDir};

use super::args::ChartArgs;
use super::run::files_line;

/// Redraws the charts and report in `args.dir`, and lists them in its manifest.
pub fn chart(args: &ChartArgs, argv: &[String]) -> Result<()> {
    // Read first: a directory that is not a finished run is refused before it is locked.
    let mut manifest = chart::read_manifest(&args.dir)?;
    let out = OutputDir::open(&args.dir, &deterrence::job::holder(argv))?;
    let drawn = chart::draw_dir(&out, &manifest, &args.charts.options())?;
    // The manifest lists the files of the directory; a redraw in another format
    // changes which chart files exist, so their entries are replaced and the
    // files of a format no longer drawn are removed.
    let is_drawn = |f: &String| f.starts_with(&format!("{CHARTS_DIR}/")) || f == REPORT_FILE;
    let mut files: Vec<String> = manifest
        .files
        .iter()
        .filter(|f| !is_drawn(f) && f.as_str() != MANIFEST_FILE)
        .cloned()
        .collect();
    for f in &files {
        out.keep(f)?;
    }
    files.extend(drawn.iter().cloned());
    files.push(MANIFEST_FILE.to_string());
    manifest.files = files.clone();
    out.finish(manifest.to_json_pretty()?.as_bytes())?;
    if !args.quiet {
        println!("wrote {}: {}", args.dir.display(), files_line(&drawn));
    }
    Ok(())
}
