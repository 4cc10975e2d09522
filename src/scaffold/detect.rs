//! Project detection: what `package.json` and the file tree say about the app, so that
//! `configure` asks only what it cannot find out and `--check` knows which rules apply.

use std::path::{Path, PathBuf};

use serde::Serialize;

/// A framework `configure` writes scaffolding for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    /// Next.js with `@clerk/nextjs`.
    Nextjs,
    /// Express with `@clerk/express`.
    Express,
    /// Fastify with `@clerk/fastify`.
    Fastify,
    /// React Router (framework mode) with `@clerk/react-router`.
    ReactRouter,
    /// No framework files: only `clerkctl.toml` and the `.clerk/` notes.
    None,
}

impl Framework {
    /// The name stored in `clerkctl.toml` and shown to users.
    pub fn name(self) -> &'static str {
        match self {
            Framework::Nextjs => "nextjs",
            Framework::Express => "express",
            Framework::Fastify => "fastify",
            Framework::ReactRouter => "react-router",
            Framework::None => "none",
        }
    }

    /// Parse a stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Framework::Nextjs,
            Framework::Express,
            Framework::Fastify,
            Framework::ReactRouter,
            Framework::None,
        ]
        .into_iter()
        .find(|f| f.name() == name)
    }

    /// The Clerk SDK package for the framework.
    pub fn sdk_package(self) -> Option<&'static str> {
        match self {
            Framework::Nextjs => Some("@clerk/nextjs"),
            Framework::Express => Some("@clerk/express"),
            Framework::Fastify => Some("@clerk/fastify"),
            Framework::ReactRouter => Some("@clerk/react-router"),
            Framework::None => None,
        }
    }
}

/// Next.js router flavour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Router {
    /// `app/`.
    App,
    /// `pages/`.
    Pages,
}

/// What the project looks like.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Detected {
    /// `package.json` exists and parses.
    pub package_json: bool,
    /// The framework found in the dependencies (Next.js wins over a server framework).
    pub framework: Option<Framework>,
    /// The installed (or declared) Next.js major version.
    pub next_major: Option<u32>,
    /// The Clerk SDK for the framework is a dependency.
    pub clerk_sdk: bool,
    /// The app lives under `src/`.
    pub src_dir: bool,
    /// App or Pages router (Next.js).
    pub router: Option<Router>,
    /// TypeScript (a `tsconfig.json` or a `typescript` dependency).
    pub typescript: bool,
    /// Existing Next.js middleware/proxy files, relative to the project root.
    pub middleware_files: Vec<PathBuf>,
}

/// The names Next.js looks for, without extension.
pub const MIDDLEWARE_STEMS: &[&str] = &["middleware", "proxy"];
/// The extensions Next.js accepts for them.
pub const MIDDLEWARE_EXTENSIONS: &[&str] = &["ts", "js", "mjs", "tsx", "jsx"];

/// Look at `dir`. Never fails: unreadable files simply leave fields unset.
pub fn detect(dir: &Path) -> Detected {
    let mut found = Detected::default();
    let package = std::fs::read_to_string(dir.join("package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
    if let Some(pkg) = &package {
        found.package_json = true;
        let dep = |name: &str| dependency_version(pkg, name);
        if let Some(declared) = dep("next") {
            found.framework = Some(Framework::Nextjs);
            found.next_major = installed_major(dir, "next").or_else(|| major_of(&declared));
        } else if dep("@react-router/dev").is_some()
            || dep("@clerk/react-router").is_some()
            || dep("react-router").is_some()
        {
            found.framework = Some(Framework::ReactRouter);
        } else if dep("fastify").is_some() {
            found.framework = Some(Framework::Fastify);
        } else if dep("express").is_some() {
            found.framework = Some(Framework::Express);
        }
        found.clerk_sdk = found
            .framework
            .and_then(Framework::sdk_package)
            .is_some_and(|sdk| dep(sdk).is_some());
        found.typescript = dep("typescript").is_some();
    }
    found.typescript |= dir.join("tsconfig.json").is_file();
    let is_dir = |p: &str| dir.join(p).is_dir();
    found.src_dir = is_dir("src/app")
        || is_dir("src/pages")
        || (is_dir("src") && !is_dir("app") && !is_dir("pages"));
    if found.framework == Some(Framework::Nextjs) {
        let base = if found.src_dir { "src/" } else { "" };
        found.router = if is_dir(&format!("{base}app")) {
            Some(Router::App)
        } else if is_dir(&format!("{base}pages")) {
            Some(Router::Pages)
        } else {
            None
        };
    }
    found.middleware_files = middleware_files(dir);
    // An existing `middleware.ts`/`proxy.ts` says TypeScript even without a `tsconfig.json` yet.
    found.typescript |= found
        .middleware_files
        .iter()
        .any(|f| f.extension().is_some_and(|e| e == "ts" || e == "tsx"));
    found
}

/// Every middleware/proxy file at the root and under `src/`.
pub fn middleware_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for base in ["", "src/"] {
        for stem in MIDDLEWARE_STEMS {
            for ext in MIDDLEWARE_EXTENSIONS {
                let rel = PathBuf::from(format!("{base}{stem}.{ext}"));
                if dir.join(&rel).is_file() {
                    files.push(rel);
                }
            }
        }
    }
    files
}

/// The version range declared for `name` in any dependency section.
fn dependency_version(pkg: &serde_json::Value, name: &str) -> Option<String> {
    ["dependencies", "devDependencies", "peerDependencies"]
        .iter()
        .filter_map(|section| pkg.get(section)?.get(name)?.as_str())
        .map(str::to_string)
        .next()
}

/// The major version of an installed package (`node_modules/<name>/package.json`).
fn installed_major(dir: &Path, name: &str) -> Option<u32> {
    let text =
        std::fs::read_to_string(dir.join("node_modules").join(name).join("package.json")).ok()?;
    let pkg: serde_json::Value = serde_json::from_str(&text).ok()?;
    major_of(pkg.get("version")?.as_str()?)
}

/// The first number in a version or range (`^15.2.3` → 15, `~16` → 16, `latest` → none).
pub fn major_of(range: &str) -> Option<u32> {
    let digits: String = range
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
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

    #[test]
    fn finds_next_version_layout_and_language() {
        let dir = project(&[
            (
                "package.json",
                r#"{"dependencies":{"next":"^15.3.1","@clerk/nextjs":"^7.0.0"}}"#,
            ),
            ("tsconfig.json", "{}"),
            ("src/app/page.tsx", ""),
            ("src/middleware.ts", ""),
        ]);
        let d = detect(dir.path());
        assert_eq!(d.framework, Some(Framework::Nextjs));
        assert_eq!(d.next_major, Some(15));
        assert!(d.clerk_sdk && d.src_dir && d.typescript);
        assert_eq!(d.router, Some(Router::App));
        assert_eq!(d.middleware_files, vec![PathBuf::from("src/middleware.ts")]);
    }

    #[test]
    fn installed_version_beats_the_declared_range() {
        let dir = project(&[
            ("package.json", r#"{"dependencies":{"next":"latest"}}"#),
            ("node_modules/next/package.json", r#"{"version":"16.1.0"}"#),
            ("pages/index.js", ""),
        ]);
        let d = detect(dir.path());
        assert_eq!(d.next_major, Some(16));
        assert_eq!(d.router, Some(Router::Pages));
        assert!(!d.typescript && !d.src_dir);
    }

    #[test]
    fn server_frameworks_and_no_project() {
        let dir = project(&[("package.json", r#"{"dependencies":{"express":"^5"}}"#)]);
        assert_eq!(detect(dir.path()).framework, Some(Framework::Express));
        let dir = project(&[("package.json", r#"{"dependencies":{"fastify":"^5"}}"#)]);
        assert_eq!(detect(dir.path()).framework, Some(Framework::Fastify));
        let dir = project(&[]);
        assert_eq!(detect(dir.path()), Detected::default());
        assert_eq!(major_of("latest"), None);
    }
}
