//! `deterrence facts`: the statistics of militarized disputes and wars, with
//! bootstrap intervals, from a period of the Correlates of War record
//! (`--cow DIR`), from a finished run's records (`DIR`), or both side by side;
//! printed and written as `facts.csv` and `facts.md`. Both sides are computed
//! by one function of the library ([`deterrence::facts::compute`]).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;

use deterrence::chart::{
    Cell, FactsChart, FactsRow, Report, ReportChart, Section, Table, Theme, render, render_svg,
};
use deterrence::facts::{self, Estimate, STATISTICS};
use deterrence::output::csv::{CsvWriter, number};
use deterrence::output::{FACTS_FILE, FACTS_MD_FILE, write_atomic};

use super::BadInput;
use super::args::FactsArgs;

/// A value for people: shares as percentages, the rest with two decimals.
fn show(x: f64, unit: &str) -> String {
    if x.is_nan() {
        "—".to_string()
    } else if unit == "share" {
        format!("{:.1} %", 100.0 * x)
    } else {
        format!("{x:.2}")
    }
}

fn interval(e: &Estimate, unit: &str) -> String {
    if e.lo.is_nan() {
        String::new()
    } else {
        format!("[{}, {}]", show(e.lo, unit), show(e.hi, unit))
    }
}

/// One side of the table: what it is and its estimates.
struct Side {
    /// What the side is, in a few words.
    label: String,
    title: String,
    estimates: Vec<Estimate>,
}

/// The run's years and name, from its manifest.
fn run_manifest(dir: &Path) -> Result<(u32, String)> {
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        BadInput(format!(
            "{}: cannot read it ({e}); expected the output directory of a finished `deterrence run`",
            path.display()
        ))
    })?;
    let m: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| BadInput(format!("{}: not a run's manifest: {e}", path.display())))?;
    let years = m["years"].as_u64().and_then(|y| u32::try_from(y).ok());
    let name = m["scenario"]["name"]
        .as_str()
        .unwrap_or("a run")
        .to_string();
    // A run's manifest names its command (older ones none); compare, sweep and claims name theirs.
    match (m["command"].as_str(), years) {
        (None | Some("run"), Some(y)) if y > 0 => Ok((y, name)),
        _ => Err(BadInput(format!(
            "{}: not the manifest of a `deterrence run` (compare, sweep and claims keep no records)",
            path.display()
        ))
        .into()),
    }
}

/// Computes the statistics asked for, prints them and writes them.
pub fn facts(args: &FactsArgs, argv: &[String]) -> Result<()> {
    if args.from > args.to {
        return Err(BadInput(format!(
            "--from {} is after --to {}: the period must run forward",
            args.from, args.to
        ))
        .into());
    }
    let mut observed = None;
    if let Some(cow) = &args.cow {
        let sample = facts::cow::read(cow, args.from, args.to)?;
        let wars = sample.disputes.iter().filter(|d| d.war()).count();
        observed = Some(Side {
            label: format!("Correlates of War {}–{}", args.from, args.to),
            title: format!(
                "Correlates of War, {}–{}: {} state-years, {} militarized disputes, {} at war level",
                args.from,
                args.to,
                sample.state_years,
                sample.disputes.len(),
                wars
            ),
            estimates: facts::bootstrap(&sample, args.resamples, args.seed),
        });
    }
    let mut model = None;
    if let Some(dir) = &args.dir {
        let (years, name) = run_manifest(dir)?;
        let sample = facts::run::read(dir, years)?;
        let wars = sample.disputes.iter().filter(|d| d.war()).count();
        model = Some(Side {
            label: format!("model: {name}"),
            title: format!(
                "Model, {name} ({}): {} state-years, {} disputes, {} at war level",
                dir.display(),
                sample.state_years,
                sample.disputes.len(),
                wars
            ),
            estimates: facts::bootstrap(&sample, args.resamples, args.seed),
        });
    }
    let sides: Vec<(&str, &Side)> = [("observed", &observed), ("model", &model)]
        .into_iter()
        .filter_map(|(name, s)| s.as_ref().map(|s| (name, s)))
        .collect();
    let both = sides.len() == 2;

    let mut header = vec!["statistic".to_string(), "unit".to_string()];
    for (name, _) in &sides {
        header.extend([name.to_string(), format!("{name}_lo"), format!("{name}_hi")]);
    }
    if both {
        header.push("ratio".to_string());
    }
    let mut csv = CsvWriter::new(Vec::new());
    csv.header(&header.iter().map(String::as_str).collect::<Vec<_>>())?;
    let mut md = String::new();
    let mut text = String::new();
    for (_, side) in &sides {
        let _ = writeln!(md, "# {}\n", side.title);
        let _ = writeln!(text, "{}", side.title);
    }
    let _ = writeln!(
        md,
        "Disputes counted in the year they began. 95 % intervals: percentile \
         Poisson bootstrap over disputes, {} resamples, seed {} \
         (docs/VALIDATION.md defines every statistic).\n",
        args.resamples, args.seed
    );
    md.push_str("| statistic | meaning |");
    let mut rule = String::from("|---|---|");
    for (name, _) in &sides {
        let _ = write!(md, " {name} | 95 % interval |");
        rule.push_str("---:|---|");
    }
    if both {
        md.push_str(" model ÷ observed |");
        rule.push_str("---:|");
    }
    let _ = writeln!(md, "\n{rule}");
    let mut columns = format!("\n  {:<24}", "statistic");
    for (name, _) in &sides {
        let _ = write!(columns, " {name:>9}  {:<20}", "95 % interval");
    }
    if both {
        columns.push_str("  ratio");
    }
    let _ = writeln!(text, "{}", columns.trim_end());
    let mut report_rows: Vec<Vec<Cell>> = Vec::new();
    for (k, s) in STATISTICS.iter().enumerate() {
        let mut row = vec![
            Cell::Code(s.name.to_string()),
            Cell::Text(s.meaning.to_string()),
        ];
        for (_, side) in &sides {
            let e = &side.estimates[k];
            row.push(Cell::Num(show(e.value, s.unit)));
            row.push(Cell::Num(interval(e, s.unit)));
        }
        if let (Some(o), Some(m)) = (&observed, &model) {
            let ratio = m.estimates[k].value / o.estimates[k].value;
            row.push(Cell::Num(if ratio.is_finite() {
                format!("{ratio:.2}")
            } else {
                "—".to_string()
            }));
        }
        report_rows.push(row);
        let mut cells = vec![s.name.to_string(), s.unit.to_string()];
        let unit = if s.unit == "share" {
            String::new()
        } else {
            format!(" ({})", s.unit)
        };
        let _ = write!(md, "| `{}` | {}{unit} |", s.name, s.meaning);
        let mut line = format!("  {:<24}", s.name);
        for (_, side) in &sides {
            let e = &side.estimates[k];
            cells.extend([number(e.value), number(e.lo), number(e.hi)]);
            let _ = write!(md, " {} | {} |", show(e.value, s.unit), interval(e, s.unit));
            let _ = write!(
                line,
                " {:>9}  {:<20}",
                show(e.value, s.unit),
                interval(e, s.unit)
            );
        }
        if let (Some(o), Some(m)) = (&observed, &model) {
            let ratio = m.estimates[k].value / o.estimates[k].value;
            cells.push(number(ratio));
            let shown = if ratio.is_finite() {
                format!("{ratio:.2}")
            } else {
                "—".to_string()
            };
            let _ = write!(md, " {shown} |");
            let _ = write!(line, " {shown:>6}");
        }
        if s.unit != "share" {
            let _ = write!(line, "  {}", s.unit);
        }
        csv.row(&cells)?;
        md.push('\n');
        let _ = writeln!(text, "{}", line.trim_end());
    }
    let _ = writeln!(md, "\nMade by `{}`.", argv.join(" "));
    let csv = csv.into_inner()?;

    let out = args.out.clone().unwrap_or_else(|| match &args.dir {
        Some(dir) => {
            let name = dir
                .file_name()
                .map_or("run".into(), |n| n.to_string_lossy());
            dir.with_file_name(format!("{name}-facts"))
        }
        None => PathBuf::from("output").join(format!("facts-cow-{}-{}", args.from, args.to)),
    });
    std::fs::create_dir_all(&out)
        .map_err(|e| BadInput(format!("--out {}: cannot create it: {e}", out.display())))?;
    write_atomic(&out.join(FACTS_FILE), &csv)?;
    write_atomic(&out.join(FACTS_MD_FILE), md.as_bytes())?;
    let mut written = vec![out.join(FACTS_FILE)];
    let mut charts = Vec::new();
    if let (Some(o), Some(m)) = (&observed, &model) {
        let chart = FactsChart {
            rows: STATISTICS
                .iter()
                .zip(o.estimates.iter().zip(&m.estimates))
                .map(|(s, (o, m))| FactsRow {
                    name: s.name.to_string(),
                    observed: [o.value, o.lo, o.hi],
                    model: [m.value, m.lo, m.hi],
                })
                .collect(),
            caption: format!(
                "{} · {} · deterrence {}",
                m.label,
                o.label,
                env!("CARGO_PKG_VERSION")
            ),
        };
        let opts = args.charts.options();
        let drawn = render(&chart, opts.format, &Theme::new(opts.scale, opts.lang))?;
        if let Some(png) = &drawn.png {
            write_atomic(&out.join("facts.png"), png)?;
            written.push(out.join("facts.png"));
        }
        if let Some(svg) = &drawn.svg {
            write_atomic(&out.join("facts.svg"), svg.as_bytes())?;
            written.push(out.join("facts.svg"));
        }
        let svg = match drawn.svg {
            Some(svg) => svg,
            None => render_svg(&chart, &Theme::new(opts.scale, opts.lang))?,
        };
        charts.push(ReportChart {
            title: "The model against the record".to_string(),
            how_to_read: "Each statistic on its own row, as a multiple of the record's value: grey the \
                          record with its 95 % interval (at 1), blue the model with its own. A blue dot \
                          inside the grey bar is a model that matches history on that statistic."
                .to_string(),
            svg,
        });
    }
    // report.html: the same table and chart on one page (in English: the
    // statistics' definitions are written once, in docs/VALIDATION.md).
    let mut header = vec!["Statistic".to_string(), "Meaning".to_string()];
    for (name, _) in &sides {
        header.extend([name.to_string(), "95 % interval".to_string()]);
    }
    if both {
        header.push("model ÷ observed".to_string());
    }
    let report = Report {
        title: match (&observed, &model) {
            (Some(o), Some(m)) => format!("{} against {}", m.label, o.label),
            _ => sides.first().map_or(String::new(), |(_, s)| s.label.clone()),
        },
        notes: sides
            .iter()
            .map(|(_, s)| s.title.clone())
            .chain(std::iter::once(format!(
                "Disputes counted in the year they began. 95 % intervals: percentile Poisson bootstrap over \
                 disputes, {} resamples, seed {}. docs/VALIDATION.md defines every statistic.",
                args.resamples, args.seed
            )))
            .collect(),
        lead: Vec::new(),
        charts,
        sections: vec![Section {
            heading: "Statistics".to_string(),
            table: Some(Table {
                header,
                rows: report_rows,
            }),
            ..Section::default()
        }],
        ..Report::default()
    };
    write_atomic(&out.join("report.html"), report.to_html().as_bytes())?;
    written.push(out.join("report.html"));
    if !args.quiet {
        print!("{text}");
        let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        println!("\nwritten: {}", names.join(", "));
    }
    Ok(())
}
