//! Write errors name the file and exit 1: a full disk and a read-only file
//! system, made with tmpfs mounts in a private mount namespace (`unshare`),
//! which needs root; where that is not possible the test says so and passes.

use std::process::Command;

use crate::common::root;

/// Runs `script` (with `$BIN` the binary) in a private mount namespace, or
/// returns `None` where mounting is not allowed here.
fn in_namespace(script: &str) -> Option<(i32, String)> {
    let probe = Command::new("unshare")
        .args(["--mount", "sh", "-c", "mount -t tmpfs tmpfs /mnt"])
        .output()
        .ok()?;
    if !probe.status.success() {
        eprintln!("skipped: cannot mount a tmpfs here (needs root and unshare)");
        return None;
    }
    let out = Command::new("unshare")
        .args(["--mount", "sh", "-c", script])
        .env("BIN", env!("CARGO_BIN_EXE_deterrence"))
        .current_dir(root())
        .output()
        .expect("unshare runs");
    Some((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[test]
fn a_full_disk_is_reported_with_the_file_and_leaves_no_manifest() {
    let script = "mount -t tmpfs -o size=64k tmpfs /mnt && \
        \"$BIN\" run scenarios/two-blocs.toml --replications 50 --out /mnt/out -q; \
        code=$?; ls -a /mnt/out >&2; exit $code";
    let Some((code, err)) = in_namespace(script) else {
        return;
    };
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: cannot write /mnt/out/") && err.contains("No space left on device"),
        "{err}"
    );
    // No half-written file and no manifest: the directory does not pass for a finished run.
    assert!(!err.contains("manifest.json"), "{err}");
    assert!(!err.contains(".tmp-"), "{err}");
}

#[test]
fn a_read_only_file_system_is_reported_with_the_file() {
    let script = "mount -t tmpfs tmpfs /mnt && mkdir /mnt/out && mount -o remount,ro /mnt && \
        \"$BIN\" run scenarios/two-blocs.toml --replications 5 --out /mnt/out -q";
    let Some((code, err)) = in_namespace(script) else {
        return;
    };
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: cannot write /mnt/out/runs.csv: Read-only file system"),
        "{err}"
    );
}
