//! `clerkctl emulator` arguments: the server's flags, and the `exec` and `mint` subcommands.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueHint};

use crate::jwt::time::parse_seconds_or_off;
use crate::project::SessionMode;

/// `clerkctl emulator`.
#[derive(Debug, Args)]
pub struct EmulatorArgs {
    /// Address to bind (loopback by default).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// Port to bind (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,

    /// Persist the emulator's state (users, sessions, keys…) in this JSON file, atomically on
    /// every change; loaded at start when it exists.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,

    /// The secret key clients must send (`sk_test_…`, or `@FILE`); generated when absent.
    #[arg(long, value_name = "KEY")]
    pub secret_key: Option<String>,

    /// The emulated Frontend API URL (the tokens' `iss`); defaults to the emulator's own URL.
    #[arg(long, value_name = "URL")]
    pub frontend_api: Option<String>,

    /// Put this `azp` (an origin such as `http://localhost:3000`) in session tokens, as the
    /// Frontend API does for a browser on that origin; omitted by default, as on every token
    /// minted through the Backend API.
    #[arg(long, value_name = "ORIGIN")]
    pub authorized_party: Option<String>,

    /// Turn Organizations on (off on a new Clerk instance, and by default here unless
    /// `clerkctl.toml` has `[organizations] enabled = true`); off, every organization route
    /// answers 403 `organization_not_enabled_in_instance`.
    #[arg(long)]
    pub organizations: bool,

    /// Maximum session lifetime (`7d`, `1h`, seconds; `off` or `0`: none); default from
    /// `clerkctl.toml`, else 7 days.
    #[arg(long, value_name = "DURATION", value_parser = parse_seconds_or_off)]
    pub max_lifetime: Option<u64>,

    /// Inactivity timeout (`30m`, seconds; `off` or `0`: none); default from `clerkctl.toml`,
    /// else off.
    #[arg(long, value_name = "DURATION", value_parser = parse_seconds_or_off)]
    pub inactivity_timeout: Option<u64>,

    /// Single- or multi-session mode; default from `clerkctl.toml`, else single.
    #[arg(long, value_enum, value_name = "MODE")]
    pub session_mode: Option<SessionMode>,

    /// Run in the background: print the export block once the emulator is ready (plus
    /// `CLERKCTL_EMULATOR_PID`) and return, for `eval "$(clerkctl emulator --background)"`.
    #[arg(long)]
    pub background: bool,
}

/// `clerkctl emulator [FLAGS] [exec|mint]`: serve, or one of the subcommands.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct EmulatorCommandArgs {
    /// How to serve (when no subcommand is given).
    #[command(flatten)]
    pub serve: EmulatorArgs,
    /// A subcommand instead of serving until Ctrl-C.
    #[command(subcommand)]
    pub command: Option<EmulatorCommand>,
}

/// `clerkctl emulator`'s subcommands.
#[derive(Debug, Subcommand)]
pub enum EmulatorCommand {
    /// Start an emulator, run a command with its keys in the environment, stop it when the
    /// command ends, and exit with the command's exit code.
    #[command(
        after_help = "The command gets CLERK_API_URL, CLERK_SECRET_KEY, CLERK_PUBLISHABLE_KEY \
                      (and NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY) and CLERK_JWT_KEY (PEM). Exit code: \
                      the command's, 128+N when a signal N ended it, 126/127 when the command \
                      cannot be run; 3 (cannot listen) or 2 (a bad flag or state file) when the \
                      emulator cannot start, and the command is not run."
    )]
    Exec(ExecArgs),
    /// Print a token for a user (created or reused by email) on a running emulator.
    Mint(MintArgs),
}

/// `clerkctl emulator exec [FLAGS] -- CMD [ARGS…]`.
#[derive(Debug, Args)]
pub struct ExecArgs {
    /// The emulator's flags, as for `clerkctl emulator`.
    #[command(flatten)]
    pub emulator: EmulatorArgs,

    /// The command to run and its arguments, after `--`.
    #[arg(
        last = true,
        required = true,
        num_args = 1..,
        value_name = "CMD",
        value_hint = ValueHint::CommandWithArguments
    )]
    pub command: Vec<OsString>,
}

/// `clerkctl emulator mint --email ADDRESS [--org SLUG [--role ROLE]] [--template NAME]`.
#[derive(Debug, Args)]
pub struct MintArgs {
    /// The user's email address: the user is created on first use and reused after.
    #[arg(long, value_name = "ADDRESS")]
    pub email: String,

    /// Make this organization (by slug; created on first use) the session's active one.
    #[arg(long, value_name = "SLUG")]
    pub org: Option<String>,

    /// The user's role in `--org` (a new membership defaults to `org:member`; an existing one is
    /// changed to this role).
    #[arg(long, value_name = "ROLE", requires = "org")]
    pub role: Option<String>,

    /// Mint a token from this JWT template instead of a session token.
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
}
