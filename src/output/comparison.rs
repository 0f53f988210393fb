//! The result files of `compare` and `sweep`: tidy tables of every metric for
//! every configuration (or sweep point), with paired differences from the baseline.

use crate::experiment::Aggregate;
use crate::experiment::compare::Paired;
use crate::model::METRICS;

use super::OutputError;
use super::csv::{CsvWriter, opt};
use super::files::{COMPARISON_FILE, COMPARISON_TIMESERIES_FILE, SWEEP_FILE};
use super::results::{STAT_COLUMNS, stat_cells, write_yearly};

fn table_error(table: &'static str) -> impl Fn(std::io::Error) -> OutputError {
    move |cause| OutputError::Table { table, cause }
}

/// `comparison.csv`: `variant,metric,mean,sd,ci_low,ci_high,n,diff,diff_ci_low,diff_ci_high`,
/// the differences being paired (configuration − first configuration); empty for the first.
pub fn comparison_csv(
    labels: &[String],
    aggs: &[Aggregate],
    paired: &Paired,
) -> Result<Vec<u8>, OutputError> {
    let fail = table_error(COMPARISON_FILE);
    let mut csv = CsvWriter::new(Vec::new());
    let mut header = vec!["variant", "metric"];
    header.extend(STAT_COLUMNS);
    header.extend(["diff", "diff_ci_low", "diff_ci_high"]);
    csv.header(&header).map_err(&fail)?;
    for (c, (label, agg)) in labels.iter().zip(aggs).enumerate() {
        for (m, def) in METRICS.iter().enumerate() {
            let [a, b, cl, ch, n] = stat_cells(&agg.run[m]);
            let d = &paired.diffs[c][m];
            let (diff, lo, hi) = if c == 0 {
                (String::new(), String::new(), String::new())
            } else {
                let ci = d.ci95();
                (opt(d.mean()), opt(ci.map(|x| x.0)), opt(ci.map(|x| x.1)))
            };
            csv.row(&[
                label.clone(),
                def.name.to_string(),
                a,
                b,
                cl,
                ch,
                n,
                diff,
                lo,
                hi,
            ])
            .map_err(&fail)?;
        }
    }
    csv.into_inner().map_err(fail)
}

/// `comparison_timeseries.csv`: `variant,year,metric,mean,sd,ci_low,ci_high,n`.
pub fn comparison_timeseries_csv(
    labels: &[String],
    aggs: &[Aggregate],
) -> Result<Vec<u8>, OutputError> {
    let fail = table_error(COMPARISON_TIMESERIES_FILE);
    let mut csv = CsvWriter::new(Vec::new());
    let mut header = vec!["variant", "year", "metric"];
    header.extend(STAT_COLUMNS);
    csv.header(&header).map_err(&fail)?;
    for (label, agg) in labels.iter().zip(aggs) {
        write_yearly(&mut csv, &[label], agg).map_err(&fail)?;
    }
    csv.into_inner().map_err(fail)
}

/// A number for a Markdown table: four decimals, or a dash when absent.
pub(super) fn md(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => {
            let s = format!("{v:.4}");
            if s == "-0.0000" {
                "0.0000".to_string()
            } else {
                s
            }
        }
        _ => "—".to_string(),
    }
}

/// `comparison.md`: the comparison as a readable Markdown table, one row per
/// metric and configuration, with the paired difference from the baseline.
pub fn comparison_md(
    title: &str,
    subtitle: &str,
    labels: &[String],
    aggs: &[Aggregate],
    paired: &Paired,
) -> String {
    let mut out = format!("# {title}\n\n{subtitle}\n\n");
    out.push_str(&format!(
        "Differences are paired by replication (common random numbers) against **{}**; \
         intervals are 95 % t-intervals.\n\n",
        labels
            .first()
            .map_or("the first configuration", String::as_str)
    ));
    out.push_str(
        "| metric | configuration | mean | 95 % interval | difference | 95 % interval | n |\n",
    );
    out.push_str("|---|---|---:|---:|---:|---:|---:|\n");
    for (m, def) in METRICS.iter().enumerate() {
        for (c, (label, agg)) in labels.iter().zip(aggs).enumerate() {
            let s = &agg.run[m];
            let ci = s.ci95().map_or("—".to_string(), |(a, b)| {
                format!("[{}, {}]", md(Some(a)), md(Some(b)))
            });
            let (diff, dci) = if c == 0 {
                ("".to_string(), "".to_string())
            } else {
                let d = &paired.diffs[c][m];
                (
                    md(d.mean()),
                    d.ci95().map_or("—".to_string(), |(a, b)| {
                        format!("[{}, {}]", md(Some(a)), md(Some(b)))
                    }),
                )
            };
            let name = if c == 0 {
                format!("`{}`", def.name)
            } else {
                String::new()
            };
            out.push_str(&format!(
                "| {name} | {} | {} | {ci} | {diff} | {dci} | {} |\n",
                label.replace('|', "\\|"),
                md(s.mean()),
                s.n()
            ));
        }
    }
    out.push_str("\nMetrics are defined in docs/ODD.md, section 8. ");
    out.push_str("Counts are totals per replication; rates are ratios of a replication's totals; ");
    out.push_str("levels are means over its years.\n");
    out
}

/// `sweep.csv`: one column per varied parameter (named by its path), then
/// `metric,mean,sd,ci_low,ci_high,n`, for every point of the sweep.
pub fn sweep_csv(
    paths: &[String],
    points: &[Vec<String>],
    aggs: &[Aggregate],
) -> Result<Vec<u8>, OutputError> {
    let fail = table_error(SWEEP_FILE);
    let mut csv = CsvWriter::new(Vec::new());
    let mut header: Vec<&str> = paths.iter().map(String::as_str).collect();
    header.push("metric");
    header.extend(STAT_COLUMNS);
    csv.header(&header).map_err(&fail)?;
    for (values, agg) in points.iter().zip(aggs) {
        for (m, def) in METRICS.iter().enumerate() {
            let mut row = values.clone();
            row.push(def.name.to_string());
            row.extend(stat_cells(&agg.run[m]));
            csv.row(&row).map_err(&fail)?;
        }
    }
    csv.into_inner().map_err(fail)
}
