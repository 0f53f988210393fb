//! Plot areas with numeric axes: ranges that tolerate absent and constant
//! data, tick labels in the chart's language, the house mesh style, and lines
//! with 95 % bands that break where values are absent.

use std::ops::Range;

use plotters::chart::{ChartBuilder, ChartContext};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::{Cartesian2d, DrawingArea, DrawingBackend, Polygon};
use plotters::series::LineSeries;
use plotters::style::{Color, RGBColor};

use super::data::Interval;
use super::error::{ChartError, drawing};
use super::frame::band_style;
use super::style::{INK, LIGHT_GREY, Theme};

/// Plain x–y coordinates.
pub(crate) type Xy = Cartesian2d<RangedCoordf64, RangedCoordf64>;

/// The finite minimum and maximum of `values`, if there is any.
pub(crate) fn bounds(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|x| x.is_finite())
        .fold(None, |acc, x| match acc {
            None => Some((x, x)),
            Some((lo, hi)) => Some((lo.min(x), hi.max(x))),
        })
}

/// A range covering `lo..hi` with `frac` of its span added at each end, never
/// empty or inverted (a constant gets a unit-wide range), optionally reaching zero.
pub(crate) fn padded(lo: f64, hi: f64, frac: f64, with_zero: bool) -> Range<f64> {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    if with_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    let span = hi - lo;
    if span <= f64::EPSILON * lo.abs().max(hi.abs()).max(1.0) {
        let half = (lo.abs() * 0.1).max(0.5);
        return (lo - half)..(hi + half);
    }
    let pad = span * frac;
    // A padded range starting at zero stays at zero: negative counts make no sense.
    let new_lo = if with_zero && lo == 0.0 {
        0.0
    } else {
        lo - pad
    };
    let new_hi = if with_zero && hi == 0.0 {
        0.0
    } else {
        hi + pad
    };
    new_lo..new_hi
}

/// Decimals enough to tell ticks apart on a range of `span` with about 8 ticks.
pub(crate) fn decimals(span: f64) -> usize {
    if !span.is_finite() || span <= 0.0 {
        return 2;
    }
    let step = span / 8.0;
    (-step.log10().floor()).clamp(0.0, 6.0) as usize
}

/// Axis descriptions and tick precision for [`plot`].
pub(crate) struct Axes<'a> {
    /// The x axis's description, with its unit.
    pub x_desc: &'a str,
    /// The y axis's description, with its unit.
    pub y_desc: &'a str,
    /// The x range.
    pub x: Range<f64>,
    /// The y range.
    pub y: Range<f64>,
    /// Whether x ticks are whole numbers (years, counts).
    pub x_integer: bool,
    /// Whether y ticks are whole numbers (counts).
    pub y_integer: bool,
}

/// Builds a plot with the house mesh in `area` and returns it for drawing series.
pub(crate) fn plot<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    name: &'static str,
    axes: &Axes<'_>,
) -> Result<ChartContext<'a, DB, Xy>, ChartError> {
    let mut chart = ChartBuilder::on(area)
        .margin_right(theme.px(20.0))
        .margin_top(theme.px(10.0))
        .x_label_area_size(theme.px(84.0))
        .y_label_area_size(theme.px(128.0))
        .build_cartesian_2d(axes.x.clone(), axes.y.clone())
        .map_err(drawing(name))?;
    let lang = theme.lang;
    let xd = decimals(axes.x.end - axes.x.start);
    let yd = decimals(axes.y.end - axes.y.start);
    // Integer ticks only on integer axes: a tick at 2.5 labelled "3" would mislead.
    let int_fmt = move |v: &f64| {
        if (v - v.round()).abs() < 1e-9 {
            lang.number(*v, 0)
        } else {
            String::new()
        }
    };
    let x_fmt = move |v: &f64| {
        if axes.x_integer {
            int_fmt(v)
        } else {
            lang.number(*v, xd)
        }
    };
    let y_fmt = move |v: &f64| {
        if axes.y_integer {
            int_fmt(v)
        } else {
            lang.number(*v, yd)
        }
    };
    // Axis descriptions that would run past their axis are shortened to fit
    // (the y description is drawn along the plot's height).
    let (w, h) = chart.plotting_area().dim_in_pixel();
    let font = theme.axis_font();
    let (x_desc, xf) = super::frame::fit(area, axes.x_desc, font.clone(), w as i32);
    let (y_desc, yf) = super::frame::fit(area, axes.y_desc, font, h as i32);
    let desc_font = if yf.get_size() < xf.get_size() {
        yf
    } else {
        xf
    };
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(x_desc)
        .y_desc(y_desc)
        .axis_desc_style(desc_font.color(&INK))
        .label_style(theme.label_font().color(&INK))
        .axis_style(INK.stroke_width(theme.thin_width()))
        .bold_line_style(LIGHT_GREY.mix(0.6).stroke_width(1))
        .light_line_style(LIGHT_GREY.mix(0.0))
        .set_all_tick_mark_size(theme.px(6.0))
        .x_labels(9)
        .y_labels(8)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt);
    mesh.draw().map_err(drawing(name))?;
    Ok(chart)
}

/// Splits `points` into runs where `get` gives a value, so lines and bands
/// break at absent values instead of bridging them.
fn segments<T: Copy>(
    points: &[(f64, Interval)],
    get: impl Fn(&Interval) -> Option<T>,
) -> Vec<Vec<(f64, T)>> {
    let mut out: Vec<Vec<(f64, T)>> = Vec::new();
    let mut current = Vec::new();
    for (x, iv) in points {
        match get(iv) {
            Some(v) if x.is_finite() => current.push((*x, v)),
            _ => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Draws the 95 % band of `points` in a light shade of `color`.
pub(crate) fn draw_band<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Xy>,
    name: &'static str,
    points: &[(f64, Interval)],
    color: RGBColor,
) -> Result<(), ChartError> {
    for seg in segments(points, Interval::bounds) {
        let mut poly: Vec<(f64, f64)> = seg.iter().map(|&(x, (_, hi))| (x, hi)).collect();
        poly.extend(seg.iter().rev().map(|&(x, (lo, _))| (x, lo)));
        if seg.len() == 1 {
            // A lone point still shows its interval, as a short bar.
            let (x, (lo, hi)) = seg[0];
            let w = (chart.x_range().end - chart.x_range().start) * 0.003;
            poly = vec![(x - w, lo), (x + w, lo), (x + w, hi), (x - w, hi)];
        }
        chart
            .draw_series(std::iter::once(Polygon::new(poly, band_style(color))))
            .map_err(drawing(name))?;
    }
    Ok(())
}

/// Draws the mean line of `points` in `color`.
pub(crate) fn draw_mean<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Xy>,
    theme: &Theme,
    name: &'static str,
    points: &[(f64, Interval)],
    color: RGBColor,
) -> Result<(), ChartError> {
    draw_mean_width(chart, theme, name, points, color, theme.line_width())
}

/// As [`draw_mean`], with lines `width` pixels wide.
pub(crate) fn draw_mean_width<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Xy>,
    theme: &Theme,
    name: &'static str,
    points: &[(f64, Interval)],
    color: RGBColor,
    width: u32,
) -> Result<(), ChartError> {
    for seg in segments(points, Interval::mean) {
        if seg.len() == 1 {
            let (x, y) = seg[0];
            chart
                .draw_series(std::iter::once(plotters::element::Circle::new(
                    (x, y),
                    theme.px(4.0),
                    color.filled(),
                )))
                .map_err(drawing(name))?;
            continue;
        }
        chart
            .draw_series(LineSeries::new(seg, color.stroke_width(width)))
            .map_err(drawing(name))?;
    }
    Ok(())
}

/// The y range for the given series of intervals, or `None` when all are absent.
pub(crate) fn y_range(series: &[&[(f64, Interval)]], with_zero: bool) -> Option<Range<f64>> {
    let (lo, hi) = bounds(
        series
            .iter()
            .flat_map(|s| s.iter().flat_map(|(_, iv)| iv.values())),
    )?;
    Some(padded(lo, hi, 0.06, with_zero))
}

/// The x range of the given series (absent points included, since they are
/// still years that were simulated).
pub(crate) fn x_range(series: &[&[(f64, Interval)]]) -> Option<Range<f64>> {
    let (lo, hi) = bounds(series.iter().flat_map(|s| s.iter().map(|(x, _)| *x)))?;
    Some(padded(lo, hi, 0.0, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_never_collapse() {
        assert_eq!(padded(3.0, 3.0, 0.1, false), 2.5..3.5);
        assert_eq!(padded(0.0, 0.0, 0.1, true), -0.5..0.5);
        let r = padded(0.0, 10.0, 0.1, true);
        assert_eq!(r, 0.0..11.0);
        let r = padded(f64::NAN, 1.0, 0.1, false);
        assert!(r.start < r.end);
        assert_eq!(
            bounds([f64::NAN, 2.0, -1.0, f64::INFINITY]),
            Some((-1.0, 2.0))
        );
        assert_eq!(bounds([f64::NAN]), None);
    }

    #[test]
    fn segments_break_at_absent_values() {
        let iv = |m: Option<f64>| Interval {
            mean: m,
            lo: None,
            hi: None,
        };
        let pts = [
            (1.0, iv(Some(1.0))),
            (2.0, iv(None)),
            (3.0, iv(Some(3.0))),
            (4.0, iv(Some(4.0))),
        ];
        let segs = segments(&pts, Interval::mean);
        assert_eq!(segs, vec![vec![(1.0, 1.0)], vec![(3.0, 3.0), (4.0, 4.0)]]);
    }

    #[test]
    fn decimals_follow_the_span() {
        assert_eq!(decimals(200.0), 0);
        assert_eq!(decimals(1.0), 1);
        assert_eq!(decimals(0.05), 3);
    }
}
