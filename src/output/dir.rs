//! The output directory: a shared place, so it is locked, kept to the files the
//! tool wrote, and left in a state the next run recognises whatever happens.
//!
//! `--out` may point anywhere, so a typo must not scatter CSV files into (or
//! overwrite files in) someone's home or project directory: a directory is
//! used only when it is empty, holds a finished run (its `manifest.json` says
//! this tool wrote it), or holds an unfinished one (its journal). While a run
//! writes, [`OutputDir`] holds a lock on `.deterrence.lock`, so a second run
//! into the same directory is refused with the first one named rather than
//! mixing their files.
//!
//! Replacing an earlier run starts by writing the journal `.deterrence-journal`
//! — the files the earlier run wrote, to which each new file's name is added
//! before it is moved into place — and removing the old manifest. At the end
//! the files of the earlier run that this one did not write are removed, the
//! new manifest is written, and the journal goes. A run killed at any point
//! thus leaves either a finished run or a journal naming every file that may
//! be the tool's, and nothing else is ever removed: a user's own files in the
//! directory (an annotated chart, a README) stay.

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use super::OutputError;
use super::atomic::{AtomicFile, is_temp_name, write_atomic};
use super::files::{CHARTS_DIR, MANIFEST_FILE};
use super::manifest::TOOL_NAME;

/// Names the run holding the directory's lock (the lock itself is taken on the
/// directory), for a second run to say whom it waits for; removed at the end.
pub const LOCK_FILE: &str = ".deterrence.lock";

/// The files an unfinished run may have written, one relative name a line.
pub const JOURNAL_FILE: &str = ".deterrence-journal";

/// Largest manifest or journal read back (a manifest lists a scenario: a
/// world of 100,000 states fits well within this).
const MAX_LIST_BYTES: u64 = 256 << 20;

/// An output directory locked for one run.
#[derive(Debug)]
pub struct OutputDir {
    path: PathBuf,
    /// The directory, opened and locked for the life of this value; closing it
    /// releases the lock (so a killed run never leaves a stale lock).
    _lock: File,
    /// Whether this run made the directory (removed again if it writes nothing).
    created: bool,
    /// Files an earlier run of the tool wrote here (finished or not).
    earlier: BTreeSet<String>,
    /// The journal, once replacing has begun, and the files written so far.
    state: Mutex<Replacing>,
    /// What configuration the run is (a fingerprint), written into its
    /// manifest so a later run can tell whether it would replace the same one.
    configuration: Option<String>,
}

#[derive(Debug, Default)]
struct Replacing {
    journal: Option<File>,
    written: BTreeSet<String>,
}

impl OutputDir {
    /// Makes `path` ready to receive a run and locks it: creates it (and its
    /// parents) if missing, and refuses a file, a dangling link, a directory
    /// owned by another user, one another run is writing, or a non-empty one
    /// that holds no run of this tool.
    pub fn open(path: &Path, holder: &str) -> Result<Self, OutputError> {
        let created = ensure_dir(path)?;
        check_owner(path)?;
        let lock = lock(path)?;
        let earlier = match survey(path) {
            Ok(earlier) => earlier,
            Err(e) => {
                drop(lock);
                if created {
                    let _ = fs::remove_dir(path);
                }
                return Err(e);
            }
        };
        // Best effort: the name only helps a second run say whom it waits for,
        // and a read-only directory fails at the first result with a clearer message.
        let text = format!("pid {}: {holder}\n", std::process::id());
        let _ = open_no_follow(
            &path.join(LOCK_FILE),
            OpenOptions::new().write(true).create(true).truncate(true),
        )
        .and_then(|mut f| f.write_all(text.as_bytes()));
        Ok(OutputDir {
            path: path.to_path_buf(),
            _lock: lock,
            created,
            earlier,
            state: Mutex::new(Replacing::default()),
            configuration: None,
        })
    }

    /// Names the configuration this run is (see [`OutputDir::configuration`]).
    pub fn set_configuration(&mut self, fingerprint: String) {
        self.configuration = Some(fingerprint);
    }

    /// The configuration this run is, if named: the manifest records it.
    pub fn configuration(&self) -> Option<&str> {
        self.configuration.as_deref()
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts writing `rel` (a name such as `runs.csv` or `charts/map.png`);
    /// nothing appears under that name until [`OutputDir::commit`].
    pub fn create(&self, rel: &str) -> Result<AtomicFile, OutputError> {
        let path = self.file_path(rel)?;
        AtomicFile::create(&path)
    }

    /// Moves a file started with [`OutputDir::create`] into place, after
    /// naming it in the journal (and, the first time, retiring the earlier
    /// run's manifest), so a run killed at any moment leaves a directory the
    /// next run recognises.
    pub fn commit(&self, file: AtomicFile) -> Result<(), OutputError> {
        let rel = self.relative(file.path())?;
        self.record(&rel)?;
        file.commit()
    }

    /// Writes a whole file `rel` (see [`OutputDir::commit`]).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.file_path(rel)?;
        self.record(rel)?;
        write_atomic(&path, bytes)
    }

    /// Ends the run: removes the earlier run's files that this one did not
    /// write, writes `manifest` (last, so a directory with a manifest is
    /// complete) and removes the journal.
    pub fn finish(self, manifest: &[u8]) -> Result<(), OutputError> {
        self.record(MANIFEST_FILE)?;
        let written = self.written();
        for stale in self.earlier.difference(&written) {
            self.remove_own(stale)?;
        }
        // A charts folder the earlier run filled and this one does not use goes too.
        let _ = fs::remove_dir(self.path.join(CHARTS_DIR));
        write_atomic(&self.path.join(MANIFEST_FILE), manifest)?;
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.journal = None;
        drop(state);
        remove_if_present(&self.path.join(JOURNAL_FILE))
    }

    /// Keeps `rel`, a file of the earlier run, as part of this one (a redraw
    /// keeps the run's tables).
    pub fn keep(&self, rel: &str) -> Result<(), OutputError> {
        self.record(rel)
    }

    /// The files written so far, in name order.
    fn written(&self) -> BTreeSet<String> {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.written.clone()
    }

    /// Names `rel` in the journal, starting it first if this is the run's first file.
    fn record(&self, rel: &str) -> Result<(), OutputError> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.journal.is_none() {
            state.journal = Some(self.start_journal()?);
        }
        if state.written.insert(rel.to_string()) && !self.earlier.contains(rel) {
            let journal_path = self.path.join(JOURNAL_FILE);
            if let Some(journal) = state.journal.as_mut() {
                writeln!(journal, "{rel}")
                    .and_then(|()| journal.flush())
                    .map_err(|e| OutputError::write(&journal_path, e))?;
            }
        }
        Ok(())
    }

    /// Writes the journal with the earlier run's files and removes its manifest.
    fn start_journal(&self) -> Result<File, OutputError> {
        let journal_path = self.path.join(JOURNAL_FILE);
        let mut text = String::new();
        for f in &self.earlier {
            text.push_str(f);
            text.push('\n');
        }
        write_atomic(&journal_path, text.as_bytes())?;
        remove_if_present(&self.path.join(MANIFEST_FILE))?;
        open_no_follow(&journal_path, OpenOptions::new().append(true))
            .map_err(|e| OutputError::write(&journal_path, e))
    }

    /// The path of `rel`, a plain relative name, with its subdirectory made
    /// (never through a link: a planted `charts` link must not redirect writes).
    fn file_path(&self, rel: &str) -> Result<PathBuf, OutputError> {
        let path = self.path.join(rel);
        let bad = || {
            OutputError::write(
                &path,
                io::Error::new(io::ErrorKind::InvalidInput, "not a plain relative name"),
            )
        };
        let parts: Vec<&str> = rel.split('/').collect();
        if !plain_name(rel) {
            return Err(bad());
        }
        if let [sub, _] = parts.as_slice() {
            let dir = self.path.join(sub);
            match fs::symlink_metadata(&dir) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => return Err(OutputError::LinkedSubdirectory { path: dir }),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    match fs::create_dir(&dir) {
                        Ok(()) => {}
                        // Another thread of this run made it first.
                        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                        Err(cause) => return Err(OutputError::CreateDir { path: dir, cause }),
                    }
                    if !fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
                        return Err(OutputError::LinkedSubdirectory { path: dir });
                    }
                }
                Err(cause) => return Err(OutputError::Read { path: dir, cause }),
            }
        }
        Ok(path)
    }

    /// `path` (inside the directory) as a relative name.
    fn relative(&self, path: &Path) -> Result<String, OutputError> {
        let rel = path
            .strip_prefix(&self.path)
            .ok()
            .map(|r| {
                r.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .filter(|r| plain_name(r));
        rel.ok_or_else(|| {
            OutputError::write(
                path,
                io::Error::new(io::ErrorKind::InvalidInput, "outside the output directory"),
            )
        })
    }

    /// Removes `rel`, a file of the earlier run, if it is still there (a link
    /// is removed, never followed; a directory is left alone).
    fn remove_own(&self, rel: &str) -> Result<(), OutputError> {
        let path = self.path.join(rel);
        match fs::symlink_metadata(&path) {
            Ok(m) if !m.is_dir() => remove_if_present(&path),
            _ => Ok(()),
        }
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        let _ = fs::remove_file(self.path.join(LOCK_FILE));
        // A run that made the directory and stopped before writing anything
        // (an interruption, an error) leaves nothing behind, not an empty folder.
        let state = self.state.get_mut().unwrap_or_else(|p| p.into_inner());
        if self.created && state.journal.is_none() && state.written.is_empty() {
            let _ = fs::remove_dir(self.path.join(CHARTS_DIR));
            let _ = fs::remove_dir(&self.path);
        }
    }
}

/// Whether `rel` is a name the tool writes: one or two plain `/`-separated
/// parts (`runs.csv`, `charts/map.png`), nothing that leads elsewhere.
fn plain_name(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    (1..=2).contains(&parts.len())
        && parts.iter().all(|p| {
            !p.is_empty()
                && *p != "."
                && *p != ".."
                && !p.contains('\\')
                && matches!(Path::new(p).components().next(), Some(Component::Normal(_)))
        })
}

/// Creates `path` if missing; returns whether it did.
fn ensure_dir(path: &Path) -> Result<bool, OutputError> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Ok(false),
        Ok(_) => Err(OutputError::NotADirectory {
            path: path.to_path_buf(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Ok(target) = fs::read_link(path) {
                return Err(OutputError::DanglingLink {
                    path: path.to_path_buf(),
                    target,
                });
            }
            fs::create_dir_all(path).map_err(|cause| OutputError::CreateDir {
                path: path.to_path_buf(),
                cause,
            })?;
            Ok(true)
        }
        Err(cause) => Err(OutputError::Read {
            path: path.to_path_buf(),
            cause,
        }),
    }
}

/// Refuses a directory that belongs to another user: whoever owns it could
/// plant files there between the tool's checks and its writes.
fn check_owner(path: &Path) -> Result<(), OutputError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = fs::metadata(path).map_err(|cause| OutputError::Read {
            path: path.to_path_buf(),
            cause,
        })?;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me {
            return Err(OutputError::NotOwned {
                path: path.to_path_buf(),
                owner: meta.uid(),
            });
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Opens `path` without following a link at its last step.
fn open_no_follow(path: &Path, options: &mut OpenOptions) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW).mode(0o600);
    }
    options.open(path)
}

/// Takes the directory's lock, or says which run holds it. The lock is on the
/// directory itself, so there is no lock file to plant or leave stale; the
/// holder's name goes to [`LOCK_FILE`] (see [`OutputDir::open`]).
fn lock(dir: &Path) -> Result<File, OutputError> {
    let handle = File::open(dir).map_err(|cause| OutputError::Read {
        path: dir.to_path_buf(),
        cause,
    })?;
    let path = dir.join(LOCK_FILE);
    match handle.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let other = read_own(&path).ok().flatten().unwrap_or_default();
            let other = String::from_utf8_lossy(&other);
            let other = other.trim();
            return Err(OutputError::Busy {
                path: dir.to_path_buf(),
                holder: if other.is_empty() {
                    "another deterrence run".to_string()
                } else {
                    other.chars().take(300).collect()
                },
            });
        }
        // A file system without locks (some network mounts) runs unlocked
        // rather than not at all: the lock guards against a slip, not an attack.
        Err(fs::TryLockError::Error(_)) => {}
    }
    Ok(handle)
}

/// What the directory holds: nothing (an empty set), or an earlier run's
/// files (finished: its manifest; unfinished: its journal). Removes the
/// temporary files of a killed run; refuses anything else.
fn survey(path: &Path) -> Result<BTreeSet<String>, OutputError> {
    let read_error = |cause| OutputError::Read {
        path: path.to_path_buf(),
        cause,
    };
    let mut foreign = false;
    let mut debris = Vec::new();
    for entry in fs::read_dir(path).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name == LOCK_FILE || name == JOURNAL_FILE {
            continue;
        }
        // A temporary file of a killed run is debris; a link that looks like
        // one is not, and makes the directory foreign.
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        if regular && is_temp_name(&name) {
            debris.push(entry.path());
            continue;
        }
        foreign = true;
    }
    let mut earlier = BTreeSet::new();
    let journal = read_list(&path.join(JOURNAL_FILE))?;
    let manifest = read_manifest_files(&path.join(MANIFEST_FILE))?;
    let ours = journal.is_some() || manifest.is_some();
    if foreign && !ours {
        return Err(OutputError::ForeignDirectory {
            path: path.to_path_buf(),
        });
    }
    earlier.extend(journal.unwrap_or_default());
    earlier.extend(manifest.unwrap_or_default());
    earlier.retain(|f| plain_name(f) && f != LOCK_FILE && f != JOURNAL_FILE);
    for d in debris {
        let _ = fs::remove_file(d);
    }
    if let Ok(entries) = fs::read_dir(path.join(CHARTS_DIR)) {
        for e in entries.flatten() {
            let regular = e.file_type().is_ok_and(|t| t.is_file());
            if regular && is_temp_name(&e.file_name().to_string_lossy()) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    Ok(earlier)
}

/// The lines of a journal, or `None` when there is none.
fn read_list(path: &Path) -> Result<Option<Vec<String>>, OutputError> {
    let Some(bytes) = read_own(path)? else {
        return Ok(None);
    };
    let text = String::from_utf8_lossy(&bytes);
    Ok(Some(
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    ))
}

/// The files a manifest of this tool lists, or `None` when `path` is not one.
fn read_manifest_files(path: &Path) -> Result<Option<Vec<String>>, OutputError> {
    let Some(bytes) = read_own(path)? else {
        return Ok(None);
    };
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Ok(None);
    };
    if value.get("tool").and_then(serde_json::Value::as_str) != Some(TOOL_NAME) {
        return Ok(None);
    }
    let files = value
        .get("files")
        .and_then(serde_json::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|f| f.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Ok(Some(files))
}

/// Reads one of the tool's own bookkeeping files: `None` when it is missing,
/// is not a regular file (a planted link to a device) or is absurdly large.
fn read_own(path: &Path) -> Result<Option<Vec<u8>>, OutputError> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(cause) => {
            return Err(OutputError::Read {
                path: path.to_path_buf(),
                cause,
            });
        }
    }
    match crate::files::read_limited(path, MAX_LIST_BYTES) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(crate::files::ReadError::Io(cause)) => Err(OutputError::Read {
            path: path.to_path_buf(),
            cause,
        }),
        Err(_) => Ok(None),
    }
}

fn remove_if_present(path: &Path) -> Result<(), OutputError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(OutputError::write(path, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
