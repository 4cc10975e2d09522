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
    let on_path = |tool: &str| {
        std::process::Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
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
