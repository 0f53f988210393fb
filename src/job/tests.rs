//! The pipeline without the command line: a job with outputs of its own
//! writes them, its manifest and nothing else; a stopped job leaves nothing.

use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Instant;

use super::*;
use crate::experiment::Plan;
use crate::model::{Recording, World};
use crate::scenario;

/// Outputs that count replications and write one small table.
#[derive(Default)]
struct Counting {
    seen: Vec<u64>,
    abandoned: bool,
}

impl Outputs for Counting {
    fn open(&mut self, _dir: &OutputDir) -> Result<(), JobError> {
        Ok(())
    }

    fn replication(&mut self, index: u64, records: &[RunRecord]) -> Result<(), JobError> {
        assert_eq!(records.len(), 1);
        self.seen.push(index);
        Ok(())
    }

    fn write(&mut self, dir: &OutputDir, aggs: Vec<Aggregate>) -> Result<Written, JobError> {
        dir.write("count.txt", format!("{}\n", aggs.len()).as_bytes())?;
        let mut extra = Map::new();
        extra.insert("counted".into(), self.seen.len().into());
        Ok(Written {
            files: vec!["count.txt".into()],
            extra,
        })
    }

    fn abandon(&mut self) {
        self.abandoned = true;
    }
}

fn settings(out: &Path) -> Settings {
    Settings {
        threads: 2,
        out: Some(out.to_path_buf()),
        shard: None,
        replay: None,
        allow_large: false,
        argv: vec!["test".into()],
        started: Instant::now(),
    }
}

fn scenario() -> crate::scenario::Scenario {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    scenario::load(
        &root.join("scenarios/two-blocs.toml"),
        &[
            "simulation.replications=5".into(),
            "simulation.years=10".into(),
        ],
    )
    .unwrap()
}

/// Calls `f` with an experiment of five replications of two-blocs, written to `out`.
fn with_experiment<T>(out: &Path, f: impl FnOnce(&Experiment<'_>) -> T) -> T {
    let s = scenario();
    let world = World::new(&s.world, &s.model);
    let plan = Plan {
        world: &world,
        params: &s.model,
        years: s.simulation.years,
        seed: s.simulation.seed,
        first: 0,
        count: 5,
        records: Recording::default(),
    };
    let exp = Experiment {
        command: "test",
        plans: std::slice::from_ref(&plan),
        yearly: false,
        file: Path::new("two-blocs.toml"),
        base: &s,
        default_out: out.to_path_buf(),
    };
    f(&exp)
}

#[test]
fn a_job_writes_its_outputs_and_its_manifest_last() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut outputs = Counting::default();
    let outcome = with_experiment(&out, |exp| {
        run(exp, &settings(&out), &Silent::default(), &mut outputs, None)
    })
    .unwrap();
    let Outcome::Done { dir, files, .. } = outcome else {
        panic!("not a shard")
    };
    assert_eq!(dir, out);
    assert_eq!(files, ["count.txt", "manifest.json"]);
    assert_eq!(outputs.seen, [0, 1, 2, 3, 4], "every replication, in order");
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    let m: Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(m["command"], "test");
    assert_eq!(m["counted"], 5);
    assert_eq!(
        m["files"],
        serde_json::json!(["count.txt", "manifest.json"])
    );
    assert!(!outputs.abandoned);
}

#[test]
fn a_stopped_job_abandons_its_outputs_and_leaves_no_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let hooks = Silent::default();
    hooks.0.store(true, Ordering::SeqCst);
    let mut outputs = Counting::default();
    let err = with_experiment(&out, |exp| {
        run(exp, &settings(&out), &hooks, &mut outputs, None)
    })
    .unwrap_err();
    assert!(matches!(err, JobError::Interrupted(_)), "{err}");
    assert!(!err.is_bad_input());
    assert!(outputs.abandoned);
    assert!(outputs.seen.is_empty());
    assert!(!out.exists(), "the directory the job made is gone");
}
