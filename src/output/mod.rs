//! Writing results: atomic files, CSV, the run manifest, safe directory names,
//! the output directory itself and the removal of files an earlier run left.
//!
//! Nothing here computes statistics (that is `stats`) or decides what a run
//! writes (that is the experiment and the CLI); these are the tools they write with.

mod atomic;
mod claims;
mod comparison;
pub mod csv;
mod dir;
mod error;
pub mod files;
mod manifest;
mod records;
mod results;
mod slug;

pub use atomic::{AtomicFile, write_atomic};
pub use claims::{
    CLAIM_COLUMNS, claims_csv, claims_md, claims_worlds_csv, claims_worlds_md, drivers_csv,
    percent, robustness_csv, robustness_md,
};
pub use comparison::{comparison_csv, comparison_md, comparison_timeseries_csv, sweep_csv};
pub use csv::CsvWriter;
pub use dir::{JOURNAL_FILE, LOCK_FILE, OutputDir};
pub use error::OutputError;
pub use files::*;
pub use manifest::{Manifest, TOOL_NAME, scenario_hash};
pub use records::{
    CALL_COLUMNS, CRISIS_COLUMNS, DYAD_YEAR_COLUMNS, PARTICIPANT_COLUMNS, RecordFiles,
    RecordsWriter, STATE_YEAR_COLUMNS,
};
pub use results::{
    RunsWriter, WAR_COLUMNS, WarsWriter, summary_csv, timeseries_csv, war_sizes_csv,
};
pub use slug::{MAX_SLUG_LEN, slug};
