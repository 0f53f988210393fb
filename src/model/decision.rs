//! How states weigh war: what their pacts oblige, what joining a side is worth,
//! and how a challenger foresees who would fight.
//!
//! Three choices are made from the same pieces:
//!
//! - an outside state's choice to join a war on one side, the other, or neither
//!   ([`SimState::join_value`] for each side, then a logit choice): its pacts
//!   pull it toward partners their terms oblige it to help and weigh against
//!   fighting partners ([`SimState::pacts`], the terms themselves being
//!   [`super::world::Alliance::duty`]); the threat the enemy's victory would
//!   pose; the war's cost; the chance of losing; its share of the spoils;
//! - the challenger's and the target's view of a war they might fight
//!   ([`SimState::evaluate`]): each runs in its head the joining choice of every
//!   state that might come in, on what it perceives, blended for pledged
//!   partners with the alliance's public record of honouring calls, and a
//!   partner that has publicly committed itself is counted as coming;
//! - the principals' expected utility of a war ([`SimState::war_utility`]).
//!
//! The challenger sees every other state's capability with log-normal error;
//! the error shrinks with dialogue (between the challenger and the state it
//! looks at, when they share an alliance), with intelligence sharing in the
//! challenger's own alliances and with each rung the crisis climbs (moves
//! reveal forces). Utilities are shares of the decider's own wealth. Nothing
//! here scales war by an "alliance bonus": allies matter only through the
//! strength they add, the chance they come, and what that does to the odds and
//! the costs.

use crate::rng::Stream;

use super::state::{Candidate, NO_SIDE, SimState};

/// What a state's pacts say about joining each side of a war.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pacts {
    /// Value of keeping the strongest pledge that pulls it toward each side.
    pub pull: [f64; 2],
    /// Value of the strongest pledge it would break by joining each side
    /// (fighting a partner its pledge does not point against).
    pub breach: [f64; 2],
    /// The side an obligation to fight (a defence or offence pledge whose terms
    /// apply) binds it to, or [`NO_SIDE`].
    pub bound: u8,
    /// The alliance of that obligation.
    pub alliance: u32,
    /// Whether it has any pact of strength > 0 with a belligerent.
    pub involved: bool,
}

impl Pacts {
    /// No pact with either side.
    const NONE: Pacts = Pacts {
        pull: [0.0; 2],
        breach: [0.0; 2],
        bound: NO_SIDE,
        alliance: 0,
        involved: false,
    };
}

/// The parts of a state's utility of joining one side that do not depend on
/// the strength of the two sides: computed once per candidate and side.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct JoinTerms {
    /// What its pacts make of joining this side: pull − breach.
    promise: f64,
    /// `balancing` × the projection of the enemy's power to it × the enemy's
    /// revisionism: the threat term per unit of the enemy's share of strength.
    threat: f64,
    /// The trade factor of the cost, `1 + trade_war_cost * ties` with the enemy.
    trade: f64,
    /// Spoils as a share of the chooser's wealth.
    spoils: f64,
    /// The chooser's revisionism.
    revisionism: f64,
    /// The chooser's weight of losses (risk attitude).
    loss_weight: f64,
}

/// A principal's stake in a war: what winning brings and losing costs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WarTerms {
    /// The trade factor of the cost, `1 + trade_war_cost * ties`.
    pub trade: f64,
    /// What winning brings: for the challenger, revision plus spoils; for the target, spoils.
    pub gain: f64,
    /// What losing costs, weighted by risk attitude.
    pub loss: f64,
    /// `breach_cost` times the strongest reliability of a pact with the enemy
    /// (the challenger's only: it is the one breaking faith).
    pub breach: f64,
}

/// Capability `cap` as seen with a standard normal error `z` at scale `s`:
/// mean-preserving, so errors go both ways and do not bias perceived strength.
#[inline]
fn seen(cap: f64, s: f64, z: f64) -> f64 {
    cap * (s * z - 0.5 * s * s).exp()
}

/// The logistic function.
#[inline]
pub(crate) fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The chances of joining side 0 and side 1 (the rest is staying out), by a
/// logit choice among staying out (utility 0) and the two sides, with noise `noise`.
#[inline]
pub(crate) fn choice(u: [f64; 2], noise: f64) -> [f64; 2] {
    let x = [
        (u[0] / noise).clamp(-700.0, 700.0),
        (u[1] / noise).clamp(-700.0, 700.0),
    ];
    // Relative to the most attractive option, whose weight is 1 (no exp needed).
    let (a, b) = if x[0] >= x[1] { (0, 1) } else { (1, 0) };
    let mut e = [0.0; 2];
    let total = if x[a] > 0.0 {
        e[a] = 1.0;
        e[b] = (x[b] - x[a]).exp();
        (-x[a]).exp() + 1.0 + e[b]
    } else {
        e[a] = x[a].exp();
        e[b] = x[b].exp();
        1.0 + e[a] + e[b]
    };
    [e[0] / total, e[1] / total]
}

impl SimState<'_> {
    /// The error scale of `i`'s perception of `k` (before the crisis reveals anything).
    pub(crate) fn perception_sigma(&self, i: usize, k: usize) -> f64 {
        let mut dialogue = 0.0f64;
        for &m in self.w.memberships_of(i) {
            let a = self.w.member_alliance[m as usize] as usize;
            if self.active(a) && self.w.membership_in(k, a).is_some() {
                dialogue = dialogue.max(self.w.alliances[a].dialogue);
            }
        }
        self.sigma_with(i, dialogue)
    }

    /// The error scale of `i`'s perceptions of a state with which its
    /// strongest shared alliance has `dialogue`.
    #[inline]
    fn sigma_with(&self, i: usize, dialogue: f64) -> f64 {
        let p = self.p;
        p.perception_noise
            * (1.0 - p.dialogue_clarity * dialogue)
            * (1.0 - p.intelligence_clarity * self.intel[i])
    }

    /// Strongest economic ties between two states (0 when they share no active alliance).
    pub(crate) fn ties_between(&self, i: usize, j: usize) -> f64 {
        let mut t = 0.0f64;
        for &m in self.w.memberships_of(i) {
            let a = self.w.member_alliance[m as usize] as usize;
            if self.active(a) && self.w.membership_in(j, a).is_some() {
                t = t.max(self.w.alliances[a].economic_ties);
            }
        }
        t
    }

    /// Expected war length for a given chance of winning: even wars last longer.
    pub(crate) fn expected_duration(&self, p_win: f64) -> f64 {
        let closeness = 4.0 * p_win * (1.0 - p_win);
        1.0 / (1.0 - self.p.war_persistence * closeness)
    }

    /// Loss weight from risk attitude: 2 for the most averse, 1 neutral, 0 the most acceptant.
    #[inline]
    pub(crate) fn loss_weight(&self, i: usize) -> f64 {
        2.0 * (1.0 - self.w.risk[i])
    }

    /// State `k`'s pacts with the sides of a war, where `on(a)` tells whether
    /// alliance `a` has members fighting on the attacker's and the defender's side.
    pub(crate) fn pacts(&self, k: usize, on: impl Fn(usize) -> [bool; 2]) -> Pacts {
        let w = self.w;
        let mut out = Pacts::NONE;
        let mut bound_by = 0.0f64;
        for &m in w.memberships_of(k) {
            let a = w.member_alliance[m as usize] as usize;
            if self.active(a) && w.alliances[a].binds() {
                self.add_pact(&mut out, &mut bound_by, m as usize, on(a));
            }
        }
        out
    }

    /// Adds to `out` what membership `m` (of an active alliance whose pledge
    /// binds) says, where `on` tells whether the alliance has members on the
    /// attacker's and the defender's side; `bound_by` is the value of the
    /// obligation `out` holds so far.
    fn add_pact(&self, out: &mut Pacts, bound_by: &mut f64, m: usize, on: [bool; 2]) {
        if !on[0] && !on[1] {
            return;
        }
        let (w, p) = (self.w, self.p);
        let a = w.member_alliance[m] as usize;
        let al = &w.alliances[a];
        out.involved = true;
        let kept = al.pledge * (p.commitment * 2.0 * self.trust[m] + p.reputation);
        let duty = al.duty(on);
        if let Some(s) = duty {
            let s = s as usize;
            out.pull[s] = out.pull[s].max(kept);
            if al.calls() && (out.bound == NO_SIDE || kept > *bound_by) {
                out.bound = s as u8;
                out.alliance = a as u32;
                *bound_by = kept;
            }
        }
        for s in 0..2 {
            if on[1 - s] && duty != Some(s as u8) {
                out.breach[s] = out.breach[s].max(kept);
            }
        }
    }

    /// What one walk over `k`'s memberships tells of its ties with the
    /// challenger `i` and the target `j` of a crisis: its pacts with the two
    /// sides, the dialogue `i` has with it, and its economic ties with `j` and
    /// with `i` — what [`SimState::pacts`], [`SimState::perception_sigma`] and
    /// [`SimState::ties_between`] find, each a maximum over the same alliances.
    fn crisis_ties(&self, k: usize, i: usize, j: usize) -> (Pacts, f64, [f64; 2]) {
        let w = self.w;
        let mut out = Pacts::NONE;
        let mut bound_by = 0.0f64;
        let (mut dialogue, mut ties) = (0.0f64, [0.0f64; 2]);
        for &m in w.memberships_of(k) {
            let a = w.member_alliance[m as usize] as usize;
            if !self.active(a) {
                continue;
            }
            let al = &w.alliances[a];
            let on = [
                w.membership_in(i, a).is_some(),
                w.membership_in(j, a).is_some(),
            ];
            if on[0] {
                dialogue = dialogue.max(al.dialogue);
                ties[1] = ties[1].max(al.economic_ties);
            }
            if on[1] {
                ties[0] = ties[0].max(al.economic_ties);
            }
            if al.binds() {
                self.add_pact(&mut out, &mut bound_by, m as usize, on);
            }
        }
        (out, dialogue, ties)
    }

    /// The coalition-independent terms of `k`'s utility of joining the side
    /// fighting `enemy`, given what its pacts make of that side.
    pub(crate) fn join_terms(&self, k: usize, enemy: usize, promise: f64) -> JoinTerms {
        self.join_terms_with(k, enemy, promise, self.ties_between(k, enemy))
    }

    /// [`SimState::join_terms`] with `k`'s economic ties with the enemy given.
    fn join_terms_with(&self, k: usize, enemy: usize, promise: f64, ties: f64) -> JoinTerms {
        let p = self.p;
        JoinTerms {
            promise,
            threat: p.balancing * self.reach(enemy, k) * self.rev_weight(enemy),
            trade: 1.0 + p.trade_war_cost * ties,
            spoils: p.stakes * self.wealth[enemy].min(self.wealth[k]) / self.wealth[k],
            revisionism: self.w.revisionism[k],
            loss_weight: self.loss_weight(k),
        }
    }

    /// Utility for a state (of capability `cap_k`, the rest in `t`) of joining a
    /// side rather than staying out, against an enemy principal of capability
    /// `cap_enemy`, with its side at strength `own` and the other at `other`
    /// before it joins, and its own contribution `contrib`.
    #[inline]
    pub(crate) fn join_value(
        &self,
        t: &JoinTerms,
        cap_k: f64,
        cap_enemy: f64,
        own: f64,
        other: f64,
        contrib: f64,
    ) -> f64 {
        let p = self.p;
        let threat = t.threat * cap_enemy / (cap_enemy + cap_k).max(1e-12);
        let own = own + contrib;
        let p_win = own / (own + other).max(1e-12);
        let cost = p.war_cost * self.expected_duration(p_win) * t.trade;
        let share = contrib / own.max(1e-12);
        let gain = p_win * t.revisionism * t.spoils * share;
        let loss = (1.0 - p_win) * p.stakes * t.loss_weight;
        t.promise + threat - p.entry_cost - cost - loss + gain
    }

    /// The stake of principal `q` in a war against `other`; `attacker` when `q` starts it.
    pub(crate) fn war_terms(&self, q: usize, other: usize, attacker: bool) -> WarTerms {
        let p = self.p;
        let trade = 1.0 + p.trade_war_cost * self.ties_between(q, other);
        // Spoils are bounded by what the winner can absorb: at most `stakes` of its own wealth.
        let spoils = p.stakes * self.wealth[other].min(self.wealth[q]) / self.wealth[q];
        let (gain, breach) = if attacker {
            let mut breach = 0.0f64;
            for &m in self.w.memberships_of(q) {
                let a = self.w.member_alliance[m as usize] as usize;
                if self.active(a) && self.w.membership_in(other, a).is_some() {
                    breach = breach.max(self.w.alliances[a].reliability);
                }
            }
            (
                self.w.revisionism[q] * p.revision_value + spoils,
                p.breach_cost * breach,
            )
        } else {
            (spoils, 0.0)
        };
        WarTerms {
            trade,
            gain,
            loss: p.stakes * self.loss_weight(q),
            breach,
        }
    }

    /// Expected utility of a war to a principal whose side wins with chance `p_win`.
    #[inline]
    pub(crate) fn war_utility(&self, t: &WarTerms, p_win: f64) -> f64 {
        let cost = self.p.entry_cost + self.p.war_cost * self.expected_duration(p_win) * t.trade;
        p_win * t.gain - (1.0 - p_win) * t.loss - cost - t.breach
    }

    /// Adds `k` to the candidates unless already listed.
    fn add_candidate(&mut self, stamp: u32, k: usize) {
        if self.stamp[k] != stamp && self.available(k) {
            self.stamp[k] = stamp;
            self.cand.push(Candidate {
                state: k as u32,
                ..Candidate::default()
            });
        }
    }

    /// Lists, for a crisis between challenger `i` and target `j`, every state
    /// that might come into a war between them, and draws the challenger's and
    /// the target's perception errors.
    ///
    /// The states near the fight — the neighbours of both and the great powers
    /// — are weighed one by one. The other partners whose pledge the crisis
    /// puts to work (the target's whose pledge works for a member attacked, the
    /// challenger's for a member attacking, [`super::world::Alliance::summons`])
    /// are weighed as one bloc per alliance: their summed strength at the
    /// theatre, and the choice of a member with their mean attributes. A state
    /// reasons about a distant alliance as a whole, not member by member.
    pub(crate) fn gather(&mut self, i: usize, j: usize, rng: &mut Stream) {
        let w = self.w;
        let stamp = self.next_stamp();
        self.stamp[i] = stamp;
        self.stamp[j] = stamp;
        self.cand.clear();
        for idx in 0..self.adj[j].len() + self.adj[i].len() + self.great_powers.len() {
            let k = if idx < self.adj[j].len() {
                self.adj[j][idx]
            } else if idx < self.adj[j].len() + self.adj[i].len() {
                self.adj[i][idx - self.adj[j].len()]
            } else {
                self.great_powers[idx - self.adj[j].len() - self.adj[i].len()]
            };
            self.add_candidate(stamp, k as usize);
        }
        let near = self.cand.len();
        self.bloc_members.clear();
        for (q, side) in [(j, 1u8), (i, 0u8)] {
            for &m in w.memberships_of(q) {
                let a = w.member_alliance[m as usize] as usize;
                if self.active(a) && w.alliances[a].summons(side) {
                    self.claim_bloc(a, stamp);
                }
            }
        }
        self.crisis_z = [rng.normal(), rng.normal()];
        for cand in &mut self.cand {
            cand.z = rng.normal();
        }
        self.near = near;
    }

    /// Sets up the candidates [`SimState::gather`] listed for the crisis
    /// between `i` and `j`: what each one's pacts, perceptions and terms are.
    /// It draws nothing, so a crisis settled before anyone weighs war need not
    /// call it.
    pub(crate) fn set_up(&mut self, i: usize, j: usize) {
        let (w, p) = (self.w, self.p);
        self.crisis_sigma = [self.perception_sigma(i, j), self.perception_sigma(j, i)];
        for c in 0..self.near {
            let k = self.cand[c].state as usize;
            let (pacts, dialogue, ties) = self.crisis_ties(k, i, j);
            let sigma = self.sigma_with(i, dialogue);
            let promise = [
                pacts.pull[0] - pacts.breach[0],
                pacts.pull[1] - pacts.breach[1],
            ];
            let terms = [
                self.join_terms_with(k, j, promise[0], ties[0]),
                self.join_terms_with(k, i, promise[1], ties[1]),
            ];
            let integration = if pacts.bound == NO_SIDE {
                1.0
            } else {
                1.0 + p.integration_gain * w.alliances[pacts.alliance as usize].integration
            };
            let (cap, proj) = (self.cap[k], self.reach(k, j));
            // Set in place: the rest is as `gather` listed it.
            let cand = &mut self.cand[c];
            cand.size = 1.0;
            cand.share = 1.0;
            cand.bound = pacts.bound;
            cand.alliance = pacts.alliance;
            cand.pledged = pacts.bound == 1;
            cand.sigma = sigma;
            cand.cap = cap;
            cand.perceived = cap;
            cand.proj = proj;
            cand.integration = integration;
            cand.terms = terms;
        }
        for c in self.near..self.cand.len() {
            self.set_up_bloc(i, j, c);
        }
        // Before any reasoning, each view expects pledges to be kept and
        // everyone else to stay out; each pass refines this.
        self.next = [[0.0; 2]; 2];
        let delta = p.defender_advantage;
        for c in 0..self.cand.len() {
            let cand = &mut self.cand[c];
            if cand.bound == NO_SIDE {
                continue;
            }
            let s = cand.bound as usize;
            let home = if s == 1 { delta } else { 1.0 };
            let fight = cand.size * cand.cap * cand.proj * home * cand.integration;
            for v in 0..2 {
                cand.next[v][s] = fight;
                self.next[v][s] += fight;
            }
        }
    }

    /// Adds, as one candidate, the members of alliance `a` not yet listed in
    /// the crisis (stamp `stamp`) who can take part, keeping their membership
    /// ids in `bloc_members` for [`SimState::set_up_bloc`].
    fn claim_bloc(&mut self, a: usize, stamp: u32) {
        let w = self.w;
        let first = self.bloc_members.len() as u32;
        for id in w.members_of(a) {
            let k = w.member_state[id] as usize;
            if self.stamp[k] == stamp || !self.available(k) {
                continue;
            }
            self.stamp[k] = stamp;
            self.bloc_members.push(id as u32);
        }
        let last = self.bloc_members.len() as u32;
        if last > first {
            self.cand.push(Candidate {
                state: a as u32,
                bloc: true,
                members: (first, last),
                ..Candidate::default()
            });
        }
    }

    /// Sets up candidate `c`, the bloc of alliance `a`'s remote members in the
    /// crisis between `i` and `j`: their sums, and the choice of a member with
    /// their mean attributes.
    fn set_up_bloc(&mut self, i: usize, j: usize, c: usize) {
        let (w, p) = (self.w, self.p);
        let a = self.cand[c].state as usize;
        let (first, last) = self.cand[c].members;
        let al = &w.alliances[a];
        let (mut n, mut cap, mut reach, mut wealth) = (0.0, 0.0, 0.0, 0.0);
        let (mut trust, mut rev, mut loss, mut to_i, mut to_j) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for &id in &self.bloc_members[first as usize..last as usize] {
            let id = id as usize;
            let k = w.member_state[id] as usize;
            n += 1.0;
            cap += self.cap[k];
            let proj_j = self.reach(k, j);
            reach += self.cap[k] * proj_j;
            to_j += proj_j;
            to_i += self.reach(k, i);
            wealth += self.wealth[k];
            trust += self.trust[id];
            rev += w.revisionism[k];
            loss += self.loss_weight(k);
        }
        let on = [
            w.membership_in(i, a).is_some(),
            w.membership_in(j, a).is_some(),
        ];
        let duty = al.duty(on);
        let kept = al.pledge * (p.commitment * 2.0 * trust / n + p.reputation);
        let mut promise = [0.0; 2];
        for s in 0..2 {
            if duty == Some(s as u8) {
                promise[s] += kept;
            } else if on[1 - s] {
                promise[s] -= kept;
            }
        }
        let bound = match duty {
            Some(s) if al.calls() => s,
            _ => NO_SIDE,
        };
        // Its members see the enemy from where they stand on average; their
        // ties with it are this alliance's, if the enemy is a member.
        let wealth = wealth / n;
        let terms = |enemy: usize, member: bool, to_enemy: f64, promise: f64| JoinTerms {
            promise,
            threat: p.balancing * to_enemy / n * self.rev_weight(enemy),
            trade: 1.0 + p.trade_war_cost * if member { al.economic_ties } else { 0.0 },
            spoils: p.stakes * self.wealth[enemy].min(wealth) / wealth,
            revisionism: rev / n,
            loss_weight: loss / n,
        };
        let dialogue = if on[0] { al.dialogue } else { 0.0 };
        let sigma = self.sigma_with(i, dialogue);
        let z = self.cand[c].z;
        self.cand[c] = Candidate {
            state: a as u32,
            bloc: true,
            members: (first, last),
            z,
            size: n,
            share: 1.0 / n,
            bound,
            alliance: a as u32,
            pledged: bound == 1,
            sigma,
            cap: cap / n,
            perceived: cap / n,
            proj: reach / cap.max(1e-300),
            integration: if bound == NO_SIDE {
                1.0
            } else {
                1.0 + p.integration_gain * al.integration
            },
            terms: [
                terms(j, on[1], to_j, promise[0]),
                terms(i, on[0], to_i, promise[1]),
            ],
            ..Candidate::default()
        };
    }

    /// Sets what the challenger and the target see at rung `level` (2 for a
    /// threat up to 5 for war): each rung climbed keeps `revelation` of the error.
    pub(crate) fn sharpen(&mut self, i: usize, j: usize, level: u8) {
        let keep = self.p.revelation.powi(i32::from(level) - 2);
        self.seen = [
            seen(self.cap[j], self.crisis_sigma[0] * keep, self.crisis_z[0]),
            seen(self.cap[i], self.crisis_sigma[1] * keep, self.crisis_z[1]),
        ];
        // What the last rung's reasoning found is what this rung expects.
        self.expected = self.next;
        for cand in &mut self.cand {
            cand.expected = cand.next;
        }
        // How the challenger sees each candidate is worked out when it first
        // looks at this rung ([`SimState::perceive`]): at many rungs the target
        // gives in or climbs first.
        self.keep = Some(keep);
    }

    /// Sets each candidate's capability as the challenger sees it at the rung
    /// [`SimState::sharpen`] last set, unless already done.
    fn perceive(&mut self) {
        if let Some(keep) = self.keep.take() {
            for cand in &mut self.cand {
                cand.perceived = seen(cand.cap, cand.sigma * keep, cand.z);
            }
        }
    }

    /// The chance that the challenger `i`'s side beats the target `j`'s, as the
    /// challenger sees it (`by_target` false: its perceptions of everyone) or as
    /// the target does (`by_target` true: true strengths, but the challenger's
    /// seen with error). Each candidate's joining choice is run against the two
    /// principals and what the others are expected to bring at this rung, and
    /// the pass's results become the expectations of the next rung
    /// ([`SimState::sharpen`]): over the rungs of a crisis the views move toward
    /// coalitions consistent with every member's choice. Without
    /// `with_pledged`, the target's pledged partners are left out (and nothing
    /// is stored), so the two passes of a rung differ only by them. The target's pass also
    /// stores each candidate's own chance of joining the side it is bound to (`own`).
    pub(crate) fn evaluate(
        &mut self,
        i: usize,
        j: usize,
        by_target: bool,
        with_pledged: bool,
    ) -> f64 {
        self.pass(i, j, by_target, with_pledged, false)
    }

    /// The target's pass again, after partners committed in public since its
    /// last pass at this rung: the same as [`SimState::evaluate`]`(i, j, true,
    /// true)`. Nothing a candidate's choice depends on has moved (what the
    /// others are expected to bring is this rung's, and committing changes only
    /// what the committed bring), so every other candidate brings what it
    /// brought in that pass, and only the committed are worked out again.
    pub(crate) fn evaluate_after_signals(&mut self, i: usize, j: usize) -> f64 {
        self.pass(i, j, true, true, true)
    }

    /// [`SimState::evaluate`]; with `again`, the target's pass after
    /// commitments ([`SimState::evaluate_after_signals`]).
    fn pass(
        &mut self,
        i: usize,
        j: usize,
        by_target: bool,
        with_pledged: bool,
        again: bool,
    ) -> f64 {
        if !by_target {
            self.perceive();
        }
        let p = self.p;
        let delta = p.defender_advantage;
        let v = usize::from(by_target);
        let (cap_i, cap_j) = if by_target {
            (self.seen[1], self.cap[j])
        } else {
            (self.cap[i], self.seen[0])
        };
        let mut base = [cap_i * self.reach(i, j), cap_j * delta];
        let mut others = self.expected[v];
        if !with_pledged {
            for c in self.cand.iter().filter(|c| c.pledged) {
                others[0] -= c.expected[v][0];
                others[1] -= c.expected[v][1];
            }
        }
        base[0] += others[0];
        base[1] += others[1];
        // The war as each candidate would see it as one of its members: the
        // others' expected help (the rest of its bloc's included), not its own.
        let view = |cand: &Candidate| {
            let cap_k = if by_target { cand.cap } else { cand.perceived };
            let own_share = cand.share;
            let att = base[0] - cand.expected[v][0] * own_share;
            let def = base[1] - cand.expected[v][1] * own_share;
            let reach = cap_k * cand.proj;
            (cap_k, att, def, [reach, reach * delta])
        };
        // Every candidate's utilities first, then their choices: the divisions
        // of one candidate's utilities then overlap with the next one's.
        let mut utility = std::mem::take(&mut self.utility);
        utility.clear();
        for cand in &self.cand {
            if again || (cand.pledged && !with_pledged) || cand.signalled {
                utility.push([0.0; 2]); // not chosen below
                continue;
            }
            let (cap_k, att, def, fight) = view(cand);
            utility.push([
                self.join_value(&cand.terms[0], cap_k, cap_j, att, def, fight[0]),
                self.join_value(&cand.terms[1], cap_k, cap_i, def, att, fight[1]),
            ]);
        }
        let mut total = [0.0f64; 2];
        for (c, &u) in utility.iter().enumerate() {
            let (own, brought) = {
                let cand = &self.cand[c];
                if cand.pledged && !with_pledged {
                    continue;
                }
                if again && !cand.signalled {
                    // What it brought in the pass before (its `own` is unchanged).
                    (None, cand.next[v])
                } else {
                    let (_, _, _, mut fight) = view(cand);
                    let mut own = None;
                    let pj = if cand.signalled {
                        let mut pj = [0.0; 2];
                        pj[cand.bound as usize] = 1.0;
                        pj
                    } else {
                        let mut pj = choice(u, p.choice_noise);
                        if cand.bound != NO_SIDE {
                            let s = cand.bound as usize;
                            own = Some(pj[s]);
                            let blended = self.with_record(cand.alliance as usize, pj[s]);
                            pj[1 - s] = pj[1 - s].min(1.0 - blended);
                            pj[s] = blended;
                        }
                        pj
                    };
                    if cand.bound != NO_SIDE {
                        fight[cand.bound as usize] *= cand.integration;
                    }
                    (
                        own,
                        [pj[0] * fight[0] * cand.size, pj[1] * fight[1] * cand.size],
                    )
                }
            };
            total[0] += brought[0];
            total[1] += brought[1];
            let cand = &mut self.cand[c];
            if let (true, Some(own)) = (by_target, own) {
                cand.own = own;
            }
            if with_pledged {
                cand.next[v] = brought;
            }
        }
        self.utility = utility;
        if with_pledged {
            self.next[v] = total;
        }
        let att = base[0] - others[0] + total[0];
        let def = base[1] - others[1] + total[1];
        att / (att + def).max(1e-12)
    }

    /// Blends a reasoned chance of joining with the alliance's record of honouring calls.
    fn with_record(&self, a: usize, reasoned: f64) -> f64 {
        let rw = self.p.record_weight;
        let calls = self.calls[a];
        if rw + calls <= 0.0 {
            return reasoned;
        }
        (rw * reasoned + self.honoured[a]) / (rw + calls)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::testkit::{SimHarness, alliance, state};
    use crate::model::{ModelParams, World};
    use crate::scenario::{AllianceKind, WorldSpec};

    #[test]
    fn one_walk_over_the_memberships_finds_what_the_separate_walks_do() {
        // Six states in overlapping pacts of every kind, each with its own
        // dialogue and economic ties, so that the maxima have rivals.
        let kinds = [
            (AllianceKind::Defense, vec![0, 1, 2]),
            (AllianceKind::Offense, vec![1, 3]),
            (AllianceKind::Entente, vec![0, 3, 4]),
            (AllianceKind::Neutrality, vec![2, 4, 5]),
            (AllianceKind::Defense, vec![0, 5, 3]),
        ];
        let spec = WorldSpec {
            states: (0..6)
                .map(|s| state(&format!("S{s}"), 1.0 + s as f64, 0.5, [s as f64, 0.0]))
                .collect(),
            borders: (0..5).map(|s| (s, s + 1)).collect(),
            alliances: kinds
                .iter()
                .enumerate()
                .map(|(n, (kind, members))| {
                    let mut a = alliance(*kind, members, 0.3 + 0.1 * n as f64);
                    a.dialogue = 0.9 - 0.15 * n as f64;
                    a.economic_ties = 0.1 + 0.2 * ((n * 3) % 5) as f64;
                    a
                })
                .collect(),
            crises: vec![],
        };
        let p = ModelParams::default();
        let w = World::new(&spec, &p);
        let mut h = SimHarness::new(&w, &p, 1);
        h.state.begin_year();
        let st = &h.state;
        let mut bound = 0;
        for k in 0..6 {
            for i in 0..6 {
                for j in 0..6 {
                    let (pacts, dialogue, ties) = st.crisis_ties(k, i, j);
                    let alone = st.pacts(k, |a| {
                        [
                            w.membership_in(i, a).is_some(),
                            w.membership_in(j, a).is_some(),
                        ]
                    });
                    assert_eq!(format!("{pacts:?}"), format!("{alone:?}"), "{k} {i} {j}");
                    assert_eq!(
                        st.sigma_with(i, dialogue).to_bits(),
                        st.perception_sigma(i, k).to_bits()
                    );
                    assert_eq!(ties[0].to_bits(), st.ties_between(k, j).to_bits());
                    assert_eq!(ties[1].to_bits(), st.ties_between(k, i).to_bits());
                    bound += usize::from(pacts.bound != super::NO_SIDE);
                }
            }
        }
        assert!(bound > 20, "only {bound} obligations among the triples");
    }
}
