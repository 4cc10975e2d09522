//! The command-line surface, clap types only: no I/O, no network.

mod configure;
mod decode;
mod emulator;
pub mod jwt_template;
mod test;
mod verify;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use configure::{ConfigureArgs, Language};
pub use decode::DecodeArgs;
pub use emulator::{EmulatorArgs, EmulatorCommand, EmulatorCommandArgs, ExecArgs, MintArgs};
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
    Emulator(EmulatorCommandArgs),
    /// Print shell completions.
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `clerkctl man > ~/.local/share/man/man1/clerkctl.1`.
    Man,
}

/// One token command alone, with the same global options: a strict subset of [`Cli`].
///
/// Building clap's definition of every command is most of a cold `clerkctl decode`'s CPU time,
/// and decoding a pasted token is the command people run in a loop. Any argv this grammar
/// accepts means the same to [`Cli`]: the same global options and the same argument types,
/// under the same command name. [`parse`] tries it first when argv names the command and falls
/// back to the full grammar for everything else, including `--help`, `--version` and every
/// error, which stay [`Cli`]'s own.
#[derive(Debug, Parser)]
#[command(name = "clerkctl", max_term_width = 100)]
struct OneCommand<C: Subcommand> {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: C,
}

#[derive(Debug, Subcommand)]
enum DecodeOnly {
    Decode(DecodeArgs),
}

#[derive(Debug, Subcommand)]
enum VerifyOnly {
    Verify(VerifyArgs),
}

impl From<DecodeOnly> for Command {
    fn from(DecodeOnly::Decode(args): DecodeOnly) -> Self {
        Self::Decode(args)
    }
}

impl From<VerifyOnly> for Command {
    fn from(VerifyOnly::Verify(args): VerifyOnly) -> Self {
        Self::Verify(args)
    }
}

/// Parse the process arguments (see [`OneCommand`] for the `decode` / `verify` fast path).
pub fn parse() -> Result<Cli, clap::Error> {
    parse_from(std::env::args_os().collect())
}

/// Parse `args` (program name first) as [`parse`] does.
pub fn parse_from(args: Vec<OsString>) -> Result<Cli, clap::Error> {
    match fast_path(&args) {
        Some(cli) => Ok(cli),
        None => Cli::try_parse_from(args),
    }
}

/// `decode` / `verify` argv parsed by the small grammars; `None` leaves it to [`Cli`].
fn fast_path(args: &[OsString]) -> Option<Cli> {
    fn one<C: Subcommand + Into<Command>>(name: &str, args: &[OsString]) -> Option<Cli> {
        if !args.iter().skip(1).any(|a| a == name) {
            return None;
        }
        let parsed = OneCommand::<C>::try_parse_from(args).ok()?;
        Some(Cli {
            global: parsed.global,
            command: parsed.command.into(),
        })
    }
    one::<DecodeOnly>("decode", args).or_else(|| one::<VerifyOnly>("verify", args))
}

/// `clerkctl completions <SHELL>`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(line: &str) -> Vec<OsString> {
        std::iter::once("clerkctl")
            .chain(line.split_whitespace())
            .map(OsString::from)
            .collect()
    }

    /// The fast path and the full grammar agree on every argv either accepts.
    #[test]
    fn token_fast_path_means_what_the_full_grammar_means() {
        let cases = [
            "decode",
            "decode eyJ.a.b",
            "decode - --redact --at -5m",
            "--output json decode tok --verify --key @k.pem --authorized-party https://a.dev",
            "decode tok --output json -q --color never",
            "verify -",
            "verify tok --jwks keys.json --clock-skew 10s --audience a --audience b",
            "-v --env-file .env.test verify tok --discover --trust-issuer",
            "--env-file decode verify tok",
            "verify decode",
            "decode -- --not-a-flag",
            "test decode",
            "jwt-template decode",
            "decode --help",
            "verify --version",
            "decode --no-such-flag",
            "-q -v decode tok",
            "configure --yes",
        ];
        for line in cases {
            let full = Cli::try_parse_from(argv(line));
            let fast = parse_from(argv(line));
            if let Ok(Cli {
                command: Command::Decode(_) | Command::Verify(_),
                ..
            }) = &full
            {
                assert!(
                    fast_path(&argv(line)).is_some(),
                    "`{line}` missed the fast path"
                );
            }
            match (full, fast) {
                (Ok(a), Ok(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}"), "{line}"),
                (Err(a), Err(b)) => {
                    assert_eq!(a.kind(), b.kind(), "{line}");
                    assert_eq!(a.to_string(), b.to_string(), "{line}");
                }
                (a, b) => panic!("`{line}`: full {:?} vs fast {:?}", a.is_ok(), b.is_ok()),
            }
        }
    }
}
