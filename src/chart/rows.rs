//! Rows of dots with 95 % error bars against a numeric axis, one labelled row
//! per item: the layout shared by comparison charts and the claims forest plot.

use plotters::chart::ChartBuilder;
use plotters::coord::Shift;
use plotters::element::{Circle, PathElement};
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor};

use super::axis::{bounds, decimals, padded};
use super::data::Interval;
use super::error::{ChartError, drawing};
use super::frame::{fit, text, text_width};
use super::style::{DARK_GREY, INK, LIGHT_GREY, Theme};

/// One row: a label, an estimate with its interval, and a colour.
pub(crate) struct Row<'a> {
    /// Shown left of the plot.
    pub label: &'a str,
    /// The estimate.
    pub value: Interval,
    /// Colour of the dot and the bar.
    pub color: RGBColor,
    /// A range shaded behind the row (the forest plot's ±δ), if any.
    pub band: Option<(f64, f64)>,
}

/// Draws `rows` top to bottom in `area`, with `x_desc` under the axis and,
/// when `zero_line` is set, a line at zero (no effect).
pub(crate) fn dot_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    name: &'static str,
    x_desc: &str,
    rows: &[Row<'_>],
    zero_line: bool,
) -> Result<(), ChartError> {
    let lang = theme.lang;
    let (w, _) = area.dim_in_pixel();
    let font = theme.label_font();
    let max_label = (w as i32) * 30 / 100;
    let labels: Vec<(String, plotters::style::FontDesc<'static>)> = rows
        .iter()
        .map(|r| fit(area, r.label, font.clone(), max_label))
        .collect();
    let label_w = labels
        .iter()
        .map(|(s, f)| text_width(s, f))
        .max()
        .unwrap_or(0);
    // Bands widen the axis only as far as the estimates themselves reach, so a
    // wide band on one row does not squash the others.
    let (lo, hi) = bounds(rows.iter().flat_map(|r| r.value.values())).unwrap_or((0.0, 1.0));
    let x = padded(lo, hi, 0.08, zero_line);
    let n = rows.len().max(1) as f64;
    let mut chart = ChartBuilder::on(area)
        .margin_right(theme.px(30.0))
        .margin_top(theme.px(10.0))
        .x_label_area_size(theme.px(84.0))
        .y_label_area_size(label_w + theme.px(24.0))
        .build_cartesian_2d(x.clone(), -0.6..(n - 0.4))
        .map_err(drawing(name))?;
    let xd = decimals(x.end - x.start);
    let x_fmt = move |v: &f64| lang.number(*v, xd);
    // The description is centred under the plot: it may reach as far right as
    // the right margin and as far left again, and no further (a long unit in
    // Indonesian would otherwise run off the picture).
    let right = theme.px(30.0);
    let plot = w as i32 - (label_w + theme.px(24.0)) - right;
    let (x_desc, desc_font) = fit(
        area,
        x_desc,
        theme.axis_font(),
        plot + 2 * right - theme.px(8.0),
    );
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .axis_desc_style(desc_font.color(&INK))
        .label_style(theme.label_font().color(&INK))
        .axis_style(INK.stroke_width(theme.thin_width()))
        .bold_line_style(LIGHT_GREY.mix(0.6).stroke_width(1))
        .light_line_style(LIGHT_GREY.mix(0.0))
        .set_all_tick_mark_size(theme.px(6.0))
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(9)
        .x_label_formatter(&x_fmt)
        .draw()
        .map_err(drawing(name))?;
    let err = drawing(name);
    // Row i sits at y = n - 1 - i, so the first row is at the top.
    let y_of = |i: usize| n - 1.0 - i as f64;
    if zero_line && x.start < 0.0 && x.end > 0.0 {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, -0.6), (0.0, n - 0.4)],
                DARK_GREY.stroke_width(theme.thin_width()),
            )))
            .map_err(&err)?;
    }
    // Pixels per row, to size the dot and the interval's end ticks: the ticks
    // reach beyond the dot, so an interval narrower than the dot still shows.
    let row_px = {
        let (_, a) = chart.backend_coord(&(x.start, 0.0));
        let (_, b) = chart.backend_coord(&(x.start, 1.0));
        f64::from((a - b).abs().max(1))
    };
    let radius = theme.px(10.0).min(((row_px * 0.22) as i32).max(2));
    let cap = (f64::from(radius + theme.px(7.0)) / row_px).min(0.42);
    for (i, row) in rows.iter().enumerate() {
        let y = y_of(i);
        if let Some((a, b)) = row.band {
            let (a, b) = (a.max(x.start), b.min(x.end));
            if a < b {
                chart
                    .draw_series(std::iter::once(plotters::element::Rectangle::new(
                        [(a, y - 0.45), (b, y + 0.45)],
                        LIGHT_GREY.mix(0.45).filled(),
                    )))
                    .map_err(&err)?;
            }
        }
    }
    for (i, row) in rows.iter().enumerate() {
        let y = y_of(i);
        let style = row.color.stroke_width(theme.line_width());
        if let Some((lo, hi)) = row.value.bounds() {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(lo, y), (hi, y)],
                    style,
                )))
                .map_err(&err)?;
        }
        if let Some(m) = row.value.mean() {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (m, y),
                    radius,
                    row.color.filled(),
                )))
                .map_err(&err)?;
        }
        if let Some((lo, hi)) = row.value.bounds() {
            chart
                .draw_series([
                    PathElement::new(vec![(lo, y - cap), (lo, y + cap)], style),
                    PathElement::new(vec![(hi, y - cap), (hi, y + cap)], style),
                ])
                .map_err(&err)?;
        }
    }
    // Row labels are drawn by hand: numeric ticks on a row axis would put
    // labels between rows.
    let (bx, by) = area.get_base_pixel();
    for (i, (label, f)) in labels.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(x.start, y_of(i)));
        text(
            area,
            name,
            label,
            (px - bx - theme.px(12.0), py - by),
            f,
            INK,
            (HPos::Right, VPos::Center),
        )?;
        if rows[i].value.mean().is_none() {
            let (cx, _) = chart.backend_coord(&((x.start + x.end) / 2.0, 0.0));
            text(
                area,
                name,
                "—",
                (cx - bx, py - by),
                f,
                DARK_GREY,
                (HPos::Center, VPos::Center),
            )?;
        }
    }
    Ok(())
}
