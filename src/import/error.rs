//! The error an import can produce: which file, which line and column, and
//! what was expected. Everything here is bad input (exit code 2).

use std::fmt;

/// A problem with the files or the request given to the importer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", Rendered(self))]
pub struct ImportError {
    /// The file at fault, as the user named it (none for a problem with the request itself).
    pub file: Option<String>,
    /// 1-based line in the file (the header is line 1), when one row is at fault.
    pub line: Option<usize>,
    /// The column at fault, by its header name.
    pub column: Option<String>,
    /// What was expected and what was found.
    pub message: String,
}

impl ImportError {
    /// A problem with the request (options), not with a file.
    pub fn request(message: impl Into<String>) -> Self {
        ImportError {
            file: None,
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A problem with a whole file.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        ImportError {
            file: Some(file.to_string()),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A problem with one row of a file, optionally in one column.
    pub fn row(file: &str, line: usize, column: Option<&str>, message: impl Into<String>) -> Self {
        ImportError {
            file: Some(file.to_string()),
            line: Some(line),
            column: column.map(str::to_string),
            message: message.into(),
        }
    }
}

struct Rendered<'a>(&'a ImportError);

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        if let Some(file) = &e.file {
            f.write_str(file)?;
            if let Some(line) = e.line {
                write!(f, ":{line}")?;
            }
            f.write_str(": ")?;
        }
        if let Some(col) = &e.column {
            write!(f, "column `{col}`: ")?;
        }
        f.write_str(&e.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_file_line_and_column() {
        let e = ImportError::row(
            "nmc.csv",
            17,
            Some("cinc"),
            "expected a number, found \"x\"",
        );
        assert_eq!(
            e.to_string(),
            "nmc.csv:17: column `cinc`: expected a number, found \"x\""
        );
        assert_eq!(
            ImportError::file("a.csv", "is empty").to_string(),
            "a.csv: is empty"
        );
        assert_eq!(ImportError::request("no states").to_string(), "no states");
    }
}
