//! The answers `configure` works from — whatever asked them (flags, the wizard, `clerkctl.toml`,
//! a preset) — with the validation every source shares, so the wizard re-asks exactly what a
//! flag would have rejected.

use serde::Serialize;

use super::detect::Framework;
use super::routes::RoutePattern;
use crate::project::{RouteRule, RoutesConfig, SessionConfig, SessionMode, TemplateRef};

/// A starting point for the session settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// Clerk's defaults (7-day lifetime, no inactivity timeout), localhost as authorized party.
    Development,
    /// 7-day lifetime and a 1-day inactivity timeout.
    Production,
    /// 12-hour lifetime, 30-minute inactivity timeout, single session.
    HighSecurity,
}

impl Preset {
    /// The name as typed.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Development => "development",
            Preset::Production => "production",
            Preset::HighSecurity => "high-security",
        }
    }

    /// The session settings this preset stands for.
    pub fn session(self) -> SessionConfig {
        let (max, idle, parties): (u64, u64, &[&str]) = match self {
            Preset::Development => (7 * DAY, 0, &["http://localhost:3000"]),
            Preset::Production => (7 * DAY, DAY, &[]),
            Preset::HighSecurity => (12 * HOUR, 30 * MINUTE, &[]),
        };
        SessionConfig {
            max_lifetime_seconds: max,
            inactivity_timeout_seconds: idle,
            mode: SessionMode::Single,
            authorized_parties: parties.iter().map(|s| (*s).to_string()).collect(),
            ..SessionConfig::default()
        }
    }
}

const MINUTE: u64 = 60;
const HOUR: u64 = 60 * MINUTE;
const DAY: u64 = 24 * HOUR;
/// The longest duration accepted (10 years), well past anything Clerk's Dashboard offers.
const MAX_DURATION: u64 = 3650 * DAY;

/// Everything `configure` needs to render the files.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answers {
    /// Which scaffolding to write.
    pub framework: Framework,
    /// Next.js major version (decides `proxy` vs `middleware`).
    pub next_major: u32,
    /// Put framework files under `src/`.
    pub src_dir: bool,
    /// TypeScript (`.ts` + `types/globals.d.ts`) or JavaScript.
    pub typescript: bool,
    /// The preset the values started from, if any (noted in the files).
    pub preset: Option<Preset>,
    /// `[session]`.
    pub session: SessionConfig,
    /// `[routes]`.
    pub routes: RoutesConfig,
    /// JWT templates (name, and the body file `jwt-template` keeps, if any).
    pub jwt_templates: Vec<TemplateRef>,
}

/// Parse a session duration: `off`, or the duration syntax of every flag
/// ([`crate::jwt::time::parse_seconds_or_off`]: `7d`, `12h`, `30m`, plain seconds), between a
/// minute and 10 years.
pub fn parse_duration(text: &str) -> Result<u64, String> {
    let seconds = crate::jwt::time::parse_seconds_or_off(text).map_err(|_| {
        format!("`{text}` is not a duration; write e.g. `7d`, `12h`, `30m` or `off`")
    })?;
    if seconds > MAX_DURATION {
        return Err(format!("`{text}` is longer than 10 years"));
    }
    if seconds != 0 && seconds < MINUTE {
        return Err(format!("`{text}` is shorter than a minute"));
    }
    Ok(seconds)
}

/// Seconds as the shortest exact duration (`7d`, `90m`, `off`), the form [`parse_duration`] reads.
pub fn format_duration(seconds: u64) -> String {
    match seconds {
        0 => "off".into(),
        s if s % DAY == 0 => format!("{}d", s / DAY),
        s if s % HOUR == 0 => format!("{}h", s / HOUR),
        s if s % MINUTE == 0 => format!("{}m", s / MINUTE),
        s => format!("{s}s"),
    }
}

/// Seconds in words for people (`7 days`, `30 minutes`, `off`).
pub fn human_duration(seconds: u64) -> String {
    let plural = |n: u64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    match seconds {
        0 => "off".into(),
        s if s % DAY == 0 => plural(s / DAY, "day"),
        s if s % HOUR == 0 => plural(s / HOUR, "hour"),
        s if s % MINUTE == 0 => plural(s / MINUTE, "minute"),
        s => plural(s, "second"),
    }
}

/// Check the two lifetimes together: Clerk keeps at least one on, and an inactivity timeout at
/// or beyond the maximum lifetime could never fire.
pub fn check_lifetimes(max: u64, idle: u64) -> Result<(), String> {
    if max == 0 && idle == 0 {
        return Err(
            "maximum lifetime and inactivity timeout cannot both be off (Clerk requires one)"
                .into(),
        );
    }
    if max != 0 && idle >= max {
        return Err(format!(
            "an inactivity timeout of {} can never fire within a maximum lifetime of {}",
            human_duration(idle),
            human_duration(max)
        ));
    }
    Ok(())
}

/// Validate an origin (`https://app.example.com`, `http://localhost:3000`) and normalize it.
pub fn parse_origin(text: &str) -> Result<String, String> {
    let bad = || {
        format!("`{text}` is not an origin; write `https://host` or `http://host:port`, no path")
    };
    let url = url::Url::parse(text.trim()).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https")
        || url.host_str().is_none()
        || url.path() != "/"
        || url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
    {
        return Err(bad());
    }
    Ok(url.origin().ascii_serialization())
}

/// Validate a route pattern.
pub fn parse_route(text: &str) -> Result<String, String> {
    RoutePattern::parse(text.trim())
        .map(|p| p.as_str().to_string())
        .map_err(|e| e.to_string())
}

/// Validate a role or permission key (`org:admin`, `org:invoices:read`).
pub fn parse_key(text: &str, what: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
    {
        return Err(format!(
            "`{t}` is not a {what} key; use letters, digits and `:_-.` (e.g. `org:admin`)"
        ));
    }
    Ok(t.to_string())
}

/// Parse `PATH=KEY` (a route and the role or permission it needs).
pub fn parse_rule(text: &str, what: &str) -> Result<(String, String), String> {
    let (path, key) = text.split_once('=').ok_or_else(|| {
        format!(
            "`{text}` must be `PATH={}` (e.g. `/admin(.*)=org:admin`)",
            what.to_ascii_uppercase()
        )
    })?;
    Ok((parse_route(path)?, parse_key(key, what)?))
}

/// Claims Clerk sets itself in every session token; a custom claim cannot replace them.
pub const RESERVED_SESSION_CLAIMS: &[&str] = &[
    "azp",
    "exp",
    "iat",
    "iss",
    "jti",
    "nbf",
    "sub",
    "sid",
    "v",
    "fva",
    "sts",
    "o",
    "pla",
    "fea",
    "act",
    "org_id",
    "org_role",
    "org_slug",
    "org_permissions",
];

/// Parse `NAME=VALUE`: VALUE is JSON when it parses as a JSON object, array, number or boolean or
/// quoted string, and otherwise a string (`{{user.public_metadata.role}}`).
pub fn parse_claim(text: &str) -> Result<(String, serde_json::Value), String> {
    let (name, value) = text.split_once('=').ok_or_else(|| {
        format!("`{text}` must be `NAME=VALUE` (e.g. `role={{{{user.public_metadata.role}}}}`)")
    })?;
    let name = name.trim();
    let valid_name = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid_name {
        return Err(format!(
            "`{name}` is not a claim name; use letters, digits and `_`"
        ));
    }
    if RESERVED_SESSION_CLAIMS.contains(&name) {
        return Err(format!(
            "`{name}` is set by Clerk in every session token and cannot be customized"
        ));
    }
    let value = value.trim();
    let parsed = match serde_json::from_str::<serde_json::Value>(value) {
        Ok(
            v @ (serde_json::Value::Object(_)
            | serde_json::Value::Array(_)
            | serde_json::Value::Number(_)
            | serde_json::Value::Bool(_)
            | serde_json::Value::String(_)),
        ) => v,
        Ok(serde_json::Value::Null) => {
            return Err(format!("claim `{name}` cannot be null"));
        }
        Err(_) => serde_json::Value::String(value.to_string()),
    };
    if contains_null(&parsed) {
        return Err(format!("claim `{name}` cannot contain null"));
    }
    if parsed.as_str().is_some_and(str::is_empty) {
        return Err(format!("claim `{name}` has an empty value"));
    }
    Ok((name.to_string(), parsed))
}

fn contains_null(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null => true,
        serde_json::Value::Array(a) => a.iter().any(contains_null),
        serde_json::Value::Object(o) => o.values().any(contains_null),
        _ => false,
    }
}

/// Validate a JWT template name (as Clerk accepts it in `getToken({ template })`).
pub fn parse_template_name(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty()
        || t.len() > 64
        || !t
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return Err(format!(
            "`{t}` is not a template name; use letters, digits and `_-.`"
        ));
    }
    Ok(t.to_string())
}

/// Split a comma-separated answer, keeping commas inside `{…}`/`[…]` (claim values are JSON).
pub fn split_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            ',' if depth <= 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    items
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The default routes for a project without `clerkctl.toml`.
pub fn default_routes(framework: Framework) -> RoutesConfig {
    let v = |items: &[&str]| items.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
    match framework {
        Framework::Express | Framework::Fastify => RoutesConfig {
            public: v(&["/health"]),
            protected: Vec::new(),
            api: v(&["/api(.*)"]),
            webhooks: v(&["/api/webhooks(.*)"]),
            rules: Vec::new(),
        },
        _ => RoutesConfig {
            public: v(&["/", "/sign-in(.*)", "/sign-up(.*)"]),
            protected: v(&["/dashboard(.*)"]),
            api: v(&["/api(.*)"]),
            webhooks: v(&["/api/webhooks(.*)"]),
            rules: Vec::new(),
        },
    }
}

impl Answers {
    /// Check everything together (what each prompt validated alone, plus the cross-field rules).
    pub fn validate(&self) -> Result<(), String> {
        check_lifetimes(
            self.session.max_lifetime_seconds,
            self.session.inactivity_timeout_seconds,
        )?;
        for party in &self.session.authorized_parties {
            parse_origin(party)?;
        }
        let r = &self.routes;
        for route in r
            .public
            .iter()
            .chain(&r.protected)
            .chain(&r.api)
            .chain(&r.webhooks)
        {
            parse_route(route)?;
        }
        for RouteRule {
            path,
            role,
            permission,
        } in &r.rules
        {
            parse_route(path)?;
            match (role, permission) {
                (Some(k), None) => parse_key(k, "role").map(drop)?,
                (None, Some(k)) => parse_key(k, "permission").map(drop)?,
                _ => {
                    return Err(format!(
                        "route rule `{path}` needs exactly one of a role or a permission"
                    ));
                }
            }
        }
        for name in self.session.claims.keys() {
            if RESERVED_SESSION_CLAIMS.contains(&name.as_str()) {
                return Err(format!(
                    "`{name}` is set by Clerk in every session token and cannot be customized"
                ));
            }
        }
        for template in &self.jwt_templates {
            parse_template_name(&template.name)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_trip() {
        for (text, secs) in [
            ("7d", 604_800),
            ("12h", 43_200),
            ("30m", 1_800),
            ("off", 0),
            ("3600", 3_600),
            ("90 min", 5_400),
        ] {
            assert_eq!(parse_duration(text), Ok(secs), "{text}");
            assert_eq!(parse_duration(&format_duration(secs)), Ok(secs));
        }
        assert!(parse_duration("7w").is_err());
        assert!(parse_duration("10s").is_err());
        assert!(parse_duration("99999d").is_err());
        assert_eq!(human_duration(86_400), "1 day");
    }

    #[test]
    fn lifetimes_must_make_sense_together() {
        assert!(check_lifetimes(0, 0).is_err());
        assert!(check_lifetimes(3_600, 3_600).is_err());
        assert!(check_lifetimes(0, 3_600).is_ok());
        assert!(check_lifetimes(86_400, 3_600).is_ok());
    }

    #[test]
    fn origins_claims_and_rules() {
        assert_eq!(
            parse_origin("https://App.example.com/").unwrap(),
            "https://app.example.com"
        );
        assert_eq!(
            parse_origin("http://localhost:3000").unwrap(),
            "http://localhost:3000"
        );
        assert!(parse_origin("https://a.com/path").is_err());
        assert!(parse_origin("localhost:3000").is_err());
        let (n, v) = parse_claim("role={{user.public_metadata.role}}").unwrap();
        assert_eq!(
            (n.as_str(), v.as_str()),
            ("role", Some("{{user.public_metadata.role}}"))
        );
        let (_, v) = parse_claim(r#"meta={"a": "{{user.id}}", "b": 1}"#).unwrap();
        assert!(v.is_object());
        assert!(parse_claim("sub=x").is_err());
        assert!(parse_claim("a-b=x").is_err());
        assert!(parse_claim("x=null").is_err());
        assert_eq!(
            parse_rule("/admin(.*)=org:admin", "role").unwrap().1,
            "org:admin"
        );
        assert!(parse_rule("/admin", "role").is_err());
        assert!(parse_key("org admin", "role").is_err());
        assert_eq!(
            split_list(r#"a={"x":1,"y":2}, b=c ,"#),
            vec![r#"a={"x":1,"y":2}"#, "b=c"]
        );
    }
}
