//! `clerkctl configure`: resolve the answers (flags, `clerkctl.toml`, preset, wizard), render the
//! files, write them safely, and report; or, with `--check`, lint the existing wiring.

mod organizations;
mod resolve;
mod wizard;

use std::io::IsTerminal;
use std::path::Path;

use serde::Serialize;
use serde_json::json;

use crate::cli::ConfigureArgs;
use crate::error::{ExitStatus, UserError};
use crate::output::Printer;
use crate::project::SessionMode;
use crate::scaffold::answers::Preset;
use crate::scaffold::check::{self, Finding, Severity};
use crate::scaffold::detect;
use crate::scaffold::render;
use crate::scaffold::write::{self, ConflictPolicy, Outcome, Plan, WriteOptions};
use crate::settings::Settings;

/// One file in the report.
#[derive(Debug, Serialize)]
struct FileReport {
    path: String,
    outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<String>,
}

/// Run `clerkctl configure`.
pub async fn run(args: ConfigureArgs, settings: &Settings) -> anyhow::Result<ExitStatus> {
    let printer = &settings.printer;
    let dir = settings.project_dir.as_path();
    if args.check {
        return run_check(dir, printer);
    }
    let detected = detect::detect(dir);
    let existing = settings.project_file.as_ref().map(|_| &settings.project);
    let (base, given) = resolve::resolve(&args, &detected, existing)?;
    let interactive = !args.yes
        && !printer.is_json()
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal();
    let answers = if interactive {
        wizard::ask(base, &given, &detected, existing.is_some(), printer).map_err(wizard_error)?
    } else {
        base
    };
    answers.validate().map_err(|m| {
        UserError::usage(m).with_hint("fix the flag or `clerkctl.toml` value it names")
    })?;

    if answers.session.authorized_parties.is_empty() && answers.preset != Some(Preset::Development)
    {
        printer.warn(
            "no authorized parties: tokens minted for any origin will be accepted; \
             pass `--authorized-party https://your-app.example` for production",
        );
    }
    let files = render::render_all(&answers)?;
    let mut plans = Vec::new();
    for file in &files {
        let plan = write::plan(dir.join(&file.path), file.contents.clone())
            .map_err(|e| UserError::usage(format!("cannot read `{}`: {e}", file.path.display())))?;
        plans.push((file.path.display().to_string(), plan));
    }
    // `.gitignore` only ever gains a line, so it needs no consent.
    let gitignore = gitignore_plan(dir)?;

    let conflict = if args.force {
        ConflictPolicy::Overwrite
    } else if interactive {
        ConflictPolicy::Ask
    } else {
        ConflictPolicy::Keep
    };
    let options = WriteOptions {
        dry_run: args.dry_run,
        conflict,
    };
    let mut reports = Vec::new();
    for (name, plan) in &plans {
        // Existing files that differ always show their diff; with `--dry-run`, new files do too.
        let diff = (!plan.is_unchanged() && (plan.old.is_some() || args.dry_run))
            .then(|| plan.diff_as(name));
        if let Some(d) = &diff
            && !printer.is_json()
            && conflict != ConflictPolicy::Ask
        {
            printer.out_raw(d)?;
        }
        let mut ask = |p: &Plan| wizard::confirm_replace(p, name, printer);
        let outcome = write::apply(plan, options, &mut ask)
            .map_err(|e| UserError::usage(format!("cannot write `{name}`: {e}")))?;
        reports.push(FileReport {
            path: name.clone(),
            outcome,
            diff,
        });
    }
    if let Some(plan) = &gitignore {
        let outcome = write::apply(
            plan,
            WriteOptions {
                dry_run: args.dry_run,
                conflict: ConflictPolicy::Overwrite,
            },
            &mut |_| Ok(true),
        )
        .map_err(|e| UserError::usage(format!("cannot write `.gitignore`: {e}")))?;
        reports.push(FileReport {
            path: ".gitignore".into(),
            outcome,
            diff: None,
        });
    }

    let emulator = match (&args.apply_emulator, args.dry_run) {
        (Some(url), false) => Some(apply_emulator(url, &answers, settings).await?),
        _ => None,
    };
    // Its own step, after the files: the instance's Organizations switch, with consent.
    if !args.dry_run {
        let mut prompt = || wizard::confirm_enable_organizations(printer);
        let ask: Option<&mut dyn FnMut() -> std::io::Result<bool>> =
            interactive.then_some(&mut prompt as _);
        let step = organizations::offer(&answers, settings, args.enable_organizations, ask).await?;
        if let Some(step) = step {
            printer.debug(&format!("organizations: {}", step.as_str()));
        }
    }
    report(printer, &reports, &answers, args.dry_run, emulator.as_ref())?;
    Ok(ExitStatus::Success)
}

fn wizard_error(e: dialoguer::Error) -> UserError {
    let dialoguer::Error::IO(io) = e;
    // Leave the terminal usable: the prompt may have hidden the cursor.
    let _ = console::Term::stderr().show_cursor();
    if io.kind() == std::io::ErrorKind::Interrupted {
        UserError {
            message: "interrupted; nothing was written".into(),
            hint: None,
            status: ExitStatus::Interrupted,
        }
    } else {
        UserError::usage(format!("cannot read the answer: {io}"))
            .with_hint("pass the answers as flags with `--yes` (see `clerkctl configure --help`)")
    }
}

/// The `.gitignore` with `.env*.local` appended, when it does not ignore those files yet.
fn gitignore_plan(dir: &Path) -> Result<Option<Plan>, UserError> {
    let path = dir.join(".gitignore");
    let current = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(UserError::usage(format!("cannot read `.gitignore`: {e}"))),
    };
    if check::env_local_ignored(&current) {
        return Ok(None);
    }
    let mut new = current.clone();
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(
        "# Local env files hold Clerk's secret key (added by `clerkctl configure`).\n.env*.local\n",
    );
    write::plan(path, new)
        .map(Some)
        .map_err(|e| UserError::usage(format!("cannot read `.gitignore`: {e}")))
}

fn report(
    printer: &Printer,
    reports: &[FileReport],
    answers: &crate::scaffold::answers::Answers,
    dry_run: bool,
    emulator: Option<&serde_json::Value>,
) -> anyhow::Result<()> {
    if printer.is_json() {
        printer.json(&json!({
            "dry_run": dry_run,
            "framework": answers.framework.name(),
            "files": reports,
            "emulator": emulator,
        }))?;
        return Ok(());
    }
    let width = reports
        .iter()
        .map(|r| r.outcome.label().len())
        .max()
        .unwrap_or(0)
        .min(12);
    for r in reports {
        let label = r.outcome.label();
        let colored = match r.outcome {
            Outcome::Created | Outcome::Updated | Outcome::WouldCreate | Outcome::WouldUpdate => {
                printer.green(label)
            }
            Outcome::Kept => printer.yellow(label),
            Outcome::Unchanged => printer.dim(label),
        };
        let pad = " ".repeat(width.saturating_sub(label.len()));
        printer.out(&format!("{colored}{pad}  {}", r.path))?;
    }
    if dry_run {
        printer.info("dry run: nothing was written");
    }
    if reports.iter().any(|r| r.outcome == Outcome::Kept) {
        printer.warn("some existing files differ and were kept; pass `--force` to replace them");
    }
    if emulator.is_some() {
        printer.info("session settings applied to the emulator");
    }
    if !dry_run {
        printer.info(
            "next: set the Dashboard-only session settings listed in `.clerk/session-settings.md`, \
             then run `clerkctl test basic`",
        );
    }
    Ok(())
}

/// `PUT /__clerkctl/session_settings` on a running emulator.
async fn apply_emulator(
    url: &str,
    answers: &crate::scaffold::answers::Answers,
    settings: &Settings,
) -> Result<serde_json::Value, UserError> {
    let secret = settings.require_secret_key()?;
    let base = url.trim_end_matches('/');
    let parsed = url::Url::parse(base)
        .map_err(|e| UserError::usage(format!("invalid `--apply-emulator` URL `{url}`: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(UserError::usage(format!(
            "invalid `--apply-emulator` URL `{url}`: not http(s)"
        )));
    }
    let s = &answers.session;
    let body = json!({
        "max_lifetime_seconds": s.max_lifetime_seconds,
        "inactivity_timeout_seconds": s.inactivity_timeout_seconds,
        "mode": match s.mode { SessionMode::Single => "single", SessionMode::Multi => "multi" },
        "authorized_party": s.authorized_parties.first(),
    });
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(|e| UserError::unavailable(format!("cannot start the HTTP client: {e}")))?;
    let response = client
        .put(format!("{base}/__clerkctl/session_settings"))
        .bearer_auth(secret.expose())
        .json(&body)
        .send()
        .await
        .map_err(|e| {
            UserError::unavailable(format!(
                "cannot reach the emulator at `{base}`: {}",
                without_url(&e)
            ))
            .with_hint("start it with `clerkctl emulator` and pass the URL it prints")
        })?;
    let status = response.status();
    if status.as_u16() == 401 {
        return Err(UserError::usage(format!(
            "the emulator at `{base}` refused the secret key (401)"
        ))
        .with_hint("use the `CLERK_SECRET_KEY` the emulator printed at start"));
    }
    if status.as_u16() == 404 {
        return Err(UserError::usage(format!("`{base}` is not a clerkctl emulator (no `/__clerkctl/session_settings`)"))
            .with_hint("real Clerk instances take these settings in the Dashboard only; see `.clerk/session-settings.md`"));
    }
    if !status.is_success() {
        return Err(UserError::unavailable(format!(
            "the emulator answered {status} to the session settings"
        )));
    }
    response.json().await.map_err(|e| {
        UserError::unavailable(format!(
            "the emulator sent an unreadable answer: {}",
            without_url(&e)
        ))
    })
}

fn without_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(&format!(" ({url})"), "");
    }
    text
}

/// `configure --check`: print the findings; exit 1 when any is an error.
fn run_check(dir: &Path, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let findings = check::check_project(dir);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    if printer.is_json() {
        printer.json(&json!({ "findings": findings, "errors": errors, "warnings": warnings }))?;
    } else if findings.is_empty() {
        if detect::detect(dir).package_json {
            printer.out(&format!("{} no problems found", printer.green("ok")))?;
        } else {
            printer.out("no `package.json` here: nothing to check")?;
        }
    } else {
        for f in &findings {
            printer.out(&format_finding(f, printer))?;
        }
        printer.out(&format!("{errors} error(s), {warnings} warning(s)"))?;
    }
    Ok(if errors > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn format_finding(f: &Finding, printer: &Printer) -> String {
    let severity = match f.severity {
        Severity::Error => printer.red("error"),
        Severity::Warning => printer.yellow("warning"),
    };
    let file = f
        .file
        .as_ref()
        .map(|p| format!("{}: ", p.display()))
        .unwrap_or_default();
    let mut line = format!("{severity}[{}]: {file}{}", f.code, f.message);
    if let Some(hint) = &f.hint {
        line.push_str(&format!("\n  hint: {hint}"));
    }
    line
}
