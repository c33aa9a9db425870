//! The command line: what `crossread --help` shows, as clap types. Parsing only; `main.rs` acts.

pub mod config;
pub mod csv;
pub mod diagnostics;
pub mod export;
pub mod report;
pub mod scan_matrix;
pub mod scan_output;
pub mod scan_progress;
pub mod sources;
pub mod tags;

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

    /// Neither read nor write the scan cache (.crossread/ beside the articles).
    #[arg(long)]
    pub no_cache: bool,

    /// Show the matches found elsewhere instead of finding them: passim's output folder, or a
    /// file written by `crossread scan --format jsonl` or `--format clusters`.
    #[arg(long, value_name = "M")]
    pub matches: Option<PathBuf>,

    /// Write diagnostics to FILE (appended; RUST_LOG chooses what, default info).
    #[arg(long, value_name = "FILE", global = true)]
    pub log: Option<PathBuf>,

    /// What to do instead of opening the reader.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands for scripts.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the tags of a corpus, where each is now; orphaned tags are listed and marked.
    Tags(TagsArgs),
    /// Find the passages articles share and print them (report, JSON lines or CSV).
    Scan(ScanArgs),
    /// Open the reader on two articles side by side, shared passages lined up.
    Compare(CompareArgs),
    /// Print the complete default configuration, a comment on each key, to start from.
    Config(ConfigArgs),
    /// Write the corpus for another tool: passim's input (JSON lines), to run it on Spark.
    Export(ExportArgs),
    /// Print each article's outlet, date, title and url as crossread reads them, and from where.
    Sources(SourcesArgs),
    /// Write what is shared as one HTML file (or Markdown) to hand to people without crossread.
    Report(ReportArgs),
}

/// `crossread export --format passim [PATH] [-o OUT]`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A corpus folder or a config file; default ./config.toml, else the current folder.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// What to write.
    #[arg(long, value_enum)]
    pub format: ExportFormat,

    /// Where: a file, or a folder (existing, or named with a trailing /) for part files of
    /// about 128 MB each. Default: standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// What `crossread export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// passim's input: one JSON object per article (id, series, date, title, text).
    Passim,
}

/// `crossread report [PATH] [-o FILE] [--format html|md] [--articles A,B] [--label L] [--cluster N]`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A corpus folder or a config file (default: ./config.toml, else the current folder).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Where to write it (default report.html or report.md; `-` for standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// HTML (one self-contained file) or Markdown.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,

    /// Only these articles (names in the corpus, comma-separated or repeated).
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub articles: Vec<String>,

    /// Only passages tagged with this label (repeat for any of several).
    #[arg(long, value_name = "L")]
    pub label: Vec<String>,

    /// Only shared passage N, as numbered in the report and `scan`.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub cluster: Option<u32>,

    /// Neither read nor write the scan cache (.crossread/ beside the articles).
    #[arg(long)]
    pub no_cache: bool,

    /// Report the matches found elsewhere instead of finding them: passim's output folder, or
    /// a file written by `crossread scan --format jsonl` or `--format clusters`.
    #[arg(long, value_name = "M")]
    pub matches: Option<PathBuf>,
}

/// What `crossread report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML file (inline style and script, nothing fetched).
    Html,
    /// Markdown, for a wiki or a pull request.
    Md,
}

/// `crossread config --default`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print the default configuration (corpus, detect, theme, keys) as TOML.
    #[arg(long, required = true)]
    pub default: bool,
}

/// `crossread sources [PATH]`.
#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// A corpus folder or a config file (default: ./config.toml, else the current folder).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
}

/// `crossread compare A B [--config PATH]`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The left article: its name in the corpus (`001_x.txt`) or a path to it.
    #[arg(value_name = "A")]
    pub left: PathBuf,

    /// The right article.
    #[arg(value_name = "B")]
    pub right: PathBuf,

    /// A corpus folder or a config file (default: ./config.toml, else the current folder).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

/// `crossread tags [PATH] [--label L] [--format F] [--history | --restore ID | --merge-recovered]`.
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

    /// List every change to the tags from the journal (create, edit, delete, merges), oldest
    /// first; `--format jsonl` prints the journal's own lines.
    #[arg(long, conflicts_with_all = ["restore", "merge_recovered", "label"])]
    pub history: bool,

    /// Bring back a deleted or overwritten tag from the journal and save it: a tag id (its
    /// last copy that differs from now), or a journal line as `#N` (see --history).
    #[arg(long, value_name = "ID", conflicts_with_all = ["merge_recovered", "label"])]
    pub restore: Option<String>,

    /// Merge tags.recovered.toml (written when the tags file could not be saved) into the
    /// tags file, then remove it.
    #[arg(long, conflicts_with = "label")]
    pub merge_recovered: bool,
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

/// `crossread scan [PATH] [--format text|jsonl|csv] [--min-words N]`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// A corpus folder or a config file; default ./config.toml, else the current folder.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Output format: a readable report, one JSON object per match, CSV, or one JSON object
    /// per cluster.
    #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
    pub format: ScanFormat,

    /// Words two passages must share to count (overrides [detect] min_words).
    #[arg(long, value_name = "N", value_parser = parse_min_words)]
    pub min_words: Option<u64>,

    /// Neither read nor write the scan cache (.crossread/ beside the articles).
    #[arg(long)]
    pub no_cache: bool,

    /// Print the matches found elsewhere instead of finding them: passim's output folder, or a
    /// file written by `crossread scan --format jsonl` or `--format clusters`.
    #[arg(long, value_name = "M", conflicts_with = "min_words")]
    pub matches: Option<PathBuf>,

    /// Print each article's outlet, date, title and url as read (like `crossread sources`)
    /// instead of the passages.
    #[arg(long)]
    pub sources: bool,
}

/// `--min-words N`: a whole number, 1 or more. clap's own range check would say
/// `0 is not in 1..18446744073709551615`.
fn parse_min_words(given: &str) -> Result<u64, String> {
    match given.trim().parse::<u64>() {
        Ok(0) => Err("a passage needs at least 1 word in common".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err("expected a whole number of words, 1 or more".to_owned()),
    }
}

/// What `crossread scan` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    /// A report, cluster by cluster, with titles and passages.
    Text,
    /// One JSON object per line per match between two articles.
    Jsonl,
    /// One row per match, with a header row.
    Csv,
    /// One JSON object per cluster, listing every copy.
    Clusters,
    /// The outlet × outlet matrix as CSV: the share of the row outlet's words it shares with
    /// each column outlet.
    Matrix,
}

/// A clap error as one line: its first paragraph, without the `error:` prefix, on one line.
pub fn one_line(err: &clap::Error) -> String {
    let text = err.render().to_string();
    let first = text.split("\n\n").next().unwrap_or("");
    let first = first.trim().strip_prefix("error:").unwrap_or(first);
    first.split_whitespace().collect::<Vec<_>>().join(" ")
}
