//! The command line: what `crossread --help` shows, as clap types. Parsing only; `main.rs` acts.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// A terminal reader for one news story told by many outlets.
///
/// Opens the reader on PATH: a corpus folder of .txt and .md articles, or a config.toml that
/// names one. Without PATH, ./config.toml if present, else the current folder.
#[derive(Debug, Parser)]
#[command(
    name = "crossread",
    version,
    about,
    long_about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A corpus folder or a config file.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// What to do instead of opening the reader.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands for scripts.
#[derive(Debug, Subcommand)]
pub enum Command {}
