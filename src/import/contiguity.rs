//! Reader for the COW Direct Contiguity v3.2 file in its directed dyad-year
//! form (`contdird.csv`): one row per ordered pair of states per year, with the
//! type of contiguity.
//!
//! The dyad-year form is used because it answers "were these two contiguous in
//! year Y?" directly, row by row, as COW coded it; the master-record form
//! (`contdir.csv`, begin/end as YYYYMM) expands to the same dyad-years.

use std::collections::BTreeMap;
use std::path::Path;

use super::ImportError;
use super::csv::Table;

const HINT: &str = "the COW Direct Contiguity directed dyad-year file (contdird.csv: state1no, \
                    state2no, year, conttype, …)";

/// The columns the file must have (others are ignored).
const COLUMNS: &[&str] = &["state1no", "state2no", "year", "conttype"];

/// Miles of water that each sea contiguity type (2–5) stands for; type 1 is land.
pub const SEA_MILES: [(u8, u32); 4] = [(2, 12), (3, 24), (4, 150), (5, 400)];

/// The contiguity file.
#[derive(Clone, Debug)]
pub struct Contiguity {
    /// The file, as named by the user.
    pub file: String,
    /// (year, lower ccode, higher ccode) → the closest contiguity type coded that year.
    pub dyads: BTreeMap<(i32, u32, u32), u8>,
}

impl Contiguity {
    /// Reads the directed dyad-year contiguity file.
    pub fn read(path: &Path) -> Result<Contiguity, ImportError> {
        let t = Table::read(path, COLUMNS, HINT)?;
        Self::from_table(&t)
    }

    /// Parses the file's text (`file` names it in messages), as [`Contiguity::read`] does.
    pub fn parse(file: &str, text: &str) -> Result<Contiguity, ImportError> {
        Self::from_table(&Table::parse(file, text, COLUMNS, HINT)?)
    }

    /// Reads contiguity from a parsed table.
    pub fn from_table(t: &Table) -> Result<Contiguity, ImportError> {
        let mut dyads = BTreeMap::new();
        for r in &t.rows {
            let a = t.ccode(r, "state1no")?;
            let b = t.ccode(r, "state2no")?;
            let year = t.year(r, "year")?;
            let kind = t.int(r, "conttype")?;
            let kind = u8::try_from(kind)
                .ok()
                .filter(|k| (1..=5).contains(k))
                .ok_or_else(|| {
                    ImportError::row(
                        &t.file,
                        r.line,
                        Some("conttype"),
                        format!("expected a contiguity type from 1 to 5, found {kind}"),
                    )
                })?;
            if a == b {
                return Err(ImportError::row(
                    &t.file,
                    r.line,
                    Some("state2no"),
                    "a state cannot border itself",
                ));
            }
            // A dyad-year whose type changed has two rows: the closer contact counts.
            let e = dyads.entry((year, a.min(b), a.max(b))).or_insert(kind);
            *e = (*e).min(kind);
        }
        if dyads.is_empty() {
            return Err(ImportError::file(
                &t.file,
                format!("has no rows; expected {HINT}"),
            ));
        }
        Ok(Contiguity {
            file: t.file.clone(),
            dyads,
        })
    }

    /// The years the file covers.
    pub fn years(&self) -> (i32, i32) {
        let lo = self.dyads.keys().next().map_or(0, |k| k.0);
        let hi = self.dyads.keys().next_back().map_or(0, |k| k.0);
        (lo, hi)
    }

    /// The contiguous pairs of `year` (lower ccode first) with their type.
    pub fn in_year(&self, year: i32) -> impl Iterator<Item = (u32, u32, u8)> + '_ {
        self.dyads
            .range((year, 0, 0)..=(year, u32::MAX, u32::MAX))
            .map(|(&(_, a, b), &k)| (a, b, k))
    }
}
