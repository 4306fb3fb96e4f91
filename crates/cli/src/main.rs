//! `feltbog`: Feltbog's records from the command line, for scripts and tests.
//! Data goes to stdout, messages to stderr; exit codes are part of the
//! contract (see `--help`).
#![forbid(unsafe_code)]

mod cmd;
mod common;
mod secret_input;

use clap::Parser;
use feltbog_api::{ApiError, ErrorKind};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    if let cmd::Command::ManPage = cli.command {
        return man_page();
    }
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("feltbog: {}", describe(&e));
            ExitCode::from(exit_code(&e))
        }
    }
}

/// 2 for invalid input, 3 for a wrong passphrase or lock-out, 5 when the
/// sync server cannot be reached (or its certificate is not trusted), 6
/// when it broke the protocol (what it did was refused), 1 otherwise.
fn exit_code(e: &ApiError) -> u8 {
    match e.kind {
        ErrorKind::Invalid { .. } => 2,
        ErrorKind::WrongPassphrase | ErrorKind::LockedOut { .. } => 3,
        ErrorKind::Offline | ErrorKind::UntrustedServer => 5,
        ErrorKind::ServerFault { .. } => 6,
        _ => 1,
    }
}

/// The message, with a field named the way the command line names it.
fn describe(e: &ApiError) -> String {
    match e.field() {
        Some(field) => {
            let prefix = format!("{field}: ");
            let msg = e.message.strip_prefix(&prefix).unwrap_or(&e.message);
            format!("{}: {msg}", common::flag_for(field))
        }
        None => e.message.clone(),
    }
}

/// Writes `feltbog(1)` from the command-line grammar itself, so the manual
/// never drifts from the commands.
fn man_page() -> ExitCode {
    use clap::CommandFactory;
    let man = clap_mangen::Man::new(cmd::Cli::command());
    match man.render(&mut std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("feltbog: {e}");
            ExitCode::FAILURE
        }
    }
}
