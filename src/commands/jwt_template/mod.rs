//! `clerkctl jwt-template`: emit templates of known kinds, and lint, preview, push, pull, diff and
//! list template files.

pub mod emit;
pub mod kinds;
mod lint;
mod preview;
mod remote;

use std::path::Path;

use serde_json::{Map, Value};

use crate::cli::jwt_template::{JwtTemplateAction, JwtTemplateArgs};
use crate::error::{ExitStatus, UserError};
use crate::settings::Settings;
use crate::template::lint::is_body;

/// Template files larger than this are refused before parsing: a real template is a few KB, and a
/// token carrying more than this could never be delivered.
pub const MAX_TEMPLATE_BYTES: u64 = 256 * 1024;

/// Run `clerkctl jwt-template …`.
pub async fn run(args: JwtTemplateArgs, settings: &Settings) -> anyhow::Result<ExitStatus> {
    let printer = &settings.printer;
    match args.action {
        None => emit::run(&args.emit, printer),
        Some(JwtTemplateAction::Lint(a)) => lint::run(&a, printer),
        Some(JwtTemplateAction::Preview(a)) => preview::run(&a, settings).await,
        Some(JwtTemplateAction::Push(a)) => remote::push(&a, settings).await,
        Some(JwtTemplateAction::Pull(a)) => remote::pull(&a, settings).await,
        Some(JwtTemplateAction::Diff(a)) => remote::diff(&a, settings).await,
        Some(JwtTemplateAction::List) => remote::list(settings).await,
    }
}

/// Why a template file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// Unreadable.
    #[error("cannot read `{path}`: {message}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        message: String,
    },
    /// Too large to be a template.
    #[error("`{path}` is {size} bytes; a template file may be at most {max} bytes", max = MAX_TEMPLATE_BYTES)]
    TooLarge {
        /// The file.
        path: String,
        /// Its size.
        size: u64,
    },
    /// Not JSON.
    #[error("`{path}` is not valid JSON: {message} at line {line}, column {column}")]
    Json {
        /// The file.
        path: String,
        /// serde_json's description.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
}

impl From<LoadError> for UserError {
    fn from(e: LoadError) -> Self {
        let hint = match &e {
            LoadError::Json { .. } => Some(
                "a template file is a JSON object: `{\"name\": …, \"claims\": {…}}` or bare claims",
            ),
            LoadError::TooLarge { .. } => {
                Some("keep claims small: tokens travel in headers and cookies (4 KB)")
            }
            LoadError::Io { .. } => None,
        };
        let err = UserError::usage(e.to_string());
        match hint {
            Some(h) => err.with_hint(h),
            None => err,
        }
    }
}

/// Read and parse a template file (size-capped).
pub fn load_json(path: &Path) -> Result<Value, LoadError> {
    let shown = path.display().to_string();
    let io = |e: std::io::Error| LoadError::Io {
        path: shown.clone(),
        message: e.to_string(),
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_TEMPLATE_BYTES {
        return Err(LoadError::TooLarge { path: shown, size });
    }
    let bytes =
        crate::files::read_file_limited(path, MAX_TEMPLATE_BYTES, crate::files::SPECIAL_FILE_WAIT)
            .map_err(|e| LoadError::Io {
                path: shown.clone(),
                message: e.to_string(),
            })?;
    serde_json::from_slice(&bytes).map_err(|e| LoadError::Json {
        path: shown,
        message: strip_position(&e.to_string()),
        line: e.line(),
        column: e.column(),
    })
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

/// A loaded template: its claims and the body fields around them.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// `name`, when the file has one.
    pub name: Option<String>,
    /// The claims object.
    pub claims: Map<String, Value>,
    /// `lifetime`, when set.
    pub lifetime: Option<i64>,
    /// `allowed_clock_skew`, when set.
    pub clock_skew: Option<i64>,
    /// The whole body as read (bare claims are wrapped as `{"claims": …}`).
    pub body: Map<String, Value>,
}

/// Interpret parsed JSON as a template body or bare claims.
pub fn interpret(path: &Path, value: Value) -> Result<TemplateFile, UserError> {
    let Value::Object(top) = value else {
        return Err(UserError::usage(format!(
            "`{}` must contain a JSON object (a template body or its claims)",
            path.display()
        )));
    };
    if !is_body(&top) {
        let mut body = Map::new();
        body.insert("claims".into(), Value::Object(top.clone()));
        return Ok(TemplateFile {
            name: None,
            claims: top,
            lifetime: None,
            clock_skew: None,
            body,
        });
    }
    let claims = match top.get("claims") {
        Some(Value::Object(c)) => c.clone(),
        _ => {
            return Err(UserError::usage(format!(
                "`claims` in `{}` must be a JSON object",
                path.display()
            ))
            .with_hint("write the claims as `{\"claim\": \"{{user.id}}\", …}`"));
        }
    };
    Ok(TemplateFile {
        name: top.get("name").and_then(Value::as_str).map(str::to_string),
        claims,
        lifetime: top.get("lifetime").and_then(Value::as_i64),
        clock_skew: top.get("allowed_clock_skew").and_then(Value::as_i64),
        body: top,
    })
}

/// Load and interpret a template file; every failure is a usage error (exit 2).
pub fn load_template(path: &Path) -> Result<TemplateFile, UserError> {
    let value = load_json(path)?;
    interpret(path, value)
}
