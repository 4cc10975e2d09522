//! `GET|PATCH /v1/instance`, `POST /v1/testing_tokens`, and the JWKS routes (`/v1/jwks` with the
//! secret key, `/.well-known/jwks.json` public).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{JsonBody, only_known, opt_bool, opt_int, opt_str, opt_str_array};
use crate::emulator::App;
use crate::emulator::errors::{ApiError, ApiResult, ok};
use crate::emulator::faults::Misbehaviour;
use crate::emulator::ids;
use crate::jwt::jwk::Jwks;

/// `GET /v1/instance`.
pub async fn get(State(app): State<Arc<App>>) -> ApiResult<Response> {
    let body = app.read(|st, _| {
        json!({
            "object": "instance",
            "id": st.instance_id,
            "environment_type": "development",
            "allowed_origins": st.allowed_origins,
            "workspace_id": null,
        })
    });
    Ok(ok(&body))
}

const PATCH_FIELDS: &[&str] = &[
    "test_mode",
    "hibp",
    "support_email",
    "clerk_js_version",
    "clerk_ui_version",
    "development_origin",
    "allowed_origins",
    "cookieless_dev",
    "url_based_session_syncing",
    "preferred_sign_in_strategy_when_password_required",
];

/// `PATCH /v1/instance`: 204 with no body. Only `allowed_origins` changes what the emulator
/// serves; the other accepted fields are validated and ignored, as Clerk ignores many.
pub async fn update(State(app): State<Arc<App>>, body: JsonBody) -> ApiResult<Response> {
    let body = body.object()?;
    only_known(&body, PATCH_FIELDS)?;
    for b in [
        "test_mode",
        "hibp",
        "cookieless_dev",
        "url_based_session_syncing",
    ] {
        opt_bool(&body, b)?;
    }
    for s in [
        "support_email",
        "clerk_js_version",
        "clerk_ui_version",
        "development_origin",
        "preferred_sign_in_strategy_when_password_required",
    ] {
        opt_str(&body, s)?;
    }
    let origins = match body.get("allowed_origins") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(_) => Some(Some(opt_str_array(&body, "allowed_origins", 100)?)),
    };
    if let Some(origins) = origins {
        app.write(|st, _| {
            st.allowed_origins = origins;
            Ok(())
        })?;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /v1/testing_tokens`: `{object, token, expires_at}` (`expires_at` in seconds, +1 h).
pub async fn testing_token(State(app): State<Arc<App>>) -> ApiResult<Response> {
    let now = app.read(|st, _| st.clock.now_secs());
    Ok(ok(&json!({
        "object": "testing_token",
        "token": format!("{now}-{}", ids::random_base62(27)),
        "expires_at": now + 3600,
    })))
}

/// The keys to publish: current and those still in their grace period.
fn published(app: &App) -> Jwks {
    if app.has(Misbehaviour::JwksEmpty) {
        return Jwks::default();
    }
    let live: Vec<String> = app.read(|st, _| {
        let now = st.now();
        st.keys
            .iter()
            .filter(|k| k.retire_at_ms.is_none_or(|t| t > now))
            .map(|k| k.kid.clone())
            .collect()
    });
    let signers = app.signers.read().unwrap_or_else(|e| e.into_inner());
    let no_alg = app.has(Misbehaviour::JwksNoAlg);
    Jwks {
        keys: signers
            .iter()
            .filter(|k| live.iter().any(|kid| kid == k.kid()))
            .map(|k| {
                let mut jwk = k.public_jwk();
                if no_alg {
                    jwk.alg = None;
                }
                jwk
            })
            .collect(),
    }
}

fn jwks_response(jwks: &Jwks) -> Response {
    ok(&serde_json::to_value(jwks).unwrap_or_else(|_| json!({ "keys": [] })))
}

/// `GET /v1/jwks`.
pub async fn jwks(State(app): State<Arc<App>>) -> Response {
    jwks_response(&published(&app))
}

/// `GET /.well-known/jwks.json` (no authentication, as on the Frontend API).
pub async fn well_known_jwks(State(app): State<Arc<App>>) -> Response {
    let mut jwks = published(&app);
    if app.has(Misbehaviour::JwksMismatch) {
        // A different modulus under the same kid: signatures no longer verify against it.
        for k in &mut jwks.keys {
            if let Some(n) = &mut k.n {
                // A character in the middle: every bit it encodes belongs to the modulus.
                let mut chars: Vec<char> = n.chars().collect();
                let mid = chars.len() / 2;
                if let Some(c) = chars.get_mut(mid) {
                    *c = if *c == 'A' { 'B' } else { 'A' };
                }
                *n = chars.into_iter().collect();
            }
        }
    }
    jwks_response(&jwks)
}

/// `GET /v1/instance/organization_settings` (`GetInstanceOrganizationSettings`).
pub async fn organization_settings(State(app): State<Arc<App>>) -> Response {
    ok(&app.read(|st, _| st.organization_settings.to_json()))
}

const ORG_SETTINGS_FIELDS: &[&str] = &[
    "enabled",
    "max_allowed_memberships",
    "admin_delete_enabled",
    "domains_enabled",
    "slug_disabled",
    "domains_enrollment_modes",
    "creator_role_id",
    "domains_default_role_id",
];

/// `PATCH /v1/instance/organization_settings` (`UpdateInstanceOrganizationSettings`): switches
/// Organizations (and slugs, limits, domains) at run time, as the Dashboard does. `null` leaves a
/// field unchanged; role ids name one of the instance's roles by key.
pub async fn update_organization_settings(
    State(app): State<Arc<App>>,
    body: JsonBody,
) -> ApiResult<Response> {
    let body = body.object()?;
    only_known(&body, ORG_SETTINGS_FIELDS)?;
    let enabled = opt_bool(&body, "enabled")?;
    let max = opt_int(&body, "max_allowed_memberships", 0..=i64::from(u32::MAX))?;
    let admin_delete = opt_bool(&body, "admin_delete_enabled")?;
    let domains = opt_bool(&body, "domains_enabled")?;
    let slug_disabled = opt_bool(&body, "slug_disabled")?;
    let modes = match body.get("domains_enrollment_modes") {
        None | Some(Value::Null) => None,
        Some(_) => Some(opt_str_array(&body, "domains_enrollment_modes", 3)?),
    };
    if let Some(bad) = modes.iter().flatten().find(|m| {
        !matches!(
            m.as_str(),
            "manual_invitation" | "automatic_invitation" | "automatic_suggestion"
        )
    }) {
        return Err(ApiError::value_invalid(
            "domains_enrollment_modes",
            format!("`{bad}` is not an enrollment mode"),
        ));
    }
    let creator = opt_str(&body, "creator_role_id")?;
    let domains_role = opt_str(&body, "domains_default_role_id")?;
    let out = app.write(|st, _| {
        for (param, role) in [
            ("creator_role_id", &creator),
            ("domains_default_role_id", &domains_role),
        ] {
            if let Some(r) = role
                && !st.roles.contains_key(r)
            {
                return Err(ApiError::value_invalid(
                    param,
                    "must name one of the instance's roles",
                ));
            }
        }
        let s = &mut st.organization_settings;
        if let Some(v) = enabled {
            s.enabled = v;
        }
        if let Some(v) = max {
            s.max_allowed_memberships = v;
        }
        if let Some(v) = admin_delete {
            s.admin_delete_enabled = v;
        }
        if let Some(v) = domains {
            s.domains_enabled = v;
        }
        if let Some(v) = slug_disabled {
            s.slug_disabled = v;
        }
        if let Some(v) = modes {
            s.domains_enrollment_modes = v;
        }
        if let Some(v) = creator {
            s.creator_role = v;
        }
        if let Some(v) = domains_role {
            s.domains_default_role = v;
        }
        Ok(s.to_json())
    })?;
    Ok(ok(&out))
}
