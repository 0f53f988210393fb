//! The charts and report of a `claims` directory — one world's forest plot, or
//! the verdicts of several worlds side by side — drawn from `claims.csv` and
//! the manifest alone, as `claims` itself draws them once its tables are written.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::claims::{CLAIMS, Channel, ClaimResult, MIN_RELATIVE};
use crate::output::{CLAIMS_FILE, MANIFEST_FILE, Manifest, OutputDir, scenario_hash};
use crate::stats::Verdict;

use super::data::{Caption, Interval};
use super::error::ChartError;
use super::experiment_dir::{extra, setup_of, write_report};
use super::experiment_report::{ClaimsMatrixReport, ClaimsReport, WorldClaims};
use super::forest::{ForestChart, ForestRow};
use super::read::{Csv, check_scenario};
use super::report::Setup;
use super::run::{ChartOptions, draw_named};
use super::style::Theme;
use super::verdicts::VerdictMatrixChart;

/// The forest plot's rows: every claim's effect on one scale (standard
/// deviations of its control), coloured by verdict; claims with nothing to
/// measure are left out.
pub fn forest_rows(results: &[ClaimResult]) -> Vec<ForestRow> {
    results
        .iter()
        .filter(|r| r.verdict != Verdict::NotApplicable)
        .map(|r| {
            let effect = r.standardised().map_or(
                Interval {
                    mean: Some(0.0),
                    lo: None,
                    hi: None,
                },
                |(e, lo, hi)| Interval::new(e, lo, hi),
            );
            let sd = r.scale.filter(|s| *s > 0.0);
            ForestRow {
                id: r.def.id.to_string(),
                effect,
                verdict: r.verdict,
                delta: r.delta.zip(sd).map(|(d, s)| d / s),
            }
        })
        .collect()
}

/// One world of `claims` on several scenarios, as its manifest lists it.
#[derive(Debug, Default, Deserialize)]
struct WorldEntry {
    file: String,
    name: String,
    /// The world's resolved scenario (absent in older manifests).
    #[serde(default)]
    scenario: Option<Value>,
    /// Why nothing could be tested on it, when nothing could.
    #[serde(default)]
    not_applicable: Option<String>,
}

/// Reads `claims.csv`: the results of each world in file order (one world
/// when the file has no `world` column).
fn read_results(dir: &Path) -> Result<Vec<(String, Vec<ClaimResult>)>, ChartError> {
    let csv = Csv::read(&dir.join(CLAIMS_FILE))?;
    let world = csv.col("world").ok();
    let col = |name: &str| csv.col(name);
    let (id, verdict, n, detail) = (col("id")?, col("verdict")?, col("n")?, col("detail")?);
    let (control, treatment, effect) =
        (col("control_mean")?, col("treatment_mean")?, col("effect")?);
    let ci = [col("ci_low")?, col("ci_high")?];
    let (delta, scale) = (col("delta")?, col("scale")?);
    let pledges = [
        col("pledges_control_mean")?,
        col("pledges_effect")?,
        col("pledges_ci_low")?,
        col("pledges_ci_high")?,
        col("pledges_verdict")?,
        col("pledges_n")?,
    ];
    let verdict_of = |line: usize, cell: &str| {
        Verdict::ALL
            .into_iter()
            .find(|v| v.as_str() == cell)
            .ok_or_else(|| csv.err(line, "verdict", cell, "a verdict"))
    };
    let pair = |line, row, [lo, hi]: [usize; 2]| -> Result<Option<(f64, f64)>, ChartError> {
        Ok(csv.opt(line, row, lo)?.zip(csv.opt(line, row, hi)?))
    };
    let mut out: Vec<(String, Vec<ClaimResult>)> = Vec::new();
    for (line, row) in &csv.rows {
        let line = *line;
        let def = CLAIMS
            .iter()
            .find(|d| d.id == &row[id])
            .ok_or_else(|| csv.err(line, "id", &row[id], "a claim's ID"))?;
        let channel = if row[pledges[4]].is_empty() {
            None
        } else {
            Some(Channel {
                control_mean: csv.opt(line, row, pledges[0])?,
                effect: csv.opt(line, row, pledges[1])?,
                ci: pair(line, row, [pledges[2], pledges[3]])?,
                n: csv.int(line, row, pledges[5])?,
                verdict: verdict_of(line, &row[pledges[4]])?,
            })
        };
        let result = ClaimResult {
            def,
            control_mean: csv.opt(line, row, control)?,
            treatment_mean: csv.opt(line, row, treatment)?,
            effect: csv.opt(line, row, effect)?,
            ci: pair(line, row, ci)?,
            n: csv.int(line, row, n)?,
            scale: csv.opt(line, row, scale)?,
            verdict: verdict_of(line, &row[verdict])?,
            detail: row[detail].to_string(),
            pledges: channel,
            delta: csv.opt(line, row, delta)?,
        };
        let name = world.map_or(String::new(), |w| row[w].to_string());
        match out.last_mut() {
            Some((w, results)) if *w == name => results.push(result),
            _ => out.push((name, vec![result])),
        }
    }
    Ok(out)
}

/// Draws the charts and report of the `claims` directory `out`; returns the files written.
pub fn draw_claims(
    out: &OutputDir,
    manifest: &Manifest,
    opts: &ChartOptions,
) -> Result<Vec<String>, ChartError> {
    opts.check()?;
    let dir = out.path();
    let theme = Theme::new(opts.scale, opts.lang);
    let min_effect: Option<f64> = extra(dir, manifest, "min_effect")?;
    let min_effect = min_effect.unwrap_or(MIN_RELATIVE);
    let mut results = read_results(dir)?;
    let worlds: Vec<WorldEntry> = extra(dir, manifest, "worlds")?;
    let mut written = Vec::new();
    if worlds.is_empty() {
        let results = results.pop().map(|(_, r)| r).unwrap_or_default();
        let setup = setup_of(dir, manifest)?;
        let forest = ForestChart {
            rows: forest_rows(&results),
            caption: Caption {
                scenario: setup.scenario.name.clone(),
                replications: setup.replications,
                seed: setup.seed,
            },
        };
        let (files, forest_svg) = draw_named(&forest, "forest", out, opts.format, &theme)?;
        written.extend(files);
        let report = ClaimsReport {
            setup,
            results: &results,
            forest_svg,
            not_applicable: extra(dir, manifest, "not_applicable")?,
            min_effect,
        };
        written.push(write_report(out, &report.report(opts.lang))?);
        return Ok(written);
    }

    let bad = |what: String| ChartError::bad_file(dir.join(MANIFEST_FILE), None, what);
    if results.len() != worlds.len() {
        return Err(bad(format!(
            "it lists {} worlds, but {CLAIMS_FILE} holds {}",
            worlds.len(),
            results.len()
        )));
    }
    let names: Vec<String> = worlds.iter().map(|w| w.name.clone()).collect();
    let matrix = VerdictMatrixChart {
        worlds: names.clone(),
        rows: CLAIMS
            .iter()
            .enumerate()
            .map(|(i, def)| {
                let verdicts = results
                    .iter()
                    .map(|(_, r)| r.get(i).map_or(Verdict::NotApplicable, |r| r.verdict))
                    .collect();
                (def.id.to_string(), verdicts)
            })
            .collect(),
        caption: Caption {
            scenario: names.join(" / "),
            replications: manifest.replications,
            seed: manifest.seed,
        },
    };
    let (files, matrix_svg) = draw_named(&matrix, "verdicts", out, opts.format, &theme)?;
    written.extend(files);
    let mut setups = Vec::with_capacity(worlds.len());
    for (k, w) in worlds.iter().enumerate() {
        let Some(resolved) = &w.scenario else {
            return Err(bad(format!(
                "at `worlds[{k}]`: no resolved scenario (written by an older version: \
                 run `claims` again)"
            )));
        };
        let scenario = check_scenario(dir, resolved, &format!("worlds[{k}].scenario"))?;
        setups.push(Setup {
            scenario_file: w.file.clone(),
            scenario_hash: scenario_hash(resolved),
            version: manifest.version.clone(),
            replications: manifest.replications,
            seed: manifest.seed,
            years: scenario.simulation.years,
            scenario,
        });
    }
    let report = ClaimsMatrixReport {
        worlds: setups
            .into_iter()
            .zip(&results)
            .zip(&worlds)
            .map(|((setup, (_, results)), w)| WorldClaims {
                setup,
                results,
                not_applicable: w.not_applicable.clone(),
            })
            .collect(),
        matrix_svg,
        min_effect,
    };
    written.push(write_report(out, &report.report(opts.lang))?);
    Ok(written)
}
