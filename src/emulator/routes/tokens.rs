//! `POST /v1/sessions/{id}/tokens[/{template_name}]`: mint session and template tokens.
//!
//! Claims are assembled under the state lock (cheap), then the RSA signature is computed outside
//! it so concurrent mints use both cores. What a mint records (session activity) is a touch,
//! persisted by the background writer rather than before the answer (see `persist`).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::{JsonBody, only_known, opt_int};
use crate::emulator::App;
use crate::emulator::errors::{ApiError, ApiResult, ok};
use crate::emulator::faults::{self, Faults, Misbehaviour};
use crate::emulator::state::State as EmuState;
use crate::emulator::tokens::{
    CAT_SESSION, CAT_TEMPLATE, SessionClaims, TEMPLATE_RESERVED, header, new_jti, org_claim,
    session_claims,
};
use crate::jwt::sign::{Algorithm, SigningKey};
use crate::template::{RenderContext, render_claims};

/// Session tokens' `nbf` lies this far before `iat`, as Clerk's do.
const NBF_LEEWAY_SECS: i64 = 10;

/// A token ready to sign.
struct Unsigned {
    claims: Map<String, Value>,
    cat: &'static str,
    custom_key: Option<(String, String, String)>,
}

/// `POST /v1/sessions/{session_id}/tokens`.
pub async fn mint(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> ApiResult<Response> {
    mint_token(app, id, None, body).await
}

/// `POST /v1/sessions/{session_id}/tokens/{template_name}`.
pub async fn mint_template(
    State(app): State<Arc<App>>,
    Path((id, name)): Path<(String, String)>,
    body: JsonBody,
) -> ApiResult<Response> {
    mint_token(app, id, Some(name), body).await
}

async fn mint_token(
    app: Arc<App>,
    id: String,
    template: Option<String>,
    body: JsonBody,
) -> ApiResult<Response> {
    let body = body.object()?;
    only_known(&body, &["expires_in_seconds"])?;
    let expires_in = opt_int(&body, "expires_in_seconds", 30..=315_360_000)?;
    let unsigned = app.touch(|st, f| prepare(&app, st, f, &id, template.as_deref(), expires_in))?;
    let faults = app.faults();
    let mut extra = header(unsigned.cat);
    if faults.has(Misbehaviour::UnknownKid) {
        extra.insert("kid".into(), Value::from("ins_unknownkid0000000000000000"));
    }
    let claims = Value::Object(unsigned.claims);
    let jwt = match unsigned.custom_key {
        Some((kid, alg, pem)) => {
            let alg = Algorithm::from_name(&alg).unwrap_or(Algorithm::RS256);
            let key = SigningKey::from_pkcs8_pem(kid, &pem)
                .map_err(|e| ApiError::value_invalid("signing_key", e))?;
            key.sign_jwt(alg, &extra, &claims)
        }
        None => {
            let key = app.signer().ok_or_else(ApiError::internal)?;
            key.sign_jwt(Algorithm::RS256, &extra, &claims)
        }
    };
    let jwt = if faults.has(Misbehaviour::BadSignature) {
        faults::corrupt_signature(&jwt)
    } else {
        jwt
    };
    Ok(ok(&json!({ "object": "token", "jwt": jwt })))
}

fn prepare(
    app: &App,
    st: &mut EmuState,
    f: &Faults,
    id: &str,
    template: Option<&str>,
    expires_in: Option<i64>,
) -> ApiResult<Unsigned> {
    let now_ms = st.now();
    let settings = st.settings.clone();
    let session = st
        .session_mut(id, f)
        .ok_or_else(|| ApiError::not_found("session"))?;
    let can_mint = session.status == "active"
        || (session.status == "revoked" && f.has(Misbehaviour::RevokedCanMint));
    if !can_mint {
        // The spec lists only 401 and 404 here, and the one public report of a mint on a session
        // no longer usable saw 404 (`sessions.non_active_status` in docs/fidelity.toml).
        return Err(ApiError::not_found_id("session", &session.id));
    }
    session.touch(now_ms, &settings);
    let session = session.clone();
    let iat = now_ms.div_euclid(1000);
    let template = match template {
        Some(name) => Some(
            st.jwt_templates
                .iter()
                .find(|t| t.name == name)
                .cloned()
                .ok_or_else(|| ApiError::not_found("JWT template"))?,
        ),
        None => None,
    };
    let lifetime = match (&template, expires_in) {
        (_, Some(secs)) if !f.has(Misbehaviour::IgnoreExpiresIn) => secs,
        (Some(t), _) => t.lifetime,
        (None, _) => i64::try_from(settings.token_lifetime_seconds).unwrap_or(60),
    };
    let mut exp = if f.has(Misbehaviour::WrongTokenLifetime) {
        iat + 3600
    } else {
        iat.saturating_add(lifetime)
    };
    let mut iat = iat;
    if f.has(Misbehaviour::StaleIat)
        && let Some((first_iat, first_exp)) = session.first_token
    {
        iat = first_iat;
        exp = first_exp;
    }
    if let Some(s) = st.sessions.iter_mut().find(|s| s.id == session.id)
        && s.first_token.is_none()
    {
        s.first_token = Some((iat, exp));
    }
    let user = st
        .user(&session.user_id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("user"))?;
    let org = session
        .last_active_organization_id
        .as_deref()
        .and_then(|o| st.organization(o))
        .map(|o| st.organization_json(o));
    let membership = org.as_ref().and_then(|o| {
        st.membership(o["id"].as_str().unwrap_or_default(), &session.user_id)
            .cloned()
    });
    let org = org.filter(|_| membership.is_some());
    let iss = if f.has(Misbehaviour::WrongIss) {
        "https://wrong-issuer.example.com".to_string()
    } else {
        app.frontend_api_url.clone()
    };
    let sub = if f.has(Misbehaviour::WrongSub) {
        "user_wrongsubject000000000000000".to_string()
    } else {
        session.user_id.clone()
    };
    let azp = if f.has(Misbehaviour::MissingAzp) {
        None
    } else if f.has(Misbehaviour::WrongAzp) {
        Some("https://wrong-party.example.com".to_string())
    } else {
        settings.authorized_party.clone()
    };
    let context = RenderContext {
        user: user.clone(),
        organization: org.clone(),
        membership: membership.as_ref().map(|m| st.membership_json(m)),
        session: Some(session.to_json()),
    };
    let use_template = template
        .as_ref()
        .filter(|_| !f.has(Misbehaviour::IgnoreTemplates));
    if let Some(t) = use_template {
        let mut claims = render_claims(&t.claims, &context)
            .map_err(|e| ApiError::value_invalid("claims", format!("cannot be rendered: {e}")))?;
        for k in TEMPLATE_RESERVED {
            claims.remove(*k);
        }
        if f.has(Misbehaviour::TemplateClaimDrift) {
            faults::drift_claim(&mut claims, TEMPLATE_RESERVED);
        }
        if let Some(a) = &azp {
            claims.insert("azp".into(), Value::from(a.clone()));
        }
        claims.insert("exp".into(), Value::from(exp));
        claims.insert("iat".into(), Value::from(iat));
        claims.insert("iss".into(), Value::from(iss));
        claims.insert("jti".into(), Value::from(new_jti()));
        let nbf = if f.has(Misbehaviour::NbfAfterIat) {
            iat + 30
        } else {
            iat - t.allowed_clock_skew
        };
        claims.insert("nbf".into(), Value::from(nbf));
        claims.insert("sub".into(), Value::from(sub));
        let custom_key = t
            .signing_key
            .as_ref()
            .filter(|_| t.custom_signing_key)
            .map(|pem| (t.id.clone(), t.signing_algorithm.clone(), pem.clone()));
        return Ok(Unsigned {
            claims,
            cat: CAT_TEMPLATE,
            custom_key,
        });
    }
    let sid = if f.has(Misbehaviour::WrongSid) {
        "sess_wrongsession00000000000000".to_string()
    } else if f.has(Misbehaviour::SameSid) {
        st.sessions
            .iter()
            .find(|s| s.user_id == session.user_id)
            .map(|s| s.id.clone())
            .unwrap_or_else(|| session.id.clone())
    } else {
        session.id.clone()
    };
    let org_claims = match (&org, &membership) {
        _ if f.has(Misbehaviour::NoOrgClaim) => None,
        (Some(o), Some(m)) => Some(org_claim(
            o["id"].as_str().unwrap_or_default(),
            o["slug"].as_str().unwrap_or_default(),
            &m.role,
            &st.roles.get(&m.role).cloned().unwrap_or_default(),
        )),
        _ => None,
    };
    let nbf = if f.has(Misbehaviour::NbfAfterIat) {
        iat + 30
    } else {
        iat - NBF_LEEWAY_SECS
    };
    let mut claims = session_claims(&SessionClaims {
        iss: &iss,
        sub: &sub,
        sid: &sid,
        azp: azp.as_deref(),
        iat,
        exp,
        nbf,
        fva_minutes: (now_ms - session.created_at).max(0) / 60_000,
        org: org_claims,
        v2: !f.has(Misbehaviour::NoV2Claims),
    });
    if !app.session_claims.is_empty() {
        let custom = render_claims(&app.session_claims, &context).map_err(|e| {
            ApiError::value_invalid("claims", format!("session claims cannot be rendered: {e}"))
        })?;
        for (k, v) in custom {
            claims.entry(k).or_insert(v);
        }
    }
    Ok(Unsigned {
        claims,
        cat: CAT_SESSION,
        custom_key: None,
    })
}
