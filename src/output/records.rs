//! The event records `run --records` writes, one CSV file per kind, streamed
//! replication by replication (years and states as in `wars.csv`: years from
//! 1, states by id). docs/RECORDS.md defines every column.

use std::io::{self, Write};
use std::path::PathBuf;

use flate2::write::GzEncoder;
use flate2::{Compression, GzBuilder};

use crate::model::records::{Backer, Kinds};
use crate::model::{Entry, RunRecord, WarEnd, World};

use super::csv::{CsvWriter, write_number};
use super::{AtomicFile, OutputDir, OutputError};

use super::files::{CALLS_FILE, CRISES_FILE, DYAD_YEARS_FILE, PARTICIPANTS_FILE, STATE_YEARS_FILE};

/// The columns of `crises.csv`.
pub const CRISIS_COLUMNS: &[&str] = &[
    "replication",
    "crisis",
    "year",
    "challenger",
    "target",
    "scripted",
    "level",
    "outcome",
    "war",
    "contiguous",
    "shared_pacts",
    "challenger_other_pacts",
    "target_other_pacts",
    "challenger_major",
    "target_major",
    "deterred",
    "challenger_backers",
    "target_backers",
];

/// The columns of `participants.csv`.
pub const PARTICIPANT_COLUMNS: &[&str] = &[
    "replication",
    "war",
    "state",
    "side",
    "year_in",
    "year_out",
    "how",
    "alliance",
    "kind",
];

/// The columns of `calls.csv`.
pub const CALL_COLUMNS: &[&str] = &[
    "replication",
    "war",
    "year",
    "state",
    "alliance",
    "kind",
    "partner_side",
    "terms",
    "answer",
];

/// The columns of `state_years.csv`.
pub const STATE_YEAR_COLUMNS: &[&str] = &[
    "replication",
    "year",
    "state",
    "capability",
    "wealth",
    "spending_share",
    "major",
    "pacts",
    "at_war",
];

/// The columns of `dyad_years.csv`.
pub const DYAD_YEAR_COLUMNS: &[&str] = &[
    "replication",
    "year",
    "state_a",
    "state_b",
    "contiguous",
    "capability_ratio",
    "shared_pacts",
    "a_other_pacts",
    "b_other_pacts",
    "a_major",
    "b_major",
    "ongoing_war",
    "crises",
    "level",
];

/// Where a table's bytes go: the file itself, or a gzip stream into it.
enum Sink {
    Plain(AtomicFile),
    Gzip(GzEncoder<AtomicFile>),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Plain(f) => f.write(buf),
            Sink::Gzip(g) => g.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Plain(f) => f.flush(),
            Sink::Gzip(g) => g.flush(),
        }
    }
}

impl Sink {
    /// Ends the stream and gives back the file.
    fn finish(self) -> io::Result<AtomicFile> {
        match self {
            Sink::Plain(f) => Ok(f),
            Sink::Gzip(g) => g.finish(),
        }
    }
}

/// One streamed table.
struct Table {
    csv: CsvWriter<Sink>,
    path: PathBuf,
    name: String,
}

impl Table {
    fn create(
        out: &OutputDir,
        name: &'static str,
        columns: &[&str],
        gzip: bool,
    ) -> Result<Self, OutputError> {
        let name = if gzip {
            format!("{name}.gz")
        } else {
            name.to_string()
        };
        let file = out.create(&name)?;
        let path = file.path().to_path_buf();
        let sink = if gzip {
            // No file name or time in the header, so the bytes depend on the content alone.
            // The fast level: a quarter of the time of the default for files 1.1–1.5× larger.
            Sink::Gzip(GzBuilder::new().write(file, Compression::fast()))
        } else {
            Sink::Plain(file)
        };
        let mut csv = CsvWriter::new(sink);
        csv.header(columns)
            .map_err(|e| OutputError::write(&path, e))?;
        Ok(Table { csv, path, name })
    }

    /// Writes the cells of one row one by one, as `cells` hands them over.
    fn cells(
        &mut self,
        cells: impl FnOnce(&mut CsvWriter<Sink>) -> io::Result<()>,
    ) -> Result<(), OutputError> {
        cells(&mut self.csv)
            .and_then(|()| self.csv.end_row())
            .map_err(|e| OutputError::write(&self.path, e))
    }

    fn row(&mut self, cells: &[String]) -> Result<(), OutputError> {
        self.csv
            .row(cells)
            .map_err(|e| OutputError::write(&self.path, e))
    }
}

/// The event record files of a run, those asked for.
pub struct RecordsWriter {
    crises: Option<Table>,
    participants: Option<Table>,
    calls: Option<Table>,
    state_years: Option<Table>,
    dyad_years: Option<Table>,
}

/// Which record files to write.
#[derive(Clone, Copy, Debug, Default)]
pub struct RecordFiles {
    /// `crises.csv`.
    pub crises: bool,
    /// `participants.csv`.
    pub participants: bool,
    /// `calls.csv`.
    pub calls: bool,
    /// `state_years.csv`.
    pub state_years: bool,
    /// `dyad_years.csv`.
    pub dyad_years: bool,
    /// Each gzip-compressed, as `NAME.csv.gz`.
    pub gzip: bool,
}

/// `x` as a CSV number ([`write_number`]), in `buf`.
fn float(buf: &mut String, x: f64) -> &str {
    buf.clear();
    write_number(buf, x);
    buf
}

/// `x` in decimal, in `buf`.
fn integer(buf: &mut String, x: u32) -> &str {
    use std::fmt::Write as _;
    buf.clear();
    // Writing to a String cannot fail.
    let _ = write!(buf, "{x}");
    buf
}

/// A set of pact kinds as `defense;entente` (empty when none).
fn kinds(k: Kinds) -> String {
    k.kinds().map(|k| k.as_str()).collect::<Vec<_>>().join(";")
}

/// The backers of one side of a crisis as `GMY;ITA`; the remote members of an
/// alliance, weighed as one, are written as the alliance's name in brackets.
fn backers(world: &World, backers: &[Backer], on: u8) -> String {
    backers
        .iter()
        .filter(|b| b.side == on)
        .map(|b| {
            if b.bloc {
                let name = world
                    .alliances
                    .get(b.state as usize)
                    .map_or("", |a| &a.name);
                format!("[{name}]")
            } else {
                world.ids.get(b.state as usize).cloned().unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn side(s: u8) -> &'static str {
    if s == 0 { "initiator" } else { "target" }
}

impl RecordsWriter {
    /// Starts the files asked for in `out`, gzip-compressed (`NAME.csv.gz`) with `gzip`.
    pub fn create(out: &OutputDir, files: RecordFiles) -> Result<Self, OutputError> {
        let table = |on: bool, name, columns| {
            on.then(|| Table::create(out, name, columns, files.gzip))
                .transpose()
        };
        Ok(RecordsWriter {
            crises: table(files.crises, CRISES_FILE, CRISIS_COLUMNS)?,
            participants: table(files.participants, PARTICIPANTS_FILE, PARTICIPANT_COLUMNS)?,
            calls: table(files.calls, CALLS_FILE, CALL_COLUMNS)?,
            state_years: table(files.state_years, STATE_YEARS_FILE, STATE_YEAR_COLUMNS)?,
            dyad_years: table(files.dyad_years, DYAD_YEARS_FILE, DYAD_YEAR_COLUMNS)?,
        })
    }

    /// Writes the records of replication `index`.
    pub fn write(&mut self, index: u64, world: &World, rec: &RunRecord) -> Result<(), OutputError> {
        let id = |s: u32| world.ids.get(s as usize).cloned().unwrap_or_default();
        let flag = |b: bool| if b { "true" } else { "false" };
        let r = index.to_string();
        if let Some(t) = self.crises.as_mut() {
            for c in &rec.crises {
                t.row(&[
                    r.clone(),
                    c.id.to_string(),
                    (c.year + 1).to_string(),
                    id(c.challenger),
                    id(c.target),
                    flag(c.scripted).to_string(),
                    c.level.to_string(),
                    c.end.name().to_string(),
                    c.war.map_or(String::new(), |w| w.to_string()),
                    flag(c.contiguous).to_string(),
                    kinds(c.shared),
                    kinds(c.challenger_other),
                    kinds(c.target_other),
                    flag(c.challenger_major).to_string(),
                    flag(c.target_major).to_string(),
                    flag(c.deterred).to_string(),
                    backers(world, &c.backers, 0),
                    backers(world, &c.backers, 1),
                ])?;
            }
        }
        if let Some(t) = self.participants.as_mut() {
            let mut wars: Vec<_> = rec.wars.iter().collect();
            wars.sort_by_key(|w| w.id);
            for war in wars {
                let out = match war.ending {
                    WarEnd::Unfinished => String::new(),
                    _ => (war.end + 1).to_string(),
                };
                for m in &war.members {
                    let (how, alliance, kind) = match m.how {
                        Entry::Originator => ("originator", String::new(), ""),
                        Entry::Called(a) => {
                            let al = &world.alliances[a as usize];
                            ("alliance_call", al.name.clone(), al.kind.as_str())
                        }
                        Entry::OwnAccount => ("own_account", String::new(), ""),
                    };
                    t.row(&[
                        r.clone(),
                        war.id.to_string(),
                        id(m.state),
                        side(m.side).to_string(),
                        (m.entered + 1).to_string(),
                        out.clone(),
                        how.to_string(),
                        alliance,
                        kind.to_string(),
                    ])?;
                }
            }
        }
        if let Some(t) = self.calls.as_mut() {
            for c in &rec.calls {
                let al = &world.alliances[c.alliance as usize];
                t.row(&[
                    r.clone(),
                    c.war.to_string(),
                    (c.year + 1).to_string(),
                    id(c.state),
                    al.name.clone(),
                    al.kind.as_str().to_string(),
                    side(c.partner_side).to_string(),
                    c.applied.name().to_string(),
                    c.answer.name().to_string(),
                ])?;
            }
        }
        // The two large files are written cell by cell, numbers through one buffer.
        let name = |s: u32| world.ids.get(s as usize).map_or("", String::as_str);
        let kind_sets: Vec<String> = (0..16).map(|k| kinds(Kinds(k))).collect();
        let set = |k: Kinds| kind_sets.get(usize::from(k.0)).map_or("", String::as_str);
        let mut buf = String::new();
        if let Some(t) = self.state_years.as_mut() {
            for s in &rec.state_years {
                t.cells(|c| {
                    c.cell(&r)?;
                    c.cell(integer(&mut buf, s.year + 1))?;
                    c.cell(name(s.state))?;
                    c.cell(float(&mut buf, s.capability))?;
                    c.cell(float(&mut buf, s.wealth))?;
                    c.cell(float(&mut buf, s.spending))?;
                    c.cell(flag(s.major))?;
                    c.cell(set(s.pacts))?;
                    c.cell(flag(s.at_war))
                })?;
            }
        }
        if let Some(t) = self.dyad_years.as_mut() {
            // A stored frame names only states and alliances of this world (the
            // shard's fingerprint says so); any other reads as "no pact".
            let kind_of = |a: u32| world.alliances.get(a as usize).map(|al| al.kind);
            for frame in &rec.dyad_years {
                let year = (frame.year + 1).to_string();
                for d in frame.rows(kind_of) {
                    t.cells(|c| {
                        c.cell(&r)?;
                        c.cell(&year)?;
                        c.cell(name(d.a))?;
                        c.cell(name(d.b))?;
                        c.cell(flag(d.contiguous))?;
                        c.cell(float(&mut buf, d.capability_ratio))?;
                        c.cell(set(d.shared))?;
                        c.cell(set(d.a_other))?;
                        c.cell(set(d.b_other))?;
                        c.cell(flag(d.majors[0]))?;
                        c.cell(flag(d.majors[1]))?;
                        c.cell(flag(d.at_war))?;
                        c.cell(integer(&mut buf, d.crises))?;
                        c.cell(integer(&mut buf, u32::from(d.level)))
                    })?;
                }
            }
        }
        Ok(())
    }

    /// Moves the finished files into place in `out`; returns their names.
    pub fn commit(self, out: &OutputDir) -> Result<Vec<String>, OutputError> {
        let mut names = Vec::new();
        for t in [
            self.crises,
            self.participants,
            self.calls,
            self.state_years,
            self.dyad_years,
        ]
        .into_iter()
        .flatten()
        {
            let finished = t.csv.into_inner().and_then(Sink::finish);
            let file = finished.map_err(|e| OutputError::write(&t.path, e))?;
            out.commit(file)?;
            names.push(t.name);
        }
        Ok(names)
    }
}
