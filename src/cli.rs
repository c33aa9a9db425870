//! The command line: what `crossread --help` shows, as clap types. Parsing only; `main.rs` acts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
pub enum Command {
    /// List the tags of a corpus, where each is now; orphaned tags are listed and marked.
    Tags(TagsArgs),
}

/// `crossread tags [PATH] [--label L] [--format F]`.
#[derive(Debug, Args)]
pub struct TagsArgs {
    /// A corpus folder or a config file (default: ./config.toml, else the current folder).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Only tags with this label (repeat for any of several).
    #[arg(long, value_name = "L")]
    pub label: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TagsFormat::Text)]
    pub format: TagsFormat,
}

/// Output formats of `crossread tags`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TagsFormat {
    /// One line per tag: article:line:column id [labels] "quote" — note.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// W3C Web Annotation JSON-LD (an AnnotationCollection).
    W3c,
}
