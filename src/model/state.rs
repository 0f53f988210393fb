//! The changing state of one replication, and the readings derived from it each year.
//!
//! Per-state values are flat vectors indexed by state; per-membership values
//! (trust) are indexed by membership id; per-alliance values by alliance index.
//! All scratch space the yearly loop needs is allocated here, once per
//! replication, so the loop itself allocates nothing (conquest, which rewires
//! borders, is the rare exception).

use std::collections::VecDeque;

use super::metrics::Tally;
use super::world::World;
use super::{ModelParams, WarRecord};

/// A call on a state to join a war on one side.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Call {
    /// The state called.
    pub state: u32,
    /// Side it is called to: 0 = initiator's, 1 = target's.
    pub side: u8,
    /// The alliance whose pledge the call invokes, if any (none = a third party weighing its interest).
    pub alliance: Option<u32>,
}

/// No side.
pub(crate) const NO_SIDE: u8 = u8::MAX;

/// The mutable state of one replication.
pub struct SimState<'a> {
    pub(crate) w: &'a World,
    pub(crate) p: &'a ModelParams,
    /// The current year (0-based).
    pub(crate) year: u32,

    pub(crate) cap: Vec<f64>,
    pub(crate) wealth: Vec<f64>,
    pub(crate) spend: Vec<f64>,
    pub(crate) alive: Vec<bool>,
    /// First year in which the state is no longer at war.
    pub(crate) busy_until: Vec<u32>,
    /// Current borders (conquest merges the conquered state's borders into the victor's).
    pub(crate) adj: Vec<Vec<u32>>,
    /// `projection(distance(i, x))` for each border `x` of `adj[i]`, in the same
    /// order: positions never move, so it changes only when conquest rewires a border.
    pub(crate) adj_proj: Vec<Vec<f64>>,
    /// Trust of each member toward its alliance, by membership id.
    pub(crate) trust: Vec<f64>,
    /// Calls made on each alliance's members so far.
    pub(crate) calls: Vec<f64>,
    /// Calls honoured so far.
    pub(crate) honoured: Vec<f64>,

    // --- readings refreshed at the start of each year ---
    /// Capability of each alliance's living members.
    pub(crate) cap_sum: Vec<f64>,
    /// Living members of each alliance.
    pub(crate) alive_members: Vec<u32>,
    /// Pledge-weighted capability of each state's partners (what a rival sees behind it).
    pub(crate) pooled: Vec<f64>,
    /// Whether the state belongs to an alliance with another living member.
    pub(crate) in_alliance: Vec<bool>,
    /// Whether the state has a living partner in a defence or entente pact.
    pub(crate) has_def_ally: Vec<bool>,
    /// Strongest intelligence sharing among the state's active alliances.
    pub(crate) intel: Vec<f64>,
    /// Strongest economic ties among the state's active alliances.
    pub(crate) ties: Vec<f64>,
    /// Total capability of living states.
    pub(crate) total_cap: f64,
    /// Great powers this year.
    pub(crate) great_powers: Vec<u32>,
    /// Whether each state is among this year's great powers (the same set as
    /// `great_powers`, for a test that does not scan the list).
    pub(crate) is_great: Vec<bool>,
    /// Revisionism weight of each state ([`SimState::rev_weight`]): it depends only
    /// on the world and the parameters, so it is computed once, by the same formula.
    pub(crate) rev_w: Vec<f64>,

    // --- scratch ---
    pub(crate) order: Vec<u32>,
    pub(crate) side: Vec<u8>,
    pub(crate) stamp: Vec<u32>,
    pub(crate) stamp_now: u32,
    pub(crate) slot: Vec<u32>,
    pub(crate) alliance_called: Vec<[u32; 2]>,
    pub(crate) side_count: Vec<[u32; 2]>,
    pub(crate) side_count_stamp: Vec<u32>,
    pub(crate) queue: VecDeque<Call>,
    pub(crate) war_serial: u32,
    pub(crate) bystanders: Vec<u32>,
    pub(crate) asked: Vec<u32>,
    pub(crate) eff: Vec<f64>,
    pub(crate) participants: Vec<u32>,
    /// Participants on each side whose partners have not been called to that side yet, in joining order.
    pub(crate) uncalled: [Vec<u32>; 2],
    pub(crate) cand: Vec<Candidate>,

    // --- learning logs, applied at the end of the year ---
    pub(crate) call_log: Vec<(u32, bool)>,
    pub(crate) conflict_log: Vec<(u32, bool)>,

    /// This year's tally.
    pub(crate) tally: Tally,
    /// Wars recorded, when asked for.
    pub(crate) wars: Option<Vec<WarRecord>>,
    /// Wars by number of participants (index = participants).
    pub(crate) war_sizes: Vec<u64>,
}

/// A state the challenger expects might join the war, and how it sees it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Candidate {
    pub state: u32,
    /// 0 = initiator's side, 1 = target's.
    pub side: u8,
    /// Pledge strength toward the side's principal (0 for a third party).
    pub pledge: f64,
    /// The pledging alliance, when pledged.
    pub alliance: u32,
    /// Membership id of the candidate in that alliance.
    pub membership: u32,
    /// Joins the initiator only if the target's side is joined (a defence pledge
    /// of the initiator's, triggered when the initiator is attacked in turn).
    pub cascade: bool,
    /// Perceived capability.
    pub perceived: f64,
    /// Perceived capability cut by distance to the target (its contribution before the defender's advantage).
    pub reach: f64,
    /// The parts of its joining choice that do not depend on the coalitions.
    pub terms: super::decision::JoinTerms,
}

/// Strength left after projecting power over distance `d` with the given decay.
#[inline]
pub(crate) fn projection(decay: f64, d: f64) -> f64 {
    1.0 / (1.0 + decay * (d - 1.0).max(0.0))
}

impl<'a> SimState<'a> {
    /// A replication's state at year 0.
    pub fn new(w: &'a World, p: &'a ModelParams, record_wars: bool) -> Self {
        let n = w.n;
        let na = w.alliances.len();
        let adj: Vec<Vec<u32>> = (0..n).map(|i| w.neighbours(i).to_vec()).collect();
        let adj_proj = adj
            .iter()
            .enumerate()
            .map(|(i, list)| {
                list.iter()
                    .map(|&x| projection(p.projection_decay, w.distance(i, x as usize)))
                    .collect()
            })
            .collect();
        SimState {
            w,
            p,
            year: 0,
            cap: w.capability.clone(),
            wealth: w.wealth.clone(),
            spend: vec![p.base_spending.clamp(p.spending_min, p.spending_max); n],
            alive: vec![true; n],
            busy_until: vec![0; n],
            adj,
            adj_proj,
            trust: vec![p.trust_init; w.member_state.len()],
            calls: vec![0.0; na],
            honoured: vec![0.0; na],
            cap_sum: vec![0.0; na],
            alive_members: vec![0; na],
            pooled: vec![0.0; n],
            in_alliance: vec![false; n],
            has_def_ally: vec![false; n],
            intel: vec![0.0; n],
            ties: vec![0.0; n],
            total_cap: 0.0,
            great_powers: Vec::with_capacity(16),
            is_great: vec![false; n],
            rev_w: (0..n)
                .map(|i| (p.revisionism_floor + w.revisionism[i]) / (1.0 + p.revisionism_floor))
                .collect(),
            order: (0..n as u32).collect(),
            side: vec![NO_SIDE; n],
            stamp: vec![0; n],
            stamp_now: 0,
            slot: vec![0; n],
            alliance_called: vec![[0; 2]; na],
            side_count: vec![[0; 2]; na],
            side_count_stamp: vec![0; na],
            queue: VecDeque::with_capacity(64),
            war_serial: 0,
            bystanders: Vec::with_capacity(16),
            asked: vec![0; n],
            eff: Vec::with_capacity(64),
            participants: Vec::with_capacity(64),
            uncalled: [Vec::with_capacity(64), Vec::with_capacity(64)],
            cand: Vec::with_capacity(64),
            call_log: Vec::with_capacity(64),
            conflict_log: Vec::with_capacity(64),
            tally: Tally::default(),
            wars: record_wars.then(Vec::new),
            war_sizes: Vec::new(),
        }
    }

    /// A fresh stamp for marking states in a pass, without clearing arrays.
    pub(crate) fn next_stamp(&mut self) -> u32 {
        self.stamp_now = self.stamp_now.wrapping_add(1);
        if self.stamp_now == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.stamp_now = 1;
        }
        self.stamp_now
    }

    /// Whether state `i` can take part in a new conflict this year.
    #[inline]
    pub(crate) fn available(&self, i: usize) -> bool {
        self.alive[i] && self.busy_until[i] <= self.year
    }

    /// Revisionism as it drives disputes and threat: never below the floor.
    #[inline]
    pub(crate) fn rev_weight(&self, i: usize) -> f64 {
        self.rev_w[i]
    }

    /// Strength left after projecting power over distance `d` (Boulding's loss-of-strength gradient).
    #[inline]
    pub(crate) fn projection(&self, d: f64) -> f64 {
        projection(self.p.projection_decay, d)
    }

    /// Whether an alliance has at least two living members.
    #[inline]
    pub(crate) fn active(&self, a: usize) -> bool {
        self.alive_members[a] >= 2
    }

    /// Among active alliances shared by `i` and `j` that satisfy `keep`, the one with the
    /// strongest pledge: (alliance, i's membership id, pledge).
    pub(crate) fn shared(
        &self,
        i: usize,
        j: usize,
        keep: impl Fn(&super::world::Alliance) -> bool,
    ) -> Option<(usize, usize, f64)> {
        let mut best: Option<(usize, usize, f64)> = None;
        for &m in self.w.memberships_of(i) {
            let a = self.w.member_alliance[m as usize] as usize;
            let al = &self.w.alliances[a];
            if !self.active(a) || !keep(al) {
                continue;
            }
            if self.w.membership_in(j, a).is_some() && best.is_none_or(|b| al.pledge > b.2) {
                best = Some((a, m as usize, al.pledge));
            }
        }
        best
    }

    /// Highest trust `i` holds toward any active alliance it shares with `j` (0 when none).
    pub(crate) fn shared_trust(&self, i: usize, j: usize) -> f64 {
        self.shared_trust_any(i, j).0
    }

    /// [`SimState::shared_trust`] together with whether `i` and `j` share any active
    /// alliance at all (`shared(i, j, |_| true).is_some()`), from one walk over
    /// `i`'s memberships: the arming loop needs both for every neighbour.
    #[inline(always)]
    pub(crate) fn shared_trust_any(&self, i: usize, j: usize) -> (f64, bool) {
        let mut t: f64 = 0.0;
        let mut any = false;
        for &m in self.w.memberships_of(i) {
            let a = self.w.member_alliance[m as usize] as usize;
            if self.active(a) && self.w.membership_in(j, a).is_some() {
                t = t.max(self.trust[m as usize]);
                any = true;
            }
        }
        (t, any)
    }

    /// Capability and number of an alliance's living members, as they are now.
    pub(crate) fn living_members(&self, a: usize) -> (f64, u32) {
        let w = self.w;
        let mut sum = 0.0;
        let mut count = 0;
        for id in w.members_of(a) {
            let s = w.member_state[id] as usize;
            if self.alive[s] {
                sum += self.cap[s];
                count += 1;
            }
        }
        (sum, count)
    }

    /// Keeps capability and wealth inside the floating-point range: growth
    /// compounds without bound over a long run (2 % a year overflows after some
    /// 36,000 years), so once the largest reaches 2^600 every state's is divided
    /// by 2^600. Only ratios between states enter the model, and dividing by a
    /// power of two is exact, so no decision changes; ordinary runs never get
    /// near the threshold.
    fn keep_in_range(&mut self) {
        const LIMIT: f64 = 4.149515568880993e180; // 2^600
        const SCALE: f64 = 2.409919865102884e-181; // 2^-600
        let largest = self
            .cap
            .iter()
            .chain(&self.wealth)
            .fold(0.0f64, |m, &x| m.max(x));
        if largest >= LIMIT {
            for x in self.cap.iter_mut().chain(self.wealth.iter_mut()) {
                *x *= SCALE;
            }
        }
    }

    /// Refreshes the per-year readings from the state at the start of the year.
    pub(crate) fn begin_year(&mut self) {
        self.keep_in_range();
        let w = self.w;
        for a in 0..w.alliances.len() {
            let (sum, count) = self.living_members(a);
            self.cap_sum[a] = sum;
            self.alive_members[a] = count;
        }
        self.total_cap = 0.0;
        for i in 0..w.n {
            if !self.alive[i] {
                continue;
            }
            self.total_cap += self.cap[i];
            let (mut pooled, mut member, mut def, mut intel, mut ties) =
                (0.0, false, false, 0.0f64, 0.0f64);
            for &m in w.memberships_of(i) {
                let a = w.member_alliance[m as usize] as usize;
                if !self.active(a) {
                    continue;
                }
                let al = &w.alliances[a];
                member = true;
                intel = intel.max(al.intelligence);
                ties = ties.max(al.economic_ties);
                if al.defends() {
                    def = true;
                }
                if al.kind != crate::scenario::AllianceKind::Neutrality {
                    pooled += al.pledge * (self.cap_sum[a] - self.cap[i]);
                }
            }
            self.pooled[i] = pooled;
            self.in_alliance[i] = member;
            self.has_def_ally[i] = def;
            self.intel[i] = intel;
            self.ties[i] = ties;
        }
        for &g in &self.great_powers {
            self.is_great[g as usize] = false;
        }
        self.great_powers.clear();
        let threshold = self.p.great_power_share * self.total_cap;
        for i in 0..w.n {
            if self.alive[i] && self.cap[i] >= threshold {
                self.great_powers.push(i as u32);
                self.is_great[i] = true;
            }
        }

        let t = &mut self.tally;
        *t = Tally::default();
        for i in 0..w.n {
            if !self.alive[i] {
                continue;
            }
            t.state_years += 1.0;
            if self.has_def_ally[i] {
                t.allied_years += 1.0;
            } else {
                t.unallied_years += 1.0;
            }
            if self.in_alliance[i] {
                t.member_years += 1.0;
            } else {
                t.nonmember_years += 1.0;
            }
            if w.signatory(i) {
                t.signatory_years += 1.0;
            }
        }
    }
}
