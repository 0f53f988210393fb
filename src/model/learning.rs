//! Step 8, learning: members update their trust and the world updates each
//! alliance's record, from what happened this year.
//!
//! An honoured call raises every member's trust in the alliance; an abandoned
//! one lowers it (members watch how partners treat each other, not only
//! themselves). Members who settle a dispute through the alliance trust it a
//! little more; members who go to war with each other trust it less. The
//! record (calls and calls honoured) is what challengers read as credibility.

use super::state::SimState;

impl SimState<'_> {
    /// Applies this year's logged calls and conflicts to trust and records.
    pub(crate) fn learning(&mut self) {
        let p = self.p;
        for idx in 0..self.call_log.len() {
            let (a, honoured) = self.call_log[idx];
            let a = a as usize;
            self.calls[a] += 1.0;
            if honoured {
                self.honoured[a] += 1.0;
            }
            for id in self.w.members_of(a) {
                let t = &mut self.trust[id];
                *t = if honoured {
                    *t + p.trust_learning * (1.0 - *t)
                } else {
                    *t - p.trust_learning * *t
                };
            }
        }
        for &(m, settled) in &self.conflict_log {
            let t = &mut self.trust[m as usize];
            *t = if settled {
                *t + p.trust_from_conflict * (1.0 - *t)
            } else {
                *t - p.trust_from_conflict * *t
            };
        }
        self.call_log.clear();
        self.conflict_log.clear();
    }
}

#[cfg(test)]
mod tests {
    use crate::model::ModelParams;
    use crate::model::testkit::{SimHarness, pair_world};

    #[test]
    fn honoured_calls_raise_trust_and_abandonment_lowers_it() {
        let (w, _) = pair_world(true, 0.0);
        let p = ModelParams::default();
        let mut h = SimHarness::new(&w, &p, 1);
        let s = &mut h.state;
        s.call_log.push((0, true));
        s.learning();
        let up = s.trust[0];
        assert!(up > p.trust_init);
        s.call_log.push((0, false));
        s.call_log.push((0, false));
        s.learning();
        assert!(s.trust[0] < up);
        assert_eq!(s.calls[0], 3.0);
        assert_eq!(s.honoured[0], 1.0);
    }

    #[test]
    fn no_learning_keeps_trust_fixed() {
        let (w, _) = pair_world(true, 0.0);
        let p = ModelParams {
            trust_learning: 0.0,
            trust_from_conflict: 0.0,
            ..ModelParams::default()
        };
        let mut h = SimHarness::new(&w, &p, 1);
        let s = &mut h.state;
        s.call_log.push((0, false));
        s.conflict_log.push((1, true));
        s.learning();
        assert_eq!(s.trust, vec![p.trust_init; 2]);
    }
}
