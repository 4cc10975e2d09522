//! What Clerk's claims mean: token kind, explanations of Clerk claims (`sid`, `fva`, `o`, …),
//! the v2 organization permission bitmask (contract §4), and warnings about a token's shape.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::jwt::decode::{DecodedToken, json_type};
use crate::jwt::time::{format_time, relative, span};

/// `cat` header of session tokens.
pub const CATEGORY_SESSION: &str = "cl_B7d4PD111AAA";
/// `cat` header of JWT-template tokens.
pub const CATEGORY_TEMPLATE: &str = "cl_B7d4PD222AAA";
/// `cat` header of machine-to-machine tokens.
pub const CATEGORY_M2M: &str = crate::jwt::verify::CATEGORY_M2M;

/// The browser cookie budget a `__session` cookie (name, `=`, token) must fit in.
pub const COOKIE_BUDGET_BYTES: usize = 4096;
/// Clerk's documented budget for custom session claims.
pub const CUSTOM_CLAIMS_BUDGET_BYTES: usize = 1200;

/// Claims Clerk itself puts in session tokens; anything else is a custom claim.
const CLERK_CLAIMS: &[&str] = &[
    "azp",
    "exp",
    "fva",
    "iat",
    "iss",
    "nbf",
    "sid",
    "sub",
    "jti",
    "v",
    "sts",
    "pla",
    "fea",
    "o",
    "act",
    "org_id",
    "org_slug",
    "org_role",
    "org_permissions",
];

/// What kind of Clerk token this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// A session token with v1 claims (deprecated since 2025-04-14).
    SessionV1,
    /// A session token with v2 claims (`v: 2`).
    SessionV2,
    /// A token minted from a JWT template.
    JwtTemplate,
    /// A machine-to-machine token.
    M2m,
    /// An OAuth access token.
    Oauth,
    /// None of the above.
    Unknown,
}

impl TokenKind {
    /// For text output.
    pub fn label(self) -> &'static str {
        match self {
            TokenKind::SessionV1 => "session token v1",
            TokenKind::SessionV2 => "session token v2",
            TokenKind::JwtTemplate => "JWT template token",
            TokenKind::M2m => "M2M token",
            TokenKind::Oauth => "OAuth access token",
            TokenKind::Unknown => "unknown (not a Clerk token shape)",
        }
    }

    /// True for session tokens.
    pub fn is_session(self) -> bool {
        matches!(self, TokenKind::SessionV1 | TokenKind::SessionV2)
    }
}

/// Classify a token from its `cat` header, `v` claim and claim set.
pub fn classify(header: &Map<String, Value>, claims: &Map<String, Value>) -> TokenKind {
    let session = || {
        if claims.get("v").and_then(Value::as_i64) == Some(2) {
            TokenKind::SessionV2
        } else {
            TokenKind::SessionV1
        }
    };
    match header.get("cat").and_then(Value::as_str) {
        Some(CATEGORY_SESSION) => return session(),
        Some(CATEGORY_TEMPLATE) => return TokenKind::JwtTemplate,
        Some(CATEGORY_M2M) => return TokenKind::M2m,
        _ => {}
    }
    let sub = claims
        .get("sub")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let typ = header
        .get("typ")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if sub.starts_with("mch_") {
        TokenKind::M2m
    } else if typ.eq_ignore_ascii_case("at+jwt")
        || (claims.contains_key("client_id") && claims.contains_key("scope"))
    {
        TokenKind::Oauth
    } else if claims.contains_key("sid") {
        session()
    } else if claims.contains_key("sub") && claims.contains_key("iss") && claims.contains_key("exp")
    {
        TokenKind::JwtTemplate
    } else {
        TokenKind::Unknown
    }
}

/// One explained claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The claim name (`o`, `fva`, …).
    pub claim: String,
    /// What it means, one line.
    pub summary: String,
    /// Structured decoding, when there is one (`o` → org id, slug, role, permissions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Value>,
    /// True for claims Clerk has deprecated.
    pub deprecated: bool,
}

impl Explanation {
    fn new(claim: &str, summary: impl Into<String>) -> Self {
        Self {
            claim: claim.to_string(),
            summary: summary.into(),
            details: None,
            deprecated: false,
        }
    }
}

/// Something suspicious about a token's shape (not a verification failure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// A stable kebab-case code.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
}

fn warning(code: &'static str, message: impl Into<String>) -> Warning {
    Warning {
        code,
        message: message.into(),
    }
}

/// One feature of the `fea` claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feature {
    /// `u`, `o`, `uo` or `ou`.
    pub scope: String,
    /// The feature slug.
    pub name: String,
}

impl Feature {
    /// True for features that count in `o.fpm` (any scope with an `o`).
    pub fn is_org(&self) -> bool {
        self.scope.contains('o')
    }
}

/// Parse `fea` (`o:dashboard,u:reports`). An element without `:` is an error, as in the SDK.
pub fn parse_features(fea: &str) -> Result<Vec<Feature>, String> {
    fea.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| {
            let (scope, name) = item
                .split_once(':')
                .ok_or_else(|| format!("`fea` element `{item}` has no scope (`u:` or `o:`)"))?;
            Ok(Feature {
                scope: scope.to_string(),
                name: name.to_string(),
            })
        })
        .collect()
}

/// The active organization of a v2 token, decoded from `o` (and `fea` for permissions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgClaims {
    /// `o.id`.
    pub id: Option<String>,
    /// `o.slg`.
    pub slug: Option<String>,
    /// `org:` + `o.rol`.
    pub role: Option<String>,
    /// `org:<feature>:<permission>` for every set bit of `o.fpm`.
    pub permissions: Vec<String>,
    /// Problems found while decoding (count mismatches, bad numbers).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// Decode the v2 `o` claim. `fpm` holds one integer per org-scoped feature of `fea` (in order);
/// bit *i* (LSB first) of a feature's integer grants `per[i]` on that feature.
pub fn decode_org(o: &Map<String, Value>, fea: Option<&str>) -> Result<OrgClaims, String> {
    let text = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
    let mut problems = Vec::new();
    let per: Vec<&str> = o
        .get("per")
        .and_then(Value::as_str)
        .map(|p| {
            p.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let fpm: Vec<&str> = o
        .get("fpm")
        .and_then(Value::as_str)
        .map(|p| {
            p.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let features: Vec<Feature> = parse_features(fea.unwrap_or_default())?
        .into_iter()
        .filter(Feature::is_org)
        .collect();
    if fpm.len() != features.len() {
        problems.push(format!(
            "`o.fpm` has {} value(s) but `fea` has {} organization feature(s)",
            fpm.len(),
            features.len()
        ));
    }
    let mut permissions = Vec::new();
    for (feature, mask) in features.iter().zip(&fpm) {
        let Ok(mask) = mask.parse::<u64>() else {
            problems.push(format!(
                "`o.fpm` value `{mask}` is not a non-negative integer"
            ));
            continue;
        };
        for (bit, perm) in per.iter().enumerate().take(64) {
            if mask >> bit & 1 == 1 {
                permissions.push(format!("org:{}:{perm}", feature.name));
            }
        }
        let known_bits = u32::try_from(per.len()).unwrap_or(64).min(64);
        if known_bits < 64 && mask >> known_bits != 0 {
            problems.push(format!(
                "`o.fpm` value {mask} for `{}` sets bits beyond the {} permission(s) in `o.per`",
                feature.name,
                per.len()
            ));
        }
    }
    Ok(OrgClaims {
        id: text("id"),
        slug: text("slg"),
        role: text("rol").map(|r| format!("org:{r}")),
        permissions,
        problems,
    })
}

/// Explain the Clerk claims of a token.
pub fn explain(token: &DecodedToken, now_ms: i64) -> (Vec<Explanation>, Vec<Warning>) {
    let claims = &token.claims;
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let s = |k: &str| claims.get(k).and_then(Value::as_str);
    if let Some(iss) = s("iss") {
        out.push(Explanation::new(
            "iss",
            format!("issued by the Frontend API `{iss}` (not checked by the SDK)"),
        ));
    }
    if let Some(sub) = s("sub") {
        let what = if sub.starts_with("user_") {
            "user"
        } else if sub.starts_with("mch_") {
            "machine"
        } else {
            "subject"
        };
        out.push(Explanation::new("sub", format!("{what} `{sub}`")));
    }
    if let Some(sid) = s("sid") {
        out.push(Explanation::new(
            "sid",
            format!("session `{sid}`: the token is bound to this session and dies with it"),
        ));
    }
    match claims.get("azp") {
        Some(Value::String(azp)) => out.push(Explanation::new(
            "azp",
            format!("authorized party: minted for a request from origin `{azp}`; check it with `authorizedParties`"),
        )),
        Some(_) => {}
        None if classify(&token.header, claims).is_session() => out.push(Explanation::new(
            "azp",
            "absent: the token was minted without a browser `Origin`; the SDK rejects it when `authorizedParties` is set",
        )),
        None => {}
    }
    if let Some(v) = claims.get("v") {
        out.push(Explanation::new("v", format!("claims version {v}")));
    }
    if let Some(fva) = claims.get("fva") {
        out.push(explain_fva(fva, &mut warnings));
    }
    if let Some(sts) = s("sts") {
        let meaning = match sts {
            "active" => "the session is active".to_string(),
            "pending" => "the session is pending: the user still has a task to finish (e.g. choose an organization); most routes treat it as signed out".to_string(),
            other => format!("session status `{other}`"),
        };
        out.push(Explanation::new("sts", meaning));
    }
    if let Some(pla) = s("pla") {
        let meaning = match pla.split_once(':') {
            Some(("u", plan)) => format!("active billing plan `{plan}` (user plan)"),
            Some(("o", plan)) => format!("active billing plan `{plan}` (organization plan)"),
            _ => format!("active billing plan `{pla}`"),
        };
        out.push(Explanation::new("pla", meaning));
    }
    let fea = s("fea");
    if let Some(fea) = fea {
        match parse_features(fea) {
            Ok(features) => {
                let list: Vec<String> = features
                    .iter()
                    .map(|f| {
                        let scope = match f.scope.as_str() {
                            "u" => "user",
                            "o" => "organization",
                            "uo" | "ou" => "user and organization",
                            _ => "unknown scope",
                        };
                        format!("{} ({scope})", f.name)
                    })
                    .collect();
                let mut e = Explanation::new("fea", format!("features: {}", list.join(", ")));
                e.details = Some(json!(features));
                out.push(e);
            }
            Err(problem) => {
                warnings.push(warning("fea-malformed", problem.clone()));
                out.push(Explanation::new("fea", format!("malformed: {problem}")));
            }
        }
    }
    match claims.get("o") {
        Some(Value::Object(o)) => match decode_org(o, fea) {
            Ok(org) => {
                for p in &org.problems {
                    warnings.push(warning("org-permissions-mismatch", p.clone()));
                }
                let mut parts = vec![format!(
                    "active organization `{}`",
                    org.id.as_deref().unwrap_or("?")
                )];
                if let Some(slug) = &org.slug {
                    parts.push(format!("slug `{slug}`"));
                }
                if let Some(role) = &org.role {
                    parts.push(format!("role `{role}`"));
                }
                parts.push(if org.permissions.is_empty() {
                    "no feature permissions".to_string()
                } else {
                    format!("permissions {}", org.permissions.join(", "))
                });
                let mut e = Explanation::new("o", parts.join(", "));
                e.details = serde_json::to_value(&org).ok();
                out.push(e);
            }
            Err(problem) => {
                warnings.push(warning("fea-malformed", problem.clone()));
                out.push(Explanation::new(
                    "o",
                    format!("active organization; permissions not decodable: {problem}"),
                ));
            }
        },
        Some(other) => warnings.push(warning(
            "org-claim-malformed",
            format!("`o` is a JSON {}, expected an object", json_type(other)),
        )),
        None => {}
    }
    // Clerk deprecated version 1 of the *session token's* default claims on 2025-04-14, `org_*`
    // among them, for the v2 `o` claim [DOCS:guides/sessions/session-tokens.mdx, "Version 1"
    // tab]. A JWT template's claims are the template author's own [DOCS:guides/sessions/
    // jwt-templates.mdx]: `org_id: "{{org.id}}"` there is current, not deprecated, and is what
    // `jwt-template custom --org` writes.
    let session = matches!(
        classify(&token.header, claims),
        TokenKind::SessionV1 | TokenKind::SessionV2
    );
    let mut deprecated_seen = Vec::new();
    for (name, meaning) in [
        ("org_id", "active organization id"),
        ("org_slug", "active organization slug"),
        ("org_role", "role in the active organization"),
        ("org_permissions", "permissions in the active organization"),
    ] {
        if let Some(value) = claims.get(name) {
            let shown = value
                .as_str()
                .map_or_else(|| value.to_string(), |v| format!("`{v}`"));
            if !session {
                out.push(Explanation::new(name, format!("{meaning} {shown}")));
                continue;
            }
            let mut e = Explanation::new(
                name,
                format!("{meaning} {shown} (v1 claim, deprecated: v2 tokens carry `o`)"),
            );
            e.deprecated = true;
            out.push(e);
            deprecated_seen.push(format!("`{name}`"));
        }
    }
    if !deprecated_seen.is_empty() {
        warnings.push(warning(
            "deprecated-claims",
            format!(
                "{} are v1 session claims, deprecated since 2025-04-14; read the organization from `auth()` or the v2 `o` claim",
                deprecated_seen.join(", ")
            ),
        ));
    }
    if let Some(act) = claims.get("act") {
        out.push(explain_act(act));
    }
    if let Some(jti) = s("jti") {
        out.push(Explanation::new("jti", format!("unique token id `{jti}`")));
    }
    for name in ["iat", "nbf", "exp"] {
        if let Some(n) = claims.get(name).and_then(Value::as_f64) {
            let ms = (n * 1000.0) as i64;
            let what = match name {
                "iat" => "issued",
                "nbf" => "not valid before",
                _ => "expires",
            };
            out.push(Explanation::new(
                name,
                format!("{what} {} ({})", format_time(ms), relative(ms, now_ms)),
            ));
        }
    }
    if let (Some(iat), Some(exp)) = (
        claims.get("iat").and_then(Value::as_i64),
        claims.get("exp").and_then(Value::as_i64),
    ) {
        let lifetime = exp.saturating_sub(iat);
        if let Some(e) = out.iter_mut().rev().find(|e| e.claim == "exp") {
            let sign = if lifetime < 0 { "-" } else { "" };
            e.summary.push_str(&format!(
                "; lifetime (exp - iat) {sign}{}",
                span(lifetime.unsigned_abs())
            ));
        }
    }
    (out, warnings)
}

fn explain_fva(fva: &Value, warnings: &mut Vec<Warning>) -> Explanation {
    let ages: Option<Vec<i64>> = fva
        .as_array()
        .filter(|a| a.len() == 2)
        .and_then(|a| a.iter().map(Value::as_i64).collect());
    let Some(ages) = ages else {
        warnings.push(warning(
            "fva-malformed",
            format!("`fva` is {fva}, expected two integers"),
        ));
        return Explanation::new("fva", format!("malformed factor verification ages {fva}"));
    };
    let describe = |m: i64, which: &str| {
        // `fva` counts whole minutes: 0 means "within the last minute", not "0s ago".
        match m {
            m if m < 0 => format!("{which} factor: never verified"),
            0 => format!("{which} factor verified less than a minute ago"),
            m => format!(
                "{which} factor verified {} ago",
                span(u64::try_from(m).unwrap_or(0) * 60)
            ),
        }
    };
    let age = |m: i64| if m < 0 { Value::Null } else { json!(m) };
    let (first, second) = match ages.as_slice() {
        [a, b] => (*a, *b),
        _ => (-1, -1),
    };
    let mut e = Explanation::new(
        "fva",
        format!(
            "{}; {}",
            describe(first, "first"),
            describe(second, "second")
        ),
    );
    e.details = Some(json!({
        "first_factor_age_minutes": age(first),
        "second_factor_age_minutes": age(second),
    }));
    e
}

fn explain_act(act: &Value) -> Explanation {
    let Some(obj) = act.as_object() else {
        return Explanation::new("act", format!("actor claim {act} (expected an object)"));
    };
    let field = |k: &str| obj.get(k).and_then(Value::as_str);
    let who = field("sub").unwrap_or("an unknown actor");
    let mut summary = if field("type") == Some("agent") {
        format!("an agent (`{who}`) is acting on behalf of the user")
    } else {
        format!("impersonation: `{who}` is signed in as this user")
    };
    if let Some(sid) = field("sid") {
        summary.push_str(&format!(" from their session `{sid}`"));
    }
    let mut e = Explanation::new("act", summary);
    e.details = Some(act.clone());
    e
}

/// Warnings about the token's header and size.
pub fn shape_warnings(token: &DecodedToken, kind: TokenKind) -> Vec<Warning> {
    let mut out = Vec::new();
    match token.header.get("alg").and_then(Value::as_str) {
        Some(alg) if alg.eq_ignore_ascii_case("none") => out.push(warning(
            "alg-none",
            "`alg: none`: the token is unsigned and proves nothing; Clerk never issues one",
        )),
        Some("RS256" | "RS384" | "RS512") => {}
        Some(alg) => out.push(warning(
            "alg-unsupported",
            format!("`alg: {alg}` is not accepted by Clerk's SDKs (RS256, RS384, RS512 only)"),
        )),
        None => out.push(warning("alg-missing", "the header has no `alg`")),
    }
    if !token.header.contains_key("kid") {
        out.push(warning(
            "missing-kid",
            "the header has no `kid`: a JWKS cannot pick a key for it (only a PEM `--key` can verify it)",
        ));
    }
    match token.header.get("crit") {
        None => {}
        Some(Value::Array(items)) => {
            let names: Vec<String> = items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map_or_else(|| v.to_string(), |s| format!("`{s}`"))
                })
                .collect();
            out.push(warning(
                "unknown-crit",
                format!("the header marks {} as critical; no Clerk SDK understands them, so strict verifiers must reject the token", names.join(", ")),
            ));
        }
        Some(other) => out.push(warning(
            "unknown-crit",
            format!(
                "`crit` is a JSON {}, expected an array of header names",
                json_type(other)
            ),
        )),
    }
    let cookie = "__session=".len() + token.compact_len();
    if cookie > COOKIE_BUDGET_BYTES {
        out.push(warning(
            "cookie-too-large",
            format!("the `__session` cookie would be {cookie} bytes, over the {COOKIE_BUDGET_BYTES}-byte browser limit: browsers drop it and every request looks signed out"),
        ));
    }
    if kind.is_session() {
        let custom: Map<String, Value> = token
            .claims
            .iter()
            .filter(|(k, _)| !CLERK_CLAIMS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let size = Value::Object(custom).to_string().len();
        if size > CUSTOM_CLAIMS_BUDGET_BYTES {
            out.push(warning(
                "custom-claims-too-large",
                format!("custom session claims take {size} bytes, over Clerk's {CUSTOM_CLAIMS_BUDGET_BYTES}-byte budget: move large data to a JWT template or fetch it server-side"),
            ));
        }
    }
    out
}

/// Where a token stands in time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeStatus {
    /// `valid`, `expired`, `not_yet_valid` or `no_expiry`.
    pub state: &'static str,
    /// The moment evaluated (RFC 3339).
    pub evaluated_at: String,
    /// `expires in 42s`, `expired 3m ago`, …
    pub message: String,
}

/// The token's status at `now_ms` with the given skew (the SDK's comparisons).
pub fn time_status(claims: &Map<String, Value>, now_ms: i64, skew_ms: i64) -> TimeStatus {
    let ms = |k: &str| {
        claims
            .get(k)
            .and_then(Value::as_f64)
            .map(|n| (n * 1000.0) as i64)
    };
    let evaluated_at = format_time(now_ms);
    let (state, message) = match (ms("exp"), ms("nbf"), ms("iat")) {
        (Some(exp), _, _) if exp <= now_ms.saturating_sub(skew_ms) => {
            ("expired", format!("expired {}", relative(exp, now_ms)))
        }
        (_, Some(nbf), _) if nbf > now_ms.saturating_add(skew_ms) => (
            "not_yet_valid",
            format!(
                "not valid until {} ({})",
                format_time(nbf),
                relative(nbf, now_ms)
            ),
        ),
        (_, _, Some(iat)) if iat > now_ms.saturating_add(skew_ms) => (
            "not_yet_valid",
            format!("issued in the future ({})", relative(iat, now_ms)),
        ),
        // Past `exp` but within the skew: valid, and saying so.
        (Some(exp), _, _) if exp <= now_ms => (
            "valid",
            format!(
                "valid within the {}s clock skew, expired {}",
                skew_ms / 1000,
                relative(exp, now_ms)
            ),
        ),
        (Some(exp), _, _) => ("valid", format!("valid, expires {}", relative(exp, now_ms))),
        (None, _, _) => (
            "no_expiry",
            "no numeric `exp`: Clerk's SDKs reject it".to_string(),
        ),
    };
    TimeStatus {
        state,
        evaluated_at,
        message,
    }
}

/// Mask what identifies people, organizations and instances (`sub`, ids, emails, names, slugs,
/// phone numbers, the hosts of `iss` / `azp` and other URLs), for pasting into an issue.
/// Structure, times, roles, permissions and features stay: they are what an issue is about.
pub fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if let Value::String(s) = v {
                    if matches!(
                        key.as_str(),
                        "sub" | "sid" | "jti" | "id" | "user_id" | "org_id" | "kid"
                    ) {
                        *s = mask_id(s);
                        continue;
                    }
                    if is_personal_key(key) {
                        *s = "REDACTED".to_string();
                        continue;
                    }
                }
                redact(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        Value::String(s) => {
            if looks_like_email(s) {
                *s = "redacted@example.com".to_string();
            } else if looks_like_id(s) {
                *s = mask_id(s);
            } else if let Some(masked) = mask_url(s) {
                *s = masked;
            } else if looks_like_phone(s) {
                *s = "+REDACTED".to_string();
            }
        }
        _ => {}
    }
}

/// The `(original, masked)` strings that [`redact`] changed in a token's header and claims,
/// longest first, so that text built from the unredacted token (verification messages) can be
/// masked the same way.
pub fn redactions(original: &DecodedToken, redacted: &DecodedToken) -> Vec<(String, String)> {
    fn walk(a: &Value, b: &Value, out: &mut Vec<(String, String)>) {
        match (a, b) {
            (Value::String(x), Value::String(y)) if x != y => out.push((x.clone(), y.clone())),
            (Value::Object(x), Value::Object(y)) => walk_maps(x, y, out),
            (Value::Array(x), Value::Array(y)) => {
                x.iter().zip(y).for_each(|(v, w)| walk(v, w, out));
            }
            _ => {}
        }
    }
    fn walk_maps(x: &Map<String, Value>, y: &Map<String, Value>, out: &mut Vec<(String, String)>) {
        for (k, v) in x {
            if let Some(w) = y.get(k) {
                walk(v, w, out);
            }
        }
    }
    let mut out = Vec::new();
    walk_maps(&original.header, &redacted.header, &mut out);
    walk_maps(&original.claims, &redacted.claims, &mut out);
    out.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    out.dedup();
    out
}

/// Apply [`redactions`] to a text.
pub fn redact_text(text: &str, redactions: &[(String, String)]) -> String {
    redactions
        .iter()
        .fold(text.to_string(), |t, (from, to)| t.replace(from, to))
}

/// Claims that name a person or an organization (`org_slug`, `o.slg`, `first_name`,
/// `fullName`, `phone_number`, …), whatever their case or separators.
fn is_personal_key(key: &str) -> bool {
    let norm: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    matches!(
        norm.as_str(),
        "slg"
            | "slug"
            | "orgslug"
            | "name"
            | "firstname"
            | "lastname"
            | "fullname"
            | "givenname"
            | "familyname"
            | "middlename"
            | "username"
            | "nickname"
            | "preferredusername"
            | "phone"
            | "phonenumber"
            | "primaryphonenumber"
    )
}

/// `https://clerk.acme.com/x` → `https://redacted.example`; the `.clerk.accounts.dev` suffix of
/// development instances and loopback hosts are kept (they say what kind of instance it is and
/// identify no one). `None` when the text is not an http(s) URL.
fn mask_url(s: &str) -> Option<String> {
    let url = url::Url::parse(s).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let loopback = host == "localhost" || host.starts_with("127.") || host == "[::1]";
    let masked = if loopback {
        host
    } else if host.ends_with(".clerk.accounts.dev") {
        "redacted.clerk.accounts.dev".to_string()
    } else {
        "redacted.example".to_string()
    };
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let masked = format!("{}://{masked}{port}", url.scheme());
    (masked != s.trim_end_matches('/')).then_some(masked)
}

/// `+14155550100`, `+44 20 7946 0958`: a leading `+` and 7 to 15 digits.
fn looks_like_phone(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('+') else {
        return false;
    };
    let digits = rest.bytes().filter(u8::is_ascii_digit).count();
    (7..=15).contains(&digits)
        && rest
            .bytes()
            .all(|b| b.is_ascii_digit() || b" -().".contains(&b))
}

fn mask_id(s: &str) -> String {
    match s.split_once('_') {
        Some((prefix, _)) if !prefix.is_empty() && prefix.len() <= 12 => {
            format!("{prefix}_REDACTED")
        }
        _ => "REDACTED".to_string(),
    }
}

fn looks_like_email(s: &str) -> bool {
    s.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty() && host.contains('.') && !s.contains(char::is_whitespace)
    })
}

fn looks_like_id(s: &str) -> bool {
    s.split_once('_').is_some_and(|(prefix, rest)| {
        (2..=12).contains(&prefix.len())
            && prefix.bytes().all(|b| b.is_ascii_lowercase())
            && rest.len() >= 16
            && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn fpm_decoding_matches_the_documented_example() {
        let o = obj(
            json!({"id": "org_1", "slg": "acme", "rol": "admin", "per": "manage,read", "fpm": "3,2"}),
        );
        let org = decode_org(&o, Some("o:dashboard,o:teams")).expect("decodes");
        assert_eq!(org.role.as_deref(), Some("org:admin"));
        assert_eq!(org.slug.as_deref(), Some("acme"));
        assert_eq!(
            org.permissions,
            [
                "org:dashboard:manage",
                "org:dashboard:read",
                "org:teams:read"
            ]
        );
        assert!(org.problems.is_empty());
    }

    #[test]
    fn fpm_skips_user_features_and_counts_mixed_scopes() {
        let o = obj(json!({"per": "read,write,delete", "fpm": "5,0,2"}));
        let org = decode_org(&o, Some("u:reports,o:billing,uo:sso,ou:audit")).expect("decodes");
        assert_eq!(
            org.permissions,
            ["org:billing:read", "org:billing:delete", "org:audit:write"]
        );
    }

    #[test]
    fn fpm_problems_are_reported_not_fatal() {
        let o = obj(json!({"per": "read", "fpm": "3,x"}));
        let org = decode_org(&o, Some("o:a")).expect("decodes");
        assert_eq!(org.permissions, ["org:a:read"]);
        assert_eq!(org.problems.len(), 2, "{:?}", org.problems);
        assert!(decode_org(&o, Some("dashboard")).is_err());
        let none = decode_org(&obj(json!({"id": "org_1"})), None).expect("decodes");
        assert!(none.permissions.is_empty() && none.problems.is_empty());
    }

    #[test]
    fn classifies_tokens() {
        let h = |cat: Option<&str>| obj(cat.map_or(json!({}), |c| json!({"cat": c})));
        let session = obj(json!({"sub": "user_1", "sid": "sess_1", "iss": "x", "exp": 1}));
        let v2 = obj(json!({"sub": "user_1", "sid": "sess_1", "v": 2}));
        let template = obj(json!({"sub": "user_1", "iss": "x", "exp": 1, "azp": "y"}));
        assert_eq!(classify(&h(None), &session), TokenKind::SessionV1);
        assert_eq!(classify(&h(None), &v2), TokenKind::SessionV2);
        assert_eq!(
            classify(&h(Some(CATEGORY_SESSION)), &v2),
            TokenKind::SessionV2
        );
        assert_eq!(classify(&h(None), &template), TokenKind::JwtTemplate);
        assert_eq!(
            classify(&h(Some(CATEGORY_TEMPLATE)), &session),
            TokenKind::JwtTemplate
        );
        assert_eq!(classify(&h(Some(CATEGORY_M2M)), &template), TokenKind::M2m);
        assert_eq!(
            classify(&h(None), &obj(json!({"sub": "mch_1"}))),
            TokenKind::M2m
        );
        assert_eq!(
            classify(&h(None), &obj(json!({"client_id": "c", "scope": "s"}))),
            TokenKind::Oauth
        );
        assert_eq!(
            classify(&h(None), &obj(json!({"x": 1}))),
            TokenKind::Unknown
        );
    }

    #[test]
    fn redacts_ids_and_emails() {
        let mut v = json!({"sub": "user_2abc", "email": "a@b.co", "o": {"id": "org_2xyzabcdefghijklmnop"}, "n": "plain", "list": ["sess_abcdefghijklmnop12"]});
        redact(&mut v);
        assert_eq!(
            v,
            json!({"sub": "user_REDACTED", "email": "redacted@example.com", "o": {"id": "org_REDACTED"}, "n": "plain", "list": ["sess_REDACTED"]})
        );
    }

    #[test]
    fn redacts_slugs_names_phones_and_hosts() {
        let original = json!({
            "iss": "https://clerk.acme-corp.com",
            "azp": "https://app.acme-corp.com/dashboard",
            "local": "http://localhost:3000",
            "dev": "https://happy-cat-12.clerk.accounts.dev",
            "o": {"slg": "acme-corp", "rol": "admin", "per": "manage,read"},
            "org_slug": "acme-corp",
            "fullName": "Jane Doe",
            "first_name": "Jane",
            "mobile": "+1 415 555 0100",
            "fea": "o:dashboard",
            "pla": "o:pro"
        });
        let mut v = original.clone();
        redact(&mut v);
        assert_eq!(
            v,
            json!({
                "iss": "https://redacted.example",
                "azp": "https://redacted.example",
                "local": "http://localhost:3000",
                "dev": "https://redacted.clerk.accounts.dev",
                "o": {"slg": "REDACTED", "rol": "admin", "per": "manage,read"},
                "org_slug": "REDACTED",
                "fullName": "REDACTED",
                "first_name": "REDACTED",
                "mobile": "+REDACTED",
                "fea": "o:dashboard",
                "pla": "o:pro"
            })
        );
        let token = |claims: &Value| DecodedToken {
            header: Map::new(),
            claims: claims.as_object().cloned().unwrap_or_default(),
            signing_input: String::new(),
            signature: Vec::new(),
        };
        let pairs = redactions(&token(&original), &token(&v));
        let text = redact_text(
            "`azp` is `https://app.acme-corp.com/dashboard`, org acme-corp",
            &pairs,
        );
        assert_eq!(text, "`azp` is `https://redacted.example`, org REDACTED");
    }

    #[test]
    fn time_status_follows_the_sdk_comparisons() {
        let c = obj(json!({"exp": 100, "nbf": 50, "iat": 50}));
        assert_eq!(time_status(&c, 96_000, 5000).state, "valid");
        assert_eq!(time_status(&c, 105_000, 5000).state, "expired");
        assert_eq!(time_status(&c, 44_000, 5000).state, "not_yet_valid");
        assert_eq!(time_status(&obj(json!({})), 0, 0).state, "no_expiry");
        // Past `exp` yet within the skew: valid, worded as such (not "valid now, expires 3s ago").
        assert_eq!(
            time_status(&c, 103_000, 5000).message,
            "valid within the 5s clock skew, expired 3s ago"
        );
        assert_eq!(
            time_status(&c, 58_000, 5000).message,
            "valid, expires in 42s"
        );
    }

    #[test]
    fn fva_of_zero_minutes_is_within_the_last_minute() {
        let mut warnings = Vec::new();
        let e = explain_fva(&json!([0, -1]), &mut warnings);
        assert_eq!(
            e.summary,
            "first factor verified less than a minute ago; second factor: never verified"
        );
        assert_eq!(
            explain_fva(&json!([3, 0]), &mut warnings)
                .summary
                .split("; ")
                .next(),
            Some("first factor verified 3m ago")
        );
    }
}
