//! `clerkctl test` end to end against an in-process emulator: every suite passes; each
//! misbehaviour fails exactly the checks that depend on it; faults still give correct verdicts;
//! interrupted runs leave nothing behind; secrets never reach any output.

use std::collections::BTreeSet;
use std::process::Stdio;
use std::time::{Duration, Instant};

use clerkctl::clerk::api::ClerkClient;
use clerkctl::emulator::{Emulator, EmulatorConfig, EmulatorHandle};
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{clerkctl, tempdir};

/// An emulator on its own runtime, kept alive while the binary runs against it.
struct Target {
    rt: tokio::runtime::Runtime,
    handle: Option<EmulatorHandle>,
    client: ClerkClient,
    url: String,
    secret: String,
    pk: String,
}

impl Target {
    /// An emulator with Organizations on, so the org-dependent checks run (and can fail).
    fn start() -> Self {
        Self::start_with(true)
    }

    fn start_with(organizations: bool) -> Self {
        Self::start_config(EmulatorConfig {
            organizations: Some(organizations),
            ..EmulatorConfig::default()
        })
    }

    fn start_config(config: EmulatorConfig) -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let organizations = config.organizations == Some(true);
        let handle = rt.block_on(Emulator::start(config)).unwrap();
        let url = handle.url();
        let secret = handle.secret_key().expose().to_string();
        if organizations {
            // Slugs on, as on applications created before 2025-10-07: the cleanup tests tag
            // organizations through them.
            let client = ClerkClient::new(&url, "v1", handle.secret_key().clone());
            rt.block_on(client.patch::<_, Value>(
                "/instance/organization_settings",
                &json!({ "slug_disabled": false }),
            ))
            .unwrap();
        }
        let pk = handle.publishable_key().as_str().to_string();
        let client = ClerkClient::new(&url, "v1", handle.secret_key().clone());
        Self {
            rt,
            handle: Some(handle),
            client,
            url,
            secret,
            pk,
        }
    }

    fn control(&self, method: Method, path: &str, body: Value) -> Value {
        self.rt
            .block_on(
                self.client
                    .control::<Value, Value>(method, path, Some(&body)),
            )
            .unwrap()
    }

    fn faults(&self, body: Value) {
        self.control(Method::PUT, "/__clerkctl/faults", body);
    }

    fn get(&self, path: &str) -> Value {
        self.rt
            .block_on(self.client.get::<Value>(path, &[("limit", "500".into())]))
            .unwrap()
    }

    fn post(&self, path: &str, body: Value) -> Value {
        self.rt
            .block_on(self.client.post::<Value, Value>(path, &body))
            .unwrap()
    }

    fn cmd(&self, dir: &std::path::Path) -> assert_cmd::Command {
        let mut cmd = clerkctl(dir);
        cmd.env("CLERK_SECRET_KEY", &self.secret)
            .env("CLERK_PUBLISHABLE_KEY", &self.pk)
            .args(["--api-url", &self.url]);
        cmd
    }

    /// Users, templates and orgs carrying a test-run tag.
    fn tagged_leftovers(&self) -> Vec<String> {
        let mut out = Vec::new();
        for u in items(self.get("/users")) {
            let ext = u["external_id"].as_str().unwrap_or("");
            // A run's tag is `clerkctl-test-` + a 10-character run id (+ `-label`).
            if ext.starts_with("clerkctl-test-") && ext.len() >= 24 {
                out.push(format!("user {ext}"));
            }
        }
        for t in items(self.get("/jwt_templates")) {
            let name = t["name"].as_str().unwrap_or("");
            if name.starts_with("clerkctl-") && name.len() >= 21 {
                out.push(format!("template {name}"));
            }
        }
        out
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            self.rt.block_on(h.shutdown());
        }
    }
}

fn items(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        Value::Object(mut m) => match m.remove("data") {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn run_json(cmd: &mut assert_cmd::Command) -> (i32, Value, String) {
    let out = cmd.args(["--output", "json"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let doc: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{stdout}\nstderr:\n{stderr}"));
    (out.status.code().unwrap_or(-1), doc, stderr)
}

/// The report's check `id`.
fn check_of<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["checks"]
        .as_array()
        .and_then(|checks| checks.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("no check `{id}` in {doc:#}"))
}

fn ids_with(doc: &Value, status: &str) -> BTreeSet<String> {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == status)
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

const PARTY: &str = "http://localhost:3000";

#[test]
fn every_suite_passes_against_the_embedded_emulator() {
    let dir = tempdir();
    let junit = dir.path().join("junit.xml");
    let (code, doc, stderr) = run_json(
        clerkctl(dir.path())
            .args(["test", "all", "--junit"])
            .arg(&junit),
    );
    assert_eq!(code, 0, "{doc:#}\n{stderr}");
    assert_eq!(doc["target"]["kind"], "emulator");
    assert_eq!(doc["passed"], true);
    assert!(ids_with(&doc, "failed").is_empty());
    let passed = ids_with(&doc, "passed");
    for suite in [
        "basic",
        "jwt-verify",
        "custom-claims",
        "multi-session",
        "refresh",
        "expiration",
    ] {
        assert!(
            passed.iter().any(|id| id.starts_with(&format!("{suite}."))),
            "{suite} ran no passing check: {doc:#}"
        );
    }
    let xml = std::fs::read_to_string(&junit).unwrap();
    let total = doc["summary"]["total"].as_u64().unwrap() as usize;
    assert_eq!(xml.matches("<testcase ").count(), total);
    assert!(xml.contains("failures=\"0\""));
}

/// A new instance has Organizations off: the org-dependent check is skipped with the reason and
/// the fix, never a set-up failure; with `[organizations] enabled = true` it runs.
#[test]
fn org_checks_are_skipped_with_the_fix_when_organizations_are_off() {
    let dir = tempdir();
    let (code, doc, stderr) = run_json(clerkctl(dir.path()).args(["test", "custom-claims"]));
    assert_eq!(code, 0, "{doc:#}\n{stderr}");
    let org = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "custom-claims.org_claims")
        .unwrap_or_else(|| panic!("{doc:#}"));
    assert_eq!(org["status"], "skipped", "{org}");
    let why = org["message"].as_str().unwrap();
    assert!(
        why.contains("organization_not_enabled_in_instance"),
        "{why}"
    );
    assert!(why.contains("clerkctl emulator --organizations"), "{why}");
    assert!(ids_with(&doc, "passed").contains("custom-claims.template.claims"));

    std::fs::write(
        dir.path().join("clerkctl.toml"),
        "[organizations]\nenabled = true\n",
    )
    .unwrap();
    let (code, doc, stderr) = run_json(clerkctl(dir.path()).args(["test", "custom-claims"]));
    assert_eq!(code, 0, "{doc:#}\n{stderr}");
    assert!(
        ids_with(&doc, "passed").contains("custom-claims.org_claims"),
        "{doc:#}"
    );
}

#[test]
fn text_report_and_exit_codes_for_configuration_and_unreachable_targets() {
    let dir = tempdir();
    clerkctl(dir.path())
        .args(["test", "basic"])
        .assert()
        .success()
        .stdout(predicates::str::contains("✓ basic.jwks"))
        .stdout(predicates::str::contains("passed, 0 failed"));
    clerkctl(dir.path())
        .args(["test", "nope"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown suite `nope`"));
    clerkctl(dir.path())
        .env(
            "CLERK_SECRET_KEY",
            concat!("sk_", "live_0123456789abcdefghijkl"),
        )
        .args(["test", "all"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--allow-production"));
    // Nothing listens on port 9: unreachable is exit 3, never a pass or a check failure.
    clerkctl(dir.path())
        .env("CLERK_SECRET_KEY", "sk_test_0123456789abcdefghijkl")
        .args(["test", "all", "--api-url", "http://127.0.0.1:9"])
        .assert()
        .code(3)
        .stdout(predicates::str::is_empty());
    let target = Target::start();
    let mut cmd = target.cmd(dir.path());
    cmd.env("CLERK_SECRET_KEY", "sk_test_wrongwrongwrongwrong")
        .args(["test", "basic"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("401"));
}

/// (misbehaviour, the checks that must fail, and only those).
const TABLE: &[(&str, &[&str])] = &[
    (
        "wrong_iss",
        &["jwt-verify.iss", "custom-claims.template.reserved"],
    ),
    (
        "wrong_sub",
        &[
            "jwt-verify.sub",
            "refresh.same_identity",
            "custom-claims.template.reserved",
        ],
    ),
    (
        "wrong_sid",
        &[
            "jwt-verify.sid",
            "multi-session.distinct_sids",
            "refresh.same_identity",
        ],
    ),
    ("same_sid", &["multi-session.distinct_sids"]),
    (
        "bad_signature",
        &[
            "jwt-verify.signature",
            "multi-session.distinct_sids",
            "refresh.both_valid",
            "expiration.valid_before_exp",
            "expiration.expired_after_exp",
        ],
    ),
    (
        "unknown_kid",
        &[
            "jwt-verify.signature",
            "jwt-verify.rejects_tampered",
            "jwt-verify.rejects_foreign_key",
            "multi-session.distinct_sids",
            "refresh.both_valid",
            "expiration.valid_before_exp",
            "expiration.expired_after_exp",
        ],
    ),
    (
        // The misbehaviour fixes every token's lifetime at 3600 s, overrides included.
        "wrong_token_lifetime",
        &[
            "jwt-verify.lifetime",
            "expiration.token_lifetime",
            "refresh.expires_in",
            "expiration.template_lifetime",
        ],
    ),
    ("nbf_after_iat", &["jwt-verify.nbf", "refresh.both_valid"]),
    ("missing_azp", &["jwt-verify.azp"]),
    ("wrong_azp", &["jwt-verify.azp"]),
    ("no_v2_claims", &["jwt-verify.v2_claims"]),
    ("ignore_templates", &["custom-claims.template.claims"]),
    ("template_claim_drift", &["custom-claims.template.claims"]),
    ("ignore_expires_in", &["refresh.expires_in"]),
    (
        "revoke_noop",
        &[
            "multi-session.revoke_status",
            "multi-session.revoked_cannot_mint",
            "refresh.revoked_cannot_refresh",
        ],
    ),
    (
        "revoked_can_mint",
        &[
            "multi-session.revoked_cannot_mint",
            "refresh.revoked_cannot_refresh",
        ],
    ),
    ("list_missing_sessions", &["multi-session.list_active"]),
    // Every later token of the session repeats the first one's times, so the lifetime
    // overrides minted from the same session fail too.
    (
        "stale_iat",
        &[
            "refresh.later_window",
            "refresh.expires_in",
            "expiration.template_lifetime",
        ],
    ),
    ("session_never_expires", &["expiration.session_expires"]),
    ("wrong_session_lifetime", &["expiration.session_lifetime"]),
    ("jwks_mismatch", &["basic.jwks_public"]),
    ("jwks_empty", &["basic.jwks"]),
    ("clock_drift", &["basic.clock"]),
    // One client per user that replaces in single-session mode: the earlier sessions end (and a
    // replaced session cannot be revoked).
    (
        "shared_client",
        &[
            "multi-session.list_active",
            "multi-session.revoke_status",
            "multi-session.others_still_mint",
        ],
    ),
    ("revoke_all", &["multi-session.others_still_mint"]),
    (
        // The local preview renders the user as stored, so the template comparison agrees.
        "metadata_ignored",
        &["custom-claims.metadata"],
    ),
    // Nothing pins the keys' algorithm, so only `rejects_alg_none` can tell.
    ("jwks_no_alg", &["jwt-verify.rejects_alg_none"]),
    ("no_org_claim", &["custom-claims.org_claims"]),
];

/// Rows run with the instance and the expectations in multi-session mode: in single-session
/// mode the revoked session is the user's only active one, so there are no others to harm.
const MULTI_MODE_TABLE: &[(&str, &[&str])] =
    &[("revoke_all", &["multi-session.others_still_mint"])];

/// Misbehaviours no `all` check depends on, with the test that proves what each one breaks:
/// cleanup relies on deletes (`tests/integration/emulator.rs` `session_misbehaviours` covers
/// `delete_noop`), the set-up retry absorbs `replication_lag`, and `org_gate_open` only shows
/// while Organizations are off (`fidelity.orgs.disabled_403`).
const NOT_CHECK_MISBEHAVIOURS: &[(&str, &str)] = &[
    ("delete_noop", "session_misbehaviours"),
    (
        "replication_lag",
        "set_up_retries_a_404_on_what_it_just_created",
    ),
    (
        "org_gate_open",
        "every_fidelity_row_is_contradicted_by_its_misbehaviour",
    ),
];

/// Checks that no misbehaviour reaches because they judge the local configuration (keys, project
/// files, `clerkctl.toml`, a template's size), with the test in this file that fails each.
const CONFIGURATION_FAILURES: &[(&str, &str)] = &[
    (
        "basic.keys",
        "key_checks_fail_on_foreign_or_mismatched_publishable_keys",
    ),
    (
        "basic.frontend_api",
        "key_checks_fail_on_foreign_or_mismatched_publishable_keys",
    ),
    (
        "basic.config",
        "key_checks_fail_on_foreign_or_mismatched_publishable_keys",
    ),
    (
        "basic.project",
        "a_nextjs_project_without_middleware_fails_the_project_check",
    ),
    (
        "custom-claims.template.size",
        "oversized_template_fails_the_size_check",
    ),
    (
        "jwt-verify.rejects_wrong_azp",
        "a_token_bound_to_the_probe_origin_fails_rejects_wrong_azp",
    ),
];

/// Run `test all` once per row and list every row whose failed checks differ from the expected
/// ones, or whose failures do not name distinct expected and actual values.
fn table_mismatches(target: &Target, rows: &[(&str, &[&str])], extra: &[&str]) -> Vec<String> {
    let dir = tempdir();
    let mut mismatches = Vec::new();
    for (misbehaviour, expected) in rows {
        target.faults(json!({ "misbehave": [misbehaviour] }));
        let (code, doc, stderr) = run_json(
            target
                .cmd(dir.path())
                .args(["test", "all", "--authorized-party", PARTY])
                .args(extra),
        );
        target.faults(json!({}));
        let failed = ids_with(&doc, "failed");
        let want: BTreeSet<String> = expected.iter().map(|s| (*s).to_string()).collect();
        if failed != want || code != 1 {
            mismatches.push(format!(
                "{misbehaviour}: exit {code}, failed {failed:?}, expected {want:?}\n{stderr}"
            ));
            continue;
        }
        for check in doc["checks"].as_array().unwrap() {
            if check["status"] == "failed" {
                assert!(
                    check["expected"].is_string() && check["actual"].is_string(),
                    "{misbehaviour}: {check}"
                );
                assert_ne!(
                    check["expected"], check["actual"],
                    "{misbehaviour}: {check}"
                );
            }
        }
    }
    mismatches
}

#[test]
fn each_misbehaviour_fails_exactly_the_checks_that_depend_on_it() {
    let target = Target::start();
    target.control(
        Method::PUT,
        "/__clerkctl/session_settings",
        json!({ "authorized_party": PARTY }),
    );
    let mut mismatches = table_mismatches(&target, TABLE, &[]);
    target.control(
        Method::PUT,
        "/__clerkctl/session_settings",
        json!({ "mode": "multi" }),
    );
    mismatches.extend(table_mismatches(
        &target,
        MULTI_MODE_TABLE,
        &["--mode", "multi"],
    ));
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert!(
        target.tagged_leftovers().is_empty(),
        "{:?}",
        target.tagged_leftovers()
    );
}

/// Every check of every suite is failed by a misbehaviour row or by a named configuration test,
/// every misbehaviour has a row (or is said to be no check's business), and no row or entry
/// names something that does not exist: a new check or misbehaviour without evidence fails here.
#[test]
fn every_check_is_failed_by_a_misbehaviour_or_a_configuration_test() {
    use clerkctl::commands::test::checks::SUITES;
    use clerkctl::emulator::ALL_MISBEHAVIOURS;

    let checks: BTreeSet<String> = SUITES
        .iter()
        .flat_map(|s| s.checks.iter().map(move |c| format!("{}.{c}", s.name)))
        .collect();
    let rows = TABLE.iter().chain(MULTI_MODE_TABLE);
    let mut evidence: BTreeSet<String> = BTreeSet::new();
    for (misbehaviour, failed) in rows.clone() {
        for id in *failed {
            assert!(checks.contains(*id), "{misbehaviour} names no check `{id}`");
            evidence.insert((*id).to_string());
        }
    }
    let source = include_str!("test_suites.rs");
    for (id, test) in CONFIGURATION_FAILURES {
        assert!(
            checks.contains(*id),
            "CONFIGURATION_FAILURES names no check `{id}`"
        );
        assert!(
            source.contains(&format!("fn {test}()")),
            "`{id}`: no test `{test}` in this file"
        );
        evidence.insert((*id).to_string());
    }
    // The `fidelity` suite is not part of `all`: each of its checks is proven by its row's
    // misbehaviour in `every_fidelity_row_is_contradicted_by_its_misbehaviour`.
    assert!(source.contains("fn every_fidelity_row_is_contradicted_by_its_misbehaviour()"));
    evidence.extend(
        checks
            .iter()
            .filter(|c| c.starts_with("fidelity."))
            .cloned(),
    );
    let unproven: Vec<&String> = checks.difference(&evidence).collect();
    assert!(
        unproven.is_empty(),
        "no misbehaviour or configuration test fails {unproven:?}: add a TABLE row or a test"
    );

    let names: BTreeSet<String> = ALL_MISBEHAVIOURS
        .iter()
        .map(|m| {
            serde_json::to_value(m)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let emulator_tests = include_str!("emulator.rs");
    let mut covered: BTreeSet<String> = BTreeSet::new();
    for (misbehaviour, test) in NOT_CHECK_MISBEHAVIOURS {
        assert!(
            source.contains(&format!("fn {test}()"))
                || emulator_tests.contains(&format!("fn {test}()")),
            "`{misbehaviour}`: no test `{test}`"
        );
        covered.insert((*misbehaviour).to_string());
    }
    for (misbehaviour, _) in rows {
        assert!(
            names.contains(*misbehaviour),
            "no misbehaviour `{misbehaviour}`"
        );
        covered.insert((*misbehaviour).to_string());
    }
    let unused: Vec<&String> = names.difference(&covered).collect();
    assert!(
        unused.is_empty(),
        "misbehaviours without a TABLE row: {unused:?}"
    );
}

/// The two forgery checks that used to be purely local now fail on the instance behaviour they
/// rely on, naming what was expected and what the instance gave.
#[test]
fn forgery_checks_fail_on_the_instance_behaviour_they_rely_on() {
    let target = Target::start();
    target.control(
        Method::PUT,
        "/__clerkctl/session_settings",
        json!({ "authorized_party": PARTY }),
    );
    let dir = tempdir();
    let run = |misbehave: &[&str]| {
        target.faults(json!({ "misbehave": misbehave }));
        let (code, doc, stderr) = run_json(target.cmd(dir.path()).args([
            "test",
            "jwt-verify",
            "--filter",
            "rejects_",
            "--authorized-party",
            PARTY,
        ]));
        target.faults(json!({}));
        (code, doc, stderr)
    };
    let check = |doc: &Value, id: &str| -> Value {
        doc["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no {id} in {doc:#}"))
    };

    let (code, doc, stderr) = run(&[]);
    assert_eq!(code, 0, "{doc:#}\n{stderr}");
    assert_eq!(ids_with(&doc, "passed").len(), 4, "{doc:#}");
    assert_eq!(
        check(&doc, "jwt-verify.rejects_wrong_azp")["message"],
        format!("(`azp` {PARTY})")
    );

    let (code, doc, _) = run(&["jwks_no_alg"]);
    assert_eq!(code, 1);
    let alg = check(&doc, "jwt-verify.rejects_alg_none");
    assert_eq!(alg["status"], "failed", "{alg}");
    assert_eq!(
        alg["expected"],
        "every key with `alg` RS256, RS384 or RS512"
    );
    let actual = alg["actual"].as_str().unwrap();
    assert!(
        actual.starts_with("key ins_") && actual.ends_with(": `alg` absent"),
        "{actual}"
    );

    // An emulator told to set `azp` that leaves it out fails `azp`; `rejects_wrong_azp` has no
    // origin to test.
    let (code, doc, _) = run(&["missing_azp"]);
    assert_eq!(code, 0, "{doc:#}");
    let azp = check(&doc, "jwt-verify.rejects_wrong_azp");
    assert_eq!(azp["status"], "skipped", "{azp}");
    assert!(
        azp["message"]
            .as_str()
            .unwrap()
            .contains("minted through the Backend API"),
        "{azp}"
    );

    // Without authorized parties there is nothing to bind tokens to: skipped, not failed. (With
    // no flag and no `clerkctl.toml`, they would be the emulator's own `authorized_party`.)
    std::fs::write(
        dir.path().join("clerkctl.toml"),
        "[session]\nauthorized_parties = []\n",
    )
    .unwrap();
    let (code, doc, _) = run_json(target.cmd(dir.path()).args([
        "test",
        "jwt-verify",
        "--filter",
        "rejects_wrong_azp",
    ]));
    assert_eq!(code, 0);
    assert_eq!(
        ids_with(&doc, "skipped"),
        BTreeSet::from(["jwt-verify.rejects_wrong_azp".to_string()])
    );
}

/// Real Clerk mints Backend API tokens without `azp`: a project with authorized parties must not
/// see a failure for it (the emulator's default is the same).
#[test]
fn tokens_without_azp_pass_with_authorized_parties_configured() {
    let target = Target::start();
    let dir = tempdir();
    let (code, doc, stderr) =
        run_json(
            target
                .cmd(dir.path())
                .args(["test", "jwt-verify", "--authorized-party", PARTY]),
        );
    assert_eq!(code, 0, "{doc:#}\n{stderr}");
    let passed = ids_with(&doc, "passed");
    assert!(passed.contains("jwt-verify.azp"), "{doc:#}");
    assert!(ids_with(&doc, "skipped").contains("jwt-verify.rejects_wrong_azp"));
}

#[test]
fn multi_session_mode_checks_the_other_sessions() {
    let target = Target::start();
    target.control(
        Method::PUT,
        "/__clerkctl/session_settings",
        json!({ "mode": "multi" }),
    );
    let dir = tempdir();
    let (code, doc, stderr) =
        run_json(
            target
                .cmd(dir.path())
                .args(["test", "multi-session", "--mode", "multi"]),
        );
    assert_eq!(code, 0, "{doc:#}\n{stderr}");
    assert!(ids_with(&doc, "passed").contains("multi-session.others_still_mint"));
    // The mode is not observable through the Backend API (replacement happens on one client,
    // in the Frontend API): expecting single-session mode asserts the same thing and passes.
    let (code, doc, stderr) = run_json(target.cmd(dir.path()).args(["test", "multi-session"]));
    assert_eq!(code, 0, "{doc:#}\n{stderr}");
    assert!(ids_with(&doc, "passed").contains("multi-session.others_still_mint"));
}

#[test]
fn configuration_drift_fails_session_lifetime_and_token_lifetime() {
    let target = Target::start();
    let dir = tempdir();
    std::fs::write(
        dir.path().join("clerkctl.toml"),
        "[session]\nmax_lifetime_seconds = 86400\n",
    )
    .unwrap();
    let (code, doc, _) = run_json(target.cmd(dir.path()).args(["test", "expiration"]));
    assert_eq!(code, 1);
    let failed = ids_with(&doc, "failed");
    assert_eq!(
        failed,
        BTreeSet::from(["expiration.session_lifetime".to_string()])
    );
    let check = check_of(&doc, "expiration.session_lifetime");
    assert_eq!(check["expected"], "86400 s");
    assert_eq!(check["actual"], "604800 s");
}

#[test]
fn key_checks_fail_on_foreign_or_mismatched_publishable_keys() {
    let target = Target::start();
    let dir = tempdir();
    // A publishable key of another instance.
    let other = "pk_test_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA";
    let (code, doc, _) = run_json(
        target
            .cmd(dir.path())
            .env("CLERK_PUBLISHABLE_KEY", other)
            .args(["test", "basic"]),
    );
    assert_eq!(code, 1);
    assert!(
        ids_with(&doc, "failed").contains("basic.frontend_api"),
        "{doc:#}"
    );
    let live = "pk_live_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA";
    // Keys of two environments are a configuration error before any check, as in `verify`.
    let mismatched = target
        .cmd(dir.path())
        .env("CLERK_PUBLISHABLE_KEY", live)
        .args(["test", "basic"])
        .output()
        .unwrap();
    assert_eq!(mismatched.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&mismatched.stderr)
            .contains("the secret key is a test key but the publishable key is a live key"),
        "{}",
        String::from_utf8_lossy(&mismatched.stderr)
    );
    let (_, doc, _) = run_json(
        target
            .cmd(dir.path())
            .env("CLERK_PUBLISHABLE_KEY", "pk_test_garbage")
            .args(["test", "basic", "--filter", "keys"]),
    );
    assert_eq!(
        ids_with(&doc, "failed"),
        BTreeSet::from(["basic.keys".to_string()])
    );
    std::fs::write(
        dir.path().join("clerkctl.toml"),
        "[session]\nauthorized_parties = [\"localhost:3000/app\"]\n",
    )
    .unwrap();
    let (_, doc, _) = run_json(
        target
            .cmd(dir.path())
            .args(["test", "basic", "--filter", "config"]),
    );
    assert_eq!(
        ids_with(&doc, "failed"),
        BTreeSet::from(["basic.config".to_string()])
    );
}

#[test]
fn oversized_template_fails_the_size_check() {
    let target = Target::start();
    let dir = tempdir();
    let big: serde_json::Map<String, Value> = (0..60)
        .map(|i| (format!("claim_{i:02}"), json!("x".repeat(40))))
        .collect();
    target.post("/jwt_templates", json!({ "name": "big", "claims": big }));
    let (code, doc, _) =
        run_json(
            target
                .cmd(dir.path())
                .args(["test", "custom-claims", "--template", "big"]),
        );
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(
        ids_with(&doc, "failed"),
        BTreeSet::from(["custom-claims.template.big.size".to_string()])
    );
    // The project's own template survives the run untouched.
    let names: Vec<String> = items(target.get("/jwt_templates"))
        .iter()
        .map(|t| t["name"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(names, vec!["big".to_string()]);
}

#[test]
fn faults_do_not_change_the_verdicts() {
    let target = Target::start();
    let dir = tempdir();
    let faults = json!({
        "rate_limit": { "rate": 0.2, "retry_after_seconds": 0 },
        "server_error": { "rate": 0.1 },
        "latency": { "min_ms": 0, "max_ms": 20 },
    });
    target.faults(faults.clone());
    let (code, doc, stderr) = run_json(target.cmd(dir.path()).args(["test", "all"]));
    assert_eq!(code, 0, "{doc:#}\n{stderr}");
    assert!(ids_with(&doc, "failed").is_empty());
    let mut with_bug = faults;
    with_bug["misbehave"] = json!(["stale_iat"]);
    target.faults(with_bug);
    let (code, doc, stderr) = run_json(target.cmd(dir.path()).args(["test", "all"]));
    assert_eq!(code, 1, "{doc:#}\n{stderr}");
    assert_eq!(
        ids_with(&doc, "failed"),
        BTreeSet::from(
            [
                "refresh.later_window",
                "refresh.expires_in",
                "expiration.template_lifetime"
            ]
            .map(String::from)
        )
    );
    target.faults(json!({}));
    assert!(
        target.tagged_leftovers().is_empty(),
        "{:?}",
        target.tagged_leftovers()
    );
}

#[test]
fn a_server_that_keeps_failing_is_exit_3() {
    let target = Target::start();
    let dir = tempdir();
    target.faults(json!({ "server_error": { "rate": 1.0 } }));
    let out = target
        .cmd(dir.path())
        .args(["test", "all"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An instance failing every request before any check: exit 3, and the JUnit report and the
/// GitHub annotations say the instance was not tested instead of showing an empty green run.
#[test]
fn an_untested_instance_is_an_error_in_junit_and_annotations() {
    let target = Target::start();
    let dir = tempdir();
    target.faults(json!({ "server_error": { "rate": 1.0 } }));
    let out = target
        .cmd(dir.path())
        .env("GITHUB_ACTIONS", "true")
        .args(["test", "all", "--junit", "report.xml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr
            .contains("::error title=clerkctl test%3A instance unavailable::no verdict (exit 3): "),
        "{stderr}"
    );
    assert!(stderr.contains("hint: "), "{stderr}");
    let xml = std::fs::read_to_string(dir.path().join("report.xml")).unwrap();
    assert!(xml.contains("errors=\"1\""), "{xml}");
    assert!(
        xml.contains("<testcase classname=\"clerkctl.run\" name=\"instance\""),
        "{xml}"
    );
    assert!(
        xml.contains("<error message=\"gave up after 10 attempts"),
        "{xml}"
    );
}

/// The same with `--output json`: the report's shape, no run, no checks, and the error (stdout
/// used to be empty).
#[test]
fn an_untested_instance_prints_the_json_error_object() {
    let target = Target::start();
    let dir = tempdir();
    target.faults(json!({ "server_error": { "rate": 1.0 } }));
    let (code, doc, stderr) = run_json(target.cmd(dir.path()).args(["test", "all"]));
    assert_eq!(code, 3, "{stderr}");
    assert_eq!(doc["passed"], false, "{doc:#}");
    assert!(doc["run_id"].is_null(), "{doc:#}");
    assert_eq!(doc["checks"], json!([]), "{doc:#}");
    assert_eq!(doc["summary"]["total"], 0, "{doc:#}");
    assert_eq!(doc["target"]["api_url"], target.url.as_str(), "{doc:#}");
    let error = doc["error"].as_str().unwrap_or_default();
    assert!(error.contains("gave up after 10 attempts"), "{doc:#}");
}

/// `--fail-fast` stops at the first failure, and every check it did not run is still in the
/// reports, skipped with the reason, so CI sees the same test list on every run.
#[test]
fn fail_fast_reports_the_checks_it_did_not_run_as_skipped() {
    let target = Target::start();
    let dir = tempdir();
    let (_, full, _) = run_json(target.cmd(dir.path()).args(["test", "all"]));
    let total = full["summary"]["total"].as_u64().unwrap();
    target.faults(json!({ "misbehave": ["wrong_sub"] }));
    let (code, doc, stderr) =
        run_json(
            target
                .cmd(dir.path())
                .args(["test", "all", "--fail-fast", "--junit", "ff.xml"]),
        );
    assert_eq!(code, 1, "{doc:#}\n{stderr}");
    assert_eq!(
        ids_with(&doc, "failed"),
        BTreeSet::from(["jwt-verify.sub".to_string()])
    );
    assert_eq!(doc["summary"]["total"].as_u64(), Some(total), "{doc:#}");
    let not_run: Vec<&Value> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            c["message"]
                .as_str()
                .is_some_and(|m| m.contains("--fail-fast"))
        })
        .collect();
    assert!(
        not_run
            .iter()
            .any(|c| c["id"] == "expiration.session_expires"),
        "{doc:#}"
    );
    assert!(not_run.iter().all(|c| c["status"] == "skipped"));
    let xml = std::fs::read_to_string(dir.path().join("ff.xml")).unwrap();
    assert_eq!(xml.matches("<testcase ").count() as u64, total);
    target.faults(json!({}));
    assert!(target.tagged_leftovers().is_empty());
}

/// The suites move a `--api-url` emulator's clock; the run gives it back the offset its owner
/// had set, not real time.
#[test]
fn a_run_gives_the_emulator_clock_back_the_offset_it_had() {
    let target = Target::start();
    let dir = tempdir();
    target.control(
        Method::POST,
        "/__clerkctl/clock",
        json!({ "advance_seconds": 3600 }),
    );
    let (code, doc, _) = run_json(target.cmd(dir.path()).args(["test", "all"]));
    assert_eq!(code, 0, "{doc:#}");
    let clock = target.rt.block_on(target.client.control::<(), Value>(
        Method::GET,
        "/__clerkctl/clock",
        None,
    ));
    let offset = clock.unwrap()["offset_ms"].as_i64().unwrap();
    assert!((offset - 3_600_000).abs() < 2_000, "offset {offset} ms");
}

#[test]
fn secrets_never_reach_any_output_or_report() {
    let target = Target::start();
    let dir = tempdir();
    let junit = dir.path().join("report.xml");
    let mut outputs = Vec::new();
    target.faults(json!({ "misbehave": ["wrong_sub", "jwks_mismatch"] }));
    for args in [
        vec!["test", "all", "-v"],
        vec!["test", "all", "--output", "json", "-v"],
        vec!["test", "all", "--junit", "report.xml"],
        vec!["test", "cleanup"],
    ] {
        let out = target
            .cmd(dir.path())
            .env("GITHUB_ACTIONS", "true")
            .args(&args)
            .output()
            .unwrap();
        outputs.push(String::from_utf8_lossy(&out.stdout).to_string());
        outputs.push(String::from_utf8_lossy(&out.stderr).to_string());
    }
    outputs.push(std::fs::read_to_string(&junit).unwrap());
    let joined = outputs.join("\n");
    assert!(joined.contains("::error title=clerkctl test jwt-verify.sub::"));
    assert!(joined.contains("POST /v1/users 200"));
    let body = target.secret.trim_start_matches("sk_test_");
    assert!(!joined.contains(body), "the secret key leaked");
}

fn spawn_run(target: &Target, dir: &std::path::Path) -> std::process::Child {
    let mut cmd = run_against(target, dir, &["test", "all", "-q"]);
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    cmd.spawn().unwrap()
}

/// A clerkctl process aimed at the target with a clean environment, for signal tests.
fn run_against(target: &Target, dir: &std::path::Path, args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("clerkctl"));
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .env("CLERK_SECRET_KEY", &target.secret)
        .env("CLERK_PUBLISHABLE_KEY", &target.pk)
        .args(["--api-url", &target.url])
        .args(args);
    cmd
}

/// Append lines from `reader` to `seen` up to and including the first containing `marker`.
fn read_until(reader: &mut impl std::io::BufRead, marker: &str, seen: &mut String) {
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap() > 0 {
        seen.push_str(&line);
        if line.contains(marker) {
            return;
        }
        line.clear();
    }
}

/// Wait until the run has created test data, so the kill lands mid-suite.
fn wait_for_test_users(target: &Target) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if !target.tagged_leftovers().is_empty() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the run created no test user");
}

/// The run id in a "run `clerkctl test cleanup --run <id>`" warning.
fn hinted_run(stderr: &str) -> String {
    let at = stderr
        .find("test cleanup --run ")
        .unwrap_or_else(|| panic!("no `--run` hint in:\n{stderr}"));
    let id: String = stderr[at + "test cleanup --run ".len()..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    assert_eq!(id.len(), 10, "{stderr}");
    id
}

fn signal(child: &std::process::Child, sig: &str) {
    let status = std::process::Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn sigint_mid_suite_cleans_up_and_keeps_other_users() {
    let target = Target::start();
    let keep = target.post(
        "/users",
        json!({ "external_id": "customer-1", "email_address": ["keep@example.com"], "skip_password_requirement": true }),
    );
    // Slow every request so the interrupt lands while suites are running.
    target.faults(json!({ "latency": { "min_ms": 40, "max_ms": 60 } }));
    let dir = tempdir();
    let child = spawn_run(&target, dir.path());
    wait_for_test_users(&target);
    signal(&child, "-INT");
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    target.faults(json!({}));
    assert!(
        target.tagged_leftovers().is_empty(),
        "{:?}",
        target.tagged_leftovers()
    );
    let users = items(target.get("/users"));
    assert_eq!(users.len(), 1);
    assert_eq!(users[0]["id"], keep["id"]);
    assert_eq!(users[0]["external_id"], "customer-1");
}

/// A second Ctrl-C during the cleanup skips it with a warning naming `test cleanup`, which then
/// removes what was left.
#[cfg(unix)]
#[test]
fn a_second_ctrl_c_aborts_the_cleanup_with_a_warning() {
    let target = Target::start();
    // Slow enough that the cleanup's deletes are still under way when the second press comes.
    target.faults(json!({ "latency": { "min_ms": 150, "max_ms": 200 } }));
    let dir = tempdir();
    let mut cmd = run_against(&target, dir.path(), &["test", "all"]);
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    wait_for_test_users(&target);
    signal(&child, "-INT");
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    read_until(
        &mut stderr,
        "interrupted: deleting this run's test data",
        &mut seen,
    );
    assert!(seen.contains("press Ctrl-C again to skip"), "{seen}");
    signal(&child, "-INT");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{seen}{rest}");
    assert!(
        rest.contains("warning: cleanup aborted: run `clerkctl test cleanup --run "),
        "{seen}{rest}"
    );
    target.faults(json!({}));
    assert!(!target.tagged_leftovers().is_empty());
    // The run is seconds old: a plain cleanup keeps it, the command the warning names removes it.
    target
        .cmd(dir.path())
        .args(["test", "cleanup"])
        .assert()
        .success()
        .stdout(predicates::str::contains("younger than --older-than 10m"));
    assert!(!target.tagged_leftovers().is_empty());
    let run = hinted_run(&rest);
    target
        .cmd(dir.path())
        .args(["test", "cleanup", "--run", &run])
        .assert()
        .success();
    assert!(
        target.tagged_leftovers().is_empty(),
        "{:?}",
        target.tagged_leftovers()
    );
}

/// Ctrl-C while the finished run deletes its data: the first press says the cleanup goes on,
/// the second skips it (the run used to swallow both silently).
#[cfg(unix)]
#[test]
fn ctrl_c_during_the_final_cleanup_can_skip_it() {
    use std::io::Read;
    let target = Target::start();
    target.faults(json!({ "latency": { "min_ms": 150, "max_ms": 200 } }));
    let dir = tempdir();
    let mut cmd = run_against(&target, dir.path(), &["test", "multi-session"]);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    // The suite's last check printed: the run is in its cleanup (several slowed deletes).
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    read_until(&mut stdout, "multi-session.others_still_mint", &mut seen);
    assert!(seen.contains("others_still_mint"), "{seen}");
    signal(&child, "-INT");
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut err = String::new();
    read_until(&mut stderr, "press Ctrl-C again to skip", &mut err);
    assert!(err.contains("still deleting this run's test data"), "{err}");
    signal(&child, "-INT");
    stderr.read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(err.contains("warning: cleanup aborted"), "{err}");
    target.faults(json!({}));
    let run = hinted_run(&err);
    target
        .cmd(dir.path())
        .args(["test", "cleanup", "--run", &run])
        .assert()
        .success()
        .stdout(predicates::str::contains(format!("run {run}: deleted")));
    assert!(target.tagged_leftovers().is_empty());
}

#[cfg(unix)]
#[test]
fn sigkill_mid_suite_then_cleanup_removes_only_tagged_resources() {
    let target = Target::start();
    let keep = target.post(
        "/users",
        json!({ "external_id": "clerkctl-test-x", "email_address": ["keep2@example.com"], "skip_password_requirement": true }),
    );
    target.post(
        "/jwt_templates",
        json!({ "name": "clerkctl-prod", "claims": { "a": 1 } }),
    );
    target.faults(json!({ "latency": { "min_ms": 40, "max_ms": 60 } }));
    let dir = tempdir();
    let mut child = spawn_run(&target, dir.path());
    wait_for_test_users(&target);
    signal(&child, "-KILL");
    let _ = child.wait();
    target.faults(json!({}));
    let left = target.tagged_leftovers();
    assert!(
        left.iter()
            .any(|l| l.starts_with("user clerkctl-test-") && l != "user clerkctl-test-x"),
        "{left:?}"
    );
    target
        .cmd(dir.path())
        .args(["test", "cleanup", "--older-than", "0s"])
        .assert()
        .success()
        .stdout(predicates::str::contains("deleted"));
    let users = items(target.get("/users"));
    assert_eq!(users.len(), 1, "{users:?}");
    assert_eq!(users[0]["id"], keep["id"]);
    let names: Vec<String> = items(target.get("/jwt_templates"))
        .iter()
        .map(|t| t["name"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(names, vec!["clerkctl-prod".to_string()]);
}

#[test]
fn a_nextjs_project_without_middleware_fails_the_project_check() {
    let target = Target::start();
    let dir = tempdir();
    std::fs::write(
        dir.path().join("package.json"),
        r#"{"name":"app","dependencies":{"next":"15.3.0","@clerk/nextjs":"6.0.0"}}"#,
    )
    .unwrap();
    let (code, doc, _) = run_json(
        target
            .cmd(dir.path())
            .args(["test", "basic", "--filter", "project"]),
    );
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(
        ids_with(&doc, "failed"),
        BTreeSet::from(["basic.project".to_string()])
    );
    // Without a JavaScript project the check does not apply.
    let empty = tempdir();
    let (code, doc, _) = run_json(
        target
            .cmd(empty.path())
            .args(["test", "basic", "--filter", "project"]),
    );
    assert_eq!(code, 0);
    assert_eq!(
        ids_with(&doc, "skipped"),
        BTreeSet::from(["basic.project".to_string()])
    );
}

/// `clerkctl test …` on a pseudo-terminal (stdin, stdout and stderr all a TTY); returns the whole
/// output and the exit code.
#[cfg(unix)]
fn on_a_terminal(dir: &std::path::Path, env: &[(&str, &str)], args: &[&str]) -> (String, i32) {
    use rexpect::process::WaitStatus;

    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_clerkctl"));
    cmd.current_dir(dir).args(args);
    for var in [
        "CLERK_SECRET_KEY",
        "CLERK_PUBLISHABLE_KEY",
        "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
        "CLERK_API_URL",
        "GITHUB_ACTIONS",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .envs(env.iter().copied());
    let mut p =
        rexpect::session::spawn_command(cmd, Some(60_000)).expect("spawn clerkctl in a pty");
    let raw = p.exp_eof().expect("the run ends");
    let code = match p.process().wait() {
        Ok(WaitStatus::Exited(_, code)) => code,
        other => panic!("clerkctl did not exit normally: {other:?}"),
    };
    // rexpect hands every byte over as one char: put the UTF-8 back together.
    let bytes: Vec<u8> = raw.chars().map(|c| c as u32 as u8).collect();
    (String::from_utf8_lossy(&bytes).into_owned(), code)
}

/// The duration printed on the line that starts with `mark` (`✓ basic.jwks … (3 ms)`).
fn marked_ms(out: &str, mark: &str) -> Option<u64> {
    let line = out[out.find(mark)?..].lines().next()?;
    let end = line.find(" ms)")?;
    let start = line[..end].rfind('(')? + 1;
    line[start..end].parse().ok()
}

#[cfg(unix)]
#[test]
fn a_terminal_shows_a_spinner_per_running_check_then_marks_durations_and_a_summary() {
    let dir = tempdir();
    // The embedded emulator: what `clerkctl test` on a fresh checkout shows.
    let (out, code) = on_a_terminal(dir.path(), &[], &["test", "basic"]);
    assert_eq!(code, 0, "{out}");
    assert!(marked_ms(&out, "✓ basic.jwks ").is_some(), "{out}");
    assert!(marked_ms(&out, "✓ basic.clock ").is_some(), "{out}");
    assert!(
        out.contains("passed, 0 failed, ") && out.contains(" skipped in "),
        "{out}"
    );

    // A slow instance keeps `basic.clock` (one request) running long enough for its spinner to
    // be drawn; a failing check is marked ✗ with its duration and expected/actual.
    let target = Target::start();
    target.faults(json!({
        "latency": { "min_ms": 400, "max_ms": 500 },
        "misbehave": ["clock_drift"],
    }));
    let (out, code) = on_a_terminal(
        dir.path(),
        &[
            ("CLERK_SECRET_KEY", target.secret.as_str()),
            ("CLERK_PUBLISHABLE_KEY", target.pk.as_str()),
        ],
        &["--api-url", &target.url, "test", "basic"],
    );
    assert_eq!(code, 1, "{out}");
    // indicatif's spinner frames, then the check's id and title.
    let spinning = "⠁⠂⠄⡀⢀⠠⠐⠈"
        .chars()
        .any(|c| out.contains(&format!("{c} basic.clock the local clock")));
    assert!(spinning, "no spinner for the running check:\n{out}");
    let took = marked_ms(&out, "✗ basic.clock ").unwrap_or_else(|| panic!("no ✗ line:\n{out}"));
    assert!(
        took >= 400,
        "the check's duration leaves out its request: {took} ms"
    );
    assert!(out.contains("    expected: "), "{out}");
    assert!(out.contains("passed, 1 failed"), "{out}");
    assert!(!out.contains(target.secret.trim_start_matches("sk_test_")));
}

/// `--real-time` really waits for the expiry: the emulator's clock runs 27 s behind, so a 30 s
/// token minted now expires (with no skew) about 4 s later in real time. Clerk's (and the
/// emulator's) shortest token lifetime is 30 s, so the clock, not the lifetime, shortens the wait.
#[test]
fn real_time_waits_for_a_real_expiry_and_is_bounded() {
    let target = Target::start();
    target.control(
        Method::PUT,
        "/__clerkctl/session_settings",
        json!({ "token_lifetime_seconds": 30 }),
    );
    target.control(
        Method::POST,
        "/__clerkctl/clock",
        json!({ "advance_seconds": -27 }),
    );
    let dir = tempdir();
    let args = [
        "test",
        "expiration",
        "--real-time",
        "--token-lifetime",
        "30",
        "--clock-skew",
        "0",
        "--filter",
        "expired_after_exp",
    ];
    let started = Instant::now();
    let (code, doc, stderr) = run_json(target.cmd(dir.path()).args(args));
    let took = started.elapsed();
    assert_eq!(code, 0, "{doc:#}\n{stderr}");
    assert_eq!(
        ids_with(&doc, "passed"),
        BTreeSet::from(["expiration.expired_after_exp".to_string()])
    );
    let waited = doc["checks"][0]["duration_ms"].as_u64().unwrap();
    assert!(
        (2_000..=6_000).contains(&waited),
        "waited {waited} ms for a token 3-4 s from expiry"
    );
    assert!(took >= Duration::from_millis(waited));

    // An expiry further away than the bound is skipped with how far it is, not waited for.
    target.control(
        Method::POST,
        "/__clerkctl/clock",
        json!({ "advance_seconds": 86_400 }),
    );
    let started = Instant::now();
    let (code, doc, _) = run_json(target.cmd(dir.path()).args(args));
    assert_eq!(code, 0, "{doc:#}");
    assert!(started.elapsed() < Duration::from_secs(20));
    let check = &doc["checks"][0];
    assert_eq!(check["status"], "skipped", "{check}");
    assert!(
        check["message"]
            .as_str()
            .unwrap()
            .starts_with("a real expiry is "),
        "{check}"
    );
}

impl Target {
    /// What an interrupted run `run` leaves: a tagged user, a JWT template and an organization
    /// the user belongs to, all stamped with the emulator's clock.
    fn leave_run(&self, run: &str) -> String {
        let user = self.post(
            "/users",
            json!({
                "external_id": format!("clerkctl-test-{run}-jwt"),
                "email_address": [format!("ci+clerkctl-{run}-jwt@example.com")],
                "skip_password_requirement": true,
            }),
        );
        self.post(
            "/jwt_templates",
            json!({ "name": format!("clerkctl-{run}-claims"), "claims": { "a": 1 } }),
        );
        let org = self.post(
            "/organizations",
            json!({
                "name": format!("clerkctl-{run}-org"),
                "slug": format!("clerkctl-{run}-org"),
                "created_by": user["id"],
            }),
        );
        org["id"].as_str().unwrap().to_string()
    }

    fn org_exists(&self, id: &str) -> bool {
        match self.rt.block_on(
            self.client
                .get::<Value>(&format!("/organizations/{id}"), &[]),
        ) {
            Ok(_) => true,
            Err(e) if e.is_not_found() => false,
            Err(e) => panic!("{e}"),
        }
    }

    /// Leftovers of `run` that look `seconds` old: created with the clock moved back.
    fn leave_old_run(&self, run: &str, seconds: i64) -> String {
        self.control(
            Method::POST,
            "/__clerkctl/clock",
            json!({ "advance_seconds": -seconds }),
        );
        let org = self.leave_run(run);
        self.control(Method::POST, "/__clerkctl/clock", json!({ "reset": true }));
        org
    }

    /// The run ids that still have a tagged user or template.
    fn runs_left(&self) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = BTreeSet::new();
        for u in items(self.get("/users")) {
            if let Some(rest) = u["external_id"]
                .as_str()
                .and_then(|e| e.strip_prefix("clerkctl-test-"))
            {
                out.insert(rest.chars().take(10).collect());
            }
        }
        for t in items(self.get("/jwt_templates")) {
            if let Some(rest) = t["name"].as_str().and_then(|n| n.strip_prefix("clerkctl-")) {
                out.insert(rest.chars().take(10).collect());
            }
        }
        // `clerkctl-test-x` and `clerkctl-prod` look alike but carry no run id.
        out.retain(|r| r.len() == 10);
        out
    }

    fn untagged_users(&self) -> BTreeSet<String> {
        items(self.get("/users"))
            .iter()
            .filter(|u| {
                u["external_id"]
                    .as_str()
                    .is_none_or(|e| !e.starts_with("clerkctl-test-") || e.len() < 24)
            })
            .map(|u| u["id"].as_str().unwrap().to_string())
            .collect()
    }
}

fn run_entry<'a>(doc: &'a Value, run: &str) -> &'a Value {
    doc["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["run_id"] == run)
        .unwrap_or_else(|| panic!("no run {run} in {doc:#}"))
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| (*s).to_string()).collect()
}

#[test]
fn cleanup_keeps_active_runs_and_removes_idle_or_named_ones() {
    let target = Target::start();
    let dir = tempdir();
    target.post(
        "/users",
        json!({ "external_id": "customer-1", "email_address": ["keep@example.com"], "skip_password_requirement": true }),
    );
    target.post(
        "/users",
        json!({ "external_id": "clerkctl-test-x", "email_address": ["keep2@example.com"], "skip_password_requirement": true }),
    );
    let untagged = target.untagged_users();
    assert_eq!(untagged.len(), 2);
    let (fresh, idle, later) = ("fresh00001", "idle000001", "later00001");
    let fresh_org = target.leave_run(fresh);
    let idle_org = target.leave_old_run(idle, 3600);
    assert_eq!(target.runs_left(), set(&[fresh, idle]));

    // A plain cleanup: the hour-old run goes, the seconds-old one (a run still going) stays.
    let (code, doc, err) = run_json(target.cmd(dir.path()).args(["test", "cleanup"]));
    assert_eq!(code, 0, "{doc:#}{err}");
    assert_eq!(doc["deleted"], 3, "{doc:#}");
    assert_eq!(doc["failed"], json!([]));
    assert_eq!(doc["older_than_seconds"], 600);
    assert_eq!(doc["clock"], "server");
    let gone = run_entry(&doc, idle);
    assert_eq!(gone["action"], "deleted");
    assert_eq!(
        gone["deleted_by_kind"],
        json!({ "users": 1, "jwt_templates": 1, "organizations": 1 })
    );
    assert!(gone["age_ms"].as_i64().unwrap() >= 3_590_000, "{gone:#}");
    let kept = run_entry(&doc, fresh);
    assert_eq!(kept["action"], "skipped");
    assert_eq!(kept["deleted"], 0);
    let reason = kept["reason"].as_str().unwrap();
    assert!(reason.contains("younger than --older-than 10m"), "{reason}");
    assert_eq!(target.runs_left(), set(&[fresh]));
    assert!(!target.org_exists(&idle_org));
    assert!(target.org_exists(&fresh_org));

    // The text report says why and how to remove it now.
    target
        .cmd(dir.path())
        .args(["test", "cleanup"])
        .assert()
        .success()
        .stdout(predicates::str::contains(format!("run {fresh}: active ")))
        .stdout(predicates::str::contains(format!(
            "; pass --run {fresh} to remove it now"
        )))
        .stdout(predicates::str::contains("deleted 0 leftover resource(s)"));
    assert_eq!(target.runs_left(), set(&[fresh]));

    // `--run` removes exactly that run, whatever its age.
    let later_org = target.leave_run(later);
    let (code, doc, err) = run_json(
        target
            .cmd(dir.path())
            .args(["test", "cleanup", "--run", fresh]),
    );
    assert_eq!(code, 0, "{doc:#}{err}");
    assert_eq!(doc["deleted"], 3, "{doc:#}");
    assert_eq!(doc["runs"].as_array().unwrap().len(), 1, "{doc:#}");
    assert_eq!(run_entry(&doc, fresh)["action"], "deleted");
    assert_eq!(target.runs_left(), set(&[later]));
    assert!(!target.org_exists(&fresh_org));

    // A named run with nothing left is reported, not an error.
    target
        .cmd(dir.path())
        .args(["test", "cleanup", "--run", fresh])
        .assert()
        .success()
        .stdout(predicates::str::contains(format!(
            "run {fresh}: nothing carries this run id"
        )));

    // `--older-than 0s` removes every run.
    target
        .cmd(dir.path())
        .args(["test", "cleanup", "--older-than", "0s"])
        .assert()
        .success()
        .stdout(predicates::str::contains(format!(
            "run {later}: deleted 1 user(s), 1 JWT template(s), 1 organization(s)"
        )));
    assert!(target.runs_left().is_empty(), "{:?}", target.runs_left());
    assert!(!target.org_exists(&later_org));
    assert_eq!(target.untagged_users(), untagged);
}

/// The age is measured on the instance's clock (its `Date`), not the local one.
#[test]
fn cleanup_measures_age_on_the_server_clock() {
    let target = Target::start();
    let dir = tempdir();
    let run = "drift00001";
    target.leave_run(run);
    // `Date` 10 minutes ahead: on the server's clock the run has been idle that long.
    target.faults(json!({ "misbehave": ["clock_drift"] }));
    let (code, doc, err) =
        run_json(
            target
                .cmd(dir.path())
                .args(["test", "cleanup", "--older-than", "9m"]),
        );
    assert_eq!(code, 0, "{doc:#}{err}");
    assert_eq!(run_entry(&doc, run)["action"], "deleted", "{doc:#}");
    assert!(target.runs_left().is_empty());
}

#[test]
fn bad_cleanup_flags_are_usage_errors_with_a_hint() {
    let target = Target::start();
    let dir = tempdir();
    target.leave_run("keep000001");
    for (args, says) in [
        (vec!["test", "cleanup", "--run", "K3X9"], "is not a run id"),
        (
            vec!["test", "cleanup", "--run", "abcdefghij-x"],
            "is not a run id",
        ),
        (
            vec!["test", "cleanup", "--older-than", "5y"],
            "invalid `--older-than`",
        ),
        (
            vec!["test", "cleanup", "--older-than", "soon"],
            "invalid `--older-than`",
        ),
        (
            vec![
                "test",
                "cleanup",
                "--older-than",
                "1m",
                "--run",
                "keep000001",
            ],
            "cannot be combined",
        ),
        (
            vec!["test", "basic", "--older-than", "1m"],
            "only applies to `test cleanup`",
        ),
        (
            vec!["test", "all", "--run", "keep000001"],
            "only applies to `test cleanup`",
        ),
        (
            vec!["test", "basic", "--rate-limit", "0"],
            "would never send a request",
        ),
    ] {
        let out = target.cmd(dir.path()).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: ") && stderr.contains(says),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("hint: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    assert_eq!(target.runs_left(), set(&["keep000001"]));
}

/// A separately started emulator (`clerkctl emulator --session-mode multi --max-lifetime 1h`)
/// tested with only its secret key, as README says: the publishable key is the emulator's, the
/// expectations are its settings, and every expectation a failure quotes names where it came
/// from.
#[test]
fn a_running_emulator_needs_only_its_secret_key_and_sets_the_expectations() {
    let target = Target::start_config(EmulatorConfig {
        session: clerkctl::project::SessionConfig {
            mode: clerkctl::project::SessionMode::Multi,
            max_lifetime_seconds: 3600,
            ..Default::default()
        },
        ..EmulatorConfig::default()
    });
    let dir = tempdir();
    let only_secret = || {
        let mut cmd = clerkctl(dir.path());
        cmd.env("CLERK_SECRET_KEY", &target.secret)
            .args(["--api-url", &target.url]);
        cmd
    };
    let (code, doc, _) = run_json(only_secret().args(["test", "all"]));
    assert_eq!(code, 0, "{doc:#}");
    assert!(ids_with(&doc, "passed").contains("basic.keys"), "{doc:#}");
    assert!(
        ids_with(&doc, "passed").contains("multi-session.others_still_mint"),
        "{doc:#}"
    );
    // An expectation from a flag that the instance does not meet names the flag.
    let (code, doc, _) = run_json(only_secret().args([
        "test",
        "expiration",
        "--max-lifetime",
        "2h",
        "--filter",
        "session_lifetime",
    ]));
    assert_eq!(code, 1, "{doc:#}");
    let check = check_of(&doc, "expiration.session_lifetime");
    assert!(
        check["message"]
            .as_str()
            .unwrap()
            .contains("(from `--max-lifetime`"),
        "{check:#}"
    );
    assert_eq!(check["expected"], "7200 s");
    // From `clerkctl.toml` when it sets the value; the file wins over the emulator's settings.
    std::fs::write(
        dir.path().join("clerkctl.toml"),
        "[session]\nmax_lifetime_seconds = 86400\n",
    )
    .unwrap();
    let (code, doc, _) =
        run_json(only_secret().args(["test", "expiration", "--filter", "session_lifetime"]));
    assert_eq!(code, 1, "{doc:#}");
    let message = doc["checks"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(message.contains("(from `clerkctl.toml`"), "{doc:#}");
}

/// Against a running emulator, with no flag or `clerkctl.toml`, an expectation is the emulator's
/// own setting, and a failure says so (a misbehaving emulator makes the check fail).
#[test]
fn a_failure_names_the_emulators_settings_as_the_source() {
    let target = Target::start();
    target.control(
        Method::PUT,
        "/__clerkctl/faults",
        json!({"misbehave": ["wrong_token_lifetime"]}),
    );
    let dir = tempdir();
    let (code, doc, _) = run_json(target.cmd(dir.path()).args([
        "test",
        "jwt-verify",
        "--filter",
        "jwt-verify.lifetime",
    ]));
    assert_eq!(code, 1, "{doc:#}");
    let message = doc["checks"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        message.contains("(from the emulator's session settings)"),
        "{doc:#}"
    );
}

/// `clerkctl test fidelity` against the emulator: every row `confirmed`; with each row's
/// misbehaviour, that row `contradicted` (so every fidelity check can report it). Organizations
/// off, as on a new instance, so `orgs.disabled_403` is observable.
#[test]
fn every_fidelity_row_is_contradicted_by_its_misbehaviour() {
    use clerkctl::commands::test::checks::fidelity::CHECKS;
    let target = Target::start_with(false);
    let dir = tempdir();
    let (code, doc, stderr) = run_json(target.cmd(dir.path()).args(["test", "fidelity"]));
    assert_eq!(code, 0, "{doc:#}\n{stderr}");
    let checks = doc["checks"].as_array().unwrap();
    assert_eq!(checks.len(), CHECKS.len(), "{doc:#}");
    for c in checks {
        assert_eq!(c["status"], "passed", "{c}");
        assert_eq!(c["ledger"]["verdict"], "confirmed", "{c}");
        let row = c["ledger"]["row"].as_str().unwrap();
        assert_eq!(c["id"], format!("fidelity.{row}"));
        assert!(c["ledger"]["confidence"].is_string(), "{c}");
    }
    let mut wrong = Vec::new();
    for belief in clerkctl::fidelity::ledger() {
        let Some(misbehaviour) = &belief.fidelity else {
            continue;
        };
        target.faults(json!({ "misbehave": [misbehaviour] }));
        let (code, doc, stderr) = run_json(target.cmd(dir.path()).args(["test", "fidelity"]));
        target.faults(json!({}));
        let id = format!("fidelity.{}", belief.id);
        let row = doc["checks"]
            .as_array()
            .and_then(|a| a.iter().find(|c| c["id"] == id.as_str()).cloned());
        match row {
            Some(r) if r["ledger"]["verdict"] == "contradicted" && code == 1 => {
                assert_ne!(r["expected"], r["actual"], "{r}");
            }
            other => wrong.push(format!(
                "{misbehaviour} → {id}: exit {code}, {other:?}\n{stderr}"
            )),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        target.tagged_leftovers().is_empty(),
        "{:?}",
        target.tagged_leftovers()
    );
}

/// The Backend API is eventually consistent: with `replication_lag` (what was just created is
/// 404 for its first read), every suite still passes because set-up retries such a 404.
#[test]
fn set_up_retries_a_404_on_what_it_just_created() {
    let target = Target::start();
    target.faults(json!({ "misbehave": ["replication_lag"] }));
    let dir = tempdir();
    let (code, doc, stderr) = run_json(target.cmd(dir.path()).args(["test", "all"]));
    target.faults(json!({}));
    assert_eq!(code, 0, "{doc:#}\n{stderr}");
    assert!(ids_with(&doc, "failed").is_empty());
    assert!(ids_with(&doc, "passed").contains("multi-session.list_active"));
}

/// `rejects_wrong_azp` verifies a token that names its origin against another origin: a token
/// whose `azp` is that other origin (here: the emulator told to set it) is not rejected.
#[test]
fn a_token_bound_to_the_probe_origin_fails_rejects_wrong_azp() {
    let probe = "https://not-authorized.clerkctl.invalid";
    let target = Target::start();
    target.control(
        Method::PUT,
        "/__clerkctl/session_settings",
        json!({ "authorized_party": probe }),
    );
    let dir = tempdir();
    let (code, doc, stderr) = run_json(target.cmd(dir.path()).args([
        "test",
        "jwt-verify",
        "--filter",
        "rejects_wrong_azp",
        "--authorized-party",
        probe,
    ]));
    assert_eq!(code, 1, "{doc:#}\n{stderr}");
    assert_eq!(
        ids_with(&doc, "failed"),
        BTreeSet::from(["jwt-verify.rejects_wrong_azp".to_string()])
    );
}
