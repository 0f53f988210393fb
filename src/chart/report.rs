//! `report.html`: one self-contained page per run — inline CSS and SVG, no
//! scripts, no external files — so it opens from disk, mails as one file and
//! prints as it shows.

use std::fmt::Write;

use serde_json::Value;

use super::read::RunData;
use super::text::{Key, Lang};

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

/// The report of a run, with its charts, in `lang`.
pub fn report_html(data: &RunData, charts: &[ReportChart], lang: Lang) -> String {
    let t = |k| lang.t(k);
    let s = &data.scenario;
    let mut h = String::new();
    // Writing to a String cannot fail; the results are ignored for that reason.
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{} — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        lang.code(),
        escape(&s.name),
        t(Key::Report),
    );
    let _ = writeln!(h, "<h1>{}</h1>", escape(&s.name));
    if !s.description.is_empty() {
        let _ = writeln!(h, "<p class=\"description\">{}</p>", escape(&s.description));
    }
    let _ = writeln!(
        h,
        "<p class=\"note\">{}</p>",
        escape(&lang.caption(&s.name, data.replications, data.seed))
    );

    let _ = writeln!(h, "<h2>{}</h2>", t(Key::Charts));
    for c in charts {
        let _ = writeln!(
            h,
            "<figure>\n<h3>{}</h3>\n{}\n<figcaption>{}</figcaption>\n</figure>",
            escape(&c.title),
            c.svg.trim(),
            escape(&c.how_to_read)
        );
    }

    let _ = writeln!(h, "<h2>{}</h2>", t(Key::Summary));
    let _ = writeln!(h, "<p class=\"note\">{}</p>", t(Key::SummaryNote));
    let _ = writeln!(
        h,
        "<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>n</th></tr>",
        t(Key::Metric),
        t(Key::Meaning),
        t(Key::Mean),
        t(Key::Interval95)
    );
    for row in &data.summary {
        let mean = row.value.mean().map_or("—".into(), |m| lang.number(m, 3));
        let ci = row.value.bounds().map_or("—".into(), |(lo, hi)| {
            format!("[{}; {}]", lang.number(lo, 3), lang.number(hi, 3))
        });
        let _ = writeln!(
            h,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"num\">{mean}</td>\
<td class=\"num\">{ci}</td><td class=\"num\">{}</td></tr>",
            escape(&row.metric),
            escape(lang.metric_doc(&row.metric).unwrap_or("")),
            row.n
        );
    }
    h.push_str("</table>\n");

    let _ = writeln!(h, "<h2>{}</h2>", t(Key::Parameters));
    let _ = writeln!(h, "<h3>{}</h3>\n<table>", t(Key::Simulation));
    let rows: [(Key, String); 6] = [
        (Key::Years, data.years.to_string()),
        (Key::Replications, data.replications.to_string()),
        (Key::Seed, data.seed.to_string()),
        (
            Key::ScenarioFile,
            format!("<code>{}</code>", escape(&data.scenario_file)),
        ),
        (
            Key::ScenarioHash,
            format!("<code>{}</code>", escape(&data.scenario_hash)),
        ),
        (
            Key::ToolVersion,
            format!("deterrence {}", escape(&data.version)),
        ),
    ];
    for (k, v) in rows {
        let _ = writeln!(h, "<tr><th>{}</th><td>{v}</td></tr>", t(k));
    }
    h.push_str("</table>\n");

    let w = &s.world;
    let _ = writeln!(h, "<h3>{}</h3>\n<table>", t(Key::World));
    let _ = writeln!(
        h,
        "<tr><th>{}</th><td class=\"num\">{}</td></tr>",
        t(Key::States),
        w.states.len()
    );
    let _ = writeln!(
        h,
        "<tr><th>{}</th><td class=\"num\">{}</td></tr>",
        t(Key::Borders),
        w.borders.len()
    );
    h.push_str("</table>\n");
    let _ = writeln!(h, "<h3>{}</h3>", t(Key::Alliances));
    if w.alliances.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", t(Key::None));
    } else {
        let _ = writeln!(
            h,
            "<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            t(Key::AllianceName),
            t(Key::Kind),
            t(Key::MembersColumn),
            t(Key::Reliability)
        );
        for a in &w.alliances {
            let members: Vec<String> = a
                .members
                .iter()
                .filter_map(|&m| w.states.get(m))
                .map(|st| {
                    if st.name.is_empty() || st.name == st.id {
                        escape(&st.id)
                    } else {
                        format!("{} ({})", escape(&st.name), escape(&st.id))
                    }
                })
                .collect();
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                escape(&a.name),
                escape(&a.kind),
                members.join(", "),
                a.reliability.map_or("—".into(), |r| lang.number(r, 2))
            );
        }
        h.push_str("</table>\n");
    }

    let _ = writeln!(
        h,
        "<h3>{}</h3>\n<table>\n<tr><th>{}</th><th>{}</th></tr>",
        t(Key::ModelParameters),
        t(Key::Parameter),
        t(Key::Setting)
    );
    for (k, v) in &s.model {
        let _ = writeln!(
            h,
            "<tr><td><code>{}</code></td><td class=\"num\">{}</td></tr>",
            escape(k),
            escape(&value_text(v, lang))
        );
    }
    h.push_str("</table>\n</body>\n</html>\n");
    h
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
