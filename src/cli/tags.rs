//! `crossread tags`: the tags of a corpus for scripts and other annotation tools. Loading and
//! formatting are the library's ([`crossread::tags`]); this only wires the command line to them.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use crossread::tags::export::{self, Format, Locations};
use crossread::{Corpus, Project, TagStore};

use crate::cli::{TagsArgs, TagsFormat};

/// Prints the tags; a tags file that does not load is an error (exit 2), orphans are not.
pub fn run(args: &TagsArgs) -> anyhow::Result<ExitCode> {
    let project = Project::open(args.path.as_deref())?;
    let (corpus, _warnings) =
        Corpus::load(&project.corpus_dir, &project.config).context("cannot open the corpus")?;
    let store = TagStore::open(&project.tags_path);
    if let Some(err) = store.load_error() {
        anyhow::bail!("{err}");
    }
    let format = match args.format {
        TagsFormat::Text => Format::Text,
        TagsFormat::Jsonl => Format::Jsonl,
        TagsFormat::Csv => Format::Csv,
        TagsFormat::W3c => Format::W3c,
    };
    let entries = export::entries(&store, &corpus, &args.label);
    let corpus_dir = absolute(&project.corpus_dir);
    let tags_path = absolute(&project.tags_path);
    let locations = Locations {
        corpus_dir: &corpus_dir,
        tags_path: &tags_path,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = export::write(format, &entries, locations, &mut out).and_then(|()| out.flush());
    match written {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(err) => Err(err).context("cannot write to standard output"),
    }
}

fn absolute(path: &Path) -> std::path::PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
