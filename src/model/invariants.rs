//! Property tests: invariants that must hold in every year of every replication
//! of any valid world, checked on random small worlds with random alliances,
//! crises and parameters.
//!
//! The worlds are built directly as [`WorldSpec`]s within the ranges validation
//! allows, so the model is exercised on inputs no shipped scenario contains.

use std::sync::atomic::AtomicBool;

use proptest::prelude::*;

use crate::experiment::{self, Interrupted, Plan};
use crate::rng::Stream;
use crate::scenario::{AllianceKind, AllianceSpec, CrisisSpec, StateSpec, WorldSpec};

use super::state::SimState;
use super::{
    Entry, METRIC_COUNT, METRICS, MetricKind, ModelParams, WarEnd, World, metric_index, simulate,
};

/// The index of a metric that must exist.
fn k(name: &str) -> usize {
    metric_index(name).unwrap_or_else(|| panic!("no metric {name}"))
}

fn state(i: usize, capability: f64, wealth: f64, revisionism: f64, risk: f64) -> StateSpec {
    StateSpec {
        id: format!("S{i}"),
        name: format!("State {i}"),
        capability,
        wealth,
        revisionism,
        risk,
        region: None,
        // A ring of radius 2: every state has a place, and distances vary.
        position: {
            let a = i as f64 * 0.7;
            [2.0 * a.cos(), 2.0 * a.sin()]
        },
        capital: None,
    }
}

fn kind(k: u8) -> AllianceKind {
    AllianceKind::ALL[k as usize % AllianceKind::ALL.len()]
}

/// A random valid world of 2–12 states; without alliances when `allied` is false.
fn world_spec(allied: bool) -> impl Strategy<Value = WorldSpec> {
    (2usize..=12).prop_flat_map(move |n| {
        let states = prop::collection::vec(
            (0.5f64..100.0, 0.5f64..500.0, 0.0f64..=1.0, 0.0f64..=1.0),
            n,
        );
        let borders = prop::collection::vec(any::<bool>(), n * (n - 1) / 2);
        let alliance = (
            any::<u8>(),
            prop::collection::vec(any::<bool>(), n),
            (0.0f64..=1.0, 0.0f64..=1.0, 0.0f64..=1.0),
            (0.0f64..=1.0, 0.0f64..=1.0),
        );
        let alliances = prop::collection::vec(alliance, if allied { 0..5 } else { 0..1 });
        let crises = prop::collection::vec((1u32..=30, 0..n, 0..n, any::<bool>()), 0..3);
        (states, borders, alliances, crises).prop_map(
            move |(states, borders, alliances, crises)| {
                let states: Vec<StateSpec> = states
                    .into_iter()
                    .enumerate()
                    .map(|(i, (c, w, rev, risk))| state(i, c, w, rev, risk))
                    .collect();
                let pairs = (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j)));
                let borders = pairs.zip(borders).filter(|(_, b)| *b).map(|(p, _)| p);
                let alliances = alliances
                    .into_iter()
                    .filter(|_| allied)
                    .filter_map(|(k, member, (rel, dia, int), (intel, ties))| {
                        let members: Vec<usize> = (0..n).filter(|&i| member[i]).collect();
                        (members.len() >= 2).then(|| AllianceSpec {
                            name: "pact".to_string(),
                            kind: kind(k),
                            members,
                            reliability: rel,
                            dialogue: dia,
                            integration: int,
                            intelligence: intel,
                            economic_ties: ties,
                        })
                    })
                    .collect();
                let crises = crises
                    .into_iter()
                    .filter(|(_, c, t, _)| c != t)
                    .map(|(year, challenger, target, force)| CrisisSpec {
                        year,
                        challenger,
                        target,
                        force,
                    })
                    .collect();
                WorldSpec {
                    states,
                    borders: borders.collect(),
                    alliances,
                    crises,
                }
            },
        )
    })
}

/// Random parameters within their valid ranges, for the mechanisms that move
/// capability, trust and war the most; the rest keep their defaults.
fn params() -> impl Strategy<Value = ModelParams> {
    (
        (-0.1f64..=0.2, 0.0f64..=1.0, 0.0f64..=1.0, 0.0f64..=1.0),
        (0.0f64..=1.0, 0.0f64..=1.0, 0.0f64..=3.0, 0.0f64..=1.0),
        (0.0f64..=1.0, 0.0f64..0.99, 0.1f64..=5.0, 0.01f64..=3.0),
        (0.0f64..=5.0, 0.1f64..=3.0, 0.0f64..=1.0, 0.0f64..=1.0),
    )
        .prop_map(
            |(
                (growth, dep, base, arm),
                (lo, hi, noise, dispute),
                (cost, persist, def, choice),
                (rep, conquest, t0, tl),
            )| {
                ModelParams {
                    growth,
                    depreciation: dep,
                    base_spending: base,
                    arming_rate: arm,
                    spending_min: lo.min(hi),
                    spending_max: lo.max(hi),
                    perception_noise: noise,
                    dispute_rate: dispute,
                    war_cost: cost,
                    war_persistence: persist,
                    defender_advantage: def,
                    choice_noise: choice,
                    reputation: rep,
                    conquest_ratio: conquest,
                    trust_init: t0,
                    trust_learning: tl,
                    ..ModelParams::default()
                }
            },
        )
}

/// Checks the per-year and per-run invariants of one replication.
fn check_record(spec: &WorldSpec, yearly: &[f64], run: &[f64]) -> Result<(), TestCaseError> {
    let (calls, honoured, rate) = (k("alliance_calls"), k("calls_honoured"), k("honour_rate"));
    let (alive, deterred) = (k("states_alive"), k("deterred_by_alliance"));
    let mut last_alive = f64::INFINITY;
    for (y, row) in yearly.chunks_exact(METRIC_COUNT).enumerate() {
        for (m, (&x, def)) in row.iter().zip(METRICS).enumerate() {
            prop_assert!(!x.is_infinite(), "year {y}: {} = {x}", def.name);
            // Only a ratio or a reading with nothing to divide may be absent.
            if def.kind == MetricKind::Count {
                prop_assert!(x.is_finite() && x >= 0.0, "year {y}: {} = {x}", def.name);
                prop_assert_eq!(x.fract(), 0.0, "year {}: {} = {}", y, def.name, x);
            }
            prop_assert!(m != alive || x.is_finite(), "year {y}: states_alive absent");
        }
        prop_assert!(row[honoured] <= row[calls], "year {y}: {row:?}");
        let r = row[rate];
        prop_assert!(
            r.is_nan() || (0.0..=1.0).contains(&r),
            "year {y}: honour_rate {r}"
        );
        // Absent exactly when there is nothing to divide.
        prop_assert_eq!(
            r.is_nan(),
            row[calls] == 0.0,
            "year {}: honour_rate {}",
            y,
            r
        );
        let ended = row[k("wars_ended")];
        let size = row[k("mean_war_size")];
        prop_assert_eq!(
            size.is_nan(),
            ended == 0.0,
            "year {}: mean_war_size {}",
            y,
            size
        );
        prop_assert!(
            size.is_nan() || size >= 2.0,
            "year {y}: mean_war_size {size}"
        );
        prop_assert!(row[alive] >= 1.0 && row[alive] <= spec.states.len() as f64);
        prop_assert!(row[alive] <= last_alive, "year {y}: states_alive rose");
        last_alive = row[alive];
        if spec.alliances.is_empty() {
            prop_assert_eq!(row[deterred], 0.0, "year {}", y);
            prop_assert_eq!(row[calls], 0.0, "year {}", y);
            prop_assert_eq!(row[honoured], 0.0, "year {}", y);
        }
    }
    for (&x, def) in run.iter().zip(METRICS) {
        prop_assert!(!x.is_infinite(), "run: {} = {x}", def.name);
        if def.kind == MetricKind::Count {
            prop_assert!(x.is_finite() && x >= 0.0, "run: {} = {x}", def.name);
        }
    }
    prop_assert!(run[honoured] <= run[calls]);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Every year of every replication keeps the metrics' invariants, and
    /// every recorded war is fought between distinct, existing states.
    #[test]
    fn metrics_and_wars_keep_their_invariants(
        spec in world_spec(true),
        p in params(),
        years in 20u32..=50,
        seed in any::<u64>(),
    ) {
        prop_assert_eq!(p.check(), vec![]);
        let world = World::new(&spec, &p);
        for r in 0..3 {
            let rec = simulate(&world, &p, years, &mut Stream::for_replication(seed, r), true);
            check_record(&spec, &rec.yearly, &rec.run)?;
            let n = spec.states.len() as u32;
            for war in &rec.wars {
                let mut all: Vec<u32> = war.members.iter().map(|m| m.state).collect();
                prop_assert_eq!(war.side(0).first().copied(), Some(war.initiator));
                prop_assert_eq!(war.side(1).first().copied(), Some(war.target));
                prop_assert!(all.iter().all(|&s| s < n), "{war:?}");
                all.sort_unstable();
                all.dedup();
                prop_assert_eq!(all.len(), war.members.len(), "{:?}", war);
                prop_assert!(war.start <= war.end && war.end < years, "{war:?}");
                for m in &war.members {
                    prop_assert!(m.entered >= war.start && m.entered <= war.end, "{war:?}");
                }
                prop_assert_eq!(
                    war.members[..2].iter().map(|m| m.how).collect::<Vec<_>>(),
                    vec![Entry::Originator; 2]
                );
            }
            let ended = rec.wars.iter().filter(|w| w.ending != WarEnd::Unfinished).count();
            let total: u64 = rec.war_sizes.iter().sum();
            prop_assert_eq!(total as usize, ended);
        }
    }

    /// Without alliances nothing is deterred by, or calls upon, an alliance.
    #[test]
    fn without_alliances_no_alliance_effects(
        spec in world_spec(false),
        p in params(),
        seed in any::<u64>(),
    ) {
        prop_assert!(spec.alliances.is_empty());
        let world = World::new(&spec, &p);
        for r in 0..3 {
            let rec = simulate(&world, &p, 30, &mut Stream::for_replication(seed, r), false);
            check_record(&spec, &rec.yearly, &rec.run)?;
            prop_assert_eq!(rec.run[k("deterred_by_alliance")], 0.0);
            prop_assert_eq!(rec.run[k("alliance_calls")], 0.0);
        }
    }

    /// Capability and wealth stay finite and non-negative for every state, every year.
    #[test]
    fn capability_is_never_negative(
        spec in world_spec(true),
        p in params(),
        seed in any::<u64>(),
    ) {
        let world = World::new(&spec, &p);
        let mut s = SimState::new(&world, &p, super::Recording::default());
        let mut rng = Stream::for_replication(seed, 0);
        for y in 0..40 {
            s.step(&mut rng);
            for (i, (&c, &w)) in s.cap.iter().zip(&s.wealth).enumerate() {
                prop_assert!(c.is_finite() && c >= 0.0, "year {y}, state {i}: capability {c}");
                prop_assert!(w.is_finite() && w >= 0.0, "year {y}, state {i}: wealth {w}");
            }
        }
    }

    /// The experiment's results do not depend on the number of threads.
    #[test]
    fn one_and_two_threads_agree(
        spec in world_spec(true),
        p in params(),
        seed in any::<u64>(),
    ) {
        let world = World::new(&spec, &p);
        let plan = Plan {
            world: &world,
            params: &p,
            years: 25,
            seed,
            first: 0,
            count: 6,
            records: super::Recording::wars(true),
        };
        let bits = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
        let run_on = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let mut seen = Vec::new();
            let aggs = pool.install(|| {
                experiment::run_many(
                    std::slice::from_ref(&plan),
                    &AtomicBool::new(false),
                    |r, recs| {
                        seen.push((r, bits(&recs[0].yearly), bits(&recs[0].run), recs[0].wars.clone()));
                        Ok::<(), Interrupted>(())
                    },
                    |_| {},
                )
            });
            let means: Vec<Option<u64>> = aggs
                .unwrap()
                .iter()
                .flat_map(|a| a.run.iter().map(|m| m.mean().map(f64::to_bits)))
                .collect();
            (seen, means)
        };
        let (one, two) = (run_on(1), run_on(2));
        prop_assert_eq!(one.0.len(), 6);
        prop_assert!(one == two);
    }
}
