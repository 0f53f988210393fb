//! `deterrence list`: the scenarios shipped in `scenarios/`, with their descriptions.

use std::path::PathBuf;

use anyhow::{Context, Result};

use deterrence::scenario;

use super::BadInput;
use super::args::ListArgs;

/// Where to look when no directory is given: `scenarios/` here, else beside the sources.
fn default_dir() -> PathBuf {
    let here = PathBuf::from("scenarios");
    if here.is_dir() {
        here
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")
    }
}

/// Prints one line per scenario file: file, name, description.
pub fn list(args: &ListArgs) -> Result<()> {
    let dir = args.dir.clone().unwrap_or_else(default_dir);
    if !dir.is_dir() {
        return Err(BadInput(format!("{} is not a directory of scenarios", dir.display())).into());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        println!("no scenario files in {}", dir.display());
    }
    let width = files
        .iter()
        .map(|f| f.display().to_string().len())
        .max()
        .unwrap_or(0);
    for f in &files {
        match scenario::load(f, &[]) {
            Ok(s) => {
                println!("{:width$}  {}", f.display().to_string(), s.name);
                if !s.description.is_empty() {
                    println!("{:width$}  {}", "", s.description);
                }
            }
            Err(e) => println!("{:width$}  (not valid: {e})", f.display().to_string()),
        }
    }
    Ok(())
}
