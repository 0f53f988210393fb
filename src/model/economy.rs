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

    #[test]
    fn amounts_stay_in_range_however_long_they_grow() {
        use crate::model::World;
        use crate::model::testkit::state;
        use crate::scenario::WorldSpec;
        // The largest amounts a scenario may give, growing as fast as the
        // parameters allow: without rescaling, wealth would overflow to infinity
        // within some 1,000 years and every share would read 0 or NaN.
        let p = ModelParams {
            growth: 0.5,
            ..ModelParams::default()
        };
        let mut a = state("A", 1e100, 0.5, [0.0, 0.0]);
        let mut b = state("B", 3e99, 0.5, [1.0, 0.0]);
        a.wealth = 1e100;
        b.wealth = 2e99;
        let spec = WorldSpec {
            states: vec![a, b],
            borders: vec![(0, 1)],
            alliances: vec![],
            crises: vec![],
        };
        let w = World::new(&spec, &p);
        let mut rescaled = 0;
        let mut s = crate::model::testkit::SimHarness::new(&w, &p, 3);
        for _ in 0..3000 {
            let before = s.state.wealth[0];
            s.state.step(&mut s.rng);
            if s.state.wealth[0] < before {
                rescaled += 1;
            }
            let st = &s.state;
            for i in 0..2 {
                assert!(st.cap[i].is_finite() && st.wealth[i].is_finite());
            }
            let total: f64 = st
                .cap
                .iter()
                .zip(&st.alive)
                .filter(|(_, a)| **a)
                .map(|(c, _)| c)
                .sum();
            let largest = st.cap.iter().fold(0.0f64, |m, &c| m.max(c));
            let share = largest / total;
            assert!(share > 0.0 && share <= 1.0, "share {share}");
        }
        assert!(
            rescaled > 0,
            "the run never reached the threshold: the test tests nothing"
        );
    }
}
