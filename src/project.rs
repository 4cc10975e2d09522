//! `clerkctl.toml`: the project's session settings and expectations (never a secret).
//!
//! Written by `configure`, read by `test`, `jwt-template` and `emulator`. Every field is optional
//! in the file; absent fields take Clerk's defaults.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::UserError;

/// The file name, looked up in the working directory.
pub const FILE_NAME: &str = "clerkctl.toml";

/// Clerk's default maximum session lifetime: 7 days.
pub const DEFAULT_MAX_LIFETIME_SECS: u64 = 7 * 24 * 60 * 60;
/// Clerk's session token lifetime: 60 seconds.
pub const DEFAULT_TOKEN_LIFETIME_SECS: u64 = 60;
/// `@clerk/backend`'s default clock skew: 5 seconds.
pub const DEFAULT_CLOCK_SKEW_SECS: u64 = 5;

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProjectConfig {
    /// Session settings (Dashboard-only on real Clerk; enforced by the emulator, checked by `test`).
    pub session: SessionConfig,
    /// Framework scaffolding choices made by `configure`.
    pub project: ProjectInfo,
    /// Route protection, as `configure` wrote it into the middleware.
    pub routes: RoutesConfig,
    /// The instance's Organizations switch, as the emulator should model it.
    #[serde(skip_serializing_if = "OrganizationsConfig::is_default")]
    pub organizations: OrganizationsConfig,
    /// JWT templates the project uses; `test custom-claims` checks each against the instance.
    #[serde(rename = "jwt_template", skip_serializing_if = "Vec::is_empty")]
    pub jwt_templates: Vec<TemplateRef>,
}

/// Multi-session or single-session mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum SessionMode {
    /// One signed-in session per client; signing in again replaces it.
    #[default]
    Single,
    /// Several accounts signed in at once on one client.
    Multi,
}

/// `[organizations]`: whether the instance has Organizations on (off on a new instance). The
/// emulator (`clerkctl emulator`, the embedded `test` run) starts with this setting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrganizationsConfig {
    /// Organizations on.
    pub enabled: bool,
}

impl OrganizationsConfig {
    /// True for the default (off), which is not written out.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// `[session]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionConfig {
    /// Maximum session lifetime in seconds (`expire_at - created_at`). `0` = off.
    pub max_lifetime_seconds: u64,
    /// Inactivity timeout in seconds (`abandon_at`); `0` = off.
    pub inactivity_timeout_seconds: u64,
    /// Single- or multi-session mode.
    pub mode: SessionMode,
    /// Session token lifetime (`exp - iat`); fixed at 60 s by Clerk.
    pub token_lifetime_seconds: u64,
    /// Clock skew allowed when verifying (`@clerk/backend` default 5 s).
    pub clock_skew_seconds: u64,
    /// Origins allowed in `azp` (`authorizedParties`). Empty = not checked.
    pub authorized_parties: Vec<String>,
    /// Custom session-token claims ("Customize session token" in the Dashboard).
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub claims: serde_json::Map<String, serde_json::Value>,
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self {
            max_lifetime_seconds: DEFAULT_MAX_LIFETIME_SECS,
            inactivity_timeout_seconds: 0,
            mode: SessionMode::Single,
            token_lifetime_seconds: DEFAULT_TOKEN_LIFETIME_SECS,
            clock_skew_seconds: DEFAULT_CLOCK_SKEW_SECS,
            authorized_parties: Vec::new(),
            claims: serde_json::Map::new(),
        }
    }
}

/// `[project]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProjectInfo {
    /// `nextjs`, `express`, `fastify` or `react-router`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// Where the middleware/proxy file lives, relative to the project root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middleware: Option<String>,
}

/// `[routes]`: path patterns as `clerkMiddleware` matchers take them (`/dashboard(.*)`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RoutesConfig {
    /// Reachable signed out.
    pub public: Vec<String>,
    /// Need a signed-in user.
    pub protected: Vec<String>,
    /// API routes (signed out → 401/404, never a redirect).
    pub api: Vec<String>,
    /// Webhook receivers (always public; verified by signature instead).
    pub webhooks: Vec<String>,
    /// Routes that need a role or permission.
    #[serde(rename = "rule", skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RouteRule>,
}

/// `[[routes.rule]]`: a path pattern that needs a role or a permission.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RouteRule {
    /// Path pattern.
    pub path: String,
    /// Required role, e.g. `org:admin`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Required permission, e.g. `org:invoices:read`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permission: Option<String>,
}

/// `[[jwt_template]]`: a template the project uses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TemplateRef {
    /// The template name (as in `getToken({ template })`).
    pub name: String,
    /// The template body file (JSON, as `jwt-template` writes it), relative to the project root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl ProjectConfig {
    /// Load `clerkctl.toml` from `dir`, or `None` when there is none.
    pub fn load_from_dir(dir: &Path) -> Result<Option<(PathBuf, Self)>, UserError> {
        let path = dir.join(FILE_NAME);
        match crate::files::read_text_limited(&path, crate::files::CONFIG_LIMIT) {
            Ok(text) => Ok(Some((path.clone(), Self::parse(&text, &path)?))),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(UserError::usage(format!(
                "cannot read `{}`: {e}",
                path.display()
            ))),
        }
    }

    /// Parse the file's text; `path` is used in messages only.
    pub fn parse(text: &str, path: &Path) -> Result<Self, UserError> {
        let config: Self = toml::from_str(text).map_err(|e| {
            let detail = e.message().to_string();
            let location = e
                .span()
                .map(|span| {
                    let line = text[..span.start].matches('\n').count() + 1;
                    format!(" (line {line})")
                })
                .unwrap_or_default();
            UserError::usage(format!("invalid `{}`{location}: {detail}", path.display())).with_hint(
                "run `clerkctl configure` to rewrite it, or see README.md for the schema",
            )
        })?;
        config.validate(path)?;
        Ok(config)
    }

    fn validate(&self, path: &Path) -> Result<(), UserError> {
        let s = &self.session;
        if s.max_lifetime_seconds == 0 && s.inactivity_timeout_seconds == 0 {
            return Err(UserError::usage(format!(
                "invalid `{}`: maximum lifetime and inactivity timeout cannot both be off",
                path.display()
            ))
            .with_hint("Clerk requires at least one of them; set `session.max_lifetime_seconds`"));
        }
        if !(30..=315_360_000).contains(&s.token_lifetime_seconds) {
            return Err(UserError::usage(format!(
                "invalid `{}`: `session.token_lifetime_seconds` must be between 30 and 315360000",
                path.display()
            )));
        }
        if s.clock_skew_seconds > 300 {
            return Err(UserError::usage(format!(
                "invalid `{}`: `session.clock_skew_seconds` must be at most 300",
                path.display()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_means_clerk_defaults() {
        let c = ProjectConfig::parse("", Path::new("clerkctl.toml")).unwrap();
        assert_eq!(c.session.max_lifetime_seconds, DEFAULT_MAX_LIFETIME_SECS);
        assert_eq!(c.session.token_lifetime_seconds, 60);
        assert_eq!(c.session.mode, SessionMode::Single);
    }

    #[test]
    fn full_file_parses() {
        let text = r#"
[session]
max_lifetime_seconds = 86400
inactivity_timeout_seconds = 3600
mode = "multi"
authorized_parties = ["http://localhost:3000"]
claims = { role = "{{user.public_metadata.role}}" }

[project]
framework = "nextjs"

[routes]
public = ["/"]
protected = ["/dashboard(.*)"]
[[routes.rule]]
path = "/admin(.*)"
role = "org:admin"

[[jwt_template]]
name = "supabase"
file = ".clerk/jwt-templates/supabase.json"
"#;
        let c = ProjectConfig::parse(text, Path::new("clerkctl.toml")).unwrap();
        assert_eq!(c.session.mode, SessionMode::Multi);
        assert_eq!(c.routes.rules[0].role.as_deref(), Some("org:admin"));
        assert_eq!(c.jwt_templates[0].name, "supabase");
        let again = toml::to_string(&c).unwrap();
        assert_eq!(ProjectConfig::parse(&again, Path::new("x")).unwrap(), c);
    }

    #[test]
    fn errors_name_the_line() {
        let err =
            ProjectConfig::parse("[session]\nmode = \"triple\"\n", Path::new("clerkctl.toml"))
                .unwrap_err();
        assert!(err.message.contains("line 2"), "{}", err.message);
        let err = ProjectConfig::parse("[session]\nmax_lifetime_seconds = 0\n", Path::new("c"))
            .unwrap_err();
        assert!(err.message.contains("cannot both be off"));
    }
}
