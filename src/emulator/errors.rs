//! Clerk's error envelope (`{"errors":[…],"clerk_trace_id":…}`) and JSON responses with the exact
//! `Content-Type: application/json` the official SDK insists on.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::ids;

/// A JSON response with `Content-Type: application/json` and no charset parameter.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut res = (status, body.to_string()).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res
}

/// 200 with a JSON body.
pub fn ok(body: &Value) -> Response {
    json_response(StatusCode::OK, body)
}

/// A Backend API error, rendered as Clerk's envelope (boxed: handlers return it by value).
#[derive(Debug, Clone)]
pub struct ApiError(Box<Details>);

/// What an [`ApiError`] says.
#[derive(Debug, Clone)]
pub struct Details {
    /// HTTP status.
    pub status: StatusCode,
    /// Machine-readable code (`resource_not_found`, `form_param_missing`, …).
    pub code: &'static str,
    /// Short message.
    pub message: String,
    /// Longer explanation.
    pub long_message: String,
    /// `meta` (e.g. `{"param_name": "user_id"}`).
    pub meta: Option<Value>,
    /// `Retry-After` seconds (429 only).
    pub retry_after: Option<u64>,
}

/// Shorthand for handler results.
pub type ApiResult<T = Response> = Result<T, ApiError>;

impl ApiError {
    /// Any status and code.
    pub fn new(
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
        long_message: impl Into<String>,
    ) -> Self {
        Self(Box::new(Details {
            status,
            code,
            message: message.into(),
            long_message: long_message.into(),
            meta: None,
            retry_after: None,
        }))
    }

    /// Attach `meta.param_name`.
    pub fn param(mut self, name: &str) -> Self {
        self.0.meta = Some(json!({ "param_name": name }));
        self
    }

    /// 401 without an `Authorization` header.
    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "authentication_invalid",
            "Unauthorized request",
            "You are not authorized to perform this request: send the secret key as `Authorization: Bearer sk_…`",
        )
    }

    /// 401 with a secret key that is not this instance's.
    pub fn key_invalid() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "clerk_key_invalid",
            "Secret Key is invalid",
            "The provided Secret Key is invalid. Make sure that your Secret Key is correct.",
        )
    }

    /// 404 for a missing resource.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "resource_not_found",
            "not found",
            format!("The requested {what} could not be found"),
        )
    }

    /// 404 for a missing resource named by id, as real Clerk words it ("No user was found with
    /// id …").
    pub fn not_found_id(what: &str, id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "resource_not_found",
            "not found",
            format!("No {what} was found with id {id}"),
        )
    }

    /// 404 for a path the Backend API does not have.
    pub fn no_route(method: &str, path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "resource_not_found",
            "not found",
            format!("No resource answers {method} {path}"),
        )
    }

    /// 405 (answered as Clerk does for a known path with another method: a 404-style envelope).
    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "method not allowed",
            "This path does not accept this HTTP method",
        )
    }

    /// 400 for a body that is not JSON.
    pub fn malformed(detail: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "malformed_request",
            "malformed request",
            format!("The request body is not valid JSON: {detail}"),
        )
    }

    /// 413 for a body over the limit.
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request_body_too_large",
            "request body too large",
            format!("The request body exceeds the limit of {limit} bytes"),
        )
    }

    /// 422 for a missing required parameter.
    pub fn missing(param: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_missing",
            format!("{param} must be included"),
            format!("`{param}` is required but was not given"),
        )
        .param(param)
    }

    /// 422 for a parameter with the wrong type or format.
    pub fn invalid(param: &str, why: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_format_invalid",
            format!("{param} is invalid"),
            format!("`{param}` {why}"),
        )
        .param(param)
    }

    /// 422 for a value out of the allowed range or set.
    pub fn value_invalid(param: &str, why: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_value_invalid",
            format!("{param} is invalid"),
            format!("`{param}` {why}"),
        )
        .param(param)
    }

    /// 403 on every organization route while Organizations are off: the envelope real Clerk
    /// answers (`message` "access denied", the Dashboard named in `long_message`).
    pub fn organizations_disabled() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "organization_not_enabled_in_instance",
            "access denied",
            "The organizations feature is not enabled for this instance. You can enable it at https://dashboard.clerk.com.",
        )
    }

    /// 422 for a parameter the route does not know.
    pub fn unknown_param(param: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_unknown",
            format!("{param} is not a valid parameter"),
            format!("`{param}` is not a valid parameter for this request"),
        )
        .param(param)
    }

    /// 422 for a taken identifier (email, username, template name, slug).
    pub fn exists(param: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_identifier_exists",
            "That identifier is taken",
            format!("The `{param}` is taken. Please try another one."),
        )
        .param(param)
    }

    /// 429 with `Retry-After`.
    pub fn rate_limited(retry_after: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            "Too many requests",
            "Too many requests, retry later",
        );
        e.0.retry_after = Some(retry_after);
        e
    }

    /// 500 (an injected fault).
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_clerk_error",
            "Oops, something went wrong",
            "An internal server error occurred (injected by the emulator's fault settings)",
        )
    }

    /// The envelope body.
    pub fn body(&self) -> Value {
        let mut err = json!({
            "message": self.message,
            "long_message": self.long_message,
            "code": self.code,
        });
        if let (Some(meta), Some(obj)) = (&self.0.meta, err.as_object_mut()) {
            obj.insert("meta".into(), meta.clone());
        }
        json!({
            "errors": [err],
            "meta": {},
            "clerk_trace_id": format!("{:032x}", u128::from_le_bytes(trace_bytes())),
        })
    }
}

fn trace_bytes() -> [u8; 16] {
    let mut out = [0u8; 16];
    out.copy_from_slice(&ids::random_bytes(16));
    out
}

impl std::ops::Deref for ApiError {
    type Target = Details;

    fn deref(&self) -> &Details {
        &self.0
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = json_response(self.status, &self.body());
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res
    }
}
