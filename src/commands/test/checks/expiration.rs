//! `expiration`: token lifetimes (session and template), validity just before `exp` and
//! `token-expired` just after `exp + skew` on a simulated clock, the session's maximum lifetime,
//! and (against the emulator) the session itself expiring when its clock moves past it.

use std::time::Duration;

use serde_json::json;

use super::super::cleanup::{Kind, resource_name};
use super::{Subject, claims, subject};
use crate::clerk::api::{DeletedObject, JwtTemplate};
use crate::commands::test::context::{Ctx, num, reasons};
use crate::commands::test::runner::{Abort, Outcome, Recorder, api_outcome};
use crate::jwt::verify::Reason;

/// Check names, for `--filter`.
pub const CHECKS: &[&str] = &[
    "token_lifetime",
    "valid_before_exp",
    "expired_after_exp",
    "template_lifetime",
    "session_lifetime",
    "session_expires",
];

/// The lifetime of the temporary template (distinct from the 60 s session default on purpose).
const TEMPLATE_LIFETIME: u64 = 90;

/// `--real-time` waits at most this long for a real expiry.
const REAL_TIME_BOUND: Duration = Duration::from_secs(120);

/// Run the suite.
pub async fn run(ctx: &Ctx, rec: &Recorder) -> Result<(), Abort> {
    let Some(Subject { session, token, .. }) =
        subject(ctx, rec, "expiry", "a session token").await?
    else {
        return Ok(());
    };
    let c = claims(&token);
    let exp = num(&c, "exp");
    let skew = i64::try_from(ctx.expect.clock_skew).unwrap_or(5);

    rec.check(
        "token_lifetime",
        "session token `exp - iat` is the configured lifetime",
        async {
            Ok(Outcome::eq(
                &format!(
                    "the session token lifetime differs from the expected one (from {})",
                    ctx.expect.sources.token_lifetime
                ),
                i64::try_from(ctx.expect.token_lifetime).ok(),
                exp.zip(num(&c, "iat")).map(|(e, i)| e - i),
            ))
        },
    )
    .await?;
    rec.check(
        "valid_before_exp",
        "the token verifies one second before `exp`",
        async {
            let Some(exp) = exp else {
                return Ok(Outcome::fail(
                    "the token has no `exp`",
                    "a number",
                    "(absent)",
                ));
            };
            let Some(v) = ctx.verify(&token, Some(exp - 1), &[]) else {
                return Ok(Outcome::Skip("no usable key in the JWKS".into()));
            };
            Ok(if v.is_valid() {
                Outcome::pass()
            } else {
                Outcome::fail(
                    "the token is rejected while still in its window",
                    "valid",
                    reasons(&v),
                )
            })
        },
    )
    .await?;
    rec.check(
        "expired_after_exp",
        "the token fails with `token-expired` after `exp + skew`",
        async {
            let Some(exp) = exp else {
                return Ok(Outcome::fail(
                    "the token has no `exp`",
                    "a number",
                    "(absent)",
                ));
            };
            let at = if ctx.real_time {
                let now = chrono::Utc::now().timestamp();
                let wait = u64::try_from(exp + skew + 1 - now).unwrap_or(0);
                if Duration::from_secs(wait) > REAL_TIME_BOUND {
                    return Ok(Outcome::Skip(format!("a real expiry is {wait} s away")));
                }
                tokio::time::sleep(Duration::from_secs(wait) + Duration::from_millis(200)).await;
                None
            } else {
                Some(exp + skew + 1)
            };
            let Some(v) = ctx.verify(&token, at, &[]) else {
                return Ok(Outcome::Skip("no usable key in the JWKS".into()));
            };
            Ok(
                if !v.is_valid()
                    && v.failures
                        .first()
                        .is_some_and(|f| f.reason == Reason::TokenExpired)
                {
                    Outcome::pass()
                } else {
                    Outcome::fail(
                        "the token is not rejected as expired",
                        "token-expired",
                        reasons(&v),
                    )
                },
            )
        },
    )
    .await?;
    rec.check(
        "template_lifetime",
        "a template token's `exp - iat` is the template's lifetime",
        async { template_lifetime(ctx, &session.id).await },
    )
    .await?;
    rec.check("session_lifetime", "the session's `expire_at - created_at` is the maximum lifetime", async {
        if ctx.expect.max_lifetime == 0 {
            return Ok(Outcome::Skip("maximum lifetime off".into()));
        }
        let expected = i64::try_from(ctx.expect.max_lifetime).unwrap_or(i64::MAX);
        // Milliseconds on the wire, and nothing says the instance stamps both at the same
        // instant: a second either way is the same setting.
        let actual_ms = session.expire_at - session.created_at;
        let actual = (actual_ms + 500).div_euclid(1000);
        Ok(if (actual_ms - expected.saturating_mul(1000)).abs() <= 1000 {
            Outcome::pass()
        } else {
            Outcome::fail(
                format!(
                    "the instance's maximum session lifetime differs from the expected one (from {}; on Clerk: Dashboard → Sessions)",
                    ctx.expect.sources.max_lifetime
                ),
                format!("{expected} s"),
                format!("{actual} s"),
            )
            .resting_on("sessions.lifetime")
        })
    })
    .await?;
    rec.check(
        "session_expires",
        "the session expires at `expire_at` and stops minting",
        async {
            if !ctx.target.emulator {
                return Ok(Outcome::Skip(
                    "needs the emulator's clock (sessions live for days)".into(),
                ));
            }
            let now = match ctx.server_now().await {
                Ok(n) => n,
                Err(e) => return api_outcome(e, "reading the emulator clock"),
            };
            let target = session.expire_at.min(if session.abandon_at > 0 {
                session.abandon_at
            } else {
                i64::MAX
            });
            let advance = (target / 1000 - now).max(0) + 1;
            if let Err(e) = ctx.advance_clock(advance).await {
                return api_outcome(e, "advancing the emulator clock");
            }
            let status = match ctx.session(&session.id).await {
                Ok(s) => s.status,
                Err(e) => return api_outcome(e, "reading the session"),
            };
            let minted = ctx.mint(&session.id, None, None).await;
            if let Err(e) = &minted
                && e.is_unavailable()
            {
                return Err(Abort::Unavailable(e.clone()));
            }
            Ok(match (status.as_str(), minted.is_ok()) {
                ("expired" | "abandoned", false) => {
                    Outcome::Pass(Some(format!("(after {advance} s)")))
                }
                (s, m) => Outcome::fail(
                    "the session outlives its lifetime",
                    "status `expired`, minting refused",
                    format!(
                        "status `{s}`, minting {}",
                        if m { "still works" } else { "refused" }
                    ),
                ),
            })
        },
    )
    .await?;
    Ok(())
}

async fn template_lifetime(ctx: &Ctx, session_id: &str) -> Result<Outcome, Abort> {
    let name = resource_name(&ctx.run_id, "lifetime");
    let body = json!({ "name": name, "claims": { "clerkctl": "lifetime" }, "lifetime": TEMPLATE_LIFETIME });
    let template: JwtTemplate = match ctx.client.post("/jwt_templates", &body).await {
        Ok(t) => t,
        Err(e) => return api_outcome(e, "creating a temporary template"),
    };
    ctx.tracker.track(Kind::JwtTemplate, &template.id);
    let minted = ctx.mint(session_id, Some(&name), None).await;
    if ctx
        .client
        .delete::<DeletedObject>(&format!("/jwt_templates/{}", template.id))
        .await
        .is_ok()
    {
        ctx.tracker.forget(&template.id);
    }
    match minted {
        Ok(t) => {
            let c = claims(&t);
            Ok(Outcome::eq(
                "the template token ignores the template's lifetime",
                i64::try_from(TEMPLATE_LIFETIME).ok(),
                num(&c, "exp").zip(num(&c, "iat")).map(|(e, i)| e - i),
            ))
        }
        Err(e) => api_outcome(e, "minting a template token"),
    }
}
