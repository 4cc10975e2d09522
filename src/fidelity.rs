//! The fidelity ledger: every belief about Clerk the emulator implements or a `clerkctl test`
//! check relies on, with its evidence and confidence (`docs/fidelity.toml`, compiled in).
//!
//! The ledger is executable: a check that fails on a live instance because of a belief below
//! [`Confidence::Observed`] is reported as a warning naming the row (see
//! `commands::test::runner`), and `clerkctl test fidelity` exercises every row that names a
//! `fidelity` misbehaviour against the target.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The ledger's text, as shipped.
pub const SOURCE: &str = include_str!("../docs/fidelity.toml");

/// How sure clerkctl is of a belief, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// No evidence either way; the emulator keeps the most likely behaviour.
    Unknown,
    /// Follows from documented facts without being shown directly.
    Inferred,
    /// A public report of real traffic shows it.
    Observed,
    /// Clerk's spec, docs or SDK source say so.
    Documented,
}

impl Confidence {
    /// Strong enough for a check to fail a live instance on it (`observed` or `documented`).
    pub fn may_fail_live(self) -> bool {
        self >= Confidence::Observed
    }

    /// The ledger's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Unknown => "unknown",
            Confidence::Inferred => "inferred",
            Confidence::Observed => "observed",
            Confidence::Documented => "documented",
        }
    }
}

/// One row of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Belief {
    /// Stable row id (`tokens.no_azp`); `fidelity.<id>` is its fidelity check.
    pub id: String,
    /// What Clerk does, in one sentence.
    pub behaviour: String,
    /// How sure clerkctl is.
    pub confidence: Confidence,
    /// Spec operation ids, SDK files and functions, docs pages, public issues.
    pub evidence: Vec<String>,
    /// The emulator code that implements it.
    pub emulator: Vec<String>,
    /// The suite checks that rely on it.
    pub checks: Vec<String>,
    /// The emulator misbehaviours that contradict it.
    pub misbehaviours: Vec<String>,
    /// The misbehaviour that makes `fidelity.<id>` report `contradicted`.
    #[serde(default)]
    pub fidelity: Option<String>,
    /// Why the Backend API cannot observe it (rows without `fidelity`).
    #[serde(default)]
    pub not_observable: Option<String>,
}

impl Belief {
    /// The id of its `clerkctl test fidelity` check, when it has one.
    pub fn fidelity_check(&self) -> Option<String> {
        self.fidelity
            .as_ref()
            .map(|_| format!("fidelity.{}", self.id))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LedgerFile {
    belief: Vec<Belief>,
}

/// Parse a ledger text.
pub fn parse(text: &str) -> Result<Vec<Belief>, String> {
    toml::from_str::<LedgerFile>(text)
        .map(|f| f.belief)
        .map_err(|e| e.to_string())
}

/// Every row, in ledger order (empty only if the shipped ledger did not parse, which a test
/// rules out).
pub fn ledger() -> &'static [Belief] {
    static LEDGER: OnceLock<Vec<Belief>> = OnceLock::new();
    LEDGER.get_or_init(|| parse(SOURCE).unwrap_or_default())
}

/// The row `id`.
pub fn row(id: &str) -> Option<&'static Belief> {
    ledger().iter().find(|b| b.id == id)
}

/// The rows a check relies on.
pub fn rows_of_check(check: &str) -> Vec<&'static Belief> {
    ledger()
        .iter()
        .filter(|b| b.checks.iter().any(|c| c == check))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn the_shipped_ledger_parses_with_unique_ids_and_evidence() {
        let rows = parse(SOURCE).expect("docs/fidelity.toml parses");
        assert!(!rows.is_empty());
        let mut ids = BTreeSet::new();
        for b in &rows {
            assert!(ids.insert(b.id.clone()), "duplicate row `{}`", b.id);
            assert!(
                b.id.split_once('.')
                    .is_some_and(|(a, n)| !a.is_empty() && !n.is_empty()),
                "`{}` is not `area.name`",
                b.id
            );
            assert!(!b.evidence.is_empty(), "`{}` cites no evidence", b.id);
            assert!(!b.behaviour.is_empty(), "`{}` has no behaviour", b.id);
            assert!(
                b.fidelity.is_some() != b.not_observable.is_some(),
                "`{}` needs exactly one of `fidelity` and `not_observable`",
                b.id
            );
            if let Some(m) = &b.fidelity {
                assert!(
                    b.misbehaviours.contains(m),
                    "`{}`: its fidelity misbehaviour `{m}` is not among its misbehaviours",
                    b.id
                );
            }
        }
        assert_eq!(ledger().len(), rows.len());
    }

    /// Every suite check id and every emulator misbehaviour maps to ledger rows; every row names
    /// only checks, misbehaviours and emulator files that exist; the `fidelity` suite has one
    /// check per row with a `fidelity` misbehaviour; every `resting_on` row exists.
    #[test]
    fn the_ledger_is_complete() {
        use crate::commands::test::checks::{SUITES, fidelity};
        use crate::emulator::ALL_MISBEHAVIOURS;

        let rows = ledger();
        let checks: BTreeSet<String> = SUITES
            .iter()
            .flat_map(|s| s.checks.iter().map(move |c| format!("{}.{c}", s.name)))
            .collect();
        let misbehaviours: BTreeSet<String> = ALL_MISBEHAVIOURS
            .iter()
            .map(|m| {
                serde_json::to_value(m)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            })
            .collect();
        let mut mapped_checks = BTreeSet::new();
        let mut mapped_misbehaviours = BTreeSet::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for b in rows {
            for c in &b.checks {
                assert!(checks.contains(c), "`{}` names no check `{c}`", b.id);
                mapped_checks.insert(c.clone());
            }
            if let Some(check) = b.fidelity_check() {
                mapped_checks.insert(check);
            }
            for m in &b.misbehaviours {
                assert!(
                    misbehaviours.contains(m),
                    "`{}` names no misbehaviour `{m}`",
                    b.id
                );
                mapped_misbehaviours.insert(m.clone());
            }
            for code in &b.emulator {
                let file = code.split_whitespace().next().unwrap_or_default();
                assert!(
                    root.join(file).is_file(),
                    "`{}`: no emulator file `{file}`",
                    b.id
                );
            }
        }
        let unmapped: Vec<&String> = checks.difference(&mapped_checks).collect();
        assert!(
            unmapped.is_empty(),
            "checks without a ledger row: {unmapped:?}"
        );
        let unmapped: Vec<&String> = misbehaviours.difference(&mapped_misbehaviours).collect();
        assert!(
            unmapped.is_empty(),
            "misbehaviours without a ledger row: {unmapped:?}"
        );

        let with_fidelity: Vec<&str> = rows
            .iter()
            .filter(|b| b.fidelity.is_some())
            .map(|b| b.id.as_str())
            .collect();
        assert_eq!(fidelity::CHECKS, with_fidelity.as_slice());

        // `Outcome::resting_on("row")` in the suites names a ledger row.
        let dir = root.join("src/commands/test/checks");
        for entry in std::fs::read_dir(&dir).expect("checks directory") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("source");
            for piece in text.split("resting_on(\"").skip(1) {
                let id = piece.split('"').next().unwrap_or_default();
                assert!(
                    row(id).is_some(),
                    "{}: no ledger row `{id}`",
                    path.display()
                );
            }
        }
    }

    #[test]
    fn confidence_orders_weakest_first() {
        assert!(!Confidence::Inferred.may_fail_live());
        assert!(!Confidence::Unknown.may_fail_live());
        assert!(Confidence::Observed.may_fail_live());
        assert!(Confidence::Documented.may_fail_live());
    }
}
