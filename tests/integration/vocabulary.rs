//! One vocabulary across commands: `--session-mode`, one duration syntax, `@FILE` for keys,
//! PKCS#1 private keys; and the shared conventions of exit codes, `-q` and `--color never`.

use std::process::Command;

use clerkctl::jwt::sign::{SigningKey, pem_decode, pem_encode};
use serde_json::{Value, json};

use crate::common::{clerkctl, tempdir};

fn json_out(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// `test` and `emulator` take `1h`, `7d`, `90s` and plain seconds, as `configure` does.
#[test]
fn durations_read_the_same_everywhere() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args([
            "test",
            "expiration",
            "--emulator",
            "--max-lifetime",
            "1h",
            "--token-lifetime",
            "1m",
            "--clock-skew",
            "5s",
            "--output",
            "json",
        ])
        .output()
        .unwrap();
    let doc = json_out(&out);
    assert_eq!(out.status.code(), Some(0), "{doc:#}");
    let out = clerkctl(dir.path())
        .args([
            "emulator",
            "--port",
            "0",
            "--max-lifetime",
            "90 min",
            "--inactivity-timeout",
            "off",
            "--background",
            "--output",
            "json",
        ])
        .output()
        .unwrap();
    let ready = json_out(&out);
    let pid = ready["pid"].as_u64().expect("pid").to_string();
    let settings: Value = get_json(
        &format!(
            "{}/__clerkctl/session_settings",
            ready["api_url"].as_str().unwrap()
        ),
        ready["secret_key"].as_str().unwrap(),
    );
    let _ = Command::new("kill").arg(&pid).status();
    assert_eq!(settings["max_lifetime_seconds"], 5400);
    assert_eq!(settings["inactivity_timeout_seconds"], 0);
    for bad in ["7w", "1500ms", "h"] {
        let out = clerkctl(dir.path())
            .args(["test", "--emulator", "--max-lifetime", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("invalid digit"), "{bad}: {stderr}");
    }
}

/// `--session-mode` on `test` as on `configure` and `emulator`; `--mode` still works.
#[test]
fn session_mode_is_one_flag_name() {
    let dir = tempdir();
    for flag in ["--session-mode", "--mode"] {
        let out = clerkctl(dir.path())
            .args([
                "test",
                "multi-session",
                "--emulator",
                flag,
                "multi",
                "--output",
                "json",
            ])
            .output()
            .unwrap();
        let doc = json_out(&out);
        assert_eq!(out.status.code(), Some(0), "{flag}: {doc:#}");
        assert_eq!(doc["summary"]["failed"], 0, "{flag}: {doc:#}");
    }
    let help = clerkctl(dir.path())
        .args(["test", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--session-mode <MODE>"), "{help}");
    assert!(!help.contains("--mode <"), "{help}");
}

/// A PKCS#1 key (`openssl genrsa`'s `BEGIN RSA PRIVATE KEY`), by `@FILE`, path or text.
#[test]
fn preview_signs_with_at_file_and_pkcs1_keys() {
    let dir = tempdir();
    let key = SigningKey::generate("ins_x").unwrap();
    // PKCS#8 for RSA is a fixed 26-byte prefix around the PKCS#1 RSAPrivateKey.
    let pkcs8 = pem_decode(&key.to_pkcs8_pem(), "PRIVATE KEY").unwrap();
    let pkcs1 = pem_encode(&pkcs8[26..], "RSA PRIVATE KEY");
    std::fs::write(dir.path().join("private.pem"), key.to_pkcs8_pem()).unwrap();
    std::fs::write(dir.path().join("rsa.pem"), &pkcs1).unwrap();
    std::fs::write(
        dir.path().join("t.json"),
        json!({"name": "t", "claims": {"role": "{{user.public_metadata.role}}"}}).to_string(),
    )
    .unwrap();
    std::fs::write(dir.path().join("pub.pem"), key.public_pem()).unwrap();
    for key_arg in ["@private.pem", "private.pem", "@rsa.pem", pkcs1.as_str()] {
        let out = clerkctl(dir.path())
            .args([
                "jwt-template",
                "preview",
                "t.json",
                "--sign",
                "--key",
                key_arg,
            ])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{key_arg}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let verified = clerkctl(dir.path())
            .args(["decode", &token, "--verify", "--key", "@pub.pem"])
            .output()
            .unwrap();
        assert_eq!(verified.status.code(), Some(0), "{key_arg}");
    }
    std::fs::write(dir.path().join("bad.pem"), "not a key").unwrap();
    let out = clerkctl(dir.path())
        .args([
            "jwt-template",
            "preview",
            "t.json",
            "--sign",
            "--key",
            "@bad.pem",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hint:"));
}

/// `-q` prints the failures and the summary, not a line per passed check.
#[test]
fn quiet_test_run_prints_no_passed_checks() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args(["-q", "test", "basic", "--emulator"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains('✓'), "{stdout}");
    assert!(stdout.contains("passed"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).is_empty());
}

/// clap's own errors follow `--color never` and `CLERKCTL_COLOR=never` on a terminal too.
#[cfg(unix)]
#[test]
fn usage_errors_are_plain_under_color_never() {
    for (args, env) in [
        (vec!["--color", "never", "test", "--no-such-flag"], None),
        (
            vec!["test", "--no-such-flag"],
            Some(("CLERKCTL_COLOR", "never")),
        ),
    ] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_clerkctl"));
        cmd.args(&args).env_remove("NO_COLOR").env("TERM", "xterm");
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).expect("pty");
        let text = p.exp_eof().expect("exits");
        assert!(text.contains("--no-such-flag"), "{text}");
        assert!(!text.contains('\u{1b}'), "{args:?}: {text:?}");
    }
}

/// A differing file kept without `--force` exits 1 in `jwt-template --out`, as `configure` does
/// when it would replace edits of yours; `--force` replaces it and exits 0.
#[test]
fn kept_files_exit_one_like_configure() {
    let dir = tempdir();
    let emit = |extra: &[&str]| {
        clerkctl(dir.path())
            .args(["jwt-template", "convex", "--out", "jwt"])
            .args(extra)
            .output()
            .unwrap()
    };
    assert_eq!(emit(&[]).status.code(), Some(0));
    let kept = emit(&["--lifetime", "2m"]);
    assert_eq!(kept.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&kept.stderr).contains("kept"));
    assert_eq!(
        emit(&["--lifetime", "2m", "--force"]).status.code(),
        Some(0)
    );
    assert_eq!(emit(&["--lifetime", "2m"]).status.code(), Some(0));
}

/// A GET with a bearer key, for reading an emulator's control API.
fn get_json(url: &str, key: &str) -> Value {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        reqwest::Client::new()
            .get(url)
            .bearer_auth(key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    })
}
