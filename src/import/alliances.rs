//! Reader for the COW Formal Alliances v4.1 file at the member level
//! (`alliance_v4.1_by_member.csv`): one row per alliance × member, with the
//! member's own dates and obligations.
//!
//! The member-level file is used rather than the dyad-level one because an
//! alliance is a group, not a set of pairs: grouping member rows by
//! `version4id` gives each alliance's members directly, a multilateral pact
//! stays one alliance, and each member's dates say when it was in.

use std::path::Path;

use super::ImportError;
use super::csv::Table;

const HINT: &str = "the COW Formal Alliances v4.1 member-level file (alliance_v4.1_by_member.csv: \
                    version4id, ccode, mem_st_year, mem_end_year, defense, neutrality, nonaggression, \
                    entente, …); the dyad-level file has ccode1/ccode2 instead";

/// The columns the file must have (others are ignored).
const COLUMNS: &[&str] = &[
    "version4id",
    "ccode",
    "mem_st_day",
    "mem_st_month",
    "mem_st_year",
    "mem_end_day",
    "mem_end_month",
    "mem_end_year",
    "defense",
    "neutrality",
    "nonaggression",
    "entente",
];

/// A day of the calendar as COW codes it; month and day may be unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    /// Year.
    pub year: i32,
    /// Month 1–12, if known.
    pub month: Option<u32>,
    /// Day 1–31, if known.
    pub day: Option<u32>,
}

impl Day {
    /// (year, month, day) with an unknown month or day taken as early as possible.
    pub fn earliest(&self) -> (i32, u32, u32) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// (year, month, day) with an unknown month or day taken as late as possible.
    pub fn latest(&self) -> (i32, u32, u32) {
        (self.year, self.month.unwrap_or(12), self.day.unwrap_or(31))
    }

    /// "7 Oct 1879", "Oct 1879" or "1879", as much as is known.
    pub fn show(&self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month = self
            .month
            .and_then(|m| MONTHS.get((m as usize).wrapping_sub(1)));
        match (self.day, month) {
            (Some(d), Some(m)) => format!("{d} {m} {}", self.year),
            (None, Some(m)) => format!("{m} {}", self.year),
            _ => self.year.to_string(),
        }
    }
}

/// One member of one alliance.
#[derive(Clone, Debug, PartialEq)]
pub struct Membership {
    /// COW alliance id (`version4id`).
    pub id: u32,
    /// The member's COW country code.
    pub ccode: u32,
    /// When the member joined.
    pub start: Day,
    /// When it left; `None` while in force at the end of the data.
    pub end: Option<Day>,
    /// Pledged to defend the others.
    pub defense: bool,
    /// Pledged neutrality.
    pub neutrality: bool,
    /// Pledged non-aggression.
    pub nonaggression: bool,
    /// Pledged to consult (entente).
    pub entente: bool,
}

/// The alliance file.
#[derive(Clone, Debug)]
pub struct Alliances {
    /// The file, as named by the user.
    pub file: String,
    /// Every membership, in file order.
    pub members: Vec<Membership>,
}

/// Reads a month or day cell: empty, or a number in `1..=max`.
fn part(t: &Table, r: &super::csv::Row, col: &str, max: i64) -> Result<Option<u32>, ImportError> {
    match t.opt_int(r, col)? {
        None | Some(super::csv::MISSING) => Ok(None),
        Some(v) if (1..=max).contains(&v) => Ok(u32::try_from(v).ok()),
        Some(v) => Err(ImportError::row(
            &t.file,
            r.line,
            Some(col),
            format!("expected a number from 1 to {max}, found {v}"),
        )),
    }
}

impl Alliances {
    /// Reads the member-level alliance file.
    pub fn read(path: &Path) -> Result<Alliances, ImportError> {
        let t = Table::read(path, COLUMNS, HINT)?;
        Self::from_table(&t)
    }

    /// Parses the file's text (`file` names it in messages), as [`Alliances::read`] does.
    pub fn parse(file: &str, text: &str) -> Result<Alliances, ImportError> {
        Self::from_table(&Table::parse(file, text, COLUMNS, HINT)?)
    }

    /// Reads alliances from a parsed table.
    pub fn from_table(t: &Table) -> Result<Alliances, ImportError> {
        let mut members = Vec::with_capacity(t.rows.len());
        for r in &t.rows {
            let id = t.int(r, "version4id")?;
            let id = u32::try_from(id).map_err(|_| {
                ImportError::row(
                    &t.file,
                    r.line,
                    Some("version4id"),
                    format!("expected an alliance id ≥ 0, found {id}"),
                )
            })?;
            let start = Day {
                year: t.year(r, "mem_st_year")?,
                month: part(t, r, "mem_st_month", 12)?,
                day: part(t, r, "mem_st_day", 31)?,
            };
            let end = match t.opt_year(r, "mem_end_year")? {
                None => None,
                Some(year) => Some(Day {
                    year,
                    month: part(t, r, "mem_end_month", 12)?,
                    day: part(t, r, "mem_end_day", 31)?,
                }),
            };
            if end.is_some_and(|e| e.year < start.year) {
                return Err(ImportError::row(
                    &t.file,
                    r.line,
                    Some("mem_end_year"),
                    "the membership ends before it starts",
                ));
            }
            members.push(Membership {
                id,
                ccode: t.ccode(r, "ccode")?,
                start,
                end,
                defense: t.flag(r, "defense")?,
                neutrality: t.flag(r, "neutrality")?,
                nonaggression: t.flag(r, "nonaggression")?,
                entente: t.flag(r, "entente")?,
            });
        }
        if members.is_empty() {
            return Err(ImportError::file(
                &t.file,
                format!("has no rows; expected {HINT}"),
            ));
        }
        Ok(Alliances {
            file: t.file.clone(),
            members,
        })
    }

    /// The years the file covers: from the first start to the last date it mentions.
    pub fn years(&self) -> (i32, i32) {
        let lo = self.members.iter().map(|m| m.start.year).min().unwrap_or(0);
        let hi = self
            .members
            .iter()
            .map(|m| m.end.map_or(m.start.year, |e| e.year))
            .max()
            .unwrap_or(0);
        (lo, hi)
    }

    /// Memberships in force at some time during `year`, or on the day `on`
    /// (month, day) of it when given. Unknown months and days are read leniently.
    pub fn in_force(&self, year: i32, on: Option<(u32, u32)>) -> impl Iterator<Item = &Membership> {
        self.members.iter().filter(move |m| match on {
            None => m.start.year <= year && m.end.is_none_or(|e| year <= e.year),
            Some((month, day)) => {
                let d = (year, month, day);
                m.start.earliest() <= d && m.end.is_none_or(|e| d <= e.latest())
            }
        })
    }
}
