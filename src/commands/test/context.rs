//! What every suite shares: the client, the expectations, the target and the helpers that create
//! tagged test data (tracked for cleanup), mint tokens and verify them offline.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use super::cleanup::{Kind, Tracker, user_email, user_external_id};
use crate::clerk::api::{ApiError, ClerkClient, Session, Token};
use crate::clerk::keys::PublishableKey;
use crate::jwt::jwk::Jwks;
use crate::jwt::verify::{KeySet, Verdict, VerifyOptions, verify};
use crate::project::SessionMode;

/// A JWT template to check: its instance name and, when the project keeps its body in a file, the
/// local body (`{name?, claims, lifetime?, allowed_clock_skew?}` or bare claims).
#[derive(Debug, Clone)]
pub struct TemplateExpectation {
    /// Instance template name.
    pub name: String,
    /// The local body, when `clerkctl.toml` names a file.
    pub local: Option<Value>,
}

/// Where an expectation comes from; failure messages name it, so a user sees which setting to
/// change (the instance's, or the expectation's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A `clerkctl test` flag (its name).
    Flag(&'static str),
    /// `[session]` in `clerkctl.toml`.
    ProjectFile,
    /// A running `clerkctl emulator`'s `GET /__clerkctl/session_settings`.
    EmulatorSettings,
    /// Clerk's default for a new instance.
    ClerkDefault,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Flag(name) => write!(f, "`{name}`"),
            Self::ProjectFile => f.write_str("`clerkctl.toml`"),
            Self::EmulatorSettings => f.write_str("the emulator's session settings"),
            Self::ClerkDefault => f.write_str("Clerk's default"),
        }
    }
}

/// Where each session expectation comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sources {
    /// Of [`Expectations::token_lifetime`].
    pub token_lifetime: Source,
    /// Of [`Expectations::max_lifetime`].
    pub max_lifetime: Source,
    /// Of [`Expectations::inactivity_timeout`].
    pub inactivity_timeout: Source,
    /// Of [`Expectations::clock_skew`].
    pub clock_skew: Source,
    /// Of [`Expectations::mode`].
    pub mode: Source,
    /// Of [`Expectations::authorized_parties`].
    pub authorized_parties: Source,
}

impl Default for Sources {
    fn default() -> Self {
        Self {
            token_lifetime: Source::ClerkDefault,
            max_lifetime: Source::ClerkDefault,
            inactivity_timeout: Source::ClerkDefault,
            clock_skew: Source::ClerkDefault,
            mode: Source::ClerkDefault,
            authorized_parties: Source::ClerkDefault,
        }
    }
}

/// What the suites assert, from `clerkctl.toml` (or Clerk's defaults) overridden by flags.
#[derive(Debug, Clone)]
pub struct Expectations {
    /// `exp - iat` of session tokens.
    pub token_lifetime: u64,
    /// `expire_at - created_at` of sessions; 0 = off.
    pub max_lifetime: u64,
    /// Inactivity timeout; 0 = off.
    pub inactivity_timeout: u64,
    /// Verification clock skew.
    pub clock_skew: u64,
    /// Single or multi.
    pub mode: SessionMode,
    /// `azp` allow-list; empty = not checked.
    pub authorized_parties: Vec<String>,
    /// Templates to compare (empty = a temporary one).
    pub templates: Vec<TemplateExpectation>,
    /// Where each session expectation comes from.
    pub sources: Sources,
}

/// Where the run goes.
#[derive(Debug, Clone)]
pub struct Target {
    /// Backend API base URL.
    pub api_url: String,
    /// True when the target is a clerkctl emulator (control API available).
    pub emulator: bool,
    /// The Frontend API URL (`iss`): from the emulator's health probe or the publishable key.
    pub frontend_api_url: Option<String>,
    /// The publishable key, when configured (or the embedded emulator's).
    pub publishable_key: Option<PublishableKey>,
    /// A configuration problem with the publishable key, reported by `basic.keys`.
    pub publishable_key_error: Option<String>,
    /// The secret key's environment (`test`/`live`) and its well-formedness.
    pub secret_key_environment: Option<crate::clerk::keys::KeyEnvironment>,
}

/// The target's Organizations settings (`GET /v1/instance/organization_settings`), read once at
/// the start of the run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrgSupport {
    /// Organizations on; `None` when the settings could not be read (then the first
    /// organization request tells).
    pub enabled: Option<bool>,
    /// Organization slugs on (`slug` may be sent on create).
    pub slugs: bool,
}

/// Waits before each retry of a 404 on a just-created resource against Clerk (23.75 s in all:
/// public reports needed up to 20 s).
pub const LAG_BACKOFF_MS: &[u64] = &[250, 500, 1000, 2000, 4000, 8000, 8000];
/// The same against an emulator.
pub const EMULATOR_LAG_BACKOFF_MS: &[u64] = &[20, 50, 100];

/// Why org-dependent checks are skipped, with the fix.
pub const ORGANIZATIONS_OFF: &str = "Organizations are disabled on this instance (403 `organization_not_enabled_in_instance`): enable them in the Dashboard (Organizations → Settings), or run `clerkctl emulator --organizations` (`[organizations] enabled = true` in `clerkctl.toml`)";

/// The run's shared context.
pub struct Ctx {
    /// The Backend API client.
    pub client: ClerkClient,
    /// The run id.
    pub run_id: String,
    /// What to assert.
    pub expect: Expectations,
    /// The target.
    pub target: Target,
    /// `GET /v1/jwks` as fetched at start.
    pub jwks: Jwks,
    /// Those keys, parsed (`None` when none is usable: `basic.jwks` says why).
    pub keys: Option<KeySet>,
    /// Created resources.
    pub tracker: Arc<Tracker>,
    /// The target's Organizations settings.
    pub organizations: OrgSupport,
    /// `--real-time`.
    pub real_time: bool,
    /// The project directory (for `basic`'s file checks).
    pub project_dir: PathBuf,
    /// `clerkctl.toml`, when present.
    pub project_file: Option<PathBuf>,
}

impl Ctx {
    /// Create a tagged test user (tracked before anything else can fail).
    pub async fn create_user(&self, label: &str) -> Result<Value, ApiError> {
        let body = json!({
            "external_id": format!("{}-{label}", user_external_id(&self.run_id)),
            "email_address": [user_email(&self.run_id, label)],
            "first_name": "clerkctl",
            "last_name": label,
            "skip_password_requirement": true,
            "skip_password_checks": true,
        });
        let user: Value = self.client.post("/users", &body).await?;
        if let Some(id) = user.get("id").and_then(Value::as_str) {
            self.tracker.track(Kind::User, id);
        }
        Ok(user)
    }

    /// Read the Organizations settings (unknown when the instance does not answer them).
    pub async fn organization_support(client: &ClerkClient) -> Result<OrgSupport, ApiError> {
        match client
            .get::<Value>("/instance/organization_settings", &[])
            .await
        {
            Ok(v) => Ok(OrgSupport {
                enabled: v.get("enabled").and_then(Value::as_bool),
                slugs: v.get("slug_disabled").and_then(Value::as_bool) == Some(false),
            }),
            Err(e) if e.is_unavailable() => Err(e),
            Err(_) => Ok(OrgSupport::default()),
        }
    }

    /// Create a session for a test user (deleted with the user). The user was just created, so
    /// a 404 is retried (see [`Ctx::fresh`]).
    pub async fn create_session(
        &self,
        user_id: &str,
        org: Option<&str>,
    ) -> Result<Session, ApiError> {
        let mut body = json!({ "user_id": user_id });
        if let Some(org) = org {
            body["active_organization_id"] = json!(org);
        }
        self.fresh(|| self.client.post("/sessions", &body)).await
    }

    /// Run a request about a resource this run has just created, retrying a 404 with backoff:
    /// the Backend API is eventually consistent, and a user created a moment ago can be "not
    /// found" for seconds (`bapi.read_after_write` in docs/fidelity.toml). Bounded: about 24 s
    /// against Clerk, well under a second against an emulator (which lags one read at most).
    pub async fn fresh<T, F, Fut>(&self, mut request: F) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, ApiError>>,
    {
        let schedule: &[u64] = if self.target.emulator {
            EMULATOR_LAG_BACKOFF_MS
        } else {
            LAG_BACKOFF_MS
        };
        let mut delays = schedule.iter();
        loop {
            match request().await {
                Err(e) if e.is_not_found() => match delays.next() {
                    Some(ms) => tokio::time::sleep(Duration::from_millis(*ms)).await,
                    None => return Err(e),
                },
                other => return other,
            }
        }
    }

    /// The ids `GET /v1/sessions?user_id=…&status=active` lists.
    pub async fn active_session_ids(
        &self,
        user_id: &str,
    ) -> Result<std::collections::BTreeSet<String>, ApiError> {
        let listed: crate::clerk::api::List<Session> = self
            .client
            .get(
                "/sessions",
                &[
                    ("user_id", user_id.to_string()),
                    ("status", "active".into()),
                    ("paginated", "true".into()),
                ],
            )
            .await?;
        Ok(listed.into_items().into_iter().map(|s| s.id).collect())
    }

    /// The session as the instance reports it now.
    pub async fn session(&self, session_id: &str) -> Result<Session, ApiError> {
        self.client
            .get(&format!("/sessions/{session_id}"), &[])
            .await
    }

    /// Mint a session token (or a template token), optionally with `expires_in_seconds`.
    pub async fn mint(
        &self,
        session_id: &str,
        template: Option<&str>,
        expires_in: Option<u64>,
    ) -> Result<String, ApiError> {
        let path = match template {
            Some(t) => format!("/sessions/{session_id}/tokens/{t}"),
            None => format!("/sessions/{session_id}/tokens"),
        };
        let body = match expires_in {
            Some(s) => json!({ "expires_in_seconds": s }),
            None => json!({}),
        };
        let token: Token = self.client.post(&path, &body).await?;
        Ok(token.jwt)
    }

    /// Revoke a session.
    pub async fn revoke(&self, session_id: &str) -> Result<Session, ApiError> {
        self.client
            .post(&format!("/sessions/{session_id}/revoke"), &json!({}))
            .await
    }

    /// Verify a token against the instance's JWKS at `now` (unix seconds; `None` = system clock),
    /// with the configured skew and, when given, authorized parties.
    pub fn verify(&self, token: &str, now: Option<i64>, parties: &[String]) -> Option<Verdict> {
        let keys = self.keys.as_ref()?;
        let opts = VerifyOptions {
            authorized_parties: parties.to_vec(),
            audience: Vec::new(),
            clock_skew: Duration::from_secs(self.expect.clock_skew),
            now,
        };
        Some(verify(token, keys, &opts))
    }

    /// The emulator's clock in unix seconds (system clock for real Clerk).
    pub async fn server_now(&self) -> Result<i64, ApiError> {
        if !self.target.emulator {
            return Ok(chrono::Utc::now().timestamp());
        }
        let clock: Value = self
            .client
            .control(Method::GET, "/__clerkctl/clock", None::<&()>)
            .await?;
        Ok(clock.get("now_ms").and_then(Value::as_i64).unwrap_or(0) / 1000)
    }

    /// Move the emulator's clock (no-op for real Clerk, where the caller sleeps instead).
    pub async fn advance_clock(&self, seconds: i64) -> Result<(), ApiError> {
        let _: Value = self
            .client
            .control(
                Method::POST,
                "/__clerkctl/clock",
                Some(&json!({ "advance_seconds": seconds })),
            )
            .await?;
        Ok(())
    }

    /// The emulator's clock offset from real time in milliseconds, read before the suites move
    /// it so the run can put back whatever the emulator's owner had set.
    pub async fn clock_offset_ms(&self) -> Result<i64, ApiError> {
        let clock: Value = self
            .client
            .control(Method::GET, "/__clerkctl/clock", None::<&()>)
            .await?;
        Ok(clock.get("offset_ms").and_then(Value::as_i64).unwrap_or(0))
    }

    /// Give the emulator's clock back the offset it had before the run (`0`: real time).
    pub async fn restore_clock(&self, offset_ms: i64) -> Result<(), ApiError> {
        let body = if offset_ms == 0 {
            json!({ "reset": true })
        } else {
            // The emulator runs on this machine: its real time is ours.
            json!({ "set_ms": chrono::Utc::now().timestamp_millis().saturating_add(offset_ms).max(0) })
        };
        let _: Value = self
            .client
            .control(Method::POST, "/__clerkctl/clock", Some(&body))
            .await?;
        Ok(())
    }
}

/// A claim as a display string (`"user_1"`, `60`, `(absent)`).
pub fn show(v: Option<&Value>) -> String {
    v.map_or_else(|| "(absent)".to_string(), ToString::to_string)
}

/// A numeric claim.
pub fn num(claims: &serde_json::Map<String, Value>, name: &str) -> Option<i64> {
    claims.get(name).and_then(Value::as_i64)
}

/// The failure reasons of a verdict, comma-separated (`token-expired`), or `valid`.
pub fn reasons(verdict: &Verdict) -> String {
    if verdict.is_valid() {
        "valid".to_string()
    } else {
        verdict
            .failures
            .iter()
            .map(|f| f.reason.code())
            .collect::<Vec<_>>()
            .join(", ")
    }
}
