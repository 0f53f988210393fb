//! Levels over time, in two panels: military spending share of alliance
//! members against other states (free-riding), and the concentration of
//! capability (the largest state's share and the Herfindahl–Hirschman index).

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::axis::{Axes, draw_band, draw_mean, plot, x_range, y_range};
use super::backend::Chart;
use super::data::{Caption, Interval};
use super::error::ChartError;
use super::frame::{Mark, legend, no_data, page, panel_title};
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
        panel(
            &left,
            theme,
            lang.t(Key::SpendingPanel),
            lang.t(Key::SpendingY),
            &[
                (lang.t(Key::Members), &self.spending_members),
                (lang.t(Key::NonMembers), &self.spending_nonmembers),
            ],
            0,
        )?;
        panel(
            &right,
            theme,
            lang.t(Key::ConcentrationPanel),
            lang.t(Key::ConcentrationY),
            &[
                (lang.t(Key::LargestShare), &self.largest_share),
                (lang.t(Key::Hhi), &self.hhi),
            ],
            2,
        )
    }
}

/// One panel: a title, a legend, and each series as a line with its band;
/// colours start at palette entry `first_color` so the panels do not share colours.
fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    title: &str,
    y_desc: &str,
    series: &[(&str, &Series)],
    first_color: usize,
) -> Result<(), ChartError> {
    let name = "levels";
    let lang = theme.lang;
    let area = panel_title(area, theme, name, title)?;
    let all: Vec<&[(f64, Interval)]> = series.iter().map(|(_, s)| s.as_slice()).collect();
    let (Some(x), Some(y)) = (x_range(&all), y_range(&all, true)) else {
        return no_data(&area, theme, name, lang.t(Key::NoData), "");
    };
    let items: Vec<(Mark, String)> = series
        .iter()
        .enumerate()
        .map(|(i, (label, _))| (Mark::Line(series_color(first_color + i)), label.to_string()))
        .chain(std::iter::once((
            Mark::Band(super::style::GREY),
            lang.t(Key::Interval95).to_string(),
        )))
        .collect();
    let area = legend(&area, theme, name, &items)?;
    let axes = Axes {
        x_desc: lang.t(Key::Year),
        y_desc,
        x,
        y,
        x_integer: true,
        y_integer: false,
    };
    let mut chart = plot(&area, theme, name, &axes)?;
    for (i, (_, s)) in series.iter().enumerate() {
        draw_band(&mut chart, name, s, series_color(first_color + i))?;
    }
    for (i, (_, s)) in series.iter().enumerate() {
        draw_mean(&mut chart, theme, name, s, series_color(first_color + i))?;
    }
    Ok(())
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
