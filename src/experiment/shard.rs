//! Splitting an experiment's replications over several processes (shards) and
//! folding them back together, so a cluster's job array gives the same bytes as
//! one run on one machine.
//!
//! Shard K of N runs a contiguous block of the replication indices, and each
//! replication draws from the stream it would draw from in a single run (the
//! stream is chosen by seed and replication index, never by position within a
//! shard). A shard does not compute statistics: floating-point sums depend on
//! their order, and statistics merged from partial sums would differ in the last
//! bits from the single run's. It stores every replication's records instead
//! ([`ShardWriter`]), compressed, and merging reads them back in replication
//! order ([`ShardReader`]) and folds them exactly as the single run folds them.
//!
//! The file (`shard.bin`) is a zlib stream holding a header (format version,
//! fingerprint of the experiment, shard, range, the shape of each record), then
//! for each replication its index and one record per configuration, then an end
//! marker with the number of replications. zlib's checksum and the end marker
//! catch a damaged or cut-short file.

use std::fmt;
use std::io::{self, BufReader, BufWriter, Read, Write};

use flate2::Compression;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use sha2::{Digest, Sha256};

use super::{Aggregate, Interrupted, Plan};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::model::records::{
    Answer, Applied, Backer, CallRecord, CrisisEnd, CrisisRecord, DyadYearFrame, FrameState, Kinds,
    StateYearRecord,
};
use crate::model::{Entry, METRIC_COUNT, Participant, Recording, RunRecord, WarEnd, WarRecord};
use crate::scenario::AllianceKind;

/// The name of a shard's record file inside its output directory.
pub const SHARD_FILE: &str = "shard.bin";

const MAGIC: &[u8; 16] = b"deterrence-shard";
const END: &[u8; 4] = b"END\n";
const FORMAT_VERSION: u32 = 4;
/// The most configurations one experiment may have (far above any command's).
const MAX_PLANS: u32 = 1 << 20;

/// Shard `index` of `of` (1-based), as `--shard K/N` gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Shard {
    /// Which shard, from 1 to `of`.
    pub index: u64,
    /// How many shards in all.
    pub of: u64,
}

impl Shard {
    /// Reads `K/N`, with 1 ≤ K ≤ N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let err = || format!("expected K/N with 1 ≤ K ≤ N, e.g. 2/8, found {text:?}");
        let (k, n) = text.split_once('/').ok_or_else(err)?;
        let k: u64 = k.trim().parse().map_err(|_| err())?;
        let n: u64 = n.trim().parse().map_err(|_| err())?;
        if k == 0 || n == 0 || k > n {
            return Err(err());
        }
        Ok(Shard { index: k, of: n })
    }

    /// This shard's replications out of `count`, as `(first, how many)`: the
    /// indices are split into `of` contiguous blocks whose sizes differ by at
    /// most one, the larger ones first.
    pub fn range(&self, count: u64) -> (u64, u64) {
        let k = self.index - 1;
        let (base, extra) = (count / self.of, count % self.of);
        let first = k * base + k.min(extra);
        (first, base + u64::from(k < extra))
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.of)
    }
}

/// What identifies an experiment: every configuration's world and parameters,
/// years, seed, total replications, what is recorded, the command and the
/// program version. Shards with different fingerprints do not belong together.
pub fn fingerprint(command: &str, plans: &[Plan<'_>], total: u64, yearly: bool) -> String {
    let mut h = Sha256::new();
    h.update(format!(
        "deterrence {}\n{command}\n",
        env!("CARGO_PKG_VERSION")
    ));
    for p in plans {
        h.update(format!(
            "{:?}\n{:?}\n{} {} {:?}\n",
            p.world, p.params, p.years, p.seed, p.records
        ));
    }
    h.update(format!("{total} {yearly}\n"));
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The first part of a shard file: what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The experiment's [`fingerprint`].
    pub fingerprint: String,
    /// Which shard.
    pub shard: Shard,
    /// The first replication index held.
    pub first: u64,
    /// How many replications are held.
    pub count: u64,
    /// Years of each configuration, in plan order.
    pub years: Vec<u32>,
    /// Whether per-year metrics are stored (not needed by every command).
    pub yearly: bool,
    /// The records stored with each replication.
    pub records: Recording,
}

/// Why a shard file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    /// The file could not be read or decompressed (a cut-short or damaged file).
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The bytes are not what a shard file holds.
    #[error("{0}")]
    Format(String),
}

fn bad(what: impl Into<String>) -> ShardError {
    ShardError::Format(what.into())
}

/// Writes a shard's records.
pub struct ShardWriter<W: Write> {
    // Buffered in front of the compressor, which would otherwise work on every 8-byte write.
    out: BufWriter<ZlibEncoder<W>>,
    header: Header,
    next: u64,
}

impl<W: Write> ShardWriter<W> {
    /// Starts a shard file with its header.
    pub fn new(inner: W, header: Header) -> io::Result<Self> {
        let mut out =
            BufWriter::with_capacity(1 << 16, ZlibEncoder::new(inner, Compression::fast()));
        put_header(&mut out, &header)?;
        let next = header.first;
        Ok(ShardWriter { out, header, next })
    }

    /// Adds replication `index` (the next in order): one record per configuration.
    pub fn write(&mut self, index: u64, records: &[RunRecord]) -> io::Result<()> {
        if index != self.next || records.len() != self.header.years.len() {
            return Err(io::Error::other(format!(
                "replication {index} with {} records out of order",
                records.len()
            )));
        }
        put_u64(&mut self.out, index)?;
        for rec in records {
            let yearly: &[f64] = if self.header.yearly { &rec.yearly } else { &[] };
            put_f64s(&mut self.out, yearly)?;
            put_f64s(&mut self.out, &rec.run)?;
            put_u64(&mut self.out, rec.war_sizes.len() as u64)?;
            for &n in &rec.war_sizes {
                put_u64(&mut self.out, n)?;
            }
            let r = self.header.records;
            let wars: &[WarRecord] = if r.wars { &rec.wars } else { &[] };
            put_u64(&mut self.out, wars.len() as u64)?;
            for w in wars {
                put_war(&mut self.out, w)?;
            }
            put_list(&mut self.out, r.crises, &rec.crises, put_crisis)?;
            put_list(&mut self.out, r.calls, &rec.calls, put_call)?;
            put_list(
                &mut self.out,
                r.state_years,
                &rec.state_years,
                put_state_year,
            )?;
            put_list(&mut self.out, r.dyad_years, &rec.dyad_years, put_frame)?;
        }
        self.next += 1;
        Ok(())
    }

    /// Ends the file (after every replication of the range) and returns the writer underneath.
    pub fn finish(mut self) -> io::Result<W> {
        let end = self.header.first + self.header.count;
        if self.next != end {
            return Err(io::Error::other(format!(
                "shard ended after replication {} of {}..{end}",
                self.next, self.header.first
            )));
        }
        self.out.write_all(END)?;
        put_u64(&mut self.out, self.header.count)?;
        self.out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .finish()
    }
}

/// Reads a shard's records back, checking their shape as it goes.
pub struct ShardReader<R: Read> {
    input: BufReader<ZlibDecoder<R>>,
    header: Header,
    next: u64,
    ended: bool,
}

impl<R: Read> ShardReader<R> {
    /// Opens a shard file and reads its header.
    pub fn new(inner: R) -> Result<Self, ShardError> {
        let mut input = BufReader::new(ZlibDecoder::new(inner));
        let mut magic = [0u8; 16];
        input
            .read_exact(&mut magic)
            .map_err(|_| bad("not a shard file (it does not start as one)"))?;
        if &magic != MAGIC {
            return Err(bad("not a shard file (it does not start as one)"));
        }
        let version = get_u32(&mut input)?;
        if version != FORMAT_VERSION {
            return Err(bad(format!(
                "shard file format {version}, but this version of deterrence reads format {FORMAT_VERSION}"
            )));
        }
        let fingerprint = String::from_utf8(get_bytes(&mut input, 64)?)
            .map_err(|_| bad("the fingerprint is not text"))?;
        let (index, of, first, count) = (
            get_u64(&mut input)?,
            get_u64(&mut input)?,
            get_u64(&mut input)?,
            get_u64(&mut input)?,
        );
        if index == 0 || index > of || first.checked_add(count).is_none() {
            return Err(bad(format!(
                "impossible shard {index}/{of} of replications {first}+{count}"
            )));
        }
        let plans = get_u32(&mut input)?;
        if plans > MAX_PLANS {
            return Err(bad(format!("impossible number of configurations {plans}")));
        }
        let mut years = Vec::new();
        for _ in 0..plans {
            years.push(get_u32(&mut input)?);
        }
        let mut flags = [0u8; 2];
        input.read_exact(&mut flags)?;
        let flag = |b: u8| match b {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(bad(format!("impossible flag {b}"))),
        };
        if flags[1] > 31 {
            return Err(bad(format!("impossible record flags {}", flags[1])));
        }
        let records = Recording {
            wars: flags[1] & 1 != 0,
            crises: flags[1] & 2 != 0,
            calls: flags[1] & 4 != 0,
            state_years: flags[1] & 8 != 0,
            dyad_years: flags[1] & 16 != 0,
            totals_only: false,
        };
        let header = Header {
            fingerprint,
            shard: Shard { index, of },
            first,
            count,
            years,
            yearly: flag(flags[0])?,
            records,
        };
        Ok(ShardReader {
            input,
            next: header.first,
            header,
            ended: false,
        })
    }

    /// What the file holds.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The next replication: its index and one record per configuration; `None`
    /// once all have been read and the end of the file checked.
    pub fn next_replication(&mut self) -> Result<Option<(u64, Vec<RunRecord>)>, ShardError> {
        if self.ended {
            return Ok(None);
        }
        if self.next == self.header.first + self.header.count {
            let mut end = [0u8; 4];
            self.input
                .read_exact(&mut end)
                .map_err(|_| bad("the file ends without its end marker (cut short?)"))?;
            let count = get_u64(&mut self.input)?;
            if &end != END || count != self.header.count {
                return Err(bad("the end marker does not match the header"));
            }
            let mut rest = [0u8; 1];
            if self.input.read(&mut rest)? != 0 {
                return Err(bad("data after the end marker"));
            }
            self.ended = true;
            return Ok(None);
        }
        let index = get_u64(&mut self.input)?;
        if index != self.next {
            return Err(bad(format!(
                "replication {index} where {} was expected",
                self.next
            )));
        }
        let mut records = Vec::with_capacity(self.header.years.len());
        for &years in &self.header.years {
            let n_yearly = if self.header.yearly {
                years as usize * METRIC_COUNT
            } else {
                0
            };
            let yearly = get_f64s(&mut self.input, n_yearly, "per-year metrics")?;
            let run = get_f64s(&mut self.input, METRIC_COUNT, "run metrics")?;
            let sizes = get_u64(&mut self.input)?;
            let mut war_sizes = Vec::new();
            for _ in 0..sizes {
                war_sizes.push(get_u64(&mut self.input)?);
            }
            let wars_n = get_u64(&mut self.input)?;
            if wars_n > 0 && !self.header.records.wars {
                return Err(bad("wars in a shard that records none"));
            }
            let mut wars = Vec::new();
            for _ in 0..wars_n {
                wars.push(get_war(&mut self.input)?);
            }
            let rec = self.header.records;
            let crises = get_list(&mut self.input, rec.crises, "disputes", get_crisis)?;
            let calls = get_list(&mut self.input, rec.calls, "calls", get_call)?;
            let state_years = get_list(
                &mut self.input,
                rec.state_years,
                "state-years",
                get_state_year,
            )?;
            let dyad_years = get_list(&mut self.input, rec.dyad_years, "dyad-years", get_frame)?;
            records.push(RunRecord {
                yearly,
                run,
                wars,
                war_sizes,
                crises,
                calls,
                state_years,
                dyad_years,
            });
        }
        self.next += 1;
        Ok(Some((index, records)))
    }
}

/// Folds stored replications into statistics exactly as [`run_many`](super::run_many)
/// folds simulated ones: in replication order, handing each to `sink`. `next`
/// yields replications `first .. first + count` of the plans in order (from
/// the shards, one after another); anything else is refused.
pub fn replay<E: From<Interrupted> + From<ShardError>>(
    plans: &[Plan<'_>],
    mut next: impl FnMut() -> Result<Option<(u64, Vec<RunRecord>)>, E>,
    halt: &AtomicBool,
    mut sink: impl FnMut(u64, &[RunRecord]) -> Result<(), E>,
    progress: impl Fn(u64),
) -> Result<Vec<Aggregate>, E> {
    let mut aggs: Vec<Aggregate> = plans.iter().map(|p| Aggregate::new(p.years)).collect();
    let Some(first_plan) = plans.first() else {
        return Ok(aggs);
    };
    let (first, count) = (first_plan.first, first_plan.count);
    for expected in first..first + count {
        if halt.load(Ordering::Relaxed) {
            return Err(Interrupted.into());
        }
        let Some((index, records)) = next()? else {
            return Err(bad(format!("replication {expected} is missing")).into());
        };
        if index != expected || records.len() != plans.len() {
            return Err(bad(format!("replication {index} where {expected} was expected")).into());
        }
        for ((agg, rec), plan) in aggs.iter_mut().zip(&records).zip(plans) {
            let years = plan.years as usize * METRIC_COUNT;
            if !(rec.yearly.is_empty() || rec.yearly.len() == years)
                || rec.run.len() != METRIC_COUNT
            {
                return Err(bad(format!("replication {index} does not fit the experiment")).into());
            }
            agg.push(rec);
        }
        sink(index, &records)?;
        progress((index + 1 - first) * plans.len() as u64);
    }
    if next()?.is_some() {
        return Err(bad("more replications than the experiment has").into());
    }
    Ok(aggs)
}

fn put_header(w: &mut impl Write, header: &Header) -> io::Result<()> {
    w.write_all(MAGIC)?;
    put_u32(w, FORMAT_VERSION)?;
    put_bytes(w, header.fingerprint.as_bytes())?;
    for x in [
        header.shard.index,
        header.shard.of,
        header.first,
        header.count,
    ] {
        put_u64(w, x)?;
    }
    put_u32(w, header.years.len() as u32)?;
    for &y in &header.years {
        put_u32(w, y)?;
    }
    let r = header.records;
    let records = u8::from(r.wars)
        | u8::from(r.crises) << 1
        | u8::from(r.calls) << 2
        | u8::from(r.state_years) << 3
        | u8::from(r.dyad_years) << 4;
    w.write_all(&[u8::from(header.yearly), records])
}

fn put_u32(w: &mut impl Write, x: u32) -> io::Result<()> {
    w.write_all(&x.to_le_bytes())
}

fn put_u64(w: &mut impl Write, x: u64) -> io::Result<()> {
    w.write_all(&x.to_le_bytes())
}

fn put_f64(w: &mut impl Write, x: f64) -> io::Result<()> {
    w.write_all(&x.to_bits().to_le_bytes())
}

fn put_bytes(w: &mut impl Write, b: &[u8]) -> io::Result<()> {
    put_u64(w, b.len() as u64)?;
    w.write_all(b)
}

fn put_f64s(w: &mut impl Write, xs: &[f64]) -> io::Result<()> {
    put_u64(w, xs.len() as u64)?;
    xs.iter().try_for_each(|&x| put_f64(w, x))
}

fn put_u32s(w: &mut impl Write, xs: &[u32]) -> io::Result<()> {
    put_u64(w, xs.len() as u64)?;
    xs.iter().try_for_each(|&x| put_u32(w, x))
}

/// A list of records, when they are kept (nothing otherwise).
fn put_list<W: Write, T>(
    w: &mut W,
    kept: bool,
    items: &[T],
    put: fn(&mut W, &T) -> io::Result<()>,
) -> io::Result<()> {
    if !kept {
        return Ok(());
    }
    put_u64(w, items.len() as u64)?;
    items.iter().try_for_each(|x| put(w, x))
}

fn put_crisis(w: &mut impl Write, c: &CrisisRecord) -> io::Result<()> {
    for x in [
        c.id,
        c.year,
        c.challenger,
        c.target,
        c.war.map_or(u32::MAX, |x| x),
    ] {
        put_u32(w, x)?;
    }
    let end = CrisisEnd::ALL.iter().position(|&e| e == c.end).unwrap_or(0) as u8;
    w.write_all(&[
        u8::from(c.scripted),
        c.level,
        end,
        u8::from(c.contiguous),
        c.shared.0,
        c.challenger_other.0,
        c.target_other.0,
        u8::from(c.challenger_major),
        u8::from(c.target_major),
        u8::from(c.deterred),
    ])?;
    put_u64(w, c.backers.len() as u64)?;
    for b in &c.backers {
        put_u32(w, b.state)?;
        w.write_all(&[u8::from(b.bloc), b.side])?;
    }
    Ok(())
}

fn put_call(w: &mut impl Write, c: &CallRecord) -> io::Result<()> {
    for x in [c.war, c.year, c.state, c.alliance] {
        put_u32(w, x)?;
    }
    let applied = match c.applied {
        Applied::Yes => 0u8,
        Applied::PartnerAttacking => 1,
        Applied::Neither => 2,
    };
    let answer = match c.answer {
        Answer::Honoured => 0u8,
        Answer::StayedOut => 1,
        Answer::JoinedOtherSide => 2,
        Answer::AtWar => 3,
    };
    w.write_all(&[c.partner_side, applied, answer])
}

fn put_state_year(w: &mut impl Write, s: &StateYearRecord) -> io::Result<()> {
    put_u32(w, s.year)?;
    put_u32(w, s.state)?;
    for x in [s.capability, s.wealth, s.spending] {
        put_f64(w, x)?;
    }
    w.write_all(&[u8::from(s.major), s.pacts.0, u8::from(s.at_war)])
}

fn put_frame(w: &mut impl Write, f: &DyadYearFrame) -> io::Result<()> {
    put_u32(w, f.year)?;
    put_u64(w, f.states.len() as u64)?;
    for (s, &(pacts, borders)) in f.states.iter().zip(&f.ends) {
        put_u32(w, s.state)?;
        put_f64(w, s.capability)?;
        put_u32(w, s.war.map_or(u32::MAX, |x| x))?;
        w.write_all(&[u8::from(s.major), s.side])?;
        put_u32(w, pacts)?;
        put_u32(w, borders)?;
    }
    put_u32s(w, &f.pacts)?;
    put_u32s(w, &f.borders)?;
    put_u64(w, f.onsets.len() as u64)?;
    for &(c, t, level) in &f.onsets {
        put_u32(w, c)?;
        put_u32(w, t)?;
        w.write_all(&[level])?;
    }
    Ok(())
}

fn put_war(w: &mut impl Write, war: &WarRecord) -> io::Result<()> {
    for x in [war.id, war.start, war.end, war.initiator, war.target] {
        put_u32(w, x)?;
    }
    put_u64(w, war.members.len() as u64)?;
    for m in &war.members {
        put_u32(w, m.state)?;
        put_u32(w, m.entered)?;
        let (how, alliance) = match m.how {
            Entry::Originator => (0u8, 0),
            Entry::Called(a) => (1, a),
            Entry::OwnAccount => (2, 0),
        };
        w.write_all(&[m.side, how])?;
        put_u32(w, alliance)?;
    }
    put_u32(w, war.joined_by_alliance)?;
    let ending = match war.ending {
        WarEnd::Beaten => 0u8,
        WarEnd::GaveUp => 1,
        WarEnd::Unfinished => 2,
    };
    w.write_all(&[u8::from(war.initiator_won), u8::from(war.misjudged), ending])?;
    for x in [
        war.initiator_expected_win,
        war.cost_initiator_side,
        war.cost_target_side,
    ] {
        put_f64(w, x)?;
    }
    put_u32s(w, &war.conquered)
}

fn get_array<const N: usize>(r: &mut impl Read) -> Result<[u8; N], ShardError> {
    let mut b = [0u8; N];
    r.read_exact(&mut b).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => bad("the file is cut short"),
        _ => ShardError::Io(e),
    })?;
    Ok(b)
}

fn get_u32(r: &mut impl Read) -> Result<u32, ShardError> {
    get_array(r).map(u32::from_le_bytes)
}

fn get_u64(r: &mut impl Read) -> Result<u64, ShardError> {
    get_array(r).map(u64::from_le_bytes)
}

fn get_f64(r: &mut impl Read) -> Result<f64, ShardError> {
    get_array(r).map(|b| f64::from_bits(u64::from_le_bytes(b)))
}

/// A length-prefixed byte string of at most `max` bytes.
fn get_bytes(r: &mut impl Read, max: u64) -> Result<Vec<u8>, ShardError> {
    let n = get_u64(r)?;
    if n > max {
        return Err(bad(format!(
            "a string of {n} bytes (at most {max} expected)"
        )));
    }
    let mut b = vec![0u8; n as usize];
    r.read_exact(&mut b)
        .map_err(|_| bad("the file is cut short"))?;
    Ok(b)
}

/// A length-prefixed list of exactly `expected` numbers. The list grows as it
/// is read: a damaged header cannot make the reader allocate more than the
/// file holds.
fn get_f64s(r: &mut impl Read, expected: usize, what: &str) -> Result<Vec<f64>, ShardError> {
    let n = get_u64(r)?;
    if n != expected as u64 {
        return Err(bad(format!("{n} {what} where {expected} were expected")));
    }
    let mut xs = Vec::with_capacity(expected.min(1 << 16));
    for _ in 0..expected {
        xs.push(get_f64(r)?);
    }
    Ok(xs)
}

/// A length-prefixed list of state indices; the list grows as it is read, so
/// a damaged length cannot make the reader allocate more than the file holds.
fn get_u32s(r: &mut impl Read) -> Result<Vec<u32>, ShardError> {
    let n = get_u64(r)?;
    let mut xs = Vec::new();
    for _ in 0..n {
        xs.push(get_u32(r)?);
    }
    Ok(xs)
}

/// A list of records, when they are kept (empty otherwise); the list grows as
/// it is read, so a damaged length cannot make the reader allocate more than
/// the file holds.
fn get_list<R: Read, T>(
    r: &mut R,
    kept: bool,
    what: &str,
    get: fn(&mut R) -> Result<T, ShardError>,
) -> Result<Vec<T>, ShardError> {
    if !kept {
        return Ok(Vec::new());
    }
    let n = get_u64(r).map_err(|e| match e {
        ShardError::Format(m) => bad(format!("{what}: {m}")),
        other => other,
    })?;
    let mut items = Vec::new();
    for _ in 0..n {
        items.push(get(r)?);
    }
    Ok(items)
}

fn get_flag(b: u8) -> Result<bool, ShardError> {
    match b {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(bad(format!("impossible flag {b}"))),
    }
}

fn get_kinds(b: u8) -> Result<Kinds, ShardError> {
    if u32::from(b) >= 1 << AllianceKind::ALL.len() {
        return Err(bad(format!("impossible pact kinds {b}")));
    }
    Ok(Kinds(b))
}

fn get_crisis(r: &mut impl Read) -> Result<CrisisRecord, ShardError> {
    let [id, year, challenger, target, war] = [
        get_u32(r)?,
        get_u32(r)?,
        get_u32(r)?,
        get_u32(r)?,
        get_u32(r)?,
    ];
    let b = get_array::<10>(r)?;
    if !(2..=5).contains(&b[1]) {
        return Err(bad(format!("impossible hostility level {}", b[1])));
    }
    Ok(CrisisRecord {
        id,
        year,
        challenger,
        target,
        scripted: get_flag(b[0])?,
        level: b[1],
        end: *CrisisEnd::ALL
            .get(usize::from(b[2]))
            .ok_or_else(|| bad("impossible end of a dispute"))?,
        war: (war != u32::MAX).then_some(war),
        contiguous: get_flag(b[3])?,
        shared: get_kinds(b[4])?,
        challenger_other: get_kinds(b[5])?,
        target_other: get_kinds(b[6])?,
        challenger_major: get_flag(b[7])?,
        target_major: get_flag(b[8])?,
        deterred: get_flag(b[9])?,
        backers: get_list(r, true, "backers", get_backer)?,
    })
}

fn get_backer(r: &mut impl Read) -> Result<Backer, ShardError> {
    let state = get_u32(r)?;
    let [bloc, side] = get_array::<2>(r)?;
    if side > 1 {
        return Err(bad(format!("impossible side {side}")));
    }
    Ok(Backer {
        state,
        bloc: get_flag(bloc)?,
        side,
    })
}

fn get_call(r: &mut impl Read) -> Result<CallRecord, ShardError> {
    let [war, year, state, alliance] = [get_u32(r)?, get_u32(r)?, get_u32(r)?, get_u32(r)?];
    let [partner_side, applied, answer] = get_array::<3>(r)?;
    if partner_side > 1 {
        return Err(bad("impossible side in a call"));
    }
    Ok(CallRecord {
        war,
        year,
        state,
        alliance,
        partner_side,
        applied: match applied {
            0 => Applied::Yes,
            1 => Applied::PartnerAttacking,
            2 => Applied::Neither,
            _ => return Err(bad("impossible call")),
        },
        answer: match answer {
            0 => Answer::Honoured,
            1 => Answer::StayedOut,
            2 => Answer::JoinedOtherSide,
            3 => Answer::AtWar,
            _ => return Err(bad("impossible answer to a call")),
        },
    })
}

fn get_state_year(r: &mut impl Read) -> Result<StateYearRecord, ShardError> {
    let (year, state) = (get_u32(r)?, get_u32(r)?);
    let [capability, wealth, spending] = [get_f64(r)?, get_f64(r)?, get_f64(r)?];
    let b = get_array::<3>(r)?;
    Ok(StateYearRecord {
        year,
        state,
        capability,
        wealth,
        spending,
        major: get_flag(b[0])?,
        pacts: get_kinds(b[1])?,
        at_war: get_flag(b[2])?,
    })
}

fn get_frame(r: &mut impl Read) -> Result<DyadYearFrame, ShardError> {
    let year = get_u32(r)?;
    let n = get_u64(r)?;
    let mut states = Vec::new();
    let mut ends = Vec::new();
    for _ in 0..n {
        let state = get_u32(r)?;
        let capability = get_f64(r)?;
        let war = get_u32(r)?;
        let [major, side] = get_array::<2>(r)?;
        states.push(FrameState {
            state,
            capability,
            major: get_flag(major)?,
            war: (war != u32::MAX).then_some(war),
            side,
        });
        ends.push((get_u32(r)?, get_u32(r)?));
    }
    let pacts = get_u32s(r)?;
    let borders = get_u32s(r)?;
    // The rows index `pacts` and `borders` by `ends`: they must rise and stay inside.
    let mut last = (0, 0);
    for &(p, b) in &ends {
        if p < last.0 || b < last.1 || p as usize > pacts.len() || b as usize > borders.len() {
            return Err(bad("impossible dyad-year frame"));
        }
        last = (p, b);
    }
    let mut onsets = Vec::new();
    for _ in 0..get_u64(r)? {
        let (c, t) = (get_u32(r)?, get_u32(r)?);
        let [level] = get_array::<1>(r)?;
        onsets.push((c, t, level));
    }
    Ok(DyadYearFrame {
        year,
        states,
        ends,
        pacts,
        borders,
        onsets,
    })
}

fn get_war(r: &mut impl Read) -> Result<WarRecord, ShardError> {
    let id = get_u32(r)?;
    let [start, end, initiator, target] = [get_u32(r)?, get_u32(r)?, get_u32(r)?, get_u32(r)?];
    let n = get_u64(r)?;
    let mut members = Vec::new();
    for _ in 0..n {
        let (state, entered) = (get_u32(r)?, get_u32(r)?);
        let [side, how] = get_array::<2>(r)?;
        let alliance = get_u32(r)?;
        let how = match how {
            0 => Entry::Originator,
            1 => Entry::Called(alliance),
            2 => Entry::OwnAccount,
            _ => return Err(bad("impossible entry in a war")),
        };
        if side > 1 {
            return Err(bad("impossible side in a war"));
        }
        members.push(Participant {
            state,
            side,
            entered,
            how,
        });
    }
    let joined_by_alliance = get_u32(r)?;
    let [won, misjudged, ending] = get_array::<3>(r)?;
    if won > 1 || misjudged > 1 {
        return Err(bad("impossible flag in a war"));
    }
    let ending = match ending {
        0 => WarEnd::Beaten,
        1 => WarEnd::GaveUp,
        2 => WarEnd::Unfinished,
        _ => return Err(bad("impossible ending of a war")),
    };
    let [
        initiator_expected_win,
        cost_initiator_side,
        cost_target_side,
    ] = [get_f64(r)?, get_f64(r)?, get_f64(r)?];
    Ok(WarRecord {
        id,
        start,
        end,
        initiator,
        target,
        members,
        joined_by_alliance,
        initiator_won: won == 1,
        ending,
        initiator_expected_win,
        cost_initiator_side,
        cost_target_side,
        misjudged: misjudged == 1,
        conquered: get_u32s(r)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_refuse_impossible_ones() {
        assert_eq!(Shard::parse("2/8"), Ok(Shard { index: 2, of: 8 }));
        assert_eq!(Shard::parse("1/1"), Ok(Shard { index: 1, of: 1 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "", "/", "-1/3", "1/3/4"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Shard { index: 3, of: 7 }.to_string(), "3/7");
    }

    #[test]
    fn shards_cover_every_replication_once_in_order() {
        for count in [0u64, 1, 2, 7, 10, 1000, 1001] {
            for of in 1..=12u64 {
                let mut next = 0;
                for index in 1..=of {
                    let (first, n) = Shard { index, of }.range(count);
                    assert_eq!(first, next, "count {count}, shard {index}/{of}");
                    assert!(n == count / of || n == count / of + 1);
                    next = first + n;
                }
                assert_eq!(next, count);
            }
        }
    }

    fn record(seed: f64, years: usize, wars: bool) -> RunRecord {
        RunRecord {
            yearly: (0..years * METRIC_COUNT)
                .map(|i| {
                    if i % 7 == 0 {
                        f64::NAN
                    } else {
                        seed * i as f64
                    }
                })
                .collect(),
            run: (0..METRIC_COUNT).map(|i| seed + i as f64 / 3.0).collect(),
            wars: if wars {
                vec![WarRecord {
                    id: 4,
                    start: 3,
                    end: 5,
                    initiator: 1,
                    target: 2,
                    members: vec![
                        Participant {
                            state: 1,
                            side: 0,
                            entered: 3,
                            how: Entry::Originator,
                        },
                        Participant {
                            state: 2,
                            side: 1,
                            entered: 3,
                            how: Entry::Originator,
                        },
                        Participant {
                            state: 4,
                            side: 0,
                            entered: 4,
                            how: Entry::Called(7),
                        },
                    ],
                    joined_by_alliance: 1,
                    initiator_won: true,
                    ending: WarEnd::GaveUp,
                    initiator_expected_win: 0.6,
                    cost_initiator_side: 1.5,
                    cost_target_side: -0.0,
                    misjudged: false,
                    conquered: vec![2],
                }]
            } else {
                Vec::new()
            },
            war_sizes: vec![0, 0, 3, 1],
            crises: if wars {
                vec![CrisisRecord {
                    id: 7,
                    year: 3,
                    challenger: 1,
                    target: 2,
                    scripted: false,
                    level: 5,
                    end: CrisisEnd::War,
                    war: Some(4),
                    contiguous: true,
                    shared: Kinds(0),
                    challenger_other: Kinds(9),
                    target_other: Kinds(1),
                    challenger_major: true,
                    target_major: false,
                    deterred: true,
                    backers: vec![
                        Backer {
                            state: 3,
                            bloc: false,
                            side: 1,
                        },
                        Backer {
                            state: 0,
                            bloc: true,
                            side: 0,
                        },
                    ],
                }]
            } else {
                Vec::new()
            },
            calls: if wars {
                vec![CallRecord {
                    war: 4,
                    year: 4,
                    state: 4,
                    alliance: 7,
                    partner_side: 0,
                    applied: Applied::Neither,
                    answer: Answer::JoinedOtherSide,
                }]
            } else {
                Vec::new()
            },
            state_years: if wars {
                vec![StateYearRecord {
                    year: 2,
                    state: 3,
                    capability: seed,
                    wealth: -0.0,
                    spending: f64::NAN,
                    major: true,
                    pacts: Kinds(15),
                    at_war: false,
                }]
            } else {
                Vec::new()
            },
            dyad_years: if wars {
                vec![DyadYearFrame {
                    year: 1,
                    states: vec![
                        FrameState {
                            state: 0,
                            capability: seed,
                            major: true,
                            war: Some(4),
                            side: 1,
                        },
                        FrameState {
                            state: 2,
                            capability: 0.5,
                            major: false,
                            war: None,
                            side: u8::MAX,
                        },
                    ],
                    ends: vec![(1, 1), (3, 2)],
                    pacts: vec![3, 3, 5],
                    borders: vec![2, 0],
                    onsets: vec![(0, 2, 3), (2, 0, 5)],
                }]
            } else {
                Vec::new()
            },
        }
    }

    fn header(yearly: bool, wars: bool) -> Header {
        Header {
            fingerprint: "ab".repeat(32),
            shard: Shard { index: 2, of: 3 },
            first: 5,
            count: 2,
            years: vec![4, 4],
            yearly,
            records: if wars {
                Recording {
                    wars: true,
                    crises: true,
                    calls: true,
                    state_years: true,
                    dyad_years: true,
                    totals_only: false,
                }
            } else {
                Recording::default()
            },
        }
    }

    fn written(h: &Header) -> Vec<u8> {
        let mut w = ShardWriter::new(Vec::new(), h.clone()).unwrap();
        for r in 5..7u64 {
            let recs = [
                record(r as f64, 4, h.records.wars),
                record(r as f64 + 0.5, 4, h.records.wars),
            ];
            w.write(r, &recs).unwrap();
        }
        w.finish().unwrap()
    }

    use crate::model::testkit::bits;

    #[test]
    fn records_come_back_bit_for_bit() {
        for (yearly, wars) in [(true, true), (false, false)] {
            let h = header(yearly, wars);
            let bytes = written(&h);
            let mut r = ShardReader::new(&bytes[..]).unwrap();
            assert_eq!(r.header(), &h);
            for index in 5..7u64 {
                let (i, recs) = r.next_replication().unwrap().unwrap();
                assert_eq!(i, index);
                let want = record(index as f64, 4, wars);
                assert_eq!(bits(&recs[0].run), bits(&want.run));
                if yearly {
                    assert_eq!(bits(&recs[0].yearly), bits(&want.yearly));
                } else {
                    assert!(recs[0].yearly.is_empty());
                }
                assert_eq!(recs[0].war_sizes, want.war_sizes);
                assert_eq!(recs[0].wars.len(), want.wars.len());
                if wars {
                    let (a, b) = (&recs[0].wars[0], &want.wars[0]);
                    assert_eq!(
                        (a.start, a.end, &a.members, &a.conquered, a.ending),
                        (b.start, b.end, &b.members, &b.conquered, b.ending)
                    );
                    assert_eq!(a.cost_target_side.to_bits(), b.cost_target_side.to_bits());
                    assert_eq!(a.id, b.id);
                    assert_eq!(recs[0].crises, want.crises);
                    assert_eq!(recs[0].calls, want.calls);
                    assert_eq!(recs[0].dyad_years, want.dyad_years);
                    let (a, b) = (&recs[0].state_years[0], &want.state_years[0]);
                    assert_eq!(
                        (a.year, a.state, a.major, a.pacts, a.at_war),
                        (b.year, b.state, b.major, b.pacts, b.at_war)
                    );
                    assert_eq!(
                        bits(&[a.capability, a.wealth, a.spending]),
                        bits(&[b.capability, b.wealth, b.spending])
                    );
                } else {
                    assert!(recs[0].crises.is_empty() && recs[0].state_years.is_empty());
                }
            }
            assert!(r.next_replication().unwrap().is_none());
        }
    }

    #[test]
    fn damaged_or_cut_files_are_refused_not_misread() {
        let bytes = written(&header(true, true));
        let read_all = |b: &[u8]| -> Result<u64, ShardError> {
            let mut r = ShardReader::new(b)?;
            let mut n = 0;
            while r.next_replication()?.is_some() {
                n += 1;
            }
            Ok(n)
        };
        assert_eq!(read_all(&bytes).unwrap(), 2);
        for cut in [0, 1, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(read_all(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        for at in [2, bytes.len() / 3, bytes.len() - 6] {
            let mut b = bytes.clone();
            b[at] ^= 0x40;
            assert!(read_all(&b).is_err(), "flipped byte {at}");
        }
        assert!(read_all(b"not a shard at all").is_err());
    }

    #[test]
    fn a_huge_length_in_a_damaged_file_is_an_error_not_an_allocation() {
        // A header claiming 4 billion years per record, and a record that agrees.
        let mut h = header(true, false);
        h.years = vec![u32::MAX];
        let mut z = ZlibEncoder::new(Vec::new(), Compression::fast());
        put_header(&mut z, &h).unwrap();
        put_u64(&mut z, h.first).unwrap();
        put_u64(&mut z, u64::from(u32::MAX) * METRIC_COUNT as u64).unwrap();
        z.write_all(&[0u8; 64]).unwrap();
        let bytes = z.finish().unwrap();
        let mut r = ShardReader::new(&bytes[..]).unwrap();
        assert!(r.next_replication().is_err());
    }

    #[test]
    fn the_writer_refuses_records_out_of_order_or_missing() {
        let h = header(true, false);
        let mut w = ShardWriter::new(Vec::new(), h.clone()).unwrap();
        assert!(
            w.write(6, &[record(1.0, 4, false), record(1.0, 4, false)])
                .is_err()
        );
        w.write(5, &[record(1.0, 4, false), record(1.0, 4, false)])
            .unwrap();
        assert!(w.finish().is_err());
    }
}
