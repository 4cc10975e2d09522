//! SDK interop: the official `@clerk/backend` (from npm, with a committed lockfile) against the
//! in-process emulator. Runs whenever `node` and `npm` are on PATH; skips with a reason otherwise.

use std::process::Command;

use clerkctl::emulator::{Emulator, EmulatorConfig};

#[tokio::test]
async fn official_sdk_drives_the_emulator() {
    let Some(dir) = tokio::task::spawn_blocking(|| {
        crate::common::npm_project("sdk-interop", "node_modules/@clerk/backend/package.json")
    })
    .await
    .expect("install task") else {
        return;
    };
    let e = Emulator::start(EmulatorConfig::default())
        .await
        .expect("emulator starts");
    let url = e.url();
    let secret = e.secret_key().expose().to_string();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("interop.mjs")
            .current_dir(&dir)
            .env("CLERK_API_URL", url)
            .env("CLERK_SECRET_KEY", secret)
            .output()
    })
    .await
    .expect("node task")
    .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("OK sdk-interop"),
        "stdout: {stdout}\nstderr: {stderr}"
    );
}
