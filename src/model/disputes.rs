//! Step 3, disputes: each year, in a random order, every state that is not at
//! war may raise a dispute with a state within its reach.
//!
//! Scripted crises of the scenario (`[[crises]]`) come first: in their year the
//! challenger raises the dispute for certain, and it then goes through
//! settlement and decision like any other, unless the crisis is forced, in
//! which case the challenger attacks regardless.
//!
//! Reach is the border map; great powers also reach states far away (their
//! strength there is cut by distance in [`super::decision`]). A dispute is more
//! likely the more revisionist the challenger and the less it trusts the other
//! state. A dispute then goes to settlement (step 4), and if unsettled to the
//! challenger's decision (step 5) and possibly war (steps 6–7).

use crate::rng::Stream;

use super::state::SimState;

impl SimState<'_> {
    /// A state within `i`'s reach, chosen at random, if any.
    fn pick_target(&self, i: usize, rng: &mut Stream) -> Option<usize> {
        if self.is_great[i] && rng.chance(self.p.far_dispute_share) {
            // Rejection sampling stays O(1) per draw; a dead or self draw just means no dispute.
            let j = rng.below(self.w.n);
            return (j != i && self.alive[j]).then_some(j);
        }
        let nb = &self.adj[i];
        if nb.is_empty() {
            None
        } else {
            Some(nb[rng.below(nb.len())] as usize)
        }
    }

    /// Steps 3–7 for one year: scripted crises, then disputes, settlement,
    /// decisions, wars and outcomes.
    pub(crate) fn conflicts(&mut self, rng: &mut Stream) {
        // Only crisis years draw anything extra, so a scenario without crises
        // keeps exactly the random stream it would have had before.
        let (w, year) = (self.w, self.year);
        for c in w.crises.iter().filter(|c| c.year == year) {
            if self.available(c.challenger) && self.available(c.target) {
                self.tally.crises += 1.0;
                if self.dispute(c.challenger, c.target, c.force, rng) {
                    self.tally.crisis_wars += 1.0;
                    self.tally.crisis_war_participants += self.participants.len() as f64;
                }
            }
        }
        let mut order = std::mem::take(&mut self.order);
        rng.shuffle(&mut order);
        for &i in &order {
            let i = i as usize;
            if !self.available(i) {
                continue;
            }
            let Some(j) = self.pick_target(i, rng) else {
                continue;
            };
            if !self.available(j) {
                continue;
            }
            let trust = self.shared_trust(i, j);
            let p_dispute =
                self.p.dispute_rate * self.rev_weight(i) * (1.0 - self.p.trust_dampening * trust);
            if !rng.chance(p_dispute) {
                continue;
            }
            self.dispute(i, j, false, rng);
        }
        self.order = order;
    }

    /// Steps 4–7 for one dispute raised by `i` against `j`; with `force`, the
    /// challenger attacks without settlement or decision. Returns whether it
    /// became a war (its participants are then in `self.participants`).
    fn dispute(&mut self, i: usize, j: usize, force: bool, rng: &mut Stream) -> bool {
        self.tally.disputes += 1.0;
        let members = self.shared(i, j, |_| true).is_some();
        if members {
            self.tally.member_disputes += 1.0;
        }
        if !force && self.settle(i, j, rng) {
            self.tally.disputes_negotiated += 1.0;
            self.tally.disputes_peaceful += 1.0;
            return false;
        }
        // A forced attack is still assessed, so that the initiator's expected
        // chance (and so a misjudged war) is recorded as for any war.
        let choice = self.assess(i, j, rng);
        if force {
            self.fight(i, j, choice.p_win, rng);
            return true;
        }
        let attack = choice.eu_with > 0.0;
        let attack_alone = choice.eu_without > 0.0;
        if attack_alone && !attack {
            self.tally.deterred += 1.0;
        }
        if attack && !attack_alone {
            self.tally.emboldened += 1.0;
        }
        if !attack {
            self.tally.disputes_peaceful += 1.0;
            return false;
        }
        self.fight(i, j, choice.p_win, rng);
        true
    }
}
