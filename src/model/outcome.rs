//! Step 7, outcome: a year of fighting, and how a war ends.
//!
//! Each year of a war every participant loses `war_cost` of its capability and
//! wealth. The war is then decided this year — one side beaten — with a chance
//! that is high for lopsided wars and lower for even ones; the side that wins
//! is drawn from the coalitions' *actual* strength by a ratio contest success
//! function, the standard form in conflict models (Hirshleifer 1989). If it
//! goes on, each principal weighs fighting on against giving up, by how the war
//! is going and what another year costs. When it ends, the winners take a share
//! of the losers' capability and wealth, and a beaten principal whom the
//! winners overwhelm is conquered.
//!
//! Strength is capability cut by distance to the theatre (the target), raised
//! for allies who fight beside partners they are integrated with, and raised
//! for the defending side.

use crate::rng::Stream;

use super::WarRecord;
use super::decision::logistic;
use super::sim::WarEnd;
use super::state::{NO_SIDE, NO_WAR, SimState, War};

/// Longest war, in years: a war still going after this many is decided.
const MAX_WAR_YEARS: u32 = 50;

impl SimState<'_> {
    /// Each side's strength in war `x` this year, each participant's in `self.eff`.
    fn strengths(&mut self, war: &War) -> [f64; 2] {
        let (w, p) = (self.w, self.p);
        let j = war.target as usize;
        let mut strength = [0.0f64; 2];
        self.eff.clear();
        for m in &war.members {
            let k = m.state as usize;
            let side = m.side as usize;
            // Members of one alliance fighting on one side gain from integration
            // (the side counts are those of this year's joining round).
            let mut integration = 0.0f64;
            for &id in w.memberships_of(k) {
                let a = w.member_alliance[id as usize] as usize;
                if self.active(a)
                    && self.side_count_stamp[a] == self.round
                    && self.side_count[a][side] >= 2
                {
                    integration = integration.max(w.alliances[a].integration);
                }
            }
            let home = if side == 1 { p.defender_advantage } else { 1.0 };
            let e =
                self.cap[k] * self.reach(k, j) * (1.0 + p.integration_gain * integration) * home;
            self.eff.push(e);
            strength[side] += e;
        }
        strength
    }

    /// A year of fighting in war `x`; returns whether the war ended.
    pub(crate) fn fight(&mut self, x: usize, rng: &mut Stream) -> bool {
        let p = self.p;
        let war = std::mem::take(&mut self.wars_on[x]);
        let strength = self.strengths(&war);
        let mut war = war;
        for m in &war.members {
            let k = m.state as usize;
            let lost = self.cap[k] * p.war_cost;
            war.cost[m.side as usize] += lost;
            self.cap[k] -= lost;
            self.wealth[k] *= 1.0 - p.war_cost;
        }
        let (i, j) = (war.initiator as usize, war.target as usize);
        let years = self.year - war.start + 1;
        self.wars_on[x] = war;

        let p_initiator = strength[0] / (strength[0] + strength[1]).max(1e-12);
        let closeness = 4.0 * p_initiator * (1.0 - p_initiator);
        if years >= MAX_WAR_YEARS || !rng.chance(p.war_persistence * closeness) {
            let winner = if rng.chance(p_initiator) { 0 } else { 1 };
            self.end_war(x, winner, WarEnd::Beaten, strength);
            return true;
        }
        // Not decided this year: each principal may give up, losing the stakes
        // but ending the costs and the risk of conquest.
        for (side, q, other, p_win) in [(0u8, i, j, p_initiator), (1, j, i, 1.0 - p_initiator)] {
            let t = self.war_terms(q, other, side == 0);
            let fight_on =
                p_win * (t.gain + t.loss) - p.war_cost * self.expected_duration(p_win) * t.trade;
            if rng.chance(logistic(-fight_on / p.choice_noise)) {
                self.end_war(x, 1 - side, WarEnd::GaveUp, strength);
                return true;
            }
        }
        false
    }

    /// War `x` ends with side `winner` victorious: stakes pass, a beaten
    /// principal may be conquered, everyone is released, and it is counted.
    fn end_war(&mut self, x: usize, winner: u8, how: WarEnd, strength: [f64; 2]) {
        let p = self.p;
        let war = self.wars_on.remove(x);
        for later in &self.wars_on[x..] {
            for m in &later.members {
                self.war_of[m.state as usize] -= 1;
            }
        }
        let (i, j) = (war.initiator as usize, war.target as usize);

        // The losers' stakes pass to the winners by their part in the fighting; a
        // loser yields at most what the winners could absorb (a small victor over
        // a great power wins concessions, not a fifth of an empire).
        let (mut win_cap, mut win_wealth) = (0.0, 0.0);
        for m in war.members.iter().filter(|m| m.side == winner) {
            win_cap += self.cap[m.state as usize];
            win_wealth += self.wealth[m.state as usize];
        }
        let (mut pool_cap, mut pool_wealth) = (0.0, 0.0);
        for m in war.members.iter().filter(|m| m.side != winner) {
            let k = m.state as usize;
            let (c, wl) = (
                self.cap[k].min(win_cap) * p.stakes,
                self.wealth[k].min(win_wealth) * p.stakes,
            );
            self.cap[k] -= c;
            self.wealth[k] -= wl;
            pool_cap += c;
            pool_wealth += wl;
        }
        let win_strength = strength[winner as usize].max(1e-12);
        let mut strongest = (i, -1.0f64);
        for (idx, m) in war.members.iter().enumerate() {
            if m.side == winner {
                let k = m.state as usize;
                let share = self.eff[idx] / win_strength;
                self.cap[k] += pool_cap * share;
                self.wealth[k] += pool_wealth * share;
                if self.eff[idx] > strongest.1 {
                    strongest = (k, self.eff[idx]);
                }
            }
        }

        // A beaten principal the winners overwhelm is conquered by the strongest winner.
        let mut conquered = Vec::new();
        if how == WarEnd::Beaten {
            for (q, side) in [(i, 0u8), (j, 1u8)] {
                if side != winner && strength[winner as usize] >= p.conquest_ratio * self.cap[q] {
                    self.conquer(q, strongest.0);
                    conquered.push(q as u32);
                }
            }
        }
        for m in &war.members {
            let k = m.state as usize;
            self.war_of[k] = NO_WAR;
            self.side[k] = NO_SIDE;
            self.busy_until[k] = self.year + 1;
        }

        let n = war.members.len();
        if self.war_sizes.len() <= n {
            self.war_sizes.resize(n + 1, 0);
        }
        self.war_sizes[n] += 1;
        let initiator_won = winner == 0;
        let misjudged = war.expected_win > 0.5 && !initiator_won;
        let late = war.late_joiners();
        let size = n as f64;
        let t = &mut self.tally;
        t.wars_ended += 1.0;
        t.war_participants += size;
        t.war_duration += f64::from(self.year - war.start + 1);
        if late > 0 {
            t.wars_late_joined += 1.0;
        }
        if size >= 3.0 {
            t.wars_3plus += 1.0;
        }
        if size >= 5.0 {
            t.wars_5plus += 1.0;
        }
        if misjudged {
            t.misjudged += 1.0;
        }
        if war.target_allied {
            t.wars_vs_allied += 1.0;
            if initiator_won {
                t.initiator_wins_vs_allied += 1.0;
            }
        }
        if !initiator_won {
            t.defender_wins += 1.0;
        }
        t.state_deaths += conquered.len() as f64;
        if war.scripted {
            t.crisis_wars_ended += 1.0;
            t.crisis_war_participants += size;
        }
        if self.wars.is_some() {
            let record = self.war_record(war, Some(winner), how, conquered);
            if let Some(wars) = self.wars.as_mut() {
                wars.push(record);
            }
        }
    }

    /// The record of a war; `winner` is `None` for one still being fought.
    pub(crate) fn war_record(
        &self,
        war: War,
        winner: Option<u8>,
        how: WarEnd,
        conquered: Vec<u32>,
    ) -> WarRecord {
        let end = if winner.is_some() {
            self.year
        } else {
            self.year.saturating_sub(1).max(war.start)
        };
        WarRecord {
            id: war.id,
            start: war.start,
            end,
            initiator: war.initiator,
            target: war.target,
            joined_by_alliance: war.joined_by_alliance,
            initiator_won: winner == Some(0),
            ending: how,
            initiator_expected_win: war.expected_win,
            cost_initiator_side: war.cost[0],
            cost_target_side: war.cost[1],
            misjudged: winner.is_some() && war.expected_win > 0.5 && winner != Some(0),
            conquered,
            members: war.members,
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
            let to_victor = self.reach(x, victor);
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
                    let reach = self.reach(victor, x);
                    self.adj_proj[victor].push(reach);
                }
            }
        }
    }
}
