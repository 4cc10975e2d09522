//! `fidelity`: the ledger (`docs/fidelity.toml`) turned into checks. Each row the Backend API can
//! show is exercised against the target and reported `confirmed` (passed), `contradicted`
//! (failed: clerkctl's belief, and so the emulator, is wrong there) or `not observable` (skipped,
//! with why). Not part of `all`: run against a real development instance, it tells where the
//! emulator departs from Clerk; `--output json` gives a report to attach to a bug.
//!
//! Each check asserts exactly what the emulator does by default, so against the emulator every
//! row is `confirmed`, and each row's `fidelity` misbehaviour makes it `contradicted`.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{Map, Value, json};

use super::{claims, mint_token, new_session, test_user};
use crate::clerk::api::{Organization, Session};
use crate::commands::test::cleanup::{Kind, resource_name};
use crate::commands::test::context::{Ctx, num, show};
use crate::commands::test::runner::{Abort, Outcome, Recorder, api_outcome};
use crate::jwt::jwk::Jwks;

/// Check names: the ids of the ledger rows with a `fidelity` misbehaviour, in ledger order.
pub const CHECKS: &[&str] = &[
    "jwks.alg_pinned",
    "jwks.public_matches",
    "tokens.sub_sid",
    "tokens.iss",
    "tokens.lifetime",
    "tokens.nbf",
    "tokens.no_azp",
    "tokens.v2",
    "tokens.expires_in",
    "tokens.fresh",
    "sessions.own_client",
    "sessions.list",
    "sessions.revoke",
    "sessions.non_active_status",
    "users.metadata",
    "orgs.disabled_403",
];

/// A session token's lifetime on Clerk.
const TOKEN_LIFETIME: i64 = 60;
/// `nbf` before `iat` on Clerk's session tokens.
const NBF_LEEWAY: i64 = 10;
/// The `expires_in_seconds` the `tokens.expires_in` row asks for.
const EXPIRES_IN: u64 = 120;

/// The ledger row's behaviour, as the check's title.
fn title(row: &str) -> String {
    crate::fidelity::row(row).map_or_else(|| row.to_string(), |b| b.behaviour.clone())
}

/// Run one row's check.
async fn row<Fut>(rec: &Recorder, id: &str, body: Fut) -> Result<bool, Abort>
where
    Fut: std::future::Future<Output = Result<Outcome, Abort>>,
{
    rec.check(id, &title(id), body).await
}

/// Run the suite.
pub async fn run(ctx: &Ctx, rec: &Recorder) -> Result<(), Abort> {
    row(rec, "jwks.alg_pinned", async { Ok(alg_pinned(&ctx.jwks)) }).await?;
    row(rec, "jwks.public_matches", public_matches(ctx)).await?;

    let Some(user_id) = test_user(ctx, rec, "fidelity").await? else {
        return Ok(());
    };
    let Some(first) = new_session(ctx, rec, &user_id).await? else {
        return Ok(());
    };
    let Some(token) = mint_token(ctx, rec, &first.id, "a session token").await? else {
        return Ok(());
    };
    let c = claims(&token);
    row(rec, "tokens.sub_sid", async {
        let got = (str_claim(&c, "sub"), str_claim(&c, "sid"));
        Ok(Outcome::eq(
            "`sub`/`sid` are not the user and the session",
            (Some(user_id.clone()), Some(first.id.clone())),
            got,
        ))
    })
    .await?;
    row(rec, "tokens.iss", async {
        let Some(fapi) = &ctx.target.frontend_api_url else {
            return Ok(Outcome::Skip(
                "the Frontend API URL is unknown (no publishable key)".into(),
            ));
        };
        Ok(Outcome::eq(
            "`iss` is not the Frontend API URL",
            Some(fapi.trim_end_matches('/').to_string()),
            str_claim(&c, "iss"),
        ))
    })
    .await?;
    row(rec, "tokens.lifetime", async {
        Ok(Outcome::eq(
            "a session token does not live 60 s",
            Some(TOKEN_LIFETIME),
            num(&c, "exp").zip(num(&c, "iat")).map(|(e, i)| e - i),
        ))
    })
    .await?;
    row(rec, "tokens.nbf", async {
        Ok(Outcome::eq(
            "`iat - nbf` differs",
            Some(NBF_LEEWAY),
            num(&c, "iat").zip(num(&c, "nbf")).map(|(i, n)| i - n),
        ))
    })
    .await?;
    row(rec, "tokens.no_azp", async {
        Ok(match c.get("azp") {
            None => Outcome::pass(),
            Some(azp) => Outcome::fail(
                "a token minted through the Backend API carries `azp`",
                "no `azp`",
                azp,
            ),
        })
    })
    .await?;
    row(rec, "tokens.v2", async {
        let fva = c
            .get("fva")
            .and_then(Value::as_array)
            .is_some_and(|a| a.len() == 2);
        Ok(if c.get("v") == Some(&json!(2)) && fva {
            Outcome::pass()
        } else {
            Outcome::fail(
                "the token is not version 2",
                "v = 2, fva = [n, n]",
                format!("v = {}, fva = {}", show(c.get("v")), show(c.get("fva"))),
            )
        })
    })
    .await?;
    row(rec, "tokens.expires_in", async {
        match ctx.mint(&first.id, None, Some(EXPIRES_IN)).await {
            Ok(t) => {
                let c = claims(&t);
                Ok(Outcome::eq(
                    "`expires_in_seconds` was not honoured",
                    i64::try_from(EXPIRES_IN).ok(),
                    num(&c, "exp").zip(num(&c, "iat")).map(|(e, i)| e - i),
                ))
            }
            Err(e) => api_outcome(e, "minting with `expires_in_seconds`"),
        }
    })
    .await?;
    row(rec, "tokens.fresh", fresh(ctx, &first.id, &c)).await?;

    let Some(second) = new_session(ctx, rec, &user_id).await? else {
        return Ok(());
    };
    row(rec, "sessions.own_client", own_client(ctx, &first, &second)).await?;
    row(rec, "sessions.list", async {
        match ctx.active_session_ids(&user_id).await {
            Ok(ids) => Ok(Outcome::eq(
                "the active list differs",
                BTreeSet::from([first.id.clone(), second.id.clone()]),
                ids,
            )),
            Err(e) => api_outcome(e, "listing sessions"),
        }
    })
    .await?;
    let revoked = ctx.revoke(&second.id).await;
    row(rec, "sessions.revoke", async {
        if let Err(e) = revoked {
            return api_outcome(e, "revoking a session");
        }
        let statuses = (
            ctx.session(&second.id).await.map(|s| s.status),
            ctx.session(&first.id).await.map(|s| s.status),
        );
        match statuses {
            (Ok(revoked), Ok(other)) => Ok(Outcome::eq(
                "the revoked session's status, or the other one's, differs",
                ("revoked".to_string(), "active".to_string()),
                (revoked, other),
            )),
            (Err(e), _) | (_, Err(e)) => api_outcome(e, "reading the sessions"),
        }
    })
    .await?;
    row(rec, "sessions.non_active_status", async {
        Ok(match ctx.mint(&second.id, None, None).await {
            Ok(_) => Outcome::fail(
                "a revoked session minted a token",
                "HTTP 404 (resource_not_found)",
                "a token",
            ),
            Err(e) if e.is_unavailable() => return Err(Abort::Unavailable(e)),
            Err(e) => Outcome::eq(
                "minting on a revoked session is refused with another answer",
                "HTTP 404 (resource_not_found)".to_string(),
                format!(
                    "HTTP {} ({})",
                    e.status().unwrap_or(0),
                    e.code().unwrap_or("no code")
                ),
            ),
        })
    })
    .await?;
    row(rec, "users.metadata", metadata(ctx, &user_id)).await?;
    row(rec, "orgs.disabled_403", organizations_disabled(ctx)).await?;
    Ok(())
}

fn str_claim(c: &Map<String, Value>, name: &str) -> Option<String> {
    c.get(name).and_then(Value::as_str).map(str::to_string)
}

/// `jwks.alg_pinned`: every RSA signing key names `RS256`.
fn alg_pinned(jwks: &Jwks) -> Outcome {
    let keys: Vec<String> = jwks
        .keys
        .iter()
        .filter(|k| k.is_rsa_signing())
        .map(|k| {
            format!(
                "{}: {}",
                k.kid.as_deref().unwrap_or("(no kid)"),
                k.alg.as_deref().unwrap_or("(no alg)")
            )
        })
        .collect();
    if keys.is_empty() {
        return Outcome::Skip("the JWKS has no RSA signing key (see `basic.jwks`)".into());
    }
    let loose: Vec<&String> = keys.iter().filter(|k| !k.ends_with(": RS256")).collect();
    if loose.is_empty() {
        Outcome::pass()
    } else {
        Outcome::fail(
            "a JWKS key does not name `RS256`",
            "every key `alg` RS256",
            keys.join(", "),
        )
    }
}

/// `(kid, kty, n, e)` of every key, sorted.
fn material(jwks: &Jwks) -> BTreeSet<String> {
    jwks.keys
        .iter()
        .map(|k| {
            format!(
                "{}:{}:{}:{}",
                k.kid.as_deref().unwrap_or_default(),
                k.kty,
                k.n.as_deref().unwrap_or_default(),
                k.e.as_deref().unwrap_or_default()
            )
        })
        .collect()
}

/// `jwks.public_matches`: the Frontend API's public JWKS has the Backend API's keys.
async fn public_matches(ctx: &Ctx) -> Result<Outcome, Abort> {
    let Some(fapi) = &ctx.target.frontend_api_url else {
        return Ok(Outcome::Skip(
            "the Frontend API URL is unknown (no publishable key)".into(),
        ));
    };
    let url = format!("{}/.well-known/jwks.json", fapi.trim_end_matches('/'));
    let public: Jwks = match ctx.client.get_public(&url).await {
        Ok(raw) if (200..300).contains(&raw.status) => match serde_json::from_slice(&raw.body) {
            Ok(j) => j,
            Err(e) => {
                return Ok(Outcome::fail(
                    "the public JWKS is not a JWK set",
                    "{\"keys\":[…]}",
                    e,
                ));
            }
        },
        Ok(raw) => return Ok(Outcome::Skip(format!("`{url}` answered {}", raw.status))),
        Err(e) => return Ok(Outcome::Skip(format!("`{url}` not reachable: {e}"))),
    };
    let kids = |j: &Jwks| {
        j.keys
            .iter()
            .map(|k| k.kid.clone().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Ok(if material(&ctx.jwks) == material(&public) {
        Outcome::Pass(Some(format!("({})", kids(&public))))
    } else {
        Outcome::fail(
            "the public JWKS's keys differ from `/v1/jwks`",
            format!("keys {}", kids(&ctx.jwks)),
            format!("keys {} (different key material)", kids(&public)),
        )
    })
}

/// `tokens.fresh`: a mint seconds later has a later `iat` and `exp`.
async fn fresh(ctx: &Ctx, session_id: &str, first: &Map<String, Value>) -> Result<Outcome, Abort> {
    if ctx.target.emulator {
        if let Err(e) = ctx.advance_clock(2).await {
            return api_outcome(e, "advancing the emulator clock");
        }
    } else {
        // `iat` has one-second resolution.
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }
    let later = match ctx.mint(session_id, None, None).await {
        Ok(t) => claims(&t),
        Err(e) => return api_outcome(e, "minting a second token"),
    };
    let window = |c: &Map<String, Value>| (num(c, "iat"), num(c, "exp"));
    let (a, b) = (window(first), window(&later));
    Ok(match (a, b) {
        ((Some(ia), Some(ea)), (Some(ib), Some(eb))) if ib > ia && eb > ea => Outcome::pass(),
        _ => Outcome::fail(
            "a later mint repeats the earlier token's window",
            format!(
                "iat > {}, exp > {}",
                show(first.get("iat")),
                show(first.get("exp"))
            ),
            format!(
                "iat {}, exp {}",
                show(later.get("iat")),
                show(later.get("exp"))
            ),
        ),
    })
}

/// `sessions.own_client`: two sessions of one user have two clients and both stay active.
async fn own_client(ctx: &Ctx, first: &Session, second: &Session) -> Result<Outcome, Abort> {
    let earlier = match ctx.session(&first.id).await {
        Ok(s) => s,
        Err(e) => return api_outcome(e, "reading the first session"),
    };
    let clients_differ = first.client_id != second.client_id;
    Ok(if clients_differ && earlier.status == "active" {
        Outcome::pass()
    } else {
        Outcome::fail(
            "a second `POST /v1/sessions` shared the first one's client or ended it",
            "two clients, the first session still `active`",
            format!(
                "{}, the first session `{}`",
                if clients_differ {
                    "two clients"
                } else {
                    "one client"
                },
                earlier.status
            ),
        )
    })
}

/// `users.metadata`: a metadata patch is deep-merged and stored.
async fn metadata(ctx: &Ctx, user_id: &str) -> Result<Outcome, Abort> {
    let path = format!("/users/{user_id}/metadata");
    let first = json!({ "public_metadata": { "clerkctl": { "a": 1 } } });
    let second = json!({ "public_metadata": { "clerkctl": { "b": 2 } } });
    for body in [&first, &second] {
        if let Err(e) = ctx.client.patch::<_, Value>(&path, body).await {
            return api_outcome(e, "updating the metadata");
        }
    }
    match ctx
        .client
        .get::<Value>(&format!("/users/{user_id}"), &[])
        .await
    {
        Ok(u) => Ok(Outcome::eq(
            "the metadata was not deep-merged and stored",
            json!({ "clerkctl": { "a": 1, "b": 2 } }),
            u.get("public_metadata").cloned().unwrap_or(Value::Null),
        )),
        Err(e) => api_outcome(e, "reading the user"),
    }
}

/// `orgs.disabled_403`: with Organizations off, creating one answers Clerk's 403.
async fn organizations_disabled(ctx: &Ctx) -> Result<Outcome, Abort> {
    if ctx.organizations.enabled == Some(true) {
        return Ok(Outcome::Skip(
            "Organizations are on on this instance (turning them off to look is not clerkctl's to do)"
                .into(),
        ));
    }
    let body = json!({ "name": resource_name(&ctx.run_id, "fidelity-org") });
    match ctx
        .client
        .post::<_, Organization>("/organizations", &body)
        .await
    {
        Ok(org) if ctx.organizations.enabled.is_none() => {
            ctx.tracker.track(Kind::Organization, &org.id);
            Ok(Outcome::Skip(
                "Organizations are on on this instance (its settings could not be read)".into(),
            ))
        }
        Ok(org) => {
            ctx.tracker.track(Kind::Organization, &org.id);
            Ok(Outcome::fail(
                "an organization was created although Organizations are off",
                "HTTP 403 (organization_not_enabled_in_instance)",
                format!("organization {}", org.id),
            ))
        }
        Err(e) if e.is_unavailable() => Err(Abort::Unavailable(e)),
        Err(e) => Ok(Outcome::eq(
            "the answer differs",
            "HTTP 403 (organization_not_enabled_in_instance)".to_string(),
            format!(
                "HTTP {} ({})",
                e.status().unwrap_or(0),
                e.code().unwrap_or("no code")
            ),
        )),
    }
}
