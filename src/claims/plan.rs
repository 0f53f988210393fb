//! Building the claims experiments from one scenario, and judging their results.
//!
//! All the configurations the claims need (the scenario, each control, each
//! reliability of K4) are gathered into one list, identical ones merged, and run
//! together on common random numbers by the caller (`experiment::run_many`);
//! [`Paired`] collects the differences each claim reads, and [`evaluate`] turns
//! them into results.

// Scenario errors are returned as they are, as everywhere else in the crate
// (see `scenario`): they carry the file, location and path the user needs.
#![allow(clippy::result_large_err)]

use crate::experiment::Aggregate;
use crate::experiment::compare::Paired;
use crate::model::{World, metric_index};
use crate::scenario::{self, Scenario, ScenarioError};
use crate::stats::{Moments, Verdict, smallest_effect, verdict_with};

use super::defs::{CLAIMS, ClaimDef, Design, MIN_RELATIVE, NO_PLEDGES, POOLED, RELIABILITY_POINTS};

/// One configuration to run.
#[derive(Clone, Debug)]
pub struct Config {
    /// A short label ("scenario", "control: alliances=[]", …).
    pub label: String,
    /// The overrides that make it, on top of the user's.
    pub overrides: Vec<String>,
    /// The resolved scenario.
    pub scenario: Scenario,
}

/// The claims experiments of one scenario, ready to run.
#[derive(Clone, Debug)]
pub struct ClaimsPlan {
    /// The configurations; the first is the scenario itself.
    pub configs: Vec<Config>,
    /// For each claim (in [`CLAIMS`] order), the (control, treatment) pairs it reads:
    /// one pair, or one per reliability for K4; none for reference designs.
    pub claim_pairs: Vec<Vec<(usize, usize)>>,
    /// For each claim, the (no pledges, scenario) pair of its pledge channel,
    /// for claims that read one ([`ClaimDef::reads_pledges`]).
    pub pledge_pairs: Vec<Option<(usize, usize)>>,
    /// The smallest effect that matters, relative to the control's mean (δ).
    pub min_effect: f64,
    /// Why no experiment can run, when none can (e.g. no alliances).
    pub not_applicable: Option<String>,
}

impl ClaimsPlan {
    /// Every pair for [`Paired::between`]: the claims' pairs flattened in claim
    /// order, then the pledge channels' in claim order.
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        self.claim_pairs
            .iter()
            .flatten()
            .copied()
            .chain(self.pledge_pairs.iter().flatten().copied())
            .collect()
    }

    /// The static worlds of every configuration; controls keep the scenario's
    /// signatories, so both sides of a pair measure the same states.
    pub fn worlds(&self) -> Vec<World> {
        let mut worlds: Vec<World> = self
            .configs
            .iter()
            .map(|c| World::new(&c.scenario.world, &c.scenario.model))
            .collect();
        if let Some((first, rest)) = worlds.split_first_mut() {
            for w in rest {
                w.adopt_signatories(first);
            }
        }
        worlds
    }
}

/// Builds the experiments for the scenario `text` (named `origin` in errors)
/// under the user's `overrides`.
pub fn plan(origin: &str, text: &str, overrides: &[String]) -> Result<ClaimsPlan, ScenarioError> {
    let base = scenario::load_str(origin, text, overrides)?;
    let mut configs = vec![Config {
        label: "scenario".into(),
        overrides: vec![],
        scenario: base.clone(),
    }];
    if base.world.alliances.is_empty() {
        return Ok(ClaimsPlan {
            configs,
            claim_pairs: vec![vec![]; CLAIMS.len()],
            pledge_pairs: vec![None; CLAIMS.len()],
            min_effect: MIN_RELATIVE,
            not_applicable: Some(
                "the scenario has no alliances, so there is nothing to test".into(),
            ),
        });
    }
    let mut add = |extra: Vec<String>| -> Result<usize, ScenarioError> {
        let mut all = overrides.to_vec();
        all.extend(extra.iter().cloned());
        let s = scenario::load_str(origin, text, &all)?;
        if let Some(i) = configs.iter().position(|c| c.scenario == s) {
            return Ok(i);
        }
        configs.push(Config {
            label: extra.join(" "),
            overrides: extra,
            scenario: s,
        });
        Ok(configs.len() - 1)
    };
    let to_strings = |o: &[&str]| o.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut claim_pairs = Vec::with_capacity(CLAIMS.len());
    let mut pledge_pairs = Vec::with_capacity(CLAIMS.len());
    for def in CLAIMS {
        let pairs = match def.design {
            Design::Switch(extra) => {
                let control = add(to_strings(extra))?;
                vec![(control, 0)]
            }
            Design::Reference(_) => vec![],
            Design::ReliabilitySweep => {
                let none = add(to_strings(NO_PLEDGES))?;
                let mut pairs = Vec::new();
                for r in RELIABILITY_POINTS {
                    let t = add(vec![format!("alliances.*.reliability={r}")])?;
                    pairs.push((none, t));
                }
                pairs
            }
        };
        claim_pairs.push(pairs);
        pledge_pairs.push(if def.reads_pledges() {
            Some((add(to_strings(NO_PLEDGES))?, 0))
        } else {
            None
        });
    }
    Ok(ClaimsPlan {
        configs,
        claim_pairs,
        pledge_pairs,
        min_effect: MIN_RELATIVE,
        not_applicable: None,
    })
}

/// δ for claim `def` against `baseline`: `min_effect` × |baseline|, or the
/// claim's own floor in the metric's units if that is larger.
pub fn delta(def: &ClaimDef, baseline: f64, min_effect: f64) -> f64 {
    smallest_effect(baseline, min_effect).max(def.min_abs)
}

/// The rule, written once: an effect and its interval against the claimed
/// direction of `def`, with δ from `delta`; not applicable without both.
pub fn judge(
    effect: Option<f64>,
    ci: Option<(f64, f64)>,
    baseline: f64,
    def: &ClaimDef,
    min_effect: f64,
) -> Verdict {
    match (effect, ci) {
        (Some(e), Some(ci)) => verdict_with(ci, def.direction, e, delta(def, baseline, min_effect)),
        _ => Verdict::NotApplicable,
    }
}

/// One effect measured against one control: the claim's own, or its pledge channel.
#[derive(Clone, Debug)]
pub struct Channel {
    /// Mean of the metric in the control.
    pub control_mean: Option<f64>,
    /// The effect: treatment − control, paired by replication.
    pub effect: Option<f64>,
    /// Its 95 % interval.
    pub ci: Option<(f64, f64)>,
    /// Replications that contributed.
    pub n: u64,
    /// The verdict on it.
    pub verdict: Verdict,
}

/// The result of one claim's experiment.
#[derive(Clone, Debug)]
pub struct ClaimResult {
    /// The claim.
    pub def: &'static ClaimDef,
    /// Mean of the metric in the control (or the reference value).
    pub control_mean: Option<f64>,
    /// Mean of the metric in the treatment.
    pub treatment_mean: Option<f64>,
    /// The effect: treatment − control, paired by replication.
    pub effect: Option<f64>,
    /// Its 95 % interval.
    pub ci: Option<(f64, f64)>,
    /// Replications that contributed.
    pub n: u64,
    /// Standard deviation of the metric over the control's replications (the
    /// scenario's, for a reference design): the scale on which effects of
    /// different metrics can be set side by side.
    pub scale: Option<f64>,
    /// The verdict.
    pub verdict: Verdict,
    /// Anything the verdict needs said (K4's threshold, why not applicable, …).
    pub detail: String,
    /// The same effect through the pledges alone: the scenario against its
    /// alliances with empty pledges ([`ClaimDef::reads_pledges`]).
    pub pledges: Option<Channel>,
    /// The smallest effect that matters for this claim, in the metric's units
    /// (δ = `min_effect` × |control mean|).
    pub delta: Option<f64>,
}

/// Judges every claim from the aggregates of the plan's configurations and the
/// paired differences of [`ClaimsPlan::pairs`].
pub fn evaluate(plan: &ClaimsPlan, aggs: &[Aggregate], paired: &Paired) -> Vec<ClaimResult> {
    let min_effect = plan.min_effect;
    let mut next_pair = 0;
    let mut next_pledge = plan.claim_pairs.iter().map(Vec::len).sum::<usize>();
    let mut out = Vec::with_capacity(CLAIMS.len());
    for (def, pairs) in CLAIMS.iter().zip(&plan.claim_pairs) {
        let m = metric_index(def.metric).unwrap_or(0);
        let mut result = ClaimResult {
            def,
            control_mean: None,
            treatment_mean: aggs.first().and_then(|a| a.run[m].mean()),
            effect: None,
            ci: None,
            n: 0,
            scale: None,
            verdict: Verdict::NotApplicable,
            detail: String::new(),
            pledges: None,
            delta: None,
        };
        if let Some(why) = &plan.not_applicable {
            result.detail = why.clone();
            out.push(result);
            continue;
        }
        let diffs: Vec<&Moments> = (0..pairs.len())
            .map(|k| &paired.diffs[next_pair + k][m])
            .collect();
        next_pair += pairs.len();
        match def.design {
            Design::Switch(_) => {
                let (control, treatment) = pairs[0];
                result.control_mean = aggs[control].run[m].mean();
                result.scale = aggs[control].run[m].sd();
                fill(&mut result, diffs[0], min_effect);
                if control == treatment {
                    result.verdict = Verdict::NotApplicable;
                    result.detail =
                        "the control is the scenario itself: the mechanism is already off".into();
                }
            }
            Design::Reference(reference) => {
                let t = &aggs[0].run[m];
                result.control_mean = Some(reference);
                result.scale = t.sd();
                result.n = t.n();
                result.effect = t.mean().map(|x| x - reference);
                result.ci = t.ci95().map(|(a, b)| (a - reference, b - reference));
                result.verdict = judge(result.effect, result.ci, reference, def, min_effect);
                if result.verdict == Verdict::NotApplicable {
                    result.detail =
                        format!("no replication had anything to measure for {}", def.metric);
                } else if let Some(pooled) = pooled(def.metric, &aggs[0]) {
                    result.detail = pooled;
                }
            }
            Design::ReliabilitySweep => {
                // Reliability 0 makes every pledge empty: it is shown, but the
                // verdict reads the reliabilities at which pacts promise something.
                let verdicts: Vec<Verdict> = diffs
                    .iter()
                    .zip(pairs)
                    .map(|(d, &(c, _))| {
                        let control = aggs[c].run[m].mean().unwrap_or(0.0);
                        judge(d.mean(), d.ci95(), control, def, min_effect)
                    })
                    .collect();
                let first = RELIABILITY_POINTS
                    .iter()
                    .position(|r| r.parse::<f64>().is_ok_and(|x| x > 0.0));
                let first = first.unwrap_or(0).min(pairs.len().saturating_sub(1));
                let (none, at_first) = pairs[first];
                result.control_mean = aggs[none].run[m].mean();
                result.scale = aggs[none].run[m].sd();
                result.treatment_mean = aggs[at_first].run[m].mean();
                fill(&mut result, diffs[first], min_effect);
                // The credibility threshold: the lowest reliability from which on
                // pledges lower the attack rate at every reliability tried.
                let lowers = |o: &Verdict| *o == Verdict::Supported;
                let mut threshold = None;
                for k in (first..verdicts.len()).rev() {
                    if lowers(&verdicts[k]) {
                        threshold = Some(k);
                    } else {
                        break;
                    }
                }
                let points: Vec<String> = RELIABILITY_POINTS
                    .iter()
                    .zip(&verdicts)
                    .zip(&diffs)
                    .map(|((r, v), d)| {
                        let e = d.mean().map_or("—".to_string(), |x| format!("{x:+.3}"));
                        format!("{r}: {e} ({})", v.as_str())
                    })
                    .collect();
                result.verdict = match threshold {
                    _ if verdicts.iter().all(|v| *v == Verdict::NotApplicable) => {
                        Verdict::NotApplicable
                    }
                    Some(k) if k > first => Verdict::Supported,
                    Some(_) => Verdict::Contradicted,
                    None => Verdict::Inconclusive,
                };
                result.detail = match threshold {
                    Some(k) => format!(
                        "pledges lower the attack rate from reliability {} up; the effect shown is at reliability {}; \
                         effect by reliability: {}",
                        RELIABILITY_POINTS[k],
                        RELIABILITY_POINTS[first],
                        points.join(", ")
                    ),
                    None => format!(
                        "pledges do not lower the attack rate even at the highest reliability tried; the effect \
                         shown is at reliability {}; effect by reliability: {}",
                        RELIABILITY_POINTS[first],
                        points.join(", ")
                    ),
                };
            }
        }
        if let Some((control, _)) = plan.pledge_pairs[out.len()] {
            let d = &paired.diffs[next_pledge][m];
            next_pledge += 1;
            let control_mean = aggs[control].run[m].mean();
            let (effect, ci) = (d.mean(), d.ci95());
            result.pledges = Some(Channel {
                control_mean,
                effect,
                ci,
                n: d.n(),
                verdict: judge(effect, ci, control_mean.unwrap_or(0.0), def, min_effect),
            });
        }
        if result.verdict == Verdict::NotApplicable && result.detail.is_empty() {
            result.detail = format!("no replication had anything to measure for {}", def.metric);
        }
        if result.verdict != Verdict::NotApplicable {
            result.delta = result.control_mean.map(|c| delta(def, c, min_effect));
        }
        out.push(result);
    }
    out
}

/// The pooled form of a ratio metric of [`POOLED`] in one configuration, in words.
fn pooled(metric: &str, agg: &Aggregate) -> Option<String> {
    let &(_, num, den) = POOLED.iter().find(|p| p.0 == metric)?;
    let mean = |name: &str| metric_index(name).and_then(|i| agg.run[i].mean());
    let (events, of) = (mean(num)?, mean(den)?);
    let n = agg.run[metric_index(den)?].n() as f64;
    if of <= 0.0 {
        return None;
    }
    Some(format!(
        "the verdict reads the mean of per-run shares; pooled over every run it is {:.0} of {:.0} \
         ({num} / {den}), a share of {:.3}",
        events * n,
        of * n,
        events / of
    ))
}

/// Fills a result from a paired difference and judges it.
fn fill(result: &mut ClaimResult, diff: &Moments, min_effect: f64) {
    result.effect = diff.mean();
    result.ci = diff.ci95();
    result.n = diff.n();
    result.verdict = judge(
        result.effect,
        result.ci,
        result.control_mean.unwrap_or(0.0),
        result.def,
        min_effect,
    );
}

impl ClaimResult {
    /// The effect and its interval in standard deviations of the control (None
    /// when the control does not vary).
    pub fn standardised(&self) -> Option<(f64, f64, f64)> {
        let sd = self.scale.filter(|s| *s > 0.0)?;
        let (e, (lo, hi)) = (self.effect?, self.ci?);
        Some((e / sd, lo / sd, hi / sd))
    }
}
