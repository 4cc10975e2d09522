//! Turning flags, `clerkctl.toml`, a preset and detection into starting answers (flags win, then
//! the existing file, then the preset, then Clerk's defaults), without asking anything.

use crate::cli::{ConfigureArgs, Language};
use crate::error::UserError;
use crate::project::{ProjectConfig, RouteRule, TemplateRef};
use crate::scaffold::answers::{self, Answers, Preset};
use crate::scaffold::detect::{Detected, Framework};

/// The Next.js major assumed when neither a flag nor `package.json` says (the current one).
pub const DEFAULT_NEXT_MAJOR: u32 = 16;

/// Which questions a flag already answered (the wizard skips them).
#[derive(Debug, Clone, Copy, Default)]
pub struct Given {
    /// `--framework` (or detected).
    pub framework: bool,
    /// `--next-version` (or detected).
    pub next_major: bool,
    /// `--preset`.
    pub preset: bool,
    /// `--max-lifetime`.
    pub max_lifetime: bool,
    /// `--inactivity-timeout`.
    pub inactivity: bool,
    /// `--session-mode`.
    pub mode: bool,
    /// `--authorized-party`.
    pub parties: bool,
    /// `--claim`.
    pub claims: bool,
    /// Any route flag.
    pub routes: bool,
    /// `--jwt-template`.
    pub templates: bool,
}

fn usage(flag: &str, message: String) -> UserError {
    UserError::usage(format!("invalid `{flag}`: {message}")).with_hint(format!(
        "see `clerkctl configure --help` for the `{flag}` syntax"
    ))
}

/// `none` alone clears a repeatable list flag.
fn list<T>(
    values: &[String],
    flag: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<Vec<T>>, UserError> {
    if values.is_empty() {
        return Ok(None);
    }
    if values.len() == 1 && values.first().is_some_and(|v| v == "none") {
        return Ok(Some(Vec::new()));
    }
    values
        .iter()
        .map(|v| parse(v).map_err(|m| usage(flag, m)))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The answers before any question is asked.
pub fn resolve(
    args: &ConfigureArgs,
    detected: &Detected,
    existing: Option<&ProjectConfig>,
) -> Result<(Answers, Given), UserError> {
    let mut given = Given::default();
    let stored_framework = existing
        .and_then(|c| c.project.framework.as_deref())
        .and_then(Framework::from_name);
    let framework = args
        .framework
        .or(detected.framework)
        .or(stored_framework)
        .unwrap_or(Framework::None);
    given.framework = args.framework.is_some() || detected.framework.is_some();
    let next_major = args
        .next_version
        .or(detected.next_major)
        .unwrap_or(DEFAULT_NEXT_MAJOR);
    given.next_major = args.next_version.is_some() || detected.next_major.is_some();
    let typescript = match args.language {
        Some(lang) => lang == Language::Ts,
        // With nothing to look at, TypeScript is what Clerk's quickstarts use.
        None => detected.typescript || !detected.package_json,
    };
    let src_dir = args.src_dir.unwrap_or(detected.src_dir);

    let mut session = match (args.preset, existing) {
        (Some(preset), Some(config)) => {
            // A preset replaces the session settings but not claims or verification tuning.
            let mut s = preset.session();
            s.claims = config.session.claims.clone();
            s.token_lifetime_seconds = config.session.token_lifetime_seconds;
            s.clock_skew_seconds = config.session.clock_skew_seconds;
            s
        }
        (Some(preset), None) => preset.session(),
        (None, Some(config)) => config.session.clone(),
        (None, None) => Preset::Development.session(),
    };
    given.preset = args.preset.is_some();
    if let Some(text) = &args.max_lifetime {
        session.max_lifetime_seconds =
            answers::parse_duration(text).map_err(|m| usage("--max-lifetime", m))?;
        given.max_lifetime = true;
    }
    if let Some(text) = &args.inactivity_timeout {
        session.inactivity_timeout_seconds =
            answers::parse_duration(text).map_err(|m| usage("--inactivity-timeout", m))?;
        given.inactivity = true;
    }
    if let Some(mode) = args.session_mode {
        session.mode = mode;
        given.mode = true;
    }
    if let Some(parties) = list(
        &args.authorized_party,
        "--authorized-party",
        answers::parse_origin,
    )? {
        session.authorized_parties = parties;
        given.parties = true;
    }
    if let Some(claims) = list(&args.claim, "--claim", answers::parse_claim)? {
        session.claims = claims.into_iter().collect();
        given.claims = true;
    }

    let mut routes =
        existing.map_or_else(|| answers::default_routes(framework), |c| c.routes.clone());
    let route_lists = [
        (&args.public_route, "--public-route", &mut routes.public),
        (
            &args.protected_route,
            "--protected-route",
            &mut routes.protected,
        ),
        (&args.api_route, "--api-route", &mut routes.api),
        (&args.webhook_route, "--webhook-route", &mut routes.webhooks),
    ];
    for (values, flag, target) in route_lists {
        if let Some(parsed) = list(values, flag, answers::parse_route)? {
            *target = parsed;
            given.routes = true;
        }
    }
    let roles = list(&args.role_route, "--role-route", |t| {
        answers::parse_rule(t, "role")
    })?;
    let permissions = list(&args.permission_route, "--permission-route", |t| {
        answers::parse_rule(t, "permission")
    })?;
    if roles.is_some() || permissions.is_some() {
        given.routes = true;
        // Each flag replaces its own kind of rule and keeps the other.
        let keep_roles = roles.is_none();
        let keep_permissions = permissions.is_none();
        routes.rules.retain(|r| {
            (r.role.is_some() && keep_roles) || (r.permission.is_some() && keep_permissions)
        });
        for (path, role) in roles.unwrap_or_default() {
            routes.rules.push(RouteRule {
                path,
                role: Some(role),
                permission: None,
            });
        }
        for (path, permission) in permissions.unwrap_or_default() {
            routes.rules.push(RouteRule {
                path,
                role: None,
                permission: Some(permission),
            });
        }
    }

    let stored_templates = existing
        .map(|c| c.jwt_templates.clone())
        .unwrap_or_default();
    let jwt_templates = match list(
        &args.jwt_template,
        "--jwt-template",
        answers::parse_template_name,
    )? {
        Some(names) => {
            given.templates = true;
            with_files(names, &stored_templates)
        }
        None => stored_templates,
    };

    let answers = Answers {
        framework,
        next_major,
        src_dir,
        typescript,
        preset: args.preset,
        session,
        routes,
        jwt_templates,
    };
    Ok((answers, given))
}

/// Template names → references, keeping the body file already recorded for a name.
pub fn with_files(names: Vec<String>, stored: &[TemplateRef]) -> Vec<TemplateRef> {
    let mut out: Vec<TemplateRef> = Vec::new();
    for name in names {
        if out.iter().any(|t| t.name == name) {
            continue;
        }
        let file = stored
            .iter()
            .find(|t| t.name == name)
            .and_then(|t| t.file.clone());
        out.push(TemplateRef { name, file });
    }
    out
}
