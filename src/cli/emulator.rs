//! `clerkctl emulator` arguments.

use std::path::PathBuf;

use clap::Args;

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

    /// The secret key clients must send (`sk_test_…`); generated when absent.
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

    /// Maximum session lifetime in seconds (`0` = off); default from `clerkctl.toml`, else 7 days.
    #[arg(long, value_name = "SECONDS")]
    pub max_lifetime: Option<u64>,

    /// Inactivity timeout in seconds (`0` = off); default from `clerkctl.toml`, else off.
    #[arg(long, value_name = "SECONDS")]
    pub inactivity_timeout: Option<u64>,

    /// Single- or multi-session mode; default from `clerkctl.toml`, else single.
    #[arg(long, value_enum, value_name = "MODE")]
    pub session_mode: Option<SessionMode>,
}
