//! The claims forest plot: one row per claim (its ID and gist), its estimated
//! effect with the 95 % interval, coloured by verdict, against a line at zero
//! (no effect) and a band of ±δ (the smallest effect that matters).

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::RGBColor;

use super::backend::Chart;
use super::data::{Caption, Interval};
use super::error::ChartError;
use super::frame::{Mark, legend, no_data, page};
use super::rows::{Row, dot_rows};
use super::style::{GREY, Theme, okabe_ito};
use super::text::Key;
use crate::stats::Verdict;

/// One claim's result.
#[derive(Clone, Debug, PartialEq)]
pub struct ForestRow {
    /// The claim's ID; the row is labelled with it and the claim's gist.
    pub id: String,
    /// The estimated effect (difference from the baseline) and its interval.
    pub effect: Interval,
    /// What the evidence says.
    pub verdict: Verdict,
    /// δ, the smallest effect that matters, on the effect's scale.
    pub delta: Option<f64>,
}

/// The data of the forest plot.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ForestChart {
    /// The claims, top to bottom.
    pub rows: Vec<ForestRow>,
    /// The caption line.
    pub caption: Caption,
}

/// The colour of a verdict: green, vermillion, blue and grey differ in
/// lightness as well as hue, so they stay apart for colour-blind readers and in print.
pub fn verdict_color(v: Verdict) -> RGBColor {
    match v {
        Verdict::Supported => okabe_ito::GREEN,
        Verdict::Contradicted => okabe_ito::VERMILLION,
        Verdict::NoMeaningfulEffect => okabe_ito::BLUE,
        Verdict::Inconclusive => GREY,
        // Left out of the forest plot; a pale cell in the verdict matrix.
        Verdict::NotApplicable => super::style::LIGHT_GREY,
    }
}

impl Chart for ForestChart {
    fn name(&self) -> &'static str {
        "forest"
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
            lang.t(Key::ForestTitle),
            &self.caption.text(lang),
        )?;
        if self.rows.iter().all(|r| r.effect.values().next().is_none()) {
            return no_data(&area, theme, name, lang.t(Key::NoData), "");
        }
        let items: Vec<(Mark, String)> = [
            Verdict::Supported,
            Verdict::Contradicted,
            Verdict::NoMeaningfulEffect,
            Verdict::Inconclusive,
        ]
        .into_iter()
        .map(|v| (Mark::Dot(verdict_color(v)), lang.verdict(v).to_string()))
        .chain([
            (
                Mark::Band(super::style::LIGHT_GREY),
                lang.t(Key::SmallestEffect).to_string(),
            ),
            (
                Mark::Line(super::style::DARK_GREY),
                lang.t(Key::NoEffect).to_string(),
            ),
        ])
        .collect();
        let area = legend(&area, theme, name, &items)?;
        let labels: Vec<String> = self.rows.iter().map(|r| lang.claim_label(&r.id)).collect();
        let rows: Vec<Row<'_>> = self
            .rows
            .iter()
            .zip(&labels)
            .map(|(r, label)| Row {
                label,
                value: r.effect,
                color: verdict_color(r.verdict),
                band: r.delta.filter(|d| *d > 0.0).map(|d| (-d, d)),
            })
            .collect();
        dot_rows(&area, theme, name, lang.t(Key::Effect), &rows, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Lang;
    use crate::chart::backend::testkit::check_chart;

    #[test]
    fn draws_one_row_per_claim() {
        let rows = vec![
            ForestRow {
                id: "H1-deterrence".into(),
                effect: Interval::new(-0.35, -0.4, -0.3),
                verdict: Verdict::Supported,
                delta: Some(0.1),
            },
            ForestRow {
                id: "H2-chain-ganging".into(),
                effect: Interval::new(0.4, 0.1, 0.7),
                verdict: Verdict::Contradicted,
                delta: Some(0.2),
            },
            ForestRow {
                id: "H3-free-riding".into(),
                effect: Interval::new(0.01, -0.05, 0.07),
                verdict: Verdict::Inconclusive,
                delta: None,
            },
            ForestRow {
                id: "H4-absent".into(),
                effect: Interval::default(),
                verdict: Verdict::Inconclusive,
                delta: None,
            },
        ];
        let chart = ForestChart {
            rows,
            caption: Caption::default(),
        };
        let svg = check_chart(&chart, 1.0, Lang::En);
        for s in [
            "H1-deterrence",
            "H2-chain-ganging",
            "H3-free-riding",
            "supported",
            "contradicted",
            "no meaningful effect",
            "inconclusive",
            "smallest effect that matters",
        ] {
            assert!(svg.contains(s), "{s}");
        }
        let svg = check_chart(&chart, 1.0, Lang::Id);
        assert!(svg.contains("didukung") && svg.contains("dibantah"));
        assert!(svg.contains("tanpa efek berarti"));
    }

    #[test]
    fn rows_carry_the_claim_gist_in_the_chart_language() {
        let chart = ForestChart {
            rows: vec![ForestRow {
                id: "C1".into(),
                effect: Interval::new(-0.35, -0.4, -0.3),
                verdict: Verdict::Supported,
                delta: Some(0.1),
            }],
            caption: Caption::default(),
        };
        assert!(check_chart(&chart, 1.0, Lang::En).contains("C1 · Alliances deter aggressors"));
        assert!(check_chart(&chart, 1.0, Lang::Id).contains("C1 · Aliansi menangkal agresor"));
    }

    #[test]
    fn many_claims_and_no_claims_draw() {
        let rows = (0..40)
            .map(|i| ForestRow {
                id: format!("C{i}"),
                effect: Interval::new(
                    f64::from(i) * 0.01,
                    f64::from(i) * 0.01 - 0.1,
                    f64::from(i) * 0.01 + 0.1,
                ),
                verdict: Verdict::Inconclusive,
                delta: Some(0.05),
            })
            .collect();
        check_chart(
            &ForestChart {
                rows,
                caption: Caption::default(),
            },
            0.6,
            Lang::En,
        );
        assert!(check_chart(&ForestChart::default(), 1.0, Lang::En).contains("No data"));
    }
}
