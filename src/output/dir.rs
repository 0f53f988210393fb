//! The output directory: created when missing, reused only for earlier runs.
//!
//! `--out` may point anywhere, so a typo must not scatter CSV files into (or
//! overwrite files in) someone's home or project directory. A non-empty
//! directory is accepted only when its `manifest.json` says this tool wrote it.

use std::fs;
use std::io;
use std::path::Path;

use super::OutputError;
use super::atomic::is_temp_name;
use super::manifest::TOOL_NAME;

/// Name of the manifest file inside an output directory.
pub const MANIFEST_FILE: &str = "manifest.json";

/// Makes `path` ready to receive a run: creates it (and its parents) if missing,
/// and refuses a file, or a non-empty directory that is not an earlier run of this tool.
pub fn prepare_out_dir(path: &Path) -> Result<(), OutputError> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => check_existing(path),
        Ok(_) => Err(OutputError::NotADirectory {
            path: path.to_path_buf(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(path).map_err(|cause| OutputError::CreateDir {
                path: path.to_path_buf(),
                cause,
            })
        }
        Err(cause) => Err(OutputError::Read {
            path: path.to_path_buf(),
            cause,
        }),
    }
}

fn check_existing(path: &Path) -> Result<(), OutputError> {
    let read_error = |cause| OutputError::Read {
        path: path.to_path_buf(),
        cause,
    };
    let mut has_files = false;
    for entry in fs::read_dir(path).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        // Temporary files left by a killed run are debris, not someone's data.
        if !entry.file_name().to_str().is_some_and(is_temp_name) {
            has_files = true;
            break;
        }
    }
    if !has_files || is_earlier_run(&path.join(MANIFEST_FILE))? {
        Ok(())
    } else {
        Err(OutputError::ForeignDirectory {
            path: path.to_path_buf(),
        })
    }
}

/// Whether `manifest` is a manifest written by this tool; a missing or
/// unparsable file simply is not one, but an unreadable one is an error.
fn is_earlier_run(manifest: &Path) -> Result<bool, OutputError> {
    let text = match fs::read(manifest) {
        Ok(text) => text,
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::IsADirectory
            ) =>
        {
            return Ok(false);
        }
        // Some platforms report reading a directory with a kind of their own.
        Err(_) if manifest.is_dir() => return Ok(false),
        Err(cause) => {
            return Err(OutputError::Read {
                path: manifest.to_path_buf(),
                cause,
            });
        }
    };
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(&text) else {
        return Ok(false);
    };
    Ok(value.get("tool").and_then(serde_json::Value::as_str) == Some(TOOL_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_missing_directories_with_parents() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("output").join("two-blocs");
        prepare_out_dir(&out).unwrap();
        assert!(out.is_dir());
        // Preparing again is fine: the directory is empty.
        prepare_out_dir(&out).unwrap();
    }

    #[test]
    fn accepts_an_earlier_run() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("runs.csv"), "a\n1\n").unwrap();
        fs::write(
            root.path().join(MANIFEST_FILE),
            r#"{"tool": "deterrence", "version": "0.0.1"}"#,
        )
        .unwrap();
        prepare_out_dir(root.path()).unwrap();
    }

    #[test]
    fn accepts_leftover_temporary_files_only() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join(".runs.csv.tmp-4242"), "partial").unwrap();
        prepare_out_dir(root.path()).unwrap();
    }

    #[test]
    fn refuses_foreign_directories() {
        let cases: [(&str, &str); 5] = [
            ("notes.txt", "my thesis"),
            (MANIFEST_FILE, r#"{"tool": "something-else"}"#),
            (MANIFEST_FILE, r#"{"name": "deterrence"}"#),
            (MANIFEST_FILE, "not json at all"),
            (MANIFEST_FILE, r#"["deterrence"]"#),
        ];
        for (name, contents) in cases {
            let root = tempfile::tempdir().unwrap();
            fs::write(root.path().join(name), contents).unwrap();
            let err = prepare_out_dir(root.path()).unwrap_err();
            assert!(
                matches!(err, OutputError::ForeignDirectory { .. }),
                "{name}: {err}"
            );
            let msg = err.to_string();
            assert!(msg.contains(&root.path().display().to_string()), "{msg}");
            assert!(
                msg.ends_with("holds files that are not a deterrence run; choose another --out"),
                "{msg}"
            );
        }
    }

    #[test]
    fn refuses_a_directory_named_like_the_manifest() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join(MANIFEST_FILE)).unwrap();
        let err = prepare_out_dir(root.path()).unwrap_err();
        assert!(matches!(err, OutputError::ForeignDirectory { .. }), "{err}");
    }

    #[test]
    fn refuses_an_existing_file() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("results");
        fs::write(&file, "x").unwrap();
        let err = prepare_out_dir(&file).unwrap_err();
        assert!(matches!(err, OutputError::NotADirectory { .. }), "{err}");
        assert!(err.to_string().contains("choose another --out"));
        assert_eq!(fs::read(&file).unwrap(), b"x");
    }

    #[test]
    fn reports_a_parent_that_is_a_file() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("results");
        fs::write(&file, "x").unwrap();
        let err = prepare_out_dir(&file.join("run")).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains(&file.join("run").display().to_string()),
            "{msg}"
        );
    }
}
