//! `clerkctl emulator` as a process: the export block, serving, the same secret key across
//! restarts on one state file, and a kill -9 during writes and mints leaving a valid state file.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

pub(crate) struct Running {
    pub(crate) child: Child,
    pub(crate) api_url: String,
    secret: String,
    publishable: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `clerkctl emulator ARGS…` started in `dir` with no Clerk keys in its environment, stdout piped
/// and stderr discarded.
pub(crate) fn emulator_process(dir: &std::path::Path, args: &[&str]) -> std::process::Child {
    let bin = assert_cmd::cargo::cargo_bin("clerkctl");
    Command::new(bin)
        .arg("emulator")
        .args(args)
        .current_dir(dir)
        .env_remove("CLERK_SECRET_KEY")
        .env_remove("CLERK_API_URL")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("clerkctl emulator starts")
}

pub(crate) fn spawn(dir: &std::path::Path, extra: &[&str]) -> Running {
    let mut child = emulator_process(dir, extra);
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut get = |prefix: &str| -> String {
        let line = lines.next().and_then(Result::ok).unwrap_or_default();
        line.strip_prefix(prefix)
            .unwrap_or_else(|| panic!("expected `{prefix}…`, got `{line}`"))
            .to_string()
    };
    let api_url = get("export CLERK_API_URL=");
    let secret = get("export CLERK_SECRET_KEY=");
    let publishable = get("export CLERK_PUBLISHABLE_KEY=");
    Running {
        child,
        api_url,
        secret,
        publishable,
    }
}

#[tokio::test]
async fn prints_exports_and_serves() {
    let dir = crate::common::tempdir();
    let r = spawn(dir.path(), &["--port", "0"]);
    assert!(r.api_url.starts_with("http://127.0.0.1:"));
    assert!(r.secret.starts_with("sk_test_"));
    let pk = clerkctl::clerk::keys::PublishableKey::parse(&r.publishable).expect("valid pk");
    assert_eq!(pk.frontend_api_url(), r.api_url);
    let c = reqwest::Client::new();
    let health: Value = c
        .get(format!("{}/__clerkctl/health", r.api_url))
        .bearer_auth(&r.secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["emulator"], "clerkctl");
}

#[test]
fn refuses_bad_flags() {
    let dir = crate::common::tempdir();
    crate::common::clerkctl(dir.path())
        .args([
            "emulator",
            "--max-lifetime",
            "0",
            "--inactivity-timeout",
            "0",
        ])
        .assert()
        .code(2);
    crate::common::clerkctl(dir.path())
        .args(["emulator", "--secret-key", "nope"])
        .assert()
        .code(2);
}

#[tokio::test]
async fn a_restart_on_the_same_state_prints_the_same_secret_key() {
    let dir = crate::common::tempdir();
    let path = dir.path().join("state.json");
    let path_arg = path.to_string_lossy().into_owned();
    let first = spawn(dir.path(), &["--state", &path_arg]);
    let secret = first.secret.clone();
    drop(first);
    let second = spawn(dir.path(), &["--state", &path_arg]);
    assert_eq!(second.secret, secret);
    let status = reqwest::Client::new()
        .get(format!("{}/v1/users", second.api_url))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(
        status, 200,
        "a client configured from the first start still works"
    );
    // Without a state file every start is a fresh instance with a fresh key.
    let a = spawn(dir.path(), &[]);
    let b = spawn(dir.path(), &[]);
    assert_ne!(a.secret, b.secret);
}

/// Mint tokens on `sid` until the emulator goes away.
async fn mint_until_gone(url: String, secret: String, sid: String) -> usize {
    let c = reqwest::Client::new();
    let mut minted = 0;
    loop {
        let res = c
            .post(format!("{url}/v1/sessions/{sid}/tokens"))
            .bearer_auth(&secret)
            .send()
            .await;
        match res {
            Ok(r) if r.status().is_success() => minted += 1,
            _ => return minted,
        }
    }
}

#[tokio::test]
async fn kill_9_during_writes_leaves_a_valid_state_file() {
    let dir = crate::common::tempdir();
    let path = dir.path().join("state.json");
    let path_arg = path.to_string_lossy().into_owned();
    let mut r = spawn(dir.path(), &["--state", &path_arg]);
    let c = reqwest::Client::new();
    let url = r.api_url.clone();
    let secret = r.secret.clone();
    let user: Value = c
        .post(format!("{url}/v1/users"))
        .bearer_auth(&secret)
        .json(&json!({"email_address": ["minter@example.com"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session: Value = c
        .post(format!("{url}/v1/sessions"))
        .bearer_auth(&secret)
        .json(&json!({"user_id": user["id"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let sid = session["id"].as_str().expect("session id").to_string();
    // Mints (background snapshots) and creates (synchronous snapshots) race the kill.
    let minters: Vec<_> = (0..2)
        .map(|_| tokio::spawn(mint_until_gone(url.clone(), secret.clone(), sid.clone())))
        .collect();
    let writer = tokio::spawn(async move {
        for i in 0..10_000 {
            let res = c
                .post(format!("{url}/v1/users"))
                .bearer_auth(&secret)
                .json(&json!({"email_address": [format!("k{i}@example.com")]}))
                .send()
                .await;
            if res.is_err() {
                break;
            }
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    r.child.kill().expect("kill -9");
    let _ = r.child.wait();
    let _ = writer.await;
    let mut minted = 0;
    for m in minters {
        minted += m.await.unwrap_or(0);
    }
    assert!(minted > 0, "tokens were minted before the kill");
    let text = std::fs::read_to_string(&path).expect("state file exists");
    let state: Value = serde_json::from_str(&text).expect("the state file is complete JSON");
    assert!(state["keys"][0]["kid"].is_string());
    assert_eq!(state["secret_key"], r.secret.as_str());
    assert!(
        state["sessions"]
            .as_array()
            .is_some_and(|all| all.iter().any(|s| s["id"] == sid.as_str())),
        "the session created before the mints is in the file"
    );
    // And it starts again from that file, keeping the users written so far.
    let users = state["users"].as_array().map(Vec::len).unwrap_or(0);
    let r2 = spawn(dir.path(), &["--state", &path_arg]);
    let list: Value = reqwest::Client::new()
        .get(format!("{}/v1/users?limit=500", r2.api_url))
        .bearer_auth(&r2.secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(list.as_array().map(Vec::len).unwrap_or(0) >= users.min(500));
}

#[cfg(unix)]
#[tokio::test]
async fn sigterm_shuts_down_cleanly_and_keeps_the_last_activity() {
    let dir = crate::common::tempdir();
    let path = dir.path().join("state.json");
    let path_arg = path.to_string_lossy().into_owned();
    let mut r = spawn(dir.path(), &["--state", &path_arg]);
    let c = reqwest::Client::new();
    let url = r.api_url.clone();
    let post = |path: &str, body: Value| {
        c.post(format!("{url}{path}"))
            .bearer_auth(&r.secret)
            .json(&body)
            .send()
    };
    let user: Value = post("/v1/users", json!({"email_address": ["term@example.com"]}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session: Value = post("/v1/sessions", json!({"user_id": user["id"]}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let sid = session["id"].as_str().expect("session id").to_string();
    post("/__clerkctl/clock", json!({"advance_seconds": 60}))
        .await
        .unwrap();
    let minted = post(&format!("/v1/sessions/{sid}/tokens"), json!({}))
        .await
        .unwrap();
    assert!(minted.status().is_success());
    let live: Value = c
        .get(format!("{url}/v1/sessions/{sid}"))
        .bearer_auth(&r.secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let term = Command::new("kill")
        .args(["-TERM", &r.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(term.success());
    let status = r.child.wait().expect("the emulator exits");
    assert!(status.success(), "SIGTERM is a clean shutdown: {status:?}");
    let state: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let stored = state["sessions"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["id"] == sid.as_str()))
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(stored["last_active_at"], live["last_active_at"]);
}

/// `--state` in a directory that does not exist yet creates it, as `--junit` does.
#[test]
fn state_creates_its_parent_directory() {
    let dir = crate::common::tempdir();
    let r = spawn(
        dir.path(),
        &["--port", "0", "--state", ".clerkctl/x/emulator.json"],
    );
    assert!(r.secret.starts_with("sk_test_"));
    drop(r);
    assert!(dir.path().join(".clerkctl/x/emulator.json").is_file());
}

/// `eval "$(clerkctl emulator --background)"` returns once the emulator answers, and leaves it
/// running until `kill "$CLERKCTL_EMULATOR_PID"`; a start that fails says why, with its exit code.
#[cfg(unix)]
#[test]
fn background_start_returns_with_exports_and_keeps_serving() {
    let dir = crate::common::tempdir();
    let script = "eval \"$(clerkctl emulator --port 0 --state s/e.json --background)\" \
                  && curl -sf -H \"Authorization: Bearer $CLERK_SECRET_KEY\" \"$CLERK_API_URL/__clerkctl/health\" >/dev/null 2>&1; \
                  echo \"health=$?\"; echo \"pk=$CLERK_PUBLISHABLE_KEY\"; kill \"$CLERKCTL_EMULATOR_PID\"";
    let bin = assert_cmd::cargo::cargo_bin("clerkctl");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = assert_cmd::Command::new("bash")
        .args(["-c", script])
        .current_dir(dir.path())
        .env("PATH", path)
        .env_remove("CLERK_SECRET_KEY")
        .env_remove("CLERK_API_URL")
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("pk=pk_test_"), "{stdout}\n{stderr}");
    if std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_ok()
    {
        assert!(stdout.contains("health=0"), "{stdout}\n{stderr}");
    }
    assert!(dir.path().join("s/e.json").is_file());

    // A port already taken: the background start fails like a foreground one (exit 3).
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = crate::common::clerkctl(dir.path())
        .args(["emulator", "--port", &port, "--background"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot listen on"), "{stderr}");
    assert!(stderr.contains("hint: pick another `--port`"), "{stderr}");
}

/// Organizations are off on a new instance; `--organizations` and `[organizations] enabled =
/// true` turn them on; a state file keeps what `PATCH /v1/instance/organization_settings` set.
#[tokio::test]
async fn organizations_follow_the_flag_the_project_file_and_the_state() {
    let c = reqwest::Client::new();
    let status = |r: &Running| {
        let req = c
            .post(format!("{}/v1/organizations", r.api_url))
            .bearer_auth(&r.secret)
            .json(&json!({ "name": "Acme" }));
        async move { req.send().await.unwrap().status().as_u16() }
    };
    let dir = crate::common::tempdir();
    assert_eq!(status(&spawn(dir.path(), &[])).await, 403);
    assert_eq!(status(&spawn(dir.path(), &["--organizations"])).await, 200);
    let project = crate::common::tempdir();
    std::fs::write(
        project.path().join("clerkctl.toml"),
        "[organizations]\nenabled = true\n",
    )
    .unwrap();
    assert_eq!(status(&spawn(project.path(), &[])).await, 200);

    let state = dir.path().join("state.json");
    let state_arg = state.to_str().unwrap();
    {
        let r = spawn(dir.path(), &["--state", state_arg]);
        assert_eq!(status(&r).await, 403);
        let on = c
            .patch(format!("{}/v1/instance/organization_settings", r.api_url))
            .bearer_auth(&r.secret)
            .json(&json!({ "enabled": true }))
            .send()
            .await
            .unwrap();
        assert_eq!(on.status().as_u16(), 200);
    }
    assert_eq!(
        status(&spawn(dir.path(), &["--state", state_arg])).await,
        200
    );
}
