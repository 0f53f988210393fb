//! The war onset rate per year: the mean over replications as a line, its
//! 95 % interval as a band.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::axis::{Axes, draw_band, draw_mean, plot, x_range, y_range};
use super::backend::Chart;
use super::data::{Caption, Interval};
use super::error::ChartError;
use super::frame::{Mark, legend, no_data, page};
use super::style::{Theme, series_color};
use super::text::Key;

/// The data of the onset chart: one point per year (1-based), from `timeseries.csv`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OnsetChart {
    /// `(year, war_onset_rate)` for every simulated year.
    pub years: Vec<(f64, Interval)>,
    /// The caption line.
    pub caption: Caption,
}

impl Chart for OnsetChart {
    fn name(&self) -> &'static str {
        "onset"
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<(), ChartError> {
        let name = self.name();
        let lang = theme.lang;
        let area = page(
            root,
            theme,
            name,
            lang.t(Key::OnsetTitle),
            &self.caption.text(lang),
        )?;
        // A rate cannot be negative: where a t-interval of a rare event reaches
        // below zero, the band stops at zero (timeseries.csv keeps the interval
        // as computed).
        let years: Vec<(f64, Interval)> = self
            .years
            .iter()
            .map(|&(x, iv)| (x, iv.floored(0.0)))
            .collect();
        let (Some(x), Some(y)) = (x_range(&[&years]), y_range(&[&years], true)) else {
            return no_data(&area, theme, name, lang.t(Key::NoData), "");
        };
        let color = series_color(0);
        let area = legend(
            &area,
            theme,
            name,
            &[
                (
                    Mark::Line(color),
                    lang.t(Key::MeanOverReplications).to_string(),
                ),
                (Mark::Band(color), lang.t(Key::Interval95).to_string()),
            ],
        )?;
        let axes = Axes {
            x_desc: lang.t(Key::Year),
            y_desc: lang.t(Key::OnsetY),
            x,
            y,
            x_integer: true,
            y_integer: false,
        };
        let mut chart = plot(&area, theme, name, &axes)?;
        draw_band(&mut chart, name, &years, color)?;
        draw_mean(&mut chart, theme, name, &years, color)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Lang;
    use crate::chart::backend::testkit::check_chart;

    fn caption() -> Caption {
        Caption {
            scenario: "Côte d'Ivoire & Türkiye".into(),
            replications: 20,
            seed: 7,
        }
    }

    #[test]
    fn draws_a_series_with_gaps_at_two_scales() {
        let years = (1..=60)
            .map(|y| {
                let m = 0.3 + 0.1 * (f64::from(y) / 7.0).sin();
                let iv = if y % 17 == 0 {
                    Interval::default()
                } else {
                    Interval::new(m, m - 0.05, m + 0.05)
                };
                (f64::from(y), iv)
            })
            .collect();
        let chart = OnsetChart {
            years,
            caption: caption(),
        };
        let svg = check_chart(&chart, 1.0, Lang::En);
        assert!(svg.contains("War onset rate per year"));
        assert!(svg.contains("Côte d&apos;Ivoire") || svg.contains("Côte d'Ivoire"));
        check_chart(&chart, 0.5, Lang::Id);
    }

    #[test]
    fn the_band_stops_at_zero() {
        // Rare wars: intervals reaching far below zero.
        let years = (1..=30)
            .map(|y| (f64::from(y), Interval::new(0.02, -0.2, 0.3)))
            .collect();
        let chart = OnsetChart {
            years,
            caption: caption(),
        };
        let svg = check_chart(&chart, 1.0, Lang::En);
        // No negative tick on the rate axis.
        let negative_tick = |l: &str| l.trim().parse::<f64>().is_ok_and(|v| v < 0.0);
        assert!(!svg.lines().any(negative_tick), "{svg}");
        let unclamped = super::y_range(&[&chart.years], true).unwrap();
        assert!(unclamped.start < -0.1, "the data do reach below zero");
    }

    #[test]
    fn empty_or_absent_data_gives_a_no_data_note() {
        let empty = OnsetChart {
            years: vec![],
            caption: caption(),
        };
        assert!(check_chart(&empty, 1.0, Lang::En).contains("No data"));
        let absent = OnsetChart {
            years: vec![(1.0, Interval::default()), (2.0, Interval::default())],
            caption: caption(),
        };
        assert!(check_chart(&absent, 1.0, Lang::Id).contains("Tidak ada data"));
    }

    #[test]
    fn one_year_and_a_constant_series_draw() {
        let one = OnsetChart {
            years: vec![(1.0, Interval::new(0.0, 0.0, 0.0))],
            caption: caption(),
        };
        check_chart(&one, 1.0, Lang::En);
        let odd = OnsetChart {
            years: vec![
                (1.0, Interval::new(f64::NAN, f64::INFINITY, 1.0)),
                (2.0, Interval::new(1.0, 0.5, 1.5)),
            ],
            caption: caption(),
        };
        check_chart(&odd, 1.0, Lang::En);
    }
}
