//! Settings resolution: flags > environment > `.env.local` > `.env` > `clerkctl.toml` > defaults.
//!
//! clap has already merged flags with the environment (`env = …` on each argument). This module
//! fills what is still missing from the `.env` files (parsed as data, never executed) and from
//! `clerkctl.toml`, and validates keys lazily: `decode` must work with a broken `.env`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::clerk::keys::{KeyEnvironment, PublishableKey, SecretKey};
use crate::env_vars;
use crate::error::UserError;
use crate::output::Printer;
use crate::project::ProjectConfig;

/// The default Backend API URL.
pub const DEFAULT_API_URL: &str = "https://api.clerk.com";
/// The default Backend API version path.
pub const DEFAULT_API_VERSION: &str = "v1";

/// What was typed (or set in the environment) for the Clerk connection; from the CLI layer.
#[derive(Debug, Clone, Default)]
pub struct ConnectionArgs {
    /// `CLERK_SECRET_KEY`.
    pub secret_key: Option<String>,
    /// `CLERK_PUBLISHABLE_KEY`.
    pub publishable_key: Option<String>,
    /// `NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY`.
    pub next_publishable_key: Option<String>,
    /// `CLERK_API_URL`.
    pub api_url: Option<String>,
    /// `CLERK_API_VERSION`.
    pub api_version: Option<String>,
    /// `CLERK_JWT_KEY`.
    pub jwt_key: Option<String>,
    /// `--env-file` paths (replace the default `.env.local` + `.env` lookup).
    pub env_files: Vec<PathBuf>,
}

/// Where a setting's value came from, for `-v` and error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A flag or the process environment.
    FlagOrEnv,
    /// A `.env`-style file.
    EnvFile(PathBuf),
    /// The built-in default.
    Default,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::FlagOrEnv => f.write_str("flag or environment"),
            Source::EnvFile(p) => write!(f, "`{}`", p.display()),
            Source::Default => f.write_str("default"),
        }
    }
}

/// Resolved settings shared by every command.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The printer (output format, color, verbosity).
    pub printer: Printer,
    /// The project directory (the working directory).
    pub project_dir: PathBuf,
    /// `clerkctl.toml`, or defaults when absent.
    pub project: ProjectConfig,
    /// Where `clerkctl.toml` was read from, if it exists.
    pub project_file: Option<PathBuf>,
    secret_key: Option<(String, Source)>,
    publishable_key: Option<(String, Source)>,
    api_url: Option<(String, Source)>,
    api_version: Option<String>,
    jwt_key: Option<String>,
}

impl Settings {
    /// Resolve the connection settings and the project file from `dir`.
    pub fn resolve(printer: Printer, conn: ConnectionArgs, dir: &Path) -> Result<Self, UserError> {
        let files: Vec<PathBuf> = if conn.env_files.is_empty() {
            vec![dir.join(".env.local"), dir.join(".env")]
        } else {
            conn.env_files.clone()
        };
        let mut from_files: BTreeMap<String, (String, Source)> = BTreeMap::new();
        for path in &files {
            let text = match crate::files::read_text_limited(path, crate::files::CONFIG_LIMIT) {
                Ok(t) => t,
                Err(e) if e.is_not_found() && conn.env_files.is_empty() => {
                    continue;
                }
                Err(e) => {
                    return Err(UserError::usage(format!(
                        "cannot read env file `{}`: {e}",
                        path.display()
                    )));
                }
            };
            for (key, value) in parse_env_file(&text) {
                // Earlier files win (.env.local over .env).
                from_files
                    .entry(key)
                    .or_insert((value, Source::EnvFile(path.clone())));
            }
        }
        let pick = |flag: Option<String>, names: &[&str]| -> Option<(String, Source)> {
            if let Some(v) = flag.filter(|v| !v.trim().is_empty()) {
                return Some((v, Source::FlagOrEnv));
            }
            names
                .iter()
                .find_map(|n| from_files.get(*n).cloned())
                .filter(|(v, _)| !v.is_empty())
        };
        let secret_key = pick(conn.secret_key, &[env_vars::CLERK_SECRET_KEY]);
        let flag_pk = match conn.publishable_key {
            Some(v) if v.starts_with('@') => Some(value_or_file(&v, "--publishable-key", false)?.0),
            other => other,
        };
        let publishable_key = pick(flag_pk, &[env_vars::CLERK_PUBLISHABLE_KEY]).or_else(|| {
            pick(
                conn.next_publishable_key,
                &[env_vars::NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY],
            )
        });
        let api_url = pick(conn.api_url, &[env_vars::CLERK_API_URL]);
        let api_version = pick(conn.api_version, &[env_vars::CLERK_API_VERSION]).map(|(v, _)| v);
        let jwt_key = pick(conn.jwt_key, &[env_vars::CLERK_JWT_KEY]).map(|(v, _)| v);
        let (project_file, project) = match ProjectConfig::load_from_dir(dir)? {
            Some((path, config)) => (Some(path), config),
            None => (None, ProjectConfig::default()),
        };
        Ok(Self {
            printer,
            project_dir: dir.to_path_buf(),
            project,
            project_file,
            secret_key,
            publishable_key,
            api_url,
            api_version,
            jwt_key,
        })
    }

    /// Settings with nothing configured (for tests and library callers).
    pub fn empty(printer: Printer, dir: &Path) -> Self {
        Self {
            printer,
            project_dir: dir.to_path_buf(),
            project: ProjectConfig::default(),
            project_file: None,
            secret_key: None,
            publishable_key: None,
            api_url: None,
            api_version: None,
            jwt_key: None,
        }
    }

    /// True when any secret key is configured (the `test` command then targets that instance).
    pub fn has_secret_key(&self) -> bool {
        self.secret_key.is_some()
    }

    /// The secret key, validated; `None` when not configured.
    pub fn secret_key(&self) -> Result<Option<SecretKey>, UserError> {
        let Some((raw, source)) = &self.secret_key else {
            return Ok(None);
        };
        SecretKey::parse(raw).map(Some).map_err(|e| {
            UserError::usage(format!("invalid secret key from {source}: {e}")).with_hint(
                "copy the secret key from the Dashboard's API keys page into `CLERK_SECRET_KEY`",
            )
        })
    }

    /// The secret key, or an error naming the variable to set.
    pub fn require_secret_key(&self) -> Result<SecretKey, UserError> {
        self.secret_key()?.ok_or_else(|| {
            UserError::usage("no secret key configured").with_hint(
                "set `CLERK_SECRET_KEY` (environment, `.env.local` or `--env-file`), or use the emulator",
            )
        })
    }

    /// The publishable key, validated; `None` when not configured.
    pub fn publishable_key(&self) -> Result<Option<PublishableKey>, UserError> {
        let Some((raw, source)) = &self.publishable_key else {
            return Ok(None);
        };
        PublishableKey::parse(raw).map(Some).map_err(|e| {
            UserError::usage(format!("invalid publishable key from {source}: {e}")).with_hint(
                "copy the publishable key from the Dashboard's API keys page into `CLERK_PUBLISHABLE_KEY`",
            )
        })
    }

    /// Both keys, checked to belong to the same kind of instance.
    pub fn keys(&self) -> Result<(Option<SecretKey>, Option<PublishableKey>), UserError> {
        let sk = self.secret_key()?;
        let pk = self.publishable_key()?;
        if let (Some(sk), Some(pk)) = (&sk, &pk) {
            check_same_environment(sk.environment(), pk.environment())?;
        }
        Ok((sk, pk))
    }

    /// The Backend API base URL (no trailing slash), e.g. `https://api.clerk.com`.
    pub fn api_url(&self) -> String {
        self.api_url
            .as_ref()
            .map_or(DEFAULT_API_URL, |(v, _)| v.as_str())
            .trim_end_matches('/')
            .to_string()
    }

    /// True when the API URL was set explicitly (flag, environment or env file).
    pub fn api_url_is_explicit(&self) -> bool {
        self.api_url.is_some()
    }

    /// The Backend API version path (`v1`).
    pub fn api_version(&self) -> String {
        self.api_version
            .clone()
            .unwrap_or_else(|| DEFAULT_API_VERSION.to_string())
    }

    /// `CLERK_JWT_KEY`, if set.
    pub fn jwt_key(&self) -> Option<&str> {
        self.jwt_key.as_deref()
    }
}

/// A test key with a live key (or the reverse) is a configuration error.
pub fn check_same_environment(sk: KeyEnvironment, pk: KeyEnvironment) -> Result<(), UserError> {
    if sk == pk {
        return Ok(());
    }
    Err(UserError::usage(format!(
        "the secret key is a {sk} key but the publishable key is a {pk} key"
    ))
    .with_hint("use the pair of keys from the same instance (Dashboard → API keys)"))
}

/// Parse a `.env` file as data: `KEY=VALUE` lines, optional `export `, `#` comments, single- or
/// double-quoted values (double quotes understand `\n`, `\"`, `\\` and may span lines), and
/// ` #` comments after unquoted values. Nothing is ever expanded or executed.
pub fn parse_env_file(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").map_or(line, str::trim_start);
        let Some((key, rest)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let rest = rest.trim_start();
        let value = if let Some(body) = rest.strip_prefix('"') {
            let mut buf = body.to_string();
            // Multi-line double-quoted values (PEM keys) continue until the closing quote.
            while find_closing_quote(&buf).is_none() {
                match lines.next() {
                    Some(next) => {
                        buf.push('\n');
                        buf.push_str(next);
                    }
                    None => break,
                }
            }
            let end = find_closing_quote(&buf).unwrap_or(buf.len());
            unescape_double(&buf[..end])
        } else if let Some(body) = rest.strip_prefix('\'') {
            body.find('\'').map_or(body, |end| &body[..end]).to_string()
        } else {
            let value = rest.find(" #").map_or(rest, |i| &rest[..i]);
            value.trim_end().to_string()
        };
        out.push((key.to_string(), value));
    }
    out
}

fn find_closing_quote(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

fn unescape_double(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A flag value that may be read from a file: `@FILE` is the file's contents (trimmed), anything
/// else the value itself. With `path_too`, a value that is not PEM text but names an existing file
/// is read as well (`--key private.pem`). Returns the text and where it came from, for messages.
pub fn value_or_file(
    value: &str,
    flag: &str,
    path_too: bool,
) -> Result<(String, String), UserError> {
    let path = match value.strip_prefix('@') {
        Some(path) => Some(path),
        None if path_too && !value.contains("-----BEGIN") && Path::new(value).is_file() => {
            Some(value)
        }
        None => None,
    };
    let Some(path) = path else {
        return Ok((value.to_string(), format!("`{flag}`")));
    };
    let text =
        crate::files::read_text_limited(Path::new(path), crate::files::KEY_LIMIT).map_err(|e| {
            UserError::usage(format!("cannot read `{path}` (from `{flag}`): {e}"))
                .with_hint(format!("`{flag} @FILE` reads the value from FILE"))
        })?;
    Ok((text.trim().to_string(), format!("`{path}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files_are_data() {
        let text = "# comment\nexport A=1\nB = 'two # not a comment'\nC=\"line\\nnext\"\nD=plain # trailing\nE=$(rm -rf /)\nbad line\nF=\"multi\nline\"\n";
        let parsed = parse_env_file(text);
        let get = |k: &str| {
            parsed
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("A"), Some("1"));
        assert_eq!(get("B"), Some("two # not a comment"));
        assert_eq!(get("C"), Some("line\nnext"));
        assert_eq!(get("D"), Some("plain"));
        assert_eq!(get("E"), Some("$(rm -rf /)"));
        assert_eq!(get("F"), Some("multi\nline"));
        assert_eq!(parsed.len(), 6);
    }

    #[test]
    fn precedence_flag_over_env_local_over_env() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(".env"),
            "CLERK_API_URL=http://from-env\nCLERK_API_VERSION=v9\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join(".env.local"),
            "CLERK_API_URL=http://from-local\n",
        )
        .unwrap();
        let s = Settings::resolve(Printer::plain(), ConnectionArgs::default(), dir.path()).unwrap();
        assert_eq!(s.api_url(), "http://from-local");
        assert_eq!(s.api_version(), "v9");
        let conn = ConnectionArgs {
            api_url: Some("http://flag/".into()),
            ..Default::default()
        };
        let s = Settings::resolve(Printer::plain(), conn, dir.path()).unwrap();
        assert_eq!(s.api_url(), "http://flag");
    }

    #[test]
    fn mismatched_keys_are_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let conn = ConnectionArgs {
            secret_key: Some(concat!("sk_", "live_0123456789abcdef").into()),
            publishable_key: Some("pk_test_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA".into()),
            ..Default::default()
        };
        let s = Settings::resolve(Printer::plain(), conn, dir.path()).unwrap();
        let err = s.keys().unwrap_err();
        assert!(err.message.contains("live key"), "{}", err.message);
        assert!(!err.message.contains("0123456789"));
    }
}
