//! `clerkctl emulator`: serve the local Backend API until Ctrl-C, or in the background.

use serde_json::json;

use crate::cli::EmulatorArgs;
use crate::emulator::{Emulator, EmulatorConfig, EmulatorError, EmulatorHandle};
use crate::env_vars;
use crate::error::{ExitStatus, UserError};
use crate::settings::Settings;

/// Start the emulator, print how to point clients at it, serve until Ctrl-C (or SIGTERM, what
/// service managers and `docker stop` send), then shut down cleanly (pending state-file writes
/// included) and exit 0.
pub async fn run(args: &EmulatorArgs, settings: &Settings) -> anyhow::Result<ExitStatus> {
    let config = config_from(args, settings)?;
    if args.background {
        return super::emulator_background::start(settings);
    }
    if let Some(path) = &config.state_file {
        create_parent_dir(path, "--state")?;
    }
    let started = std::time::Instant::now();
    let handle = Emulator::start(config).await.map_err(start_error)?;
    let ready_ms = started.elapsed().as_secs_f64() * 1000.0;
    let p = &settings.printer;
    let url = handle.url();
    if p.is_json() || super::emulator_background::is_child() {
        let secret = handle
            .secret_key_generated()
            .then(|| handle.secret_key().expose().to_string());
        p.json_line(&json!({
            "url": url,
            "api_url": url,
            "frontend_api_url": handle.frontend_api_url(),
            "jwks_url": format!("{url}/.well-known/jwks.json"),
            "publishable_key": handle.publishable_key().as_str(),
            "secret_key": secret,
            "jwt_key": handle.jwt_key_pem(),
            "ready_ms": ready_ms,
        }))?;
    } else {
        p.info(&format!(
            "clerkctl emulator listening on {url} (ready in {ready_ms:.1} ms)"
        ));
        p.out(&format!("export CLERK_API_URL={url}"))?;
        if handle.secret_key_generated() {
            // The emulator's own throwaway key: the one secret clerkctl prints, on stdout only.
            p.out(&format!(
                "export CLERK_SECRET_KEY={}",
                handle.secret_key().expose()
            ))?;
        } else {
            p.out("# CLERK_SECRET_KEY: the key given with `--secret-key`")?;
        }
        p.out(&format!(
            "export CLERK_PUBLISHABLE_KEY={}",
            handle.publishable_key().as_str()
        ))?;
        p.info("press Ctrl-C to stop");
    }
    stop_signal()
        .await
        .map_err(|e| UserError::failure(format!("cannot wait for Ctrl-C: {e}")))?;
    p.info("shutting down");
    handle.shutdown().await;
    Ok(ExitStatus::Success)
}

/// Start the emulator `args` describe; also how long it took, in milliseconds. A failure to
/// listen is exit 3 (a bad flag value or state file is exit 2).
pub(super) async fn start(
    args: &EmulatorArgs,
    settings: &Settings,
) -> Result<(EmulatorHandle, f64), UserError> {
    let config = config_from(args, settings)?;
    if let Some(path) = &config.state_file {
        create_parent_dir(path, "--state")?;
    }
    let started = std::time::Instant::now();
    let handle = Emulator::start(config).await.map_err(start_error)?;
    Ok((handle, started.elapsed().as_secs_f64() * 1000.0))
}

/// What a client of `handle` needs in its environment: the variables Clerk's SDKs read.
pub(super) fn client_env(handle: &EmulatorHandle) -> Vec<(&'static str, String)> {
    let pk = handle.publishable_key().as_str().to_string();
    vec![
        (env_vars::CLERK_API_URL, handle.url()),
        (
            env_vars::CLERK_SECRET_KEY,
            handle.secret_key().expose().to_string(),
        ),
        (env_vars::CLERK_PUBLISHABLE_KEY, pk.clone()),
        (env_vars::NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY, pk),
        (env_vars::CLERK_JWT_KEY, handle.jwt_key_pem().to_string()),
    ]
}

/// Create the missing directories above a file a flag names (`--state .clerkctl/emulator.json`).
pub fn create_parent_dir(path: &std::path::Path, flag: &str) -> Result<(), UserError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir).map_err(|e| {
            UserError::usage(format!(
                "cannot create the directory `{}` for `{flag}`: {e}",
                dir.display()
            ))
            .with_hint(format!("give `{flag}` a path in a writable directory"))
        }),
        _ => Ok(()),
    }
}

/// Why the emulator did not start, with its exit status: a flag or the state file is a
/// configuration error (exit 2); only a failure to listen is not (exit 3).
fn start_error(e: EmulatorError) -> UserError {
    let message = format!("cannot start the emulator: {e}");
    match e {
        EmulatorError::SecretKey(_) => UserError::usage(message).with_hint(
            "`--secret-key` takes a secret key such as `sk_test_…`; omit it and the emulator makes its own",
        ),
        EmulatorError::Config(_) => UserError::usage(message).with_hint(
            "`--frontend-api` is a URL whose host has a dot, such as `https://clerk.example.test`",
        ),
        EmulatorError::Locked(_) => UserError::usage(message).with_hint(
            "stop that emulator first, or point `--api-url` at it, or pass another `--state` file",
        ),
        EmulatorError::State(_) => UserError::usage(message).with_hint(
            "`--state` takes a file an earlier `clerkctl emulator --state` wrote, or a path that does not exist yet (a new instance); move the file aside to start afresh",
        ),
        EmulatorError::Bind { .. } => UserError::unavailable(message)
            .with_hint("pick another `--port` (0 picks a free one), or check `--host`"),
        EmulatorError::Key(_) => UserError::usage(message)
            .with_hint("check `--state`: its signing keys could not be read"),
    }
}

/// Ctrl-C, or on Unix SIGTERM as well.
async fn stop_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r,
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}

/// Flags win over `clerkctl.toml` `[session]` and `[organizations]`, which win over a new
/// instance's defaults.
pub fn config_from(args: &EmulatorArgs, settings: &Settings) -> Result<EmulatorConfig, UserError> {
    let mut session = settings.project.session.clone();
    if let Some(v) = args.max_lifetime {
        session.max_lifetime_seconds = v;
    }
    if let Some(v) = args.inactivity_timeout {
        session.inactivity_timeout_seconds = v;
    }
    if let Some(m) = args.session_mode {
        session.mode = m;
    }
    if session.max_lifetime_seconds == 0 && session.inactivity_timeout_seconds == 0 {
        return Err(UserError::usage(
            "the maximum lifetime and the inactivity timeout cannot both be off",
        )
        .with_hint("Clerk requires at least one: pass `--max-lifetime 604800` or `--inactivity-timeout 1800`"));
    }
    let authorized_party = args.authorized_party.clone();
    if let Some(url) = &args.frontend_api
        && !(url.starts_with("http://") || url.starts_with("https://"))
    {
        return Err(UserError::usage(format!(
            "`--frontend-api` must be an http(s) URL, got `{url}`"
        )));
    }
    Ok(EmulatorConfig {
        host: args.host.clone(),
        port: args.port,
        state_file: args.state.clone(),
        secret_key: args
            .secret_key
            .as_deref()
            .map(|v| crate::settings::value_or_file(v, "--secret-key", false).map(|(text, _)| text))
            .transpose()?,
        frontend_api: args.frontend_api.clone(),
        session,
        authorized_party,
        // Off is a new instance's default; a state file keeps what `PATCH
        // /v1/instance/organization_settings` switched unless the start turns them on.
        organizations: (args.organizations || settings.project.organizations.enabled)
            .then_some(true),
        log_requests: settings.printer.verbosity() >= crate::output::Verbosity::Verbose,
        ..EmulatorConfig::default()
    })
}
