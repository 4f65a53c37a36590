//! `livinglab`: the headless command line of Living Lab. Every capability the app has is
//! reachable here, for batch work, Sumedang's server and tests. It links no GUI library.
//!
//! Exit codes: 0 success, 2 bad input (one line on stderr saying why), 1 any other failure.

mod args;
mod commands;
mod say;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use livinglab_core::{Error, ErrorKind, Lang};

fn main() -> ExitCode {
    // Piped into `head` and the like, end quietly when the reader goes away, as Unix tools do.
    #[cfg(unix)]
    // SAFETY: restoring the default SIGPIPE action before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = args::Cli::parse();
    let lang = say::init(cli.lang.as_deref());
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => report(&err, lang),
    }
}

fn report(err: &Error, lang: Lang) -> ExitCode {
    let message = err.message_in(lang).replace('\n', " ");
    let _ = writeln!(std::io::stderr(), "livinglab: {message} [{}]", err.code.as_str());
    match err.kind() {
        ErrorKind::Input => ExitCode::from(2),
        ErrorKind::Failure => ExitCode::from(1),
    }
}
