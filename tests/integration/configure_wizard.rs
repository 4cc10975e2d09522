//! The `configure` wizard through a real pseudo-terminal (rexpect): arrow keys, defaults, a
//! validation error re-asked, and Ctrl-C leaving no file behind.

use std::path::Path;
use std::process::Command;

use rexpect::session::{PtySession, spawn_command};

use crate::common::tempdir;

const DOWN: &str = "\x1b[B";

fn wizard(dir: &Path, extra: &[&str]) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clerkctl"));
    cmd.current_dir(dir).arg("configure").args(extra);
    for var in [
        "CLERK_SECRET_KEY",
        "CLERK_PUBLISHABLE_KEY",
        "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
        "CLERK_API_URL",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1").env("TERM", "xterm");
    spawn_command(cmd, Some(30_000)).expect("spawn clerkctl in a pty")
}

/// Let a select switch the terminal to raw mode: a key typed before that is read in cooked mode,
/// where Enter arrives as `\n`, which the select does not take for Enter.
fn settle() {
    std::thread::sleep(std::time::Duration::from_millis(300));
}

/// Press Enter on a prompt after it shows up.
fn accept(p: &mut PtySession, prompt: &str) {
    p.exp_string(prompt).expect(prompt);
    p.send("\r").expect("enter");
    p.flush().expect("flush");
}

#[test]
fn wizard_arrow_keys_defaults_and_validation() {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("package.json"),
        r#"{"dependencies":{"next":"^16.0.0"}}"#,
    )
    .expect("write");
    let mut p = wizard(dir.path(), &[]);
    // Preset: arrow down twice → high-security.
    p.exp_string("Start from which preset?")
        .expect("preset prompt");
    p.send(DOWN).expect("down");
    p.send(DOWN).expect("down");
    p.send("\r").expect("enter");
    p.flush().expect("flush");
    // A bad lifetime is refused and asked again; then a good one.
    p.exp_string("Maximum session lifetime")
        .expect("lifetime prompt");
    p.send_line("7 weeks").expect("type");
    p.exp_string("is not a duration")
        .expect("validation message");
    // Clear the rejected text (dialoguer keeps it for editing) and type a valid value.
    for _ in 0.."7 weeks".len() {
        p.send("\x7f").expect("backspace");
    }
    p.send_line("2d").expect("type");
    // The default (30m from the preset) is kept by pressing Enter.
    accept(&mut p, "Inactivity timeout");
    // Session mode: arrow down → multi.
    p.exp_string("Session mode?").expect("mode prompt");
    p.exp_string("several accounts at once")
        .expect("mode items");
    settle();
    p.send(DOWN).expect("down");
    p.send("\r").expect("enter");
    p.flush().expect("flush");
    for prompt in [
        "Authorized parties",
        "Custom session-token claims",
        "Public routes",
        "Routes that need a signed-in user",
        "Routes that need a role",
        "Routes that need a permission",
        "API routes",
        "Webhook routes",
        "JWT templates",
    ] {
        accept(&mut p, prompt);
    }
    p.exp_eof().expect("exit");
    let toml = std::fs::read_to_string(dir.path().join("clerkctl.toml")).expect("clerkctl.toml");
    assert!(toml.contains("max_lifetime_seconds = 172800"), "{toml}");
    assert!(toml.contains("inactivity_timeout_seconds = 1800"), "{toml}");
    assert!(toml.contains("mode = \"multi\""), "{toml}");
    assert!(dir.path().join("proxy.js").is_file());
}

#[test]
fn ctrl_c_leaves_no_partial_file() {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("package.json"),
        r#"{"dependencies":{"next":"^16.0.0"}}"#,
    )
    .expect("write");
    let mut p = wizard(dir.path(), &[]);
    p.exp_string("30-minute inactivity timeout")
        .expect("preset items");
    settle();
    p.send("\r").expect("enter");
    p.flush().expect("flush");
    p.exp_string("Maximum session lifetime")
        .expect("lifetime prompt");
    p.send_control('c').expect("ctrl-c");
    p.exp_eof().expect("exit");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read_dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["package.json"]);
}

#[test]
fn a_differing_file_is_asked_about_with_its_diff() {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("package.json"),
        r#"{"dependencies":{"next":"^16.0.0"}}"#,
    )
    .expect("write");
    std::fs::write(dir.path().join("proxy.ts"), "// mine\n").expect("write");
    // Everything but the file question comes from flags.
    let flags = [
        "--preset",
        "development",
        "--max-lifetime",
        "7d",
        "--inactivity-timeout",
        "off",
        "--session-mode",
        "single",
        "--authorized-party",
        "none",
        "--claim",
        "none",
        "--public-route",
        "/",
        "--jwt-template",
        "none",
    ];
    let mut p = wizard(dir.path(), &flags);
    p.exp_string("-// mine").expect("diff shown");
    p.exp_string("`").expect("question");
    p.exp_string("Replace it?").expect("question");
    // Default is no: Enter keeps the file.
    p.send("\r").expect("enter");
    p.flush().expect("flush");
    p.exp_eof().expect("exit");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("proxy.ts")).unwrap_or_default(),
        "// mine\n"
    );
    assert!(dir.path().join("clerkctl.toml").is_file());
}
