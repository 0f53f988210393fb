//! Step 1, economy: wealth grows, military spending drags on growth, and
//! economic ties between allies add growth.
//!
//! The cost side of economic ties (war between partners is dearer) is applied
//! where war is weighed, in [`super::decision`] and [`super::war`].

use super::state::SimState;

impl SimState<'_> {
    /// Grows every living state's wealth for one year.
    pub(crate) fn economy(&mut self) {
        let p = self.p;
        for i in 0..self.w.n {
            if !self.alive[i] {
                continue;
            }
            let g = p.growth - p.military_drag * self.spend[i] + p.trade_growth * self.ties[i];
            // Wealth stays positive whatever the parameters, so shares stay defined.
            self.wealth[i] = (self.wealth[i] * (1.0 + g)).max(1e-9);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::ModelParams;
    use crate::model::testkit::{pair_world, run_years};

    #[test]
    fn spending_slows_growth_and_ties_speed_it() {
        let p = ModelParams {
            dispute_rate: 0.0,
            ..ModelParams::default()
        };
        let (w, _) = pair_world(false, 0.0);
        let s = run_years(&w, &p, 1, 1);
        let base = s.wealth[0];
        let p2 = ModelParams {
            military_drag: 2.0,
            ..p.clone()
        };
        let s2 = run_years(&w, &p2, 1, 1);
        assert!(s2.wealth[0] < base);
        let (w3, _) = pair_world(true, 1.0);
        let s3 = run_years(&w3, &p, 1, 1);
        assert!(s3.wealth[0] > base);
    }
}
