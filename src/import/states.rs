//! Reader for the COW State System Membership list (`states2016.csv`): one row
//! per spell of membership, with entry and exit dates. A state that left and
//! re-entered the system has several rows.

use std::path::Path;

use super::ImportError;
use super::csv::Table;

/// What the file must hold.
const HINT: &str =
    "the COW state list (states2016.csv: stateabb, ccode, statenme, styear, endyear, …)";

/// The columns the file must have (others are ignored).
const COLUMNS: &[&str] = &["stateabb", "ccode", "statenme", "styear", "endyear"];

/// One spell of a state's membership in the system.
#[derive(Clone, Debug, PartialEq)]
pub struct StateSpell {
    /// COW country code.
    pub ccode: u32,
    /// COW abbreviation (e.g. `GMY`).
    pub abb: String,
    /// Full name.
    pub name: String,
    /// First year of the spell.
    pub start: i32,
    /// Last year of the spell.
    pub end: i32,
    /// First day of the spell (year, month, day); unknown parts read as early as possible.
    pub start_day: (i32, u32, u32),
    /// Last day of the spell; unknown parts read as late as possible.
    pub end_day: (i32, u32, u32),
}

impl StateSpell {
    /// Whether the spell includes some day of `year`, or the day `on` of it.
    pub fn covers(&self, year: i32, on: Option<(u32, u32)>) -> bool {
        match on {
            None => self.start <= year && year <= self.end,
            Some((m, d)) => self.start_day <= (year, m, d) && (year, m, d) <= self.end_day,
        }
    }
}

/// The state list.
#[derive(Clone, Debug)]
pub struct StateList {
    /// The file, as named by the user.
    pub file: String,
    /// Every spell, in file order.
    pub spells: Vec<StateSpell>,
}

impl StateList {
    /// Reads the state list.
    pub fn read(path: &Path) -> Result<StateList, ImportError> {
        let t = Table::read(path, COLUMNS, HINT)?;
        Self::from_table(&t)
    }

    /// Parses the file's text (`file` names it in messages), as [`StateList::read`] does.
    pub fn parse(file: &str, text: &str) -> Result<StateList, ImportError> {
        Self::from_table(&Table::parse(file, text, COLUMNS, HINT)?)
    }

    /// Reads the state list from a parsed table.
    pub fn from_table(t: &Table) -> Result<StateList, ImportError> {
        let mut spells = Vec::with_capacity(t.rows.len());
        for r in &t.rows {
            let abb = t.text(r, "stateabb").to_string();
            if abb.is_empty() || abb.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(ImportError::row(
                    &t.file,
                    r.line,
                    Some("stateabb"),
                    format!("expected an abbreviation without spaces, found {abb:?}"),
                ));
            }
            let start = t.year(r, "styear")?;
            let end = t.year(r, "endyear")?;
            if end < start {
                return Err(ImportError::row(
                    &t.file,
                    r.line,
                    Some("endyear"),
                    format!("the spell ends ({end}) before it starts ({start})"),
                ));
            }
            let name = match t.text(r, "statenme") {
                "" => abb.clone(),
                n => n.to_string(),
            };
            let part = |col: &str, max: i64| -> Result<Option<u32>, ImportError> {
                match t.opt_int(r, col)? {
                    Some(v) if (1..=max).contains(&v) => Ok(u32::try_from(v).ok()),
                    None | Some(super::csv::MISSING) => Ok(None),
                    Some(v) => Err(ImportError::row(
                        &t.file,
                        r.line,
                        Some(col),
                        format!("expected a number from 1 to {max}, found {v}"),
                    )),
                }
            };
            let start_day = (
                start,
                part("stmonth", 12)?.unwrap_or(1),
                part("stday", 31)?.unwrap_or(1),
            );
            let end_day = (
                end,
                part("endmonth", 12)?.unwrap_or(12),
                part("endday", 31)?.unwrap_or(31),
            );
            spells.push(StateSpell {
                ccode: t.ccode(r, "ccode")?,
                abb,
                name,
                start,
                end,
                start_day,
                end_day,
            });
        }
        if spells.is_empty() {
            return Err(ImportError::file(
                &t.file,
                format!("has no rows; expected {HINT}"),
            ));
        }
        Ok(StateList {
            file: t.file.clone(),
            spells,
        })
    }

    /// The years the list covers.
    pub fn years(&self) -> (i32, i32) {
        let lo = self.spells.iter().map(|s| s.start).min().unwrap_or(0);
        let hi = self.spells.iter().map(|s| s.end).max().unwrap_or(0);
        (lo, hi)
    }

    /// The spell of `ccode` that includes `year` (or the day `on` of it, as
    /// (month, day)), if the state was in the system then.
    pub fn in_system(&self, ccode: u32, year: i32, on: Option<(u32, u32)>) -> Option<&StateSpell> {
        self.spells
            .iter()
            .find(|s| s.ccode == ccode && s.covers(year, on))
    }

    /// Any spell of `ccode` (to tell an unknown code from one not in the system that year).
    pub fn any(&self, ccode: u32) -> Option<&StateSpell> {
        self.spells.iter().find(|s| s.ccode == ccode)
    }
}
