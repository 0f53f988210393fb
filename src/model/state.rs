//! The changing state of one replication, and the readings derived from it each year.
//!
//! Per-state values are flat vectors indexed by state; per-membership values
//! (trust) are indexed by membership id; per-alliance values by alliance index.
//! All scratch space the yearly loop needs is allocated here, once per
//! replication, so the loop itself allocates nothing (conquest, which rewires
//! borders, is the rare exception).

use std::borrow::Cow;
use std::collections::VecDeque;

use super::metrics::Tally;
use super::records::{CallRecord, CrisisRecord, DyadYearFrame, Recording, StateYearRecord};
use super::sim::{Entry, Participant};
use super::world::World;
use super::{ModelParams, WarRecord};

/// No side.
pub(crate) const NO_SIDE: u8 = u8::MAX;

/// Not at war.
pub(crate) const NO_WAR: u32 = u32::MAX;

/// A war being fought: it lasts from its onset year until one side gives up or is beaten.
#[derive(Clone, Debug, Default)]
pub(crate) struct War {
    /// Its number within the replication, in the order wars began.
    pub id: u32,
    /// The year it began.
    pub start: u32,
    /// The state that attacked (side 0's principal).
    pub initiator: u32,
    /// The state attacked (side 1's principal).
    pub target: u32,
    /// Everyone who has fought in it, in the order they entered.
    pub members: Vec<Participant>,
    /// States called by an alliance whose obligation applied, each counted once per war.
    pub called: StateSet,
    /// States asked with a pact whose terms did not apply, or unable to answer,
    /// each recorded once per war (when calls are recorded).
    pub noted: StateSet,
    /// Partners that publicly committed to a side during the crisis, and the side.
    pub signals: Vec<(u32, u8)>,
    /// Alliances whose remote members committed as a bloc, and the side.
    pub bloc_signals: Vec<(u32, u8)>,
    /// The initiator's perceived chance of winning when it attacked.
    pub expected_win: f64,
    /// Capability lost to fighting by each side.
    pub cost: [f64; 2],
    /// Participants who came in answering an alliance call.
    pub joined_by_alliance: u32,
    /// Whether the target had a defence partner when it was attacked.
    pub target_allied: bool,
    /// Whether a scripted crisis began it.
    pub scripted: bool,
}

/// A set of states, one bit each: a war's look-ups of whom it has called cost
/// the same however many it has called. It grows to the highest state inserted.
#[derive(Clone, Debug, Default)]
pub(crate) struct StateSet(Vec<u64>);

impl StateSet {
    /// Whether `k` is in the set.
    #[inline]
    pub fn contains(&self, k: u32) -> bool {
        self.0
            .get(k as usize / 64)
            .is_some_and(|w| w & (1 << (k % 64)) != 0)
    }

    /// Adds `k`; false if it was there already.
    #[inline]
    pub fn insert(&mut self, k: u32) -> bool {
        let word = k as usize / 64;
        if word >= self.0.len() {
            self.0.resize(word + 1, 0);
        }
        let bit = 1 << (k % 64);
        let new = self.0[word] & bit == 0;
        self.0[word] |= bit;
        new
    }
}

impl War {
    /// Whether `k` signalled support for side `side` during the crisis, itself
    /// or as a member of a bloc that did (`alliances` lists its alliances).
    pub fn signalled(&self, k: u32, side: u8, mut alliances: impl Iterator<Item = u32>) -> bool {
        self.signals.contains(&(k, side))
            || (!self.bloc_signals.is_empty()
                && alliances.any(|a| self.bloc_signals.contains(&(a, side))))
    }

    /// Number of participants who entered after the onset year.
    pub fn late_joiners(&self) -> u32 {
        self.members
            .iter()
            .filter(|m| m.entered > self.start)
            .count() as u32
    }

    pub(crate) fn join(&mut self, state: u32, side: u8, year: u32, how: Entry) {
        self.members.push(Participant {
            state,
            side,
            entered: year,
            how,
        });
    }
}

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
    /// First year in which the state may take part in a new conflict (the
    /// year after its last war ended).
    pub(crate) busy_until: Vec<u32>,
    /// The index in [`SimState::wars_on`] of the war the state is fighting, or [`NO_WAR`].
    pub(crate) war_of: Vec<u32>,
    /// The side the state fights on in its war, or [`NO_SIDE`].
    pub(crate) side: Vec<u8>,
    /// The wars being fought, in the order they began.
    pub(crate) wars_on: Vec<War>,
    /// Current borders (conquest merges the conquered state's borders into the victor's).
    pub(crate) adj: Vec<Vec<u32>>,
    /// `projection(distance(i, x))` for each border `x` of `adj[i]`, in the same
    /// order: positions never move, so it changes only when conquest rewires a border.
    pub(crate) adj_proj: Vec<Vec<f64>>,
    /// The world's table of the projection of power between every pair
    /// ([`World::reach`]), or this replication's own when its parameters have
    /// another decay; empty in worlds too large to keep one, where
    /// [`SimState::reach`] computes it.
    pub(crate) reach: Cow<'a, [f64]>,
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
    /// Whether the state has a living partner in a defence pact of strength > 0.
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
    pub(crate) stamp: Vec<u32>,
    pub(crate) stamp_now: u32,
    /// The round (see `round`) in which each alliance's members were last queued, per side.
    pub(crate) alliance_called: Vec<[u32; 2]>,
    /// Members of each alliance fighting on each side of the war in hand, valid
    /// when `side_count_stamp` equals the current round.
    pub(crate) side_count: Vec<[u32; 2]>,
    pub(crate) side_count_stamp: Vec<u32>,
    pub(crate) queue: VecDeque<u32>,
    /// A serial number for each joining round of a war-year.
    pub(crate) round: u32,
    pub(crate) bystanders: Vec<u32>,
    pub(crate) asked: Vec<u32>,
    pub(crate) eff: Vec<f64>,
    pub(crate) cand: Vec<Candidate>,
    /// Each candidate's utilities of joining each side, in a pass of `evaluate`.
    pub(crate) utility: Vec<[f64; 2]>,
    /// How many of the crisis's candidates are single states (the blocs follow).
    pub(crate) near: usize,
    /// The membership ids of the crisis's blocs' members, bloc after bloc.
    pub(crate) bloc_members: Vec<u32>,
    /// The share of the perception errors left at the current rung, until the
    /// candidates' perceived capabilities are set for it.
    pub(crate) keep: Option<f64>,
    /// The crisis in hand: standard normal errors of the challenger about the
    /// target and of the target about the challenger.
    pub(crate) crisis_z: [f64; 2],
    /// Their error scales before the crisis reveals anything.
    pub(crate) crisis_sigma: [f64; 2],
    /// The target's capability as the challenger sees it, and the challenger's
    /// as the target sees it, at the current rung.
    pub(crate) seen: [f64; 2],
    /// The candidates' expected contributions to each side, summed, per view:
    /// at this rung, and as found at this rung for the next.
    pub(crate) expected: [[f64; 2]; 2],
    pub(crate) next: [[f64; 2]; 2],

    // --- learning logs, applied at the end of the year ---
    pub(crate) call_log: Vec<(u32, bool)>,
    pub(crate) conflict_log: Vec<(u32, bool)>,
    /// This year's calls of each large alliance folded into one update of its
    /// members' trust, `t ↦ scale·t + shift` ([`super::learning`]).
    pub(crate) folded: Vec<(f64, f64)>,
    /// The alliances with a folded update this year.
    pub(crate) folding: Vec<u32>,
    /// Alliances with more members than this fold their year's calls.
    pub(crate) fold_above: usize,

    /// This year's tally.
    pub(crate) tally: Tally,
    /// Wars recorded, when asked for.
    pub(crate) wars: Option<Vec<WarRecord>>,
    /// Disputes recorded, when asked for.
    pub(crate) crisis_log: Option<Vec<CrisisRecord>>,
    /// Calls recorded, when asked for.
    pub(crate) calls_log: Option<Vec<CallRecord>>,
    /// State-years recorded, when asked for.
    pub(crate) state_years: Option<Vec<StateYearRecord>>,
    /// The dyad-year frames, when kept; the last is this year's.
    pub(crate) dyad_frames: Option<Vec<DyadYearFrame>>,
    /// Disputes so far (their numbers).
    pub(crate) crisis_count: u32,
    /// Whether the crisis being fought out was ended by deterrence (for its record).
    pub(crate) crisis_deterred: bool,
    /// Wars begun so far (their numbers).
    pub(crate) war_count: u32,
    /// Wars by number of participants (index = participants).
    pub(crate) war_sizes: Vec<u64>,
}

/// A state the challenger expects might join the war, and how it is seen.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Candidate {
    /// The state, or for a bloc the alliance whose remote members it stands for.
    pub state: u32,
    /// Whether it stands for an alliance's remote members (a bloc).
    pub bloc: bool,
    /// A bloc's members: the range of their membership ids in `SimState::bloc_members`.
    pub members: (u32, u32),
    /// 1 for a state; for a bloc, its number of members.
    pub size: f64,
    /// `1 / size`: one member's share of the candidate.
    pub share: f64,
    /// True capability (a bloc's: its members' mean).
    pub cap: f64,
    /// The side an alliance obliges it to join (its partner's), or [`NO_SIDE`].
    pub bound: u8,
    /// The obliging alliance, when bound.
    pub alliance: u32,
    /// Whether it is a partner pledged to defend the target (left out when the
    /// challenger asks what it would do were the target alone).
    pub pledged: bool,
    /// Whether it has publicly committed to its side during the crisis.
    pub signalled: bool,
    /// Its standard normal perception draw (the challenger's error about it).
    pub z: f64,
    /// The scale of the challenger's error about it before the crisis reveals anything.
    pub sigma: f64,
    /// Its own chance of joining the side it is bound to, on true strengths
    /// (set by the target's view; what it weighs when deciding to signal).
    pub own: f64,
    /// Its expected contribution to each side, per view (0 = the challenger's,
    /// 1 = the target's): what the others expect of it at this rung.
    pub expected: [[f64; 2]; 2],
    /// The same as the views' passes at this rung found it: the expectation at the next rung.
    pub next: [[f64; 2]; 2],
    /// Capability as the challenger sees it at the current rung.
    pub perceived: f64,
    /// Projection of its power to the theatre (the target).
    pub proj: f64,
    /// Strength multiplier from integration with the partner it is bound to.
    pub integration: f64,
    /// The parts of its joining choice, per side, that do not depend on the coalitions.
    pub terms: [super::decision::JoinTerms; 2],
}

/// Strength left after projecting power over distance `d` with the given decay
/// (Boulding's loss-of-strength gradient).
#[inline]
pub(crate) fn projection(decay: f64, d: f64) -> f64 {
    1.0 / (1.0 + decay * (d - 1.0).max(0.0))
}

impl<'a> SimState<'a> {
    /// A replication's state at year 0.
    pub fn new(w: &'a World, p: &'a ModelParams, rec: Recording) -> Self {
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
        let reach = if w.reach_decay.to_bits() == p.projection_decay.to_bits() {
            Cow::Borrowed(&w.reach[..])
        } else {
            Cow::Owned(w.reach_table(p.projection_decay))
        };
        SimState {
            w,
            p,
            year: 0,
            cap: w.capability.clone(),
            wealth: w.wealth.clone(),
            spend: vec![p.base_spending.clamp(p.spending_min, p.spending_max); n],
            alive: vec![true; n],
            busy_until: vec![0; n],
            war_of: vec![NO_WAR; n],
            side: vec![NO_SIDE; n],
            wars_on: Vec::new(),
            adj,
            adj_proj,
            reach,
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
            stamp: vec![0; n],
            stamp_now: 0,
            alliance_called: vec![[0; 2]; na],
            side_count: vec![[0; 2]; na],
            side_count_stamp: vec![0; na],
            queue: VecDeque::with_capacity(64),
            round: 0,
            bystanders: Vec::with_capacity(16),
            asked: vec![0; n],
            eff: Vec::with_capacity(64),
            cand: Vec::with_capacity(64),
            utility: Vec::with_capacity(64),
            crisis_z: [0.0; 2],
            near: 0,
            bloc_members: Vec::new(),
            keep: None,
            crisis_sigma: [0.0; 2],
            seen: [0.0; 2],
            expected: [[0.0; 2]; 2],
            next: [[0.0; 2]; 2],
            call_log: Vec::with_capacity(64),
            conflict_log: Vec::with_capacity(64),
            folded: vec![(1.0, 0.0); na],
            folding: Vec::with_capacity(na),
            fold_above: super::learning::FOLD_ABOVE,
            tally: Tally::default(),
            wars: rec.wars.then(Vec::new),
            crisis_log: rec.crises.then(Vec::new),
            calls_log: rec.calls.then(Vec::new),
            state_years: rec.state_years.then(Vec::new),
            dyad_frames: rec.dyad_years.then(Vec::new),
            crisis_count: 0,
            crisis_deterred: false,
            war_count: 0,
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
        self.alive[i] && self.war_of[i] == NO_WAR && self.busy_until[i] <= self.year
    }

    /// Revisionism as it drives disputes and threat: never below the floor.
    #[inline]
    pub(crate) fn rev_weight(&self, i: usize) -> f64 {
        self.rev_w[i]
    }

    /// Strength of `a`'s power that reaches `b`: `projection(distance(a, b))`,
    /// looked up where the world is small enough to keep the table.
    #[inline]
    pub(crate) fn reach(&self, a: usize, b: usize) -> f64 {
        if self.reach.is_empty() {
            projection(self.p.projection_decay, self.w.distance(a, b))
        } else {
            self.reach[a * self.w.n + b]
        }
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
                if al.kind.pools_capability() {
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

#[cfg(test)]
mod tests {
    use super::StateSet;

    #[test]
    fn a_state_set_holds_what_was_inserted_once() {
        let mut set = StateSet::default();
        assert!(!set.contains(0) && !set.contains(20_000));
        for k in [5, 63, 64, 19_999, 5] {
            set.insert(k);
        }
        assert!(!set.insert(64), "already there");
        assert!(set.insert(65));
        for k in [5, 63, 64, 65, 19_999] {
            assert!(set.contains(k), "{k}");
        }
        for k in [0, 4, 6, 62, 66, 19_998, 20_000, u32::MAX] {
            assert!(!set.contains(k), "{k}");
        }
    }
}
