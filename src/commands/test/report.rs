//! Test reports: streamed text lines (with a spinner per running check on a TTY), the summary,
//! `--output json`, and GitHub Actions `::error::` annotations.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use super::cleanup::CleanupReport;
use super::runner::{CheckResult, Progress, Status, Summary};
use crate::output::{Printer, Verbosity};

/// One line for a finished check: `✓ jwt-verify.sub  token sub is the test user (3 ms)`.
pub fn check_line(printer: &Printer, r: &CheckResult) -> String {
    let mark = match r.status {
        Status::Passed => printer.green("✓"),
        Status::Failed => printer.red("✗"),
        Status::Skipped => printer.yellow("-"),
        Status::Warning => printer.yellow("⚠"),
    };
    let mut line = format!(
        "{mark} {} {} {}",
        printer.bold(&r.id),
        r.title,
        printer.dim(&format!("({} ms)", r.duration_ms))
    );
    if let Some(verdict) = r.ledger.as_ref().and_then(|l| l.verdict) {
        line.push_str(&format!(" {}", printer.bold(verdict.as_str())));
    }
    match r.status {
        Status::Failed | Status::Warning => {
            if let Some(m) = &r.message {
                line.push_str(&format!("\n    {m}"));
            }
            line.push_str(&format!(
                "\n    expected: {}\n    actual:   {}",
                r.expected.as_deref().unwrap_or("-"),
                r.actual.as_deref().unwrap_or("-")
            ));
            if let Some(l) = &r.ledger {
                line.push_str(&format!(
                    "\n    {}",
                    printer.dim(&ledger_words(r.status, &l.row, l.confidence.as_str()))
                ));
            }
        }
        Status::Skipped => {
            if let Some(m) = &r.message {
                line.push_str(&format!(" {}", printer.dim(&format!("skipped: {m}"))));
            }
        }
        Status::Passed => {
            if let Some(m) = &r.message {
                line.push_str(&format!(" {}", printer.dim(m)));
            }
        }
    }
    line
}

/// Streams text lines to stdout as checks finish; draws spinners on stderr when it is a TTY.
pub struct TextProgress {
    printer: Printer,
    multi: Option<MultiProgress>,
    bars: Mutex<HashMap<String, ProgressBar>>,
}

impl TextProgress {
    /// Spinners only when stderr is a terminal (and not with `-q`).
    pub fn new(printer: Printer) -> Self {
        let multi = (printer.stderr_is_tty() && printer.verbosity() > Verbosity::Quiet)
            .then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        Self {
            printer,
            multi,
            bars: Mutex::new(HashMap::new()),
        }
    }

    /// Clear any spinner still drawn (interrupted runs).
    pub fn clear(&self) {
        if let Ok(mut bars) = self.bars.lock() {
            for (_, bar) in bars.drain() {
                bar.finish_and_clear();
            }
        }
    }
}

impl Progress for TextProgress {
    fn started(&self, id: &str, title: &str) {
        let Some(multi) = &self.multi else {
            return;
        };
        let bar = multi.add(ProgressBar::new_spinner());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
            bar.set_style(style);
        }
        bar.set_message(format!("{id} {title}"));
        bar.enable_steady_tick(Duration::from_millis(80));
        if let Ok(mut bars) = self.bars.lock() {
            bars.insert(id.to_string(), bar);
        }
    }

    fn finished(&self, result: &CheckResult) {
        let bar = self.bars.lock().ok().and_then(|mut b| b.remove(&result.id));
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        // `-q`: the failures and the summary only.
        if self.printer.verbosity() == Verbosity::Quiet && result.status != Status::Failed {
            return;
        }
        let line = check_line(&self.printer, result);
        match &self.multi {
            Some(multi) => multi.suspend(|| {
                let _ = self.printer.out(&line);
            }),
            None => {
                let _ = self.printer.out(&line);
            }
        }
    }
}

/// Progress for `--output json`: nothing streams; the document comes at the end.
pub struct SilentProgress;

impl Progress for SilentProgress {
    fn started(&self, _: &str, _: &str) {}
    fn finished(&self, _: &CheckResult) {}
}

/// The target a run went against, as reports show it.
#[derive(Debug, Clone, Serialize)]
pub struct TargetReport {
    /// `emulator` (embedded), `api_url` (a running emulator or Clerk at `--api-url`) or `live`.
    pub kind: &'static str,
    /// The Backend API base URL.
    pub api_url: String,
    /// True when the target answered the emulator's health probe.
    pub emulator: bool,
}

/// The `--output json` document (documented in the README; stable).
#[derive(Debug, Clone, Serialize)]
pub struct JsonReport<'a> {
    /// The run id every created resource was tagged with.
    pub run_id: &'a str,
    /// Where the run went.
    pub target: &'a TargetReport,
    /// True when no check failed.
    pub passed: bool,
    /// Totals.
    pub summary: Summary,
    /// Wall time of the run.
    pub duration_ms: u64,
    /// Every reported check.
    pub checks: &'a [CheckResult],
    /// What was deleted afterwards.
    pub cleanup: &'a CleanupReport,
    /// Set when the instance could not be reached or kept failing (exit 3).
    pub error: Option<String>,
}

/// The summary line: `12 passed, 1 failed, 0 skipped in 0.84 s`.
/// How a result names the ledger row it rests on (`docs/fidelity.toml`).
pub fn ledger_words(status: Status, row: &str, confidence: &str) -> String {
    if status == Status::Warning {
        format!(
            "a warning, not a failure: this rests on the {confidence} belief `{row}` (docs/fidelity.toml); `clerkctl test fidelity` checks it"
        )
    } else {
        format!("rests on the {confidence} belief `{row}` (docs/fidelity.toml)")
    }
}

pub fn summary_line(printer: &Printer, s: &Summary, took: Duration) -> String {
    let failed = format!("{} failed", s.failed);
    let failed = if s.failed > 0 {
        printer.red(&failed)
    } else {
        failed
    };
    let warnings = if s.warnings > 0 {
        format!(
            ", {}",
            printer.yellow(&format!("{} warning(s)", s.warnings))
        )
    } else {
        String::new()
    };
    format!(
        "{} passed, {failed}, {} skipped{warnings} in {:.2} s",
        printer.green(&s.passed.to_string()),
        s.skipped,
        took.as_secs_f64()
    )
}

/// GitHub Actions workflow-command escaping for a message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub Actions workflow-command escaping for a property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `::error title=…::…` lines, one per failed check, and one for an instance that could not be
/// tested (`unavailable`: exit 3 is no verdict, and must not pass unnoticed either).
pub fn github_annotations(results: &[CheckResult], unavailable: Option<&str>) -> Vec<String> {
    let instance = unavailable.map(|e| {
        format!(
            "::error title={}::{}",
            escape_property("clerkctl test: instance unavailable"),
            escape_data(&format!("no verdict (exit 3): {e}"))
        )
    });
    results
        .iter()
        .filter(|r| matches!(r.status, Status::Failed | Status::Warning))
        .map(|r| {
            let level = if r.status == Status::Warning {
                "warning"
            } else {
                "error"
            };
            let msg = format!(
                "{}: {} (expected {}, actual {})",
                r.title,
                r.message.as_deref().unwrap_or("failed"),
                r.expected.as_deref().unwrap_or("-"),
                r.actual.as_deref().unwrap_or("-")
            );
            format!(
                "::{level} title={}::{}",
                escape_property(&format!("clerkctl test {}", r.id)),
                escape_data(&msg)
            )
        })
        .chain(instance)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_escape_newlines_and_name_expected_and_actual() {
        let r = CheckResult {
            id: "jwt-verify.sub".into(),
            suite: "jwt-verify".into(),
            title: "sub is the user".into(),
            status: Status::Failed,
            duration_ms: 1,
            expected: Some("user_1".into()),
            actual: Some("user_2\n50%".into()),
            message: Some("wrong sub".into()),
            ledger: None,
        };
        let lines = github_annotations(std::slice::from_ref(&r), None);
        assert_eq!(
            lines,
            vec![
                "::error title=clerkctl test jwt-verify.sub::sub is the user: wrong sub (expected user_1, actual user_2%0A50%25)"
                    .to_string()
            ]
        );
        let mut warned = r.clone();
        warned.status = Status::Warning;
        assert!(
            github_annotations(std::slice::from_ref(&warned), None)[0]
                .starts_with("::warning title=clerkctl test jwt-verify.sub::")
        );
        let lines = github_annotations(&[r], Some("gave up: 100% 5xx"));
        assert_eq!(
            lines[1],
            "::error title=clerkctl test%3A instance unavailable::no verdict (exit 3): gave up: 100%25 5xx"
        );
    }
}
