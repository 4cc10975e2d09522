//! Helpers shared by the integration tests.

#![allow(dead_code, reason = "each test module uses a different subset")]

use assert_cmd::Command;

/// A `clerkctl` command with a clean, hermetic environment: no Clerk variables, no color, and a
/// fresh temporary working directory (so no `.env` or `clerkctl.toml` leaks in).
pub fn clerkctl(dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("clerkctl").expect("the clerkctl binary is built");
    cmd.current_dir(dir);
    for var in [
        "CLERK_SECRET_KEY",
        "CLERK_PUBLISHABLE_KEY",
        "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
        "CLERK_API_URL",
        "CLERK_API_VERSION",
        "CLERK_JWT_KEY",
        "CLERKCTL_COLOR",
        "GITHUB_ACTIONS",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// The path of `../shared` (the product's reference material), when present.
pub fn shared_dir() -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    dir.is_dir().then_some(dir)
}

/// True when `node` and `npm` are on PATH. Otherwise a test that needs them prints a loud
/// SKIPPED line and returns, except under `CI=true`, where a missing prerequisite fails it.
pub fn node_and_npm(test: &str) -> bool {
    if on_path("node") && on_path("npm") {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{test}: `node` and `npm` must be on PATH under CI=true"
    );
    eprintln!("\n*** SKIPPED {test}: `node` and `npm` are not both on PATH ***\n");
    false
}

/// True when `tool --version` runs.
pub fn on_path(tool: &str) -> bool {
    std::process::Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The npm project `tests/node/<name>`, installed from its committed lockfile once per test
/// process; `None` after a loud `SKIPPED` line when node or npm is missing (never under
/// `CI=true`, where that fails the test instead).
///
/// npm's output is kept unless the install fails: `npm ci` (and, when an npm release rejects a
/// lockfile over platform-specific optional packages such as `@next/swc-…`, `npm install
/// --no-save` from the same lockfile) runs with `--loglevel=error`, so neither the fallback nor
/// the engine warnings of the pinned packages flood the test output.
pub fn npm_project(name: &str, installed_marker: &str) -> Option<std::path::PathBuf> {
    static INSTALLED: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());
    if !on_path("node") || !on_path("npm") {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "`node` and `npm` are required under CI=true (tests/node/{name})"
        );
        eprintln!("SKIPPED: `node` and `npm` are not both on PATH (tests/node/{name})");
        return None;
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/node")
        .join(name);
    let mut installed = INSTALLED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !installed.contains(&dir) {
        if !dir.join(installed_marker).exists() {
            let npm = |args: &[&str]| {
                std::process::Command::new("npm")
                    .args(args)
                    .args([
                        "--ignore-scripts",
                        "--no-audit",
                        "--no-fund",
                        "--loglevel=error",
                    ])
                    .current_dir(&dir)
                    .output()
                    .unwrap_or_else(|e| panic!("npm did not run: {e}"))
            };
            let ci = npm(&["ci"]);
            if !ci.status.success() {
                let install = npm(&["install", "--no-save"]);
                assert!(
                    install.status.success(),
                    "npm could not install {}:\n{}\n{}",
                    dir.display(),
                    String::from_utf8_lossy(&ci.stderr),
                    String::from_utf8_lossy(&install.stderr)
                );
            }
        }
        installed.push(dir.clone());
    }
    Some(dir)
}

/// A tiny deterministic generator (xorshift), so a randomised test names its seed and reproduces.
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}
