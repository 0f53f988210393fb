//! Reading the Correlates of War CSV files: a header row, then rows of cells,
//! some quoted (`"United Kingdom"`), with LF or CRLF line ends.
//!
//! The text is split into records by [`records`]; on top of that this checks
//! the shape (every row as wide as the header, quotes closed on their line)
//! and gives typed access to cells by column name, so each file's reader only
//! says which columns it needs and every error names the file, line and column.

use std::collections::HashMap;
use std::path::Path;

use csv::StringRecord;

use crate::output::csv::records;

use super::ImportError;

/// The COW code for a missing value.
pub const MISSING: i64 = -9;

/// One data row: its line in the file and its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// 1-based line number in the file (the header is line 1).
    pub line: usize,
    /// The cells, unquoted.
    pub cells: StringRecord,
}

/// A CSV file read into memory.
#[derive(Clone, Debug)]
pub struct Table {
    /// The file, as the user named it (for messages).
    pub file: String,
    /// Column names, in file order.
    pub header: Vec<String>,
    /// The data rows.
    pub rows: Vec<Row>,
    index: HashMap<String, usize>,
}

/// A line of nothing but blanks, which the reader skips as it skips empty ones.
fn is_blank(record: &StringRecord) -> bool {
    record.len() == 1 && record[0].trim().is_empty()
}

/// Whether a quoted cell ran on past its line. COW cells never hold a line
/// break, so one found here means a quote that the line did not close.
fn spans_lines(record: &StringRecord) -> bool {
    record.iter().any(|c| c.contains(['\n', '\r']))
}

/// Largest COW file read: the largest the project publishes (directed
/// contiguity, all years) is some 30 MB.
const MAX_FILE_BYTES: u64 = 1 << 30;

impl Table {
    /// Reads `path`, requiring the columns in `needed` (any order, others ignored).
    pub fn read(path: &Path, needed: &[&str], hint: &str) -> Result<Table, ImportError> {
        let file = path.display().to_string();
        let bytes = crate::files::read_limited(path, MAX_FILE_BYTES)
            .map_err(|e| ImportError::file(&file, format!("cannot read the file: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            ImportError::file(
                &file,
                format!(
                    "is not UTF-8 text (byte {}); expected a CSV file",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        Table::parse(&file, &text, needed, hint)
    }

    /// Parses CSV text from `file` (a name for messages); see [`Table::read`].
    pub fn parse(
        file: &str,
        text: &str,
        needed: &[&str],
        hint: &str,
    ) -> Result<Table, ImportError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut records = records(text)
            .map(|r| r.map_err(|(line, m)| ImportError::row(file, line, None, m)))
            .filter(|r| !r.as_ref().is_ok_and(|(_, r)| is_blank(r)));
        let Some((_, head)) = records.next().transpose()? else {
            return Err(ImportError::file(
                file,
                format!("is empty; expected {hint}"),
            ));
        };
        if spans_lines(&head) {
            return Err(ImportError::row(
                file,
                1,
                None,
                "the header has an unclosed quote",
            ));
        }
        let header: Vec<String> = head.iter().map(|h| h.trim().to_string()).collect();
        let index: HashMap<String, usize> = header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.clone(), i))
            .collect();
        let missing: Vec<&str> = needed
            .iter()
            .copied()
            .filter(|c| !index.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            return Err(ImportError::file(
                file,
                format!(
                    "has no column {}; expected {hint} (its header has: {})",
                    missing
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    header.join(", ")
                ),
            ));
        }
        let mut rows = Vec::new();
        for cells in records {
            let (line, cells) = cells?;
            if spans_lines(&cells) {
                return Err(ImportError::row(file, line, None, "a quote is not closed"));
            }
            if cells.len() != header.len() {
                return Err(ImportError::row(
                    file,
                    line,
                    None,
                    format!(
                        "the row has {} cells, the header {}; a malformed row",
                        cells.len(),
                        header.len()
                    ),
                ));
            }
            rows.push(Row { line, cells });
        }
        Ok(Table {
            file: file.to_string(),
            header,
            rows,
            index,
        })
    }

    /// The text of `row`'s cell in column `col` (a column checked by [`Table::read`]).
    pub fn text<'r>(&self, row: &'r Row, col: &str) -> &'r str {
        self.index
            .get(col)
            .and_then(|&i| row.cells.get(i))
            .map_or("", |s| s.trim())
    }

    /// A whole number; `None` for an empty cell.
    pub fn opt_int(&self, row: &Row, col: &str) -> Result<Option<i64>, ImportError> {
        let s = self.text(row, col);
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<i64>().map(Some).map_err(|_| {
            ImportError::row(
                &self.file,
                row.line,
                Some(col),
                format!("expected a whole number, found {s:?}"),
            )
        })
    }

    /// A whole number that must be present.
    pub fn int(&self, row: &Row, col: &str) -> Result<i64, ImportError> {
        self.opt_int(row, col)?.ok_or_else(|| {
            ImportError::row(
                &self.file,
                row.line,
                Some(col),
                "expected a whole number, found an empty cell",
            )
        })
    }

    /// A number; `None` when empty or the COW missing code (-9).
    pub fn opt_num(&self, row: &Row, col: &str) -> Result<Option<f64>, ImportError> {
        let s = self.text(row, col);
        if s.is_empty() {
            return Ok(None);
        }
        match s.parse::<f64>() {
            Ok(x) if x == MISSING as f64 => Ok(None),
            Ok(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
            _ => Err(ImportError::row(
                &self.file,
                row.line,
                Some(col),
                format!("expected a number ≥ 0 (or -9 for missing), found {s:?}"),
            )),
        }
    }

    /// A 0/1 flag; an empty cell counts as 0 (not coded).
    pub fn flag(&self, row: &Row, col: &str) -> Result<bool, ImportError> {
        match self.text(row, col) {
            "" | "0" => Ok(false),
            "1" => Ok(true),
            s => Err(ImportError::row(
                &self.file,
                row.line,
                Some(col),
                format!("expected 0 or 1, found {s:?}"),
            )),
        }
    }

    /// A COW country code: a whole number from 1 to 999.
    pub fn ccode(&self, row: &Row, col: &str) -> Result<u32, ImportError> {
        let v = self.int(row, col)?;
        u32::try_from(v)
            .ok()
            .filter(|c| (1..=999).contains(c))
            .ok_or_else(|| {
                ImportError::row(
                    &self.file,
                    row.line,
                    Some(col),
                    format!("expected a COW country code from 1 to 999, found {v}"),
                )
            })
    }

    /// A year from 1000 to 9999.
    pub fn year(&self, row: &Row, col: &str) -> Result<i32, ImportError> {
        let v = self.int(row, col)?;
        Self::check_year(&self.file, row, col, v)
    }

    /// A year, or `None` for an empty cell.
    pub fn opt_year(&self, row: &Row, col: &str) -> Result<Option<i32>, ImportError> {
        match self.opt_int(row, col)? {
            None => Ok(None),
            Some(v) => Self::check_year(&self.file, row, col, v).map(Some),
        }
    }

    fn check_year(file: &str, row: &Row, col: &str, v: i64) -> Result<i32, ImportError> {
        i32::try_from(v)
            .ok()
            .filter(|y| (1000..=9999).contains(y))
            .ok_or_else(|| {
                ImportError::row(
                    file,
                    row.line,
                    Some(col),
                    format!("expected a year, found {v}"),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_crlf_and_checks_shape() {
        let t = Table::parse(
            "f.csv",
            "a,b,c\r\n1,\"United Kingdom\",\"say \"\"hi\"\"\"\r\n\r\n2,,x\r\n",
            &["a", "b"],
            "a test file",
        )
        .unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.text(&t.rows[0], "b"), "United Kingdom");
        assert_eq!(t.text(&t.rows[0], "c"), "say \"hi\"");
        assert_eq!(t.rows[1].line, 4);
        assert_eq!(t.opt_int(&t.rows[1], "b").unwrap(), None);

        let e = Table::parse("f.csv", "a,b\n1,2,3\n", &["a"], "x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.csv:2: the row has 3 cells, the header 2; a malformed row"
        );
        let e = Table::parse("f.csv", "a,b\n1,\"2\n", &["a"], "x").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = Table::parse("f.csv", "a,b\n", &["a", "z"], "the Z file").unwrap_err();
        assert!(
            e.to_string()
                .contains("has no column `z`; expected the Z file"),
            "{e}"
        );
        let e = Table::parse("f.csv", "\n\n", &["a"], "the Z file").unwrap_err();
        assert_eq!(e.to_string(), "f.csv: is empty; expected the Z file");
    }

    #[test]
    fn typed_cells_name_their_column() {
        let t = Table::parse("f.csv", "n,x,f\nabc,-9,2\n", &["n"], "x").unwrap();
        let r = &t.rows[0];
        assert_eq!(
            t.int(r, "n").unwrap_err().to_string(),
            "f.csv:2: column `n`: expected a whole number, found \"abc\""
        );
        assert_eq!(t.opt_num(r, "x").unwrap(), None);
        assert!(t.flag(r, "f").is_err());
        assert!(t.ccode(r, "x").is_err());
    }
}
