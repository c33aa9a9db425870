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
    for note in empty_notes(&store, &args.label, entries.is_empty()) {
        eprintln!("crossread: {note}");
    }
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

/// What stderr says when the listing leaves something out that was asked for: a `--label` no
/// tag carries (with the labels there are), or no tags at all (and which file was read), so an
/// empty listing never comes without a word.
fn empty_notes(store: &TagStore, wanted: &[String], listed_nothing: bool) -> Vec<String> {
    let file = store.path().display();
    if store.tags().is_empty() {
        if !listed_nothing {
            return Vec::new();
        }
        return vec![if store.path().exists() {
            format!("no tags in {file}")
        } else {
            format!("no tags yet: {file} does not exist")
        }];
    }
    let mut known: Vec<&str> = store
        .tags()
        .iter()
        .flat_map(|t| t.labels.iter().map(String::as_str))
        .collect();
    known.sort_unstable();
    known.dedup();
    wanted
        .iter()
        .filter(|label| !known.contains(&label.as_str()))
        .map(|label| {
            let list = if known.is_empty() {
                "none has a label".to_owned()
            } else {
                format!("its labels: {}", known.join(", "))
            };
            format!("no tag in {file} has the label \"{label}\" ({list})")
        })
        .collect()
}

fn absolute(path: &Path) -> std::path::PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
