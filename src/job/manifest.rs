//! An experiment's `manifest.json`: built before the charts (which are drawn
//! from it) and written last, so a directory with a manifest is complete.

use std::path::Path;
use std::time::Instant;

use serde_json::{Map, Value};

use crate::output::{MANIFEST_FILE, Manifest, OutputDir};
use crate::scenario::Scenario;

use super::JobError;

/// The common part of a manifest for an experiment on `base`.
pub struct ManifestInput<'a> {
    /// The command's name.
    pub command: &'static str,
    /// The scenario file it is named after.
    pub file: &'a Path,
    /// The resolved scenario it is named after.
    pub base: &'a Scenario,
    /// The command line.
    pub argv: Vec<String>,
    /// Worker threads used.
    pub threads: usize,
    /// When the command started.
    pub started: Instant,
    /// The files written so far, relative to the output directory.
    pub files: Vec<String>,
    /// Fields of the command's own.
    pub extra: Map<String, Value>,
}

impl ManifestInput<'_> {
    /// The manifest of the experiment in `out`, as its charts are drawn from it
    /// (the list of files and the wall time are filled in by [`finish`]), the
    /// files written so far and when the command started.
    pub fn manifest(self, out: &OutputDir) -> Result<(Manifest, Vec<String>, Instant), JobError> {
        let resolved = serde_json::to_value(self.base)
            .map_err(|e| JobError::Other(format!("cannot encode the resolved scenario: {e}")))?;
        let mut manifest = Manifest::new(self.file.display().to_string(), resolved);
        let sim = self.base.simulation;
        manifest.command_line = self.argv;
        manifest.seed = sim.seed;
        manifest.replications = sim.replications;
        manifest.years = sim.years;
        manifest.threads = self.threads;
        manifest.extra = self.extra;
        manifest.extra.insert("command".into(), self.command.into());
        if let Some(c) = out.configuration() {
            manifest.extra.insert("configuration".into(), c.into());
        }
        Ok((manifest, self.files, self.started))
    }

    /// Ends the run in `out` with this manifest (see [`finish`]); returns the wall time.
    pub fn write(self, out: OutputDir) -> Result<f64, JobError> {
        let (manifest, files, started) = self.manifest(&out)?;
        Ok(finish(out, manifest, files, started)?.0)
    }
}

/// Ends the run in `out`: lists `files` and the wall time since `started` in
/// `manifest`, removes the earlier run's files this one did not write and
/// writes `manifest.json` (last, so a directory with a manifest is complete).
/// Returns the wall time and the files written, `manifest.json` last.
pub fn finish(
    out: OutputDir,
    mut manifest: Manifest,
    mut files: Vec<String>,
    started: Instant,
) -> Result<(f64, Vec<String>), JobError> {
    manifest.wall_time_seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    files.push(MANIFEST_FILE.to_string());
    manifest.files = files;
    out.finish(manifest.to_json_pretty()?.as_bytes())?;
    Ok((manifest.wall_time_seconds, manifest.files))
}
