//! Step 7, outcome: the war is decided by the coalitions' *actual* strength,
//! with chance; everyone pays costs, the winners take a share of the losers'
//! capability and wealth, and a losing principal that the winners overwhelm is
//! conquered.
//!
//! Strength is capability cut by distance to the theatre (the target), raised
//! for allies who fight beside partners they are integrated with, and raised
//! for the defending side. The chance of winning is a ratio contest success
//! function, the standard form in conflict models (Hirshleifer 1989).

use crate::rng::Stream;

use super::WarRecord;
use super::state::SimState;

/// Longest war, in years; a guard only (persistence below 0.99 ends wars long before).
const MAX_WAR_YEARS: u32 = 50;

impl SimState<'_> {
    /// Decides the war between the current participants and applies its results.
    pub(crate) fn resolve(
        &mut self,
        i: usize,
        j: usize,
        expected_win: f64,
        joined_by_alliance: u32,
        rng: &mut Stream,
    ) {
        let w = self.w;
        let p = self.p;
        let serial = self.war_serial;
        // Facts about the war as it began, before anyone is conquered.
        let neighbours = self.adj[i].contains(&(j as u32));
        let members = self.shared(i, j, |_| true);
        let target_allied = self.has_def_ally[j];
        let initiator_member = self.in_alliance[i];
        let outside_attack_on_signatory = w.signatory(j) && !w.co_signatories(i, j);
        let initiator_signatory = w.signatory(i);

        // Members of one alliance fighting on one side gain from integration.
        for &k in &self.participants {
            for &id in w.memberships_of(k as usize) {
                let a = w.member_alliance[id as usize] as usize;
                if self.side_count_stamp[a] != serial {
                    self.side_count_stamp[a] = serial;
                    self.side_count[a] = [0, 0];
                }
                self.side_count[a][self.side[k as usize] as usize] += 1;
            }
        }
        let mut strength = [0.0f64; 2];
        self.eff.clear();
        for idx in 0..self.participants.len() {
            let k = self.participants[idx] as usize;
            let side = self.side[k] as usize;
            let mut integration = 0.0f64;
            for &id in w.memberships_of(k) {
                let a = w.member_alliance[id as usize] as usize;
                if self.active(a) && self.side_count[a][side] >= 2 {
                    integration = integration.max(w.alliances[a].integration);
                }
            }
            let home = if side == 1 { p.defender_advantage } else { 1.0 };
            let e = self.cap[k]
                * self.projection(w.distance(k, j))
                * (1.0 + p.integration_gain * integration)
                * home;
            self.eff.push(e);
            strength[side] += e;
        }
        let p_initiator = strength[0] / (strength[0] + strength[1]).max(1e-12);
        let initiator_won = rng.chance(p_initiator);
        let closeness = 4.0 * p_initiator * (1.0 - p_initiator);
        let mut years = 1;
        while years < MAX_WAR_YEARS && rng.chance(p.war_persistence * closeness) {
            years += 1;
        }
        let cost_share = 1.0 - (1.0 - p.war_cost).powi(years as i32);
        let winner = if initiator_won { 0u8 } else { 1u8 };

        // Costs to all, then the losers' stakes pass to the winners by their part in
        // the fighting; a loser yields at most what the winners could absorb (a
        // small victor over a great power wins concessions, not a fifth of an empire).
        let mut cost = [0.0f64; 2];
        let (mut win_cap, mut win_wealth) = (0.0, 0.0);
        for &k in &self.participants {
            let k = k as usize;
            let lost = self.cap[k] * cost_share;
            cost[self.side[k] as usize] += lost;
            self.cap[k] -= lost;
            self.wealth[k] *= 1.0 - cost_share;
            if self.side[k] == winner {
                win_cap += self.cap[k];
                win_wealth += self.wealth[k];
            }
        }
        let (mut pool_cap, mut pool_wealth) = (0.0, 0.0);
        for &k in &self.participants {
            let k = k as usize;
            if self.side[k] != winner {
                let (c, wl) = (
                    self.cap[k].min(win_cap) * p.stakes,
                    self.wealth[k].min(win_wealth) * p.stakes,
                );
                self.cap[k] -= c;
                self.wealth[k] -= wl;
                pool_cap += c;
                pool_wealth += wl;
            }
        }
        let win_strength = strength[winner as usize].max(1e-12);
        let mut strongest = (i, -1.0f64);
        for idx in 0..self.participants.len() {
            let k = self.participants[idx] as usize;
            if self.side[k] == winner {
                let share = self.eff[idx] / win_strength;
                self.cap[k] += pool_cap * share;
                self.wealth[k] += pool_wealth * share;
                if self.eff[idx] > strongest.1 {
                    strongest = (k, self.eff[idx]);
                }
            }
        }

        // A losing principal the winners overwhelm is conquered by the strongest winner.
        let mut conquered = Vec::new();
        for q in [i, j] {
            if self.side[q] != winner && strength[winner as usize] >= p.conquest_ratio * self.cap[q]
            {
                self.conquer(q, strongest.0);
                conquered.push(q as u32);
            }
        }

        for &k in &self.participants {
            self.busy_until[k as usize] = self.year + years;
        }
        if let Some((a, _, _)) = members {
            // Members who fight each other lose trust in their alliance.
            for q in [i, j] {
                if let Some(m) = w.membership_in(q, a) {
                    self.conflict_log.push((m as u32, false));
                }
            }
        }

        let n = self.participants.len();
        if self.war_sizes.len() <= n {
            self.war_sizes.resize(n + 1, 0);
        }
        self.war_sizes[n] += 1;
        let size = n as f64;
        let t = &mut self.tally;
        t.wars += 1.0;
        t.war_participants += size;
        if size >= 3.0 {
            t.wars_3plus += 1.0;
        }
        if size >= 5.0 {
            t.wars_5plus += 1.0;
        }
        let misjudged = expected_win > 0.5 && !initiator_won;
        if misjudged {
            t.misjudged += 1.0;
        }
        if target_allied {
            t.allied_attacked += 1.0;
            t.wars_vs_allied += 1.0;
            if initiator_won {
                t.initiator_wins_vs_allied += 1.0;
            }
        } else {
            t.unallied_attacked += 1.0;
        }
        if !initiator_won {
            t.defender_wins += 1.0;
        }
        if neighbours {
            t.neighbour_wars += 1.0;
        }
        if members.is_some() {
            t.member_wars += 1.0;
        }
        if initiator_member {
            t.member_initiations += 1.0;
        } else {
            t.nonmember_initiations += 1.0;
        }
        t.state_deaths += conquered.len() as f64;
        if outside_attack_on_signatory {
            t.signatory_attacked += 1.0;
        }
        if initiator_signatory {
            t.signatory_initiations += 1.0;
        }

        if let Some(wars) = self.wars.as_mut() {
            let side_of = |s: u8| -> Vec<u32> {
                self.participants
                    .iter()
                    .copied()
                    .filter(|&k| self.side[k as usize] == s)
                    .collect()
            };
            wars.push(WarRecord {
                start: self.year,
                end: self.year + years - 1,
                initiator: i as u32,
                target: j as u32,
                side_a: side_of(0),
                side_b: side_of(1),
                joined_by_alliance,
                initiator_won,
                initiator_expected_win: expected_win,
                cost_initiator_side: cost[0],
                cost_target_side: cost[1],
                misjudged,
                conquered,
            });
        }
    }

    /// State `q` is conquered by `victor`: it dies, its remaining capability and
    /// wealth pass to the victor, and its borders become the victor's.
    fn conquer(&mut self, q: usize, victor: usize) {
        self.alive[q] = false;
        self.cap[victor] += self.cap[q];
        self.wealth[victor] += self.wealth[q];
        self.cap[q] = 0.0;
        self.wealth[q] = 0.0;
        let borders = std::mem::take(&mut self.adj[q]);
        self.adj_proj[q].clear();
        for &x in &borders {
            let x = x as usize;
            let to_victor = self.projection(self.w.distance(x, victor));
            let (list, proj) = (&mut self.adj[x], &mut self.adj_proj[x]);
            // Drop q from the borders and their projections alike, keeping the order.
            let mut kept = 0;
            for idx in 0..list.len() {
                if list[idx] as usize != q {
                    list[kept] = list[idx];
                    proj[kept] = proj[idx];
                    kept += 1;
                }
            }
            list.truncate(kept);
            proj.truncate(kept);
            if x != victor {
                if !list.contains(&(victor as u32)) {
                    list.push(victor as u32);
                    proj.push(to_victor);
                }
                if !self.adj[victor].contains(&(x as u32)) {
                    self.adj[victor].push(x as u32);
                    let reach = self.projection(self.w.distance(victor, x));
                    self.adj_proj[victor].push(reach);
                }
            }
        }
    }
}
