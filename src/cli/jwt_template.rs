//! `clerkctl jwt-template` arguments.

use clap::Args;

/// `clerkctl jwt-template <KIND>` and its subcommands.
#[derive(Debug, Args)]
pub struct JwtTemplateArgs {
    /// The template kind.
    pub kind: Option<String>,
}
