//! The article's claims (C1–C12) and the counter-hypotheses it leaves out
//! (K1–K5), each as a controlled experiment whose verdict is computed.
//!
//! Every experiment runs a *treatment* (the scenario as given) against a
//! *control* (the same scenario with one mechanism or structure switched off) on
//! common random numbers; the effect is the paired difference, treatment −
//! control, with its 95 % interval. The verdict rule is written once, in
//! [`judge`]: *supported* when the interval excludes zero in the claimed
//! direction and the effect is at least [`MIN_RELATIVE`] of the control's mean;
//! *contradicted* when the interval excludes zero the other way; *inconclusive*
//! otherwise; *not applicable* when the scenario gives the experiment nothing to
//! measure (no alliances, no calls). No verdict is stored anywhere: change the
//! scenario or a parameter and the verdicts may change.

mod defs;
mod plan;

pub use defs::{CLAIMS, ClaimDef, Design, MIN_RELATIVE, RELIABILITY_POINTS};
pub use plan::{ClaimResult, ClaimsPlan, Config, evaluate, judge, plan};
