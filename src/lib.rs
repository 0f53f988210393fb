//! `deterrence`: an agent-based model of states tied by alliances, built to put
//! the claim that alliances prevent war to controlled, reproducible experiments.
//!
//! Data flows one way: a scenario file is parsed and validated ([`scenario`]),
//! simulated replication by replication ([`model`]), run in parallel and
//! aggregated ([`experiment`], [`stats`]), written out ([`output`]), and drawn
//! from the written files ([`chart`]). The
//! model never prints, never touches files and never reads the clock; the
//! binary's `cli` module only parses arguments, calls the library and prints.

pub mod calibration;
pub mod chart;
pub mod claims;
pub mod experiment;
pub mod facts;
pub mod files;
/// Entry points for `cargo fuzz` (feature `fuzzing`, used only by `fuzz/`);
/// compiled for tests too, which run the seed corpus through them.
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzz;
pub mod import;
pub mod job;
pub mod model;
pub mod output;
pub mod rng;
pub mod scenario;
pub mod stats;
pub mod story;
