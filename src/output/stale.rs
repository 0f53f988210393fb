//! Removing a file that an earlier run left in an output directory and this
//! run does not write, so that the directory holds what its manifest lists.

use std::fs;
use std::io;
use std::path::Path;

use super::OutputError;

/// Removes `path`, left by an earlier run; a file that is not there is no error.
pub fn remove_stale(path: &Path) -> Result<(), OutputError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(OutputError::write(path, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_a_file_and_accepts_a_missing_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wars.csv");
        fs::write(&path, "x").unwrap();
        remove_stale(&path).unwrap();
        assert!(!path.exists());
        remove_stale(&path).unwrap();
        // A directory in its place is not silently left: the error names it.
        fs::create_dir(&path).unwrap();
        let err = remove_stale(&path).unwrap_err();
        assert!(err.to_string().contains("wars.csv"), "{err}");
    }
}
