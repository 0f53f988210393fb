//! `deterrence run`: run a scenario's replications in parallel and write results.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;

use deterrence::chart;
use deterrence::chart::ChartOptions;
use deterrence::experiment::estimate::{Bytes, ConfigSize, LargeRecords, available_disk};
use deterrence::experiment::shard::SHARD_FILE;
use deterrence::experiment::{Aggregate, Plan};
use deterrence::job::{self, Experiment, JobError, Outcome, Outputs, Settings, ShardSet, Written};
use deterrence::model::{METRICS, Recording, RunRecord, World, metric_index};
use deterrence::output::{
    MANIFEST_FILE, OutputDir, RUNS_FILE, RecordFiles, RecordsWriter, RunsWriter, SUMMARY_FILE,
    TIMESERIES_FILE, WAR_SIZES_FILE, WARS_FILE, WarsWriter, slug, summary_csv, timeseries_csv,
    war_sizes_csv,
};
use deterrence::scenario::{self, Scenario};

use super::BadInput;
use super::args::{RecordKind, RunArgs};
use super::common::{HEADLINE, fixed3, overrides, settings};
use super::interrupt;
use super::progress::Progress;

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

/// The files of a run: `runs.csv` (and, when asked, `wars.csv` and the event
/// records) streamed, then the tables of its statistics.
struct RunFiles<'a> {
    world: &'a World,
    seed: u64,
    wars: bool,
    records: RecordFiles,
    runs_writer: Option<RunsWriter>,
    wars_writer: Option<WarsWriter>,
    records_writer: Option<RecordsWriter>,
    /// The statistics, kept for the summary on screen.
    agg: Option<Aggregate>,
}

impl Outputs for RunFiles<'_> {
    fn open(&mut self, dir: &OutputDir) -> Result<(), JobError> {
        self.runs_writer = Some(RunsWriter::create(dir, &[])?);
        if self.wars {
            self.wars_writer = Some(WarsWriter::create(dir)?);
        }
        self.records_writer = Some(RecordsWriter::create(dir, self.records)?);
        Ok(())
    }

    fn replication(&mut self, index: u64, records: &[RunRecord]) -> Result<(), JobError> {
        let rec = &records[0];
        if let Some(w) = self.runs_writer.as_mut() {
            w.write(&[], index, self.seed, rec)?;
        }
        if let Some(w) = self.wars_writer.as_mut() {
            w.write(index, self.world, rec)?;
        }
        if let Some(w) = self.records_writer.as_mut() {
            w.write(index, self.world, rec)?;
        }
        Ok(())
    }

    fn write(&mut self, dir: &OutputDir, aggs: Vec<Aggregate>) -> Result<Written, JobError> {
        let mut files: Vec<String> = [RUNS_FILE, TIMESERIES_FILE, SUMMARY_FILE, WAR_SIZES_FILE]
            .map(String::from)
            .to_vec();
        if let Some(w) = self.runs_writer.take() {
            w.commit(dir)?;
        }
        if let Some(w) = self.wars_writer.take() {
            w.commit(dir)?;
            files.push(WARS_FILE.to_string());
        }
        if let Some(w) = self.records_writer.take() {
            files.extend(w.commit(dir)?);
        }
        let agg = aggs.into_iter().next().unwrap_or_else(|| Aggregate::new(0));
        dir.write(TIMESERIES_FILE, &timeseries_csv(&agg)?)?;
        dir.write(SUMMARY_FILE, &summary_csv(&agg)?)?;
        dir.write(WAR_SIZES_FILE, &war_sizes_csv(&agg)?)?;
        self.agg = Some(agg);
        Ok(Written {
            files,
            extra: serde_json::Map::new(),
        })
    }

    fn abandon(&mut self) {
        self.runs_writer = None;
        self.wars_writer = None;
        self.records_writer = None;
    }
}

/// Runs the scenario and writes `manifest.json`, `runs.csv`, `timeseries.csv`,
/// `summary.csv`, `war_sizes.csv`, the charts and `report.html` and, when
/// asked, `wars.csv` and the event records.
pub fn run(args: &RunArgs, argv: Vec<String>, replay: Option<ShardSet>) -> Result<()> {
    let started = Instant::now();
    interrupt::install()?;
    let settings = settings(&args.common, argv, replay, started)?;
    let scenario = scenario::load(&args.file, &overrides(&args.common))?;
    let default_out = Path::new("output").join(slug(&scenario.name));
    let world = World::new(&scenario.world, &scenario.model);
    let sim = scenario.simulation;
    let recording = Recording {
        wars: args.wars || args.records.contains(&RecordKind::Participants),
        crises: args.records.contains(&RecordKind::Crises),
        calls: args.records.contains(&RecordKind::Calls),
        state_years: args.records.contains(&RecordKind::StateYears),
        dyad_years: args.records.contains(&RecordKind::DyadYears),
        totals_only: false,
    };
    let plan = Plan {
        world: &world,
        params: &scenario.model,
        years: sim.years,
        seed: sim.seed,
        first: 0,
        count: u64::from(sim.replications),
        records: recording,
    };
    if settings.shard.is_none() && !settings.allow_large {
        check_disk(args, &scenario, &settings.out_dir(|| default_out.clone()))?;
    }
    let exp = Experiment {
        command: "run",
        plans: std::slice::from_ref(&plan),
        yearly: true,
        file: &args.file,
        base: &scenario,
        default_out,
    };
    let mut outputs = RunFiles {
        world: &world,
        seed: sim.seed,
        wars: args.wars,
        records: RecordFiles {
            crises: recording.crises,
            participants: args.records.contains(&RecordKind::Participants),
            calls: recording.calls,
            state_years: recording.state_years,
            dyad_years: recording.dyad_years,
            gzip: args.gzip,
        },
        runs_writer: None,
        wars_writer: None,
        records_writer: None,
        agg: None,
    };
    let Some(Done {
        dir,
        files,
        seconds,
    }) = execute(
        &exp,
        &settings,
        &mut outputs,
        Some(&args.charts.options()),
        &scenario.name,
        args.common.quiet,
    )?
    else {
        return Ok(());
    };
    if let (false, Some(agg)) = (args.common.quiet, &outputs.agg) {
        print_summary(&scenario, agg, settings.threads, seconds, &dir, &files);
    }
    interrupt::after_writing(&dir)
}

/// What a job that ran to the end wrote.
pub struct Done {
    /// The directory (the default may have moved aside).
    pub dir: PathBuf,
    /// The files written, the manifest last.
    pub files: Vec<String>,
    /// Wall time, as the manifest says.
    pub seconds: f64,
}

/// Runs `exp` through the library's pipeline with a progress bar labelled
/// `label`; `charts` draws from the tables written (none: the outputs drew
/// their own). A shard is reported here, and gives `None`.
pub fn execute(
    exp: &Experiment<'_>,
    settings: &Settings,
    outputs: &mut dyn Outputs,
    charts: Option<&ChartOptions>,
    label: &str,
    quiet: bool,
) -> Result<Option<Done>> {
    let progress = Progress::new(exp.tasks(settings), label, quiet);
    match job::run(exp, settings, &progress, outputs, charts)? {
        Outcome::Done {
            dir,
            files,
            seconds,
        } => Ok(Some(Done {
            dir,
            files,
            seconds,
        })),
        Outcome::Shard {
            dir,
            shard,
            first,
            count,
            total,
        } => {
            if !quiet {
                let shown = if count == 0 {
                    "no replications".to_string()
                } else {
                    format!("replications {}–{} of {total}", first + 1, first + count)
                };
                println!(
                    "{} shard {shard}: {shown}; wrote {}: {SHARD_FILE}, {MANIFEST_FILE}",
                    exp.base.name,
                    dir.display()
                );
                println!("when every shard is done: deterrence merge SHARD-DIRS... --out DIR");
            }
            interrupt::after_writing(&dir)?;
            Ok(None)
        }
    }
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
                shown.push(format!(
                    "{}/ ({charts} file{})",
                    chart::CHARTS_DIR,
                    if charts == 1 { "" } else { "s" }
                ));
            }
        } else {
            shown.push(f.clone());
        }
    }
    shown.join(", ")
}
