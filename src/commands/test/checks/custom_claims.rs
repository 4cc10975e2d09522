//! `custom-claims`: public metadata and (when the instance has Organizations on) an organization
//! membership on a tagged user, the session token's `o` claim, then for every template
//! (configured, or a temporary one) the instance's token compared claim by claim with what the
//! local template engine renders for the same user. With Organizations off, `org_claims` is
//! skipped with the fix and the temporary template leaves out its `org.*` shortcodes.

use serde_json::{Map, Value, json};

use super::super::cleanup::{Kind, resource_name};
use crate::clerk::api::{DeletedObject, JwtTemplate, List, Organization};
use crate::commands::test::context::{Ctx, ORGANIZATIONS_OFF, show};
use crate::commands::test::runner::{Abort, Outcome, Recorder, api_outcome};
use crate::jwt::decode::decode;
use crate::template::{RESERVED_TEMPLATE_CLAIMS, RenderContext, render_claims};

/// Check names, for `--filter` (template checks are `template.<check>` for the temporary
/// template and `template.<name>.<check>` for configured ones).
pub const CHECKS: &[&str] = &[
    "metadata",
    "org_claims",
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
/// conditional fallback, organization when `with_org`) next to static values.
fn temporary_claims(with_org: bool) -> Map<String, Value> {
    let mut v = json!({
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
    if !with_org && let Some(m) = v.as_object_mut() {
        m.remove("org_slug");
        m.remove("org_role");
    }
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
    let body = json!({ "public_metadata": want.clone() });
    let path = format!("/users/{user_id}/metadata");
    let patched = ctx
        .fresh(|| ctx.client.patch::<_, Value>(&path, &body))
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
    let org = match organization(ctx, rec, &user_id).await? {
        Some(o) => o,
        None => return Ok(()),
    };
    let active_org = match &org {
        OrgSetup::Ready { id, .. } => Some(id.as_str()),
        OrgSetup::Off => None,
    };
    let session = match ctx.create_session(&user_id, active_org).await {
        Ok(s) => s,
        Err(e) => return rec.setup_error("creating a session", e),
    };
    rec.check(
        "org_claims",
        "the session token's `o` claim names the active organization and the member's role",
        org_claims(ctx, &org, &session.id),
    )
    .await?;
    let session_path = format!("/sessions/{}", session.id);
    let session_json: Value = match ctx.fresh(|| ctx.client.get(&session_path, &[])).await {
        Ok(s) => s,
        Err(e) => return rec.setup_error("reading the session", e),
    };
    let (organization, membership) = match org {
        OrgSetup::Ready {
            json, membership, ..
        } => (Some(json), membership),
        OrgSetup::Off => (None, None),
    };
    let with_org = organization.is_some();
    let render_ctx = RenderContext {
        user: fresh_user,
        organization,
        membership,
        session: Some(session_json),
    };

    let mut targets: Vec<TemplateTarget> = Vec::new();
    let mut temporary: Option<String> = None;
    if ctx.expect.templates.is_empty() {
        let name = resource_name(&ctx.run_id, "claims");
        let body = json!({ "name": name, "claims": temporary_claims(with_org) });
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
        targets.push(("template".into(), name, Some(temporary_claims(with_org))));
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

/// The organization part of the suite's data.
enum OrgSetup {
    /// An organization created by the test user (its admin).
    Ready {
        /// `org_…`.
        id: String,
        /// The organization as the instance serves it.
        json: Value,
        /// The user's membership, when listed.
        membership: Option<Value>,
    },
    /// The instance has Organizations off: org-dependent checks are skipped.
    Off,
}

/// Create the test organization (`None`: set-up failed and was recorded). `slug` is sent only
/// when the instance has slugs on, as the spec asks.
async fn organization(ctx: &Ctx, rec: &Recorder, user_id: &str) -> Result<Option<OrgSetup>, Abort> {
    if ctx.organizations.enabled == Some(false) {
        return Ok(Some(OrgSetup::Off));
    }
    let name = resource_name(&ctx.run_id, "org");
    let mut org_body = json!({ "name": name, "created_by": user_id });
    if ctx.organizations.slugs {
        org_body["slug"] = json!(name);
    }
    let org: Organization = match ctx.client.post("/organizations", &org_body).await {
        Ok(o) => o,
        Err(e) if e.is_organizations_disabled() => return Ok(Some(OrgSetup::Off)),
        Err(e) => {
            return rec
                .setup_error("creating a test organization", e)
                .map(|()| None);
        }
    };
    ctx.tracker.track(Kind::Organization, &org.id);
    let path = format!("/organizations/{}", org.id);
    let json: Value = match ctx.fresh(|| ctx.client.get(&path, &[])).await {
        Ok(o) => o,
        Err(e) => {
            return rec
                .setup_error("reading the organization", e)
                .map(|()| None);
        }
    };
    let memberships: Vec<Value> = match ctx
        .client
        .get::<List<Value>>(&format!("/organizations/{}/memberships", org.id), &[])
        .await
    {
        Ok(l) => l.into_items(),
        Err(e) => {
            return rec
                .setup_error("listing the organization's memberships", e)
                .map(|()| None);
        }
    };
    let membership = memberships.into_iter().find(|m| {
        m.pointer("/public_user_data/user_id")
            .and_then(Value::as_str)
            == Some(user_id)
    });
    Ok(Some(OrgSetup::Ready {
        id: org.id,
        json,
        membership,
    }))
}

/// `org_claims`: a session on the organization mints a token whose `o` claim has the
/// organization's id and the creator's role (without its `org:` prefix).
async fn org_claims(ctx: &Ctx, org: &OrgSetup, session_id: &str) -> Result<Outcome, Abort> {
    let OrgSetup::Ready { id, membership, .. } = org else {
        return Ok(Outcome::Skip(ORGANIZATIONS_OFF.into()));
    };
    // The session was just created: a 404 is retried.
    let token = match ctx.fresh(|| ctx.mint(session_id, None, None)).await {
        Ok(t) => t,
        Err(e) => return api_outcome(e, "minting a session token on the organization"),
    };
    let claims = super::claims(&token);
    let role = membership
        .as_ref()
        .and_then(|m| m.get("role"))
        .and_then(Value::as_str)
        .unwrap_or("org:admin");
    let want_role = role.strip_prefix("org:").unwrap_or(role);
    // v2 tokens carry `o.id`/`o.rol`; v1 tokens (the Dashboard's token version switch) carry
    // `org_id`/`org_role` with the prefix.
    let o = claims.get("o");
    let got_id = o
        .and_then(|o| o.get("id"))
        .or_else(|| claims.get("org_id"))
        .and_then(Value::as_str);
    let got_role = o
        .and_then(|o| o.get("rol"))
        .or_else(|| claims.get("org_role"))
        .and_then(Value::as_str)
        .map(|r| r.strip_prefix("org:").unwrap_or(r));
    Ok(
        if got_id == Some(id.as_str()) && got_role == Some(want_role) {
            Outcome::Pass(Some(format!("(o.id {id}, o.rol {want_role})")))
        } else {
            Outcome::fail(
                "the session token does not name the active organization in `o`",
                format!("o.id {id}, o.rol {want_role}"),
                format!("o {}, org_id {}", show(o), show(claims.get("org_id"))),
            )
        },
    )
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
