//! `clerkctl test`: run session test suites against live Clerk, a running emulator
//! (`--api-url`) or the embedded emulator, then clean up and report (text, JSON, JUnit, GitHub).

pub mod checks;
pub mod cleanup;
pub mod context;
pub mod junit;
pub mod report;
pub mod runner;

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::Value;

use self::checks::SUITES;
use self::cleanup::{
    CleanupReport, RUN_ID_LEN, RunOutcome, Selection, Tracker, cleanup_leftovers, cleanup_run,
    human_age, is_run_id, new_run_id,
};
use self::context::{Ctx, Expectations, Source, Sources, Target, TemplateExpectation};
use self::report::{JsonReport, SilentProgress, TargetReport, TextProgress};
use self::runner::{Abort, Progress, Recorder, Shared, Status, Summary};
use crate::clerk::api::{ApiError, ClerkClient, RateLimiter, RequestLog};
use crate::clerk::keys::{KeyEnvironment, PublishableKey, Secret};
use crate::cli::TestArgs;
use crate::emulator::{Emulator, EmulatorConfig, EmulatorHandle};
use crate::error::{ExitStatus, UserError};
use crate::jwt::jwk::Jwks;
use crate::jwt::verify::KeySet;
use crate::project::SessionMode;
use crate::settings::Settings;

/// Run `clerkctl test`.
pub async fn run(args: &TestArgs, settings: &Settings) -> anyhow::Result<ExitStatus> {
    let cleanup_only = args.suites.iter().any(|s| s == "cleanup");
    if args.rate_limit == 0 {
        return Err(UserError::usage(
            "`--rate-limit 0` would never send a request",
        )
        .with_hint("give the requests per 10 seconds to stay under: development instances allow 100, the default is 90")
        .into());
    }
    if !cleanup_only && (args.older_than.is_some() || !args.runs.is_empty()) {
        let flag = if args.older_than.is_some() {
            "--older-than"
        } else {
            "--run"
        };
        return Err(
            UserError::usage(format!("`{flag}` only applies to `test cleanup`"))
                .with_hint(format!(
                    "run `clerkctl test cleanup {flag} …`, or drop `{flag}`"
                ))
                .into(),
        );
    }
    if cleanup_only {
        if args.suites.len() > 1 {
            return Err(UserError::usage("`cleanup` cannot be combined with suites").into());
        }
        return run_cleanup(args, settings).await;
    }
    let selected = select_suites(&args.suites)?;
    let mut expect = expectations(args, settings)?;
    let (client, target, handle, kind) = match connect(args, settings, &expect).await {
        Ok(c) => c,
        Err(e) => {
            let target = if uses_embedded(args, settings) {
                TargetReport {
                    kind: "emulator",
                    api_url: String::new(),
                    emulator: true,
                }
            } else {
                TargetReport {
                    kind: if settings.api_url_is_explicit() {
                        "api_url"
                    } else {
                        "live"
                    },
                    api_url: settings.api_url(),
                    emulator: false,
                }
            };
            untested(args, &settings.printer, &target, &e)?;
            return Err(e.into());
        }
    };
    if target.emulator
        && handle.is_none()
        && let Err(e) = adopt_emulator_settings(&client, &mut expect).await
    {
        let report = TargetReport {
            kind,
            api_url: target.api_url.clone(),
            emulator: true,
        };
        untested(args, &settings.printer, &report, &e)?;
        return Err(e.into());
    }
    let outcome = run_suites(args, settings, client, target, expect, &selected, kind).await;
    if let Some(handle) = handle {
        handle.shutdown().await;
    }
    outcome
}

fn select_suites(names: &[String]) -> Result<Vec<&'static str>, UserError> {
    let mut out: Vec<&'static str> = Vec::new();
    for name in names {
        if name == "all" {
            return Ok(SUITES
                .iter()
                .map(|s| s.name)
                .filter(|n| !checks::NOT_IN_ALL.contains(n))
                .collect());
        }
        match SUITES.iter().find(|s| s.name == name) {
            Some(s) if !out.contains(&s.name) => out.push(s.name),
            Some(_) => {}
            None => {
                let known: Vec<&str> = SUITES.iter().map(|s| s.name).collect();
                return Err(UserError::usage(format!("unknown suite `{name}`"))
                    .with_hint(format!("suites: {}, all, cleanup", known.join(", "))));
            }
        }
    }
    Ok(out)
}

fn expectations(args: &TestArgs, settings: &Settings) -> Result<Expectations, UserError> {
    let s = &settings.project.session;
    let templates = if args.templates.is_empty() {
        let mut out = Vec::new();
        for t in &settings.project.jwt_templates {
            let local = match &t.file {
                Some(file) => {
                    let path = settings.project_dir.join(file);
                    let text = crate::files::read_text_limited(&path, crate::files::CONFIG_LIMIT)
                        .map_err(|e| {
                        UserError::usage(format!(
                            "cannot read template file `{}`: {e}",
                            path.display()
                        ))
                    })?;
                    Some(serde_json::from_str::<Value>(&text).map_err(|e| {
                        UserError::usage(format!(
                            "template file `{}` is not JSON: {e}",
                            path.display()
                        ))
                    })?)
                }
                None => None,
            };
            out.push(TemplateExpectation {
                name: t.name.clone(),
                local,
            });
        }
        out
    } else {
        args.templates
            .iter()
            .map(|name| TemplateExpectation {
                name: name.clone(),
                local: None,
            })
            .collect()
    };
    let in_file = session_keys_in_file(settings);
    let source = |flag: Option<&'static str>, key: &str| match flag {
        Some(name) => Source::Flag(name),
        None if in_file.iter().any(|k| k == key) => Source::ProjectFile,
        None => Source::ClerkDefault,
    };
    let sources = Sources {
        token_lifetime: source(
            args.token_lifetime.map(|_| "--token-lifetime"),
            "token_lifetime_seconds",
        ),
        max_lifetime: source(
            args.max_lifetime.map(|_| "--max-lifetime"),
            "max_lifetime_seconds",
        ),
        inactivity_timeout: source(None, "inactivity_timeout_seconds"),
        clock_skew: source(
            args.clock_skew.map(|_| "--clock-skew"),
            "clock_skew_seconds",
        ),
        mode: source(args.session_mode.map(|_| "--session-mode"), "mode"),
        authorized_parties: source(
            (!args.authorized_parties.is_empty()).then_some("--authorized-party"),
            "authorized_parties",
        ),
    };
    let expect = Expectations {
        token_lifetime: args.token_lifetime.unwrap_or(s.token_lifetime_seconds),
        max_lifetime: args.max_lifetime.unwrap_or(s.max_lifetime_seconds),
        inactivity_timeout: s.inactivity_timeout_seconds,
        clock_skew: args.clock_skew.unwrap_or(s.clock_skew_seconds),
        mode: args.session_mode.unwrap_or(s.mode),
        authorized_parties: if args.authorized_parties.is_empty() {
            s.authorized_parties.clone()
        } else {
            args.authorized_parties.clone()
        },
        templates,
        sources,
    };
    if expect.clock_skew > 300 {
        return Err(UserError::usage(format!(
            "a clock skew of {} s is more than Clerk allows (300 s)",
            expect.clock_skew
        )));
    }
    if expect.token_lifetime < 30 {
        return Err(UserError::usage(format!(
            "a token lifetime of {} s is below Clerk's minimum (30 s)",
            expect.token_lifetime
        )));
    }
    Ok(expect)
}

/// The `[session]` keys `clerkctl.toml` sets (absent ones are Clerk's defaults, or a running
/// emulator's settings).
fn session_keys_in_file(settings: &Settings) -> Vec<String> {
    let Some(text) = settings
        .project_file
        .as_ref()
        .and_then(|p| std::fs::read_to_string(p).ok())
    else {
        return Vec::new();
    };
    text.parse::<toml::Table>()
        .ok()
        .and_then(|t| t.get("session")?.as_table().cloned())
        .map(|session| session.keys().cloned().collect())
        .unwrap_or_default()
}

/// For a separately started `clerkctl emulator`, every session expectation neither a flag nor
/// `clerkctl.toml` sets comes from the emulator's own settings: it was started with them on
/// purpose, and Clerk's defaults would fail it for that.
async fn adopt_emulator_settings(
    client: &ClerkClient,
    expect: &mut Expectations,
) -> Result<(), UserError> {
    let settings: Value = client
        .control(Method::GET, "/__clerkctl/session_settings", None::<&()>)
        .await?;
    let int = |key: &str| settings.get(key).and_then(Value::as_u64);
    let src = &mut expect.sources;
    if src.token_lifetime == Source::ClerkDefault
        && let Some(v) = int("token_lifetime_seconds")
    {
        expect.token_lifetime = v;
        src.token_lifetime = Source::EmulatorSettings;
    }
    if src.max_lifetime == Source::ClerkDefault
        && let Some(v) = int("max_lifetime_seconds")
    {
        expect.max_lifetime = v;
        src.max_lifetime = Source::EmulatorSettings;
    }
    if src.inactivity_timeout == Source::ClerkDefault
        && let Some(v) = int("inactivity_timeout_seconds")
    {
        expect.inactivity_timeout = v;
        src.inactivity_timeout = Source::EmulatorSettings;
    }
    if src.mode == Source::ClerkDefault {
        let mode = match settings.get("mode").and_then(Value::as_str) {
            Some("multi") => Some(SessionMode::Multi),
            Some("single") => Some(SessionMode::Single),
            _ => None,
        };
        if let Some(mode) = mode {
            expect.mode = mode;
            src.mode = Source::EmulatorSettings;
        }
    }
    if src.authorized_parties == Source::ClerkDefault {
        expect.authorized_parties = settings
            .get("authorized_party")
            .and_then(Value::as_str)
            .map(|p| vec![p.to_string()])
            .unwrap_or_default();
        src.authorized_parties = Source::EmulatorSettings;
    }
    Ok(())
}

fn make_client(
    api_url: &str,
    api_version: &str,
    secret: Secret,
    args: &TestArgs,
    settings: &Settings,
) -> ClerkClient {
    let printer = settings.printer.clone();
    ClerkClient::new(api_url, api_version, secret)
        .with_repeatable_writes()
        .with_limiter(Arc::new(RateLimiter::new(
            args.rate_limit,
            Duration::from_secs(10),
        )))
        .with_observer(Arc::new(move |log: &RequestLog| {
            printer.debug(&log.to_string())
        }))
}

/// True when the run targets the embedded emulator: asked for, or nothing else is configured.
fn uses_embedded(args: &TestArgs, settings: &Settings) -> bool {
    args.emulator || (!settings.has_secret_key() && !settings.api_url_is_explicit())
}

/// Resolve the target: embedded emulator, or the configured instance (which may be an emulator).
async fn connect(
    args: &TestArgs,
    settings: &Settings,
    expect: &Expectations,
) -> Result<(ClerkClient, Target, Option<EmulatorHandle>, &'static str), UserError> {
    if uses_embedded(args, settings) {
        let session = crate::project::SessionConfig {
            max_lifetime_seconds: expect.max_lifetime,
            inactivity_timeout_seconds: expect.inactivity_timeout,
            mode: expect.mode,
            token_lifetime_seconds: expect.token_lifetime,
            clock_skew_seconds: expect.clock_skew,
            authorized_parties: expect.authorized_parties.clone(),
            claims: settings.project.session.claims.clone(),
        };
        // A new development instance: Backend API tokens carry no `azp`, Organizations follow
        // `[organizations] enabled` (off by default).
        let config = EmulatorConfig {
            session,
            organizations: Some(settings.project.organizations.enabled),
            ..EmulatorConfig::default()
        };
        let handle = Emulator::start(config).await.map_err(|e| {
            UserError::unavailable(format!("cannot start the embedded emulator: {e}"))
        })?;
        let client = make_client(
            &handle.url(),
            "v1",
            handle.secret_key().clone(),
            args,
            settings,
        );
        let pk = handle.publishable_key().clone();
        let target = Target {
            api_url: handle.url(),
            emulator: true,
            frontend_api_url: Some(handle.frontend_api_url()),
            secret_key_environment: Some(KeyEnvironment::Test),
            publishable_key: Some(pk),
            publishable_key_error: None,
        };
        return Ok((client, target, Some(handle), "emulator"));
    }
    let Some(sk) = settings.secret_key()? else {
        return Err(UserError::usage("`--api-url` needs the target's secret key").with_hint(
            "set `CLERK_SECRET_KEY` to the emulator's key (`clerkctl emulator` prints it), or drop `--api-url` to use the embedded emulator",
        ));
    };
    if sk.environment() == KeyEnvironment::Live && !args.allow_production {
        return Err(UserError::usage(
            "refusing to run against a production instance (`sk_live_` key): the suites create and delete users, sessions, organizations and JWT templates",
        )
        .with_hint("use a development instance's `sk_test_` key, or pass `--allow-production` if you mean it"));
    }
    let (pk, pk_error) = match settings.publishable_key() {
        Ok(pk) => (pk, None),
        Err(e) => (None, Some(e.message)),
    };
    // Keys of two environments are a configuration error (exit 2), as in `verify`.
    if let Some(pk) = &pk {
        crate::settings::check_same_environment(sk.environment(), pk.environment())?;
    }
    let client = make_client(
        &settings.api_url(),
        &settings.api_version(),
        sk.secret().clone(),
        args,
        settings,
    );
    let health = client
        .control::<(), Value>(Method::GET, "/__clerkctl/health", None)
        .await;
    let (emulator, emulator_fapi) = match health {
        Ok(v) if v.get("emulator").and_then(Value::as_str) == Some("clerkctl") => (
            true,
            v.get("frontend_api_url")
                .and_then(Value::as_str)
                .map(str::to_string),
        ),
        Err(e) if e.is_unavailable() || matches!(e, ApiError::Invalid(_)) => {
            return Err(e.into());
        }
        _ => (false, None),
    };
    // A clerkctl emulator's publishable key is its Frontend API host, encoded: a user who
    // exported only the emulator's secret key is set up correctly.
    let (pk, pk_error) = match (&pk, &emulator_fapi) {
        (None, Some(fapi)) if pk_error.is_none() => (
            crate::emulator::url_host(fapi)
                .ok()
                .map(|host| PublishableKey::for_host(KeyEnvironment::Test, &host)),
            None,
        ),
        _ => (pk, pk_error),
    };
    let frontend_api_url = emulator_fapi.or_else(|| {
        pk.as_ref()
            .map(crate::clerk::keys::PublishableKey::frontend_api_url)
    });
    let target = Target {
        api_url: settings.api_url(),
        emulator,
        frontend_api_url,
        secret_key_environment: Some(sk.environment()),
        publishable_key: pk,
        publishable_key_error: pk_error,
    };
    let kind = if settings.api_url_is_explicit() {
        "api_url"
    } else {
        "live"
    };
    Ok((client, target, None, kind))
}

async fn fetch_jwks(client: &ClerkClient) -> Result<Jwks, UserError> {
    match client.get::<Jwks>("/jwks", &[]).await {
        Ok(j) => Ok(j),
        // A JWKS that does not parse is `basic.jwks`'s failure to report, not a reason to stop.
        Err(ApiError::Decode(_)) => Ok(Jwks::default()),
        Err(e) => Err(UserError::from(e)),
    }
}

async fn run_suites(
    args: &TestArgs,
    settings: &Settings,
    client: ClerkClient,
    target: Target,
    expect: Expectations,
    selected: &[&'static str],
    kind: &'static str,
) -> anyhow::Result<ExitStatus> {
    let printer = settings.printer.clone();
    let started = Instant::now();
    let target_report = TargetReport {
        kind,
        api_url: target.api_url.clone(),
        emulator: target.emulator,
    };
    let jwks = match fetch_jwks(&client).await {
        Ok(j) => j,
        Err(e) => {
            untested(args, &printer, &target_report, &e)?;
            return Err(e.into());
        }
    };
    let keys = KeySet::from_jwks(&jwks).ok().filter(|k| !k.is_empty());
    let organizations = match Ctx::organization_support(&client).await {
        Ok(o) => o,
        Err(e) => {
            let e = UserError::from(e);
            untested(args, &printer, &target_report, &e)?;
            return Err(e.into());
        }
    };
    let run_id = new_run_id();
    let tracker = Arc::new(Tracker::default());
    let ctx = Ctx {
        client: client.clone(),
        run_id: run_id.clone(),
        expect,
        target,
        jwks,
        keys,
        tracker: tracker.clone(),
        organizations,
        real_time: args.real_time,
        project_dir: settings.project_dir.clone(),
        project_file: settings.project_file.clone(),
    };
    let text_progress = (!printer.is_json()).then(|| Arc::new(TextProgress::new(printer.clone())));
    let progress: Arc<dyn Progress> = match &text_progress {
        Some(p) => p.clone(),
        None => Arc::new(SilentProgress),
    };
    let shared = Shared::new(args.filter.clone(), args.fail_fast, progress);
    shared.set_live(!ctx.target.emulator);
    let chosen: Vec<&'static str> = selected
        .iter()
        .copied()
        .filter(|name| {
            SUITES
                .iter()
                .find(|s| s.name == *name)
                .is_some_and(|s| shared.suite_selected(s.name, s.checks))
        })
        .collect();
    if chosen.is_empty() {
        return Err(UserError::usage("no check matches the filter")
            .with_hint("check ids look like `jwt-verify.sub`; `--filter sub` matches it")
            .into());
    }
    printer.info(&printer.dim_err(&format!(
        "clerkctl test: run {run_id} against {} ({})",
        ctx.target.api_url,
        if ctx.target.emulator {
            "emulator"
        } else {
            "Clerk"
        }
    )));

    // Read before any suite moves the emulator's clock, and put back afterwards whatever happens.
    let clock_offset = if ctx.target.emulator {
        ctx.clock_offset_ms().await.unwrap_or(0)
    } else {
        0
    };
    let mut interrupts = Interrupts::new();
    let suites = all_suites(&ctx, &shared, &chosen);
    tokio::pin!(suites);
    let finished = tokio::select! {
        r = &mut suites => Some(r),
        () = interrupts.next() => None,
    };
    if let Some(p) = &text_progress {
        p.clear();
    }
    let Some(aborted) = finished else {
        // Interrupted: stop the suites (dropping them cancels their requests), then clean up.
        shared.request_stop();
        printer.warn("interrupted: deleting this run's test data (press Ctrl-C again to skip)");
        if ctx.target.emulator {
            // One control request (never slowed by faults), so not worth making skippable.
            let _ = ctx.restore_clock(clock_offset).await;
        }
        tokio::select! {
            report = cleanup_run(&client, &tracker, &run_id) => report_cleanup(&printer, &report, &run_id),
            () = interrupts.next() => printer.warn(&format!(
                "cleanup aborted: run `clerkctl test cleanup --run {run_id}` to remove its leftovers"
            )),
        }
        return Ok(ExitStatus::Interrupted);
    };
    if ctx.target.emulator {
        // The suites moved the emulator's clock; give it back the time it had.
        let _ = ctx.restore_clock(clock_offset).await;
    }
    // The suites are done; a first Ctrl-C now only says the cleanup goes on, a second skips it.
    let cleanup = cleanup_run(&client, &tracker, &run_id);
    tokio::pin!(cleanup);
    let cleanup = tokio::select! {
        report = &mut cleanup => report,
        () = interrupts.next() => {
            printer.warn("interrupted: still deleting this run's test data (press Ctrl-C again to skip)");
            tokio::select! {
                report = &mut cleanup => report,
                () = interrupts.next() => {
                    printer.warn(&format!(
                        "cleanup aborted: run `clerkctl test cleanup --run {run_id}` to remove its leftovers"
                    ));
                    return Ok(ExitStatus::Interrupted);
                }
            }
        }
    };
    let unavailable: Option<ApiError> = aborted;
    finish(
        args,
        &printer,
        &run_id,
        &target_report,
        &shared,
        &chosen,
        &cleanup,
        unavailable,
        started,
    )
}

/// Ctrl-C presses as a stream, listened to from before the suites start: a second press while
/// the first is being handled (the cleanup is starting) is buffered, not lost, so "press Ctrl-C
/// again to skip" always works.
struct Interrupts {
    #[cfg(unix)]
    inner: Option<tokio::signal::unix::Signal>,
    #[cfg(windows)]
    inner: Option<tokio::signal::windows::CtrlC>,
}

impl Interrupts {
    fn new() -> Self {
        // Without a signal handler the run is simply not interruptible gracefully (the default
        // action still ends it; `test cleanup --run <id>` removes what it left).
        #[cfg(unix)]
        let inner = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok();
        #[cfg(windows)]
        let inner = tokio::signal::windows::ctrl_c().ok();
        Self { inner }
    }

    /// The next Ctrl-C (never, when no handler could be installed).
    async fn next(&mut self) {
        let pressed = match &mut self.inner {
            Some(signal) => signal.recv().await.is_some(),
            None => false,
        };
        if !pressed {
            // No handler, or the signal driver is gone: no press can come any more.
            std::future::pending::<()>().await;
        }
    }
}

/// Phase one runs the independent suites concurrently; `refresh` and `expiration` move the
/// emulator's clock, so they run after, one at a time. Returns the unavailability that stopped
/// the run, if any.
async fn all_suites(ctx: &Ctx, shared: &Arc<Shared>, chosen: &[&'static str]) -> Option<ApiError> {
    let want = |name: &str| chosen.contains(&name);
    let rec = |name: &'static str| Recorder::new(name, shared.clone());
    let (a, b, c, d) = tokio::join!(
        async {
            if want("basic") {
                checks::basic::run(ctx, &rec("basic")).await
            } else {
                Ok(())
            }
        },
        async {
            if want("jwt-verify") {
                checks::jwt_verify::run(ctx, &rec("jwt-verify")).await
            } else {
                Ok(())
            }
        },
        async {
            if want("custom-claims") {
                checks::custom_claims::run(ctx, &rec("custom-claims")).await
            } else {
                Ok(())
            }
        },
        async {
            if want("multi-session") {
                checks::multi_session::run(ctx, &rec("multi-session")).await
            } else {
                Ok(())
            }
        },
    );
    for r in [a, b, c, d] {
        if let Err(Abort::Unavailable(e)) = r {
            shared.request_stop();
            return Some(e);
        }
    }
    if want("refresh")
        && let Err(Abort::Unavailable(e)) = checks::refresh::run(ctx, &rec("refresh")).await
    {
        return Some(e);
    }
    if want("expiration")
        && let Err(Abort::Unavailable(e)) = checks::expiration::run(ctx, &rec("expiration")).await
    {
        return Some(e);
    }
    // Moves the emulator's clock too.
    if want("fidelity")
        && let Err(Abort::Unavailable(e)) = checks::fidelity::run(ctx, &rec("fidelity")).await
    {
        return Some(e);
    }
    None
}

fn report_cleanup(printer: &crate::output::Printer, report: &CleanupReport, run_id: &str) {
    if report.failed.is_empty() {
        printer.info(&printer.dim_err(&format!("cleanup: deleted {} resource(s)", report.deleted)));
    } else {
        for f in &report.failed {
            printer.warn(&format!("cleanup: could not delete {f}"));
        }
        printer.warn(&format!(
            "run `clerkctl test cleanup --run {run_id}` to remove the leftovers"
        ));
    }
}

/// The selected checks of the chosen suites that have no result because their suite stopped
/// early: a failed set-up, `--fail-fast`, or an unavailable instance.
fn unrun_checks(
    results: &[runner::CheckResult],
    shared: &Shared,
    chosen: &[&'static str],
    unavailable: bool,
) -> Vec<runner::CheckResult> {
    let mut out = Vec::new();
    for suite in SUITES.iter().filter(|s| chosen.contains(&s.name)) {
        let setup_failed = results
            .iter()
            .any(|r| r.id == format!("{}.setup", suite.name) && r.status == Status::Failed);
        let why = if setup_failed {
            "the suite's test data could not be created (see its `setup` failure)"
        } else if unavailable {
            "the instance could not be reached or kept failing"
        } else if shared.stopped() {
            "`--fail-fast` stopped the run at the first failure"
        } else {
            continue;
        };
        for check in suite.checks {
            let id = format!("{}.{check}", suite.name);
            // Configured templates report `template.<name>.<check>` for `template.<check>`.
            let ran = results.iter().any(|r| {
                r.id == id
                    || (check.starts_with("template.")
                        && r.id.starts_with(&format!("{}.template.", suite.name))
                        && r.id.ends_with(&check["template".len()..]))
            });
            if shared.selected(&id) && !ran {
                out.push(runner::not_run(suite.name, check, "did not run", why));
            }
        }
    }
    out
}

#[expect(
    clippy::too_many_arguments,
    reason = "the report's parts, gathered by `run_suites`"
)]
fn finish(
    args: &TestArgs,
    printer: &crate::output::Printer,
    run_id: &str,
    target: &TargetReport,
    shared: &Shared,
    chosen: &[&'static str],
    cleanup: &CleanupReport,
    unavailable: Option<ApiError>,
    started: Instant,
) -> anyhow::Result<ExitStatus> {
    let mut results = shared.results();
    let order = |suite: &str| {
        SUITES
            .iter()
            .position(|s| s.name == suite)
            .unwrap_or(usize::MAX)
    };
    if shared.stopped() || unavailable.is_some() || results.iter().any(|r| r.id.ends_with(".setup"))
    {
        let more = unrun_checks(&results, shared, chosen, unavailable.is_some());
        if !printer.is_json() {
            // Streamed lines came as checks finished; these never started.
            for r in &more {
                printer.out(&report::check_line(printer, r))?;
            }
        }
        results.extend(more);
    }
    results.sort_by_key(|r| order(&r.suite));
    let summary = Summary::of(&results);
    let took = started.elapsed();
    let took_ms = u64::try_from(took.as_millis()).unwrap_or(u64::MAX);
    let error = unavailable
        .as_ref()
        .map(|e| crate::clerk::keys::redact_all(&e.to_string()));
    write_junit(args, &results, took_ms, error.as_deref())?;
    let github = on_github_actions();
    if printer.is_json() {
        printer.json(&JsonReport {
            run_id,
            target,
            passed: summary.failed == 0 && error.is_none(),
            summary,
            duration_ms: took_ms,
            checks: &results,
            cleanup,
            error: error.clone(),
        })?;
        if github {
            // stdout holds the JSON document; the runner reads workflow commands from stderr
            // too. Not hidden by `-q`: annotations are the report on GitHub.
            for line in report::github_annotations(&results, error.as_deref()) {
                crate::output::stderr_line(&line);
            }
        }
    } else {
        if github {
            for line in report::github_annotations(&results, error.as_deref()) {
                printer.out(&line)?;
            }
        }
        printer.out(&report::summary_line(printer, &summary, took))?;
        report_cleanup(printer, cleanup, run_id);
    }
    if let Some(e) = unavailable {
        // Never a pass and never a check failure: the instance could not be tested.
        return Err(UserError::from(e).into());
    }
    let failed = results.iter().any(|r| r.status == Status::Failed);
    Ok(if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// The run stops before any check because the instance is unavailable (exit 3): CI reads the
/// JUnit file, the annotations and the JSON document, so they must say the instance was not
/// tested. The JSON document has the report's shape with no run (`run_id` null) and no checks.
fn untested(
    args: &TestArgs,
    printer: &crate::output::Printer,
    target: &TargetReport,
    e: &UserError,
) -> Result<(), UserError> {
    if e.status != ExitStatus::Unavailable {
        return Ok(());
    }
    write_junit(args, &[], 0, Some(&e.message))?;
    if printer.is_json() {
        let message = crate::clerk::keys::redact_all(&e.message);
        printer
            .json(&serde_json::json!({
                "run_id": null,
                "target": target,
                "passed": false,
                "summary": runner::Summary::default(),
                "duration_ms": 0,
                "checks": [],
                "cleanup": CleanupReport::default(),
                "error": message,
            }))
            .map_err(|e| UserError::usage(format!("cannot write stdout: {e}")))?;
    }
    if on_github_actions() {
        // stderr: stdout stays empty (or JSON-free) for a run that produced no report.
        for line in report::github_annotations(&[], Some(&e.message)) {
            crate::output::stderr_line(&line);
        }
    }
    Ok(())
}

/// Write `--junit FILE` when asked; `error` makes it carry the unavailability (exit 3).
fn write_junit(
    args: &TestArgs,
    results: &[runner::CheckResult],
    took_ms: u64,
    error: Option<&str>,
) -> Result<(), UserError> {
    let Some(path) = &args.junit else {
        return Ok(());
    };
    let started =
        chrono::Utc::now() - chrono::Duration::milliseconds(i64::try_from(took_ms).unwrap_or(0));
    let timestamp = started.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    crate::files::write_atomic(
        path,
        junit::render(results, took_ms, &timestamp, error).as_bytes(),
        crate::files::WriteMode::OUTPUT,
    )
    .map_err(|e| UserError::usage(format!("cannot write `{}`: {e}", path.display())))
}

/// The runs `test cleanup` removes, from `--run` and `--older-than` (exit 2 when malformed).
fn cleanup_selection(args: &TestArgs) -> Result<Selection, UserError> {
    if !args.runs.is_empty() {
        if args.older_than.is_some() {
            return Err(
                UserError::usage("`--run` and `--older-than` cannot be combined")
                    .with_hint("`--run ID` removes that run whatever its age; drop one of them"),
            );
        }
        let mut runs: Vec<String> = Vec::new();
        for run in &args.runs {
            if !is_run_id(run) {
                return Err(UserError::usage(format!("`--run {run}` is not a run id"))
                    .with_hint(format!(
                        "a run id is {RUN_ID_LEN} lowercase letters and digits, as in `clerkctl test: run k3x9q0a1bz …`"
                    )));
            }
            if !runs.contains(run) {
                runs.push(run.clone());
            }
        }
        return Ok(Selection::Runs(runs));
    }
    let text = args.older_than.as_deref().unwrap_or(DEFAULT_OLDER_THAN);
    let age = crate::jwt::time::parse_duration(text).map_err(|e| {
        UserError::usage(format!("invalid `--older-than`: {e}")).with_hint(
            "examples: `--older-than 10m`, `--older-than 2h`, `--older-than 0s` (every run)",
        )
    })?;
    Ok(Selection::OlderThan {
        age,
        text: text.trim().to_string(),
    })
}

/// `--older-than` when not given: longer than any run takes, so a run still going is kept.
const DEFAULT_OLDER_THAN: &str = "10m";

/// `clerkctl test cleanup`: delete the resources of finished-but-interrupted runs (idle for
/// `--older-than`, or named by `--run`), nothing else.
async fn run_cleanup(args: &TestArgs, settings: &Settings) -> anyhow::Result<ExitStatus> {
    let selection = cleanup_selection(args)?;
    let Some(sk) = settings.secret_key()? else {
        return Err(UserError::usage("`test cleanup` needs the instance's secret key")
            .with_hint("set `CLERK_SECRET_KEY` (and `--api-url` for a running emulator); the embedded emulator keeps nothing between runs")
            .into());
    };
    if sk.environment() == KeyEnvironment::Live && !args.allow_production {
        return Err(UserError::usage(
            "refusing to delete from a production instance (`sk_live_` key)",
        )
        .with_hint("pass `--allow-production` to remove test leftovers there")
        .into());
    }
    let client = make_client(
        &settings.api_url(),
        &settings.api_version(),
        sk.secret().clone(),
        args,
        settings,
    );
    let report = cleanup_leftovers(&client, &selection)
        .await
        .map_err(UserError::from)?;
    let printer = &settings.printer;
    if report.clock == "local" {
        printer.debug("cleanup: the instance sent no `Date` header; run ages use the local clock");
    }
    if printer.is_json() {
        printer.json(&report)?;
    } else {
        for run in &report.runs {
            printer.out(&cleanup_line(run))?;
        }
        let kept = report.runs.iter().filter(|r| r.action == "skipped").count();
        let removed = report.runs.iter().filter(|r| r.action == "deleted").count();
        printer.out(&format!(
            "deleted {} leftover resource(s) of {removed} run(s); kept {kept} active run(s)",
            report.deleted
        ))?;
        for f in &report.failed {
            printer.warn(&format!("could not delete {f}"));
        }
    }
    Ok(if report.failed.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

/// One run's line of the `test cleanup` report.
fn cleanup_line(run: &RunOutcome) -> String {
    let id = &run.run_id;
    match run.action {
        "skipped" => format!(
            "run {id}: {}; pass --run {id} to remove it now",
            run.reason.as_deref().unwrap_or("kept")
        ),
        "not_found" => format!("run {id}: nothing carries this run id"),
        _ => {
            let k = run.deleted_by_kind;
            let mut line = format!(
                "run {id}: deleted {} user(s), {} JWT template(s), {} organization(s)",
                k.users, k.jwt_templates, k.organizations
            );
            if let Some(age) = run.age_ms {
                line.push_str(&format!(" (last active {} ago)", human_age(age)));
            }
            if !run.failed.is_empty() {
                line.push_str(&format!("; {} could not be deleted", run.failed.len()));
            }
            line
        }
    }
}

/// True inside a GitHub Actions job (`GITHUB_ACTIONS=true`): annotations are printed.
fn on_github_actions() -> bool {
    std::env::var(crate::env_vars::GITHUB_ACTIONS).is_ok_and(|v| v == "true")
}
