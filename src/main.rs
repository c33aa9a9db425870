//! The `crossread` binary: parses the command line, loads the corpus, and runs the reader or a
//! subcommand. The only code that writes to stderr or chooses an exit code.

mod cli;
mod tags_command;
mod tui;

use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser as _;

use crossread::{Corpus, Project};

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("crossread: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: cli::Cli) -> anyhow::Result<ExitCode> {
    if let Some(command) = cli.command {
        match command {
            cli::Command::Tags(args) => return tags_command::run(&args),
        }
    }
    let project = Project::open(cli.path.as_deref())?;
    let (corpus, warnings) = Corpus::load(&project.corpus_dir, &project.config)
        .with_context(|| "cannot open the corpus".to_string())?;
    tui::run(&project, corpus, warnings)?;
    Ok(ExitCode::SUCCESS)
}
