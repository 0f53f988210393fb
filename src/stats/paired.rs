//! Paired differences: the same replication run under two configurations.
//!
//! `compare` runs every variant on the same seeds, so replication i of one
//! variant and replication i of another share their random stream; the
//! difference per index removes much of the noise both share.

use super::moments::Moments;

/// Moments of `b[i] − a[i]` folded in index order, or `None` when the lengths differ.
pub fn paired_difference(a: &[f64], b: &[f64]) -> Option<Moments> {
    if a.len() != b.len() {
        return None;
    }
    Some(a.iter().zip(b).map(|(x, y)| y - x).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_b_minus_a() {
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [2.0, 4.0, 4.0, 6.0];
        let d = paired_difference(&a, &b).unwrap();
        assert_eq!(d.n(), 4);
        assert_eq!(d.mean(), Some(1.5));
        // Differences 1, 2, 1, 2: sample variance 1/3.
        assert!((d.variance().unwrap() - 1.0 / 3.0).abs() < 1e-15);
    }

    #[test]
    fn pairing_removes_shared_noise() {
        // A large shared component per index and a constant shift of 1.
        let a: Vec<f64> = (0..50).map(|i| ((i * 37) % 11) as f64 * 100.0).collect();
        let b: Vec<f64> = a.iter().map(|x| x + 1.0).collect();
        let d = paired_difference(&a, &b).unwrap();
        assert_eq!(d.mean(), Some(1.0));
        assert_eq!(d.sd(), Some(0.0));
    }

    #[test]
    fn unequal_lengths_and_empty() {
        assert!(paired_difference(&[1.0], &[1.0, 2.0]).is_none());
        let empty = paired_difference(&[], &[]).unwrap();
        assert_eq!(empty.n(), 0);
        assert_eq!(empty.mean(), None);
    }
}
