//! Exit statuses and the one place that turns errors into `error:` / `hint:` lines.
//!
//! Commands return `anyhow::Result<ExitStatus>`. Anything a user can cause is raised as a
//! [`UserError`] (or a domain error that converts into one) so that it carries its exit code and
//! hint; anything else is reported as exit code 2 with its context chain on one line.

use std::fmt;
use std::process::ExitCode;

/// The documented exit codes (README, "Exit codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: success.
    Success,
    /// 1: a check failed or a token is invalid.
    Failure,
    /// 2: usage or configuration error.
    Usage,
    /// 3: the instance could not be reached or kept failing.
    Unavailable,
    /// 130: interrupted (Ctrl-C).
    Interrupted,
    /// The exit code of a command clerkctl ran for the user (`clerkctl emulator exec`), passed
    /// through: its own, 128+N for a signal N, 126/127 when it could not be run.
    Passthrough(u8),
}

impl ExitStatus {
    /// The numeric process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Usage => 2,
            ExitStatus::Unavailable => 3,
            ExitStatus::Interrupted => 130,
            ExitStatus::Passthrough(code) => code,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status.code())
    }
}

/// An error a user can cause and act on: a message, an optional hint and an exit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserError {
    /// What went wrong, lowercase, no trailing period.
    pub message: String,
    /// The next step, when one exists.
    pub hint: Option<String>,
    /// How the process exits.
    pub status: ExitStatus,
}

impl UserError {
    /// A usage or configuration error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: None,
            status: ExitStatus::Usage,
        }
    }

    /// A failed check or invalid token (exit 1).
    pub fn failure(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: None,
            status: ExitStatus::Failure,
        }
    }

    /// The instance could not be reached or kept failing (exit 3).
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: None,
            status: ExitStatus::Unavailable,
        }
    }

    /// Attach a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UserError {}

/// Returns true when the error chain contains a broken pipe: the reader went away, which is not
/// an error for a command-line tool (`clerkctl decode | head -1`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// How an error is reported: the `error:` line, the optional `hint:` line and the exit status.
pub fn describe(err: &anyhow::Error) -> (String, Option<String>, ExitStatus) {
    if let Some(user) = err.chain().find_map(|c| c.downcast_ref::<UserError>()) {
        // Context added above the user error is kept as a prefix: "reading `x`: no such file".
        let mut prefix: Vec<String> = Vec::new();
        for cause in err.chain() {
            if cause.downcast_ref::<UserError>().is_some() {
                break;
            }
            prefix.push(cause.to_string());
        }
        prefix.push(user.message.clone());
        return (prefix.join(": "), user.hint.clone(), user.status);
    }
    let message = err
        .chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ");
    (message, None, ExitStatus::Usage)
}
