//! `basic`: keys, Frontend API host, JWKS (private and public agree), clock skew, and the
//! project's `clerkctl.toml`.

use serde_json::Value;

use crate::commands::test::context::Ctx;
use crate::commands::test::runner::{Abort, Outcome, Recorder};
use crate::jwt::jwk::Jwks;
use crate::project::ProjectConfig;

/// Check names, for `--filter`.
pub const CHECKS: &[&str] = &[
    "keys",
    "frontend_api",
    "jwks",
    "jwks_public",
    "clock",
    "config",
    "project",
];

/// Run the suite.
pub async fn run(ctx: &Ctx, rec: &Recorder) -> Result<(), Abort> {
    rec.check(
        "keys",
        "secret and publishable keys are present and well formed",
        async { Ok(keys(ctx)) },
    )
    .await?;
    rec.check(
        "frontend_api",
        "the publishable key names the instance's Frontend API",
        async { Ok(frontend_api(ctx)) },
    )
    .await?;
    rec.check(
        "jwks",
        "`/v1/jwks` has a usable RSA signing key with a `kid`",
        async { Ok(jwks(&ctx.jwks, ctx.keys.is_some())) },
    )
    .await?;
    rec.check(
        "jwks_public",
        "the public `/.well-known/jwks.json` agrees with `/v1/jwks`",
        async { jwks_public(ctx).await },
    )
    .await?;
    rec.check(
        "clock",
        "the local clock is within the allowed skew of the server's",
        async { clock(ctx).await },
    )
    .await?;
    rec.check("config", "`clerkctl.toml` is consistent", async {
        Ok(config(ctx))
    })
    .await?;
    rec.check(
        "project",
        "the project's middleware/proxy, matcher and `.env*.local` ignore are right",
        async { Ok(project(ctx)) },
    )
    .await?;
    Ok(())
}

fn keys(ctx: &Ctx) -> Outcome {
    if ctx.target.secret_key_environment.is_none() {
        return Outcome::fail("no usable secret key", "`sk_test_…` or `sk_live_…`", "none");
    }
    if let Some(err) = &ctx.target.publishable_key_error {
        return Outcome::fail(
            "the publishable key is malformed",
            "`pk_test_…` or `pk_live_…` encoding a Frontend API host",
            err,
        );
    }
    match &ctx.target.publishable_key {
        Some(_) => Outcome::pass(),
        None => Outcome::fail(
            "no publishable key configured (`CLERK_PUBLISHABLE_KEY`)",
            "a publishable key",
            "none",
        ),
    }
}

/// `host[:port]` of a URL, the form a publishable key encodes.
fn host_of(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    let host = u.host_str()?;
    Some(match u.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    })
}

fn frontend_api(ctx: &Ctx) -> Outcome {
    let Some(pk) = &ctx.target.publishable_key else {
        return Outcome::Skip("no publishable key".into());
    };
    let host = pk.frontend_api_host();
    if ctx.target.emulator {
        let Some(instance) = ctx.target.frontend_api_url.as_deref().and_then(host_of) else {
            return Outcome::fail("the emulator did not report its Frontend API", host, "none");
        };
        return Outcome::eq(
            "the publishable key belongs to another instance",
            instance,
            host.to_string(),
        );
    }
    let well_formed = host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':');
    if well_formed {
        Outcome::Pass(Some(format!("({host})")))
    } else {
        Outcome::fail(
            "the Frontend API host is not a host name",
            "a DNS name",
            host,
        )
    }
}

fn jwks(set: &Jwks, parsed: bool) -> Outcome {
    let usable = set.keys.iter().find(|k| {
        k.is_rsa_signing()
            && k.kid.as_deref().is_some_and(|kid| !kid.is_empty())
            && k.n.is_some()
            && k.e.is_some()
            && k.alg.as_deref().is_none_or(|a| a.starts_with("RS"))
    });
    match usable {
        Some(k) if parsed => Outcome::Pass(Some(format!(
            "(kid {})",
            k.kid.as_deref().unwrap_or_default()
        ))),
        _ => Outcome::fail(
            "no key tokens can be verified with",
            "an RSA key with `kid`, `n`, `e` (use `sig`)",
            format!("{} key(s): {}", set.keys.len(), describe_keys(set)),
        ),
    }
}

fn describe_keys(set: &Jwks) -> String {
    if set.keys.is_empty() {
        return "none".into();
    }
    set.keys
        .iter()
        .map(|k| format!("{}/{}", k.kty, k.kid.as_deref().unwrap_or("no kid")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `(kid, FNV-1a of the key material)` per key, sorted: `kty`, `n`, `e` (and `crv`, `x`, `y`)
/// decide what a token verifies against; other members (`alg`, `use`, extras the public copy may
/// carry) do not.
fn fingerprint(set: &Jwks) -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = set
        .keys
        .iter()
        .map(|k| {
            let text = format!(
                "{}|{}|{}",
                k.kty,
                k.n.as_deref().unwrap_or_default(),
                k.e.as_deref().unwrap_or_default()
            );
            let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            (k.kid.clone().unwrap_or_default(), format!("{hash:016x}"))
        })
        .collect();
    keys.sort();
    keys
}

async fn jwks_public(ctx: &Ctx) -> Result<Outcome, Abort> {
    let Some(fapi) = &ctx.target.frontend_api_url else {
        return Ok(Outcome::Skip("Frontend API URL unknown".into()));
    };
    let url = format!("{}/.well-known/jwks.json", fapi.trim_end_matches('/'));
    let raw = match ctx.client.get_public(&url).await {
        Ok(raw) if (200..300).contains(&raw.status) => raw,
        Ok(raw) => {
            return Ok(Outcome::Skip(format!("`{url}` answered {}", raw.status)));
        }
        // Only "when reachable": a Frontend API behind a firewall is not a failure here.
        Err(e) => return Ok(Outcome::Skip(format!("`{url}` not reachable: {e}"))),
    };
    let public: Jwks = match serde_json::from_slice(&raw.body) {
        Ok(j) => j,
        Err(e) => {
            return Ok(Outcome::fail(
                "the public JWKS is not a JWK set",
                "{\"keys\":[…]}",
                e,
            ));
        }
    };
    let (a, b) = (fingerprint(&ctx.jwks), fingerprint(&public));
    if a == b {
        return Ok(Outcome::pass());
    }
    let kids = |v: &[(String, String)]| {
        v.iter()
            .map(|(k, h)| format!("{k} (key {h})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Ok(Outcome::fail(
        "tokens verified with the public JWKS would not match the Backend API's keys",
        format!("[{}]", kids(&a)),
        format!("[{}]", kids(&b)),
    )
    .resting_on("jwks.public_matches"))
}

async fn clock(ctx: &Ctx) -> Result<Outcome, Abort> {
    let raw = match ctx.client.get_raw("/jwks").await {
        Ok(r) => r,
        Err(e) if e.is_unavailable() => return Err(Abort::Unavailable(e)),
        Err(e) => {
            return Ok(Outcome::fail(
                format!("`GET /v1/jwks` failed: {e}"),
                "200",
                "error",
            ));
        }
    };
    let local = chrono::Utc::now();
    let Some(date) = crate::clerk::api::server_date_ms(&raw.headers)
        .and_then(chrono::DateTime::from_timestamp_millis)
    else {
        return Ok(Outcome::fail(
            "the server sent no `Date` header",
            "a `Date` header",
            "none",
        ));
    };
    let drift = (local.timestamp() - date.timestamp()).abs();
    // `Date` has one-second resolution: allow that on top of the skew.
    let allowed = i64::try_from(ctx.expect.clock_skew)
        .unwrap_or(i64::MAX)
        .saturating_add(1);
    if drift <= allowed {
        Ok(Outcome::Pass(Some(format!("(drift {drift} s)"))))
    } else {
        Ok(Outcome::fail(
            "tokens will look expired or not yet valid: sync the clock (NTP)",
            format!(
                "|drift| <= {} s (clock skew from {})",
                ctx.expect.clock_skew, ctx.expect.sources.clock_skew
            ),
            format!(
                "{drift} s (server {}, local {})",
                date.to_rfc3339(),
                local.to_rfc3339()
            ),
        ))
    }
}

fn config(ctx: &Ctx) -> Outcome {
    let Some(path) = &ctx.project_file else {
        return Outcome::Skip("no `clerkctl.toml`".into());
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return Outcome::fail("cannot read `clerkctl.toml`", "a readable file", e),
    };
    let config = match ProjectConfig::parse(&text, path) {
        Ok(c) => c,
        Err(e) => return Outcome::fail("`clerkctl.toml` does not parse", "valid TOML", e),
    };
    let mut problems = Vec::new();
    let s = &config.session;
    if s.max_lifetime_seconds == 0 && s.inactivity_timeout_seconds == 0 {
        problems.push(
            "`max_lifetime_seconds` and `inactivity_timeout_seconds` are both off (Clerk requires one)"
                .to_string(),
        );
    }
    if s.clock_skew_seconds > 300 {
        problems.push(format!(
            "`clock_skew_seconds` = {} exceeds 300",
            s.clock_skew_seconds
        ));
    }
    if !(30..=315_360_000).contains(&s.token_lifetime_seconds) {
        problems.push(format!(
            "`token_lifetime_seconds` = {} is outside 30…315360000",
            s.token_lifetime_seconds
        ));
    }
    for party in &s.authorized_parties {
        let ok = url::Url::parse(party).is_ok_and(|u| {
            matches!(u.scheme(), "http" | "https")
                && u.host_str().is_some()
                && u.path() == "/"
                && !party.ends_with('/')
        });
        if !ok {
            problems.push(format!(
                "authorized party `{party}` is not an origin (`https://host[:port]`)"
            ));
        }
    }
    for t in &config.jwt_templates {
        if t.name.trim().is_empty() {
            problems.push("a `[[jwt_template]]` has no name".into());
        }
        if let Some(file) = &t.file {
            let full = ctx.project_dir.join(file);
            match std::fs::read_to_string(&full) {
                Ok(body) if serde_json::from_str::<Value>(&body).is_ok() => {}
                Ok(_) => problems.push(format!("template file `{file}` is not JSON")),
                Err(e) => problems.push(format!("template file `{file}`: {e}")),
            }
        }
    }
    if problems.is_empty() {
        Outcome::pass()
    } else {
        Outcome::fail(
            problems.join("; "),
            "no inconsistencies",
            format!("{} problem(s)", problems.len()),
        )
    }
}

/// The project directory checks `configure --check` runs (middleware/proxy file and name for the
/// installed Next.js major, `clerkMiddleware`, the `/__clerk/(.*)` matcher, git-ignored
/// `.env*.local`, …): errors fail, warnings are reported with the pass.
fn project(ctx: &Ctx) -> Outcome {
    use crate::scaffold::check::{Severity, check_project};
    if !ctx.project_dir.join("package.json").is_file() {
        return Outcome::Skip("not a JavaScript project (no `package.json`)".into());
    }
    let findings = check_project(&ctx.project_dir);
    let describe = |f: &crate::scaffold::check::Finding| match &f.file {
        Some(file) => format!("{} ({}: {})", f.code, file.display(), f.message),
        None => format!("{} ({})", f.code, f.message),
    };
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(describe)
        .collect();
    let warnings: Vec<&str> = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .map(|f| f.code)
        .collect();
    if errors.is_empty() {
        Outcome::Pass(
            (!warnings.is_empty()).then(|| format!("(warnings: {})", warnings.join(", "))),
        )
    } else {
        Outcome::fail(
            "the project's Clerk wiring is broken (`clerkctl configure --check` explains)",
            "no errors",
            errors.join("; "),
        )
    }
}
