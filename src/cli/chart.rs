//! `deterrence chart DIR`: redraw the charts and report of a finished run from
//! its CSV files and manifest alone (e.g. in another language or size).

use anyhow::Result;

use deterrence::chart::{self, CHARTS_DIR, REPORT_FILE};
use deterrence::output::{MANIFEST_FILE, write_atomic};

use super::args::ChartArgs;
use super::run::{files_line, relative_name};

/// Redraws the charts and report in `args.dir`, and lists them in its manifest.
pub fn chart(args: &ChartArgs) -> Result<()> {
    let drawn = chart::draw_run_dir(&args.dir, &args.charts.options())?;
    // The manifest lists the files of the directory; a redraw in another format
    // changes which chart files exist, so their entries are replaced.
    let mut manifest = chart::read_manifest(&args.dir)?;
    let is_drawn = |f: &String| f.starts_with(&format!("{CHARTS_DIR}/")) || f == REPORT_FILE;
    let mut files: Vec<String> = manifest
        .files
        .iter()
        .filter(|f| !is_drawn(f) && f.as_str() != MANIFEST_FILE)
        .cloned()
        .collect();
    files.extend(drawn.iter().map(|p| relative_name(p)));
    files.push(MANIFEST_FILE.to_string());
    // Left alone when nothing changed, so a redraw leaves the run as it was.
    if manifest.files != files {
        manifest.files = files;
        write_atomic(
            &args.dir.join(MANIFEST_FILE),
            manifest.to_json_pretty()?.as_bytes(),
        )?;
    }
    if !args.quiet {
        let names: Vec<String> = drawn.iter().map(|p| relative_name(p)).collect();
        println!("wrote {}: {}", args.dir.display(), files_line(&names));
    }
    Ok(())
}
