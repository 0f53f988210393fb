//! Scenario files: parsing, command-line overrides, synthetic worlds and validation.

mod spec;

pub use spec::*;
