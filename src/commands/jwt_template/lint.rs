//! `clerkctl jwt-template lint FILE…`: findings on stdout, a summary on stderr, exit 1 on errors.

use serde::Serialize;

use super::{LoadError, load_json};
use crate::cli::jwt_template::LintArgs;
use crate::error::ExitStatus;
use crate::output::Printer;
use crate::template::lint::{Diagnostic, Severity, lint};

#[derive(Serialize)]
struct FileResult {
    path: String,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<Diagnostic>,
}

/// Lint each file; unreadable or non-JSON files are reported as errors of that file.
pub fn run(args: &LintArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    let mut results = Vec::new();
    for path in &args.files {
        let diagnostics = match load_json(path) {
            Ok(value) => lint(&value),
            Err(e) => vec![load_diagnostic(&e)],
        };
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        results.push(FileResult {
            path: path.display().to_string(),
            errors,
            warnings: diagnostics.len() - errors,
            diagnostics,
        });
    }
    let errors: usize = results.iter().map(|r| r.errors).sum();
    let warnings: usize = results.iter().map(|r| r.warnings).sum();
    if printer.is_json() {
        printer.json(&serde_json::json!({
            "files": results,
            "errors": errors,
            "warnings": warnings,
        }))?;
    } else {
        for r in &results {
            for d in &r.diagnostics {
                let label = match d.severity {
                    Severity::Error => printer.red("error"),
                    Severity::Warning => printer.yellow("warning"),
                };
                let at = if d.pointer.is_empty() {
                    String::new()
                } else {
                    format!(" at `{}`", d.pointer)
                };
                printer.out(&format!(
                    "{}: {label}: {} ({}){at}",
                    r.path, d.message, d.code
                ))?;
                if let Some(hint) = &d.hint {
                    printer.out(&format!("  hint: {hint}"))?;
                }
            }
        }
        printer.info(&format!(
            "{} file(s): {errors} error(s), {warnings} warning(s)",
            results.len()
        ));
    }
    Ok(if errors > 0 {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn load_diagnostic(e: &LoadError) -> Diagnostic {
    let code = match e {
        LoadError::Io { .. } => "unreadable",
        LoadError::TooLarge { .. } => "file-too-large",
        LoadError::Json { .. } => "invalid-json",
    };
    Diagnostic {
        severity: Severity::Error,
        code,
        message: e.to_string(),
        pointer: String::new(),
        hint: None,
    }
}
