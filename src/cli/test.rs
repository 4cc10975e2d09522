//! `clerkctl test` arguments.

use std::path::PathBuf;

use clap::Args;

use crate::jwt::time::{parse_seconds, parse_seconds_or_off};
use crate::project::SessionMode;

/// `clerkctl test <SUITE>… | all | cleanup`.
#[derive(Debug, Args)]
#[command(
    after_help = "Suites: basic, jwt-verify, custom-claims, multi-session, refresh, \
                        expiration, all (those six), and fidelity (clerkctl's beliefs about Clerk \
                        checked against the target: confirmed, contradicted or not observable). \
                        `clerkctl test cleanup` removes what interrupted runs left \
                        behind (resources tagged `clerkctl-test-<run id>`, idle for `--older-than`, \
                        or of the runs named by `--run`) and nothing else."
)]
pub struct TestArgs {
    /// Suites to run, `all`, or `cleanup`.
    #[arg(default_value = "all", value_name = "SUITE")]
    pub suites: Vec<String>,

    /// Run against the embedded emulator even when a secret key is configured.
    #[arg(long)]
    pub emulator: bool,

    /// Allow a production (`sk_live_`) key: the suites create and delete users and sessions.
    #[arg(long)]
    pub allow_production: bool,

    /// Also write a JUnit XML report to this file.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    /// Stop at the first failed check (the remaining checks are reported as skipped).
    #[arg(long)]
    pub fail_fast: bool,

    /// Only run checks whose id contains NAME (repeatable), e.g. `jwt-verify.sub` or `azp`.
    #[arg(long, value_name = "NAME")]
    pub filter: Vec<String>,

    /// Wait for a real token expiry in `expiration` instead of a simulated clock (bounded).
    #[arg(long)]
    pub real_time: bool,

    /// Expected session token lifetime (`exp - iat`; `60s`, `1m` or seconds; default from
    /// `clerkctl.toml`, else 60 s).
    #[arg(long, value_name = "DURATION", value_parser = parse_seconds)]
    pub token_lifetime: Option<u64>,

    /// Expected maximum session lifetime (`expire_at - created_at`; `7d`, `1h`, seconds or `off`).
    #[arg(long, value_name = "DURATION", value_parser = parse_seconds_or_off)]
    pub max_lifetime: Option<u64>,

    /// Allowed clock skew when verifying (`5s`, or seconds).
    #[arg(long, value_name = "DURATION", value_parser = parse_seconds)]
    pub clock_skew: Option<u64>,

    /// Expected single- or multi-session mode.
    #[arg(long = "session-mode", alias = "mode", value_enum, value_name = "MODE")]
    pub session_mode: Option<SessionMode>,

    /// Authorized party (origin) tokens must carry in `azp` (repeatable).
    #[arg(long = "authorized-party", value_name = "ORIGIN")]
    pub authorized_parties: Vec<String>,

    /// Check this instance JWT template in `custom-claims` (repeatable; default: those in
    /// `clerkctl.toml`, else a temporary template the suite creates and deletes).
    #[arg(long = "template", value_name = "NAME")]
    pub templates: Vec<String>,

    /// With `cleanup`: remove the runs whose newest resource is at least this old on the
    /// instance's clock (`90s`, `10m`, `2h`; default 10m; `0s`: every run).
    #[arg(long, value_name = "DURATION")]
    pub older_than: Option<String>,

    /// With `cleanup`: remove exactly this run's resources, whatever their age (repeatable).
    #[arg(long = "run", value_name = "RUN_ID")]
    pub runs: Vec<String>,

    /// Requests per 10 seconds the client stays under (development instances allow 100).
    #[arg(long, value_name = "N", default_value_t = 90)]
    pub rate_limit: usize,
}
