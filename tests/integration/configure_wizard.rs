//! The `configure` wizard through a real pseudo-terminal (rexpect): arrow keys, defaults, a
//! validation error re-asked, Ctrl-C leaving no file behind, and a re-run: one summary of every
//! change, one consent, nothing half-written, the comments in `clerkctl.toml` kept.

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
    // One summary, then one consent; with only new files, Enter applies them.
    p.exp_string("will make these changes (6 new, 0 changed, 0 removed)")
        .expect("summary");
    p.exp_string("no, write nothing").expect("consent items");
    settle();
    p.send("\r").expect("enter");
    p.flush().expect("flush");
    p.exp_string("applied: 6 new").expect("applied");
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

/// Every answer from flags, so the only prompt is the consent.
const RERUN_FLAGS: &[&str] = &[
    "--max-lifetime",
    "7d",
    "--inactivity-timeout",
    "off",
    "--session-mode",
    "single",
    "--authorized-party",
    "none",
    "--claim",
    "role={{user.public_metadata.role}}",
    "--role-route",
    "/admin(.*)=org:admin",
    "--jwt-template",
    "none",
];

/// Every file under `dir`, with its contents.
fn snapshot(dir: &Path) -> String {
    crate::configure::tree(dir, &[])
}

/// A project configured once, then hand-edited: a comment and a note in `clerkctl.toml`, a
/// tweak in `proxy.ts`.
fn configured_and_edited() -> tempfile::TempDir {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("package.json"),
        r#"{"dependencies":{"next":"^16.0.0"}}"#,
    )
    .expect("write");
    std::fs::write(dir.path().join("tsconfig.json"), "{}").expect("write");
    let status = Command::new(env!("CARGO_BIN_EXE_clerkctl"))
        .current_dir(dir.path())
        .args(["configure", "--yes"])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("first configure");
    assert!(status.success());
    let toml_path = dir.path().join("clerkctl.toml");
    let toml = std::fs::read_to_string(&toml_path).expect("clerkctl.toml");
    std::fs::write(
        &toml_path,
        format!("# Reviewed by security, 2026-11.\n{toml}").replace(
            "[routes]\n",
            "[routes]\n# Keep /health public for the load balancer.\n",
        ),
    )
    .expect("write");
    let proxy = dir.path().join("proxy.ts");
    let text = std::fs::read_to_string(&proxy).expect("proxy.ts");
    std::fs::write(&proxy, format!("{text}// my tweak\n")).expect("write");
    dir
}

/// The re-run: one summary naming every file (the edited one flagged), the diffs on request,
/// "no" writes nothing at all; "yes" writes every file, and `clerkctl.toml` keeps its comments.
#[test]
fn rerun_shows_one_summary_and_applies_all_or_nothing() {
    let dir = configured_and_edited();
    let before = snapshot(dir.path());
    let mut p = wizard(dir.path(), RERUN_FLAGS);
    p.exp_string("will make these changes (1 new, 4 changed, 0 removed)")
        .expect("one summary");
    p.exp_string("clerkctl.toml").expect("toml line");
    p.exp_string("updated in place, your comments kept")
        .expect("toml merged");
    p.exp_string("proxy.ts").expect("proxy line");
    p.exp_string("replaces edits of yours")
        .expect("edited flagged");
    p.exp_string("types/globals.d.ts").expect("types line");
    p.exp_string("no, write nothing").expect("consent items");
    settle();
    // The default is "no" (a change drops edits); one up: "show the diffs first".
    p.send("\x1b[A").expect("up");
    p.send("\r").expect("enter");
    p.flush().expect("flush");
    p.exp_string("-// my tweak")
        .expect("the diff of the edited file");
    p.exp_string("Apply these changes?").expect("asked again");
    p.exp_string("no, write nothing").expect("consent items");
    settle();
    p.send("\r").expect("enter");
    p.flush().expect("flush");
    p.exp_string("cancelled; nothing was written")
        .expect("cancelled");
    p.exp_eof().expect("exit");
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a refused change set writes nothing"
    );

    // Again, and yes: every file changes in the same run.
    let mut p = wizard(dir.path(), RERUN_FLAGS);
    p.exp_string("no, write nothing").expect("consent items");
    settle();
    p.send("\x1b[A").expect("up");
    p.send("\x1b[A").expect("up");
    p.send("\r").expect("enter");
    p.flush().expect("flush");
    p.exp_string("applied: 1 new, 4 changed").expect("applied");
    p.exp_eof().expect("exit");
    let toml = std::fs::read_to_string(dir.path().join("clerkctl.toml")).expect("toml");
    assert!(
        toml.starts_with("# Reviewed by security, 2026-11.\n"),
        "{toml}"
    );
    assert!(
        toml.contains("[routes]\n# Keep /health public for the load balancer.\n"),
        "{toml}"
    );
    assert!(
        toml.contains("role = \"{{user.public_metadata.role}}\""),
        "{toml}"
    );
    assert!(toml.contains("role = \"org:admin\""), "{toml}");
    let types = std::fs::read_to_string(dir.path().join("types/globals.d.ts")).expect("types");
    assert!(types.contains("role?:"), "{types}");
    let proxy = std::fs::read_to_string(dir.path().join("proxy.ts")).expect("proxy");
    assert!(
        proxy.contains("role: 'org:admin'") && !proxy.contains("my tweak"),
        "{proxy}"
    );
    assert!(!snapshot(dir.path()).contains(".clerkctl-"));
}

/// Ctrl-C at the consent prompt: the run ends as interrupted (exit 130, or the SIGINT itself,
/// which a shell reports as 130), nothing written.
#[test]
fn ctrl_c_at_the_consent_writes_nothing() {
    use rexpect::process::{Signal, WaitStatus};
    let dir = configured_and_edited();
    let before = snapshot(dir.path());
    let mut p = wizard(dir.path(), RERUN_FLAGS);
    p.exp_string("no, write nothing").expect("consent items");
    settle();
    p.send_control('c').expect("ctrl-c");
    p.exp_eof().expect("exit");
    let status = p.process().wait().expect("wait");
    assert!(
        matches!(
            status,
            WaitStatus::Exited(_, 130) | WaitStatus::Signaled(_, Signal::SIGINT, _)
        ),
        "{status:?}"
    );
    assert_eq!(snapshot(dir.path()), before);
}
