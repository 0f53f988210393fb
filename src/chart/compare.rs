//! Comparisons of configurations (e.g. a scenario's variants): one metric's
//! mean and 95 % interval per configuration, and the onset-rate series of
//! several configurations overlaid.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::axis::{Axes, draw_band, draw_mean, draw_mean_width, plot, x_range, y_range};
use super::backend::Chart;
use super::data::{Caption, Interval};
use super::error::ChartError;
use super::frame::{Mark, legend, no_data, page, panel_title};
use super::rows::{Row, dot_rows};
use super::style::{DARK_GREY, GREY, LIGHT_GREY, Theme, series_color};
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
    /// Years in the centred moving average drawn (1: the yearly values).
    pub window: usize,
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
            .map(|(_, s)| {
                smoothed(s, self.window)
                    .into_iter()
                    .map(|(x, iv)| (x, iv.floored(0.0)))
                    .collect()
            })
            .collect();
        let all: Vec<&[(f64, Interval)]> = series.iter().map(Vec::as_slice).collect();
        let (Some(x), Some(y)) = (x_range(&all), y_range(&all, true)) else {
            return no_data(&area, theme, name, lang.t(Key::NoData), "");
        };
        // One panel per configuration on shared axes (small multiples): bands
        // laid over each other hide one another. Each panel repeats the other
        // configurations' means in thin grey, for comparison.
        let mut items: Vec<(Mark, String)> =
            vec![(Mark::Band(GREY), lang.t(Key::Interval95).to_string())];
        if self.window > 1 {
            items.insert(0, (Mark::Line(DARK_GREY), lang.moving_average(self.window)));
        }
        if all.len() > 1 {
            items.push((
                Mark::Line(LIGHT_GREY),
                lang.t(Key::OtherConfigurations).to_string(),
            ));
        }
        let area = legend(&area, theme, name, &items)?;
        let n = all.len();
        let cols = match n {
            0..=3 => n.max(1),
            4 => 2,
            _ => 3,
        };
        let rows = n.div_ceil(cols);
        let panels = area.split_evenly((rows, cols));
        for (i, panel) in panels.iter().enumerate().take(n) {
            let panel = panel.margin(0, theme.px(14.0), 0, theme.px(14.0));
            let panel = panel_title(&panel, theme, name, &self.series[i].0)?;
            let axes = Axes {
                x_desc: lang.t(Key::Year),
                y_desc: if i % cols == 0 {
                    lang.t(Key::OnsetYShort)
                } else {
                    ""
                },
                x: x.clone(),
                y: y.clone(),
                x_integer: true,
                y_integer: false,
            };
            let mut chart = plot(&panel, theme, name, &axes)?;
            for (j, s) in all.iter().enumerate() {
                if j != i {
                    let thin = theme.thin_width();
                    draw_mean_width(&mut chart, theme, name, s, LIGHT_GREY, thin)?;
                }
            }
            draw_band(&mut chart, name, all[i], series_color(i))?;
            draw_mean(&mut chart, theme, name, all[i], series_color(i))?;
        }
        Ok(())
    }
}

/// The centred moving average over `window` years (fewer at the ends) of the
/// means and of the interval's ends. Averaging the ends gives a band never
/// narrower than the interval of the window's own mean would be: the standard
/// deviation of a mean of estimates is at most the mean of their standard
/// deviations, whatever their correlation.
fn smoothed(s: &[(f64, Interval)], window: usize) -> Vec<(f64, Interval)> {
    if window <= 1 {
        return s.to_vec();
    }
    let half = window / 2;
    let avg = |xs: &mut dyn Iterator<Item = Option<f64>>| {
        let (mut sum, mut n) = (0.0, 0u32);
        for x in xs.flatten().filter(|x| x.is_finite()) {
            sum += x;
            n += 1;
        }
        (n > 0).then(|| sum / f64::from(n))
    };
    (0..s.len())
        .map(|t| {
            let w = &s[t.saturating_sub(half)..(t + window - half).min(s.len())];
            let iv = Interval {
                mean: avg(&mut w.iter().map(|(_, iv)| iv.mean())),
                lo: avg(&mut w.iter().map(|(_, iv)| iv.bounds().map(|b| b.0))),
                hi: avg(&mut w.iter().map(|(_, iv)| iv.bounds().map(|b| b.1))),
            };
            (s[t].0, iv)
        })
        .collect()
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
            window: 5,
            caption: caption(),
        };
        let svg = check_chart(&chart, 1.0, Lang::En);
        assert!(svg.contains("variant 2"));
        assert!(svg.contains("moving average over 5 years"));
        assert!(
            check_chart(&CompareSeriesChart::default(), 1.0, Lang::Id).contains("Tidak ada data")
        );
    }

    #[test]
    fn a_moving_average_smooths_means_and_never_narrows_the_band() {
        let s: Vec<(f64, Interval)> = (0..9)
            .map(|y| {
                let m = if y % 2 == 0 { 1.0 } else { 3.0 };
                (f64::from(y), Interval::new(m, m - 0.5, m + 1.0))
            })
            .collect();
        assert_eq!(smoothed(&s, 1), s);
        let m = smoothed(&s, 3);
        assert_eq!(m.len(), 9);
        // Inside: (3 + 1 + 3) / 3 or (1 + 3 + 1) / 3; the ends average two years.
        assert!((m[1].1.mean().unwrap() - 5.0 / 3.0).abs() < 1e-12);
        assert!((m[2].1.mean().unwrap() - 7.0 / 3.0).abs() < 1e-12);
        assert!((m[0].1.mean().unwrap() - 2.0).abs() < 1e-12);
        for (_, iv) in &m {
            let (lo, hi) = iv.bounds().unwrap();
            assert!(
                (hi - lo - 1.5).abs() < 1e-12,
                "the band keeps the yearly width"
            );
        }
        // Absent years are left out of the averages, not counted as zero.
        let mut gap = s.clone();
        gap[4].1 = Interval::default();
        assert!((smoothed(&gap, 3)[4].1.mean().unwrap() - 3.0).abs() < 1e-12);
    }
}
