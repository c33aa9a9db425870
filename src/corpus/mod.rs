//! Loading a folder of articles: which files count, how their bytes become text, and what the
//! reader shows for each (title, outlet, words). Offsets into an article are byte offsets into
//! its decoded text; [`Article::decoded`] maps them to the file's stored bytes.
//!
//! Broken input is not fatal: a binary file is skipped and an undecodable one is loaded, each
//! with a [`Warning`]; only a corpus folder that cannot be read at all is an error.

pub mod listing;
pub mod lookup;
pub mod metadata;
pub mod read;
pub mod segment;
pub mod text;
pub mod warning_summary;

use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::corpus::metadata::{FrontMatter, Origin, PubDate, strip_front_matter};
use crate::corpus::segment::{Segmentation, count_words, segment};
use crate::corpus::text::DecodedText;
use crate::error::{Error, Result};

/// An article's index in its [`Corpus`], stable for one load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArticleId(pub u32);

impl ArticleId {
    /// The index as `usize`, for slicing [`Corpus::articles`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One article of the corpus.
#[derive(Debug, Clone)]
pub struct Article {
    /// Its place in the corpus.
    pub id: ArticleId,
    /// Path relative to the corpus folder, `/`-separated: the name used in every output.
    pub name: String,
    /// Path relative to the corpus folder as the file system has it.
    pub rel_path: PathBuf,
    /// Headline: from `[[source]]`, else front matter, else the first non-empty line.
    pub title: String,
    /// Publisher: from `[[source]]`, else front matter, else the file stem.
    pub outlet: String,
    /// Publication date as written (`[[source]]`, else front matter), when it parses.
    pub date: Option<String>,
    /// The publication date, parsed.
    pub published: Option<PubDate>,
    /// Where it was published (`[[source]]`, else front matter).
    pub url: Option<String>,
    /// Where title, outlet, date and url came from.
    pub meta_origins: [Origin; 4],
    /// Problems with its metadata, reported as load warnings (a date that does not parse).
    pub meta_problems: Vec<String>,
    /// The text, with its map back to stored bytes.
    pub decoded: DecodedText,
    /// Paragraphs and sentences of the text.
    pub segmentation: Segmentation,
    /// Number of words (Unicode word boundaries).
    pub words: usize,
}

impl Article {
    /// Builds an article from stored bytes; `name` is its path relative to the corpus folder.
    pub fn from_bytes(id: ArticleId, name: &str, bytes: &[u8], config: &Config) -> Article {
        Article::from_decoded(id, name, DecodedText::decode(bytes), config)
    }

    /// Like [`Article::from_bytes`], keeping the bytes as the text when they are UTF-8.
    pub fn from_owned_bytes(id: ArticleId, name: &str, bytes: Vec<u8>, config: &Config) -> Article {
        Article::from_decoded(id, name, DecodedText::decode_owned(bytes), config)
    }

    /// An article of text decoded here: its front matter is taken out, then it is segmented
    /// and counted.
    pub(crate) fn from_decoded(
        id: ArticleId,
        name: &str,
        mut decoded: DecodedText,
        config: &Config,
    ) -> Article {
        let front = strip_front_matter(&mut decoded);
        let segmentation = segment(&decoded.text);
        let words = count_words(&decoded.text);
        Article::assemble(id, name, decoded, front, segmentation, words, config)
    }

    /// Builds an article from text decoded from its stored bytes and analysed already
    /// (segmented, words counted, after its front matter was taken out), as a cache of that
    /// analysis gives it back. The front matter is read again here.
    pub fn from_analysis(
        id: ArticleId,
        name: &str,
        mut decoded: DecodedText,
        segmentation: Segmentation,
        words: usize,
        config: &Config,
    ) -> Article {
        let front = strip_front_matter(&mut decoded);
        Article::assemble(id, name, decoded, front, segmentation, words, config)
    }

    fn assemble(
        id: ArticleId,
        name: &str,
        decoded: DecodedText,
        front: Option<FrontMatter>,
        segmentation: Segmentation,
        words: usize,
        config: &Config,
    ) -> Article {
        let meta = meta_of(name, &decoded.text, front.as_ref(), config);
        Article {
            id,
            name: name.to_owned(),
            rel_path: PathBuf::from(name),
            title: meta.title,
            outlet: meta.outlet,
            date: meta.date,
            published: meta.published,
            url: meta.url,
            meta_origins: meta.origins,
            meta_problems: meta.problems,
            decoded,
            segmentation,
            words,
        }
    }

    /// The decoded text.
    pub fn text(&self) -> &str {
        &self.decoded.text
    }

    /// True when the file holds no text (only white space, or nothing).
    pub fn is_empty(&self) -> bool {
        self.segmentation.paragraphs.is_empty()
    }
}

/// The load warning for a file that is not valid UTF-8.
pub(crate) fn not_utf8_message(decoded: &DecodedText) -> String {
    format!(
        "not valid UTF-8: {} byte(s) read as Windows-1252",
        decoded.replaced_bytes()
    )
}

/// The title, outlet, date and URL of the article `name` (relative to the corpus folder) whose
/// text, its front matter taken out, is `text`: as [`Article`] has them, without segmenting it.
pub(crate) fn meta_of(
    name: &str,
    text: &str,
    front: Option<&metadata::FrontMatter>,
    config: &Config,
) -> metadata::ArticleMeta {
    let stem = Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_owned(), |s| s.to_string_lossy().into_owned());
    metadata::resolve(config.source(name), front, &stem, || first_line_title(text))
}

/// The longest title we keep from a first line; a page saved as one line would otherwise make
/// its whole text the title.
const MAX_TITLE_CHARS: usize = 160;

fn first_line_title(text: &str) -> String {
    // Lone carriage returns end lines too (classic Mac files): a title is one line.
    let line = text
        .split(['\n', '\r'])
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}'))
        .find(|l| !l.is_empty())
        .unwrap_or("");
    match line.char_indices().nth(MAX_TITLE_CHARS) {
        Some((cut, _)) => format!("{}…", line[..cut].trim_end()),
        None => line.to_owned(),
    }
}

/// Something wrong with one file that did not stop the load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file, as the user named it (corpus folder joined with the relative path).
    pub path: PathBuf,
    /// What happened, as a phrase (`skipped: binary file (NUL bytes)`).
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// What a scan says of an article with no text.
pub const EMPTY_MESSAGE: &str = "empty: nothing to compare";

/// All articles of one folder, sorted by relative path.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The folder the articles were read from.
    pub dir: PathBuf,
    /// The articles; `articles[i].id == ArticleId(i)`.
    pub articles: Vec<Article>,
}

/// File extensions (lower case) that hold articles.
const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md"];

/// True for a file named like an article (`.txt`, `.md`, in any case).
pub(crate) fn is_article_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.')
}

/// Why a FIFO, socket or device named like an article is not read.
pub(crate) const NOT_A_FILE: &str = "skipped: not a regular file (a pipe, socket or device)";

/// The article files under `dir` (relative paths, sorted), with warnings for what the walk
/// could not enter (unreadable folders, symbolic link loops).
///
/// # Errors
/// [`Error::NotFound`] when `dir` does not exist, [`Error::Read`] when it is not a readable
/// folder.
pub(crate) fn list_articles(dir: &Path) -> Result<(Vec<PathBuf>, Vec<Warning>)> {
    let meta = std::fs::metadata(dir).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::NotFound {
                path: dir.to_path_buf(),
            }
        } else {
            Error::Read {
                path: dir.to_path_buf(),
                source,
            }
        }
    })?;
    if !meta.is_dir() {
        return Err(Error::Read {
            path: dir.to_path_buf(),
            source: std::io::Error::other("not a folder"),
        });
    }
    // Fail early, with the folder's own error, when it cannot be listed at all.
    std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;

    let mut warnings = Vec::new();
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden(e));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() && is_article_file(entry.path()) => {
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                files.push(rel.to_path_buf());
            }
            // A FIFO, socket or device named like an article: reading a FIFO would wait for
            // a writer forever.
            Ok(entry) if !entry.file_type().is_dir() && is_article_file(entry.path()) => {
                warnings.push(Warning {
                    path: entry.path().to_path_buf(),
                    message: NOT_A_FILE.to_owned(),
                });
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                let message = if err.loop_ancestor().is_some() {
                    "skipped: symbolic link loop".to_owned()
                } else {
                    match err.io_error() {
                        Some(io) => format!("skipped: {io}"),
                        None => format!("skipped: {err}"),
                    }
                };
                warnings.push(Warning { path, message });
            }
        }
    }
    files.sort();
    Ok((files, warnings))
}

impl Corpus {
    /// Loads the `.txt` and `.md` files under `dir` (recursively, skipping hidden files and
    /// folders), sorted by relative path, and returns them with the warnings for files that were
    /// skipped or only partly readable.
    ///
    /// # Errors
    /// [`Error::NotFound`] when `dir` does not exist, [`Error::Read`] when it is not a readable
    /// folder.
    pub fn load(dir: &Path, config: &Config) -> Result<(Corpus, Vec<Warning>)> {
        let (files, mut warnings) = list_articles(dir)?;
        let loaded: Vec<(
            PathBuf,
            std::result::Result<read::FileRead, read::Unreadable>,
        )> = files
            .into_par_iter()
            .map(|rel| {
                let read = read::read_article_file(&dir.join(&rel));
                (rel, read)
            })
            .collect();

        let mut pending = Vec::new();
        for (rel, loaded) in loaded {
            match loaded {
                Ok(file) => pending.push((rel, file.bytes)),
                Err(why) => warnings.push(Warning {
                    path: dir.join(&rel),
                    message: why.warning_message(),
                }),
            }
        }
        let built: Vec<Article> = pending
            .into_par_iter()
            .enumerate()
            .map(|(i, (rel, bytes))| {
                let id = ArticleId(u32::try_from(i).unwrap_or(u32::MAX));
                let mut article =
                    Article::from_owned_bytes(id, &relative_name(&rel), bytes, config);
                article.rel_path = rel;
                article
            })
            .collect();
        Ok(Corpus::assemble(dir, built, warnings, config))
    }

    /// The corpus of `articles` (already numbered in order) read from `dir`, with the warnings
    /// every load adds: files that are not UTF-8, and `[[source]]` tables naming no article.
    pub(crate) fn assemble(
        dir: &Path,
        articles: Vec<Article>,
        mut warnings: Vec<Warning>,
        config: &Config,
    ) -> (Corpus, Vec<Warning>) {
        for article in &articles {
            for problem in &article.meta_problems {
                warnings.push(Warning {
                    path: dir.join(&article.rel_path),
                    message: problem.clone(),
                });
            }
            if !article.decoded.is_utf8() {
                warnings.push(Warning {
                    path: dir.join(&article.rel_path),
                    message: not_utf8_message(&article.decoded),
                });
            }
        }
        let names: std::collections::HashSet<&str> =
            articles.iter().map(|a| a.name.as_str()).collect();
        for source in &config.sources {
            if !names.contains(source.file.as_str()) {
                warnings.push(Warning {
                    path: dir.join(&source.file),
                    message: "named in [[source]] but not in the corpus".to_owned(),
                });
            }
        }
        (
            Corpus {
                dir: dir.to_path_buf(),
                articles,
            },
            warnings,
        )
    }

    /// Builds a corpus from in-memory `(name, text)` pairs, in the order given; for tests and
    /// tools that generate text.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Corpus {
        let config = Config::default();
        let articles = texts
            .into_iter()
            .enumerate()
            .map(|(i, (name, text))| {
                let id = ArticleId(u32::try_from(i).unwrap_or(u32::MAX));
                Article::from_bytes(id, name, text.as_bytes(), &config)
            })
            .collect();
        Corpus {
            dir: PathBuf::new(),
            articles,
        }
    }

    /// One warning per article that holds no text (an empty file, or only white space): it is
    /// listed, and there is nothing in it to compare. Not part of [`Corpus::load`]'s warnings,
    /// since the reader shows such an article as `(empty)` in its list; a scan, which has no
    /// list, reports them.
    pub fn empty_warnings(&self) -> Vec<Warning> {
        self.articles
            .iter()
            .filter(|a| a.is_empty())
            .map(|a| Warning {
                path: self.dir.join(&a.rel_path),
                message: EMPTY_MESSAGE.to_owned(),
            })
            .collect()
    }

    /// The article with this id.
    pub fn article(&self, id: ArticleId) -> Option<&Article> {
        self.articles.get(id.index())
    }

    /// The article whose relative name is `name`.
    pub fn find(&self, name: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.name == name)
    }
}

/// A relative path as a `/`-separated name, lossy for names that are not UTF-8.
pub(crate) fn relative_name(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeds() -> (Corpus, Vec<Warning>) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(&root.join("config.toml")).unwrap();
        Corpus::load(&root.join("seeds"), &config).unwrap()
    }

    #[test]
    fn seeds_load_sorted_with_metadata() {
        let (corpus, warnings) = seeds();
        assert!(warnings.is_empty(), "{warnings:?}");
        let names: Vec<&str> = corpus.articles.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "000_e16856ae05da38e2.txt",
                "001_0d4e60a693cd02cb.txt",
                "002_bf921deb08cbc33a.txt",
                "003_36cbbe6c1411a271.txt",
                "004_658e56c58bbd5c43.txt",
            ]
        );
        let irish = &corpus.articles[2];
        assert_eq!(irish.outlet, "The Irish Times");
        assert_eq!(
            irish.title,
            "Donald Trump’s peace push in limbo as Russia dampens hopes for summit with Ukraine"
        );
        // No [[source]] outlet for 001: the file stem.
        assert_eq!(corpus.articles[1].outlet, "001_0d4e60a693cd02cb");
        for (i, article) in corpus.articles.iter().enumerate() {
            assert_eq!(article.id, ArticleId(i as u32));
            assert!(article.decoded.is_utf8());
            assert!(
                article.words > 500,
                "{} has {} words",
                article.name,
                article.words
            );
        }
    }

    #[test]
    fn seed_paragraphs_and_sentences_slice_back() {
        let (corpus, _) = seeds();
        let counts: Vec<(usize, usize)> = corpus
            .articles
            .iter()
            .map(|a| {
                (
                    a.segmentation.paragraphs.len(),
                    a.segmentation.sentences.len(),
                )
            })
            .collect();
        // One paragraph per line in 000, 001 and 003; blank-line blocks in 002 and 004.
        assert_eq!(counts[0].0, 29);
        assert_eq!(counts[1].0, 22);
        assert_eq!(counts[2].0, 34);
        assert_eq!(counts[3].0, 34);
        assert_eq!(counts[4].0, 28);
        let irish = &corpus.articles[2];
        let first = &irish.segmentation.paragraphs[0];
        assert_eq!(
            &irish.text()[first.byte_span.clone()],
            "Donald Trump’s peace push in limbo as Russia dampens hopes for summit with Ukraine"
        );
        // The Reuters story embedded on one line of 003 is many sentences, and the
        // legitimacy sentence stands alone.
        let aggregator = &corpus.articles[3];
        let sentences: Vec<&str> = aggregator
            .segmentation
            .sentences
            .iter()
            .map(|s| &aggregator.text()[s.byte_span.clone()])
            .collect();
        assert!(sentences.contains(
            &"Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his term in office was due to expire in May 2024 but the war means no new presidential election has yet been held."
        ));
        assert!(
            sentences.iter().any(|s| s.starts_with(
                "Another option is to go back to the failed 2022 Istanbul agreements"
            ) && s.contains("U.N. Security Council: Britain, China"))
        );
        for article in &corpus.articles {
            for s in &article.segmentation.sentences {
                let text = &article.text()[s.byte_span.clone()];
                assert_eq!(text, text.trim(), "untrimmed sentence in {}", article.name);
            }
        }
    }

    #[test]
    fn bad_files_are_warned_about_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Fine text.").unwrap();
        std::fs::write(dir.path().join("b.txt"), b"caf\xe9 au lait.").unwrap();
        std::fs::write(dir.path().join("c.txt"), b"\x00\x01binary").unwrap();
        std::fs::write(dir.path().join("d.md"), "").unwrap();
        std::fs::write(dir.path().join("e.pdf"), "not an article").unwrap();
        std::fs::create_dir(dir.path().join(".crossread")).unwrap();
        std::fs::write(dir.path().join(".crossread/x.txt"), "hidden").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/f.TXT"), "Nested.").unwrap();

        let (corpus, warnings) = Corpus::load(dir.path(), &Config::default()).unwrap();
        let names: Vec<&str> = corpus.articles.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["a.txt", "b.txt", "d.md", "sub/f.TXT"]);
        assert_eq!(corpus.articles[1].text(), "café au lait.");
        assert!(corpus.articles[2].is_empty());
        assert!(!corpus.articles[0].is_empty());
        let messages: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].ends_with("c.txt: skipped: binary file (NUL bytes)"));
        assert!(messages[1].ends_with("b.txt: not valid UTF-8: 1 byte(s) read as Windows-1252"));
    }

    #[test]
    fn missing_folder_and_file_as_folder_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let err = Corpus::load(&missing, &Config::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{} does not exist", missing.display())
        );
        let file = dir.path().join("file.txt");
        std::fs::write(&file, "x").unwrap();
        let err = Corpus::load(&file, &Config::default()).unwrap_err();
        assert_eq!(err.to_string(), format!("cannot read {}", file.display()));
    }

    #[test]
    fn empty_folder_is_an_empty_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let (corpus, warnings) = Corpus::load(dir.path(), &Config::default()).unwrap();
        assert!(corpus.articles.is_empty());
        assert!(warnings.is_empty());
    }

    #[test]
    fn long_first_line_makes_a_short_title() {
        let text = "word ".repeat(100);
        let title = first_line_title(&text);
        assert!(title.chars().count() <= MAX_TITLE_CHARS + 1);
        assert!(title.ends_with('…'));
    }

    #[test]
    fn title_stops_at_a_lone_carriage_return() {
        // Found by the hostile-corpus test: `str::lines` only splits at `\n`, so a file with
        // classic Mac line ends had its whole text, carriage returns and all, as its title.
        assert_eq!(
            first_line_title("\r\rline one\rline two\r\rline three\r"),
            "line one"
        );
        assert_eq!(first_line_title("CRLF title\r\n\r\nbody"), "CRLF title");
    }
}
