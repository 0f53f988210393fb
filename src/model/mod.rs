//! The agent-based model: states, alliances and the yearly schedule of mechanisms.
//!
//! One submodule per mechanism, in the order a year runs them: `economy`,
//! `arming`, `disputes`, `settlement`, `decision`, `war`, `outcome`,
//! `learning`. [`world`] holds what never changes during a replication,
//! `state` what does, [`metrics`] what is reported and `sim` the schedule.
//! The model never prints, touches files or reads the clock.

mod arming;
mod decision;
mod disputes;
mod economy;
#[cfg(test)]
mod invariants;
mod learning;
pub mod metrics;
mod outcome;
pub mod records;
mod settlement;
mod sim;
mod state;
#[cfg(test)]
mod tests;
mod war;
pub mod world;

#[cfg(test)]
pub(crate) mod testkit;

pub use crate::scenario::params::{ModelParams, ParamViolation};
pub use metrics::{HEADLINE, METRIC_COUNT, METRICS, MetricDef, MetricKind, metric_index};
pub use records::Recording;
pub use sim::{
    Entry, Participant, Replication, RunRecord, WarEnd, WarRecord, simulate, simulate_recording,
};
pub use world::World;
