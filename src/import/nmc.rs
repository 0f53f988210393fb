//! Reader for the COW National Material Capabilities file (NMC v6.0, one row per
//! state-year): the composite index (CINC) and the economic components used
//! for the wealth proxy. Missing values are coded -9 and read as absent.

use std::path::Path;

use super::ImportError;
use super::csv::Table;

const HINT: &str = "the COW National Material Capabilities file (NMC: stateabb, ccode, year, irst, pec, upop, cinc, …)";

/// The columns the file must have (others are ignored).
const COLUMNS: &[&str] = &["ccode", "year", "irst", "pec", "upop", "cinc"];

/// One state-year of NMC.
#[derive(Clone, Debug, PartialEq)]
pub struct NmcRow {
    /// COW country code.
    pub ccode: u32,
    /// The year.
    pub year: i32,
    /// Iron and steel production (thousand tons), if known.
    pub irst: Option<f64>,
    /// Primary energy consumption (thousand coal-ton equivalents), if known.
    pub pec: Option<f64>,
    /// Urban population (thousands), if known.
    pub upop: Option<f64>,
    /// Composite Index of National Capability, if known.
    pub cinc: Option<f64>,
    /// Line in the file, for messages.
    pub line: usize,
}

/// The NMC file.
#[derive(Clone, Debug)]
pub struct Nmc {
    /// The file, as named by the user.
    pub file: String,
    /// Every state-year.
    pub rows: Vec<NmcRow>,
}

impl Nmc {
    /// Reads the NMC file.
    pub fn read(path: &Path) -> Result<Nmc, ImportError> {
        let t = Table::read(path, COLUMNS, HINT)?;
        Self::from_table(&t)
    }

    /// Parses the file's text (`file` names it in messages), as [`Nmc::read`] does.
    pub fn parse(file: &str, text: &str) -> Result<Nmc, ImportError> {
        Self::from_table(&Table::parse(file, text, COLUMNS, HINT)?)
    }

    /// Reads NMC from a parsed table.
    pub fn from_table(t: &Table) -> Result<Nmc, ImportError> {
        let mut rows = Vec::with_capacity(t.rows.len());
        for r in &t.rows {
            rows.push(NmcRow {
                ccode: t.ccode(r, "ccode")?,
                year: t.year(r, "year")?,
                irst: t.opt_num(r, "irst")?,
                pec: t.opt_num(r, "pec")?,
                upop: t.opt_num(r, "upop")?,
                cinc: t.opt_num(r, "cinc")?,
                line: r.line,
            });
        }
        if rows.is_empty() {
            return Err(ImportError::file(
                &t.file,
                format!("has no rows; expected {HINT}"),
            ));
        }
        Ok(Nmc {
            file: t.file.clone(),
            rows,
        })
    }

    /// The years the file covers.
    pub fn years(&self) -> (i32, i32) {
        let lo = self.rows.iter().map(|r| r.year).min().unwrap_or(0);
        let hi = self.rows.iter().map(|r| r.year).max().unwrap_or(0);
        (lo, hi)
    }

    /// The row of `ccode` in `year`.
    pub fn get(&self, ccode: u32, year: i32) -> Option<&NmcRow> {
        self.rows
            .iter()
            .find(|r| r.ccode == ccode && r.year == year)
    }
}
