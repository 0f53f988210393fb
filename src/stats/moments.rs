//! Streaming mean and variance that can be merged, for aggregating replications.
//!
//! Floating-point addition is not associative, so the same numbers folded in a
//! different order give (slightly) different bits. To keep CSV output
//! byte-identical whatever the thread count, callers fold replications in
//! replication-index order — either pushing each value in that order, or
//! merging per-chunk accumulators in chunk order where the chunks themselves
//! are fixed by index, never by which thread finished first. Nothing in this
//! type reorders its inputs.

use std::cell::RefCell;
use std::collections::HashMap;

use super::t::t_quantile;

thread_local! {
    /// `t(0.975, n − 1)` by n, as computed on this thread. Tables ask for the
    /// quantile once per cell, and cells take only a few distinct n (all
    /// replications, or fewer where a ratio had nothing to divide), while each
    /// quantile is an iterative solve; the function is pure, so reusing its
    /// value for the same n gives the same bits.
    static T975: RefCell<HashMap<u64, f64>> = RefCell::new(HashMap::new());
}

/// Distinct n kept at most; beyond it the table starts again (never reached by
/// ordinary tables, it only bounds memory).
const T975_ENTRIES: usize = 4096;

/// `t_quantile(0.975, n − 1)`, reusing values already computed for the same n.
fn t975(n: u64) -> f64 {
    T975.with(|table| {
        let mut table = table.borrow_mut();
        if let Some(&q) = table.get(&n) {
            return q;
        }
        if table.len() >= T975_ENTRIES {
            table.clear();
        }
        let q = t_quantile(0.975, (n - 1) as f64);
        table.insert(n, q);
        q
    })
}

/// Running count, mean and sum of squared deviations (Welford's method).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moments {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Moments {
    /// An empty accumulator.
    pub fn new() -> Self {
        Moments::default()
    }

    /// Adds one observation; absent values (a ratio with nothing to divide) should be skipped, not pushed.
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// Folds another accumulator into this one (Chan, Golub & LeVeque's pairwise update).
    pub fn merge(&mut self, other: &Moments) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let n_a = self.n as f64;
        let n_b = other.n as f64;
        let n = self.n + other.n;
        let total = n as f64;
        let delta = other.mean - self.mean;
        self.mean += delta * (n_b / total);
        self.m2 += other.m2 + delta * delta * (n_a * n_b / total);
        self.n = n;
    }

    /// Number of observations.
    pub fn n(&self) -> u64 {
        self.n
    }

    /// Mean, or `None` with no observations.
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then_some(self.mean)
    }

    /// Sample variance (divisor n − 1), or `None` with fewer than two observations.
    pub fn variance(&self) -> Option<f64> {
        // Rounding can leave m2 a hair below zero when all values are equal.
        (self.n > 1).then(|| (self.m2 / (self.n - 1) as f64).max(0.0))
    }

    /// Sample standard deviation, or `None` with fewer than two observations.
    pub fn sd(&self) -> Option<f64> {
        self.variance().map(f64::sqrt)
    }

    /// Standard error of the mean, sd/√n, or `None` with fewer than two observations.
    pub fn sem(&self) -> Option<f64> {
        self.sd().map(|sd| sd / (self.n as f64).sqrt())
    }

    /// 95 % confidence interval for the mean, mean ± t(0.975, n − 1) · sd/√n, or `None` with fewer than two observations.
    pub fn ci95(&self) -> Option<(f64, f64)> {
        let sem = self.sem()?;
        let half = t975(self.n) * sem;
        Some((self.mean - half, self.mean + half))
    }
}

impl Extend<f64> for Moments {
    /// Pushes every value in iteration order.
    fn extend<I: IntoIterator<Item = f64>>(&mut self, iter: I) {
        for x in iter {
            self.push(x);
        }
    }
}

impl FromIterator<f64> for Moments {
    /// Collects values in iteration order.
    fn from_iter<I: IntoIterator<Item = f64>>(iter: I) -> Self {
        let mut m = Moments::new();
        m.extend(iter);
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn naive(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        (mean, var)
    }

    #[test]
    fn empty_and_single_observation() {
        let m = Moments::new();
        assert_eq!(m.n(), 0);
        assert_eq!(m.mean(), None);
        assert_eq!(m.variance(), None);
        assert_eq!(m.ci95(), None);

        let m: Moments = [3.5].into_iter().collect();
        assert_eq!(m.n(), 1);
        assert_eq!(m.mean(), Some(3.5));
        assert_eq!(m.sd(), None);
        assert_eq!(m.ci95(), None);
    }

    #[test]
    fn known_sample() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squared deviations 32.
        let m: Moments = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]
            .into_iter()
            .collect();
        assert_eq!(m.mean(), Some(5.0));
        let var = m.variance().unwrap();
        assert!((var - 32.0 / 7.0).abs() < 1e-12);
        let (lo, hi) = m.ci95().unwrap();
        let half = 2.364_624_251_592_785 * (32.0_f64 / 7.0).sqrt() / 8.0_f64.sqrt();
        assert!((lo - (5.0 - half)).abs() < 1e-9, "{lo}");
        assert!((hi - (5.0 + half)).abs() < 1e-9, "{hi}");
    }

    #[test]
    fn constant_sample_has_zero_width_interval() {
        let m: Moments = std::iter::repeat_n(0.1, 1000).collect();
        let var = m.variance().unwrap();
        assert!((0.0..1e-25).contains(&var), "{var}");
        let (lo, hi) = m.ci95().unwrap();
        assert!(lo <= 0.1 + 1e-12 && hi >= 0.1 - 1e-12 && hi - lo < 1e-12);
    }

    #[test]
    fn stable_with_a_large_offset() {
        // A naive sum-of-squares formula loses every digit here.
        let m: Moments = [1e9 + 4.0, 1e9 + 7.0, 1e9 + 13.0, 1e9 + 16.0]
            .into_iter()
            .collect();
        assert!((m.variance().unwrap() - 30.0).abs() < 1e-6);
    }

    #[test]
    fn merge_with_empty_is_identity() {
        let a: Moments = [1.0, 2.0, 6.0].into_iter().collect();
        let mut b = a;
        b.merge(&Moments::new());
        assert_eq!(a, b);
        let mut c = Moments::new();
        c.merge(&a);
        assert_eq!(a, c);
    }

    #[test]
    fn same_sequence_gives_same_bits() {
        let xs: Vec<f64> = (0..500)
            .map(|i| ((i * 7919) % 1013) as f64 / 17.0)
            .collect();
        let build = || {
            let mut total = Moments::new();
            for chunk in xs.chunks(37) {
                total.merge(&chunk.iter().copied().collect());
            }
            total
        };
        let (a, b) = (build(), build());
        assert_eq!(a.mean().unwrap().to_bits(), b.mean().unwrap().to_bits());
        assert_eq!(
            a.variance().unwrap().to_bits(),
            b.variance().unwrap().to_bits()
        );
    }

    proptest! {
        #[test]
        fn merged_chunks_agree_with_direct(
            xs in prop::collection::vec(-1e6f64..1e6, 2..200),
            split in 0usize..200,
        ) {
            let split = split.min(xs.len());
            let direct: Moments = xs.iter().copied().collect();
            let mut merged: Moments = xs[..split].iter().copied().collect();
            merged.merge(&xs[split..].iter().copied().collect());
            let (mean, var) = naive(&xs);
            let scale = xs.iter().fold(1.0f64, |a, x| a.max(x.abs()));
            prop_assert_eq!(merged.n(), xs.len() as u64);
            prop_assert!((direct.mean().unwrap() - mean).abs() <= 1e-9 * scale);
            prop_assert!((merged.mean().unwrap() - mean).abs() <= 1e-9 * scale);
            prop_assert!((direct.variance().unwrap() - var).abs() <= 1e-8 * scale * scale);
            prop_assert!((merged.variance().unwrap() - var).abs() <= 1e-8 * scale * scale);
        }
    }
}
