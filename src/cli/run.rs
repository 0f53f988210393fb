//! `deterrence run`: run a scenario's replications in parallel and write results.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

use deterrence::chart;
use deterrence::experiment::estimate::{Bytes, ConfigSize, LargeRecords, available_disk};
use deterrence::experiment::{Aggregate, Plan};
use deterrence::model::{METRICS, Recording, World, metric_index};
use deterrence::output::{
    MANIFEST_FILE, Manifest, RUNS_FILE, RecordFiles, RecordsWriter, RunsWriter, SUMMARY_FILE,
    TIMESERIES_FILE, WAR_SIZES_FILE, WARS_FILE, WarsWriter, slug, summary_csv, timeseries_csv,
    war_sizes_csv,
};
use deterrence::scenario::{self, Scenario};

use super::BadInput;
use super::args::{Common, RecordKind, RunArgs};
use super::common::{HEADLINE, fixed3, pool};
use super::interrupt;
use super::progress::Progress;
use super::shard::{self, Experiment, Setting};

/// The overrides a command's options stand for, after the user's own `--set`s.
pub fn overrides(common: &Common) -> Vec<String> {
    let mut set = common.set.clone();
    if let Some(r) = common.replications {
        set.push(format!("simulation.replications={r}"));
    }
    if let Some(y) = common.years {
        set.push(format!("simulation.years={y}"));
    }
    if let Some(s) = common.seed {
        set.push(format!("simulation.seed={s}"));
    }
    set
}

/// Most worker threads per core `--threads` may ask for: more only slow a run
/// down, and thousands take minutes to start and ignore Ctrl-C meanwhile.
pub const MAX_THREADS_PER_CORE: usize = 4;

/// The fewest threads `--threads` may always ask for, whatever the machine.
const MIN_THREADS_ALLOWED: usize = 8;

/// Worker threads to use: as asked (at most a few per core), else all cores.
pub fn threads(common: &Common) -> Result<usize> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let Some(asked) = common.threads.map(usize::from) else {
        return Ok(cores);
    };
    let limit = (MAX_THREADS_PER_CORE * cores).max(MIN_THREADS_ALLOWED);
    if asked > limit {
        return Err(super::BadInput(format!(
            "--threads {asked}: at most {limit} on this machine ({MAX_THREADS_PER_CORE} per core, \
             {cores} core{}); results do not depend on the thread count, and more threads \
             than cores only slow a run down",
            if cores == 1 { "" } else { "s" }
        ))
        .into());
    }
    Ok(asked)
}

/// The output directory: as asked, else `output/<slug of the scenario name>`.
pub fn out_dir(common: &Common, scenario: &Scenario) -> PathBuf {
    shard::out_path(common, || Path::new("output").join(slug(&scenario.name)))
}

/// Refuses records estimated not to fit in the free space where they would be written.
fn check_disk(args: &RunArgs, scenario: &Scenario, out: &Path) -> Result<()> {
    let large = LargeRecords {
        state_years: args.records.contains(&RecordKind::StateYears),
        dyad_years: args.records.contains(&RecordKind::DyadYears),
        gzip: args.gzip,
    };
    let size = ConfigSize {
        states: scenario.world.states.len(),
        years: scenario.simulation.years,
    };
    let bytes = large.bytes(size, u64::from(scenario.simulation.replications));
    let Some(free) = available_disk(out) else {
        return Ok(());
    };
    if bytes <= free {
        return Ok(());
    }
    let compress = if args.gzip {
        ""
    } else {
        "write them compressed with --gzip, "
    };
    let files = match (large.state_years, large.dyad_years) {
        (true, true) => "state-years and dyad-years records",
        (true, false) => "state-years records",
        _ => "dyad-years records",
    };
    Err(BadInput(format!(
        "{}: --records: the {files} would take about {} on disk, more than the {} free where \
         they would be written ({}); run it anyway with --allow-large, {compress}or lower \
         --replications or --years",
        args.file.display(),
        Bytes(bytes),
        Bytes(free),
        out.display()
    ))
    .into())
}

/// Runs the scenario and writes `manifest.json`, `runs.csv`, `timeseries.csv`,
/// `summary.csv`, `war_sizes.csv`, the charts and `report.html` and, when
/// asked, `wars.csv` and the event records.
pub fn run(args: &RunArgs, argv: Vec<String>) -> Result<()> {
    let started = Instant::now();
    interrupt::install()?;
    let threads = threads(&args.common)?;
    let scenario = scenario::load(&args.file, &overrides(&args.common))?;
    let out = out_dir(&args.common, &scenario);
    let pool = pool(threads)?;

    let world = World::new(&scenario.world, &scenario.model);
    let sim = scenario.simulation;
    let plan = Plan {
        world: &world,
        params: &scenario.model,
        years: sim.years,
        seed: sim.seed,
        first: 0,
        count: u64::from(sim.replications),
        records: Recording {
            wars: args.wars || args.records.contains(&RecordKind::Participants),
            crises: args.records.contains(&RecordKind::Crises),
            calls: args.records.contains(&RecordKind::Calls),
            state_years: args.records.contains(&RecordKind::StateYears),
            dyad_years: args.records.contains(&RecordKind::DyadYears),
            totals_only: false,
        },
    };
    if args.common.shard.is_none() && !args.common.allow_large {
        check_disk(args, &scenario, &out)?;
    }
    let exp = Experiment {
        command: "run",
        plans: std::slice::from_ref(&plan),
        yearly: true,
    };
    let progress = Progress::new(exp.tasks(&args.common), &scenario.name, args.common.quiet);
    let setting = Setting {
        common: &args.common,
        out: &out,
        file: &args.file,
        base: &scenario,
        threads,
        started,
    };
    let Some(dir) = shard::begin(&exp, &setting, &pool, &progress, &argv)? else {
        return Ok(());
    };
    // The directory chosen: the default may have moved aside for another configuration.
    let out = dir.path().to_path_buf();
    let mut runs = RunsWriter::create(&dir, &[])?;
    let mut wars = if args.wars {
        Some(WarsWriter::create(&dir)?)
    } else {
        None
    };
    let mut records = RecordsWriter::create(
        &dir,
        RecordFiles {
            crises: plan.records.crises,
            participants: args.records.contains(&RecordKind::Participants),
            calls: plan.records.calls,
            state_years: plan.records.state_years,
            dyad_years: plan.records.dyad_years,
            gzip: args.gzip,
        },
    )?;
    let agg = shard::replications(
        &args.common,
        &exp,
        &pool,
        &interrupt::STOP,
        |index, recs| {
            runs.write(&[], index, sim.seed, &recs[0])?;
            if let Some(w) = wars.as_mut() {
                w.write(index, &world, &recs[0])?;
            }
            records.write(index, &world, &recs[0])?;
            Ok(())
        },
        |done| progress.set(done),
    )?
    .remove(0);
    progress.finish();
    // Nothing is in place yet: stopping here leaves no results and no temporary files.
    interrupt::check()?;
    // From here files are replaced; the output directory keeps a journal of
    // them until the manifest is written, last.
    let mut files = vec![RUNS_FILE, TIMESERIES_FILE, SUMMARY_FILE, WAR_SIZES_FILE];
    runs.commit(&dir)?;
    if let Some(w) = wars {
        w.commit(&dir)?;
        files.push(WARS_FILE);
    }
    let record_files = records.commit(&dir)?;
    files.extend(record_files.iter().map(String::as_str));
    dir.write(TIMESERIES_FILE, &timeseries_csv(&agg)?)?;
    dir.write(SUMMARY_FILE, &summary_csv(&agg)?)?;
    dir.write(WAR_SIZES_FILE, &war_sizes_csv(&agg)?)?;

    let resolved =
        serde_json::to_value(&scenario).context("cannot encode the resolved scenario")?;
    let mut manifest = Manifest::new(args.file.display().to_string(), resolved);
    manifest.command_line = argv;
    manifest.seed = sim.seed;
    manifest.replications = sim.replications;
    manifest.years = sim.years;
    manifest.threads = threads;
    if let Some(c) = dir.configuration() {
        manifest.extra.insert("configuration".into(), c.into());
    }
    // Charts are drawn from the CSV files just written, as `chart DIR` would.
    let drawn = pool.install(|| chart::draw_run_with(&dir, &manifest, &args.charts.options()))?;
    let mut files: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    files.extend(drawn);
    files.push(MANIFEST_FILE.to_string());
    manifest.files = files.clone();
    manifest.wall_time_seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    dir.finish(manifest.to_json_pretty()?.as_bytes())?;

    if !args.common.quiet {
        print_summary(
            &scenario,
            &agg,
            threads,
            manifest.wall_time_seconds,
            &out,
            &files,
        );
    }
    interrupt::after_writing(&out)
}

/// Shown after the headline metrics when the scenario scripts crises.
const CRISIS_LINES: &[&str] = &["crises", "crisis_wars", "crisis_war_size"];

fn print_summary(
    s: &Scenario,
    agg: &Aggregate,
    threads: usize,
    secs: f64,
    out: &Path,
    files: &[String],
) {
    let sim = s.simulation;
    println!(
        "{}: {} replications × {} years, seed {}, {} thread{}, {:.1} s",
        s.name,
        sim.replications,
        sim.years,
        sim.seed,
        threads,
        if threads == 1 { "" } else { "s" },
        secs
    );
    println!(
        "  {:<27} {:>10}  {:>23}  unit",
        "metric", "mean", "95% interval"
    );
    let crisis_lines = if s.world.crises.is_empty() {
        &[][..]
    } else {
        CRISIS_LINES
    };
    for name in HEADLINE.iter().chain(crisis_lines) {
        let Some(k) = metric_index(name) else {
            continue;
        };
        let unit = METRICS[k].unit;
        let m = &agg.run[k];
        let mean = m.mean().map_or("—".to_string(), fixed3);
        let ci = m.ci95().map_or("—".to_string(), |(a, b)| {
            format!("[{}, {}]", fixed3(a), fixed3(b))
        });
        println!(
            "  {:<27} {:>10}  {:>23}  {}",
            METRICS[k].name, mean, ci, unit
        );
    }
    println!("wrote {}: {}", out.display(), files_line(files));
}

/// The files written, with the charts counted rather than listed.
pub fn files_line(files: &[String]) -> String {
    let is_chart = |f: &&String| f.starts_with(&format!("{}/", chart::CHARTS_DIR));
    let charts = files.iter().filter(is_chart).count();
    let mut shown: Vec<String> = Vec::new();
    for f in files {
        if is_chart(&f) {
            if shown.iter().all(|s| !s.starts_with(chart::CHARTS_DIR)) {
                shown.push(format!("{}/ ({charts} files)", chart::CHARTS_DIR));
            }
        } else {
            shown.push(f.clone());
        }
    }
    shown.join(", ")
}
