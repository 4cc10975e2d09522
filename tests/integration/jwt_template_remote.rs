//! `jwt-template push/pull/diff/list` against the in-process emulator, and the evidence that a
//! token minted from each emitted template carries exactly the claims `preview` prints.

use std::path::Path;

use base64::Engine as _;
use clerkctl::emulator::{Emulator, EmulatorConfig, EmulatorHandle};
use serde_json::{Map, Value, json};

use crate::common::{clerkctl, tempdir};

const KINDS: &[&str] = &[
    "default", "hasura", "nhost", "supabase", "convex", "grafbase",
];

/// Run the binary against the emulator (blocking, off the runtime's workers).
async fn run(h: &EmulatorHandle, dir: &Path, args: Vec<String>) -> std::process::Output {
    let mut cmd = clerkctl(dir);
    cmd.env("CLERK_SECRET_KEY", h.secret_key().expose())
        .env("CLERK_API_URL", h.url())
        .args(args);
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}

async fn api(
    h: &EmulatorHandle,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> Value {
    let mut req = reqwest::Client::new()
        .request(method, format!("{}/v1{path}", h.url()))
        .bearer_auth(h.secret_key().expose());
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

/// A tiny deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn chance(&mut self) -> bool {
        self.next().is_multiple_of(2)
    }
}

fn random_metadata(rng: &mut Rng, depth: u32) -> Value {
    let mut map = Map::new();
    for key in ["role", "hasura_role", "plan", "nested", "tier"] {
        if !rng.chance() {
            continue;
        }
        let value = match rng.next() % 6 {
            0 => Value::Null,
            1 => json!(rng.pick(&["admin", "editor", "user", "Łódź", "管理者"])),
            2 => json!(rng.next() % 1000),
            3 => json!(rng.chance()),
            4 if depth < 2 => random_metadata(rng, depth + 1),
            _ => json!([rng.pick(&["a", "b"]), null]),
        };
        map.insert(key.to_string(), value);
    }
    Value::Object(map)
}

fn random_user(rng: &mut Rng, i: usize) -> Value {
    let mut user = Map::new();
    if rng.chance() {
        user.insert(
            "first_name".into(),
            json!(rng.pick(&["Zoë", "Ada", "Sørina", "李", "José"])),
        );
    }
    if rng.chance() {
        user.insert(
            "last_name".into(),
            json!(rng.pick(&["Nowák", "Lovelace", "O'Brien", "Müller"])),
        );
    }
    if rng.chance() {
        user.insert(
            "username".into(),
            json!(format!("user{i}x{}", rng.next() % 10_000)),
        );
    }
    if rng.chance() {
        user.insert(
            "email_address".into(),
            json!([format!("u{i}-{}@example.com", rng.next() % 100_000)]),
        );
    }
    if rng.chance() {
        user.insert("external_id".into(), json!(format!("ext-{i}")));
    }
    user.insert("public_metadata".into(), random_metadata(rng, 0));
    user.insert("unsafe_metadata".into(), random_metadata(rng, 0));
    Value::Object(user)
}

fn token_claims(jwt: &str) -> Map<String, Value> {
    let payload = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// The claims a template controls: everything but the time- and request-dependent Clerk claims.
fn comparable(mut claims: Map<String, Value>) -> Map<String, Value> {
    for k in ["exp", "iat", "nbf", "jti", "azp", "iss"] {
        claims.remove(k);
    }
    claims
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emitted_templates_push_idempotently_and_mint_what_preview_prints() {
    let h = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let dir = tempdir();
    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    for kind in KINDS {
        let emitted = run(&h, dir.path(), args(&["jwt-template", kind])).await;
        assert_eq!(emitted.status.code(), Some(0), "{kind}");
        let file = dir.path().join(format!("{kind}.json"));
        std::fs::write(&file, &emitted.stdout).unwrap();
        let file_arg = file.display().to_string();

        let push = run(&h, dir.path(), args(&["jwt-template", "push", &file_arg])).await;
        assert_eq!(
            push.status.code(),
            Some(0),
            "{kind}: {}",
            String::from_utf8_lossy(&push.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&push.stdout),
            format!("{kind}: created\n")
        );
        let again = run(&h, dir.path(), args(&["jwt-template", "push", &file_arg])).await;
        assert_eq!(
            String::from_utf8_lossy(&again.stdout),
            format!("{kind}: unchanged (no change sent)\n")
        );
        let diff = run(&h, dir.path(), args(&["jwt-template", "diff", &file_arg])).await;
        assert_eq!(
            diff.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&diff.stdout)
        );

        let pulled = dir.path().join(format!("{kind}.pulled.json"));
        let pull = run(
            &h,
            dir.path(),
            args(&[
                "jwt-template",
                "pull",
                kind,
                "--out",
                &pulled.display().to_string(),
            ]),
        )
        .await;
        assert_eq!(
            pull.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&pull.stderr)
        );
        let a: Value = serde_json::from_slice(&emitted.stdout).unwrap();
        let b: Value = serde_json::from_str(&std::fs::read_to_string(&pulled).unwrap()).unwrap();
        assert_eq!(a, b);

        for i in 0..6 {
            let user = api(
                &h,
                reqwest::Method::POST,
                "/users",
                Some(random_user(&mut rng, i)),
            )
            .await;
            let id = user["id"].as_str().unwrap().to_string();
            let session = api(
                &h,
                reqwest::Method::POST,
                "/sessions",
                Some(json!({"user_id": id})),
            )
            .await;
            let sid = session["id"].as_str().unwrap();
            let token = api(
                &h,
                reqwest::Method::POST,
                &format!("/sessions/{sid}/tokens/{kind}"),
                Some(json!({})),
            )
            .await;
            let minted = token_claims(token["jwt"].as_str().unwrap());

            let preview = run(
                &h,
                dir.path(),
                args(&[
                    "--output",
                    "json",
                    "jwt-template",
                    "preview",
                    &file_arg,
                    "--user-id",
                    &id,
                ]),
            )
            .await;
            assert_eq!(
                preview.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&preview.stderr)
            );
            let printed: Value = serde_json::from_slice(&preview.stdout).unwrap();
            let printed = printed["payload"].as_object().unwrap().clone();
            assert_eq!(
                Value::Object(comparable(minted.clone())),
                Value::Object(comparable(printed.clone())),
                "{kind}, user {user}"
            );
            assert_eq!(
                minted["exp"].as_i64().unwrap() - minted["iat"].as_i64().unwrap(),
                60
            );
            assert_eq!(
                printed["exp"].as_i64().unwrap() - printed["iat"].as_i64().unwrap(),
                60
            );
        }
    }
    let list = run(
        &h,
        dir.path(),
        args(&["--output", "json", "jwt-template", "list"]),
    )
    .await;
    let names: Vec<String> = serde_json::from_slice::<Value>(&list.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect();
    for kind in KINDS {
        assert!(names.iter().any(|n| n == kind), "{names:?}");
    }
    h.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_updates_changed_templates_and_diff_shows_claims() {
    let h = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let dir = tempdir();
    let file = dir.path().join("api.json");
    std::fs::write(
        &file,
        json!({"name": "api", "claims": {"a": "{{user.id}}", "b": 1}}).to_string(),
    )
    .unwrap();
    let f = file.display().to_string();
    let push = run(&h, dir.path(), args(&["jwt-template", "push", &f])).await;
    assert_eq!(String::from_utf8_lossy(&push.stdout), "api: created\n");
    std::fs::write(
        &file,
        json!({"name": "api", "claims": {"a": "{{user.id}}", "c": true}, "lifetime": 120})
            .to_string(),
    )
    .unwrap();
    let diff = run(&h, dir.path(), args(&["jwt-template", "diff", &f])).await;
    assert_eq!(diff.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&diff.stdout),
        "+ /claims/c true\n- /claims/b 1\n~ /lifetime 60 -> 120\n"
    );
    let dry = run(
        &h,
        dir.path(),
        args(&["jwt-template", "push", "--dry-run", &f]),
    )
    .await;
    assert_eq!(String::from_utf8_lossy(&dry.stdout), "api: would update\n");
    let push = run(&h, dir.path(), args(&["jwt-template", "push", &f])).await;
    assert_eq!(String::from_utf8_lossy(&push.stdout), "api: updated\n");
    let diff = run(&h, dir.path(), args(&["jwt-template", "diff", &f])).await;
    assert_eq!(String::from_utf8_lossy(&diff.stdout), "api: identical\n");
    let missing = run(&h, dir.path(), args(&["jwt-template", "pull", "nope"])).await;
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no JWT template named `nope`"));
    h.shutdown().await;
}

/// `push` reports each bad file and pushes the good ones (exit 1 at the end); `diff` shows a
/// template the instance lacks as additions, and says `push` would refuse a file with lint
/// errors; `list` keeps its columns aligned whatever the names and ids.
#[tokio::test]
async fn push_reports_every_bad_file_and_diff_and_list_read_right() {
    let e = Emulator::start(EmulatorConfig::default()).await.unwrap();
    let dir = tempdir();
    let good = json!({"name": "good", "claims": {"role": "{{user.public_metadata.role}}"}, "lifetime": 600});
    let long = json!({"name": "a-much-longer-template-name", "claims": {"x": 1}});
    let bad = json!({"name": "bad", "claims": {"sub": "x"}});
    for (file, body) in [
        ("good.json", &good),
        ("long.json", &long),
        ("bad.json", &bad),
    ] {
        std::fs::write(dir.path().join(file), body.to_string()).unwrap();
    }
    std::fs::write(dir.path().join("broken.json"), "{").unwrap();
    let out = run(
        &e,
        dir.path(),
        args(&[
            "jwt-template",
            "push",
            "bad.json",
            "good.json",
            "broken.json",
            "long.json",
            "--output",
            "json",
        ]),
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let outcomes: Vec<(&str, &str)> = doc["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["path"].as_str().unwrap(), t["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("bad.json", "rejected"),
            ("broken.json", "rejected"),
            ("good.json", "created"),
            ("long.json", "created"),
        ]
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`bad.json` has lint errors"), "{stderr}");

    // A template the instance lacks: every line an addition.
    std::fs::write(
        dir.path().join("new.json"),
        json!({"name": "new", "claims": {"a": 1}, "lifetime": 90}).to_string(),
    )
    .unwrap();
    let out = run(&e, dir.path(), args(&["jwt-template", "diff", "new.json"])).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("+ /lifetime 90"), "{stdout}");
    assert!(!stdout.contains('~'), "{stdout}");
    assert!(stdout.contains("`push` would create it"), "{stdout}");
    let out = run(&e, dir.path(), args(&["jwt-template", "diff", "bad.json"])).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("`push` would refuse it"), "{stdout}");

    let out = run(&e, dir.path(), args(&["jwt-template", "list"])).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    let claims_at: Vec<usize> = lines
        .iter()
        .map(|l| l.rfind("  ").expect("columns") + 2)
        .collect();
    assert!(claims_at.windows(2).all(|w| w[0] == w[1]), "{stdout}");
    e.shutdown().await;
}
