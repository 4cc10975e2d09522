//! SDK interop: the official `@clerk/backend` (from npm, with a committed lockfile) against the
//! in-process emulator. Runs whenever `node` and `npm` are on PATH; skips with a reason otherwise.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

use clerkctl::emulator::{Emulator, EmulatorConfig};

fn on_path(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `npm ci` once per process (a Mutex, so two tests never install into one dir at once).
fn install(dir: &PathBuf) -> Result<(), String> {
    static DONE: Mutex<Option<Result<(), String>>> = Mutex::new(None);
    let mut done = DONE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(r) = done.as_ref() {
        return r.clone();
    }
    let r = if dir
        .join("node_modules/@clerk/backend/package.json")
        .is_file()
    {
        Ok(())
    } else {
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir)
            .output()
            .map_err(|e| e.to_string())
            .and_then(|o| {
                if o.status.success() {
                    Ok(())
                } else {
                    Err(String::from_utf8_lossy(&o.stderr).into_owned())
                }
            })
    };
    *done = Some(r.clone());
    r
}

#[tokio::test]
async fn official_sdk_drives_the_emulator() {
    if !on_path("node") || !on_path("npm") {
        eprintln!("skipping SDK interop: node and npm are not both on PATH");
        return;
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/node/sdk-interop");
    let install_dir = dir.clone();
    tokio::task::spawn_blocking(move || install(&install_dir))
        .await
        .expect("install task")
        .expect("npm ci succeeds");
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
