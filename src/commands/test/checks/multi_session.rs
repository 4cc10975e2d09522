//! `multi-session`: several sessions for one user, distinct `sid`s, the active list, revocation
//! (the revoked one stops minting, the others do not).
//!
//! Single-session replacement is not asserted: it happens when a user signs in again on one
//! client, in the Frontend API, while each `POST /v1/sessions` gets its own client, so sessions
//! created through the Backend API stay active side by side in either mode
//! (`sessions.own_client` in docs/fidelity.toml: inferred, so a live instance that disagrees gets
//! a warning, not a failure).

use std::collections::BTreeSet;

use serde_json::Value;

use super::{claims, mint_token, new_session, refuses_to_mint, test_user};
use crate::clerk::api::Session;
use crate::commands::test::context::Ctx;
use crate::commands::test::runner::{Abort, Outcome, Recorder, api_outcome};
use crate::project::SessionMode;

/// Check names, for `--filter`.
pub const CHECKS: &[&str] = &[
    "distinct_sids",
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
    // In single-session mode, sessions created through the Backend API staying active side by
    // side is an inference (`sessions.own_client`); in multi-session mode it is documented.
    let single = ctx.expect.mode == SessionMode::Single;
    let side_by_side = |o: Outcome| {
        if single {
            o.resting_on("sessions.own_client")
        } else {
            o
        }
    };
    let Some(user_id) = test_user(ctx, rec, "multi").await? else {
        return Ok(());
    };
    // Each session mints right after its creation, so its token shows the sid it had then.
    let count = 3;
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

    let expected_active: Vec<String> = ids.clone();
    rec.check(
        "list_active",
        "`GET /v1/sessions` lists exactly the active sessions",
        async {
            let got = match ctx.active_session_ids(&user_id).await {
                Ok(ids) => ids,
                Err(e) => return api_outcome(e, "listing sessions"),
            };
            let want: BTreeSet<String> = expected_active.iter().cloned().collect();
            Ok(side_by_side(Outcome::eq(
                "the active list differs",
                want,
                got,
            )))
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
            for id in &survivors {
                if let Err(e) = ctx.mint(id, None, None).await {
                    if e.is_unavailable() {
                        return Err(Abort::Unavailable(e));
                    }
                    return Ok(side_by_side(Outcome::fail(
                        format!("session {id} stopped minting: {e}"),
                        "a token",
                        format!("HTTP {}", e.status().unwrap_or(0)),
                    )));
                }
                match ctx.session(id).await {
                    Ok(s) if s.status == "active" => {}
                    Ok(s) => {
                        return Ok(side_by_side(Outcome::fail(
                            format!("revoking one session changed session {id}"),
                            "active",
                            s.status,
                        )));
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
