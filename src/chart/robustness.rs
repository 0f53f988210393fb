//! The charts of a robustness run: the share of parameter sets giving each
//! verdict, one stacked bar per claim; and the parameters that drive each
//! claim's effect (partial rank correlations), one cell per claim and parameter.

use plotters::coord::Shift;
use plotters::element::Rectangle;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor, WHITE};

use super::backend::Chart;
use super::data::Caption;
use super::error::{ChartError, drawing};
use super::forest::verdict_color;
use super::frame::{Mark, legend, no_data, page, text, text_width};
use super::style::{INK, LIGHT_GREY, Theme, okabe_ito};
use super::text::Key;
use super::verdicts::{GridCell, claim_grid, claim_labels};
use crate::stats::Verdict;

/// The share of sets giving each verdict, per claim.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VerdictSharesChart {
    /// Claims, top to bottom: ID and the count of sets per verdict, in
    /// [`Verdict::ALL`] order.
    pub rows: Vec<(String, [u32; 5])>,
    /// The caption line.
    pub caption: Caption,
}

impl Chart for VerdictSharesChart {
    fn name(&self) -> &'static str {
        "robustness"
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
            lang.t(Key::RobustnessTitle),
            &self.caption.text(lang),
        )?;
        if self.rows.iter().all(|(_, c)| c.iter().sum::<u32>() == 0) {
            return no_data(&area, theme, name, lang.t(Key::NoData), "");
        }
        let items: Vec<(Mark, String)> = Verdict::ALL
            .into_iter()
            .map(|v| (Mark::Square(verdict_color(v)), lang.verdict(v).to_string()))
            .collect();
        let area = legend(&area, theme, name, &items)?;
        let (w, h) = area.dim_in_pixel();
        let (w, h) = (w as i32, h as i32);
        let (labels, label_w) = claim_labels(
            &area,
            theme,
            self.rows.iter().map(|r| r.0.as_str()),
            w * 38 / 100,
        );
        let axis_h = theme.px(40.0);
        let row_h = ((h - axis_h) / self.rows.len().max(1) as i32).max(1);
        let bar_w = (w - label_w - theme.px(20.0)).max(1);
        let draw = |e: Rectangle<(i32, i32)>| area.draw(&e).map_err(drawing(name));
        let small = theme
            .label_font()
            .resize(theme.label_font().get_size() * 0.85);
        for (r, ((_, counts), (label, f))) in self.rows.iter().zip(&labels).enumerate() {
            let y = r as i32 * row_h;
            text(
                &area,
                name,
                label,
                (label_w - theme.px(12.0), y + row_h / 2),
                f,
                INK,
                (HPos::Right, VPos::Center),
            )?;
            let total: u32 = counts.iter().sum();
            if total == 0 {
                continue;
            }
            let mut x = label_w;
            let mut done = 0u32;
            for (v, &c) in Verdict::ALL.into_iter().zip(counts) {
                if c == 0 {
                    continue;
                }
                done += c;
                let end = label_w
                    + (f64::from(bar_w) * f64::from(done) / f64::from(total)).round() as i32;
                draw(Rectangle::new(
                    [(x, y + theme.px(3.0)), (end, y + row_h - theme.px(3.0))],
                    verdict_color(v).filled(),
                ))?;
                let pct = format!("{} %", (100.0 * f64::from(c) / f64::from(total)).round());
                if end - x > text_width(&pct, &small) + theme.px(8.0) {
                    let ink = match v {
                        Verdict::Inconclusive | Verdict::NotApplicable => INK,
                        _ => WHITE,
                    };
                    text(
                        &area,
                        name,
                        &pct,
                        ((x + end) / 2, y + row_h / 2),
                        &small,
                        ink,
                        (HPos::Center, VPos::Center),
                    )?;
                }
                x = end;
            }
        }
        // The axis: 0, 50 and 100 % of the sets.
        let y = self.rows.len() as i32 * row_h + theme.px(8.0);
        for (k, t) in [(0, "0 %"), (1, "50 %"), (2, "100 %")] {
            let x = label_w + bar_w * k / 2;
            text(
                &area,
                name,
                t,
                (x, y),
                &theme.label_font(),
                INK,
                (HPos::Center, VPos::Top),
            )?;
        }
        Ok(())
    }
}

/// One cell of [`DriversChart`]: the coefficient and whether its interval
/// excludes zero, or none where it could not be computed.
pub type DriverCell = Option<(f64, bool)>;

/// The drivers of each claim's effect: the partial rank correlation of the
/// effect with each parameter, over the sets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DriversChart {
    /// The parameters, left to right.
    pub params: Vec<String>,
    /// Claims, top to bottom: ID and, per parameter, the coefficient and
    /// whether its interval excludes zero (none where it could not be computed).
    pub rows: Vec<(String, Vec<DriverCell>)>,
    /// The caption line.
    pub caption: Caption,
}

/// A diverging colour for a correlation: blue up, vermillion down, paler near zero.
fn diverging(r: f64) -> RGBColor {
    let end = if r >= 0.0 {
        okabe_ito::BLUE
    } else {
        okabe_ito::VERMILLION
    };
    let t = r.abs().clamp(0.0, 1.0);
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    RGBColor(mix(0xF4, end.0), mix(0xF4, end.1), mix(0xF4, end.2))
}

impl Chart for DriversChart {
    fn name(&self) -> &'static str {
        "drivers"
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
            lang.t(Key::DriversTitle),
            &self.caption.text(lang),
        )?;
        if self.rows.is_empty() || self.params.is_empty() {
            return no_data(&area, theme, name, lang.t(Key::NoData), "");
        }
        let items = vec![
            (
                Mark::Square(diverging(0.8)),
                lang.t(Key::DriverUp).to_string(),
            ),
            (
                Mark::Square(diverging(-0.8)),
                lang.t(Key::DriverDown).to_string(),
            ),
            (
                Mark::Square(LIGHT_GREY),
                lang.t(Key::DriverUnclear).to_string(),
            ),
        ];
        let area = legend(&area, theme, name, &items)?;
        // Column heads: the parameter's last name part ("perception noise").
        let heads: Vec<String> = self
            .params
            .iter()
            .map(|p| p.rsplit('.').next().unwrap_or(p).replace('_', " "))
            .collect();
        let rows: Vec<(String, Vec<GridCell>)> = self
            .rows
            .iter()
            .map(|(id, cells)| {
                let cells = cells
                    .iter()
                    .map(|cell| {
                        let (fill, text) = match cell {
                            Some((v, true)) => (diverging(*v), lang.number(*v, 2)),
                            Some((v, false)) => (LIGHT_GREY, lang.number(*v, 2)),
                            None => (LIGHT_GREY, "—".to_string()),
                        };
                        let ink = match cell {
                            Some((v, true)) if v.abs() > 0.55 => WHITE,
                            _ => INK,
                        };
                        GridCell { fill, text, ink }
                    })
                    .collect();
                (id.clone(), cells)
            })
            .collect();
        let small = theme
            .label_font()
            .resize(theme.label_font().get_size() * 0.8);
        claim_grid(&area, theme, name, &heads, small.clone(), &rows, |_| {
            small.clone()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Lang;
    use crate::chart::backend::testkit::check_chart;

    #[test]
    fn verdict_shares_draw_a_bar_per_claim() {
        let chart = VerdictSharesChart {
            rows: vec![
                ("C1".into(), [60, 0, 0, 40, 0]),
                ("K2".into(), [0, 100, 0, 0, 0]),
                ("K5".into(), [0, 0, 0, 0, 0]),
            ],
            caption: Caption::default(),
        };
        let svg = check_chart(&chart, 1.0, Lang::En);
        for s in [
            "C1 · Alliances deter aggressors",
            "60 %",
            "40 %",
            "100 %",
            "no meaningful effect",
        ] {
            assert!(svg.contains(s), "{s}");
        }
        check_chart(&chart, 0.6, Lang::Id);
        assert!(check_chart(&VerdictSharesChart::default(), 1.0, Lang::En).contains("No data"));
    }

    #[test]
    fn drivers_draw_a_cell_per_claim_and_parameter() {
        let chart = DriversChart {
            params: vec!["model.perception_noise".into(), "model.war_cost".into()],
            rows: vec![
                ("C1".into(), vec![Some((0.72, true)), Some((-0.05, false))]),
                ("K4".into(), vec![None, Some((-0.61, true))]),
            ],
            caption: Caption::default(),
        };
        let svg = check_chart(&chart, 1.0, Lang::En);
        for s in ["perception", "noise", "war cost", "0.72", "-0.61", "—"] {
            assert!(svg.contains(s), "{s}");
        }
        assert!(check_chart(&chart, 1.0, Lang::Id).contains("0,72"));
        assert!(check_chart(&DriversChart::default(), 1.0, Lang::En).contains("No data"));
    }
}
