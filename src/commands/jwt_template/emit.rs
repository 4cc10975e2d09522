//! `clerkctl jwt-template <KIND>`: the template body, its token's `.d.ts`, a runtime validator and a
//! setup note, rendered from the handlebars sources in `templates/jwt/`.

use std::path::Path;

use anyhow::Context;
use handlebars::Handlebars;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::kinds::{self, KindSpec};
use crate::cli::jwt_template::{EmitArgs, PrintWhat, TemplateKind};
use crate::error::{ExitStatus, UserError};
use crate::output::Printer;
use crate::scaffold::write::{self, ConflictPolicy, Outcome, WriteOptions};
use crate::template::lint::{Diagnostic, Severity, has_errors, lint};
use crate::template::typescript::{TsType, infer_object, template_standard_claims};

const TOKEN_DTS: &str = include_str!("../../../templates/jwt/token.d.ts.hbs");
const VALIDATOR_TS: &str = include_str!("../../../templates/jwt/validator.ts.hbs");
const SETUP_MD: &str = include_str!("../../../templates/jwt/setup.md.hbs");
const SESSION_DTS: &str = include_str!("../../../templates/jwt/session-claims.d.ts.hbs");

/// Clerk's default template lifetime (seconds).
pub const DEFAULT_LIFETIME: i64 = 60;
/// Clerk's default allowed clock skew (seconds).
pub const DEFAULT_CLOCK_SKEW: i64 = 5;

/// One generated file.
#[derive(Debug, Clone, Serialize)]
pub struct GeneratedFile {
    /// File name (relative to `--out`).
    pub file: String,
    /// Which output it is: `body`, `dts`, `validator`, `setup`.
    pub role: &'static str,
    /// Contents.
    pub contents: String,
}

/// Everything an emit produces.
#[derive(Debug, Clone)]
pub struct Emitted {
    /// The template name.
    pub name: String,
    /// The body (`POST /v1/jwt_templates`) or, with `--session-claims`, the session claims.
    pub body: Value,
    /// The files, in a stable order.
    pub files: Vec<GeneratedFile>,
    /// Lint warnings about the result.
    pub warnings: Vec<Diagnostic>,
    /// Set for deprecated kinds.
    pub deprecated: Option<&'static str>,
    /// True when `custom` got no claim flags and emitted [`kinds::custom_starter`].
    pub starter: bool,
}

/// Run the emit form.
pub fn run(args: &EmitArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let Some(kind) = args.kind else {
        return Err(UserError::usage("no template kind given")
            .with_hint("run `clerkctl jwt-template default` (or hasura, supabase, convex, grafbase, nhost, custom)")
            .into());
    };
    let emitted = build(kind, args)?;
    if let Some(note) = emitted.deprecated {
        printer.warn(note);
    }
    if emitted.starter {
        printer.info(
            "no claims given: this is the starter template (`role` and `plan` from public metadata, \
             with fallbacks, and `permissions`); edit its claims, or build your own with \
             `--claim key=VALUE`, `--from-metadata KEYS` and `--org` (the active organization)",
        );
    }
    for w in &emitted.warnings {
        printer.warn(&format!("{} ({}) at `{}`", w.message, w.code, w.pointer));
    }
    match &args.out {
        Some(dir) => write_files(&emitted, dir, args, printer),
        None => print_files(&emitted, args.print, printer),
    }
}

fn print_files(
    emitted: &Emitted,
    what: PrintWhat,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    if printer.is_json() {
        printer.json(&json!({
            "name": emitted.name,
            "body": emitted.body,
            "files": emitted.files,
        }))?;
        return Ok(ExitStatus::Success);
    }
    let role = match what {
        PrintWhat::Body => Some("body"),
        PrintWhat::Dts => Some("dts"),
        PrintWhat::Validator => Some("validator"),
        PrintWhat::Setup => Some("setup"),
        PrintWhat::All => None,
    };
    let mut first = true;
    for f in &emitted.files {
        match role {
            Some(r) if r == f.role => printer.out_raw(&f.contents)?,
            Some(_) => {}
            None => {
                let sep = if first { "" } else { "\n" };
                first = false;
                printer.out_raw(&format!("{sep}==> {} <==\n{}", f.file, f.contents))?;
            }
        }
    }
    Ok(ExitStatus::Success)
}

#[derive(Serialize)]
struct FileReport {
    path: String,
    outcome: Outcome,
}

fn write_files(
    emitted: &Emitted,
    dir: &Path,
    args: &EmitArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let options = WriteOptions {
        dry_run: args.dry_run,
        conflict: if args.force {
            ConflictPolicy::Overwrite
        } else {
            ConflictPolicy::Keep
        },
    };
    let mut reports = Vec::new();
    let mut kept = 0;
    for f in &emitted.files {
        let path = dir.join(&f.file);
        let plan = write::plan(&path, f.contents.clone())
            .with_context(|| format!("cannot read `{}`", path.display()))?;
        let outcome = write::apply(&plan, options, &mut |_| Ok(false))
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        if outcome == Outcome::Kept {
            kept += 1;
        }
        if args.dry_run && outcome == Outcome::WouldUpdate && !printer.is_json() {
            printer.out_raw(&plan.diff())?;
        }
        if !printer.is_json() {
            printer.info(&format!("{} {}", outcome.label(), path.display()));
        }
        reports.push(FileReport {
            path: path.display().to_string(),
            outcome,
        });
    }
    if printer.is_json() {
        printer.json(&json!({"name": emitted.name, "files": reports}))?;
    }
    // As in `configure`: a file of yours is never replaced without `--force`, and a run that
    // left one as it was did not write everything it was asked to (exit 1).
    if kept > 0 {
        printer.warn(&format!(
            "{kept} existing file(s) differ and were kept; review with `--dry-run`, then pass `--force` to replace them"
        ));
        return Ok(ExitStatus::Failure);
    }
    Ok(ExitStatus::Success)
}

/// The claims and body for `kind` with the flags applied, linted, and every file rendered.
pub fn build(kind: TemplateKind, args: &EmitArgs) -> Result<Emitted, UserError> {
    let spec = kinds::spec(kind);
    let name = args.name.clone().unwrap_or_else(|| spec.name.to_string());
    if name.trim().is_empty() {
        return Err(UserError::usage("`--name` is empty"));
    }
    let mut claims = spec.claims.clone();
    if args.session_claims && kind == TemplateKind::Supabase {
        // Supabase's third-party auth needs only this claim on the session token.
        claims = Map::new();
        claims.insert("role".into(), Value::from("authenticated"));
    }
    if args.org {
        claims.extend(kinds::org_claims());
    }
    for key in &args.from_metadata {
        let key = key.trim();
        if key.is_empty() {
            continue;
        }
        claims.insert(
            key.to_string(),
            Value::String(format!("{{{{user.public_metadata.{key}}}}}")),
        );
    }
    for raw in &args.claims {
        let (k, v) = kinds::parse_claim(raw).map_err(UserError::usage)?;
        claims.insert(k, v);
    }
    let starter = claims.is_empty() && kind == TemplateKind::Custom;
    if starter {
        claims = kinds::custom_starter();
    }
    let lifetime = args.lifetime.unwrap_or(DEFAULT_LIFETIME);
    let clock_skew = args.clock_skew.unwrap_or(DEFAULT_CLOCK_SKEW);
    let body = json!({
        "name": name,
        "claims": claims,
        "lifetime": lifetime,
        "allowed_clock_skew": clock_skew,
    });
    let mut diagnostics = lint(&body);
    if args.session_claims {
        diagnostics.extend(session_claim_conflicts(&claims));
    }
    if has_errors(&diagnostics) {
        let lines: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{} ({}) at `{}`", d.message, d.code, d.pointer))
            .collect();
        return Err(UserError::usage(format!(
            "the template would be invalid: {}",
            lines.join("; ")
        ))
        .with_hint("change the `--claim`/`--lifetime`/`--clock-skew` values"));
    }
    let warnings: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    let kind_name = kind_name(kind);
    let files = if args.session_claims {
        session_files(&claims, kind_name)?
    } else {
        template_files(
            &spec, &name, kind_name, &body, &claims, lifetime, clock_skew,
        )?
    };
    let body = if args.session_claims {
        Value::Object(claims)
    } else {
        body
    };
    Ok(Emitted {
        name,
        body,
        files,
        warnings,
        // The deprecation is the template's; `--session-claims` is the way off it.
        deprecated: spec.deprecated.filter(|_| !args.session_claims),
        starter,
    })
}

/// Claims the session token owns, which a session-token customization cannot set.
fn session_claim_conflicts(claims: &Map<String, Value>) -> Vec<Diagnostic> {
    claims
        .keys()
        .filter(|k| crate::template::SESSION_LOOKALIKE_CLAIMS.contains(&k.as_str()))
        .map(|k| Diagnostic {
            severity: Severity::Error,
            code: "session-only-claim",
            message: format!("`{k}` is set by Clerk on the session token"),
            pointer: format!("/claims/{k}"),
            hint: None,
        })
        .collect()
}

fn kind_name(kind: TemplateKind) -> &'static str {
    match kind {
        TemplateKind::Default => "default",
        TemplateKind::Hasura => "hasura",
        TemplateKind::Nhost => "nhost",
        TemplateKind::Supabase => "supabase",
        TemplateKind::Convex => "convex",
        TemplateKind::Grafbase => "grafbase",
        TemplateKind::Custom => "custom",
    }
}

/// A file-name-safe form of the template name.
pub fn file_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() { "template".into() } else { s }
}

/// A PascalCase identifier from the template name.
fn pascal(name: &str) -> String {
    let mut out = String::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    out
}

fn handlebars() -> Result<Handlebars<'static>, UserError> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    for (name, source) in [
        ("token.d.ts", TOKEN_DTS),
        ("validator.ts", VALIDATOR_TS),
        ("setup.md", SETUP_MD),
        ("session-claims.d.ts", SESSION_DTS),
    ] {
        hb.register_template_string(name, source)
            .map_err(|e| UserError::usage(format!("built-in template `{name}` is invalid: {e}")))?;
    }
    Ok(hb)
}

fn render(hb: &Handlebars<'_>, name: &str, data: &Value) -> Result<String, UserError> {
    hb.render(name, data)
        .map_err(|e| UserError::usage(format!("cannot render `{name}`: {e}")))
}

/// Per-claim checks for the validator template.
fn checks(ty: &TsType) -> Vec<Value> {
    let TsType::Object(fields) = ty else {
        return Vec::new();
    };
    fields
        .iter()
        .filter(|(_, t, _)| *t != TsType::Unknown)
        .map(|(k, t, optional)| {
            let access = format!("prop(payload, {})", Value::from(k.as_str()));
            let check = if *optional {
                format!("({access} === undefined || {})", t.check(&access))
            } else {
                t.check(&access)
            };
            json!({"label": Value::from(k.as_str()).to_string(), "check": check})
        })
        .collect()
}

fn template_files(
    spec: &KindSpec,
    name: &str,
    kind: &str,
    body: &Value,
    claims: &Map<String, Value>,
    lifetime: i64,
    clock_skew: i64,
) -> Result<Vec<GeneratedFile>, UserError> {
    let hb = handlebars()?;
    let stem = file_stem(name);
    let type_name = format!("{}TemplateToken", pascal(name));
    let ty = infer_object(claims, &template_standard_claims());
    let dts_module = format!("{stem}.claims");
    let validator_module = format!("{stem}.guard");
    let checks = checks(&ty);
    let all_checks: String = checks
        .iter()
        .filter_map(|c| c.get("check").and_then(Value::as_str))
        .collect();
    let data = json!({
        "kind": kind,
        "name": name,
        "type_name": type_name,
        "type_body": ty.render(0),
        "dts_module": dts_module,
        "validator_module": validator_module,
        "dts_file": format!("{dts_module}.d.ts"),
        "validator_file": format!("{validator_module}.ts"),
        "file_name": format!("{stem}.json"),
        "problems_fn": format!("{}Problems", lower_first(&type_name)),
        "guard_fn": format!("is{type_name}"),
        "assert_fn": format!("assert{type_name}"),
        "uses_string_array": all_checks.contains("isStringArray("),
        "uses_at": all_checks.contains("at("),
        "uses_len": all_checks.contains("len("),
        "checks": checks,
        "claims_json": serde_json::to_string_pretty(claims).unwrap_or_default(),
        "lifetime": lifetime,
        "clock_skew": clock_skew,
        "deprecated": spec.deprecated,
        "notes": spec.notes,
    });
    let body_text = format!(
        "{}\n",
        serde_json::to_string_pretty(body).unwrap_or_default()
    );
    Ok(vec![
        GeneratedFile {
            file: format!("{stem}.json"),
            role: "body",
            contents: body_text,
        },
        GeneratedFile {
            file: format!("{dts_module}.d.ts"),
            role: "dts",
            contents: render(&hb, "token.d.ts", &data)?,
        },
        GeneratedFile {
            file: format!("{validator_module}.ts"),
            role: "validator",
            contents: render(&hb, "validator.ts", &data)?,
        },
        GeneratedFile {
            file: format!("{stem}-setup.md"),
            role: "setup",
            contents: render(&hb, "setup.md", &data)?,
        },
    ])
}

fn session_files(claims: &Map<String, Value>, kind: &str) -> Result<Vec<GeneratedFile>, UserError> {
    let hb = handlebars()?;
    let ty = infer_object(claims, &[]);
    let data = json!({"kind": kind, "type_body": ty.render(1)});
    Ok(vec![
        GeneratedFile {
            file: "session-claims.json".into(),
            role: "body",
            contents: format!(
                "{}\n",
                serde_json::to_string_pretty(claims).unwrap_or_default()
            ),
        },
        GeneratedFile {
            file: "clerk-session-claims.d.ts".into(),
            role: "dts",
            contents: render(&hb, "session-claims.d.ts", &data)?,
        },
    ])
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(kind: TemplateKind) -> EmitArgs {
        EmitArgs {
            kind: Some(kind),
            name: None,
            out: None,
            lifetime: None,
            clock_skew: None,
            claims: vec![],
            from_metadata: vec![],
            org: false,
            session_claims: false,
            print: PrintWhat::Body,
            force: false,
            dry_run: false,
        }
    }

    #[test]
    fn names() {
        assert_eq!(pascal("my-api v2"), "MyApiV2");
        assert_eq!(pascal("2fa"), "T2fa");
        assert_eq!(file_stem("my api/../x"), "my-api----x");
        assert_eq!(file_stem("///"), "template");
    }

    #[test]
    fn bare_custom_is_the_starter_and_reserved_claims_are_rejected() {
        let starter = build(TemplateKind::Custom, &args(TemplateKind::Custom)).unwrap();
        assert!(starter.starter);
        assert_eq!(
            starter.body["claims"],
            Value::Object(kinds::custom_starter())
        );
        let mut a = args(TemplateKind::Custom);
        a.claims = vec!["sub=x".into()];
        let err = build(TemplateKind::Custom, &a).unwrap_err();
        assert!(err.message.contains("reserved-claim"), "{}", err.message);
        a.claims = vec!["plan={{user.public_metadata.plan}}".into()];
        a.from_metadata = vec!["role".into()];
        a.org = true;
        a.lifetime = Some(120);
        let e = build(TemplateKind::Custom, &a).unwrap();
        assert_eq!(
            e.body,
            json!({"name": "custom", "claims": {
                "org_id": "{{org.id}}", "org_slug": "{{org.slug}}", "org_role": "{{org.role}}",
                "org_permissions": "{{org_membership.permissions}}",
                "role": "{{user.public_metadata.role}}", "plan": "{{user.public_metadata.plan}}"
            }, "lifetime": 120, "allowed_clock_skew": 5})
        );
        a.lifetime = Some(10);
        assert!(
            build(TemplateKind::Custom, &a)
                .unwrap_err()
                .message
                .contains("lifetime-out-of-range")
        );
    }

    #[test]
    fn files_render_for_every_kind() {
        for kind in [
            TemplateKind::Default,
            TemplateKind::Hasura,
            TemplateKind::Nhost,
            TemplateKind::Supabase,
            TemplateKind::Convex,
            TemplateKind::Grafbase,
        ] {
            let e = build(kind, &args(kind)).unwrap();
            let roles: Vec<&str> = e.files.iter().map(|f| f.role).collect();
            assert_eq!(roles, ["body", "dts", "validator", "setup"]);
            let dts = &e.files.get(1).unwrap().contents;
            assert!(
                dts.contains("  exp: number;") && dts.contains("  azp?: string;"),
                "{dts}"
            );
            assert_eq!(e.deprecated.is_some(), kind == TemplateKind::Supabase);
        }
        let mut a = args(TemplateKind::Supabase);
        a.session_claims = true;
        let e = build(TemplateKind::Supabase, &a).unwrap();
        assert!(
            e.files
                .get(1)
                .unwrap()
                .contents
                .contains("interface CustomJwtSessionClaims {")
        );
        assert_eq!(e.body, json!({"role": "authenticated"}));
    }
}
