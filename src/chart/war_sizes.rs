//! The distribution of war sizes: bars of wars by number of participants and,
//! when wars are many and sizes span a decade or more, the tail on log–log
//! scales (the share of wars at least each size), where heavy tails show.

use plotters::chart::ChartBuilder;
use plotters::coord::Shift;
use plotters::element::{Circle, Rectangle};
use plotters::prelude::{DrawingArea, DrawingBackend, IntoLogRange};
use plotters::series::LineSeries;
use plotters::style::Color;

use super::axis::{Axes, padded, plot};
use super::backend::Chart;
use super::data::Caption;
use super::error::{ChartError, drawing};
use super::frame::{Mark, legend, no_data, page, panel_title};
use super::style::{INK, LIGHT_GREY, Theme, series_color};
use super::text::Key;

/// Fewest wars for which the tail plot is drawn: below this it is mostly noise.
pub const TAIL_MIN_WARS: u64 = 100;

/// The data of the war-size chart, from `war_sizes.csv`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WarSizesChart {
    /// `(participants, wars)` over all replications; sizes with no war may be left out.
    pub sizes: Vec<(u32, u64)>,
    /// The caption line.
    pub caption: Caption,
}

impl WarSizesChart {
    fn nonzero(&self) -> Vec<(u32, u64)> {
        let mut s: Vec<(u32, u64)> = self
            .sizes
            .iter()
            .copied()
            .filter(|&(p, w)| p > 0 && w > 0)
            .collect();
        s.sort_unstable();
        s
    }

    /// Whether the log–log tail panel is drawn: many wars, sizes spanning ≥ 1 decade.
    pub fn shows_tail(&self) -> bool {
        let s = self.nonzero();
        let total: u64 = s.iter().map(|&(_, w)| w).sum();
        match (s.first(), s.last()) {
            (Some(&(lo, _)), Some(&(hi, _))) => total >= TAIL_MIN_WARS && hi >= 10 * lo,
            _ => false,
        }
    }

    /// `(size, share of wars with at least that many participants)`.
    pub fn tail(&self) -> Vec<(f64, f64)> {
        let s = self.nonzero();
        let total: u64 = s.iter().map(|&(_, w)| w).sum();
        if total == 0 {
            return Vec::new();
        }
        let mut at_least = total;
        s.iter()
            .map(|&(p, w)| {
                let share = at_least as f64 / total as f64;
                at_least -= w;
                (f64::from(p), share)
            })
            .collect()
    }
}

impl Chart for WarSizesChart {
    fn name(&self) -> &'static str {
        "war_sizes"
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
            lang.t(Key::WarSizesTitle),
            &self.caption.text(lang),
        )?;
        let sizes = self.nonzero();
        if sizes.is_empty() {
            return no_data(&area, theme, name, lang.t(Key::NoData), lang.t(Key::NoWars));
        }
        if self.shows_tail() {
            let (w, _) = area.dim_in_pixel();
            let (left, right) = area.split_horizontally(w * 54 / 100);
            let left = panel_title(&left, theme, name, lang.t(Key::WarSizesBars))?;
            bars(&left, theme, &sizes)?;
            let right = panel_title(
                &right.margin(0, 0, theme.px(24.0), 0),
                theme,
                name,
                lang.t(Key::TailPanel),
            )?;
            tail(&right, theme, &self.tail())
        } else {
            bars(&area, theme, &sizes)
        }
    }
}

fn bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    sizes: &[(u32, u64)],
) -> Result<(), ChartError> {
    let name = "war_sizes";
    let lang = theme.lang;
    let color = series_color(0);
    let area = legend(
        area,
        theme,
        name,
        &[(Mark::Square(color), lang.t(Key::WarSizesY).to_string())],
    )?;
    let lo = sizes.first().map_or(0, |s| s.0);
    let hi = sizes.last().map_or(1, |s| s.0);
    let top = sizes.iter().map(|s| s.1).max().unwrap_or(1) as f64;
    let axes = Axes {
        x_desc: lang.t(Key::WarSizesX),
        y_desc: lang.t(Key::WarSizesY),
        x: (f64::from(lo) - 0.6)..(f64::from(hi) + 0.6),
        y: padded(0.0, top, 0.08, true),
        x_integer: true,
        y_integer: true,
    };
    let mut chart = plot(&area, theme, name, &axes)?;
    // Narrow bars when there are many sizes, so neighbours stay apart.
    let half = if hi - lo > 30 { 0.45 } else { 0.38 };
    chart
        .draw_series(sizes.iter().map(|&(p, w)| {
            let x = f64::from(p);
            Rectangle::new([(x - half, 0.0), (x + half, w as f64)], color.filled())
        }))
        .map_err(drawing(name))?;
    Ok(())
}

fn tail<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    points: &[(f64, f64)],
) -> Result<(), ChartError> {
    let name = "war_sizes";
    let lang = theme.lang;
    let color = series_color(1);
    let area = legend(
        area,
        theme,
        name,
        &[(Mark::Dot(color), lang.t(Key::TailY).to_string())],
    )?;
    let x_lo = points.first().map_or(1.0, |p| p.0).max(1.0);
    let x_hi = points.last().map_or(10.0, |p| p.0).max(x_lo * 2.0);
    let y_lo = points
        .iter()
        .map(|p| p.1)
        .filter(|y| *y > 0.0)
        .fold(1.0f64, f64::min);
    let mut chart = ChartBuilder::on(&area)
        .margin_right(theme.px(20.0))
        .margin_top(theme.px(10.0))
        .x_label_area_size(theme.px(84.0))
        .y_label_area_size(theme.px(128.0))
        .build_cartesian_2d(
            (x_lo * 0.9..x_hi * 1.1).log_scale(),
            (y_lo * 0.7..1.3).log_scale(),
        )
        .map_err(drawing(name))?;
    let log_fmt = move |v: &f64| {
        let d = if *v >= 1.0 {
            0
        } else {
            (-v.log10()).ceil().clamp(0.0, 6.0) as usize
        };
        lang.number(*v, d)
    };
    chart
        .configure_mesh()
        .x_desc(lang.t(Key::TailX))
        .y_desc(lang.t(Key::TailY))
        .axis_desc_style(theme.axis_font().color(&INK))
        .label_style(theme.label_font().color(&INK))
        .axis_style(INK.stroke_width(theme.thin_width()))
        .bold_line_style(LIGHT_GREY.mix(0.6).stroke_width(1))
        .light_line_style(LIGHT_GREY.mix(0.0))
        .set_all_tick_mark_size(theme.px(6.0))
        .x_label_formatter(&log_fmt)
        .y_label_formatter(&log_fmt)
        .draw()
        .map_err(drawing(name))?;
    chart
        .draw_series(LineSeries::new(
            points.iter().copied(),
            color.stroke_width(theme.thin_width()),
        ))
        .map_err(drawing(name))?;
    chart
        .draw_series(
            points
                .iter()
                .map(|&p| Circle::new(p, theme.px(6.0), color.filled())),
        )
        .map_err(drawing(name))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Lang;
    use crate::chart::backend::testkit::check_chart;

    fn chart(sizes: Vec<(u32, u64)>) -> WarSizesChart {
        WarSizesChart {
            sizes,
            caption: Caption {
                scenario: "Test".into(),
                replications: 10,
                seed: 1,
            },
        }
    }

    #[test]
    fn few_sizes_draw_bars_only() {
        let c = chart(vec![(2, 40), (3, 12), (4, 3)]);
        assert!(!c.shows_tail());
        let svg = check_chart(&c, 1.0, Lang::En);
        assert!(!svg.contains("Tail"));
    }

    #[test]
    fn many_wars_over_a_decade_add_the_tail() {
        let sizes: Vec<(u32, u64)> = (2..=40).map(|s| (s, 4000 / u64::from(s * s))).collect();
        let c = chart(sizes);
        assert!(c.shows_tail());
        let tail = c.tail();
        assert_eq!(tail[0], (2.0, 1.0));
        assert!(tail.windows(2).all(|w| w[1].1 < w[0].1 && w[1].1 > 0.0));
        let svg = check_chart(&c, 1.0, Lang::En);
        assert!(svg.contains("Tail (log–log)"));
        check_chart(&c, 0.6, Lang::Id);
    }

    #[test]
    fn no_wars_is_a_note() {
        let svg = check_chart(&chart(vec![]), 1.0, Lang::En);
        assert!(svg.contains("No wars in this run"));
        let svg = check_chart(&chart(vec![(0, 0), (3, 0)]), 1.0, Lang::Id);
        assert!(svg.contains("Tidak ada perang"));
    }
}
