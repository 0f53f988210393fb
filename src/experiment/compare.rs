//! Paired comparison of configurations run on common random numbers.
//!
//! Replication r of every configuration draws from the same random stream, so
//! the difference between a configuration and the baseline can be taken
//! replication by replication. Much of the chance variation cancels in those
//! differences, which is why their intervals are narrower than those of two
//! independent samples of the same size.

use crate::model::{METRIC_COUNT, RunRecord};
use crate::stats::Moments;

/// Paired differences (configuration − baseline) of every run-level metric.
#[derive(Clone, Debug)]
pub struct Paired {
    /// `diffs[c][m]`: statistics of configuration c's difference from
    /// configuration 0 on metric m (empty for c = 0).
    pub diffs: Vec<Vec<Moments>>,
}

impl Paired {
    /// Empty differences for `configs` configurations (the first is the baseline).
    pub fn new(configs: usize) -> Self {
        Paired {
            diffs: vec![vec![Moments::new(); METRIC_COUNT]; configs],
        }
    }

    /// Folds in one replication: the records of every configuration, baseline first.
    /// A metric absent in either record of a pair is left out of that pair's statistics.
    pub fn push(&mut self, records: &[RunRecord]) {
        let Some(base) = records.first() else { return };
        for (c, rec) in records.iter().enumerate().skip(1) {
            for (m, moments) in self.diffs[c].iter_mut().enumerate() {
                let (a, b) = (base.run[m], rec.run[m]);
                if a.is_finite() && b.is_finite() {
                    moments.push(b - a);
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
