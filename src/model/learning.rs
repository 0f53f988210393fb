//! Step 8, learning: members update their trust and the world updates each
//! alliance's record, from what happened this year.
//!
//! An honoured call raises every member's trust in the alliance; an abandoned
//! one lowers it (members watch how partners treat each other, not only
//! themselves). Members who settle a dispute through the alliance trust it a
//! little more; members who go to war with each other trust it less. The
//! record (calls and calls honoured) is what challengers read as credibility.

use super::state::SimState;

/// Alliances with more members than this fold a year's calls into one update
/// of each member's trust. Below it, members are updated call by call, which is
/// cheaper for a handful of members and keeps the arithmetic of earlier versions.
pub(crate) const FOLD_ABOVE: usize = 64;

impl SimState<'_> {
    /// Applies this year's logged calls and conflicts to trust and records.
    ///
    /// Each call moves every member's trust by the same affine map: toward 1
    /// when honoured (`t ↦ t + λ(1 − t)`), toward 0 when not (`t ↦ t − λt`).
    /// For an alliance of more than [`FOLD_ABOVE`] members, the year's maps are
    /// composed first and applied once to each member, so a year of many calls on
    /// a large alliance costs its members plus its calls, not their product. The
    /// result is the same in exact arithmetic and differs in the last digits.
    pub(crate) fn learning(&mut self) {
        let p = self.p;
        let l = p.trust_learning;
        for idx in 0..self.call_log.len() {
            let (a, honoured) = self.call_log[idx];
            let a = a as usize;
            self.calls[a] += 1.0;
            if honoured {
                self.honoured[a] += 1.0;
            }
            if l == 0.0 {
                continue; // trust does not move
            }
            let members = self.w.members_of(a);
            if members.len() > self.fold_above {
                if self.folded[a] == (1.0, 0.0) {
                    self.folding.push(a as u32);
                }
                let (scale, shift) = &mut self.folded[a];
                *scale *= 1.0 - l;
                *shift = if honoured {
                    *shift + l * (1.0 - *shift)
                } else {
                    *shift - l * *shift
                };
                continue;
            }
            for id in members {
                let t = &mut self.trust[id];
                *t = if honoured {
                    *t + l * (1.0 - *t)
                } else {
                    *t - l * *t
                };
            }
        }
        for idx in 0..self.folding.len() {
            let a = self.folding[idx] as usize;
            let (scale, shift) = std::mem::replace(&mut self.folded[a], (1.0, 0.0));
            for id in self.w.members_of(a) {
                let t = &mut self.trust[id];
                *t = (scale * *t + shift).clamp(0.0, 1.0);
            }
        }
        self.folding.clear();
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
    use crate::model::testkit::{SimHarness, alliance, pair_world, state};
    use crate::model::{ModelParams, World};
    use crate::rng::Stream;
    use crate::scenario::{AllianceKind, WorldSpec};

    use super::FOLD_ABOVE;

    /// A world of `n` states in a row, all in one defence pact.
    fn one_pact(n: usize) -> World {
        let spec = WorldSpec {
            states: (0..n)
                .map(|i| state(&format!("S{i}"), 10.0, 0.5, [i as f64, 0.0]))
                .collect(),
            borders: (1..n).map(|i| (i - 1, i)).collect(),
            alliances: vec![alliance(
                AllianceKind::Defense,
                &(0..n).collect::<Vec<_>>(),
                0.75,
            )],
            crises: vec![],
        };
        World::new(&spec, &ModelParams::default())
    }

    #[test]
    fn a_large_alliance_folds_its_calls_into_the_same_trust() {
        let n = FOLD_ABOVE + 1;
        let w = one_pact(n);
        let p = ModelParams::default();
        let mut rng = Stream::for_replication(7, 0);
        // Members start apart (as conflicts leave them), then a year of mixed calls.
        let start: Vec<f64> = (0..n).map(|_| rng.uniform()).collect();
        let calls: Vec<(u32, bool)> = (0..20).map(|_| (0, rng.uniform() < 0.6)).collect();
        let mut trust = Vec::new();
        for fold_above in [usize::MAX, FOLD_ABOVE] {
            let mut h = SimHarness::new(&w, &p, 1);
            let s = &mut h.state;
            s.fold_above = fold_above;
            s.trust.clone_from(&start);
            s.call_log.extend_from_slice(&calls);
            s.learning();
            assert_eq!((s.calls[0], s.folding.len()), (20.0, 0));
            assert_eq!(s.folded[0], (1.0, 0.0), "the fold is reset for next year");
            trust.push(s.trust.clone());
        }
        let (one_by_one, folded) = (&trust[0], &trust[1]);
        assert_ne!(one_by_one, &start);
        // Not bit for bit: the large alliance took the folded path.
        assert_ne!(one_by_one, folded);
        for (a, b) in one_by_one.iter().zip(folded) {
            assert!((a - b).abs() < 1e-12, "{a} against {b}");
        }
        // A small alliance is updated call by call, as before folding existed.
        let w = one_pact(FOLD_ABOVE);
        let mut h = SimHarness::new(&w, &p, 1);
        let s = &mut h.state;
        s.call_log.push((0, true));
        s.learning();
        let t = p.trust_init;
        assert_eq!(s.trust[0], t + p.trust_learning * (1.0 - t));
    }

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
