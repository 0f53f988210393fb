//! `deterrence claims`: run the experiments of every claim on a scenario and
//! report a computed verdict for each ID.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;

use deterrence::chart::{self, verdict_symbol};
use deterrence::claims::{CLAIMS, ClaimResult, ClaimsPlan, evaluate, plan};

use deterrence::experiment::Aggregate;
use deterrence::experiment::compare::Paired;
use deterrence::job::{Experiment, JobError, Outputs, Settings, ShardSet, Written};
use deterrence::model::RunRecord;
use deterrence::output::{
    CLAIMS_FILE, CLAIMS_MD_FILE, OutputDir, claims_csv, claims_md, claims_worlds_csv,
    claims_worlds_md, percent, scenario_hash, slug,
};
use deterrence::scenario::Scenario;
use deterrence::stats::Verdict;

use super::args::ClaimsArgs;
use super::common::{fixed3, overrides, plans, settings};
use super::interrupt;
use super::run::{Done, execute, files_line};

/// The scenario `claims` uses when given none: here, else beside the sources.
pub(crate) fn default_file() -> PathBuf {
    let here = PathBuf::from("scenarios/claims-world.toml");
    if here.is_file() {
        here
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/claims-world.toml")
    }
}

/// The tables of a claims report, in the manifest's order.
const FILES: [&str; 2] = [CLAIMS_FILE, CLAIMS_MD_FILE];

/// The files of a claims report on one world: its verdicts, judged once every
/// replication is in.
struct ClaimsFiles<'a> {
    plan: &'a ClaimsPlan,
    /// The line under the title of `claims.md`.
    setup: String,
    paired: Paired,
    extra: serde_json::Map<String, serde_json::Value>,
    /// The verdicts, kept for the table on screen.
    results: Vec<ClaimResult>,
}

impl Outputs for ClaimsFiles<'_> {
    fn open(&mut self, _dir: &OutputDir) -> Result<(), JobError> {
        Ok(())
    }

    fn replication(&mut self, _index: u64, records: &[RunRecord]) -> Result<(), JobError> {
        self.paired.push(records);
        Ok(())
    }

    fn write(&mut self, dir: &OutputDir, aggs: Vec<Aggregate>) -> Result<Written, JobError> {
        let plan = self.plan;
        let base = &plan.configs[0].scenario;
        let aggs = if aggs.is_empty() {
            vec![Aggregate::new(base.simulation.years)]
        } else {
            aggs
        };
        let results = evaluate(plan, &aggs, &self.paired);
        dir.write(CLAIMS_FILE, &claims_csv(&results)?)?;
        let title = format!("Claims report: {}", base.name);
        let md = claims_md(&title, &self.setup, &results, plan.min_effect);
        dir.write(CLAIMS_MD_FILE, md.as_bytes())?;
        self.results = results;
        Ok(Written {
            files: FILES.map(String::from).to_vec(),
            extra: std::mem::take(&mut self.extra),
        })
    }
}

/// Runs every claim's experiment and writes `claims.csv`, `claims.md`, the
/// forest plot, `report.html` and `manifest.json`; on several scenarios, the
/// verdicts across worlds.
pub fn claims(args: &ClaimsArgs, argv: Vec<String>, replay: Option<ShardSet>) -> Result<()> {
    let started = Instant::now();
    interrupt::install()?;
    let settings = settings(&args.common, argv, replay, started)?;
    if let Some(n) = args.robustness {
        return super::robustness::robustness(args, n, &settings);
    }
    if args.files.len() > 1 {
        return claims_worlds(args, &settings);
    }
    let file = args.files.first().cloned().unwrap_or_else(default_file);
    let origin = file.display().to_string();
    let text = deterrence::scenario::read_text(&file)
        .map_err(|e| super::BadInput(format!("{origin}: {e}")))?;
    let set = overrides(&args.common);
    let mut plan = plan(&origin, &text, &set)?;
    plan.min_effect = args.min_effect;
    let base = &plan.configs[0].scenario;
    let sim = base.simulation;

    let worlds = plan.worlds();
    let mut plans = plans(plan.configs.iter().map(|c| &c.scenario), &worlds, base);
    // The claims read run totals alone.
    for p in &mut plans {
        p.records.totals_only = true;
    }
    let runs = if plan.not_applicable.is_some() {
        &plans[..0]
    } else {
        &plans[..]
    };
    let exp = Experiment {
        command: "claims",
        plans: runs,
        yearly: false,
        file: &file,
        base,
        default_out: Path::new("output").join(format!("{}-claims", slug(&base.name))),
    };
    let mut extra = serde_json::Map::new();
    let configs: Vec<serde_json::Value> = plan
        .configs
        .iter()
        .map(|c| {
            let resolved = serde_json::to_value(&c.scenario).unwrap_or(serde_json::Value::Null);
            serde_json::json!({ "label": c.label, "overrides": c.overrides, "scenario_hash": scenario_hash(&resolved) })
        })
        .collect();
    extra.insert("configurations".into(), configs.into());
    extra.insert("min_effect".into(), plan.min_effect.into());
    if let Some(why) = &plan.not_applicable {
        extra.insert("not_applicable".into(), why.clone().into());
    }
    let mut outputs = ClaimsFiles {
        plan: &plan,
        setup: format!(
            "Scenario **{}** (`{}`): {} replications × {} years, seed {}; {} configurations on common random numbers.",
            base.name,
            origin,
            sim.replications,
            sim.years,
            sim.seed,
            runs.len()
        ),
        paired: Paired::between(plan.pairs()),
        extra,
        results: Vec::new(),
    };
    let Some(Done {
        dir: out,
        files: written,
        seconds: secs,
    }) = execute(
        &exp,
        &settings,
        &mut outputs,
        Some(&args.charts.options()),
        "claims",
        args.common.quiet,
    )?
    else {
        return Ok(());
    };
    let (results, threads) = (&outputs.results, settings.threads);

    if !args.common.quiet {
        println!(
            "Claims on {}: {} replications × {} years, seed {}, {} configurations ({} thread{}, {:.1} s)",
            base.name,
            sim.replications,
            sim.years,
            sim.seed,
            runs.len(),
            threads,
            if threads == 1 { "" } else { "s" },
            secs
        );
        if let Some(why) = &plan.not_applicable {
            println!("  not applicable: {why}");
        }
        println!(
            "  {:<4} {:<21} {:<30} {:>30}  through pledges alone",
            "ID", "verdict", "metric", "effect [95% interval]"
        );
        for r in results {
            let effect = match (r.effect, r.ci) {
                (Some(e), Some((a, b))) => format!("{} [{}, {}]", sign(e), sign(a), sign(b)),
                (Some(e), None) => sign(e),
                _ => "—".to_string(),
            };
            let pledges = r.pledges.as_ref().map_or(String::new(), |p| {
                let e = p.effect.map_or("—".to_string(), sign);
                format!("{e} ({})", p.verdict)
            });
            let line = format!(
                "  {:<4} {:<21} {:<30} {:>30}  {}",
                r.def.id,
                r.verdict.as_str(),
                r.def.metric,
                effect,
                pledges
            );
            println!("{}", line.trim_end());
        }
        let count = |o: Verdict| results.iter().filter(|r| r.verdict == o).count();
        println!(
            "  {} supported, {} contradicted, {} no meaningful effect, {} inconclusive, {} not applicable (of {}); \
             smallest effect that matters: {} of the control",
            count(Verdict::Supported),
            count(Verdict::Contradicted),
            count(Verdict::NoMeaningfulEffect),
            count(Verdict::Inconclusive),
            count(Verdict::NotApplicable),
            CLAIMS.len(),
            percent(plan.min_effect)
        );
        println!("wrote {}: {}", out.display(), files_line(&written));
    }
    interrupt::after_writing(&out)
}

fn sign(x: f64) -> String {
    let s = fixed3(x);
    if s.starts_with('-') {
        s
    } else {
        format!("+{s}")
    }
}

/// One world of `claims` on several scenarios (or one parameter set of a
/// robustness run).
pub(crate) struct World {
    pub file: std::path::PathBuf,
    pub plan: ClaimsPlan,
    /// Where its configurations start in the experiment's list (none run when
    /// it has nothing to test).
    pub first: usize,
}

/// The directory `claims` writes for several worlds: their names joined.
fn worlds_dir(worlds: &[World]) -> std::path::PathBuf {
    let names: Vec<String> = worlds
        .iter()
        .map(|w| slug(&w.plan.configs[0].scenario.name))
        .collect();
    let mut joined = names.join("--");
    if joined.len() > 100 {
        // Long lists keep their start and a digest of the whole, so two lists
        // never share a directory by accident.
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(joined.as_bytes());
        let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
        let mut cut = 80;
        while !joined.is_char_boundary(cut) {
            cut -= 1;
        }
        joined = format!("{}-{hash}", &joined[..cut]);
    }
    Path::new("output").join(format!("{joined}-claims"))
}

/// Reads `file` and plans its claims under `set`, with δ = `min_effect`.
pub(crate) fn world(file: &Path, set: &[String], min_effect: f64, first: usize) -> Result<World> {
    let origin = file.display().to_string();
    let text = deterrence::scenario::read_text(file)
        .map_err(|e| super::BadInput(format!("{origin}: {e}")))?;
    let mut plan = plan(&origin, &text, set)?;
    plan.min_effect = min_effect;
    Ok(World {
        file: file.to_path_buf(),
        plan,
        first,
    })
}

/// The configurations of `worlds` that run (none for a world with nothing to test).
pub(crate) fn place(worlds: &mut [World]) {
    let mut first = 0;
    for w in worlds {
        w.first = first;
        if w.plan.not_applicable.is_none() {
            first += w.plan.configs.len();
        }
    }
}

/// The replications of several worlds' claims, paired world by world; once
/// all are in, each world's verdicts go to `write`, which writes the files.
struct WorldsFiles<'a, F> {
    worlds: &'a [World],
    paired: Vec<Paired>,
    write: F,
    /// Each world's verdicts, kept for the table on screen.
    results: Vec<Vec<ClaimResult>>,
}

impl<F> Outputs for WorldsFiles<'_, F>
where
    F: FnMut(&OutputDir, &[Vec<ClaimResult>]) -> Result<Written> + Send,
{
    fn open(&mut self, _dir: &OutputDir) -> Result<(), JobError> {
        Ok(())
    }

    fn replication(&mut self, _index: u64, records: &[RunRecord]) -> Result<(), JobError> {
        for (w, p) in self.worlds.iter().zip(self.paired.iter_mut()) {
            if w.plan.not_applicable.is_none() {
                let n = w.plan.configs.len();
                if let Some(mine) = records.get(w.first..w.first + n) {
                    p.push(mine);
                }
            }
        }
        Ok(())
    }

    fn write(&mut self, dir: &OutputDir, aggs: Vec<Aggregate>) -> Result<Written, JobError> {
        self.results = self
            .worlds
            .iter()
            .zip(&self.paired)
            .map(|(w, p)| {
                let n = w.plan.configs.len();
                match aggs.get(w.first..w.first + n) {
                    Some(mine) if w.plan.not_applicable.is_none() => evaluate(&w.plan, mine, p),
                    _ => {
                        let years = w.plan.configs[0].scenario.simulation.years;
                        evaluate(&w.plan, &[Aggregate::new(years)], p)
                    }
                }
            })
            .collect();
        (self.write)(dir, &self.results).map_err(|e| JobError::Other(format!("{e:#}")))
    }
}

/// What [`run_worlds`] gives back: what the job wrote (none when it ran a
/// shard), each world's results and how many configurations ran.
pub(crate) struct Ran {
    pub done: Option<Done>,
    pub results: Vec<Vec<ClaimResult>>,
    pub configurations: usize,
}

/// Runs the claims of every world as one experiment (shard, merge and
/// progress included), on the first world's replications and seed, named
/// after `base` and written into `default_out` unless told otherwise; `write`
/// writes the files from every world's verdicts, and `charts` draws from them
/// (none: `write` drew its own).
pub(crate) fn run_worlds(
    settings: &Settings,
    quiet: bool,
    worlds: &[World],
    base: &Scenario,
    default_out: PathBuf,
    charts: Option<&chart::ChartOptions>,
    write: impl FnMut(&OutputDir, &[Vec<ClaimResult>]) -> Result<Written> + Send,
) -> Result<Ran> {
    let applicable: Vec<&World> = worlds
        .iter()
        .filter(|w| w.plan.not_applicable.is_none())
        .collect();
    let statics: Vec<deterrence::model::World> =
        applicable.iter().flat_map(|w| w.plan.worlds()).collect();
    let mut runs = plans(
        applicable
            .iter()
            .flat_map(|w| w.plan.configs.iter().map(|c| &c.scenario)),
        &statics,
        base,
    );
    // The claims read run totals alone.
    for p in &mut runs {
        p.records.totals_only = true;
    }
    let exp = Experiment {
        command: "claims",
        plans: &runs,
        yearly: false,
        file: &worlds[0].file,
        base,
        default_out,
    };
    let mut outputs = WorldsFiles {
        worlds,
        paired: worlds
            .iter()
            .map(|w| Paired::between(w.plan.pairs()))
            .collect(),
        write,
        results: Vec::new(),
    };
    let done = execute(&exp, settings, &mut outputs, charts, "claims", quiet)?;
    Ok(Ran {
        done,
        results: outputs.results,
        configurations: runs.len(),
    })
}

/// `claims A.toml B.toml …`: every claim on every world, on the first world's
/// replications and seed (or those given), and the matrix of their verdicts.
fn claims_worlds(args: &ClaimsArgs, settings: &Settings) -> Result<()> {
    let set = overrides(&args.common);
    let mut worlds = Vec::with_capacity(args.files.len());
    for file in &args.files {
        worlds.push(world(file, &set, args.min_effect, 0)?);
    }
    place(&mut worlds);
    let base = worlds[0].plan.configs[0].scenario.clone();
    let sim = base.simulation;
    let names: Vec<String> = worlds
        .iter()
        .map(|w| w.plan.configs[0].scenario.name.clone())
        .collect();
    let mut extra = serde_json::Map::new();
    let listed: Vec<serde_json::Value> = worlds
        .iter()
        .map(|w| {
            let configs: Vec<serde_json::Value> = w
                .plan
                .configs
                .iter()
                .map(|c| {
                    let resolved =
                        serde_json::to_value(&c.scenario).unwrap_or(serde_json::Value::Null);
                    serde_json::json!({ "label": c.label, "overrides": c.overrides, "scenario_hash": scenario_hash(&resolved) })
                })
                .collect();
            let scenario = serde_json::to_value(&w.plan.configs[0].scenario)
                .unwrap_or(serde_json::Value::Null);
            serde_json::json!({
                "file": w.file.display().to_string(),
                "name": w.plan.configs[0].scenario.name,
                "configurations": configs,
                "not_applicable": w.plan.not_applicable,
                "scenario": scenario,
            })
        })
        .collect();
    extra.insert("worlds".into(), listed.into());
    extra.insert("min_effect".into(), args.min_effect.into());
    let write = |dir: &OutputDir, results: &[Vec<ClaimResult>]| -> Result<Written> {
        let files: Vec<String> = worlds
            .iter()
            .map(|w| w.file.display().to_string())
            .collect();
        let csv_worlds: Vec<(&str, &str, &[ClaimResult])> = names
            .iter()
            .zip(&files)
            .zip(results)
            .map(|((n, f), r)| (n.as_str(), f.as_str(), r.as_slice()))
            .collect();
        dir.write(CLAIMS_FILE, &claims_worlds_csv(&csv_worlds)?)?;
        let md_worlds: Vec<(&str, String, &[ClaimResult])> = worlds
            .iter()
            .zip(&names)
            .zip(results)
            .map(|((w, name), r)| {
                let s = &w.plan.configs[0].scenario;
                let setup = format!(
                    "Scenario **{}** (`{}`): {} replications × {} years, seed {}; {} configurations on common \
                     random numbers.{}",
                    s.name,
                    w.file.display(),
                    sim.replications,
                    s.simulation.years,
                    sim.seed,
                    if w.plan.not_applicable.is_some() { 0 } else { w.plan.configs.len() },
                    w.plan
                        .not_applicable
                        .as_ref()
                        .map_or(String::new(), |why| format!(" Not applicable: {why}."))
                );
                (name.as_str(), setup, r.as_slice())
            })
            .collect();
        dir.write(
            CLAIMS_MD_FILE,
            claims_worlds_md(&md_worlds, args.min_effect).as_bytes(),
        )?;
        Ok(Written {
            files: FILES.map(String::from).to_vec(),
            extra: extra.clone(),
        })
    };
    let Ran {
        done,
        results,
        configurations,
    } = run_worlds(
        settings,
        args.common.quiet,
        &worlds,
        &base,
        worlds_dir(&worlds),
        Some(&args.charts.options()),
        write,
    )?;
    let Some(Done {
        dir: out,
        files: written,
        seconds: secs,
    }) = done
    else {
        return Ok(());
    };
    let threads = settings.threads;

    if !args.common.quiet {
        println!(
            "Claims on {} worlds: {} replications, seed {}, {} configurations ({} thread{}, {:.1} s)",
            worlds.len(),
            sim.replications,
            sim.seed,
            configurations,
            threads,
            if threads == 1 { "" } else { "s" },
            secs
        );
        let width = 22;
        let mut head = format!("  {:<4}", "ID");
        for w in &worlds {
            let stem = w
                .file
                .file_stem()
                .map_or(String::new(), |s| s.to_string_lossy().into_owned());
            let stem: String = stem.chars().take(width - 1).collect();
            head.push_str(&format!(" {stem:<width$}"));
        }
        println!("{}", head.trim_end());
        for (i, def) in CLAIMS.iter().enumerate() {
            let mut line = format!("  {:<4}", def.id);
            for r in &results {
                let v = r[i].verdict;
                line.push_str(&format!(
                    " {:<width$}",
                    format!("{} {v}", verdict_symbol(v))
                ));
            }
            println!("{}", line.trim_end());
        }
        for (w, name) in worlds.iter().zip(&names) {
            if let Some(why) = &w.plan.not_applicable {
                println!("  {name}: not applicable: {why}");
            }
        }
        println!(
            "  smallest effect that matters: {} of each control",
            percent(args.min_effect)
        );
        println!("wrote {}: {}", out.display(), files_line(&written));
    }
    interrupt::after_writing(&out)
}
