//! Student's t quantiles, for the 95 % intervals of every table.
//!
//! Below [`EXPANSION_DF`] degrees of freedom the quantile is `statrs`'s, which
//! inverts the regularized incomplete beta function. Past that the inversion
//! loses digits: it solves for x = df/(df + t²), which sits ever closer to 1,
//! and t then depends on 1 − x (a relative error of 3e-7 at 30 000 degrees of
//! freedom, 2 % at the ten million replications a run may have). There the
//! Cornish–Fisher expansion of t around the normal quantile (Abramowitz &
//! Stegun 26.7.5, four terms) is used instead: its first omitted term is below
//! 1e-15 of the value from 1000 degrees of freedom on.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// Degrees of freedom from which the expansion replaces the incomplete-beta inversion.
pub const EXPANSION_DF: f64 = 1000.0;

/// Quantile of Student's t with `df` degrees of freedom: the `t` with P(T ≤ t) = `p`.
///
/// `p` = 0 and 1 give −∞ and +∞; NaN comes back for `p` outside [0, 1], for NaN
/// arguments and for `df` ≤ 0; `df` = ∞ gives the normal quantile.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    // The range check also turns a NaN `p` away; `statrs` would panic on it.
    if !(0.0..=1.0).contains(&p) || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    if df < EXPANSION_DF {
        StudentsT::new(0.0, 1.0, df).map_or(f64::NAN, |t| t.inverse_cdf(p))
    } else {
        expansion(p, df)
    }
}

/// The Cornish–Fisher expansion of t(p, df) in powers of 1/df, to the fourth.
fn expansion(p: f64, df: f64) -> f64 {
    let z = Normal::new(0.0, 1.0).map_or(f64::NAN, |n| n.inverse_cdf(p));
    let z2 = z * z;
    let g1 = z * (z2 + 1.0) / 4.0;
    let g2 = z * ((5.0 * z2 + 16.0) * z2 + 3.0) / 96.0;
    let g3 = z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) / 384.0;
    let g4 = z * ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) / 92160.0;
    z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df
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
        // Values solved to 40 digits with arbitrary-precision software.
        close(t_quantile(0.975, 1.0), 12.706_204_736_174_705, 1e-12);
        close(t_quantile(0.975, 2.0), 4.302_652_729_749_464, 1e-12);
        close(t_quantile(0.975, 5.0), 2.570_581_835_636_316, 1e-12);
        close(t_quantile(0.975, 10.0), 2.228_138_851_986_275, 1e-12);
        close(t_quantile(0.975, 30.0), 2.042_272_456_301_238, 1e-12);
        close(t_quantile(0.975, 120.0), 1.979_930_405_082_441, 1e-12);
        close(t_quantile(0.975, 1000.0), 1.962_339_080_826_408, 1e-14);
        close(t_quantile(0.9, 7.0), 1.414_923_927_650_508, 1e-12);
    }

    #[test]
    fn large_df_tends_to_the_normal() {
        let z975 = 1.959_963_984_540_054;
        close(t_quantile(0.975, 30_000.0), 1.960_043_063_383_935, 1e-14);
        close(t_quantile(0.975, 1e6), 1.959_966_356_814_107, 1e-14);
        close(t_quantile(0.975, 1e7), 1.959_964_221_767_205, 1e-14);
        close(t_quantile(0.975, f64::INFINITY), z975, 1e-15);
        close(t_quantile(0.995, 1e9), 2.575_829_308_465_448, 1e-14);
        assert!(t_quantile(0.975, 1e7) > z975);
    }

    #[test]
    fn the_two_methods_meet_at_the_switch() {
        // No step where one method hands over to the other: the fall of t from
        // 999 to 1000 degrees of freedom is the exact one, to 1e-12.
        let below = t_quantile(0.975, EXPANSION_DF - 1.0);
        let at = t_quantile(0.975, EXPANSION_DF);
        close(below, 1.962_341_461_133_45, 1e-12);
        close(below - at, 2.380_307_041_494e-6, 1e-12);
    }

    #[test]
    fn quantile_is_antisymmetric_and_handles_edges() {
        for df in [1.0, 2.5, 4.0, 17.0, 250.0, 5000.0] {
            for p in [0.0009765625, 0.03125, 0.25, 0.375] {
                close(t_quantile(p, df), -t_quantile(1.0 - p, df), 1e-12);
            }
        }
        close(t_quantile(0.5, 3.0), 0.0, 1e-15);
        assert_eq!(t_quantile(0.0, 3.0), f64::NEG_INFINITY);
        assert_eq!(t_quantile(1.0, 3.0), f64::INFINITY);
        assert_eq!(t_quantile(1.0, 1e6), f64::INFINITY);
        assert!(t_quantile(1.5, 3.0).is_nan());
        assert!(t_quantile(-0.1, 3.0).is_nan());
        assert!(t_quantile(0.5, 0.0).is_nan());
        assert!(t_quantile(0.5, -1.0).is_nan());
        assert!(t_quantile(f64::NAN, 3.0).is_nan());
        assert!(t_quantile(0.975, f64::NAN).is_nan());
    }
}
