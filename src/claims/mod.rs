//! The article's claims (C1–C12) and the counter-hypotheses it leaves out
//! (K1–K5), each as a controlled experiment whose verdict is computed.
//!
//! Every experiment runs a *treatment* (the scenario as given) against a
//! *control* (the same scenario with one mechanism or structure switched off) on
//! common random numbers; the effect is the paired difference, treatment −
//! control, with its 95 % interval. The verdict rule is written once, in
//! [`crate::stats::verdict`] (called through [`judge`]), and is symmetric: with
//! δ the smallest effect that matters (by default [`MIN_RELATIVE`] of the
//! control's mean), *supported* or *contradicted* when the interval excludes
//! zero on one side and the effect reaches δ; *no meaningful effect* when the
//! whole interval lies within ±δ; *inconclusive* otherwise; *not applicable*
//! when the scenario gives the experiment nothing to measure (no alliances, no
//! calls, a mechanism already off). Claims whose control removes every alliance
//! are also measured through the pledges alone, against the same alliances with
//! empty pledges ([`NO_PLEDGES`]), so what alliances do through their promises
//! is told apart from what they do through trade, dialogue, settlement and
//! trust. No verdict is stored anywhere: change the scenario or a parameter and
//! the verdicts may change.

mod defs;
mod plan;
pub mod robust;

pub use defs::{CLAIMS, ClaimDef, Design, MIN_RELATIVE, NO_PLEDGES, RELIABILITY_POINTS};
pub use plan::{Channel, ClaimResult, ClaimsPlan, Config, evaluate, judge, plan};
