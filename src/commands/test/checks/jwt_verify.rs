//! `jwt-verify`: a tagged user's session token verified offline against the JWKS with `verify`'s
//! semantics, its claims one by one, and forged tokens that must be rejected for the right reason.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Method;
use serde_json::{Map, Value, json};

use super::{Subject, subject};
use crate::commands::test::context::{Ctx, num, reasons, show};
use crate::commands::test::runner::{Abort, Outcome, Recorder, api_outcome};
use crate::jwt::decode::decode;
use crate::jwt::jwk::Jwks;
use crate::jwt::sign::{Algorithm, SigningKey};
use crate::jwt::verify::Reason;

/// Check names, for `--filter`.
pub const CHECKS: &[&str] = &[
    "signature",
    "sub",
    "sid",
    "iss",
    "lifetime",
    "nbf",
    "azp",
    "v2_claims",
    "rejects_tampered",
    "rejects_alg_none",
    "rejects_foreign_key",
    "rejects_wrong_azp",
];

/// Reasons that mean "the signature or key is wrong" (time and azp are other checks' business).
pub fn is_key_reason(r: Reason) -> bool {
    !matches!(
        r,
        Reason::TokenExpired
            | Reason::TokenNotActiveYet
            | Reason::TokenIatInTheFuture
            | Reason::TokenInvalidAuthorizedParties
    )
}

/// Run the suite.
pub async fn run(ctx: &Ctx, rec: &Recorder) -> Result<(), Abort> {
    // The foreign key is generated while the instance is busy (RSA generation takes a while).
    let foreign = tokio::task::spawn_blocking(|| SigningKey::generate("foreign"));
    let Some(Subject {
        user_id,
        session,
        token,
    }) = subject(ctx, rec, "jwt", "a session token").await?
    else {
        return Ok(());
    };
    let claims: Map<String, Value> = match decode(&token) {
        Ok(d) => d.claims,
        Err(e) => {
            rec.setup_failed("the session token does not decode", "a JWT", &e.to_string());
            return Ok(());
        }
    };
    let header = decode(&token).map(|d| d.header).unwrap_or_default();

    rec.check(
        "signature",
        "the session token's signature verifies against the JWKS",
        async {
            let Some(verdict) = ctx.verify(&token, None, &[]) else {
                return Ok(Outcome::Skip(
                    "no usable key in the JWKS (see `basic.jwks`)".into(),
                ));
            };
            let bad: Vec<&str> = verdict
                .failures
                .iter()
                .filter(|f| is_key_reason(f.reason))
                .map(|f| f.reason.code())
                .collect();
            Ok(if bad.is_empty() {
                Outcome::pass()
            } else {
                Outcome::fail(
                    verdict
                        .failures
                        .iter()
                        .find(|f| is_key_reason(f.reason))
                        .map_or_else(String::new, |f| f.message.clone()),
                    "a valid signature",
                    bad.join(", "),
                )
            })
        },
    )
    .await?;
    rec.check("sub", "`sub` is the test user's id", async {
        Ok(named(
            Outcome::eq(
                "`sub` is not the user",
                Some(&json!(user_id)),
                claims.get("sub"),
            ),
            &json!(user_id),
            claims.get("sub"),
        ))
    })
    .await?;
    rec.check("sid", "`sid` is the session's id", async {
        Ok(named(
            Outcome::eq(
                "`sid` is not the session",
                Some(&json!(session.id)),
                claims.get("sid"),
            ),
            &json!(session.id),
            claims.get("sid"),
        ))
    })
    .await?;
    rec.check("iss", "`iss` is the Frontend API URL", async {
        let Some(fapi) = &ctx.target.frontend_api_url else {
            return Ok(Outcome::Skip(
                "Frontend API URL unknown (no publishable key)".into(),
            ));
        };
        let expected = json!(fapi.trim_end_matches('/'));
        Ok(named(
            Outcome::eq(
                "`iss` is not the Frontend API URL",
                Some(&expected),
                claims.get("iss"),
            ),
            &expected,
            claims.get("iss"),
        ))
    })
    .await?;
    rec.check(
        "lifetime",
        "`exp - iat` is the configured token lifetime",
        async {
            let lifetime = num(&claims, "exp")
                .zip(num(&claims, "iat"))
                .map(|(e, i)| e - i);
            Ok(Outcome::eq(
                &format!(
                    "the token lifetime differs from the expected one (from {})",
                    ctx.expect.sources.token_lifetime
                ),
                i64::try_from(ctx.expect.token_lifetime).ok(),
                lifetime,
            ))
        },
    )
    .await?;
    rec.check("nbf", "`nbf <= iat`", async {
        Ok(match (num(&claims, "nbf"), num(&claims, "iat")) {
            (Some(nbf), Some(iat)) if nbf <= iat => Outcome::pass(),
            (None, Some(_)) => Outcome::pass(),
            (nbf, iat) => Outcome::fail(
                "the token is not valid from its issue time",
                format!("nbf <= iat ({})", iat.map_or("?".into(), |i| i.to_string())),
                format!("nbf = {}", nbf.map_or("(absent)".into(), |n| n.to_string())),
            ),
        })
    })
    .await?;
    rec.check(
        "azp",
        "`azp`, when present, is an authorized party",
        azp(ctx, claims.get("azp")),
    )
    .await?;
    rec.check(
        "v2_claims",
        "v2 claims: `v` = 2 and `fva` = [n, n]",
        async {
            let v = claims.get("v");
            let fva_ok = claims
                .get("fva")
                .and_then(Value::as_array)
                .is_some_and(|a| a.len() == 2 && a.iter().all(Value::is_i64));
            Ok(if v == Some(&json!(2)) && fva_ok {
                Outcome::pass()
            } else {
                Outcome::fail(
                    "the instance mints version 1 session tokens: switch to version 2 on the Dashboard's Updates page",
                    "v = 2, fva = [int, int]",
                    format!("v = {}, fva = {}", show(v), show(claims.get("fva"))),
                )
                .resting_on("tokens.v2")
            })
        },
    )
    .await?;

    let parts: Vec<&str> = token.split('.').collect();
    let (h64, p64, s64) = match parts.as_slice() {
        [h, p, s] => (*h, *p, *s),
        _ => return Ok(()),
    };
    rec.check(
        "rejects_tampered",
        "a token with a modified payload is rejected",
        async {
            let mut forged = claims.clone();
            forged.insert("sub".into(), json!("user_clerkctl_forged"));
            let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap_or_default());
            Ok(rejects(
                ctx,
                &format!("{h64}.{body}.{s64}"),
                Reason::TokenInvalidSignature,
                &[],
            ))
        },
    )
    .await?;
    rec.check(
        "rejects_alg_none",
        "a token with `alg: none` is rejected and every JWKS key pins its algorithm",
        async {
            let mut h = header.clone();
            h.insert("alg".into(), json!("none"));
            let head = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&h).unwrap_or_default());
            let verdict = rejects(
                ctx,
                &format!("{head}.{p64}."),
                Reason::TokenInvalidAlgorithm,
                &[],
            );
            Ok(match verdict {
                Outcome::Pass(_) => pinned_algorithms(&ctx.jwks).resting_on("jwks.alg_pinned"),
                other => other,
            })
        },
    )
    .await?;
    rec.check(
        "rejects_foreign_key",
        "a token signed by another key (same `kid`) is rejected",
        async {
            let key = match foreign.await {
                Ok(Ok(k)) => k,
                _ => return Ok(Outcome::Skip("could not generate a key".into())),
            };
            let mut extra = header.clone();
            extra.remove("alg");
            let forged = key.sign_jwt(Algorithm::RS256, &extra, &Value::Object(claims.clone()));
            Ok(rejects(ctx, &forged, Reason::TokenInvalidSignature, &[]))
        },
    )
    .await?;
    rec.check(
        "rejects_wrong_azp",
        "a token checked against other authorized parties is rejected for its `azp`",
        async {
            // Tokens minted through the Backend API carry no `azp` (the Frontend API sets it
            // from the browser's origin): with none, there is no binding to test.
            if ctx.expect.authorized_parties.is_empty() {
                return Ok(Outcome::Skip("no authorized parties configured".into()));
            }
            if claims.get("azp").is_none() {
                return Ok(Outcome::Skip(NO_AZP.into()));
            }
            let others = vec![OTHER_PARTY.to_string()];
            Ok(
                match rejects(ctx, &token, Reason::TokenInvalidAuthorizedParties, &others) {
                    Outcome::Pass(_) => bound_to_origin(claims.get("azp")),
                    other => other,
                },
            )
        },
    )
    .await?;
    Ok(())
}

/// Re-word an equality failure with plain values instead of `Some(..)` debug forms.
fn named(o: Outcome, expected: &Value, actual: Option<&Value>) -> Outcome {
    match o {
        Outcome::Fail { message, .. } => Outcome::fail(message, expected, show(actual)),
        other => other,
    }
}

/// Why a token without `azp` is right for a Backend API mint.
const NO_AZP: &str = "the token has no `azp`, as every token minted through the Backend API (the Frontend API sets it from the browser's origin)";

/// `azp`: a token that names an origin must name an authorized one; one without `azp` is what the
/// Backend API mints. Against a clerkctl emulator the `azp` it was told to set
/// (`--authorized-party`) is expected exactly.
async fn azp(ctx: &Ctx, azp: Option<&Value>) -> Result<Outcome, Abort> {
    let parties = &ctx.expect.authorized_parties;
    if ctx.target.emulator {
        let settings: Value = match ctx
            .client
            .control(Method::GET, "/__clerkctl/session_settings", None::<&()>)
            .await
        {
            Ok(v) => v,
            Err(e) => return api_outcome(e, "reading the emulator's session settings"),
        };
        let want = settings.get("authorized_party").filter(|v| !v.is_null());
        if want != azp {
            return Ok(Outcome::fail(
                "`azp` is not the origin the emulator was told to set",
                show(want),
                show(azp),
            ));
        }
    }
    Ok(match azp.and_then(Value::as_str) {
        None if azp.is_none() => Outcome::Pass(Some(format!("({NO_AZP})"))),
        Some(a) if parties.is_empty() || parties.iter().any(|p| p == a) => {
            Outcome::Pass(Some(format!("(`azp` {a})")))
        }
        _ if parties.is_empty() => {
            Outcome::fail("`azp` is not an origin", "a string origin", show(azp))
        }
        _ => Outcome::fail(
            format!(
                "`@clerk/backend` with `authorizedParties` rejects this token (authorized parties from {})",
                ctx.expect.sources.authorized_parties
            ),
            format!("one of {}", parties.join(", ")),
            show(azp),
        ),
    })
}

/// The origin `rejects_wrong_azp` verifies against: never a real one.
const OTHER_PARTY: &str = "https://not-authorized.clerkctl.invalid";

/// `rejects_alg_none`'s claim on the instance: a forger picks the key by `kid`, so every key must
/// name the RSA algorithm it verifies. A key without `alg` leaves verifiers that take the
/// algorithm from the token header (RFC 8725 §3.1) nothing to refuse `none` or an HS256
/// key-confusion forgery with; WebCrypto, which `@clerk/backend` uses, enforces a key's `alg`.
fn pinned_algorithms(jwks: &Jwks) -> Outcome {
    let loose: Vec<String> = jwks
        .keys
        .iter()
        // Only the keys a verifier would pick: RSA signing keys.
        .filter(|k| k.is_rsa_signing())
        .filter(|k| {
            k.alg
                .as_deref()
                .is_none_or(|a| Algorithm::from_name(a).is_none())
        })
        .map(|k| {
            format!(
                "key {}: `alg` {}",
                k.kid.as_deref().unwrap_or("(no kid)"),
                k.alg
                    .as_deref()
                    .map_or_else(|| "absent".to_string(), |a| format!("`{a}`"))
            )
        })
        .collect();
    if loose.is_empty() {
        Outcome::pass()
    } else {
        Outcome::fail(
            "a JWKS key does not pin its algorithm, so verifiers that take `alg` from the token accept forgeries",
            "every key with `alg` RS256, RS384 or RS512",
            loose.join("; "),
        )
    }
}

/// `rejects_wrong_azp`'s claim on the instance: the rejection comes from an `azp` naming the
/// token's origin. A token without one is refused only by `@clerk/backend` 3.11.1 and later;
/// older SDKs and generic JWT verifiers with an allow-list let it in from any origin.
fn bound_to_origin(azp: Option<&Value>) -> Outcome {
    match azp.and_then(Value::as_str) {
        Some(a) if !a.is_empty() => Outcome::Pass(Some(format!("(`azp` {a})"))),
        _ => Outcome::fail(
            "the token names no origin in `azp`, so only `@clerk/backend` >= 3.11.1 refuses it to other origins",
            format!("an `azp` naming the token's origin (not {OTHER_PARTY})"),
            format!("`azp` {}", show(azp)),
        ),
    }
}

fn rejects(ctx: &Ctx, token: &str, reason: Reason, parties: &[String]) -> Outcome {
    let Some(verdict) = ctx.verify(token, None, parties) else {
        return Outcome::Skip("no usable key in the JWKS (see `basic.jwks`)".into());
    };
    if verdict.failures.iter().any(|f| f.reason == reason) {
        Outcome::pass()
    } else {
        Outcome::fail(
            "the forged token is not rejected for the reason `@clerk/backend` gives",
            reason.code(),
            reasons(&verdict),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kty: &str, kid: &str, alg: Option<&str>) -> crate::jwt::jwk::Jwk {
        serde_json::from_value(
            json!({ "kty": kty, "kid": kid, "alg": alg, "n": "AQAB", "e": "AQAB" }),
        )
        .unwrap()
    }

    #[test]
    fn every_rsa_signing_key_must_pin_an_rsa_algorithm() {
        let set = |keys| Jwks { keys };
        assert_eq!(
            pinned_algorithms(&set(vec![
                key("RSA", "ins_a", Some("RS256")),
                // Not a key this verifier would pick.
                key("EC", "ins_ec", None),
            ])),
            Outcome::pass()
        );
        match pinned_algorithms(&set(vec![
            key("RSA", "ins_a", Some("RS256")),
            key("RSA", "ins_b", None),
            key("RSA", "ins_c", Some("HS256")),
        ])) {
            Outcome::Fail { actual, .. } => {
                assert_eq!(actual, "key ins_b: `alg` absent; key ins_c: `alg` `HS256`");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_token_must_name_its_origin() {
        assert!(matches!(
            bound_to_origin(Some(&json!("http://localhost:3000"))),
            Outcome::Pass(_)
        ));
        for missing in [None, Some(json!(""))] {
            match bound_to_origin(missing.as_ref()) {
                Outcome::Fail {
                    expected, actual, ..
                } => {
                    assert!(expected.contains(OTHER_PARTY));
                    assert!(actual.starts_with("`azp` "));
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
