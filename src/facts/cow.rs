//! The [`Sample`] of a period from the Correlates of War files: Militarized
//! Interstate Disputes 4.3 (`MIDA`, one row per dispute; `MIDB`, one row per
//! participant) and State System Membership 2016 (`system2016`, one row per
//! state and year). A dispute belongs to the period it began in; its highest
//! hostility level is MIDA's `hostlev`, its states the distinct `ccode`s of its
//! MIDB rows, it gained a joiner if a participant was not an originator
//! (`orig` = 0: not involved on the dispute's first day), and it lasted from
//! `styear` to `endyear`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::import::ImportError;
use crate::import::csv::Table;

use super::{Dispute, Sample};

/// The file names each COW file is looked for under, in order (the COW
/// archives have a space where some copies have an underscore).
const MIDA_NAMES: [&str; 2] = ["MIDA_4.3.csv", "MIDA 4.3.csv"];
const MIDB_NAMES: [&str; 2] = ["MIDB_4.3.csv", "MIDB 4.3.csv"];
const SYSTEM_NAMES: [&str; 1] = ["system2016.csv"];

/// The columns of MIDA the sample needs.
pub const MIDA_COLUMNS: [&str; 5] = ["dispnum3", "styear", "endyear", "hostlev", "version"];
/// The columns of MIDB the sample needs.
pub const MIDB_COLUMNS: [&str; 4] = ["dispnum3", "ccode", "orig", "version"];
/// The columns of the state-year list the sample needs.
pub const SYSTEM_COLUMNS: [&str; 3] = ["ccode", "year", "version"];

/// The first of `names` that exists in `dir`.
fn find(dir: &Path, names: &[&str], what: &str) -> Result<PathBuf, ImportError> {
    names
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            ImportError::file(
                &dir.display().to_string(),
                format!(
                    "no {what} file here; expected {} (from the Correlates of War data sets)",
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            )
        })
}

/// Checks that every row's `version` column says `want` (the first rows suffice
/// to tell a wrong file; all are checked).
fn check_version(t: &Table, want: f64, name: &str) -> Result<(), ImportError> {
    for row in &t.rows {
        let v = t.text(row, "version");
        if !v.parse::<f64>().is_ok_and(|x| (x - want).abs() < 0.01) {
            return Err(ImportError::row(
                &t.file,
                row.line,
                Some("version"),
                format!("expected {name} version {want}, found {v:?}"),
            ));
        }
    }
    Ok(())
}

/// The disputes that began from `from` to `to` (years, both included) and the
/// state-years of those years, from the COW files in `dir`.
pub fn read(dir: &Path, from: i32, to: i32) -> Result<Sample, ImportError> {
    let mida = Table::read(
        &find(dir, &MIDA_NAMES, "MID 4.3 dispute-level (MIDA)")?,
        &MIDA_COLUMNS,
        "a MID 4.3 dispute-level file (MIDA)",
    )?;
    let midb = Table::read(
        &find(dir, &MIDB_NAMES, "MID 4.3 participant-level (MIDB)")?,
        &MIDB_COLUMNS,
        "a MID 4.3 participant-level file (MIDB)",
    )?;
    let system = Table::read(
        &find(dir, &SYSTEM_NAMES, "State System Membership (system2016)")?,
        &SYSTEM_COLUMNS,
        "the COW state-year list (system2016.csv)",
    )?;
    check_version(&mida, 4.3, "MID")?;
    check_version(&midb, 4.3, "MID")?;
    check_version(&system, 2016.0, "State System")?;
    from_tables(&mida, &midb, &system, from, to)
}

/// [`read`] on tables already read.
pub fn from_tables(
    mida: &Table,
    midb: &Table,
    system: &Table,
    from: i32,
    to: i32,
) -> Result<Sample, ImportError> {
    let mut state_years = 0.0;
    for row in &system.rows {
        system.ccode(row, "ccode")?;
        if (from..=to).contains(&system.year(row, "year")?) {
            state_years += 1.0;
        }
    }
    // Participants per dispute: distinct states, and whether any joined late.
    let mut parts: HashMap<i64, (Vec<u32>, bool)> = HashMap::new();
    for row in &midb.rows {
        let dispute = midb.int(row, "dispnum3")?;
        let ccode = midb.ccode(row, "ccode")?;
        let late = !midb.flag(row, "orig")?;
        let entry = parts.entry(dispute).or_default();
        if !entry.0.contains(&ccode) {
            entry.0.push(ccode);
        }
        entry.1 |= late;
    }
    let mut disputes = Vec::new();
    for row in &mida.rows {
        let start = mida.year(row, "styear")?;
        if !(from..=to).contains(&start) {
            continue;
        }
        let end = mida.year(row, "endyear")?;
        let level = super::level(mida, row, "hostlev", 1)?;
        if end < start {
            return Err(ImportError::row(
                &mida.file,
                row.line,
                Some("endyear"),
                format!("the dispute ends ({end}) before it starts ({start})"),
            ));
        }
        let number = mida.int(row, "dispnum3")?;
        let Some((states, joiner)) = parts.get(&number) else {
            return Err(ImportError::row(
                &mida.file,
                row.line,
                Some("dispnum3"),
                format!(
                    "dispute {number} has no participants in {}; are the two files of one release?",
                    midb.file
                ),
            ));
        };
        disputes.push(Dispute {
            level,
            states: states.len() as u32,
            joiner: *joiner,
            years: (end - start + 1) as u32,
        });
    }
    if state_years == 0.0 {
        return Err(ImportError::file(
            &system.file,
            format!("no state-years from {from} to {to}; the file covers other years"),
        ));
    }
    Ok(Sample {
        state_years,
        disputes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{STATISTICS, compute, statistic_index};

    fn table(name: &str, text: &str, needed: &[&str]) -> Table {
        Table::parse(name, text, needed, "a test file").unwrap()
    }

    fn fixture() -> (Table, Table, Table) {
        let mida = table(
            "MIDA",
            "dispnum3,styear,endyear,hostlev,version\n\
             1,1900,1900,2,4.3\n2,1900,1901,5,4.3\n3,1901,1903,5,4.3\n4,1905,1905,4,4.3\n",
            &["dispnum3", "styear", "endyear", "hostlev"],
        );
        let midb = table(
            "MIDB",
            "dispnum3,ccode,orig,version\n\
             1,2,1,4.3\n1,200,1,4.3\n\
             2,2,1,4.3\n2,200,1,4.3\n2,220,0,4.3\n2,220,0,4.3\n\
             3,255,1,4.3\n3,300,1,4.3\n\
             4,2,1,4.3\n4,20,1,4.3\n",
            &["dispnum3", "ccode", "orig"],
        );
        let system = table(
            "system",
            "ccode,year,version\n2,1900,2016\n200,1900,2016\n2,1901,2016\n200,1901,2016\n2,1905,2016\n",
            &["ccode", "year"],
        );
        (mida, midb, system)
    }

    #[test]
    fn a_small_fixture_counts_by_hand() {
        let (a, b, s) = fixture();
        let sample = from_tables(&a, &b, &s, 1900, 1901).unwrap();
        // Disputes 1–3 began in 1900–1901, over 4 state-years.
        assert_eq!(sample.state_years, 4.0);
        assert_eq!(sample.disputes.len(), 3);
        // Dispute 2: three distinct states (220 listed twice), one a joiner, two years.
        assert_eq!(
            sample.disputes[1],
            Dispute {
                level: 5,
                states: 3,
                joiner: true,
                years: 2
            }
        );
        let x = compute(&sample);
        let at = |n: &str| x[statistic_index(n).unwrap()];
        assert_eq!(at("dispute_rate"), 75.0);
        assert_eq!(at("war_rate"), 50.0);
        assert_eq!(at("war_joiner_share"), 0.5);
        assert_eq!(at("war_duration_mean"), 2.5);
        assert_eq!(at("war_size_mean"), 2.5);
        // Two wars, of 3 and 2 states: the median is between them.
        assert_eq!(at("war_size_median"), 2.5);
        assert_eq!(STATISTICS.len(), x.len());
    }

    #[test]
    fn a_dispute_without_participants_is_refused() {
        let (a, _, s) = fixture();
        let b = table("MIDB", "dispnum3,ccode,orig\n1,2,1\n", &["dispnum3"]);
        let e = from_tables(&a, &b, &s, 1900, 1910).unwrap_err().to_string();
        assert!(
            e.contains("MIDA:3") && e.contains("dispute 2 has no participants"),
            "{e}"
        );
    }

    #[test]
    fn the_shared_cow_files_give_the_published_figures() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/cow");
        if !dir.is_dir() {
            return; // the COW copies sit beside the repository, not in it
        }
        let sample = read(&dir, 1816, 2010).unwrap();
        assert_eq!(sample.state_years, 14_781.0);
        assert_eq!(sample.disputes.len(), 2315);
        let wars = sample.disputes.iter().filter(|d| d.war()).count();
        assert_eq!(wars, 106);
        let x = compute(&sample);
        let at = |n: &str| x[statistic_index(n).unwrap()];
        let near =
            |got: f64, want: f64, digits: f64| (got - want).abs() < 0.5 * 10f64.powf(-digits);
        assert!(near(at("dispute_rate"), 15.7, 1.0));
        assert!(near(at("war_rate"), 0.72, 2.0));
        assert!(near(at("war_share"), 0.046, 3.0));
        assert!(near(at("war_size_2_share"), 0.49, 2.0));
        assert!(near(at("war_size_3_4_share"), 0.29, 2.0));
        assert!(near(at("war_size_5_plus_share"), 0.22, 2.0));
        assert!(near(at("war_size_mean"), 4.3, 1.0));
        assert!(near(at("war_joiner_share"), 0.45, 2.0));
        // Hand-counted from MIDA: 73, 614, 1522 and 106 disputes at levels 2–5.
        assert_eq!(at("level_3_share"), 614.0 / 2315.0);
        assert_eq!(at("war_duration_mean"), 264.0 / 106.0);
    }
}
