//! Levels over time, in two panels: military spending share of alliance
//! members against other states (free-riding), and the concentration of
//! capability (the largest state's share and the Herfindahl–Hirschman index).

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::axis::{Axes, draw_band, draw_mean, plot, x_range, y_range};
use super::backend::Chart;
use super::data::{Caption, Interval};
use super::error::ChartError;
use super::frame::{Mark, legend_at_least, legend_rows, no_data, page, panel_title};
use super::style::{Theme, series_color};
use super::text::Key;

/// One yearly series: `(year, value)` points.
pub type Series = Vec<(f64, Interval)>;

/// The data of the levels chart, from `timeseries.csv`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LevelsChart {
    /// `spending_share_members` per year.
    pub spending_members: Series,
    /// `spending_share_nonmembers` per year.
    pub spending_nonmembers: Series,
    /// `largest_power_share` per year.
    pub largest_share: Series,
    /// `capability_hhi` per year.
    pub hhi: Series,
    /// The caption line.
    pub caption: Caption,
}

impl Chart for LevelsChart {
    fn name(&self) -> &'static str {
        "levels"
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
            lang.t(Key::LevelsTitle),
            &self.caption.text(lang),
        )?;
        let (w, _) = area.dim_in_pixel();
        let (left, right) = area.split_horizontally(w / 2);
        let right = right.margin(0, 0, theme.px(24.0), 0);
        let spending: [(&str, &Series); 2] = [
            (lang.t(Key::Members), &self.spending_members),
            (lang.t(Key::NonMembers), &self.spending_nonmembers),
        ];
        let concentration: [(&str, &Series); 2] = [
            (lang.t(Key::LargestShare), &self.largest_share),
            (lang.t(Key::Hhi), &self.hhi),
        ];
        // Both legends take as many rows as the longer one, so the plots align.
        let rows = legend_rows(&left, theme, &items(theme, &spending, 0)).max(legend_rows(
            &right,
            theme,
            &items(theme, &concentration, 2),
        ));
        let spending_panel = Panel {
            title: lang.t(Key::SpendingPanel),
            y_desc: lang.t(Key::SpendingY),
            series: &spending,
            first_color: 0,
            legend_rows: rows,
        };
        spending_panel.draw(&left, theme)?;
        Panel {
            title: lang.t(Key::ConcentrationPanel),
            y_desc: lang.t(Key::ConcentrationY),
            series: &concentration,
            first_color: 2,
            legend_rows: rows,
        }
        .draw(&right, theme)
    }
}

/// The legend of a panel: its series' lines, then the band.
fn items(theme: &Theme, series: &[(&str, &Series)], first_color: usize) -> Vec<(Mark, String)> {
    series
        .iter()
        .enumerate()
        .map(|(i, (label, _))| (Mark::Line(series_color(first_color + i)), label.to_string()))
        .chain(std::iter::once((
            Mark::Band(super::style::GREY),
            theme.lang.t(Key::Interval95).to_string(),
        )))
        .collect()
}

/// One panel: a title, a legend, and each series as a line with its band;
/// colours start at palette entry `first_color` so the panels do not share colours.
struct Panel<'a> {
    title: &'a str,
    y_desc: &'a str,
    series: &'a [(&'a str, &'a Series)],
    first_color: usize,
    legend_rows: i32,
}

impl Panel<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<(), ChartError> {
        let name = "levels";
        let lang = theme.lang;
        let area = panel_title(area, theme, name, self.title)?;
        let all: Vec<&[(f64, Interval)]> = self.series.iter().map(|(_, s)| s.as_slice()).collect();
        let (Some(x), Some(y)) = (x_range(&all), y_range(&all, true)) else {
            return no_data(&area, theme, name, lang.t(Key::NoData), "");
        };
        let legend_items = items(theme, self.series, self.first_color);
        let area = legend_at_least(&area, theme, name, &legend_items, self.legend_rows)?;
        let axes = Axes {
            x_desc: lang.t(Key::Year),
            y_desc: self.y_desc,
            x,
            y,
            x_integer: true,
            y_integer: false,
        };
        let mut chart = plot(&area, theme, name, &axes)?;
        for (i, (_, s)) in self.series.iter().enumerate() {
            draw_band(&mut chart, name, s, series_color(self.first_color + i))?;
        }
        for (i, (_, s)) in self.series.iter().enumerate() {
            draw_mean(
                &mut chart,
                theme,
                name,
                s,
                series_color(self.first_color + i),
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Lang;
    use crate::chart::backend::testkit::check_chart;

    fn series(base: f64, years: u32) -> Series {
        (1..=years)
            .map(|y| {
                let m = base + 0.01 * f64::from(y).ln();
                (f64::from(y), Interval::new(m, m - 0.005, m + 0.005))
            })
            .collect()
    }

    #[test]
    fn draws_both_panels() {
        let chart = LevelsChart {
            spending_members: series(0.02, 50),
            spending_nonmembers: series(0.14, 50),
            largest_share: series(0.25, 50),
            hhi: series(0.12, 50),
            caption: Caption::default(),
        };
        let svg = check_chart(&chart, 1.0, Lang::En);
        assert!(svg.contains("Military spending") && svg.contains("Herfindahl"));
        let svg = check_chart(&chart, 1.0, Lang::Id);
        assert!(svg.contains("Belanja militer") && svg.contains("Pemusatan kapabilitas"));
    }

    #[test]
    fn an_empty_panel_is_a_note() {
        // A world without alliances has no member spending at all.
        let chart = LevelsChart {
            spending_members: vec![(1.0, Interval::default())],
            spending_nonmembers: vec![],
            largest_share: series(0.25, 5),
            hhi: series(0.12, 5),
            caption: Caption::default(),
        };
        let svg = check_chart(&chart, 1.0, Lang::En);
        assert!(svg.contains("No data"));
    }
}
