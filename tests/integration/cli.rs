//! The command-line surface: help, exit codes, completions kept in sync.

use clap_complete::Shell;

use crate::common::{clerkctl, tempdir};

#[test]
fn help_lists_every_environment_variable() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for var in [
        "CLERK_SECRET_KEY",
        "CLERK_PUBLISHABLE_KEY",
        "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
        "CLERK_API_URL",
        "CLERK_API_VERSION",
        "CLERK_JWT_KEY",
    ] {
        assert!(text.contains(var), "--help does not mention {var}");
    }
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let dir = tempdir();
    clerkctl(dir.path()).arg("--no-such-flag").assert().code(2);
}

#[test]
fn committed_completions_match_the_cli() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some();
    for (shell, file) in [
        (Shell::Bash, "clerkctl.bash"),
        (Shell::Zsh, "_clerkctl"),
        (Shell::Fish, "clerkctl.fish"),
        (Shell::PowerShell, "_clerkctl.ps1"),
        (Shell::Elvish, "clerkctl.elv"),
    ] {
        let expected = clerkctl::commands::completion_script(shell);
        let path = root.join(file);
        if update {
            std::fs::write(&path, &expected).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == expected,
            "completions/{file} is out of date: run `UPDATE_COMPLETIONS=1 cargo test --test integration completions`"
        );
    }
}

#[test]
fn man_page_renders() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .arg("man")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(".TH clerkctl"), "{text}");
}

/// `man` is a documented command: listed in `--help`, as README says.
#[test]
fn man_is_listed_in_help() {
    let dir = tempdir();
    let out = clerkctl(dir.path()).arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().any(|l| l.trim_start().starts_with("man ")),
        "{text}"
    );
}
