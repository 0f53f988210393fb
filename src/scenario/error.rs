//! The error a scenario file can produce: file, line and column, field path, and
//! what was expected and found. Several problems found in one pass travel together.

use std::fmt;

/// Most problems shown in one message; the rest are counted.
const SHOWN: usize = 25;

/// A problem with a scenario: where it is and what is wrong.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}", Rendered(self))]
pub struct ScenarioError {
    /// The file (or other origin) the scenario text came from.
    pub file: String,
    /// 1-based line of the offending text, when it is in the file.
    pub line: Option<usize>,
    /// 1-based column (in characters) of the offending text, when it is in the file.
    pub column: Option<usize>,
    /// Field path such as `alliances[1].reliability` or `simulation.years`; may be empty.
    pub path: String,
    /// What was expected and what was found.
    pub message: String,
    /// The variant being resolved when the problem arose, e.g. `variants[0] "no alliances"`.
    pub variant: Option<String>,
    /// Further problems found in the same pass, in the order they were found.
    pub also: Vec<ScenarioError>,
}

impl ScenarioError {
    /// A problem with no location and no field path (e.g. an unreadable file).
    pub fn plain(file: &str, message: impl Into<String>) -> Self {
        ScenarioError {
            file: file.to_string(),
            line: None,
            column: None,
            path: String::new(),
            message: message.into(),
            variant: None,
            also: Vec::new(),
        }
    }

    /// This problem followed by all the others, each as one error.
    pub fn all(&self) -> Vec<&ScenarioError> {
        std::iter::once(self).chain(self.also.iter()).collect()
    }

    /// Joins a list of problems into one error (the first carries the rest); `None` when empty.
    pub(crate) fn join(mut errors: Vec<ScenarioError>) -> Option<ScenarioError> {
        if errors.is_empty() {
            return None;
        }
        let mut first = errors.remove(0);
        for mut e in errors {
            let nested = std::mem::take(&mut e.also);
            first.also.push(e);
            first.also.extend(nested);
        }
        Some(first)
    }

    fn write_one(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        f.write_str(": ")?;
        if let Some(v) = &self.variant {
            write!(f, "{v}: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

struct Rendered<'a>(&'a ScenarioError);

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_one(f)?;
        for e in self.0.also.iter().take(SHOWN - 1) {
            f.write_str("\n")?;
            e.write_one(f)?;
        }
        let hidden = self.0.also.len().saturating_sub(SHOWN - 1);
        if hidden > 0 {
            write!(f, "\n… and {hidden} more problems")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_and_without_location() {
        let mut e = ScenarioError::plain("x.toml", "expected a number from 0 to 1, found 1.5");
        e.path = "alliances[1].reliability".into();
        assert_eq!(
            e.to_string(),
            "x.toml: alliances[1].reliability: expected a number from 0 to 1, found 1.5"
        );
        e.line = Some(12);
        e.column = Some(15);
        e.variant = Some("variants[0] \"v\"".into());
        assert_eq!(
            e.to_string(),
            "x.toml:12:15: variants[0] \"v\": alliances[1].reliability: \
             expected a number from 0 to 1, found 1.5"
        );
    }

    #[test]
    fn joined_errors_render_one_per_line() {
        let errs = (0..30)
            .map(|i| ScenarioError::plain("f", format!("problem {i}")))
            .collect();
        let e = ScenarioError::join(errs).unwrap();
        assert_eq!(e.all().len(), 30);
        let text = e.to_string();
        assert_eq!(text.lines().count(), SHOWN + 1);
        assert!(text.ends_with("… and 5 more problems"));
    }
}
