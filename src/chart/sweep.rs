//! Sweeps: a metric against one parameter as a line with its 95 % band, and a
//! metric over a two-parameter grid as a heatmap.
//!
//! The heatmap uses a viridis-like sequential scale: it is readable with the
//! common colour-vision deficiencies and in greyscale, which a categorical
//! palette like Okabe–Ito cannot be for a continuous quantity.

use plotters::chart::ChartBuilder;
use plotters::coord::Shift;
use plotters::element::{Circle, Rectangle};
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor, WHITE};

use super::axis::{Axes, bounds, decimals, draw_band, draw_mean, padded, plot, y_range};
use super::backend::Chart;
use super::data::{Caption, Interval};
use super::error::{ChartError, drawing};
use super::frame::{Mark, legend, no_data, page, text};
use super::style::{DARK_GREY, INK, LIGHT_GREY, Theme, series_color};
use super::text::Key;

/// Largest grid whose cells carry their value as text.
const MAX_LABELLED_CELLS: usize = 144;

/// A metric against one parameter.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SweepChart {
    /// The parameter's name (x axis).
    pub parameter: String,
    /// The metric's name (title).
    pub metric: String,
    /// The y axis description with its unit.
    pub unit: String,
    /// `(parameter value, estimate)`, in any order.
    pub points: Vec<(f64, Interval)>,
    /// The caption line.
    pub caption: Caption,
}

impl Chart for SweepChart {
    fn name(&self) -> &'static str {
        "sweep"
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
            &lang.sweep_title(&self.metric, &self.parameter),
            &self.caption.text(lang),
        )?;
        let mut points: Vec<(f64, Interval)> = self
            .points
            .iter()
            .copied()
            .filter(|(x, _)| x.is_finite())
            .collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        let xb = bounds(points.iter().map(|p| p.0));
        let (Some((x0, x1)), Some(y)) = (xb, y_range(&[&points], false)) else {
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
        let x_desc = lang.parameter_axis(&self.parameter);
        let axes = Axes {
            x_desc: &x_desc,
            y_desc: &self.unit,
            x: padded(x0, x1, 0.03, false),
            y,
            x_integer: false,
            y_integer: false,
        };
        let mut chart = plot(&area, theme, name, &axes)?;
        draw_band(&mut chart, name, &points, color)?;
        draw_mean(&mut chart, theme, name, &points, color)?;
        chart
            .draw_series(points.iter().filter_map(|(x, iv)| {
                iv.mean()
                    .map(|m| Circle::new((*x, m), theme.px(6.0), color.filled()))
            }))
            .map_err(drawing(name))?;
        Ok(())
    }
}

/// A metric over a grid of two parameters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeatmapChart {
    /// The first parameter's name (x axis).
    pub x_parameter: String,
    /// The second parameter's name (y axis).
    pub y_parameter: String,
    /// The metric's name (title).
    pub metric: String,
    /// The metric's unit, under the colour scale.
    pub unit: String,
    /// Values of the first parameter, left to right.
    pub xs: Vec<f64>,
    /// Values of the second parameter, bottom to top.
    pub ys: Vec<f64>,
    /// Mean of the metric per cell: `values[j][i]` at `(xs[i], ys[j])`; missing rows or cells are absent.
    pub values: Vec<Vec<Option<f64>>>,
    /// The caption line.
    pub caption: Caption,
}

impl HeatmapChart {
    fn value(&self, i: usize, j: usize) -> Option<f64> {
        self.values
            .get(j)
            .and_then(|row| row.get(i))
            .copied()
            .flatten()
            .filter(|v| v.is_finite())
    }
}

/// A colour on the viridis scale for `t` in 0..=1.
pub fn viridis(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 5] = [
        (68.0, 1.0, 84.0),
        (59.0, 82.0, 139.0),
        (33.0, 144.0, 140.0),
        (93.0, 200.0, 99.0),
        (253.0, 231.0, 37.0),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * (STOPS.len() - 1) as f64;
    let k = (pos.floor() as usize).min(STOPS.len() - 2);
    let f = pos - k as f64;
    let (a, b) = (STOPS[k], STOPS[k + 1]);
    let mix = |x: f64, y: f64| (x + (y - x) * f).round().clamp(0.0, 255.0) as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

impl Chart for HeatmapChart {
    fn name(&self) -> &'static str {
        "heatmap"
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
            &lang.heatmap_title(&self.metric, &self.x_parameter, &self.y_parameter),
            &self.caption.text(lang),
        )?;
        let (nx, ny) = (self.xs.len(), self.ys.len());
        let cells = (0..nx).flat_map(|i| (0..ny).map(move |j| (i, j)));
        let Some((lo, hi)) = bounds(cells.clone().filter_map(|(i, j)| self.value(i, j))) else {
            return no_data(&area, theme, name, lang.t(Key::NoData), "");
        };
        let (w, _) = area.dim_in_pixel();
        let bar_w = theme.px(230.0);
        let (grid, scale) = area.split_horizontally(w as i32 - bar_w);
        let xs = self.xs.clone();
        let ys = self.ys.clone();
        let xd = exact_decimals(&xs);
        let yd = exact_decimals(&ys);
        let x_fmt = move |v: &f64| index_label(&xs, *v, xd, lang);
        let y_fmt = move |v: &f64| index_label(&ys, *v, yd, lang);
        let mut chart = ChartBuilder::on(&grid)
            .margin_right(theme.px(20.0))
            .margin_top(theme.px(10.0))
            .x_label_area_size(theme.px(84.0))
            .y_label_area_size(theme.px(128.0))
            .build_cartesian_2d(-0.5..(nx as f64 - 0.5), -0.5..(ny as f64 - 0.5))
            .map_err(drawing(name))?;
        chart
            .configure_mesh()
            .x_desc(lang.parameter_axis(&self.x_parameter))
            .y_desc(lang.parameter_axis(&self.y_parameter))
            .axis_desc_style(theme.axis_font().color(&INK))
            .label_style(theme.label_font().color(&INK))
            .axis_style(INK.stroke_width(theme.thin_width()))
            .disable_mesh()
            .set_all_tick_mark_size(theme.px(6.0))
            .x_labels(nx.clamp(1, 12))
            .y_labels(ny.clamp(1, 12))
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .draw()
            .map_err(drawing(name))?;
        let range = (hi - lo).max(f64::MIN_POSITIVE);
        let t_of = |v: f64| if hi > lo { (v - lo) / range } else { 0.5 };
        let err = drawing(name);
        chart
            .draw_series(cells.clone().map(|(i, j)| {
                let color = self.value(i, j).map_or(LIGHT_GREY, |v| viridis(t_of(v)));
                let (x, y) = (i as f64, j as f64);
                Rectangle::new([(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)], color.filled())
            }))
            .map_err(&err)?;
        if nx * ny <= MAX_LABELLED_CELLS {
            let vd = decimals(range).clamp(1, 4);
            let (bx, by) = grid.get_base_pixel();
            for (i, j) in cells {
                let (px, py) = chart.backend_coord(&(i as f64, j as f64));
                let (label, color) = match self.value(i, j) {
                    // Dark text on the light (yellow) end, white on the dark end.
                    Some(v) => (lang.number(v, vd), if t_of(v) > 0.6 { INK } else { WHITE }),
                    None => ("—".to_string(), DARK_GREY),
                };
                text(
                    &grid,
                    name,
                    &label,
                    (px - bx, py - by),
                    &theme.small_font(),
                    color,
                    (HPos::Center, VPos::Center),
                )?;
            }
        }
        colour_scale(&scale, theme, name, lo, hi, &self.unit)
    }
}

/// The fewest decimals (up to 4) that show every grid value as it is, so
/// 0.25 is never labelled 0.2.
fn exact_decimals(values: &[f64]) -> usize {
    (0..4)
        .find(|&d| {
            let f = 10f64.powi(d as i32);
            values
                .iter()
                .filter(|v| v.is_finite())
                .all(|v| ((v * f).round() / f - v).abs() <= 1e-9 * v.abs().max(1.0))
        })
        .unwrap_or(4)
}

/// The parameter value at grid index `v`, or nothing between cells.
fn index_label(values: &[f64], v: f64, decimals: usize, lang: super::text::Lang) -> String {
    let r = v.round();
    if (v - r).abs() > 1e-6 || r < 0.0 {
        return String::new();
    }
    values
        .get(r as usize)
        .map(|x| lang.number(*x, decimals))
        .unwrap_or_default()
}

/// A vertical colour bar from `lo` (bottom) to `hi` (top) with the unit above it.
fn colour_scale<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    name: &'static str,
    lo: f64,
    hi: f64,
    unit: &str,
) -> Result<(), ChartError> {
    let lang = theme.lang;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let (unit, uf) = super::frame::fit(area, unit, theme.small_font(), w - theme.px(10.0));
    text(
        area,
        name,
        &unit,
        (theme.px(10.0), theme.px(10.0)),
        &uf,
        INK,
        (HPos::Left, VPos::Top),
    )?;
    let top = theme.px(60.0);
    let bottom = h - theme.px(100.0);
    let left = theme.px(20.0);
    let right = left + theme.px(40.0);
    let steps = (bottom - top).max(1);
    let err = drawing(name);
    for k in 0..steps {
        let t = 1.0 - f64::from(k) / f64::from(steps);
        area.draw(&Rectangle::new(
            [(left, top + k), (right, top + k + 1)],
            viridis(t).filled(),
        ))
        .map_err(&err)?;
    }
    let d = decimals(hi - lo).clamp(1, 4);
    for (v, y) in [
        (hi, top),
        ((lo + hi) / 2.0, (top + bottom) / 2),
        (lo, bottom),
    ] {
        text(
            area,
            name,
            &lang.number(v, d),
            (right + theme.px(10.0), y),
            &theme.label_font(),
            INK,
            (HPos::Left, VPos::Center),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Lang;
    use crate::chart::backend::testkit::check_chart;

    #[test]
    fn grid_labels_keep_every_decimal() {
        assert_eq!(exact_decimals(&[0.0, 0.25, 0.5]), 2);
        assert_eq!(exact_decimals(&[1.0, 2.0, 10.0]), 0);
        assert_eq!(exact_decimals(&[0.1, 0.2]), 1);
        assert_eq!(exact_decimals(&[1.0 / 3.0]), 4);
    }

    #[test]
    fn viridis_runs_from_purple_to_yellow() {
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
        assert_eq!(viridis(f64::NAN), viridis(0.0));
        assert_eq!(viridis(7.0), viridis(1.0));
    }

    #[test]
    fn sweep_line_draws_unsorted_points() {
        let points = [0.9, 0.1, 0.5, 0.3, 0.7]
            .iter()
            .map(|&r| {
                (
                    r,
                    Interval::new(0.5 - 0.4 * r, 0.45 - 0.4 * r, 0.55 - 0.4 * r),
                )
            })
            .collect();
        let chart = SweepChart {
            parameter: "alliances.*.reliability".into(),
            metric: "war_onset_rate".into(),
            unit: "wars begun per 100 state-years".into(),
            points,
            caption: Caption::default(),
        };
        let svg = check_chart(&chart, 1.0, Lang::En);
        assert!(svg.contains("War onset rate as the reliability of every alliance varies"));
        assert!(svg.contains("reliability of every alliance (alliances.*.reliability)"));
        check_chart(&chart, 1.0, Lang::Id);
        assert!(check_chart(&SweepChart::default(), 1.0, Lang::En).contains("No data"));
    }

    #[test]
    fn heatmap_draws_with_absent_cells_and_ragged_rows() {
        let xs = vec![0.0, 0.25, 0.5, 0.75, 1.0];
        let ys = vec![0.1, 0.2, 0.4];
        let values = vec![
            xs.iter().map(|x| Some(x * 2.0)).collect(),
            vec![Some(0.5), None, Some(f64::NAN)],
            xs.iter().map(|x| Some(x + 0.3)).collect(),
        ];
        let chart = HeatmapChart {
            x_parameter: "alliances.*.reliability".into(),
            y_parameter: "model.perception_noise".into(),
            metric: "war_onset_rate".into(),
            unit: "wars per 100 state-years".into(),
            xs,
            ys,
            values,
            caption: Caption::default(),
        };
        let svg = check_chart(&chart, 1.0, Lang::En);
        assert!(svg.contains("—"));
        check_chart(&chart, 0.5, Lang::Id);
        assert!(check_chart(&HeatmapChart::default(), 1.0, Lang::En).contains("No data"));
        let constant = HeatmapChart {
            xs: vec![1.0],
            ys: vec![1.0],
            values: vec![vec![Some(3.0)]],
            ..HeatmapChart::default()
        };
        check_chart(&constant, 1.0, Lang::En);
    }
}
