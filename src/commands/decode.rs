//! `clerkctl decode`: explain a token (header, claims, times, Clerk claims, warnings), and with
//! `--verify` also verify it.

use serde::Serialize;
use serde_json::{Map, Value};

use super::verify::{Keys, empty_is_usage, read_input, resolve_options};
use crate::clerk::claims::{
    Explanation, TimeStatus, TokenKind, Warning, classify, explain, redact, redact_text,
    redactions, shape_warnings, time_status,
};
use crate::cli::DecodeArgs;
use crate::error::{ExitStatus, UserError};
use crate::jwt::decode::{DecodedToken, decode, extract_token};
use crate::jwt::verify::{Failure, verify};
use crate::output::Printer;
use crate::settings::Settings;

/// The `--output json` document (README, "clerkctl decode").
#[derive(Debug, Serialize)]
struct DecodeJson<'a> {
    header: &'a Map<String, Value>,
    claims: &'a Map<String, Value>,
    kind: TokenKind,
    status: &'a TimeStatus,
    explanations: &'a [Explanation],
    warnings: &'a [Warning],
    #[serde(skip_serializing_if = "Option::is_none")]
    verification: Option<VerificationJson<'a>>,
}

#[derive(Debug, Serialize)]
struct VerificationJson<'a> {
    valid: bool,
    failures: &'a [Failure],
}

/// Decode and explain one token.
pub async fn run(args: DecodeArgs, settings: &Settings) -> anyhow::Result<ExitStatus> {
    let printer = &settings.printer;
    let (opts, now_ms) = resolve_options(&args.options, settings)?;
    let text = read_input(args.token.as_deref(), printer)?;
    let token_text = extract_token(&text).map_err(empty_is_usage("decode"))?;
    let token = decode(&token_text).map_err(|e| {
        UserError::failure(format!("cannot decode the token (token-invalid): {e}")).with_hint(
            "a JWT is three base64url parts separated by dots: `header.payload.signature`",
        )
    })?;
    let mut verdict = if args.verify {
        let mut keys = Keys::resolve(&args.options, settings).await?;
        let keyset = keys.for_token(&token_text).await?;
        Some(verify(&token_text, &keyset, &opts))
    } else {
        None
    };

    let redacted_token = args.redact.then(|| redacted(&token));
    if let (Some(shown), Some(verdict)) = (&redacted_token, verdict.as_mut()) {
        // Failure messages quote the token (`azp` is `https://app.example.com`, the `kid`):
        // they are masked like the claims they quote.
        let pairs = redactions(&token, shown);
        for failure in &mut verdict.failures {
            failure.message = redact_text(&failure.message, &pairs);
            failure.hint = failure.hint.as_deref().map(|h| redact_text(h, &pairs));
        }
    }
    let shown = redacted_token.as_ref().unwrap_or(&token);
    let kind = classify(&token.header, &token.claims);
    let skew_ms = i64::try_from(opts.clock_skew.as_millis()).unwrap_or(i64::MAX);
    let status = time_status(&token.claims, now_ms, skew_ms);
    let (explanations, mut warnings) = explain(shown, now_ms);
    let mut all_warnings = shape_warnings(&token, kind);
    all_warnings.append(&mut warnings);

    if printer.is_json() {
        printer.json(&DecodeJson {
            header: &shown.header,
            claims: &shown.claims,
            kind,
            status: &status,
            explanations: &explanations,
            warnings: &all_warnings,
            verification: verdict.as_ref().map(|v| VerificationJson {
                valid: v.is_valid(),
                failures: &v.failures,
            }),
        })?;
    } else {
        print_text(
            printer,
            shown,
            kind,
            &status,
            &explanations,
            &all_warnings,
            args.redact,
            skew_ms,
        )?;
        if let Some(verdict) = &verdict {
            if verdict.is_valid() {
                printer.out(&format!(
                    "\n{} {}",
                    printer.bold("Verification"),
                    printer.green("valid")
                ))?;
            } else {
                printer.out(&format!(
                    "\n{} {}",
                    printer.bold("Verification"),
                    printer.red("invalid")
                ))?;
                for failure in &verdict.failures {
                    printer.out(&format!("  {}", failure.styled()))?;
                    if let Some(hint) = &failure.hint {
                        printer.out(&format!("    {}", printer.dim(&format!("hint: {hint}"))))?;
                    }
                }
            }
        }
    }
    Ok(match verdict {
        Some(v) if !v.is_valid() => ExitStatus::Failure,
        _ => ExitStatus::Success,
    })
}

fn redacted(token: &DecodedToken) -> DecodedToken {
    let mut header = Value::Object(token.header.clone());
    let mut claims = Value::Object(token.claims.clone());
    redact(&mut header);
    redact(&mut claims);
    let as_map = |v: Value| match v {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    DecodedToken {
        header: as_map(header),
        claims: as_map(claims),
        signing_input: token.signing_input.clone(),
        signature: Vec::new(),
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one call site; the parts are the document"
)]
fn print_text(
    printer: &Printer,
    token: &DecodedToken,
    kind: TokenKind,
    status: &TimeStatus,
    explanations: &[Explanation],
    warnings: &[Warning],
    redacted: bool,
    skew_ms: i64,
) -> anyhow::Result<()> {
    let mut out = String::new();
    let state = match status.state {
        "valid" => printer.green(&status.message),
        "expired" | "not_yet_valid" => printer.red(&status.message),
        _ => printer.yellow(&status.message),
    };
    out.push_str(&format!("{}    {}\n", printer.bold("Kind"), kind.label()));
    out.push_str(&format!(
        "{}  {state} {}\n",
        printer.bold("Status"),
        printer.dim(&format!(
            "(evaluated at {}, clock skew {})",
            status.evaluated_at,
            skew_text(skew_ms)
        ))
    ));
    out.push_str(&format!(
        "\n{}\n{}\n",
        printer.bold("Header"),
        serde_json::to_string_pretty(&token.header)?
    ));
    out.push_str(&format!(
        "\n{}\n{}\n",
        printer.bold("Claims"),
        serde_json::to_string_pretty(&token.claims)?
    ));
    if !explanations.is_empty() {
        out.push_str(&format!("\n{}\n", printer.bold("Explained")));
        let width = explanations
            .iter()
            .map(|e| e.claim.len())
            .max()
            .unwrap_or(0);
        for e in explanations {
            let summary = if e.deprecated {
                printer.yellow(&e.summary)
            } else {
                e.summary.clone()
            };
            out.push_str(&format!("  {:width$}  {summary}\n", e.claim));
        }
    }
    if !warnings.is_empty() {
        out.push_str(&format!("\n{}\n", printer.bold("Warnings")));
        for w in warnings {
            out.push_str(&format!(
                "  {} {}\n",
                printer.yellow(&format!("[{}]", w.code)),
                w.message
            ));
        }
    }
    let signature = if redacted {
        "REDACTED".to_string()
    } else {
        format!("{} bytes", token.signature.len())
    };
    out.push_str(&format!("\n{} {signature}", printer.bold("Signature")));
    printer.out(&out)?;
    Ok(())
}

fn skew_text(ms: i64) -> String {
    if ms % 1000 == 0 {
        crate::jwt::time::span(ms.unsigned_abs() / 1000)
    } else {
        format!("{ms}ms")
    }
}
