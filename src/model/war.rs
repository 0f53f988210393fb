//! Step 6, war: who fights. The target's partners are called, and each decides
//! whether to honour its pledge; offence partners of the initiator are called
//! to its side; neighbours of the target and great powers weigh joining out of
//! interest alone.
//!
//! Joining is contagious through the alliance web: a state that joins one side
//! is now at war with everyone on the other side, so the partners of every
//! state on that side are called in turn. Chain-ganging is therefore possible
//! but never forced: each call is a choice ([`SimState::join_utility`] plus
//! logistic noise) made with the coalitions as they stand.

use crate::rng::Stream;
use crate::scenario::AllianceKind;

use super::decision::{JoinView, logistic};
use super::state::{Call, NO_SIDE, SimState};

impl SimState<'_> {
    /// Calls the partners of `m` (defence and entente pledges) to side `side`, once per alliance and side.
    fn call_partners(&mut self, m: usize, side: u8, decided: u32) {
        let w = self.w;
        for &id in w.memberships_of(m) {
            let a = w.member_alliance[id as usize] as usize;
            if !self.active(a)
                || !w.alliances[a].defends()
                || self.alliance_called[a][side as usize] == self.war_serial
            {
                continue;
            }
            self.alliance_called[a][side as usize] = self.war_serial;
            for mid in w.members_of(a) {
                let k = w.member_state[mid] as usize;
                if k != m && self.alive[k] && self.stamp[k] != decided {
                    self.queue.push_back(Call {
                        state: k as u32,
                        side,
                        alliance: Some(a as u32),
                    });
                }
            }
        }
    }

    /// Runs the war `i` starts against `j`: calls, joins, outcome.
    pub(crate) fn fight(&mut self, i: usize, j: usize, expected_win: f64, rng: &mut Stream) {
        let w = self.w;
        let p = self.p;
        self.war_serial = self.war_serial.wrapping_add(1);
        let decided = self.next_stamp();
        self.participants.clear();
        self.queue.clear();
        for list in &mut self.uncalled {
            list.clear();
        }
        for (s, side) in [(i, 0u8), (j, 1u8)] {
            self.side[s] = side;
            self.stamp[s] = decided;
            self.participants.push(s as u32);
        }
        let delta = p.defender_advantage;
        let mut strength = [
            self.cap[i] * self.projection(w.distance(i, j)),
            self.cap[j] * delta,
        ];

        self.call_partners(j, 1, decided);
        self.uncalled[0].push(i as u32);
        for &id in w.memberships_of(i) {
            let a = w.member_alliance[id as usize] as usize;
            if self.active(a) && w.alliances[a].kind == AllianceKind::Offense {
                self.alliance_called[a][0] = self.war_serial;
                for mid in w.members_of(a) {
                    let k = w.member_state[mid] as usize;
                    if k != i && self.alive[k] && self.stamp[k] != decided {
                        self.queue.push_back(Call {
                            state: k as u32,
                            side: 0,
                            alliance: Some(a as u32),
                        });
                    }
                }
            }
        }
        // Third parties are asked only when no alliance call is waiting, so a
        // bystander who stays out may still be called later by its own alliance
        // (as Germany was by the Dual Alliance once Russia joined Serbia).
        self.bystanders.clear();
        for idx in 0..self.adj[j].len() + self.great_powers.len() {
            let k = if idx < self.adj[j].len() {
                self.adj[j][idx]
            } else {
                self.great_powers[idx - self.adj[j].len()]
            };
            self.bystanders.push(k);
        }

        let mut joined_by_alliance = 0u32;
        let mut next_bystander = 0;
        loop {
            let call = match self.queue.pop_front() {
                Some(call) => call,
                None if next_bystander < self.bystanders.len() => {
                    next_bystander += 1;
                    Call {
                        state: self.bystanders[next_bystander - 1],
                        side: 1,
                        alliance: None,
                    }
                }
                None => break,
            };
            let k = call.state as usize;
            if self.stamp[k] == decided || !self.available(k) {
                continue;
            }
            if call.alliance.is_some() {
                // A state answers one alliance call per war.
                self.stamp[k] = decided;
            } else if self.asked[k] == self.war_serial {
                continue;
            } else {
                self.asked[k] = self.war_serial;
            }
            let side = call.side as usize;
            let (enemy, friend) = if side == 1 { (i, j) } else { (j, i) };
            let contrib = self.cap[k]
                * self.projection(w.distance(k, j))
                * if side == 1 { delta } else { 1.0 };
            let (pledge, trust) = match call.alliance {
                Some(a) => {
                    let a = a as usize;
                    let trust = w.membership_in(k, a).map_or(0.0, |m| self.trust[m]);
                    (w.alliances[a].pledge, trust)
                }
                None => (0.0, 0.0),
            };
            let view = JoinView {
                k,
                enemy,
                friend,
                cap_k: self.cap[k],
                cap_enemy: self.cap[enemy],
                own: strength[side],
                other: strength[1 - side],
                contrib,
                pledge,
                trust,
            };
            let joins = rng.chance(logistic(self.join_utility(&view) / p.choice_noise));
            if let Some(a) = call.alliance {
                self.tally.calls += 1.0;
                self.call_log.push((a, joins));
                if joins {
                    self.tally.honoured += 1.0;
                    joined_by_alliance += 1;
                }
            }
            if !joins {
                continue;
            }
            self.stamp[k] = decided;
            self.side[k] = call.side;
            self.participants.push(k as u32);
            strength[side] += contrib;
            self.uncalled[side].push(k as u32);
            // k now fights everyone on the other side: their partners are called in turn.
            // Calling a participant's partners a second time within a war would do
            // nothing (each alliance is called once per side and war, and which
            // alliances are active does not change during a war), so only those
            // on the other side not yet called are, in the order they joined.
            let other = 1 - call.side;
            let mut pending = std::mem::take(&mut self.uncalled[other as usize]);
            for &m in &pending {
                self.call_partners(m as usize, other, decided);
            }
            pending.clear();
            self.uncalled[other as usize] = pending;
        }
        self.resolve(i, j, expected_win, joined_by_alliance, rng);
        for &k in &self.participants {
            self.side[k as usize] = NO_SIDE;
        }
    }
}
