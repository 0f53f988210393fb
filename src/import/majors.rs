//! Reader for the COW major-power periods (`majors2016.csv`): one row per
//! period in which a state counts as a major power.

use std::path::Path;

use super::ImportError;
use super::csv::Table;

const HINT: &str = "the COW major-power list (majors2016.csv: stateabb, ccode, styear, endyear, …)";

/// The columns the file must have (others are ignored).
const COLUMNS: &[&str] = &["ccode", "styear", "endyear"];

/// The major-power periods.
#[derive(Clone, Debug)]
pub struct Majors {
    /// (ccode, first year, last year) for each period.
    pub periods: Vec<(u32, i32, i32)>,
}

impl Majors {
    /// Reads the major-power list.
    pub fn read(path: &Path) -> Result<Majors, ImportError> {
        let t = Table::read(path, COLUMNS, HINT)?;
        Self::from_table(&t)
    }

    /// Parses the file's text (`file` names it in messages), as [`Majors::read`] does.
    pub fn parse(file: &str, text: &str) -> Result<Majors, ImportError> {
        Self::from_table(&Table::parse(file, text, COLUMNS, HINT)?)
    }

    /// Reads the major-power list from a parsed table.
    pub fn from_table(t: &Table) -> Result<Majors, ImportError> {
        let mut periods = Vec::with_capacity(t.rows.len());
        for r in &t.rows {
            periods.push((
                t.ccode(r, "ccode")?,
                t.year(r, "styear")?,
                t.year(r, "endyear")?,
            ));
        }
        Ok(Majors { periods })
    }

    /// The major powers of `year`, by ccode, sorted.
    pub fn in_year(&self, year: i32) -> Vec<u32> {
        let mut out: Vec<u32> = self
            .periods
            .iter()
            .filter(|&&(_, a, b)| a <= year && year <= b)
            .map(|&(c, _, _)| c)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}
