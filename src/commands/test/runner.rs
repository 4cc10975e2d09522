//! The check runner: named assertions with expected vs actual, timing, filtering, fail-fast and
//! the progress events the reporters draw.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::clerk::api::ApiError;
use crate::clerk::keys::redact_all;
use crate::fidelity::{self, Confidence};

/// A check's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The assertion held.
    Passed,
    /// The assertion did not hold.
    Failed,
    /// Not applicable, or a check it depends on failed.
    Skipped,
    /// The assertion did not hold on a live instance, but it rests on a belief about Clerk below
    /// `observed` (see the `ledger` row): reported, never a failure.
    Warning,
}

/// What `clerkctl test fidelity` concluded about a ledger row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The target behaves as the ledger (and the emulator) say.
    Confirmed,
    /// The target behaves otherwise: the ledger and the emulator are wrong here.
    Contradicted,
    /// The target cannot show it (a setting it has, a precondition missing).
    NotObservable,
}

impl Verdict {
    /// The word the reports print.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::Contradicted => "contradicted",
            Verdict::NotObservable => "not observable",
        }
    }
}

/// The ledger row a result is about (`docs/fidelity.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerNote {
    /// The row id.
    pub row: String,
    /// Its confidence.
    pub confidence: Confidence,
    /// For `fidelity` checks: the verdict on the row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
}

/// One check's result, as every report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    /// `suite.check`, stable (`jwt-verify.sub`).
    pub id: String,
    /// The suite.
    pub suite: String,
    /// What is asserted, in words.
    pub title: String,
    /// The verdict.
    pub status: Status,
    /// Wall time.
    pub duration_ms: u64,
    /// What was expected (failures; passes when informative).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// What was observed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// Why it failed or was skipped; detail for a pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The ledger row behind a warning, a strict failure on a weak belief, or a fidelity check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerNote>,
}

/// What a check body decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Held; an optional detail (`kid ins_…`).
    Pass(Option<String>),
    /// Did not hold.
    Fail {
        /// Expected value.
        expected: String,
        /// Actual value.
        actual: String,
        /// Short explanation.
        message: String,
    },
    /// Not applicable here, or blocked by a failed dependency.
    Skip(String),
    /// A failure that rests on the ledger row `row`: a warning against a live instance when the
    /// row is below `observed`, a failure otherwise (and always against the emulator).
    Doubt {
        /// The ledger row.
        row: &'static str,
        /// The failure.
        failure: Box<Outcome>,
    },
}

impl Outcome {
    /// A pass without detail.
    pub fn pass() -> Self {
        Outcome::Pass(None)
    }

    /// A failure naming expected and actual.
    pub fn fail(
        message: impl Into<String>,
        expected: impl std::fmt::Display,
        actual: impl std::fmt::Display,
    ) -> Self {
        Outcome::Fail {
            expected: expected.to_string(),
            actual: actual.to_string(),
            message: message.into(),
        }
    }

    /// Mark a failure as resting on the ledger row `row` (passes and skips are unchanged).
    pub fn resting_on(self, row: &'static str) -> Self {
        match self {
            failure @ Outcome::Fail { .. } => Outcome::Doubt {
                row,
                failure: Box::new(failure),
            },
            other => other,
        }
    }

    /// Pass when `expected == actual`, else fail with `message`.
    pub fn eq<T: PartialEq + std::fmt::Debug>(message: &str, expected: T, actual: T) -> Self {
        if expected == actual {
            Outcome::Pass(None)
        } else {
            Outcome::fail(message, format!("{expected:?}"), format!("{actual:?}"))
        }
    }
}

/// Why a suite stops before its end.
#[derive(Debug)]
pub enum Abort {
    /// The instance could not be reached or kept failing: exit 3, never a check result.
    Unavailable(ApiError),
    /// `--fail-fast` after a failure, or Ctrl-C.
    Stopped,
}

/// An API error inside a check: unavailability aborts the run; anything else fails the check.
pub fn api_outcome(err: ApiError, what: &str) -> Result<Outcome, Abort> {
    if err.is_unavailable() {
        return Err(Abort::Unavailable(err));
    }
    Ok(Outcome::fail(
        format!("{what} failed: {err}"),
        "a success answer",
        match err.status() {
            Some(s) => format!("HTTP {s}"),
            None => "an unreadable answer".to_string(),
        },
    ))
}

/// Progress events (the TTY spinner display and streaming text lines listen to these).
pub trait Progress: Send + Sync {
    /// A check started.
    fn started(&self, id: &str, title: &str);
    /// A check finished.
    fn finished(&self, result: &CheckResult);
}

/// State shared by every suite of one run.
pub struct Shared {
    filters: Vec<String>,
    fail_fast: bool,
    stop: AtomicBool,
    live: AtomicBool,
    results: Mutex<Vec<CheckResult>>,
    progress: Arc<dyn Progress>,
}

impl Shared {
    /// A run's shared state.
    pub fn new(filters: Vec<String>, fail_fast: bool, progress: Arc<dyn Progress>) -> Arc<Self> {
        Arc::new(Self {
            filters,
            fail_fast,
            stop: AtomicBool::new(false),
            live: AtomicBool::new(false),
            results: Mutex::new(Vec::new()),
            progress,
        })
    }

    /// The run targets a live Clerk instance (not a clerkctl emulator): failures that rest on
    /// beliefs below `observed` become warnings.
    pub fn set_live(&self, live: bool) {
        self.live.store(live, Ordering::SeqCst);
    }

    /// True when the run targets a live Clerk instance.
    pub fn live(&self) -> bool {
        self.live.load(Ordering::SeqCst)
    }

    /// True when a check id is selected by `--filter` (all are without filters).
    pub fn selected(&self, id: &str) -> bool {
        self.filters.is_empty() || self.filters.iter().any(|f| id.contains(f.as_str()))
    }

    /// True when any check of `suite` could be selected: suites are skipped entirely otherwise.
    pub fn suite_selected(&self, suite: &str, check_ids: &[&str]) -> bool {
        self.filters.is_empty()
            || check_ids
                .iter()
                .any(|c| self.selected(&format!("{suite}.{c}")))
    }

    /// Ask every suite to stop at its next check.
    pub fn request_stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    /// True once a stop was requested.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Every result so far, in completion order.
    pub fn results(&self) -> Vec<CheckResult> {
        match self.results.lock() {
            Ok(r) => r.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    fn push(&self, result: CheckResult) {
        self.progress.finished(&result);
        if result.status == Status::Failed && self.fail_fast {
            self.request_stop();
        }
        match self.results.lock() {
            Ok(mut r) => r.push(result),
            Err(p) => p.into_inner().push(result),
        }
    }
}

/// Records the checks of one suite.
pub struct Recorder {
    suite: &'static str,
    shared: Arc<Shared>,
}

impl Recorder {
    /// A recorder for `suite`.
    pub fn new(suite: &'static str, shared: Arc<Shared>) -> Self {
        Self { suite, shared }
    }

    /// The suite name.
    pub fn suite(&self) -> &'static str {
        self.suite
    }

    /// Run one named check. Checks excluded by `--filter` still run (later checks may need what
    /// they establish) but are not reported. Returns whether it passed.
    pub async fn check<Fut>(&self, name: &str, title: &str, body: Fut) -> Result<bool, Abort>
    where
        Fut: Future<Output = Result<Outcome, Abort>>,
    {
        if self.shared.stopped() {
            return Err(Abort::Stopped);
        }
        let id = format!("{}.{name}", self.suite);
        let reported = self.shared.selected(&id);
        if reported {
            self.shared.progress.started(&id, title);
        }
        let started = Instant::now();
        let outcome = body.await?;
        let passed = matches!(outcome, Outcome::Pass(_));
        if reported {
            let mut r = result(
                self.suite,
                &id,
                title,
                outcome,
                started.elapsed(),
                self.shared.live(),
            );
            if self.suite == "fidelity" {
                r.ledger = fidelity_note(&r, name);
            }
            self.shared.push(r);
        }
        Ok(passed)
    }

    /// A setup API call failed: unavailability aborts the run; anything else is recorded as
    /// `suite.setup` and ends the suite.
    pub fn setup_error(&self, what: &str, err: ApiError) -> Result<(), Abort> {
        if err.is_unavailable() {
            return Err(Abort::Unavailable(err));
        }
        let actual = err.status().map_or_else(
            || "an unreadable answer".to_string(),
            |s| format!("HTTP {s}"),
        );
        self.setup_failed(
            &format!("{what} failed: {err}"),
            "a success answer",
            &actual,
        );
        Ok(())
    }

    /// Record a failed setup step (`suite.setup`): the suite cannot go on.
    pub fn setup_failed(&self, message: &str, expected: &str, actual: &str) {
        let id = format!("{}.setup", self.suite);
        self.shared.push(result(
            self.suite,
            &id,
            "the suite's test data could be created",
            Outcome::fail(message, expected, actual),
            Duration::ZERO,
            false,
        ));
    }
}

/// A fidelity check's verdict on its row (`fidelity.<row id>`).
fn fidelity_note(r: &CheckResult, name: &str) -> Option<LedgerNote> {
    let row = fidelity::row(name)?;
    let verdict = match r.status {
        Status::Passed => Verdict::Confirmed,
        Status::Failed | Status::Warning => Verdict::Contradicted,
        Status::Skipped => Verdict::NotObservable,
    };
    Some(LedgerNote {
        row: row.id.clone(),
        confidence: row.confidence,
        verdict: Some(verdict),
    })
}

fn result(
    suite: &str,
    id: &str,
    title: &str,
    outcome: Outcome,
    took: Duration,
    live: bool,
) -> CheckResult {
    let (outcome, ledger, warn) = match outcome {
        Outcome::Doubt { row, failure } => {
            let confidence = fidelity::row(row).map_or(Confidence::Unknown, |b| b.confidence);
            let note = LedgerNote {
                row: row.to_string(),
                confidence,
                verdict: None,
            };
            (*failure, Some(note), live && !confidence.may_fail_live())
        }
        other => (other, None, false),
    };
    let (status, expected, actual, message) = match outcome {
        Outcome::Pass(detail) => (Status::Passed, None, None, detail),
        Outcome::Fail {
            expected,
            actual,
            message,
        } => (
            if warn {
                Status::Warning
            } else {
                Status::Failed
            },
            Some(expected),
            Some(actual),
            Some(message),
        ),
        Outcome::Skip(why) => (Status::Skipped, None, None, Some(why)),
        // Never nested: `resting_on` wraps failures only.
        Outcome::Doubt { .. } => (Status::Failed, None, None, None),
    };
    let clean = |s: Option<String>| s.map(|s| redact_all(&s));
    CheckResult {
        id: id.to_string(),
        suite: suite.to_string(),
        title: title.to_string(),
        status,
        duration_ms: u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
        expected: clean(expected),
        actual: clean(actual),
        message: clean(message),
        ledger,
    }
}

/// A check that never ran (the suite stopped before it), reported as skipped with `why`, so that
/// every selected check appears in every report.
pub fn not_run(suite: &str, check: &str, title: &str, why: &str) -> CheckResult {
    CheckResult {
        id: format!("{suite}.{check}"),
        suite: suite.to_string(),
        title: title.to_string(),
        status: Status::Skipped,
        duration_ms: 0,
        expected: None,
        actual: None,
        message: Some(why.to_string()),
        ledger: None,
    }
}

/// Totals for the summary line and the JSON `summary`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// All reported checks.
    pub total: usize,
    /// Passed.
    pub passed: usize,
    /// Failed.
    pub failed: usize,
    /// Skipped.
    pub skipped: usize,
    /// Failed on a live instance, but on a belief below `observed`.
    pub warnings: usize,
}

impl Summary {
    /// Count `results`.
    pub fn of(results: &[CheckResult]) -> Self {
        let count = |s: Status| results.iter().filter(|r| r.status == s).count();
        Self {
            total: results.len(),
            passed: count(Status::Passed),
            failed: count(Status::Failed),
            skipped: count(Status::Skipped),
            warnings: count(Status::Warning),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Quiet;
    impl Progress for Quiet {
        fn started(&self, _: &str, _: &str) {}
        fn finished(&self, _: &CheckResult) {}
    }

    #[tokio::test]
    async fn filter_hides_checks_and_fail_fast_stops() {
        let shared = Shared::new(vec!["b".into()], true, Arc::new(Quiet));
        let rec = Recorder::new("s", shared.clone());
        assert!(
            rec.check("a", "a", async { Ok(Outcome::pass()) })
                .await
                .unwrap()
        );
        let failed = rec
            .check("b", "b", async { Ok(Outcome::fail("m", 1, 2)) })
            .await
            .unwrap();
        assert!(!failed);
        assert!(matches!(
            rec.check("c", "c", async { Ok(Outcome::pass()) }).await,
            Err(Abort::Stopped)
        ));
        let results = shared.results();
        assert_eq!(results.len(), 1);
        assert_eq!(results[0].id, "s.b");
        assert_eq!(results[0].expected.as_deref(), Some("1"));
        assert_eq!(results[0].actual.as_deref(), Some("2"));
        assert_eq!(
            Summary::of(&results),
            Summary {
                total: 1,
                passed: 0,
                failed: 1,
                skipped: 0,
                warnings: 0
            }
        );
    }

    #[tokio::test]
    async fn weak_beliefs_warn_on_live_instances_and_fail_on_the_emulator() {
        let weak = crate::fidelity::ledger()
            .iter()
            .find(|b| !b.confidence.may_fail_live())
            .expect("a row below `observed`");
        let strong = crate::fidelity::ledger()
            .iter()
            .find(|b| b.confidence.may_fail_live())
            .expect("a row at least `observed`");
        let weak_id: &'static str = Box::leak(weak.id.clone().into_boxed_str());
        let strong_id: &'static str = Box::leak(strong.id.clone().into_boxed_str());
        for live in [true, false] {
            let shared = Shared::new(Vec::new(), true, Arc::new(Quiet));
            shared.set_live(live);
            let rec = Recorder::new("s", shared.clone());
            rec.check("weak", "w", async {
                Ok(Outcome::fail("m", 1, 2).resting_on(weak_id))
            })
            .await
            .unwrap();
            // Stopped by `--fail-fast` after a failure (the emulator case).
            let _ = rec
                .check("pass", "p", async {
                    Ok(Outcome::pass().resting_on(weak_id))
                })
                .await;
            let results = shared.results();
            let first = &results[0];
            assert_eq!(first.ledger.as_ref().unwrap().row, weak.id);
            assert_eq!(first.expected.as_deref(), Some("1"));
            if live {
                // A warning neither fails the run nor stops `--fail-fast`.
                assert_eq!(first.status, Status::Warning);
                assert_eq!(results[1].status, Status::Passed);
                assert_eq!(Summary::of(&results).warnings, 1);
                rec.check("strong", "s", async {
                    Ok(Outcome::fail("m", 1, 2).resting_on(strong_id))
                })
                .await
                .unwrap();
                assert_eq!(shared.results()[2].status, Status::Failed);
            } else {
                assert_eq!(first.status, Status::Failed);
                assert_eq!(results.len(), 1, "fail-fast stopped the run");
            }
        }
    }

    #[test]
    fn api_errors_split_into_failures_and_unavailability() {
        let gone = crate::clerk::api::status_error(404, b"{}");
        assert!(matches!(api_outcome(gone, "x"), Ok(Outcome::Fail { .. })));
        assert!(matches!(
            api_outcome(ApiError::Timeout, "x"),
            Err(Abort::Unavailable(_))
        ));
    }
}
