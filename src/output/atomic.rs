//! Writing files so that each is either complete or absent.
//!
//! Data go to a temporary file in the target's own directory (so the final
//! rename stays on one file system and is atomic), named `.<name>.tmp-<random>`
//! so that it is hidden, easy to recognise as debris if a process is killed,
//! and cannot be guessed in advance. It is created exclusively: a file or a
//! link planted under that name makes the creation fail (and another name is
//! tried) instead of redirecting the write. A reader — pandas, R, the `chart`
//! command — never sees a half-written CSV. Files are not fsync'ed: the
//! guarantee is against interrupted runs, not power loss.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::OutputError;
use super::error::FileContext;

/// A temporary name for `path` with a random part, so it cannot be guessed.
fn temp_path(path: &Path) -> Result<PathBuf, OutputError> {
    use std::hash::{BuildHasher, Hasher};
    let name = path.file_name().ok_or_else(|| {
        OutputError::write(
            path,
            io::Error::new(io::ErrorKind::InvalidInput, "the path does not name a file"),
        )
    })?;
    // `RandomState` is seeded from the operating system's randomness; the
    // process id and a counter keep names apart within one process.
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    h.write_u64(COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".tmp-{:016x}", h.finish()));
    Ok(path.with_file_name(temp_name))
}

/// Whether `name` looks like a temporary file left by this module (or by
/// earlier versions, whose suffix was the process id).
pub(crate) fn is_temp_name(name: &str) -> bool {
    name.starts_with('.')
        && name.rsplit_once(".tmp-").is_some_and(|(stem, tag)| {
            stem.len() > 1 && !tag.is_empty() && tag.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

/// Creates a new temporary file for `path`, exclusively: never opening an
/// existing file and never following a link.
fn create_temp(path: &Path) -> Result<(PathBuf, File), OutputError> {
    let mut last = None;
    for _ in 0..8 {
        let temp = temp_path(path)?;
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
        }
        match options.open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(OutputError::write(path, e)),
        }
    }
    let e = last.unwrap_or_else(|| io::Error::other("no free temporary name"));
    Err(OutputError::write(path, e))
}

/// Writes `bytes` to `path` through a temporary file and a rename, so the file is complete or absent.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)
        .map_err(|e| OutputError::write(path, e))?;
    file.commit()
}

/// A file being written under a temporary name, moved into place by [`AtomicFile::commit`].
///
/// Dropped without `commit` (after an error, or a panic), it removes its temporary file.
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Starts writing `path`; nothing appears under that name until `commit`.
    pub fn create(path: &Path) -> Result<Self, OutputError> {
        let (temp, file) = create_temp(path)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp,
            writer: Some(BufWriter::new(file)),
        })
    }

    /// The final path of the file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the data and renames the temporary file to its final name.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let result = self.finish();
        if result.is_err() {
            // Best effort: the original error matters more than a failed cleanup.
            let _ = fs::remove_file(&self.temp);
        }
        result
    }

    fn finish(&mut self) -> Result<(), OutputError> {
        let Some(writer) = self.writer.take() else {
            return Ok(());
        };
        let file = writer
            .into_inner()
            .map_err(|e| OutputError::write(&self.path, e.into_error()))?;
        drop(file);
        fs::rename(&self.temp, &self.path).map_err(|e| OutputError::write(&self.path, e))
    }

    /// Adds the final file name to an I/O error, since `io::Write` cannot return an `OutputError`.
    fn context(&self, e: io::Error) -> io::Error {
        FileContext::wrap(&self.path, e)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = match self.writer.as_mut() {
            Some(w) => w.write(buf),
            None => Err(io::Error::other("file already committed")),
        };
        result.map_err(|e| self.context(e))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let result = match self.writer.as_mut() {
            Some(w) => w.write_all(buf),
            None => Err(io::Error::other("file already committed")),
        };
        result.map_err(|e| self.context(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = match self.writer.as_mut() {
            Some(w) => w.flush(),
            None => Ok(()),
        };
        result.map_err(|e| self.context(e))
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(writer) = self.writer.take() {
            // Not committed: discard the data. Dropping the BufWriter would try to
            // flush it; writing into a file about to be deleted is harmless.
            drop(writer);
            let _ = fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn write_atomic_creates_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runs.csv");
        write_atomic(&path, b"a,b\n1,2\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"a,b\n1,2\n");
        write_atomic(&path, b"x\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"x\n");
        assert_eq!(names_in(dir.path()), vec!["runs.csv"]);
    }

    #[test]
    fn streaming_file_is_invisible_until_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("timeseries.csv");
        let mut f = AtomicFile::create(&path).unwrap();
        assert_eq!(f.path(), path);
        for i in 0..10_000 {
            writeln!(f, "{i}").unwrap();
        }
        assert!(!path.exists());
        let names = names_in(dir.path());
        assert_eq!(names.len(), 1);
        let temp = &names[0];
        assert!(temp.starts_with(".timeseries.csv.tmp-"), "{temp}");
        assert!(is_temp_name(temp));
        f.commit().unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 10_000);
        assert!(text.ends_with("9999\n"));
        assert_eq!(names_in(dir.path()), vec!["timeseries.csv"]);
    }

    #[test]
    fn dropping_without_commit_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wars.csv");
        {
            let mut f = AtomicFile::create(&path).unwrap();
            f.write_all(b"partial").unwrap();
        }
        assert!(names_in(dir.path()).is_empty());
    }

    #[test]
    fn dropping_without_commit_keeps_an_earlier_complete_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.csv");
        write_atomic(&path, b"old\n").unwrap();
        {
            let mut f = AtomicFile::create(&path).unwrap();
            f.write_all(b"new but unfinished").unwrap();
        }
        assert_eq!(fs::read(&path).unwrap(), b"old\n");
    }

    #[test]
    fn errors_name_the_file_and_the_cause() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("runs.csv");
        let err = write_atomic(&path, b"x").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("cannot write "), "{msg}");
        assert!(msg.contains(&path.display().to_string()), "{msg}");
        assert!(!msg.contains(".tmp-"), "{msg}");
        assert_eq!(
            err.io_error().map(|e| e.kind()),
            Some(io::ErrorKind::NotFound)
        );
        assert!(msg.len() > path.display().to_string().len() + "cannot write : ".len());
    }

    #[test]
    fn a_path_without_a_file_name_is_an_error() {
        let err = write_atomic(Path::new("/"), b"x").unwrap_err();
        assert!(err.to_string().contains("does not name a file"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn permission_denied_is_reported_with_the_path() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        fs::create_dir(&locked).unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o500)).unwrap();
        let path = locked.join("runs.csv");
        let result = write_atomic(&path, b"x");
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o700)).unwrap();
        // Root ignores permissions; only check when the write was refused.
        if let Err(err) = result {
            let expected = format!("cannot write {}: Permission denied", path.display());
            assert!(err.to_string().starts_with(&expected), "{err}");
        }
    }

    #[test]
    fn temp_names_are_unpredictable() {
        let path = Path::new("/out/runs.csv");
        let a = temp_path(path).unwrap();
        let b = temp_path(path).unwrap();
        assert_ne!(a, b);
        assert!(is_temp_name(&a.file_name().unwrap().to_string_lossy()));
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_never_redirects_a_write() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"precious").unwrap();
        let path = dir.path().join("runs.csv");
        // Links planted under every name an earlier version would have used, and
        // under the final name: the write replaces the link, not its target.
        for pid in [std::process::id(), 1, 2] {
            let planted = dir.path().join(format!(".runs.csv.tmp-{pid}"));
            std::os::unix::fs::symlink(&victim, planted).unwrap();
        }
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        write_atomic(&path, b"results").unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"precious");
        assert_eq!(fs::read(&path).unwrap(), b"results");
        assert!(
            !fs::symlink_metadata(&path)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn temp_names_are_recognised() {
        assert!(is_temp_name(".runs.csv.tmp-1234"));
        assert!(is_temp_name(".runs.csv.tmp-00ff12ab34cd56ef"));
        assert!(!is_temp_name("runs.csv.tmp-1234"));
        assert!(!is_temp_name(".runs.csv.tmp-"));
        assert!(!is_temp_name(".runs.csv.tmp-12z"));
        assert!(!is_temp_name(".tmp-12"));
        assert!(!is_temp_name(".hidden"));
    }
}
