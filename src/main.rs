//! The `deterrence` binary: a thin shell around the library. It parses the
//! command line, hands off to [`cli`], and turns errors into a message on
//! stderr and an exit code (0 success, 2 bad input or usage, 130 interrupted by
//! Ctrl-C or SIGTERM, 1 other failure).

mod cli;

fn main() {
    // Like any Unix filter, end quietly when the reader of our output goes away
    // (`deterrence list | head`) instead of failing to print.
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    if let Err(err) = cli::run() {
        eprintln!("error: {err:#}");
        std::process::exit(cli::exit_code(&err));
    }
}
