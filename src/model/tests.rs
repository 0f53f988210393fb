//! Tests of mechanisms working together over many years and replications:
//! the behaviours the design asks the model to make possible, each checked in
//! a world small enough to reason about.

use crate::rng::Stream;
use crate::scenario::AllianceKind;

use super::metrics::metric_index;
use super::testkit::{SimHarness, trio_with, trio_world};
use super::{ModelParams, World, simulate};

/// Wars begun by `initiator` against `target` over `reps` replications of `years` years.
fn attacks(
    w: &World,
    p: &ModelParams,
    initiator: u32,
    target: u32,
    reps: u64,
    years: u32,
) -> usize {
    (0..reps)
        .map(|r| {
            let mut rng = Stream::for_replication(11, r);
            let rec = simulate(w, p, years, &mut rng, true);
            rec.wars
                .iter()
                .filter(|war| war.initiator == initiator && war.target == target)
                .count()
        })
        .sum()
}

fn total(w: &World, p: &ModelParams, metric: &str, reps: u64, years: u32) -> f64 {
    let idx = metric_index(metric).unwrap();
    (0..reps)
        .map(|r| {
            let mut rng = Stream::for_replication(5, r);
            simulate(w, p, years, &mut rng, false).run[idx]
        })
        .filter(|x| x.is_finite())
        .sum()
}

#[test]
fn a_reliable_strong_ally_deters_attacks_on_a_small_target() {
    let p = ModelParams::default();
    let (with, _) = trio_world(Some(1.0));
    let (without, _) = trio_world(None);
    let a = attacks(&with, &p, 1, 0, 60, 100);
    let b = attacks(&without, &p, 1, 0, 60, 100);
    assert!(
        b > 0,
        "the challenger must attack the lone target sometimes"
    );
    assert!((a as f64) < 0.8 * b as f64, "allied {a} vs alone {b}");
    assert!(total(&with, &p, "deterred_by_alliance", 30, 100) > 0.0);
    assert_eq!(total(&without, &p, "deterred_by_alliance", 30, 100), 0.0);
}

#[test]
fn at_reliability_zero_the_ally_changes_nothing_in_the_challengers_calculation() {
    let p = ModelParams::default();
    let (zero, _) = trio_world(Some(0.0));
    let (none, _) = trio_world(None);
    for seed in 0..20 {
        let mut a = SimHarness::new(&zero, &p, seed);
        let mut b = SimHarness::new(&none, &p, seed);
        a.state.begin_year();
        b.state.begin_year();
        let x = a.state.assess(1, 0, &mut a.rng);
        let y = b.state.assess(1, 0, &mut b.rng);
        assert_eq!(x.eu_with.to_bits(), y.eu_with.to_bits());
        assert_eq!(x.p_win.to_bits(), y.p_win.to_bits());
        assert_eq!(x.eu_with.to_bits(), x.eu_without.to_bits());
    }
}

#[test]
fn a_neutrality_pact_with_the_bystander_raises_initiation() {
    let p = ModelParams::default();
    let (neutral, _) = trio_with(Some((AllianceKind::Neutrality, vec![1, 2], 1.0)));
    let (none, _) = trio_with(None);
    let a = attacks(&neutral, &p, 1, 0, 60, 100);
    let b = attacks(&none, &p, 1, 0, 60, 100);
    assert!(a as f64 > 1.1 * b as f64, "neutral {a} vs none {b}");
}

#[test]
fn honouring_is_a_choice_that_depends_on_reliability() {
    let (hi, _) = trio_world(Some(0.5));
    let (lo, _) = trio_world(Some(0.2));
    let p = ModelParams::default();
    let rate = |w: &World| {
        total(w, &p, "calls_honoured", 60, 100) / total(w, &p, "alliance_calls", 60, 100)
    };
    let (rh, rl) = (rate(&hi), rate(&lo));
    assert!(rh > rl, "reliable {rh} vs unreliable {rl}");
    assert!(rh < 1.0 && rl > 0.0, "a choice, not a rule: {rh}, {rl}");
}

#[test]
fn with_no_alliances_nothing_is_deterred_or_called() {
    let (w, _) = trio_world(None);
    let p = ModelParams::default();
    for m in [
        "deterred_by_alliance",
        "emboldened_by_alliance",
        "alliance_calls",
        "calls_honoured",
    ] {
        assert_eq!(total(&w, &p, m, 20, 100), 0.0, "{m}");
    }
}

#[test]
fn the_same_alliance_can_lower_or_raise_attacks_depending_on_its_kind() {
    // Nothing encodes "alliances reduce war": a pledge by the bystander to defend the
    // target lowers attacks on it; a pledge to join the challenger raises them.
    // Conquest is off so that a target conquered early does not cut the count short.
    let p = ModelParams {
        conquest_ratio: 1e9,
        ..ModelParams::default()
    };
    let (defend, _) = trio_with(Some((AllianceKind::Defense, vec![0, 2], 0.9)));
    let (join_attack, _) = trio_with(Some((AllianceKind::Offense, vec![1, 2], 0.9)));
    let (none, _) = trio_with(None);
    let d = attacks(&defend, &p, 1, 0, 60, 100);
    let o = attacks(&join_attack, &p, 1, 0, 60, 100);
    let n = attacks(&none, &p, 1, 0, 60, 100);
    assert!(d < n && n < o, "defence {d}, none {n}, offence {o}");
}

#[test]
fn a_scripted_crisis_happens_in_its_year() {
    use crate::scenario::CrisisSpec;
    // No ordinary disputes, so no earlier war can keep either state busy.
    let p = ModelParams {
        dispute_rate: 0.0,
        ..ModelParams::default()
    };
    let (_, mut spec) = trio_world(None);
    // Year 3 (1-based) is index 2 of the yearly records.
    spec.crises.push(CrisisSpec {
        year: 3,
        challenger: 1,
        target: 0,
        force: false,
    });
    let w = World::new(&spec, &p);
    let crises = metric_index("crises").unwrap();
    let disputes = metric_index("disputes").unwrap();
    for r in 0..20 {
        let mut rng = Stream::for_replication(3, r);
        let rec = simulate(&w, &p, 5, &mut rng, true);
        for year in 0..5 {
            let row = &rec.yearly[year * super::METRIC_COUNT..];
            let expected = if year == 2 { 1.0 } else { 0.0 };
            assert_eq!(row[crises], expected, "replication {r}, year {year}");
            assert_eq!(row[disputes], expected, "replication {r}, year {year}");
        }
    }

    // Forced, it is a war every time, begun by the challenger in that year.
    spec.crises[0].force = true;
    let w = World::new(&spec, &p);
    let crisis_wars = metric_index("crisis_wars").unwrap();
    for r in 0..20 {
        let mut rng = Stream::for_replication(3, r);
        let rec = simulate(&w, &p, 5, &mut rng, true);
        assert!(
            rec.wars
                .iter()
                .any(|war| war.start == 2 && war.initiator == 1 && war.target == 0),
            "replication {r}: {:?}",
            rec.wars
        );
        assert_eq!(rec.run[crisis_wars], 1.0);
    }
}

#[test]
fn a_crisis_against_a_state_at_war_does_not_happen() {
    use crate::scenario::CrisisSpec;
    let p = ModelParams::default();
    let (_, mut spec) = trio_world(None);
    // Two crises in year 1 against the same target: the first, forced, starts a
    // war; the target is then busy, so the second cannot take place.
    for challenger in [1, 2] {
        spec.crises.push(CrisisSpec {
            year: 1,
            challenger,
            target: 0,
            force: true,
        });
    }
    let w = World::new(&spec, &p);
    let crises = metric_index("crises").unwrap();
    let mut rng = Stream::for_replication(1, 0);
    let rec = simulate(&w, &p, 1, &mut rng, true);
    assert_eq!(rec.yearly[crises], 1.0);
}

#[test]
fn war_years_count_each_participant_for_each_year_of_its_war() {
    // No conquest, so every participant is alive and fighting from a war's first
    // year to its last (or the end of the run): the metric must equal that sum,
    // counted from the wars themselves.
    let p = ModelParams {
        conquest_ratio: 1e9,
        war_persistence: 0.98,
        dispute_rate: 0.5,
        ..ModelParams::default()
    };
    let (w, _) = trio_world(Some(0.6));
    let years = 60;
    let (war_years, state_years) = (
        metric_index("war_years").unwrap(),
        metric_index("war_onset_rate").unwrap(),
    );
    let mut checked = 0;
    for r in 0..40 {
        let rec = simulate(&w, &p, years, &mut Stream::for_replication(9, r), true);
        let from_wars: u32 = rec
            .wars
            .iter()
            .map(|war| {
                let last = war.end.min(years - 1);
                (last + 1 - war.start) * (war.side_a.len() + war.side_b.len()) as u32
            })
            .sum();
        // war_onset_rate = 100 wars / state-years gives the state-years back.
        let sy = if rec.wars.is_empty() {
            continue;
        } else {
            100.0 * rec.wars.len() as f64 / rec.run[state_years]
        };
        let got = rec.run[war_years] * sy / 100.0;
        assert!(
            (got - f64::from(from_wars)).abs() < 1e-6,
            "replication {r}: {got} state-years at war, the wars say {from_wars}"
        );
        if rec.wars.iter().any(|war| war.end > war.start) {
            checked += 1;
        }
    }
    assert!(
        checked > 5,
        "too few replications with a war over a year long: {checked}"
    );
}
