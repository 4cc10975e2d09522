//! `clerkctl completions <SHELL>` and the hidden `clerkctl man`.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::ExitStatus;
use crate::output::Printer;

/// Print completions for a shell.
pub fn run_completions(args: &CompletionsArgs, printer: &Printer) -> anyhow::Result<ExitStatus> {
    printer.out_raw(&completion_script(args.shell))?;
    Ok(ExitStatus::Success)
}

/// The completion script for `shell`, generated from the clap definition.
pub fn completion_script(shell: clap_complete::Shell) -> String {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "clerkctl", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// Print the man page.
pub fn run_man(printer: &Printer) -> anyhow::Result<ExitStatus> {
    printer.out_raw(&man_page()?)?;
    Ok(ExitStatus::Success)
}

/// The roff man page, generated from the clap definition.
pub fn man_page() -> std::io::Result<String> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}
