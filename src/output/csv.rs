//! Tidy CSV that pandas' `read_csv` and R's `read.csv` read without arguments.
//!
//! Conventions: a header row, `,` separators, `\n` line ends (the same bytes on
//! every platform, so runs can be compared with `cmp`), RFC 4180 quoting only
//! where a cell needs it, and numbers in the shortest form that reads back to
//! the same `f64`. Missing values are empty cells, which both pandas and R read
//! as NA; `NaN` and `inf` are never written. Cell contents are never altered
//! (no spreadsheet-formula guards): the files are data, and a changed value
//! would be a wrong value.

use std::borrow::Cow;
use std::io::{self, Write};

/// A cell for `s`, quoted (with inner quotes doubled) only when it holds a comma, quote, CR or LF.
pub fn field(s: &str) -> Cow<'_, str> {
    if s.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(s)
    }
}

/// A number in the shortest decimal that reads back to the same `f64`; non-finite values give an empty cell and −0 gives `0`.
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    // `{}` never switches to exponents, so 1e-300 would be 300 digits long;
    // outside a comfortable range the exponent form (also shortest round-trip,
    // and read by pandas and R) is used instead.
    let magnitude = x.abs();
    if (1e-6..1e16).contains(&magnitude) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// A number, or an empty cell for `None`.
pub fn opt(x: Option<f64>) -> String {
    x.map(number).unwrap_or_default()
}

/// Writes CSV rows, all as wide as the header.
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    inner: W,
    width: Option<usize>,
    line: String,
}

impl<W: Write> CsvWriter<W> {
    /// A writer that still needs its header.
    pub fn new(inner: W) -> Self {
        CsvWriter {
            inner,
            width: None,
            line: String::new(),
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
        self.write_line(columns)
    }

    /// Writes one row of already formatted cells (use [`number`] and [`opt`] for numbers); it must be as wide as the header.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> io::Result<()> {
        match self.width {
            None => Err(invalid("a CSV row came before the header")),
            Some(width) if width != cells.len() => Err(invalid(&format!(
                "a CSV row has {} cells but the header has {width}",
                cells.len()
            ))),
            Some(_) => self.write_line(cells),
        }
    }

    fn write_line<S: AsRef<str>>(&mut self, cells: &[S]) -> io::Result<()> {
        self.line.clear();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            self.line.push_str(&field(cell.as_ref()));
        }
        // A single empty cell would make a blank line, which readers skip.
        if cells.len() == 1 && self.line.is_empty() {
            self.line.push_str("\"\"");
        }
        self.line.push('\n');
        self.inner.write_all(self.line.as_bytes())
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }

    /// The underlying writer, e.g. to commit an [`AtomicFile`](super::AtomicFile).
    pub fn into_inner(self) -> W {
        self.inner
    }
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert!(matches!(field("plain"), Cow::Borrowed("plain")));
        assert_eq!(field(""), "");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("cr\r"), "\"cr\r\"");
        // Values are never altered, not even ones a spreadsheet would evaluate.
        assert_eq!(field("=1+2"), "=1+2");
        assert_eq!(field("-3"), "-3");
        assert_eq!(field(" padded "), " padded ");
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
        let text = String::from_utf8(w.into_inner()).unwrap();
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
        assert_eq!(w.into_inner(), b"a,b\n1,2\n");
        assert!(CsvWriter::new(Vec::new()).header(&[]).is_err());
    }

    #[test]
    fn a_lone_empty_cell_is_not_a_blank_line() {
        let mut w = CsvWriter::new(Vec::new());
        w.header(&["mean"]).unwrap();
        w.row(&[opt(None)]).unwrap();
        assert_eq!(w.into_inner(), b"mean\n\"\"\n");
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
            let text = String::from_utf8(w.into_inner()).unwrap();
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
