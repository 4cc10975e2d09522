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
