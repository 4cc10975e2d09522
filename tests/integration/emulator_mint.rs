//! `clerkctl emulator mint`: a token for a user created or reused by email, JSON output, org
//! memberships, templates, refusals of anything that is not an emulator, and host names resolved
//! without glibc (`localhost` and the loopback names of `/etc/hosts`, from the built binary and
//! from the static dist artifact when it exists).

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use clerkctl::emulator::{Emulator, EmulatorConfig, EmulatorHandle};
use serde_json::Value;

use crate::common::{clerkctl, tempdir};

async fn emulator() -> EmulatorHandle {
    Emulator::start(EmulatorConfig::default())
        .await
        .expect("the emulator starts")
}

/// An emulator with Organizations on (`--organizations`).
async fn emulator_with_orgs() -> EmulatorHandle {
    Emulator::start(EmulatorConfig {
        organizations: Some(true),
        ..EmulatorConfig::default()
    })
    .await
    .expect("the emulator starts")
}

/// `clerkctl emulator mint ARGS` against `url` with `handle`'s key.
fn mint(dir: &Path, handle: &EmulatorHandle, url: &str, args: &[&str]) -> std::process::Output {
    mint_with_key(dir, url, handle.secret_key().expose(), args)
}

/// `clerkctl emulator mint ARGS` against `url` with the secret key `key`.
fn mint_with_key(dir: &Path, url: &str, key: &str, args: &[&str]) -> std::process::Output {
    clerkctl(dir)
        .env("CLERK_API_URL", url)
        .env("CLERK_SECRET_KEY", key)
        .args(["emulator", "mint"])
        .args(args)
        .output()
        .unwrap()
}

fn json_of(out: &std::process::Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn claims(token: &str) -> Value {
    let d = clerkctl::jwt::decode::decode(token).expect("a JWT");
    Value::Object(d.claims)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prints_a_session_token_and_reuses_the_user_by_email() {
    let e = emulator().await;
    let dir = tempdir();
    let url = e.url();
    let out = tokio::task::block_in_place(|| {
        mint(dir.path(), &e, &url, &["--email", "alice@example.com"])
    });
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).unwrap();
    let token = token.strip_suffix('\n').expect("one line");
    assert!(!token.contains('\n'));
    let first = claims(token);
    assert!(first["sub"].as_str().unwrap().starts_with("user_"));
    assert!(first["sid"].as_str().unwrap().starts_with("sess_"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("created user user_"), "{stderr}");

    let again = json_of(&tokio::task::block_in_place(|| {
        mint(
            dir.path(),
            &e,
            &url,
            &["--output", "json", "--email", "ALICE@example.com"],
        )
    }));
    assert_eq!(again["user_id"], first["sub"]);
    assert_eq!(again["user_created"], false);
    assert_ne!(again["session_id"], first["sid"]);
    assert_eq!(again["organization_id"], Value::Null);
    let second = claims(again["token"].as_str().unwrap());
    assert_eq!(again["exp"], second["exp"]);
    assert_eq!(again["session_id"], second["sid"]);
    let keys: Vec<&str> = again
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "token",
            "user_id",
            "user_created",
            "session_id",
            "organization_id",
            "role",
            "template",
            "exp"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_org_token_has_the_org_and_role_and_a_later_role_changes_the_membership() {
    let e = emulator_with_orgs().await;
    let dir = tempdir();
    let url = e.url();
    let run =
        |args: &[&str]| tokio::task::block_in_place(|| json_of(&mint(dir.path(), &e, &url, args)));
    let admin = run(&[
        "--output",
        "json",
        "--email",
        "carol@example.com",
        "--org",
        "acme",
        "--role",
        "org:admin",
    ]);
    assert!(
        admin["organization_id"]
            .as_str()
            .unwrap()
            .starts_with("org_")
    );
    assert_eq!(admin["role"], "org:admin");
    let c = claims(admin["token"].as_str().unwrap());
    assert_eq!(c["o"]["id"], admin["organization_id"]);
    assert_eq!(c["o"]["slg"], "acme");
    assert_eq!(c["o"]["rol"], "admin");
    // Same org, no role: the membership keeps its role.
    let kept = run(&[
        "--output",
        "json",
        "--email",
        "carol@example.com",
        "--org",
        "acme",
    ]);
    assert_eq!(kept["organization_id"], admin["organization_id"]);
    assert_eq!(kept["role"], "org:admin");
    // A new member defaults to org:member; a role changes an existing membership.
    let member = run(&[
        "--output",
        "json",
        "--email",
        "dave@example.com",
        "--org",
        "acme",
    ]);
    assert_eq!(member["role"], "org:member");
    assert_eq!(
        claims(member["token"].as_str().unwrap())["o"]["rol"],
        "member"
    );
    let demoted = run(&[
        "--output",
        "json",
        "--email",
        "carol@example.com",
        "--org",
        "acme",
        "--role",
        "org:member",
    ]);
    assert_eq!(
        claims(demoted["token"].as_str().unwrap())["o"]["rol"],
        "member"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_are_minted_by_name_and_a_missing_one_is_a_usage_error() {
    let e = emulator().await;
    let dir = tempdir();
    let url = e.url();
    let created = reqwest::Client::new()
        .post(format!("{url}/v1/jwt_templates"))
        .bearer_auth(e.secret_key().expose())
        .json(&serde_json::json!({"name": "backend", "claims": {"mail": "{{user.primary_email_address}}"}}))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success(), "{:?}", created.text().await);
    let out = tokio::task::block_in_place(|| {
        mint(
            dir.path(),
            &e,
            &url,
            &[
                "--output",
                "json",
                "--email",
                "erin@example.com",
                "--template",
                "backend",
            ],
        )
    });
    let v = json_of(&out);
    assert_eq!(v["template"], "backend");
    assert_eq!(
        claims(v["token"].as_str().unwrap())["mail"],
        "erin@example.com"
    );

    let out = tokio::task::block_in_place(|| {
        mint(
            dir.path(),
            &e,
            &url,
            &["--email", "erin@example.com", "--template", "nope"],
        )
    });
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: the emulator has no JWT template named `nope`"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: "), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_a_usage_error_with_a_hint() {
    let e = emulator().await;
    let dir = tempdir();
    let url = e.url();
    let out =
        tokio::task::block_in_place(|| mint(dir.path(), &e, &url, &["--email", "not-an-email"]));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: cannot create a user with `--email not-an-email`"),
        "{stderr}"
    );
    assert!(stderr.contains("\nhint: "), "{stderr}");
    // --role needs --org (clap).
    let out = tokio::task::block_in_place(|| {
        mint(
            dir.path(),
            &e,
            &url,
            &["--email", "a@example.com", "--role", "org:admin"],
        )
    });
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn org_on_an_emulator_with_organizations_off_says_how_to_turn_them_on() {
    let e = emulator().await;
    let dir = tempdir();
    let url = e.url();
    let out = tokio::task::block_in_place(|| {
        mint(
            dir.path(),
            &e,
            &url,
            &["--email", "a@example.com", "--org", "acme"],
        )
    });
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: the emulator has Organizations turned off"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: start it with `--organizations`"),
        "{stderr}"
    );
}

#[test]
fn refuses_without_an_emulator_configured() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args(["emulator", "mint", "--email", "a@example.com"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: no emulator to mint on: `CLERK_API_URL` is not set\nhint: "),
        "{stderr}"
    );
}

/// A server that is not an emulator: every request gets a 404 with Clerk's envelope.
fn not_an_emulator() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { break };
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let body = r#"{"errors":[{"message":"not found","code":"resource_not_found"}]}"#;
            let _ = write!(
                s,
                "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, hits)
}

#[test]
fn refuses_a_target_that_is_not_an_emulator_and_a_production_key() {
    let dir = tempdir();
    let (url, hits) = not_an_emulator();
    let out = mint_with_key(
        dir.path(),
        &url,
        concat!("sk_", "test_0123456789abcdefghij"),
        &["--email", "a@example.com"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(&format!(
            "error: refusing to mint on {url}: not a clerkctl emulator"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("\nhint: "), "{stderr}");
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "only the health probe"
    );

    let out = mint_with_key(
        dir.path(),
        &url,
        concat!("sk_", "live_0123456789abcdefghij"),
        &["--email", "a@example.com"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the secret key is a production key"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("0123456789"),
        "the key is redacted: {stderr}"
    );
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "no request at all"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_emulator_is_exit_3() {
    let dir = tempdir();
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", free.local_addr().unwrap());
    drop(free);
    let out = mint_with_key(
        dir.path(),
        &url,
        concat!("sk_", "test_0123456789abcdefghij"),
        &["--email", "a@example.com"],
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Names `/etc/hosts` maps to a loopback address (`localhost` included when listed).
fn loopback_names_in_etc_hosts() -> Vec<String> {
    let text = std::fs::read_to_string("/etc/hosts").unwrap_or_default();
    let mut names = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or_default();
        let mut fields = line.split_whitespace();
        let Some(addr) = fields.next() else { continue };
        if addr
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|a| a.is_loopback())
        {
            names.extend(fields.map(str::to_string));
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The binaries to check: the one cargo built, and the static dist artifact when it exists.
fn binaries() -> Vec<PathBuf> {
    let mut bins = vec![assert_cmd::cargo::cargo_bin("clerkctl")];
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist/clerkctl-x86_64-unknown-linux-gnu");
    if dist.is_file() {
        bins.push(dist);
    } else {
        eprintln!(
            "note: no dist artifact (scripts/dist.sh builds it); checking the cargo binary only"
        );
    }
    bins
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_names_resolve_from_etc_hosts_without_glibc() {
    let e = emulator().await;
    let port = e.url().rsplit(':').next().unwrap().to_string();
    let names = loopback_names_in_etc_hosts();
    assert!(
        names.iter().any(|n| n == "localhost"),
        "/etc/hosts has no loopback entry for `localhost`: {names:?}"
    );
    let dir = tempdir();
    for bin in binaries() {
        for name in &names {
            let url = format!("http://{name}:{port}");
            let out = tokio::task::block_in_place(|| {
                std::process::Command::new(&bin)
                    .current_dir(dir.path())
                    .env("CLERK_API_URL", &url)
                    .env("CLERK_SECRET_KEY", e.secret_key().expose())
                    .env("NO_COLOR", "1")
                    .args([
                        "emulator",
                        "mint",
                        "--output",
                        "json",
                        "--email",
                        "dns@example.com",
                    ])
                    .output()
                    .unwrap()
            });
            assert_eq!(
                out.status.code(),
                Some(0),
                "{} could not reach {url}: {}",
                bin.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
