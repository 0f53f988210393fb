//! The rule that turns an estimated effect and its interval into a verdict on a claim.
//!
//! A claim predicts a direction. It is supported only when the interval rules
//! out zero on the predicted side *and* the effect is large enough to matter
//! relative to the baseline, so a tiny but precisely measured effect from many
//! replications does not count as support. It is contradicted when the
//! interval rules out zero on the other side; anything else is inconclusive.
//! A claim with no effect to judge (nothing was measured) is not applicable.

/// The direction of change a claim predicts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// The quantity goes up.
    Increase,
    /// The quantity goes down.
    Decrease,
}

impl Direction {
    /// Lower-case name for files and reports ("increase" / "decrease").
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
        }
    }
}

/// What the evidence says about a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The effect goes the claimed way, clearly and by a material amount.
    Supported,
    /// The effect clearly goes the other way.
    Contradicted,
    /// Neither of the above.
    Inconclusive,
    /// There is no effect to judge: the scenario gives the experiment nothing to measure.
    NotApplicable,
}

impl Verdict {
    /// Lower-case name for files and reports ("supported", "contradicted", "inconclusive", "not applicable").
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Contradicted => "contradicted",
            Verdict::Inconclusive => "inconclusive",
            Verdict::NotApplicable => "not applicable",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Direction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Judges a claim from the interval `ci` = (low, high) of an effect, the effect's
/// point estimate, the baseline it is relative to and the smallest relative size that counts.
///
/// The verdict is one of the first three; NaN anywhere makes the comparisons
/// fail and the verdict inconclusive.
pub fn verdict(
    ci: (f64, f64),
    claimed: Direction,
    effect: f64,
    baseline: f64,
    min_relative: f64,
) -> Verdict {
    let (low, high) = ci;
    let above_zero = low > 0.0;
    let below_zero = high < 0.0;
    let (claimed_side, other_side) = match claimed {
        Direction::Increase => (above_zero, below_zero),
        Direction::Decrease => (below_zero, above_zero),
    };
    let material = effect.abs() >= min_relative * baseline.abs();
    if claimed_side && material {
        Verdict::Supported
    } else if other_side {
        Verdict::Contradicted
    } else {
        Verdict::Inconclusive
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::{Decrease, Increase};
    use Verdict::{Contradicted, Inconclusive, Supported};

    #[test]
    fn supported_in_the_claimed_direction() {
        assert_eq!(verdict((0.5, 1.5), Increase, 1.0, 4.0, 0.1), Supported);
        assert_eq!(verdict((-1.5, -0.5), Decrease, -1.0, 4.0, 0.1), Supported);
    }

    #[test]
    fn contradicted_in_the_other_direction() {
        assert_eq!(
            verdict((-1.5, -0.5), Increase, -1.0, 4.0, 0.1),
            Contradicted
        );
        assert_eq!(verdict((0.5, 1.5), Decrease, 1.0, 4.0, 0.1), Contradicted);
        // Materiality does not shield a claim from contradiction.
        assert_eq!(
            verdict((0.001, 0.002), Decrease, 0.0015, 4.0, 0.1),
            Contradicted
        );
    }

    #[test]
    fn inconclusive_when_the_interval_spans_zero() {
        assert_eq!(verdict((-0.5, 1.5), Increase, 0.5, 4.0, 0.1), Inconclusive);
        assert_eq!(verdict((-0.5, 1.5), Decrease, 0.5, 4.0, 0.1), Inconclusive);
        // An interval touching zero does not exclude it.
        assert_eq!(verdict((0.0, 1.0), Increase, 0.5, 1.0, 0.1), Inconclusive);
    }

    #[test]
    fn inconclusive_when_the_effect_is_too_small() {
        // Clearly positive, but 1 % of the baseline where 10 % is required.
        assert_eq!(
            verdict((0.03, 0.05), Increase, 0.04, 4.0, 0.1),
            Inconclusive
        );
        // The threshold itself counts as material.
        assert_eq!(verdict((0.3, 0.5), Increase, 0.4, 4.0, 0.1), Supported);
        // With a zero baseline any clear effect is material.
        assert_eq!(verdict((0.01, 0.02), Increase, 0.015, 0.0, 0.1), Supported);
    }

    #[test]
    fn nan_is_inconclusive() {
        assert_eq!(
            verdict((f64::NAN, 1.0), Increase, 0.5, 1.0, 0.1),
            Inconclusive
        );
        assert_eq!(
            verdict((0.5, 1.0), Increase, f64::NAN, 1.0, 0.1),
            Inconclusive
        );
    }

    #[test]
    fn names() {
        assert_eq!(Supported.as_str(), "supported");
        assert_eq!(Contradicted.as_str(), "contradicted");
        assert_eq!(Inconclusive.to_string(), "inconclusive");
        assert_eq!(Verdict::NotApplicable.as_str(), "not applicable");
        assert_eq!(Decrease.as_str(), "decrease");
    }
}
