//! The emulator's limits and failure paths: nesting depth (whatever it accepts, it reloads), a
//! change that cannot be persisted is rolled back, undecodable paths get Clerk's envelope, idle
//! and half-sent connections are dropped, the connection cap holds, and `-v` logs requests
//! without secrets.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use clerkctl::emulator::{ConnLimits, Emulator, EmulatorConfig, EmulatorHandle};
use reqwest::Method;
use serde_json::{Map, Value, json};

use crate::common::Rng;

struct Emu {
    h: EmulatorHandle,
    c: reqwest::Client,
}

impl Emu {
    async fn start(config: EmulatorConfig) -> Self {
        Self {
            h: Emulator::start(config).await.expect("emulator starts"),
            c: reqwest::Client::new(),
        }
    }

    /// `(status, body)` of an authorised request.
    async fn call(&self, method: Method, path: &str, body: Option<&Value>) -> (u16, Value) {
        let mut req = self
            .c
            .request(method, format!("{}{path}", self.h.url()))
            .bearer_auth(self.h.secret_key().expose());
        if let Some(b) = body {
            req = req
                .header("Content-Type", "application/json")
                .body(b.to_string());
        }
        let res = req.send().await.expect("request sent");
        let status = res.status().as_u16();
        let bytes = res.bytes().await.expect("body");
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
        (status, body)
    }

    async fn ok(&self, method: Method, path: &str, body: Value) -> Value {
        let (status, reply) = self.call(method, path, Some(&body)).await;
        assert_eq!(status, 200, "{path}: {reply}");
        reply
    }

    fn addr(&self) -> String {
        self.h.url().trim_start_matches("http://").to_string()
    }
}

/// A state file, and Organizations on (their metadata is nested JSON too).
fn with_state(path: &std::path::Path) -> EmulatorConfig {
    EmulatorConfig {
        state_file: Some(path.to_path_buf()),
        organizations: Some(true),
        ..EmulatorConfig::default()
    }
}

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random JSON object exactly `depth` levels deep (the object itself is level 1): a spine of
/// objects and arrays, with scalar and shallow siblings along the way.
fn nested(rng: &mut Rng, depth: usize) -> Map<String, Value> {
    let mut inner = if rng.below(2) == 0 {
        json!({ "leaf": rng.below(1000) })
    } else {
        json!([rng.below(1000), "x", null, true])
    };
    if depth == 1 {
        let mut m = Map::new();
        m.insert("v".into(), Value::from(rng.below(10)));
        return m;
    }
    for level in (2..depth).rev() {
        let key = format!("k{}", rng.below(5));
        inner = match rng.below(3) {
            0 => json!([inner]),
            1 => json!({ key: inner, "n": level }),
            _ => json!({ key: inner }),
        };
    }
    let mut m = Map::new();
    m.insert(format!("k{}", rng.below(5)), inner);
    m
}

fn depth_of(v: &Value) -> usize {
    match v {
        Value::Object(m) => 1 + m.values().map(depth_of).max().unwrap_or(0),
        Value::Array(a) => 1 + a.iter().map(depth_of).max().unwrap_or(0),
        _ => 0,
    }
}

/// The deepest nesting any metadata field or template claims may have.
const LIMIT: usize = 100;

/// Accept → persist → reload, over random depths around the limit and every route that stores
/// nested JSON: a value at most [`LIMIT`] deep is stored, anything deeper is Clerk's 422
/// envelope, and the state file the emulator wrote always loads again with the same data.
#[tokio::test]
async fn whatever_the_emulator_accepts_it_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let e = Emu::start(with_state(&path)).await;
    let user = e
        .ok(Method::POST, "/v1/users", json!({ "external_id": "base" }))
        .await;
    let user_id = user["id"].as_str().unwrap().to_string();
    let template = e
        .ok(
            Method::POST,
            "/v1/jwt_templates",
            json!({ "name": "base", "claims": { "a": 1 } }),
        )
        .await;
    let template_id = template["id"].as_str().unwrap().to_string();

    let seed = 0x5eed_cafe_u64;
    let mut rng = Rng(seed);
    let (mut accepted, mut refused) = (0usize, 0usize);
    for i in 0..240 {
        // Mostly around the limit, some far past the parser's own depth (128).
        let depth = match rng.below(4) {
            0 => 1 + usize::try_from(rng.below(60)).unwrap(),
            1 | 2 => LIMIT - 3 + usize::try_from(rng.below(8)).unwrap(),
            _ => 120 + usize::try_from(rng.below(40)).unwrap(),
        };
        let value = Value::Object(nested(&mut rng, depth));
        assert_eq!(depth_of(&value), depth);
        let field = ["public_metadata", "private_metadata", "unsafe_metadata"]
            [usize::try_from(rng.below(3)).unwrap()];
        let route = rng.below(7);
        let fresh = if matches!(route, 1 | 4) {
            let u = e
                .ok(
                    Method::POST,
                    "/v1/users",
                    json!({ "external_id": format!("f{i}") }),
                )
                .await;
            u["id"].as_str().unwrap().to_string()
        } else {
            String::new()
        };
        let (method, path, body) = match route {
            0 => (
                Method::POST,
                "/v1/users".to_string(),
                json!({ "external_id": format!("u{i}"), field: value }),
            ),
            1 => (
                Method::PATCH,
                format!("/v1/users/{fresh}/metadata"),
                json!({ field: value }),
            ),
            2 => (
                Method::PUT,
                format!("/v1/users/{user_id}/metadata"),
                json!({ field: value }),
            ),
            3 => (
                Method::POST,
                "/v1/organizations".to_string(),
                json!({ "name": format!("o{i}"), "private_metadata": value }),
            ),
            4 => (
                Method::POST,
                // A fresh organization each time: development instances cap memberships.
                format!(
                    "/v1/organizations/{}/memberships",
                    e.ok(
                        Method::POST,
                        "/v1/organizations",
                        json!({ "name": format!("m{i}") })
                    )
                    .await["id"]
                        .as_str()
                        .unwrap()
                ),
                json!({ "user_id": fresh, "role": "org:member", "public_metadata": value }),
            ),
            5 => (
                Method::POST,
                "/v1/jwt_templates".to_string(),
                json!({ "name": format!("t{i}"), "claims": value }),
            ),
            _ => (
                Method::PATCH,
                format!("/v1/jwt_templates/{template_id}"),
                json!({ "name": "base", "claims": value }),
            ),
        };
        let (status, reply) = e.call(method, &path, Some(&body)).await;
        if depth <= LIMIT {
            assert_eq!(
                status, 200,
                "seed {seed:#x} #{i} depth {depth} {path}: {reply}"
            );
            accepted += 1;
        } else {
            assert_eq!(
                status, 422,
                "seed {seed:#x} #{i} depth {depth} {path}: {reply}"
            );
            assert_eq!(
                reply["errors"][0]["code"], "form_param_value_invalid",
                "{reply}"
            );
            let message = reply["errors"][0]["long_message"].as_str().unwrap();
            assert!(message.contains("nested too deeply"), "{message}");
            refused += 1;
        }
    }
    let (_, before) = e.call(Method::GET, "/__clerkctl/state", None).await;
    e.h.shutdown().await;

    let again = Emu::start(with_state(&path)).await;
    let (_, after) = again.call(Method::GET, "/__clerkctl/state", None).await;
    for part in ["users", "organizations", "memberships", "jwt_templates"] {
        assert_eq!(
            before[part], after[part],
            "{part} changed across the reload"
        );
    }
    eprintln!("accept→persist→reload: {accepted} accepted, {refused} refused (422), reloaded");
    assert!(accepted >= 100 && refused >= 60, "{accepted} / {refused}");
    again.h.shutdown().await;
}

/// The case that once made a state file unloadable: 126 levels of `public_metadata`.
#[tokio::test]
async fn metadata_nested_past_the_limit_is_refused_with_the_envelope() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let e = Emu::start(with_state(&path)).await;
    let mut rng = Rng(7);
    let deep = Value::Object(nested(&mut rng, 126));
    let (status, reply) = e
        .call(
            Method::POST,
            "/v1/users",
            Some(&json!({ "public_metadata": deep })),
        )
        .await;
    assert_eq!(status, 422, "{reply}");
    assert_eq!(reply["errors"][0]["meta"]["param_name"], "public_metadata");
    let edge = Value::Object(nested(&mut rng, LIMIT));
    e.ok(
        Method::POST,
        "/v1/users",
        json!({ "public_metadata": edge }),
    )
    .await;
    e.h.shutdown().await;
    Emu::start(with_state(&path)).await.h.shutdown().await;
}

/// A change the disk refuses is not applied: the state directory is swapped for a plain file
/// (every write then fails with "not a directory", even as root), so creates, updates, deletes
/// and a key rotation answer 500 `state_not_persisted` and leave memory as it was; with the
/// directory back, the same create succeeds and a restart sees exactly the persisted data.
#[tokio::test]
async fn a_change_that_cannot_be_persisted_is_rolled_back() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("state");
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join("state.json");
    let e = Emu::start(with_state(&path)).await;
    let kept = e
        .ok(
            Method::POST,
            "/v1/users",
            json!({ "email_address": ["kept@example.com"], "public_metadata": { "v": 1 } }),
        )
        .await;
    let kept_id = kept["id"].as_str().unwrap();
    let (_, jwks_before) = e.call(Method::GET, "/v1/jwks", None).await;

    let parked = root.path().join("parked");
    std::fs::rename(&dir, &parked).unwrap();
    std::fs::write(&dir, "not a directory").unwrap();
    let refused = |(status, body): (u16, Value)| {
        assert_eq!(status, 500, "{body}");
        assert_eq!(body["errors"][0]["code"], "state_not_persisted", "{body}");
    };
    for _ in 0..3 {
        refused(
            e.call(
                Method::POST,
                "/v1/users",
                Some(&json!({ "email_address": ["lost@example.com"] })),
            )
            .await,
        );
    }
    refused(
        e.call(
            Method::PATCH,
            &format!("/v1/users/{kept_id}/metadata"),
            Some(&json!({ "public_metadata": { "v": 2 } })),
        )
        .await,
    );
    refused(
        e.call(Method::DELETE, &format!("/v1/users/{kept_id}"), None)
            .await,
    );
    refused(
        e.call(Method::POST, "/__clerkctl/keys/rotate", Some(&json!({})))
            .await,
    );
    let (_, users) = e.call(Method::GET, "/v1/users", None).await;
    assert_eq!(users.as_array().unwrap().len(), 1, "{users}");
    assert_eq!(users[0]["public_metadata"], json!({ "v": 1 }));
    let (_, jwks_after) = e.call(Method::GET, "/v1/jwks", None).await;
    assert_eq!(jwks_before, jwks_after, "a rotation that was not persisted");

    std::fs::remove_file(&dir).unwrap();
    std::fs::rename(&parked, &dir).unwrap();
    e.ok(
        Method::POST,
        "/v1/users",
        json!({ "email_address": ["lost@example.com"] }),
    )
    .await;
    e.h.shutdown().await;
    let again = Emu::start(with_state(&path)).await;
    let (_, users) = again.call(Method::GET, "/v1/users", None).await;
    let emails: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email_addresses"][0]["email_address"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["lost@example.com", "kept@example.com"]);
    again.h.shutdown().await;
}

/// A path segment that is not UTF-8 once decoded names nothing: Clerk's JSON 404 envelope.
#[tokio::test]
async fn an_undecodable_path_gets_the_envelope() {
    let e = Emu::start(EmulatorConfig::default()).await;
    for path in [
        "/v1/users/%ff%fe",
        "/v1/sessions/%ff%fe",
        "/v1/jwt_templates/%c3%28",
    ] {
        let res =
            e.c.get(format!("{}{path}", e.h.url()))
                .bearer_auth(e.h.secret_key().expose())
                .send()
                .await
                .unwrap();
        assert_eq!(res.status().as_u16(), 404, "{path}");
        assert_eq!(
            res.headers()["content-type"].to_str().unwrap(),
            "application/json"
        );
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["errors"][0]["code"], "resource_not_found", "{body}");
    }
}

/// An emulator with these connection limits, its `host:port` and its secret key.
async fn limited(limits: ConnLimits) -> (Emu, String, String) {
    let e = Emu::start(EmulatorConfig {
        limits,
        ..EmulatorConfig::default()
    })
    .await;
    let addr = e.addr();
    let secret = e.h.secret_key().expose().to_string();
    (e, addr, secret)
}

/// Read until the server closes the connection; the time it took.
fn time_to_close(mut s: TcpStream) -> Duration {
    let started = Instant::now();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return started.elapsed(),
            Ok(_) => {}
        }
    }
}

/// Idle connections, half-sent request heads (even trickled byte by byte) and idle keep-alive
/// connections are closed after the idle timeout; a half-sent body gets a 408 envelope.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_half_sent_connections_are_dropped() {
    let (_e, addr, secret) = limited(ConnLimits {
        idle_timeout: Duration::from_millis(400),
        body_timeout: Duration::from_millis(400),
        ..ConnLimits::default()
    })
    .await;
    let checks = tokio::task::spawn_blocking(move || {
        let idle = TcpStream::connect(&addr).unwrap();
        let took = time_to_close(idle);
        assert!(took < Duration::from_secs(3), "idle: {took:?}");

        let mut half = TcpStream::connect(&addr).unwrap();
        half.write_all(b"GET /v1/users HTTP/1.1\r\nHost: x\r\n")
            .unwrap();
        let took = time_to_close(half);
        assert!(took < Duration::from_secs(3), "half-sent head: {took:?}");

        // A trickle does not reset the deadline.
        let mut drip = TcpStream::connect(&addr).unwrap();
        let started = Instant::now();
        let mut closed = false;
        for b in b"GET /v1/users HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
            if drip.write_all(&[*b]).is_err() {
                closed = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let took = if closed {
            started.elapsed()
        } else {
            time_to_close(drip) + started.elapsed()
        };
        assert!(took < Duration::from_secs(5), "trickled head: {took:?}");

        // Keep-alive: one full request, then silence.
        let mut keep = TcpStream::connect(&addr).unwrap();
        write!(
            keep,
            "GET /v1/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {secret}\r\n\r\n"
        )
        .unwrap();
        keep.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut buf = [0u8; 4096];
        let n = keep.read(&mut buf).unwrap();
        assert!(
            buf[..n].starts_with(b"HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&buf[..n])
        );
        let took = time_to_close(keep);
        assert!(took < Duration::from_secs(3), "idle keep-alive: {took:?}");

        // A body that never arrives in full.
        let mut body = TcpStream::connect(&addr).unwrap();
        write!(
            body,
            "POST /v1/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {secret}\r\n\
             Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"a\""
        )
        .unwrap();
        body.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut reply = Vec::new();
        let _ = body.read_to_end(&mut reply);
        let reply = String::from_utf8_lossy(&reply);
        assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
        assert!(reply.contains("\"errors\""), "{reply}");
    });
    checks.await.unwrap();
}

/// At the connection cap, a further client waits (in the listen backlog, not in the
/// emulator's memory) until a connection closes, then is served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_connection_cap_holds() {
    let (_e, addr, secret) = limited(ConnLimits {
        max_connections: 3,
        idle_timeout: Duration::from_millis(800),
        ..ConnLimits::default()
    })
    .await;
    tokio::task::spawn_blocking(move || {
        let idle: Vec<TcpStream> = (0..3).map(|_| TcpStream::connect(&addr).unwrap()).collect();
        std::thread::sleep(Duration::from_millis(100));
        let started = Instant::now();
        let mut s = TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "GET /__clerkctl/health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {secret}\r\n\r\n"
        )
        .unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut buf = [0u8; 1024];
        let n = s.read(&mut buf).unwrap();
        let waited = started.elapsed();
        assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
        assert!(
            waited >= Duration::from_millis(500),
            "served past the cap after {waited:?}"
        );
        drop(idle);
    })
    .await
    .unwrap();
}

/// `clerkctl emulator -v` logs each request (method, path, status, time), never the secret key,
/// even one sent in a path.
#[test]
fn verbose_emulator_logs_requests_without_secrets() {
    use std::io::BufRead as _;
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("clerkctl"))
        .args(["-v", "emulator", "--port", "0"])
        .current_dir(dir.path())
        .env_remove("CLERK_SECRET_KEY")
        .env_remove("CLERK_API_URL")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut value = |prefix: &str| loop {
        let line = lines.next().unwrap().unwrap();
        if let Some(v) = line.strip_prefix(prefix) {
            return v.to_string();
        }
    };
    let url = value("export CLERK_API_URL=");
    let secret = value("export CLERK_SECRET_KEY=");
    let addr = url.trim_start_matches("http://");
    assert!(raw_get(addr, "/v1/users?limit=5", &secret).starts_with("HTTP/1.1 200"));
    assert!(raw_get(addr, &format!("/v1/users/{secret}"), &secret).starts_with("HTTP/1.1 404"));
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let logged: Vec<&str> = stderr.lines().filter(|l| l.starts_with("GET ")).collect();
    assert_eq!(logged.len(), 2, "{stderr}");
    assert!(logged[0].starts_with("GET /v1/users 200 "), "{stderr}");
    assert!(logged[0].ends_with(" ms"), "{stderr}");
    assert!(logged[1].starts_with("GET /v1/users/sk_test_…"), "{stderr}");
    assert!(logged[1].contains(" 404 "), "{stderr}");
    let tail = secret.trim_start_matches("sk_test_");
    assert!(!stderr.contains(&tail[..20]), "{stderr}");
}

/// One `GET` on its own connection; the whole reply.
fn raw_get(addr: &str, path: &str, secret: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {secret}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = Vec::new();
    s.read_to_end(&mut reply).unwrap();
    String::from_utf8_lossy(&reply).into_owned()
}
