//! `clerkctl jwt-template`: emit, lint, preview, bad input, and the generated TypeScript against
//! the real Clerk SDKs (when node is present).

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{clerkctl, tempdir};

const KINDS: &[&str] = &[
    "default", "hasura", "nhost", "supabase", "convex", "grafbase",
];

fn write(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path
}

fn stdout_json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn emit_prints_the_body_for_every_kind() {
    let dir = tempdir();
    for kind in KINDS {
        let out = clerkctl(dir.path())
            .args(["jwt-template", kind])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let body = stdout_json(&out);
        assert_eq!(body.get("name"), Some(&json!(kind)));
        assert!(body.get("claims").is_some_and(Value::is_object));
        assert_eq!(body.get("lifetime"), Some(&json!(60)));
        assert_eq!(body.get("allowed_clock_skew"), Some(&json!(5)));
        // Clerk-set and session-only claims never appear in an emitted template.
        for reserved in ["azp", "exp", "iat", "iss", "jti", "nbf", "sub", "sid"] {
            assert!(
                body.pointer(&format!("/claims/{reserved}")).is_none(),
                "{kind} sets {reserved}"
            );
        }
    }
}

#[test]
fn supabase_is_labelled_deprecated() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args(["jwt-template", "supabase", "--print", "setup"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stderr.contains("deprecated since 2025-04-01"), "{stderr}");
    assert!(stdout.contains("**Deprecated since 2025-04-01.**"));
    assert!(stdout.contains("\"role\": \"authenticated\""));
}

#[test]
fn custom_from_flags_and_rejected_reserved_claims() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args([
            "jwt-template",
            "custom",
            "--name",
            "api",
            "--claim",
            "aud=my-api",
            "--claim",
            "tier={{user.public_metadata.tier || 'free'}}",
            "--from-metadata",
            "role,plan",
            "--lifetime",
            "300",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout_json(&out),
        json!({"name": "api", "claims": {
            "role": "{{user.public_metadata.role}}", "plan": "{{user.public_metadata.plan}}",
            "aud": "my-api", "tier": "{{user.public_metadata.tier || 'free'}}"
        }, "lifetime": 300, "allowed_clock_skew": 5})
    );
    let out = clerkctl(dir.path())
        .args(["jwt-template", "custom", "--claim", "sid={{session.id}}"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("session-only-claim") && stderr.contains("unknown-shortcode"),
        "{stderr}"
    );
}

/// `custom` with no claim flags emits a documented starter, with its types and guard, and says
/// how to change it.
#[test]
fn bare_custom_emits_the_starter_with_types_and_guard() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args(["jwt-template", "custom", "--output", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = stdout_json(&out);
    let claims = &doc["body"]["claims"];
    assert_eq!(claims["role"], "{{user.public_metadata.role || 'member'}}");
    assert_eq!(claims["plan"], "{{user.public_metadata.plan || 'free'}}");
    assert_eq!(
        claims["permissions"],
        "{{user.public_metadata.permissions}}"
    );
    let file = |role: &str| {
        doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["role"] == role)
            .and_then(|f| f["contents"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    for claim in ["role", "plan", "permissions"] {
        assert!(file("dts").contains(claim), "{claim}: {}", file("dts"));
    }
    assert!(
        file("validator").contains("CustomTemplateToken"),
        "{}",
        file("validator")
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("starter template"));
}

/// `custom --org` claims are template claims: `lint` is silent and `decode` of a token minted
/// from the template raises no v1-session-claims deprecation (that applies to session tokens).
#[test]
fn org_claims_agree_between_emit_lint_and_decode() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args([
            "jwt-template",
            "custom",
            "--name",
            "api",
            "--org",
            "--out",
            ".",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lint = clerkctl(dir.path())
        .args(["jwt-template", "lint", "api.json", "--output", "json"])
        .output()
        .unwrap();
    assert_eq!(
        stdout_json(&lint)["warnings"],
        0,
        "{}",
        String::from_utf8_lossy(&lint.stdout)
    );
    write(
        dir.path(),
        "org.json",
        &json!({"object": "organization", "id": "org_2x", "slug": "acme", "name": "Acme"}),
    );
    write(
        dir.path(),
        "m.json",
        &json!({"object": "organization_membership", "role": "org:admin", "permissions": ["org:teams:read"]}),
    );
    let signed = clerkctl(dir.path())
        .args([
            "jwt-template",
            "preview",
            "api.json",
            "--org",
            "org.json",
            "--membership",
            "m.json",
            "--sign",
        ])
        .output()
        .unwrap();
    assert_eq!(
        signed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&signed.stderr)
    );
    let token = String::from_utf8_lossy(&signed.stdout).trim().to_string();
    let decoded = clerkctl(dir.path())
        .args(["decode", &token, "--output", "json"])
        .output()
        .unwrap();
    let doc = stdout_json(&decoded);
    assert_eq!(doc["kind"], "jwt_template");
    assert_eq!(doc["claims"]["org_id"], "org_2x");
    assert!(
        !doc["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "deprecated-claims"),
        "{doc:#}"
    );
    assert!(
        doc["explanations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["deprecated"] == false),
        "{doc:#}"
    );
}

/// `--session-claims` is the way off the deprecated Supabase template: no deprecation warning.
#[test]
fn supabase_session_claims_are_not_labelled_deprecated() {
    let dir = tempdir();
    let out = clerkctl(dir.path())
        .args(["jwt-template", "supabase", "--session-claims"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("deprecated"), "{stderr}");
}

#[test]
fn emit_out_is_safe_and_idempotent() {
    let dir = tempdir();
    let out_dir = dir.path().join("jwt");
    let run = |extra: &[&str]| {
        let mut cmd = clerkctl(dir.path());
        cmd.args(["jwt-template", "hasura", "--out"])
            .arg(&out_dir)
            .args(extra);
        cmd.output().unwrap()
    };
    let first = run(&[]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "hasura-setup.md",
            "hasura.claims.d.ts",
            "hasura.guard.ts",
            "hasura.json"
        ]
    );
    let again = run(&[]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&again.stderr)
            .matches("unchanged")
            .count(),
        4
    );
    std::fs::write(out_dir.join("hasura.json"), "{}\n").unwrap();
    // A file of yours left alone is reported and, as in `configure`, exits 1.
    let kept = run(&["--lifetime", "120"]);
    assert_eq!(kept.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&kept.stderr).contains("kept; review with `--dry-run`"));
    assert_eq!(
        std::fs::read_to_string(out_dir.join("hasura.json")).unwrap(),
        "{}\n"
    );
    let dry = run(&["--dry-run"]);
    assert_eq!(dry.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&dry.stdout).contains("+  \"name\": \"hasura\""));
    assert_eq!(
        std::fs::read_to_string(out_dir.join("hasura.json")).unwrap(),
        "{}\n"
    );
    let forced = run(&["--force"]);
    assert_eq!(forced.status.code(), Some(0));
    let body: Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("hasura.json")).unwrap())
            .unwrap();
    assert_eq!(body.get("name"), Some(&json!("hasura")));
}

/// The seed's `setup-jwt.sh default` template (landscape §7.2): every defect is reported.
#[test]
fn lint_catches_the_seed_template() {
    let dir = tempdir();
    let seed = write(
        dir.path(),
        "default.json",
        &json!({
            "name": "default",
            "claims": {
                "aud": "authenticated", "exp": "{{session.expire_at}}", "iat": "{{session.iat}}",
                "nbf": "{{session.nbf}}", "iss": "{{instance.id}}", "sid": "{{session.id}}", "sub": "{{user.id}}",
                "email": "{{user.primary_email_address}}",
                "email_verified": "{{user.primary_email_address_verified}}",
                "name": "{{user.full_name}}", "metadata": "{{user.public_metadata}}"
            }
        }),
    );
    let out = clerkctl(dir.path())
        .args(["--output", "json", "jwt-template", "lint"])
        .arg(&seed)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report = stdout_json(&out);
    let found: Vec<(String, String)> = report
        .pointer("/files/0/diagnostics")
        .and_then(Value::as_array)
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["pointer"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (code, pointer) in [
        ("reserved-claim", "/claims/exp"),
        ("reserved-claim", "/claims/iat"),
        ("reserved-claim", "/claims/nbf"),
        ("reserved-claim", "/claims/iss"),
        ("reserved-claim", "/claims/sub"),
        ("session-only-claim", "/claims/sid"),
        ("unknown-shortcode", "/claims/exp"),
        ("unknown-shortcode", "/claims/iat"),
        ("unknown-shortcode", "/claims/iss"),
        ("unknown-shortcode", "/claims/sid"),
        ("unknown-shortcode", "/claims/email_verified"),
    ] {
        assert!(
            found.iter().any(|(c, p)| c == code && p == pointer),
            "missing {code} at {pointer}: {found:?}"
        );
    }
    assert_eq!(report["errors"], json!(found.len()));
    let text = clerkctl(dir.path())
        .args(["jwt-template", "lint"])
        .arg(&seed)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&text.stdout)
            .contains("hint: did you mean `{{user.email_verified}}`?")
    );
}

#[test]
fn lint_passes_emitted_templates_and_reports_bad_files() {
    let dir = tempdir();
    let good = dir.path().join("convex.json");
    let out = clerkctl(dir.path())
        .args(["jwt-template", "convex"])
        .output()
        .unwrap();
    std::fs::write(&good, &out.stdout).unwrap();
    let ok = clerkctl(dir.path())
        .args(["jwt-template", "lint"])
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\n  \"claims\": {\"a\": 1,}\n}\n").unwrap();
    let unterminated = write(
        dir.path(),
        "open.json",
        &json!({"name": "x", "claims": {"email": "mail: {{user.primary_email_address"}}),
    );
    let not_object = write(
        dir.path(),
        "arr.json",
        &json!({"name": "x", "claims": ["a"]}),
    );
    let out = clerkctl(dir.path())
        .args(["jwt-template", "lint"])
        .args([&broken, &unterminated, &not_object])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("is not valid JSON: trailing comma at line 2, column 21"),
        "{stdout}"
    );
    assert!(
        stdout.contains("shortcode opened at column 7 never closes"),
        "{stdout}"
    );
    assert!(
        stdout.contains("`claims` must be a JSON object, found an array"),
        "{stdout}"
    );
}

#[test]
fn huge_template_is_refused_without_panic() {
    let dir = tempdir();
    let big = dir.path().join("big.json");
    let pad = "x".repeat(1024 * 1024);
    std::fs::write(
        &big,
        format!("{{\"name\":\"big\",\"claims\":{{\"pad\":\"{pad}\"}}}}"),
    )
    .unwrap();
    let lint = clerkctl(dir.path())
        .args(["jwt-template", "lint"])
        .arg(&big)
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&lint.stdout)
            .contains("a template file may be at most 262144 bytes")
    );
    let preview = clerkctl(dir.path())
        .args(["jwt-template", "preview"])
        .arg(&big)
        .output()
        .unwrap();
    assert_eq!(preview.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&preview.stderr).contains("error: `"));
}

fn user_json() -> Value {
    json!({
        "id": "user_2abc", "object": "user", "first_name": "Łukasz", "last_name": "Nowák", "username": null,
        "external_id": null, "primary_email_address_id": "idn_1", "primary_phone_number_id": null,
        "email_addresses": [{"id": "idn_1", "email_address": "l@example.com", "verification": {"status": "verified"}}],
        "phone_numbers": [], "public_metadata": {"role": "editor", "nested": {"a": null}},
        "created_at": 1_700_000_000_000_i64, "updated_at": 1_700_000_100_000_i64, "image_url": null
    })
}

#[test]
fn preview_prints_the_full_payload() {
    let dir = tempdir();
    let user = write(dir.path(), "user.json", &user_json());
    let org = write(
        dir.path(),
        "org.json",
        &json!({"id": "org_1", "slug": "acme", "name": "Acme"}),
    );
    let membership = write(
        dir.path(),
        "m.json",
        &json!({"role": "org:admin", "permissions": ["org:sys_profile:read"]}),
    );
    let template = write(
        dir.path(),
        "t.json",
        &json!({"name": "t", "lifetime": 120, "allowed_clock_skew": 10, "claims": {
            "name": "{{user.full_name}}", "greeting": "hi {{user.username}}", "role": "{{user.public_metadata.role || 'user'}}",
            "n": "{{user.public_metadata.nested.a}}", "org": {"id": "{{org.id}}", "role": "{{org.role}}", "perms": "{{org_membership.permissions}}"},
            "created": "{{user.created_at}}", "sub": "ignored"
        }}),
    );
    let out = clerkctl(dir.path())
        .args(["jwt-template", "preview"])
        .arg(&template)
        .arg("--user")
        .arg(&user)
        .arg("--org")
        .arg(&org)
        .arg("--membership")
        .arg(&membership)
        .args([
            "--at",
            "2026-11-22T10:00:00Z",
            "--issuer",
            "https://clerk.example.com",
            "--azp",
            "http://localhost:3000",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut payload = stdout_json(&out);
    let jti = payload.as_object_mut().unwrap().remove("jti").unwrap();
    assert_eq!(jti.as_str().map(str::len), Some(20));
    assert_eq!(
        payload,
        json!({
            "azp": "http://localhost:3000", "exp": 1_795_341_720_i64, "iat": 1_795_341_600_i64,
            "iss": "https://clerk.example.com", "nbf": 1_795_341_590_i64, "sub": "user_2abc",
            "name": "Łukasz Nowák", "greeting": "hi null", "role": "editor", "n": null,
            "org": {"id": "org_1", "role": "org:admin", "perms": ["org:sys_profile:read"]}, "created": 1_700_000_000
        })
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("reserved-claim"));
}

#[test]
fn preview_signs_a_verifiable_token() {
    let dir = tempdir();
    let template = write(
        dir.path(),
        "t.json",
        &json!({"aud": "svc", "email": "{{user.primary_email_address}}"}),
    );
    let out = clerkctl(dir.path())
        .args([
            "--output",
            "json",
            "jwt-template",
            "preview",
            "--sign",
            "--issuer",
            "https://i.example",
        ])
        .arg(&template)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result = stdout_json(&out);
    let token = result["token"].as_str().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let pem_start = stderr.find("-----BEGIN PUBLIC KEY-----").unwrap();
    let pem = stderr.get(pem_start..).unwrap();
    let key = jsonwebtoken::DecodingKey::from_rsa_pem(pem.as_bytes()).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.set_audience(&["svc"]);
    let decoded = jsonwebtoken::decode::<Value>(token, &key, &validation).unwrap();
    assert_eq!(decoded.claims, result["payload"]);
    assert_eq!(decoded.claims["email"], json!("ada.lovelace@example.com"));
    assert_eq!(decoded.header.kid.as_deref(), Some("ins_preview"));
}

#[test]
fn preview_reports_unterminated_shortcode_with_position() {
    let dir = tempdir();
    let template = write(
        dir.path(),
        "t.json",
        &json!({"claims": {"ns": {"x": "a {{ user.id || 'b' "}}, "name": "t"}),
    );
    let out = clerkctl(dir.path())
        .args(["jwt-template", "preview"])
        .arg(&template)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("claim `/ns/x`: shortcode opened at column 3 never closes"),
        "{stderr}"
    );
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"claims\": ").unwrap();
    let out = clerkctl(dir.path())
        .args(["jwt-template", "preview"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1, column 11"));
}

#[test]
fn generated_typescript_type_checks_against_clerk_sdks() {
    let Some(project) = crate::common::npm_project("jwt-template-types", "node_modules/typescript")
    else {
        return;
    };
    let generated = project.join("generated");
    let _ = std::fs::remove_dir_all(&generated);
    let mut program = String::from("import { verifyToken } from \"@clerk/backend\";\n");
    let mut body = String::new();
    let mut kinds: Vec<&str> = KINDS.to_vec();
    kinds.push("custom");
    for kind in &kinds {
        let out_dir = generated.join(kind);
        let mut cmd = clerkctl(&project);
        cmd.args(["jwt-template", kind, "--out"]).arg(&out_dir);
        if *kind == "custom" {
            cmd.args([
                "--org",
                "--from-metadata",
                "plan",
                "--claim",
                "aud=svc",
                "--claim",
                "n=3",
                "--claim",
                "x={{user.username || user.email_verified || 'anon'}}",
            ]);
        }
        let out = cmd.output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let ty: String = kind[..1].to_uppercase() + &kind[1..] + "TemplateToken";
        program.push_str(&format!(
            "import {{ assert{ty}, is{ty} }} from \"./{kind}/{kind}.guard\";\nimport type {{ {ty} }} from \"./{kind}/{kind}.claims\";\n"
        ));
        body.push_str(&format!(
            "  const {kind}Payload: unknown = await verifyToken(token, {{ secretKey: \"sk_test_x\" }});\n  if (is{ty}({kind}Payload)) {{ const s: string = {kind}Payload.sub; void s; }}\n  const {kind}Token: {ty} = assert{ty}({kind}Payload);\n  void {kind}Token.exp;\n"
        ));
    }
    program.push_str(&format!(
        "\nexport async function check(token: string): Promise<void> {{\n{body}}}\n"
    ));
    std::fs::write(generated.join("check.ts"), program).unwrap();

    // The session-token customization merges into `CustomJwtSessionClaims` as @clerk/nextjs sees it.
    let session_dir = generated.join("session");
    let out = clerkctl(&project)
        .args(["jwt-template", "supabase", "--session-claims", "--out"])
        .arg(&session_dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(
        session_dir.join("use.ts"),
        "import { auth } from \"@clerk/nextjs/server\";\n\nexport async function role(): Promise<\"authenticated\" | undefined> {\n  const { sessionClaims } = await auth();\n  return sessionClaims?.role;\n}\n",
    )
    .unwrap();

    // `skipLibCheck` (needed for the SDKs' own declarations) also skips ours: check a `.ts` twin.
    let twins = generated.join("declarations");
    std::fs::create_dir_all(&twins).unwrap();
    for kind in &kinds {
        let dts = std::fs::read_to_string(generated.join(kind).join(format!("{kind}.claims.d.ts")))
            .unwrap();
        std::fs::write(twins.join(format!("{kind}.ts")), dts).unwrap();
    }
    let session_dts =
        std::fs::read_to_string(session_dir.join("clerk-session-claims.d.ts")).unwrap();
    std::fs::write(twins.join("session.ts"), session_dts).unwrap();

    let tsc = std::process::Command::new("node")
        .args(["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"])
        .current_dir(&project)
        .output()
        .unwrap();
    assert!(
        tsc.status.success(),
        "tsc failed:\n{}{}",
        String::from_utf8_lossy(&tsc.stdout),
        String::from_utf8_lossy(&tsc.stderr)
    );
}
