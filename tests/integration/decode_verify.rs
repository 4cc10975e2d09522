//! `clerkctl decode` and `clerkctl verify`: real RSA keys and tokens built here, Clerk's token
//! shapes, the adversarial set, key sources over HTTP (a local server), exit codes and output.

use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clerkctl::clerk::keys::{KeyEnvironment, PublishableKey};
use clerkctl::jwt::jwk::Jwks;
use clerkctl::jwt::sign::{Algorithm, SigningKey};
use serde_json::{Map, Value, json};

use predicates::prelude::PredicateBooleanExt;

use crate::common::{clerkctl, tempdir};

/// 2026-11-22T10:00:00Z: every token below is evaluated with `--at` around this moment.
const NOW: i64 = 1_795_341_600;
const AT: &str = "2026-11-22T10:00:10Z";

fn key() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::generate("ins_2testinstance").expect("key generation"))
}

fn other_key() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::generate("ins_2otherinstance").expect("key generation"))
}

fn header(cat: &str) -> Map<String, Value> {
    let mut h = Map::new();
    h.insert("typ".into(), json!("JWT"));
    h.insert("cat".into(), json!(cat));
    h
}

fn v2_claims() -> Value {
    json!({
        "azp": "http://localhost:3000",
        "exp": NOW + 60,
        "fea": "o:dashboard,o:teams,u:reports",
        "fva": [7, -1],
        "iat": NOW,
        "iss": "https://happy-cat-1.clerk.accounts.dev",
        "jti": "a1b2c3d4e5f6a7b8c9d0",
        "nbf": NOW - 5,
        "o": {"fpm": "3,2", "id": "org_2orgidentifier000000", "per": "manage,read", "rol": "admin", "slg": "acme"},
        "pla": "o:team",
        "sid": "sess_2sessionidentifier00",
        "sts": "active",
        "sub": "user_2useridentifier0000",
        "v": 2
    })
}

fn v2_token() -> String {
    key().sign_jwt(Algorithm::RS256, &header("cl_B7d4PD111AAA"), &v2_claims())
}

fn with(claims: Value, changes: Value) -> Value {
    let mut claims = claims;
    if let (Some(c), Some(ch)) = (claims.as_object_mut(), changes.as_object()) {
        for (k, v) in ch {
            if v.is_null() {
                c.remove(k);
            } else {
                c.insert(k.clone(), v.clone());
            }
        }
    }
    claims
}

fn sign(claims: &Value) -> String {
    key().sign_jwt(Algorithm::RS256, &header("cl_B7d4PD111AAA"), claims)
}

fn raw_token(header: &Value, payload: &str, signature: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload),
        URL_SAFE_NO_PAD.encode(signature)
    )
}

fn pem() -> String {
    key().public_pem()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `verify TOKEN --key PEM --output json --at AT` → (exit code, reason codes).
fn verify_codes(token: &str, extra: &[&str]) -> (i32, Vec<String>) {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args([
            "verify",
            token,
            "--key",
            &pem(),
            "--at",
            AT,
            "--output",
            "json",
        ])
        .args(extra)
        .output()
        .expect("runs");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap_or(Value::Null);
    let codes = v["failures"]
        .as_array()
        .map(|f| {
            f.iter()
                .filter_map(|x| x["reason"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    (out.status.code().unwrap_or(-1), codes)
}

#[test]
fn valid_v2_session_token_verifies_with_a_pem_key() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args(["verify", &v2_token(), "--key", &pem(), "--at", AT])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "valid: session token v2 for `user_2useridentifier0000` key `ins_2testinstance` (RS256), expires in 50s\n"
    );
}

#[test]
fn pem_key_from_a_file_and_from_clerk_jwt_key() {
    let dir = tempdir();
    std::fs::write(dir.path().join("key.pem"), pem()).expect("write");
    clerkctl(dir.path())
        .args(["verify", &v2_token(), "--key", "@key.pem", "--at", AT])
        .assert()
        .code(0);
    // `.env`-style escaped newlines are accepted too.
    clerkctl(dir.path())
        .env("CLERK_JWT_KEY", pem().replace('\n', "\\n"))
        .args(["verify", &v2_token(), "--at", AT])
        .assert()
        .code(0);
    clerkctl(dir.path())
        .args(["verify", &v2_token(), "--key", "@missing.pem"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot read `missing.pem`"));
}

#[test]
fn v1_session_token_with_org_claims_is_flagged_deprecated() {
    let claims = json!({
        "azp": "http://localhost:3000", "exp": NOW + 60, "fva": [3, 3], "iat": NOW,
        "iss": "https://happy-cat-1.clerk.accounts.dev", "nbf": NOW - 5,
        "org_id": "org_2orgidentifier000000", "org_permissions": ["org:sys_memberships:read"],
        "org_role": "org:admin", "org_slug": "acme", "sid": "sess_1", "sub": "user_1"
    });
    let token = key().sign_jwt(Algorithm::RS256, &header("cl_B7d4PD111AAA"), &claims);
    let dir = tempdir();
    let jwks = Jwks {
        keys: vec![key().public_jwk()],
    };
    std::fs::write(
        dir.path().join("jwks.json"),
        serde_json::to_string(&jwks).expect("json"),
    )
    .expect("write");
    clerkctl(dir.path())
        .args(["verify", &token, "--jwks", "jwks.json", "--at", AT])
        .assert()
        .code(0);
    let out = clerkctl(dir.path())
        .args(["decode", &token, "--at", AT, "--output", "json"])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["kind"], "session_v1");
    let deprecated: Vec<&str> = v["explanations"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|e| e["deprecated"] == true)
        .filter_map(|e| e["claim"].as_str())
        .collect();
    assert_eq!(
        deprecated,
        ["org_id", "org_slug", "org_role", "org_permissions"]
    );
    assert!(
        v["warnings"]
            .as_array()
            .expect("array")
            .iter()
            .any(|w| w["code"] == "deprecated-claims")
    );
}

#[test]
fn template_token_from_an_independent_signer() {
    #[derive(serde::Serialize)]
    struct Claims {
        sub: String,
        iss: String,
        azp: String,
        iat: i64,
        nbf: i64,
        exp: i64,
        jti: String,
        aud: String,
        role: String,
    }
    let mut h = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    h.kid = Some("ins_2testinstance".into());
    let enc = jsonwebtoken::EncodingKey::from_rsa_pem(key().to_pkcs8_pem().as_bytes())
        .expect("encoding key");
    let token = jsonwebtoken::encode(
        &h,
        &Claims {
            sub: "user_1".into(),
            iss: "https://happy-cat-1.clerk.accounts.dev".into(),
            azp: "https://app.example.com".into(),
            iat: NOW,
            nbf: NOW - 5,
            exp: NOW + 3600,
            jti: "jti1".into(),
            aud: "convex".into(),
            role: "admin".into(),
        },
        &enc,
    )
    .expect("encode");
    assert_eq!(
        verify_codes(
            &token,
            &[
                "--audience",
                "convex",
                "--authorized-party",
                "https://app.example.com"
            ]
        ),
        (0, vec![])
    );
    assert_eq!(
        verify_codes(&token, &["--audience", "other"]),
        (1, vec!["token-verification-failed".to_string()])
    );
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args(["decode", &token, "--at", AT, "--output", "json"])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["kind"], "jwt_template");
    assert_eq!(v["status"]["state"], "valid");
}

#[test]
fn decode_json_of_an_org_token_with_several_features() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args(["decode", &v2_token(), "--at", AT, "--output", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    insta::assert_json_snapshot!("decode_v2_org_token", v);
}

#[test]
fn decode_text_explains_times_and_claims() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args([
            "decode",
            &format!("Authorization: Bearer {}", v2_token()),
            "--at",
            AT,
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("decode_v2_text", stdout(&out));
}

#[test]
fn decode_reads_cookie_strings_from_stdin_and_redacts() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args(["decode", "-", "--redact", "--at", AT, "--output", "json"])
        .write_stdin(format!(
            "theme=dark; __session_Abc12345={}; other=1\n",
            v2_token()
        ))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains("user_2useridentifier0000"), "{text}");
    assert!(!text.contains("sess_2sessionidentifier00"), "{text}");
    assert!(!text.contains("org_2orgidentifier000000"), "{text}");
    let v: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(v["claims"]["sub"], "user_REDACTED");
    // The org slug names the organization as surely as its id; the role stays.
    assert_eq!(v["claims"]["o"]["slg"], "REDACTED");
    assert_eq!(v["claims"]["o"]["rol"], "admin");
    assert_eq!(
        v["claims"]["iss"], "https://redacted.clerk.accounts.dev",
        "a development instance stays recognisable as one"
    );
}

#[test]
fn decode_at_relative_times_and_verify_flag() {
    let dir = tempdir();
    let expired = sign(&with(
        v2_claims(),
        json!({"exp": NOW - 600, "iat": NOW - 660, "nbf": NOW - 665}),
    ));
    let out = clerkctl(dir.path())
        .args(["decode", &expired, "--at", AT, "--output", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "decode alone only explains");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["status"]["state"], "expired");
    assert_eq!(v["status"]["message"], "expired 10m 10s ago");
    let out = clerkctl(dir.path())
        .args([
            "decode",
            &expired,
            "--at",
            AT,
            "--verify",
            "--key",
            &pem(),
            "--output",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["verification"]["valid"], false);
    assert_eq!(v["verification"]["failures"][0]["reason"], "token-expired");
    // Relative `--at`: a token minted now is valid now and expired in an hour.
    let now = chrono::Utc::now().timestamp();
    let fresh = sign(&with(
        v2_claims(),
        json!({"exp": now + 60, "iat": now, "nbf": now - 5}),
    ));
    clerkctl(dir.path())
        .args(["verify", &fresh, "--key", &pem(), "--at", "+1h"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("(token-expired): exp was"));
    clerkctl(dir.path())
        .args(["verify", &fresh, "--key", &pem(), "--at", "-5s"])
        .assert()
        .code(0);
}

#[test]
fn adversarial_tokens_are_rejected_with_the_sdk_reason() {
    let valid = v2_token();
    let (h, rest) = valid.split_once('.').expect("dots");
    let (_, sig) = rest.split_once('.').expect("dots");
    let tampered_payload =
        URL_SAFE_NO_PAD.encode(with(v2_claims(), json!({"sub": "user_attacker"})).to_string());
    let hs256 = {
        let mut hh = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
        hh.kid = Some("ins_2testinstance".into());
        jsonwebtoken::encode(
            &hh,
            &v2_claims(),
            &jsonwebtoken::EncodingKey::from_secret(pem().as_bytes()),
        )
        .expect("encode")
    };
    let codes = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let cases: Vec<(&str, String, Vec<&str>, Vec<String>)> = vec![
        (
            "alg none",
            raw_token(
                &json!({"alg": "none", "typ": "JWT"}),
                &v2_claims().to_string(),
                b"",
            ),
            vec![],
            codes(&["token-invalid-algorithm"]),
        ),
        (
            "HS256 with the public key as secret",
            hs256,
            vec![],
            codes(&["token-invalid-algorithm"]),
        ),
        (
            "tampered payload",
            format!("{h}.{tampered_payload}.{sig}"),
            vec![],
            codes(&["token-invalid-signature"]),
        ),
        (
            "truncated signature",
            valid[..valid.len() - 10].to_string(),
            vec![],
            codes(&["token-invalid-signature"]),
        ),
        (
            "signed by another key",
            other_key().sign_jwt(Algorithm::RS256, &header("cl_B7d4PD111AAA"), &v2_claims()),
            vec![],
            codes(&["token-invalid-signature"]),
        ),
        (
            "expired",
            sign(&with(v2_claims(), json!({"exp": NOW - 60}))),
            vec![],
            codes(&["token-expired"]),
        ),
        (
            "not yet valid",
            sign(&with(
                v2_claims(),
                json!({"nbf": NOW + 120, "exp": NOW + 180}),
            )),
            vec![],
            codes(&["token-not-active-yet"]),
        ),
        (
            "iat in the future",
            sign(&with(
                v2_claims(),
                json!({"iat": NOW + 120, "exp": NOW + 180}),
            )),
            vec![],
            codes(&["token-iat-in-the-future"]),
        ),
        (
            "missing sub",
            sign(&with(v2_claims(), json!({"sub": null}))),
            vec![],
            codes(&["token-verification-failed"]),
        ),
        (
            "exp as a string",
            sign(&with(v2_claims(), json!({"exp": "1795341660"}))),
            vec![],
            codes(&["token-verification-failed"]),
        ),
        (
            "wrong azp",
            v2_token(),
            vec!["--authorized-party", "https://app.example.com"],
            codes(&["token-invalid-authorized-parties"]),
        ),
        (
            "missing azp with authorized parties",
            sign(&with(v2_claims(), json!({"azp": null}))),
            vec!["--authorized-party", "http://localhost:3000"],
            codes(&["token-invalid-authorized-parties"]),
        ),
        (
            "M2M category",
            key().sign_jwt(Algorithm::RS256, &header("cl_B7d4PD333AAA"), &v2_claims()),
            vec![],
            codes(&["token-invalid"]),
        ),
        (
            "bad base64",
            format!("{h}.eyJzdWIi*.{sig}"),
            vec![],
            codes(&["token-invalid"]),
        ),
        (
            "payload is a JSON array",
            raw_token(&json!({"alg": "RS256"}), "[1,2,3]", b"sig"),
            vec![],
            codes(&[
                "token-invalid-signature",
                "token-verification-failed",
                "token-verification-failed",
                "token-invalid",
            ]),
        ),
        (
            "everything wrong at once",
            raw_token(
                &json!({"alg": "HS256", "typ": "xx"}),
                r#"{"exp":"soon","iat":9999999999}"#,
                b"s",
            ),
            vec![],
            codes(&[
                "token-invalid",
                "token-invalid-algorithm",
                "token-verification-failed",
                "token-verification-failed",
                "token-iat-in-the-future",
            ]),
        ),
    ];
    for (name, token, extra, want) in cases {
        assert_eq!(verify_codes(&token, &extra), (1, want), "case: {name}");
    }
}

#[test]
fn unknown_kid_against_a_jwks() {
    let dir = tempdir();
    let jwks = Jwks {
        keys: vec![other_key().public_jwk()],
    };
    std::fs::write(
        dir.path().join("jwks.json"),
        serde_json::to_string(&jwks).expect("json"),
    )
    .expect("write");
    clerkctl(dir.path())
        .args(["verify", &v2_token(), "--jwks", "jwks.json", "--at", AT])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no key for this token's kid (jwk-kid-mismatch): `kid` is `ins_2testinstance`, the key set has `ins_2otherinstance`",
        ));
}

#[test]
fn huge_and_non_utf8_input_is_rejected_without_a_panic() {
    let dir = tempdir();
    let huge = format!("{}.e30.c2ln\n", "A".repeat(1 << 20));
    let out = clerkctl(dir.path())
        .args(["verify", "-", "--key", &pem(), "--output", "json"])
        .write_stdin(huge.clone())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_str(stdout(&out).trim()).expect("one json line");
    assert_eq!(v["failures"][0]["reason"], "token-invalid");
    clerkctl(dir.path())
        .args(["decode", "-"])
        .write_stdin(huge)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "cannot decode the token (token-invalid)",
        ));
    let mut bytes = b"\xff\xfe\x00garbage".to_vec();
    bytes.push(b'\n');
    let out = clerkctl(dir.path())
        .args(["verify", "-", "--key", &pem(), "--output", "json"])
        .write_stdin(bytes.clone())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("not UTF-8"), "{}", stdout(&out));
    clerkctl(dir.path())
        .args(["decode"])
        .write_stdin(bytes)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("not UTF-8"));
    // A large but well-formed token decodes, with a cookie-size warning.
    let big = sign(&with(v2_claims(), json!({"blob": "x".repeat(1 << 20)})));
    let out = clerkctl(dir.path())
        .args(["decode", "-", "--at", AT, "--output", "json"])
        .write_stdin(big)
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let warnings: Vec<&str> = v["warnings"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|w| w["code"].as_str())
        .collect();
    assert_eq!(warnings, ["cookie-too-large", "custom-claims-too-large"]);
}

/// `verify - --key PEM --at AT --output json` on `input`: the output and its JSON lines.
fn batch_json(dir: &std::path::Path, input: String) -> (std::process::Output, Vec<Value>) {
    let out = clerkctl(dir)
        .args([
            "verify",
            "-",
            "--key",
            &pem(),
            "--at",
            AT,
            "--output",
            "json",
        ])
        .write_stdin(input)
        .output()
        .expect("runs");
    let lines = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    (out, lines)
}

#[test]
fn batch_verify_prints_one_verdict_per_line() {
    let dir = tempdir();
    let expired = sign(&with(v2_claims(), json!({"exp": NOW - 60})));
    let input = format!(
        "{}\n\nBearer {}\n{expired}\nnot-a-token\n",
        v2_token(),
        v2_token()
    );
    let (out, lines) = batch_json(dir.path(), input.clone());
    assert_eq!(out.status.code(), Some(1));
    let summary: Vec<(i64, bool)> = lines
        .iter()
        .map(|v| {
            (
                v["line"].as_i64().unwrap_or(0),
                v["valid"].as_bool().unwrap_or(true),
            )
        })
        .collect();
    assert_eq!(summary, [(1, true), (3, true), (4, false), (5, false)]);
    assert_eq!(lines[2]["failures"][0]["reason"], "token-expired");
    assert!(stderr(&out).contains("4 tokens: 2 valid, 2 invalid"));
    let out = clerkctl(dir.path())
        .args(["verify", "--key", &pem(), "--at", AT])
        .write_stdin(input)
        .output()
        .expect("runs");
    let text = stdout(&out);
    assert!(
        text.starts_with("line 1: valid: session token v2"),
        "{text}"
    );
    assert!(
        text.contains("line 4: invalid (token-expired): token has expired: exp was"),
        "{text}"
    );
    let all_valid = format!("{}\n{}\n", v2_token(), v2_token());
    clerkctl(dir.path())
        .args(["verify", "-", "--key", &pem(), "--at", AT])
        .write_stdin(all_valid)
        .assert()
        .code(0);
}

#[test]
fn batch_verify_answers_each_line_as_it_is_read() {
    use std::io::{BufRead, Write};
    // stdin stays open: every verdict must come before the end of the input.
    let dir = tempdir();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("clerkctl"))
        .current_dir(dir.path())
        .env_clear()
        .env("NO_COLOR", "1")
        .args(["verify", "-", "--key", &pem(), "--at", AT])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("clerkctl runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            if tx.send(line.expect("utf8")).is_err() {
                break;
            }
        }
    });
    let wait = std::time::Duration::from_secs(60);
    for (i, token) in [v2_token(), "nope".to_string(), v2_token()]
        .iter()
        .enumerate()
    {
        writeln!(stdin, "{token}").expect("write");
        stdin.flush().expect("flush");
        let line = rx
            .recv_timeout(wait)
            .unwrap_or_else(|_| panic!("no verdict for line {} while stdin is open", i + 1));
        assert!(line.starts_with(&format!("line {}: ", i + 1)), "{line}");
    }
    drop(stdin);
    assert_eq!(child.wait().expect("exits").code(), Some(1));
}

#[test]
fn batch_verify_reports_an_overlong_line_and_goes_on() {
    let dir = tempdir();
    let input = format!("{}\n{}\n", "A".repeat(200_000), v2_token());
    let (out, lines) = batch_json(dir.path(), input);
    assert_eq!(lines.len(), 2, "{}", stdout(&out));
    assert_eq!(lines[0]["failures"][0]["reason"], "token-invalid");
    let message = lines[0]["failures"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("200000 bytes, the limit is 65536"),
        "{message}"
    );
    assert_eq!(lines[1]["valid"], true);
}

#[test]
fn usage_errors() {
    let dir = tempdir();
    clerkctl(dir.path())
        .args(["verify", &v2_token()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no key to verify with (jwk-failed-to-resolve)",
        ));
    clerkctl(dir.path())
        .args(["verify", &v2_token(), "--key", &pem(), "--at", "yesterday"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("invalid `--at`"));
    clerkctl(dir.path())
        .args(["verify", &v2_token(), "--key", "not a pem"])
        .assert()
        .code(2);
    for command in ["decode", "verify"] {
        clerkctl(dir.path())
            .args([command, "-", "--key", &pem()])
            .write_stdin("   \n\n")
            .assert()
            .code(2)
            .stderr(predicates::str::contains("no token given"))
            .stderr(predicates::str::contains(format!(
                "`pbpaste | clerkctl {command}`"
            )));
    }
}

/// A local JWKS server: `/v1/jwks` (Bearer `sk_test_good` only) and `/.well-known/jwks.json`.
fn jwks_server() -> u16 {
    use axum::Router;
    use axum::http::{HeaderMap, StatusCode};
    use axum::routing::get;

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    listener.set_nonblocking(true).expect("nonblocking");
    let body = serde_json::to_string(&Jwks {
        keys: vec![key().public_jwk()],
    })
    .expect("json");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let public = body.clone();
            let app = Router::new()
                .route(
                    "/v1/jwks",
                    get(move |headers: HeaderMap| {
                        let body = body.clone();
                        async move {
                            let auth = headers
                                .get("authorization")
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or_default();
                            if auth == "Bearer sk_test_good" {
                                (StatusCode::OK, body)
                            } else {
                                (
                                    StatusCode::UNAUTHORIZED,
                                    r#"{"errors":[{"code":"clerk_key_invalid","message":"invalid key","long_message":"The provided secret key is invalid."}]}"#.to_string(),
                                )
                            }
                        }
                    }),
                )
                .route(
                    "/.well-known/jwks.json",
                    get(move || {
                        let public = public.clone();
                        async move { public }
                    }),
                );
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            let _ = axum::serve(listener, app).await;
        });
    });
    port
}

#[test]
fn keys_from_the_instance_and_discovery() {
    let port = jwks_server();
    let dir = tempdir();
    let api = format!("http://127.0.0.1:{port}");
    clerkctl(dir.path())
        .env("CLERK_SECRET_KEY", "sk_test_good")
        .env("CLERK_API_URL", &api)
        .args(["verify", &v2_token(), "--at", AT])
        .assert()
        .code(0);
    let out = clerkctl(dir.path())
        .env("CLERK_SECRET_KEY", "sk_test_wrongsecretvalue")
        .env("CLERK_API_URL", &api)
        .args(["verify", &v2_token(), "--at", AT])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("secret-key-invalid"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("wrongsecretvalue") && !stdout(&out).contains("wrongsecretvalue")
    );
    clerkctl(dir.path())
        .args([
            "verify",
            &v2_token(),
            "--at",
            AT,
            "--jwks",
            &format!("{api}/.well-known/jwks.json"),
        ])
        .assert()
        .code(0);

    let local_iss = sign(&with(v2_claims(), json!({"iss": api})));
    let pk = PublishableKey::for_host(KeyEnvironment::Test, &format!("127.0.0.1:{port}"));
    clerkctl(dir.path())
        .env("CLERK_PUBLISHABLE_KEY", pk.as_str())
        .args(["verify", &local_iss, "--at", AT, "--discover"])
        .assert()
        .code(0);
    let elsewhere =
        PublishableKey::for_host(KeyEnvironment::Test, "happy-cat-1.clerk.accounts.dev");
    clerkctl(dir.path())
        .env("CLERK_PUBLISHABLE_KEY", elsewhere.as_str())
        .args(["verify", &local_iss, "--at", AT, "--discover"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "refusing to fetch keys from the token's issuer",
        ))
        .stderr(predicates::str::contains("--trust-issuer"));
    clerkctl(dir.path())
        .env("CLERK_PUBLISHABLE_KEY", elsewhere.as_str())
        .args([
            "verify",
            &local_iss,
            "--at",
            AT,
            "--discover",
            "--trust-issuer",
        ])
        .assert()
        .code(0);
}

#[test]
fn unreachable_keys_exit_3() {
    // Bind then drop: the port is closed when clerkctl connects.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("addr")
        .port();
    let dir = tempdir();
    clerkctl(dir.path())
        .env("CLERK_SECRET_KEY", "sk_test_good")
        .env("CLERK_API_URL", format!("http://127.0.0.1:{port}"))
        .args(["verify", &v2_token(), "--at", AT])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("jwk-remote-failed-to-load"));
}

/// `tests/node/jwt`, installed (see [`crate::common::npm_project`]).
fn node_project() -> Option<std::path::PathBuf> {
    crate::common::npm_project("jwt", "node_modules/@clerk/backend")
}

/// Each token goes through `@clerk/backend`'s `verifyToken` (which stops at the first failed
/// check) and through `clerkctl verify`: the SDK's reason must be clerkctl's first reason.
#[test]
fn reasons_match_clerk_backend_verify_token() {
    let Some(node_dir) = node_project() else {
        return;
    };
    let now = chrono::Utc::now().timestamp();
    let live = with(
        v2_claims(),
        json!({"iat": now, "nbf": now - 5, "exp": now + 60}),
    );
    let valid = sign(&live);
    let (h, rest) = valid.split_once('.').expect("dots");
    let (_, sig) = rest.split_once('.').expect("dots");
    let tampered = URL_SAFE_NO_PAD.encode(with(live.clone(), json!({"sub": "user_x"})).to_string());
    let hs256 = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &live,
        &jsonwebtoken::EncodingKey::from_secret(pem().as_bytes()),
    )
    .expect("encode");
    let mut typ_header = header("cl_B7d4PD111AAA");
    typ_header.insert("typ".into(), json!("at+jwt"));
    let parties = vec!["https://app.example.com".to_string()];
    let cases: Vec<(&str, String, Vec<String>, Vec<String>)> = vec![
        ("valid", valid.clone(), vec![], vec![]),
        (
            "alg none",
            raw_token(
                &json!({"alg": "none", "typ": "JWT"}),
                &live.to_string(),
                b"",
            ),
            vec![],
            vec![],
        ),
        ("hs256", hs256, vec![], vec![]),
        ("tampered", format!("{h}.{tampered}.{sig}"), vec![], vec![]),
        (
            "truncated",
            valid[..valid.len() - 10].to_string(),
            vec![],
            vec![],
        ),
        (
            "other key",
            other_key().sign_jwt(Algorithm::RS256, &header("cl_B7d4PD111AAA"), &live),
            vec![],
            vec![],
        ),
        (
            "expired",
            sign(&with(live.clone(), json!({"exp": now - 60}))),
            vec![],
            vec![],
        ),
        (
            "not yet valid",
            sign(&with(
                live.clone(),
                json!({"nbf": now + 120, "exp": now + 180}),
            )),
            vec![],
            vec![],
        ),
        (
            "iat in the future",
            sign(&with(
                live.clone(),
                json!({"iat": now + 120, "exp": now + 180}),
            )),
            vec![],
            vec![],
        ),
        (
            "missing sub",
            sign(&with(live.clone(), json!({"sub": null}))),
            vec![],
            vec![],
        ),
        (
            "exp string",
            sign(&with(live.clone(), json!({"exp": "soon"}))),
            vec![],
            vec![],
        ),
        ("wrong azp", valid.clone(), parties.clone(), vec![]),
        (
            "missing azp",
            sign(&with(live.clone(), json!({"azp": null}))),
            parties.clone(),
            vec![],
        ),
        (
            "m2m",
            key().sign_jwt(Algorithm::RS256, &header("cl_B7d4PD333AAA"), &live),
            vec![],
            vec![],
        ),
        (
            "typ",
            key().sign_jwt(Algorithm::RS256, &typ_header, &live),
            vec![],
            vec![],
        ),
        (
            "aud",
            sign(&with(live.clone(), json!({"aud": "convex"}))),
            vec![],
            vec!["other".to_string()],
        ),
        ("bad base64", format!("{h}.e*.{sig}"), vec![], vec![]),
        (
            "signed array payload",
            key().sign_jwt(
                Algorithm::RS256,
                &header("cl_B7d4PD111AAA"),
                &json!([1, 2, 3]),
            ),
            vec![],
            vec![],
        ),
    ];
    let input = json!({
        "jwtKey": pem(),
        "cases": cases.iter().map(|(name, token, azp, aud)| json!({
            "name": name, "token": token,
            "authorizedParties": azp, "audience": if aud.is_empty() { Value::Null } else { json!(aud) },
        })).collect::<Vec<_>>(),
    });
    let out = assert_cmd::Command::new("node")
        .arg("verify.mjs")
        .current_dir(&node_dir)
        .write_stdin(input.to_string())
        .output()
        .expect("node runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let sdk: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(sdk.len(), cases.len());
    let dir = tempdir();
    for ((name, token, azp, aud), sdk) in cases.iter().zip(&sdk) {
        let mut cmd = clerkctl(dir.path());
        cmd.args(["verify", token, "--key", &pem(), "--output", "json"]);
        for p in azp {
            cmd.args(["--authorized-party", p]);
        }
        for a in aud {
            cmd.args(["--audience", a]);
        }
        let out = cmd.output().expect("runs");
        let ours: Value = serde_json::from_slice(&out.stdout).expect("json");
        let first = ours["failures"][0]["reason"].clone();
        assert_eq!(
            first, sdk["reason"],
            "case {name}: clerkctl {ours} vs @clerk/backend {sdk}"
        );
    }
}

#[test]
fn redact_leaves_nothing_identifying_even_in_verification_messages() {
    let dir = tempdir();
    let token = sign(&with(
        v2_claims(),
        json!({
            "azp": "https://app.acme-corp.com",
            "iss": "https://clerk.acme-corp.com",
            "email": "jane.doe@acme-corp.com",
            "fullName": "Jane Doe",
            "phone_number": "+14155550100",
            "act": {"sub": "user_2impersonator000000", "sid": "sess_2impersonation00000"}
        }),
    ));
    let identifying = [
        "acme",
        "Jane",
        "4155550100",
        "user_2useridentifier0000",
        "sess_2sessionidentifier00",
        "org_2orgidentifier000000",
        "user_2impersonator000000",
        "ins_2testinstance",
        "a1b2c3d4e5f6a7b8c9d0",
    ];
    for format in ["text", "json"] {
        let out = clerkctl(dir.path())
            .args(["decode", &token, "--redact", "--verify", "--key", &pem()])
            .args(["--authorized-party", "https://other.example", "--at", AT])
            .args(["--output", format])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(
            all.contains("token-invalid-authorized-parties"),
            "the failure is still reported: {all}"
        );
        for word in identifying {
            assert!(
                !all.contains(word),
                "{format} output still shows {word}:\n{all}"
            );
        }
        // What an issue needs survives: role, permissions, times.
        assert!(all.contains("org:dashboard:manage"), "{all}");
    }
}

#[test]
fn cookie_header_lines_from_the_network_panel() {
    let dir = tempdir();
    for line in [
        format!("Set-Cookie: __session={}; Path=/; SameSite=Lax", v2_token()),
        format!(
            "cookie: __client_uat=1; __session_Xy12Ab34=\"{}\"",
            v2_token()
        ),
    ] {
        clerkctl(dir.path())
            .args(["decode", "--at", AT])
            .write_stdin(line)
            .assert()
            .code(0)
            .stdout(predicates::str::contains("session token v2"));
    }
    clerkctl(dir.path())
        .args(["decode"])
        .write_stdin("Cookie: theme=dark; __client_uat=1\n")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("no `__session` cookie"))
        .stderr(predicates::str::contains("hint:"));
}

#[test]
fn at_rejects_millisecond_timestamps_and_times_past_the_calendar() {
    let dir = tempdir();
    let ms = (NOW * 1000).to_string();
    for (at, says) in [(ms.as_str(), "milliseconds"), ("+9999999d", "9999")] {
        clerkctl(dir.path())
            .args(["decode", &v2_token(), "--at", at])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(says))
            .stderr(predicates::str::contains("hint:"));
    }
}

#[test]
fn non_utf8_stdin_for_decode_has_a_hint() {
    let dir = tempdir();
    clerkctl(dir.path())
        .args(["decode"])
        .write_stdin(b"\xff\xfe".to_vec())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("hint:"));
}

#[test]
fn test_secret_key_with_live_publishable_key_is_refused() {
    let dir = tempdir();
    let live = PublishableKey::for_host(KeyEnvironment::Live, "clerk.example.com");
    clerkctl(dir.path())
        .env("CLERK_SECRET_KEY", "sk_test_good")
        .env("CLERK_PUBLISHABLE_KEY", live.as_str())
        .env("CLERK_API_URL", "http://127.0.0.1:9")
        .args(["verify", &v2_token(), "--at", AT])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("live"))
        .stderr(predicates::str::contains("hint:"))
        .stderr(predicates::str::contains("sk_test_good").not());
}

/// A key server that misbehaves the ways real ones do: `/flaky` answers 503 (with
/// `Retry-After: 0`) before serving the keys, `/ec` serves only a non-RSA key, anything else 404.
fn misbehaving_key_server() -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::Router;
    use axum::http::StatusCode;
    use axum::routing::get;

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    listener.set_nonblocking(true).expect("nonblocking");
    let body = serde_json::to_string(&Jwks {
        keys: vec![key().public_jwk()],
    })
    .expect("json");
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&hits);
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let app = Router::new()
                .route(
                    "/flaky",
                    get(move || {
                        let body = body.clone();
                        let n = counter.fetch_add(1, Ordering::SeqCst);
                        async move {
                            if n.is_multiple_of(2) {
                                (
                                    StatusCode::SERVICE_UNAVAILABLE,
                                    [("retry-after", "0")],
                                    String::new(),
                                )
                            } else {
                                (StatusCode::OK, [("retry-after", "0")], body)
                            }
                        }
                    }),
                )
                .route(
                    "/ec",
                    get(|| async {
                        r#"{"keys":[{"kty":"EC","kid":"ec1","crv":"P-256","x":"AA","y":"AA"}]}"#
                    }),
                );
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            let _ = axum::serve(listener, app).await;
        });
    });
    (port, hits)
}

#[test]
fn key_fetches_retry_transient_failures_and_explain_permanent_ones() {
    let (port, hits) = misbehaving_key_server();
    let dir = tempdir();
    let base = format!("http://127.0.0.1:{port}");
    clerkctl(dir.path())
        .args([
            "verify",
            &v2_token(),
            "--at",
            AT,
            "--jwks",
            &format!("{base}/flaky"),
        ])
        .assert()
        .code(0);
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "one 503, one retry"
    );
    clerkctl(dir.path())
        .args([
            "verify",
            &v2_token(),
            "--at",
            AT,
            "--jwks",
            &format!("{base}/gone"),
        ])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("HTTP 404"))
        .stderr(predicates::str::contains("hint: check the address"));
    clerkctl(dir.path())
        .args([
            "verify",
            &v2_token(),
            "--at",
            AT,
            "--jwks",
            &format!("{base}/ec"),
        ])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("jwk-remote-invalid"))
        .stderr(predicates::str::contains("PEM public key from the Dashboard").not());
}

#[test]
fn batch_discovery_reports_an_untrusted_issuer_as_that_line_verdict() {
    let port = jwks_server();
    let dir = tempdir();
    let api = format!("http://127.0.0.1:{port}");
    let trusted = sign(&with(v2_claims(), json!({"iss": api})));
    let foreign = sign(&with(v2_claims(), json!({"iss": "https://evil.example"})));
    let pk = PublishableKey::for_host(KeyEnvironment::Test, &format!("127.0.0.1:{port}"));
    let out = clerkctl(dir.path())
        .env("CLERK_PUBLISHABLE_KEY", pk.as_str())
        .args(["verify", "-", "--discover", "--at", AT, "--output", "json"])
        .write_stdin(format!("{trusted}\n{foreign}\n{trusted}\n"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 3, "{}", stdout(&out));
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[1]["failures"][0]["reason"], "jwk-failed-to-resolve");
    assert_eq!(lines[1]["sub"], "user_2useridentifier0000");
    assert_eq!(lines[2]["valid"], true);
}
