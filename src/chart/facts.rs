//! The model against the record: for each statistic of `deterrence facts`, the
//! record's 95 % interval and the model's value with its interval, both as a
//! difference from the recorded value, against a line at zero (as in the record).

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::backend::Chart;
use super::data::Interval;
use super::error::ChartError;
use super::frame::{Mark, legend, no_data, page};
use super::rows::{Row, dot_rows};
use super::style::{DARK_GREY, GREY, Theme, okabe_ito};
use super::text::Key;

/// One statistic: its name, and the record's and the model's values with intervals.
#[derive(Clone, Debug, PartialEq)]
pub struct FactsRow {
    /// The statistic's name.
    pub name: String,
    /// In the record: value, 95 % interval.
    pub observed: [f64; 3],
    /// In the model's run: value, 95 % interval.
    pub model: [f64; 3],
}

/// The data of the chart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FactsChart {
    /// The statistics, top to bottom.
    pub rows: Vec<FactsRow>,
    /// What is compared, under the title.
    pub caption: String,
}

/// `[value, lo, hi]` as a percentage difference from `base`; absent where not finite.
fn relative(x: [f64; 3], base: f64) -> Interval {
    let r = x.map(|v| 100.0 * (v / base - 1.0));
    if r.iter().all(|v| v.is_finite()) {
        Interval::new(r[0], r[1], r[2])
    } else {
        Interval::default()
    }
}

impl Chart for FactsChart {
    fn name(&self) -> &'static str {
        "facts"
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<(), ChartError> {
        let name = self.name();
        let lang = theme.lang;
        let area = page(root, theme, name, lang.t(Key::FactsTitle), &self.caption)?;
        let labels: Vec<[String; 2]> = self
            .rows
            .iter()
            .map(|r| {
                [
                    format!("{} · {}", r.name, lang.t(Key::FactsRecord)),
                    format!("{} · {}", r.name, lang.t(Key::FactsModel)),
                ]
            })
            .collect();
        let mut rows = Vec::new();
        for (r, label) in self.rows.iter().zip(&labels) {
            let base = r.observed[0];
            let (observed, model) = (relative(r.observed, base), relative(r.model, base));
            if observed.mean.is_none() || model.mean.is_none() {
                continue; // nothing recorded to compare with (no wars, a zero share)
            }
            rows.push(Row {
                label: &label[0],
                value: observed,
                color: GREY,
                band: None,
            });
            rows.push(Row {
                label: &label[1],
                value: model,
                color: okabe_ito::BLUE,
                band: None,
            });
        }
        if rows.is_empty() {
            return no_data(&area, theme, name, lang.t(Key::NoData), "");
        }
        let items = [
            (Mark::Dot(GREY), lang.t(Key::FactsRecord).to_string()),
            (
                Mark::Dot(okabe_ito::BLUE),
                lang.t(Key::FactsModel).to_string(),
            ),
            (Mark::Line(DARK_GREY), lang.t(Key::FactsSame).to_string()),
        ];
        let area = legend(&area, theme, name, &items)?;
        dot_rows(&area, theme, name, lang.t(Key::FactsAxis), &rows, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Lang;
    use crate::chart::backend::testkit::check_chart;

    #[test]
    fn draws_the_record_and_the_model_for_each_statistic() {
        let chart = FactsChart {
            rows: vec![
                FactsRow {
                    name: "dispute_rate".into(),
                    observed: [9.8, 8.9, 10.8],
                    model: [13.0, 12.8, 13.2],
                },
                FactsRow {
                    name: "war_duration_mean".into(),
                    observed: [2.3, 1.8, 2.8],
                    model: [1.2, 1.16, 1.21],
                },
                // No wars in the record: left out.
                FactsRow {
                    name: "war_size_mean".into(),
                    observed: [f64::NAN; 3],
                    model: [3.7, 3.6, 3.8],
                },
            ],
            caption: "Europe, 1914 against 1816–1913".into(),
        };
        let svg = check_chart(&chart, 1.0, Lang::En);
        for s in [
            "dispute_rate · record",
            "war_duration_mean · model",
            "1816–1913",
        ] {
            assert!(svg.contains(s), "{s}");
        }
        assert!(!svg.contains("war_size_mean"));
        let svg = check_chart(&chart, 0.6, Lang::Id);
        assert!(svg.contains("catatan"), "Indonesian labels");
        let empty = FactsChart::default();
        check_chart(&empty, 1.0, Lang::En);
    }
}
