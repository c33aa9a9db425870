//! The `crossread` binary: parses the command line, loads the corpus, and runs the reader or a
//! subcommand. The only code that writes to stderr or chooses an exit code.

mod cli;
mod tui;

use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser as _;

use crossread::cache::{self, CacheLocation};
use crossread::corpus::warning_summary::summarize;
use crossread::detect::reuse::detect_with_postings;
use crossread::{Corpus, Project, Warning};

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => err.exit(),
        Err(err) => {
            eprintln!("crossread: {}", cli::one_line(&err));
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("crossread: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: cli::Cli) -> anyhow::Result<ExitCode> {
    if let Some(path) = &cli.log {
        let rust_log = std::env::var("RUST_LOG").ok();
        cli::diagnostics::init(path, rust_log.as_deref())?;
    }
    if let Some(command) = cli.command {
        return match command {
            cli::Command::Scan(args) => scan(args),
            cli::Command::Tags(args) => cli::tags::run(&args),
            cli::Command::Compare(args) => compare(&args),
            cli::Command::Config(_) => print_stdout(&cli::config::default_toml()),
            cli::Command::Export(args) => cli::export::run(&args),
            cli::Command::Report(args) => cli::report::run(&args),
            cli::Command::Sources(args) => sources(args.path.as_deref()),
        };
    }
    let project = open_project(cli.path.as_deref())?;
    let cache = (!cli.no_cache).then(|| CacheLocation::for_corpus(&project.corpus_dir));
    if let Some(matches) = &cli.matches {
        // Matches found elsewhere: the corpus is loaded first, so that every record is checked
        // against its article before the reader opens (a missing folder stops here, exit 2).
        let (corpus, mut warnings) = load_corpus(
            &project.corpus_dir,
            &project.config,
            cache.as_ref(),
            &|_| {},
        )?;
        let imported = crossread::exchange::load_matches(matches, &corpus)
            .context("cannot read the matches")?;
        for warning in &imported.warnings {
            tracing::warn!("{warning}");
        }
        warnings.extend(imported.warnings);
        tui::run(
            &project,
            tui::Articles::Loaded(corpus, warnings),
            tui::Start::List,
            tui::worker::Detection::Imported(std::sync::Arc::new(imported.reuse)),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    // The reader shows the listing at once and loads the articles on a thread of its own.
    let (listing, warnings) =
        crossread::corpus::listing::list(&project.corpus_dir, &project.config)
            .context("cannot open the corpus")?;
    tui::run(
        &project,
        tui::Articles::Listed(listing, warnings),
        tui::Start::List,
        tui::worker::Detection::Own(cache),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `crossread sources` and `scan --sources`: the metadata of every article, as read.
fn sources(path: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    let project = open_project(path)?;
    let location = CacheLocation::for_corpus(&project.corpus_dir);
    let (corpus, warnings) = load_corpus(
        &project.corpus_dir,
        &project.config,
        Some(&location),
        &|_| {},
    )?;
    for line in summarize(&warnings, &project.corpus_dir) {
        eprintln!("crossread: {line}");
    }
    let mut out = Vec::new();
    cli::sources::write(&mut out, &corpus).context("cannot lay out the table")?;
    print_stdout(&String::from_utf8_lossy(&out))
}

/// `crossread scan`: detect reuse and print it on stdout; warnings and progress go to stderr.
fn scan(args: cli::ScanArgs) -> anyhow::Result<ExitCode> {
    if args.sources {
        return sources(args.path.as_deref());
    }
    let project = open_project(args.path.as_deref())?;
    if let Some(matches) = &args.matches {
        return scan_imported(&project, &args, matches);
    }
    let mut config = project.config.detect.clone();
    if let Some(n) = args.min_words {
        config.min_words = usize::try_from(n).unwrap_or(usize::MAX);
    }
    let started = std::time::Instant::now();
    let progress = cli::scan_progress::ScanProgress::new();
    let location = CacheLocation::for_corpus(&project.corpus_dir);
    let (corpus, loaded) = scan_load(&project, &args, &location, &progress)?;
    let (reuse, stock_ngrams) =
        scan_detect(&corpus, &loaded, &config, &args, &location, &progress)?;
    progress.finish();
    if let Some(note) = cli::scan_output::set_aside_note(&reuse) {
        eprintln!("crossread: {note}");
    }
    let (rss_mb, peak_mb) = cli::diagnostics::memory_mb();
    tracing::info!(
        matches = reuse.matches.len(),
        clusters = reuse.clusters.len(),
        elapsed_ms = started.elapsed().as_millis(),
        rss_mb,
        peak_mb,
        "detection done"
    );
    print_scan(
        args.format,
        &corpus,
        &reuse,
        &crossread::Config {
            detect: config,
            ..project.config.clone()
        },
        stock_ngrams.as_deref(),
    )
}

/// `crossread scan --matches M`: the corpus with matches found elsewhere.
fn scan_imported(
    project: &Project,
    args: &cli::ScanArgs,
    matches: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    let cache = (!args.no_cache).then(|| CacheLocation::for_corpus(&project.corpus_dir));
    let (corpus, warnings) = load_corpus(
        &project.corpus_dir,
        &project.config,
        cache.as_ref(),
        &|_| {},
    )?;
    let mut warnings = warnings;
    warnings.extend(corpus.empty_warnings());
    for line in summarize(&warnings, &project.corpus_dir) {
        eprintln!("crossread: {line}");
    }
    let reuse = import_matches(matches, &corpus)?;
    print_scan(args.format, &corpus, &reuse, &project.config, None)
}

/// The scan's load (through the cache unless `--no-cache`), its warnings summed up on stderr;
/// gives the corpus and the load's cache report.
fn scan_load(
    project: &Project,
    args: &cli::ScanArgs,
    location: &CacheLocation,
    progress: &cli::scan_progress::ScanProgress,
) -> anyhow::Result<(Corpus, cache::CacheReport)> {
    let started = std::time::Instant::now();
    let (corpus, warnings, loaded) = if args.no_cache {
        let (corpus, warnings) = Corpus::load(&project.corpus_dir, &project.config)
            .with_context(|| "cannot open the corpus".to_string())?;
        (corpus, warnings, cache::CacheReport::default())
    } else {
        let (corpus, warnings, report) = cache::load_corpus_for_detection(
            &project.corpus_dir,
            &project.config,
            location,
            &|p| progress.update(p),
        )
        .with_context(|| "cannot open the corpus".to_string())?;
        (corpus, warnings, report)
    };
    let (rss_mb, peak_mb) = cli::diagnostics::memory_mb();
    tracing::info!(
        articles = corpus.articles.len(),
        warnings = warnings.len(),
        elapsed_ms = started.elapsed().as_millis(),
        rss_mb,
        peak_mb,
        "corpus loaded"
    );
    // Empty files are warned about too, and a kind with many files is counted in one line
    // (the log has every one).
    let mut warnings = warnings;
    warnings.extend(corpus.empty_warnings());
    for warning in &warnings {
        tracing::warn!("{warning}");
    }
    progress.suspend(|| {
        for line in summarize(&warnings, &project.corpus_dir) {
            eprintln!("crossread: {line}");
        }
        for note in &loaded.notes {
            eprintln!("crossread: {note}");
        }
    });
    Ok((corpus, loaded))
}

/// The scan's detection: through the cache (its notes on stderr) unless `--no-cache`.
fn scan_detect(
    corpus: &Corpus,
    loaded: &cache::CacheReport,
    config: &crossread::config::DetectConfig,
    args: &cli::ScanArgs,
    location: &CacheLocation,
    progress: &cli::scan_progress::ScanProgress,
) -> anyhow::Result<(crossread::detect::reuse::Reuse, Option<Vec<u64>>)> {
    if args.no_cache {
        // The stock n-grams are counted as the index hands out its posting list, so that the
        // output need not read the corpus again to find them.
        let threshold = crossread::detect::index::stock_threshold(corpus.articles.len(), config);
        let mut frequent = crossread::detect::index::FrequentNgrams::new(threshold);
        let reuse = detect_with_postings(
            corpus,
            config,
            &|p| progress.update(p),
            Some(&mut |h, r| frequent.push(h, r)),
        );
        return Ok((reuse, Some(frequent.finish())));
    }
    let (reuse, report) =
        cache::detect_cached_after(corpus, loaded, config, location, &|p| progress.update(p))?;
    if let Some(update) = report.updated {
        tracing::info!(
            added = update.added,
            removed = update.removed,
            reread = update.reread,
            "matches updated"
        );
    }
    progress.suspend(|| {
        for note in &report.notes {
            eprintln!("crossread: {note}");
        }
    });
    Ok((reuse, report.stock_ngrams))
}

/// Reads the matches at `path` (passim's output, or another scan's JSON lines) for `corpus`,
/// printing a warning for each record that could not be used.
fn import_matches(
    path: &std::path::Path,
    corpus: &Corpus,
) -> anyhow::Result<crossread::detect::reuse::Reuse> {
    let started = std::time::Instant::now();
    let imported =
        crossread::exchange::load_matches(path, corpus).context("cannot read the matches")?;
    for warning in &imported.warnings {
        tracing::warn!("{warning}");
    }
    let folder = path.parent().unwrap_or(path);
    for line in summarize(&imported.warnings, folder) {
        eprintln!("crossread: {line}");
    }
    tracing::info!(
        records = imported.records,
        matches = imported.reuse.matches.len(),
        clusters = imported.reuse.clusters.len(),
        elapsed_ms = started.elapsed().as_millis(),
        "matches imported"
    );
    Ok(imported.reuse)
}

/// Prints `reuse` on stdout in `format`; `| head` closing the pipe early is not an error.
fn print_scan(
    format: cli::ScanFormat,
    corpus: &Corpus,
    reuse: &crossread::detect::reuse::Reuse,
    config: &crossread::Config,
    stock_ngrams: Option<&[u64]>,
) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::new(stdout);
    let written = cli::scan_output::write(&mut out, format, corpus, reuse, config, stock_ngrams)
        .and_then(|()| std::io::Write::flush(&mut out));
    match written {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // `crossread scan | head` is not an error.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(err) => Err(err).context("cannot write to standard output"),
    }
}

/// Resolves the project the user named, and logs where its config came from.
fn open_project(path: Option<&std::path::Path>) -> anyhow::Result<Project> {
    let project = Project::open(path)?;
    match &project.config_path {
        Some(config) => tracing::info!(config = %config.display(), "config loaded"),
        None => tracing::info!("no config file: defaults"),
    }
    tracing::info!(corpus = %project.corpus_dir.display(), tags = %project.tags_path.display(), "project");
    Ok(project)
}

/// Loads the corpus in `dir` (through the cache when given one: unchanged articles are not
/// analysed again, and the cache's notes become warnings), and logs how many articles and
/// warnings, and how long it took. Used by `compare` and by the reader's loading thread.
fn load_corpus(
    dir: &std::path::Path,
    config: &crossread::Config,
    cache: Option<&CacheLocation>,
    progress: &(dyn Fn(crossread::detect::reuse::Progress) + Sync),
) -> anyhow::Result<(Corpus, Vec<Warning>)> {
    let started = std::time::Instant::now();
    let (corpus, warnings) = match cache {
        None => Corpus::load(dir, config),
        Some(location) => cache::load_corpus(dir, config, location, progress).map(
            |(corpus, mut warnings, report)| {
                warnings.extend(report.notes.into_iter().map(|message| Warning {
                    path: dir.to_path_buf(),
                    message,
                }));
                (corpus, warnings)
            },
        ),
    }
    .context("cannot open the corpus")?;
    tracing::info!(
        articles = corpus.articles.len(),
        warnings = warnings.len(),
        elapsed_ms = started.elapsed().as_millis(),
        "corpus loaded"
    );
    for warning in &warnings {
        tracing::warn!("{warning}");
    }
    Ok((corpus, warnings))
}

/// Writes `text` on stdout; `| head` closing the pipe early is not an error.
fn print_stdout(text: &str) -> anyhow::Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    match std::io::Write::write_all(&mut stdout, text.as_bytes())
        .and_then(|()| std::io::Write::flush(&mut stdout))
    {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(err) => Err(err).context("cannot write to standard output"),
    }
}

/// `crossread compare A B`: the reader, opened on the two articles side by side.
fn compare(args: &cli::CompareArgs) -> anyhow::Result<ExitCode> {
    let project = open_project(args.config.as_deref())?;
    let location = CacheLocation::for_corpus(&project.corpus_dir);
    let (corpus, warnings) = load_corpus(
        &project.corpus_dir,
        &project.config,
        Some(&location),
        &|_| {},
    )?;
    let left = find_article(&corpus, &args.left)?;
    let right = find_article(&corpus, &args.right)?;
    if left == right {
        anyhow::bail!(
            "{} and {} are the same article",
            args.left.display(),
            args.right.display()
        );
    }
    tui::run(
        &project,
        tui::Articles::Loaded(corpus, warnings),
        tui::Start::Compare(left, right),
        tui::worker::Detection::Own(Some(location)),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The article `given` names: a path to a file inside the corpus, or what
/// [`crossread::corpus::lookup::find`] takes (its name or the start of it, its stem, outlet or
/// title). A name that fits several articles, or none, is an error that lists the likely ones.
fn find_article(corpus: &Corpus, given: &std::path::Path) -> anyhow::Result<crossread::ArticleId> {
    use crossread::corpus::lookup::{Lookup, find};
    let dir = std::fs::canonicalize(&corpus.dir).unwrap_or_else(|_| corpus.dir.clone());
    if given.is_file()
        && let Ok(path) = std::fs::canonicalize(given)
        && let Ok(relative) = path.strip_prefix(&dir)
    {
        let name = relative.to_string_lossy().replace('\\', "/");
        if let Some(article) = corpus.articles.iter().find(|a| a.name == name) {
            return Ok(article.id);
        }
    }
    let query = given.to_string_lossy();
    // `a (outlet), b (outlet) and 3 more` / `a (outlet) or b (outlet)`
    let describe = |ids: &[crossread::ArticleId], or: bool| -> String {
        let mut named: Vec<String> = ids
            .iter()
            .filter_map(|&id| corpus.article(id))
            .take(5)
            .map(|a| {
                // The outlet defaults to the file's stem: no need to say it twice.
                if a.name.starts_with(&a.outlet) {
                    a.name.clone()
                } else {
                    format!("{} ({})", a.name, a.outlet)
                }
            })
            .collect();
        let more = ids.len().saturating_sub(named.len());
        if more > 0 {
            named.push(format!("{more} more"));
        }
        match named.split_last() {
            Some((last, rest)) if !rest.is_empty() => {
                format!(
                    "{} {} {last}",
                    rest.join(", "),
                    if or { "or" } else { "and" }
                )
            }
            _ => named.join(""),
        }
    };
    match find(&corpus.articles, &query) {
        Lookup::Found(id) => Ok(id),
        Lookup::Ambiguous(ids) => anyhow::bail!(
            "\"{query}\" could be {} articles: {}; give more of the name",
            ids.len(),
            describe(&ids, false)
        ),
        Lookup::Unknown(near) if near.is_empty() => anyhow::bail!(
            "no article \"{query}\" in {} (give its file name or the start of it, its outlet or its title)",
            corpus.dir.display()
        ),
        Lookup::Unknown(near) => anyhow::bail!(
            "no article \"{query}\" in {}; did you mean {}?",
            corpus.dir.display(),
            describe(&near, true)
        ),
    }
}
