//! The charts and report of a `compare` or `sweep` directory, drawn from its
//! tables and manifest alone. The commands draw through here once their tables
//! are written, and `chart DIR` redraws through here, so a redraw in the
//! original settings gives the original bytes and one in another language or
//! size needs no simulation.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::model::{HEADLINE, METRICS, metric_index};
use crate::output::{
    COMPARISON_FILE, COMPARISON_TIMESERIES_FILE, MANIFEST_FILE, Manifest, OutputDir, REPORT_FILE,
    SWEEP_FILE,
};

use super::compare::{CompareBarsChart, CompareSeriesChart};
use super::data::{Caption, Interval};
use super::error::ChartError;
use super::experiment_report::{
    CompareMetric, CompareReport, ConfigurationView, SweepMetric, SweepReport,
};
use super::read::{Csv, scenario_view};
use super::report::{Report, Setup};
use super::run::{ChartOptions, draw_named};
use super::style::Theme;
use super::sweep::{HeatmapChart, SweepChart};

/// The shared settings an experiment's manifest holds, as its report shows them.
pub fn setup_of(dir: &Path, manifest: &Manifest) -> Result<Setup, ChartError> {
    Ok(Setup {
        scenario: scenario_view(dir, manifest)?,
        scenario_file: manifest.scenario_file.clone(),
        scenario_hash: manifest.scenario_hash.clone(),
        version: manifest.version.clone(),
        replications: manifest.replications,
        seed: manifest.seed,
        years: manifest.years,
    })
}

fn caption_of(setup: &Setup) -> Caption {
    Caption {
        scenario: setup.scenario.name.clone(),
        replications: setup.replications,
        seed: setup.seed,
    }
}

/// A field of the manifest's extra part, read as `T` (absent: `T::default()`).
pub(super) fn extra<T: for<'de> Deserialize<'de> + Default>(
    dir: &Path,
    manifest: &Manifest,
    key: &str,
) -> Result<T, ChartError> {
    let Some(v) = manifest.extra.get(key) else {
        return Ok(T::default());
    };
    serde_path_to_error::deserialize(v).map_err(|e| {
        ChartError::bad_file(
            dir.join(MANIFEST_FILE),
            None,
            format!("at `{key}.{}`: {}", e.path(), e.inner()),
        )
    })
}

/// The metrics an experiment charts: those its manifest lists, else the headline set.
fn charted(dir: &Path, manifest: &Manifest) -> Result<Vec<usize>, ChartError> {
    let metrics: Option<Vec<String>> = extra(dir, manifest, "metrics")?;
    match metrics {
        None => Ok(HEADLINE.iter().filter_map(|n| metric_index(n)).collect()),
        Some(names) => names
            .iter()
            .map(|n| {
                metric_index(n).ok_or_else(|| {
                    ChartError::bad_file(
                        dir.join(MANIFEST_FILE),
                        None,
                        format!("at `metrics`: no metric {n:?}"),
                    )
                })
            })
            .collect(),
    }
}

/// The unit line of metric `k`'s chart: what it measures, in the chart's language.
fn unit(k: usize, opts: &ChartOptions) -> String {
    let name = METRICS[k].name;
    opts.lang
        .metric_doc(name)
        .unwrap_or(METRICS[k].doc)
        .to_string()
}

/// Writes `report` as the directory's `report.html` and returns its name as
/// the manifest lists it.
pub fn write_report(out: &OutputDir, report: &Report) -> Result<String, ChartError> {
    out.write(REPORT_FILE, report.to_html().as_bytes())?;
    Ok(REPORT_FILE.to_string())
}

/// One configuration of a comparison, as its manifest lists it.
#[derive(Debug, Default, Deserialize)]
struct ConfigurationEntry {
    label: String,
    file: String,
    #[serde(default)]
    overrides: Vec<String>,
}

/// A comparison's tables: per configuration (in the manifest's order), each
/// metric's estimate and paired difference, and the yearly onset rate.
struct Comparison {
    /// `[configuration][metric]`: the estimate and, past the baseline, the difference.
    rows: Vec<Vec<(Interval, Option<Interval>)>>,
    /// `[configuration]`: `(year, war onset rate)`.
    onset: Vec<Vec<(f64, Interval)>>,
}

fn read_comparison(dir: &Path, labels: &[String]) -> Result<Comparison, ChartError> {
    let position = |csv: &Csv, line: usize, label: &str| {
        labels
            .iter()
            .position(|l| l == label)
            .ok_or_else(|| csv.err(line, "variant", label, "a configuration the manifest lists"))
    };
    let csv = Csv::read(&dir.join(COMPARISON_FILE))?;
    let (variant, metric) = (csv.col("variant")?, csv.col("metric")?);
    let stats = [csv.col("mean")?, csv.col("ci_low")?, csv.col("ci_high")?];
    let diffs = [
        csv.col("diff")?,
        csv.col("diff_ci_low")?,
        csv.col("diff_ci_high")?,
    ];
    let mut rows = vec![vec![(Interval::default(), None); METRICS.len()]; labels.len()];
    for (line, row) in &csv.rows {
        let c = position(&csv, *line, &row[variant])?;
        // A metric this version does not know (a newer file) is not charted.
        let Some(k) = metric_index(&row[metric]) else {
            continue;
        };
        let diff = if c == 0 {
            None
        } else {
            Some(csv.interval(*line, row, diffs)?)
        };
        rows[c][k] = (csv.interval(*line, row, stats)?, diff);
    }
    let csv = Csv::read(&dir.join(COMPARISON_TIMESERIES_FILE))?;
    let (variant, year, metric) = (csv.col("variant")?, csv.col("year")?, csv.col("metric")?);
    let stats = [csv.col("mean")?, csv.col("ci_low")?, csv.col("ci_high")?];
    let mut onset = vec![Vec::new(); labels.len()];
    for (line, row) in &csv.rows {
        if &row[metric] != "war_onset_rate" {
            continue;
        }
        let c = position(&csv, *line, &row[variant])?;
        let y = csv.int(*line, row, year)?;
        onset[c].push((y as f64, csv.interval(*line, row, stats)?));
    }
    Ok(Comparison { rows, onset })
}

/// Draws a comparison's charts (one per metric charted, and the yearly onset
/// rate of every configuration) and its report; returns the files written.
pub fn draw_compare(
    out: &OutputDir,
    manifest: &Manifest,
    opts: &ChartOptions,
) -> Result<Vec<String>, ChartError> {
    opts.check()?;
    let dir = out.path();
    let setup = setup_of(dir, manifest)?;
    let configs: Vec<ConfigurationEntry> = extra(dir, manifest, "configurations")?;
    if configs.is_empty() {
        return Err(ChartError::bad_file(
            dir.join(MANIFEST_FILE),
            None,
            "at `configurations`: no configuration to draw",
        ));
    }
    let labels: Vec<String> = configs.iter().map(|c| c.label.clone()).collect();
    let data = read_comparison(dir, &labels)?;
    let shown = charted(dir, manifest)?;
    // Years in the moving average of the onset chart (absent in older manifests).
    let smooth: Option<u32> = extra(dir, manifest, "smooth")?;
    let theme = Theme::new(opts.scale, opts.lang);
    let caption = caption_of(&setup);

    let mut written = Vec::new();
    let mut metrics = Vec::new();
    for &k in &shown {
        let name = METRICS[k].name;
        let bars = CompareBarsChart {
            metric: name.to_string(),
            unit: unit(k, opts),
            rows: labels
                .iter()
                .zip(&data.rows)
                .map(|(l, r)| (l.clone(), r[k].0))
                .collect(),
            caption: caption.clone(),
        };
        let (files, svg) = draw_named(&bars, &format!("compare_{name}"), out, opts.format, &theme)?;
        written.extend(files);
        metrics.push(CompareMetric {
            metric: name.to_string(),
            svg,
            rows: data.rows.iter().map(|r| r[k]).collect(),
        });
    }
    let series = CompareSeriesChart {
        series: labels.iter().cloned().zip(data.onset).collect(),
        window: smooth.unwrap_or_else(|| default_smoothing(setup.years)) as usize,
        caption,
    };
    let (files, onset_svg) = draw_named(&series, "compare_onset", out, opts.format, &theme)?;
    written.extend(files);
    let report = CompareReport {
        setup,
        configurations: configs
            .into_iter()
            .map(|c| ConfigurationView {
                label: c.label,
                file: c.file,
                overrides: c.overrides,
            })
            .collect(),
        metrics,
        onset_svg: Some(onset_svg),
    };
    written.push(write_report(out, &report.report(opts.lang))?);
    Ok(written)
}

/// Years in the moving average of compare's onset chart when none are asked
/// for: a twentieth of the run, at least 1 and at most 25.
pub fn default_smoothing(years: u32) -> u32 {
    (years / 20).clamp(1, 25)
}

/// One parameter a sweep varied, as its manifest lists it.
#[derive(Debug, Default, Deserialize)]
struct ParameterEntry {
    path: String,
    values: Vec<String>,
}

/// Draws a sweep's charts (each metric charted against the parameter, or a
/// heatmap over the grid of two) and its report; returns the files written.
pub fn draw_sweep(
    out: &OutputDir,
    manifest: &Manifest,
    opts: &ChartOptions,
) -> Result<Vec<String>, ChartError> {
    opts.check()?;
    let dir = out.path();
    let setup = setup_of(dir, manifest)?;
    let axes: Vec<ParameterEntry> = extra(dir, manifest, "parameters")?;
    let bad_manifest = |what: &str| {
        ChartError::bad_file(
            dir.join(MANIFEST_FILE),
            None,
            format!("at `parameters`: {what}"),
        )
    };
    if !(1..=2).contains(&axes.len()) {
        return Err(bad_manifest("a sweep varies one or two parameters"));
    }
    if let Some(a) = axes.iter().find(|a| a.values.is_empty()) {
        return Err(bad_manifest(&format!("`{}` has no values", a.path)));
    }
    let shown = charted(dir, manifest)?;

    // sweep.csv: the parameters' values, then one row per metric of each point.
    let csv = Csv::read(&dir.join(SWEEP_FILE))?;
    let cols: Vec<usize> = axes
        .iter()
        .map(|a| csv.col(&a.path))
        .collect::<Result<_, _>>()?;
    let metric = csv.col("metric")?;
    let stats = [csv.col("mean")?, csv.col("ci_low")?, csv.col("ci_high")?];
    let mut points: Vec<Vec<String>> = Vec::new();
    let mut values: Vec<Vec<Interval>> = Vec::new();
    for (line, row) in &csv.rows {
        let at: Vec<String> = cols.iter().map(|&c| row[c].to_string()).collect();
        if points.last() != Some(&at) {
            points.push(at);
            values.push(vec![Interval::default(); METRICS.len()]);
        }
        if let (Some(k), Some(v)) = (metric_index(&row[metric]), values.last_mut()) {
            v[k] = csv.interval(*line, row, stats)?;
        }
    }
    let index = |axis: usize, value: &str| axes[axis].values.iter().position(|v| v == value);

    let theme = Theme::new(opts.scale, opts.lang);
    let caption = caption_of(&setup);
    let as_number = |v: &str| v.parse::<f64>().ok();
    let mut written = Vec::new();
    let mut metrics = Vec::new();
    for &k in &shown {
        let name = METRICS[k].name;
        let (files, svg) = if axes.len() == 1 {
            let chart = SweepChart {
                parameter: axes[0].path.clone(),
                metric: name.to_string(),
                unit: unit(k, opts),
                points: points
                    .iter()
                    .zip(&values)
                    .filter_map(|(p, v)| as_number(&p[0]).map(|x| (x, v[k])))
                    .collect(),
                caption: caption.clone(),
            };
            draw_named(&chart, &format!("sweep_{name}"), out, opts.format, &theme)?
        } else {
            let numbers = |a: &ParameterEntry| -> Vec<f64> {
                a.values.iter().filter_map(|v| as_number(v)).collect()
            };
            let (xs, ys) = (numbers(&axes[0]), numbers(&axes[1]));
            let mut grid = vec![vec![None; xs.len()]; ys.len()];
            for (p, v) in points.iter().zip(&values) {
                let (Some(x), Some(y)) = (index(0, &p[0]), index(1, &p[1])) else {
                    continue;
                };
                if let Some(cell) = grid.get_mut(y).and_then(|row| row.get_mut(x)) {
                    *cell = v[k].mean;
                }
            }
            let chart = HeatmapChart {
                x_parameter: axes[0].path.clone(),
                y_parameter: axes[1].path.clone(),
                metric: name.to_string(),
                unit: unit(k, opts),
                xs,
                ys,
                values: grid,
                caption: caption.clone(),
            };
            draw_named(&chart, &format!("heatmap_{name}"), out, opts.format, &theme)?
        };
        written.extend(files);
        metrics.push(SweepMetric {
            metric: name.to_string(),
            svg,
            values: values.iter().map(|v| v[k]).collect(),
        });
    }
    let report = SweepReport {
        setup,
        parameters: axes.into_iter().map(|a| (a.path, a.values)).collect(),
        points,
        metrics,
    };
    written.push(write_report(out, &report.report(opts.lang))?);
    Ok(written)
}

/// Draws the charts and report of the finished directory `out`, whose manifest
/// is `manifest`, as the command that wrote it drew them; returns the files written.
pub fn draw_dir(
    out: &OutputDir,
    manifest: &Manifest,
    opts: &ChartOptions,
) -> Result<Vec<String>, ChartError> {
    match manifest.extra.get("command").and_then(Value::as_str) {
        // A run's manifest names no command.
        None | Some("run") => super::run::draw_run_with(out, manifest, opts),
        Some("compare") => draw_compare(out, manifest, opts),
        Some("sweep") => draw_sweep(out, manifest, opts),
        Some("claims") => super::claims_dir::draw_claims(out, manifest, opts),
        Some(other) => Err(ChartError::NotARun {
            dir: out.path().to_path_buf(),
            reason: format!("`chart` does not redraw the output of `deterrence {other}`"),
        }),
    }
}
