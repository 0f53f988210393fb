//! The statistics that hold the model against history: how often disputes and
//! wars arise, how high disputes climb, how large wars grow, how many gain a
//! joiner after their first day, how long they last.
//!
//! They are computed by one function ([`compute`]) from a [`Sample`]: the
//! disputes of a period and the state-years they arose in. A sample comes from
//! the Correlates of War data ([`cow`]) or, with the same definitions, from the
//! records of a model run, so history and the model are measured alike. Their
//! uncertainty is a percentile bootstrap over disputes ([`bootstrap`]),
//! seeded, so the same files and seed give the same intervals.
//! docs/VALIDATION.md defines each statistic and its caveats.

pub mod cow;
pub mod run;

use crate::import::ImportError;
use crate::import::csv::{Row, Table};
use crate::rng::Stream;

/// One dispute as the statistics see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dispute {
    /// Highest hostility level: 2 threat, 3 display of force, 4 use of force, 5 war.
    pub level: u8,
    /// Distinct states that took part.
    pub states: u32,
    /// Whether a state took part that was not in it on its first day.
    pub joiner: bool,
    /// Years from its first to its last (1 for a dispute within one year).
    pub years: u32,
}

impl Dispute {
    /// Whether it is a war (hostility level 5).
    pub fn war(&self) -> bool {
        self.level == 5
    }
}

/// A hostility level in column `col` of `row`: a whole number from `lowest` to 5.
fn level(t: &Table, row: &Row, col: &str, lowest: u8) -> Result<u8, ImportError> {
    let level = t.int(row, col)?;
    u8::try_from(level)
        .ok()
        .filter(|l| (lowest..=5).contains(l))
        .ok_or_else(|| {
            ImportError::row(
                &t.file,
                row.line,
                Some(col),
                format!("expected a hostility level from {lowest} to 5, found {level}"),
            )
        })
}

/// The disputes of a period and the state-years they arose in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sample {
    /// Years a state was a member of the state system, summed over states.
    pub state_years: f64,
    /// The disputes that began in the period.
    pub disputes: Vec<Dispute>,
}

/// A statistic of a [`Sample`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Statistic {
    /// Its name in `facts.csv`.
    pub name: &'static str,
    /// The unit of its value.
    pub unit: &'static str,
    /// What it measures.
    pub meaning: &'static str,
}

const fn stat(name: &'static str, unit: &'static str, meaning: &'static str) -> Statistic {
    Statistic {
        name,
        unit,
        meaning,
    }
}

/// Every statistic, in the order [`compute`] gives them.
pub const STATISTICS: [Statistic; 14] = [
    stat(
        "dispute_rate",
        "per 100 state-years",
        "militarized disputes begun",
    ),
    stat(
        "war_rate",
        "per 100 state-years",
        "disputes begun that reached war (level 5)",
    ),
    stat("war_share", "share", "share of disputes that reached war"),
    stat(
        "level_2_share",
        "share",
        "share of disputes whose highest level was a threat",
    ),
    stat(
        "level_3_share",
        "share",
        "share whose highest level was a display of force",
    ),
    stat(
        "level_4_share",
        "share",
        "share whose highest level was a use of force",
    ),
    stat(
        "level_5_share",
        "share",
        "share whose highest level was war",
    ),
    stat("war_size_2_share", "share", "share of wars with 2 states"),
    stat(
        "war_size_3_4_share",
        "share",
        "share of wars with 3 or 4 states",
    ),
    stat(
        "war_size_5_plus_share",
        "share",
        "share of wars with 5 states or more",
    ),
    stat("war_size_mean", "states", "mean number of states in a war"),
    stat(
        "war_size_median",
        "states",
        "median number of states in a war",
    ),
    stat(
        "war_joiner_share",
        "share",
        "share of wars a state joined after the first day",
    ),
    stat(
        "war_duration_mean",
        "years",
        "mean years from a war's first year to its last, both counted",
    ),
];

/// The position of the statistic `name` in [`STATISTICS`].
pub fn statistic_index(name: &str) -> Option<usize> {
    STATISTICS.iter().position(|s| s.name == name)
}

/// What the statistics need to know of a set of disputes: counts, and the
/// distribution of war sizes (for the median). It grows with the largest war,
/// not with the number of disputes, so a calibration holds one per point
/// whatever its replications.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    /// State-years.
    pub state_years: f64,
    /// Disputes.
    pub disputes: u64,
    /// Disputes by highest level, 2 to 5.
    pub by_level: [u64; 4],
    /// Wars by number of states (index = states).
    pub war_sizes: Vec<u64>,
    /// Wars a state joined after the first day.
    pub joined: u64,
    /// Calendar years of the wars, summed.
    pub war_years: u64,
}

impl Counts {
    /// Adds one dispute.
    pub fn add(&mut self, d: &Dispute) {
        self.disputes += 1;
        if (2..=5).contains(&d.level) {
            self.by_level[usize::from(d.level) - 2] += 1;
        }
        if d.war() {
            let k = d.states as usize;
            if self.war_sizes.len() <= k {
                self.war_sizes.resize(k + 1, 0);
            }
            self.war_sizes[k] += 1;
            self.joined += u64::from(d.joiner);
            self.war_years += u64::from(d.years);
        }
    }

    /// Adds a sample: its disputes and state-years.
    pub fn add_sample(&mut self, sample: &Sample) {
        self.state_years += sample.state_years;
        sample.disputes.iter().for_each(|d| self.add(d));
    }

    /// The median war size; NaN without wars.
    fn median_size(&self, wars: u64) -> f64 {
        // The size of the war at 0-based rank `r` in size order.
        let at = |r: u64| {
            let mut seen = 0;
            for (size, &n) in self.war_sizes.iter().enumerate() {
                seen += n;
                if seen > r {
                    return size as f64;
                }
            }
            f64::NAN
        };
        match wars {
            0 => f64::NAN,
            w if w % 2 == 1 => at(w / 2),
            w => 0.5 * (at(w / 2 - 1) + at(w / 2)),
        }
    }

    /// Every statistic, in the order of [`STATISTICS`]; NaN where there is
    /// nothing to measure (no disputes, no wars).
    pub fn statistics(&self) -> [f64; 14] {
        let wars: u64 = self.war_sizes.iter().sum();
        let band = |sizes: std::ops::Range<usize>| -> f64 {
            self.war_sizes
                .iter()
                .enumerate()
                .filter(|(k, _)| sizes.contains(k))
                .map(|(_, &n)| n as f64)
                .sum()
        };
        let size_sum: f64 = self
            .war_sizes
            .iter()
            .enumerate()
            .map(|(k, &n)| (k as u64 * n) as f64)
            .sum();
        let (n, w) = (self.disputes as f64, wars as f64);
        let per = |x: f64, of: f64| if of > 0.0 { x / of } else { f64::NAN };
        let level = |k: usize| per(self.by_level[k] as f64, n);
        [
            per(100.0 * n, self.state_years),
            per(100.0 * w, self.state_years),
            per(w, n),
            level(0),
            level(1),
            level(2),
            level(3),
            per(band(0..3), w),
            per(band(3..5), w),
            per(band(5..usize::MAX), w),
            per(size_sum, w),
            self.median_size(wars),
            per(self.joined as f64, w),
            per(self.war_years as f64, w),
        ]
    }
}

/// Every statistic of the disputes `disputes` (given by index into `all`, so a
/// bootstrap resample needs no copies) over `state_years`, in the order of
/// [`STATISTICS`]; NaN where there is nothing to measure (no disputes, no wars).
fn compute_from(
    all: &[Dispute],
    disputes: impl Iterator<Item = usize>,
    state_years: f64,
) -> [f64; 14] {
    let mut counts = Counts {
        state_years,
        ..Counts::default()
    };
    disputes.for_each(|k| counts.add(&all[k]));
    counts.statistics()
}

/// Every statistic of `sample`, in the order of [`STATISTICS`] (NaN where
/// there is nothing to measure).
pub fn compute(sample: &Sample) -> Vec<f64> {
    compute_from(
        &sample.disputes,
        0..sample.disputes.len(),
        sample.state_years,
    )
    .to_vec()
}

/// A value with its 95 % interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// The value on the sample itself.
    pub value: f64,
    /// Lower end of the interval (NaN when there is none).
    pub lo: f64,
    /// Upper end.
    pub hi: f64,
}

/// The `q` quantile of sorted `xs` (linear between order statistics, R's type 7).
fn quantile(xs: &[f64], q: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let h = q * (xs.len() - 1) as f64;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    xs[lo] + (h - lo as f64) * (xs[hi] - xs[lo])
}

/// How many times a dispute enters a resample: a Poisson(1) draw from one uniform.
fn poisson_one(u: f64) -> usize {
    // P(k) = e⁻¹ / k!; the tail beyond 12 is below 1e-9.
    let mut p = (-1.0f64).exp();
    let mut cumulative = p;
    let mut k = 0;
    while u >= cumulative && k < 12 {
        k += 1;
        p /= k as f64;
        cumulative += p;
    }
    k
}

/// Every statistic of `sample` with a 95 % percentile-bootstrap interval from
/// `resamples` Poisson-bootstrap resamples of its disputes, drawn from `seed`:
/// each dispute enters a resample a Poisson(1) number of times, so the number
/// of disputes varies as a count does and the rates get an interval too (the
/// state-years are held fixed). Resample `b` draws from its own stream.
pub fn bootstrap(sample: &Sample, resamples: u32, seed: u64) -> Vec<Estimate> {
    let n = sample.disputes.len();
    let value = compute(sample);
    let mut draws: Vec<Vec<f64>> = vec![Vec::with_capacity(resamples as usize); STATISTICS.len()];
    let mut pick = Vec::with_capacity(n);
    for b in 0..resamples {
        let mut rng = Stream::for_purpose(seed, u64::from(b));
        pick.clear();
        for k in 0..n {
            let times = poisson_one(rng.uniform());
            pick.extend(std::iter::repeat_n(k, times));
        }
        let stats = compute_from(&sample.disputes, pick.iter().copied(), sample.state_years);
        for (d, x) in draws.iter_mut().zip(stats) {
            if !x.is_nan() {
                d.push(x);
            }
        }
    }
    value
        .into_iter()
        .zip(draws)
        .map(|(value, mut d)| {
            d.sort_by(f64::total_cmp);
            // Too few resamples measured it (say, a period with one war): no interval.
            let enough = d.len() * 10 >= resamples as usize * 9 && d.len() >= 2;
            let (lo, hi) = if enough {
                (quantile(&d, 0.025), quantile(&d, 0.975))
            } else {
                (f64::NAN, f64::NAN)
            };
            Estimate { value, lo, hi }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(level: u8, states: u32, joiner: bool, years: u32) -> Dispute {
        Dispute {
            level,
            states,
            joiner,
            years,
        }
    }

    #[test]
    fn statistics_are_the_hand_counted_ones() {
        // Ten disputes in 200 state-years: levels 2, 3, 3, 4 × 4, and three wars
        // of 2, 4 and 7 states (the 7-state one gained a joiner, lasting 3 years).
        let mut disputes = vec![d(2, 2, false, 1), d(3, 2, false, 1), d(3, 3, true, 1)];
        disputes.extend(std::iter::repeat_n(d(4, 2, false, 1), 4));
        disputes.extend([d(5, 2, false, 1), d(5, 4, false, 2), d(5, 7, true, 3)]);
        let s = compute(&Sample {
            state_years: 200.0,
            disputes,
        });
        let want = [
            5.0,        // 10 disputes per 200 state-years
            1.5,        // 3 wars
            0.3,        // 3 of 10
            0.1,        // level 2
            0.2,        // level 3
            0.4,        // level 4
            0.3,        // level 5
            1.0 / 3.0,  // 2 states
            1.0 / 3.0,  // 4 states
            1.0 / 3.0,  // 7 states
            13.0 / 3.0, // mean size
            4.0,        // median size
            1.0 / 3.0,  // a joiner in one war of three (the level-3 dispute's does not count)
            2.0,        // (1 + 2 + 3) / 3 years
        ];
        for ((stat, got), want) in STATISTICS.iter().zip(&s).zip(want) {
            assert!((got - want).abs() < 1e-12, "{}: {got} vs {want}", stat.name);
        }
    }

    #[test]
    fn without_wars_the_war_statistics_are_absent() {
        let s = compute(&Sample {
            state_years: 50.0,
            disputes: vec![d(3, 2, false, 1)],
        });
        assert_eq!(s[0], 2.0);
        assert_eq!(s[1], 0.0);
        for k in 7..14 {
            assert!(s[k].is_nan(), "{}", STATISTICS[k].name);
        }
        assert!(compute(&Sample::default()).iter().all(|x| x.is_nan()));
    }

    #[test]
    fn the_bootstrap_is_seeded_and_brackets_the_value() {
        let disputes: Vec<Dispute> = (0..400)
            .map(|k| d(2 + (k % 4) as u8, 2 + (k % 5), k % 3 == 0, 1 + k % 3))
            .collect();
        let sample = Sample {
            state_years: 4000.0,
            disputes,
        };
        let a = bootstrap(&sample, 500, 7);
        assert_eq!(a, bootstrap(&sample, 500, 7));
        assert_ne!(a, bootstrap(&sample, 500, 8));
        for (e, stat) in a.iter().zip(&STATISTICS) {
            assert!(e.lo <= e.value && e.value <= e.hi, "{}: {e:?}", stat.name);
            assert!(
                e.hi - e.lo > 0.0 || stat.name == "war_size_median",
                "{}: {e:?}",
                stat.name
            );
        }
        // The dispute rate (10 per 100 state-years) has the interval of a
        // Poisson count of 400: ±1.96 × √400 disputes, ±0.98 per 100 state-years.
        let rate = a[0];
        assert_eq!(rate.value, 10.0);
        let half = 0.5 * (rate.hi - rate.lo);
        assert!((half - 0.98).abs() < 0.15, "{rate:?}");
    }
}
