//! `configure --check` (and `test basic`): lint an existing project's Clerk wiring without
//! rewriting anything — the middleware/proxy file, its matcher, deprecated helpers, protected
//! webhooks, the role and permission rules of `clerkctl.toml`, and whether `.env*.local` files
//! are kept out of git.
//!
//! The checks read source text, so they are heuristics: they look for the shapes Clerk's docs and
//! the seed scripts produce, after comments are removed and whitespace squeezed out.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::detect::{self, Framework};
use super::routes::RoutePattern;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Broken or insecure: the check fails.
    Error,
    /// Works today but deprecated or fragile.
    Warning,
}

/// One problem found in the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// A stable kebab-case code (`sync-auth-protect`, …), listed in README.md.
    pub code: &'static str,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The file concerned, relative to the project root.
    pub file: Option<PathBuf>,
}

impl Finding {
    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity,
            code,
            message: message.into(),
            hint: None,
            file: None,
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    fn file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }
}

/// Lint the project in `dir`. Empty for a directory that is not a JavaScript app.
pub fn check_project(dir: &Path) -> Vec<Finding> {
    let found = detect::detect(dir);
    if !found.package_json {
        return Vec::new();
    }
    let mut findings = Vec::new();
    if found.framework == Some(Framework::Nextjs) {
        check_next(dir, &found, &mut findings);
    } else {
        check_server_file(dir, &mut findings);
    }
    check_gitignore(dir, &mut findings);
    findings
}

/// Express, Fastify, React Router: the file `clerkctl.toml` names enforces its route rules.
fn check_server_file(dir: &Path, findings: &mut Vec<Finding>) {
    let Ok(Some((_, config))) = crate::project::ProjectConfig::load_from_dir(dir) else {
        return;
    };
    let Some(file) = config.project.middleware.as_deref().map(PathBuf::from) else {
        return;
    };
    if let Ok(text) = std::fs::read_to_string(dir.join(&file)) {
        check_route_rules(&strip_comments(&text), &file, &config, findings);
    }
}

/// Each `[[routes.rule]]` of `clerkctl.toml` shows up in `code` (comments stripped): its pattern
/// (as the anchored regex clerkctl writes, or as the pattern string) and its role or permission
/// key as a string. A rule missing from the file is a route the app leaves open to any signed-in
/// user.
fn check_route_rules(
    code: &str,
    file: &Path,
    config: &crate::project::ProjectConfig,
    findings: &mut Vec<Finding>,
) {
    let literals = string_literals(code);
    let has_literal = |s: &str| literals.iter().any(|l| l == s);
    for rule in &config.routes.rules {
        let Ok(pattern) = RoutePattern::parse(&rule.path) else {
            continue;
        };
        let (what, key) = match (&rule.role, &rule.permission) {
            (Some(role), _) => ("role", role),
            (None, Some(permission)) => ("permission", permission),
            (None, None) => continue,
        };
        let routed = code.contains(&pattern.to_js_regex()) || has_literal(&rule.path);
        if routed && has_literal(key) {
            continue;
        }
        findings.push(
            Finding::new(
                Severity::Error,
                "route-rule-missing",
                format!(
                    "`clerkctl.toml` requires {what} `{key}` on `{}`, but `{}` does not enforce it, \
                     so any signed-in user gets through",
                    rule.path,
                    file.display()
                ),
            )
            .hint(format!(
                "run `clerkctl configure` to rewrite `{}` from `clerkctl.toml`, or add \
                 `await auth.protect({{ {what}: '{key}' }})` for `{}`",
                file.display(),
                rule.path
            ))
            .file(file.to_path_buf()),
        );
    }
}

/// The file name Next.js `major` expects.
pub fn expected_stem(next_major: Option<u32>) -> &'static str {
    match next_major {
        Some(major) if major < 16 => "middleware",
        _ => "proxy",
    }
}

fn check_next(dir: &Path, found: &detect::Detected, findings: &mut Vec<Finding>) {
    let version = found
        .next_major
        .map_or_else(|| "Next.js".to_string(), |m| format!("Next.js {m}"));
    let stem = expected_stem(found.next_major);
    let base = if found.src_dir { "src/" } else { "" };
    let wanted = format!("{base}{stem}.ts");
    let files = &found.middleware_files;
    if files.is_empty() {
        findings.push(
            Finding::new(
                Severity::Error,
                "middleware-missing",
                format!("no `{stem}` file: {version} never runs `clerkMiddleware`, so `auth()` fails in every route"),
            )
            .hint(format!("run `clerkctl configure` to write `{wanted}`")),
        );
        return;
    }
    let in_place: Vec<&PathBuf> = files
        .iter()
        .filter(|f| f.starts_with("src") == found.src_dir)
        .collect();
    if in_place.is_empty()
        && let Some(file) = files.first()
    {
        findings.push(
            Finding::new(
                Severity::Error,
                "middleware-wrong-location",
                format!(
                    "`{}` is ignored: the app lives {} so Next.js looks for `{wanted}`",
                    file.display(),
                    if found.src_dir {
                        "in `src/`"
                    } else {
                        "at the project root"
                    }
                ),
            )
            .hint(format!("move it to `{wanted}`"))
            .file(file.clone()),
        );
    }
    if in_place.len() > 1 {
        findings.push(
            Finding::new(
                Severity::Error,
                "middleware-duplicate",
                format!(
                    "both {} exist; Next.js refuses to build with more than one",
                    in_place
                        .iter()
                        .map(|f| format!("`{}`", f.display()))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            )
            .hint(format!("keep only `{wanted}`")),
        );
    }
    let Some(file) = in_place.first().copied().or_else(|| files.first()) else {
        return;
    };
    let file_stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file_stem != stem {
        let (severity, why) = if stem == "middleware" {
            (
                Severity::Error,
                format!("{version} does not know `proxy` files; it only runs `middleware`"),
            )
        } else {
            (
                Severity::Warning,
                format!("{version} renamed `middleware` to `proxy`; `middleware` is deprecated"),
            )
        };
        findings.push(
            Finding::new(severity, "middleware-wrong-name", why)
                .hint(format!(
                    "rename it to `{}`",
                    file.with_file_name(format!("{stem}.{}", extension(file)))
                        .display()
                ))
                .file(file.clone()),
        );
    }
    let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
        return;
    };
    lint_middleware_source(&text, file, dir, found, findings);
}

fn extension(file: &Path) -> String {
    file.extension()
        .map_or_else(|| "ts".into(), |e| e.to_string_lossy().into_owned())
}

/// The text checks on a middleware/proxy file.
fn lint_middleware_source(
    text: &str,
    file: &Path,
    dir: &Path,
    found: &detect::Detected,
    findings: &mut Vec<Finding>,
) {
    let code = strip_comments(text);
    let squeezed = squeeze(&code);
    let at = |f: Finding| f.file(file.to_path_buf());
    if let Ok(Some((_, config))) = crate::project::ProjectConfig::load_from_dir(dir) {
        check_route_rules(&code, file, &config, findings);
    }
    if squeezed.contains("authMiddleware(") {
        findings.push(at(Finding::new(
            Severity::Error,
            "auth-middleware-removed",
            "`authMiddleware` was removed from `@clerk/nextjs` (v6); the file no longer compiles against current SDKs",
        )
        .hint("replace it with `clerkMiddleware` and protect routes with `await auth.protect()`")));
    }
    if !squeezed.contains("clerkMiddleware(") {
        findings.push(at(Finding::new(
            Severity::Error,
            "clerk-middleware-missing",
            "the file does not call `clerkMiddleware`, so Clerk's `auth()` has no request state",
        )
        .hint("export `clerkMiddleware()` as the default export (run `clerkctl configure --dry-run` to see one)")));
    }
    if squeezed.contains("auth().protect(") {
        findings.push(at(Finding::new(
            Severity::Error,
            "sync-auth-protect",
            "`auth().protect()` is the pre-v6 synchronous form; current `@clerk/nextjs` needs `await auth.protect()`",
        )
        .hint("write `await auth.protect()` inside an `async` handler")));
    }
    if squeezed.contains("createRouteMatcher(") {
        findings.push(at(Finding::new(
            Severity::Warning,
            "route-matcher-deprecated",
            "`createRouteMatcher` is deprecated in `@clerk/nextjs` and will be removed in the next major",
        )
        .hint("match `req.nextUrl.pathname` yourself, or protect each page and route handler with `await auth.protect()`")));
    }
    if !squeezed.contains("/__clerk/") {
        findings.push(at(Finding::new(
            Severity::Warning,
            "clerk-matcher-missing",
            "the `config.matcher` lacks `/__clerk/(.*)`, so the Frontend API proxy path skips the middleware",
        )
        .hint("add `'/__clerk/(.*)'` to `config.matcher`")));
    }
    for path in webhook_paths(dir, found) {
        if protects(&squeezed, &path) {
            findings.push(at(Finding::new(
                Severity::Error,
                "webhook-protected",
                format!("webhook route `{path}` needs a signed-in user, so Clerk's (Svix) deliveries get redirected or 404"),
            )
            .hint(format!("make `{path}(.*)` public and verify the webhook signature instead"))));
        }
    }
}

/// Drop whitespace, except one space between two identifier characters (`const x`), so that
/// the shapes searched for do not depend on formatting.
fn squeeze(code: &str) -> String {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(code.len());
    let mut pending_space = false;
    for c in code.chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && ident(c) && out.chars().next_back().is_some_and(ident) {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// Remove `/* … */` blocks and `//` comments that start a line or follow whitespace (so URLs in
/// strings, `https://…`, survive).
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out.lines()
        .map(|line| {
            let cut = line
                .match_indices("//")
                .find(|(i, _)| *i == 0 || line[..*i].ends_with(char::is_whitespace))
                .map_or(line.len(), |(i, _)| i);
            &line[..cut]
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Webhook routes: from `clerkctl.toml` and from `api/**/webhook*` files and directories.
fn webhook_paths(dir: &Path, found: &detect::Detected) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    if let Ok(Some((_, config))) = crate::project::ProjectConfig::load_from_dir(dir) {
        for pattern in &config.routes.webhooks {
            if let Ok(p) = RoutePattern::parse(pattern) {
                paths.push(p.sample_path());
            }
        }
    }
    let base = if found.src_dir { "src/" } else { "" };
    for root in ["app", "pages"] {
        let api = dir.join(format!("{base}{root}/api"));
        collect_webhook_dirs(&api, "/api", 0, &mut paths);
    }
    paths.sort();
    paths.dedup();
    paths
}

fn collect_webhook_dirs(dir: &Path, url: &str, depth: usize, out: &mut Vec<String>) {
    if depth > 4 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let segment = name.split('.').next().unwrap_or_default().to_string();
        // Route groups `(name)` do not appear in the URL.
        let child_url = if segment.starts_with('(') {
            url.to_string()
        } else {
            format!("{url}/{segment}")
        };
        if segment.to_ascii_lowercase().contains("webhook") {
            out.push(child_url);
        } else if entry.path().is_dir() {
            collect_webhook_dirs(&entry.path(), &child_url, depth + 1, out);
        }
    }
}

/// Whether the `createRouteMatcher` wiring in `squeezed` (see [`squeeze`]) protects `path`:
/// a matcher used as `if (isX(req)) protect` protects what it matches; one used negated
/// (`if (!isPublic(req)) protect`) protects everything it does not match.
fn protects(squeezed: &str, path: &str) -> bool {
    let mut rest = squeezed;
    let mut protected = false;
    while let Some(at) = rest.find("=createRouteMatcher(") {
        let before = &rest[..at];
        let name_start = before
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .map_or(0, |i| i + 1);
        let name = &before[name_start..];
        let args_start = at + "=createRouteMatcher(".len();
        let args = balanced(&rest[args_start..]);
        let patterns: Vec<RoutePattern> = string_literals(args)
            .iter()
            .filter_map(|s| RoutePattern::parse(s).ok())
            .collect();
        let hit = patterns.iter().any(|p| p.matches(path));
        if !name.is_empty() {
            let call = format!("{name}(");
            let negated = format!("!{name}(");
            let total = squeezed.matches(&call).count();
            let negated_count = squeezed.matches(&negated).count();
            if negated_count > 0 && !hit {
                protected = true;
            }
            if total > negated_count && hit {
                protected = true;
            }
        }
        rest = &rest[args_start..];
    }
    protected
}

/// The text up to the parenthesis that closes the one just opened.
fn balanced(text: &str) -> &str {
    let mut depth = 1usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..i];
                }
            }
            _ => {}
        }
    }
    text
}

/// The contents of `'…'`, `"…"` and `` `…` `` literals (no escapes needed for route patterns).
fn string_literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if matches!(c, '\'' | '"' | '`') {
            let literal: String = chars.by_ref().take_while(|&d| d != c).collect();
            out.push(literal);
        }
    }
    out
}

/// True when `.gitignore` text keeps `.env.local` and `.env.production.local` out of git.
pub fn env_local_ignored(gitignore: &str) -> bool {
    [".env.local", ".env.production.local"]
        .iter()
        .all(|name| ignored(gitignore, name))
}

fn ignored(gitignore: &str, name: &str) -> bool {
    let mut state = false;
    for line in gitignore.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (negate, pattern) = match line.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, line),
        };
        let pattern = pattern.trim_start_matches("**/").trim_start_matches('/');
        if glob(pattern.as_bytes(), name.as_bytes()) {
            state = !negate;
        }
    }
    state
}

/// `*` any run (no `/`), `?` one character; everything else literal.
fn glob(pattern: &[u8], name: &[u8]) -> bool {
    match pattern.split_first() {
        None => name.is_empty(),
        Some((b'*', rest)) => (0..=name.len())
            .take_while(|&n| !name[..n].contains(&b'/'))
            .any(|n| glob(rest, &name[n..])),
        Some((b'?', rest)) => name.split_first().is_some_and(|(_, tail)| glob(rest, tail)),
        Some((c, rest)) => name
            .split_first()
            .is_some_and(|(d, tail)| c == d && glob(rest, tail)),
    }
}

fn check_gitignore(dir: &Path, findings: &mut Vec<Finding>) {
    let text = std::fs::read_to_string(dir.join(".gitignore")).unwrap_or_default();
    if env_local_ignored(&text) {
        return;
    }
    let has_local = dir.join(".env.local").is_file();
    let severity = if has_local {
        Severity::Error
    } else {
        Severity::Warning
    };
    let message = if has_local {
        "`.env.local` exists and `.gitignore` does not ignore it; its secret key could be committed"
    } else {
        "`.gitignore` does not ignore `.env*.local`, where Clerk's secret key usually lives"
    };
    findings.push(
        Finding::new(severity, "env-local-not-ignored", message)
            .hint("add `.env*.local` to `.gitignore` (`clerkctl configure` does it)")
            .file(".gitignore"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn codes(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.code).collect()
    }

    const SEED_MIDDLEWARE: &str = r#"import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server'
const isProtectedRoute = createRouteMatcher(['/dashboard(.*)', '/api(.*)'])
export default clerkMiddleware((auth, req) => {
  if (isProtectedRoute(req)) auth().protect()
})
export const config = { matcher: ['/((?!_next|[^?]*\\.(?:html?|css|js(?!on))).*)', '/(api|trpc)(.*)'] }
"#;

    #[test]
    fn not_a_js_app_has_no_findings() {
        let dir = project(&[("README.md", "hi")]);
        assert!(check_project(dir.path()).is_empty());
    }

    #[test]
    fn flags_the_seed_scripts_middleware() {
        let dir = project(&[
            (
                "package.json",
                r#"{"dependencies":{"next":"16.0.1","@clerk/nextjs":"^7"}}"#,
            ),
            ("app/api/webhooks/clerk/route.ts", ""),
            ("middleware.ts", SEED_MIDDLEWARE),
        ]);
        let found = check_project(dir.path());
        assert_eq!(
            codes(&found),
            [
                "middleware-wrong-name",
                "sync-auth-protect",
                "route-matcher-deprecated",
                "clerk-matcher-missing",
                "webhook-protected",
                "env-local-not-ignored"
            ]
        );
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[4].message.contains("`/api/webhooks`"),
            "{}",
            found[4].message
        );
    }

    #[test]
    fn public_matcher_that_covers_webhooks_is_fine() {
        let text = r#"import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server'
// createRouteMatcher is fine in a comment: auth().protect()
const isPublicRoute = createRouteMatcher(['/', '/api/webhooks(.*)'])
export default clerkMiddleware(async (auth, req) => {
  if (!isPublicRoute(req)) await auth.protect()
})
export const config = { matcher: ['/__clerk/(.*)'] }
"#;
        let dir = project(&[
            ("package.json", r#"{"dependencies":{"next":"^15.2.0"}}"#),
            ("src/app/api/webhooks/route.ts", ""),
            ("src/middleware.ts", text),
            (".gitignore", "node_modules\n.env*.local\n"),
        ]);
        assert_eq!(
            codes(&check_project(dir.path())),
            ["route-matcher-deprecated"]
        );
        std::fs::write(
            dir.path().join("src/middleware.ts"),
            text.replace("'/api/webhooks(.*)'", "'/sign-in'"),
        )
        .unwrap();
        assert_eq!(
            codes(&check_project(dir.path())),
            ["route-matcher-deprecated", "webhook-protected"]
        );
    }

    #[test]
    fn file_names_and_locations() {
        let dir = project(&[
            ("package.json", r#"{"dependencies":{"next":"^15.2.0"}}"#),
            ("src/app/page.tsx", ""),
            ("proxy.ts", "clerkMiddleware() '/__clerk/(.*)'"),
            (".gitignore", ".env*\n"),
        ]);
        assert_eq!(
            codes(&check_project(dir.path())),
            ["middleware-wrong-location", "middleware-wrong-name"]
        );
        let dir = project(&[
            ("package.json", r#"{"dependencies":{"next":"16"}}"#),
            (".env.local", ""),
        ]);
        let found = check_project(dir.path());
        assert_eq!(
            codes(&found),
            ["middleware-missing", "env-local-not-ignored"]
        );
        assert_eq!(found[1].severity, Severity::Error);
    }

    #[test]
    fn route_rules_of_clerkctl_toml_must_be_in_the_proxy() {
        let toml = "[[routes.rule]]\npath = \"/admin(.*)\"\nrole = \"org:admin\"\n\n\
                    [[routes.rule]]\npath = \"/billing/:id\"\npermission = \"org:billing:manage\"\n";
        let generated = r#"import { clerkMiddleware } from '@clerk/nextjs/server'
const roleRoutes = [{ pattern: /^\/admin(?:.*)$/, role: 'org:admin' }]
const permissionRoutes = [{ pattern: /^\/billing\/[^\/]+$/, permission: 'org:billing:manage' }]
export default clerkMiddleware(async () => {})
export const config = { matcher: ['/__clerk/(.*)'] }
"#;
        let dir = project(&[
            ("package.json", r#"{"dependencies":{"next":"16.0.1"}}"#),
            (".gitignore", ".env*.local\n"),
            ("clerkctl.toml", toml),
            ("proxy.ts", generated),
        ]);
        assert_eq!(codes(&check_project(dir.path())), Vec::<&str>::new());
        // A hand-written proxy with the pattern string and the role is fine too.
        std::fs::write(
            dir.path().join("proxy.ts"),
            "clerkMiddleware(async (auth, req) => {\n\
             if (isMatch(req, '/admin(.*)')) await auth.protect({ role: 'org:admin' })\n\
             if (isMatch(req, '/billing/:id')) await auth.protect({ permission: 'org:billing:manage' })\n\
             }) '/__clerk/(.*)'",
        )
        .unwrap();
        assert_eq!(codes(&check_project(dir.path())), Vec::<&str>::new());
        // The admin rule dropped (a comment does not count).
        std::fs::write(
            dir.path().join("proxy.ts"),
            generated.replace(
                "{ pattern: /^\\/admin(?:.*)$/, role: 'org:admin' }",
                "/* { pattern: /^\\/admin(?:.*)$/, role: 'org:admin' } */",
            ),
        )
        .unwrap();
        let found = check_project(dir.path());
        assert_eq!(codes(&found), ["route-rule-missing"]);
        assert_eq!(found[0].severity, Severity::Error);
        assert!(
            found[0]
                .message
                .contains("role `org:admin` on `/admin(.*)`"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].file.as_deref(), Some(Path::new("proxy.ts")));
        // Express: the file `clerkctl.toml` names.
        let dir = project(&[
            ("package.json", r#"{"dependencies":{"express":"^5"}}"#),
            (".gitignore", ".env*.local\n"),
            (
                "clerkctl.toml",
                &format!(
                    "[project]\nframework = \"express\"\nmiddleware = \"src/clerk.ts\"\n\n{toml}"
                ),
            ),
            ("src/clerk.ts", "const roleRoutes = []\n"),
        ]);
        assert_eq!(
            codes(&check_project(dir.path())),
            ["route-rule-missing", "route-rule-missing"]
        );
    }

    #[test]
    fn gitignore_patterns() {
        assert!(env_local_ignored(".env*.local\n"));
        assert!(env_local_ignored("*.local\n"));
        assert!(env_local_ignored("/.env*\n"));
        assert!(!env_local_ignored(".env.local\n"));
        assert!(!env_local_ignored(".env*\n!.env.local\n"));
        assert!(!env_local_ignored(""));
    }

    #[test]
    fn comments_are_ignored_but_urls_survive() {
        let s = strip_comments("a // b\n'http://x' /* c\n d */ e");
        assert_eq!(s, "a \n'http://x'  e");
    }
}
