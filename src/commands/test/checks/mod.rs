//! The six suites, one file each. Every check is a named assertion (`suite.check`).

pub mod basic;
pub mod custom_claims;
pub mod expiration;
pub mod jwt_verify;
pub mod multi_session;
pub mod refresh;

/// A suite's name and its check names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SuiteInfo {
    /// `basic`, `jwt-verify`, …
    pub name: &'static str,
    /// Check names (without the suite prefix).
    pub checks: &'static [&'static str],
}

/// Every suite, in report order.
pub const SUITES: &[SuiteInfo] = &[
    SuiteInfo {
        name: "basic",
        checks: basic::CHECKS,
    },
    SuiteInfo {
        name: "jwt-verify",
        checks: jwt_verify::CHECKS,
    },
    SuiteInfo {
        name: "custom-claims",
        checks: custom_claims::CHECKS,
    },
    SuiteInfo {
        name: "multi-session",
        checks: multi_session::CHECKS,
    },
    SuiteInfo {
        name: "refresh",
        checks: refresh::CHECKS,
    },
    SuiteInfo {
        name: "expiration",
        checks: expiration::CHECKS,
    },
];
