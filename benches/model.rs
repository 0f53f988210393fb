//! Benchmarks of the model's speed, reported as state-years per second.
//!
//! - `year/N`: one simulated year of a generated grid world of N states in
//!   blocs of bounded size (`blocs = max(2, N / 50)`, so about 35 members
//!   each on average from 100 states on, whatever N), timed between years 20
//!   and 120 of a replication (so the world is in a typical state, not at its
//!   start).
//! - `year-four-blocs/N`: the same with the generator's default four blocs,
//!   which grow with the world (about N / 6 members each).
//! - `replication/200x1000`: one whole replication of a 200-state world over
//!   1000 years, as `simulate` runs it.
//! - `run/two-blocs`: a full experiment of `scenarios/two-blocs.toml` at its own
//!   settings on the global rayon pool, with a sink that does nothing.
//! - `claims/claims-world-100`: every claim's experiment on the default claims
//!   world at 100 replications (a tenth of its own setting, to keep the suite
//!   short; the cost is linear in replications).
//!
//! Results and how to read them are in `docs/PERFORMANCE.md`.

use std::hint::black_box;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use deterrence::claims;
use deterrence::experiment::compare::Paired;
use deterrence::experiment::{self, Plan};
use deterrence::model::{ModelParams, Replication, World, simulate};
use deterrence::rng::Stream;
use deterrence::scenario::{self, Scenario};

/// Years run before a replication's years are timed.
const WARM_UP_YEARS: u32 = 20;
/// Years timed per replication before a fresh one is started.
const TIMED_YEARS: u32 = 100;
/// Seed of every benchmark run.
const SEED: u64 = 42;

/// States per bloc leader in the `year` benchmark's world (of whom about 70 %,
/// the generator's default `membership`, join).
const STATES_PER_BLOC: usize = 50;

/// Blocs of bounded size for a world of `states` states.
fn bounded_blocs(states: usize) -> usize {
    (states / STATES_PER_BLOC).max(2)
}

/// A generated grid world of `states` states in `blocs` blocs, with default parameters.
fn grid_world(states: usize, blocs: usize) -> (World, ModelParams) {
    let text = format!(
        "name = \"bench\"\n\
         [simulation]\nyears = 1\nreplications = 1\nseed = {SEED}\n\
         [generate]\nstates = {states}\ntopology = \"grid\"\nalliances = \"blocs\"\n\
         blocs = {blocs}\n"
    );
    let s = scenario::load_str("bench", &text, &[]).expect("the benchmark scenario is valid");
    (World::new(&s.world, &s.model), s.model)
}

/// A replication of `world` advanced past its warm-up years.
fn warmed<'a>(world: &'a World, params: &'a ModelParams, replication: u64) -> Replication<'a> {
    let mut rep = Replication::new(world, params, SEED, replication);
    for _ in 0..WARM_UP_YEARS {
        rep.step();
    }
    rep
}

/// Times single years of grid worlds of the given sizes, `blocs(N)` blocs each.
fn year_group(c: &mut Criterion, name: &str, sizes: &[usize], blocs: fn(usize) -> usize) {
    let mut group = c.benchmark_group(name);
    group.sample_size(10).warm_up_time(Duration::from_secs(1));
    for &states in sizes {
        let (world, params) = grid_world(states, blocs(states));
        // The largest world needs the longer window to time a few years per sample.
        let secs = if states >= 20000 { 14 } else { 4 };
        group.measurement_time(Duration::from_secs(secs));
        group.throughput(Throughput::Elements(states as u64));
        group.bench_with_input(BenchmarkId::from_parameter(states), &states, |b, _| {
            // Only the timed years count. One replication serves successive
            // samples until it has run TIMED_YEARS timed years; then a fresh
            // one is warmed up, so the world stays in its typical range of years.
            let mut replication = 0;
            let mut current: Option<Replication> = None;
            b.iter_custom(|iters| {
                let mut elapsed = Duration::ZERO;
                let mut left = iters;
                while left > 0 {
                    let rep = match &mut current {
                        Some(rep) if rep.year() < WARM_UP_YEARS + TIMED_YEARS => rep,
                        _ => {
                            replication += 1;
                            current.insert(warmed(&world, &params, replication))
                        }
                    };
                    let batch = left.min(u64::from(WARM_UP_YEARS + TIMED_YEARS - rep.year()));
                    let start = Instant::now();
                    for _ in 0..batch {
                        rep.step();
                    }
                    elapsed += start.elapsed();
                    black_box(&*rep);
                    left -= batch;
                }
                elapsed
            });
        });
    }
    group.finish();
}

fn year(c: &mut Criterion) {
    year_group(c, "year", &[20, 200, 2000, 20000], bounded_blocs);
}

fn year_four_blocs(c: &mut Criterion) {
    year_group(c, "year-four-blocs", &[200, 2000, 20000], |_| 4);
}

fn replication(c: &mut Criterion) {
    let (world, params) = grid_world(200, bounded_blocs(200));
    let years = 1000;
    let mut group = c.benchmark_group("replication");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(200 * u64::from(years)));
    let mut r = 0;
    group.bench_function("200x1000", |b| {
        b.iter(|| {
            let mut rng = Stream::for_replication(SEED, r);
            r += 1;
            simulate(&world, &params, years, &mut rng, false)
        });
    });
    group.finish();
}

fn run(c: &mut Criterion) {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/two-blocs.toml"
    ));
    let s: Scenario = scenario::load(path, &[]).expect("scenarios/two-blocs.toml is valid");
    let world = World::new(&s.world, &s.model);
    let plan = Plan {
        world: &world,
        params: &s.model,
        years: s.simulation.years,
        seed: s.simulation.seed,
        first: 0,
        count: u64::from(s.simulation.replications),
        records: deterrence::model::Recording::default(),
    };
    let state_years = world.n as u64 * u64::from(plan.years) * plan.count;
    let mut group = c.benchmark_group("run");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Elements(state_years));
    group.bench_function("two-blocs", |b| {
        b.iter(|| {
            experiment::run(
                &plan,
                &AtomicBool::new(false),
                |_, _| Ok::<(), experiment::Interrupted>(()),
                |_| {},
            )
        });
    });
    group.finish();
}

fn claims_world(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/claims-world.toml");
    let text = std::fs::read_to_string(path).expect("scenarios/claims-world.toml is readable");
    let plan = claims::plan(path, &text, &["simulation.replications=100".to_string()])
        .expect("scenarios/claims-world.toml is valid");
    let worlds = plan.worlds();
    let plans: Vec<Plan> = plan
        .configs
        .iter()
        .zip(&worlds)
        .map(|(cfg, w)| Plan {
            world: w,
            params: &cfg.scenario.model,
            years: cfg.scenario.simulation.years,
            seed: cfg.scenario.simulation.seed,
            first: 0,
            count: u64::from(cfg.scenario.simulation.replications),
            records: deterrence::model::Recording::default(),
        })
        .collect();
    let state_years: u64 = plans
        .iter()
        .map(|p| p.world.n as u64 * u64::from(p.years) * p.count)
        .sum();
    let mut group = c.benchmark_group("claims");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(state_years));
    group.bench_function("claims-world-100", |b| {
        b.iter(|| {
            let mut paired = Paired::between(plan.pairs());
            let aggs = experiment::run_many(
                &plans,
                &AtomicBool::new(false),
                |_, recs| {
                    paired.push(recs);
                    Ok::<(), experiment::Interrupted>(())
                },
                |_| {},
            );
            black_box(aggs.map(|a| claims::evaluate(&plan, &a, &paired)))
        });
    });
    group.finish();
}

criterion_group!(
    benches,
    year,
    year_four_blocs,
    replication,
    run,
    claims_world
);
criterion_main!(benches);
