//! The emulated instance's data: users, sessions, organizations, templates, keys, clock and
//! session settings. Serialisable as a whole (`--state FILE`, `GET|PUT /__clerkctl/state`).
//!
//! Users and organizations are kept as the Backend API JSON they are served as, so every field
//! the spec requires round-trips unchanged; sessions, memberships and templates are typed because
//! the emulator reasons about them.
//!
//! Session model: each `POST /v1/sessions` creates its session on a new emulated client, as the
//! Backend API does (the request names no client), so sessions created through it never replace
//! one another, in single-session mode too: replacement (status `replaced`) happens when a user
//! signs in again on one client, in the Frontend API, which the emulator does not serve (the
//! `shared_client` misbehaviour brings back one client per user that replaces in single mode).
//! A session is `expired` once the clock passes `expire_at` (created + maximum lifetime) and
//! `abandoned` once it passes `abandon_at` (last activity + inactivity timeout; minting a token
//! is activity). `docs/fidelity.toml` (`sessions.own_client`, `sessions.expiry`) gives the
//! evidence.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::clock::Clock;
use super::faults::{Faults, Misbehaviour};
use super::ids;
use crate::clerk::keys::Secret;
use crate::project::SessionMode;

/// The state file's format version.
pub const FORMAT: u32 = 1;

/// How long a session lives without an inactivity timeout before `abandon_at` (Clerk: 30 days).
const DEFAULT_ABANDON_MS: i64 = 30 * 24 * 3600 * 1000;
/// `expire_at` when the maximum lifetime is off: ten years.
const NO_EXPIRY_MS: i64 = 10 * 365 * 24 * 3600 * 1000;

/// Session settings: Dashboard-only on real Clerk, runtime-settable here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSettings {
    /// `expire_at - created_at`, seconds; 0 = off.
    pub max_lifetime_seconds: u64,
    /// Inactivity timeout (`abandon_at`), seconds; 0 = off.
    pub inactivity_timeout_seconds: u64,
    /// Single- or multi-session.
    pub mode: SessionMode,
    /// The `azp` claim of session tokens; `None` omits it.
    pub authorized_party: Option<String>,
    /// Default session token lifetime, seconds (Clerk: 60).
    #[serde(default = "default_token_lifetime")]
    pub token_lifetime_seconds: u64,
}

fn default_token_lifetime() -> u64 {
    crate::project::DEFAULT_TOKEN_LIFETIME_SECS
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self {
            max_lifetime_seconds: crate::project::DEFAULT_MAX_LIFETIME_SECS,
            inactivity_timeout_seconds: 0,
            mode: SessionMode::Single,
            authorized_party: None,
            token_lifetime_seconds: default_token_lifetime(),
        }
    }
}

/// The instance's Organizations settings (`GET|PATCH /v1/instance/organization_settings`, the
/// Dashboard's Organizations page). A new development instance has Organizations off and, since
/// 2025-10-06, organization slugs off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganizationSettings {
    /// Organizations on: off, every organization route answers 403
    /// `organization_not_enabled_in_instance`.
    pub enabled: bool,
    /// The default membership limit of new organizations (0 = unlimited).
    pub max_allowed_memberships: i64,
    /// Admins may delete organizations through the Frontend API.
    pub admin_delete_enabled: bool,
    /// Verified domains on.
    pub domains_enabled: bool,
    /// Organization slugs off: `slug` is refused on create.
    pub slug_disabled: bool,
    /// Verified-domain enrollment modes.
    pub domains_enrollment_modes: Vec<String>,
    /// The role an organization's creator gets.
    pub creator_role: String,
    /// The role verified-domain invitations carry.
    pub domains_default_role: String,
}

impl Default for OrganizationSettings {
    fn default() -> Self {
        Self {
            enabled: false,
            max_allowed_memberships: 5,
            admin_delete_enabled: true,
            domains_enabled: false,
            slug_disabled: true,
            domains_enrollment_modes: Vec::new(),
            creator_role: "org:admin".into(),
            domains_default_role: "org:member".into(),
        }
    }
}

impl OrganizationSettings {
    /// The Backend API JSON (`OrganizationSettings` in the spec).
    pub fn to_json(&self) -> Value {
        json!({
            "object": "organization_settings",
            "enabled": self.enabled,
            "max_allowed_memberships": self.max_allowed_memberships,
            "max_allowed_roles": 10,
            "max_role_sets_allowed": 1,
            "max_allowed_domains": 10,
            "max_allowed_permissions": 50,
            "creator_role": self.creator_role,
            "admin_delete_enabled": self.admin_delete_enabled,
            "domains_enabled": self.domains_enabled,
            "slug_disabled": self.slug_disabled,
            "domains_enrollment_modes": self.domains_enrollment_modes,
            "domains_default_role": self.domains_default_role,
            "initial_role_set_key": null,
        })
    }
}

/// A signing key as persisted (PKCS#8 PEM; the state file is a local throwaway).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredKey {
    /// `kid`.
    pub kid: String,
    /// PKCS#8 PEM.
    pub private_key_pem: String,
    /// After a rotation: when the old key leaves the JWKS (emulated ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retire_at_ms: Option<i64>,
}

/// The emulator's generated secret key (`sk_test_…`), kept in the state file so a restart on the
/// same file accepts the key clients were configured with. Never shown by `Debug`, never part of
/// a `GET /__clerkctl/state` export.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoredSecret(String);

impl StoredSecret {
    /// Wrap a generated key.
    pub fn new(key: String) -> Self {
        Self(key)
    }

    /// The key, to build the [`Secret`] the router compares against.
    pub fn to_secret(&self) -> Secret {
        Secret::new(self.0.clone())
    }
}

impl std::fmt::Debug for StoredSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "StoredSecret({})",
            crate::clerk::keys::redact_secret(&self.0)
        )
    }
}

/// A session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// `sess_…`.
    pub id: String,
    /// `user_…`.
    pub user_id: String,
    /// `client_…`.
    pub client_id: String,
    /// `active`, `revoked`, `expired`, `abandoned`, `replaced`, `ended`, `removed`.
    pub status: String,
    /// The active organization.
    pub last_active_organization_id: Option<String>,
    /// Last activity (ms).
    pub last_active_at: i64,
    /// Expiry (ms).
    pub expire_at: i64,
    /// Abandonment (ms).
    pub abandon_at: i64,
    /// Created (ms).
    pub created_at: i64,
    /// Updated (ms).
    pub updated_at: i64,
    /// The first token's `(iat, exp)`, for the `stale_iat` misbehaviour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_token: Option<(i64, i64)>,
}

impl Session {
    /// The Backend API JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "object": "session",
            "id": self.id,
            "user_id": self.user_id,
            "client_id": self.client_id,
            "actor": null,
            "status": self.status,
            "last_active_organization_id": self.last_active_organization_id,
            "last_active_at": self.last_active_at,
            "expire_at": self.expire_at,
            "abandon_at": self.abandon_at,
            "updated_at": self.updated_at,
            "created_at": self.created_at,
            "tasks": null,
        })
    }

    /// Move an active session to `expired`/`abandoned` when the clock has passed its limits.
    pub fn refresh(&mut self, now: i64, settings: &SessionSettings, faults: &Faults) {
        if self.status != "active" || faults.has(Misbehaviour::SessionNeverExpires) {
            return;
        }
        if now >= self.expire_at {
            self.status = "expired".into();
            self.updated_at = self.expire_at;
        } else if settings.inactivity_timeout_seconds > 0 && now >= self.abandon_at {
            self.status = "abandoned".into();
            self.updated_at = self.abandon_at;
        }
    }

    /// Record activity (a token was minted).
    pub fn touch(&mut self, now: i64, settings: &SessionSettings) {
        self.last_active_at = now;
        self.updated_at = now;
        if settings.inactivity_timeout_seconds > 0 {
            self.abandon_at = now.saturating_add(secs_to_ms(settings.inactivity_timeout_seconds));
        }
    }
}

/// An organization membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    /// `orgmem_…`.
    pub id: String,
    /// `org_…`.
    pub organization_id: String,
    /// `user_…`.
    pub user_id: String,
    /// `org:admin`, `org:member`, …
    pub role: String,
    /// Public metadata.
    pub public_metadata: Map<String, Value>,
    /// Private metadata.
    pub private_metadata: Map<String, Value>,
    /// Created (ms).
    pub created_at: i64,
    /// Updated (ms).
    pub updated_at: i64,
}

/// A JWT template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JwtTemplate {
    /// `jtmp_…`.
    pub id: String,
    /// Unique name (the path segment of `/tokens/{template_name}`).
    pub name: String,
    /// Claims with shortcodes.
    pub claims: Map<String, Value>,
    /// Token lifetime, seconds.
    pub lifetime: i64,
    /// `nbf = iat - allowed_clock_skew`.
    pub allowed_clock_skew: i64,
    /// Signed with its own key rather than the instance's.
    pub custom_signing_key: bool,
    /// `RS256`, …
    pub signing_algorithm: String,
    /// The custom key (PKCS#8 PEM), never served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_key: Option<String>,
    /// Created (ms).
    pub created_at: i64,
    /// Updated (ms).
    pub updated_at: i64,
}

impl JwtTemplate {
    /// The Backend API JSON (`signing_key` is write-only).
    pub fn to_json(&self) -> Value {
        json!({
            "object": "jwt_template",
            "id": self.id,
            "name": self.name,
            "claims": self.claims,
            "lifetime": self.lifetime,
            "allowed_clock_skew": self.allowed_clock_skew,
            "custom_signing_key": self.custom_signing_key,
            "signing_algorithm": self.signing_algorithm,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        })
    }
}

/// The whole instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// [`FORMAT`].
    pub format: u32,
    /// `ins_…`.
    pub instance_id: String,
    /// Signing keys, the current one first.
    pub keys: Vec<StoredKey>,
    /// The generated secret key, reused by later starts on the same state file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<StoredSecret>,
    /// The clock offset.
    #[serde(default)]
    pub clock: Clock,
    /// Session settings.
    #[serde(default)]
    pub settings: SessionSettings,
    /// Organizations settings.
    #[serde(default)]
    pub organization_settings: OrganizationSettings,
    /// `PATCH /v1/instance` `allowed_origins`.
    #[serde(default)]
    pub allowed_origins: Option<Vec<String>>,
    /// Users (Backend API JSON), oldest first.
    #[serde(default)]
    pub users: Vec<Value>,
    /// Sessions, oldest first.
    #[serde(default)]
    pub sessions: Vec<Session>,
    /// Each user's shared client (`shared_client` misbehaviour only): user id → `client_…`.
    #[serde(default)]
    pub clients: BTreeMap<String, String>,
    /// Organizations (Backend API JSON without `members_count`), oldest first.
    #[serde(default)]
    pub organizations: Vec<Value>,
    /// Memberships, oldest first.
    #[serde(default)]
    pub memberships: Vec<Membership>,
    /// JWT templates, oldest first.
    #[serde(default)]
    pub jwt_templates: Vec<JwtTemplate>,
    /// Organization roles → their permissions.
    #[serde(default = "default_roles")]
    pub roles: BTreeMap<String, Vec<String>>,
}

/// Clerk's default roles and their system permissions.
pub fn default_roles() -> BTreeMap<String, Vec<String>> {
    let admin = [
        "org:sys_profile:manage",
        "org:sys_profile:delete",
        "org:sys_memberships:read",
        "org:sys_memberships:manage",
        "org:sys_domains:read",
        "org:sys_domains:manage",
    ];
    let member = ["org:sys_memberships:read"];
    BTreeMap::from([
        (
            "org:admin".to_string(),
            admin.iter().map(|s| s.to_string()).collect(),
        ),
        (
            "org:member".to_string(),
            member.iter().map(|s| s.to_string()).collect(),
        ),
    ])
}

/// Seconds to milliseconds, saturating.
pub fn secs_to_ms(secs: u64) -> i64 {
    i64::try_from(secs)
        .unwrap_or(i64::MAX / 1000)
        .saturating_mul(1000)
}

impl State {
    /// A fresh instance around an existing key.
    pub fn new(instance_id: String, key: StoredKey, settings: SessionSettings) -> Self {
        Self {
            format: FORMAT,
            instance_id,
            keys: vec![key],
            secret_key: None,
            clock: Clock::default(),
            settings,
            organization_settings: OrganizationSettings::default(),
            allowed_origins: None,
            users: Vec::new(),
            sessions: Vec::new(),
            clients: BTreeMap::new(),
            organizations: Vec::new(),
            memberships: Vec::new(),
            jwt_templates: Vec::new(),
            roles: default_roles(),
        }
    }

    /// Drop every user, session, organization and template; keep keys, the secret key, settings
    /// and instance id.
    pub fn reset_data(&mut self) {
        self.users.clear();
        self.sessions.clear();
        self.clients.clear();
        self.organizations.clear();
        self.memberships.clear();
        self.jwt_templates.clear();
        self.allowed_origins = None;
        self.roles = default_roles();
        self.clock.reset();
    }

    /// Emulated now (ms).
    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    /// A user by id.
    pub fn user(&self, id: &str) -> Option<&Value> {
        self.users.iter().find(|u| u["id"] == id)
    }

    /// A user by id, mutable.
    pub fn user_mut(&mut self, id: &str) -> Option<&mut Value> {
        self.users.iter_mut().find(|u| u["id"] == id)
    }

    /// An organization by id or slug.
    pub fn organization(&self, id_or_slug: &str) -> Option<&Value> {
        self.organizations
            .iter()
            .find(|o| o["id"] == id_or_slug || o["slug"] == id_or_slug)
    }

    /// A session by id, with its status brought up to date.
    pub fn session_mut(&mut self, id: &str, faults: &Faults) -> Option<&mut Session> {
        let now = self.now();
        let settings = self.settings.clone();
        let s = self.sessions.iter_mut().find(|s| s.id == id)?;
        s.refresh(now, &settings, faults);
        Some(s)
    }

    /// Bring every session's status up to date.
    pub fn refresh_sessions(&mut self, faults: &Faults) {
        let now = self.now();
        let settings = self.settings.clone();
        for s in &mut self.sessions {
            s.refresh(now, &settings, faults);
        }
    }

    /// The membership of `user_id` in `org_id`.
    pub fn membership(&self, org_id: &str, user_id: &str) -> Option<&Membership> {
        self.memberships
            .iter()
            .find(|m| m.organization_id == org_id && m.user_id == user_id)
    }

    /// Organization JSON as served (with `members_count`).
    pub fn organization_json(&self, org: &Value) -> Value {
        let mut org = org.clone();
        let count = self
            .memberships
            .iter()
            .filter(|m| org["id"] == m.organization_id.as_str())
            .count();
        if let Some(obj) = org.as_object_mut() {
            obj.insert("members_count".into(), Value::from(count));
        }
        org
    }

    /// Membership JSON as served (with the organization and the user's public data).
    pub fn membership_json(&self, m: &Membership) -> Value {
        let org = self
            .organization(&m.organization_id)
            .map(|o| self.organization_json(o))
            .unwrap_or(Value::Null);
        let user = self.user(&m.user_id).cloned().unwrap_or(Value::Null);
        let identifier = user["email_addresses"]
            .get(0)
            .and_then(|e| e.get("email_address"))
            .cloned()
            .unwrap_or(Value::Null);
        let role_name = role_name(&m.role);
        json!({
            "object": "organization_membership",
            "id": m.id,
            "role": m.role,
            "role_name": role_name,
            "permissions": self.roles.get(&m.role).cloned().unwrap_or_default(),
            "public_metadata": m.public_metadata,
            "private_metadata": m.private_metadata,
            "organization": org,
            "public_user_data": {
                "user_id": m.user_id,
                "first_name": user["first_name"],
                "last_name": user["last_name"],
                "profile_image_url": user["profile_image_url"],
                "image_url": user.get("image_url").cloned().unwrap_or_else(|| Value::from("")),
                "has_image": false,
                "identifier": identifier,
                "username": user["username"],
            },
            "created_at": m.created_at,
            "updated_at": m.updated_at,
        })
    }

    /// Create a session for `user_id` following the session settings and mode.
    pub fn create_session(
        &mut self,
        user_id: &str,
        org_id: Option<String>,
        faults: &Faults,
    ) -> Session {
        let now = self.now();
        let shared = faults.has(Misbehaviour::SharedClient);
        let client_id = if shared {
            self.clients
                .entry(user_id.to_string())
                .or_insert_with(|| ids::new_id("client"))
                .clone()
        } else {
            ids::new_id("client")
        };
        if shared && self.settings.mode == SessionMode::Single {
            let settings = self.settings.clone();
            for s in self
                .sessions
                .iter_mut()
                .filter(|s| s.client_id == client_id)
            {
                s.refresh(now, &settings, faults);
                if s.status == "active" {
                    s.status = "replaced".into();
                    s.updated_at = now;
                }
            }
        }
        let mut lifetime = if self.settings.max_lifetime_seconds > 0 {
            secs_to_ms(self.settings.max_lifetime_seconds)
        } else {
            NO_EXPIRY_MS
        };
        if faults.has(Misbehaviour::WrongSessionLifetime) {
            lifetime = lifetime.saturating_add(24 * 3600 * 1000);
        }
        let abandon_at = if self.settings.inactivity_timeout_seconds > 0 {
            now.saturating_add(secs_to_ms(self.settings.inactivity_timeout_seconds))
        } else {
            now.saturating_add(DEFAULT_ABANDON_MS)
        };
        let session = Session {
            id: ids::new_id("sess"),
            user_id: user_id.to_string(),
            client_id,
            status: "active".into(),
            last_active_organization_id: org_id,
            last_active_at: now,
            expire_at: now.saturating_add(lifetime),
            abandon_at,
            created_at: now,
            updated_at: now,
            first_token: None,
        };
        self.sessions.push(session.clone());
        if let Some(obj) = self.user_mut(user_id).and_then(Value::as_object_mut) {
            obj.insert("last_sign_in_at".into(), Value::from(now));
            obj.insert("last_active_at".into(), Value::from(now));
        }
        session
    }
}

/// `org:admin` → `Admin`.
pub fn role_name(role: &str) -> String {
    let key = role.strip_prefix("org:").unwrap_or(role);
    let mut chars = key.chars();
    match chars.next() {
        Some(c) => c
            .to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace('_', " "),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(mode: SessionMode) -> State {
        let key = StoredKey {
            kid: "ins_x".into(),
            private_key_pem: String::new(),
            retire_at_ms: None,
        };
        State::new(
            "ins_x".into(),
            key,
            SessionSettings {
                mode,
                inactivity_timeout_seconds: 600,
                ..SessionSettings::default()
            },
        )
    }

    #[test]
    fn each_backend_api_session_gets_its_own_client_in_both_modes() {
        let f = Faults::default();
        for mode in [SessionMode::Single, SessionMode::Multi] {
            let mut s = state(mode);
            let a = s.create_session("user_1", None, &f);
            let b = s.create_session("user_1", None, &f);
            assert_ne!(a.client_id, b.client_id);
            assert!(s.sessions.iter().all(|s| s.status == "active"), "{mode:?}");
        }
        // `shared_client`: one client per user, replaced in single-session mode.
        let shared = Faults {
            misbehave: [Misbehaviour::SharedClient].into(),
            ..Faults::default()
        };
        let mut s = state(SessionMode::Single);
        let a = s.create_session("user_1", None, &shared);
        let b = s.create_session("user_1", None, &shared);
        assert_eq!(a.client_id, b.client_id);
        assert_eq!(s.sessions[0].status, "replaced");
        assert_eq!(s.sessions[1].status, "active");
    }

    #[test]
    fn clock_expires_and_abandons() {
        let f = Faults::default();
        let mut s = state(SessionMode::Multi);
        let id = s.create_session("user_1", None, &f).id;
        s.clock.advance_seconds(601);
        assert_eq!(
            s.session_mut(&id, &f).map(|x| x.status.clone()).unwrap(),
            "abandoned"
        );
        let id2 = s.create_session("user_1", None, &f).id;
        s.clock.advance_seconds(8 * 24 * 3600);
        assert_eq!(
            s.session_mut(&id2, &f).map(|x| x.status.clone()).unwrap(),
            "expired"
        );
    }

    #[test]
    fn role_names() {
        assert_eq!(role_name("org:admin"), "Admin");
        assert_eq!(role_name("org:billing_manager"), "Billing manager");
    }
}
