//! `crossread tags`: the tags of a corpus for scripts and other annotation tools, their history
//! from the journal, and the ways back (`--restore`, `--merge-recovered`). Loading, formatting
//! and restoring are the library's ([`crossread::tags`]); this only wires the command line to
//! them and words the outcome.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use crossread::tags::export::{self, Format, Locations};
use crossread::tags::journal::{Entry, Op};
use crossread::{Corpus, Project, TagStore};

use crate::cli::{TagsArgs, TagsFormat};

/// Prints the tags (or their history), or restores or merges and saves; a tags file that
/// does not load is an error (exit 2), orphans are not.
pub fn run(args: &TagsArgs) -> anyhow::Result<ExitCode> {
    let project = Project::open(args.path.as_deref())?;
    let mut store = TagStore::open(&project.tags_path);
    // Listing takes what the journal adds (shown with a warning) but never writes.
    if let Some(err) = store.load_error() {
        anyhow::bail!("{err}");
    }
    if args.history {
        return print_history(&store, args.format);
    }
    if let Some(what) = &args.restore {
        let restored = store.restore(what)?;
        save(&mut store)?;
        let how = if restored.replaced {
            "put back as it was"
        } else {
            "brought back"
        };
        println!(
            "tag {} {how} (journal line {}): {:?} in {}",
            restored.tag.id, restored.seq, restored.tag.anchor.quote, restored.tag.article
        );
        return Ok(ExitCode::SUCCESS);
    }
    if args.merge_recovered {
        let (events, files) = store.merge_recovered()?;
        for event in &events {
            println!("{event}");
        }
        for file in &files {
            println!("merged and removed {}", file.display());
        }
        if files.is_empty() {
            println!("no recovered tags file beside {}", store.path().display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    warn_about(&store);
    let (corpus, _warnings) =
        Corpus::load(&project.corpus_dir, &project.config).context("cannot open the corpus")?;
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
    finish(written)
}

/// Saves after a restore; a save that has to wait for another program is an error here (the
/// tag is in the journal either way).
fn save(store: &mut TagStore) -> anyhow::Result<()> {
    let report = store.save()?;
    for event in &report.merged {
        eprintln!("crossread: {event}");
    }
    if let Some(why) = report.waiting {
        anyhow::bail!("not saved yet: {why}; run the command again");
    }
    if let Some(why) = report.journal_error {
        eprintln!("crossread: warning: the journal was not written: {why}");
    }
    Ok(())
}

/// Warnings on stderr about what the listing does not show by itself.
fn warn_about(store: &TagStore) {
    for file in store.recovered_files() {
        eprintln!(
            "crossread: warning: {} holds tags saved when {} could not take them; `crossread tags --merge-recovered` merges them",
            file.display(),
            store.path().display()
        );
    }
    for event in store.open_events() {
        if event.is_warning() {
            eprintln!("crossread: warning: {event}");
        }
    }
}

fn print_history(store: &TagStore, format: TagsFormat) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut written = Ok(());
    for entry in store.history() {
        written = match format {
            TagsFormat::Jsonl => serde_json::to_writer(&mut out, &entry)
                .map_err(std::io::Error::other)
                .and_then(|()| out.write_all(b"\n")),
            _ => writeln!(out, "{}", history_line(&entry)),
        };
        if written.is_err() {
            break;
        }
    }
    finish(written.and_then(|()| out.flush()))
}

/// `#12 2025-08-21T10:00:00Z delete k3x9q2vd a.txt "quote" — note (why)`.
fn history_line(entry: &Entry) -> String {
    let record = entry.tag.as_ref().or(entry.before.as_ref());
    let mut line = format!(
        "#{} {} {} {}",
        entry.seq,
        entry.at,
        entry.op.name(),
        entry.id.as_deref().unwrap_or("-")
    );
    if let Some(record) = record {
        line.push_str(&format!(" {} {:?}", record.article, record.quote));
        if let Some(note) = &record.note {
            line.push_str(&format!(" — {note}"));
        }
    }
    if matches!(
        entry.op,
        Op::Conflict | Op::DiskKept | Op::DiskChange | Op::Edit
    ) && let (Some(before), Some(after)) = (&entry.before, &entry.tag)
        && before != after
    {
        line.push_str(" (was");
        if before.quote != after.quote {
            line.push_str(&format!(" {:?}", before.quote));
        }
        if before.note != after.note {
            line.push_str(&format!(" note {:?}", before.note.as_deref().unwrap_or("")));
        }
        if before.labels != after.labels {
            line.push_str(&format!(" [{}]", before.labels.join(", ")));
        }
        line.push(')');
    }
    if let Some(why) = &entry.why {
        line.push_str(&format!(" ({why})"));
    }
    line.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn finish(written: std::io::Result<()>) -> anyhow::Result<ExitCode> {
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
