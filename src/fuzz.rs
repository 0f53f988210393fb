//! Entry points for fuzzing: each takes arbitrary bytes and feeds them through
//! the readers that hostile or broken files reach, which must return an error,
//! never panic or hang.
//!
//! The `cargo fuzz` targets in `fuzz/` call these functions, and a unit test
//! runs the seed corpus in `fuzz/corpus/` through them, so an ordinary
//! `cargo test` covers every seed. `docs/FUZZING.md` says how to run them.

use std::path::Path;

use crate::chart;
use crate::experiment::shard::ShardReader;
use crate::import::alliances::Alliances;
use crate::import::contiguity::Contiguity;
use crate::import::majors::Majors;
use crate::import::nmc::Nmc;
use crate::import::states::StateList;
use crate::model::{ModelParams, World, simulate};
use crate::rng::Stream;
use crate::scenario;

/// The three files of a `facts` sample, separated by NUL bytes: MIDA, MIDB and
/// the state-year list (`mids`), or a run's `runs.csv`, `crises.csv` and
/// `participants.csv`; read, turned into a sample, and bootstrapped.
fn facts_sample(cow: bool, text: &str) {
    use crate::facts::{self, cow as c, run as r};
    use crate::import::csv::Table;
    let parts: Vec<&str> = text.split('\0').collect();
    let [a, b, s] = parts[..] else {
        return;
    };
    let columns: [&[&str]; 3] = if cow {
        [&c::MIDA_COLUMNS, &c::MIDB_COLUMNS, &c::SYSTEM_COLUMNS]
    } else {
        [&r::RUN_COLUMNS, &r::CRISIS_COLUMNS, &r::PARTICIPANT_COLUMNS]
    };
    let table = |text: &str, k: usize| Table::parse("f.csv", text, columns[k], "a test");
    let (Ok(a), Ok(b), Ok(s)) = (table(a, 0), table(b, 1), table(s, 2)) else {
        return;
    };
    let sample = if cow {
        c::from_tables(&a, &b, &s, 1816, 2010)
    } else {
        r::from_tables(&a, &b, &s, 30)
    };
    if let Ok(sample) = sample {
        std::hint::black_box(facts::bootstrap(&sample, 100, 1));
    }
}

/// Worlds up to this size are also built and simulated for a few years, so
/// every valid scenario the fuzzer finds reaches the model too; larger ones
/// (up to the validated limits) would make each input slow.
const MAX_SIMULATED_STATES: usize = 60;

/// Scenario text, then optionally `\0` and `--set` overrides separated by `\0`:
/// parsed, overridden and validated as `deterrence run` does, every variant
/// resolved as `compare` does, and a small valid world simulated for two years.
pub fn scenario(data: &[u8]) {
    let mut parts = data.split(|&b| b == 0);
    let Some(Ok(text)) = parts.next().map(std::str::from_utf8) else {
        return;
    };
    let overrides: Vec<String> = parts
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    let Ok(s) = scenario::load_str("fuzz.toml", text, &overrides) else {
        return;
    };
    for v in &s.variants {
        let _ = scenario::load_variant("fuzz.toml", text, &overrides, &v.name);
    }
    if s.world.states.len() <= MAX_SIMULATED_STATES {
        simulate_briefly(&s.world, &s.model);
    }
}

fn simulate_briefly(spec: &scenario::WorldSpec, params: &ModelParams) {
    let world = World::new(spec, params);
    let rec = simulate(&world, params, 2, &mut Stream::for_replication(1, 0), true);
    // Touch the results so the work is not optimised away.
    std::hint::black_box(rec);
}

/// The readers of `chart DIR`, `merge` and `import-cow`: the first line names
/// the file kind (`timeseries`, `summary`, `war_sizes`, `manifest`, `shard`,
/// `shard-plain`, `states`, `nmc`, `alliances`, `contiguity`, `majors`,
/// `experiment-dir`), the rest is the file's content. `experiment-dir` is a
/// directory of `compare`, `sweep` or `claims` ([`experiment_dir`]). `shard` is a shard's record file as written
/// (compressed); `shard-plain` is its content before compression, compressed
/// here, so the fuzzer reaches the record format rather than only the
/// decompressor.
pub fn csv_readers(data: &[u8]) {
    let Some(newline) = data.iter().position(|&b| b == b'\n') else {
        return;
    };
    let (kind, rest) = (&data[..newline], &data[newline + 1..]);
    let dir = Path::new("run");
    if kind == b"shard" {
        read_shard(rest);
        return;
    }
    if kind == b"shard-plain" {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        if z.write_all(rest).is_ok()
            && let Ok(bytes) = z.finish()
        {
            read_shard(&bytes);
        }
        return;
    }
    if kind == b"experiment-dir" {
        std::hint::black_box(experiment_dir(rest));
        return;
    }
    if kind == b"manifest" {
        if let Ok(m) = chart::parse_manifest(dir, rest) {
            let _ = chart::scenario_view(dir, &m);
        }
        return;
    }
    // The readers take text: `chart` and `import-cow` refuse non-UTF-8 files before parsing.
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if kind == b"mids" || kind == b"run-records" {
        facts_sample(kind == b"mids", text);
        return;
    }
    let path = Path::new("run/file.csv");
    match kind {
        b"timeseries" => drop(chart::parse_timeseries(path, text)),
        b"summary" => drop(chart::parse_summary(path, text)),
        b"war_sizes" => drop(chart::parse_war_sizes(path, text)),
        b"states" => {
            if let Ok(s) = StateList::parse("states.csv", text) {
                let (lo, hi) = s.years();
                std::hint::black_box(s.in_system(2, lo, None));
                std::hint::black_box(s.in_system(200, hi, Some((12, 31))));
            }
        }
        b"nmc" => {
            if let Ok(n) = Nmc::parse("nmc.csv", text) {
                let (lo, _) = n.years();
                let _ = n.get(2, lo);
            }
        }
        b"alliances" => {
            if let Ok(a) = Alliances::parse("alliances.csv", text) {
                let (lo, hi) = a.years();
                std::hint::black_box(
                    a.in_force(lo, None).count() + a.in_force(hi, Some((12, 31))).count(),
                );
            }
        }
        b"contiguity" => {
            if let Ok(c) = Contiguity::parse("contiguity.csv", text) {
                let (lo, _) = c.years();
                std::hint::black_box(c.in_year(lo).count());
            }
        }
        b"majors" => {
            if let Ok(m) = Majors::parse("majors.csv", text) {
                std::hint::black_box(m.in_year(1914));
            }
        }
        _ => {}
    }
}

/// A fresh path under the system's temporary directory for one input (this
/// process's, numbered), for the caller to create and remove.
fn scratch_dir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SERIAL: AtomicU64 = AtomicU64::new(0);
    std::env::temp_dir().join(format!(
        "deterrence-fuzz-{}-{}",
        std::process::id(),
        SERIAL.fetch_add(1, Ordering::Relaxed)
    ))
}

/// A directory a hostile user prepared, then a run into it: each line of the
/// input is an entry `KIND NAME [TEXT]` with KIND `f` (a file holding TEXT),
/// `d` (a directory), `l` (a link to a file outside) or `L` (a link to a
/// directory outside), NAME a relative path of one or two parts. Whatever the
/// directory holds, the run must not panic and must leave the files outside
/// it as they were: nothing it writes or removes may go through a link.
pub fn output_dir(data: &[u8]) {
    use crate::output::OutputDir;
    use std::fs;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let root = scratch_dir();
    let (out, outside) = (root.join("out"), root.join("outside"));
    if fs::create_dir_all(&out).is_err() || fs::create_dir_all(outside.join("dir")).is_err() {
        return;
    }
    let victim = outside.join("victim");
    let _ = fs::write(&victim, b"precious");
    let _ = fs::write(outside.join("dir/kept"), b"kept");
    for line in text.lines().take(64) {
        let mut parts = line.splitn(3, ' ');
        let (Some(kind), Some(name)) = (parts.next(), parts.next()) else {
            continue;
        };
        // Only names inside `out`: the fuzzer plays a user of the directory, not of the machine.
        let plain = !name.is_empty()
            && name.split('/').count() <= 2
            && name
                .split('/')
                .all(|p| !p.is_empty() && p != "." && p != "..");
        if !plain || name.starts_with('/') {
            continue;
        }
        let path = out.join(name);
        // The preparation itself never writes through a link it planted.
        if let Some((first, _)) = name.split_once('/') {
            let parent = out.join(first);
            if fs::symlink_metadata(&parent).is_ok_and(|m| !m.is_dir()) {
                continue;
            }
            let _ = fs::create_dir(&parent);
        }
        if fs::symlink_metadata(&path).is_ok() {
            continue;
        }
        let _ = match kind {
            "f" => fs::write(&path, parts.next().unwrap_or("").as_bytes()),
            "d" => fs::create_dir(&path),
            #[cfg(unix)]
            "l" => std::os::unix::fs::symlink(&victim, &path),
            #[cfg(unix)]
            "L" => std::os::unix::fs::symlink(outside.join("dir"), &path),
            _ => Ok(()),
        };
    }
    if let Ok(dir) = OutputDir::open(&out, "fuzz") {
        let _ = dir.write("runs.csv", b"replication\n0\n");
        let _ = dir.write("charts/map.svg", b"<svg/>");
        let _ = dir.finish(
            br#"{"tool": "deterrence", "files": ["runs.csv", "charts/map.svg", "manifest.json"]}"#,
        );
    }
    let intact = fs::read(&victim).is_ok_and(|b| b == b"precious")
        && fs::read(outside.join("dir/kept")).is_ok_and(|b| b == b"kept")
        && fs::read_dir(outside.join("dir")).is_ok_and(|d| d.count() == 1);
    let _ = fs::remove_dir_all(&root);
    assert!(
        intact,
        "a run into a prepared directory changed a file outside it"
    );
}

/// A directory of `compare`, `sweep` or `claims` as `chart DIR` finds it: its
/// manifest, then its tables (`comparison.csv` and `comparison_timeseries.csv`,
/// `sweep.csv`, or `claims.csv`, by the manifest's command), separated by NUL
/// bytes; written to a temporary directory and redrawn in SVG. Returns whether
/// it was drawn.
fn experiment_dir(rest: &[u8]) -> bool {
    use crate::output::OutputDir;
    use crate::output::files::{
        CLAIMS_FILE, COMPARISON_FILE, COMPARISON_TIMESERIES_FILE, MANIFEST_FILE, SWEEP_FILE,
    };
    use std::fs;
    let mut parts = rest.split(|&b| b == 0);
    let Some(manifest) = parts.next() else {
        return false;
    };
    let Ok(m) = chart::parse_manifest(Path::new("dir"), manifest) else {
        return false;
    };
    let tables: &[&str] = match m.extra.get("command").and_then(|c| c.as_str()) {
        Some("compare") => &[COMPARISON_FILE, COMPARISON_TIMESERIES_FILE],
        Some("sweep") => &[SWEEP_FILE],
        Some("claims") => &[CLAIMS_FILE],
        _ => return false,
    };
    let root = scratch_dir();
    let written = fs::create_dir_all(&root).is_ok()
        && fs::write(root.join(MANIFEST_FILE), manifest).is_ok()
        && tables
            .iter()
            .all(|t| fs::write(root.join(t), parts.next().unwrap_or_default()).is_ok());
    let mut drawn = false;
    if written && let Ok(out) = OutputDir::open(&root, "fuzz") {
        let opts = chart::ChartOptions {
            format: chart::Format::Svg,
            scale: 0.5,
            lang: chart::Lang::En,
        };
        drawn = chart::draw_dir(&out, &m, &opts).is_ok_and(|files| !files.is_empty());
    }
    let _ = fs::remove_dir_all(&root);
    drawn
}

/// Reads a shard's records to the end or the first error, as `merge` does.
fn read_shard(bytes: &[u8]) {
    if let Ok(mut r) = ShardReader::new(bytes) {
        while let Ok(Some(rec)) = r.next_replication() {
            std::hint::black_box(rec);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::PathBuf;

    /// Every seed of a target's corpus, sorted.
    fn seeds(target: &str) -> Vec<PathBuf> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus")
            .join(target);
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        files
    }

    #[test]
    fn scenario_seeds_run_without_panicking() {
        let files = seeds("scenario");
        assert!(files.len() >= 5, "{files:?}");
        for f in files {
            super::scenario(&fs::read(&f).unwrap());
        }
    }

    #[test]
    fn csv_reader_seeds_run_without_panicking() {
        let files = seeds("csv_readers");
        assert!(files.len() >= 16, "{files:?}");
        for f in files {
            super::csv_readers(&fs::read(&f).unwrap());
        }
    }

    #[test]
    fn output_dir_seeds_run_without_panicking() {
        let files = seeds("output_dir");
        assert!(files.len() >= 4, "{files:?}");
        for f in files {
            super::output_dir(&fs::read(&f).unwrap());
        }
    }

    #[test]
    fn the_seeds_reach_the_readers_they_name() {
        // A seed whose header the readers refuse would test nothing beyond the header.
        use crate::chart;
        let seed = |name: &str| {
            let bytes = fs::read(
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("fuzz/corpus/csv_readers")
                    .join(name),
            )
            .unwrap();
            let at = bytes.iter().position(|&b| b == b'\n').unwrap();
            String::from_utf8(bytes[at + 1..].to_vec()).unwrap()
        };
        let p = std::path::Path::new("x.csv");
        assert!(
            !chart::parse_timeseries(p, &seed("timeseries"))
                .unwrap()
                .is_empty()
        );
        assert!(
            !chart::parse_summary(p, &seed("summary"))
                .unwrap()
                .is_empty()
        );
        assert!(
            !chart::parse_war_sizes(p, &seed("war_sizes"))
                .unwrap()
                .is_empty()
        );
        let m = chart::parse_manifest(p, seed("manifest").as_bytes()).unwrap();
        assert!(chart::scenario_view(p, &m).is_ok());
        assert!(super::StateList::parse("s", &seed("states")).is_ok());
        assert!(super::Nmc::parse("n", &seed("nmc")).is_ok());
        assert!(super::Alliances::parse("a", &seed("alliances")).is_ok());
        assert!(super::Contiguity::parse("c", &seed("contiguity")).is_ok());
        assert!(super::Majors::parse("m", &seed("majors")).is_ok());
        for kind in ["compare", "sweep", "claims"] {
            let dir = seed(&format!("experiment-dir-{kind}"));
            assert!(super::experiment_dir(dir.as_bytes()), "{kind}");
        }
        // The facts samples: three files each, which read into a sample with wars.
        {
            use crate::facts::{cow as c, run as r};
            use crate::import::csv::Table;
            let three = |name: &str, cols: [&[&str]; 3]| {
                let text = seed(name);
                let parts: Vec<String> = text.split('\0').map(str::to_string).collect();
                assert_eq!(parts.len(), 3, "{name}");
                let t = |k: usize| Table::parse("f", &parts[k], cols[k], "a seed").unwrap();
                [t(0), t(1), t(2)]
            };
            let [a, b, s] = three(
                "mids",
                [&c::MIDA_COLUMNS, &c::MIDB_COLUMNS, &c::SYSTEM_COLUMNS],
            );
            let mids = c::from_tables(&a, &b, &s, 1816, 2010).unwrap();
            assert!(mids.disputes.iter().any(|d| d.war()));
            let cols = [
                &r::RUN_COLUMNS[..],
                &r::CRISIS_COLUMNS,
                &r::PARTICIPANT_COLUMNS,
            ];
            let [a, b, s] = three("run-records", cols);
            let run = r::from_tables(&a, &b, &s, 30).unwrap();
            assert!(run.disputes.iter().any(|d| d.war()));
        }

        let bytes = fs::read(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/csv_readers/shard"),
        )
        .unwrap();
        let mut r = super::ShardReader::new(&bytes["shard\n".len()..]).unwrap();
        assert!(r.next_replication().unwrap().is_some());
        assert!(r.next_replication().unwrap().is_none());
    }
}
