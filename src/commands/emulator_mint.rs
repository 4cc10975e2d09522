//! `clerkctl emulator mint`: one command for a test's token on a running emulator.
//!
//! It finds the user by email (creating it on first use), optionally the organization by slug
//! and the user's membership (each created on first use, the role changed when `--role` says
//! so), opens a session (with that organization active) and prints a session token, or a JWT
//! template's token. It creates data, so it runs only against a clerkctl emulator: the target
//! must answer the emulator's health probe, and a production key is refused before any request.

use reqwest::Method;
use serde_json::{Value, json};

use crate::clerk::api::{
    ApiError, ClerkClient, List, ORGANIZATIONS_DISABLED, Organization, Session, Token, User,
};
use crate::clerk::keys::KeyEnvironment;
use crate::cli::MintArgs;
use crate::error::{ExitStatus, UserError};
use crate::jwt::decode::decode;
use crate::settings::Settings;

/// The role of a new membership when `--role` is not given.
const DEFAULT_ROLE: &str = "org:member";

/// What to do when no emulator is configured.
const NO_EMULATOR_HINT: &str = "run the tests under `clerkctl emulator exec -- …`, or set \
     `CLERK_API_URL` and `CLERK_SECRET_KEY` to what `clerkctl emulator` printed";

/// Mint a token and print it (or, with `--output json`, the token with its ids and `exp`).
pub async fn run(args: &MintArgs, settings: &Settings) -> anyhow::Result<ExitStatus> {
    let client = connect(settings).await?;
    let (user_id, user_created) = user(&client, &args.email).await?;
    let org = match &args.org {
        Some(slug) => Some(
            organization(&client, slug, &user_id, args.role.as_deref())
                .await
                .map_err(orgs_off)?,
        ),
        None => None,
    };
    let session: Session = client
        .post(
            "/sessions",
            &json!({
                "user_id": user_id,
                "active_organization_id": org.as_ref().map(|o| o.id.clone()),
            }),
        )
        .await
        .map_err(UserError::from)?;
    let path = match &args.template {
        Some(name) => format!("/sessions/{}/tokens/{}", session.id, encode(name)),
        None => format!("/sessions/{}/tokens", session.id),
    };
    let token: Token =
        client
            .post(&path, &json!({}))
            .await
            .map_err(|e| match (&args.template, e.status()) {
                (Some(name), Some(404)) => {
                    UserError::usage(format!("the emulator has no JWT template named `{name}`"))
                        .with_hint("create it first: `clerkctl jwt-template push FILE`")
                }
                _ => UserError::from(e),
            })?;
    let exp = decode(&token.jwt)
        .ok()
        .and_then(|d| d.claims.get("exp").and_then(Value::as_i64));
    let p = &settings.printer;
    if p.is_json() {
        p.json(&json!({
            "token": token.jwt,
            "user_id": user_id,
            "user_created": user_created,
            "session_id": session.id,
            "organization_id": org.as_ref().map(|o| o.id.clone()),
            "role": org.as_ref().map(|o| o.role.clone()),
            "template": args.template,
            "exp": exp,
        }))?;
    } else {
        p.out(&token.jwt)?;
        p.info(&format!(
            "{} {user_id} ({}), session {}{}",
            if user_created { "created user" } else { "user" },
            args.email,
            session.id,
            org.as_ref()
                .map(|o| format!(", {} in {}", o.role, o.id))
                .unwrap_or_default(),
        ));
    }
    Ok(ExitStatus::Success)
}

/// A client for the configured target, once it has proved to be a clerkctl emulator.
async fn connect(settings: &Settings) -> Result<ClerkClient, UserError> {
    if !settings.api_url_is_explicit() {
        return Err(
            UserError::usage("no emulator to mint on: `CLERK_API_URL` is not set")
                .with_hint(NO_EMULATOR_HINT),
        );
    }
    let url = settings.api_url();
    let Some(sk) = settings.secret_key()? else {
        return Err(UserError::usage(format!(
            "no secret key for the emulator at {url}: `CLERK_SECRET_KEY` is not set"
        ))
        .with_hint(NO_EMULATOR_HINT));
    };
    if sk.environment() == KeyEnvironment::Live {
        return Err(refuse(&url, "the secret key is a production key"));
    }
    let client = ClerkClient::new(&url, &settings.api_version(), sk.secret().clone());
    match client
        .control::<(), Value>(Method::GET, "/__clerkctl/health", None)
        .await
    {
        Ok(v) if v.get("emulator").and_then(Value::as_str) == Some("clerkctl") => Ok(client),
        Ok(_) => Err(refuse(&url, "it does not answer as one")),
        Err(e) if e.is_unavailable() || e.status() == Some(401) => Err(e.into()),
        Err(e) => Err(refuse(&url, &e.to_string())),
    }
}

/// The target is not a clerkctl emulator: exit 2 before anything is created.
fn refuse(url: &str, why: &str) -> UserError {
    UserError::usage(format!(
        "refusing to mint on {url}: not a clerkctl emulator ({why})"
    ))
    .with_hint(
        "`emulator mint` creates users, organizations and sessions, so it only targets `clerkctl emulator`; point `CLERK_API_URL` (or `--api-url`) at one",
    )
}

/// The user with this email address (found, or created): its id and whether it was created.
async fn user(client: &ClerkClient, email: &str) -> Result<(String, bool), UserError> {
    if let Some(id) = find_user(client, email).await? {
        return Ok((id, false));
    }
    let created: Result<User, ApiError> = client
        .post(
            "/users",
            &json!({ "email_address": [email], "skip_password_requirement": true }),
        )
        .await;
    match created {
        Ok(u) => Ok((u.id, true)),
        // Another mint created it meanwhile.
        Err(ApiError::Status { code, .. }) if code == "form_identifier_exists" => {
            match find_user(client, email).await? {
                Some(id) => Ok((id, false)),
                None => Err(UserError::failure(format!(
                    "the emulator says `{email}` is taken but lists no user with it"
                ))),
            }
        }
        Err(e @ ApiError::Status { status: 422, .. }) => Err(UserError::usage(format!(
            "cannot create a user with `--email {email}`: {e}"
        ))
        .with_hint("pass a valid email address, such as `alice@example.com`")),
        Err(e) => Err(e.into()),
    }
}

async fn find_user(client: &ClerkClient, email: &str) -> Result<Option<String>, UserError> {
    let found: List<User> = client
        .get("/users", &[("email_address", email.to_string())])
        .await?;
    Ok(found.into_items().into_iter().next().map(|u| u.id))
}

/// The organization the token is for, with the user's role in it.
struct OrgMembership {
    id: String,
    role: String,
}

/// The organization with this slug (created on first use) with the user a member of it.
async fn organization(
    client: &ClerkClient,
    slug: &str,
    user_id: &str,
    role: Option<&str>,
) -> Result<OrgMembership, UserError> {
    let org: Organization = match client
        .get(&format!("/organizations/{}", encode(slug)), &[])
        .await
    {
        Ok(org) => org,
        Err(e) if e.is_not_found() => {
            create_organization(client, slug)
                .await
                .map_err(|e| match e {
                    ApiError::Status { status: 422, .. } => UserError::usage(format!(
                        "cannot create an organization with `--org {slug}`: {e}"
                    ))
                    .with_hint("an organization slug has lowercase letters, digits and dashes"),
                    e => e.into(),
                })?
        }
        Err(e) => return Err(e.into()),
    };
    let memberships: List<Value> = client
        .get(
            &format!("/users/{user_id}/organization_memberships"),
            &[("limit", "500".to_string())],
        )
        .await?;
    let current = memberships.into_items().into_iter().find_map(|m| {
        (m["organization"]["id"].as_str() == Some(org.id.as_str()))
            .then(|| m["role"].as_str().unwrap_or_default().to_string())
    });
    let path = format!("/organizations/{}/memberships", org.id);
    let role = match (current, role) {
        (Some(current), None) => current,
        (Some(current), Some(wanted)) if current == wanted => current,
        (Some(_), Some(wanted)) => {
            client
                .patch::<_, Value>(&format!("{path}/{user_id}"), &json!({ "role": wanted }))
                .await
                .map_err(|e| role_error(e, wanted))?;
            wanted.to_string()
        }
        (None, wanted) => {
            let wanted = wanted.unwrap_or(DEFAULT_ROLE);
            client
                .post::<_, Value>(&path, &json!({ "user_id": user_id, "role": wanted }))
                .await
                .map_err(|e| role_error(e, wanted))?;
            wanted.to_string()
        }
    };
    Ok(OrgMembership { id: org.id, role })
}

/// Create the organization named `slug` with that slug; where slugs are off (as on a new
/// instance, which then refuses the `slug` parameter) with the name alone, from which the slug
/// is derived.
async fn create_organization(client: &ClerkClient, slug: &str) -> Result<Organization, ApiError> {
    match client
        .post("/organizations", &json!({ "name": slug, "slug": slug }))
        .await
    {
        Err(ApiError::Status {
            status: 422, code, ..
        }) if code == "form_param_unknown" => {
            client
                .post("/organizations", &json!({ "name": slug }))
                .await
        }
        other => other,
    }
}

fn role_error(e: ApiError, role: &str) -> UserError {
    match e {
        ApiError::Status { status: 422, .. } => {
            UserError::usage(format!("cannot give the role `{role}`: {e}"))
                .with_hint("use one of the instance's roles, such as `org:admin` or `org:member`")
        }
        e => e.into(),
    }
}

/// Organizations are off in the emulator (as in a new Clerk instance): say how to turn them on.
fn orgs_off(e: UserError) -> UserError {
    if e.message.contains(ORGANIZATIONS_DISABLED) {
        UserError::usage(
            "the emulator has Organizations turned off, so `--org` cannot be used (organization_not_enabled_in_instance)",
        )
        .with_hint(
            "start it with `--organizations` (`clerkctl emulator --organizations`, `clerkctl emulator exec --organizations -- …`, or `startEmulator({ organizations: true })`)",
        )
    } else {
        e
    }
}

/// A path segment, percent-encoded.
fn encode(segment: &str) -> String {
    url::form_urlencoded::byte_serialize(segment.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(encode("acme"), "acme");
        assert_eq!(encode("a/b c"), "a%2Fb%20c");
    }

    #[test]
    fn the_organizations_switch_is_named_when_orgs_are_off() {
        let off = UserError::usage(
            "the Backend API answered 403 (organization_not_enabled_in_instance): organizations are not enabled",
        );
        let err = orgs_off(off);
        assert!(
            err.message.contains("Organizations turned off"),
            "{}",
            err.message
        );
        assert!(err.hint.unwrap().contains("--organizations"));
        let other = UserError::failure("something else");
        assert_eq!(orgs_off(other.clone()), other);
    }
}
