//! Student's t distribution: its CDF and its quantile function (inverse CDF).
//!
//! Written from the mathematics rather than taken from a statistics crate, so the
//! intervals in our CSV files cannot move when a dependency changes its numerics.
//! The CDF goes through the regularized incomplete beta function (evaluated by
//! its continued fraction); the quantile solves CDF(t) = p by Newton's method
//! inside a bracket that bisection keeps honest. With df ≥ [`NORMAL_DF`] the
//! standard normal distribution is used instead, which differs from t by less
//! than 1e-7 there and avoids continued fractions that converge very slowly.

use std::f64::consts::PI;

/// Degrees of freedom from which t is treated as the standard normal.
pub const NORMAL_DF: f64 = 1e7;

/// Iteration cap for the series and continued fractions; the largest
/// shape parameter reached below [`NORMAL_DF`] needs a few thousand terms.
const MAX_TERMS: usize = 100_000;

/// Relative accuracy sought from series, continued fractions and the solver.
const EPS: f64 = 1e-15;

/// Cumulative distribution function of Student's t with `df` degrees of freedom.
///
/// Returns NaN when `t` or `df` is NaN or `df` ≤ 0; `df` = ∞ gives the normal CDF.
pub fn t_cdf(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if t >= 0.0 {
        1.0 - upper_tail(t, df)
    } else {
        upper_tail(-t, df)
    }
}

/// Quantile of Student's t with `df` degrees of freedom: the `t` with `t_cdf(t, df) = p`.
///
/// `p` = 0 and 1 give −∞ and +∞; NaN comes back for `p` outside [0, 1], for NaN
/// arguments and for `df` ≤ 0. Accurate to about 1e-12 relative to the exact value.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    if p.is_nan() || df.is_nan() || df <= 0.0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    if p == 0.5 {
        return 0.0;
    }
    // Work with the smaller tail: for p < 0.5 it is p itself, exactly, and for
    // p > 0.5 the subtraction 1 − p is exact (Sterbenz), so no digits are lost.
    let (q, sign) = if p < 0.5 { (p, -1.0) } else { (1.0 - p, 1.0) };
    sign * upper_quantile(q, df)
}

/// P(T > t) for t ≥ 0.
fn upper_tail(t: f64, df: f64) -> f64 {
    if t == f64::INFINITY {
        return 0.0;
    }
    if df >= NORMAL_DF {
        return 0.5 * erfc(t / std::f64::consts::SQRT_2);
    }
    // P(T > t) = ½ I_x(df/2, ½) with x = df/(df + t²). Both x and 1 − x are
    // formed directly so that neither loses digits to a subtraction.
    // ln x comes from ln_1p because x sits near 1 for small t and large df,
    // where a rounded x times a large df/2 would swamp the result.
    let t2 = t * t;
    let r = t2 / df;
    let x = df / (df + t2);
    let y = t2 / (df + t2);
    let ln_x = -r.ln_1p();
    let ln_y = r.ln() - r.ln_1p();
    0.5 * beta_inc(0.5 * df, 0.5, [x, y], [ln_x, ln_y])
}

/// Density of t (or of the normal when df ≥ [`NORMAL_DF`]), for Newton steps.
fn density(t: f64, df: f64) -> f64 {
    if df >= NORMAL_DF {
        return (-0.5 * t * t).exp() / (2.0 * PI).sqrt();
    }
    let log_norm = -ln_gamma_ratio(0.5 * df, 0.5) - 0.5 * (df * PI).ln();
    (log_norm - 0.5 * (df + 1.0) * (t * t / df).ln_1p()).exp()
}

/// The t ≥ 0 with P(T > t) = q, for 0 < q < 0.5.
fn upper_quantile(q: f64, df: f64) -> f64 {
    // Closed forms where they exist are both faster and exact.
    if df == 1.0 {
        return (PI * (0.5 - q)).tan();
    }
    if df == 2.0 {
        let a = 4.0 * q * (1.0 - q);
        return 2.0 * (0.5 - q) * (2.0 / a).sqrt();
    }
    let guess = initial_guess(q, df);
    solve_upper(q, df, guess)
}

/// A starting point: the normal quantile corrected by the first terms of the
/// Cornish–Fisher expansion of t in powers of 1/df.
fn initial_guess(q: f64, df: f64) -> f64 {
    // Abramowitz & Stegun 26.2.23: a rational approximation good to 4.5e-4.
    let u = (-2.0 * q.ln()).sqrt();
    let z = u
        - (2.515517 + u * (0.802853 + u * 0.010328))
            / (1.0 + u * (1.432788 + u * (0.189269 + u * 0.001308)));
    if df >= NORMAL_DF {
        return z;
    }
    let z2 = z * z;
    let g1 = z * (z2 + 1.0) / 4.0;
    let g2 = z * ((5.0 * z2 + 16.0) * z2 + 3.0) / 96.0;
    let guess = z + g1 / df + g2 / (df * df);
    if guess.is_finite() && guess > 0.0 {
        guess
    } else {
        1.0
    }
}

/// Newton's method on P(T > t) − q, with a bracket that bisection falls back on
/// whenever a step would leave it (heavy tails make raw Newton overshoot).
fn solve_upper(q: f64, df: f64, guess: f64) -> f64 {
    let mut lo = 0.0_f64;
    let mut hi = guess.max(1.0);
    let mut doublings = 0;
    while upper_tail(hi, df) > q {
        lo = hi;
        hi *= 2.0;
        doublings += 1;
        if doublings > 1100 || !hi.is_finite() {
            return f64::INFINITY;
        }
    }
    let mut t = guess.clamp(lo, hi);
    for _ in 0..400 {
        let f = upper_tail(t, df) - q;
        if f == 0.0 {
            return t;
        }
        // The tail falls as t grows, so f > 0 means the root lies above t.
        if f > 0.0 {
            lo = t;
        } else {
            hi = t;
        }
        let slope = density(t, df);
        let newton = t + f / slope;
        let next = if slope > 0.0 && newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        if (next - t).abs() <= EPS * t.abs().max(f64::MIN_POSITIVE) || hi - lo <= EPS * hi {
            return next;
        }
        t = next;
    }
    t
}

/// Regularized incomplete beta I_x(a, b), given `[x, 1 − x]` and their
/// logarithms, each computed by the caller without cancellation.
fn beta_inc(a: f64, b: f64, [x, y]: [f64; 2], [ln_x, ln_y]: [f64; 2]) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if y <= 0.0 {
        return 1.0;
    }
    let ln_beta = ln_gamma(a.min(b)) + ln_gamma_ratio(a.max(b), a.min(b));
    let front = (a * ln_x + b * ln_y - ln_beta).exp();
    // The continued fraction converges fast only left of the mode; on the other
    // side use the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_fraction(b, a, y) / b
    }
}

/// The continued fraction of the incomplete beta function, by the modified
/// Lentz method (which needs no precomputed depth).
fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
    let mut h = d;
    for m in 1..MAX_TERMS {
        let m = m as f64;
        let two_m = 2.0 * m;
        // Even step: m(b − m)x / ((a + 2m − 1)(a + 2m)).
        let even = m * (b - m) * x / ((a + two_m - 1.0) * (a + two_m));
        d = 1.0 / guard(1.0 + even * d);
        c = guard(1.0 + even / c);
        h *= d * c;
        // Odd step: −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
        let odd = -(a + m) * (a + b + m) * x / ((a + two_m) * (a + two_m + 1.0));
        d = 1.0 / guard(1.0 + odd * d);
        c = guard(1.0 + odd / c);
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// ln Γ(x) for x > 0: Stirling's series once x ≥ 15, reached by the
/// recurrence Γ(x + 1) = x Γ(x) from below.
fn ln_gamma(x: f64) -> f64 {
    let mut shift = 0.0;
    let mut z = x;
    while z < 15.0 {
        shift += z.ln();
        z += 1.0;
    }
    (z - 0.5) * z.ln() - z + 0.5 * (2.0 * PI).ln() + stirling_tail(z) - shift
}

/// ln Γ(a) − ln Γ(a + b) for a, b > 0, without the cancellation that
/// subtracting two large ln Γ values would suffer when a is large.
fn ln_gamma_ratio(a: f64, b: f64) -> f64 {
    let mut acc = 0.0;
    let mut z = a;
    while z < 15.0 {
        // ln Γ(z) − ln Γ(z + b) = ln Γ(z + 1) − ln Γ(z + b + 1) + ln((z + b)/z).
        acc += (b / z).ln_1p();
        z += 1.0;
    }
    // The leading Stirling terms of both, subtracted by hand.
    let main = -(z - 0.5) * (b / z).ln_1p() - b * (z + b).ln() + b;
    acc + main + stirling_tail(z) - stirling_tail(z + b)
}

/// The Bernoulli-number terms of Stirling's series, B_{2k} / (2k(2k − 1) z^{2k−1});
/// the first omitted term is below 1e-16 once z ≥ 15.
fn stirling_tail(z: f64) -> f64 {
    let inv = 1.0 / z;
    let inv2 = inv * inv;
    inv * (1.0 / 12.0
        + inv2 * (-1.0 / 360.0 + inv2 * (1.0 / 1260.0 + inv2 * (-1.0 / 1680.0 + inv2 / 1188.0))))
}

/// Complementary error function, through the regularized upper incomplete
/// gamma function: erfc(x) = Q(½, x²) for x ≥ 0.
fn erfc(x: f64) -> f64 {
    if x < 0.0 {
        return 2.0 - erfc(-x);
    }
    gamma_q(0.5, x * x)
}

/// Regularized upper incomplete gamma Q(a, x) for a > 0, x ≥ 0.
fn gamma_q(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let front = (a * x.ln() - x - ln_gamma(a)).exp();
    if x < a + 1.0 {
        // Series for P(a, x), which converges quickly left of the mode.
        let mut term = 1.0 / a;
        let mut sum = term;
        let mut ap = a;
        for _ in 0..MAX_TERMS {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * EPS {
                break;
            }
        }
        1.0 - front * sum
    } else {
        // Continued fraction for Q(a, x), modified Lentz.
        const TINY: f64 = 1e-300;
        let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / guard(b);
        let mut h = d;
        for i in 1..MAX_TERMS {
            let i = i as f64;
            let an = -i * (i - a);
            b += 2.0;
            d = 1.0 / guard(an * d + b);
            c = guard(b + an / c);
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < EPS {
                break;
            }
        }
        front * h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, tol: f64) {
        assert!(
            (actual - expected).abs() <= tol,
            "got {actual}, expected {expected} ± {tol}"
        );
    }

    #[test]
    fn quantiles_match_published_tables() {
        // Two-sided 95 % critical values as printed in standard t tables.
        let table = [
            (1.0, 12.7062),
            (2.0, 4.3027),
            (3.0, 3.1824),
            (5.0, 2.5706),
            (10.0, 2.2281),
            (30.0, 2.0423),
            (120.0, 1.9799),
        ];
        for (df, expected) in table {
            close(t_quantile(0.975, df), expected, 5e-5);
        }
        close(t_quantile(0.95, 4.0), 2.1318, 5e-5);
        close(t_quantile(0.995, 20.0), 2.8453, 5e-5);
        close(t_quantile(0.9, 7.0), 1.4149, 5e-5);
    }

    #[test]
    fn quantiles_match_high_precision_values() {
        // Values computed to many digits (e.g. with arbitrary-precision software).
        close(t_quantile(0.975, 1.0), 12.706_204_736_174_7, 1e-9);
        close(t_quantile(0.975, 2.0), 4.302_652_729_749_46, 1e-9);
        close(t_quantile(0.975, 10.0), 2.228_138_851_986_27, 1e-9);
        close(t_quantile(0.975, 30.0), 2.042_272_456_301_24, 1e-9);
        close(t_quantile(0.975, 1000.0), 1.962_339_080_826_41, 1e-9);
        close(t_quantile(0.9, 7.0), 1.414_923_927_650_51, 1e-9);
    }

    #[test]
    fn large_df_tends_to_the_normal() {
        let z975 = 1.959_963_984_540_054;
        close(t_quantile(0.975, 1e7), z975, 1e-9);
        close(t_quantile(0.975, f64::INFINITY), z975, 1e-9);
        close(t_quantile(0.995, 1e9), 2.575_829_303_548_901, 1e-9);
        // Just below the switch t is still used, and sits slightly above z.
        close(t_quantile(0.975, 1e6), 1.959_966_356_814_107, 1e-9);
        assert!(t_quantile(0.975, 1e6) > z975 + 2e-6);
    }

    #[test]
    fn quantile_is_antisymmetric_and_handles_edges() {
        for df in [1.0, 2.5, 4.0, 17.0, 250.0] {
            // Powers of two, so that 1 − p is exact and the two calls see the same tail.
            for p in [0.0009765625, 0.03125, 0.25, 0.375] {
                assert_eq!(t_quantile(p, df), -t_quantile(1.0 - p, df));
            }
        }
        assert_eq!(t_quantile(0.5, 3.0), 0.0);
        assert_eq!(t_quantile(0.0, 3.0), f64::NEG_INFINITY);
        assert_eq!(t_quantile(1.0, 3.0), f64::INFINITY);
        assert!(t_quantile(1.5, 3.0).is_nan());
        assert!(t_quantile(0.5, 0.0).is_nan());
        assert!(t_quantile(f64::NAN, 3.0).is_nan());
        assert!(t_cdf(1.0, -1.0).is_nan());
    }

    #[test]
    fn cdf_matches_closed_forms() {
        // df = 1 is the Cauchy distribution; df = 2 has F(t) = ½ + t / (2√(2 + t²)).
        for t in [-30.0, -2.0, -0.3, 0.0, 0.7, 5.0, 100.0] {
            close(t_cdf(t, 1.0), 0.5 + t.atan() / PI, 1e-13);
            close(t_cdf(t, 2.0), 0.5 + t / (2.0 * (2.0 + t * t).sqrt()), 1e-13);
        }
        assert_eq!(t_cdf(f64::INFINITY, 5.0), 1.0);
        assert_eq!(t_cdf(f64::NEG_INFINITY, 5.0), 0.0);
        close(t_cdf(1.959_963_984_540_054, f64::INFINITY), 0.975, 1e-14);
        close(t_cdf(-1.0, 1e8), 0.158_655_253_931_457_05, 1e-14);
    }

    #[test]
    fn quantile_inverts_cdf() {
        for df in [1.0, 1.5, 3.0, 8.0, 29.0, 400.0, 5e4, 5e6] {
            for p in [1e-10, 1e-4, 0.025, 0.2, 0.5001, 0.8, 0.975, 0.999_999] {
                let t = t_quantile(p, df);
                close(t_cdf(t, df), p, 1e-12 * p.max(1e-3));
            }
        }
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        let mut factorial = 1.0_f64;
        for n in 1..30 {
            // Γ(n) = (n − 1)!
            close(
                ln_gamma(n as f64),
                factorial.ln(),
                1e-12 * factorial.ln().max(1.0),
            );
            factorial *= n as f64;
        }
        close(ln_gamma(0.5), PI.sqrt().ln(), 1e-14);
        // Γ(a + ½)/Γ(a) ≈ √a (1 − 1/(8a)) for large a, where plain subtraction fails.
        let a = 2.5e6_f64;
        close(
            ln_gamma_ratio(a, 0.5),
            -(0.5 * a.ln() + (-1.0 / (8.0 * a)).ln_1p()),
            5e-15,
        );
        close(ln_gamma_ratio(3.0, 2.0), -(12.0_f64).ln(), 1e-14);
    }
}
