//! `/v1/jwt_templates`: CRUD with the spec's validation (unique name, lifetime 30…315360000,
//! clock skew 0…300, reserved claims refused, custom signing keys checked).

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::{
    JsonBody, Params, Path, only_known, opt_bool, opt_int, opt_object, opt_str, page, req_str,
};
use crate::emulator::App;
use crate::emulator::errors::{ApiError, ApiResult, ok};
use crate::emulator::faults::Misbehaviour;
use crate::emulator::ids;
use crate::emulator::state::JwtTemplate;
use crate::emulator::tokens::TEMPLATE_RESERVED;
use crate::jwt::sign::{Algorithm, SigningKey};

const FIELDS: &[&str] = &[
    "name",
    "claims",
    "lifetime",
    "allowed_clock_skew",
    "custom_signing_key",
    "signing_algorithm",
    "signing_key",
];

/// Clerk's template defaults.
const DEFAULT_LIFETIME: i64 = 60;
const DEFAULT_SKEW: i64 = 5;

/// A validated create/update body.
struct Input {
    name: String,
    claims: Map<String, Value>,
    lifetime: i64,
    skew: i64,
    custom: bool,
    algorithm: String,
    key: Option<String>,
}

fn parse(body: JsonBody) -> ApiResult<Input> {
    let body = body.object()?;
    only_known(&body, FIELDS)?;
    let name = req_str(&body, "name")?;
    if name.len() > 256 || name.contains('/') {
        return Err(ApiError::value_invalid(
            "name",
            "must be at most 256 characters and contain no `/`",
        ));
    }
    let claims = opt_object(&body, "claims")?.ok_or_else(|| ApiError::missing("claims"))?;
    if let Some(k) = claims
        .keys()
        .find(|k| TEMPLATE_RESERVED.contains(&k.as_str()))
    {
        return Err(ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "jwt_template_reserved_claim",
            "reserved claim",
            format!("`{k}` is a reserved claim and cannot be set by a template"),
        )
        .param("claims"));
    }
    let lifetime = opt_int(&body, "lifetime", 30..=315_360_000)?.unwrap_or(DEFAULT_LIFETIME);
    let skew = opt_int(&body, "allowed_clock_skew", 0..=300)?.unwrap_or(DEFAULT_SKEW);
    let custom = opt_bool(&body, "custom_signing_key")?.unwrap_or(false);
    let algorithm = opt_str(&body, "signing_algorithm")?;
    let key = opt_str(&body, "signing_key")?;
    let (algorithm, key) = if custom {
        let alg = algorithm.ok_or_else(|| ApiError::missing("signing_algorithm"))?;
        let key = key.ok_or_else(|| ApiError::missing("signing_key"))?;
        if Algorithm::from_name(&alg).is_none() {
            return Err(ApiError::value_invalid(
                "signing_algorithm",
                "must be RS256, RS384 or RS512 in the emulator",
            ));
        }
        SigningKey::from_pkcs8_pem("check", &key).map_err(|e| {
            ApiError::value_invalid(
                "signing_key",
                format!("must be a PKCS#8 RSA private key ({e})"),
            )
        })?;
        (alg, Some(key))
    } else {
        ("RS256".to_string(), None)
    };
    Ok(Input {
        name,
        claims,
        lifetime,
        skew,
        custom,
        algorithm,
        key,
    })
}

/// `GET /v1/jwt_templates`.
pub async fn list(State(app): State<Arc<App>>, params: Params) -> ApiResult<Response> {
    let (limit, offset) = params.paging()?;
    let items: Vec<Value> =
        app.read(|st, _| st.jwt_templates.iter().map(JwtTemplate::to_json).collect());
    Ok(ok(&page(items, limit, offset, params.paginated())))
}

/// `POST /v1/jwt_templates`.
pub async fn create(State(app): State<Arc<App>>, body: JsonBody) -> ApiResult<Response> {
    let input = parse(body)?;
    let t = app.write(|st, _| {
        if st.jwt_templates.iter().any(|t| t.name == input.name) {
            return Err(ApiError::exists("name"));
        }
        let now = st.now();
        let t = JwtTemplate {
            id: ids::new_id("jtmp"),
            name: input.name,
            claims: input.claims,
            lifetime: input.lifetime,
            allowed_clock_skew: input.skew,
            custom_signing_key: input.custom,
            signing_algorithm: input.algorithm,
            signing_key: input.key,
            created_at: now,
            updated_at: now,
        };
        st.jwt_templates.push(t.clone());
        Ok(t)
    })?;
    Ok(ok(&t.to_json()))
}

/// `GET /v1/jwt_templates/{template_id}`.
pub async fn get(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult<Response> {
    let t = app
        .read(|st, _| {
            st.jwt_templates
                .iter()
                .find(|t| t.id == id)
                .map(JwtTemplate::to_json)
        })
        .ok_or_else(|| ApiError::not_found("JWT template"))?;
    Ok(ok(&t))
}

/// `PATCH /v1/jwt_templates/{template_id}` (`name` and `claims` still required).
pub async fn update(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> ApiResult<Response> {
    let input = parse(body)?;
    let t = app.write(|st, _| {
        if st
            .jwt_templates
            .iter()
            .any(|t| t.name == input.name && t.id != id)
        {
            return Err(ApiError::exists("name"));
        }
        let now = st.now();
        let t = st
            .jwt_templates
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or_else(|| ApiError::not_found("JWT template"))?;
        t.name = input.name;
        t.claims = input.claims;
        t.lifetime = input.lifetime;
        t.allowed_clock_skew = input.skew;
        t.custom_signing_key = input.custom;
        t.signing_algorithm = input.algorithm;
        t.signing_key = input.key;
        t.updated_at = now;
        Ok(t.to_json())
    })?;
    Ok(ok(&t))
}

/// `DELETE /v1/jwt_templates/{template_id}`.
pub async fn delete(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult<Response> {
    app.write(|st, faults| {
        if !st.jwt_templates.iter().any(|t| t.id == id) {
            return Err(ApiError::not_found("JWT template"));
        }
        if !faults.has(Misbehaviour::DeleteNoop) {
            st.jwt_templates.retain(|t| t.id != id);
        }
        Ok(())
    })?;
    Ok(ok(
        &json!({ "object": "jwt_template", "id": id, "deleted": true }),
    ))
}
