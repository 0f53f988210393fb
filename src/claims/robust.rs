//! How robust each verdict is to the model's assumptions: the parameter sets a
//! robustness run draws, the share of sets giving each verdict, the parameters
//! that drive a claim's effect (partial rank correlation), and where a verdict
//! flips.

// Small dense linear algebra reads best with explicit indices.
#![allow(clippy::needless_range_loop)]

use super::ClaimResult;
use crate::rng::Stream;
use crate::stats::Verdict;

/// A parameter varied by a robustness run, over a range.
#[derive(Clone, Debug, PartialEq)]
pub struct Range {
    /// Its dotted path (`model.perception_noise`).
    pub path: String,
    /// The lower end.
    pub lo: f64,
    /// The upper end.
    pub hi: f64,
}

/// The plausible ranges a robustness run draws from when given none: each
/// default of docs/ODD.md within about half of it either way, and the dispute
/// rate over the range its calibration against COW 1816–1913 accepted
/// (docs/VALIDATION.md).
pub const PLAUSIBLE: &[(&str, f64, f64)] = &[
    ("model.perception_noise", 0.2, 0.6),
    ("model.dispute_rate", 0.2, 0.45),
    ("model.war_cost", 0.015, 0.06),
    ("model.commitment", 0.1, 0.5),
    ("model.reputation", 0.0, 0.1),
    ("model.threat_elasticity", 0.25, 0.75),
    ("model.pact_threat", 0.15, 0.45),
    ("model.trust_dampening", 0.25, 0.75),
];

/// The plausible ranges as [`Range`]s.
pub fn plausible() -> Vec<Range> {
    PLAUSIBLE
        .iter()
        .map(|&(path, lo, hi)| Range {
            path: path.to_string(),
            lo,
            hi,
        })
        .collect()
}

/// A Latin hypercube of `n` points over `ranges`, from `seed` and `purpose`:
/// in each parameter every one of `n` equal strata holds exactly one point.
pub fn latin_hypercube(ranges: &[Range], n: usize, seed: u64, purpose: u64) -> Vec<Vec<f64>> {
    let mut columns = Vec::with_capacity(ranges.len());
    for (d, p) in ranges.iter().enumerate() {
        let mut rng = Stream::for_purpose(seed, purpose + d as u64);
        let mut strata: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut strata);
        columns.push(
            strata
                .into_iter()
                .map(|s| p.lo + (s as f64 + rng.uniform()) / n as f64 * (p.hi - p.lo))
                .collect::<Vec<f64>>(),
        );
    }
    (0..n)
        .map(|k| columns.iter().map(|c| c[k]).collect())
        .collect()
}

/// Ranks of `x` from 1, ties given their mean rank.
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            r[k] = mean;
        }
        i = j + 1;
    }
    r
}

/// Residuals of `y` after a least-squares fit on `xs` (with an intercept),
/// or `None` when the fit is singular.
fn residuals(y: &[f64], xs: &[&[f64]]) -> Option<Vec<f64>> {
    let n = y.len();
    let p = xs.len() + 1;
    let col = |j: usize, i: usize| if j == 0 { 1.0 } else { xs[j - 1][i] };
    // Normal equations, solved by Gaussian elimination with partial pivoting.
    let mut a = vec![vec![0.0; p + 1]; p];
    for (r, row) in a.iter_mut().enumerate() {
        for c in 0..p {
            row[c] = (0..n).map(|i| col(r, i) * col(c, i)).sum();
        }
        row[p] = (0..n).map(|i| col(r, i) * y[i]).sum();
    }
    for k in 0..p {
        let pivot = (k..p).max_by(|&i, &j| a[i][k].abs().total_cmp(&a[j][k].abs()))?;
        if a[pivot][k].abs() < 1e-9 {
            return None;
        }
        a.swap(k, pivot);
        for i in k + 1..p {
            let f = a[i][k] / a[k][k];
            for c in k..=p {
                a[i][c] -= f * a[k][c];
            }
        }
    }
    let mut beta = vec![0.0; p];
    for k in (0..p).rev() {
        let s: f64 = (k + 1..p).map(|c| a[k][c] * beta[c]).sum();
        beta[k] = (a[k][p] - s) / a[k][k];
    }
    Some(
        (0..n)
            .map(|i| y[i] - (0..p).map(|j| beta[j] * col(j, i)).sum::<f64>())
            .collect(),
    )
}

fn correlation(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    (saa > 0.0 && sbb > 0.0).then(|| (sab / (saa * sbb).sqrt()).clamp(-1.0, 1.0))
}

/// A partial rank correlation with its 95 % interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prcc {
    /// The coefficient, from −1 to 1.
    pub value: f64,
    /// Its 95 % interval (Fisher's z).
    pub ci: (f64, f64),
}

/// The partial rank correlation of `y` with each column of `x` (rows are
/// sets), controlling for the other columns; `None` for a column where it
/// cannot be computed (too few sets, or `y` or the column does not vary).
/// Sets where `y` is not finite are left out.
pub fn prcc(x: &[Vec<f64>], y: &[f64]) -> Vec<Option<Prcc>> {
    let keep: Vec<usize> = (0..y.len()).filter(|&i| y[i].is_finite()).collect();
    let p = x.first().map_or(0, Vec::len);
    let n = keep.len();
    let ry = ranks(&keep.iter().map(|&i| y[i]).collect::<Vec<_>>());
    let rx: Vec<Vec<f64>> = (0..p)
        .map(|j| ranks(&keep.iter().map(|&i| x[i][j]).collect::<Vec<_>>()))
        .collect();
    (0..p)
        .map(|j| {
            // Fisher's z needs n − 3 − (p − 1) > 0 degrees of freedom.
            let df = n as f64 - 3.0 - (p as f64 - 1.0);
            if df < 1.0 {
                return None;
            }
            let others: Vec<&[f64]> = (0..p).filter(|&k| k != j).map(|k| &rx[k][..]).collect();
            let ex = residuals(&rx[j], &others)?;
            let ey = residuals(&ry, &others)?;
            let r = correlation(&ex, &ey)?;
            let z = r.clamp(-0.999_999, 0.999_999).atanh();
            let half = 1.959_963_984_540_054 / df.sqrt();
            Some(Prcc {
                value: r,
                ci: ((z - half).tanh(), (z + half).tanh()),
            })
        })
        .collect()
}

/// Where a verdict flips: the verdict most sets give, and the single
/// threshold on one parameter that best tells those sets from the rest.
#[derive(Clone, Debug, PartialEq)]
pub struct Flip {
    /// The verdict the rule predicts on its side of the threshold.
    pub verdict: Verdict,
    /// The parameter's index.
    pub param: usize,
    /// The threshold.
    pub threshold: f64,
    /// Whether the verdict holds below the threshold (else above).
    pub below: bool,
    /// Share of sets the rule classifies correctly.
    pub accuracy: f64,
    /// Share of sets giving the verdict (the accuracy of always predicting it,
    /// or of never predicting it, whichever is higher).
    pub base: f64,
}

/// The best one-threshold rule for "the verdict is `v`", over every parameter,
/// for the most common verdict `v` among `verdicts` (sets with nothing to
/// judge left out); `None` when every set gives the same verdict or no rule
/// beats the base rate by 10 points.
pub fn flip(x: &[Vec<f64>], verdicts: &[Verdict]) -> Option<Flip> {
    let keep: Vec<usize> = (0..verdicts.len())
        .filter(|&i| verdicts[i] != Verdict::NotApplicable)
        .collect();
    let n = keep.len();
    if n < 4 {
        return None;
    }
    let count = |v: Verdict| keep.iter().filter(|&&i| verdicts[i] == v).count();
    let v = Verdict::ALL
        .into_iter()
        .max_by_key(|&v| (count(v), std::cmp::Reverse(v as u8)))?;
    let hits = count(v);
    if hits == n {
        return None;
    }
    let share = hits as f64 / n as f64;
    let base = share.max(1.0 - share);
    let p = x.first().map_or(0, Vec::len);
    let mut best: Option<Flip> = None;
    for j in 0..p {
        let mut order = keep.clone();
        order.sort_by(|&a, &b| x[a][j].total_cmp(&x[b][j]));
        // Sets with the verdict at or below each cut.
        let mut below = 0;
        for k in 0..n - 1 {
            if verdicts[order[k]] == v {
                below += 1;
            }
            let (lo, hi) = (x[order[k]][j], x[order[k + 1]][j]);
            if lo == hi {
                continue;
            }
            let left = k + 1;
            // "v below": v at or below the cut, not v above it.
            let right_not = (n - left) - (hits - below);
            let acc_below = (below + right_not) as f64 / n as f64;
            let acc_above = 1.0 - acc_below;
            for (acc, is_below) in [(acc_below, true), (acc_above, false)] {
                if best.as_ref().is_none_or(|b| acc > b.accuracy) {
                    best = Some(Flip {
                        verdict: v,
                        param: j,
                        threshold: (lo + hi) / 2.0,
                        below: is_below,
                        accuracy: acc,
                        base,
                    });
                }
            }
        }
    }
    best.filter(|b| b.accuracy >= base + 0.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[3.0, 1.0, 2.0]), vec![3.0, 1.0, 2.0]);
        assert_eq!(ranks(&[1.0, 2.0, 2.0, 5.0]), vec![1.0, 2.5, 2.5, 4.0]);
    }

    #[test]
    fn a_latin_hypercube_fills_every_stratum_once() {
        let r = plausible();
        let pts = latin_hypercube(&r, 20, 7, 0x5242);
        assert_eq!(pts.len(), 20);
        for (j, range) in r.iter().enumerate() {
            let mut strata: Vec<usize> = pts
                .iter()
                .map(|p| ((p[j] - range.lo) / (range.hi - range.lo) * 20.0) as usize)
                .collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..20).collect::<Vec<_>>());
        }
        assert_eq!(pts, latin_hypercube(&r, 20, 7, 0x5242));
        assert_ne!(pts, latin_hypercube(&r, 20, 8, 0x5242));
    }

    #[test]
    fn prcc_finds_the_driver_and_ignores_the_rest() {
        // y rises with x0, falls with x1, ignores x2; a monotone but non-linear link.
        let pts = latin_hypercube(
            &[
                Range {
                    path: "a".into(),
                    lo: 0.0,
                    hi: 1.0,
                },
                Range {
                    path: "b".into(),
                    lo: 0.0,
                    hi: 1.0,
                },
                Range {
                    path: "c".into(),
                    lo: 0.0,
                    hi: 1.0,
                },
            ],
            200,
            3,
            1,
        );
        let y: Vec<f64> = pts.iter().map(|p| p[0].powi(3) * 4.0 - p[1]).collect();
        let c = prcc(&pts, &y);
        let (a, b, z) = (c[0].unwrap(), c[1].unwrap(), c[2].unwrap());
        assert!(a.value > 0.9 && a.ci.0 > 0.8, "{a:?}");
        assert!(b.value < -0.5 && b.ci.1 < 0.0, "{b:?}");
        assert!(z.ci.0 < 0.0 && z.ci.1 > 0.0, "{z:?}");
        // Non-finite outputs are left out; too few sets give nothing.
        let mut y2 = y.clone();
        y2[0] = f64::NAN;
        assert!(prcc(&pts, &y2)[0].is_some());
        assert!(prcc(&pts[..4], &y[..4]).iter().all(Option::is_none));
    }

    #[test]
    fn a_flip_is_found_at_its_threshold() {
        let x: Vec<Vec<f64>> = (0..40).map(|i| vec![f64::from(i) / 40.0, 0.5]).collect();
        let v: Vec<Verdict> = (0..40)
            .map(|i| {
                if i < 28 {
                    Verdict::Supported
                } else {
                    Verdict::Inconclusive
                }
            })
            .collect();
        let f = flip(&x, &v).unwrap();
        assert_eq!((f.verdict, f.param, f.below), (Verdict::Supported, 0, true));
        assert!((f.threshold - 0.6875).abs() < 1e-12, "{f:?}");
        assert_eq!(f.accuracy, 1.0);
        // One verdict everywhere: nothing flips.
        assert!(flip(&x, &[Verdict::Supported; 40]).is_none());
        // A verdict unrelated to the parameters: no rule beats the base rate.
        let noise: Vec<Verdict> = (0..40)
            .map(|i| {
                if (i * 7) % 3 == 0 {
                    Verdict::Supported
                } else {
                    Verdict::Inconclusive
                }
            })
            .collect();
        let y: Vec<Vec<f64>> = (0..40).map(|i| vec![f64::from((i * 13) % 40)]).collect();
        if let Some(f) = flip(&y, &noise) {
            assert!(f.accuracy >= f.base + 0.1);
        }
    }
}

/// The purpose of a robustness design's random streams (apart from the model's).
pub const DESIGN: u64 = 0x524F_4255_0000;

/// The parameter sets: ranges and one row of values per set.
#[derive(Clone, Debug, PartialEq)]
pub struct ParameterSets {
    /// The parameters' dotted paths.
    pub params: Vec<String>,
    /// One row of values per set, in the order of `params`.
    pub sets: Vec<Vec<f64>>,
    /// Where the sets come from, in words.
    pub source: String,
}

impl ParameterSets {
    /// `n` sets drawn by a Latin hypercube over `ranges` (streams of `seed`
    /// for the design's purpose, apart from the model's).
    pub fn latin(ranges: &[Range], n: usize, seed: u64, source: String) -> ParameterSets {
        ParameterSets {
            params: ranges.iter().map(|r| r.path.clone()).collect(),
            sets: latin_hypercube(ranges, n, seed, DESIGN),
            source,
        }
    }

    /// `n` sets taken in turn from `points` (one value per parameter each),
    /// shuffled with `seed` first so any `n` spreads over them.
    pub fn from_points(
        params: Vec<String>,
        points: &[Vec<f64>],
        n: usize,
        seed: u64,
        source: String,
    ) -> ParameterSets {
        let mut order: Vec<usize> = (0..points.len()).collect();
        Stream::for_purpose(seed, DESIGN).shuffle(&mut order);
        let sets = if points.is_empty() {
            Vec::new()
        } else {
            (0..n)
                .map(|k| points[order[k % order.len()]].clone())
                .collect()
        };
        ParameterSets {
            params,
            sets,
            source,
        }
    }

    /// The lowest and highest value drawn for parameter `j`.
    pub fn drawn_range(&self, j: usize) -> (f64, f64) {
        let values = || self.sets.iter().map(|s| s[j]);
        (
            values().fold(f64::INFINITY, f64::min),
            values().fold(f64::NEG_INFINITY, f64::max),
        )
    }
}

/// One claim over the sets.
#[derive(Clone, Debug)]
pub struct Summary {
    /// Sets per verdict, in [`Verdict::ALL`] order.
    pub counts: [u32; 5],
    /// Sets with an effect measured.
    pub measured: usize,
    /// Partial rank correlation of the effect with each parameter.
    pub prcc: Vec<Option<Prcc>>,
    /// Where the verdict flips, if a threshold on one parameter tells it.
    pub flip: Option<Flip>,
}

impl Summary {
    /// The parameter with the largest clear partial rank correlation, in words.
    pub fn driver_text(&self, params: &[String]) -> String {
        let best = self
            .prcc
            .iter()
            .enumerate()
            .filter_map(|(j, p)| p.filter(|p| p.ci.0 > 0.0 || p.ci.1 < 0.0).map(|p| (j, p)))
            .max_by(|a, b| a.1.value.abs().total_cmp(&b.1.value.abs()));
        match best {
            Some((j, p)) => format!(
                "{} {:+.2} [{:+.2}, {:+.2}]",
                params[j], p.value, p.ci.0, p.ci.1
            ),
            None => "none clear".to_string(),
        }
    }

    /// Where the verdict flips, in words ("C1 is supported when … < 0.31").
    pub fn flip_text(&self, id: &str, params: &[String]) -> Option<String> {
        let f = self.flip.as_ref()?;
        let phrase = match f.verdict {
            Verdict::NoMeaningfulEffect => "shows no meaningful effect".to_string(),
            v => format!("is {v}"),
        };
        Some(format!(
            "{id} {phrase} when {} {} {} (the rule fits {:.0} % of sets, against {:.0} % for one verdict alone)",
            params[f.param],
            if f.below { "<" } else { ">" },
            number_short(f.threshold),
            100.0 * f.accuracy,
            100.0 * f.base
        ))
    }
}

/// A number with at most three decimals and no trailing zeros.
pub fn number_short(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Claim `i` over the sets of `d`, whose verdicts are `results` (one list of
/// every claim's result per set).
pub fn summarise(i: usize, d: &ParameterSets, results: &[Vec<ClaimResult>]) -> Summary {
    let mut counts = [0u32; 5];
    let verdicts: Vec<Verdict> = results.iter().map(|r| r[i].verdict).collect();
    for v in &verdicts {
        if let Some(k) = Verdict::ALL.iter().position(|x| x == v) {
            counts[k] += 1;
        }
    }
    // The effect in units of δ's base (the control's mean) where it has one, so
    // sets with different controls are on one scale; else the raw effect.
    let y: Vec<f64> = results
        .iter()
        .map(|r| {
            let r = &r[i];
            match (r.effect, r.control_mean) {
                (Some(e), Some(c)) if c.abs() > 0.0 && r.verdict != Verdict::NotApplicable => {
                    e / c.abs()
                }
                (Some(e), _) if r.verdict != Verdict::NotApplicable => e,
                _ => f64::NAN,
            }
        })
        .collect();
    Summary {
        counts,
        measured: y.iter().filter(|v| v.is_finite()).count(),
        prcc: prcc(&d.sets, &y),
        flip: flip(&d.sets, &verdicts),
    }
}
