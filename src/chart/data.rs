//! Plain values the chart functions take: an estimate with its interval, and
//! what the caption line names. They hold no file formats and no drawing.

use super::text::Lang;

/// A mean with its 95 % interval; each part may be absent (an empty CSV cell).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Interval {
    /// The mean.
    pub mean: Option<f64>,
    /// Lower end of the 95 % interval.
    pub lo: Option<f64>,
    /// Upper end of the 95 % interval.
    pub hi: Option<f64>,
}

impl Interval {
    /// The interval with its lower end raised to `floor` where it lies below
    /// (for drawing rates, which cannot be negative).
    pub fn floored(self, floor: f64) -> Self {
        Interval {
            lo: self.lo.map(|v| v.max(floor)),
            ..self
        }
    }

    /// An interval with all three parts present.
    pub fn new(mean: f64, lo: f64, hi: f64) -> Self {
        Interval {
            mean: Some(mean),
            lo: Some(lo),
            hi: Some(hi),
        }
    }

    /// The mean, if present and finite.
    pub fn mean(&self) -> Option<f64> {
        self.mean.filter(|x| x.is_finite())
    }

    /// Both ends, if present and finite.
    pub fn bounds(&self) -> Option<(f64, f64)> {
        match (self.lo, self.hi) {
            (Some(lo), Some(hi)) if lo.is_finite() && hi.is_finite() => {
                Some((lo.min(hi), lo.max(hi)))
            }
            _ => None,
        }
    }

    /// Every finite value present (for axis ranges).
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        [self.mean, self.lo, self.hi]
            .into_iter()
            .flatten()
            .filter(|x| x.is_finite())
    }
}

/// What the caption line at the bottom of a chart names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Caption {
    /// The scenario's name.
    pub scenario: String,
    /// Replications run.
    pub replications: u32,
    /// The run's seed.
    pub seed: u64,
}

impl Caption {
    /// The caption text in `lang` (with the tool's version).
    pub fn text(&self, lang: Lang) -> String {
        lang.caption(&self.scenario, self.replications, self.seed)
    }
}
