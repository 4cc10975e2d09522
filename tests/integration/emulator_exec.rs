//! `clerkctl emulator exec -- CMD`: the command's environment, its exit code passed on (0, 7,
//! 128+N for a signal), signals forwarded, and a start failure that never runs the command.

use std::io::{BufRead, BufReader};
use std::process::Command;

use crate::common::{clerkctl, tempdir};

#[test]
fn the_command_gets_the_emulators_keys_and_its_exit_code_0_is_clerkctls() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args(["emulator", "exec", "--", "sh", "-c"])
        .arg(
            r#"printf '%s\n' "$CLERK_API_URL" "$CLERK_SECRET_KEY" "$CLERK_PUBLISHABLE_KEY" "$NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"; printf '%s\n' "$CLERK_JWT_KEY" | head -1"#,
        )
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    assert!(lines[0].starts_with("http://127.0.0.1:"), "{stdout}");
    assert!(lines[1].starts_with("sk_test_"), "{stdout}");
    let pk = clerkctl::clerk::keys::PublishableKey::parse(lines[2]).expect("a publishable key");
    assert_eq!(pk.frontend_api_url(), lines[0]);
    assert_eq!(lines[3], lines[2]);
    assert_eq!(lines[4], "-----BEGIN PUBLIC KEY-----");
    // stdout is the command's alone; clerkctl's own lines go to stderr.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("clerkctl emulator listening on http://127.0.0.1:"),
        "{stderr}"
    );
}

#[test]
fn the_emulator_serves_the_command_and_a_nonzero_exit_code_7_passes_through() {
    let dir = tempdir();
    let bin = assert_cmd::cargo::cargo_bin("clerkctl");
    // The command mints a token against the emulator it was given, verifies it with the PEM
    // key from its environment, then fails on purpose.
    let script = format!(
        r#"set -e
token=$("{bin}" emulator mint --email exec@example.com)
"{bin}" verify "$token" >/dev/null
echo verified
exit 7"#,
        bin = bin.display()
    );
    let out = clerkctl(dir.path())
        .args(["emulator", "exec", "--", "sh", "-c", &script])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(7), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "verified\n",
        "{stderr}"
    );
}

/// `clerkctl emulator exec` with a command that says `ready` and then waits.
#[cfg(unix)]
fn spawn_waiting(dir: &std::path::Path, script: &str) -> (std::process::Child, impl BufRead) {
    let mut child = crate::emulator_cli::emulator_process(dir, &["exec", "--", "sh", "-c", script]);
    let mut lines = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    lines.read_line(&mut first).expect("the command starts");
    assert_eq!(first, "ready\n");
    (child, lines)
}

#[cfg(unix)]
fn send(child: &std::process::Child, signal: &str) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn sigterm_is_forwarded_and_a_command_killed_by_it_exits_143() {
    let dir = tempdir();
    let (mut child, _out) = spawn_waiting(dir.path(), "echo ready; exec sleep 30");
    send(&child, "TERM");
    let status = child.wait().expect("clerkctl exits");
    assert_eq!(status.code(), Some(128 + 15), "{status:?}");
}

#[cfg(unix)]
#[test]
fn a_command_that_handles_the_forwarded_signal_decides_the_exit_code() {
    let dir = tempdir();
    let (mut child, mut out) = spawn_waiting(
        dir.path(),
        r#"trap 'echo "cleaning up"; exit 5' TERM INT; echo ready; while :; do sleep 0.05; done"#,
    );
    // Not the terminal's foreground job (no terminal at all): SIGINT is forwarded too.
    send(&child, "INT");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
    let status = child.wait().expect("clerkctl exits");
    assert_eq!(rest, "cleaning up\n");
    assert_eq!(status.code(), Some(5), "{status:?}");
}

#[test]
fn a_start_failure_is_exit_3_and_the_command_never_runs() {
    let dir = tempdir();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let marker = dir.path().join("ran");
    let out = clerkctl(dir.path())
        .args(["emulator", "exec", "--port", &port, "--", "touch"])
        .arg(&marker)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: cannot start the emulator: cannot listen on 127.0.0.1:"),
        "{stderr}"
    );
    assert!(stderr.contains("\nhint: "), "{stderr}");
    assert!(!marker.exists(), "the command ran");
}

#[test]
fn a_missing_command_is_127_and_a_missing_command_line_is_a_usage_error() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args(["emulator", "exec", "--", "clerkctl-no-such-command"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(127));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: cannot run `clerkctl-no-such-command`"),
        "{stderr}"
    );
    let out = clerkctl(dir.path())
        .args(["emulator", "exec"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Flags go before `--`, the command after it.
    let out = clerkctl(dir.path())
        .args(["emulator", "exec", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn state_written_by_the_command_is_in_the_state_file_when_clerkctl_exits() {
    let dir = tempdir();
    let state = dir.path().join("state.json");
    let bin = assert_cmd::cargo::cargo_bin("clerkctl");
    let script = format!(
        r#""{}" emulator mint --email kept@example.com >/dev/null"#,
        bin.display()
    );
    clerkctl(dir.path())
        .args(["emulator", "exec", "--state"])
        .arg(&state)
        .args(["--", "sh", "-c", &script])
        .assert()
        .success();
    let text = std::fs::read_to_string(&state).unwrap();
    assert!(text.contains("kept@example.com"), "{text}");
}
