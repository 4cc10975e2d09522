//! `refresh`: two tokens from one session seconds apart keep the identity and move the window
//! forward; `expires_in_seconds` is honoured; a revoked session cannot refresh.

use std::time::Duration;

use serde_json::Value;

use super::{Subject, claims, mint_token, refuses_to_mint, subject};

use crate::commands::test::context::{Ctx, num, reasons, show};
use crate::commands::test::runner::{Abort, Outcome, Recorder, api_outcome};

/// Check names, for `--filter`.
pub const CHECKS: &[&str] = &[
    "same_identity",
    "later_window",
    "both_valid",
    "expires_in",
    "revoked_cannot_refresh",
];

/// `expires_in_seconds` asked for in `refresh.expires_in`.
const EXPIRES_IN: u64 = 120;

/// Run the suite.
pub async fn run(ctx: &Ctx, rec: &Recorder) -> Result<(), Abort> {
    let Some(Subject {
        user_id,
        session,
        token: first,
    }) = subject(ctx, rec, "refresh", "the first token").await?
    else {
        return Ok(());
    };
    // "Seconds apart": the emulator's clock moves; real Clerk needs a real wait (iat is seconds).
    if ctx.target.emulator {
        if let Err(e) = ctx.advance_clock(2).await {
            return rec.setup_error("advancing the emulator clock", e);
        }
    } else {
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }
    let Some(second) = mint_token(ctx, rec, &session.id, "the second token").await? else {
        return Ok(());
    };
    let (a, b) = (claims(&first), claims(&second));

    rec.check(
        "same_identity",
        "both tokens carry the session's `sid` and the user's `sub`",
        async {
            let want = format!("sid {}, sub {user_id} (twice)", session.id);
            let ok = [&a, &b].iter().all(|c| {
                c.get("sid").and_then(Value::as_str) == Some(session.id.as_str())
                    && c.get("sub").and_then(Value::as_str) == Some(user_id.as_str())
            });
            Ok(if ok {
                Outcome::pass()
            } else {
                Outcome::fail(
                    "a refreshed token belongs to another session or user",
                    want,
                    format!(
                        "sid {} / {}, sub {} / {}",
                        show(a.get("sid")),
                        show(b.get("sid")),
                        show(a.get("sub")),
                        show(b.get("sub"))
                    ),
                )
            })
        },
    )
    .await?;
    rec.check(
        "later_window",
        "the later token has a later `iat` and `exp`",
        async {
            let (ia, ib) = (num(&a, "iat"), num(&b, "iat"));
            let (ea, eb) = (num(&a, "exp"), num(&b, "exp"));
            Ok(match (ia, ib, ea, eb) {
                (Some(ia), Some(ib), Some(ea), Some(eb)) if ib > ia && eb > ea => Outcome::pass(),
                _ => Outcome::fail(
                    "the refreshed token does not extend the window (a cached token was served)",
                    format!("iat > {}, exp > {}", show(a.get("iat")), show(a.get("exp"))),
                    format!("iat {}, exp {}", show(b.get("iat")), show(b.get("exp"))),
                ),
            })
        },
    )
    .await?;
    rec.check(
        "both_valid",
        "each token verifies within its own window",
        async {
            for (name, token, c) in [("first", &first, &a), ("second", &second, &b)] {
                let at = num(c, "iat").unwrap_or(0) + 1;
                let Some(v) = ctx.verify(token, Some(at), &[]) else {
                    return Ok(Outcome::Skip("no usable key in the JWKS".into()));
                };
                if !v.is_valid() {
                    return Ok(Outcome::fail(
                        format!("the {name} token is not valid one second after it was issued"),
                        "valid",
                        reasons(&v),
                    ));
                }
            }
            Ok(Outcome::pass())
        },
    )
    .await?;
    rec.check(
        "expires_in",
        "`expires_in_seconds` sets the token lifetime",
        async {
            match ctx.mint(&session.id, None, Some(EXPIRES_IN)).await {
                Ok(t) => {
                    let c = claims(&t);
                    let life = num(&c, "exp").zip(num(&c, "iat")).map(|(e, i)| e - i);
                    Ok(Outcome::eq(
                        "`expires_in_seconds` was not honoured",
                        i64::try_from(EXPIRES_IN).ok(),
                        life,
                    ))
                }
                Err(e) => api_outcome(e, "minting with `expires_in_seconds`"),
            }
        },
    )
    .await?;
    rec.check(
        "revoked_cannot_refresh",
        "a revoked session cannot mint a fresh token",
        async {
            if let Err(e) = ctx.revoke(&session.id).await {
                return api_outcome(e, "revoking the session");
            }
            refuses_to_mint(ctx, &session.id, "a revoked session still refreshes").await
        },
    )
    .await?;
    Ok(())
}
