//! `clerkctl configure`: resolve the answers (flags, `clerkctl.toml`, preset, wizard), render the
//! files, show one summary of every change, get one consent, and apply the change set as a whole
//! or not at all; or, with `--check`, lint the existing wiring.

mod changes;
mod interrupt;
mod organizations;
mod resolve;
mod wizard;

use std::io::IsTerminal;
use std::path::Path;

use serde::Serialize;
use serde_json::json;

use self::changes::{Change, ChangeSet, FileChange};
use self::interrupt::Interrupt;
use crate::cli::ConfigureArgs;
use crate::error::{ExitStatus, UserError};
use crate::output::Printer;
use crate::project::SessionMode;
use crate::scaffold::answers::{Answers, Preset};
use crate::scaffold::check::{self, Finding, Severity};
use crate::scaffold::detect::{self, Framework};
use crate::scaffold::render::{self, RenderedFile};
use crate::scaffold::transaction::{self, Recovered, TxError};
use crate::settings::Settings;

/// What happened to one file, for `--output json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Outcome {
    Created,
    Updated,
    Removed,
    Unchanged,
    WouldCreate,
    WouldUpdate,
    WouldRemove,
    /// The change set was refused (a change would drop edits of the user's, without consent).
    NotApplied,
}

/// One file in the JSON report.
#[derive(Debug, Serialize)]
struct FileReport<'a> {
    path: &'a str,
    change: Change,
    outcome: Outcome,
    /// Applying the change drops edits of the user's.
    edited: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    renamed_from: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    renamed_to: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<String>,
}

/// How the run ended, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Applied,
    DryRun,
    Refused,
    Nothing,
}

/// Run `clerkctl configure`.
pub async fn run(args: ConfigureArgs, settings: &Settings) -> anyhow::Result<ExitStatus> {
    let printer = &settings.printer;
    let dir = settings.project_dir.as_path();
    if args.check {
        return run_check(dir, printer);
    }
    let interactive = !args.yes
        && !printer.is_json()
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal();
    // Without prompts, Ctrl-C is ours from the start: it ends the run with exit 130 and the
    // project as it was. (The wizard's prompts read Ctrl-C themselves.)
    let mut interrupt = (!interactive).then(Interrupt::install);
    let recovered = recover(dir, args.dry_run, printer)?;
    let detected = detect::detect(dir);
    // Restored files include `clerkctl.toml`: read it again.
    let reloaded = if recovered {
        crate::project::ProjectConfig::load_from_dir(dir)?.map(|(_, config)| config)
    } else {
        None
    };
    let existing = if recovered {
        reloaded.as_ref()
    } else {
        settings.project_file.as_ref().map(|_| &settings.project)
    };
    let (base, given) = resolve::resolve(&args, &detected, existing)?;
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
    let previous = match existing {
        Some(config) => previous_renders(&detected, config),
        None => Vec::new(),
    };
    let set = ChangeSet::build(
        dir,
        &files,
        &previous,
        answers.framework,
        gitignore_text(dir)?,
    )?;

    let mut shown = false;
    let verdict = if set.is_empty() {
        Verdict::Nothing
    } else if args.dry_run {
        Verdict::DryRun
    } else if args.force {
        Verdict::Applied
    } else if interactive {
        summary(printer, &set, true)?;
        shown = true;
        if wizard::confirm_changes(&set, printer).map_err(wizard_error)? {
            Verdict::Applied
        } else {
            return Err(UserError {
                message: "cancelled; nothing was written".into(),
                hint: None,
                status: ExitStatus::Failure,
            }
            .into());
        }
    } else if set.edited().is_empty() {
        Verdict::Applied
    } else {
        Verdict::Refused
    };
    if !printer.is_json() && !shown {
        summary(printer, &set, false)?;
        let show = |f: &&FileChange| match verdict {
            Verdict::DryRun => true,
            Verdict::Refused => f.edited,
            _ => false,
        };
        for file in set.files.iter().filter(show) {
            printer.out_raw(&file.diff(&set))?;
        }
    }
    if verdict == Verdict::Applied {
        let interrupt = interrupt.get_or_insert_with(Interrupt::install);
        apply(dir, &set, interrupt)?;
    }
    let emulator = match (&args.apply_emulator, args.dry_run) {
        (Some(url), false) if verdict != Verdict::Refused => {
            Some(apply_emulator(url, &answers, settings).await?)
        }
        _ => None,
    };
    // Its own step, after the files: the instance's Organizations switch, with consent.
    if !args.dry_run && verdict != Verdict::Refused {
        let mut prompt = || wizard::confirm_enable_organizations(printer);
        let ask: Option<&mut dyn FnMut() -> std::io::Result<bool>> =
            interactive.then_some(&mut prompt as _);
        let step = organizations::offer(&answers, settings, args.enable_organizations, ask).await?;
        if let Some(step) = step {
            printer.debug(&format!("organizations: {}", step.as_str()));
        }
    }
    report(printer, &set, &answers, verdict, emulator.as_ref())?;
    Ok(if verdict == Verdict::Refused {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Finish or undo what an interrupted run left (see [`transaction::recover`]); true when files
/// were restored or finished.
fn recover(dir: &Path, dry_run: bool, printer: &Printer) -> Result<bool, UserError> {
    if dry_run {
        if transaction::pending(dir) {
            printer.warn(&format!(
                "a previous `clerkctl configure` was interrupted while applying its changes \
                 (`{}`); run `clerkctl configure` without `--dry-run` to restore the files it had changed",
                transaction::JOURNAL
            ));
        }
        return Ok(false);
    }
    match transaction::recover(dir) {
        Ok(Some(Recovered::RolledBack)) => printer.warn(
            "a previous `clerkctl configure` was interrupted while applying its changes; \
             the files it had changed are restored",
        ),
        Ok(Some(Recovered::Finished)) => printer.info(
            "a previous `clerkctl configure` was interrupted after applying its changes; \
             its leftover copies are removed",
        ),
        Ok(None) => return Ok(false),
        Err(e) => {
            return Err(UserError::usage(format!(
                "cannot recover from an interrupted `clerkctl configure`: {e}"
            ))
            .with_hint(format!(
                "restore the files named in `{}` by hand (each `.…clerkctl-….bak` is the old \
                 copy), then delete it",
                transaction::JOURNAL
            )));
        }
    }
    Ok(true)
}

/// What the previous answers (`clerkctl.toml`, no flags) render to, for each Next.js file name:
/// a file equal to one of these is clerkctl's own and carries no edits of the user's.
fn previous_renders(
    detected: &detect::Detected,
    config: &crate::project::ProjectConfig,
) -> Vec<RenderedFile> {
    let Ok((previous, _)) = resolve::resolve(&ConfigureArgs::default(), detected, Some(config))
    else {
        return Vec::new();
    };
    let mut variants = vec![previous.clone()];
    if previous.framework == Framework::Nextjs {
        for major in [15, 16] {
            if major != previous.next_major {
                variants.push(Answers {
                    next_major: major,
                    ..previous.clone()
                });
            }
        }
    }
    // Without these every existing file merely counts as edited, which is the safe side.
    variants
        .iter()
        .filter_map(|a| render::render_all(a).ok())
        .flatten()
        .collect()
}

/// Apply the change set, mapping a failure to its exit code.
fn apply(dir: &Path, set: &ChangeSet, interrupt: &Interrupt) -> Result<(), UserError> {
    transaction::apply(dir, &set.ops(), &|| interrupt.pressed()).map_err(|e| match e {
        TxError::Interrupted => UserError {
            message: "interrupted; the project is as it was, nothing was written".into(),
            hint: None,
            status: ExitStatus::Interrupted,
        },
        TxError::Io { .. } => UserError::usage(format!(
            "{e}; the project is as it was, nothing was written"
        )),
        TxError::RollbackFailed { .. } => UserError::usage(e.to_string()),
    })
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
fn gitignore_text(dir: &Path) -> Result<Option<String>, UserError> {
    let path = dir.join(".gitignore");
    let current = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(UserError::usage(format!("cannot read `.gitignore`: {e}"))),
    };
    if check::env_local_ignored(&current) {
        return Ok(None);
    }
    let mut new = current;
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(
        "# Local env files hold Clerk's secret key (added by `clerkctl configure`).\n.env*.local\n",
    );
    Ok(Some(new))
}

/// Why a change is what it is, after the path.
fn detail(file: &FileChange) -> String {
    let counts = || {
        let (add, del) = file.line_counts();
        format!("+{add} -{del}")
    };
    match file.change {
        Change::Unchanged => String::new(),
        Change::New => match &file.renamed_from {
            Some(from) => format!("  (takes the place of `{from}`)"),
            None => String::new(),
        },
        Change::Changed if file.edited => {
            format!("  ({}; replaces edits of yours)", counts())
        }
        Change::Changed if file.merged => {
            format!("  ({}; updated in place, your comments kept)", counts())
        }
        Change::Changed => format!("  ({})", counts()),
        Change::Removed => {
            let to = file.renamed_to.as_deref().unwrap_or("?");
            if file.edited {
                format!("  (renamed to `{to}` with clerkctl's contents; replaces edits of yours)")
            } else {
                format!("  (renamed to `{to}`)")
            }
        }
    }
}

/// The one summary of every change: on stderr beside the prompt, on stdout otherwise.
fn summary(printer: &Printer, set: &ChangeSet, to_stderr: bool) -> std::io::Result<()> {
    let width = set
        .files
        .iter()
        .map(|f| f.change.label().len())
        .max()
        .unwrap_or(0);
    let term = console::Term::stderr();
    if to_stderr {
        let (new, changed, removed) = set.counts();
        term.write_line(&format!(
            "clerkctl configure will make these changes ({new} new, {changed} changed, {removed} removed):"
        ))?;
    }
    for file in &set.files {
        let label = file.change.label();
        let paint = |s: &str| match (file.change, file.edited, to_stderr) {
            (Change::Unchanged, _, true) => printer.dim_err(s),
            (Change::Unchanged, _, false) => printer.dim(s),
            (_, true, true) => printer.yellow_err(s),
            (_, true, false) => printer.yellow(s),
            (_, false, true) => printer.green_err(s),
            (_, false, false) => printer.green(s),
        };
        let pad = " ".repeat(width.saturating_sub(label.len()));
        let line = format!("{}{pad}  {}{}", paint(label), file.path, detail(file));
        if to_stderr {
            term.write_line(&format!("  {line}"))?;
        } else {
            printer.out(&line)?;
        }
    }
    Ok(())
}

fn outcome(file: &FileChange, verdict: Verdict) -> Outcome {
    match (file.change, verdict) {
        (Change::Unchanged, _) | (_, Verdict::Nothing) => Outcome::Unchanged,
        (_, Verdict::Refused) => Outcome::NotApplied,
        (Change::New, Verdict::DryRun) => Outcome::WouldCreate,
        (Change::Changed, Verdict::DryRun) => Outcome::WouldUpdate,
        (Change::Removed, Verdict::DryRun) => Outcome::WouldRemove,
        (Change::New, Verdict::Applied) => Outcome::Created,
        (Change::Changed, Verdict::Applied) => Outcome::Updated,
        (Change::Removed, Verdict::Applied) => Outcome::Removed,
    }
}

fn report(
    printer: &Printer,
    set: &ChangeSet,
    answers: &Answers,
    verdict: Verdict,
    emulator: Option<&serde_json::Value>,
) -> anyhow::Result<()> {
    if printer.is_json() {
        let files: Vec<FileReport> = set
            .files
            .iter()
            .map(|f| FileReport {
                path: &f.path,
                change: f.change,
                outcome: outcome(f, verdict),
                edited: f.edited,
                renamed_from: f.renamed_from.as_deref(),
                renamed_to: f.renamed_to.as_deref(),
                // New files' whole contents only when asked for (`--dry-run`).
                diff: Some(f.diff(set)).filter(|d| {
                    !d.is_empty() && (f.change != Change::New || verdict == Verdict::DryRun)
                }),
            })
            .collect();
        printer.json(&json!({
            "dry_run": verdict == Verdict::DryRun,
            "applied": verdict == Verdict::Applied,
            "framework": answers.framework.name(),
            "files": files,
            "emulator": emulator,
        }))?;
    }
    let (new, changed, removed) = set.counts();
    let counts = format!("{new} new, {changed} changed, {removed} removed");
    match verdict {
        Verdict::Nothing => printer.info("nothing to change: every file is up to date"),
        Verdict::DryRun => printer.info(&format!("dry run: nothing was written ({counts})")),
        Verdict::Applied => {
            printer.info(&format!("applied: {counts}"));
            for file in set.files.iter().filter(|f| f.change == Change::Removed) {
                if let Some(to) = &file.renamed_to {
                    printer.info(&format!(
                        "renamed `{}` to `{to}`: {}",
                        file.path,
                        rename_reason(answers)
                    ));
                }
            }
        }
        Verdict::Refused => {
            let names: Vec<String> = set
                .edited()
                .iter()
                .map(|f| format!("`{}`", f.path))
                .collect();
            printer.error(
                &format!(
                    "not applying the changes: {} {} edits of yours that they would replace; \
                     nothing was written",
                    names.join(", "),
                    if names.len() == 1 { "has" } else { "have" },
                ),
                Some(
                    "review the diffs above; pass `--force` to apply them all, or run \
                     `clerkctl configure` on a terminal to decide",
                ),
            );
        }
    }
    if emulator.is_some() {
        printer.info("session settings applied to the emulator");
    }
    if verdict == Verdict::Applied || verdict == Verdict::Nothing {
        printer.info(
            "next: set the Dashboard-only session settings listed in `.clerk/session-settings.md`, \
             then run `clerkctl test basic`",
        );
    }
    Ok(())
}

fn rename_reason(answers: &Answers) -> String {
    let stem = check::expected_stem(Some(answers.next_major));
    if stem == "proxy" {
        format!(
            "Next.js {} runs `proxy`, and refuses to build with both files",
            answers.next_major
        )
    } else {
        format!(
            "Next.js {} runs `middleware` only, and refuses to build with both files",
            answers.next_major
        )
    }
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
