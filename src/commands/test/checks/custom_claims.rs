//! `custom-claims`: public metadata and an organization membership on a tagged user, then for
//! every template (configured, or a temporary one) the instance's token compared claim by claim
//! with what the local template engine renders for the same user.

use serde_json::{Map, Value, json};

use super::super::cleanup::{Kind, resource_name};
use crate::clerk::api::{DeletedObject, JwtTemplate, List};
use crate::commands::test::context::{Ctx, show};
use crate::commands::test::runner::{Abort, Outcome, Recorder, api_outcome};
use crate::jwt::decode::decode;
use crate::template::{RESERVED_TEMPLATE_CLAIMS, RenderContext, render_claims};

/// Check names, for `--filter` (template checks are `template.<check>` for the temporary
/// template and `template.<name>.<check>` for configured ones).
pub const CHECKS: &[&str] = &[
    "metadata",
    "template.claims",
    "template.reserved",
    "template.size",
];

/// Custom session-token claims should stay under this (cookie budget).
pub const CLAIMS_BUDGET: usize = 1200;
/// Browsers drop cookies over this.
pub const TOKEN_BUDGET: usize = 4096;

fn metadata(run_id: &str) -> Value {
    json!({
        "role": "admin",
        "plan": { "tier": "pro", "seats": 5 },
        "clerkctl_run": run_id,
    })
}

/// The temporary template: shortcodes of each kind (whole-value, interpolated, nested path,
/// conditional fallback, organization) next to static values.
fn temporary_claims() -> Map<String, Value> {
    let v = json!({
        "role": "{{user.public_metadata.role}}",
        "plan": "{{user.public_metadata.plan}}",
        "seats": "{{user.public_metadata.plan.seats}}",
        "email": "{{user.primary_email_address}}",
        "greeting": "hello {{user.first_name}} {{user.last_name}}",
        "fallback": "{{user.public_metadata.missing || 'none'}}",
        "org_slug": "{{org.slug}}",
        "org_role": "{{org.role}}",
        "aud": "clerkctl",
        "static": { "n": 1, "list": [true, null] },
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// A template to check: check-id prefix, instance name, local claims (when kept in a file).
type TemplateTarget = (String, String, Option<Map<String, Value>>);

/// Run the suite.
pub async fn run(ctx: &Ctx, rec: &Recorder) -> Result<(), Abort> {
    let user = match ctx.create_user("claims").await {
        Ok(u) => u,
        Err(e) => return rec.setup_error("creating the test user", e),
    };
    let user_id = user
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let want = metadata(&ctx.run_id);
    let patched = ctx
        .client
        .patch::<_, Value>(
            &format!("/users/{user_id}/metadata"),
            &json!({ "public_metadata": want.clone() }),
        )
        .await;
    let mut fresh_user = user.clone();
    rec.check(
        "metadata",
        "public metadata written through the Backend API is stored",
        async {
            if let Err(e) = patched {
                return api_outcome(e, "updating the metadata");
            }
            match ctx
                .client
                .get::<Value>(&format!("/users/{user_id}"), &[])
                .await
            {
                Ok(u) => {
                    let got = u.get("public_metadata").cloned().unwrap_or(Value::Null);
                    fresh_user = u;
                    Ok(Outcome::eq(
                        "the metadata was not stored",
                        want.clone(),
                        got,
                    ))
                }
                Err(e) => api_outcome(e, "reading the user"),
            }
        },
    )
    .await?;

    // An organization the user belongs to, so `org.*` shortcodes render something.
    let org = match ctx.create_organization("org", &user_id).await {
        Ok(o) => o,
        Err(e) => return rec.setup_error("creating a test organization", e),
    };
    let org_json: Value = match ctx
        .client
        .get(&format!("/organizations/{}", org.id), &[])
        .await
    {
        Ok(o) => o,
        Err(e) => return rec.setup_error("reading the organization", e),
    };
    let memberships: Vec<Value> = match ctx
        .client
        .get::<List<Value>>(&format!("/organizations/{}/memberships", org.id), &[])
        .await
    {
        Ok(l) => l.into_items(),
        Err(e) => return rec.setup_error("listing the organization's memberships", e),
    };
    let membership = memberships.into_iter().find(|m| {
        m.pointer("/public_user_data/user_id")
            .and_then(Value::as_str)
            == Some(user_id.as_str())
    });
    let session = match ctx.create_session(&user_id, Some(&org.id)).await {
        Ok(s) => s,
        Err(e) => return rec.setup_error("creating a session", e),
    };
    let session_json: Value = match ctx
        .client
        .get(&format!("/sessions/{}", session.id), &[])
        .await
    {
        Ok(s) => s,
        Err(e) => return rec.setup_error("reading the session", e),
    };
    let render_ctx = RenderContext {
        user: fresh_user,
        organization: Some(org_json),
        membership,
        session: Some(session_json),
    };

    let mut targets: Vec<TemplateTarget> = Vec::new();
    let mut temporary: Option<String> = None;
    if ctx.expect.templates.is_empty() {
        let name = resource_name(&ctx.run_id, "claims");
        let body = json!({ "name": name, "claims": temporary_claims() });
        match ctx
            .client
            .post::<_, JwtTemplate>("/jwt_templates", &body)
            .await
        {
            Ok(t) => {
                ctx.tracker.track(Kind::JwtTemplate, &t.id);
                temporary = Some(t.id);
            }
            Err(e) => return rec.setup_error("creating a temporary template", e),
        }
        targets.push(("template".into(), name, Some(temporary_claims())));
    } else {
        for t in &ctx.expect.templates {
            let local = t.local.as_ref().map(|body| match body.get("claims") {
                Some(Value::Object(c)) => c.clone(),
                _ => body.as_object().cloned().unwrap_or_default(),
            });
            targets.push((format!("template.{}", t.name), t.name.clone(), local));
        }
    }

    for (prefix, name, local) in targets {
        check_template(ctx, rec, &prefix, &name, local, &session.id, &render_ctx).await?;
    }
    if let Some(id) = temporary
        && ctx
            .client
            .delete::<DeletedObject>(&format!("/jwt_templates/{id}"))
            .await
            .is_ok()
    {
        ctx.tracker.forget(&id);
    }
    Ok(())
}

async fn check_template(
    ctx: &Ctx,
    rec: &Recorder,
    prefix: &str,
    name: &str,
    local: Option<Map<String, Value>>,
    session_id: &str,
    render_ctx: &RenderContext,
) -> Result<(), Abort> {
    // Without a local body, the instance's own claims are rendered locally.
    let source = match local {
        Some(c) => Ok(c),
        None => match ctx
            .client
            .get::<List<JwtTemplate>>(
                "/jwt_templates",
                &[("paginated", "true".into()), ("limit", "500".into())],
            )
            .await
        {
            Ok(l) => l
                .into_items()
                .into_iter()
                .find(|t| t.name == name)
                .map(|t| t.claims)
                .ok_or_else(|| format!("no template named `{name}` on the instance")),
            Err(e) if e.is_unavailable() => return Err(Abort::Unavailable(e)),
            Err(e) => Err(e.to_string()),
        },
    };
    let minted = ctx.mint(session_id, Some(name), None).await;
    let token = match minted {
        Ok(t) => Some(t),
        Err(e) if e.is_unavailable() => return Err(Abort::Unavailable(e)),
        Err(e) => {
            rec.check(
                &format!("{prefix}.claims"),
                &format!("`{name}` token claims match the local preview"),
                async { api_outcome(e, "minting a template token") },
            )
            .await?;
            None
        }
    };
    let Some(token) = token else {
        return Ok(());
    };
    let claims = decode(&token).map(|d| d.claims).unwrap_or_default();
    let custom: Map<String, Value> = claims
        .iter()
        .filter(|(k, _)| !RESERVED_TEMPLATE_CLAIMS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();

    rec.check(
        &format!("{prefix}.claims"),
        &format!("`{name}` token claims match the local preview"),
        async {
            let source = match &source {
                Ok(s) => s,
                Err(e) => return Ok(Outcome::fail("the template to compare is missing", name, e)),
            };
            let rendered = match render_claims(source, render_ctx) {
                Ok(r) => r,
                Err(e) => {
                    return Ok(Outcome::fail(
                        "the local engine cannot render the template",
                        "rendered claims",
                        e,
                    ));
                }
            };
            let rendered: Map<String, Value> = rendered
                .into_iter()
                .filter(|(k, _)| !RESERVED_TEMPLATE_CLAIMS.contains(&k.as_str()))
                .collect();
            let mut diffs = Vec::new();
            let mut expected = Vec::new();
            let mut actual = Vec::new();
            for (k, v) in &rendered {
                if custom.get(k) != Some(v) {
                    diffs.push(k.clone());
                    expected.push(format!("{k}={v}"));
                    actual.push(format!("{k}={}", show(custom.get(k))));
                }
            }
            for (k, v) in &custom {
                if !rendered.contains_key(k) {
                    diffs.push(k.clone());
                    expected.push(format!("{k}=(absent)"));
                    actual.push(format!("{k}={v}"));
                }
            }
            Ok(if diffs.is_empty() {
                Outcome::Pass(Some(format!("({} claims)", rendered.len())))
            } else {
                Outcome::fail(
                    format!(
                        "local preview and instance disagree on {}",
                        diffs.join(", ")
                    ),
                    expected.join(", "),
                    actual.join(", "),
                )
            })
        },
    )
    .await?;
    rec.check(
        &format!("{prefix}.reserved"),
        &format!("`{name}` token keeps the reserved claims"),
        async {
            let user_ok = claims.get("sub").and_then(Value::as_str)
                == render_ctx.user.get("id").and_then(Value::as_str);
            let iss_ok = ctx.target.frontend_api_url.as_deref().is_none_or(|f| {
                claims.get("iss").and_then(Value::as_str) == Some(f.trim_end_matches('/'))
            });
            let present = ["exp", "iat", "iss", "sub"]
                .iter()
                .all(|c| claims.contains_key(*c));
            Ok(if user_ok && iss_ok && present {
                Outcome::pass()
            } else {
                Outcome::fail(
                    "reserved claims were overridden or dropped",
                    format!(
                        "sub {}, iss {}, exp/iat present",
                        show(render_ctx.user.get("id")),
                        ctx.target.frontend_api_url.as_deref().unwrap_or("(any)")
                    ),
                    format!(
                        "sub {}, iss {}, exp {}, iat {}",
                        show(claims.get("sub")),
                        show(claims.get("iss")),
                        show(claims.get("exp")),
                        show(claims.get("iat"))
                    ),
                )
            })
        },
    )
    .await?;
    rec.check(
        &format!("{prefix}.size"),
        &format!("`{name}` claims within 1.2 KB and the token within 4 KB"),
        async {
            let custom_size = serde_json::to_vec(&custom).map_or(0, |v| v.len());
            Ok(
                if custom_size <= CLAIMS_BUDGET && token.len() <= TOKEN_BUDGET {
                    Outcome::Pass(Some(format!(
                        "({custom_size} B claims, {} B token)",
                        token.len()
                    )))
                } else {
                    Outcome::fail(
                        "the token is too big for a cookie-based session",
                        format!("claims <= {CLAIMS_BUDGET} B, token <= {TOKEN_BUDGET} B"),
                        format!("claims {custom_size} B, token {} B", token.len()),
                    )
                },
            )
        },
    )
    .await?;
    Ok(())
}
