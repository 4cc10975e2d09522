//! `clerkctl configure` arguments.

use clap::Args;

/// `clerkctl configure`.
#[derive(Debug, Args)]
pub struct ConfigureArgs {
    /// Take flags and defaults without prompting.
    #[arg(long, short)]
    pub yes: bool,
}
