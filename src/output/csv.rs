//! Tidy CSV that pandas' `read_csv` and R's `read.csv` read without arguments,
//! and the splitting of CSV text into records that this tool's readers share
//! (the importer's COW files, the chart's reading of a finished run).
//!
//! Conventions: a header row, `,` separators, `\n` line ends (the same bytes on
//! every platform, so runs can be compared with `cmp`), RFC 4180 quoting only
//! where a cell needs it, and numbers in the shortest form that reads back to
//! the same `f64`. Missing values are empty cells, which both pandas and R read
//! as NA; `NaN` and `inf` are never written. Cell contents are never altered
//! (no spreadsheet-formula guards): the files are data, and a changed value
//! would be a wrong value.

use std::io::{self, Write};

use csv::StringRecord;

/// A number in the shortest decimal that reads back to the same `f64`; non-finite values give an empty cell and −0 gives `0`.
pub fn number(x: f64) -> String {
    let mut s = String::new();
    write_number(&mut s, x);
    s
}

/// [`number`], appended to `out` (no allocation once `out` has room).
pub fn write_number(out: &mut String, x: f64) {
    use std::fmt::Write as _;
    if !x.is_finite() {
        return;
    }
    // Writing to a String cannot fail.
    let _ = if x == 0.0 {
        out.write_str("0")
    } else if (1e-6..1e16).contains(&x.abs()) {
        write!(out, "{x}")
    } else {
        write!(out, "{x:e}")
    };
}

pub fn opt(x: Option<f64>) -> String {
    x.map(number).unwrap_or_default()
}

/// Writes CSV rows, all as wide as the header.
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
    width: Option<usize>,
    /// Cells of the row being written cell by cell ([`CsvWriter::cell`]).
    open: usize,
}

impl<W: Write> CsvWriter<W> {
    /// A writer that still needs its header.
    pub fn new(inner: W) -> Self {
        // Quoting only where needed, and `\n` on every platform; the crate
        // also quotes a lone empty cell, which would otherwise be a blank line
        // that readers skip.
        let inner = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Necessary)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(inner);
        CsvWriter {
            inner,
            width: None,
            open: 0,
        }
    }

    /// Writes the header row; it must come first and only once.
    pub fn header(&mut self, columns: &[&str]) -> io::Result<()> {
        if self.width.is_some() {
            return Err(invalid("the CSV header was already written"));
        }
        if columns.is_empty() {
            return Err(invalid("a CSV header needs at least one column"));
        }
        self.width = Some(columns.len());
        self.inner.write_record(columns).map_err(io_error)
    }

    /// Writes the next cell of a row written cell by cell, without building
    /// the row first (for files of millions of rows); [`CsvWriter::end_row`]
    /// ends it.
    pub fn cell(&mut self, cell: impl AsRef<[u8]>) -> io::Result<()> {
        if self.width.is_none() {
            return Err(invalid("a CSV row came before the header"));
        }
        self.open += 1;
        self.inner.write_field(cell).map_err(io_error)
    }

    /// Ends a row written with [`CsvWriter::cell`]; it must be as wide as the header.
    pub fn end_row(&mut self) -> io::Result<()> {
        let cells = std::mem::take(&mut self.open);
        match self.width {
            Some(width) if width != cells => Err(invalid(&format!(
                "a CSV row has {cells} cells but the header has {width}"
            ))),
            _ => self
                .inner
                .write_record(std::iter::empty::<&[u8]>())
                .map_err(io_error),
        }
    }

    /// Writes one row of already formatted cells (use [`number`] and [`opt`] for numbers); it must be as wide as the header.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> io::Result<()> {
        match self.width {
            None => Err(invalid("a CSV row came before the header")),
            Some(width) if width != cells.len() => Err(invalid(&format!(
                "a CSV row has {} cells but the header has {width}",
                cells.len()
            ))),
            Some(_) => self
                .inner
                .write_record(cells.iter().map(|c| c.as_ref()))
                .map_err(io_error),
        }
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }

    /// The underlying writer, e.g. to commit an [`AtomicFile`](super::AtomicFile), once the rows still buffered are written to it.
    pub fn into_inner(self) -> io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message.to_string())
}

/// The I/O error inside a CSV error, kept whole so that the file name the
/// writer added stays in its message.
fn io_error(e: csv::Error) -> io::Error {
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        _ => invalid(&message),
    }
}

/// A CSV record and the 1-based line it starts on.
pub type Record = (usize, StringRecord);

/// Splits CSV text into records (RFC 4180: quoted cells may hold commas,
/// doubled quotes and line breaks), each with the line it starts on; blank
/// lines are skipped, as pandas and R skip them. Rows may differ in width, so
/// that the caller's message can say which row and by how much. An error
/// comes with its line and message.
pub fn records(text: &str) -> impl Iterator<Item = Result<Record, (usize, String)>> + '_ {
    records_where(text, |_| true)
}

/// [`records`], keeping only the records `keep` accepts: the others are split
/// but not copied, so skipping most rows of a large file costs little.
pub fn records_where<'t>(
    text: &'t str,
    mut keep: impl FnMut(&StringRecord) -> bool + 't,
) -> impl Iterator<Item = Result<Record, (usize, String)>> + 't {
    let mut lines = Lines {
        text: text.as_bytes(),
        at: 0,
        line: 1,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = StringRecord::new();
    let mut failed = false;
    std::iter::from_fn(move || {
        while !failed {
            match reader.read_record(&mut record) {
                Ok(false) => return None,
                Ok(true) if keep(&record) => {
                    return Some(Ok((lines.at(record.position()), record.clone())));
                }
                Ok(true) => {}
                Err(e) => {
                    failed = true;
                    return Some(Err((lines.at(e.position()), e.to_string())));
                }
            }
        }
        None
    })
}

/// Line numbers from byte offsets, counted forwards as records come.
struct Lines<'t> {
    text: &'t [u8],
    at: usize,
    line: usize,
}

impl Lines<'_> {
    /// The line of the record starting at `pos`.
    fn at(&mut self, pos: Option<&csv::Position>) -> usize {
        let Some(pos) = pos else {
            return self.line;
        };
        let mut start =
            usize::try_from(pos.byte()).map_or(self.text.len(), |b| b.min(self.text.len()));
        // The crate places a record that follows blank lines at the first of
        // them (its own line count is off the same way); a record never starts
        // with a line break, so the breaks are stepped over.
        while let Some(b'\r' | b'\n') = self.text.get(start) {
            start += 1;
        }
        if start > self.at {
            self.line += self.text[self.at..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.at = start;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The one row of `cells` under a header as wide, as written.
    fn written(cells: &[&str]) -> String {
        let header: Vec<String> = (0..cells.len()).map(|i| format!("c{i}")).collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut w = CsvWriter::new(Vec::new());
        w.header(&header).unwrap();
        w.row(cells).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        text.split_once('\n').unwrap().1.to_string()
    }

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(written(&["plain", ""]), "plain,\n");
        assert_eq!(written(&["a,b"]), "\"a,b\"\n");
        assert_eq!(written(&["say \"hi\""]), "\"say \"\"hi\"\"\"\n");
        assert_eq!(written(&["two\nlines"]), "\"two\nlines\"\n");
        assert_eq!(written(&["cr\r"]), "\"cr\r\"\n");
        // Values are never altered, not even ones a spreadsheet would evaluate.
        assert_eq!(
            written(&["=1+2", "-3", " padded ", "#"]),
            "=1+2,-3, padded ,#\n"
        );
    }

    #[test]
    fn numbers_are_shortest_round_trip() {
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(1.0), "1");
        assert_eq!(number(-2.5), "-2.5");
        assert_eq!(number(1.0 / 3.0), "0.3333333333333333");
        assert_eq!(number(123456789.0), "123456789");
        assert_eq!(number(0.000_001_5), "0.0000015");
        assert_eq!(number(1e-7), "1e-7");
        assert_eq!(number(-2.5e-300), "-2.5e-300");
        assert_eq!(number(1e16), "1e16");
        assert_eq!(number(f64::MAX), "1.7976931348623157e308");
    }

    #[test]
    fn special_numbers() {
        assert_eq!(number(f64::NAN), "");
        assert_eq!(number(f64::INFINITY), "");
        assert_eq!(number(f64::NEG_INFINITY), "");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(0.0), "0");
        assert_eq!(opt(None), "");
        assert_eq!(opt(Some(2.0)), "2");
        assert_eq!(opt(Some(f64::NAN)), "");
    }

    #[test]
    fn writes_a_tidy_table() {
        let mut w = CsvWriter::new(Vec::new());
        w.header(&["metric", "mean", "n"]).unwrap();
        w.row(&["wars_started".to_string(), number(0.25), "10".to_string()])
            .unwrap();
        w.row(&["honour_rate", "", "0"]).unwrap();
        w.row(&["a, \"b\"", "1", "2"]).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(
            text,
            "metric,mean,n\nwars_started,0.25,10\nhonour_rate,,0\n\"a, \"\"b\"\"\",1,2\n"
        );
    }

    #[test]
    fn width_and_order_are_checked() {
        let mut w = CsvWriter::new(Vec::new());
        assert!(w.row(&["x"]).is_err());
        w.header(&["a", "b"]).unwrap();
        assert!(w.header(&["a", "b"]).is_err());
        let err = w.row(&["1"]).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(
            err.to_string().contains("1 cells but the header has 2"),
            "{err}"
        );
        assert!(w.row(&["1", "2", "3"]).is_err());
        w.row(&["1", "2"]).unwrap();
        assert_eq!(w.into_inner().unwrap(), b"a,b\n1,2\n");
        assert!(CsvWriter::new(Vec::new()).header(&[]).is_err());
    }

    #[test]
    fn a_lone_empty_cell_is_not_a_blank_line() {
        let mut w = CsvWriter::new(Vec::new());
        w.header(&["mean"]).unwrap();
        w.row(&[opt(None)]).unwrap();
        assert_eq!(w.into_inner().unwrap(), b"mean\n\"\"\n");
    }

    /// Splits one CSV record per RFC 4180, to check that quoting round-trips.
    fn parse_record(line: &str) -> Vec<String> {
        let mut cells = vec![String::new()];
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    cells.last_mut().unwrap().push('"');
                }
                (_, '"') => quoted = !quoted,
                (false, ',') => cells.push(String::new()),
                (_, c) => cells.last_mut().unwrap().push(c),
            }
        }
        cells
    }

    fn records_of(text: &str) -> Result<Vec<Record>, (usize, String)> {
        records(text).collect()
    }

    #[test]
    fn csv_records_with_quotes_and_blank_lines() {
        let recs = records_of("a,b\n1,\"x,\"\"y\"\"\"\n\n\"multi\nline\",2\r\n3,4").unwrap();
        let recs: Vec<(usize, Vec<&str>)> = recs
            .iter()
            .map(|(line, r)| (*line, r.iter().collect()))
            .collect();
        assert_eq!(
            recs,
            vec![
                (1, vec!["a", "b"]),
                (2, vec!["1", "x,\"y\""]),
                (4, vec!["multi\nline", "2"]),
                (6, vec!["3", "4"]),
            ]
        );
        assert!(records_of("").unwrap().is_empty());
        // A lone empty cell is written quoted, so that it is a row, not a blank line.
        assert_eq!(records_of("a\n\"\"\n").unwrap().len(), 2);
    }

    proptest! {
        #[test]
        fn numbers_read_back_exactly(x in any::<f64>()) {
            let s = number(x);
            if x.is_finite() {
                let back: f64 = s.parse().unwrap();
                prop_assert_eq!(back, if x == 0.0 { 0.0 } else { x });
                prop_assert!(!s.contains("NaN") && !s.contains("inf"));
            } else {
                prop_assert!(s.is_empty());
            }
        }

        #[test]
        fn quoting_round_trips(cells in prop::collection::vec(".*", 1..6)) {
            let mut w = CsvWriter::new(Vec::new());
            let header: Vec<String> = (0..cells.len()).map(|i| format!("c{i}")).collect();
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            w.header(&header).unwrap();
            w.row(&cells).unwrap();
            let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
            let body = text.split_once('\n').unwrap().1;
            let record = body.strip_suffix('\n').unwrap();
            let parsed = parse_record(record);
            if cells.len() == 1 && cells[0].is_empty() {
                prop_assert_eq!(parsed, vec![String::new()]);
            } else {
                prop_assert_eq!(parsed, cells);
            }
        }
    }
}
