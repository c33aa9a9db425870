//! `crossread report`: writes what a scan finds as one HTML (or Markdown) file for people who
//! will not run crossread. Building and writing the report are the library's
//! ([`crossread::report`]); this loads the corpus as `scan` does (through the cache; with
//! `--matches`, the matches found elsewhere instead of its own), writes the
//! file beside its destination and renames it into place, and says what it wrote.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;

use crossread::cache::{self, CacheLocation};
use crossread::corpus::warning_summary::summarize;
use crossread::detect::reuse::detect;
use crossread::report::{self, Report, Selection};
use crossread::{Corpus, Project, TagStore};

use crate::cli::{ReportArgs, ReportFormat};

/// Writes the report; a bad selection, an unreadable tags file or an unwritable output is an
/// error (exit 2).
pub fn run(args: &ReportArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let project = Project::open(args.path.as_deref())?;
    let config = &project.config;
    let (corpus, warnings, reuse) = if let Some(matches) = &args.matches {
        let cache = (!args.no_cache).then(|| CacheLocation::for_corpus(&project.corpus_dir));
        let (corpus, mut warnings) =
            crate::load_corpus(&project.corpus_dir, config, cache.as_ref(), &|_| {})?;
        warnings.extend(corpus.empty_warnings());
        let reuse = crate::import_matches(matches, &corpus)?;
        (corpus, warnings, reuse)
    } else if args.no_cache {
        let (corpus, warnings) =
            Corpus::load(&project.corpus_dir, config).context("cannot open the corpus")?;
        let reuse = detect(&corpus, &config.detect);
        (corpus, warnings, reuse)
    } else {
        let location = CacheLocation::for_corpus(&project.corpus_dir);
        let (corpus, mut warnings, loaded) =
            cache::load_corpus_for_detection(&project.corpus_dir, config, &location, &|_| {})
                .context("cannot open the corpus")?;
        let (reuse, report) =
            cache::detect_cached_after(&corpus, &loaded, &config.detect, &location, &|_| {})?;
        for note in loaded.notes.into_iter().chain(report.notes) {
            warnings.push(crossread::Warning {
                path: project.corpus_dir.clone(),
                message: note,
            });
        }
        (corpus, warnings, reuse)
    };
    for line in summarize(&warnings, &project.corpus_dir) {
        eprintln!("crossread: {line}");
    }
    let store = TagStore::open(&project.tags_path);
    if let Some(err) = store.load_error() {
        anyhow::bail!("{err}");
    }
    let selection = Selection {
        articles: args.articles.clone(),
        labels: args.label.clone(),
        cluster: args.cluster,
    };
    let built = Report::build(&corpus, &reuse, &store, &selection, &config.hints)?;
    let mut bytes = Vec::new();
    match args.format {
        ReportFormat::Html => report::html::write(&built, &mut bytes),
        ReportFormat::Md => report::markdown::write(&built, &mut bytes),
    }
    .context("cannot write the report")?;
    let destination = args.output.clone().unwrap_or_else(|| {
        PathBuf::from(match args.format {
            ReportFormat::Html => "report.html",
            ReportFormat::Md => "report.md",
        })
    });
    if destination.as_os_str() == "-" {
        let mut stdout = std::io::stdout().lock();
        return match stdout.write_all(&bytes).and_then(|()| stdout.flush()) {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
            Err(err) => Err(err).context("cannot write to standard output"),
        };
    }
    save(&destination, &bytes)?;
    eprintln!(
        "crossread: wrote {} ({}, {} articles, {} shared passages, {} tags) in {:.1} s",
        destination.display(),
        size(bytes.len()),
        built.summary.articles,
        built.summary.shared_passages,
        built.tags.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so a reader
/// never sees half a report.
fn save(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let context = || format!("cannot write {}", path.display());
    let mut builder = tempfile::Builder::new();
    // A report is for sharing: readable by others, as a file written directly would be
    // (a temporary file is private by default).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut file = builder.tempfile_in(dir).with_context(context)?;
    file.write_all(bytes).with_context(context)?;
    file.persist(path)
        .map_err(|e| e.error)
        .with_context(context)?;
    Ok(())
}

/// `2.1 MB`, `340 kB`, `812 bytes`.
fn size(bytes: usize) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{} kB", b / 1_000),
        b => format!("{b} bytes"),
    }
}
