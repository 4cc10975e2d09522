//! One module per subcommand; [`dispatch`] resolves settings and runs the chosen one.

mod completions;
mod configure;
mod decode;
mod emulator;
mod emulator_background;
mod emulator_exec;
mod emulator_mint;
mod jwt_template;
pub mod test;
mod verify;

pub use completions::{completion_script, man_page};

use crate::cli::{Cli, Command, EmulatorCommand};
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
        Command::Configure(args) => configure::run(*args, &settings).await,
        Command::JwtTemplate(args) => jwt_template::run(args, &settings).await,
        Command::Emulator(args) => match args.command {
            None => emulator::run(&args.serve, &settings).await,
            Some(EmulatorCommand::Exec(exec)) => emulator_exec::run(&exec, &settings).await,
            Some(EmulatorCommand::Mint(mint)) => emulator_mint::run(&mint, &settings).await,
        },
        Command::Test(args) => test::run(&args, &settings).await,
        Command::Decode(args) => decode::run(args, &settings).await,
        Command::Verify(args) => verify::run(args, &settings).await,
    }
}
