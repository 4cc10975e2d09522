//! Static checks on a JWT template: what Clerk would reject, silently ignore or render as `null`.

use serde::Serialize;
use serde_json::{Map, Value};

use super::parse::{Operand, Segment, parse_value};
use super::render::{escape_pointer, render_claims};
use super::sample::{StandardClaims, assemble_payload, estimated_token_len, sample_context};
use super::shortcodes::{lookup, suggest};
use super::{RESERVED_TEMPLATE_CLAIMS, SESSION_LOOKALIKE_CLAIMS, SESSION_ONLY_CLAIMS};

/// Fields `POST /v1/jwt_templates` takes.
pub const BODY_FIELDS: &[&str] = &[
    "name",
    "claims",
    "lifetime",
    "allowed_clock_skew",
    "custom_signing_key",
    "signing_algorithm",
    "signing_key",
];

/// Template lifetime bounds in seconds (BAPI).
pub const LIFETIME_RANGE: std::ops::RangeInclusive<i64> = 30..=315_360_000;
/// Allowed clock skew bounds in seconds (BAPI).
pub const CLOCK_SKEW_RANGE: std::ops::RangeInclusive<i64> = 0..=300;
/// Size of the rendered custom claims above which a warning is due (Clerk's guidance).
pub const SIZE_WARN_BYTES: usize = 1200;
/// Size above which a token breaks cookie-based transport (browser cookie cap).
pub const SIZE_ERROR_BYTES: usize = 4096;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The template is wrong: Clerk rejects it or ignores part of it.
    Error,
    /// Probably a mistake, or a risk.
    Warning,
}

/// One lint finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `reserved-claim`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// JSON pointer into the template file (`/claims/email`), empty for the whole file.
    pub pointer: String,
    /// What to do instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    fn new(severity: Severity, code: &'static str, pointer: &str, message: String) -> Self {
        Self {
            severity,
            code,
            message,
            pointer: pointer.to_string(),
            hint: None,
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Whether a JSON object is a template body (`{name?, claims, …}`) rather than bare claims.
pub fn is_body(value: &Map<String, Value>) -> bool {
    value.contains_key("claims") && value.keys().all(|k| BODY_FIELDS.contains(&k.as_str()))
}

/// Lint a template body or bare claims object.
pub fn lint(template: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Value::Object(top) = template else {
        out.push(Diagnostic::new(
            Severity::Error,
            "not-an-object",
            "",
            format!(
                "a template must be a JSON object, found {}",
                type_name(template)
            ),
        ));
        return out;
    };
    let (claims, prefix) = if is_body(top) {
        lint_body(top, &mut out);
        match top.get("claims") {
            Some(Value::Object(claims)) => (claims, "/claims"),
            Some(other) => {
                out.push(
                    Diagnostic::new(
                        Severity::Error,
                        "claims-not-object",
                        "/claims",
                        format!("`claims` must be a JSON object, found {}", type_name(other)),
                    )
                    .hint("write the claims as `{\"claim\": \"{{user.id}}\", …}`"),
                );
                return out;
            }
            None => return out,
        }
    } else {
        (top, "")
    };
    lint_claims(claims, prefix, &mut out);
    lint_size(claims, prefix, &out.clone(), &mut out);
    out
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn lint_body(body: &Map<String, Value>, out: &mut Vec<Diagnostic>) {
    match body.get("name") {
        None => out.push(
            Diagnostic::new(
                Severity::Warning,
                "missing-name",
                "/name",
                "the template has no `name`".into(),
            )
            .hint("add `\"name\"`; `push` otherwise uses the file name"),
        ),
        Some(Value::String(name)) if name.trim().is_empty() => out.push(Diagnostic::new(
            Severity::Error,
            "invalid-name",
            "/name",
            "`name` is empty".into(),
        )),
        Some(Value::String(_)) => {}
        Some(other) => out.push(Diagnostic::new(
            Severity::Error,
            "invalid-name",
            "/name",
            format!("`name` must be a string, found {}", type_name(other)),
        )),
    }
    range_check(
        body,
        "lifetime",
        &LIFETIME_RANGE,
        "lifetime-out-of-range",
        out,
    );
    range_check(
        body,
        "allowed_clock_skew",
        &CLOCK_SKEW_RANGE,
        "clock-skew-out-of-range",
        out,
    );
    if body.get("custom_signing_key") == Some(&Value::Bool(true)) {
        for field in ["signing_algorithm", "signing_key"] {
            if !body.get(field).is_some_and(Value::is_string) {
                out.push(Diagnostic::new(
                    Severity::Error,
                    "custom-key-incomplete",
                    &format!("/{field}"),
                    format!("`custom_signing_key` is true but `{field}` is missing"),
                ));
            }
        }
    }
    if body.get("signing_key").is_some_and(Value::is_string) {
        out.push(
            Diagnostic::new(
                Severity::Warning,
                "signing-key-in-file",
                "/signing_key",
                "the template file contains a private signing key".into(),
            )
            .hint("keep the key out of version control and inject it at push time"),
        );
    }
}

fn range_check(
    body: &Map<String, Value>,
    field: &str,
    range: &std::ops::RangeInclusive<i64>,
    code: &'static str,
    out: &mut Vec<Diagnostic>,
) {
    let pointer = format!("/{field}");
    match body.get(field) {
        None | Some(Value::Null) => {}
        Some(v) => match v.as_i64() {
            Some(n) if range.contains(&n) => {}
            Some(n) => out.push(Diagnostic::new(
                Severity::Error,
                code,
                &pointer,
                format!(
                    "`{field}` is {n}, outside {}…{} seconds",
                    range.start(),
                    range.end()
                ),
            )),
            None => out.push(Diagnostic::new(
                Severity::Error,
                code,
                &pointer,
                format!("`{field}` must be a whole number of seconds, found {v}"),
            )),
        },
    }
}

fn lint_claims(claims: &Map<String, Value>, prefix: &str, out: &mut Vec<Diagnostic>) {
    for key in claims.keys() {
        let pointer = format!("{prefix}/{}", escape_pointer(key));
        if RESERVED_TEMPLATE_CLAIMS.contains(&key.as_str()) {
            out.push(
                Diagnostic::new(
                    Severity::Error,
                    "reserved-claim",
                    &pointer,
                    format!(
                        "`{key}` is set by Clerk on every template token and cannot be overridden"
                    ),
                )
                .hint("remove it; Clerk always sets `azp exp iat iss jti nbf sub`"),
            );
        } else if SESSION_ONLY_CLAIMS.contains(&key.as_str()) {
            out.push(
                Diagnostic::new(
                    Severity::Error,
                    "session-only-claim",
                    &pointer,
                    format!("`{key}` belongs to the session token; a template token is not bound to a session"),
                )
                .hint("read it from the session token (`auth().sessionClaims`), not from a template"),
            );
        } else if SESSION_LOOKALIKE_CLAIMS.contains(&key.as_str()) {
            out.push(Diagnostic::new(
                Severity::Warning,
                "session-claim-name",
                &pointer,
                format!(
                    "`{key}` has a meaning in session tokens; readers may mistake this claim for it"
                ),
            ));
        }
    }
    for (key, value) in claims {
        walk(
            value,
            &format!("{prefix}/{}", escape_pointer(key)),
            key,
            out,
        );
    }
}

fn walk(value: &Value, pointer: &str, key: &str, out: &mut Vec<Diagnostic>) {
    if key.contains("{{") {
        out.push(
            Diagnostic::new(
                Severity::Error,
                "shortcode-in-key",
                pointer,
                format!("claim name `{key}` contains a shortcode; shortcodes only work in values"),
            )
            .hint("use a fixed claim name and put the shortcode in its value"),
        );
    }
    match value {
        Value::String(text) => lint_string(text, pointer, out),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{pointer}/{i}"), "", out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                walk(item, &format!("{pointer}/{}", escape_pointer(k)), k, out);
            }
        }
        _ => {}
    }
}

fn lint_string(text: &str, pointer: &str, out: &mut Vec<Diagnostic>) {
    if !text.contains("{{") {
        return;
    }
    let segments = match parse_value(text) {
        Ok(segments) => segments,
        Err(e) => {
            out.push(Diagnostic::new(
                Severity::Error,
                "malformed-shortcode",
                pointer,
                e.to_string(),
            ));
            return;
        }
    };
    let interpolated = segments.len() > 1;
    for segment in &segments {
        let Segment::Shortcode(sc) = segment else {
            continue;
        };
        let last = sc.operands.len().saturating_sub(1);
        for (i, operand) in sc.operands.iter().enumerate() {
            match operand {
                Operand::Path(path) => lint_path(path, pointer, interpolated, out),
                Operand::Literal(v)
                    if i < last && !matches!(v, Value::Null | Value::Bool(false)) =>
                {
                    out.push(Diagnostic::new(
                        Severity::Warning,
                        "unreachable-operand",
                        pointer,
                        format!(
                            "literal {v} at column {} always wins; the operands after it are never used",
                            sc.operand_columns.get(i).copied().unwrap_or(sc.column)
                        ),
                    ));
                }
                Operand::Literal(_) => {}
            }
        }
    }
}

fn lint_path(path: &[String], pointer: &str, interpolated: bool, out: &mut Vec<Diagnostic>) {
    let name = path.join(".");
    if path.iter().any(|p| p == "private_metadata") {
        out.push(
            Diagnostic::new(
                Severity::Error,
                "private-metadata",
                pointer,
                format!("`{{{{{name}}}}}` tries to expose private metadata; there is no such shortcode and it renders as null"),
            )
            .hint("private metadata stays on the server; move what the token needs to `public_metadata`"),
        );
        return;
    }
    match lookup(path) {
        Some(info) => {
            if interpolated
                && matches!(
                    info.kind,
                    super::shortcodes::ShortcodeType::Object
                        | super::shortcodes::ShortcodeType::StringArray
                )
                && path.len() == info.name.split('.').count()
            {
                out.push(Diagnostic::new(
                    Severity::Warning,
                    "structured-in-string",
                    pointer,
                    format!("`{{{{{name}}}}}` is structured data; inside a longer string it renders as JSON text"),
                ));
            }
        }
        None => {
            let mut d = Diagnostic::new(
                Severity::Error,
                "unknown-shortcode",
                pointer,
                format!("`{{{{{name}}}}}` is not a Clerk shortcode; it renders as null"),
            );
            if let Some(s) = suggest(&name) {
                d = d.hint(format!("did you mean `{{{{{s}}}}}`?"));
            }
            out.push(d);
        }
    }
}

fn lint_size(
    claims: &Map<String, Value>,
    prefix: &str,
    so_far: &[Diagnostic],
    out: &mut Vec<Diagnostic>,
) {
    if so_far.iter().any(|d| d.code == "malformed-shortcode") {
        return;
    }
    let ctx = sample_context();
    let Ok(rendered) = render_claims(claims, &ctx) else {
        return;
    };
    let std = StandardClaims {
        issuer: "https://clerk.example.com".into(),
        subject: ctx
            .user
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .into(),
        authorized_party: Some("https://app.example.com".into()),
        issued_at: 1_763_769_600,
        lifetime: 60,
        clock_skew: 5,
        jti: "8f0c2a1b9d3e4f5a6b7c".into(),
    };
    let claims_len = serde_json::to_string(&rendered).map_or(0, |s| s.len());
    let len = estimated_token_len(&assemble_payload(rendered, &std));
    let pointer = if prefix.is_empty() { "" } else { prefix };
    if len > SIZE_ERROR_BYTES {
        out.push(
            Diagnostic::new(
                Severity::Error,
                "token-too-large",
                pointer,
                format!("a token for a typical user is about {len} bytes, over the 4 KB browser cookie limit"),
            )
            .hint("drop whole-metadata claims such as `{{user.public_metadata}}` or `{{user.organizations}}` and pick the fields you need"),
        );
    } else if claims_len > SIZE_WARN_BYTES {
        out.push(
            Diagnostic::new(
                Severity::Warning,
                "token-large",
                pointer,
                format!("the claims for a typical user are about {claims_len} bytes (token about {len}); Clerk advises keeping custom claims under 1.2 KB"),
            )
            .hint("pick individual metadata fields instead of whole objects"),
        );
    }
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn codes(v: Value) -> Vec<(&'static str, String)> {
        lint(&v).into_iter().map(|d| (d.code, d.pointer)).collect()
    }

    fn has(v: Value, code: &str, pointer: &str) -> bool {
        codes(v).iter().any(|(c, p)| *c == code && p == pointer)
    }

    #[test]
    fn clean_template_has_no_findings() {
        let t = json!({"name": "api", "claims": {"email": "{{user.primary_email_address}}", "role": "{{user.public_metadata.role || 'user'}}"}, "lifetime": 60, "allowed_clock_skew": 5});
        assert_eq!(lint(&t), vec![]);
        assert_eq!(
            lint(&json!({"aud": "convex", "name": "{{user.full_name}}"})),
            vec![]
        );
    }

    // The seed's `setup-jwt.sh default` template (landscape §7.2), defect by defect.
    #[test]
    fn seed_reserved_claims_are_errors() {
        for claim in ["exp", "iat", "nbf", "iss", "sub", "azp", "jti"] {
            assert!(
                has(
                    json!({"claims": {claim: "x"}}),
                    "reserved-claim",
                    &format!("/claims/{claim}")
                ),
                "{claim}"
            );
        }
    }

    #[test]
    fn seed_sid_is_a_session_only_claim() {
        assert!(has(
            json!({"sid": "{{session.id}}"}),
            "session-only-claim",
            "/sid"
        ));
        assert!(has(json!({"v": 2}), "session-only-claim", "/v"));
        assert!(has(
            json!({"act": "{{session.actor}}"}),
            "session-claim-name",
            "/act"
        ));
    }

    #[test]
    fn seed_made_up_shortcodes_are_unknown() {
        for sc in [
            "session.exp",
            "session.iat",
            "session.id",
            "instance.id",
            "user.primary_email_address_verified",
        ] {
            let diags = lint(&json!({"x": format!("{{{{{sc}}}}}")}));
            assert!(
                diags
                    .iter()
                    .any(|d| d.code == "unknown-shortcode" && d.pointer == "/x"),
                "{sc}"
            );
        }
        let diags = lint(&json!({"email_verified": "{{user.primary_email_address_verified}}"}));
        assert_eq!(
            diags.first().and_then(|d| d.hint.clone()).as_deref(),
            Some("did you mean `{{user.email_verified}}`?")
        );
        let diags = lint(&json!({"n": "{{user.frist_name}}"}));
        assert_eq!(
            diags.first().and_then(|d| d.hint.clone()).as_deref(),
            Some("did you mean `{{user.first_name}}`?")
        );
    }

    #[test]
    fn seed_default_template_whole() {
        let seed = json!({
            "aud": "authenticated", "exp": "{{session.expire_at}}", "iat": "{{session.iat}}",
            "nbf": "{{session.nbf}}", "iss": "{{instance.id}}", "sid": "{{session.id}}", "sub": "{{user.id}}",
            "email": "{{user.primary_email_address}}", "email_verified": "{{user.primary_email_address_verified}}",
            "name": "{{user.full_name}}", "metadata": "{{user.public_metadata}}"
        });
        let found = codes(seed);
        for (code, pointer) in [
            ("reserved-claim", "/exp"),
            ("reserved-claim", "/iat"),
            ("reserved-claim", "/nbf"),
            ("reserved-claim", "/iss"),
            ("reserved-claim", "/sub"),
            ("session-only-claim", "/sid"),
            ("unknown-shortcode", "/exp"),
            ("unknown-shortcode", "/iss"),
            ("unknown-shortcode", "/sid"),
            ("unknown-shortcode", "/email_verified"),
        ] {
            assert!(
                found.iter().any(|(c, p)| *c == code && p == pointer),
                "{code} {pointer}: {found:?}"
            );
        }
    }

    #[test]
    fn keys_private_metadata_and_malformed() {
        assert!(has(
            json!({"{{user.id}}": 1}),
            "shortcode-in-key",
            "/{{user.id}}"
        ));
        assert!(has(
            json!({"ns": {"{{org.id}}": 1}}),
            "shortcode-in-key",
            "/ns/{{org.id}}"
        ));
        assert!(has(
            json!({"p": "{{user.private_metadata.plan}}"}),
            "private-metadata",
            "/p"
        ));
        assert!(has(
            json!({"p": "{{org.private_metadata}}"}),
            "private-metadata",
            "/p"
        ));
        let d = lint(&json!({"claims": {"a": ["{{ user.id || }}"]}, "name": "x"}));
        assert_eq!(
            d.first().map(|d| (d.code, d.pointer.as_str())),
            Some(("malformed-shortcode", "/claims/a/0"))
        );
        assert!(d.first().is_some_and(|d| d.message.contains("column 15")));
        assert!(has(json!({"a": "{{user.id"}), "malformed-shortcode", "/a"));
        assert!(has(
            json!({"a": "{{'x' || user.id}}"}),
            "unreachable-operand",
            "/a"
        ));
        // The column is the literal's, not the `{{`'s.
        let d =
            lint(&json!({"claims": {"a": "v={{ user.id || 'x' || user.username }}"}, "name": "x"}));
        assert!(
            d.iter()
                .any(|d| d.code == "unreachable-operand" && d.message.contains("column 17")),
            "{d:?}"
        );
        assert!(has(
            json!({"a": "n={{user.public_metadata}}"}),
            "structured-in-string",
            "/a"
        ));
    }

    #[test]
    fn body_fields() {
        assert!(has(
            json!({"name": "x", "claims": {}, "lifetime": 29}),
            "lifetime-out-of-range",
            "/lifetime"
        ));
        assert!(has(
            json!({"name": "x", "claims": {}, "lifetime": 315_360_001}),
            "lifetime-out-of-range",
            "/lifetime"
        ));
        assert!(!has(
            json!({"name": "x", "claims": {}, "lifetime": 30}),
            "lifetime-out-of-range",
            "/lifetime"
        ));
        assert!(has(
            json!({"name": "x", "claims": {}, "lifetime": "60"}),
            "lifetime-out-of-range",
            "/lifetime"
        ));
        assert!(has(
            json!({"name": "x", "claims": {}, "allowed_clock_skew": 301}),
            "clock-skew-out-of-range",
            "/allowed_clock_skew"
        ));
        assert!(has(
            json!({"name": "x", "claims": {}, "allowed_clock_skew": -1}),
            "clock-skew-out-of-range",
            "/allowed_clock_skew"
        ));
        assert!(has(
            json!({"name": "x", "claims": [1]}),
            "claims-not-object",
            "/claims"
        ));
        assert!(has(json!({"claims": {}}), "missing-name", "/name"));
        assert!(has(
            json!({"name": "", "claims": {}}),
            "invalid-name",
            "/name"
        ));
        assert!(has(json!([1]), "not-an-object", ""));
        assert!(has(
            json!({"name": "x", "claims": {}, "custom_signing_key": true}),
            "custom-key-incomplete",
            "/signing_key"
        ));
    }

    #[test]
    fn size_thresholds() {
        assert!(has(
            json!({"m": "{{user.public_metadata}}", "u": "{{user.unsafe_metadata}}", "o": "{{user.organizations}}", "pad": "x".repeat(1000)}),
            "token-large",
            ""
        ));
        assert!(has(json!({"pad": "x".repeat(4000)}), "token-too-large", ""));
        assert!(!has(
            json!({"email": "{{user.primary_email_address}}"}),
            "token-large",
            ""
        ));
    }
}
