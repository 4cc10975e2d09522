//! The Printer: stdout carries data, stderr carries talk; color is decided once, here.

use std::io::{self, IsTerminal, Write};

use colored::Colorize;
use serde::Serialize;

/// `--output`: how data on stdout is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    /// Human-readable text.
    #[default]
    Text,
    /// Stable, documented JSON (never colored).
    Json,
}

/// `--color`: when to use ANSI colors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Color when the stream is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

/// How chatty stderr is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Verbosity {
    /// `-q`: errors only.
    Quiet,
    /// The default.
    #[default]
    Normal,
    /// `-v`: extra detail (requests, timings).
    Verbose,
}

/// The one way commands write to the terminal.
#[derive(Debug, Clone)]
pub struct Printer {
    format: OutputFormat,
    verbosity: Verbosity,
    color_stdout: bool,
    color_stderr: bool,
    stderr_tty: bool,
}

impl Printer {
    /// Decide colors once from `--color`, `NO_COLOR` and whether each stream is a terminal.
    pub fn new(format: OutputFormat, color: ColorChoice, verbosity: Verbosity) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let stdout_tty = io::stdout().is_terminal();
        let stderr_tty = io::stderr().is_terminal();
        let decide = |tty: bool| match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        // `colored` would otherwise make its own decision; ours is final.
        colored::control::set_override(true);
        Self {
            format,
            verbosity,
            color_stdout: decide(stdout_tty) && format == OutputFormat::Text,
            color_stderr: decide(stderr_tty),
            stderr_tty,
        }
    }

    /// A printer for tests and library callers: text, no color.
    pub fn plain() -> Self {
        Self {
            format: OutputFormat::Text,
            verbosity: Verbosity::Normal,
            color_stdout: false,
            color_stderr: false,
            stderr_tty: false,
        }
    }

    /// The selected output format.
    pub fn format(&self) -> OutputFormat {
        self.format
    }

    /// True with `--output json`.
    pub fn is_json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// The verbosity.
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// True when stderr is an interactive terminal (spinners, prompts).
    pub fn stderr_is_tty(&self) -> bool {
        self.stderr_tty
    }

    /// True when stdout text may carry color.
    pub fn color_stdout(&self) -> bool {
        self.color_stdout
    }

    /// True when stderr text may carry color.
    pub fn color_stderr(&self) -> bool {
        self.color_stderr
    }

    /// Write data to stdout, followed by a newline.
    pub fn out(&self, text: &str) -> io::Result<()> {
        let mut stdout = io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.write_all(b"\n")?;
        stdout.flush()
    }

    /// Write data to stdout without adding a newline.
    pub fn out_raw(&self, text: &str) -> io::Result<()> {
        let mut stdout = io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.flush()
    }

    /// Write a value to stdout as pretty JSON.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> io::Result<()> {
        let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
        self.out(&text)
    }

    /// Write a value to stdout as one compact JSON line (JSON lines output).
    pub fn json_line<T: Serialize + ?Sized>(&self, value: &T) -> io::Result<()> {
        let text = serde_json::to_string(value).map_err(io::Error::other)?;
        self.out(&text)
    }

    /// Progress and information on stderr (hidden by `-q`).
    pub fn info(&self, text: &str) {
        if self.verbosity >= Verbosity::Normal {
            stderr_line(text);
        }
    }

    /// Detail on stderr, only with `-v`.
    pub fn debug(&self, text: &str) {
        if self.verbosity >= Verbosity::Verbose {
            stderr_line(&self.dim_err(text));
        }
    }

    /// A warning on stderr (hidden by `-q`).
    pub fn warn(&self, text: &str) {
        if self.verbosity >= Verbosity::Normal {
            let label = if self.color_stderr {
                "warning:".yellow().bold().to_string()
            } else {
                "warning:".to_string()
            };
            stderr_line(&format!("{label} {text}"));
        }
    }

    /// An error, with an optional hint, on stderr (always shown).
    pub fn error(&self, message: &str, hint: Option<&str>) {
        let (label, hint_label) = if self.color_stderr {
            (
                "error:".red().bold().to_string(),
                "hint:".cyan().bold().to_string(),
            )
        } else {
            ("error:".to_string(), "hint:".to_string())
        };
        match hint {
            Some(hint) => stderr_line(&format!("{label} {message}\n{hint_label} {hint}")),
            None => stderr_line(&format!("{label} {message}")),
        }
    }

    /// Paint for stdout: success.
    pub fn green(&self, text: &str) -> String {
        paint(self.color_stdout, text, |s| s.green().to_string())
    }

    /// Paint for stdout: failure.
    pub fn red(&self, text: &str) -> String {
        paint(self.color_stdout, text, |s| s.red().to_string())
    }

    /// Paint for stdout: caution.
    pub fn yellow(&self, text: &str) -> String {
        paint(self.color_stdout, text, |s| s.yellow().to_string())
    }

    /// Paint for stdout: headings.
    pub fn bold(&self, text: &str) -> String {
        paint(self.color_stdout, text, |s| s.bold().to_string())
    }

    /// Paint for stdout: secondary detail.
    pub fn dim(&self, text: &str) -> String {
        paint(self.color_stdout, text, |s| s.dimmed().to_string())
    }

    /// Paint for stderr: success.
    pub fn green_err(&self, text: &str) -> String {
        paint(self.color_stderr, text, |s| s.green().to_string())
    }

    /// Paint for stderr: failure.
    pub fn red_err(&self, text: &str) -> String {
        paint(self.color_stderr, text, |s| s.red().to_string())
    }

    /// Paint for stderr: caution.
    pub fn yellow_err(&self, text: &str) -> String {
        paint(self.color_stderr, text, |s| s.yellow().to_string())
    }

    /// Paint for stderr: secondary detail.
    pub fn dim_err(&self, text: &str) -> String {
        paint(self.color_stderr, text, |s| s.dimmed().to_string())
    }
}

/// Write `text` and a newline to stderr through one locked handle, in one write. Errors are
/// ignored: a closed stderr (`2>&-`) or a reader that went away leaves nowhere to report them,
/// and must not stop the command (unlike `eprintln!`, which panics).
pub fn stderr_line(text: &str) {
    stderr_raw(&format!("{text}\n"));
}

/// [`stderr_line`] without the newline.
pub fn stderr_raw(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

fn paint(enabled: bool, text: &str, f: impl Fn(&str) -> String) -> String {
    if enabled { f(text) } else { text.to_string() }
}
