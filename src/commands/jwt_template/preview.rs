//! `clerkctl jwt-template preview FILE`: the full payload a template token would carry for a user,
//! rendered by the same engine the emulator mints with; `--sign` also produces a real token.

use std::path::Path;

use serde_json::{Map, Value, json};

use super::emit::{DEFAULT_CLOCK_SKEW, DEFAULT_LIFETIME};
use super::{load_json, load_template};
use crate::cli::jwt_template::PreviewArgs;
use crate::error::{ExitStatus, UserError};
use crate::jwt::sign::{Algorithm, SigningKey};
use crate::settings::Settings;
use crate::template::lint::{Severity, lint};
use crate::template::sample::{StandardClaims, assemble_payload, sample_context};
use crate::template::{RenderContext, render_claims};

/// The `cat` header Clerk puts on template tokens.
pub const TEMPLATE_TOKEN_CATEGORY: &str = "cl_B7d4PD222AAA";

/// Run `preview`.
pub async fn run(args: &PreviewArgs, settings: &Settings) -> anyhow::Result<ExitStatus> {
    let printer = &settings.printer;
    let template = load_template(&args.file)?;
    for d in lint(&Value::Object(template.body.clone())) {
        if matches!(
            d.code,
            "unknown-shortcode" | "private-metadata" | "reserved-claim" | "session-only-claim"
        ) {
            let level = if d.severity == Severity::Error {
                ""
            } else {
                "(warning) "
            };
            printer.warn(&format!(
                "{level}{} ({}) at `{}`",
                d.message, d.code, d.pointer
            ));
        }
    }
    let ctx = context(args, settings).await?;
    let rendered = render_claims(&template.claims, &ctx).map_err(|e| {
        UserError::usage(format!("cannot render `{}`: {e}", args.file.display()))
            .with_hint("close every `{{` with `}}`; run `clerkctl jwt-template lint` for details")
    })?;
    let issued_at = match &args.at {
        Some(at) => parse_time(at)?,
        None => chrono::Utc::now().timestamp(),
    };
    let issuer = match &args.issuer {
        Some(i) => i.clone(),
        None => match settings.publishable_key()? {
            Some(pk) => pk.frontend_api_url(),
            None => {
                printer
                    .info("`iss` is a placeholder: pass `--issuer` or configure a publishable key");
                "https://clerk.example.com".to_string()
            }
        },
    };
    let subject = ctx
        .user
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            UserError::usage("the user JSON has no string `id`")
                .with_hint("pass a Backend API `User` object")
        })?
        .to_string();
    let std = StandardClaims {
        issuer,
        subject,
        authorized_party: args.azp.clone(),
        issued_at,
        lifetime: template.lifetime.unwrap_or(DEFAULT_LIFETIME),
        clock_skew: template.clock_skew.unwrap_or(DEFAULT_CLOCK_SKEW),
        jti: random_jti(),
    };
    let payload = assemble_payload(rendered, &std);
    let token = if args.sign {
        Some(sign(&payload, args.key.as_deref(), printer)?)
    } else {
        None
    };
    if printer.is_json() {
        printer.json(&json!({"payload": payload, "token": token}))?;
    } else if let Some(token) = token {
        printer.out(&token)?;
    } else {
        printer.json(&payload)?;
    }
    Ok(ExitStatus::Success)
}

async fn context(args: &PreviewArgs, settings: &Settings) -> Result<RenderContext, UserError> {
    let read = |path: &Path, what: &str| -> Result<Value, UserError> {
        let value = load_json(path)?;
        if value.is_object() {
            Ok(value)
        } else {
            Err(UserError::usage(format!(
                "`{}` must contain a Backend API {what} object",
                path.display()
            )))
        }
    };
    let user = match (&args.user, &args.user_id) {
        (Some(path), _) => read(path, "User")?,
        (None, Some(id)) => fetch_user(id, settings).await?,
        (None, None) => {
            if args.org.is_none() && args.membership.is_none() && args.session.is_none() {
                settings.printer.info(
                    "rendering for a built-in sample user (pass `--user user.json` or `--user-id`)",
                );
                return Ok(sample_context());
            }
            sample_context().user
        }
    };
    Ok(RenderContext {
        user,
        organization: args
            .org
            .as_deref()
            .map(|p| read(p, "Organization"))
            .transpose()?,
        membership: args
            .membership
            .as_deref()
            .map(|p| read(p, "OrganizationMembership"))
            .transpose()?,
        session: args
            .session
            .as_deref()
            .map(|p| read(p, "Session"))
            .transpose()?,
    })
}

async fn fetch_user(id: &str, settings: &Settings) -> Result<Value, UserError> {
    let sk = settings.require_secret_key()?;
    let client = crate::clerk::api::ClerkClient::new(
        &settings.api_url(),
        &settings.api_version(),
        sk.secret().clone(),
    );
    let path = format!(
        "/users/{}",
        url::form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
    );
    client
        .get::<Value>(&path, &[])
        .await
        .map_err(UserError::from)
}

/// RFC 3339 or Unix seconds.
pub fn parse_time(text: &str) -> Result<i64, UserError> {
    if let Ok(secs) = text.trim().parse::<i64>() {
        return Ok(secs);
    }
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.timestamp())
        .map_err(|e| {
            UserError::usage(format!("`--at {text}` is not a time: {e}"))
                .with_hint("use RFC 3339 (`2026-11-22T10:00:00Z`) or Unix seconds")
        })
}

fn random_jti() -> String {
    let mut bytes = [0u8; 10];
    if aws_lc_rs::rand::fill(&mut bytes).is_err() {
        return "00000000000000000000".into();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sign(
    payload: &Map<String, Value>,
    key: Option<&str>,
    printer: &crate::output::Printer,
) -> Result<String, UserError> {
    let key = match key {
        Some(arg) => {
            let (pem, origin) = crate::settings::value_or_file(arg, "--key", true)?;
            SigningKey::from_pem("ins_preview", &pem).map_err(|e| {
                UserError::usage(format!("{origin} is not an RSA private key: {e}")).with_hint(
                    "give a PEM private key (`-----BEGIN PRIVATE KEY-----` or `-----BEGIN RSA PRIVATE KEY-----`) as text, `@FILE` or a path",
                )
            })?
        }
        None => {
            let key = SigningKey::generate("ins_preview")
                .map_err(|e| UserError::usage(format!("cannot generate a signing key: {e}")))?;
            printer.info(&format!(
                "signed with a throwaway key; verify with its public key:\n{}",
                key.public_pem().trim_end()
            ));
            key
        }
    };
    let mut header = Map::new();
    header.insert("cat".into(), Value::from(TEMPLATE_TOKEN_CATEGORY));
    header.insert("typ".into(), Value::from("JWT"));
    Ok(key.sign_jwt(Algorithm::RS256, &header, &Value::Object(payload.clone())))
}
