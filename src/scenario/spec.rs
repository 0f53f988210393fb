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

/// What each kind obliges is said here and nowhere else: the model asks these
/// methods (through [`crate::model::world::Alliance`]) rather than naming kinds, so a
/// change to a pledge's terms is a change to one match.
impl AllianceKind {
    /// Every kind, in declaration order: the order scenario errors list them in,
    /// and the numbering of the event records' sets of kinds (bit `k` is `ALL[k]`).
    pub const ALL: [AllianceKind; 4] = [
        AllianceKind::Defense,
        AllianceKind::Offense,
        AllianceKind::Neutrality,
        AllianceKind::Entente,
    ];

    /// The kind's name as written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            AllianceKind::Defense => "defense",
            AllianceKind::Offense => "offense",
            AllianceKind::Neutrality => "neutrality",
            AllianceKind::Entente => "entente",
        }
    }

    /// How much a pledge of this kind weighs, as the model's parameters say
    /// (`defense_pledge` and so on); a pledge's strength is its reliability
    /// times this.
    pub fn weight(self, p: &ModelParams) -> f64 {
        match self {
            AllianceKind::Defense => p.defense_pledge,
            AllianceKind::Offense => p.offense_pledge,
            AllianceKind::Neutrality => p.neutrality_pledge,
            AllianceKind::Entente => p.entente_pledge,
        }
    }

    /// Whether a member being attacked puts the pledge to work, so that its
    /// partners are asked to come in and its members count on their help: a
    /// defence pledge (to fight for the member) and an entente (to consult).
    /// An offence pledge promises nothing to a member attacked, and a
    /// neutrality pledge only that partners stay out.
    #[inline]
    pub fn answers_partner_attacked(self) -> bool {
        matches!(self, AllianceKind::Defense | AllianceKind::Entente)
    }

    /// Whether a member attacking puts the pledge to work, so that its
    /// partners are asked to come in: an offence pledge (to join the attack)
    /// and an entente (to consult). A defence pledge does not cover a member
    /// that starts the war.
    #[inline]
    pub fn answers_partner_attacking(self) -> bool {
        matches!(self, AllianceKind::Offense | AllianceKind::Entente)
    }

    /// Whether a member fighting on `side` (0 = the attacker's, 1 = the
    /// defender's) puts the pledge to work: one of the two rules above.
    #[inline]
    pub fn answers(self, side: u8) -> bool {
        match side {
            0 => self.answers_partner_attacking(),
            _ => self.answers_partner_attacked(),
        }
    }

    /// Whether the pledge is a promise to fight, so that a partner's war is a
    /// call on the members, answered, counted and remembered: defence and
    /// offence. An entente promises only to consult, and a neutrality pledge
    /// to stay out; they pull, but they do not call.
    #[inline]
    pub fn obliges_fighting(self) -> bool {
        matches!(self, AllianceKind::Defense | AllianceKind::Offense)
    }

    /// Whether the partners must fight for a member that is attacked: a
    /// promise to fight that a member attacked puts to work, which is a
    /// defence pledge alone. This is what makes a state "allied" in the
    /// results (an entente does not).
    #[inline]
    pub fn obliges_defence(self) -> bool {
        self.obliges_fighting() && self.answers_partner_attacked()
    }

    /// Whether rivals count the partners' capability behind a member: every
    /// kind but neutrality, whose members promise only to stay out of each
    /// other's wars and so add nothing to one another's strength.
    #[inline]
    pub fn pools_capability(self) -> bool {
        self != AllianceKind::Neutrality
    }

    /// The pledge's terms (its *casus foederis*, as the ATOP project codes
    /// it): the side of a war it pulls an outside member toward, given whether
    /// other members fight on the attacker's side (`on[0]`) and on the
    /// defender's side (`on[1]`).
    ///
    /// - defence: toward the defenders, when a member is attacked (whoever else
    ///   is in the war: collective security defends a member attacked by a member);
    /// - offence: toward the attackers, when a member attacks a non-member;
    /// - entente (a promise to consult): a weak pull toward the partners' side,
    ///   when they are all on one side; it obliges no one to fight;
    /// - neutrality or non-aggression: toward neither side; fighting a partner
    ///   breaks it.
    ///
    /// Anything that is not the side returned counts against fighting a partner
    /// (see `decision::Pacts`).
    #[inline]
    pub fn duty(self, on: [bool; 2]) -> Option<u8> {
        match self {
            AllianceKind::Defense => on[1].then_some(1),
            AllianceKind::Offense => (on[0] && !on[1]).then_some(0),
            AllianceKind::Entente => match on {
                [true, false] => Some(0),
                [false, true] => Some(1),
                _ => None,
            },
            AllianceKind::Neutrality => None,
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
