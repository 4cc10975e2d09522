//! One module per subcommand; [`dispatch`] resolves settings and runs the chosen one.

mod completions;
mod decode;
mod verify;

pub use completions::{completion_script, man_page};

use crate::cli::{Cli, Command};
use crate::error::{ExitStatus, UserError};
use crate::output::Printer;
use crate::settings::{ConnectionArgs, Settings};

/// Resolve settings and run the command.
pub async fn dispatch(cli: Cli, printer: Printer) -> anyhow::Result<ExitStatus> {
    match &cli.command {
        Command::Completions(args) => return completions::run_completions(args, &printer),
        Command::Man => return completions::run_man(&printer),
        _ => {}
    }
    let g = cli.global;
    let conn = ConnectionArgs {
        secret_key: g.secret_key,
        publishable_key: g.publishable_key,
        next_publishable_key: g.next_publishable_key,
        api_url: g.api_url,
        api_version: g.api_version,
        jwt_key: g.jwt_key,
        env_files: g.env_file,
    };
    let dir = std::env::current_dir()
        .map_err(|e| UserError::usage(format!("cannot read the working directory: {e}")))?;
    let settings = Settings::resolve(printer, conn, &dir)?;
    match cli.command {
        Command::Completions(_) | Command::Man => Ok(ExitStatus::Success),
        Command::Decode(args) => decode::run(args, &settings).await,
        Command::Verify(args) => verify::run(args, &settings).await,
        Command::Configure(_)
        | Command::JwtTemplate(_)
        | Command::Test(_)
        | Command::Emulator(_) => {
            drop(settings);
            Err(UserError::usage("this command is not available in this build").into())
        }
    }
}
