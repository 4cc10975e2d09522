//! `clerkctl verify` arguments.

use clap::Args;

/// `clerkctl verify [TOKEN|-]`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The token; `-` (or piped stdin) reads one token per line.
    pub token: Option<String>,

    /// Verification options.
    #[command(flatten)]
    pub options: VerifyOptionArgs,
}

/// Options shared by `verify` and `decode --verify`.
#[derive(Debug, Args, Clone, Default)]
pub struct VerifyOptionArgs {
    /// Evaluate times at this moment (RFC 3339, unix seconds, or relative like `-5m`).
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub at: Option<String>,
}
