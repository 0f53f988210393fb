//! Comparisons of configurations (e.g. a scenario's variants): one metric's
//! mean and 95 % interval per configuration, and the onset-rate series of
//! several configurations overlaid.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::axis::{Axes, draw_band, draw_mean, plot, x_range, y_range};
use super::backend::Chart;
use super::data::{Caption, Interval};
use super::error::ChartError;
use super::frame::{Mark, legend, no_data, page};
use super::rows::{Row, dot_rows};
use super::style::{GREY, Theme, series_color};
use super::text::Key;

/// One metric across configurations: a dot and error bar per configuration.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompareBarsChart {
    /// The metric's name (e.g. `war_onset_rate`), shown in the title.
    pub metric: String,
    /// The axis description with its unit (e.g. "wars begun per 100 state-years").
    pub unit: String,
    /// `(configuration, estimate)` in display order, top to bottom.
    pub rows: Vec<(String, Interval)>,
    /// The caption line.
    pub caption: Caption,
}

impl Chart for CompareBarsChart {
    fn name(&self) -> &'static str {
        "compare"
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
            &lang.compare_title(&self.metric),
            &self.caption.text(lang),
        )?;
        if self.rows.iter().all(|(_, iv)| iv.values().next().is_none()) {
            return no_data(&area, theme, name, lang.t(Key::NoData), "");
        }
        let area = legend(
            &area,
            theme,
            name,
            &[
                (
                    Mark::Dot(GREY),
                    lang.t(Key::MeanOverReplications).to_string(),
                ),
                (Mark::Line(GREY), lang.t(Key::Interval95).to_string()),
            ],
        )?;
        let rows: Vec<Row<'_>> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, (label, value))| Row {
                label,
                value: *value,
                color: series_color(i),
                band: None,
            })
            .collect();
        dot_rows(&area, theme, name, &self.unit, &rows, true)
    }
}

/// Yearly series of several configurations overlaid, each with its band.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompareSeriesChart {
    /// `(configuration, [(year, estimate)])`.
    pub series: Vec<(String, Vec<(f64, Interval)>)>,
    /// The caption line.
    pub caption: Caption,
}

impl Chart for CompareSeriesChart {
    fn name(&self) -> &'static str {
        "compare_onset"
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
            lang.t(Key::CompareSeriesTitle),
            &self.caption.text(lang),
        )?;
        // Onset rates cannot be negative: bands stop at zero, as in the run's onset chart.
        let series: Vec<Vec<(f64, Interval)>> = self
            .series
            .iter()
            .map(|(_, s)| s.iter().map(|&(x, iv)| (x, iv.floored(0.0))).collect())
            .collect();
        let all: Vec<&[(f64, Interval)]> = series.iter().map(Vec::as_slice).collect();
        let (Some(x), Some(y)) = (x_range(&all), y_range(&all, true)) else {
            return no_data(&area, theme, name, lang.t(Key::NoData), "");
        };
        let items: Vec<(Mark, String)> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, (label, _))| (Mark::Line(series_color(i)), label.clone()))
            .chain(std::iter::once((
                Mark::Band(GREY),
                lang.t(Key::Interval95).to_string(),
            )))
            .collect();
        let area = legend(&area, theme, name, &items)?;
        let axes = Axes {
            x_desc: lang.t(Key::Year),
            y_desc: lang.t(Key::OnsetY),
            x,
            y,
            x_integer: true,
            y_integer: false,
        };
        let mut chart = plot(&area, theme, name, &axes)?;
        for (i, s) in all.iter().enumerate() {
            draw_band(&mut chart, name, s, series_color(i))?;
        }
        for (i, s) in all.iter().enumerate() {
            draw_mean(&mut chart, theme, name, s, series_color(i))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Lang;
    use crate::chart::backend::testkit::check_chart;

    fn caption() -> Caption {
        Caption {
            scenario: "Two blocs".into(),
            replications: 200,
            seed: 42,
        }
    }

    #[test]
    fn bars_draw_every_configuration() {
        let chart = CompareBarsChart {
            metric: "war_onset_rate".into(),
            unit: "wars begun per 100 state-years".into(),
            rows: vec![
                ("baseline".into(), Interval::new(0.069, 0.061, 0.076)),
                ("no alliances".into(), Interval::new(0.43, 0.40, 0.46)),
                ("reliable".into(), Interval::new(0.05, 0.045, 0.055)),
                (
                    "a configuration with a very long name indeed, longer than any label should be"
                        .into(),
                    Interval::new(-0.01, -0.02, 0.0),
                ),
                ("absent".into(), Interval::default()),
            ],
            caption: caption(),
        };
        let svg = check_chart(&chart, 1.0, Lang::En);
        for s in [
            "baseline",
            "no alliances",
            "reliable",
            "War onset rate by configuration",
        ] {
            assert!(svg.contains(s), "{s}");
        }
        check_chart(&chart, 0.5, Lang::Id);
    }

    #[test]
    fn bars_without_values_are_a_note() {
        let chart = CompareBarsChart {
            metric: "honour_rate".into(),
            rows: vec![("a".into(), Interval::default())],
            ..CompareBarsChart::default()
        };
        assert!(check_chart(&chart, 1.0, Lang::En).contains("No data"));
        assert!(check_chart(&CompareBarsChart::default(), 1.0, Lang::En).contains("No data"));
    }

    #[test]
    fn series_overlay_draws() {
        let series = (0..3)
            .map(|k| {
                let pts = (1..=40)
                    .map(|y| {
                        let m = 0.1 * f64::from(k + 1) + 0.001 * f64::from(y);
                        (f64::from(y), Interval::new(m, m - 0.02, m + 0.02))
                    })
                    .collect();
                (format!("variant {k}"), pts)
            })
            .collect();
        let chart = CompareSeriesChart {
            series,
            caption: caption(),
        };
        let svg = check_chart(&chart, 1.0, Lang::En);
        assert!(svg.contains("variant 2"));
        assert!(
            check_chart(&CompareSeriesChart::default(), 1.0, Lang::Id).contains("Tidak ada data")
        );
    }
}
