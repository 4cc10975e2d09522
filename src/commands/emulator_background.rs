//! `clerkctl emulator --background`: start the emulator as a detached process, wait until it
//! is ready, print the export block and return.
//!
//! `eval "$(clerkctl emulator &)"` cannot work: the backgrounded emulator keeps the command
//! substitution's stdout open, so the shell waits for it forever. Here the caller's stdout and
//! stderr are never handed to the server process: it reports readiness on a pipe this process
//! reads once and closes, and logs to a file.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::error::{ExitStatus, UserError};
use crate::settings::Settings;

/// Set in the server process's environment: print the one JSON start-up line on stdout.
const CHILD_ENV: &str = "CLERKCTL_EMULATOR_BACKGROUND";

/// How long the server may take to be ready (RSA key generation on a slow machine included).
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// True in the server process started by [`start`].
pub fn is_child() -> bool {
    std::env::var_os(CHILD_ENV).is_some_and(|v| v == "1")
}

/// Start the server process with the same arguments minus `--background`, wait for its
/// start-up line, print the exports (or the JSON line with `pid` and `log`) and return.
pub fn start(settings: &Settings) -> anyhow::Result<ExitStatus> {
    let exe = std::env::current_exe()
        .map_err(|e| UserError::failure(format!("cannot find the clerkctl executable: {e}")))?;
    let log_path = log_path();
    // Created new and owner-only: the name is predictable, so a planted file or link in a shared
    // temporary directory is refused rather than followed or reused.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let log = options.open(&log_path).map_err(|e| {
        UserError::failure(format!(
            "cannot create the emulator log `{}`: {e}",
            log_path.display()
        ))
    })?;
    let args = std::env::args_os().skip(1).filter(|a| a != "--background");
    let mut command = Command::new(exe);
    command
        .args(args)
        .env(CHILD_ENV, "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log));
    // Its own process group: a Ctrl-C at the terminal that started it does not stop it.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .map_err(|e| UserError::failure(format!("cannot start the emulator process: {e}")))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| UserError::failure("the emulator process has no stdout pipe"))?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let read = BufReader::new(stdout).read_line(&mut line).map(|_| line);
        let _ = tx.send(read);
        // The reader (and with it the pipe) is dropped here: the server writes nothing more.
    });
    let line = match rx.recv_timeout(READY_TIMEOUT) {
        Ok(Ok(line)) if !line.trim().is_empty() => line,
        outcome => {
            let timed_out = outcome.is_err();
            if timed_out {
                let _ = child.kill();
            }
            let status = child.wait().ok();
            let log_text = std::fs::read_to_string(&log_path).unwrap_or_default();
            let _ = std::fs::remove_file(&log_path);
            // The server's own `error:`/`hint:` lines say what went wrong: pass them on as they are.
            crate::output::stderr_raw(&log_text);
            if timed_out {
                return Err(UserError::unavailable(format!(
                    "the emulator was not ready within {} s",
                    READY_TIMEOUT.as_secs()
                ))
                .into());
            }
            return Ok(match status.and_then(|s| s.code()) {
                Some(2) => ExitStatus::Usage,
                _ => ExitStatus::Unavailable,
            });
        }
    };
    let mut ready: Value = serde_json::from_str(line.trim()).map_err(|e| {
        UserError::failure(format!("the emulator's start-up line is not JSON: {e}"))
    })?;
    let pid = child.id();
    let p = &settings.printer;
    if p.is_json() {
        ready["pid"] = pid.into();
        ready["log"] = log_path.display().to_string().into();
        p.json_line(&ready)?;
        return Ok(ExitStatus::Success);
    }
    let field = |key: &str| ready.get(key).and_then(Value::as_str).unwrap_or_default();
    p.out(&format!("export CLERK_API_URL={}", field("api_url")))?;
    match ready.get("secret_key").and_then(Value::as_str) {
        Some(sk) => p.out(&format!("export CLERK_SECRET_KEY={sk}"))?,
        None => p.out("# CLERK_SECRET_KEY: the key given with `--secret-key`")?,
    }
    p.out(&format!(
        "export CLERK_PUBLISHABLE_KEY={}",
        field("publishable_key")
    ))?;
    p.out(&format!("export CLERKCTL_EMULATOR_PID={pid}"))?;
    p.info(&format!(
        "clerkctl emulator listening on {} in the background (pid {pid}, log {}); stop it with `kill {pid}`",
        field("api_url"),
        log_path.display()
    ));
    Ok(ExitStatus::Success)
}

/// `clerkctl-emulator-<pid>.log` in the temporary directory.
fn log_path() -> PathBuf {
    std::env::temp_dir().join(format!("clerkctl-emulator-{}.log", std::process::id()))
}
