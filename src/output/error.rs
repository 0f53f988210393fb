//! The one error type of the output module.
//!
//! Every message names the file or directory and the cause in one line. The
//! underlying `io::Error` is folded into the message rather than exposed as a
//! `source()`, so the text is complete whether it is printed with `{}` or with
//! anyhow's `{:#}` chain (which would otherwise print the cause twice).

use std::io;
use std::path::{Path, PathBuf};

/// Why results could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file could not be created, written or moved into place.
    #[error("cannot write {}: {cause}", path.display())]
    Write {
        /// The file that was being written (its final name, not the temporary one).
        path: PathBuf,
        /// What went wrong.
        cause: io::Error,
    },
    /// A file or directory could not be read.
    #[error("cannot read {}: {cause}", path.display())]
    Read {
        /// The file or directory that was being read.
        path: PathBuf,
        /// What went wrong.
        cause: io::Error,
    },
    /// The output directory could not be created.
    #[error("cannot create directory {}: {cause}", path.display())]
    CreateDir {
        /// The directory that was being created.
        path: PathBuf,
        /// What went wrong.
        cause: io::Error,
    },
    /// The output path exists and is not a directory.
    #[error("{} exists and is not a directory; choose another --out", path.display())]
    NotADirectory {
        /// The offending path.
        path: PathBuf,
    },
    /// The output directory holds files that did not come from this tool.
    #[error(
        "{} exists and holds files that are not a deterrence run; choose another --out",
        path.display()
    )]
    ForeignDirectory {
        /// The offending directory.
        path: PathBuf,
    },
    /// The output path is a link to nothing.
    #[error(
        "{} is a link to {}, which does not exist; create that directory or choose another --out",
        path.display(),
        target.display()
    )]
    DanglingLink {
        /// The link.
        path: PathBuf,
        /// Where it points.
        target: PathBuf,
    },
    /// The output directory belongs to someone else.
    #[error(
        "{} belongs to another user (uid {owner}); write results into a directory of your own with --out",
        path.display()
    )]
    NotOwned {
        /// The directory.
        path: PathBuf,
        /// Its owner's user id.
        owner: u32,
    },
    /// Another run is writing into the output directory.
    #[error(
        "{} is in use by another deterrence run ({holder}); wait for it to finish or choose another --out",
        path.display()
    )]
    Busy {
        /// The directory.
        path: PathBuf,
        /// The other run, as its lock file names it.
        holder: String,
    },
    /// A subdirectory the tool writes into is a link or a file.
    #[error(
        "{} is not a directory of its own (a link or a file); remove it or choose another --out",
        path.display()
    )]
    LinkedSubdirectory {
        /// The subdirectory.
        path: PathBuf,
    },
    /// The manifest could not be encoded as JSON.
    #[error("cannot encode the run manifest as JSON: {0}")]
    Manifest(String),
    /// A table could not be laid out (a row of the wrong width: a bug, never input).
    #[error("cannot lay out {table}: {cause}")]
    Table {
        /// The table's file name.
        table: &'static str,
        /// What went wrong.
        cause: std::io::Error,
    },
}

impl OutputError {
    /// A write error for `path`; a cause that already names a file (from
    /// [`AtomicFile`](super::AtomicFile)'s `io::Write`) is unwrapped so the name is not repeated.
    pub fn write(path: &Path, cause: io::Error) -> Self {
        OutputError::Write {
            path: path.to_path_buf(),
            cause: FileContext::strip(cause),
        }
    }

    /// Whether the tool refused the output directory before writing anything
    /// (the user's choice of `--out` is at fault, not the machine).
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            OutputError::NotADirectory { .. }
                | OutputError::ForeignDirectory { .. }
                | OutputError::DanglingLink { .. }
                | OutputError::NotOwned { .. }
                | OutputError::Busy { .. }
                | OutputError::LinkedSubdirectory { .. }
        )
    }

    /// The I/O error underneath, if there is one (to inspect its kind).
    pub fn io_error(&self) -> Option<&io::Error> {
        match self {
            OutputError::Write { cause, .. }
            | OutputError::Read { cause, .. }
            | OutputError::CreateDir { cause, .. } => Some(cause),
            _ => None,
        }
    }
}

/// An I/O error that names the file it happened to. `io::Write` can only return
/// `io::Error`, so this is how a streaming writer's errors still name their file.
#[derive(Debug)]
pub(crate) struct FileContext {
    message: String,
    cause: io::Error,
}

impl FileContext {
    /// Wraps `cause` so that its message reads "cannot write PATH: CAUSE".
    pub(crate) fn wrap(path: &Path, cause: io::Error) -> io::Error {
        if cause
            .get_ref()
            .is_some_and(|inner| inner.is::<FileContext>())
        {
            return cause;
        }
        let kind = cause.kind();
        let message = format!("cannot write {}: {cause}", path.display());
        io::Error::new(kind, FileContext { message, cause })
    }

    /// The original error inside a wrapped one; other errors pass through.
    pub(crate) fn strip(e: io::Error) -> io::Error {
        if !e.get_ref().is_some_and(|inner| inner.is::<FileContext>()) {
            return e;
        }
        let kind = e.kind();
        match e.into_inner().map(|inner| inner.downcast::<FileContext>()) {
            Some(Ok(ctx)) => ctx.cause,
            _ => io::Error::from(kind),
        }
    }
}

impl std::fmt::Display for FileContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FileContext {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_io_errors_name_the_file_once() {
        let path = Path::new("output/x/runs.csv");
        let raw = io::Error::from(io::ErrorKind::PermissionDenied);
        let raw_text = raw.to_string();
        let wrapped = FileContext::wrap(path, raw);
        assert_eq!(wrapped.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(
            wrapped.to_string(),
            format!("cannot write output/x/runs.csv: {raw_text}")
        );
        // Wrapping twice does not repeat the name.
        let twice = FileContext::wrap(path, wrapped);
        let err = OutputError::write(path, twice);
        assert_eq!(
            err.to_string(),
            format!("cannot write output/x/runs.csv: {raw_text}")
        );
        assert_eq!(
            err.io_error().map(io::Error::kind),
            Some(io::ErrorKind::PermissionDenied)
        );
    }

    #[test]
    fn messages_for_directories() {
        let err = OutputError::ForeignDirectory {
            path: "output/x".into(),
        };
        assert_eq!(
            err.to_string(),
            "output/x exists and holds files that are not a deterrence run; choose another --out"
        );
        assert!(err.io_error().is_none());
    }
}
