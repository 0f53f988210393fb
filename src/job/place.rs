//! Where an experiment writes: `--out`, else the command's default directory,
//! which moves aside rather than replace another configuration's results.

use std::path::{Path, PathBuf};

use crate::experiment::shard::Shard;
use crate::output::{JOURNAL_FILE, MANIFEST_FILE};

/// The output directory: `out` when given, else `default`, with
/// `-shard-K-of-N` added when running a shard.
pub fn out_path(
    out: Option<&Path>,
    shard: Option<Shard>,
    default: impl FnOnce() -> PathBuf,
) -> PathBuf {
    match (out, shard) {
        (Some(out), _) => out.to_path_buf(),
        (None, Some(s)) => {
            let d = default();
            let name = d.file_name().map_or_else(
                || "output".to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            d.with_file_name(format!("{name}-shard-{}-of-{}", s.index, s.of))
        }
        (None, None) => default(),
    }
}

/// The default output directory `base`, or, when it holds the finished results
/// of another configuration (its manifest names another fingerprint, or none;
/// an unfinished run, with its journal and no manifest, holds nothing to keep),
/// the first of `base-2`, `base-3`, … that is free or holds this same
/// configuration: a run without `--out` never replaces a different one.
pub fn free_default(base: &Path, fingerprint: &str) -> PathBuf {
    let name = base.file_name().map_or_else(
        || "output".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    for k in 1u32.. {
        let candidate = if k == 1 {
            base.to_path_buf()
        } else {
            base.with_file_name(format!("{name}-{k}"))
        };
        match configuration_in(&candidate) {
            Holds::Nothing => return candidate,
            Holds::Configuration(c) if c == fingerprint => return candidate,
            _ => {}
        }
        if k > 10_000 {
            break;
        }
    }
    base.to_path_buf()
}

/// What a directory holds, as far as replacing it goes.
enum Holds {
    /// Nothing: missing, or empty.
    Nothing,
    /// A finished run of this configuration fingerprint.
    Configuration(String),
    /// Anything else: another run without a fingerprint, a run under way, other files.
    Other,
}

fn configuration_in(dir: &Path) -> Holds {
    match std::fs::read_dir(dir) {
        Err(_) => {
            return if dir.exists() {
                Holds::Other
            } else {
                Holds::Nothing
            };
        }
        Ok(mut entries) => {
            if entries.next().is_none() {
                return Holds::Nothing;
            }
        }
    }
    let Ok(text) = crate::files::read_limited(&dir.join(MANIFEST_FILE), 256 << 20) else {
        // An unfinished run (its journal and no manifest) holds no results to
        // keep: the next run takes it over, as it would with --out.
        return if dir.join(JOURNAL_FILE).exists() {
            Holds::Nothing
        } else {
            Holds::Other
        };
    };
    let value: Option<serde_json::Value> = serde_json::from_slice(&text).ok();
    match value
        .as_ref()
        .and_then(|v| v.get("configuration"))
        .and_then(|c| c.as_str())
    {
        Some(c) => Holds::Configuration(c.to_string()),
        None => Holds::Other,
    }
}

/// How a run names itself in its directory's lock, for a second run to read.
pub fn holder(argv: &[String]) -> String {
    let mut line = argv.join(" ");
    if line.chars().count() > 200 {
        line = line.chars().take(200).collect::<String>() + "…";
    }
    line.replace(['\n', '\r'], " ")
}
