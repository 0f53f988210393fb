//! Reading input files that anyone may have handed the user: scenario files,
//! COW data, the files of a finished run.
//!
//! Every reader goes through [`read_limited`], so no input can make the tool
//! wait forever (a named pipe), read without end (`/dev/zero`, or a link to
//! it planted in an output directory) or allocate more than its limit. A link
//! to a regular file is followed: that is how users share data.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The operating system's reason.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// A directory, device, pipe or socket where a file was expected.
    #[error("not a regular file")]
    NotRegular,
    /// Larger than the reader accepts.
    #[error("the file is {} and at most {} are read", size(*.bytes), size(*.limit))]
    TooLarge {
        /// The size found (at least `limit + 1`).
        bytes: u64,
        /// The largest size accepted.
        limit: u64,
    },
}

/// A byte count for messages: `512 bytes`, `3.2 MiB`, `4 GiB`.
fn size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    if bytes < MIB {
        format!("{bytes} bytes")
    } else if bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    }
}

/// Opens `path` for reading and checks that it is a regular file, without
/// blocking on a named pipe or a device that has no writer.
pub fn open_regular(path: &Path) -> Result<(File, Metadata), ReadError> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Non-blocking only for the open: it has no effect on a regular file,
        // and anything else is refused below.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    Ok((file, meta))
}

/// Reads a whole regular file of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            bytes: meta.len(),
            limit,
        });
    }
    // The size may change while reading; `take` holds the limit regardless.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            bytes: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_and_links_to_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, b"x,y\n1,2\n").unwrap();
        assert_eq!(read_limited(&path, 8).unwrap(), b"x,y\n1,2\n");
        #[cfg(unix)]
        {
            let link = dir.path().join("b.csv");
            std::os::unix::fs::symlink(&path, &link).unwrap();
            assert_eq!(read_limited(&link, 100).unwrap(), b"x,y\n1,2\n");
        }
    }

    #[test]
    fn refuses_large_files_directories_and_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, vec![b'x'; 3 << 20]).unwrap();
        let e = read_limited(&path, 1 << 20).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the file is 3 MiB and at most 1 MiB are read"
        );
        let e = read_limited(&path, 100).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the file is 3 MiB and at most 100 bytes are read"
        );
        assert!(matches!(
            read_limited(dir.path(), 100),
            Err(ReadError::NotRegular)
        ));
        assert!(matches!(
            read_limited(&dir.path().join("none"), 100),
            Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound
        ));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_devices_and_pipes_without_waiting() {
        let e = read_limited(Path::new("/dev/zero"), 100).unwrap_err();
        assert!(matches!(e, ReadError::NotRegular), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path and a mode; mkfifo touches nothing else.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let e = read_limited(&fifo, 100).unwrap_err();
        assert!(matches!(e, ReadError::NotRegular), "{e}");
    }
}
