//! `clerkctl decode` arguments.

use clap::Args;

use super::VerifyOptionArgs;

/// `clerkctl decode [TOKEN|-]`.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The token (a JWT, `Bearer …`, an `Authorization:` line or a cookie string); `-` reads stdin.
    pub token: Option<String>,

    /// Mask ids, emails, names, slugs, URL hosts and the signature, for pasting into an issue.
    #[arg(long)]
    pub redact: bool,

    /// Also verify the token (same options as `verify`).
    #[arg(long)]
    pub verify: bool,

    /// Verification options (with `--verify`) and `--at`.
    #[command(flatten)]
    pub options: VerifyOptionArgs,
}
