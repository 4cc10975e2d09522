//! `push`, `pull`, `diff` and `list`: the instance's JWT templates through the Backend API
//! (`/v1/jwt_templates`), the same code against live Clerk and the emulator.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::emit::{DEFAULT_CLOCK_SKEW, DEFAULT_LIFETIME, file_stem};
use super::{TemplateFile, load_template};
use crate::clerk::api::{ApiError, ClerkClient};
use crate::cli::jwt_template::{DiffArgs, PullArgs, PushArgs};
use crate::error::{ExitStatus, UserError};
use crate::output::Printer;
use crate::scaffold::write::{self, ConflictPolicy, Outcome, WriteOptions};
use crate::settings::Settings;
use crate::template::lint::{Severity, lint};

/// A template as the instance holds it.
#[derive(Debug, Clone)]
pub struct RemoteTemplate {
    /// `jtmp_…`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Claims.
    pub claims: Map<String, Value>,
    /// Lifetime in seconds.
    pub lifetime: i64,
    /// Allowed clock skew in seconds.
    pub clock_skew: i64,
}

impl RemoteTemplate {
    fn from_json(value: &Value) -> Option<Self> {
        Some(Self {
            id: value.get("id")?.as_str()?.to_string(),
            name: value.get("name")?.as_str()?.to_string(),
            claims: value.get("claims")?.as_object()?.clone(),
            lifetime: value
                .get("lifetime")
                .and_then(Value::as_i64)
                .unwrap_or(DEFAULT_LIFETIME),
            clock_skew: value
                .get("allowed_clock_skew")
                .and_then(Value::as_i64)
                .unwrap_or(DEFAULT_CLOCK_SKEW),
        })
    }

    /// The body a file holds for this template (what `pull` writes and `push` would send).
    pub fn body(&self) -> Value {
        json!({
            "name": self.name,
            "claims": self.claims,
            "lifetime": self.lifetime,
            "allowed_clock_skew": self.clock_skew,
        })
    }
}

fn client(settings: &Settings) -> Result<ClerkClient, UserError> {
    let sk = settings.require_secret_key()?;
    Ok(ClerkClient::new(
        &settings.api_url(),
        &settings.api_version(),
        sk.secret().clone(),
    ))
}

fn api_error(e: ApiError) -> anyhow::Error {
    anyhow::Error::from(UserError::from(e))
}

/// Every template on the instance (the list endpoint answers a bare array or `{data, total_count}`).
pub async fn list_templates(client: &ClerkClient) -> anyhow::Result<Vec<RemoteTemplate>> {
    let mut out = Vec::new();
    let mut offset = 0usize;
    loop {
        let page: Value = client
            .get(
                "/jwt_templates",
                &[
                    ("paginated", "true".to_string()),
                    ("limit", "100".to_string()),
                    ("offset", offset.to_string()),
                ],
            )
            .await
            .map_err(api_error)?;
        let (items, total) = match &page {
            Value::Array(items) => (items.clone(), None),
            Value::Object(map) => (
                map.get("data")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
                map.get("total_count").and_then(Value::as_u64),
            ),
            _ => (Vec::new(), None),
        };
        let count = items.len();
        out.extend(items.iter().filter_map(RemoteTemplate::from_json));
        offset += count;
        match total {
            Some(total) if (offset as u64) < total && count > 0 => {}
            _ => return Ok(out),
        }
    }
}

/// The name a file's template goes by: its `name`, else the file name without extension.
fn template_name(path: &Path, file: &TemplateFile) -> String {
    file.name.clone().unwrap_or_else(|| {
        path.file_stem().map_or_else(
            || "template".into(),
            |s| s.to_string_lossy().trim_end_matches(".jwt").to_string(),
        )
    })
}

/// What `push` does (or would do) for one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PushOutcome {
    /// Created on the instance.
    Created,
    /// Updated in place.
    Updated,
    /// Identical; no request that changes anything was sent.
    Unchanged,
    /// Dry run: would be created.
    WouldCreate,
    /// Dry run: would be updated.
    WouldUpdate,
    /// Not sent: the file is unreadable, not a template, or has lint errors (see `error`).
    Rejected,
}

#[derive(Serialize)]
struct PushReport {
    path: String,
    name: String,
    outcome: PushOutcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    /// Why a `rejected` file was not sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// A template file ready to push: readable, a template, and free of lint errors.
fn pushable(path: &Path) -> Result<TemplateFile, UserError> {
    let file = load_template(path)?;
    let errors: Vec<String> = lint(&Value::Object(file.body.clone()))
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} ({})", d.message, d.code))
        .collect();
    if errors.is_empty() {
        return Ok(file);
    }
    Err(UserError::failure(format!(
        "`{}` has lint errors: {}",
        path.display(),
        errors.join("; ")
    ))
    .with_hint(format!(
        "run `clerkctl jwt-template lint {}`",
        path.display()
    )))
}

/// Run `push`: every good file is pushed; each bad one is reported, and makes the exit 1.
pub async fn push(args: &PushArgs, settings: &Settings) -> anyhow::Result<ExitStatus> {
    let printer = &settings.printer;
    let mut files = Vec::new();
    let mut reports = Vec::new();
    for path in &args.files {
        match pushable(path) {
            Ok(file) => files.push((path.clone(), file)),
            Err(e) => {
                printer.error(&e.message, e.hint.as_deref());
                reports.push(PushReport {
                    path: path.display().to_string(),
                    name: path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    outcome: PushOutcome::Rejected,
                    id: None,
                    error: Some(e.message),
                });
            }
        }
    }
    let rejected = reports.len();
    if files.is_empty() {
        if printer.is_json() {
            printer.json(&json!({"templates": reports}))?;
        }
        return Ok(ExitStatus::Failure);
    }
    let client = client(settings)?;
    let mut remote = list_templates(&client).await?;
    for (path, file) in files {
        let name = template_name(&path, &file);
        let body = json!({
            "name": name,
            "claims": file.claims,
            "lifetime": file.lifetime.unwrap_or(DEFAULT_LIFETIME),
            "allowed_clock_skew": file.clock_skew.unwrap_or(DEFAULT_CLOCK_SKEW),
        });
        let existing = remote.iter().find(|t| t.name == name).cloned();
        let (outcome, id) = match existing {
            Some(t) if t.body() == body => (PushOutcome::Unchanged, Some(t.id)),
            Some(t) if args.dry_run => (PushOutcome::WouldUpdate, Some(t.id)),
            Some(t) => {
                let updated: Value = client
                    .patch(&format!("/jwt_templates/{}", t.id), &body)
                    .await
                    .map_err(api_error)?;
                (
                    PushOutcome::Updated,
                    updated
                        .get("id")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                )
            }
            None if args.dry_run => (PushOutcome::WouldCreate, None),
            None => {
                let created: Value = client
                    .post("/jwt_templates", &body)
                    .await
                    .map_err(api_error)?;
                if let Some(t) = RemoteTemplate::from_json(&created) {
                    remote.push(t);
                }
                (
                    PushOutcome::Created,
                    created
                        .get("id")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                )
            }
        };
        if !printer.is_json() {
            let what = match outcome {
                PushOutcome::Created => printer.green("created"),
                PushOutcome::Updated => printer.yellow("updated"),
                PushOutcome::Unchanged => "unchanged (no change sent)".to_string(),
                PushOutcome::WouldCreate => "would create".to_string(),
                PushOutcome::WouldUpdate => "would update".to_string(),
                PushOutcome::Rejected => "rejected".to_string(),
            };
            printer.out(&format!("{name}: {what}"))?;
        }
        reports.push(PushReport {
            path: path.display().to_string(),
            name,
            outcome,
            id,
            error: None,
        });
    }
    if printer.is_json() {
        printer.json(&json!({"templates": reports}))?;
    }
    if rejected > 0 {
        printer.warn(&format!("{rejected} file(s) not pushed; the others were"));
        return Ok(ExitStatus::Failure);
    }
    Ok(ExitStatus::Success)
}

async fn find(settings: &Settings, name: &str) -> anyhow::Result<RemoteTemplate> {
    let client = client(settings)?;
    let all = list_templates(&client).await?;
    let names: Vec<String> = all.iter().map(|t| t.name.clone()).collect();
    all.into_iter().find(|t| t.name == name).ok_or_else(|| {
        let hint = if names.is_empty() {
            "the instance has no JWT templates; create one with `clerkctl jwt-template push FILE`"
                .to_string()
        } else {
            format!("the instance has: {}", names.join(", "))
        };
        UserError::failure(format!("no JWT template named `{name}` on the instance"))
            .with_hint(hint)
            .into()
    })
}

/// Run `pull`.
pub async fn pull(args: &PullArgs, settings: &Settings) -> anyhow::Result<ExitStatus> {
    let printer = &settings.printer;
    let template = find(settings, &args.name).await?;
    let text = format!("{}\n", serde_json::to_string_pretty(&template.body())?);
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.json", file_stem(&template.name))));
    if path.as_os_str() == "-" {
        printer.out_raw(&text)?;
        return Ok(ExitStatus::Success);
    }
    let plan =
        write::plan(&path, text).with_context(|| format!("cannot read `{}`", path.display()))?;
    let options = WriteOptions {
        dry_run: false,
        conflict: if args.force {
            ConflictPolicy::Overwrite
        } else {
            ConflictPolicy::Keep
        },
    };
    let outcome = write::apply(&plan, options, &mut |_| Ok(false))
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    if printer.is_json() {
        printer.json(
            &json!({"name": template.name, "path": path.display().to_string(), "outcome": outcome}),
        )?;
    } else {
        printer.info(&format!("{} {}", outcome.label(), path.display()));
    }
    if outcome == Outcome::Kept {
        return Err(UserError::failure(format!(
            "`{}` differs from the instance's template and was left alone",
            path.display()
        ))
        .with_hint("pass `--force` to replace it, or `clerkctl jwt-template diff` to compare")
        .into());
    }
    Ok(ExitStatus::Success)
}

/// One difference between a file and the instance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// `added` (only in the file), `removed` (only on the instance) or `changed`.
    pub change: &'static str,
    /// JSON pointer: `/claims/<claim>`, `/lifetime`, `/allowed_clock_skew`.
    pub pointer: String,
    /// Value in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local: Option<Value>,
    /// Value on the instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote: Option<Value>,
}

/// Claim-by-claim differences (top-level claims; a changed nested object is one change).
pub fn diff_bodies(local: &Value, remote: &Value) -> Vec<Change> {
    let empty = Map::new();
    let lc = local
        .get("claims")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let rc = remote
        .get("claims")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut changes = Vec::new();
    for (k, v) in lc {
        let pointer = format!("/claims/{}", crate::template::render::escape_pointer(k));
        match rc.get(k) {
            None => changes.push(Change {
                change: "added",
                pointer,
                local: Some(v.clone()),
                remote: None,
            }),
            Some(r) if r != v => changes.push(Change {
                change: "changed",
                pointer,
                local: Some(v.clone()),
                remote: Some(r.clone()),
            }),
            Some(_) => {}
        }
    }
    for (k, v) in rc {
        if !lc.contains_key(k) {
            let pointer = format!("/claims/{}", crate::template::render::escape_pointer(k));
            changes.push(Change {
                change: "removed",
                pointer,
                local: None,
                remote: Some(v.clone()),
            });
        }
    }
    for field in ["lifetime", "allowed_clock_skew"] {
        let (l, r) = (local.get(field), remote.get(field));
        let change = match (l, r) {
            (Some(_), None) => "added",
            (None, Some(_)) => "removed",
            _ => "changed",
        };
        if l != r {
            changes.push(Change {
                change,
                pointer: format!("/{field}"),
                local: l.cloned(),
                remote: r.cloned(),
            });
        }
    }
    changes
}

/// Run `diff`: exit 0 when identical, 1 when they differ.
pub async fn diff(args: &DiffArgs, settings: &Settings) -> anyhow::Result<ExitStatus> {
    let printer = &settings.printer;
    let file = load_template(&args.file)?;
    let name = template_name(&args.file, &file);
    let local = json!({
        "name": name,
        "claims": file.claims,
        "lifetime": file.lifetime.unwrap_or(DEFAULT_LIFETIME),
        "allowed_clock_skew": file.clock_skew.unwrap_or(DEFAULT_CLOCK_SKEW),
    });
    let client = client(settings)?;
    let remote = list_templates(&client)
        .await?
        .into_iter()
        .find(|t| t.name == name);
    let (exists, changes) = match &remote {
        Some(t) => (true, diff_bodies(&local, &t.body())),
        None => (false, diff_bodies(&local, &json!({}))),
    };
    // `push` refuses a file with lint errors: say so rather than "`push` would create it".
    let refused = pushable(&args.file).err().map(|e| e.message);
    if printer.is_json() {
        printer.json(&json!({"name": name, "exists": exists, "identical": exists && changes.is_empty(), "changes": changes}))?;
    } else {
        print_changes(printer, &name, exists, &changes, refused.as_deref())?;
    }
    Ok(if exists && changes.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

fn print_changes(
    printer: &Printer,
    name: &str,
    exists: bool,
    changes: &[Change],
    refused: Option<&str>,
) -> std::io::Result<()> {
    if let Some(why) = refused {
        printer.warn(&format!("`push` would refuse this file: {why}"));
    }
    if !exists {
        let what = if refused.is_some() {
            "`push` would refuse it, see above"
        } else {
            "`push` would create it"
        };
        printer.out(&format!("{name}: not on the instance ({what})"))?;
    } else if changes.is_empty() {
        printer.out(&format!("{name}: identical"))?;
        return Ok(());
    }
    let show = |v: &Option<Value>| v.as_ref().map_or_else(String::new, Value::to_string);
    for c in changes {
        let line = match c.change {
            "added" => printer.green(&format!("+ {} {}", c.pointer, show(&c.local))),
            "removed" => printer.red(&format!("- {} {}", c.pointer, show(&c.remote))),
            _ => printer.yellow(&format!(
                "~ {} {} -> {}",
                c.pointer,
                show(&c.remote),
                show(&c.local)
            )),
        };
        printer.out(&line)?;
    }
    Ok(())
}

/// Run `list`.
pub async fn list(settings: &Settings) -> anyhow::Result<ExitStatus> {
    let printer = &settings.printer;
    let client = client(settings)?;
    let templates = list_templates(&client).await?;
    if printer.is_json() {
        let rows: Vec<Value> = templates
            .iter()
            .map(|t| json!({"id": t.id, "name": t.name, "lifetime": t.lifetime, "allowed_clock_skew": t.clock_skew, "claims": t.claims}))
            .collect();
        printer.json(&rows)?;
        return Ok(ExitStatus::Success);
    }
    if templates.is_empty() {
        printer.info("no JWT templates on the instance");
        return Ok(ExitStatus::Success);
    }
    // Every column as wide as its widest cell (header included), in characters.
    let widest = |header: &str, cells: &mut dyn Iterator<Item = String>| {
        cells
            .map(|c| c.chars().count())
            .chain([header.len()])
            .max()
            .unwrap_or(0)
    };
    let name_w = widest("NAME", &mut templates.iter().map(|t| t.name.clone()));
    let id_w = widest("ID", &mut templates.iter().map(|t| t.id.clone()));
    let life_w = widest(
        "LIFETIME",
        &mut templates.iter().map(|t| format!("{}s", t.lifetime)),
    );
    let skew_w = widest(
        "SKEW",
        &mut templates.iter().map(|t| format!("{}s", t.clock_skew)),
    );
    printer.out(&printer.bold(&format!(
        "{:<name_w$}  {:<id_w$}  {:>life_w$}  {:>skew_w$}  CLAIMS",
        "NAME", "ID", "LIFETIME", "SKEW"
    )))?;
    for t in &templates {
        let keys: Vec<&str> = t.claims.keys().map(String::as_str).collect();
        printer.out(&format!(
            "{:<name_w$}  {:<id_w$}  {:>life_w$}  {:>skew_w$}  {}",
            t.name,
            t.id,
            format!("{}s", t.lifetime),
            format!("{}s", t.clock_skew),
            keys.join(", ")
        ))?;
    }
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_is_claim_by_claim() {
        let local = json!({"claims": {"a": 1, "b": {"x": 1}, "c": "{{user.id}}"}, "lifetime": 60, "allowed_clock_skew": 5});
        let remote = json!({"claims": {"b": {"x": 2}, "c": "{{user.id}}", "d": true}, "lifetime": 120, "allowed_clock_skew": 5});
        let changes = diff_bodies(&local, &remote);
        let summary: Vec<(&str, &str)> = changes
            .iter()
            .map(|c| (c.change, c.pointer.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                ("added", "/claims/a"),
                ("changed", "/claims/b"),
                ("removed", "/claims/d"),
                ("changed", "/lifetime")
            ]
        );
        assert!(diff_bodies(&local, &local).is_empty());
    }
}
