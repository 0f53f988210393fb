//! Steps 3–5, crises: each year, in a random order, every state that is not at
//! war may raise a dispute with a state within its reach, and the dispute
//! climbs the ladder of hostility levels that the Correlates of War code for
//! militarized disputes: a threat (2), a display of force (3), a use of force
//! (4), war (5).
//!
//! At each rung, in this order: the two may settle by negotiation (step 4);
//! the partners of either whose pledge applies may commit themselves in public
//! to their partner's side; the target gives in, holds, or answers by climbing
//! a rung itself; and the challenger presses on or stops (step 5). Every one
//! of these is a choice on expected utility with what the chooser sees: the
//! challenger sees with errors that shrink as the crisis climbs, weighs what a
//! war would bring against what backing down costs it (an audience cost that
//! grows with each rung) and how likely the target is to give in. A public
//! commitment is counted by both sides as a partner that will come, and it
//! costs the partner the same audience cost to renege on. Deterrence is a
//! crisis in which the challenger stops but would have pressed on were the
//! target alone.
//!
//! Scripted crises of the scenario (`[[crises]]`) come first: in their year the
//! challenger raises the dispute for certain, and it then climbs like any other,
//! unless the crisis is forced, in which case the challenger attacks regardless.
//!
//! Reach is the border map; great powers also reach states far away (their
//! strength there is cut by distance). A dispute is more likely the more
//! revisionist the challenger and the less it trusts the other state.

use crate::rng::{Stream, tag};

use super::decision::logistic;
use super::records::{Backer, CrisisEnd, CrisisRecord};
use super::state::{NO_SIDE, SimState};

/// Kinds of event, for the tags of their random streams.
const SCRIPTED: u64 = 1;
const DISPUTE: u64 = 2;
pub(crate) const WAR_YEAR: u64 = 3;

/// Highest hostility level of a crisis that did not become a war.
const USE_OF_FORCE: u8 = 4;

impl SimState<'_> {
    /// A state within `i`'s reach, chosen with the draws `far` (uniform) and
    /// `pick` (raw), if any.
    fn pick_target(&self, i: usize, far: f64, pick: u64) -> Option<usize> {
        let index = |n: usize| ((pick as u128 * n as u128) >> 64) as usize;
        if self.is_great[i] && far < self.p.far_dispute_share {
            // Rejection sampling stays O(1) per draw; a dead or self draw just means no dispute.
            let j = index(self.w.n);
            return (j != i && self.alive[j]).then_some(j);
        }
        let nb = &self.adj[i];
        if nb.is_empty() {
            None
        } else {
            Some(nb[index(nb.len())] as usize)
        }
    }

    /// Steps 3–7 for one year: wars going on from earlier years, scripted
    /// crises, then disputes, their escalation, and the wars they start.
    pub(crate) fn conflicts(&mut self, rng: &mut Stream) {
        self.continue_wars(rng);
        let (w, year) = (self.w, self.year);
        for c in w.crises.iter().filter(|c| c.year == year) {
            if self.available(c.challenger) && self.available(c.target) {
                self.tally.crises += 1.0;
                let mut sub = rng.substream(tag(&[
                    SCRIPTED,
                    u64::from(year),
                    c.challenger as u64,
                    c.target as u64,
                ]));
                self.crisis(c.challenger, c.target, c.force, true, &mut sub);
            }
        }
        // Every state draws the same three numbers each year, whether it can
        // raise a dispute or not, and each dispute draws from a stream of its
        // own: one dispute more or less in one configuration of a comparison
        // leaves the others' draws as they were (common random numbers).
        let mut order = std::mem::take(&mut self.order);
        rng.shuffle(&mut order);
        for &i in &order {
            let i = i as usize;
            let (far, pick, roll) = (rng.uniform(), rng.next_u64(), rng.uniform());
            if !self.available(i) {
                continue;
            }
            let Some(j) = self.pick_target(i, far, pick) else {
                continue;
            };
            if !self.available(j) {
                continue;
            }
            let trust = self.shared_trust(i, j);
            let p_dispute =
                self.p.dispute_rate * self.rev_weight(i) * (1.0 - self.p.trust_dampening * trust);
            if roll >= p_dispute {
                continue;
            }
            let mut sub = rng.substream(tag(&[DISPUTE, u64::from(year), i as u64, j as u64]));
            self.crisis(i, j, false, false, &mut sub);
        }
        self.order = order;
    }

    /// Whether the challenger presses on from rung `level` (2–4): at the use of
    /// force, if war is worth more than backing down; below it, if climbing a
    /// rung is, looking ahead — the target may give in (chance `yields`, worth
    /// `gain` to the challenger), or the challenger will choose again at the
    /// next rung.
    pub(crate) fn presses(&self, level: u8, war: f64, yields: f64, gain: f64) -> bool {
        // Backing down costs face at any rung once a threat is public (Fearon 1994).
        let (clash, back_down) = (self.p.clash_cost, -self.p.audience_cost);
        let at_force = war.max(back_down);
        let to_force = -clash + yields * gain + (1.0 - yields) * at_force;
        let value = match level {
            USE_OF_FORCE => war,
            3 => to_force,
            _ => yields * gain + (1.0 - yields) * to_force.max(back_down),
        };
        value > back_down
    }

    /// Steps 4–7 for one dispute raised by `i` against `j`; with `force`, the
    /// challenger attacks without a crisis; `scripted` when the scenario set it.
    fn crisis(&mut self, i: usize, j: usize, force: bool, scripted: bool, rng: &mut Stream) {
        let p = self.p;
        self.tally.disputes += 1.0;
        if self.shared(i, j, |_| true).is_some() {
            self.tally.member_disputes += 1.0;
        }
        self.gather(i, j, rng);
        if force {
            // A forced attack is still assessed, so that the initiator's expected
            // chance (and so a misjudged war) is recorded as for any war.
            self.set_up(i, j);
            self.sharpen(i, j, 5);
            let p_win = self.evaluate(i, j, false, true);
            let war = self.begin_war(i, j, p_win, scripted, rng);
            return self.record_crisis(i, j, scripted, 5, CrisisEnd::War, Some(war));
        }
        let attack = self.war_terms(i, j, true);
        let defence = self.war_terms(j, i, false);
        // What the target hands over by giving in, and the challenger gains;
        // giving in also costs the target face, as backing down costs the challenger.
        let concede = p.concession * defence.gain;
        let gain = p.concession * attack.gain;
        let give_in = -concede - p.audience_cost;
        let mut pledged = None;
        let mut level = 2u8;
        loop {
            if self.settle(i, j, rng) {
                self.tally.disputes_negotiated += 1.0;
                return self.crisis_ends(i, j, scripted, level, CrisisEnd::Negotiated);
            }
            // Set up once a rung is not settled: many crises end at the first.
            let pledged = *pledged.get_or_insert_with(|| {
                self.set_up(i, j);
                self.cand.iter().any(|c| c.pledged)
            });
            self.sharpen(i, j, level);
            let mut p_true = self.evaluate(i, j, true, true);
            if self.signals(rng) {
                p_true = self.evaluate_after_signals(i, j);
            }
            // The target weighs giving in against holding firm: holding means war
            // if the challenger would rather fight than back down, as the target
            // judges the challenger's calculation.
            let resist = self.war_utility(&defence, 1.0 - p_true);
            let resolve = self.war_utility(&attack, p_true) + p.audience_cost;
            let hold = logistic(resolve / p.choice_noise) * resist;
            if rng.chance(logistic((give_in - hold) / p.choice_noise)) {
                self.concede(i, j, concede);
                return self.crisis_ends(i, j, scripted, level, CrisisEnd::GaveIn);
            }
            if level < USE_OF_FORCE && rng.chance(logistic(resist / p.choice_noise)) {
                // The target answers in kind: the crisis climbs on its move.
                level = self.climb(i, j, level);
                continue;
            }
            let p_win = self.evaluate(i, j, false, true);
            let war = self.war_utility(&attack, p_win);
            // The challenger's estimate of the target's choice above, on its own view.
            let yields = |s: &Self, p_win: f64| {
                let resolve = s.war_utility(&attack, p_win) + p.audience_cost;
                let hold =
                    logistic(resolve / p.choice_noise) * s.war_utility(&defence, 1.0 - p_win);
                logistic((give_in - hold) / p.choice_noise)
            };
            let press = self.presses(level, war, yields(self, p_win), gain);
            // The same choice with the target's pledged partners left out (the
            // same as `press` when it has none in this crisis).
            let alone = |s: &mut Self| {
                if !pledged {
                    return press;
                }
                let p_alone = s.evaluate(i, j, false, false);
                let war = s.war_utility(&attack, p_alone);
                s.presses(level, war, yields(s, p_alone), gain)
            };
            if !press {
                if alone(self) {
                    self.tally.deterred += 1.0;
                    self.crisis_deterred = true;
                }
                return self.crisis_ends(i, j, scripted, level, CrisisEnd::BackedDown);
            }
            if level == USE_OF_FORCE {
                if !alone(self) {
                    self.tally.emboldened += 1.0;
                }
                let war = self.begin_war(i, j, p_win, scripted, rng);
                return self.record_crisis(i, j, scripted, 5, CrisisEnd::War, Some(war));
            }
            level = self.climb(i, j, level);
        }
    }

    /// The crisis climbs from `level` to the next rung; a use of force costs both sides.
    fn climb(&mut self, i: usize, j: usize, level: u8) -> u8 {
        let next = level + 1;
        if next == USE_OF_FORCE {
            let keep = 1.0 - self.p.clash_cost;
            for q in [i, j] {
                self.cap[q] *= keep;
                self.wealth[q] *= keep;
            }
        }
        next
    }

    /// The pledged partners of either side whose terms apply and who have not
    /// yet done so may commit themselves in public, each with its own chance of
    /// joining its partner's side. Returns whether any did.
    fn signals(&mut self, rng: &mut Stream) -> bool {
        let mut any = false;
        for cand in &mut self.cand {
            if cand.bound != NO_SIDE && !cand.signalled && rng.chance(cand.own) {
                cand.signalled = true;
                any = true;
            }
        }
        any
    }

    /// The target gives in: it hands the challenger `concede` of its own wealth.
    fn concede(&mut self, i: usize, j: usize, concede: f64) {
        let amount = concede * self.wealth[j];
        self.wealth[j] -= amount;
        self.wealth[i] += amount;
        self.tally.concessions += 1.0;
    }

    /// A crisis ends short of war at rung `level`.
    fn crisis_ends(&mut self, i: usize, j: usize, scripted: bool, level: u8, end: CrisisEnd) {
        self.tally.disputes_peaceful += 1.0;
        self.tally.by_level[usize::from(level) - 2] += 1.0;
        self.record_crisis(i, j, scripted, level, end, None);
    }

    /// Adds a dispute to the records, when they are kept.
    fn record_crisis(
        &mut self,
        i: usize,
        j: usize,
        scripted: bool,
        level: u8,
        end: CrisisEnd,
        war: Option<u32>,
    ) {
        let id = self.crisis_count;
        self.crisis_count += 1;
        let deterred = std::mem::take(&mut self.crisis_deterred);
        if let Some(frame) = self.dyad_frames.as_mut().and_then(|f| f.last_mut()) {
            frame.onsets.push((i as u32, j as u32, level));
        }
        if self.crisis_log.is_none() {
            return;
        }
        let record = CrisisRecord {
            id,
            year: self.year,
            challenger: i as u32,
            target: j as u32,
            scripted,
            level,
            end,
            war,
            contiguous: self.adj[i].contains(&(j as u32)),
            shared: self.pact_kinds(i, Some((j, true))),
            challenger_other: self.pact_kinds(i, Some((j, false))),
            target_other: self.pact_kinds(j, Some((i, false))),
            challenger_major: self.is_great[i],
            target_major: self.is_great[j],
            deterred,
            backers: self
                .cand
                .iter()
                .filter(|c| c.signalled)
                .map(|c| Backer {
                    state: c.state,
                    bloc: c.bloc,
                    side: c.bound,
                })
                .collect(),
        };
        if let Some(log) = self.crisis_log.as_mut() {
            log.push(record);
        }
    }
}
