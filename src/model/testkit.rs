//! Small hand-made worlds for the model's unit tests.

use crate::rng::Stream;
use crate::scenario::{AllianceKind, AllianceSpec, StateSpec, WorldSpec};

use super::state::SimState;
use super::{ModelParams, World};

/// A state with the given capability and revisionism at `pos`.
pub fn state(id: &str, capability: f64, revisionism: f64, pos: [f64; 2]) -> StateSpec {
    StateSpec {
        id: id.to_string(),
        name: id.to_string(),
        capability,
        wealth: capability * 5.0,
        revisionism,
        risk: 0.5,
        region: None,
        position: pos,
        capital: None,
    }
}

/// An alliance of `members` of the given kind and reliability.
pub fn alliance(kind: AllianceKind, members: &[usize], reliability: f64) -> AllianceSpec {
    AllianceSpec {
        name: "pact".to_string(),
        kind,
        members: members.to_vec(),
        reliability,
        dialogue: 0.5,
        integration: 0.2,
        intelligence: 0.3,
        economic_ties: 0.2,
    }
}

/// Two bordering states of equal size; optionally allied with the given economic ties.
pub fn pair_world(allied: bool, ties: f64) -> (World, WorldSpec) {
    let mut spec = WorldSpec {
        states: vec![
            state("A", 10.0, 0.5, [0.0, 0.0]),
            state("B", 10.0, 0.5, [1.0, 0.0]),
        ],
        borders: vec![(0, 1)],
        alliances: vec![],
        crises: vec![],
    };
    if allied {
        let mut a = alliance(AllianceKind::Defense, &[0, 1], 0.75);
        a.economic_ties = ties;
        spec.alliances.push(a);
    }
    (World::new(&spec, &ModelParams::default()), spec)
}

/// A small target (0), a revisionist challenger (1) on its west, and a large
/// state (2) on its east that borders only the target; with `Some(r)`, 0 and 2
/// have a defence pact of reliability `r`.
pub fn trio_world(reliability: Option<f64>) -> (World, WorldSpec) {
    trio_with(reliability.map(|r| (AllianceKind::Defense, vec![0, 2], r)))
}

/// The trio world with an arbitrary alliance.
pub fn trio_with(pact: Option<(AllianceKind, Vec<usize>, f64)>) -> (World, WorldSpec) {
    let mut spec = WorldSpec {
        states: vec![
            state("TGT", 4.0, 0.1, [0.0, 0.0]),
            state("CHL", 8.0, 1.0, [-1.0, 0.0]),
            state("BIG", 24.0, 0.0, [1.0, 0.0]),
        ],
        borders: vec![(0, 1), (0, 2)],
        alliances: vec![],
        crises: vec![],
    };
    if let Some((kind, members, r)) = pact {
        spec.alliances.push(alliance(kind, &members, r));
    }
    (World::new(&spec, &ModelParams::default()), spec)
}

/// A replication state and its stream, for driving steps by hand.
pub struct SimHarness<'a> {
    pub state: SimState<'a>,
    pub rng: Stream,
}

impl<'a> SimHarness<'a> {
    pub fn new(w: &'a World, p: &'a ModelParams, seed: u64) -> Self {
        SimHarness {
            state: SimState::new(w, p, super::Recording::wars(true)),
            rng: Stream::for_replication(seed, 0),
        }
    }
}

/// The bit patterns of `xs`, to compare floating-point results exactly.
pub fn bits(xs: &[f64]) -> Vec<u64> {
    xs.iter().map(|x| x.to_bits()).collect()
}

/// Runs `years` years of one replication and returns its final state.
pub fn run_years<'a>(w: &'a World, p: &'a ModelParams, years: u32, seed: u64) -> SimState<'a> {
    let mut h = SimHarness::new(w, p, seed);
    for _ in 0..years {
        h.state.step(&mut h.rng);
    }
    h.state
}

/// Three quarrelsome states, two of them in a defence pact, as a scenario
/// file: a small world whose runs have crises and wars to tell.
pub const THREE: &str = r#"
name = "Three"
[map]
borders = [["A", "B"], ["B", "C"], ["A", "C"]]
[simulation]
years = 40
replications = 4
seed = 7
[model]
dispute_rate = 0.9
[[states]]
id = "A"
name = "Avaria"
capability = 10.0
wealth = 50.0
revisionism = 0.9
risk = 0.8
[[states]]
id = "B"
name = "Borland"
capability = 6.0
wealth = 30.0
revisionism = 0.8
risk = 0.7
[[states]]
id = "C"
name = "Calder"
capability = 6.0
wealth = 30.0
revisionism = 0.2
risk = 0.5
[[alliances]]
name = "Pact"
kind = "defense"
members = ["B", "C"]
reliability = 0.8
"#;
