//! The result files of `claims`: `claims.csv` (one row per claim) and
//! `claims.md` (a readable table, then a paragraph per claim).

use std::fmt::Write as _;
use std::path::Path;

use crate::claims::robust::{ParameterSets, Summary, number_short};
use crate::claims::{CLAIMS, ClaimResult, Design, NO_PLEDGES};
use crate::stats::Verdict;

use super::OutputError;
use super::comparison::md;
use super::csv::{CsvWriter, number, opt};
use super::files::{CLAIMS_FILE, DRIVERS_FILE, ROBUSTNESS_FILE};

/// The columns of `claims.csv`.
pub const CLAIM_COLUMNS: &[&str] = &[
    "id",
    "claim",
    "metric",
    "control_mean",
    "treatment_mean",
    "effect",
    "ci_low",
    "ci_high",
    "verdict",
    "n",
    "direction",
    "control",
    "detail",
    "delta",
    "pledges_control_mean",
    "pledges_effect",
    "pledges_ci_low",
    "pledges_ci_high",
    "pledges_verdict",
    "pledges_n",
    "scale",
];

/// `claims.csv`: one row per claim, with the computed verdict.
pub fn claims_csv(results: &[ClaimResult]) -> Result<Vec<u8>, OutputError> {
    let fail = |cause| OutputError::Table {
        table: CLAIMS_FILE,
        cause,
    };
    let mut csv = CsvWriter::new(Vec::new());
    csv.header(CLAIM_COLUMNS).map_err(fail)?;
    for r in results {
        csv.row(&cells(r)).map_err(fail)?;
    }
    csv.into_inner().map_err(fail)
}

/// `claims.csv` of several worlds: the columns of [`CLAIM_COLUMNS`] after
/// `world` (the scenario's name) and `file`, one row per world and claim.
pub fn claims_worlds_csv(worlds: &[(&str, &str, &[ClaimResult])]) -> Result<Vec<u8>, OutputError> {
    let fail = |cause| OutputError::Table {
        table: CLAIMS_FILE,
        cause,
    };
    let mut csv = CsvWriter::new(Vec::new());
    let header: Vec<&str> = ["world", "file"]
        .into_iter()
        .chain(CLAIM_COLUMNS.iter().copied())
        .collect();
    csv.header(&header).map_err(fail)?;
    for (world, file, results) in worlds {
        for r in *results {
            let row: Vec<String> = [world.to_string(), file.to_string()]
                .into_iter()
                .chain(cells(r))
                .collect();
            csv.row(&row).map_err(fail)?;
        }
    }
    csv.into_inner().map_err(fail)
}

/// The cells of one claim's row, in [`CLAIM_COLUMNS`] order.
fn cells(r: &ClaimResult) -> Vec<String> {
    vec![
        r.def.id.to_string(),
        r.def.claim.to_string(),
        r.def.metric.to_string(),
        opt(r.control_mean),
        opt(r.treatment_mean),
        opt(r.effect),
        opt(r.ci.map(|c| c.0)),
        opt(r.ci.map(|c| c.1)),
        r.verdict.as_str().to_string(),
        r.n.to_string(),
        r.def.direction.as_str().to_string(),
        r.def.control.to_string(),
        r.detail.clone(),
        opt(r.delta),
        opt(r.pledges.as_ref().and_then(|p| p.control_mean)),
        opt(r.pledges.as_ref().and_then(|p| p.effect)),
        opt(r.pledges.as_ref().and_then(|p| p.ci.map(|c| c.0))),
        opt(r.pledges.as_ref().and_then(|p| p.ci.map(|c| c.1))),
        r.pledges
            .as_ref()
            .map_or(String::new(), |p| p.verdict.as_str().to_string()),
        r.pledges
            .as_ref()
            .map_or(String::new(), |p| p.n.to_string()),
        opt(r.scale),
    ]
}

/// An interval as `[a, b]` with signs, or "—".
fn interval(ci: Option<(f64, f64)>) -> String {
    ci.map_or("—".to_string(), |(a, b)| {
        format!("[{}, {}]", signed(Some(a)), signed(Some(b)))
    })
}

fn signed(x: Option<f64>) -> String {
    let s = md(x);
    if s.starts_with('-') || s == "—" {
        s
    } else {
        format!("+{s}")
    }
}

/// `claims.md`: the verdicts as a table, then one paragraph per claim;
/// `min_effect` is δ as a share of the control's mean.
pub fn claims_md(title: &str, setup: &str, results: &[ClaimResult], min_effect: f64) -> String {
    let mut out = format!("# {title}\n\n{setup}\n\n");
    out.push_str(&rule(min_effect));
    out.push_str(&table(results));
    out.push('\n');
    out.push_str(&paragraphs(results, "##"));
    out
}

/// `claims.md` of several worlds: the matrix of verdicts, then each world's
/// table and paragraphs. `worlds` holds each world's name, setup line and results.
pub fn claims_worlds_md(worlds: &[(&str, String, &[ClaimResult])], min_effect: f64) -> String {
    let mut out = format!("# Claims across {} worlds\n\n", worlds.len());
    out.push_str(&rule(min_effect));
    out.push_str(
        "Verdicts by world (✓ supported, ✗ contradicted, ≈ no meaningful effect, ? inconclusive, \
         – not applicable):\n\n| ID | claim |",
    );
    for (name, _, _) in worlds {
        out.push_str(&format!(" {} |", name.replace('|', "\\|")));
    }
    out.push_str("\n|---|---|");
    out.push_str(&"---|".repeat(worlds.len()));
    out.push('\n');
    if let Some((_, _, first)) = worlds.first() {
        for (i, r) in first.iter().enumerate() {
            out.push_str(&format!(
                "| {} | {} |",
                r.def.id,
                r.def.claim.replace('|', "\\|")
            ));
            for (_, _, results) in worlds {
                let v = results.get(i).map_or("", |r| r.verdict.as_str());
                let symbol = results.get(i).map_or("", |r| symbol(r.verdict));
                out.push_str(&format!(" {symbol} {v} |"));
            }
            out.push('\n');
        }
    }
    out.push('\n');
    for (name, setup, results) in worlds {
        out.push_str(&format!("## {name}\n\n{setup}\n\n"));
        out.push_str(&table(results));
        out.push('\n');
        out.push_str(&paragraphs(results, "###"));
    }
    out
}

/// The symbol of a verdict in text tables (as in the verdict matrix chart).
fn symbol(v: Verdict) -> &'static str {
    crate::chart::verdict_symbol(v)
}

/// The paragraph stating the verdict rule.
fn rule(min_effect: f64) -> String {
    format!(
        "Each effect is the treatment (the scenario) minus the control, paired by replication on common \
         random numbers, with a 95 % t-interval; δ, the smallest effect that matters, is {} % of the \
         control's mean (for K5, whose reference is a correlation of zero, at least 0.1). **Supported**: \
         the interval excludes zero in the claimed direction and the effect \
         is at least δ. **Contradicted**: the same, the other way. **No meaningful effect**: the whole \
         interval lies within ±δ. **Inconclusive**: none of these. **Not applicable**: the scenario gives \
         the experiment nothing to measure. Where the control removes every \
         alliance, *through pledges* gives the same effect against the same alliances with empty pledges \
         (`{}`): what alliances do through their promises, apart from their trade, dialogue, settlement \
         and trust. A verdict holds under this model's assumptions, not necessarily in the real world.\n\n",
        (min_effect * 1e4).round() / 100.0,
        NO_PLEDGES.join(" ")
    )
}

/// The table of one world's results.
fn table(results: &[ClaimResult]) -> String {
    let mut out = String::new();
    out.push_str(
        "| ID | claim | metric | control | scenario | effect | 95 % interval | δ | verdict | through pledges |\n",
    );
    out.push_str("|---|---|---|---:|---:|---:|---:|---:|---|---|\n");
    for r in results {
        let pledges = r.pledges.as_ref().map_or(String::new(), |p| {
            format!("{} {}: {}", signed(p.effect), interval(p.ci), p.verdict)
        });
        out.push_str(&format!(
            "| {} | {} | `{}` | {} | {} | {} | {} | {} | **{}** | {pledges} |\n",
            r.def.id,
            r.def.claim.replace('|', "\\|"),
            r.def.metric,
            md(r.control_mean),
            md(r.treatment_mean),
            signed(r.effect),
            interval(r.ci),
            md(r.delta),
            r.verdict.as_str()
        ));
    }
    out
}

/// One paragraph per claim, under headings of level `level` ("##").
fn paragraphs(results: &[ClaimResult], level: &str) -> String {
    let mut out = String::new();
    for r in results {
        out.push_str(&format!("{level} {} — {}\n\n", r.def.id, r.def.claim));
        out.push_str(&format!(
            "*Source:* {}. *Mechanism:* {}\n\n",
            r.def.source, r.def.mechanism
        ));
        let design = match r.def.design {
            Design::Switch(_) => format!("the scenario against {}", r.def.control),
            Design::Reference(v) => format!(
                "the scenario's `{}` against a reference of {v}",
                r.def.metric
            ),
            Design::ReliabilitySweep => r.def.control.to_string(),
        };
        let result = match r.verdict {
            Verdict::NotApplicable => format!("Not applicable: {}.", r.detail),
            _ => format!(
                "*Experiment:* {design}. *Result:* `{}` {} in the control and {} in the scenario; effect {} \
                 (95 % interval {}), over {} replications: **{}**.{}",
                r.def.metric,
                md(r.control_mean),
                md(r.treatment_mean),
                signed(r.effect),
                r.ci.map_or("—".to_string(), |(a, b)| format!(
                    "{} to {}",
                    signed(Some(a)),
                    signed(Some(b))
                )),
                r.n,
                r.verdict.as_str(),
                if r.detail.is_empty() {
                    String::new()
                } else {
                    format!(" {}.", capitalise(&r.detail))
                }
            ),
        };
        let result = match &r.pledges {
            Some(p) if r.verdict != Verdict::NotApplicable => format!(
                "{result} *Through pledges alone* (against the same alliances with empty pledges, `{}` {}): \
                 effect {} (95 % interval {}): **{}**.",
                r.def.metric,
                md(p.control_mean),
                signed(p.effect),
                interval(p.ci)
                    .trim_matches(['[', ']'])
                    .replace(", ", " to "),
                p.verdict
            ),
            _ => result,
        };
        out.push_str(&result);
        out.push_str(&format!("\n\n*Depends on:* {}.\n\n", r.def.depends));
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A share as a percentage without needless digits: 0.05 → "5 %", 0.025 → "2.5 %".
pub fn percent(x: f64) -> String {
    let p = (x * 1e4).round() / 100.0;
    format!("{p} %")
}

/// `robustness.md`: the robustness of every claim over the sets of `d`, for people.
pub fn robustness_md(
    name: &str,
    file: &Path,
    d: &ParameterSets,
    replications: u32,
    seed: u64,
    min_effect: f64,
    per_claim: &[Summary],
) -> String {
    let mut md = format!("# Robustness of the claims: {name}\n\n");
    let _ = writeln!(
        md,
        "Scenario `{}`: the claims at {} parameter sets drawn from {}, each set at {replications} replications \
         (seed {seed}) on common random numbers. δ, the smallest effect that matters, is {} of each control's \
         mean. The drivers are partial rank correlations of each claim's effect (relative to its control) with \
         each parameter, with 95 % intervals (Fisher's z); where the verdict flips is the single threshold on one \
         parameter that best separates the sets giving the most common verdict from the rest.\n",
        file.display(),
        d.sets.len(),
        d.source,
        percent(min_effect)
    );
    md.push_str("| parameter | lowest drawn | highest drawn |\n|---|---:|---:|\n");
    for (j, p) in d.params.iter().enumerate() {
        let (lo, hi) = d.drawn_range(j);
        let _ = writeln!(
            md,
            "| `{p}` | {} | {} |",
            number_short(lo),
            number_short(hi)
        );
    }
    md.push_str(
        "\n| ID | claim | supported | contradicted | no meaningful effect | inconclusive | not applicable | strongest driver | where the verdict flips |\n\
         |---|---|---:|---:|---:|---:|---:|---|---|\n",
    );
    for (def, s) in CLAIMS.iter().zip(per_claim) {
        let total = s.counts.iter().sum::<u32>().max(1);
        let pc = |c: u32| format!("{:.0} %", 100.0 * f64::from(c) / f64::from(total));
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            def.id,
            def.claim.replace('|', "\\|"),
            pc(s.counts[0]),
            pc(s.counts[1]),
            pc(s.counts[2]),
            pc(s.counts[3]),
            pc(s.counts[4]),
            s.driver_text(&d.params),
            s.flip_text(def.id, &d.params).unwrap_or_else(|| "—".into())
        );
    }
    md
}

/// `robustness.csv`: one row per parameter set and claim — the set's values,
/// then the claim's effect, interval, δ and verdict, and through pledges alone.
pub fn robustness_csv(
    d: &ParameterSets,
    results: &[Vec<ClaimResult>],
) -> Result<Vec<u8>, OutputError> {
    let fail = |cause| OutputError::Table {
        table: ROBUSTNESS_FILE,
        cause,
    };
    let mut header: Vec<&str> = vec!["set"];
    header.extend(d.params.iter().map(String::as_str));
    header.extend([
        "id",
        "control_mean",
        "effect",
        "ci_low",
        "ci_high",
        "delta",
        "verdict",
        "pledges_effect",
        "pledges_verdict",
    ]);
    let mut csv = CsvWriter::new(Vec::new());
    csv.header(&header).map_err(fail)?;
    for (k, (values, rs)) in d.sets.iter().zip(results).enumerate() {
        for r in rs {
            let mut cells = vec![k.to_string()];
            cells.extend(values.iter().map(|&v| number(v)));
            cells.extend([
                r.def.id.to_string(),
                opt(r.control_mean),
                opt(r.effect),
                opt(r.ci.map(|c| c.0)),
                opt(r.ci.map(|c| c.1)),
                opt(r.delta),
                r.verdict.as_str().to_string(),
                opt(r.pledges.as_ref().and_then(|p| p.effect)),
                r.pledges
                    .as_ref()
                    .map_or(String::new(), |p| p.verdict.as_str().to_string()),
            ]);
            csv.row(&cells).map_err(fail)?;
        }
    }
    csv.into_inner().map_err(fail)
}

/// `drivers.csv`: one row per claim and parameter — the partial rank
/// correlation of the claim's effect with the parameter, its interval, and
/// how many sets measured an effect.
pub fn drivers_csv(d: &ParameterSets, per_claim: &[Summary]) -> Result<Vec<u8>, OutputError> {
    let fail = |cause| OutputError::Table {
        table: DRIVERS_FILE,
        cause,
    };
    let mut csv = CsvWriter::new(Vec::new());
    csv.header(&["id", "parameter", "prcc", "ci_low", "ci_high", "sets"])
        .map_err(fail)?;
    for (def, s) in CLAIMS.iter().zip(per_claim) {
        for (p, c) in d.params.iter().zip(&s.prcc) {
            csv.row(&[
                def.id.to_string(),
                p.clone(),
                opt(c.map(|c| c.value)),
                opt(c.map(|c| c.ci.0)),
                opt(c.map(|c| c.ci.1)),
                s.measured.to_string(),
            ])
            .map_err(fail)?;
        }
    }
    csv.into_inner().map_err(fail)
}
