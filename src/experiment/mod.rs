//! Experiments: replications run in parallel and aggregated in a fixed order.
//!
//! Replications are simulated in parallel (rayon), at most two windows of them
//! ahead of the one being folded; their records are folded into the running
//! statistics strictly in replication order, and handed to the caller's sink
//! in that order, on the calling thread, which simulates too while it waits.
//! Floating-point sums depend on order, so this is what makes every output
//! byte-identical whatever the number of threads. Memory is bounded by two
//! windows, not by the number of replications; and as a replication is folded
//! the next is started, so no thread waits at the end of a window.
//!
//! A run can be stopped from outside (Ctrl-C, in the binary) through a flag it
//! checks before every replication is started and before each is handed on;
//! it then returns [`Interrupted`] and hands the sink nothing more.

pub mod compare;
pub mod estimate;
pub mod shard;
pub mod sweep;

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};

use rayon::Yield;

use crate::model::{METRIC_COUNT, ModelParams, Recording, RunRecord, World, simulate_recording};
use crate::rng::Stream;
use crate::stats::Moments;

/// What to run.
#[derive(Clone, Copy, Debug)]
pub struct Plan<'a> {
    /// The static world.
    pub world: &'a World,
    /// Behavioural parameters.
    pub params: &'a ModelParams,
    /// Years per replication.
    pub years: u32,
    /// Seed of the run.
    pub seed: u64,
    /// Replications to run: indices `first .. first + count`.
    pub first: u64,
    /// How many replications.
    pub count: u64,
    /// What to record besides the metrics.
    pub records: Recording,
}

/// The run was stopped by its stop flag before every replication was simulated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted;

/// Running statistics of every metric, per year and over whole runs.
#[derive(Clone, Debug)]
pub struct Aggregate {
    /// Years simulated.
    pub years: u32,
    /// Per-year statistics, row-major `years × METRIC_COUNT`.
    pub yearly: Vec<Moments>,
    /// Statistics of the run-level metrics.
    pub run: Vec<Moments>,
    /// Wars by number of participants over all replications (index = participants).
    pub war_sizes: Vec<u64>,
}

impl Aggregate {
    /// Empty statistics for runs of `years` years.
    pub fn new(years: u32) -> Self {
        Aggregate {
            years,
            yearly: vec![Moments::new(); years as usize * METRIC_COUNT],
            run: vec![Moments::new(); METRIC_COUNT],
            war_sizes: Vec::new(),
        }
    }

    /// Folds one replication in; absent (NaN) values are left out.
    pub fn push(&mut self, rec: &RunRecord) {
        if self.war_sizes.len() < rec.war_sizes.len() {
            self.war_sizes.resize(rec.war_sizes.len(), 0);
        }
        for (total, &n) in self.war_sizes.iter_mut().zip(&rec.war_sizes) {
            *total += n;
        }
        for (m, &x) in self.yearly.iter_mut().zip(&rec.yearly) {
            if x.is_finite() {
                m.push(x);
            }
        }
        for (m, &x) in self.run.iter_mut().zip(&rec.run) {
            if x.is_finite() {
                m.push(x);
            }
        }
    }

    /// The statistics of metric `metric` in year `year` (0-based).
    pub fn at(&self, year: u32, metric: usize) -> &Moments {
        &self.yearly[year as usize * METRIC_COUNT + metric]
    }
}

/// How many replications to simulate per window: enough to keep every thread
/// busy, few enough that per-year records stay within about 8 MiB. At most two
/// windows are held at once (simulated ahead of the fold), so about 16 MiB:
/// small beside the rest of a run, so memory hardly grows with replications.
fn window(bytes_per_replication: usize, threads: usize) -> usize {
    let by_memory = (8 << 20) / bytes_per_replication.max(1);
    by_memory.clamp(1, 128).max(threads.max(1))
}

/// Runs the plan on the current rayon pool. `sink` sees every replication in
/// index order (with its index); `progress` is told how many are done. A sink
/// error stops the run and is returned; so is [`Interrupted`] once `halt` is set.
pub fn run<E: From<Interrupted>>(
    plan: &Plan<'_>,
    halt: &AtomicBool,
    mut sink: impl FnMut(u64, &RunRecord) -> Result<(), E>,
    progress: impl Fn(u64),
) -> Result<Aggregate, E> {
    let mut aggs = run_many(
        std::slice::from_ref(plan),
        halt,
        |r, recs| sink(r, &recs[0]),
        progress,
    )?;
    Ok(aggs.remove(0))
}

/// Runs several configurations on common random numbers: replication r of every
/// plan draws from the same stream, so their results can be compared pair by
/// pair. The seed and the replication range are the first plan's (callers give
/// all plans the same). `sink` sees, for each replication in index order, the
/// records of every plan in plan order; `progress` counts simulated replications
/// over all plans. Once `halt` is set, no further replication starts, the
/// sink sees nothing more, and [`Interrupted`] is returned.
pub fn run_many<E: From<Interrupted>>(
    plans: &[Plan<'_>],
    halt: &AtomicBool,
    mut sink: impl FnMut(u64, &[RunRecord]) -> Result<(), E>,
    progress: impl Fn(u64),
) -> Result<Vec<Aggregate>, E> {
    let mut aggs: Vec<Aggregate> = plans.iter().map(|p| Aggregate::new(p.years)).collect();
    let Some(first_plan) = plans.first() else {
        return Ok(aggs);
    };
    let (seed, first, count) = (first_plan.seed, first_plan.first, first_plan.count);
    let bytes: usize = plans
        .iter()
        .map(|p| (p.years as usize).max(1) * METRIC_COUNT * 8)
        .sum();
    let ahead = 2 * window(bytes, rayon::current_num_threads()) as u64;
    let k = plans.len();
    let end = first + count;
    // Set when the sink fails, so the replications still queued stop at once.
    let abandon = AtomicBool::new(false);
    // One slot per (replication, plan) in flight, in a ring: `None` until
    // simulated, then `Some(None)` if the task saw `halt` (or `abandon`) first.
    let ring = ahead as usize * k;
    let slot = |r: u64, p: usize| ((r - first) as usize * k + p) % ring;
    let slots: Mutex<Vec<Option<Option<RunRecord>>>> =
        Mutex::new((0..ring).map(|_| None).collect());
    let done = Condvar::new();
    // A panic in a task (a bug) is kept and raised again once the tasks have
    // stopped, rather than leaving the fold waiting for a slot never filled.
    let panicked: Mutex<Option<Box<dyn Any + Send>>> = Mutex::new(None);
    let simulate = |r: u64, p: usize| {
        let mut record = None;
        if !halt.load(Ordering::Relaxed) && !abandon.load(Ordering::Relaxed) {
            let plan = &plans[p];
            let run = || {
                let mut rng = Stream::for_replication(seed, r);
                simulate_recording(plan.world, plan.params, plan.years, &mut rng, plan.records)
            };
            match panic::catch_unwind(AssertUnwindSafe(run)) {
                Ok(done) => record = Some(done),
                Err(payload) => {
                    abandon.store(true, Ordering::Relaxed);
                    lock(&panicked).get_or_insert(payload);
                }
            }
        }
        lock(&slots)[slot(r, p)] = Some(record);
        done.notify_all();
    };
    // The records of replication r, plan p, once simulated: the calling thread
    // runs queued replications meanwhile, and sleeps only when none is queued.
    let wait = |r: u64, p: usize| -> Option<RunRecord> {
        loop {
            if let Some(record) = lock(&slots)[slot(r, p)].take() {
                return record;
            }
            if rayon::yield_now() == Some(Yield::Executed) {
                continue;
            }
            let mut guard = done
                .wait_while(lock(&slots), |s| s[slot(r, p)].is_none())
                .unwrap_or_else(PoisonError::into_inner);
            return guard[slot(r, p)].take().flatten();
        }
    };
    // FIFO, so the replications are simulated in about the order they are folded.
    let result = rayon::in_place_scope_fifo(|scope| -> Result<(), E> {
        let mut next = first;
        let mut group = Vec::with_capacity(k);
        let mut fold = |r: u64| -> Result<(), E> {
            while next < end && next < r + ahead {
                for p in 0..k {
                    let (simulate, r) = (&simulate, next);
                    scope.spawn_fifo(move |_| simulate(r, p));
                }
                next += 1;
            }
            group.clear();
            for p in 0..k {
                match wait(r, p) {
                    Some(record) => group.push(record),
                    None => return Err(Interrupted.into()),
                }
            }
            if halt.load(Ordering::Relaxed) {
                return Err(Interrupted.into());
            }
            for (agg, rec) in aggs.iter_mut().zip(&group) {
                agg.push(rec);
            }
            sink(r, &group)?;
            progress((r + 1 - first) * k as u64);
            Ok(())
        };
        let folded = (first..end).try_for_each(&mut fold);
        if folded.is_err() {
            // The replications still queued then return at once, unsimulated.
            abandon.store(true, Ordering::Relaxed);
        }
        folded
    });
    if let Some(payload) = lock(&panicked).take() {
        panic::resume_unwind(payload);
    }
    result.map(|()| aggs)
}

/// Locks `m`, whatever a panicking thread left in it.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    fn two_blocs() -> scenario::Scenario {
        let text = include_str!("../../scenarios/two-blocs.toml");
        scenario::load_str("two-blocs.toml", text, &[]).unwrap()
    }

    #[test]
    fn a_flag_set_beforehand_stops_the_run_before_the_sink_sees_anything() {
        let s = two_blocs();
        let world = World::new(&s.world, &s.model);
        let plan = Plan {
            world: &world,
            params: &s.model,
            years: 10,
            seed: 1,
            first: 0,
            count: 50,
            records: Recording::default(),
        };
        let halt = AtomicBool::new(true);
        let mut seen = 0;
        let result = run(
            &plan,
            &halt,
            |_, _| {
                seen += 1;
                Ok::<(), Interrupted>(())
            },
            |_| {},
        );
        assert_eq!(result.err(), Some(Interrupted));
        assert_eq!(seen, 0);
    }

    #[test]
    fn a_flag_set_during_the_run_stops_it_at_once() {
        let s = two_blocs();
        let world = World::new(&s.world, &s.model);
        let plan = Plan {
            world: &world,
            params: &s.model,
            years: 5,
            seed: 1,
            first: 0,
            count: 10_000,
            records: Recording::default(),
        };
        let halt = AtomicBool::new(false);
        let mut seen = 0u64;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let result = pool.install(|| {
            run(
                &plan,
                &halt,
                |_, _| {
                    seen += 1;
                    halt.store(true, Ordering::Relaxed);
                    Ok::<(), Interrupted>(())
                },
                |_| {},
            )
        });
        assert_eq!(result.err(), Some(Interrupted));
        // The sink saw the replication during which the flag was set, and no more.
        assert_eq!(seen, 1);
    }

    #[test]
    fn an_unset_flag_changes_nothing() {
        let s = two_blocs();
        let world = World::new(&s.world, &s.model);
        let plan = Plan {
            world: &world,
            params: &s.model,
            years: 5,
            seed: 3,
            first: 0,
            count: 20,
            records: Recording::default(),
        };
        let mut seen = Vec::new();
        let agg = run(
            &plan,
            &AtomicBool::new(false),
            |r, _| {
                seen.push(r);
                Ok::<(), Interrupted>(())
            },
            |_| {},
        )
        .unwrap();
        assert_eq!(seen, (0..20).collect::<Vec<u64>>());
        assert_eq!(agg.run[0].n(), 20);
    }

    #[test]
    fn a_sink_error_stops_the_run_and_is_returned() {
        #[derive(Debug, PartialEq)]
        enum Stop {
            Sink(u64),
            Interrupted,
        }
        impl From<Interrupted> for Stop {
            fn from(_: Interrupted) -> Self {
                Stop::Interrupted
            }
        }
        let s = two_blocs();
        let world = World::new(&s.world, &s.model);
        let plan = Plan {
            world: &world,
            params: &s.model,
            years: 5,
            seed: 1,
            first: 0,
            count: 1_000,
            records: Recording::default(),
        };
        // Past the first window, so later replications are being simulated when it fails.
        let fail_at = window(5 * METRIC_COUNT * 8, 2) as u64 + 3;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let mut seen = Vec::new();
        let result = pool.install(|| {
            run(
                &plan,
                &AtomicBool::new(false),
                |r, _| {
                    seen.push(r);
                    if r == fail_at {
                        Err(Stop::Sink(r))
                    } else {
                        Ok(())
                    }
                },
                |_| {},
            )
        });
        assert_eq!(result.err(), Some(Stop::Sink(fail_at)));
        assert_eq!(seen, (0..=fail_at).collect::<Vec<u64>>());
    }
}
