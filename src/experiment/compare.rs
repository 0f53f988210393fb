//! Paired comparison of configurations run on common random numbers.
//!
//! Replication r of every configuration draws from the same random stream, so
//! the difference between a configuration and the baseline can be taken
//! replication by replication. Much of the chance variation cancels in those
//! differences, which is why their intervals are narrower than those of two
//! independent samples of the same size.

use crate::model::{METRIC_COUNT, RunRecord};
use crate::stats::Moments;

/// Paired differences (treatment − control) of every run-level metric, for a
/// list of (control, treatment) pairs of configurations.
#[derive(Clone, Debug)]
pub struct Paired {
    /// The (control, treatment) configuration indices of each pair.
    pub pairs: Vec<(usize, usize)>,
    /// `diffs[p][m]`: statistics of pair p's difference on metric m (empty when
    /// control and treatment are the same configuration).
    pub diffs: Vec<Vec<Moments>>,
}

impl Paired {
    /// Every configuration against the first: pair c is (0, c).
    pub fn new(configs: usize) -> Self {
        Paired::between((0..configs).map(|c| (0, c)).collect())
    }

    /// The given (control, treatment) pairs.
    pub fn between(pairs: Vec<(usize, usize)>) -> Self {
        let diffs = vec![vec![Moments::new(); METRIC_COUNT]; pairs.len()];
        Paired { pairs, diffs }
    }

    /// Folds in one replication: the records of every configuration, in order.
    /// A metric absent in either record of a pair is left out of that pair's statistics.
    pub fn push(&mut self, records: &[RunRecord]) {
        for (&(a, b), diffs) in self.pairs.iter().zip(self.diffs.iter_mut()) {
            if a == b {
                continue;
            }
            let (Some(control), Some(treatment)) = (records.get(a), records.get(b)) else {
                continue;
            };
            for (m, moments) in diffs.iter_mut().enumerate() {
                let (x, y) = (control.run[m], treatment.run[m]);
                if x.is_finite() && y.is_finite() {
                    moments.push(y - x);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(values: &[(usize, f64)]) -> RunRecord {
        let mut run = vec![f64::NAN; METRIC_COUNT];
        for &(m, x) in values {
            run[m] = x;
        }
        RunRecord {
            run,
            ..RunRecord::default()
        }
    }

    #[test]
    fn differences_are_taken_pair_by_pair_and_skip_absent_values() {
        let mut p = Paired::new(2);
        p.push(&[record(&[(0, 1.0), (1, 5.0)]), record(&[(0, 3.0)])]);
        p.push(&[record(&[(0, 2.0), (1, 5.0)]), record(&[(0, 6.0), (1, 4.0)])]);
        assert_eq!(p.diffs[0][0].n(), 0);
        assert_eq!(p.diffs[1][0].n(), 2);
        assert_eq!(p.diffs[1][0].mean(), Some(3.0));
        assert_eq!(p.diffs[1][1].n(), 1);
        assert_eq!(p.diffs[1][1].mean(), Some(-1.0));
    }
}
