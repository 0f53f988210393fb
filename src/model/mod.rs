//! The agent-based model: states, alliances and the yearly schedule of mechanisms.

mod params;

pub use params::{ModelParams, ParamViolation};
