//! The command-line surface, clap types only: no I/O, no network.

mod configure;
mod decode;
mod emulator;
pub mod jwt_template;
mod test;
mod verify;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use configure::{ConfigureArgs, Language};
pub use decode::DecodeArgs;
pub use emulator::EmulatorArgs;
pub use jwt_template::JwtTemplateArgs;
pub use test::TestArgs;
pub use verify::{VerifyArgs, VerifyOptionArgs};

use crate::env_vars;
use crate::output::{ColorChoice, OutputFormat};

/// Configure, test and debug Clerk sessions.
#[derive(Debug, Parser)]
#[command(
    name = "clerkctl",
    version,
    about = "Configure, test and debug Clerk sessions",
    long_about = "Configure, test and debug Clerk sessions: decode and verify tokens, write and lint \
                  JWT templates, run session test suites in CI, and serve a local Clerk Backend API.",
    after_help = env_vars::HELP,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// How to print data on stdout.
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,

    /// When to use colors.
    #[arg(long, global = true, value_enum, env = env_vars::CLERKCTL_COLOR, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print errors only.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more detail (requests, timings).
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable).
    #[arg(long, global = true, value_name = "PATH")]
    pub env_file: Vec<PathBuf>,

    /// Backend API URL.
    #[arg(long, global = true, value_name = "URL", env = env_vars::CLERK_API_URL)]
    pub api_url: Option<String>,

    /// Publishable key (`pk_test_…`).
    #[arg(long, global = true, value_name = "KEY", env = env_vars::CLERK_PUBLISHABLE_KEY)]
    pub publishable_key: Option<String>,

    /// Secret key; from the environment only, so it never shows in a process list.
    #[arg(long = "secret-key-from-env", hide = true, env = env_vars::CLERK_SECRET_KEY, hide_env_values = true)]
    pub secret_key: Option<String>,

    /// Publishable key, Next.js name.
    #[arg(long = "next-publishable-key", hide = true, env = env_vars::NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY)]
    pub next_publishable_key: Option<String>,

    /// Backend API version path.
    #[arg(long, global = true, hide = true, env = env_vars::CLERK_API_VERSION)]
    pub api_version: Option<String>,

    /// PEM public key for networkless verification.
    #[arg(long = "jwt-key-from-env", hide = true, env = env_vars::CLERK_JWT_KEY, hide_env_values = true)]
    pub jwt_key: Option<String>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the project's session settings and framework scaffolding (interactive wizard).
    Configure(Box<ConfigureArgs>),
    /// Emit, lint, preview and push JWT templates.
    #[command(name = "jwt-template")]
    JwtTemplate(JwtTemplateArgs),
    /// Run session test suites against Clerk or the embedded emulator.
    Test(TestArgs),
    /// Explain a token: header, claims, times, Clerk claims, warnings.
    Decode(DecodeArgs),
    /// Verify tokens the way `@clerk/backend` does (exit 0 valid, 1 invalid).
    Verify(VerifyArgs),
    /// Serve a local, wire-compatible Clerk Backend API.
    Emulator(EmulatorArgs),
    /// Print shell completions.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    #[command(hide = true)]
    Man,
}

/// `clerkctl completions <SHELL>`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
