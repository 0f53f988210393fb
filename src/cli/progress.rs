//! A progress bar on stderr, shown only when stderr is a terminal and the user
//! has not asked for quiet.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// Progress over a known number of replications.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar for `total` steps labelled `what`, or nothing when not wanted.
    pub fn new(total: u64, what: &str, quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::new(total);
        let style = ProgressStyle::with_template(
            "{msg} [{bar:40}] {pos}/{len} replications, {elapsed} elapsed, ~{eta} left",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(what.to_string());
        Progress { bar: Some(bar) }
    }

    /// Sets how many steps are done.
    pub fn set(&self, done: u64) {
        if let Some(b) = &self.bar {
            b.set_position(done);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// The job sees the bar, the Ctrl-C flag and stderr for its notices.
impl deterrence::job::Hooks for Progress {
    fn halt(&self) -> &std::sync::atomic::AtomicBool {
        &super::interrupt::STOP
    }

    fn progress(&self, done: u64) {
        self.set(done);
    }

    fn simulated(&self) {
        self.finish();
    }

    fn notice(&self, message: &str) {
        eprintln!("{message}");
    }
}
