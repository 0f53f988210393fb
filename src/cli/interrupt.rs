//! Ctrl-C and SIGTERM: a process-wide flag the experiment checks, so a run
//! stops between replications and its unfinished files are discarded.
//!
//! The handler is installed only by the commands that run experiments; the
//! others are short and keep the default behaviour (the signal ends them).

use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;

use deterrence::experiment::Interrupted;

/// Set once a Ctrl-C or SIGTERM arrives.
pub static STOP: AtomicBool = AtomicBool::new(false);

/// The exit code after an interruption: 128 + SIGINT, as shells report it.
pub const EXIT_CODE: i32 = 130;

/// Routes Ctrl-C and SIGTERM to [`STOP`]. A second signal ends the process at
/// once, for a user who will not wait for the current replications to finish.
pub fn install() -> Result<()> {
    let result = ctrlc::set_handler(|| {
        if STOP.swap(true, Ordering::SeqCst) {
            std::process::exit(EXIT_CODE);
        }
    });
    match result {
        Ok(()) => Ok(()),
        // Installing twice in one process (never done by the binary) keeps the first handler.
        Err(ctrlc::Error::MultipleHandlers) => Ok(()),
        Err(e) => Err(anyhow::Error::new(e).context("cannot install the Ctrl-C handler")),
    }
}

/// [`Interrupted`] if a signal has arrived: called before the first output
/// file is moved into place, so an interrupted run leaves no results behind.
pub fn check() -> Result<(), Interrupted> {
    if STOP.load(Ordering::SeqCst) {
        Err(Interrupted)
    } else {
        Ok(())
    }
}

/// Called once a command has written everything: a signal that arrived while
/// results were being written did not stop the writing (so the directory holds
/// a complete run), but the exit code still reports the interruption.
pub fn after_writing(out: &std::path::Path) -> Result<()> {
    check().map_err(|e| {
        anyhow::Error::new(e).context(format!(
            "stopped after every result was written; {} holds the complete run",
            out.display()
        ))
    })
}
