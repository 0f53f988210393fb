//! A calibration's design over two of its parameters: every point of the
//! design, the accepted ones marked, the closest one ringed.

use plotters::coord::Shift;
use plotters::element::Circle;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::Color;

use super::axis::{Axes, bounds, padded, plot};
use super::backend::Chart;
use super::error::{ChartError, drawing};
use super::frame::{Mark, legend, no_data, page};
use super::style::{GREY, Theme, okabe_ito};
use super::text::Key;

/// Two parameters of a calibration and its points.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CalibrationChart {
    /// The first parameter (x axis).
    pub x_parameter: String,
    /// The second parameter (y axis).
    pub y_parameter: String,
    /// `(x, y, accepted)` for every point of the design.
    pub points: Vec<(f64, f64, bool)>,
    /// The closest point.
    pub best: Option<(f64, f64)>,
    /// What was calibrated, under the title.
    pub caption: String,
}

impl Chart for CalibrationChart {
    fn name(&self) -> &'static str {
        "calibration"
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
            lang.t(Key::CalibrationTitle),
            &self.caption,
        )?;
        let finite: Vec<(f64, f64, bool)> = self
            .points
            .iter()
            .copied()
            .filter(|(x, y, _)| x.is_finite() && y.is_finite())
            .collect();
        let (Some((x0, x1)), Some((y0, y1))) = (
            bounds(finite.iter().map(|p| p.0)),
            bounds(finite.iter().map(|p| p.1)),
        ) else {
            return no_data(&area, theme, name, lang.t(Key::NoData), "");
        };
        let accepted = okabe_ito::BLUE;
        let best = okabe_ito::VERMILLION;
        let area = legend(
            &area,
            theme,
            name,
            &[
                (Mark::Dot(GREY), lang.t(Key::CalibrationPoint).to_string()),
                (
                    Mark::Dot(accepted),
                    lang.t(Key::CalibrationAccepted).to_string(),
                ),
                (Mark::Dot(best), lang.t(Key::CalibrationBest).to_string()),
            ],
        )?;
        let axes = Axes {
            x_desc: &self.x_parameter,
            y_desc: &self.y_parameter,
            x: padded(x0, x1, 0.04, false),
            y: padded(y0, y1, 0.04, false),
            x_integer: false,
            y_integer: false,
        };
        let mut chart = plot(&area, theme, name, &axes)?;
        // Rejected points first, so the accepted ones are drawn over them.
        for keep in [false, true] {
            let color = if keep { accepted } else { GREY };
            chart
                .draw_series(
                    finite
                        .iter()
                        .filter(|p| p.2 == keep)
                        .map(|&(x, y, _)| Circle::new((x, y), theme.px(5.0), color.filled())),
                )
                .map_err(drawing(name))?;
        }
        if let Some((x, y)) = self.best.filter(|(x, y)| x.is_finite() && y.is_finite()) {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (x, y),
                    theme.px(10.0),
                    best.stroke_width(theme.px(3.0).max(1) as u32),
                )))
                .map_err(drawing(name))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Lang;
    use crate::chart::backend::testkit::check_chart;

    #[test]
    fn draws_the_design_and_marks_what_was_accepted() {
        let points = (0..20)
            .map(|k| {
                (
                    0.2 + 0.02 * k as f64,
                    0.3 + 0.03 * ((k * 7) % 20) as f64,
                    k % 5 == 0,
                )
            })
            .collect();
        let chart = CalibrationChart {
            x_parameter: "model.dispute_rate".into(),
            y_parameter: "model.war_persistence".into(),
            points,
            best: Some((0.2, 0.3)),
            caption: "Europe, 1914 against 1816–1913".into(),
        };
        let svg = check_chart(&chart, 1.0, Lang::En);
        for s in [
            "model.dispute_rate",
            "model.war_persistence",
            "accepted",
            "1816–1913",
        ] {
            assert!(svg.contains(s), "{s}");
        }
        let svg = check_chart(&chart, 0.6, Lang::Id);
        assert!(svg.contains("diterima"), "Indonesian legend");
        check_chart(&CalibrationChart::default(), 1.0, Lang::En);
    }
}
