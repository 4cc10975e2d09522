//! `clerkctl test` arguments.

use clap::Args;

/// `clerkctl test <SUITE>… | all`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Suites to run, or `all`.
    #[arg(default_value = "all")]
    pub suites: Vec<String>,
}
