//! The one error type of the chart module.

use std::path::PathBuf;

use plotters::drawing::DrawingAreaErrorKind;

use crate::output::OutputError;

/// Why charts could not be drawn or written.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The directory is not a finished run of this tool.
    #[error("{} is not a finished deterrence run: {reason}", dir.display())]
    NotARun {
        /// The directory given.
        dir: PathBuf,
        /// What is missing or wrong.
        reason: String,
    },
    /// A file of the run is missing or garbled.
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(", line {l}")).unwrap_or_default())]
    BadFile {
        /// The file.
        path: PathBuf,
        /// The 1-based line (the header is line 1), where one is to blame.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// An option out of range (e.g. `scale`).
    #[error("{0}")]
    BadOption(String),
    /// Drawing failed (a defect, not bad input).
    #[error("cannot draw the {chart} chart: {message}")]
    Draw {
        /// The chart's file stem.
        chart: &'static str,
        /// What went wrong.
        message: String,
    },
    /// A chart or the report could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl ChartError {
    /// Whether the error lies in what the user gave (exit code 2) rather than in doing it.
    pub fn is_bad_input(&self) -> bool {
        match self {
            ChartError::NotARun { .. } | ChartError::BadFile { .. } | ChartError::BadOption(_) => {
                true
            }
            ChartError::Output(e) => e.is_refusal(),
            _ => false,
        }
    }

    /// A garbled-file error.
    pub(crate) fn bad_file(
        path: impl Into<PathBuf>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        ChartError::BadFile {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

/// Turns a plotters error into a [`ChartError::Draw`] for `chart`.
pub(crate) fn drawing<E: std::error::Error + Send + Sync>(
    chart: &'static str,
) -> impl Fn(DrawingAreaErrorKind<E>) -> ChartError {
    move |e| ChartError::Draw {
        chart,
        message: e.to_string(),
    }
}
