//! The rule that turns an estimated effect and its interval into a verdict on a claim.
//!
//! The rule is symmetric. A claim predicts a direction, and a smallest effect
//! that matters, δ, is set relative to the baseline (the control's mean):
//!
//! - *supported*: the interval excludes zero on the claimed side **and** the
//!   effect is at least δ in size;
//! - *contradicted*: the interval excludes zero on the other side **and** the
//!   effect is at least δ in size;
//! - *no meaningful effect*: δ > 0 and the whole interval lies within ±δ (an
//!   equivalence test: whatever the effect is, it is too small to matter);
//! - *inconclusive*: anything else.
//!
//! So a tiny effect measured ever more precisely moves from inconclusive to *no
//! meaningful effect*, never to supported or contradicted, and a verdict does
//! not drift with the number of replications alone. A claim with no effect to
//! judge (nothing was measured) is *not applicable*.

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
    /// The effect goes the claimed way, clearly and by at least δ.
    Supported,
    /// The effect goes the other way, clearly and by at least δ.
    Contradicted,
    /// The effect is clearly smaller than δ, whichever way it goes.
    NoMeaningfulEffect,
    /// None of the above.
    Inconclusive,
    /// There is no effect to judge: the scenario gives the experiment nothing to measure.
    NotApplicable,
}

impl Verdict {
    /// Every verdict, in the order reports list them.
    pub const ALL: [Verdict; 5] = [
        Verdict::Supported,
        Verdict::Contradicted,
        Verdict::NoMeaningfulEffect,
        Verdict::Inconclusive,
        Verdict::NotApplicable,
    ];

    /// Lower-case name for files and reports ("supported", "contradicted",
    /// "no meaningful effect", "inconclusive", "not applicable").
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Contradicted => "contradicted",
            Verdict::NoMeaningfulEffect => "no meaningful effect",
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

/// The smallest effect that matters: `min_relative` of the baseline's size.
pub fn smallest_effect(baseline: f64, min_relative: f64) -> f64 {
    min_relative * baseline.abs()
}

/// Judges a claim from the interval `ci` = (low, high) of an effect, the effect's
/// point estimate, the baseline it is relative to and the smallest relative size
/// that matters (δ = `min_relative` × |baseline|); see [`verdict_with`].
pub fn verdict(
    ci: (f64, f64),
    claimed: Direction,
    effect: f64,
    baseline: f64,
    min_relative: f64,
) -> Verdict {
    verdict_with(ci, claimed, effect, smallest_effect(baseline, min_relative))
}

/// Judges a claim from the interval `ci` = (low, high) of an effect, its point
/// estimate and δ, the smallest effect that matters, in the effect's units.
///
/// The verdict is one of the first four; NaN anywhere makes the comparisons
/// fail and the verdict inconclusive. With δ = 0 every effect clear of zero
/// counts, and no effect can be shown too small to matter: with nothing to be
/// small against, an interval of exactly zero (a metric that never moved in
/// either arm) is inconclusive.
pub fn verdict_with(ci: (f64, f64), claimed: Direction, effect: f64, delta: f64) -> Verdict {
    let (low, high) = ci;
    let above_zero = low > 0.0;
    let below_zero = high < 0.0;
    let (claimed_side, other_side) = match claimed {
        Direction::Increase => (above_zero, below_zero),
        Direction::Decrease => (below_zero, above_zero),
    };
    let material = effect.abs() >= delta;
    if claimed_side && material {
        Verdict::Supported
    } else if other_side && material {
        Verdict::Contradicted
    } else if delta > 0.0 && low >= -delta && high <= delta {
        Verdict::NoMeaningfulEffect
    } else {
        Verdict::Inconclusive
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::{Decrease, Increase};
    use Verdict::{Contradicted, Inconclusive, NoMeaningfulEffect, Supported};

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
    }

    #[test]
    fn the_rule_is_symmetric() {
        // The same interval mirrored gives the mirrored verdict, at every size.
        for (ci, e) in [
            ((0.001, 0.002), 0.0015),
            ((0.03, 0.05), 0.04),
            ((0.3, 0.5), 0.4),
            ((-0.5, 1.5), 0.5),
            ((-0.1, 0.2), 0.05),
        ] {
            let up = verdict(ci, Increase, e, 4.0, 0.1);
            let down = verdict(ci, Decrease, e, 4.0, 0.1);
            let mirrored = match up {
                Supported => Contradicted,
                Contradicted => Supported,
                v => v,
            };
            assert_eq!(down, mirrored, "{ci:?}");
        }
    }

    #[test]
    fn a_small_clear_effect_is_no_meaningful_effect_either_way() {
        // Clearly positive, but 1 % of the baseline where 10 % is required.
        assert_eq!(
            verdict((0.03, 0.05), Increase, 0.04, 4.0, 0.1),
            NoMeaningfulEffect
        );
        assert_eq!(
            verdict((0.001, 0.002), Decrease, 0.0015, 4.0, 0.1),
            NoMeaningfulEffect
        );
        // The threshold itself counts as material.
        assert_eq!(verdict((0.3, 0.5), Increase, 0.4, 4.0, 0.1), Supported);
        assert_eq!(verdict((0.3, 0.5), Decrease, 0.4, 4.0, 0.1), Contradicted);
        // Clear of zero, below δ, but not inside ±δ: inconclusive, not contradicted.
        assert_eq!(verdict((0.01, 0.6), Decrease, 0.3, 4.0, 0.1), Inconclusive);
    }

    #[test]
    fn inconclusive_when_the_interval_spans_zero_and_passes_delta() {
        assert_eq!(verdict((-0.5, 1.5), Increase, 0.5, 4.0, 0.1), Inconclusive);
        assert_eq!(verdict((-0.5, 1.5), Decrease, 0.5, 4.0, 0.1), Inconclusive);
        // An interval touching zero does not exclude it.
        assert_eq!(verdict((0.0, 1.0), Increase, 0.5, 1.0, 0.1), Inconclusive);
    }

    #[test]
    fn a_verdict_does_not_drift_with_replications_alone() {
        // A true effect of 2 % of the baseline, against δ = 5 %: as the interval
        // narrows with more replications (half-width ∝ 1/√n), the verdict goes
        // from inconclusive to no meaningful effect and never to either side.
        let (baseline, effect) = (0.5, -0.01);
        let mut seen = Vec::new();
        for n in [10_u32, 40, 160, 640, 2_560, 10_240, 40_960, 163_840] {
            let half = 0.4 / f64::from(n).sqrt();
            let v = verdict(
                (effect - half, effect + half),
                Increase,
                effect,
                baseline,
                0.05,
            );
            assert!(matches!(v, Inconclusive | NoMeaningfulEffect), "{n}: {v}");
            seen.push(v);
        }
        assert_eq!(seen.first(), Some(&Inconclusive));
        assert_eq!(seen.last(), Some(&NoMeaningfulEffect));
        // Once it is no meaningful effect it stays so.
        let first = seen.iter().position(|v| *v == NoMeaningfulEffect).unwrap();
        assert!(seen[first..].iter().all(|v| *v == NoMeaningfulEffect));
    }

    #[test]
    fn with_a_zero_baseline_any_clear_effect_counts() {
        assert_eq!(verdict((0.01, 0.02), Increase, 0.015, 0.0, 0.1), Supported);
        assert_eq!(
            verdict((0.01, 0.02), Decrease, 0.015, 0.0, 0.1),
            Contradicted
        );
        // Nothing to be small against: an exact zero is not shown to be too small.
        assert_eq!(verdict((0.0, 0.0), Decrease, 0.0, 0.0, 0.1), Inconclusive);
        assert_eq!(verdict((0.0, 0.0), Decrease, 0.0, 3.0, 0.0), Inconclusive);
        // With a baseline, an exact zero is no meaningful effect.
        assert_eq!(
            verdict((0.0, 0.0), Decrease, 0.0, 3.0, 0.1),
            NoMeaningfulEffect
        );
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
        assert_eq!(
            verdict((0.5, 1.0), Increase, 0.7, f64::NAN, 0.1),
            Inconclusive
        );
    }

    #[test]
    fn names() {
        assert_eq!(Supported.as_str(), "supported");
        assert_eq!(Contradicted.as_str(), "contradicted");
        assert_eq!(NoMeaningfulEffect.as_str(), "no meaningful effect");
        assert_eq!(Inconclusive.to_string(), "inconclusive");
        assert_eq!(Verdict::NotApplicable.as_str(), "not applicable");
        assert_eq!(Decrease.as_str(), "decrease");
    }
}
