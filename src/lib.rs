//! clerkctl: configure, test and debug Clerk sessions.
//!
//! The binary is a thin shell over [`run`]: parse (`cli`) → resolve (`settings`) → execute
//! (`commands`), with every error mapped to an exit code and an `error:` / `hint:` line here.

pub mod clerk;
pub mod cli;
pub mod commands;
pub mod emulator;
pub mod env_vars;
pub mod error;
pub mod fidelity;
pub mod files;
pub mod jwt;
pub mod output;
pub mod project;
pub mod scaffold;
pub mod settings;
pub mod template;

use std::process::ExitCode;

use crate::error::ExitStatus;
use crate::output::{Printer, Verbosity};

/// Print clap's own message (an error, `--help`, `--version`) with the color decision every
/// other output follows: `--color`, `CLERKCTL_COLOR`, `NO_COLOR`, then whether it is a terminal.
fn print_clap(err: &clap::Error) {
    use std::io::Write as _;
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let from_args = args.iter().enumerate().rev().find_map(|(i, a)| {
        a.strip_prefix("--color=")
            .map(str::to_string)
            .or_else(|| (a == "--color").then(|| args.get(i + 1).cloned().unwrap_or_default()))
    });
    let choice = from_args.or_else(|| std::env::var(env_vars::CLERKCTL_COLOR).ok());
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let plain = match choice.as_deref() {
        Some("never") => true,
        Some("always") => false,
        _ => no_color,
    };
    if !plain {
        let _ = err.print();
        return;
    }
    let text = err.render().to_string();
    let _ = if err.use_stderr() {
        std::io::stderr().write_all(text.as_bytes())
    } else {
        std::io::stdout().write_all(text.as_bytes())
    };
}

/// Run clerkctl with the process arguments and return its exit code.
pub fn run() -> ExitCode {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version are not errors; a broken pipe while printing them is not either.
            print_clap(&err);
            return if err.use_stderr() {
                ExitStatus::Usage.into()
            } else {
                ExitStatus::Success.into()
            };
        }
    };
    let verbosity = if cli.global.quiet {
        Verbosity::Quiet
    } else if cli.global.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let printer = Printer::new(cli.global.output, cli.global.color, verbosity);
    // Token commands, completions and the man page run on the calling thread: they make at most
    // a few sequential requests, and worker threads (or, for a plain `decode`, which does no I/O
    // at all, even the I/O and timer drivers) would cost a cold `decode` more than its own work.
    let runtime = match &cli.command {
        cli::Command::Verify(_)
        | cli::Command::Decode(cli::DecodeArgs { verify: true, .. })
        | cli::Command::Emulator(cli::EmulatorCommandArgs {
            command: Some(cli::EmulatorCommand::Mint(_)),
            ..
        }) => tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build(),
        cli::Command::Decode(_) | cli::Command::Completions(_) | cli::Command::Man => {
            tokio::runtime::Builder::new_current_thread().build()
        }
        _ => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build(),
    };
    let runtime = match runtime {
        Ok(rt) => rt,
        Err(e) => {
            printer.error(&format!("cannot start the async runtime: {e}"), None);
            return ExitStatus::Usage.into();
        }
    };
    let result = runtime.block_on(commands::dispatch(cli, printer.clone()));
    // Background tasks (servers, timers) must not keep the process alive.
    runtime.shutdown_background();
    match result {
        Ok(status) => status.into(),
        Err(err) if error::is_broken_pipe(&err) => ExitStatus::Success.into(),
        Err(err) => {
            let (message, hint, status) = error::describe(&err);
            printer.error(&clerk::keys::redact_all(&message), hint.as_deref());
            status.into()
        }
    }
}
