//! Tests of mechanisms working together over many years and replications:
//! the behaviours the design asks the model to make possible, each checked in
//! a world small enough to reason about.

use crate::rng::Stream;
use crate::scenario::AllianceKind;

use super::metrics::metric_index;
use super::testkit::{SimHarness, alliance, bits, trio_with, trio_world};
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
    // A pact with nothing but its pledge, of strength 0.
    let mut pact = alliance(AllianceKind::Defense, &[0, 2], 0.0);
    (
        pact.dialogue,
        pact.integration,
        pact.intelligence,
        pact.economic_ties,
    ) = (0.0, 0.0, 0.0, 0.0);
    let (_, mut spec) = trio_world(None);
    let none = World::new(&spec, &p);
    spec.alliances.push(pact);
    let zero = World::new(&spec, &p);
    for seed in 0..20 {
        let mut a = SimHarness::new(&zero, &p, seed);
        let mut b = SimHarness::new(&none, &p, seed);
        // The challenger's view of a crisis at each rung, with and without the
        // target's pledged partners: a pledge of strength 0 is no pledge.
        let view = |h: &mut SimHarness| {
            h.state.begin_year();
            h.state.gather(1, 0, &mut h.rng);
            h.state.set_up(1, 0);
            (2..=5)
                .flat_map(|level| {
                    h.state.sharpen(1, 0, level);
                    [
                        h.state.evaluate(1, 0, false, true),
                        h.state.evaluate(1, 0, false, false),
                        h.state.evaluate(1, 0, true, true),
                    ]
                })
                .map(f64::to_bits)
                .collect::<Vec<_>>()
        };
        let (x, y) = (view(&mut a), view(&mut b));
        assert_eq!(x, y, "seed {seed}");
        assert!(x.chunks(3).all(|c| c[0] == c[1]), "seed {seed}");
    }
}

#[test]
fn a_neutrality_pact_with_the_bystander_emboldens_the_challenger() {
    // The bystander promised the challenger to stay out of its wars: the target,
    // knowing it, gives in more often, and the bystander rarely fights the challenger.
    // Conquest is off so that a target conquered early does not cut the count short.
    let p = ModelParams {
        conquest_ratio: 1e9,
        ..ModelParams::default()
    };
    let (neutral, _) = trio_with(Some((AllianceKind::Neutrality, vec![1, 2], 1.0)));
    let (none, _) = trio_with(None);
    let (a, b) = (
        total(&neutral, &p, "concessions", 200, 100),
        total(&none, &p, "concessions", 200, 100),
    );
    assert!(a > 1.1 * b, "neutral {a} vs none {b}");
    let against_challenger = |w: &World| {
        (0..200)
            .flat_map(|r| simulate(w, &p, 100, &mut Stream::for_replication(4, r), true).wars)
            .filter(|war| war.initiator == 1 && war.target == 0 && war.side(1).contains(&2))
            .count()
    };
    let (a, b) = (against_challenger(&neutral), against_challenger(&none));
    assert!(
        b > 20 && (a as f64) < 0.5 * b as f64,
        "neutral {a} vs none {b}"
    );
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
fn the_same_alliance_can_lower_or_raise_aggression_depending_on_its_kind() {
    // Nothing encodes "alliances reduce war": a pledge by the bystander to defend
    // the target makes the challenger's coercion fail (fewer wars, fewer
    // concessions); a pledge to join the challenger makes it succeed more often
    // (more concessions, and fewer wars: a target facing two gives in more often).
    // Conquest is off so that a target conquered early does not cut the count short.
    let p = ModelParams {
        conquest_ratio: 1e9,
        ..ModelParams::default()
    };
    let count = |pact, metric| {
        let (w, _) = trio_with(pact);
        total(&w, &p, metric, 200, 100)
    };
    let defend = Some((AllianceKind::Defense, vec![0, 2], 0.9));
    let join_attack = Some((AllianceKind::Offense, vec![1, 2], 0.9));
    let (d, n, o) = (
        count(defend.clone(), "concessions"),
        count(None, "concessions"),
        count(join_attack.clone(), "concessions"),
    );
    assert!(
        d < 0.5 * n && n * 1.1 < o,
        "concessions: defence {d}, none {n}, offence {o}"
    );
    let (d, n, o) = (
        count(defend, "wars_started"),
        count(None, "wars_started"),
        count(join_attack, "wars_started"),
    );
    assert!(
        d < 0.5 * n && o < 0.9 * n,
        "wars: defence {d}, none {n}, offence {o}"
    );
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
        war_cost: 0.001,
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
                war.members
                    .iter()
                    .map(|m| war.end + 1 - m.entered)
                    .sum::<u32>()
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

/// The trio world with one pact and a forced crisis of the challenger (1)
/// against the target (0) in year 1, with ordinary disputes off.
fn forced_war(pact: Option<(AllianceKind, Vec<usize>, f64)>, p: &ModelParams) -> World {
    use crate::scenario::CrisisSpec;
    let (_, mut spec) = trio_with(pact);
    spec.crises.push(CrisisSpec {
        year: 1,
        challenger: 1,
        target: 0,
        force: true,
    });
    World::new(&spec, p)
}

/// The wars of `reps` replications of `years` years.
fn wars_of(w: &World, p: &ModelParams, reps: u64, years: u32) -> Vec<super::WarRecord> {
    (0..reps)
        .flat_map(|r| simulate(w, p, years, &mut Stream::for_replication(8, r), true).wars)
        .collect()
}

/// Whether no participant of `war` came in answering an alliance call.
fn nobody_called(war: &super::WarRecord) -> bool {
    war.members
        .iter()
        .all(|m| !matches!(m.how, super::Entry::Called(_)))
}

fn quiet() -> ModelParams {
    ModelParams {
        dispute_rate: 0.0,
        ..ModelParams::default()
    }
}

#[test]
fn a_defence_partner_is_called_when_its_partner_is_attacked_not_when_it_attacks() {
    let p = quiet();
    let calls = metric_index("alliance_calls").unwrap();
    // The big state pledged to defend the challenger, which attacks: no call.
    let w = forced_war(Some((AllianceKind::Defense, vec![1, 2], 1.0)), &p);
    for r in 0..100 {
        let rec = simulate(&w, &p, 3, &mut Stream::for_replication(2, r), true);
        assert_eq!(rec.run[calls], 0.0, "replication {r}");
        for war in &rec.wars {
            assert!(nobody_called(war), "{war:?}");
        }
    }
    // Pledged to defend the target, which is attacked: called in every war.
    let w = forced_war(Some((AllianceKind::Defense, vec![0, 2], 1.0)), &p);
    for r in 0..100 {
        let rec = simulate(&w, &p, 3, &mut Stream::for_replication(2, r), true);
        assert_eq!(rec.run[calls], 1.0, "replication {r}");
    }
}

#[test]
fn a_pledge_of_strength_zero_is_never_called() {
    let p = quiet();
    let (calls, against, abandon) = (
        metric_index("alliance_calls").unwrap(),
        metric_index("joins_against_partner").unwrap(),
        metric_index("abandonments").unwrap(),
    );
    for pact in [
        (AllianceKind::Defense, vec![0, 2], 0.0),
        (AllianceKind::Offense, vec![1, 2], 0.0),
    ] {
        let w = forced_war(Some(pact), &p);
        let mut joined = 0;
        for r in 0..200 {
            let rec = simulate(&w, &p, 10, &mut Stream::for_replication(6, r), true);
            for m in [calls, against, abandon] {
                assert_eq!(rec.run[m], 0.0, "replication {r}");
            }
            for war in &rec.wars {
                assert!(nobody_called(war), "{war:?}");
                joined += war.members.len() - 2;
            }
        }
        // The big state still comes in on its own account now and then.
        assert!(joined > 0);
    }
}

#[test]
fn a_state_can_enter_a_war_in_its_second_year() {
    // Long, cheap wars, and a big neighbour with no pact that weighs each year
    // whether to come in.
    let p = ModelParams {
        war_cost: 0.005,
        war_persistence: 0.9,
        ..quiet()
    };
    let w = forced_war(None, &p);
    let wars = wars_of(&w, &p, 300, 6);
    let late: Vec<_> = wars
        .iter()
        .flat_map(|war| war.members.iter().filter(move |m| m.entered > war.start))
        .collect();
    assert!(
        late.iter().any(|m| m.entered == 1 && m.state == 2),
        "no state entered in the war's second year: {} wars, {} late",
        wars.len(),
        late.len()
    );
    let share = metric_index("late_joined_war_share").unwrap();
    let rec = simulate(&w, &p, 6, &mut Stream::for_replication(8, 0), true);
    assert!(rec.run[share].is_nan() || (0.0..=1.0).contains(&rec.run[share]));
}

#[test]
fn a_third_party_can_join_the_attacker() {
    use super::Entry;
    // A revisionist big neighbour of a small target, bound to no one: taking
    // the chance against it can be worth joining the attack.
    let p = quiet();
    let (_, mut spec) = trio_with(None);
    spec.states[2].revisionism = 1.0;
    spec.crises.push(crate::scenario::CrisisSpec {
        year: 1,
        challenger: 1,
        target: 0,
        force: true,
    });
    let w = World::new(&spec, &p);
    let wars = wars_of(&w, &p, 200, 2);
    let with_attacker = wars
        .iter()
        .filter(|war| {
            war.members
                .iter()
                .any(|m| m.state == 2 && m.side == 0 && m.how == Entry::OwnAccount)
        })
        .count();
    assert!(with_attacker > 10, "{with_attacker} of {} wars", wars.len());
}

#[test]
fn a_crisis_can_stop_at_each_rung() {
    let p = ModelParams::default();
    let (w, _) = trio_world(None);
    for m in [
        "disputes_threat",
        "disputes_display",
        "disputes_force",
        "wars_started",
        "concessions",
        "disputes_negotiated",
    ] {
        assert!(total(&w, &p, m, 50, 100) > 0.0, "{m}");
    }
    // Every dispute ends at one level: short of war at 2, 3 or 4, or in war.
    let levels: f64 = [
        "disputes_threat",
        "disputes_display",
        "disputes_force",
        "wars_started",
    ]
    .iter()
    .map(|m| total(&w, &p, m, 50, 100))
    .sum();
    assert_eq!(levels, total(&w, &p, "disputes", 50, 100));
}

#[test]
fn a_credible_signal_from_a_strong_ally_ends_a_crisis_that_would_otherwise_escalate() {
    let p = ModelParams::default();
    let (w, _) = trio_world(Some(1.0));
    let mut stopped = 0;
    for seed in 0..50 {
        let mut h = SimHarness::new(&w, &p, seed);
        let s = &mut h.state;
        s.begin_year();
        // The alliance has a record of abandoning its partners, so the
        // challenger does not count on the big state...
        s.calls[0] = 50.0;
        s.gather(1, 0, &mut h.rng);
        s.set_up(1, 0);
        s.sharpen(1, 0, 4);
        let attack = s.war_terms(1, 0, true);
        let p_win = s.evaluate(1, 0, false, true);
        let unsignalled = s.presses(4, s.war_utility(&attack, p_win), 0.0, 0.0);
        // ... until it commits in public.
        let ally = s.cand.iter().position(|c| c.state == 2).unwrap();
        assert_eq!(s.cand[ally].bound, 1);
        s.cand[ally].signalled = true;
        let p_signal = s.evaluate(1, 0, false, true);
        assert!(p_signal < p_win);
        let signalled = s.presses(4, s.war_utility(&attack, p_signal), 0.0, 0.0);
        assert!(!signalled || unsignalled, "seed {seed}");
        if unsignalled && !signalled {
            stopped += 1;
        }
    }
    assert!(stopped > 10, "the signal stopped {stopped} of 50 crises");
}

#[test]
fn the_table_of_reach_gives_the_same_replication_as_computing_it() {
    // Worlds of up to REACH_TABLE_MAX states look the projection of power up
    // in a table; larger ones compute it each time, and a replication whose
    // parameters have another decay than its world's makes its own table. A
    // generated world of 60 states in blocs, with its conquests (which rewire
    // borders) and its crises over many rungs, must come out bit for bit the
    // same both ways.
    let s = sixty_in_blocs();
    let w = World::new(&s.world, &s.model);
    let steeper = ModelParams {
        projection_decay: 2.0 * s.model.projection_decay,
        ..s.model.clone()
    };
    let (mut crises, mut wars) = (0.0, 0.0);
    for seed in 0..4 {
        // Even seeds use the world's table; odd ones their own, of another decay.
        let p = if seed % 2 == 0 { &s.model } else { &steeper };
        let mut table = SimHarness::new(&w, p, seed);
        let mut computed = SimHarness::new(&w, p, seed);
        assert_eq!(table.state.reach.len(), 60 * 60);
        let shared = std::ptr::eq(table.state.reach.as_ptr(), w.reach.as_ptr());
        assert_eq!(shared, seed % 2 == 0);
        computed.state.reach = Vec::new().into();
        for year in 0..300 {
            table.state.step(&mut table.rng);
            computed.state.step(&mut computed.rng);
            let (a, b) = (&table.state, &computed.state);
            assert_eq!(
                (bits(&a.cap), bits(&a.wealth), bits(&a.trust), &a.alive),
                (bits(&b.cap), bits(&b.wealth), bits(&b.trust), &b.alive),
                "seed {seed}, year {year}"
            );
            crises += a.tally.disputes;
            assert_eq!(
                (a.tally.disputes, a.tally.wars),
                (b.tally.disputes, b.tally.wars)
            );
            wars += a.tally.wars;
        }
    }
    // The check covered crises that reached war, not only quiet years.
    assert!(
        crises > 1000.0 && wars > 10.0,
        "{crises} crises, {wars} wars"
    );
}

#[test]
fn the_targets_pass_after_commitments_is_the_full_pass() {
    // After partners commit in public, the target's pass reuses what every
    // other candidate brought in its pass before; the full pass on the same
    // state must give the same chance and the same expectations, bit for bit.
    let s = sixty_in_blocs();
    let w = World::new(&s.world, &s.model);
    let mut h = SimHarness::new(&w, &s.model, 3);
    let mut rng = Stream::for_replication(4, 0);
    let mut checked = 0;
    for _ in 0..40 {
        h.state.step(&mut h.rng);
        for i in 0..w.n {
            let Some(&j) = h.state.adj[i].first() else {
                continue;
            };
            let j = j as usize;
            if !h.state.available(i) || !h.state.available(j) {
                continue;
            }
            let st = &mut h.state;
            st.gather(i, j, &mut rng);
            st.set_up(i, j);
            for level in 2..=4 {
                st.sharpen(i, j, level);
                st.evaluate(i, j, true, true);
                let mut any = false;
                for c in &mut st.cand {
                    if c.bound != crate::model::state::NO_SIDE && !c.signalled && rng.chance(0.5) {
                        c.signalled = true;
                        any = true;
                    }
                }
                if !any {
                    continue;
                }
                let again = st.evaluate_after_signals(i, j);
                let after = (
                    st.next,
                    st.cand.iter().map(|c| (c.next, c.own)).collect::<Vec<_>>(),
                );
                let full = st.evaluate(i, j, true, true);
                let redone = (
                    st.next,
                    st.cand.iter().map(|c| (c.next, c.own)).collect::<Vec<_>>(),
                );
                assert_eq!(again.to_bits(), full.to_bits());
                assert_eq!(format!("{after:?}"), format!("{redone:?}"));
                checked += 1;
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} passes after commitments checked"
    );
}

/// A generated world of 60 states on a grid in blocs: crises over many rungs,
/// partners that commit, wars and conquests.
fn sixty_in_blocs() -> crate::scenario::Scenario {
    let text = "name = 'g'\n[simulation]\nseed = 7\n[generate]\nstates = 60\ntopology = 'grid'\nalliances = 'blocs'\n";
    crate::scenario::load_str("g.toml", text, &[]).unwrap()
}
