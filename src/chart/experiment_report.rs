//! The reports of `compare`, `sweep` and `claims`: what each page shows, built
//! from plain results and the charts' SVG, and laid out by `report::Report`
//! like the report of a run.

use super::verdicts::verdict_symbol;
use crate::claims::ClaimResult;

use super::data::Interval;
use super::report::{
    Cell, Report, ReportChart, Section, Setup, Table, bounds_text, parameter_sections,
    signed_number,
};
use super::text::{Key, Lang};

/// One configuration of a comparison, as its report names it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConfigurationView {
    /// The label tables and charts use.
    pub label: String,
    /// The scenario file it comes from.
    pub file: String,
    /// Its changes to the file's scenario (a variant's `set`), as `path = value`.
    pub overrides: Vec<String>,
}

/// One metric of a comparison: its chart and every configuration's estimate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompareMetric {
    /// The metric's name.
    pub metric: String,
    /// The chart of the metric, as SVG.
    pub svg: String,
    /// Per configuration, in order: the mean with its interval, and the
    /// difference from the first configuration paired by replication (none for the first).
    pub rows: Vec<(Interval, Option<Interval>)>,
}

/// Everything the report of a comparison shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompareReport {
    /// The first configuration's scenario and the shared settings.
    pub setup: Setup,
    /// The configurations, the first being the baseline.
    pub configurations: Vec<ConfigurationView>,
    /// The metrics shown.
    pub metrics: Vec<CompareMetric>,
    /// The chart of every configuration's onset rate over time, as SVG.
    pub onset_svg: Option<String>,
}

/// One metric of a sweep: its chart and its estimate at every point.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SweepMetric {
    /// The metric's name.
    pub metric: String,
    /// The chart of the metric (a line, or a heatmap over a grid), as SVG.
    pub svg: String,
    /// The estimate at each point, in the order of [`SweepReport::points`].
    pub values: Vec<Interval>,
}

/// Everything the report of a sweep shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SweepReport {
    /// The scenario before the sweep, and the shared settings.
    pub setup: Setup,
    /// The parameters varied, each with its values as given.
    pub parameters: Vec<(String, Vec<String>)>,
    /// The points: one value per parameter.
    pub points: Vec<Vec<String>>,
    /// The metrics shown.
    pub metrics: Vec<SweepMetric>,
}

/// Everything the claims report shows.
#[derive(Clone, Debug)]
pub struct ClaimsReport<'a> {
    /// The scenario the claims were tested on, and the shared settings.
    pub setup: Setup,
    /// Every claim's result, in report order.
    pub results: &'a [ClaimResult],
    /// The forest plot, as SVG.
    pub forest_svg: String,
    /// Why no experiment could be run, when none could.
    pub not_applicable: Option<String>,
    /// δ, the smallest effect that matters, as a share of the control's mean.
    pub min_effect: f64,
}

/// The heading of a metric's section: its name and what it measures.
fn metric_heading(metric: &str, lang: Lang) -> String {
    match lang.metric_doc(metric) {
        Some(doc) => format!("{metric} — {doc}"),
        None => metric.to_string(),
    }
}

fn mean_text(v: &Interval, lang: Lang) -> String {
    v.mean().map_or("—".into(), |m| lang.number(m, 3))
}

/// The first paragraphs of every experiment's report: the caption line, then `intro`.
fn notes(setup: &Setup, lang: Lang, intro: String) -> Vec<String> {
    vec![
        lang.caption(&setup.scenario.name, setup.replications, setup.seed),
        intro,
    ]
}

fn chart(title: String, reading: Key, svg: &str, lang: Lang) -> ReportChart {
    ReportChart {
        title,
        how_to_read: lang.t(reading).to_string(),
        svg: svg.to_string(),
    }
}

impl CompareReport {
    /// The report page in `lang`.
    pub fn report(&self, lang: Lang) -> Report {
        let t = |k| lang.t(k).to_string();
        let s = &self.setup;
        let baseline = self
            .configurations
            .first()
            .map_or(String::new(), |c| c.label.clone());
        let mut charts: Vec<ReportChart> = self
            .metrics
            .iter()
            .map(|m| {
                chart(
                    lang.compare_title(&m.metric),
                    Key::ReadCompare,
                    &m.svg,
                    lang,
                )
            })
            .collect();
        if let Some(svg) = &self.onset_svg {
            charts.push(chart(
                t(Key::CompareSeriesTitle),
                Key::ReadCompareSeries,
                svg,
                lang,
            ));
        }
        let mut sections = vec![Section {
            heading: t(Key::Results),
            paragraphs: vec![t(Key::CompareResultsNote)],
            ..Section::default()
        }];
        for m in &self.metrics {
            let rows = self
                .configurations
                .iter()
                .zip(&m.rows)
                .map(|(c, (value, diff))| {
                    let (d, dci) = match diff {
                        Some(d) => (
                            d.mean().map_or("—".into(), |x| signed_number(x, lang)),
                            bounds_text(d.bounds(), lang, true),
                        ),
                        None => (String::new(), String::new()),
                    };
                    vec![
                        Cell::Text(c.label.clone()),
                        Cell::Num(mean_text(value, lang)),
                        Cell::Num(bounds_text(value.bounds(), lang, false)),
                        Cell::Num(d),
                        Cell::Num(dci),
                    ]
                })
                .collect();
            sections.push(Section {
                heading: metric_heading(&m.metric, lang),
                sub: true,
                paragraphs: Vec::new(),
                table: Some(Table {
                    header: vec![
                        t(Key::Configuration),
                        t(Key::Mean),
                        t(Key::Interval95),
                        lang.difference_vs(&baseline),
                        t(Key::Interval95),
                    ],
                    rows,
                }),
            });
        }
        sections.push(Section {
            heading: t(Key::Configurations),
            table: Some(Table {
                header: vec![t(Key::Configuration), t(Key::Source), t(Key::Changes)],
                rows: self
                    .configurations
                    .iter()
                    .map(|c| {
                        let changes = if c.overrides.is_empty() {
                            Cell::Text(t(Key::AsWritten))
                        } else {
                            Cell::Code(c.overrides.join("; "))
                        };
                        vec![
                            Cell::Text(c.label.clone()),
                            Cell::Code(c.file.clone()),
                            changes,
                        ]
                    })
                    .collect(),
            }),
            ..Section::default()
        });
        sections.extend(parameter_sections(s, lang));
        Report {
            lang,
            title: lang.compare_report_title(&s.scenario.name),
            description: s.scenario.description.clone(),
            notes: notes(
                s,
                lang,
                lang.compare_intro(self.configurations.len(), s.years),
            ),
            lead: Vec::new(),
            charts,
            sections,
        }
    }
}

impl SweepReport {
    /// The report page in `lang`.
    pub fn report(&self, lang: Lang) -> Report {
        let t = |k| lang.t(k).to_string();
        let s = &self.setup;
        let paths: Vec<&str> = self.parameters.iter().map(|(p, _)| p.as_str()).collect();
        let charts = self
            .metrics
            .iter()
            .map(|m| match paths[..] {
                [x, y] => chart(
                    lang.heatmap_title(&m.metric, x, y),
                    Key::ReadHeatmap,
                    &m.svg,
                    lang,
                ),
                _ => chart(
                    lang.sweep_title(&m.metric, &paths.join(" × ")),
                    Key::ReadSweep,
                    &m.svg,
                    lang,
                ),
            })
            .collect();
        let mut sections = vec![Section {
            heading: t(Key::Results),
            paragraphs: vec![t(Key::SweepResultsNote)],
            ..Section::default()
        }];
        for m in &self.metrics {
            let mut header: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
            header.extend([t(Key::Mean), t(Key::Interval95)]);
            let rows = self
                .points
                .iter()
                .zip(&m.values)
                .map(|(point, value)| {
                    let mut row: Vec<Cell> = point.iter().map(|v| Cell::Num(v.clone())).collect();
                    row.push(Cell::Num(mean_text(value, lang)));
                    row.push(Cell::Num(bounds_text(value.bounds(), lang, false)));
                    row
                })
                .collect();
            sections.push(Section {
                heading: metric_heading(&m.metric, lang),
                sub: true,
                paragraphs: Vec::new(),
                table: Some(Table { header, rows }),
            });
        }
        sections.push(Section {
            heading: t(Key::ParametersVaried),
            table: Some(Table {
                header: vec![t(Key::Parameter), t(Key::Values)],
                rows: self
                    .parameters
                    .iter()
                    .map(|(p, values)| vec![Cell::Code(p.clone()), Cell::Num(values.join(", "))])
                    .collect(),
            }),
            ..Section::default()
        });
        let mut parameters = parameter_sections(s, lang);
        if let Some(first) = parameters.first_mut() {
            first.paragraphs.push(t(Key::SweepBaseNote));
        }
        sections.extend(parameters);
        Report {
            lang,
            title: lang.sweep_report_title(&s.scenario.name),
            description: s.scenario.description.clone(),
            notes: notes(
                s,
                lang,
                lang.sweep_intro(&paths.join(" × "), self.points.len(), s.years),
            ),
            lead: Vec::new(),
            charts,
            sections,
        }
    }
}

/// The claims table of one world: a row per claim.
fn claims_table(results: &[ClaimResult], lang: Lang) -> Table {
    let t = |k| lang.t(k).to_string();
    let number = |x: Option<f64>| x.map_or("—".into(), |x| lang.number(x, 3));
    let rows = results
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.def.id.to_string()),
                Cell::Text(r.def.claim.to_string()),
                Cell::Code(r.def.metric.to_string()),
                Cell::Num(number(r.control_mean)),
                Cell::Num(number(r.treatment_mean)),
                Cell::Num(r.effect.map_or("—".into(), |e| signed_number(e, lang))),
                Cell::Num(bounds_text(r.ci, lang, true)),
                Cell::Num(r.delta.map_or("—".into(), |d| lang.number(d, 3))),
                Cell::Text(lang.verdict(r.verdict).to_string()),
                Cell::Text(r.pledges.as_ref().map_or(String::new(), |p| {
                    format!(
                        "{} {}: {}",
                        p.effect.map_or("—".into(), |e| signed_number(e, lang)),
                        bounds_text(p.ci, lang, true),
                        lang.verdict(p.verdict)
                    )
                })),
            ]
        })
        .collect();
    Table {
        header: vec![
            t(Key::Id),
            t(Key::Claim),
            t(Key::Metric),
            t(Key::Control),
            t(Key::ScenarioColumn),
            t(Key::EffectColumn),
            t(Key::Interval95),
            "δ".to_string(),
            t(Key::VerdictColumn),
            t(Key::PledgesColumn),
        ],
        rows,
    }
}

/// The notes on one world's verdicts (K4's threshold, C2's pooled rate, …), if any.
fn claims_details(results: &[ClaimResult], lang: Lang, heading: String) -> Option<Section> {
    let t = |k| lang.t(k).to_string();
    let details: Vec<Vec<Cell>> = results
        .iter()
        .filter(|r| !r.detail.trim().is_empty())
        .map(|r| {
            vec![
                Cell::Text(r.def.id.to_string()),
                Cell::Text(lang.verdict(r.verdict).to_string()),
                Cell::Text(r.detail.clone()),
            ]
        })
        .collect();
    (!details.is_empty()).then(|| Section {
        heading,
        table: Some(Table {
            header: vec![t(Key::Id), t(Key::VerdictColumn), t(Key::Note)],
            rows: details,
        }),
        ..Section::default()
    })
}

impl ClaimsReport<'_> {
    /// The report page in `lang`.
    pub fn report(&self, lang: Lang) -> Report {
        let t = |k| lang.t(k).to_string();
        let s = &self.setup;
        let mut paragraphs = vec![t(Key::ClaimsTableNote)];
        if lang == Lang::Id {
            paragraphs.push(t(Key::ClaimsEnglishNote));
        }
        let mut sections = vec![Section {
            heading: t(Key::Claims),
            sub: false,
            paragraphs,
            table: Some(claims_table(self.results, lang)),
        }];
        sections.extend(claims_details(self.results, lang, t(Key::Notes)));
        sections.extend(parameter_sections(s, lang));
        let mut notes = notes(s, lang, lang.verdict_rule(self.min_effect));
        if let Some(why) = &self.not_applicable {
            notes.push(format!("{}: {why}", t(Key::NothingToMeasure)));
        }
        // With nothing measured the forest plot is empty; it is still shown,
        // as it is in `charts/`, so the page lists every chart written.
        let charts = vec![chart(
            t(Key::ForestTitle),
            Key::ReadForest,
            &self.forest_svg,
            lang,
        )];
        Report {
            lang,
            title: lang.claims_report_title(&s.scenario.name),
            description: s.scenario.description.clone(),
            notes,
            lead: Vec::new(),
            charts,
            sections,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::read::ScenarioView;

    fn setup() -> Setup {
        Setup {
            scenario: ScenarioView {
                name: "Côte d'Ivoire & <Türkiye>".into(),
                description: "A world".into(),
                ..ScenarioView::default()
            },
            replications: 30,
            seed: 7,
            years: 40,
            ..Setup::default()
        }
    }

    const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>";

    #[test]
    fn a_comparison_shows_configurations_charts_and_paired_differences() {
        let report = CompareReport {
            setup: setup(),
            configurations: vec![
                ConfigurationView {
                    label: "baseline".into(),
                    file: "a.toml".into(),
                    overrides: Vec::new(),
                },
                ConfigurationView {
                    label: "<none>".into(),
                    file: "a.toml".into(),
                    overrides: vec!["alliances = []".into()],
                },
            ],
            metrics: vec![CompareMetric {
                metric: "war_onset_rate".into(),
                svg: SVG.into(),
                rows: vec![
                    (Interval::new(0.1, 0.05, 0.15), None),
                    (
                        Interval::new(0.4, 0.3, 0.5),
                        Some(Interval::new(0.3, 0.25, 0.35)),
                    ),
                ],
            }],
            onset_svg: Some(SVG.into()),
        };
        let html = report.report(Lang::En).to_html();
        assert!(html.contains("<h1>Comparison: Côte d&#39;Ivoire &amp; &lt;Türkiye&gt;</h1>"));
        assert_eq!(html.matches("<svg").count(), 2);
        assert_eq!(html.matches("<figcaption>").count(), 2);
        assert!(html.contains("<td>&lt;none&gt;</td>"));
        assert!(html.contains("<code>alliances = []</code>"));
        assert!(html.contains("+0.300") && html.contains("[+0.250; +0.350]"));
        assert!(html.contains("Difference vs baseline"));
        let id = report.report(Lang::Id).to_html();
        assert!(id.contains("Perbandingan: ") && id.contains("[+0,250; +0,350]"));
        assert!(id.contains("Konfigurasi yang dibandingkan"));
    }

    #[test]
    fn a_sweep_shows_every_point_of_every_metric() {
        let report = SweepReport {
            setup: setup(),
            parameters: vec![("model.stakes".into(), vec!["0.1".into(), "0.3".into()])],
            points: vec![vec!["0.1".into()], vec!["0.3".into()]],
            metrics: vec![SweepMetric {
                metric: "honour_rate".into(),
                svg: SVG.into(),
                values: vec![Interval::new(0.5, 0.4, 0.6), Interval::default()],
            }],
        };
        let html = report.report(Lang::En).to_html();
        assert!(html.contains("Honour rate as the stakes varies"));
        assert!(html.contains("<td class=\"num\">0.3</td><td class=\"num\">—</td>"));
        assert!(html.contains("[0.400; 0.600]"));
        assert!(html.contains("<code>model.stakes</code>"));
    }

    #[test]
    fn an_empty_report_renders_without_headings_for_what_it_lacks() {
        let html = Report::default().to_html();
        assert!(!html.contains("<h2>"));
        assert!(html.ends_with("</html>\n"));
    }
}

/// One world of a claims matrix.
#[derive(Clone, Debug)]
pub struct WorldClaims<'a> {
    /// The world's scenario and settings.
    pub setup: Setup,
    /// Its results, one per claim.
    pub results: &'a [ClaimResult],
    /// Why no experiment could be run on it, when none could.
    pub not_applicable: Option<String>,
}

/// The data of the report of `claims` on several worlds.
#[derive(Clone, Debug)]
pub struct ClaimsMatrixReport<'a> {
    /// The worlds, in the order given.
    pub worlds: Vec<WorldClaims<'a>>,
    /// The verdict matrix, as SVG.
    pub matrix_svg: String,
    /// δ, the smallest effect that matters, as a share of the control's mean.
    pub min_effect: f64,
}

impl ClaimsMatrixReport<'_> {
    /// The report page in `lang`.
    pub fn report(&self, lang: Lang) -> Report {
        let t = |k| lang.t(k).to_string();
        let Some(first) = self.worlds.first() else {
            return Report {
                lang,
                title: t(Key::VerdictMatrixTitle),
                ..Report::default()
            };
        };
        let names: Vec<String> = self
            .worlds
            .iter()
            .map(|w| w.setup.scenario.name.clone())
            .collect();
        let matrix_rows: Vec<Vec<Cell>> = first
            .results
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut row = vec![
                    Cell::Text(r.def.id.to_string()),
                    Cell::Text(lang.claim_gist(r.def.id).unwrap_or(r.def.claim).to_string()),
                ];
                row.extend(self.worlds.iter().map(|w| {
                    Cell::Text(w.results.get(i).map_or(String::new(), |r| {
                        format!("{} {}", verdict_symbol(r.verdict), lang.verdict(r.verdict))
                    }))
                }));
                row
            })
            .collect();
        let mut header = vec![t(Key::Id), t(Key::Claim)];
        header.extend(names.iter().cloned());
        let mut sections = vec![Section {
            heading: t(Key::VerdictMatrixTitle),
            paragraphs: vec![t(Key::MatrixNote)],
            table: Some(Table {
                header,
                rows: matrix_rows,
            }),
            ..Section::default()
        }];
        let worlds_rows = self
            .worlds
            .iter()
            .map(|w| {
                vec![
                    Cell::Text(w.setup.scenario.name.clone()),
                    Cell::Code(w.setup.scenario_file.clone()),
                    Cell::Num(w.setup.years.to_string()),
                    Cell::Code(w.setup.scenario_hash.clone()),
                ]
            })
            .collect();
        sections.push(Section {
            heading: t(Key::Worlds),
            table: Some(Table {
                header: vec![
                    t(Key::World),
                    t(Key::ScenarioFile),
                    t(Key::Years),
                    t(Key::ScenarioHash),
                ],
                rows: worlds_rows,
            }),
            ..Section::default()
        });
        for w in &self.worlds {
            let mut paragraphs = vec![t(Key::ClaimsTableNote)];
            if lang == Lang::Id {
                paragraphs.push(t(Key::ClaimsEnglishNote));
            }
            if let Some(why) = &w.not_applicable {
                paragraphs.push(format!("{}: {why}", t(Key::NothingToMeasure)));
            }
            sections.push(Section {
                heading: format!("{}: {}", t(Key::Claims), w.setup.scenario.name),
                paragraphs,
                table: Some(claims_table(w.results, lang)),
                ..Section::default()
            });
            if let Some(mut notes) = claims_details(w.results, lang, t(Key::Notes)) {
                notes.sub = true;
                sections.push(notes);
            }
        }
        Report {
            lang,
            title: lang.claims_matrix_title(self.worlds.len()),
            description: String::new(),
            notes: vec![
                lang.caption(
                    &names.join(", "),
                    first.setup.replications,
                    first.setup.seed,
                ),
                lang.verdict_rule(self.min_effect),
            ],
            lead: Vec::new(),
            charts: vec![chart(
                t(Key::VerdictMatrixTitle),
                Key::ReadMatrix,
                &self.matrix_svg,
                lang,
            )],
            sections,
        }
    }
}

/// One claim's row in the robustness report.
#[derive(Clone, Debug)]
pub struct RobustnessRow {
    /// The claim's ID.
    pub id: String,
    /// The claim, in English.
    pub claim: String,
    /// Parameter sets per verdict, in [`Verdict::ALL`](crate::stats::Verdict::ALL) order.
    pub counts: [u32; 5],
    /// The strongest clear driver, in words ("none clear" when there is none).
    pub driver: String,
    /// Where the verdict flips, in words, if it does.
    pub flip: Option<String>,
}

/// The data of the report of `claims --robustness`.
#[derive(Clone, Debug)]
pub struct RobustnessReport {
    /// The scenario and the settings of every set.
    pub setup: Setup,
    /// Where the sets come from, in words.
    pub design: String,
    /// Each parameter varied, with the lowest and highest value drawn.
    pub params: Vec<(String, f64, f64)>,
    /// Every claim.
    pub rows: Vec<RobustnessRow>,
    /// The verdict shares chart, as SVG.
    pub shares_svg: String,
    /// The drivers chart, as SVG.
    pub drivers_svg: String,
    /// δ, the smallest effect that matters, as a share of the control's mean.
    pub min_effect: f64,
}

impl RobustnessReport {
    /// The report page in `lang`.
    pub fn report(&self, lang: Lang) -> Report {
        let t = |k| lang.t(k).to_string();
        let s = &self.setup;
        let share = |c: u32, total: u32| {
            format!(
                "{} %",
                lang.number(100.0 * f64::from(c) / f64::from(total.max(1)), 0)
            )
        };
        let mut header = vec![t(Key::Id), t(Key::Claim)];
        header.extend(
            crate::stats::Verdict::ALL
                .iter()
                .map(|v| lang.verdict(*v).to_string()),
        );
        header.extend([t(Key::StrongestDriver), t(Key::WhereItFlips)]);
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let total: u32 = r.counts.iter().sum();
                let mut row = vec![Cell::Text(r.id.clone()), Cell::Text(r.claim.clone())];
                row.extend(r.counts.iter().map(|&c| Cell::Num(share(c, total))));
                row.push(Cell::Code(r.driver.clone()));
                row.push(Cell::Text(r.flip.clone().unwrap_or_else(|| "—".into())));
                row
            })
            .collect();
        let mut paragraphs = vec![t(Key::RobustnessTableNote)];
        if lang == Lang::Id {
            paragraphs.push(t(Key::ClaimsEnglishNote));
        }
        let mut sections = vec![Section {
            heading: t(Key::Claims),
            paragraphs,
            table: Some(Table { header, rows }),
            ..Section::default()
        }];
        sections.push(Section {
            heading: t(Key::ParametersVaried),
            paragraphs: vec![self.design.clone()],
            table: Some(Table {
                header: vec![t(Key::Parameter), t(Key::LowestDrawn), t(Key::HighestDrawn)],
                rows: self
                    .params
                    .iter()
                    .map(|(p, lo, hi)| {
                        vec![
                            Cell::Code(p.clone()),
                            Cell::Num(lang.number(*lo, 3)),
                            Cell::Num(lang.number(*hi, 3)),
                        ]
                    })
                    .collect(),
            }),
            ..Section::default()
        });
        sections.extend(parameter_sections(s, lang));
        Report {
            lang,
            title: lang.robustness_report_title(&s.scenario.name, self.params.len()),
            description: s.scenario.description.clone(),
            notes: notes(s, lang, lang.verdict_rule(self.min_effect)),
            lead: Vec::new(),
            charts: vec![
                chart(
                    t(Key::RobustnessTitle),
                    Key::ReadRobustness,
                    &self.shares_svg,
                    lang,
                ),
                chart(
                    t(Key::DriversTitle),
                    Key::ReadDrivers,
                    &self.drivers_svg,
                    lang,
                ),
            ],
            sections,
        }
    }
}
