//! Step 2, arming: each state sets its military spending share against the
//! threat it perceives, net of the help it expects from its allies.
//!
//! The rule is Richardson-like but scale-free: the spending target is the base
//! share times (threat ÷ own-plus-expected-allied strength) raised to an
//! elasticity, so arms races can arise (a rival's build-up raises the threat)
//! without blowing up, allied guarantees lower the target (free-riding can
//! emerge: a small member with a large partner expects much help relative to
//! its own strength), and a rival's pact partners add to the threat outsiders
//! see (the security dilemma). None of these is assumed; each follows from the
//! balance of threat and help a state faces.

use super::state::SimState;

impl SimState<'_> {
    /// The threat state `i` perceives from state `x`.
    #[inline]
    fn threat_from(&self, i: usize, x: usize) -> f64 {
        self.threat_at(i, x, self.reach(i, x))
    }

    /// [`SimState::threat_from`] with the projection of `i`'s power over the distance to `x` given.
    #[inline]
    fn threat_at(&self, i: usize, x: usize, reach: f64) -> f64 {
        // Trust and "shares any alliance" (`shared(i, x, ..).is_some()`) from one walk.
        let (trust, partners) = self.shared_trust_any(i, x);
        let behind = if partners {
            0.0 // partners of a partner are not counted against each other
        } else {
            self.p.pact_threat * self.pooled[x]
        };
        (1.0 - trust) * self.rev_weight(x) * (self.cap[x] + behind) * reach
    }

    /// The help state `i` expects from its partners if attacked.
    pub(crate) fn expected_help(&self, i: usize) -> f64 {
        let mut h = 0.0;
        for &m in self.w.memberships_of(i) {
            let a = self.w.member_alliance[m as usize] as usize;
            let al = &self.w.alliances[a];
            if self.active(a) && al.helps() && al.reliability > 0.0 {
                h += self.trust[m as usize]
                    * (al.pledge / al.reliability)
                    * (self.cap_sum[a] - self.cap[i]);
            }
        }
        h
    }

    /// Perceived threat to state `i`: from neighbours and from great powers.
    ///
    /// `near` is a stamp that marks `i`'s current neighbours in `self.stamp`
    /// (see [`SimState::arming`]), so telling a distant great power from a
    /// neighbour (already counted) is one look-up rather than a scan of the borders.
    pub(crate) fn threat(&self, i: usize, near: u32) -> f64 {
        let mut t = 0.0;
        for (&x, &reach) in self.adj[i].iter().zip(&self.adj_proj[i]) {
            let x = x as usize;
            if self.alive[x] {
                t += self.threat_at(i, x, reach);
            }
        }
        for &g in &self.great_powers {
            let g = g as usize;
            if g != i && self.alive[g] && self.stamp[g] != near {
                t += self.threat_from(i, g);
            }
        }
        t
    }

    /// Adjusts spending toward its target and renews the capability stock.
    pub(crate) fn arming(&mut self) {
        let p = self.p;
        for i in 0..self.w.n {
            if !self.alive[i] {
                continue;
            }
            let security = self.cap[i] + self.expected_help(i);
            let near = self.next_stamp();
            for &x in &self.adj[i] {
                self.stamp[x as usize] = near;
            }
            let ratio = self.threat(i, near) / security.max(1e-12);
            // The default elasticity takes the exact square root, far cheaper than `powf`.
            let response = if p.threat_elasticity == 0.5 {
                ratio.sqrt()
            } else {
                ratio.powf(p.threat_elasticity)
            };
            let target = (p.base_spending * response).clamp(p.spending_min, p.spending_max);
            self.spend[i] += p.arming_rate * (target - self.spend[i]);
            self.cap[i] = self.cap[i] * (1.0 - p.depreciation)
                + self.w.efficiency[i] * self.spend[i] * self.wealth[i];
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::ModelParams;
    use crate::model::testkit::{pair_world, run_years, trio_world};

    fn quiet() -> ModelParams {
        ModelParams {
            dispute_rate: 0.0,
            ..ModelParams::default()
        }
    }

    #[test]
    fn a_trusted_ally_lowers_spending() {
        let p = quiet();
        let (alone, _) = pair_world(false, 0.0);
        let (allied, _) = trio_world(Some(1.0));
        let (unallied, _) = trio_world(None);
        let a = run_years(&allied, &p, 30, 1);
        let u = run_years(&unallied, &p, 30, 1);
        // State 0 is the small target with a large potential ally (state 2).
        assert!(a.spend[0] < u.spend[0], "{} vs {}", a.spend[0], u.spend[0]);
        let _ = alone;
    }

    #[test]
    fn the_security_dilemma_parameter_raises_outsider_spending() {
        let (w, _) = trio_world(Some(1.0));
        // State 1 is the outsider facing the pact of 0 and 2.
        let (p_lo, p_hi) = (
            ModelParams {
                pact_threat: 0.0,
                ..quiet()
            },
            ModelParams {
                pact_threat: 1.0,
                ..quiet()
            },
        );
        let lo = run_years(&w, &p_lo, 30, 1);
        let hi = run_years(&w, &p_hi, 30, 1);
        assert!(
            hi.spend[1] > lo.spend[1],
            "{} vs {}",
            hi.spend[1],
            lo.spend[1]
        );
    }
}
