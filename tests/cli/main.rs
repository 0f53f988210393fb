//! Integration tests that drive the real `deterrence` binary on real scenario
//! files, in one test binary.
//!
//! Each module begins by saying what it covers. Every run writes into a
//! temporary directory (`--out`, or a temporary working directory), never into
//! the repository's `output/`, and uses few replications and years so the
//! whole suite stays fast.

mod bad_input;
mod calibrate;
mod charts;
mod claims;
mod common;
mod compare;
mod determinism;
mod facts;
#[cfg(unix)]
mod hardening;
mod import;
#[cfg(unix)]
mod interrupt;
mod list;
mod run;
mod shard;
mod snapshots;
mod story;
mod sweep;
mod validate;
#[cfg(target_os = "linux")]
mod write_errors;
