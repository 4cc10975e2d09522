//! `clerkctl configure`: generated files (snapshots per framework and preset), idempotence, the
//! safety rules for existing files, `--check`, and `--apply-emulator`.

use std::path::Path;

use crate::common::{clerkctl, tempdir};

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
}

/// `configure --check` finds nothing wrong.
fn check_passes(dir: &Path) {
    clerkctl(dir)
        .args(["configure", "--check"])
        .assert()
        .success();
}

/// A Next.js 16 TypeScript app with the App Router.
fn next16_app(dir: &Path) {
    write(
        dir,
        &[
            ("package.json", NEXT16),
            ("tsconfig.json", "{}"),
            ("app/page.tsx", ""),
        ],
    );
}

/// Every file under `dir` except the inputs in `skip`, as `--- path ---` sections, sorted.
pub fn tree(dir: &Path, skip: &[&str]) -> String {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .expect("prefix")
                    .display()
                    .to_string();
                out.push((rel, std::fs::read_to_string(&path).unwrap_or_default()));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    files.sort();
    files
        .into_iter()
        .filter(|(p, _)| !skip.contains(&p.as_str()))
        .map(|(p, text)| format!("--- {p} ---\n{text}"))
        .collect::<Vec<_>>()
        .join("\n")
}

const NEXT16: &str = r#"{"dependencies":{"next":"^16.0.10","@clerk/nextjs":"^7.9.0"}}"#;
const NEXT15: &str = r#"{"dependencies":{"next":"15.5.0","@clerk/nextjs":"^7.9.0"}}"#;

/// The flags of a typical app: a role rule, a permission rule, claims, an origin, a template.
const FULL_FLAGS: &[&str] = &[
    "--role-route",
    "/admin(.*)=org:admin",
    "--permission-route",
    "/billing/:id=org:billing:manage",
    "--claim",
    "role={{user.public_metadata.role}}",
    "--claim",
    r#"profile={"email": "{{user.primary_email_address}}", "verified": "{{user.email_verified}}", "tier": 2}"#,
    "--authorized-party",
    "https://app.example.com",
    "--jwt-template",
    "supabase",
];

fn configure(dir: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    clerkctl(dir)
        .arg("configure")
        .arg("--yes")
        .args(extra)
        .assert()
}

#[test]
fn nextjs16_typescript_app_router() {
    let dir = tempdir();
    next16_app(dir.path());
    configure(dir.path(), FULL_FLAGS).success();
    let skip = ["package.json", "tsconfig.json", "app/page.tsx"];
    insta::assert_snapshot!("nextjs16_ts", tree(dir.path(), &skip));
    assert!(dir.path().join("proxy.ts").is_file());
}

#[test]
fn nextjs15_javascript_src_pages() {
    let dir = tempdir();
    write(
        dir.path(),
        &[("package.json", NEXT15), ("src/pages/index.js", "")],
    );
    configure(
        dir.path(),
        &[
            "--preset",
            "production",
            "--authorized-party",
            "https://shop.example.com",
        ],
    )
    .success();
    insta::assert_snapshot!(
        "nextjs15_js_src",
        tree(dir.path(), &["package.json", "src/pages/index.js"])
    );
    assert!(dir.path().join("src/middleware.js").is_file());
}

#[test]
fn express_fastify_react_router() {
    for (name, pkg) in [
        (
            "express",
            r#"{"dependencies":{"express":"^5.1.0","@clerk/express":"^2"}}"#,
        ),
        (
            "fastify",
            r#"{"dependencies":{"fastify":"^5.4.0","@clerk/fastify":"^3"}}"#,
        ),
        (
            "react_router",
            r#"{"dependencies":{"react-router":"^7.9.0","@react-router/dev":"^7.9.0"}}"#,
        ),
    ] {
        let dir = tempdir();
        write(
            dir.path(),
            &[("package.json", pkg), ("tsconfig.json", "{}")],
        );
        configure(dir.path(), FULL_FLAGS).success();
        insta::assert_snapshot!(name, tree(dir.path(), &["package.json", "tsconfig.json"]));
    }
}

#[test]
fn presets_set_the_session_settings() {
    for preset in ["development", "production", "high-security"] {
        let dir = tempdir();
        configure(dir.path(), &["--preset", preset]).success();
        let files = tree(dir.path(), &[]);
        insta::assert_snapshot!(format!("preset_{preset}"), files);
    }
}

#[test]
fn rerun_with_the_same_answers_is_byte_identical() {
    let dir = tempdir();
    next16_app(dir.path());
    configure(dir.path(), FULL_FLAGS).success();
    let first = tree(dir.path(), &[]);
    // Same flags: nothing changes.
    let out = configure(dir.path(), FULL_FLAGS)
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    assert!(text.lines().all(|l| l.starts_with("unchanged")), "{text}");
    assert_eq!(tree(dir.path(), &[]), first);
    // No flags: the answers come back from clerkctl.toml, so nothing changes either.
    let out = configure(dir.path(), &[])
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    assert!(text.lines().all(|l| l.starts_with("unchanged")), "{text}");
    assert_eq!(tree(dir.path(), &[]), first);
    // And `--check` finds nothing wrong with what configure wrote.
    check_passes(dir.path());
}

/// The summary line for `path` (label first, then the path, then any detail).
fn line_for<'a>(out: &'a str, path: &str) -> &'a str {
    out.lines()
        .find(|l| l.split_whitespace().nth(1) == Some(path))
        .unwrap_or_else(|| panic!("no summary line for `{path}` in:\n{out}"))
}

#[test]
fn yes_applies_nothing_when_a_change_would_drop_edits() {
    let dir = tempdir();
    write(
        dir.path(),
        &[("package.json", NEXT16), ("proxy.ts", "// mine\n")],
    );
    let before = tree(dir.path(), &[]);
    let assert = configure(dir.path(), &[]).code(1);
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    // One summary of every change, then the diff of the edited file.
    assert!(line_for(&out, "proxy.ts").starts_with("changed"), "{out}");
    assert!(
        line_for(&out, "proxy.ts").ends_with("replaces edits of yours)"),
        "{out}"
    );
    assert!(line_for(&out, "clerkctl.toml").starts_with("new"), "{out}");
    assert!(out.contains("-// mine"), "{out}");
    assert!(
        out.contains("+import { clerkMiddleware } from '@clerk/nextjs/server'"),
        "{out}"
    );
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(err.contains("`proxy.ts` has edits of yours"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(err.contains("--force"), "{err}");
    // Not even the new files: the change set is applied whole or not at all.
    assert_eq!(tree(dir.path(), &[]), before);
}

#[test]
fn force_replaces_a_differing_file() {
    let dir = tempdir();
    write(
        dir.path(),
        &[("package.json", NEXT16), ("proxy.ts", "// mine\n")],
    );
    let assert = configure(dir.path(), &["--force"]).success();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(line_for(&out, "proxy.ts").starts_with("changed"), "{out}");
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        err.contains("applied: 5 new, 1 changed, 0 removed"),
        "{err}"
    );
    let text = std::fs::read_to_string(dir.path().join("proxy.ts")).unwrap_or_default();
    assert!(text.contains("clerkMiddleware("), "{text}");
}

#[test]
fn dry_run_writes_nothing() {
    let dir = tempdir();
    write(
        dir.path(),
        &[
            ("package.json", NEXT16),
            ("proxy.ts", "// mine\n"),
            (".gitignore", "node_modules\n"),
        ],
    );
    let before = tree(dir.path(), &[]);
    let assert = configure(dir.path(), &["--dry-run", "--force"]).success();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(line_for(&out, "clerkctl.toml").starts_with("new"), "{out}");
    assert!(line_for(&out, "proxy.ts").starts_with("changed"), "{out}");
    assert!(line_for(&out, ".gitignore").starts_with("changed"), "{out}");
    // Every diff, new files included.
    assert!(out.contains("+export const config = {"), "{out}");
    assert!(out.contains("+++ b/clerkctl.toml"), "{out}");
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(err.contains("dry run: nothing was written"), "{err}");
    assert_eq!(tree(dir.path(), &[]), before);
}

/// A re-run with a new claim and a new role rule: every file that depends on them changes in
/// the same run; `clerkctl.toml` is updated in place, keeping the user's comments.
#[test]
fn rerun_updates_every_file_together_and_keeps_toml_comments() {
    let dir = tempdir();
    next16_app(dir.path());
    configure(dir.path(), &[]).success();
    let toml_path = dir.path().join("clerkctl.toml");
    let toml = std::fs::read_to_string(&toml_path).unwrap_or_default();
    let edited = format!("# Owned by the web team; ask #web before changing.\n{toml}").replace(
        "mode = \"single\"",
        "mode = \"single\" # multi breaks our account switcher",
    );
    std::fs::write(&toml_path, &edited).expect("write");
    let assert = configure(
        dir.path(),
        &[
            "--claim",
            "role={{user.public_metadata.role}}",
            "--role-route",
            "/admin(.*)=org:admin",
        ],
    )
    .success();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        line_for(&out, "clerkctl.toml").contains("updated in place, your comments kept"),
        "{out}"
    );
    for changed in [
        "proxy.ts",
        ".clerk/session-settings.md",
        ".clerk/platform-config.json",
    ] {
        assert!(
            line_for(&out, changed).starts_with("changed"),
            "{changed}: {out}"
        );
    }
    assert!(
        line_for(&out, "types/globals.d.ts").starts_with("new"),
        "{out}"
    );
    let toml = std::fs::read_to_string(&toml_path).unwrap_or_default();
    assert!(
        toml.starts_with("# Owned by the web team; ask #web before changing.\n"),
        "{toml}"
    );
    assert!(
        toml.contains("mode = \"single\" # multi breaks our account switcher"),
        "{toml}"
    );
    assert!(
        toml.contains("role = \"{{user.public_metadata.role}}\""),
        "{toml}"
    );
    assert!(toml.contains("role = \"org:admin\""), "{toml}");
    let proxy = std::fs::read_to_string(dir.path().join("proxy.ts")).unwrap_or_default();
    assert!(proxy.contains("role: 'org:admin'"), "{proxy}");
    // The project is consistent: `--check` agrees, and another run changes nothing.
    check_passes(dir.path());
    let again = configure(dir.path(), &[])
        .success()
        .get_output()
        .stdout
        .clone();
    let again = String::from_utf8_lossy(&again);
    assert!(again.lines().all(|l| l.starts_with("unchanged")), "{again}");
}

/// Next.js 16 with clerkctl's own `middleware.ts` (written for 15): `--yes` renames it to
/// `proxy.ts` and says so; with edits of the user's it applies nothing; never both files.
#[test]
fn next16_renames_middleware_to_proxy() {
    let dir = tempdir();
    write(
        dir.path(),
        &[("package.json", NEXT15), ("tsconfig.json", "{}")],
    );
    configure(dir.path(), &[]).success();
    assert!(dir.path().join("middleware.ts").is_file());
    // The app moves to Next.js 16.
    write(dir.path(), &[("package.json", NEXT16)]);
    let warned = clerkctl(dir.path())
        .args(["configure", "--check"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&warned).contains("middleware-wrong-name"));
    let assert = configure(dir.path(), &[]).success();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        line_for(&out, "middleware.ts").starts_with("removed"),
        "{out}"
    );
    assert!(
        line_for(&out, "middleware.ts").contains("renamed to `proxy.ts`"),
        "{out}"
    );
    assert!(
        line_for(&out, "proxy.ts").contains("takes the place of `middleware.ts`"),
        "{out}"
    );
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        err.contains("renamed `middleware.ts` to `proxy.ts`: Next.js 16 runs `proxy`"),
        "{err}"
    );
    assert!(!dir.path().join("middleware.ts").exists());
    assert!(dir.path().join("proxy.ts").is_file());
    check_passes(dir.path());

    // A hand-written `middleware.ts`: `--yes` shows the rename's diff and applies nothing.
    let dir = tempdir();
    let mine = "import { clerkMiddleware } from '@clerk/nextjs/server'\nexport default clerkMiddleware()\n";
    write(
        dir.path(),
        &[("package.json", NEXT16), ("middleware.ts", mine)],
    );
    let before = tree(dir.path(), &[]);
    let assert = configure(dir.path(), &[]).code(1);
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(out.contains("--- a/middleware.ts\n+++ b/proxy.ts"), "{out}");
    assert!(
        line_for(&out, "middleware.ts").contains("replaces edits of yours"),
        "{out}"
    );
    assert_eq!(tree(dir.path(), &[]), before);
    // `--force` renames it: one file, never both.
    configure(dir.path(), &["--force"]).success();
    assert!(!dir.path().join("middleware.ts").exists());
    let proxy = std::fs::read_to_string(dir.path().join("proxy.ts")).unwrap_or_default();
    assert!(proxy.contains("Clerk proxy for Next.js 16"), "{proxy}");
    check_passes(dir.path());
}

#[test]
fn gitignore_gains_env_local_by_appending() {
    let dir = tempdir();
    write(
        dir.path(),
        &[
            ("package.json", NEXT16),
            (".gitignore", "node_modules\n# mine\n.next"),
        ],
    );
    configure(dir.path(), &[]).success();
    let text = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap_or_default();
    assert!(text.starts_with("node_modules\n# mine\n.next\n"), "{text}");
    assert!(text.ends_with(".env*.local\n"), "{text}");
    // Already ignored: left alone.
    let again = configure(dir.path(), &[])
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8_lossy(&again).contains(".gitignore"));
}

#[test]
fn json_report() {
    let dir = tempdir();
    let assert = clerkctl(dir.path())
        .args([
            "configure",
            "--yes",
            "--framework",
            "express",
            "--output",
            "json",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).expect("json");
    assert_eq!(v["framework"], "express");
    assert_eq!(v["dry_run"], false);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "clerkctl.toml",
            "clerk.ts",
            ".clerk/session-settings.md",
            ".clerk/platform-config.json",
            ".env.example",
            ".gitignore"
        ]
    );
    assert!(
        v["files"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|f| f["outcome"] == "created")
    );
}

#[test]
fn without_a_terminal_it_never_prompts() {
    let dir = tempdir();
    clerkctl(dir.path())
        .args(["configure", "--framework", "nextjs"])
        .write_stdin("")
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success();
    assert!(dir.path().join("proxy.ts").is_file());
}

#[test]
fn invalid_answers_are_usage_errors() {
    let dir = tempdir();
    for (flags, needle) in [
        (&["--max-lifetime", "7w"][..], "`7w` is not a duration"),
        (
            &["--authorized-party", "https://a.com/x"][..],
            "is not an origin",
        ),
        (&["--claim", "sub={{user.id}}"][..], "cannot be customized"),
        (
            &["--protected-route", "dashboard"][..],
            "must start with `/`",
        ),
        (
            &["--max-lifetime", "off", "--inactivity-timeout", "off"][..],
            "cannot both be off",
        ),
        (
            &["--max-lifetime", "1h", "--inactivity-timeout", "2h"][..],
            "can never fire",
        ),
    ] {
        let assert = configure(dir.path(), flags).code(2);
        let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(err.contains(needle), "{flags:?}: {err}");
    }
    assert_eq!(
        std::fs::read_dir(dir.path())
            .map(Iterator::count)
            .unwrap_or(99),
        0
    );
}

#[test]
fn secrets_never_reach_the_files() {
    let dir = tempdir();
    let secret = "sk_test_c2VjcmV0LXZhbHVlLW5ldmVyLXdyaXR0ZW4";
    clerkctl(dir.path())
        .env("CLERK_SECRET_KEY", secret)
        .args(["configure", "--yes", "--framework", "nextjs"])
        .assert()
        .success();
    let all = tree(dir.path(), &[]);
    assert!(!all.contains(secret));
    assert!(all.contains("CLERK_SECRET_KEY=sk_test_REPLACE_ME"));
}

#[test]
fn check_flags_the_seed_middleware() {
    let dir = tempdir();
    write(
        dir.path(),
        &[
            ("package.json", NEXT16),
            ("app/api/webhooks/clerk/route.ts", ""),
            (
                "middleware.ts",
                "import { authMiddleware, createRouteMatcher } from '@clerk/nextjs/server'\n\
                 const isProtectedRoute = createRouteMatcher(['/dashboard(.*)', '/api(.*)'])\n\
                 export default authMiddleware((auth, req) => { if (isProtectedRoute(req)) auth().protect() })\n",
            ),
        ],
    );
    let assert = clerkctl(dir.path())
        .args(["configure", "--check", "--output", "json"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).expect("json");
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "middleware-wrong-name",
            "auth-middleware-removed",
            "clerk-middleware-missing",
            "sync-auth-protect",
            "route-matcher-deprecated",
            "clerk-matcher-missing",
            "webhook-protected",
            "env-local-not-ignored"
        ]
    );
    assert_eq!(v["errors"], 4);
    let text = clerkctl(dir.path())
        .args(["configure", "--check"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("check_seed_middleware", String::from_utf8_lossy(&text));
}

#[test]
fn check_outside_a_js_app_passes() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args(["configure", "--check"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8_lossy(&out),
        "no `package.json` here: nothing to check\n"
    );
}

#[test]
fn apply_emulator_puts_the_session_settings() {
    use std::io::{BufRead, BufReader, Read, Write};
    // A one-request HTTP server standing in for the emulator's control API.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("accept");
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut head = Vec::new();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("read");
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push(line);
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("body");
        let answer = String::from_utf8_lossy(&body).into_owned();
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
            answer.len()
        );
        stream.write_all(reply.as_bytes()).expect("reply");
        (head, answer)
    });
    let dir = tempdir();
    let secret = "sk_test_ZW11bGF0b3Itc2VjcmV0LWtleS12YWx1ZQ";
    clerkctl(dir.path())
        .env("CLERK_SECRET_KEY", secret)
        .args([
            "configure",
            "--yes",
            "--preset",
            "high-security",
            "--session-mode",
            "multi",
            "--authorized-party",
            "http://localhost:3000",
            "--apply-emulator",
            &format!("http://127.0.0.1:{port}"),
        ])
        .assert()
        .success();
    let (head, body) = server.join().expect("server");
    assert!(
        head.first()
            .is_some_and(|l| l.starts_with("PUT /__clerkctl/session_settings ")),
        "{head:?}"
    );
    assert!(
        head.iter()
            .any(|l| l.trim() == format!("authorization: Bearer {secret}")),
        "{head:?}"
    );
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        v,
        serde_json::json!({
            "max_lifetime_seconds": 43200,
            "inactivity_timeout_seconds": 1800,
            "mode": "multi",
            "authorized_party": "http://localhost:3000"
        })
    );
}

#[test]
fn apply_emulator_unreachable_is_exit_3() {
    let dir = tempdir();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let assert = clerkctl(dir.path())
        .env(
            "CLERK_SECRET_KEY",
            "sk_test_ZW11bGF0b3Itc2VjcmV0LWtleS12YWx1ZQ",
        )
        .args([
            "configure",
            "--yes",
            "--apply-emulator",
            &format!("http://127.0.0.1:{port}"),
        ])
        .assert()
        .code(3);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(err.contains("cannot reach the emulator"), "{err}");
}

/// Flags that change every file a Next.js project has (claims, a role rule, an origin).
const NEW_ANSWERS: &[&str] = &[
    "--claim",
    "role={{user.public_metadata.role}}",
    "--role-route",
    "/admin(.*)=org:admin",
    "--authorized-party",
    "https://app.example.com",
];

/// Leftovers of an unfinished transaction: temporary copies, backups, the journal.
fn leftovers(dir: &Path) -> Vec<String> {
    tree(dir, &[])
        .lines()
        .filter_map(|l| l.strip_prefix("--- ").and_then(|l| l.strip_suffix(" ---")))
        .filter(|p| p.contains(".clerkctl-"))
        .map(str::to_string)
        .collect()
}

/// The old project (configure with defaults) and the new one (then `NEW_ANSWERS`), as trees,
/// and signal delays spread over the time a run takes here, so that some land mid-change.
fn old_and_new() -> (String, String, Vec<u64>) {
    let dir = tempdir();
    next16_app(dir.path());
    configure(dir.path(), &[]).success();
    let old = tree(dir.path(), &[]);
    let started = std::time::Instant::now();
    configure(dir.path(), NEW_ANSWERS).success();
    let run_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(1000);
    let delays = (0..=18).map(|i| run_ms * i / 15).collect();
    (old, tree(dir.path(), &[]), delays)
}

fn spawn_and_signal(dir: &Path, delay_ms: u64, signal: &str) -> std::process::ExitStatus {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_clerkctl"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLERK_SECRET_KEY")
        .args(["configure", "--yes"])
        .args(NEW_ANSWERS)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(delay_ms));
    let _ = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status();
    child.wait().expect("wait")
}

/// Ctrl-C at any moment of a run: exit 0 with the new project, or 130 (or death by the signal,
/// before anything was written) with the old one; never a mix, never a leftover file.
#[cfg(unix)]
#[test]
fn sigint_at_any_moment_leaves_the_old_or_the_new_project() {
    use std::os::unix::process::ExitStatusExt;
    let (old, new, delays) = old_and_new();
    let mut tally = [0usize; 3];
    for delay in delays {
        let dir = tempdir();
        next16_app(dir.path());
        configure(dir.path(), &[]).success();
        let status = spawn_and_signal(dir.path(), delay, "-INT");
        let now = tree(dir.path(), &[]);
        match (status.code(), status.signal()) {
            (Some(0), _) => {
                tally[0] += 1;
                assert_eq!(now, new, "exit 0 after {delay} ms");
            }
            (Some(130), _) => {
                tally[1] += 1;
                assert_eq!(now, old, "exit 130 after {delay} ms");
            }
            (None, Some(2)) => {
                tally[2] += 1;
                assert_eq!(now, old, "killed by SIGINT after {delay} ms");
            }
            other => panic!("unexpected end {other:?} after {delay} ms"),
        }
        assert_eq!(
            leftovers(dir.path()),
            Vec::<String>::new(),
            "after {delay} ms"
        );
    }
    println!(
        "applied {}, interrupted (130) {}, ended before start {}",
        tally[0], tally[1], tally[2]
    );
}

/// kill -9 at any moment: whatever is left (possibly a half-applied change set with its journal),
/// the next run restores the old project first, then applies its own change set; no temporary
/// copy or backup survives it.
#[cfg(unix)]
#[test]
fn kill_9_at_any_moment_is_repaired_by_the_next_run() {
    let (old, new, delays) = old_and_new();
    let mut half = 0;
    for delay in delays {
        let dir = tempdir();
        next16_app(dir.path());
        configure(dir.path(), &[]).success();
        spawn_and_signal(dir.path(), delay, "-KILL");
        let left = leftovers(dir.path());
        let skip: Vec<&str> = left.iter().map(String::as_str).collect();
        let files = tree(dir.path(), &skip);
        let journal = dir.path().join(".clerkctl-configure.journal").is_file();
        if files != old && files != new {
            half += 1;
            assert!(
                journal,
                "a half-applied project without a journal after {delay} ms:\n{files}"
            );
        }
        if journal {
            // A dry run touches nothing and says what the next run restores.
            let before = tree(dir.path(), &[]);
            let dry = configure(dir.path(), &["--dry-run"]).success();
            let err = String::from_utf8_lossy(&dry.get_output().stderr).into_owned();
            assert!(err.contains("was interrupted"), "{err}");
            assert_eq!(tree(dir.path(), &[]), before);
        }
        let assert = configure(dir.path(), NEW_ANSWERS).success();
        if journal {
            let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
            assert!(err.contains("was interrupted"), "{err}");
        }
        assert_eq!(tree(dir.path(), &[]), new, "after a kill at {delay} ms");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }
    println!("{half} kill(s) landed mid-change");
}

/// A project with organization claims and a development instance with Organizations off:
/// `configure` warns with the fix, and turns them on through
/// `PATCH /v1/instance/organization_settings` only with consent (`--enable-organizations`).
#[test]
fn configure_turns_organizations_on_only_with_consent() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let handle = rt
        .block_on(clerkctl::emulator::Emulator::start(
            clerkctl::emulator::EmulatorConfig::default(),
        ))
        .unwrap();
    let client =
        clerkctl::clerk::api::ClerkClient::new(&handle.url(), "v1", handle.secret_key().clone());
    let enabled = || {
        rt.block_on(client.get::<serde_json::Value>("/instance/organization_settings", &[]))
            .unwrap()["enabled"]
            .clone()
    };
    let run = |consent: bool| {
        let dir = tempdir();
        let mut cmd = clerkctl(dir.path());
        cmd.env("CLERK_SECRET_KEY", handle.secret_key().expose())
            .env("CLERK_API_URL", handle.url())
            .args([
                "configure",
                "--yes",
                "--framework",
                "nextjs",
                "--role-route",
                "/admin(.*)=org:admin",
            ]);
        if consent {
            cmd.arg("--enable-organizations");
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let err = run(false);
    assert!(
        err.contains("Organizations are off on this instance"),
        "{err}"
    );
    assert!(err.contains("--enable-organizations"), "{err}");
    assert_eq!(enabled(), false);
    let err = run(true);
    assert!(err.contains("Organizations turned on"), "{err}");
    assert_eq!(enabled(), true);
    rt.block_on(handle.shutdown());
}
