//! Rendering `configure`'s files from [`Answers`]: the handlebars sources in
//! `templates/configure/` are embedded at build time and rendered in strict mode, with every value
//! escaped for its target language here in Rust (TOML, JavaScript, JSON) before it reaches a
//! template, so no answer can break out of the syntax it lands in.

use std::path::PathBuf;

use handlebars::{Context, Handlebars, Helper, HelperResult, Output, RenderContext};
use serde_json::{Value, json};

use super::answers::{Answers, human_duration};
use super::detect::Framework;
use super::routes::RoutePattern;
use crate::project::SessionMode;

const CLERKCTL_TOML: &str = include_str!("../../templates/configure/clerkctl.toml.hbs");
const NEXTJS: &str = include_str!("../../templates/configure/nextjs-middleware.hbs");
const EXPRESS: &str = include_str!("../../templates/configure/express.hbs");
const FASTIFY: &str = include_str!("../../templates/configure/fastify.hbs");
const REACT_ROUTER: &str = include_str!("../../templates/configure/react-router.hbs");
const GLOBALS: &str = include_str!("../../templates/configure/globals.d.ts.hbs");
const SESSION_SETTINGS: &str = include_str!("../../templates/configure/session-settings.md.hbs");
const ENV_EXAMPLE: &str = include_str!("../../templates/configure/env.example.hbs");

/// A template failed to render (a bug in clerkctl, never in the answers).
#[derive(Debug, thiserror::Error)]
#[error("cannot render `{file}`: {source}")]
pub struct RenderError {
    file: String,
    #[source]
    source: Box<handlebars::RenderError>,
}

/// One file to write, relative to the project root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// Where, relative to the project root.
    pub path: PathBuf,
    /// The contents.
    pub contents: String,
}

/// The file that installs Clerk for the framework, relative to the project root.
pub fn framework_file(answers: &Answers) -> Option<String> {
    let ext = if answers.typescript { "ts" } else { "js" };
    let base = if answers.src_dir { "src/" } else { "" };
    match answers.framework {
        Framework::Nextjs => {
            let stem = super::check::expected_stem(Some(answers.next_major));
            Some(format!("{base}{stem}.{ext}"))
        }
        Framework::Express | Framework::Fastify => Some(format!("{base}clerk.{ext}")),
        Framework::ReactRouter => Some(format!("app/clerk.server.{ext}")),
        Framework::None => None,
    }
}

/// Every file `configure` writes for `answers`, in a stable order.
pub fn render_all(answers: &Answers) -> Result<Vec<RenderedFile>, RenderError> {
    // `clerkctl.toml` reads claims back in key order; render them in that order from the start so
    // a re-run from the file is byte-identical.
    let mut sorted = answers.clone();
    sorted.session.claims = sort_keys(&answers.session.claims);
    let answers = &sorted;
    let hb = engine();
    let render = |name: &str, source: &str, data: &Value| -> Result<String, RenderError> {
        hb.render_template(source, data).map_err(|e| RenderError {
            file: name.to_string(),
            source: Box::new(e),
        })
    };
    let mut files = Vec::new();
    let mut push = |path: &str, contents: String| {
        files.push(RenderedFile {
            path: PathBuf::from(path),
            contents,
        });
    };
    push(
        "clerkctl.toml",
        render("clerkctl.toml", CLERKCTL_TOML, &toml_data(answers))?,
    );
    if let Some(path) = framework_file(answers) {
        let source = match answers.framework {
            Framework::Nextjs => NEXTJS,
            Framework::Express => EXPRESS,
            Framework::Fastify => FASTIFY,
            _ => REACT_ROUTER,
        };
        push(&path, render(&path, source, &code_data(answers))?);
    }
    if answers.typescript
        && answers.framework != Framework::None
        && !answers.session.claims.is_empty()
    {
        let data = json!({ "claim_types": claim_types(&answers.session.claims) });
        push(
            "types/globals.d.ts",
            render("types/globals.d.ts", GLOBALS, &data)?,
        );
    }
    push(
        ".clerk/session-settings.md",
        render(
            ".clerk/session-settings.md",
            SESSION_SETTINGS,
            &notes_data(answers),
        )?,
    );
    let platform = json!({ "session": { "claims": answers.session.claims } });
    push(
        ".clerk/platform-config.json",
        format!(
            "{}\n",
            serde_json::to_string_pretty(&platform).unwrap_or_default()
        ),
    );
    let pk_var = match answers.framework {
        Framework::Nextjs => "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
        _ => "CLERK_PUBLISHABLE_KEY",
    };
    push(
        ".env.example",
        render(
            ".env.example",
            ENV_EXAMPLE,
            &json!({ "publishable_key_var": pk_var }),
        )?,
    );
    Ok(files)
}

fn sort_keys(map: &serde_json::Map<String, Value>) -> serde_json::Map<String, Value> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
        .into_iter()
        .map(|(k, v)| (k.clone(), sort_value(v)))
        .collect()
}

fn sort_value(v: &Value) -> Value {
    match v {
        Value::Object(inner) => Value::Object(sort_keys(inner)),
        Value::Array(items) => Value::Array(items.iter().map(sort_value).collect()),
        other => other.clone(),
    }
}

fn engine() -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    // Values are escaped for their target language before rendering; HTML escaping would corrupt them.
    hb.register_escape_fn(handlebars::no_escape);
    // `{{ts ": Type"}}` emits a type annotation in TypeScript output and nothing in JavaScript.
    hb.register_helper(
        "ts",
        Box::new(
            |h: &Helper,
             _: &Handlebars,
             ctx: &Context,
             _: &mut RenderContext,
             out: &mut dyn Output|
             -> HelperResult {
                let typescript = ctx
                    .data()
                    .get("typescript")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                if typescript && let Some(text) = h.param(0).and_then(|p| p.value().as_str()) {
                    out.write(text)?;
                }
                Ok(())
            },
        ),
    );
    hb
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn toml_array(items: &[String]) -> String {
    toml::Value::Array(
        items
            .iter()
            .map(|s| toml::Value::String(s.clone()))
            .collect(),
    )
    .to_string()
}

fn json_to_toml(v: &Value) -> toml::Value {
    match v {
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Number(n) => n
            .as_i64()
            .map(toml::Value::Integer)
            .unwrap_or_else(|| toml::Value::Float(n.as_f64().unwrap_or_default())),
        Value::String(s) => toml::Value::String(s.clone()),
        Value::Array(a) => toml::Value::Array(a.iter().map(json_to_toml).collect()),
        Value::Object(o) => toml::Value::Table(
            o.iter()
                .map(|(k, v)| (k.clone(), json_to_toml(v)))
                .collect(),
        ),
        // Validation refuses null claims; TOML has no null.
        Value::Null => toml::Value::String(String::new()),
    }
}

fn toml_data(a: &Answers) -> Value {
    let s = &a.session;
    let claims: Vec<String> = s
        .claims
        .iter()
        .map(|(k, v)| format!("{k} = {}", json_to_toml(v)))
        .collect();
    let rules: Vec<Value> = a
        .routes
        .rules
        .iter()
        .map(|r| {
            json!({
                "path": toml_string(&r.path),
                "role": r.role.as_deref().map(toml_string),
                "permission": r.permission.as_deref().map(toml_string),
            })
        })
        .collect();
    json!({
        "max_lifetime_seconds": s.max_lifetime_seconds,
        "max_lifetime_human": human_duration(s.max_lifetime_seconds),
        "inactivity_timeout_seconds": s.inactivity_timeout_seconds,
        "inactivity_human": human_duration(s.inactivity_timeout_seconds),
        "mode": mode_name(s.mode),
        "token_lifetime_seconds": s.token_lifetime_seconds,
        "clock_skew_seconds": s.clock_skew_seconds,
        "authorized_parties": toml_array(&s.authorized_parties),
        "claims": claims.join("\n"),
        "framework": a.framework.name(),
        "middleware": framework_file(a),
        "routes_public": toml_array(&a.routes.public),
        "routes_protected": toml_array(&a.routes.protected),
        "routes_api": toml_array(&a.routes.api),
        "routes_webhooks": toml_array(&a.routes.webhooks),
        "rules": rules,
        "templates": a.jwt_templates.iter().map(|t| json!({
            "name": toml_string(&t.name),
            "file": t.file.as_deref().map(toml_string),
        })).collect::<Vec<_>>(),
    })
}

fn mode_name(mode: SessionMode) -> &'static str {
    match mode {
        SessionMode::Single => "single",
        SessionMode::Multi => "multi",
    }
}

/// Route patterns → `/^…$/, /^…$/` (patterns are validated, so they all compile).
fn regex_list(patterns: &[String]) -> String {
    patterns
        .iter()
        .filter_map(|p| RoutePattern::parse(p).ok())
        .map(|p| p.to_js_regex())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A JavaScript single-quoted string for a validated key or origin (no quotes or backslashes).
fn js_string(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn code_data(a: &Answers) -> Value {
    let rules = |role: bool| -> String {
        a.routes
            .rules
            .iter()
            .filter_map(|r| {
                let key = if role {
                    r.role.as_deref()
                } else {
                    r.permission.as_deref()
                }?;
                let pattern = RoutePattern::parse(&r.path).ok()?;
                let field = if role { "role" } else { "permission" };
                Some(format!(
                    "{{ pattern: {}, {field}: {} }}",
                    pattern.to_js_regex(),
                    js_string(key)
                ))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let file_kind = if super::check::expected_stem(Some(a.next_major)) == "proxy" {
        "proxy"
    } else {
        "middleware"
    };
    json!({
        "typescript": a.typescript,
        "ext": if a.typescript { "tsx" } else { "jsx" },
        "sdk": a.framework.sdk_package().unwrap_or_default(),
        "file_kind": file_kind,
        "next_major": a.next_major,
        "webhooks": regex_list(&a.routes.webhooks),
        "public": regex_list(&a.routes.public),
        "roles": rules(true),
        "permissions": rules(false),
        "api": regex_list(&a.routes.api),
        "protected": regex_list(&a.routes.protected),
        "authorized_parties": a.session.authorized_parties.iter().map(|p| js_string(p)).collect::<Vec<_>>().join(", "),
    })
}

/// Shortcodes whose rendered value has a known type (Clerk renders a missing value as `null`).
fn shortcode_type(shortcode: &str) -> &'static str {
    match shortcode {
        "user.id" | "org.id" | "session.id" => "string",
        "user.first_name"
        | "user.last_name"
        | "user.full_name"
        | "user.username"
        | "user.primary_email_address"
        | "user.primary_phone_number"
        | "user.primary_web3_wallet"
        | "user.image_url"
        | "user.external_id"
        | "org.name"
        | "org.slug"
        | "org.image_url"
        | "org.role" => "string | null",
        "user.email_verified"
        | "user.phone_number_verified"
        | "user.two_factor_enabled"
        | "user.has_image"
        | "user.primary_email_address_verified" => "boolean",
        "user.created_at" | "user.updated_at" | "user.last_sign_in_at" => "number",
        "user.public_metadata"
        | "user.unsafe_metadata"
        | "org.public_metadata"
        | "org_membership.public_metadata" => "Record<string, unknown>",
        _ => "unknown",
    }
}

fn ts_type(v: &Value, indent: usize) -> String {
    match v {
        Value::String(s) => {
            let trimmed = s.trim();
            let single = trimmed
                .strip_prefix("{{")
                .and_then(|r| r.strip_suffix("}}"))
                .filter(|inner| !inner.contains("{{") && !inner.contains("}}"));
            match single {
                // A single shortcode renders to the field's own value and type.
                Some(inner) => shortcode_type(inner.trim()).to_string(),
                None => "string".to_string(),
            }
        }
        Value::Number(_) => "number".into(),
        Value::Bool(_) => "boolean".into(),
        Value::Array(_) => "unknown[]".into(),
        Value::Object(o) => {
            let pad = "  ".repeat(indent + 1);
            let fields: Vec<String> = o
                .iter()
                .map(|(k, v)| format!("{pad}{}?: {}", ts_key(k), ts_type(v, indent + 1)))
                .collect();
            format!("{{\n{}\n{}}}", fields.join("\n"), "  ".repeat(indent))
        }
        Value::Null => "null".into(),
    }
}

fn ts_key(k: &str) -> String {
    let plain = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if plain {
        k.to_string()
    } else {
        serde_json::to_string(k).unwrap_or_default()
    }
}

fn claim_types(claims: &serde_json::Map<String, Value>) -> String {
    claims
        .iter()
        .map(|(k, v)| format!("    {}?: {}", ts_key(k), ts_type(v, 2)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn notes_data(a: &Answers) -> Value {
    let s = &a.session;
    let step = |secs: u64| {
        if secs == 0 {
            "turn it **off**".to_string()
        } else {
            format!(
                "turn it **on** and set it to **{}** ({secs} seconds)",
                human_duration(secs)
            )
        }
    };
    let mode_step = match s.mode {
        SessionMode::Single => "choose **single-session** (signing in again replaces the session)",
        SessionMode::Multi => "choose **multi-session** (several accounts signed in at once)",
    };
    json!({
        "max_lifetime_step": step(s.max_lifetime_seconds),
        "inactivity_step": step(s.inactivity_timeout_seconds),
        "mode_step": mode_step,
        "has_claims": !s.claims.is_empty(),
        "claims_json": serde_json::to_string_pretty(&s.claims).unwrap_or_default(),
        "has_parties": !s.authorized_parties.is_empty(),
        "parties": s.authorized_parties,
    })
}
