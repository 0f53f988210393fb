//! The verdicts across worlds: one row per claim, one column per world, each
//! cell coloured by its verdict and marked with a symbol, so a class sees at a
//! glance which claims hold everywhere and which depend on the world.

use plotters::coord::Shift;
use plotters::element::Rectangle;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, FontDesc, RGBColor, WHITE};

use super::backend::Chart;
use super::data::Caption;
use super::error::{ChartError, drawing};
use super::forest::verdict_color;
use super::frame::{Mark, fit, legend, no_data, page, text, text_width};
use super::style::{INK, Theme};
use super::text::Key;
use crate::stats::Verdict;

/// The data of the verdict matrix.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VerdictMatrixChart {
    /// The worlds, left to right.
    pub worlds: Vec<String>,
    /// The claims, top to bottom: ID and one verdict per world.
    pub rows: Vec<(String, Vec<Verdict>)>,
    /// The caption line.
    pub caption: Caption,
}

/// The symbol printed in a cell, so a verdict reads without its colour.
pub fn verdict_symbol(v: Verdict) -> &'static str {
    match v {
        Verdict::Supported => "✓",
        Verdict::Contradicted => "✗",
        Verdict::NoMeaningfulEffect => "≈",
        Verdict::Inconclusive => "?",
        Verdict::NotApplicable => "–",
    }
}

impl Chart for VerdictMatrixChart {
    fn name(&self) -> &'static str {
        "verdicts"
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
            lang.t(Key::VerdictMatrixTitle),
            &self.caption.text(lang),
        )?;
        if self.rows.is_empty() || self.worlds.is_empty() {
            return no_data(&area, theme, name, lang.t(Key::NoData), "");
        }
        let items: Vec<(Mark, String)> = Verdict::ALL
            .into_iter()
            .map(|v| {
                (
                    Mark::Square(verdict_color(v)),
                    format!("{} {}", verdict_symbol(v), lang.verdict(v)),
                )
            })
            .collect();
        let area = legend(&area, theme, name, &items)?;
        let rows: Vec<(String, Vec<GridCell>)> = self
            .rows
            .iter()
            .map(|(id, verdicts)| {
                let cells = verdicts
                    .iter()
                    .map(|&v| GridCell {
                        fill: verdict_color(v),
                        text: verdict_symbol(v).to_string(),
                        // White on the dark cells, ink on the pale ones, for contrast.
                        ink: match v {
                            Verdict::Inconclusive | Verdict::NotApplicable => INK,
                            _ => WHITE,
                        },
                    })
                    .collect();
                (id.clone(), cells)
            })
            .collect();
        claim_grid(
            &area,
            theme,
            name,
            &self.worlds,
            theme.label_font(),
            &rows,
            |row_h| theme.label_font().resize(f64::from(row_h) * 0.55),
        )
    }
}

/// Row labels "C1 · gist" in the chart's language, each fitted to `max`
/// pixels, and the width of the label column they need.
pub(crate) fn claim_labels<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    ids: impl Iterator<Item = &'a str>,
    max: i32,
) -> (Vec<(String, FontDesc<'static>)>, i32) {
    let labels: Vec<_> = ids
        .map(|id| fit(area, &theme.lang.claim_label(id), theme.label_font(), max))
        .collect();
    let width = labels
        .iter()
        .map(|(s, f)| text_width(s, f))
        .max()
        .unwrap_or(0)
        + theme.px(16.0);
    (labels, width)
}

/// One cell of a claims grid: its colour, its text and the text's colour.
pub(crate) struct GridCell {
    pub fill: RGBColor,
    pub text: String,
    pub ink: RGBColor,
}

/// Draws a grid with one row per claim (labelled with its ID and gist in the
/// chart's language) and one column per head (on two lines when long), each
/// cell filled and marked; `cell_font` gives the cells' font for a row height.
pub(crate) fn claim_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    name: &'static str,
    heads: &[String],
    head_font: FontDesc<'static>,
    rows: &[(String, Vec<GridCell>)],
    cell_font: impl Fn(i32) -> FontDesc<'static>,
) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let (labels, label_w) =
        claim_labels(area, theme, rows.iter().map(|r| r.0.as_str()), w * 36 / 100);
    let header_h = theme.px(76.0);
    let col_w = ((w - label_w) / heads.len().max(1) as i32).max(1);
    let row_h = ((h - header_h) / rows.len().max(1) as i32).max(1);
    let gap = theme.px(2.0);
    let line_h = theme.px(24.0);
    for (c, head) in heads.iter().enumerate() {
        let x = label_w + c as i32 * col_w + col_w / 2;
        let max = col_w - theme.px(8.0);
        let lines = two_lines(head, |s| text_width(s, &head_font) <= max);
        let bottom = header_h - theme.px(10.0);
        for (k, line) in lines.iter().rev().enumerate() {
            let (line, f) = fit(area, line, head_font.clone(), max);
            text(
                area,
                name,
                &line,
                (x, bottom - k as i32 * line_h),
                &f,
                INK,
                (HPos::Center, VPos::Bottom),
            )?;
        }
    }
    let font = cell_font(row_h);
    for (r, ((_, cells), (label, f))) in rows.iter().zip(&labels).enumerate() {
        let y = header_h + r as i32 * row_h;
        text(
            area,
            name,
            label,
            (label_w - theme.px(12.0), y + row_h / 2),
            f,
            INK,
            (HPos::Right, VPos::Center),
        )?;
        for (c, cell) in cells.iter().enumerate() {
            let x = label_w + c as i32 * col_w;
            area.draw(&Rectangle::new(
                [(x + gap, y + gap), (x + col_w - gap, y + row_h - gap)],
                cell.fill.filled(),
            ))
            .map_err(drawing(name))?;
            text(
                area,
                name,
                &cell.text,
                (x + col_w / 2, y + row_h / 2),
                &font,
                cell.ink,
                (HPos::Center, VPos::Center),
            )?;
        }
    }
    Ok(())
}

/// `s` on one line if `fits`, else split at the space that best balances two
/// lines (the first line then the rest; a word too long is left to shrink).
fn two_lines(s: &str, fits: impl Fn(&str) -> bool) -> Vec<String> {
    if fits(s) {
        return vec![s.to_string()];
    }
    let spaces: Vec<usize> = s.match_indices(' ').map(|(i, _)| i).collect();
    let best = spaces
        .iter()
        .copied()
        .filter(|&i| fits(&s[..i]) && fits(s[i + 1..].trim()))
        .min_by_key(|&i| (s.len() / 2).abs_diff(i))
        .or_else(|| {
            spaces
                .iter()
                .copied()
                .min_by_key(|&i| (s.len() / 2).abs_diff(i))
        });
    match best {
        Some(i) => vec![s[..i].to_string(), s[i + 1..].trim().to_string()],
        None => vec![s.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Lang;
    use crate::chart::backend::testkit::check_chart;

    fn chart() -> VerdictMatrixChart {
        VerdictMatrixChart {
            worlds: vec!["Claims world".into(), "Europe, July 1914".into()],
            rows: vec![
                ("C1".into(), vec![Verdict::Supported, Verdict::Contradicted]),
                (
                    "K3".into(),
                    vec![Verdict::NoMeaningfulEffect, Verdict::Inconclusive],
                ),
                (
                    "K5".into(),
                    vec![Verdict::NotApplicable, Verdict::Supported],
                ),
            ],
            caption: Caption::default(),
        }
    }

    #[test]
    fn draws_a_cell_per_claim_and_world_with_its_symbol() {
        let svg = check_chart(&chart(), 1.0, Lang::En);
        for s in [
            "Claims world",
            "Europe, July 1914",
            "C1 · Alliances deter aggressors",
            "no meaningful effect",
            "✓",
            "✗",
            "≈",
        ] {
            assert!(svg.contains(s), "{s}");
        }
        let svg = check_chart(&chart(), 0.6, Lang::Id);
        assert!(svg.contains("tanpa efek berarti") && svg.contains("C1 · Aliansi"));
    }

    #[test]
    fn long_names_break_where_the_lines_balance() {
        let fits = |s: &str| s.chars().count() <= 20;
        assert_eq!(two_lines("Two blocs", fits), vec!["Two blocs"]);
        assert_eq!(
            two_lines("Europe, September 1938", fits),
            vec!["Europe,", "September 1938"]
        );
        assert_eq!(
            two_lines("Supercalifragilisticexpialidocious", fits).len(),
            1
        );
    }

    #[test]
    fn many_worlds_and_none_draw() {
        let mut many = chart();
        many.worlds = (0..12)
            .map(|i| format!("A world with a long name {i}"))
            .collect();
        for (_, v) in &mut many.rows {
            *v = vec![Verdict::Inconclusive; 12];
        }
        check_chart(&many, 0.6, Lang::En);
        assert!(check_chart(&VerdictMatrixChart::default(), 1.0, Lang::En).contains("No data"));
    }
}
