//! The static part of a world: what every replication starts from and never changes.
//!
//! States, borders and alliance memberships are laid out in flat arrays
//! (compressed adjacency lists) so the yearly loop walks contiguous memory and
//! allocates nothing. Anything that changes during a replication lives in
//! `SimState` instead.

use crate::scenario::{AllianceKind, WorldSpec};

use super::ModelParams;
use super::state::projection;

/// One alliance, with members stored as a range of [`World::member_state`].
#[derive(Clone, Debug)]
pub struct Alliance {
    /// Its name, for output.
    pub name: String,
    /// What members pledge.
    pub kind: AllianceKind,
    /// How much members value keeping the pledge.
    pub reliability: f64,
    /// Institutionalised dialogue.
    pub dialogue: f64,
    /// Military integration.
    pub integration: f64,
    /// Intelligence sharing.
    pub intelligence: f64,
    /// Economic ties.
    pub economic_ties: f64,
    /// The pledge's strength: reliability × the weight of its kind.
    pub pledge: f64,
    /// First membership id of this alliance.
    pub first: u32,
    /// One past the last membership id.
    pub end: u32,
}

impl Alliance {
    /// Whether members expect each other's help when attacked (what arming
    /// counts as expected help): a pledge that a member attacked puts to work,
    /// see [`AllianceKind::answers_partner_attacked`].
    pub fn helps(&self) -> bool {
        self.kind.answers_partner_attacked()
    }

    /// Whether a member owes anything by this pledge: a pledge of zero strength is no pledge.
    #[inline]
    pub fn binds(&self) -> bool {
        self.pledge > 0.0
    }

    /// The pledge's terms (its *casus foederis*): the side of a war this alliance
    /// pulls an outside member toward, given whether other members fight on the
    /// attacker's side (`on[0]`) and on the defender's side (`on[1]`); the rule
    /// for each kind is [`AllianceKind::duty`].
    #[inline]
    pub fn duty(&self, on: [bool; 2]) -> Option<u8> {
        self.kind.duty(on)
    }

    /// Whether a member fighting on `side` (0 = the attacker's) puts this pledge
    /// to work: its partners are then asked whether they will come in. That is
    /// as its kind says ([`AllianceKind::answers`]), and never for a pledge of
    /// strength 0.
    #[inline]
    pub fn summons(&self, side: u8) -> bool {
        self.binds() && self.kind.answers(side)
    }

    /// Whether the pull of [`Alliance::duty`] is an obligation to fight (a call
    /// that is answered, counted and remembered), not just a pull: a pledge of
    /// strength > 0 of a kind that obliges fighting.
    #[inline]
    pub fn calls(&self) -> bool {
        self.kind.obliges_fighting() && self.binds()
    }

    /// Whether the partners must fight for a member that is attacked: a
    /// defence pledge of strength > 0 (what makes a state "allied").
    #[inline]
    pub fn defends(&self) -> bool {
        self.kind.obliges_defence() && self.binds()
    }
}

/// The static world, shared read-only by all replications.
#[derive(Clone, Debug)]
pub struct World {
    /// Number of states.
    pub n: usize,
    /// State ids, for output.
    pub ids: Vec<String>,
    /// Positions on the map.
    pub pos: Vec<[f64; 2]>,
    /// Initial capability.
    pub capability: Vec<f64>,
    /// Initial wealth.
    pub wealth: Vec<f64>,
    /// Revisionism.
    pub revisionism: Vec<f64>,
    /// Risk attitude.
    pub risk: Vec<f64>,
    /// Capability bought per unit of spending, chosen so each state starts in
    /// steady state at the base spending share.
    pub efficiency: Vec<f64>,
    /// Start of each state's neighbours in [`World::adj`] (length n + 1).
    pub adj_start: Vec<u32>,
    /// Neighbours, grouped by state.
    pub adj: Vec<u32>,
    /// The alliances.
    pub alliances: Vec<Alliance>,
    /// The state of each membership id; memberships are grouped by alliance.
    pub member_state: Vec<u32>,
    /// The alliance of each membership id.
    pub member_alliance: Vec<u32>,
    /// Start of each state's membership ids in [`World::memberships`] (length n + 1).
    pub mem_start: Vec<u32>,
    /// Membership ids, grouped by state.
    pub memberships: Vec<u32>,
    /// Start of each state's signed pacts in [`World::signed`] (length n + 1).
    pub signed_start: Vec<u32>,
    /// The pacts each state signed in the scenario as written, grouped by state.
    /// Usually the alliances above; an experiment's control world that removes
    /// alliances keeps its treatment's list (see [`World::adopt_signatories`]),
    /// so "signatories" name the same states in both.
    pub signed: Vec<u32>,
    /// Scripted crises, sorted by year (stable, so file order breaks ties).
    pub crises: Vec<Crisis>,
    /// `projection(distance(a, b))` with decay [`World::reach_decay`] for every
    /// pair, row `a` at `a * n`, in worlds of up to [`REACH_TABLE_MAX`] states
    /// (empty in larger ones): the crisis and war calculations ask for it many
    /// times a year, and positions never move. Shared by every replication.
    pub(crate) reach: Vec<f64>,
    /// The projection decay [`World::reach`] was computed with.
    pub(crate) reach_decay: f64,
}

/// The largest world that keeps a table of every pair's projection of power
/// ([`World::reach`]; 512 states: 2 MiB).
pub(crate) const REACH_TABLE_MAX: usize = 512;

/// A scripted crisis, as the yearly loop uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Crisis {
    /// The year it happens, 0-based.
    pub year: u32,
    /// The state that raises the dispute.
    pub challenger: usize,
    /// The state it is raised against.
    pub target: usize,
    /// Whether the challenger attacks regardless (no settlement, no decision).
    pub force: bool,
}

impl World {
    /// Builds the static world from a validated specification.
    pub fn new(spec: &WorldSpec, params: &ModelParams) -> World {
        let n = spec.states.len();
        let mut degree = vec![0u32; n];
        for &(a, b) in &spec.borders {
            degree[a] += 1;
            degree[b] += 1;
        }
        let adj_start = prefix_sums(&degree);
        let mut fill = adj_start.clone();
        let mut adj = vec![0u32; spec.borders.len() * 2];
        for &(a, b) in &spec.borders {
            adj[fill[a] as usize] = b as u32;
            fill[a] += 1;
            adj[fill[b] as usize] = a as u32;
            fill[b] += 1;
        }

        let mut alliances = Vec::with_capacity(spec.alliances.len());
        let mut member_state = Vec::new();
        let mut member_alliance = Vec::new();
        let mut mem_count = vec![0u32; n];
        for (ai, a) in spec.alliances.iter().enumerate() {
            let first = member_state.len() as u32;
            for &m in &a.members {
                member_state.push(m as u32);
                member_alliance.push(ai as u32);
                mem_count[m] += 1;
            }
            let weight = a.kind.weight(params);
            alliances.push(Alliance {
                name: a.name.clone(),
                kind: a.kind,
                reliability: a.reliability,
                dialogue: a.dialogue,
                integration: a.integration,
                intelligence: a.intelligence,
                economic_ties: a.economic_ties,
                pledge: a.reliability * weight,
                first,
                end: member_state.len() as u32,
            });
        }
        let mem_start = prefix_sums(&mem_count);
        let mut fill = mem_start.clone();
        let mut memberships = vec![0u32; member_state.len()];
        for (id, &s) in member_state.iter().enumerate() {
            memberships[fill[s as usize] as usize] = id as u32;
            fill[s as usize] += 1;
        }

        let efficiency = spec
            .states
            .iter()
            .map(|s| {
                params.depreciation * s.capability / (params.base_spending.max(1e-9) * s.wealth)
            })
            .collect();

        let signed_start = mem_start.clone();
        let signed = memberships
            .iter()
            .map(|&m| member_alliance[m as usize])
            .collect();
        let mut crises: Vec<Crisis> = spec
            .crises
            .iter()
            .map(|c| Crisis {
                year: c.year.saturating_sub(1),
                challenger: c.challenger,
                target: c.target,
                force: c.force,
            })
            .collect();
        crises.sort_by_key(|c| c.year);

        let mut world = World {
            n,
            ids: spec.states.iter().map(|s| s.id.clone()).collect(),
            pos: spec.states.iter().map(|s| s.position).collect(),
            capability: spec.states.iter().map(|s| s.capability).collect(),
            wealth: spec.states.iter().map(|s| s.wealth).collect(),
            revisionism: spec.states.iter().map(|s| s.revisionism).collect(),
            risk: spec.states.iter().map(|s| s.risk).collect(),
            efficiency,
            adj_start,
            adj,
            alliances,
            member_state,
            member_alliance,
            mem_start,
            memberships,
            signed_start,
            signed,
            crises,
            reach: Vec::new(),
            reach_decay: params.projection_decay,
        };
        world.reach = world.reach_table(params.projection_decay);
        world
    }

    /// The table of [`World::reach`] for projection decay `decay`: empty above
    /// [`REACH_TABLE_MAX`] states.
    pub(crate) fn reach_table(&self, decay: f64) -> Vec<f64> {
        let n = self.n;
        if n > REACH_TABLE_MAX {
            return Vec::new();
        }
        (0..n * n)
            .map(|ab| projection(decay, self.distance(ab / n, ab % n)))
            .collect()
    }

    /// Takes the signatories (and who signed with whom) from another world of the
    /// same states, so an experiment's control measures the same group as its treatment.
    pub fn adopt_signatories(&mut self, other: &World) {
        if other.n == self.n {
            self.signed_start = other.signed_start.clone();
            self.signed = other.signed.clone();
        }
    }

    /// Whether state `i` signed any pact in the scenario as written.
    pub fn signatory(&self, i: usize) -> bool {
        self.signed_start[i + 1] > self.signed_start[i]
    }

    /// Whether `i` and `j` signed a pact together in the scenario as written.
    pub fn co_signatories(&self, i: usize, j: usize) -> bool {
        let of = |s: usize| {
            &self.signed[self.signed_start[s] as usize..self.signed_start[s + 1] as usize]
        };
        of(i).iter().any(|a| of(j).contains(a))
    }

    /// The initial neighbours of state `i`.
    pub fn neighbours(&self, i: usize) -> &[u32] {
        &self.adj[self.adj_start[i] as usize..self.adj_start[i + 1] as usize]
    }

    /// The membership ids of state `i`.
    #[inline]
    pub fn memberships_of(&self, i: usize) -> &[u32] {
        &self.memberships[self.mem_start[i] as usize..self.mem_start[i + 1] as usize]
    }

    /// The membership ids of alliance `a`.
    pub fn members_of(&self, a: usize) -> std::ops::Range<usize> {
        self.alliances[a].first as usize..self.alliances[a].end as usize
    }

    /// Distance between two states on the map.
    pub fn distance(&self, i: usize, j: usize) -> f64 {
        let dx = self.pos[i][0] - self.pos[j][0];
        let dy = self.pos[i][1] - self.pos[j][1];
        (dx * dx + dy * dy).sqrt()
    }

    /// The membership id of state `j` in alliance `a`, if it is a member.
    #[inline]
    pub fn membership_in(&self, j: usize, a: usize) -> Option<usize> {
        self.memberships_of(j)
            .iter()
            .find(|&&m| self.member_alliance[m as usize] as usize == a)
            .map(|&m| m as usize)
    }
}

fn prefix_sums(counts: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(counts.len() + 1);
    let mut total = 0u32;
    out.push(0);
    for &c in counts {
        total += c;
        out.push(total);
    }
    out
}
