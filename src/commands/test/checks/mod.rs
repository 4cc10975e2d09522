//! The seven suites, one file each (`fidelity` is not part of `all`). Every check is a named assertion (`suite.check`). The set-up
//! steps several suites share (a tagged user, a session, a first token) live here.

pub mod basic;
pub mod custom_claims;
pub mod expiration;
pub mod fidelity;
pub mod jwt_verify;
pub mod multi_session;
pub mod refresh;

use serde_json::{Map, Value};

use super::context::Ctx;
use super::runner::{Abort, Outcome, Recorder};
use crate::clerk::api::Session;
use crate::jwt::decode::decode;

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
    SuiteInfo {
        name: "fidelity",
        checks: fidelity::CHECKS,
    },
];

/// Suites `all` leaves out: `fidelity` checks clerkctl's beliefs about Clerk, not the instance.
pub const NOT_IN_ALL: &[&str] = &["fidelity"];

/// The test data most suites start from: a tagged user, one session of theirs and a session
/// token minted from it.
pub struct Subject {
    /// The test user's id.
    pub user_id: String,
    /// The session.
    pub session: Session,
    /// A session token of it.
    pub token: String,
}

/// Create a tagged test user and return its id. A failure is recorded as `suite.setup` and gives
/// `None`: the suite cannot go on. Unavailability aborts the run.
pub async fn test_user(ctx: &Ctx, rec: &Recorder, label: &str) -> Result<Option<String>, Abort> {
    match ctx.create_user(label).await {
        Ok(user) => match user.get("id").and_then(Value::as_str) {
            Some(id) if !id.is_empty() => Ok(Some(id.to_string())),
            // Going on would send `/users//…` requests.
            _ => {
                rec.setup_failed(
                    "the created test user has no `id`",
                    "a user object with an `id`",
                    &crate::commands::test::context::show(user.get("id")),
                );
                Ok(None)
            }
        },
        Err(e) => rec.setup_error("creating the test user", e).map(|()| None),
    }
}

/// Create a session for `user_id` (no organization), recording a failure as `suite.setup`.
pub async fn new_session(
    ctx: &Ctx,
    rec: &Recorder,
    user_id: &str,
) -> Result<Option<Session>, Abort> {
    match ctx.create_session(user_id, None).await {
        Ok(s) => Ok(Some(s)),
        Err(e) => rec.setup_error("creating a session", e).map(|()| None),
    }
}

/// Mint a session token, recording a failure as `suite.setup` ("minting {what}").
pub async fn mint_token(
    ctx: &Ctx,
    rec: &Recorder,
    session_id: &str,
    what: &str,
) -> Result<Option<String>, Abort> {
    // The session may have just been created: a 404 is retried.
    match ctx.fresh(|| ctx.mint(session_id, None, None)).await {
        Ok(t) => Ok(Some(t)),
        Err(e) => rec
            .setup_error(&format!("minting {what}"), e)
            .map(|()| None),
    }
}

/// A tagged user, a session and its first token (`what` names the token in setup failures).
pub async fn subject(
    ctx: &Ctx,
    rec: &Recorder,
    label: &str,
    what: &str,
) -> Result<Option<Subject>, Abort> {
    let Some(user_id) = test_user(ctx, rec, label).await? else {
        return Ok(None);
    };
    let Some(session) = new_session(ctx, rec, &user_id).await? else {
        return Ok(None);
    };
    let Some(token) = mint_token(ctx, rec, &session.id, what).await? else {
        return Ok(None);
    };
    Ok(Some(Subject {
        user_id,
        session,
        token,
    }))
}

/// The verdict on minting from a session that must no longer mint: a refusal passes (with its
/// status), a token fails with `message`, and unavailability aborts the run.
pub async fn refuses_to_mint(ctx: &Ctx, session_id: &str, message: &str) -> Result<Outcome, Abort> {
    match ctx.mint(session_id, None, None).await {
        Ok(_) => Ok(Outcome::fail(message, "an error (4xx)", "a token")),
        Err(e) if e.is_unavailable() => Err(Abort::Unavailable(e)),
        Err(e) => Ok(Outcome::Pass(Some(format!(
            "(HTTP {})",
            e.status().unwrap_or(0)
        )))),
    }
}

/// A token's claims; empty when it does not decode (the checks then fail on missing claims).
pub fn claims(token: &str) -> Map<String, Value> {
    decode(token).map(|d| d.claims).unwrap_or_default()
}
