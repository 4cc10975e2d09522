//! The router: `/v1` (Bearer secret key, faults), `/__clerkctl` (Bearer secret key, no faults),
//! `/.well-known/jwks.json` (public), Clerk-style 404/405 envelopes everywhere else, and the
//! request helpers every handler shares (a bounded JSON body, repeated query parameters, typed
//! field checks that answer Clerk's 422 codes).

mod control;
mod instance;
mod orgs;
mod sessions;
mod templates;
mod tokens;
mod users;

use std::sync::Arc;

use axum::Router;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use serde_json::{Map, Value};

use super::App;
use super::conn::KillSwitch;
use super::errors::{ApiError, ApiResult};
use super::faults::{Injection, Misbehaviour};

/// Largest accepted request body (Clerk's metadata limit is 8 KB; this leaves room for arrays).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Build the whole router.
pub(crate) fn router(app: Arc<App>) -> Router {
    let v1 = Router::new()
        .route("/users", post(users::create).get(users::list))
        .route("/users/count", get(users::count))
        .route("/users/{user_id}", get(users::get).delete(users::delete))
        .route(
            "/users/{user_id}/metadata",
            patch(users::patch_metadata).put(users::put_metadata),
        )
        .route("/sessions", post(sessions::create).get(sessions::list))
        .route("/sessions/{session_id}", get(sessions::get))
        .route("/sessions/{session_id}/revoke", post(sessions::revoke))
        .route("/sessions/{session_id}/tokens", post(tokens::mint))
        .route(
            "/sessions/{session_id}/tokens/{template_name}",
            post(tokens::mint_template),
        )
        .route("/jwks", get(instance::jwks))
        .route(
            "/jwt_templates",
            get(templates::list).post(templates::create),
        )
        .route(
            "/jwt_templates/{template_id}",
            get(templates::get)
                .patch(templates::update)
                .delete(templates::delete),
        )
        .route("/instance", get(instance::get).patch(instance::update))
        .route(
            "/instance/organization_settings",
            get(instance::organization_settings).patch(instance::update_organization_settings),
        )
        .merge(organization_routes(app.clone()))
        .route("/testing_tokens", post(instance::testing_token))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(app.clone(), v1_guard))
        .with_state(app.clone());
    let control = Router::new()
        .route("/health", get(control::health))
        .route("/clock", get(control::clock).post(control::set_clock))
        .route(
            "/session_settings",
            get(control::session_settings).put(control::put_session_settings),
        )
        .route("/keys/rotate", post(control::rotate))
        .route("/faults", get(control::faults).put(control::put_faults))
        .route("/roles", get(control::roles).put(control::put_roles))
        .route("/reset", post(control::reset))
        .route("/state", get(control::export).put(control::import))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(app.clone(), control_guard))
        .with_state(app.clone());
    Router::new()
        .route("/.well-known/jwks.json", get(instance::well_known_jwks))
        .nest("/v1", v1)
        .nest("/__clerkctl", control)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(app.clone(), date_header))
        .with_state(app)
}

/// Every route of the Organizations feature, behind [`org_gate`].
fn organization_routes(app: Arc<App>) -> Router<Arc<App>> {
    Router::new()
        .route(
            "/users/{user_id}/organization_memberships",
            get(orgs::user_memberships),
        )
        .route("/organizations", post(orgs::create))
        .route(
            "/organizations/{organization_id}",
            get(orgs::get).delete(orgs::delete),
        )
        .route(
            "/organizations/{organization_id}/memberships",
            post(orgs::add_member).get(orgs::list_members),
        )
        .route(
            "/organizations/{organization_id}/memberships/{user_id}",
            patch(orgs::update_member).delete(orgs::remove_member),
        )
        .route_layer(middleware::from_fn_with_state(app, org_gate))
}

/// Organizations off (a new instance's default): 403 `organization_not_enabled_in_instance`
/// before anything else, as real Clerk answers.
async fn org_gate(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let enabled = app.read(|st, _| st.organization_settings.enabled);
    if enabled || app.has(Misbehaviour::OrgGateOpen) {
        next.run(req).await
    } else {
        ApiError::organizations_disabled().into_response()
    }
}

async fn not_found(req: Request) -> Response {
    ApiError::no_route(req.method().as_str(), req.uri().path()).into_response()
}

async fn method_not_allowed() -> Response {
    ApiError::method_not_allowed().into_response()
}

/// Check `Authorization: Bearer <secret key>`.
fn authorize(app: &App, req: &Request) -> Result<(), ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Err(ApiError::unauthenticated());
    };
    let value = value.to_str().map_err(|_| ApiError::key_invalid())?.trim();
    let token = value
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("bearer "))
        .map(|_| value.get(7..).unwrap_or_default().trim())
        .unwrap_or(value);
    if token.is_empty() {
        return Err(ApiError::unauthenticated());
    }
    if token != app.secret.expose() {
        return Err(ApiError::key_invalid());
    }
    Ok(())
}

async fn control_guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    if let Err(e) = authorize(&app, &req) {
        return e.into_response();
    }
    next.run(req).await
}

/// Authentication first, then the injected faults (rates apply to `/v1` only).
async fn v1_guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    if let Err(e) = authorize(&app, &req) {
        return e.into_response();
    }
    let faults = app.faults();
    let delay = faults.delay_ms();
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    }
    if let Some((what, id)) = lagging_read(&app, req.uri().path()) {
        return ApiError::not_found_id(what, &id).into_response();
    }
    match faults.roll() {
        Injection::None => next.run(req).await,
        Injection::RateLimit(secs) => ApiError::rate_limited(secs).into_response(),
        Injection::ServerError => ApiError::internal().into_response(),
        Injection::Drop => drop_connection(&req),
    }
}

/// `replication_lag`: the first request whose path names a just-created user, session or
/// organization (`/users/{id}…`, `/sessions/{id}…`, `/organizations/{id}…`) is answered 404, as
/// by a replica that has not seen the write yet.
fn lagging_read(app: &App, path: &str) -> Option<(&'static str, String)> {
    let path = path.strip_prefix("/v1").unwrap_or(path);
    let mut parts = path.trim_start_matches('/').split('/');
    let what = match parts.next()? {
        "users" => "user",
        "sessions" => "session",
        "organizations" => "organization",
        _ => return None,
    };
    let id = parts.next().filter(|id| !id.is_empty())?;
    app.lags(id).then(|| (what, id.to_string()))
}

/// `drop_connection`: abort the connection before any byte of the response is written, so the
/// client sees a connection error (see [`crate::emulator::conn`]). The request is not handled.
fn drop_connection(req: &Request) -> Response {
    match req.extensions().get::<ConnectInfo<KillSwitch>>() {
        Some(ConnectInfo(switch)) => {
            switch.kill();
            // Never sent: the first write on the killed connection fails.
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
        // Only a router served without the emulator's listener lacks the switch.
        None => ApiError::internal().into_response(),
    }
}

/// `clock_drift`: a `Date` header 10 minutes ahead of the real time.
async fn date_header(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    if app.has(Misbehaviour::ClockDrift) {
        let ahead = chrono::Utc::now() + chrono::Duration::minutes(10);
        let text = ahead.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        if let Ok(v) = HeaderValue::from_str(&text) {
            res.headers_mut().insert(header::DATE, v);
        }
    }
    res
}

/// A JSON request body of at most [`BODY_LIMIT`] bytes; empty → `None`.
#[derive(Debug)]
pub struct JsonBody(pub Option<Value>);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, ApiError> {
        let bytes = axum::body::to_bytes(req.into_body(), BODY_LIMIT)
            .await
            .map_err(|e| {
                if e.to_string().contains("length limit") {
                    ApiError::too_large(BODY_LIMIT)
                } else {
                    ApiError::malformed(e)
                }
            })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(None));
        }
        serde_json::from_slice(&bytes)
            .map(|v| Self(Some(v)))
            .map_err(ApiError::malformed)
    }
}

impl JsonBody {
    /// The body as an object (`{}` when empty); anything else is a 400.
    pub fn object(self) -> ApiResult<Map<String, Value>> {
        match self.0 {
            None | Some(Value::Null) => Ok(Map::new()),
            Some(Value::Object(m)) => Ok(m),
            Some(_) => Err(ApiError::malformed("expected a JSON object")),
        }
    }
}

/// Query parameters, repeated keys kept (`?user_id=a&user_id=b`, `user_id[]=a` alike).
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let pairs = parts
            .uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.trim_end_matches("[]").to_string(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self(pairs))
    }
}

impl Params {
    /// Every value of `key`.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The first value of `key`.
    pub fn one(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `paginated=true`.
    pub fn paginated(&self) -> bool {
        self.one("paginated") == Some("true")
    }

    /// `limit` (1…500, default 10) and `offset` (≥ 0, default 0).
    pub fn paging(&self) -> ApiResult<(usize, usize)> {
        let limit = match self.one("limit") {
            None => 10,
            Some(s) => s
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=500).contains(n))
                .ok_or_else(|| ApiError::value_invalid("limit", "must be between 1 and 500"))?,
        };
        let offset = match self.one("offset") {
            None => 0,
            Some(s) => s
                .parse::<usize>()
                .map_err(|_| ApiError::value_invalid("offset", "must be 0 or greater"))?,
        };
        Ok((limit, offset))
    }
}

/// A page of `items` as a bare array, or `{data, total_count}` when `paginated`.
pub fn page(items: Vec<Value>, limit: usize, offset: usize, paginated: bool) -> Value {
    let total = items.len();
    let data: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    if paginated {
        serde_json::json!({ "data": data, "total_count": total })
    } else {
        Value::Array(data)
    }
}

/// Refuse keys outside `allowed` (the spec's `additionalProperties: false`).
pub fn only_known(obj: &Map<String, Value>, allowed: &[&str]) -> ApiResult<()> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(ApiError::unknown_param(k)),
        None => Ok(()),
    }
}

/// An optional string (`null` = absent).
pub fn opt_str(obj: &Map<String, Value>, key: &str) -> ApiResult<Option<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::invalid(key, "must be a string")),
    }
}

/// A required, non-empty string.
pub fn req_str(obj: &Map<String, Value>, key: &str) -> ApiResult<String> {
    match opt_str(obj, key)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(ApiError::missing(key)),
    }
}

/// An optional boolean.
pub fn opt_bool(obj: &Map<String, Value>, key: &str) -> ApiResult<Option<bool>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(ApiError::invalid(key, "must be a boolean")),
    }
}

/// An optional integer within `range`.
pub fn opt_int(
    obj: &Map<String, Value>,
    key: &str,
    range: std::ops::RangeInclusive<i64>,
) -> ApiResult<Option<i64>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => {
            let v = n
                .as_i64()
                .ok_or_else(|| ApiError::invalid(key, "must be an integer"))?;
            if range.contains(&v) {
                Ok(Some(v))
            } else {
                Err(ApiError::value_invalid(
                    key,
                    format!("must be between {} and {}", range.start(), range.end()),
                ))
            }
        }
        Some(_) => Err(ApiError::invalid(key, "must be an integer")),
    }
}

/// An optional object.
pub fn opt_object(obj: &Map<String, Value>, key: &str) -> ApiResult<Option<Map<String, Value>>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m.clone())),
        Some(_) => Err(ApiError::invalid(key, "must be an object")),
    }
}

/// An optional array of strings of at most `max` elements.
pub fn opt_str_array(obj: &Map<String, Value>, key: &str, max: usize) -> ApiResult<Vec<String>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            if items.len() > max {
                return Err(ApiError::value_invalid(
                    key,
                    format!("accepts at most {max} elements"),
                ));
            }
            items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| ApiError::invalid(key, "must be an array of strings"))
                })
                .collect()
        }
        Some(_) => Err(ApiError::invalid(key, "must be an array of strings")),
    }
}
