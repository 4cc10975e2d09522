//! `clerkctl emulator` arguments.

use clap::Args;

/// `clerkctl emulator`.
#[derive(Debug, Args)]
pub struct EmulatorArgs {
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// Port to bind (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
}
