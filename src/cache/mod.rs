//! A cache of what a scan learned, so that a second start is near instant: each article's
//! analysis (segmentation and word count, keyed by a hash of its text) and the last detection
//! result, in one versioned, checksummed file. It lives in `.crossread/` beside the articles, or
//! in the user's cache folder when the corpus folder is read-only.
//!
//! # When the cache is trusted
//! - A file is taken as unchanged, without hashing, when its size and modification time equal
//!   the cached ones and it was last modified well before the cache was written (a file edited
//!   in the same second as the write might not show a new time: such files are hashed, as git
//!   does with "racily clean" entries). Otherwise its text is hashed: an equal hash reuses the
//!   analysis, a different one analyses it again.
//! - The matches are reused as they are when the detection settings and every article (name and
//!   text hash, in order) are what they were. When articles were added, changed or removed, the
//!   saved posting list (`scan.postings`, see [`crate::detect::postings`]) lets [`crate::detect::refresh`] align
//!   again only what the change touches, with the result a full run would give; it asks for a
//!   full run when that cannot be promised cheaply. The posting list is written before the
//!   cache that names its checksum, so a crash between the two is caught on the next read.
//! - A cache that is truncated, corrupt, from another version, or that points outside the texts
//!   it claims to describe is ignored and rewritten, and the report says why in one line.
//!
//! Reading and writing never fail a scan: a cache that cannot be written is reported and the
//! results are returned anyway. Printing the report is left to the caller.

mod detect;
mod format;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use crate::atomic_file::{Durability, Fill, replace_file};
use crate::config::Config;
use crate::corpus::read::{FileRead, Unreadable, nanos, read_article_file};
use crate::corpus::text::DecodedText;
use crate::corpus::{self, Article, ArticleId, Corpus, Warning};
use crate::detect::reuse::{Progress, Stage};
use crate::error::{Error, Result};

pub use detect::{detect_cached, detect_cached_after};
pub use format::{ANALYSIS_VERSION, hash64};
use format::{ArticleEntry, CacheFile, CachedArticle, CachedReuse, Parts, ReuseEntry};

/// The cache file's name inside `.crossread/`.
const FILE_NAME: &str = "scan.cache";

/// Files modified less than this before the cache was written are hashed even when their size
/// and time are unchanged: some file systems keep times to the second (or two, on FAT).
const RACY: Duration = Duration::from_secs(2);

/// Where the cache of one corpus is read and written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheLocation {
    /// The preferred file: `.crossread/scan.cache` in the corpus folder.
    primary: PathBuf,
    /// The user's cache folder, for a corpus folder that cannot be written.
    fallback: Option<PathBuf>,
}

impl CacheLocation {
    /// The cache of the corpus in `dir`: `dir/.crossread/scan.cache`, or a file named for the
    /// folder in the user's cache folder (`~/.cache/crossread/` on Linux) when `dir` is
    /// read-only.
    pub fn for_corpus(dir: &Path) -> CacheLocation {
        let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let fallback = directories::ProjectDirs::from("", "", "crossread").map(|dirs| {
            let key = hash64(canonical.as_os_str().as_encoded_bytes());
            dirs.cache_dir().join(format!("{key:016x}.cache"))
        });
        CacheLocation {
            primary: dir.join(".crossread").join(FILE_NAME),
            fallback,
        }
    }

    /// Exactly this file, with no fallback.
    pub fn at(file: &Path) -> CacheLocation {
        CacheLocation {
            primary: file.to_path_buf(),
            fallback: None,
        }
    }

    /// The file a read would use: the primary when it exists, else an existing fallback.
    pub fn existing(&self) -> Option<&Path> {
        std::iter::once(&self.primary)
            .chain(&self.fallback)
            .map(PathBuf::as_path)
            .find(|p| p.is_file())
    }
}

/// What the cache did for one load or one detection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheReport {
    /// The file read or written, if any.
    pub path: Option<PathBuf>,
    /// After a detection run on the whole corpus: the n-grams found in more articles than the
    /// stock threshold, sorted by hash ([`crate::detect::index::FrequentNgrams`]); `None` when
    /// the matches came from the cache or an update.
    pub stock_ngrams: Option<Vec<u64>>,
    /// One line each, for the user: a cache ignored and why, or a cache that could not be
    /// written.
    pub notes: Vec<String>,
    /// Articles whose analysis came from the cache.
    pub reused_articles: usize,
    /// Articles analysed anew.
    pub analysed_articles: usize,
    /// True when the matches came from the cache.
    pub reused_matches: bool,
    /// When the cached matches were brought up to date rather than detected again: what
    /// changed.
    pub updated: Option<Update>,
    /// After a load: [`hash64`] of each article's text, by article id (from the cache for
    /// files it vouches for), for [`detect_cached_after`].
    pub text_hashes: Vec<u64>,
    /// After a load: each article's file size and modification time as read (time 0 when the
    /// file changed while it was read), by article id.
    pub file_stamps: Vec<(u64, u64)>,
}

/// What an update of the cached matches did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Update {
    /// Articles new or changed since the cache was written.
    pub added: usize,
    /// Articles gone or changed since.
    pub removed: usize,
    /// Articles read and aligned again.
    pub reread: usize,
}

/// Reads the cache at `location`; a file that is missing is no cache, one that cannot be
/// used is no cache with a note.
fn read(location: &CacheLocation, parts: Parts, report: &mut CacheReport) -> Option<CacheFile> {
    let path = location.existing()?;
    report.path = Some(path.to_path_buf());
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            report.notes.push(format!(
                "cache {} cannot be read ({err}); rebuilding it",
                path.display()
            ));
            return None;
        }
    };
    match format::decode_parts(&bytes, parts) {
        Ok(file) => Some(file),
        Err(invalid) => {
            report.notes.push(format!(
                "cache {} is not used: {}; rebuilding it",
                path.display(),
                invalid.0
            ));
            None
        }
    }
}

/// Writes the cache atomically (a temporary file renamed over the old one), at the primary
/// location or else the fallback; a failure becomes a note.
fn write(location: &CacheLocation, fill: Fill<'_>, report: &mut CacheReport) {
    let mut last_err = None;
    for path in std::iter::once(&location.primary).chain(&location.fallback) {
        match replace_file(path, Durability::Renamed, fill) {
            Ok(()) => {
                report.path = Some(path.clone());
                return;
            }
            Err(err) => last_err = Some(err),
        }
    }
    if let Some(err) = last_err {
        report.notes.push(format!(
            "cache not saved: cannot write {} ({})",
            location.primary.display(),
            err.kind()
        ));
    }
}

/// What loading one article gave: the article and its cache entry without the segmentation
/// (taken from the article when the cache is written).
struct Loaded {
    article: Article,
    size: u64,
    mtime_ns: u64,
    text_hash: u64,
    reused: bool,
    /// The modification time the cache had for this file, if it had the file.
    cached_mtime: Option<u64>,
}

/// Loads the corpus in `dir` like [`Corpus::load`], reusing the cached analysis of every
/// article that did not change, and saves the cache when anything was analysed anew.
/// `progress` counts files read (stage [`Stage::Load`]).
///
/// # Errors
/// As [`Corpus::load`]: only a corpus folder that cannot be read at all is an error.
pub fn load_corpus(
    dir: &Path,
    config: &Config,
    location: &CacheLocation,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Corpus, Vec<Warning>, CacheReport)> {
    load(dir, config, location, progress, Save::WhenChanged)
}

/// Like [`load_corpus`], but leaves saving the cache to a detection that follows at once
/// ([`detect_cached_after`] with this load's report), which saves everything in one write.
///
/// # Errors
/// As [`Corpus::load`].
pub fn load_corpus_for_detection(
    dir: &Path,
    config: &Config,
    location: &CacheLocation,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Corpus, Vec<Warning>, CacheReport)> {
    load(dir, config, location, progress, Save::Never)
}

/// Whether a load saves the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Save {
    WhenChanged,
    Never,
}

fn load(
    dir: &Path,
    config: &Config,
    location: &CacheLocation,
    progress: &(dyn Fn(Progress) + Sync),
    save: Save,
) -> Result<(Corpus, Vec<Warning>, CacheReport)> {
    let mut report = CacheReport::default();
    let (files, mut warnings) = corpus::list_articles(dir)?;
    let cache = read(location, Parts::All, &mut report);
    let written_ns = cache.as_ref().map_or(0, |c| c.written_ns);
    // The cached entries are moved into the articles they describe, not copied: at 100,000
    // articles their segmentation is a few hundred thousand vectors.
    let (old_count, old_reuse, mut cached) = match cache {
        Some(c) => (
            Some(c.articles.len()),
            c.reuse,
            c.articles
                .into_iter()
                .map(|a| (a.name.clone(), a))
                .collect::<HashMap<String, CachedArticle>>(),
        ),
        None => (None, None, HashMap::new()),
    };

    let (pending, unreadable) = read_files(dir, files, progress);
    warnings.extend(unreadable);
    let racy_before = written_ns.saturating_sub(u64::try_from(RACY.as_nanos()).unwrap_or(0));
    let slots: Vec<Option<CachedArticle>> = pending
        .iter()
        .map(|(rel, _)| cached.remove(&corpus::relative_name(rel)))
        .collect();
    let loaded: Vec<Loaded> = pending
        .into_par_iter()
        .zip(slots)
        .enumerate()
        .map(|(i, ((rel, file), slot))| {
            let id = ArticleId(u32::try_from(i).unwrap_or(u32::MAX));
            load_article(id, rel, file, slot, racy_before, config)
        })
        .collect();

    report.reused_articles = loaded.iter().filter(|l| l.reused).count();
    report.analysed_articles = loaded.len() - report.reused_articles;
    let changed = is_changed(&loaded, old_count);
    let entries: Vec<(u64, u64, u64)> = loaded
        .iter()
        .map(|l| (l.size, l.mtime_ns, l.text_hash))
        .collect();
    report.text_hashes = entries.iter().map(|e| e.2).collect();
    report.file_stamps = entries.iter().map(|e| (e.0, e.1)).collect();
    let articles: Vec<Article> = loaded.into_iter().map(|l| l.article).collect();
    let (corpus, warnings) = Corpus::assemble(dir, articles, warnings, config);
    if changed && save == Save::WhenChanged {
        let articles: Vec<ArticleEntry<'_>> = corpus
            .articles
            .iter()
            .zip(&entries)
            .map(|(a, &(size, mtime_ns, text_hash))| entry_of(a, size, mtime_ns, text_hash))
            .collect();
        let reuse = old_reuse.as_ref().map(entry_of_reuse);
        let written_ns = nanos(SystemTime::now());
        let fill =
            |file: &mut std::fs::File| format::write_parts(file, written_ns, &articles, reuse);
        write(location, &fill, &mut report);
    }
    Ok((corpus, warnings, report))
}

/// Reads the article `files` of `dir` in parallel, counting them in `progress`: the files read,
/// in order, and a warning for each that could not be.
fn read_files(
    dir: &Path,
    files: Vec<PathBuf>,
    progress: &(dyn Fn(Progress) + Sync),
) -> (Vec<(PathBuf, FileRead)>, Vec<Warning>) {
    let total = files.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let read: Vec<(PathBuf, std::result::Result<FileRead, Unreadable>)> = files
        .into_par_iter()
        .map(|rel| {
            let file = read_article_file(&dir.join(&rel));
            let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if d % 512 == 0 || d == total {
                progress(Progress {
                    stage: Stage::Load,
                    done: d,
                    total,
                });
            }
            (rel, file)
        })
        .collect();
    let mut pending = Vec::with_capacity(read.len());
    let mut warnings = Vec::new();
    for (rel, file) in read {
        match file {
            Ok(file) => pending.push((rel, file)),
            Err(why) => warnings.push(Warning {
                path: dir.join(&rel),
                message: why.warning_message(),
            }),
        }
    }
    (pending, warnings)
}

/// The article of one file as read, taking the cached analysis `slot` when it still describes
/// the file: unchanged size and time (and modified well before `racy_before`, the time the
/// cache was written less [`RACY`]) vouch for it without hashing; otherwise an equal hash of
/// the text does. Anything else is analysed anew.
fn load_article(
    id: ArticleId,
    rel: PathBuf,
    file: FileRead,
    slot: Option<CachedArticle>,
    racy_before: u64,
    config: &Config,
) -> Loaded {
    let name = corpus::relative_name(&rel);
    let decoded = DecodedText::decode_owned(file.bytes);
    let cached_mtime = slot.as_ref().map(|c| c.mtime_ns);
    let entry = slot.as_ref().filter(|c| c.size == file.size);
    let unchanged = entry
        .filter(|c| c.mtime_ns != 0 && c.mtime_ns == file.mtime_ns && file.mtime_ns < racy_before);
    let (usable, text_hash) = match unchanged {
        Some(c) => (true, c.text_hash),
        None => {
            let hash = hash64(decoded.text.as_bytes());
            (entry.is_some_and(|c| c.text_hash == hash), hash)
        }
    };
    let entry =
        slot.filter(|c| usable && format::segmentation_fits(&c.segmentation, &decoded.text));
    let reused = entry.is_some();
    let mut article = match entry {
        Some(c) => Article::from_analysis(
            id,
            &name,
            decoded,
            c.segmentation,
            usize::try_from(c.words).unwrap_or(usize::MAX),
            config,
        ),
        None => Article::from_decoded(id, &name, decoded, config),
    };
    article.rel_path = rel;
    Loaded {
        article,
        size: file.size,
        mtime_ns: file.mtime_ns,
        text_hash,
        reused,
        cached_mtime,
    }
}

/// True when the cache no longer says what this load found: an article analysed anew, a
/// different number of articles than the `old_count` it held, or a file time that moved.
fn is_changed(loaded: &[Loaded], old_count: Option<usize>) -> bool {
    loaded.iter().any(|l| !l.reused)
        || old_count != Some(loaded.len())
        || loaded.iter().any(|l| l.cached_mtime != Some(l.mtime_ns))
}

fn entry_of(article: &Article, size: u64, mtime_ns: u64, text_hash: u64) -> ArticleEntry<'_> {
    ArticleEntry {
        name: &article.name,
        size,
        mtime_ns,
        text_hash,
        words: article.words as u64,
        segmentation: &article.segmentation,
    }
}

fn entry_of_reuse(cached: &CachedReuse) -> ReuseEntry<'_> {
    ReuseEntry {
        config_hash: cached.config_hash,
        corpus: &cached.corpus,
        reuse: &cached.reuse,
        postings: cached.postings,
    }
}

/// Removes the cache files of `location` (for `--no-cache`-style resets and tests).
///
/// # Errors
/// [`Error::Write`] when a cache file exists and cannot be removed.
pub fn clear(location: &CacheLocation) -> Result<()> {
    for path in std::iter::once(&location.primary).chain(&location.fallback) {
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(Error::Write {
                    path: path.clone(),
                    source,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::segment::segment;

    const TEXT: &str = "Title\n\nOne sentence here. Another one.";

    fn file(text: &str, mtime_ns: u64) -> FileRead {
        FileRead {
            bytes: text.as_bytes().to_vec(),
            size: text.len() as u64,
            mtime_ns,
        }
    }

    /// The cache's entry for `TEXT` as analysed at `mtime_ns`, with `words` as a mark that
    /// shows whether the entry was taken (a fresh analysis counts 6).
    fn slot(mtime_ns: u64, text_hash: u64) -> Option<CachedArticle> {
        Some(CachedArticle {
            name: "a.txt".into(),
            size: TEXT.len() as u64,
            mtime_ns,
            text_hash,
            words: 99,
            segmentation: segment(TEXT),
        })
    }

    fn load(file: FileRead, slot: Option<CachedArticle>, racy_before: u64) -> Loaded {
        let config = Config::default();
        load_article(
            ArticleId(0),
            "a.txt".into(),
            file,
            slot,
            racy_before,
            &config,
        )
    }

    #[test]
    fn an_unchanged_file_takes_its_cached_analysis_without_hashing() {
        // A wrong cached hash is kept: same size and an old time vouch without hashing.
        let loaded = load(file(TEXT, 1_000), slot(1_000, 42), 5_000);
        assert!(loaded.reused);
        assert_eq!(loaded.text_hash, 42);
        assert_eq!(loaded.article.words, 99);
        assert_eq!(loaded.cached_mtime, Some(1_000));
    }

    #[test]
    fn a_touched_or_racy_file_is_hashed_and_taken_when_its_text_is_the_same() {
        let hash = hash64(TEXT.as_bytes());
        for (mtime, racy_before) in [(2_000, 5_000), (4_999, 4_000)] {
            let loaded = load(file(TEXT, mtime), slot(mtime.min(1_000), hash), racy_before);
            assert!(loaded.reused, "{mtime} {racy_before}");
            assert_eq!(loaded.text_hash, hash);
        }
        // Racy: the same time, but too close to the cache's writing to trust it.
        let loaded = load(file(TEXT, 4_500), slot(4_500, 42), 4_000);
        assert!(!loaded.reused);
        assert_eq!(loaded.text_hash, hash);
    }

    #[test]
    fn a_changed_text_or_a_new_file_is_analysed_anew() {
        let changed = "Title\n\nOne sentence HERE. Another one.";
        let loaded = load(
            file(changed, 2_000),
            slot(1_000, hash64(TEXT.as_bytes())),
            5_000,
        );
        assert!(!loaded.reused);
        assert_eq!(loaded.article.words, 6);
        assert_eq!(loaded.text_hash, hash64(changed.as_bytes()));
        let new = load(file(TEXT, 2_000), None, 5_000);
        assert!(!new.reused);
        assert_eq!(new.cached_mtime, None);
    }

    #[test]
    fn the_cache_is_saved_again_only_when_what_it_says_moved() {
        let reused = load(file(TEXT, 1_000), slot(1_000, 42), 5_000);
        assert!(!is_changed(std::slice::from_ref(&reused), Some(1)));
        assert!(is_changed(std::slice::from_ref(&reused), Some(2)));
        let touched = load(
            file(TEXT, 2_000),
            slot(1_000, hash64(TEXT.as_bytes())),
            5_000,
        );
        assert!(touched.reused);
        assert!(is_changed(&[touched], Some(1)));
        let new = load(file(TEXT, 1_000), None, 5_000);
        assert!(is_changed(&[new], Some(1)));
    }
}
