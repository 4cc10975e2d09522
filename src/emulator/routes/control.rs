//! The emulator's control API under `/__clerkctl/` (never `/v1`): health, clock, session
//! settings, key rotation, faults, roles, reset and state export/import.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use super::{JsonBody, only_known, opt_bool, opt_int, opt_str};
use crate::emulator::errors::{ApiError, ApiResult, ok};
use crate::emulator::faults::Faults;
use crate::emulator::state::{State as EmuState, secs_to_ms};
use crate::emulator::{App, generate_key, ids, parse_keys};
use crate::project::SessionMode;

/// `GET /__clerkctl/health`: how a client tells the emulator from real Clerk.
pub async fn health(State(app): State<Arc<App>>) -> Response {
    let instance_id = app.read(|st, _| st.instance_id.clone());
    ok(&json!({
        "emulator": "clerkctl",
        "version": env!("CARGO_PKG_VERSION"),
        "instance_id": instance_id,
        "frontend_api_url": app.frontend_api_url,
    }))
}

fn clock_json(st: &EmuState) -> Value {
    json!({ "now_ms": st.now(), "offset_ms": st.clock.offset_ms })
}

/// `GET /__clerkctl/clock`.
pub async fn clock(State(app): State<Arc<App>>) -> Response {
    ok(&app.read(|st, _| clock_json(st)))
}

/// `POST /__clerkctl/clock` `{advance_seconds}` | `{set_ms}` | `{reset: true}`.
pub async fn set_clock(State(app): State<Arc<App>>, body: JsonBody) -> ApiResult<Response> {
    let body = body.object()?;
    only_known(&body, &["advance_seconds", "set_ms", "reset"])?;
    let advance = opt_int(&body, "advance_seconds", -315_360_000..=315_360_000)?;
    let set = opt_int(&body, "set_ms", 0..=253_402_300_799_000)?;
    let reset = opt_bool(&body, "reset")?.unwrap_or(false);
    if usize::from(advance.is_some()) + usize::from(set.is_some()) + usize::from(reset) != 1 {
        return Err(ApiError::missing("advance_seconds"));
    }
    let out = app.write(|st, faults| {
        if let Some(secs) = advance {
            st.clock.advance_seconds(secs);
        } else if let Some(ms) = set {
            st.clock.set_ms(ms);
        } else {
            st.clock.reset();
        }
        st.refresh_sessions(faults);
        Ok(clock_json(st))
    })?;
    Ok(ok(&out))
}

fn settings_json(st: &EmuState) -> Value {
    json!({
        "max_lifetime_seconds": st.settings.max_lifetime_seconds,
        "inactivity_timeout_seconds": st.settings.inactivity_timeout_seconds,
        "mode": st.settings.mode,
        "authorized_party": st.settings.authorized_party,
        "token_lifetime_seconds": st.settings.token_lifetime_seconds,
    })
}

/// `GET /__clerkctl/session_settings`.
pub async fn session_settings(State(app): State<Arc<App>>) -> Response {
    ok(&app.read(|st, _| settings_json(st)))
}

/// `PUT /__clerkctl/session_settings` (any subset of the fields).
pub async fn put_session_settings(
    State(app): State<Arc<App>>,
    body: JsonBody,
) -> ApiResult<Response> {
    let body = body.object()?;
    only_known(
        &body,
        &[
            "max_lifetime_seconds",
            "inactivity_timeout_seconds",
            "mode",
            "authorized_party",
            "token_lifetime_seconds",
        ],
    )?;
    let max = opt_int(&body, "max_lifetime_seconds", 0..=315_360_000)?;
    let inactivity = opt_int(&body, "inactivity_timeout_seconds", 0..=315_360_000)?;
    let token = opt_int(&body, "token_lifetime_seconds", 30..=315_360_000)?;
    let mode = match opt_str(&body, "mode")?.as_deref() {
        None => None,
        Some("single") => Some(SessionMode::Single),
        Some("multi") => Some(SessionMode::Multi),
        Some(_) => {
            return Err(ApiError::value_invalid(
                "mode",
                "must be `single` or `multi`",
            ));
        }
    };
    let party = match body.get("authorized_party") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(_) => Some(opt_str(&body, "authorized_party")?),
    };
    let out = app.write(|st, _| {
        let s = &mut st.settings;
        if let Some(v) = max {
            s.max_lifetime_seconds = v.unsigned_abs();
        }
        if let Some(v) = inactivity {
            s.inactivity_timeout_seconds = v.unsigned_abs();
        }
        if let Some(v) = token {
            s.token_lifetime_seconds = v.unsigned_abs();
        }
        if let Some(m) = mode {
            s.mode = m;
        }
        if let Some(p) = party {
            s.authorized_party = p;
        }
        Ok(settings_json(st))
    })?;
    Ok(ok(&out))
}

/// `POST /__clerkctl/keys/rotate` `{grace_seconds}` (default 3600): a new signing key; the old
/// one stays in the JWKS until the grace period ends on the emulator's clock.
pub async fn rotate(State(app): State<Arc<App>>, body: JsonBody) -> ApiResult<Response> {
    let body = body.object()?;
    only_known(&body, &["grace_seconds"])?;
    let grace = opt_int(&body, "grace_seconds", 0..=315_360_000)?.unwrap_or(3600);
    let kid = ids::new_id("ins");
    let (stored, signer) = tokio::task::spawn_blocking(move || generate_key(kid))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|_| ApiError::internal())?;
    let new_kid = stored.kid.clone();
    let previous = app.write(|st, _| {
        let now = st.now();
        let retire = now.saturating_add(secs_to_ms(grace.unsigned_abs()));
        let previous = st.keys.first().map(|k| k.kid.clone());
        for k in &mut st.keys {
            if k.retire_at_ms.is_none() {
                k.retire_at_ms = Some(retire);
            }
        }
        st.keys.retain(|k| k.retire_at_ms.is_none_or(|t| t > now));
        st.keys.insert(0, stored);
        // Keep the parsed keys in the same order as the stored ones.
        let mut signers = app.signers.write().unwrap_or_else(|e| e.into_inner());
        let mut next = vec![signer];
        for k in st.keys.iter().skip(1) {
            if let Some(s) = signers.iter().find(|s| s.kid() == k.kid) {
                next.push(s.clone());
            }
        }
        *signers = next;
        Ok(previous)
    })?;
    Ok(ok(&json!({ "kid": new_kid, "previous_kid": previous })))
}

/// `GET /__clerkctl/faults`.
pub async fn faults(State(app): State<Arc<App>>) -> Response {
    ok(&serde_json::to_value(app.faults()).unwrap_or_else(|_| json!({})))
}

/// `PUT /__clerkctl/faults`: replaces the whole set; `{}` clears it.
pub async fn put_faults(State(app): State<Arc<App>>, body: JsonBody) -> ApiResult<Response> {
    let value = body.0.unwrap_or_else(|| json!({}));
    let faults: Faults = serde_json::from_value(value)
        .map_err(|e| ApiError::value_invalid("faults", e.to_string()))?;
    faults
        .validate()
        .map_err(|e| ApiError::value_invalid("faults", e))?;
    *app.faults.write().unwrap_or_else(|e| e.into_inner()) = faults.clone();
    Ok(ok(
        &serde_json::to_value(faults).unwrap_or_else(|_| json!({}))
    ))
}

/// `GET /__clerkctl/roles`: role key → permissions.
pub async fn roles(State(app): State<Arc<App>>) -> Response {
    ok(&app.read(|st, _| json!(st.roles)))
}

/// `PUT /__clerkctl/roles`: replace the role table (`{"org:admin": ["org:invoices:read"], …}`),
/// so org tokens can carry custom permissions in `o.per`/`o.fpm`.
pub async fn put_roles(State(app): State<Arc<App>>, body: JsonBody) -> ApiResult<Response> {
    let value = body.0.unwrap_or_else(|| json!({}));
    let roles: BTreeMap<String, Vec<String>> = serde_json::from_value(value).map_err(|e| {
        ApiError::invalid(
            "roles",
            format!("must map role keys to permission lists: {e}"),
        )
    })?;
    if let Some(bad) = roles
        .keys()
        .chain(roles.values().flatten())
        .find(|k| !k.starts_with("org:"))
    {
        return Err(ApiError::value_invalid(
            "roles",
            format!("`{bad}` must start with `org:`"),
        ));
    }
    let out = app.write(|st, _| {
        st.roles = roles;
        Ok(json!(st.roles))
    })?;
    Ok(ok(&out))
}

/// `POST /__clerkctl/reset`: drop all data, clear faults, reset the clock and the session and
/// Organizations settings to those of the start; keys
/// and the instance id stay.
pub async fn reset(State(app): State<Arc<App>>) -> ApiResult<Response> {
    *app.faults.write().unwrap_or_else(|e| e.into_inner()) = Faults::default();
    app.write(|st, _| {
        st.reset_data();
        st.settings = app.initial_settings.clone();
        st.organization_settings = app.initial_org_settings.clone();
        Ok(())
    })?;
    Ok(ok(&json!({ "reset": true })))
}

/// `GET /__clerkctl/state`: the whole state as JSON (signing keys included: a local throwaway),
/// except the stored secret key, which belongs to this emulator's state file and stays there.
pub async fn export(State(app): State<Arc<App>>) -> Response {
    let mut value = app.read(|st, _| serde_json::to_value(&*st).unwrap_or_else(|_| json!({})));
    if let Some(obj) = value.as_object_mut() {
        obj.remove("secret_key");
    }
    ok(&value)
}

/// `PUT /__clerkctl/state`: replace the state with an exported one.
pub async fn import(State(app): State<Arc<App>>, body: JsonBody) -> ApiResult<Response> {
    let value = body.0.ok_or_else(|| ApiError::missing("state"))?;
    let state: EmuState = serde_json::from_value(value)
        .map_err(|e| ApiError::invalid("state", format!("is not an emulator state: {e}")))?;
    if state.format != crate::emulator::state::FORMAT {
        return Err(ApiError::value_invalid(
            "format",
            "is not a supported state format",
        ));
    }
    let signers = parse_keys(&state.keys).map_err(|e| ApiError::value_invalid("keys", e))?;
    if signers.is_empty() {
        return Err(ApiError::value_invalid(
            "keys",
            "must hold at least one key",
        ));
    }
    app.write(|st, _| {
        // The running emulator keeps its own secret key, whatever the import carries, so the
        // state file keeps matching the key clients were given.
        let secret_key = st.secret_key.take();
        *st = state;
        st.secret_key = secret_key;
        app.set_signers(signers);
        Ok(())
    })?;
    Ok(ok(&json!({ "imported": true })))
}
