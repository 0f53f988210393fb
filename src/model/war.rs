//! Step 6, war: who fights, year by year. A war lasts from the year a crisis
//! reaches it until one side gives up or is beaten (step 7). Each of its years
//! begins with a joining round:
//!
//! - the partners of every belligerent are asked first, then the neighbours of
//!   every belligerent and the great powers (only once no partner is waiting);
//! - each one chooses to stay out or to join either side, by its own expected
//!   utility with the coalitions as they stand ([`SimState::join_value`] for
//!   each side, then a logit choice): balancing against a threatening enemy,
//!   bandwagoning with a likely winner, or taking the chance against a weakened
//!   neighbour all come out of the same calculation;
//! - a pledge pulls only as its terms say ([`super::world::Alliance::duty`]):
//!   a defence partner is called when its partner is on the defending side, an
//!   offence partner when its partner attacks a non-member; an ally whose
//!   interest lies elsewhere may stay out (abandonment) or join the other side.
//!
//! A state that joins becomes a belligerent, so its own partners are asked in
//! turn (chain-ganging is possible but never forced), and its neighbours become
//! bystanders who may come in. Every state outside a war is asked again the next
//! year, so states can join late as the war's course changes.

use crate::rng::{Stream, tag};

use super::decision::choice;
use super::disputes::WAR_YEAR;
use super::records::{Answer, Applied, CallRecord};
use super::sim::Entry;
use super::state::{NO_SIDE, SimState, War};

impl SimState<'_> {
    /// Starts the war `i` makes on `j` at the end of their crisis, and fights
    /// its first year; returns the war's number.
    pub(crate) fn begin_war(
        &mut self,
        i: usize,
        j: usize,
        expected_win: f64,
        scripted: bool,
        rng: &mut Stream,
    ) -> u32 {
        let w = self.w;
        let x = self.wars_on.len();
        let id = self.war_count;
        self.war_count += 1;
        let mut war = War {
            id,
            start: self.year,
            initiator: i as u32,
            target: j as u32,
            expected_win,
            target_allied: self.has_def_ally[j],
            scripted,
            signals: self
                .cand
                .iter()
                .filter(|c| c.signalled && !c.bloc)
                .map(|c| (c.state, c.bound))
                .collect(),
            bloc_signals: self
                .cand
                .iter()
                .filter(|c| c.signalled && c.bloc)
                .map(|c| (c.alliance, c.bound))
                .collect(),
            ..War::default()
        };
        for (q, side) in [(i, 0u8), (j, 1u8)] {
            war.join(q as u32, side, self.year, Entry::Originator);
            self.war_of[q] = x as u32;
            self.side[q] = side;
        }
        self.wars_on.push(war);

        let t = &mut self.tally;
        t.wars += 1.0;
        if self.has_def_ally[j] {
            t.allied_attacked += 1.0;
        } else {
            t.unallied_attacked += 1.0;
        }
        if self.adj[i].contains(&(j as u32)) {
            t.neighbour_wars += 1.0;
        }
        if self.in_alliance[i] {
            t.member_initiations += 1.0;
        } else {
            t.nonmember_initiations += 1.0;
        }
        if w.signatory(j) && !w.co_signatories(i, j) {
            t.signatory_attacked += 1.0;
        }
        if w.signatory(i) {
            t.signatory_initiations += 1.0;
        }
        if scripted {
            t.crisis_wars += 1.0;
        }
        if let Some((a, _, _)) = self.shared(i, j, |_| true) {
            self.tally.member_wars += 1.0;
            // Members who go to war with each other lose trust in their alliance.
            for q in [i, j] {
                if let Some(m) = w.membership_in(q, a) {
                    self.conflict_log.push((m as u32, false));
                }
            }
        }
        self.war_year(x, rng);
        id
    }

    /// A year of every war begun in an earlier year, in the order they began.
    pub(crate) fn continue_wars(&mut self, rng: &mut Stream) {
        let mut x = 0;
        while x < self.wars_on.len() {
            if !self.war_year(x, rng) {
                x += 1;
            }
        }
    }

    /// A year of war `x`: joining, then fighting, on a stream of its own (see
    /// `conflicts`). Returns whether it ended.
    fn war_year(&mut self, x: usize, rng: &mut Stream) -> bool {
        let war = &self.wars_on[x];
        let id = [
            WAR_YEAR,
            u64::from(war.start),
            u64::from(war.initiator),
            u64::from(war.target),
            u64::from(self.year),
        ];
        let mut sub = rng.substream(tag(&id));
        self.joining(x, &mut sub);
        self.fight(x, &mut sub)
    }

    /// `k` now fights on `side` of the war in hand: it is counted in its
    /// alliances' side counts, and its partners are queued to be asked.
    fn enlist(&mut self, k: usize, side: u8) {
        let (w, round) = (self.w, self.round);
        for &m in w.memberships_of(k) {
            let a = w.member_alliance[m as usize] as usize;
            if self.side_count_stamp[a] != round {
                self.side_count_stamp[a] = round;
                self.side_count[a] = [0, 0];
            }
            self.side_count[a][side as usize] += 1;
            if !self.active(a)
                || !w.alliances[a].summons(side)
                || self.alliance_called[a][side as usize] == round
            {
                continue;
            }
            self.alliance_called[a][side as usize] = round;
            for id in w.members_of(a) {
                let s = w.member_state[id] as usize;
                if s != k {
                    self.queue.push_back(s as u32);
                }
            }
        }
        self.bystanders.extend_from_slice(&self.adj[k]);
    }

    /// Whether alliance `a` has members fighting on each side of the war in hand.
    #[inline]
    fn on_sides(&self, a: usize) -> [bool; 2] {
        if self.side_count_stamp[a] == self.round {
            let c = self.side_count[a];
            [c[0] > 0, c[1] > 0]
        } else {
            [false, false]
        }
    }

    /// The joining round of a year of war `x`.
    fn joining(&mut self, x: usize, rng: &mut Stream) {
        let (w, p) = (self.w, self.p);
        let mut war = std::mem::take(&mut self.wars_on[x]);
        self.round = self.round.wrapping_add(1);
        let round = self.round;
        let answered = self.next_stamp();
        let (i, j) = (war.initiator as usize, war.target as usize);
        let delta = p.defender_advantage;
        self.queue.clear();
        self.bystanders.clear();
        let mut strength = [0.0f64; 2];
        for idx in 0..war.members.len() {
            let m = war.members[idx];
            let k = m.state as usize;
            let home = if m.side == 1 { delta } else { 1.0 };
            strength[m.side as usize] += self.cap[k] * self.reach(k, j) * home;
            self.enlist(k, m.side);
        }
        self.bystanders.extend_from_slice(&self.great_powers);

        let mut next_bystander = 0;
        loop {
            let (k, queued) = match self.queue.pop_front() {
                Some(k) => (k as usize, true),
                None if next_bystander < self.bystanders.len() => {
                    next_bystander += 1;
                    (self.bystanders[next_bystander - 1] as usize, false)
                }
                None => break,
            };
            if !self.available(k) {
                let elsewhere = self.alive[k] && self.war_of[k] != x as u32;
                if queued && elsewhere && self.calls_log.is_some() {
                    self.note_unable(&mut war, k);
                }
                continue;
            }
            if self.stamp[k] == answered {
                continue;
            }
            if !queued {
                if self.asked[k] == round {
                    continue;
                }
                self.asked[k] = round;
            }
            let pacts = self.pacts(k, |a| self.on_sides(a));
            // A state answers once a year with its pacts weighed; a bystander
            // with none may still be asked again if a partner of its joins.
            if queued || pacts.involved {
                self.stamp[k] = answered;
            }
            let reach = self.cap[k] * self.reach(k, j);
            let contrib = [reach, reach * delta];
            let mut u = [0.0; 2];
            for s in 0..2 {
                let enemy = if s == 0 { j } else { i };
                let mut promise = pacts.pull[s] - pacts.breach[s];
                let alliances = w
                    .memberships_of(k)
                    .iter()
                    .map(|&m| w.member_alliance[m as usize]);
                if war.signalled(k as u32, s as u8, alliances) {
                    promise += p.audience_cost;
                }
                let terms = self.join_terms(k, enemy, promise);
                u[s] = self.join_value(
                    &terms,
                    self.cap[k],
                    self.cap[enemy],
                    strength[s],
                    strength[1 - s],
                    contrib[s],
                );
            }
            let pj = choice(u, p.choice_noise);
            let draw = rng.uniform();
            let side = if draw < pj[0] {
                0u8
            } else if draw < pj[0] + pj[1] {
                1
            } else {
                NO_SIDE
            };
            // One call per state and war: its answer the first time it is bound.
            if pacts.bound != NO_SIDE && war.called.insert(k as u32) {
                let honoured = side == pacts.bound;
                let t = &mut self.tally;
                t.calls += 1.0;
                let answer = if honoured {
                    t.honoured += 1.0;
                    Answer::Honoured
                } else if side == NO_SIDE {
                    t.abandonments += 1.0;
                    Answer::StayedOut
                } else {
                    t.joins_against_partner += 1.0;
                    Answer::JoinedOtherSide
                };
                self.call_log.push((pacts.alliance, honoured));
                if let Some(log) = self.calls_log.as_mut() {
                    log.push(CallRecord {
                        war: war.id,
                        year: self.year,
                        state: k as u32,
                        alliance: pacts.alliance,
                        partner_side: pacts.bound,
                        applied: Applied::Yes,
                        answer,
                    });
                }
            } else if pacts.bound == NO_SIDE && self.calls_log.is_some() {
                self.note_unapplied(&mut war, k, side);
            }
            if side == NO_SIDE {
                continue;
            }
            let how = if side == pacts.bound {
                war.joined_by_alliance += 1;
                Entry::Called(pacts.alliance)
            } else {
                Entry::OwnAccount
            };
            war.join(k as u32, side, self.year, how);
            if self.year > war.start {
                self.tally.late_joiners += 1.0;
            }
            self.war_of[k] = x as u32;
            self.side[k] = side;
            strength[side as usize] += contrib[side as usize];
            self.enlist(k, side);
        }
        self.wars_on[x] = war;
    }

    /// The first defence or offence pact of `k`, of strength > 0, with a member
    /// fighting in the war in hand: (alliance, the side that member fights on,
    /// whether the pledge's terms apply).
    fn call_pact(&self, k: usize) -> Option<(u32, u8, Applied)> {
        let w = self.w;
        for &m in w.memberships_of(k) {
            let a = w.member_alliance[m as usize] as usize;
            let al = &w.alliances[a];
            if !self.active(a) || !al.calls() {
                continue;
            }
            let on = self.on_sides(a);
            let Some(side) = on.iter().position(|&x| x) else {
                continue;
            };
            let applied = match al.duty(on) {
                Some(_) => Applied::Yes,
                // A partner attacking, and a pledge that does not cover one:
                // the terms failed because the partner started the war.
                None if on[0] && !al.kind.answers_partner_attacking() => Applied::PartnerAttacking,
                None => Applied::Neither,
            };
            return Some((a as u32, side as u8, applied));
        }
        None
    }

    /// Records, once per war, a call on `k` whose pledge's terms did not apply;
    /// it joined `side` ([`NO_SIDE`]: stayed out).
    fn note_unapplied(&mut self, war: &mut War, k: usize, side: u8) {
        self.note(war, k, |partner_side| match side {
            NO_SIDE => Answer::StayedOut,
            s if s == partner_side => Answer::Honoured,
            _ => Answer::JoinedOtherSide,
        });
    }

    /// Records, once per war, a call on `k` that it could not answer, being at war elsewhere.
    fn note_unable(&mut self, war: &mut War, k: usize) {
        if !war.called.contains(k as u32) {
            self.note(war, k, |_| Answer::AtWar);
        }
    }

    /// Records, once per war, a call on `k` through its first pact with a
    /// belligerent, answered as `answer` says given its partner's side.
    fn note(&mut self, war: &mut War, k: usize, answer: impl Fn(u8) -> Answer) {
        if war.noted.contains(k as u32) {
            return;
        }
        let Some((alliance, partner_side, applied)) = self.call_pact(k) else {
            return;
        };
        war.noted.insert(k as u32);
        let record = CallRecord {
            war: war.id,
            year: self.year,
            state: k as u32,
            alliance,
            partner_side,
            applied,
            answer: answer(partner_side),
        };
        if let Some(log) = self.calls_log.as_mut() {
            log.push(record);
        }
    }
}
