//! Step 4, settlement: a dispute may be settled by negotiation before anyone
//! weighs war.
//!
//! Any dispute has a base chance of settlement. Members of one alliance also
//! have its dispute-settlement machinery, which works as well as the alliance's
//! dialogue and the two members' trust allow. A negotiated settlement between
//! members raises their trust (applied in step 8).

use crate::rng::Stream;

use super::state::SimState;

impl SimState<'_> {
    /// Whether the dispute between `i` and `j` is settled by negotiation.
    pub(crate) fn settle(&mut self, i: usize, j: usize, rng: &mut Stream) -> bool {
        let mut best = 0.0f64;
        let mut best_pair = None;
        for &m in self.w.memberships_of(i) {
            let a = self.w.member_alliance[m as usize] as usize;
            if !self.active(a) {
                continue;
            }
            if let Some(mj) = self.w.membership_in(j, a) {
                let v =
                    self.w.alliances[a].dialogue * 0.5 * (self.trust[m as usize] + self.trust[mj]);
                if best_pair.is_none() || v > best {
                    best = v;
                    best_pair = Some((m, mj as u32));
                }
            }
        }
        let p_alliance = self.p.alliance_settlement * best;
        let p = 1.0 - (1.0 - self.p.settlement_base) * (1.0 - p_alliance);
        let settled = rng.chance(p);
        if settled && let Some((mi, mj)) = best_pair {
            self.conflict_log.push((mi, true));
            self.conflict_log.push((mj, true));
        }
        settled
    }
}
