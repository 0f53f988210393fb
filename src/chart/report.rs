//! `report.html`: one self-contained page per output directory — inline CSS
//! and SVG, no scripts, no external files — so it opens from disk, mails as
//! one file and prints as it shows.
//!
//! Every command's report is a [`Report`] (a title, paragraphs, charts and
//! sections of tables) rendered by [`Report::to_html`], so all pages share one
//! layout and one escaping rule. What `run` shows is built here from a
//! [`RunData`]; what `compare`, `sweep` and `claims` show is built in
//! `experiment_report`. The parameters a run used come from [`Setup`].

use std::fmt::Write;

use serde_json::Value;

use super::read::{RunData, ScenarioView};
use super::text::{Key, Lang};
use crate::scenario::params::PARAMS;
use crate::story::Story;

/// A chart as the report shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportChart {
    /// The chart's title (the SVG repeats it; this is the section heading).
    pub title: String,
    /// One sentence on how to read the chart.
    pub how_to_read: String,
    /// The SVG document, inlined.
    pub svg: String,
}

/// One cell of a report table; all text is escaped when rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Plain text.
    Text(String),
    /// A name or path, set in code type.
    Code(String),
    /// A number, right-aligned.
    Num(String),
    /// A row heading (for tables of name–value pairs).
    Head(String),
}

/// A table: a header row (may be empty) and rows of cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Column headings; no header row when empty.
    pub header: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

/// A headed part of a report: paragraphs, then a table if there is one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading.
    pub heading: String,
    /// A subsection (`<h3>`) of the section before it, rather than a section (`<h2>`).
    pub sub: bool,
    /// Paragraphs of plain text, shown before the table.
    pub paragraphs: Vec<String>,
    /// The table, if any.
    pub table: Option<Table>,
}

/// A whole report page, in one language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Language of the page (its `lang` attribute and its fixed headings).
    pub lang: Lang,
    /// The page's title and top heading.
    pub title: String,
    /// The scenario's description, shown under the title (none when empty).
    pub description: String,
    /// Short paragraphs under the description: the setup in one line, rules.
    pub notes: Vec<String>,
    /// Sections shown before the charts (the headline results).
    pub lead: Vec<Section>,
    /// The charts, each with its caption, under one "Charts" heading.
    pub charts: Vec<ReportChart>,
    /// The sections after the charts: tables of results, then parameters.
    pub sections: Vec<Section>,
}

/// What every report says about the scenario and settings an experiment used.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Setup {
    /// The resolved scenario (after overrides and defaults).
    pub scenario: ScenarioView,
    /// The scenario file as given on the command line.
    pub scenario_file: String,
    /// SHA-256 of the resolved scenario.
    pub scenario_hash: String,
    /// Version of the tool that wrote the results.
    pub version: String,
    /// Replications per configuration or point.
    pub replications: u32,
    /// Seed shared by every configuration or point.
    pub seed: u64,
    /// Years per replication.
    pub years: u32,
}

const CSS: &str = "body{font-family:'DejaVu Sans',Verdana,'Segoe UI',sans-serif;color:#222;\
max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.45}\
h1{margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ccc;padding-bottom:.2em}\
.description{font-size:1.1em;color:#444}\
figure{margin:1.5em 0}figure svg{width:100%;height:auto;border:1px solid #eee}\
figcaption{color:#444;margin-top:.4em}\
table{border-collapse:collapse;margin:1em 0;font-size:.92em}\
th,td{border:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}\
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
code{font-size:.95em}.note{color:#555;font-size:.92em}";

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl Report {
    /// The page as HTML: every text escaped, every chart's SVG inlined.
    pub fn to_html(&self) -> String {
        let lang = self.lang;
        let mut h = String::new();
        // Writing to a String cannot fail; the results are ignored for that reason.
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{} — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
            lang.code(),
            escape(&self.title),
            lang.t(Key::Report),
        );
        let _ = writeln!(h, "<h1>{}</h1>", escape(&self.title));
        if !self.description.is_empty() {
            let _ = writeln!(
                h,
                "<p class=\"description\">{}</p>",
                escape(&self.description)
            );
        }
        for p in &self.notes {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", escape(p));
        }
        for s in &self.lead {
            section_html(&mut h, s);
        }
        if !self.charts.is_empty() {
            let _ = writeln!(h, "<h2>{}</h2>", lang.t(Key::Charts));
        }
        for c in &self.charts {
            let _ = writeln!(
                h,
                "<figure>\n<h3>{}</h3>\n{}\n<figcaption>{}</figcaption>\n</figure>",
                escape(&c.title),
                svg_body(&c.svg),
                escape(&c.how_to_read)
            );
        }
        for s in &self.sections {
            section_html(&mut h, s);
        }
        h.push_str("</body>\n</html>\n");
        h
    }
}

fn section_html(h: &mut String, s: &Section) {
    let tag = if s.sub { "h3" } else { "h2" };
    let _ = writeln!(h, "<{tag}>{}</{tag}>", escape(&s.heading));
    for p in &s.paragraphs {
        let _ = writeln!(h, "<p>{}</p>", escape(p));
    }
    if let Some(t) = &s.table {
        table_html(h, t);
    }
}

/// The SVG element of a chart document, without the XML declaration a
/// standalone file may carry (it is not allowed inside HTML).
fn svg_body(svg: &str) -> &str {
    let svg = svg.trim();
    match (svg.starts_with("<?xml"), svg.find("<svg")) {
        (true, Some(i)) => &svg[i..],
        _ => svg,
    }
}

fn table_html(h: &mut String, t: &Table) {
    h.push_str("<table>\n");
    if !t.header.is_empty() {
        h.push_str("<tr>");
        for c in &t.header {
            let _ = write!(h, "<th>{}</th>", escape(c));
        }
        h.push_str("</tr>\n");
    }
    for row in &t.rows {
        h.push_str("<tr>");
        for c in row {
            let _ = match c {
                Cell::Text(s) => write!(h, "<td>{}</td>", escape(s)),
                Cell::Code(s) => write!(h, "<td><code>{}</code></td>", escape(s)),
                Cell::Num(s) => write!(h, "<td class=\"num\">{}</td>", escape(s)),
                Cell::Head(s) => write!(h, "<th>{}</th>", escape(s)),
            };
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

/// `[low; high]` in the language's number form, or a dash. The semicolon
/// keeps the bounds apart where the decimal mark is a comma.
pub(crate) fn bounds_text(bounds: Option<(f64, f64)>, lang: Lang, signed: bool) -> String {
    let n = |x| {
        if signed {
            signed_number(x, lang)
        } else {
            lang.number(x, 3)
        }
    };
    bounds.map_or("—".into(), |(lo, hi)| format!("[{}; {}]", n(lo), n(hi)))
}

/// A difference with its sign always shown (`+0.292`, `-0.543`, `0.000`).
pub(crate) fn signed_number(x: f64, lang: Lang) -> String {
    let s = lang.number(x, 3);
    if s.starts_with('-') || s == "—" || s.chars().all(|c| c == '0' || c == '.' || c == ',') {
        s
    } else {
        format!("+{s}")
    }
}

/// The sections on the parameters used: simulation, world, alliances and model.
pub fn parameter_sections(setup: &Setup, lang: Lang) -> Vec<Section> {
    let t = |k| lang.t(k).to_string();
    let s = &setup.scenario;
    let pair = |k: Key, v: Cell| vec![Cell::Head(t(k)), v];
    let simulation = Table {
        header: Vec::new(),
        rows: vec![
            pair(Key::Years, Cell::Text(setup.years.to_string())),
            pair(
                Key::Replications,
                Cell::Text(setup.replications.to_string()),
            ),
            pair(Key::Seed, Cell::Text(setup.seed.to_string())),
            pair(Key::ScenarioFile, Cell::Code(setup.scenario_file.clone())),
            pair(Key::ScenarioHash, Cell::Code(setup.scenario_hash.clone())),
            pair(
                Key::ToolVersion,
                Cell::Text(format!("deterrence {}", setup.version)),
            ),
        ],
    };
    let w = &s.world;
    let world = Table {
        header: Vec::new(),
        rows: vec![
            pair(Key::States, Cell::Num(w.states.len().to_string())),
            pair(Key::Borders, Cell::Num(w.borders.len().to_string())),
        ],
    };
    let alliances = if w.alliances.is_empty() {
        Section {
            heading: t(Key::Alliances),
            sub: true,
            paragraphs: vec![t(Key::None)],
            table: None,
        }
    } else {
        let rows = w
            .alliances
            .iter()
            .map(|a| {
                let members: Vec<String> = a
                    .members
                    .iter()
                    .filter_map(|&m| w.states.get(m))
                    .map(|st| {
                        if st.name.is_empty() || st.name == st.id {
                            st.id.clone()
                        } else {
                            format!("{} ({})", st.name, st.id)
                        }
                    })
                    .collect();
                vec![
                    Cell::Text(a.name.clone()),
                    Cell::Text(a.kind.clone()),
                    Cell::Text(members.join(", ")),
                    Cell::Num(a.reliability.map_or("—".into(), |r| lang.number(r, 2))),
                ]
            })
            .collect();
        Section {
            heading: t(Key::Alliances),
            sub: true,
            paragraphs: Vec::new(),
            table: Some(Table {
                header: vec![
                    t(Key::AllianceName),
                    t(Key::Kind),
                    t(Key::MembersColumn),
                    t(Key::Reliability),
                ],
                rows,
            }),
        }
    };
    // What each parameter does and its default, so a reader sees what was changed.
    let model = Table {
        header: vec![
            t(Key::Parameter),
            t(Key::Setting),
            t(Key::Default),
            t(Key::ParameterMeaning),
        ],
        rows: s
            .model
            .iter()
            .map(|(k, v)| {
                let def = PARAMS.iter().find(|p| p.name == k.as_str());
                vec![
                    Cell::Code(k.clone()),
                    Cell::Num(value_text(v, lang)),
                    Cell::Num(
                        def.map_or("—".into(), |d| value_text(&Value::from(d.default), lang)),
                    ),
                    Cell::Text(def.map_or(String::new(), |d| d.doc.trim().to_string())),
                ]
            })
            .collect(),
    };
    let sub = |k: Key, table: Table| Section {
        heading: t(k),
        sub: true,
        paragraphs: Vec::new(),
        table: Some(table),
    };
    vec![
        Section {
            heading: t(Key::Parameters),
            ..Section::default()
        },
        sub(Key::Simulation, simulation),
        sub(Key::World, world),
        alliances,
        sub(Key::ModelParameters, model),
    ]
}

/// The report of a run, with its charts, in `lang`.
pub fn report_html(data: &RunData, charts: &[ReportChart], lang: Lang) -> String {
    let t = |k| lang.t(k).to_string();
    let s = &data.scenario;
    let summary = Table {
        header: vec![
            t(Key::Metric),
            t(Key::Meaning),
            t(Key::Mean),
            t(Key::Interval95),
            "n".into(),
        ],
        rows: data
            .summary
            .iter()
            .map(|row| {
                vec![
                    Cell::Code(row.metric.clone()),
                    Cell::Text(lang.metric_doc(&row.metric).unwrap_or("").to_string()),
                    Cell::Num(row.value.mean().map_or("—".into(), |m| lang.number(m, 3))),
                    Cell::Num(bounds_text(row.value.bounds(), lang, false)),
                    Cell::Num(row.n.to_string()),
                ]
            })
            .collect(),
    };
    let setup = Setup {
        scenario: s.clone(),
        scenario_file: data.scenario_file.clone(),
        scenario_hash: data.scenario_hash.clone(),
        version: data.version.clone(),
        replications: data.replications,
        seed: data.seed,
        years: data.years,
    };
    let lead = vec![Section {
        heading: t(Key::Summary),
        sub: false,
        paragraphs: vec![t(Key::SummaryNote)],
        table: Some(summary),
    }];
    let mut sections: Vec<Section> = data
        .story
        .as_ref()
        .map(|story| story_section(story, lang))
        .into_iter()
        .collect();
    sections.extend(parameter_sections(&setup, lang));
    Report {
        lang,
        title: s.name.clone(),
        description: s.description.clone(),
        notes: vec![lang.caption(&s.name, data.replications, data.seed)],
        lead,
        charts: charts.to_vec(),
        sections,
    }
    .to_html()
}

/// Most events of the first replication the run report lists.
const STORY_LINES: usize = 60;

/// The story of replication 0 as the run report's timeline (its first
/// `STORY_LINES` events), pointing to `deterrence story` for the rest.
pub fn story_section(story: &Story, lang: Lang) -> Section {
    timeline(story, "DIR", lang, (1, story.years), Some(STORY_LINES))
}

/// The story of years `from` to `to` as one timeline section, every event.
pub fn story_section_years(story: &Story, source: &str, lang: Lang, from: u32, to: u32) -> Section {
    timeline(story, source, lang, (from, to), None)
}

fn timeline(
    story: &Story,
    source: &str,
    lang: Lang,
    (from, to): (u32, u32),
    cap: Option<usize>,
) -> Section {
    // Only as many events as are shown are told (plus one, to know there are more).
    let lines = story.lines_at_most(lang, from, to, cap.map_or(usize::MAX, |c| c + 1));
    let shown = cap.map_or(lines.len(), |c| lines.len().min(c));
    let command = format!(
        "deterrence story {source} --replication {}",
        story.replication
    );
    let dir_note = match (cap.is_some(), lang) {
        (false, _) => "",
        (true, Lang::En) => " (DIR being this run's folder)",
        (true, Lang::Id) => " (DIR adalah folder run ini)",
    };
    let mut paragraphs = vec![story.summary(lang)];
    if cap.is_some() {
        paragraphs.push(match lang {
            Lang::En if shown < lines.len() => format!(
                "The first {shown} events; `{command}`{dir_note} tells them all, and any other replication."
            ),
            Lang::En => format!(
                "Every event, year by year; `{command}`{dir_note} tells it on the terminal, and any other replication."
            ),
            Lang::Id if shown < lines.len() => format!(
                "{shown} peristiwa pertama; `{command} --lang id`{dir_note} menceritakan semuanya, juga replikasi lain mana pun."
            ),
            Lang::Id => format!(
                "Semua peristiwa, tahun demi tahun; `{command} --lang id`{dir_note} menceritakannya di terminal, juga replikasi lain mana pun."
            ),
        });
    }
    if lines.is_empty() {
        paragraphs.push(match lang {
            Lang::En => "Nothing happened: not one crisis in these years.".into(),
            Lang::Id => "Tidak terjadi apa-apa: tak satu krisis pun pada tahun-tahun ini.".into(),
        });
    }
    let rows = lines
        .iter()
        .take(shown)
        .map(|l| {
            let text = if l.depth == 0 {
                l.text.clone()
            } else {
                format!("↳ {}", l.text)
            };
            vec![Cell::Num(l.year.to_string()), Cell::Text(text)]
        })
        .collect();
    let (year, what) = match lang {
        Lang::En => ("Year", "What happened"),
        Lang::Id => ("Tahun", "Yang terjadi"),
    };
    Section {
        heading: match lang {
            Lang::En => format!(
                "The story of replication {}, year by year",
                story.replication
            ),
            Lang::Id => format!("Kisah replikasi {}, tahun demi tahun", story.replication),
        },
        sub: false,
        paragraphs,
        table: (!lines.is_empty()).then(|| Table {
            header: vec![year.into(), what.into()],
            rows,
        }),
    }
}

/// A parameter's value as a reader expects it (numbers in the language's form).
fn value_text(v: &Value, lang: Lang) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => match (lang, n.as_f64()) {
            (Lang::Id, Some(_)) => n.to_string().replace('.', ","),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Interval;
    use crate::chart::read::{ScenarioView, SummaryRow};

    fn data() -> RunData {
        let mut model = serde_json::Map::new();
        model.insert("perception_noise".into(), serde_json::json!(0.4));
        RunData {
            scenario: ScenarioView {
                name: "Côte d'Ivoire & <Türkiye>".into(),
                description: "A \"test\" world".into(),
                model,
                ..ScenarioView::default()
            },
            summary: vec![SummaryRow {
                metric: "war_onset_rate".into(),
                value: Interval::new(0.069, 0.061, 0.076),
                n: 200,
            }],
            replications: 200,
            seed: 42,
            ..RunData::default()
        }
    }

    #[test]
    fn the_report_is_self_contained_and_escaped() {
        let chart = ReportChart {
            title: "Onset".into(),
            how_to_read: "Read it.".into(),
            svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>".into(),
        };
        let html = report_html(&data(), &[chart], Lang::En);
        assert!(html.contains("<h1>Côte d&#39;Ivoire &amp; &lt;Türkiye&gt;</h1>"));
        assert!(html.contains("A &quot;test&quot; world"));
        assert!(html.contains("<svg xmlns"));
        assert!(html.contains("<figcaption>Read it.</figcaption>"));
        assert!(html.contains("[0.061; 0.076]"));
        assert!(html.contains("perception_noise"));
        for banned in ["<script", "src=", "href=", "<link"] {
            assert!(!html.contains(banned), "{banned}");
        }
        let id = report_html(&data(), &[], Lang::Id);
        assert!(id.contains("<html lang=\"id\">"));
        assert!(id.contains("Ringkasan atas replikasi"));
        assert!(id.contains("0,069") && id.contains(">0,4<"));
    }
}
