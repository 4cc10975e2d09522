//! The emulator over real HTTP on 127.0.0.1:0: every route, the spec's schemas, Clerk's error
//! envelope for bad input, clock, key rotation, faults, misbehaviours and persistence.

use base64::Engine as _;
use clerkctl::emulator::{Emulator, EmulatorConfig, EmulatorHandle};
use reqwest::Method;
use serde_json::{Value, json};

use crate::emulator_spec::assert_matches;

struct Emu {
    h: EmulatorHandle,
    c: reqwest::Client,
}

struct Reply {
    status: u16,
    body: Value,
    content_type: Option<String>,
    headers: reqwest::header::HeaderMap,
}

async fn start_with(config: EmulatorConfig) -> Emu {
    let h = Emulator::start(config).await.expect("emulator starts");
    Emu {
        h,
        c: reqwest::Client::new(),
    }
}

async fn start() -> Emu {
    start_with(EmulatorConfig::default()).await
}

impl Emu {
    async fn raw(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        auth: Option<&str>,
    ) -> Reply {
        let mut req = self.c.request(method, format!("{}{path}", self.h.url()));
        if let Some(a) = auth {
            req = req.header("Authorization", a);
        }
        req = req.header("Clerk-API-Version", "2026-05-12");
        if let Some(b) = body {
            req = req.header("Content-Type", "application/json").body(b);
        }
        let res = req.send().await.expect("request sent");
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let bytes = res.bytes().await.expect("body read");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Reply {
            status,
            body,
            content_type,
            headers,
        }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let auth = format!("Bearer {}", self.h.secret_key().expose());
        self.raw(
            method,
            path,
            body.map(|b| b.to_string().into_bytes()),
            Some(&auth),
        )
        .await
    }

    async fn ok(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let r = self.call(method.clone(), path, body).await;
        assert_eq!(r.status, 200, "{method} {path}: {}", r.body);
        assert_eq!(r.content_type.as_deref(), Some("application/json"));
        r.body
    }

    async fn user(&self, email: &str) -> Value {
        self.ok(
            Method::POST,
            "/v1/users",
            Some(json!({"email_address": [email], "first_name": "Ada"})),
        )
        .await
    }

    async fn session(&self, user_id: &str) -> Value {
        self.ok(
            Method::POST,
            "/v1/sessions",
            Some(json!({"user_id": user_id})),
        )
        .await
    }

    async fn token(&self, sid: &str) -> String {
        let t = self
            .ok(Method::POST, &format!("/v1/sessions/{sid}/tokens"), None)
            .await;
        t["jwt"].as_str().expect("jwt").to_string()
    }

    async fn faults(&self, f: Value) {
        self.ok(Method::PUT, "/__clerkctl/faults", Some(f)).await;
    }
}

fn b64(part: &str) -> Value {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("json")
}

fn parts(jwt: &str) -> (Value, Value) {
    let mut it = jwt.split('.');
    let h = b64(it.next().expect("header"));
    let c = b64(it.next().expect("claims"));
    (h, c)
}

/// Verify with an independent implementation against the served JWKS.
fn verifies(jwt: &str, jwks: &Value) -> bool {
    let (h, _) = parts(jwt);
    let Some(jwk) = jwks["keys"]
        .as_array()
        .and_then(|ks| ks.iter().find(|k| k["kid"] == h["kid"]))
    else {
        return false;
    };
    let key = jsonwebtoken::DecodingKey::from_rsa_components(
        jwk["n"].as_str().unwrap_or_default(),
        jwk["e"].as_str().unwrap_or_default(),
    )
    .expect("rsa key");
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    v.validate_aud = false;
    v.validate_exp = false;
    v.validate_nbf = false;
    jsonwebtoken::decode::<Value>(jwt, &key, &v).is_ok()
}

#[tokio::test]
async fn users_routes_match_the_spec() {
    let e = start().await;
    let u = e.user("ada@example.com").await;
    assert_matches("/users", "post", "200", &u);
    assert!(u["id"].as_str().unwrap().starts_with("user_"));
    assert_eq!(
        u["email_addresses"][0]["verification"]["status"],
        "verified"
    );
    assert_eq!(u["primary_email_address_id"], u["email_addresses"][0]["id"]);
    assert!(
        u["created_at"].as_i64().unwrap() > 1_600_000_000_000,
        "ms timestamps"
    );
    let id = u["id"].as_str().unwrap();
    let got = e.ok(Method::GET, &format!("/v1/users/{id}"), None).await;
    assert_matches("/users/{user_id}", "get", "200", &got);
    e.user("bob@example.com").await;
    let list = e.ok(Method::GET, "/v1/users", None).await;
    assert_matches("/users", "get", "200", &list);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(
        list[0]["email_addresses"][0]["email_address"], "bob@example.com",
        "newest first"
    );
    let filtered = e
        .ok(Method::GET, "/v1/users?email_address=ADA@example.com", None)
        .await;
    assert_eq!(filtered.as_array().unwrap().len(), 1);
    let by_id = e
        .ok(
            Method::GET,
            &format!("/v1/users?user_id={id}&limit=1"),
            None,
        )
        .await;
    assert_eq!(by_id[0]["id"], id);
    let count = e
        .ok(
            Method::GET,
            "/v1/users/count?email_address=bob@example.com",
            None,
        )
        .await;
    assert_matches("/users/count", "get", "200", &count);
    assert_eq!(count["total_count"], 1);
    let paged = e.ok(Method::GET, "/v1/users?limit=1&offset=1", None).await;
    assert_eq!(paged[0]["id"], id);
    let dup = e
        .call(
            Method::POST,
            "/v1/users",
            Some(json!({"email_address": ["ada@example.com"]})),
        )
        .await;
    assert_eq!(dup.status, 422);
    assert_eq!(dup.body["errors"][0]["code"], "form_identifier_exists");
    let del = e.ok(Method::DELETE, &format!("/v1/users/{id}"), None).await;
    assert_matches("/users/{user_id}", "delete", "200", &del);
    assert_eq!(del, json!({"object": "user", "id": id, "deleted": true}));
    let gone = e.call(Method::GET, &format!("/v1/users/{id}"), None).await;
    assert_eq!(gone.status, 404);
    assert_eq!(gone.body["errors"][0]["code"], "resource_not_found");
}

#[tokio::test]
async fn metadata_patch_merges_and_put_replaces() {
    let e = start().await;
    let u = e
        .ok(
            Method::POST,
            "/v1/users",
            Some(json!({"public_metadata": {"a": {"b": 1, "c": 2}, "keep": true}, "private_metadata": {"p": 1}})),
        )
        .await;
    let id = u["id"].as_str().unwrap();
    let path = format!("/v1/users/{id}/metadata");
    let patched = e
        .ok(
            Method::PATCH,
            &path,
            Some(json!({"public_metadata": {"a": {"b": null, "d": 3}}})),
        )
        .await;
    assert_matches("/users/{user_id}/metadata", "patch", "200", &patched);
    assert_eq!(
        patched["public_metadata"],
        json!({"a": {"c": 2, "d": 3}, "keep": true})
    );
    assert_eq!(patched["private_metadata"], json!({"p": 1}));
    let put = e
        .ok(
            Method::PUT,
            &path,
            Some(json!({"public_metadata": {"x": {"y": 1}}})),
        )
        .await;
    assert_matches("/users/{user_id}/metadata", "put", "200", &put);
    assert_eq!(put["public_metadata"], json!({"x": {"y": 1}}));
    assert_eq!(
        put["private_metadata"],
        json!({"p": 1}),
        "omitted fields untouched"
    );
    let cleared = e
        .ok(Method::PUT, &path, Some(json!({"private_metadata": {}})))
        .await;
    assert_eq!(cleared["private_metadata"], json!({}));
    let wrong = e
        .call(Method::PATCH, &path, Some(json!({"public_metadata": [1]})))
        .await;
    assert_eq!(wrong.status, 422);
    let big = "x".repeat(9000);
    let too_big = e
        .call(
            Method::PATCH,
            &path,
            Some(json!({"public_metadata": {"big": big}})),
        )
        .await;
    assert_eq!(too_big.status, 422);
}

#[tokio::test]
async fn sessions_and_tokens() {
    let e = start_with(EmulatorConfig {
        authorized_party: Some("http://localhost:3000".into()),
        ..EmulatorConfig::default()
    })
    .await;
    let u = e.user("s@example.com").await;
    let uid = u["id"].as_str().unwrap();
    let s = e.session(uid).await;
    assert_matches("/sessions", "post", "200", &s);
    let sid = s["id"].as_str().unwrap();
    assert!(sid.starts_with("sess_"));
    assert_eq!(s["status"], "active");
    assert_eq!(
        s["expire_at"].as_i64().unwrap() - s["created_at"].as_i64().unwrap(),
        7 * 24 * 3600 * 1000
    );
    let got = e
        .ok(Method::GET, &format!("/v1/sessions/{sid}"), None)
        .await;
    assert_matches("/sessions/{session_id}", "get", "200", &got);
    let list = e
        .ok(Method::GET, &format!("/v1/sessions?user_id={uid}"), None)
        .await;
    assert_matches("/sessions", "get", "200", &list);
    let paged = e
        .ok(
            Method::GET,
            &format!("/v1/sessions?user_id={uid}&paginated=true&status=active"),
            None,
        )
        .await;
    assert_eq!(paged["total_count"], 1);
    assert_eq!(paged["data"][0]["id"], sid);
    let missing = e.call(Method::GET, "/v1/sessions", None).await;
    assert_eq!(missing.status, 422);

    let t = e
        .ok(Method::POST, &format!("/v1/sessions/{sid}/tokens"), None)
        .await;
    assert_eq!(t["object"], "token");
    let jwt = t["jwt"].as_str().unwrap();
    let (h, c) = parts(jwt);
    let health = e.ok(Method::GET, "/__clerkctl/health", None).await;
    assert_eq!(h["alg"], "RS256");
    assert_eq!(h["typ"], "JWT");
    assert_eq!(h["cat"], "cl_B7d4PD111AAA");
    assert_eq!(h["kid"], health["instance_id"]);
    assert_eq!(c["iss"], e.h.frontend_api_url());
    assert_eq!(c["sub"], uid);
    assert_eq!(c["sid"], sid);
    assert_eq!(c["v"], 2);
    assert_eq!(c["fva"], json!([0, -1]));
    assert_eq!(c["azp"], "http://localhost:3000");
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 60);
    assert!(c["nbf"].as_i64().unwrap() <= c["iat"].as_i64().unwrap());
    assert!(c["jti"].is_string());
    assert!(c.get("o").is_none());
    let jwks = e.ok(Method::GET, "/v1/jwks", None).await;
    assert_matches("/jwks", "get", "200", &jwks);
    assert!(verifies(jwt, &jwks));
    let public =
        e.c.get(format!("{}/.well-known/jwks.json", e.h.url()))
            .send()
            .await
            .unwrap();
    assert_eq!(public.status(), 200);
    let public: Value = public.json().await.unwrap();
    assert_eq!(public, jwks);

    let longer = e
        .ok(
            Method::POST,
            &format!("/v1/sessions/{sid}/tokens"),
            Some(json!({"expires_in_seconds": 600})),
        )
        .await;
    let (_, c) = parts(longer["jwt"].as_str().unwrap());
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 600);
    let short = e
        .call(
            Method::POST,
            &format!("/v1/sessions/{sid}/tokens"),
            Some(json!({"expires_in_seconds": 10})),
        )
        .await;
    assert_eq!(short.status, 422);

    let revoked = e
        .ok(Method::POST, &format!("/v1/sessions/{sid}/revoke"), None)
        .await;
    assert_matches("/sessions/{session_id}/revoke", "post", "200", &revoked);
    assert_eq!(revoked["status"], "revoked");
    let denied = e
        .call(Method::POST, &format!("/v1/sessions/{sid}/tokens"), None)
        .await;
    // The spec lists 401/404 for this route; a real mint on an unusable session answered 404.
    assert_eq!(denied.status, 404);
    assert_matches("/sessions/{session_id}/tokens", "post", "404", &denied.body);
    assert_eq!(denied.body["errors"][0]["code"], "resource_not_found");
    let nope = e
        .call(Method::POST, "/v1/sessions/sess_nope/tokens", None)
        .await;
    assert_eq!(nope.status, 404);
}

/// A new development instance: each `POST /v1/sessions` gets its own client, so the mode never
/// ends a session created through the Backend API (`client_id` filters find each one), and
/// tokens carry no `azp`.
#[tokio::test]
async fn single_and_multi_session_modes() {
    let e = start().await;
    let uid = e.user("m@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let a = e.session(&uid).await;
    let b = e.session(&uid).await;
    assert_ne!(a["client_id"], b["client_id"]);
    e.ok(
        Method::PUT,
        "/__clerkctl/session_settings",
        Some(json!({"mode": "multi"})),
    )
    .await;
    let c = e.session(&uid).await;
    assert_eq!(c["status"], "active");
    for s in [&a, &b] {
        let now = e
            .ok(
                Method::GET,
                &format!("/v1/sessions/{}", s["id"].as_str().unwrap()),
                None,
            )
            .await;
        assert_eq!(now["status"], "active");
    }
    let by_client = e
        .ok(
            Method::GET,
            &format!(
                "/v1/sessions?client_id={}&paginated=true",
                a["client_id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(by_client["total_count"], 1);
    assert_eq!(by_client["data"][0]["id"], a["id"]);
    let (_, claims) = parts(&e.token(a["id"].as_str().unwrap()).await);
    assert!(claims.get("azp").is_none(), "{claims}");
}

#[tokio::test]
async fn auth_and_bad_input_get_the_envelope() {
    let e = start().await;
    let none = e.raw(Method::GET, "/v1/users", None, None).await;
    assert_eq!(none.status, 401);
    assert_eq!(none.body["errors"][0]["code"], "authentication_invalid");
    assert_eq!(none.content_type.as_deref(), Some("application/json"));
    let wrong = e
        .raw(Method::GET, "/v1/users", None, Some("Bearer sk_test_wrong"))
        .await;
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.body["errors"][0]["code"], "clerk_key_invalid");
    let control = e.raw(Method::GET, "/__clerkctl/health", None, None).await;
    assert_eq!(control.status, 401);
    for r in [&none, &wrong] {
        let err = &r.body["errors"][0];
        assert!(err["message"].is_string() && err["long_message"].is_string());
        assert!(r.body["clerk_trace_id"].is_string());
    }
    let auth = format!("Bearer {}", e.h.secret_key().expose());
    let malformed = e
        .raw(
            Method::POST,
            "/v1/users",
            Some(b"{not json".to_vec()),
            Some(&auth),
        )
        .await;
    assert_eq!(malformed.status, 400);
    assert!(malformed.body["errors"][0]["code"].is_string());
    let types = e
        .call(Method::POST, "/v1/users", Some(json!({"first_name": 7})))
        .await;
    assert_eq!(types.status, 422);
    assert_eq!(types.body["errors"][0]["code"], "form_param_format_invalid");
    assert_eq!(types.body["errors"][0]["meta"]["param_name"], "first_name");
    let unknown = e
        .call(Method::POST, "/v1/users", Some(json!({"nope": 1})))
        .await;
    assert_eq!(unknown.status, 422);
    let array = e.call(Method::POST, "/v1/users", Some(json!([1, 2]))).await;
    assert_eq!(array.status, 400);
    let huge = vec![b' '; 2 * 1024 * 1024];
    let mut body = b"{\"first_name\":\"".to_vec();
    body.extend(huge.iter().map(|_| b'a'));
    body.extend(b"\"}");
    let big = e
        .raw(Method::POST, "/v1/users", Some(body), Some(&auth))
        .await;
    assert_eq!(big.status, 413);
    assert_eq!(big.body["errors"][0]["code"], "request_body_too_large");
    let many: Vec<String> = (0..10_000).map(|i| format!("u{i}@example.com")).collect();
    let arr = e
        .call(
            Method::POST,
            "/v1/users",
            Some(json!({"email_address": many})),
        )
        .await;
    assert_eq!(arr.status, 422);
    let nested = "[".repeat(5000) + &"]".repeat(5000);
    let deep = e
        .raw(
            Method::POST,
            "/v1/users",
            Some(nested.into_bytes()),
            Some(&auth),
        )
        .await;
    assert_eq!(deep.status, 400);
    let many_ids: String = (0..2000).map(|i| format!("user_id=user_{i}&")).collect();
    let q = e
        .ok(Method::GET, &format!("/v1/users?{many_ids}"), None)
        .await;
    assert_eq!(q, json!([]));
    let route = e.call(Method::GET, "/v1/does_not_exist", None).await;
    assert_eq!(route.status, 404);
    assert_eq!(route.body["errors"][0]["code"], "resource_not_found");
    assert_eq!(route.content_type.as_deref(), Some("application/json"));
    let method = e.call(Method::PUT, "/v1/users", None).await;
    assert_eq!(method.status, 405);
    assert!(method.body["errors"][0]["code"].is_string());
    let limit = e.call(Method::GET, "/v1/users?limit=0", None).await;
    assert_eq!(limit.status, 422);
    for path in [
        "/v1/users/user_x",
        "/v1/sessions/sess_x",
        "/v1/jwt_templates/jtmp_x",
    ] {
        assert_eq!(e.call(Method::GET, path, None).await.status, 404, "{path}");
    }
    // Organizations are off on a new instance: the feature answers before the lookup.
    assert_eq!(
        e.call(Method::GET, "/v1/organizations/org_x", None)
            .await
            .status,
        403
    );
    // Still serving after all of that.
    e.ok(Method::GET, "/v1/users", None).await;
}

#[tokio::test]
async fn jwt_templates_crud_and_validation() {
    let e = start().await;
    let t = e
        .ok(
            Method::POST,
            "/v1/jwt_templates",
            Some(json!({"name": "hasura", "claims": {"role": "{{user.public_metadata.role}}"}})),
        )
        .await;
    assert_matches("/jwt_templates", "post", "200", &t);
    assert_eq!(t["lifetime"], 60);
    assert_eq!(t["allowed_clock_skew"], 5);
    assert_eq!(t["signing_algorithm"], "RS256");
    let id = t["id"].as_str().unwrap();
    let got = e
        .ok(Method::GET, &format!("/v1/jwt_templates/{id}"), None)
        .await;
    assert_matches("/jwt_templates/{template_id}", "get", "200", &got);
    let list = e
        .ok(Method::GET, "/v1/jwt_templates?paginated=true", None)
        .await;
    assert_eq!(list["total_count"], 1);
    let bare = e.ok(Method::GET, "/v1/jwt_templates", None).await;
    assert_matches("/jwt_templates", "get", "200", &bare);
    let updated = e
        .ok(
            Method::PATCH,
            &format!("/v1/jwt_templates/{id}"),
            Some(json!({"name": "hasura", "claims": {"a": 1}, "lifetime": 300})),
        )
        .await;
    assert_matches("/jwt_templates/{template_id}", "patch", "200", &updated);
    assert_eq!(updated["lifetime"], 300);
    for (body, code) in [
        (
            json!({"name": "hasura", "claims": {}}),
            "form_identifier_exists",
        ),
        (
            json!({"name": "x", "claims": {"sub": "a"}}),
            "jwt_template_reserved_claim",
        ),
        (
            json!({"name": "x", "claims": {}, "lifetime": 29}),
            "form_param_value_invalid",
        ),
        (
            json!({"name": "x", "claims": {}, "lifetime": 315_360_001}),
            "form_param_value_invalid",
        ),
        (
            json!({"name": "x", "claims": {}, "allowed_clock_skew": 301}),
            "form_param_value_invalid",
        ),
        (json!({"name": "x"}), "form_param_missing"),
        (json!({"claims": {}}), "form_param_missing"),
        (
            json!({"name": "x", "claims": {}, "custom_signing_key": true}),
            "form_param_missing",
        ),
    ] {
        let r = e
            .call(Method::POST, "/v1/jwt_templates", Some(body.clone()))
            .await;
        assert_eq!(r.status, 422, "{body}");
        assert_eq!(r.body["errors"][0]["code"], code, "{body}");
    }
    let ok_edge = e
        .call(
            Method::POST,
            "/v1/jwt_templates",
            Some(json!({"name": "edge", "claims": {}, "lifetime": 30, "allowed_clock_skew": 0})),
        )
        .await;
    assert_eq!(ok_edge.status, 200);
    let del = e
        .ok(Method::DELETE, &format!("/v1/jwt_templates/{id}"), None)
        .await;
    assert_matches("/jwt_templates/{template_id}", "delete", "200", &del);
    assert_eq!(del["deleted"], true);
    assert_eq!(
        e.call(Method::GET, &format!("/v1/jwt_templates/{id}"), None)
            .await
            .status,
        404
    );
}

/// `replication_lag`: what was just created answers 404 to its first read only.
#[tokio::test]
async fn replication_lag_hides_a_new_resource_from_its_first_read() {
    let e = start().await;
    e.faults(json!({"misbehave": ["replication_lag"]})).await;
    let uid = e.user("lag@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let first = e
        .call(Method::POST, "/v1/sessions", Some(json!({"user_id": uid})))
        .await;
    assert_eq!(first.status, 404, "{}", first.body);
    assert_eq!(first.body["errors"][0]["code"], "resource_not_found");
    assert_eq!(
        first.body["errors"][0]["long_message"],
        format!("No user was found with id {uid}")
    );
    let sid = e.session(&uid).await["id"].as_str().unwrap().to_string();
    let read = e
        .call(Method::GET, &format!("/v1/sessions/{sid}"), None)
        .await;
    assert_eq!(read.status, 404);
    e.ok(Method::GET, &format!("/v1/sessions/{sid}"), None)
        .await;
    e.token(&sid).await;
}

#[tokio::test]
async fn organizations_and_org_tokens() {
    let e = start().await;
    let uid = e.user("o@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let other = e.user("p@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    // A new instance: Organizations off, every organization route answers Clerk's 403.
    let settings = e
        .ok(Method::GET, "/v1/instance/organization_settings", None)
        .await;
    assert_matches("/instance/organization_settings", "get", "200", &settings);
    assert_eq!(settings["enabled"], false);
    assert_eq!(settings["slug_disabled"], true);
    for (method, path) in [
        (Method::POST, "/v1/organizations".to_string()),
        (Method::GET, "/v1/organizations/org_x".to_string()),
        (
            Method::GET,
            "/v1/organizations/org_x/memberships".to_string(),
        ),
        (
            Method::DELETE,
            "/v1/organizations/org_x/memberships/user_x".to_string(),
        ),
        (
            Method::GET,
            format!("/v1/users/{uid}/organization_memberships"),
        ),
    ] {
        let r = e
            .call(method.clone(), &path, Some(json!({"name": "Acme Inc"})))
            .await;
        assert_eq!(r.status, 403, "{method} {path}: {}", r.body);
        assert_matches("/organizations", "post", "403", &r.body);
        assert_eq!(
            r.body["errors"][0]["code"],
            "organization_not_enabled_in_instance"
        );
        assert_eq!(r.body["errors"][0]["message"], "access denied");
        assert_eq!(
            r.body["errors"][0]["long_message"],
            "The organizations feature is not enabled for this instance. You can enable it at https://dashboard.clerk.com."
        );
    }
    // Switched on as the Dashboard would, through the Backend API; slugs too.
    let patched = e
        .ok(
            Method::PATCH,
            "/v1/instance/organization_settings",
            Some(json!({"enabled": true, "slug_disabled": null})),
        )
        .await;
    assert_matches("/instance/organization_settings", "patch", "200", &patched);
    assert_eq!(patched["enabled"], true);
    // Slugs still off: a `slug` is refused, and the organization gets one from its name.
    let refused = e
        .call(
            Method::POST,
            "/v1/organizations",
            Some(json!({"name": "Slugged", "slug": "slugged"})),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.body["errors"][0]["meta"]["param_name"], "slug");
    let bad = e
        .call(
            Method::PATCH,
            "/v1/instance/organization_settings",
            Some(json!({"enabled": "yes"})),
        )
        .await;
    assert_eq!(bad.status, 422);
    let org = e
        .ok(
            Method::POST,
            "/v1/organizations",
            Some(json!({"name": "Acme Inc", "created_by": uid})),
        )
        .await;
    assert_matches("/organizations", "post", "200", &org);
    assert_eq!(org["slug"], "acme-inc");
    assert_eq!(org["members_count"], 1);
    let oid = org["id"].as_str().unwrap().to_string();
    let by_slug = e.ok(Method::GET, "/v1/organizations/acme-inc", None).await;
    assert_matches("/organizations/{organization_id}", "get", "200", &by_slug);
    assert_eq!(by_slug["id"], oid.as_str());
    let m = e
        .ok(
            Method::POST,
            &format!("/v1/organizations/{oid}/memberships"),
            Some(json!({"user_id": other, "role": "org:member"})),
        )
        .await;
    assert_matches(
        "/organizations/{organization_id}/memberships",
        "post",
        "200",
        &m,
    );
    let list = e
        .ok(
            Method::GET,
            &format!("/v1/organizations/{oid}/memberships"),
            None,
        )
        .await;
    assert_matches(
        "/organizations/{organization_id}/memberships",
        "get",
        "200",
        &list,
    );
    assert_eq!(list["total_count"], 2);
    let bad_role = e
        .call(
            Method::PATCH,
            &format!("/v1/organizations/{oid}/memberships/{other}"),
            Some(json!({"role": "org:owner"})),
        )
        .await;
    assert_eq!(bad_role.status, 422);
    let upd = e
        .ok(
            Method::PATCH,
            &format!("/v1/organizations/{oid}/memberships/{other}"),
            Some(json!({"role": "org:admin"})),
        )
        .await;
    assert_matches(
        "/organizations/{organization_id}/memberships/{user_id}",
        "patch",
        "200",
        &upd,
    );
    assert_eq!(upd["role"], "org:admin");
    e.ok(
        Method::PUT,
        "/__clerkctl/roles",
        Some(json!({
            "org:admin": ["org:sys_memberships:manage", "org:dashboard:manage", "org:dashboard:read", "org:teams:read"],
            "org:member": ["org:sys_memberships:read"]
        })),
    )
    .await;
    let s = e
        .ok(
            Method::POST,
            "/v1/sessions",
            Some(json!({"user_id": uid, "active_organization_id": oid})),
        )
        .await;
    assert_eq!(s["last_active_organization_id"], oid.as_str());
    let (_, c) = parts(&e.token(s["id"].as_str().unwrap()).await);
    assert_eq!(c["o"]["id"], oid.as_str());
    assert_eq!(c["o"]["slg"], "acme-inc");
    assert_eq!(c["o"]["rol"], "admin");
    assert_eq!(c["o"]["per"], "manage,read");
    assert_eq!(c["o"]["fpm"], "3,2");
    assert_eq!(c["fea"], "o:dashboard,o:teams");
    let outsider = e.user("q@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let refused = e
        .call(
            Method::POST,
            "/v1/sessions",
            Some(json!({"user_id": outsider, "active_organization_id": oid})),
        )
        .await;
    assert_eq!(refused.status, 422);
    let removed = e
        .ok(
            Method::DELETE,
            &format!("/v1/organizations/{oid}/memberships/{other}"),
            None,
        )
        .await;
    assert_matches(
        "/organizations/{organization_id}/memberships/{user_id}",
        "delete",
        "200",
        &removed,
    );
    let del = e
        .ok(Method::DELETE, &format!("/v1/organizations/{oid}"), None)
        .await;
    assert_matches("/organizations/{organization_id}", "delete", "200", &del);
    let (_, c) = parts(&e.token(s["id"].as_str().unwrap()).await);
    assert!(c.get("o").is_none(), "deleted org leaves the token");
}

#[tokio::test]
async fn instance_and_testing_tokens() {
    let e = start().await;
    let i = e.ok(Method::GET, "/v1/instance", None).await;
    assert_matches("/instance", "get", "200", &i);
    let r = e
        .call(
            Method::PATCH,
            "/v1/instance",
            Some(json!({"allowed_origins": ["http://localhost:3000"], "test_mode": true})),
        )
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(r.body, Value::Null);
    let i = e.ok(Method::GET, "/v1/instance", None).await;
    assert_eq!(i["allowed_origins"], json!(["http://localhost:3000"]));
    let t = e.ok(Method::POST, "/v1/testing_tokens", None).await;
    assert_matches("/testing_tokens", "post", "200", &t);
    let bad = e
        .call(
            Method::PATCH,
            "/v1/instance",
            Some(json!({"session_lifetime": 5})),
        )
        .await;
    assert_eq!(bad.status, 422);
}

#[tokio::test]
async fn clock_drives_tokens_and_session_expiry() {
    let e = start_with(EmulatorConfig {
        session: clerkctl::project::SessionConfig {
            inactivity_timeout_seconds: 600,
            max_lifetime_seconds: 3600,
            ..Default::default()
        },
        ..EmulatorConfig::default()
    })
    .await;
    let uid = e.user("c@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let s = e.session(&uid).await;
    let sid = s["id"].as_str().unwrap().to_string();
    assert_eq!(
        s["abandon_at"].as_i64().unwrap() - s["created_at"].as_i64().unwrap(),
        600_000
    );
    let before = e.ok(Method::GET, "/__clerkctl/clock", None).await;
    let adv = e
        .ok(
            Method::POST,
            "/__clerkctl/clock",
            Some(json!({"advance_seconds": 300})),
        )
        .await;
    assert!(adv["now_ms"].as_i64().unwrap() - before["now_ms"].as_i64().unwrap() >= 300_000);
    assert_eq!(adv["offset_ms"], 300_000);
    let (_, c) = parts(&e.token(&sid).await);
    let now_s = adv["now_ms"].as_i64().unwrap() / 1000;
    assert!(
        (c["iat"].as_i64().unwrap() - now_s).abs() <= 2,
        "iat follows the clock"
    );
    assert_eq!(c["fva"], json!([5, -1]));
    // Minting was activity: 500 s later it is still active, 601 s after the mint it is abandoned.
    e.ok(
        Method::POST,
        "/__clerkctl/clock",
        Some(json!({"advance_seconds": 500})),
    )
    .await;
    assert_eq!(
        e.ok(Method::GET, &format!("/v1/sessions/{sid}"), None)
            .await["status"],
        "active"
    );
    e.ok(
        Method::POST,
        "/__clerkctl/clock",
        Some(json!({"advance_seconds": 101})),
    )
    .await;
    assert_eq!(
        e.ok(Method::GET, &format!("/v1/sessions/{sid}"), None)
            .await["status"],
        "abandoned"
    );
    let s2 = e.session(&uid).await["id"].as_str().unwrap().to_string();
    e.ok(
        Method::PUT,
        "/__clerkctl/session_settings",
        Some(json!({"inactivity_timeout_seconds": 0})),
    )
    .await;
    e.ok(
        Method::POST,
        "/__clerkctl/clock",
        Some(json!({"advance_seconds": 3601})),
    )
    .await;
    assert_eq!(
        e.ok(Method::GET, &format!("/v1/sessions/{s2}"), None).await["status"],
        "expired"
    );
    let set = e
        .ok(
            Method::POST,
            "/__clerkctl/clock",
            Some(json!({"set_ms": 1_700_000_000_000i64})),
        )
        .await;
    assert!((set["now_ms"].as_i64().unwrap() - 1_700_000_000_000).abs() < 2000);
    let reset = e
        .ok(
            Method::POST,
            "/__clerkctl/clock",
            Some(json!({"reset": true})),
        )
        .await;
    assert_eq!(reset["offset_ms"], 0);
    let bad = e
        .call(Method::POST, "/__clerkctl/clock", Some(json!({})))
        .await;
    assert_eq!(bad.status, 422);
    let settings = e
        .ok(Method::GET, "/__clerkctl/session_settings", None)
        .await;
    assert_eq!(settings["max_lifetime_seconds"], 3600);
    assert_eq!(settings["mode"], "single");
    assert_eq!(settings["authorized_party"], Value::Null);
}

#[tokio::test]
async fn key_rotation_keeps_the_old_key_for_the_grace_period() {
    let e = start().await;
    let uid = e.user("r@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let sid = e.session(&uid).await["id"].as_str().unwrap().to_string();
    let old = e.token(&sid).await;
    let rot = e
        .ok(
            Method::POST,
            "/__clerkctl/keys/rotate",
            Some(json!({"grace_seconds": 60})),
        )
        .await;
    let (h_old, _) = parts(&old);
    assert_eq!(rot["previous_kid"], h_old["kid"]);
    assert_ne!(rot["kid"], rot["previous_kid"]);
    let new = e.token(&sid).await;
    let (h_new, _) = parts(&new);
    assert_eq!(h_new["kid"], rot["kid"]);
    let jwks = e.ok(Method::GET, "/v1/jwks", None).await;
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
    assert!(verifies(&old, &jwks) && verifies(&new, &jwks));
    e.ok(
        Method::POST,
        "/__clerkctl/clock",
        Some(json!({"advance_seconds": 61})),
    )
    .await;
    let jwks = e.ok(Method::GET, "/v1/jwks", None).await;
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 1);
    assert!(!verifies(&old, &jwks) && verifies(&new, &jwks));
}

#[tokio::test]
async fn faults_apply_to_v1_only() {
    let e = start().await;
    e.faults(json!({"rate_limit": {"rate": 1.0, "retry_after_seconds": 7}}))
        .await;
    let r = e.call(Method::GET, "/v1/users", None).await;
    assert_eq!(r.status, 429);
    assert_eq!(
        r.headers.get("retry-after").and_then(|v| v.to_str().ok()),
        Some("7")
    );
    assert_eq!(r.body["errors"][0]["code"], "too_many_requests");
    let public =
        e.c.get(format!("{}/.well-known/jwks.json", e.h.url()))
            .send()
            .await
            .unwrap();
    assert_eq!(public.status(), 200);
    let f = e.ok(Method::GET, "/__clerkctl/faults", None).await;
    assert_eq!(f["rate_limit"]["rate"], 1.0);
    e.faults(json!({"server_error": {"rate": 1.0}})).await;
    assert_eq!(e.call(Method::GET, "/v1/users", None).await.status, 500);
    e.faults(json!({"drop_connection": {"rate": 1.0}})).await;
    let dropped =
        e.c.get(format!("{}/v1/users", e.h.url()))
            .bearer_auth(e.h.secret_key().expose())
            .send()
            .await;
    assert!(
        dropped.is_err(),
        "a dropped connection is a connection error, not a response: {dropped:?}"
    );
    // On the wire: not one byte of a response (no status line, no headers) before the close.
    let addr = e.h.url().trim_start_matches("http://").to_string();
    let mut raw = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let request = format!(
        "GET /v1/users HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n\r\n",
        e.h.secret_key().expose()
    );
    tokio::io::AsyncWriteExt::write_all(&mut raw, request.as_bytes())
        .await
        .unwrap();
    let mut received = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        tokio::io::AsyncReadExt::read_to_end(&mut raw, &mut received),
    )
    .await
    .expect("the emulator closes the connection");
    assert!(
        received.is_empty(),
        "got {:?} ({read:?})",
        String::from_utf8_lossy(&received)
    );
    // The control API is not subject to faults, and the next connection is served again.
    e.faults(json!({})).await;
    assert_eq!(e.call(Method::GET, "/v1/users", None).await.status, 200);
    e.faults(json!({"latency": {"min_ms": 150, "max_ms": 150}}))
        .await;
    let t = std::time::Instant::now();
    assert_eq!(e.call(Method::GET, "/v1/users", None).await.status, 200);
    assert!(t.elapsed() >= std::time::Duration::from_millis(150));
    let bad = e
        .call(
            Method::PUT,
            "/__clerkctl/faults",
            Some(json!({"server_error": {"rate": 3}})),
        )
        .await;
    assert_eq!(bad.status, 422);
    let unknown = e
        .call(
            Method::PUT,
            "/__clerkctl/faults",
            Some(json!({"misbehave": ["nope"]})),
        )
        .await;
    assert_eq!(unknown.status, 422);
    e.faults(json!({})).await;
    assert_eq!(
        e.ok(Method::GET, "/__clerkctl/faults", None).await,
        json!({"misbehave": []})
    );
}

/// Whether a token's claims show the misbehaviour (claims, a good token's claims, the JWT).
type ClaimCheck = Box<dyn Fn(&Value, &Value, &str) -> bool>;

#[tokio::test]
async fn token_misbehaviours_each_flip_one_claim() {
    let e = start_with(EmulatorConfig {
        authorized_party: Some("http://localhost:3000".into()),
        ..EmulatorConfig::default()
    })
    .await;
    let uid = e.user("mb@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let sid = e.session(&uid).await["id"].as_str().unwrap().to_string();
    let jwks = e.ok(Method::GET, "/v1/jwks", None).await;
    let (_, good) = parts(&e.token(&sid).await);
    let cases: Vec<(&str, ClaimCheck)> = vec![
        ("wrong_iss", Box::new(|c, g, _| c["iss"] != g["iss"])),
        ("wrong_sub", Box::new(|c, g, _| c["sub"] != g["sub"])),
        ("wrong_sid", Box::new(|c, g, _| c["sid"] != g["sid"])),
        (
            "wrong_token_lifetime",
            Box::new(|c, _, _| c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap() == 3600),
        ),
        (
            "nbf_after_iat",
            Box::new(|c, _, _| c["nbf"].as_i64().unwrap() > c["iat"].as_i64().unwrap()),
        ),
        ("missing_azp", Box::new(|c, _, _| c.get("azp").is_none())),
        (
            "wrong_azp",
            Box::new(|c, g, _| c["azp"].is_string() && c["azp"] != g["azp"]),
        ),
        (
            "no_v2_claims",
            Box::new(|c, _, _| c.get("v").is_none() && c.get("fva").is_none()),
        ),
    ];
    for (name, check) in cases {
        e.faults(json!({"misbehave": [name]})).await;
        let jwt = e.token(&sid).await;
        let (_, c) = parts(&jwt);
        assert!(check(&c, &good, &jwt), "{name}: {c}");
        assert!(verifies(&jwt, &jwks), "{name} keeps a valid signature");
    }
    e.faults(json!({"misbehave": ["bad_signature"]})).await;
    assert!(!verifies(&e.token(&sid).await, &jwks));
    e.faults(json!({"misbehave": ["unknown_kid"]})).await;
    assert!(!verifies(&e.token(&sid).await, &jwks));
    e.faults(json!({"misbehave": ["ignore_expires_in"]})).await;
    let t = e
        .ok(
            Method::POST,
            &format!("/v1/sessions/{sid}/tokens"),
            Some(json!({"expires_in_seconds": 600})),
        )
        .await;
    let (_, c) = parts(t["jwt"].as_str().unwrap());
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 60);
    e.faults(json!({"misbehave": ["stale_iat"]})).await;
    let (_, first) = parts(&e.token(&sid).await);
    e.ok(
        Method::POST,
        "/__clerkctl/clock",
        Some(json!({"advance_seconds": 120})),
    )
    .await;
    let (_, later) = parts(&e.token(&sid).await);
    assert_eq!(first["iat"], later["iat"]);
    e.faults(json!({"misbehave": ["jwks_mismatch"]})).await;
    let v1: Value = e.ok(Method::GET, "/v1/jwks", None).await;
    let public: Value =
        e.c.get(format!("{}/.well-known/jwks.json", e.h.url()))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_ne!(v1, public);
    e.faults(json!({"misbehave": ["jwks_empty"]})).await;
    assert_eq!(
        e.ok(Method::GET, "/v1/jwks", None).await,
        json!({"keys": []})
    );
    e.faults(json!({"misbehave": ["clock_drift"]})).await;
    let r = e.call(Method::GET, "/v1/users", None).await;
    let date = r
        .headers
        .get("date")
        .and_then(|v| v.to_str().ok())
        .unwrap()
        .to_string();
    let parsed = chrono::DateTime::parse_from_rfc2822(&date.replace("GMT", "+0000")).unwrap();
    assert!(
        parsed.timestamp() - chrono::Utc::now().timestamp() >= 590,
        "{date}"
    );
}

#[tokio::test]
async fn session_misbehaviours() {
    let e = start().await;
    let uid = e.user("sm@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    e.faults(json!({"misbehave": ["revoke_noop"]})).await;
    let sid = e.session(&uid).await["id"].as_str().unwrap().to_string();
    let r = e
        .ok(Method::POST, &format!("/v1/sessions/{sid}/revoke"), None)
        .await;
    assert_eq!(r["status"], "active");
    e.token(&sid).await;
    e.faults(json!({"misbehave": ["revoked_can_mint"]})).await;
    let r = e
        .ok(Method::POST, &format!("/v1/sessions/{sid}/revoke"), None)
        .await;
    assert_eq!(r["status"], "revoked");
    e.token(&sid).await;
    e.faults(json!({"misbehave": ["same_sid"]})).await;
    let s2 = e.session(&uid).await["id"].as_str().unwrap().to_string();
    let s3 = e.session(&uid).await["id"].as_str().unwrap().to_string();
    let (_, a) = parts(&e.token(&s2).await);
    let (_, b) = parts(&e.token(&s3).await);
    assert_eq!(a["sid"], b["sid"]);
    // `shared_client`: one client per user, and single-session mode replaces the earlier one.
    e.faults(json!({"misbehave": ["shared_client"]})).await;
    let s4 = e.session(&uid).await;
    let s5 = e.session(&uid).await;
    assert_eq!(s4["client_id"], s5["client_id"]);
    let id4 = s4["id"].as_str().unwrap();
    assert_eq!(
        e.ok(Method::GET, &format!("/v1/sessions/{id4}"), None)
            .await["status"],
        "replaced"
    );
    e.faults(json!({"misbehave": ["list_missing_sessions"]}))
        .await;
    let list = e
        .ok(
            Method::GET,
            &format!("/v1/sessions?user_id={uid}&paginated=true"),
            None,
        )
        .await;
    assert!(
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["id"] != s5["id"])
    );
    e.faults(json!({"misbehave": ["wrong_session_lifetime"]}))
        .await;
    let s = e.session(&uid).await;
    assert_eq!(
        s["expire_at"].as_i64().unwrap() - s["created_at"].as_i64().unwrap(),
        8 * 24 * 3600 * 1000
    );
    e.faults(json!({"misbehave": ["session_never_expires"]}))
        .await;
    e.ok(
        Method::POST,
        "/__clerkctl/clock",
        Some(json!({"advance_seconds": 30 * 24 * 3600})),
    )
    .await;
    let latest = s["id"].as_str().unwrap();
    assert_eq!(
        e.ok(Method::GET, &format!("/v1/sessions/{latest}"), None)
            .await["status"],
        "active"
    );
    e.faults(json!({"misbehave": []})).await;
    assert_eq!(
        e.ok(Method::GET, &format!("/v1/sessions/{latest}"), None)
            .await["status"],
        "expired"
    );
    e.faults(json!({"misbehave": ["metadata_ignored"]})).await;
    let u = e
        .ok(
            Method::PATCH,
            &format!("/v1/users/{uid}/metadata"),
            Some(json!({"public_metadata": {"a": 1}})),
        )
        .await;
    assert_eq!(u["public_metadata"], json!({}));
    e.faults(json!({"misbehave": ["delete_noop"]})).await;
    let d = e
        .ok(Method::DELETE, &format!("/v1/users/{uid}"), None)
        .await;
    assert_eq!(d["deleted"], true);
    e.ok(Method::GET, &format!("/v1/users/{uid}"), None).await;
}

#[tokio::test]
async fn reset_export_import() {
    let e = start().await;
    let uid = e.user("x@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let state = e.ok(Method::GET, "/__clerkctl/state", None).await;
    assert_eq!(state["users"].as_array().unwrap().len(), 1);
    let kid = state["keys"][0]["kid"].clone();
    e.ok(Method::POST, "/__clerkctl/reset", None).await;
    assert_eq!(e.ok(Method::GET, "/v1/users", None).await, json!([]));
    assert_eq!(
        e.ok(Method::GET, "/v1/jwks", None).await["keys"][0]["kid"],
        kid,
        "keys survive reset"
    );
    e.ok(Method::PUT, "/__clerkctl/state", Some(state)).await;
    e.ok(Method::GET, &format!("/v1/users/{uid}"), None).await;
    let bad = e
        .call(Method::PUT, "/__clerkctl/state", Some(json!({"format": 1})))
        .await;
    assert_eq!(bad.status, 422);
}

#[tokio::test]
async fn state_file_persists_keys_and_data_across_restarts() {
    let dir = crate::common::tempdir();
    let path = dir.path().join("state.json");
    let config = EmulatorConfig {
        state_file: Some(path.clone()),
        ..EmulatorConfig::default()
    };
    let e = start_with(config.clone()).await;
    let uid = e.user("p@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let kid = e.ok(Method::GET, "/v1/jwks", None).await["keys"][0]["kid"].clone();
    let secret = e.h.secret_key().expose().to_string();
    assert!(e.h.secret_key_generated());
    e.h.shutdown().await;
    let on_disk: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(on_disk["users"][0]["id"], uid.as_str());
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let e = start_with(config.clone()).await;
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified,
        "a start that changes nothing does not rewrite the state file"
    );
    assert_eq!(
        e.h.secret_key().expose(),
        secret,
        "a restart on the same state keeps the generated secret key"
    );
    e.ok(Method::GET, &format!("/v1/users/{uid}"), None).await;
    assert_eq!(
        e.ok(Method::GET, "/v1/jwks", None).await["keys"][0]["kid"],
        kid
    );
    // The export leaves the secret key out, and an import keeps the running one.
    let exported = e.ok(Method::GET, "/__clerkctl/state", None).await;
    assert!(exported.get("secret_key").is_none());
    assert!(!exported.to_string().contains(&secret));
    e.ok(Method::PUT, "/__clerkctl/state", Some(exported)).await;
    e.h.shutdown().await;
    let text = std::fs::read_to_string(&path).unwrap();
    let on_disk: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(on_disk["secret_key"], secret.as_str());
    // A key given at start is used and never written; the stored one stays for later starts.
    let given = "sk_test_givenkeygivenkeygivenkeygivenkey0000";
    let e = start_with(EmulatorConfig {
        secret_key: Some(given.into()),
        ..config.clone()
    })
    .await;
    assert_eq!(e.h.secret_key().expose(), given);
    assert!(!e.h.secret_key_generated());
    e.user("given@example.com").await;
    e.h.shutdown().await;
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(given), "a given secret key is never stored");
    assert!(text.contains(&secret));
    let e = start_with(config.clone()).await;
    assert_eq!(e.h.secret_key().expose(), secret);
    // New settings at start are a change: written once, then kept.
    e.h.shutdown().await;
    let e = start_with(EmulatorConfig {
        session: clerkctl::project::SessionConfig {
            inactivity_timeout_seconds: 900,
            ..clerkctl::project::SessionConfig::default()
        },
        ..config
    })
    .await;
    let on_disk: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(on_disk["settings"]["inactivity_timeout_seconds"], 900);
    e.h.shutdown().await;
    std::fs::write(&path, "{broken").unwrap();
    let err = Emulator::start(EmulatorConfig {
        state_file: Some(path),
        ..EmulatorConfig::default()
    })
    .await;
    assert!(err.is_err());
}

/// The session `id` as stored in the state file at `path`.
fn stored_session(path: &std::path::Path, id: &str) -> Value {
    let state: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    state["sessions"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["id"] == id))
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn minting_with_a_state_file_persists_activity_in_the_background() {
    let dir = crate::common::tempdir();
    let path = dir.path().join("state.json");
    let e = start_with(EmulatorConfig {
        state_file: Some(path.clone()),
        session: clerkctl::project::SessionConfig {
            inactivity_timeout_seconds: 600,
            ..clerkctl::project::SessionConfig::default()
        },
        ..EmulatorConfig::default()
    })
    .await;
    let uid = e.user("m@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let sid = e.session(&uid).await["id"].as_str().unwrap().to_string();
    let created = stored_session(&path, &sid);
    assert_eq!(
        created["status"], "active",
        "a new session is written before the answer"
    );
    // Move the clock so the mint's activity time differs from the creation time.
    e.ok(
        Method::POST,
        "/__clerkctl/clock",
        Some(json!({"advance_seconds": 120})),
    )
    .await;
    e.token(&sid).await;
    let live = e
        .ok(Method::GET, &format!("/v1/sessions/{sid}"), None)
        .await;
    assert!(live["last_active_at"].as_i64() > created["last_active_at"].as_i64());
    // The background writer catches up without any further request.
    let mut stored = stored_session(&path, &sid);
    for _ in 0..200 {
        if stored["last_active_at"] == live["last_active_at"] {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        stored = stored_session(&path, &sid);
    }
    assert_eq!(stored["last_active_at"], live["last_active_at"]);
    assert_eq!(stored["abandon_at"], live["abandon_at"]);
    // A clean shutdown writes activity the writer has not written yet.
    e.ok(
        Method::POST,
        "/__clerkctl/clock",
        Some(json!({"advance_seconds": 120})),
    )
    .await;
    for _ in 0..20 {
        e.token(&sid).await;
    }
    let live = e
        .ok(Method::GET, &format!("/v1/sessions/{sid}"), None)
        .await;
    e.h.shutdown().await;
    let stored = stored_session(&path, &sid);
    assert_eq!(stored["last_active_at"], live["last_active_at"]);
    assert_eq!(stored["abandon_at"], live["abandon_at"]);
}

#[tokio::test]
async fn template_tokens_render_claims_and_their_misbehaviours() {
    let e = start_with(EmulatorConfig {
        authorized_party: Some("http://localhost:3000".into()),
        ..EmulatorConfig::default()
    })
    .await;
    let u = e
        .ok(
            Method::POST,
            "/v1/users",
            Some(json!({"email_address": ["t@example.com"], "first_name": "Tess", "public_metadata": {"role": "editor", "n": 3}})),
        )
        .await;
    let uid = u["id"].as_str().unwrap().to_string();
    let sid = e.session(&uid).await["id"].as_str().unwrap().to_string();
    e.ok(
        Method::POST,
        "/v1/jwt_templates",
        Some(json!({
            "name": "api",
            "lifetime": 120,
            "allowed_clock_skew": 7,
            "claims": {
                "aud": "api",
                "role": "{{user.public_metadata.role}}",
                "n": "{{user.public_metadata.n}}",
                "email": "{{user.primary_email_address}}",
                "greeting": "hi {{user.first_name}}",
                "missing": "{{user.public_metadata.nope || 'fallback'}}"
            }
        })),
    )
    .await;
    let mint = |body: Option<Value>| {
        let e = &e;
        let sid = sid.clone();
        async move {
            let t = e
                .ok(
                    Method::POST,
                    &format!("/v1/sessions/{sid}/tokens/api"),
                    body,
                )
                .await;
            t["jwt"].as_str().unwrap().to_string()
        }
    };
    let jwt = mint(None).await;
    let (h, c) = parts(&jwt);
    assert_eq!(h["cat"], "cl_B7d4PD222AAA");
    assert_eq!(c["role"], "editor");
    assert_eq!(c["n"], 3, "a lone shortcode keeps its type");
    assert_eq!(c["email"], "t@example.com");
    assert_eq!(c["greeting"], "hi Tess");
    assert_eq!(c["missing"], "fallback");
    assert_eq!(c["aud"], "api");
    assert_eq!(c["sub"], uid.as_str());
    assert_eq!(c["azp"], "http://localhost:3000");
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 120);
    assert_eq!(c["iat"].as_i64().unwrap() - c["nbf"].as_i64().unwrap(), 7);
    assert!(
        c.get("sid").is_none() && c.get("v").is_none(),
        "template tokens are not session tokens"
    );
    assert!(verifies(&jwt, &e.ok(Method::GET, "/v1/jwks", None).await));
    let (_, c) = parts(&mint(Some(json!({"expires_in_seconds": 45}))).await);
    assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 45);
    let missing = e
        .call(
            Method::POST,
            &format!("/v1/sessions/{sid}/tokens/nope"),
            None,
        )
        .await;
    assert_eq!(missing.status, 404);
    e.faults(json!({"misbehave": ["ignore_templates"]})).await;
    let (h, c) = parts(&mint(None).await);
    assert_eq!(h["cat"], "cl_B7d4PD111AAA");
    assert!(c.get("role").is_none() && c["sid"] == sid.as_str());
    e.faults(json!({"misbehave": ["template_claim_drift"]}))
        .await;
    let (_, c) = parts(&mint(None).await);
    let expected = json!({
        "aud": "api", "role": "editor", "n": 3, "email": "t@example.com",
        "greeting": "hi Tess", "missing": "fallback"
    });
    let drifted = expected
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, v)| &c[k.as_str()] != *v)
        .count();
    assert_eq!(drifted, 1, "exactly one claim drifts: {c}");
}

#[tokio::test]
async fn custom_session_claims_from_the_project_are_rendered() {
    let mut claims = serde_json::Map::new();
    claims.insert("metadata".into(), json!("{{user.public_metadata}}"));
    claims.insert("sid".into(), json!("cannot override"));
    let e = start_with(EmulatorConfig {
        session: clerkctl::project::SessionConfig {
            claims,
            ..Default::default()
        },
        ..EmulatorConfig::default()
    })
    .await;
    let u = e
        .ok(
            Method::POST,
            "/v1/users",
            Some(json!({"public_metadata": {"role": "admin"}})),
        )
        .await;
    let s = e.session(u["id"].as_str().unwrap()).await;
    let sid = s["id"].as_str().unwrap();
    let (_, c) = parts(&e.token(sid).await);
    assert_eq!(c["metadata"], json!({"role": "admin"}));
    assert_eq!(c["sid"], sid);
}
