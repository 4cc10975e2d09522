//! `/v1/users`: create, list (filters), get, delete, and the metadata routes (PATCH deep-merges
//! with `null` deleting; PUT replaces each supplied top-level field).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::{JsonBody, Params, only_known, opt_bool, opt_object, opt_str, opt_str_array, page};
use crate::emulator::App;
use crate::emulator::errors::{ApiError, ApiResult, ok};
use crate::emulator::faults::Misbehaviour;
use crate::emulator::ids;

/// Clerk's metadata limit: 8 KB per user.
const METADATA_LIMIT: usize = 8 * 1024;
/// At most this many emails or phone numbers per create request.
const MAX_IDENTIFIERS: usize = 50;

const CREATE_FIELDS: &[&str] = &[
    "external_id",
    "first_name",
    "last_name",
    "locale",
    "email_address",
    "email_address_identification_status",
    "phone_number",
    "phone_number_identification_status",
    "web3_wallet",
    "username",
    "password",
    "password_digest",
    "password_hasher",
    "skip_password_checks",
    "skip_password_requirement",
    "totp_secret",
    "backup_codes",
    "public_metadata",
    "private_metadata",
    "unsafe_metadata",
    "delete_self_enabled",
    "legal_accepted_at",
    "skip_legal_checks",
    "skip_user_requirement",
    "create_organization_enabled",
    "create_organizations_limit",
    "created_at",
    "bypass_client_trust",
];

fn valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
        && !domain.contains('@')
}

fn email_json(address: &str, now: i64) -> Value {
    json!({
        "id": ids::new_id("idn"),
        "object": "email_address",
        "email_address": address,
        "reserved": false,
        "verification": {
            "object": "verification_admin",
            "status": "verified",
            "strategy": "admin",
            "attempts": null,
            "expire_at": null,
        },
        "linked_to": [],
        "matches_sso_connection": false,
        "created_at": now,
        "updated_at": now,
    })
}

fn phone_json(number: &str, now: i64) -> Value {
    json!({
        "id": ids::new_id("idn"),
        "object": "phone_number",
        "phone_number": number,
        "reserved_for_second_factor": false,
        "default_second_factor": false,
        "reserved": false,
        "verification": {
            "object": "verification_admin",
            "status": "verified",
            "strategy": "admin",
            "attempts": null,
            "expire_at": null,
        },
        "linked_to": [],
        "backup_codes": null,
        "created_at": now,
        "updated_at": now,
    })
}

fn metadata_size(user: &Value) -> usize {
    ["public_metadata", "private_metadata", "unsafe_metadata"]
        .iter()
        .map(|k| user.get(*k).map(|v| v.to_string().len()).unwrap_or(0))
        .sum()
}

fn all_emails(users: &[Value]) -> impl Iterator<Item = String> + '_ {
    users.iter().flat_map(|u| {
        u["email_addresses"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["email_address"].as_str().map(str::to_lowercase))
    })
}

/// `POST /v1/users`.
pub async fn create(State(app): State<Arc<App>>, body: JsonBody) -> ApiResult<Response> {
    let body = body.object()?;
    only_known(&body, CREATE_FIELDS)?;
    let emails = opt_str_array(&body, "email_address", MAX_IDENTIFIERS)?;
    let phones = opt_str_array(&body, "phone_number", MAX_IDENTIFIERS)?;
    opt_str_array(
        &body,
        "email_address_identification_status",
        MAX_IDENTIFIERS,
    )?;
    opt_str_array(&body, "phone_number_identification_status", MAX_IDENTIFIERS)?;
    opt_str_array(&body, "web3_wallet", MAX_IDENTIFIERS)?;
    opt_str_array(&body, "backup_codes", MAX_IDENTIFIERS)?;
    let external_id = opt_str(&body, "external_id")?;
    let first_name = opt_str(&body, "first_name")?;
    let last_name = opt_str(&body, "last_name")?;
    let locale = opt_str(&body, "locale")?;
    let username = opt_str(&body, "username")?;
    let password = opt_str(&body, "password")?;
    opt_str(&body, "password_digest")?;
    opt_str(&body, "password_hasher")?;
    opt_str(&body, "totp_secret")?;
    opt_str(&body, "legal_accepted_at")?;
    opt_str(&body, "created_at")?;
    for flag in [
        "skip_password_checks",
        "skip_password_requirement",
        "skip_legal_checks",
        "skip_user_requirement",
        "bypass_client_trust",
    ] {
        opt_bool(&body, flag)?;
    }
    let delete_self = opt_bool(&body, "delete_self_enabled")?.unwrap_or(true);
    let create_org = opt_bool(&body, "create_organization_enabled")?.unwrap_or(true);
    let public = opt_object(&body, "public_metadata")?.unwrap_or_default();
    let private = opt_object(&body, "private_metadata")?.unwrap_or_default();
    let unsafe_ = opt_object(&body, "unsafe_metadata")?.unwrap_or_default();
    for e in &emails {
        if !valid_email(e) {
            return Err(ApiError::invalid(
                "email_address",
                "must be a valid email address",
            ));
        }
    }
    if let Some(p) = &password
        && p.chars().count() < 8
    {
        return Err(ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "form_password_length_too_short",
            "Passwords must be 8 characters or more.",
            "Passwords must be 8 characters or more.",
        )
        .param("password"));
    }
    if let Some(u) = &username
        && (u.len() < 4 || u.len() > 64)
    {
        return Err(ApiError::value_invalid(
            "username",
            "must be between 4 and 64 characters",
        ));
    }
    let user = app.write(|st, _| {
        let taken: Vec<String> = all_emails(&st.users).collect();
        if emails.iter().any(|e| taken.contains(&e.to_lowercase())) {
            return Err(ApiError::exists("email_address"));
        }
        if let Some(u) = &username
            && st.users.iter().any(|x| x["username"] == u.as_str())
        {
            return Err(ApiError::exists("username"));
        }
        let now = st.now();
        let email_objs: Vec<Value> = emails.iter().map(|e| email_json(e, now)).collect();
        let phone_objs: Vec<Value> = phones.iter().map(|p| phone_json(p, now)).collect();
        let id = ids::new_id("user");
        let image = format!("https://img.clerk.com/{}", ids::random_base62(40));
        let user = json!({
            "id": id,
            "object": "user",
            "external_id": external_id,
            "primary_email_address_id": email_objs.first().map(|e| e["id"].clone()),
            "primary_phone_number_id": phone_objs.first().map(|e| e["id"].clone()),
            "primary_web3_wallet_id": null,
            "username": username,
            "first_name": first_name,
            "last_name": last_name,
            "locale": locale,
            "profile_image_url": image,
            "image_url": image,
            "has_image": false,
            "public_metadata": public,
            "private_metadata": private,
            "unsafe_metadata": unsafe_,
            "email_addresses": email_objs,
            "phone_numbers": phone_objs,
            "web3_wallets": [],
            "passkeys": [],
        });
        let rest = json!({
            "password_enabled": password.is_some(),
            "two_factor_enabled": false,
            "totp_enabled": false,
            "backup_code_enabled": false,
            "mfa_enabled_at": null,
            "mfa_disabled_at": null,
            "password_last_updated_at": password.as_ref().map(|_| now),
            "external_accounts": [],
            "saml_accounts": [],
            "enterprise_accounts": [],
            "last_sign_in_at": null,
            "banned": false,
            "locked": false,
            "lockout_expires_in_seconds": null,
            "verification_attempts_remaining": 100,
            "updated_at": now,
            "created_at": now,
            "delete_self_enabled": delete_self,
            "create_organization_enabled": create_org,
            "create_organizations_limit": null,
            "last_active_at": null,
            "legal_accepted_at": null,
        });
        let mut user = user;
        if let (Some(obj), Value::Object(more)) = (user.as_object_mut(), rest) {
            obj.extend(more);
        }
        if metadata_size(&user) > METADATA_LIMIT {
            return Err(ApiError::value_invalid(
                "public_metadata",
                "metadata exceeds the 8 KB limit",
            ));
        }
        st.users.push(user.clone());
        Ok(user)
    })?;
    app.created(user["id"].as_str().unwrap_or_default());
    Ok(ok(&user))
}

/// `GET /v1/users/count`: `{object: "total_count", total_count}` with the list's filters.
pub async fn count(State(app): State<Arc<App>>, params: Params) -> ApiResult<Response> {
    let total = app.read(|st, _| filtered(&st.users, &params).len());
    Ok(ok(
        &json!({ "object": "total_count", "total_count": total }),
    ))
}

/// The users matching the list filters, oldest first.
fn filtered(users: &[Value], params: &Params) -> Vec<Value> {
    let ids: Vec<&str> = params.all("user_id");
    let emails: Vec<String> = params
        .all("email_address")
        .iter()
        .map(|e| e.to_lowercase())
        .collect();
    let external: Vec<&str> = params.all("external_id");
    let usernames: Vec<&str> = params.all("username");
    users
        .iter()
        .filter(|u| ids.is_empty() || ids.iter().any(|i| u["id"] == *i))
        .filter(|u| external.is_empty() || external.iter().any(|i| u["external_id"] == *i))
        .filter(|u| usernames.is_empty() || usernames.iter().any(|i| u["username"] == *i))
        .filter(|u| {
            emails.is_empty()
                || u["email_addresses"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|e| {
                        e["email_address"]
                            .as_str()
                            .is_some_and(|a| emails.contains(&a.to_lowercase()))
                    })
        })
        .cloned()
        .collect()
}

/// `GET /v1/users`: filters `user_id`, `email_address`, `external_id`, `username`; paging;
/// `order_by` `±created_at` (newest first by default).
pub async fn list(State(app): State<Arc<App>>, params: Params) -> ApiResult<Response> {
    let (limit, offset) = params.paging()?;
    let ascending = match params.one("order_by") {
        None | Some("-created_at") => false,
        Some("+created_at") | Some("created_at") => true,
        Some(_) => {
            return Err(ApiError::value_invalid(
                "order_by",
                "must be `created_at` or `-created_at` in the emulator",
            ));
        }
    };
    let items = app.read(|st, _| {
        let mut users = filtered(&st.users, &params);
        if !ascending {
            users.reverse();
        }
        users
    });
    Ok(ok(&page(items, limit, offset, params.paginated())))
}

/// `GET /v1/users/{user_id}`.
pub async fn get(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult<Response> {
    let user = app
        .read(|st, _| st.user(&id).cloned())
        .ok_or_else(|| ApiError::not_found("user"))?;
    Ok(ok(&user))
}

/// `DELETE /v1/users/{user_id}`: also ends the user's sessions and memberships.
pub async fn delete(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult<Response> {
    app.write(|st, faults| {
        if st.user(&id).is_none() {
            return Err(ApiError::not_found("user"));
        }
        if !faults.has(Misbehaviour::DeleteNoop) {
            st.users.retain(|u| u["id"] != id.as_str());
            st.sessions.retain(|s| s.user_id != id);
            st.memberships.retain(|m| m.user_id != id);
            st.clients.remove(&id);
        }
        Ok(())
    })?;
    Ok(ok(&json!({ "object": "user", "id": id, "deleted": true })))
}

/// Merge `patch` into `target`: objects recursively, `null` removes a key at any depth.
pub fn deep_merge(target: &mut Map<String, Value>, patch: &Map<String, Value>) {
    for (k, v) in patch {
        match v {
            Value::Null => {
                target.remove(k);
            }
            Value::Object(p) => match target.get_mut(k) {
                Some(Value::Object(t)) => deep_merge(t, p),
                _ => {
                    let mut fresh = Map::new();
                    deep_merge(&mut fresh, p);
                    target.insert(k.clone(), Value::Object(fresh));
                }
            },
            other => {
                target.insert(k.clone(), other.clone());
            }
        }
    }
}

const METADATA_FIELDS: &[&str] = &["public_metadata", "private_metadata", "unsafe_metadata"];

async fn metadata(app: Arc<App>, id: String, body: JsonBody, merge: bool) -> ApiResult<Response> {
    let body = body.object()?;
    only_known(&body, METADATA_FIELDS)?;
    let mut fields: Vec<(&str, Option<Value>)> = Vec::new();
    for f in METADATA_FIELDS {
        match body.get(*f) {
            None => {}
            Some(Value::Object(m)) => fields.push((f, Some(Value::Object(m.clone())))),
            Some(Value::Null) if !merge => fields.push((f, None)),
            Some(Value::Null) => {}
            Some(_) => return Err(ApiError::invalid(f, "must be an object")),
        }
    }
    let user = app.write(|st, faults| {
        let ignored = faults.has(Misbehaviour::MetadataIgnored);
        let now = st.now();
        let user = st
            .user_mut(&id)
            .ok_or_else(|| ApiError::not_found("user"))?;
        if ignored {
            return Ok(user.clone());
        }
        let mut updated = user.clone();
        let Some(obj) = updated.as_object_mut() else {
            return Err(ApiError::not_found("user"));
        };
        for (field, value) in &fields {
            match (merge, value) {
                (true, Some(Value::Object(p))) => {
                    let mut current = obj
                        .get(*field)
                        .and_then(Value::as_object)
                        .cloned()
                        .unwrap_or_default();
                    deep_merge(&mut current, p);
                    obj.insert((*field).to_string(), Value::Object(current));
                }
                (_, Some(v)) => {
                    obj.insert((*field).to_string(), v.clone());
                }
                (_, None) => {
                    obj.insert((*field).to_string(), Value::Null);
                }
            }
        }
        obj.insert("updated_at".into(), Value::from(now));
        if metadata_size(&updated) > METADATA_LIMIT {
            return Err(ApiError::value_invalid(
                "public_metadata",
                "metadata exceeds the 8 KB limit",
            ));
        }
        *user = updated.clone();
        Ok(updated)
    })?;
    Ok(ok(&user))
}

/// `PATCH /v1/users/{user_id}/metadata`: deep merge; `null` deletes.
pub async fn patch_metadata(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> ApiResult<Response> {
    metadata(app, id, body, true).await
}

/// `PUT /v1/users/{user_id}/metadata`: each supplied top-level field replaced wholesale.
pub async fn put_metadata(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> ApiResult<Response> {
    metadata(app, id, body, false).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_merge_merges_and_deletes() {
        let mut t = json!({"a": {"b": 1, "c": 2}, "d": 3})
            .as_object()
            .cloned()
            .unwrap();
        let p = json!({"a": {"b": null, "e": {"f": null, "g": 1}}, "d": null, "h": [1]});
        deep_merge(&mut t, p.as_object().unwrap());
        assert_eq!(
            Value::Object(t),
            json!({"a": {"c": 2, "e": {"g": 1}}, "h": [1]})
        );
    }

    #[test]
    fn emails() {
        assert!(valid_email("a@example.com"));
        assert!(!valid_email("a@example"));
        assert!(!valid_email("example.com"));
        assert!(!valid_email("a@b@c.com"));
    }
}
