//! `multi-session`: several sessions for one user, distinct `sid`s, the active list, revocation
//! (the revoked one stops minting, the others do not) and single-session replacement.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{claims, mint_token, new_session, refuses_to_mint, test_user};
use crate::clerk::api::{List, Session};
use crate::commands::test::context::Ctx;
use crate::commands::test::runner::{Abort, Outcome, Recorder, api_outcome};
use crate::project::SessionMode;

/// Check names, for `--filter`.
pub const CHECKS: &[&str] = &[
    "distinct_sids",
    "single_mode_replaces",
    "list_active",
    "revoke_status",
    "revoked_cannot_mint",
    "others_still_mint",
];

fn sid_of(token: &str) -> Option<String> {
    claims(token)
        .get("sid")
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// Run the suite.
pub async fn run(ctx: &Ctx, rec: &Recorder) -> Result<(), Abort> {
    let single = ctx.expect.mode == SessionMode::Single;
    let Some(user_id) = test_user(ctx, rec, "multi").await? else {
        return Ok(());
    };
    // Each session mints right after its creation: in single-session mode the next one
    // replaces it, and the token shows which sid it had while it was current.
    let count = if single { 2 } else { 3 };
    let mut sessions: Vec<Session> = Vec::new();
    let mut tokens: Vec<String> = Vec::new();
    for _ in 0..count {
        let Some(s) = new_session(ctx, rec, &user_id).await? else {
            return Ok(());
        };
        let Some(t) = mint_token(ctx, rec, &s.id, "a session token").await? else {
            return Ok(());
        };
        sessions.push(s);
        tokens.push(t);
    }
    let ids: Vec<String> = sessions.iter().map(|s| s.id.clone()).collect();

    rec.check(
        "distinct_sids",
        "each session's token verifies and carries its own `sid`",
        async {
            let mut seen = BTreeSet::new();
            for (token, id) in tokens.iter().zip(&ids) {
                if let Some(v) = ctx.verify(token, None, &[])
                    && v.failures
                        .iter()
                        .any(|f| super::jwt_verify::is_key_reason(f.reason))
                {
                    return Ok(Outcome::fail(
                        "a session token does not verify",
                        "valid tokens",
                        crate::commands::test::context::reasons(&v),
                    ));
                }
                let sid = sid_of(token);
                if sid.as_deref() != Some(id.as_str()) || !seen.insert(sid.clone()) {
                    return Ok(Outcome::fail(
                        "tokens of different sessions must carry different sids",
                        format!("sids {}", ids.join(", ")),
                        format!(
                            "sids {}",
                            tokens
                                .iter()
                                .map(|t| sid_of(t).unwrap_or_else(|| "(absent)".into()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
            }
            Ok(Outcome::pass())
        },
    )
    .await?;

    let expected_active: Vec<String> = if single {
        ids.last().cloned().into_iter().collect()
    } else {
        ids.clone()
    };
    rec.check(
        "single_mode_replaces",
        "single-session mode: a new session replaces the earlier one",
        async {
            if !single {
                return Ok(Outcome::Skip("multi-session mode".into()));
            }
            let Some(first) = ids.first() else {
                return Ok(Outcome::Skip("no session".into()));
            };
            match ctx.session(first).await {
                Ok(s) if s.status != "active" => {
                    Ok(Outcome::Pass(Some(format!("(status {})", s.status))))
                }
                Ok(s) => Ok(Outcome::fail(
                    format!(
                        "the earlier session is still active in single-session mode (expected from {})",
                        ctx.expect.sources.mode
                    ),
                    "not `active` (`replaced`/`ended`)",
                    s.status,
                )),
                Err(e) => api_outcome(e, "reading the session"),
            }
        },
    )
    .await?;
    rec.check(
        "list_active",
        "`GET /v1/sessions` lists exactly the active sessions",
        async {
            let listed = ctx
                .client
                .get::<List<Session>>(
                    "/sessions",
                    &[
                        ("user_id", user_id.clone()),
                        ("status", "active".into()),
                        ("paginated", "true".into()),
                    ],
                )
                .await;
            let listed = match listed {
                Ok(l) => l.into_items(),
                Err(e) => return api_outcome(e, "listing sessions"),
            };
            let got: BTreeSet<String> = listed.into_iter().map(|s| s.id).collect();
            let want: BTreeSet<String> = expected_active.iter().cloned().collect();
            Ok(Outcome::eq(
                &format!(
                    "the active list differs (session mode from {})",
                    ctx.expect.sources.mode
                ),
                want,
                got,
            ))
        },
    )
    .await?;

    let Some(victim) = expected_active.first().cloned() else {
        return Ok(());
    };
    let survivors: Vec<String> = expected_active.iter().skip(1).cloned().collect();
    let revoked = ctx.revoke(&victim).await;
    rec.check(
        "revoke_status",
        "a revoked session reports `revoked`",
        async {
            if let Err(e) = revoked {
                return api_outcome(e, "revoking the session");
            }
            match ctx.session(&victim).await {
                Ok(s) => Ok(Outcome::eq(
                    "the session is not revoked",
                    "revoked".to_string(),
                    s.status,
                )),
                Err(e) => api_outcome(e, "reading the session"),
            }
        },
    )
    .await?;
    rec.check(
        "revoked_cannot_mint",
        "a revoked session can no longer mint tokens",
        refuses_to_mint(ctx, &victim, "a revoked session still mints tokens"),
    )
    .await?;
    rec.check(
        "others_still_mint",
        "the user's other sessions still mint after the revocation",
        async {
            if survivors.is_empty() {
                return Ok(Outcome::Skip(
                    "single-session mode: no other session".into(),
                ));
            }
            for id in &survivors {
                if let Err(e) = ctx.mint(id, None, None).await {
                    if e.is_unavailable() {
                        return Err(Abort::Unavailable(e));
                    }
                    return Ok(Outcome::fail(
                        format!("session {id} stopped minting: {e}"),
                        "a token",
                        format!("HTTP {}", e.status().unwrap_or(0)),
                    ));
                }
                match ctx.session(id).await {
                    Ok(s) if s.status == "active" => {}
                    Ok(s) => {
                        return Ok(Outcome::fail(
                            format!("revoking one session changed session {id}"),
                            "active",
                            s.status,
                        ));
                    }
                    Err(e) => return api_outcome(e, "reading a session"),
                }
            }
            Ok(Outcome::pass())
        },
    )
    .await?;
    Ok(())
}
