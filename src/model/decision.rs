//! Step 5, decision: the challenger weighs war by expected utility, on what it
//! *perceives* of others' strength and what it *expects* their allies to do.
//!
//! The challenger sees every other state's capability with log-normal error;
//! the error shrinks with dialogue (between the challenger and the state it
//! looks at, when they share an alliance) and with intelligence sharing in the
//! challenger's own alliances. It then runs, in its head, the same joining
//! choice each potential participant will make for real in step 6
//! ([`SimState::join_utility`]), blended with each alliance's public record of
//! honouring calls. The whole calculation is done twice — once as it is and
//! once with the target's pledged allies left out — so that a challenge
//! deterred (or encouraged) by the target's alliances is a counted event.
//!
//! Utilities are shares of the decider's own wealth. Nothing here scales war
//! by an "alliance bonus": allies matter only through the strength they add,
//! the chance they come, and what that does to the odds and the costs.

use crate::rng::Stream;
use crate::scenario::AllianceKind;

use super::state::{Candidate, SimState};

/// The challenger's view of a possible war.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Assessment {
    /// Expected utility of attacking, allies as expected.
    pub eu_with: f64,
    /// Expected utility of attacking with the target's pledged allies left out.
    pub eu_without: f64,
    /// The perceived chance of winning (allies as expected).
    pub p_win: f64,
}

/// What a state weighs when choosing whether to join a war on one side.
#[derive(Clone, Copy, Debug)]
pub(crate) struct JoinView {
    /// The state choosing.
    pub k: usize,
    /// The principal of the side it would fight against.
    pub enemy: usize,
    /// The principal of the side it would join.
    pub friend: usize,
    /// Capability of the chooser (as seen by whoever reasons).
    pub cap_k: f64,
    /// Capability of the enemy principal (as seen).
    pub cap_enemy: f64,
    /// Combat strength of the side it would join, before it joins.
    pub own: f64,
    /// Combat strength of the other side.
    pub other: f64,
    /// The chooser's own combat contribution.
    pub contrib: f64,
    /// Strength of its pledge to the side (0 for a third party).
    pub pledge: f64,
    /// Its trust in the pledging alliance.
    pub trust: f64,
}

/// The parts of [`SimState::join_utility`] that depend only on who chooses, whom
/// against and with whom, not on the strength of the two sides. The challenger
/// weighs each would-be joiner in two passes (with and without the target's
/// pledged allies); these are computed once per candidate and reused, with the
/// same operations in the same order, so the utility keeps its exact value.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct JoinTerms {
    /// `keep_word - promised_out + balancing * threat`, the first three terms of the sum.
    base: f64,
    /// The trade factor of the cost, `1 + trade_war_cost * ties`.
    trade: f64,
    /// Spoils as a share of the chooser's wealth.
    spoils: f64,
}

/// The parts of the challenger's expected utility of attacking that do not depend
/// on its chance of winning (see [`SimState::attack_terms`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct AttackTerms {
    /// The trade factor of the cost, `1 + trade_war_cost * ties`.
    trade: f64,
    /// What winning brings: revision plus spoils.
    gain: f64,
    /// What losing costs.
    loss: f64,
    /// `breach_cost` times the strongest reliability of a pact with the target.
    breach: f64,
}

/// The logistic function.
#[inline]
pub(crate) fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl SimState<'_> {
    /// How `i` perceives `k`'s capability.
    pub(crate) fn perceive(&self, i: usize, k: usize, rng: &mut Stream) -> f64 {
        // Always draw, so that switching a mechanism off leaves the stream aligned.
        let z = rng.normal();
        if i == k {
            return self.cap[k];
        }
        let mut dialogue = 0.0f64;
        for &m in self.w.memberships_of(i) {
            let a = self.w.member_alliance[m as usize] as usize;
            if self.active(a) && self.w.membership_in(k, a).is_some() {
                dialogue = dialogue.max(self.w.alliances[a].dialogue);
            }
        }
        let p = self.p;
        let sigma = p.perception_noise
            * (1.0 - p.dialogue_clarity * dialogue)
            * (1.0 - p.intelligence_clarity * self.intel[i]);
        // Mean-preserving: errors go both ways and do not bias perceived strength.
        self.cap[k] * (sigma * z - 0.5 * sigma * sigma).exp()
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

    /// Utility, for state `v.k`, of joining a war on one side rather than staying out.
    pub(crate) fn join_utility(&self, v: &JoinView) -> f64 {
        let t = self.join_terms(v);
        self.join_value(&t, v.k, v.own, v.other, v.contrib)
    }

    /// The coalition-independent terms of [`SimState::join_utility`] (`own`,
    /// `other` and `contrib` of the view are not used).
    pub(crate) fn join_terms(&self, v: &JoinView) -> JoinTerms {
        let p = self.p;
        let (k, e) = (v.k, v.enemy);
        let keep_word = v.pledge * (p.commitment * 2.0 * v.trust + p.reputation);
        // Fighting a partner breaks faith with it: a neutrality pledge to the enemy
        // always counts against joining, and so does any other pact with the enemy
        // unless the friend is in it too (as in collective security, whose pledge is
        // to defend any member against any other).
        let mut promised_out = 0.0f64;
        for &m in self.w.memberships_of(k) {
            let a = self.w.member_alliance[m as usize] as usize;
            let al = &self.w.alliances[a];
            if !self.active(a) || self.w.membership_in(e, a).is_none() {
                continue;
            }
            if al.kind == AllianceKind::Neutrality || self.w.membership_in(v.friend, a).is_none() {
                let kept = al.pledge * (p.commitment * 2.0 * self.trust[m as usize] + p.reputation);
                promised_out = promised_out.max(kept);
            }
        }
        let threat = v.cap_enemy / (v.cap_enemy + v.cap_k).max(1e-12)
            * self.projection(self.w.distance(e, k))
            * self.rev_weight(e);
        JoinTerms {
            base: keep_word - promised_out + p.balancing * threat,
            trade: 1.0 + p.trade_war_cost * self.ties_between(k, e),
            spoils: p.stakes * self.wealth[e].min(self.wealth[k]) / self.wealth[k],
        }
    }

    /// [`SimState::join_utility`] from its coalition-independent terms and the
    /// strength of the two sides.
    #[inline]
    pub(crate) fn join_value(
        &self,
        t: &JoinTerms,
        k: usize,
        own: f64,
        other: f64,
        contrib: f64,
    ) -> f64 {
        let p = self.p;
        let own = own + contrib;
        let p_win = own / (own + other).max(1e-12);
        let cost = p.war_cost * self.expected_duration(p_win) * t.trade;
        let share = contrib / own.max(1e-12);
        let gain = p_win * self.w.revisionism[k] * t.spoils * share;
        let loss = (1.0 - p_win) * p.stakes * self.loss_weight(k);
        t.base - cost - loss + gain
    }

    /// The parts of the expected utility for `i` of attacking `j` that do not
    /// depend on the chance of winning; the challenger's two passes share them.
    pub(crate) fn attack_terms(&self, i: usize, j: usize) -> AttackTerms {
        let p = self.p;
        let trade = 1.0 + p.trade_war_cost * self.ties_between(i, j);
        let mut breach = 0.0f64;
        for &m in self.w.memberships_of(i) {
            let a = self.w.member_alliance[m as usize] as usize;
            if self.active(a) && self.w.membership_in(j, a).is_some() {
                breach = breach.max(self.w.alliances[a].reliability);
            }
        }
        // Spoils are bounded by what the winner can absorb: at most `stakes` of its own wealth.
        let spoils = p.stakes * self.wealth[j].min(self.wealth[i]) / self.wealth[i];
        AttackTerms {
            trade,
            gain: self.w.revisionism[i] * p.revision_value + spoils,
            loss: p.stakes * self.loss_weight(i),
            breach: p.breach_cost * breach,
        }
    }

    /// Expected utility of attacking with a perceived chance of winning `p_win`.
    #[inline]
    pub(crate) fn attack_utility(&self, t: &AttackTerms, p_win: f64) -> f64 {
        let cost = self.p.war_cost * self.expected_duration(p_win) * t.trade;
        p_win * t.gain - (1.0 - p_win) * t.loss - cost - t.breach
    }

    /// Adds a candidate unless already listed; a pledged listing keeps the strongest pledge.
    fn add_candidate(&mut self, stamp: u32, c: Candidate) {
        let k = c.state as usize;
        if self.stamp[k] == stamp {
            let prev = &mut self.cand[self.slot[k] as usize];
            if c.pledge > prev.pledge && prev.side == c.side {
                *prev = c;
            }
            return;
        }
        self.stamp[k] = stamp;
        self.slot[k] = self.cand.len() as u32;
        self.cand.push(c);
    }

    /// The challenger `i`'s assessment of attacking `j`.
    pub(crate) fn assess(&mut self, i: usize, j: usize, rng: &mut Stream) -> Assessment {
        let w = self.w;
        let stamp = self.next_stamp();
        self.stamp[i] = stamp;
        self.stamp[j] = stamp;
        self.cand.clear();
        // The target's partners pledged to defend it. A pledge of zero strength is no
        // pledge at all: such a partner is weighed only as a third party, like anyone.
        for &m in w.memberships_of(j) {
            let a = w.member_alliance[m as usize] as usize;
            let al = &w.alliances[a];
            if !self.active(a) || !al.defends() || al.pledge <= 0.0 {
                continue;
            }
            for id in w.members_of(a) {
                let k = w.member_state[id] as usize;
                if k != i && k != j && self.available(k) {
                    self.add_candidate(
                        stamp,
                        Candidate {
                            state: k as u32,
                            side: 1,
                            pledge: al.pledge,
                            alliance: a as u32,
                            membership: id as u32,
                            cascade: false,
                            ..Candidate::default()
                        },
                    );
                }
            }
        }
        // The challenger's own partners: offence pledges join its attack; defence
        // pledges come in only if the target's side is joined (then the challenger
        // is itself attacked).
        for &m in w.memberships_of(i) {
            let a = w.member_alliance[m as usize] as usize;
            let al = &w.alliances[a];
            let offense = al.kind == AllianceKind::Offense;
            if !self.active(a) || !(offense || al.defends()) || al.pledge <= 0.0 {
                continue;
            }
            for id in w.members_of(a) {
                let k = w.member_state[id] as usize;
                if k != i && k != j && self.stamp[k] != stamp && self.available(k) {
                    self.add_candidate(
                        stamp,
                        Candidate {
                            state: k as u32,
                            side: 0,
                            pledge: al.pledge,
                            alliance: a as u32,
                            membership: id as u32,
                            cascade: !offense,
                            ..Candidate::default()
                        },
                    );
                }
            }
        }
        // Third parties: the target's neighbours and the great powers.
        for idx in 0..self.adj[j].len() + self.great_powers.len() {
            let k = if idx < self.adj[j].len() {
                self.adj[j][idx]
            } else {
                self.great_powers[idx - self.adj[j].len()]
            } as usize;
            if self.stamp[k] != stamp && self.available(k) {
                self.add_candidate(
                    stamp,
                    Candidate {
                        state: k as u32,
                        side: 1,
                        ..Candidate::default()
                    },
                );
            }
        }
        let seen_target = self.perceive(i, j, rng);
        for c in 0..self.cand.len() {
            let k = self.cand[c].state as usize;
            let perceived = self.perceive(i, k, rng);
            let cand = self.cand[c];
            // The view each candidate is weighed with in `evaluate`, less the coalitions.
            let (enemy, friend, cap_enemy, trust) = if cand.side == 1 {
                let trust = if cand.pledge > 0.0 {
                    self.trust[cand.membership as usize]
                } else {
                    0.0
                };
                (i, j, self.cap[i], trust)
            } else {
                (j, i, seen_target, self.trust[cand.membership as usize])
            };
            let terms = self.join_terms(&JoinView {
                k,
                enemy,
                friend,
                cap_k: perceived,
                cap_enemy,
                own: 0.0,
                other: 0.0,
                contrib: 0.0,
                pledge: cand.pledge,
                trust,
            });
            let reach = perceived * self.projection(w.distance(k, j));
            let c = &mut self.cand[c];
            c.perceived = perceived;
            c.reach = reach;
            c.terms = terms;
        }
        let attack = self.attack_terms(i, j);
        let (eu_with, p_win) = self.evaluate(i, j, seen_target, true, &attack);
        let (eu_without, _) = self.evaluate(i, j, seen_target, false, &attack);
        Assessment {
            eu_with,
            eu_without,
            p_win,
        }
    }

    /// One pass of the challenger's reasoning over the candidate list.
    fn evaluate(
        &self,
        i: usize,
        j: usize,
        seen_target: f64,
        with_pledged: bool,
        attack: &AttackTerms,
    ) -> (f64, f64) {
        let p = self.p;
        let delta = p.defender_advantage;
        let mut def = seen_target * delta;
        let own_attack = self.cap[i] * self.projection(self.w.distance(i, j));
        let mut none_join = 1.0;
        for c in self.cand.iter().filter(|c| c.side == 1) {
            let pledged = c.pledge > 0.0;
            if pledged && !with_pledged {
                continue;
            }
            let k = c.state as usize;
            let contrib = c.reach * delta;
            let mut pj =
                logistic(self.join_value(&c.terms, k, def, own_attack, contrib) / p.choice_noise);
            let mut fight = contrib;
            if pledged {
                pj = self.with_record(c.alliance as usize, pj);
                fight *=
                    1.0 + p.integration_gain * self.w.alliances[c.alliance as usize].integration;
            }
            def += pj * fight;
            none_join *= 1.0 - pj;
        }
        let helped = 1.0 - none_join;
        let mut att = own_attack;
        for c in self.cand.iter().filter(|c| c.side == 0) {
            let k = c.state as usize;
            let contrib = c.reach;
            let mut pj = self.with_record(
                c.alliance as usize,
                logistic(self.join_value(&c.terms, k, att, def, contrib) / p.choice_noise),
            );
            if c.cascade {
                pj *= helped;
            }
            att += pj
                * contrib
                * (1.0 + p.integration_gain * self.w.alliances[c.alliance as usize].integration);
        }
        let p_win = att / (att + def).max(1e-12);
        (self.attack_utility(attack, p_win), p_win)
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
