//! Organizations, enough for org-scoped tokens: create, get (id or slug), delete, and
//! memberships create/list/update/delete with roles `org:admin` / `org:member`. Every route is
//! behind the Organizations switch (`routes::org_gate`); slugs follow `slug_disabled`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::{JsonBody, Params, only_known, opt_int, opt_object, opt_str, req_str};
use crate::emulator::App;
use crate::emulator::errors::{ApiError, ApiResult, ok};
use crate::emulator::faults::Misbehaviour;
use crate::emulator::ids;
use crate::emulator::state::{Membership, State as EmuState};

const CREATE_FIELDS: &[&str] = &[
    "name",
    "created_by",
    "slug",
    "public_metadata",
    "private_metadata",
    "max_allowed_memberships",
    "created_at",
    "role_set_key",
];

fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() { "org".into() } else { slug }
}

fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 256
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn role_check(st: &EmuState, role: &str) -> ApiResult<()> {
    if st.roles.contains_key(role) {
        Ok(())
    } else {
        Err(ApiError::value_invalid(
            "role",
            format!(
                "must be one of the instance's roles ({})",
                st.roles.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        ))
    }
}

/// `POST /v1/organizations`.
pub async fn create(State(app): State<Arc<App>>, body: JsonBody) -> ApiResult<Response> {
    let body = body.object()?;
    only_known(&body, CREATE_FIELDS)?;
    let name = req_str(&body, "name")?;
    if name.chars().count() > 256 || name.contains('<') || name.contains("://") {
        return Err(ApiError::value_invalid(
            "name",
            "must be at most 256 characters, without URLs or HTML",
        ));
    }
    let created_by = opt_str(&body, "created_by")?;
    let slug = opt_str(&body, "slug")?;
    if let Some(s) = &slug
        && !valid_slug(s)
    {
        return Err(ApiError::invalid(
            "slug",
            "may contain only lowercase letters, digits and `-`",
        ));
    }
    let public = opt_object(&body, "public_metadata")?.unwrap_or_default();
    let private = opt_object(&body, "private_metadata")?.unwrap_or_default();
    let max = opt_int(&body, "max_allowed_memberships", 0..=i64::from(u32::MAX))?;
    opt_str(&body, "created_at")?;
    let role_set_key = opt_str(&body, "role_set_key")?;
    let org = app.write(|st, _| {
        // The spec: send `slug` "only when slugs are enabled in the organization settings".
        if slug.is_some() && st.organization_settings.slug_disabled {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "form_param_unknown",
                "slug is not a valid parameter",
                "`slug` is not accepted while organization slugs are disabled (Dashboard → Organizations → Enable organization slugs)",
            )
            .param("slug"));
        }
        let max = max.unwrap_or(st.organization_settings.max_allowed_memberships);
        let creator_role = st.organization_settings.creator_role.clone();
        if let Some(u) = &created_by
            && st.user(u).is_none()
        {
            return Err(ApiError::not_found("user"));
        }
        let slug = match &slug {
            Some(s) => {
                if st.organizations.iter().any(|o| o["slug"] == s.as_str()) {
                    return Err(ApiError::exists("slug"));
                }
                s.clone()
            }
            None => {
                let base = slugify(&name);
                let mut candidate = base.clone();
                let mut n = 1;
                while st
                    .organizations
                    .iter()
                    .any(|o| o["slug"] == candidate.as_str())
                {
                    n += 1;
                    candidate = format!("{base}-{n}");
                }
                candidate
            }
        };
        let now = st.now();
        let id = ids::new_id("org");
        let org = json!({
            "object": "organization",
            "id": id,
            "name": name,
            "slug": slug,
            "image_url": format!("https://img.clerk.com/{}", ids::random_base62(40)),
            "has_image": false,
            "pending_invitations_count": 0,
            "max_allowed_memberships": max,
            "admin_delete_enabled": true,
            "public_metadata": public,
            "private_metadata": private,
            "created_by": created_by.clone().unwrap_or_default(),
            "created_at": now,
            "updated_at": now,
            "last_active_at": now,
            "role_set_key": role_set_key.clone().unwrap_or_else(|| "role_set:default".into()),
        });
        st.organizations.push(org.clone());
        if let Some(user_id) = &created_by {
            st.memberships.push(Membership {
                id: ids::new_id("orgmem"),
                organization_id: id,
                user_id: user_id.clone(),
                role: creator_role,
                public_metadata: Default::default(),
                private_metadata: Default::default(),
                created_at: now,
                updated_at: now,
            });
        }
        Ok(st.organization_json(&org))
    })?;
    app.created(org["id"].as_str().unwrap_or_default());
    Ok(ok(&org))
}

/// `GET /v1/organizations/{id_or_slug}`.
pub async fn get(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult<Response> {
    let org = app
        .read(|st, _| st.organization(&id).map(|o| st.organization_json(o)))
        .ok_or_else(|| ApiError::not_found("organization"))?;
    Ok(ok(&org))
}

/// `DELETE /v1/organizations/{id}`: also removes memberships and clears it from sessions.
pub async fn delete(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult<Response> {
    let (id, slug) = app.write(|st, faults| {
        let org = st
            .organization(&id)
            .cloned()
            .ok_or_else(|| ApiError::not_found("organization"))?;
        let org_id = org["id"].as_str().unwrap_or_default().to_string();
        if !faults.has(Misbehaviour::DeleteNoop) {
            st.organizations.retain(|o| o["id"] != org_id.as_str());
            st.memberships.retain(|m| m.organization_id != org_id);
            for s in &mut st.sessions {
                if s.last_active_organization_id.as_deref() == Some(&org_id) {
                    s.last_active_organization_id = None;
                }
            }
        }
        Ok((org_id, org["slug"].clone()))
    })?;
    Ok(ok(
        &json!({ "object": "organization", "id": id, "slug": slug, "deleted": true }),
    ))
}

fn org_id_of(st: &EmuState, id: &str) -> ApiResult<String> {
    st.organization(id)
        .and_then(|o| o["id"].as_str().map(str::to_string))
        .ok_or_else(|| ApiError::not_found("organization"))
}

/// `POST /v1/organizations/{id}/memberships` `{user_id, role}`.
pub async fn add_member(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    body: JsonBody,
) -> ApiResult<Response> {
    let body = body.object()?;
    only_known(
        &body,
        &["user_id", "role", "public_metadata", "private_metadata"],
    )?;
    let user_id = req_str(&body, "user_id")?;
    let role = req_str(&body, "role")?;
    let public = opt_object(&body, "public_metadata")?.unwrap_or_default();
    let private = opt_object(&body, "private_metadata")?.unwrap_or_default();
    let m = app.write(|st, _| {
        let org_id = org_id_of(st, &id)?;
        if st.user(&user_id).is_none() {
            return Err(ApiError::not_found("user"));
        }
        role_check(st, &role)?;
        if st.membership(&org_id, &user_id).is_some() {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "already_a_member_in_organization",
                "already a member",
                "The user is already a member of the organization",
            ));
        }
        let max = st
            .organization(&org_id)
            .and_then(|o| o["max_allowed_memberships"].as_i64())
            .unwrap_or(0);
        let count = st
            .memberships
            .iter()
            .filter(|m| m.organization_id == org_id)
            .count();
        if max > 0 && i64::try_from(count).unwrap_or(i64::MAX) >= max {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "organization_membership_quota_exceeded",
                "membership quota exceeded",
                "The organization has reached its maximum number of memberships",
            ));
        }
        let now = st.now();
        let m = Membership {
            id: ids::new_id("orgmem"),
            organization_id: org_id,
            user_id,
            role,
            public_metadata: public,
            private_metadata: private,
            created_at: now,
            updated_at: now,
        };
        st.memberships.push(m.clone());
        Ok(st.membership_json(&m))
    })?;
    Ok(ok(&m))
}

/// `GET /v1/organizations/{id}/memberships` → `{data, total_count}`.
pub async fn list_members(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    params: Params,
) -> ApiResult<Response> {
    let (limit, offset) = params.paging()?;
    let body = app.read(|st, _| {
        let org_id = org_id_of(st, &id)?;
        let items: Vec<Value> = st
            .memberships
            .iter()
            .filter(|m| m.organization_id == org_id)
            .map(|m| st.membership_json(m))
            .collect();
        Ok::<_, ApiError>(super::page(items, limit, offset, true))
    })?;
    Ok(ok(&body))
}

/// `GET /v1/users/{user_id}/organization_memberships` → `{data, total_count}`.
pub async fn user_memberships(
    State(app): State<Arc<App>>,
    Path(user_id): Path<String>,
    params: Params,
) -> ApiResult<Response> {
    let (limit, offset) = params.paging()?;
    let body = app.read(|st, _| {
        if st.user(&user_id).is_none() {
            return Err(ApiError::not_found("user"));
        }
        let items: Vec<Value> = st
            .memberships
            .iter()
            .filter(|m| m.user_id == user_id)
            .map(|m| st.membership_json(m))
            .collect();
        Ok(super::page(items, limit, offset, true))
    })?;
    Ok(ok(&body))
}

/// `PATCH /v1/organizations/{id}/memberships/{user_id}` `{role}`.
pub async fn update_member(
    State(app): State<Arc<App>>,
    Path((id, user_id)): Path<(String, String)>,
    body: JsonBody,
) -> ApiResult<Response> {
    let body = body.object()?;
    only_known(&body, &["role"])?;
    let role = req_str(&body, "role")?;
    let m = app.write(|st, _| {
        let org_id = org_id_of(st, &id)?;
        role_check(st, &role)?;
        let now = st.now();
        let m = st
            .memberships
            .iter_mut()
            .find(|m| m.organization_id == org_id && m.user_id == user_id)
            .ok_or_else(|| ApiError::not_found("organization membership"))?;
        m.role = role;
        m.updated_at = now;
        let m = m.clone();
        Ok(st.membership_json(&m))
    })?;
    Ok(ok(&m))
}

/// `DELETE /v1/organizations/{id}/memberships/{user_id}` → the removed membership.
pub async fn remove_member(
    State(app): State<Arc<App>>,
    Path((id, user_id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let m = app.write(|st, faults| {
        let org_id = org_id_of(st, &id)?;
        let m = st
            .membership(&org_id, &user_id)
            .cloned()
            .ok_or_else(|| ApiError::not_found("organization membership"))?;
        let json = st.membership_json(&m);
        if !faults.has(Misbehaviour::DeleteNoop) {
            st.memberships.retain(|x| x.id != m.id);
        }
        Ok(json)
    })?;
    Ok(ok(&m))
}
