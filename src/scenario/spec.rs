//! The validated scenario: what the model and the experiments are allowed to see.
//!
//! Everything here has passed validation: ids are unique, references resolve to
//! indices, numbers are finite and in range, and every state has a position.
//! Parsing, overrides and checks live in the sibling modules; nothing in this
//! file can fail.

use serde::Serialize;

use super::params::ModelParams;

/// The kind of an alliance pledge, as coded by the Correlates of War and ATOP projects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AllianceKind {
    /// Members pledge to fight for a member that is attacked.
    Defense,
    /// Members pledge to join a member's attack.
    Offense,
    /// Members pledge to stay out of wars against each other (neutrality / non-aggression).
    Neutrality,
    /// Members pledge to consult in a crisis; weaker than a defence pledge.
    Entente,
}

impl AllianceKind {
    /// The kind's name as written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            AllianceKind::Defense => "defense",
            AllianceKind::Offense => "offense",
            AllianceKind::Neutrality => "neutrality",
            AllianceKind::Entente => "entente",
        }
    }
}

/// One state at the start of a replication.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StateSpec {
    /// Unique short id (e.g. `AVA`, or a COW abbreviation).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Military capability (> 0), in the scenario's own units.
    pub capability: f64,
    /// Wealth (> 0), in the same units as capability is bought with.
    pub wealth: f64,
    /// Dissatisfaction with the status quo, 0..1.
    pub revisionism: f64,
    /// Risk attitude, 0 (averse) .. 0.5 (neutral) .. 1 (acceptant).
    pub risk: f64,
    /// Optional region label (used for grouping in reports).
    pub region: Option<String>,
    /// Place on the map; neighbours are about 1 unit apart.
    pub position: [f64; 2],
    /// Capital city as `[latitude, longitude]` in degrees, for drawing the map
    /// only: the model never reads it (it projects power over `position`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capital: Option<[f64; 2]>,
}

/// One alliance, with members as indices into [`WorldSpec::states`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AllianceSpec {
    /// Display name.
    pub name: String,
    /// What the members pledge.
    pub kind: AllianceKind,
    /// Member state indices, distinct, at least two.
    pub members: Vec<usize>,
    /// How much members value keeping the pledge, 0..1.
    pub reliability: f64,
    /// Institutionalised dialogue among members, 0..1.
    pub dialogue: f64,
    /// Military integration (joint command, exercises, interoperability), 0..1.
    pub integration: f64,
    /// Intelligence sharing, 0..1.
    pub intelligence: f64,
    /// Economic ties among members, 0..1.
    pub economic_ties: f64,
}

/// The world a replication starts from.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct WorldSpec {
    /// The states, in file (or generation) order.
    pub states: Vec<StateSpec>,
    /// Borders as pairs of state indices, each pair once, with the smaller index first.
    pub borders: Vec<(usize, usize)>,
    /// The alliances.
    pub alliances: Vec<AllianceSpec>,
    /// Scripted crises, in file order.
    pub crises: Vec<CrisisSpec>,
}

/// A scripted crisis: in `year` the challenger raises a dispute with the target
/// for certain, before the year's ordinary disputes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CrisisSpec {
    /// The year it happens, 1-based (1 is the first simulated year).
    pub year: u32,
    /// Index of the state that raises the dispute.
    pub challenger: usize,
    /// Index of the state it is raised against.
    pub target: usize,
    /// Whether the challenger attacks regardless of settlement and its own
    /// calculation (a scripted war start), rather than deciding as usual.
    pub force: bool,
}

/// Length and size of the experiment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Simulation {
    /// Years per replication (≥ 1).
    pub years: u32,
    /// Replications (≥ 1).
    pub replications: u32,
    /// Seed of the whole run; replication r uses stream r of this seed.
    pub seed: u64,
}

/// A named alternative for `compare`: overrides applied on top of the scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Variant {
    /// The variant's name.
    pub name: String,
    /// The overrides, as (dotted path, TOML value) pairs, in file order.
    pub set: Vec<(String, toml::Value)>,
}

/// A scenario after parsing, overrides, defaults and validation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    /// Display name.
    pub name: String,
    /// What the scenario is for.
    pub description: String,
    /// Years, replications, seed.
    pub simulation: Simulation,
    /// The initial world.
    pub world: WorldSpec,
    /// Behavioural parameters.
    pub model: ModelParams,
    /// Named alternatives for `compare`.
    pub variants: Vec<Variant>,
}
