//! `clerkctl emulator exec -- CMD [ARGS…]`: an emulator for the life of one command, the way
//! `firebase emulators:exec` runs a test suite.
//!
//! The emulator starts first (a failure is exit 3, or 2 for a bad flag or state file, and CMD
//! never runs), CMD runs with the
//! variables Clerk's SDKs read pointing at it, signals sent to clerkctl go on to CMD, and when
//! CMD ends the emulator shuts down cleanly (pending `--state` writes included) and clerkctl
//! exits with CMD's exit code, or 128+N when signal N ended it.

use std::ffi::OsString;

use crate::cli::ExecArgs;
use crate::error::{ExitStatus, UserError};
use crate::settings::Settings;

/// Start the emulator, run the command, stop the emulator, pass the command's exit code on.
pub async fn run(args: &ExecArgs, settings: &Settings) -> anyhow::Result<ExitStatus> {
    let (program, rest) = args
        .command
        .split_first()
        .ok_or_else(|| UserError::usage("`emulator exec` needs a command after `--`"))?;
    let (handle, ready_ms) = super::emulator::start(&args.emulator, settings).await?;
    let p = &settings.printer;
    p.info(&format!(
        "clerkctl emulator listening on {} (ready in {ready_ms:.1} ms); running `{}`",
        handle.url(),
        shown(&args.command)
    ));
    // Listen before the child exists, so no signal falls between its start and the listeners.
    let mut signals = match forward::Signals::listen() {
        Ok(s) => s,
        Err(e) => {
            handle.shutdown().await;
            return Err(UserError::usage(format!("cannot listen for signals: {e}")).into());
        }
    };
    let mut command = tokio::process::Command::new(program);
    command
        .args(rest)
        .envs(super::emulator::client_env(&handle));
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            handle.shutdown().await;
            return Err(spawn_error(program, &e).into());
        }
    };
    let status = loop {
        tokio::select! {
            status = child.wait() => break status,
            Some(signal) = signals.next() => {
                if let Some(pid) = child.id() {
                    forward::to_child(pid, signal);
                }
            }
        }
    };
    p.debug("the command ended; stopping the emulator");
    handle.shutdown().await;
    let status =
        status.map_err(|e| UserError::usage(format!("cannot wait for the command: {e}")))?;
    Ok(ExitStatus::Passthrough(exit_code(status)))
}

/// The command line as typed, for messages.
fn shown(command: &[OsString]) -> String {
    command
        .iter()
        .map(|a| a.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A command that cannot be run exits 127 (not found) or 126 (not executable), as in a shell.
fn spawn_error(program: &OsString, e: &std::io::Error) -> UserError {
    let name = program.to_string_lossy();
    let (code, hint) = match e.kind() {
        std::io::ErrorKind::NotFound => (
            127,
            "check the command's name, or that it is on `PATH` (`npx …` runs a package's binary)",
        ),
        _ => (126, "check that the file is an executable program"),
    };
    UserError {
        message: format!("cannot run `{name}`: {e}"),
        hint: Some(hint.to_string()),
        status: ExitStatus::Passthrough(code),
    }
}

/// The command's exit code, or 128+N when signal N ended it.
fn exit_code(status: std::process::ExitStatus) -> u8 {
    if let Some(code) = status.code() {
        // Exit codes are 0–255 on Unix; anything wider is reported as a plain failure.
        return u8::try_from(code).unwrap_or(1);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt as _;
        if let Some(signal) = status.signal() {
            return u8::try_from(128 + signal).unwrap_or(255);
        }
    }
    1
}

#[cfg(unix)]
mod forward {
    //! Signals clerkctl receives while the command runs, passed on to the command.
    //!
    //! Ctrl-C and Ctrl-\ at a terminal already reach every process of the foreground process
    //! group, the command included: sending SIGINT or SIGQUIT again would make it see two
    //! presses (and many tools take a second Ctrl-C as "stop cleaning up"). Those two are
    //! forwarded only when clerkctl is not the terminal's foreground job (`kill -INT` from a
    //! script, a CI runner cancelling a job); the others always are.

    use nix::sys::signal::{Signal, kill};
    use nix::unistd::{Pid, getpgrp, tcgetpgrp};
    use tokio::signal::unix::{SignalKind, signal};
    use tokio::sync::mpsc;

    /// What is forwarded.
    const FORWARDED: [Signal; 6] = [
        Signal::SIGINT,
        Signal::SIGTERM,
        Signal::SIGHUP,
        Signal::SIGQUIT,
        Signal::SIGUSR1,
        Signal::SIGUSR2,
    ];

    /// The signals received, in order.
    pub struct Signals(mpsc::UnboundedReceiver<Signal>);

    impl Signals {
        /// Take over the forwarded signals (clerkctl no longer dies of them).
        pub fn listen() -> std::io::Result<Self> {
            let (tx, rx) = mpsc::unbounded_channel();
            for sig in FORWARDED {
                let mut stream = signal(SignalKind::from_raw(sig as i32))?;
                let tx = tx.clone();
                tokio::spawn(async move {
                    while stream.recv().await.is_some() {
                        if tx.send(sig).is_err() {
                            break;
                        }
                    }
                });
            }
            Ok(Self(rx))
        }

        /// The next signal.
        pub async fn next(&mut self) -> Option<Signal> {
            self.0.recv().await
        }
    }

    /// Send `signal` to the command, unless the terminal already did.
    pub fn to_child(pid: u32, signal: Signal) {
        if matches!(signal, Signal::SIGINT | Signal::SIGQUIT) && terminal_delivered() {
            return;
        }
        if let Ok(pid) = i32::try_from(pid) {
            // It may have exited just now; its exit status is what counts then.
            let _ = kill(Pid::from_raw(pid), signal);
        }
    }

    /// True when clerkctl is the foreground job of its controlling terminal: a terminal's
    /// SIGINT/SIGQUIT then went to the command as well.
    fn terminal_delivered() -> bool {
        let ours = getpgrp();
        [
            tcgetpgrp(std::io::stdin()),
            tcgetpgrp(std::io::stderr()),
            tcgetpgrp(std::io::stdout()),
        ]
        .into_iter()
        .find_map(Result::ok)
        .is_some_and(|foreground| foreground == ours)
    }
}

#[cfg(not(unix))]
mod forward {
    //! Without Unix signals, Ctrl-C reaches the command through the console; clerkctl only
    //! keeps itself alive until the command has ended.

    /// Ctrl-C presses, swallowed.
    pub struct Signals;

    /// A signal (none are forwarded).
    pub enum Signal {}

    impl Signals {
        pub fn listen() -> std::io::Result<Self> {
            Ok(Self)
        }

        pub async fn next(&mut self) -> Option<Signal> {
            loop {
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
            }
        }
    }

    pub fn to_child(_pid: u32, signal: Signal) {
        match signal {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn exit_codes_pass_through_and_signals_are_128_plus_n() {
        use std::os::unix::process::ExitStatusExt as _;
        assert_eq!(exit_code(std::process::ExitStatus::from_raw(0)), 0);
        assert_eq!(exit_code(std::process::ExitStatus::from_raw(7 << 8)), 7);
        assert_eq!(exit_code(std::process::ExitStatus::from_raw(15)), 143);
        assert_eq!(exit_code(std::process::ExitStatus::from_raw(9)), 137);
    }

    #[test]
    fn a_missing_command_is_127_with_a_hint() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        let err = spawn_error(&OsString::from("no-such-tool"), &e);
        assert_eq!(err.status, ExitStatus::Passthrough(127));
        assert!(
            err.message.starts_with("cannot run `no-such-tool`"),
            "{}",
            err.message
        );
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(
            spawn_error(&OsString::from("./x"), &e).status,
            ExitStatus::Passthrough(126)
        );
    }
}
