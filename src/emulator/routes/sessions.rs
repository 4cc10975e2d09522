//! `/v1/sessions`: create (testing only on real Clerk), list (filters, `paginated=true`), get,
//! revoke. Statuses follow the clock and the session settings (see the `state` module).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::Value;

use super::{JsonBody, Params, only_known, opt_str, page, req_str};
use crate::emulator::App;
use crate::emulator::errors::{ApiError, ApiResult, ok};
use crate::emulator::faults::Misbehaviour;

const STATUSES: &[&str] = &[
    "abandoned",
    "active",
    "ended",
    "expired",
    "removed",
    "replaced",
    "revoked",
    "pending",
];

/// `POST /v1/sessions` `{user_id, active_organization_id?}`.
pub async fn create(State(app): State<Arc<App>>, body: JsonBody) -> ApiResult<Response> {
    let body = body.object()?;
    only_known(&body, &["user_id", "active_organization_id"])?;
    let user_id = req_str(&body, "user_id")?;
    let org_id = opt_str(&body, "active_organization_id")?;
    if app.lags(&user_id) {
        return Err(ApiError::not_found_id("user", &user_id));
    }
    let session = app.write(|st, faults| {
        if st.user(&user_id).is_none() {
            return Err(ApiError::not_found("user"));
        }
        if let Some(org) = &org_id {
            let Some(org_json) = st.organization(org) else {
                return Err(ApiError::not_found("organization"));
            };
            let org_id = org_json["id"].as_str().unwrap_or_default().to_string();
            if st.membership(&org_id, &user_id).is_none() {
                return Err(ApiError::new(
                    axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                    "not_a_member_in_organization",
                    "not a member",
                    "The user is not a member of the organization",
                )
                .param("active_organization_id"));
            }
        }
        Ok(st.create_session(&user_id, org_id.clone(), faults))
    })?;
    app.created(&session.id);
    Ok(ok(&session.to_json()))
}

/// `GET /v1/sessions` (`user_id`, `client_id`, `status`, paging, `paginated`); newest first.
pub async fn list(State(app): State<Arc<App>>, params: Params) -> ApiResult<Response> {
    let (limit, offset) = params.paging()?;
    let user_id = params.one("user_id").map(str::to_string);
    let client_id = params.one("client_id").map(str::to_string);
    if user_id.is_none() && client_id.is_none() {
        return Err(ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_missing",
            "user_id or client_id must be included",
            "Either `user_id` or `client_id` is required to list sessions",
        )
        .param("user_id"));
    }
    let status = params.one("status").map(str::to_string);
    if let Some(s) = &status
        && !STATUSES.contains(&s.as_str())
    {
        return Err(ApiError::value_invalid(
            "status",
            format!("must be one of {}", STATUSES.join(", ")),
        ));
    }
    let items: Vec<Value> = app.read(|st, faults| {
        st.refresh_sessions(faults);
        let mut found: Vec<&crate::emulator::state::Session> = st
            .sessions
            .iter()
            .filter(|s| user_id.as_ref().is_none_or(|u| &s.user_id == u))
            .filter(|s| client_id.as_ref().is_none_or(|c| &s.client_id == c))
            .filter(|s| status.as_ref().is_none_or(|x| &s.status == x))
            .collect();
        found.reverse();
        if faults.has(Misbehaviour::ListMissingSessions) && !found.is_empty() {
            found.remove(0);
        }
        found.into_iter().map(|s| s.to_json()).collect()
    });
    Ok(ok(&page(items, limit, offset, params.paginated())))
}

/// `GET /v1/sessions/{session_id}`.
pub async fn get(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult<Response> {
    let session = app
        .read(|st, faults| st.session_mut(&id, faults).map(|s| s.to_json()))
        .ok_or_else(|| ApiError::not_found("session"))?;
    Ok(ok(&session))
}

/// `POST /v1/sessions/{session_id}/revoke`.
pub async fn revoke(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult<Response> {
    let session = app.write(|st, faults| {
        let now = st.now();
        let s = st
            .session_mut(&id, faults)
            .ok_or_else(|| ApiError::not_found("session"))?;
        if !faults.has(Misbehaviour::RevokeNoop) && s.status == "active" {
            s.status = "revoked".into();
            s.updated_at = now;
        }
        let (user_id, json) = (s.user_id.clone(), s.to_json());
        if faults.has(Misbehaviour::RevokeAll) && !faults.has(Misbehaviour::RevokeNoop) {
            // The stored statuses of the others may be stale (expired by the clock since).
            st.refresh_sessions(faults);
            for other in st
                .sessions
                .iter_mut()
                .filter(|o| o.user_id == user_id && o.status == "active")
            {
                other.status = "revoked".into();
                other.updated_at = now;
            }
        }
        Ok(json)
    })?;
    Ok(ok(&session))
}
