//! Detection through the cache: the saved matches when nothing changed, an update from the
//! saved posting list when a few articles did, a full run otherwise, and the result saved. One
//! driver, [`detect_cached_hashed`], reads as the list of those steps; each step is a function
//! of its own with its own tests.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use super::format::{self, ArticleEntry, CacheFile, CachedArticle, CachedReuse, Parts, ReuseEntry};
use super::{CacheLocation, CacheReport, Update, entry_of, hash64, read, write};
use crate::atomic_file::{Durability, replace_file};
use crate::config::DetectConfig;
use crate::corpus::Corpus;
use crate::corpus::read::nanos;
use crate::detect::index::{FrequentNgrams, PostingSink, stock_threshold};
use crate::detect::postings::{Postings, PostingsWriter};
use crate::detect::refresh::{Outcome, Previous, Refreshed, refresh};
use crate::detect::reuse::{Progress, Reuse, detect_with_postings};
use crate::error::Result;

/// Finds the passages the articles of `corpus` share, like
/// [`crate::detect::reuse::detect_with_progress`], starting from the cached result: returned as it is
/// when neither the articles nor the settings changed since it was saved, brought up to date
/// ([`crate::detect::refresh`]) when a few articles were added, changed or removed, and computed anew
/// otherwise. Saves what it computed. Meant for a background thread: it touches nothing but
/// the cache files.
///
/// # Errors
/// None today: a cache that cannot be read or written only adds a note to the report. The
/// `Result` leaves room for callers to treat a failing cache as an error later.
pub fn detect_cached(
    corpus: &Corpus,
    config: &DetectConfig,
    location: &CacheLocation,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Reuse, CacheReport)> {
    detect_cached_hashed(corpus, None, config, location, progress)
}

/// Like [`detect_cached`], right after the load that gave `corpus` and `loaded` (its report):
/// the text hashes and file times the load took are used rather than taken again, and saved
/// with the matches (which is what [`super::load_corpus_for_detection`] leaves to this call).
///
/// # Errors
/// As [`detect_cached`].
pub fn detect_cached_after(
    corpus: &Corpus,
    loaded: &CacheReport,
    config: &DetectConfig,
    location: &CacheLocation,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Reuse, CacheReport)> {
    detect_cached_hashed(corpus, Some(loaded), config, location, progress)
}

/// The driver: read the cache, key the corpus, take the saved matches when they still hold,
/// else update or detect (writing the posting list as it goes), then save.
fn detect_cached_hashed(
    corpus: &Corpus,
    loaded: Option<&CacheReport>,
    config: &DetectConfig,
    location: &CacheLocation,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Reuse, CacheReport)> {
    let mut report = CacheReport::default();
    let cache = read(location, Parts::NoSegmentation, &mut report);
    // A cache the load already found wanting was reported by it: say so once.
    if let Some(l) = loaded {
        report.notes.retain(|note| !l.notes.contains(note));
    }
    let loaded = loaded.filter(|l| describes(l, corpus));
    let hashes = text_hashes(corpus, loaded);
    let key = corpus_key(corpus, &hashes);
    let config_hash = settings_hash(config);
    let same_settings = cache
        .as_ref()
        .and_then(|c| c.reuse.as_ref())
        .filter(|c| c.config_hash == config_hash);
    if let Some(reuse) = saved_matches(same_settings, &key, corpus, &mut report) {
        return Ok((reuse, report));
    }

    // Where the new posting list and cache go: the folder the cache came from when there was
    // one, else the first that can be written.
    let target = report.path.clone().or_else(|| writable_target(location));
    let mut writer = posting_writer(target.as_deref());
    let mut frequent = FrequentNgrams::new(stock_threshold(corpus.articles.len(), config));
    let mut sink = |h, r| {
        frequent.push(h, r);
        if let Some(w) = writer.as_mut() {
            w.push(h, r);
        }
    };
    let update = match (same_settings, report.path.as_deref()) {
        (Some(cached), Some(path)) => {
            let update = update_saved(corpus, &hashes, config, cached, path, &mut sink, progress);
            update
                .map_err(|why| report.notes.push(rerun_note(&why)))
                .ok()
        }
        _ => None,
    };
    let reuse = match update {
        Some(refreshed) => took_update(refreshed, corpus.articles.len(), &mut report),
        None => {
            report.analysed_articles = corpus.articles.len();
            let reuse = detect_with_postings(corpus, config, progress, Some(&mut sink));
            report.stock_ngrams = Some(frequent.finish());
            reuse
        }
    };

    // The posting list first, then the cache that names its checksum: a crash between the two
    // leaves a cache whose posting list does not match, which is detected and rebuilt.
    let postings = save_postings(writer, target.as_deref(), &mut report);
    let articles = article_entries(corpus, &hashes, loaded, cache.as_ref());
    let written_ns = cache
        .as_ref()
        .map_or_else(|| nanos(SystemTime::now()), |c| c.written_ns);
    let saved = ReuseEntry {
        config_hash,
        corpus: &key,
        reuse: &reuse,
        postings,
    };
    save_cache(target, location, written_ns, &articles, saved, &mut report);
    Ok((reuse, report))
}

/// True when the load's report holds a hash and a file stamp for every article of `corpus`.
fn describes(loaded: &CacheReport, corpus: &Corpus) -> bool {
    let n = corpus.articles.len();
    loaded.text_hashes.len() == n && loaded.file_stamps.len() == n
}

/// [`hash64`] of each article's text: the load's when it took them, else computed.
fn text_hashes(corpus: &Corpus, loaded: Option<&CacheReport>) -> Vec<u64> {
    match loaded {
        Some(l) => l.text_hashes.clone(),
        None => corpus
            .articles
            .par_iter()
            .map(|a| hash64(a.text().as_bytes()))
            .collect(),
    }
}

/// What the saved matches are keyed by: every article's name and text hash, in corpus order.
fn corpus_key(corpus: &Corpus, hashes: &[u64]) -> Vec<(String, u64)> {
    corpus
        .articles
        .iter()
        .zip(hashes)
        .map(|(a, &h)| (a.name.clone(), h))
        .collect()
}

/// The hash of the detection settings the saved matches were found with.
fn settings_hash(config: &DetectConfig) -> u64 {
    hash64(format!("{config:?}").as_bytes())
}

/// The saved matches, when they were found with these settings on exactly these articles and
/// still fit their texts; a misfit is noted.
fn saved_matches(
    same_settings: Option<&CachedReuse>,
    key: &[(String, u64)],
    corpus: &Corpus,
    report: &mut CacheReport,
) -> Option<Reuse> {
    let cached = same_settings.filter(|c| c.corpus == key)?;
    if format::reuse_fits(&cached.reuse, corpus) {
        report.reused_matches = true;
        report.reused_articles = corpus.articles.len();
        return Some(cached.reuse.clone());
    }
    report.notes.push(format!(
        "cache {} is not used: its matches do not fit the articles; rebuilding it",
        report.path.as_deref().unwrap_or(Path::new("?")).display()
    ));
    None
}

/// A writer for the new posting list, in a temporary file beside `target`.
fn posting_writer(target: Option<&Path>) -> Option<PostingsWriter<tempfile::NamedTempFile>> {
    let dir = target?.parent()?;
    tempfile::NamedTempFile::new_in(dir)
        .ok()
        .map(PostingsWriter::new)
}

/// The saved matches brought up to date from the posting list saved beside the cache at
/// `path`, or why they cannot be (as a phrase). `refresh` hands out postings only when it
/// updates, so after a rerun the list is written by detection alone.
fn update_saved(
    corpus: &Corpus,
    hashes: &[u64],
    config: &DetectConfig,
    cached: &CachedReuse,
    path: &Path,
    sink: PostingSink<'_>,
    progress: &(dyn Fn(Progress) + Sync),
) -> std::result::Result<Refreshed, String> {
    let postings = read_postings(&postings_path(path), cached.postings)?;
    let previous = Previous {
        articles: &cached.corpus,
        reuse: &cached.reuse,
        postings: &postings,
    };
    match refresh(corpus, hashes, config, previous, Some(sink), progress) {
        Outcome::Updated(refreshed) => Ok(refreshed),
        Outcome::Rerun(why) => Err(why),
    }
}

/// The note that says why the whole corpus is detected again.
fn rerun_note(why: &str) -> String {
    format!("matches are detected again on the whole corpus: {why}")
}

/// Records an update in the report and gives its matches.
fn took_update(refreshed: Refreshed, articles: usize, report: &mut CacheReport) -> Reuse {
    report.updated = Some(Update {
        added: refreshed.added,
        removed: refreshed.removed,
        reread: refreshed.reread,
    });
    report.reused_articles = articles - refreshed.reread;
    report.analysed_articles = refreshed.reread;
    refreshed.reuse
}

/// Moves the finished posting list into place beside `target` and gives its checksum; a
/// failure is noted and gives none (the next run then detects anew).
fn save_postings(
    writer: Option<PostingsWriter<tempfile::NamedTempFile>>,
    target: Option<&Path>,
    report: &mut CacheReport,
) -> Option<u64> {
    let (writer, path) = writer.zip(target)?;
    let saved = writer.finish().and_then(|(temp, sum)| {
        temp.persist(postings_path(path))
            .map(|_| sum)
            .map_err(|e| e.error)
    });
    saved
        .map_err(|e| {
            report.notes.push(format!(
                "posting list not saved: cannot write {} ({})",
                postings_path(path).display(),
                e.kind()
            ));
        })
        .ok()
}

/// Each article's cache entry. The size and time recorded when the article was read are kept
/// for articles whose text is the one read then (from the load, else from the old cache);
/// others get no time, so the next load hashes them.
fn article_entries<'a>(
    corpus: &'a Corpus,
    hashes: &[u64],
    loaded: Option<&CacheReport>,
    cache: Option<&CacheFile>,
) -> Vec<ArticleEntry<'a>> {
    let old: HashMap<&str, &CachedArticle> = cache
        .iter()
        .flat_map(|c| &c.articles)
        .map(|a| (a.name.as_str(), a))
        .collect();
    corpus
        .articles
        .iter()
        .zip(hashes)
        .enumerate()
        .map(|(i, (a, &hash))| match (loaded, old.get(a.name.as_str())) {
            (Some(l), _) => entry_of(a, l.file_stamps[i].0, l.file_stamps[i].1, hash),
            (None, Some(c)) if c.text_hash == hash => entry_of(a, c.size, c.mtime_ns, hash),
            _ => entry_of(a, 0, 0, hash),
        })
        .collect()
}

/// Writes the cache file: at `target` when there is one, else wherever `location` allows; a
/// failure is noted.
fn save_cache(
    target: Option<PathBuf>,
    location: &CacheLocation,
    written_ns: u64,
    articles: &[ArticleEntry<'_>],
    saved: ReuseEntry<'_>,
    report: &mut CacheReport,
) {
    let fill =
        |file: &mut std::fs::File| format::write_parts(file, written_ns, articles, Some(saved));
    match target {
        Some(path) => {
            if let Err(err) = replace_file(&path, Durability::Renamed, &fill) {
                report.notes.push(format!(
                    "cache not saved: cannot write {} ({})",
                    path.display(),
                    err.kind()
                ));
            } else {
                report.path = Some(path);
            }
        }
        None => write(location, &fill, report),
    }
}

/// The posting list saved beside the cache file `cache`.
fn postings_path(cache: &Path) -> PathBuf {
    cache.with_extension("postings")
}

/// Reads the posting list at `path` and checks it is the one the cache names.
fn read_postings(path: &Path, expected: Option<u64>) -> std::result::Result<Postings, String> {
    let expected = expected.ok_or("no posting list was saved with the matches")?;
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {} ({e})", path.display()))?;
    let postings =
        Postings::from_bytes(bytes).map_err(|why| format!("{}: {why}", path.display()))?;
    if postings.checksum() != expected {
        return Err(format!("{} belongs to another cache", path.display()));
    }
    Ok(postings)
}

/// The cache file to write when none was read: the primary when its folder can be made and
/// written, else the fallback.
fn writable_target(location: &CacheLocation) -> Option<PathBuf> {
    std::iter::once(&location.primary)
        .chain(&location.fallback)
        .find(|path| {
            let dir = path.parent().unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir).is_ok() && tempfile::NamedTempFile::new_in(dir).is_ok()
        })
        .cloned()
}

#[cfg(test)]
mod tests;
