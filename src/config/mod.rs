//! `config.toml`: where the corpus and its tags live and what the reader knows about each source.
//!
//! Plain serde data with a complete `Default`: a file only overrides what it names, and an unknown
//! key is an error that names it. Resolving paths against the file's folder is left to
//! [`crate::project`].

pub mod cite;
pub mod detect_edit;
pub mod keymap;
pub mod keys;
pub mod theme;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::keymap::KeysSection;
use crate::config::theme::ThemeSection;
use crate::error::{Error, Result};

/// The whole configuration, as read from `config.toml`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where the articles and the tags file are.
    pub corpus: CorpusConfig,
    /// Per-article metadata (`[[source]]` tables), in file order.
    #[serde(rename = "source")]
    pub sources: Vec<SourceMeta>,
    /// How reuse between articles is detected (`[detect]`).
    pub detect: DetectConfig,
    /// How the likely source of a shared passage is guessed (`[hints]`).
    pub hints: HintsConfig,
    /// The reader's keys (`[keys.screen] action = ["key", …]`), over the shipped keymap.
    pub keys: KeysSection,
    /// The reader's colours (`[theme]`), over the default theme.
    pub theme: ThemeSection,
    /// How a copied quote is cited (`[cite]`).
    pub cite: CiteConfig,
}

/// The `[cite]` table: the format of the citation a copied quote carries.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CiteConfig {
    /// Placeholders `{quote}` `{outlet}` `{title}` `{date}` `{file}` `{line}` `{url}`; a part in
    /// `[...]` is left out when a placeholder inside has no value ([`cite`]).
    pub format: cite::Template,
}

/// The `[corpus]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CorpusConfig {
    /// The folder of articles, relative to the config file.
    pub dir: PathBuf,
    /// The tags file, relative to the config file.
    pub tags: PathBuf,
}

impl Default for CorpusConfig {
    fn default() -> Self {
        CorpusConfig {
            dir: PathBuf::from("."),
            tags: PathBuf::from("tags.toml"),
        }
    }
}

/// One `[[source]]` table: what the reader shows for one article instead of guessing.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SourceMeta {
    /// The article's path relative to the corpus folder, as listed (`002_bf921deb08cbc33a.txt`).
    pub file: String,
    /// The outlet that published it; default: the file stem.
    pub outlet: Option<String>,
    /// The headline; default: the article's first non-empty line.
    pub title: Option<String>,
    /// Publication date, ISO 8601 (`2025-08-21`, `2025-08-21T10:04+02:00`); default: none.
    pub date: Option<String>,
    /// Where it was published; default: none.
    pub url: Option<String>,
}

/// The `[hints]` table: what the source hint of a shared passage may rely on.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HintsConfig {
    /// Outlets that are wire services: when dates and wording cannot tell who had a passage
    /// first, the member from a wire service is taken as its source. A name matches an outlet
    /// that has it as a whole word (`AFP` matches `Daily8 (AFP, with Reuters)`); names of up to
    /// three letters match in their case only, so `AP` is not `ap`.
    pub wire_services: Vec<String>,
}

impl Default for HintsConfig {
    fn default() -> Self {
        HintsConfig {
            wire_services: [
                "AFP", "AP", "Reuters", "dpa", "PA", "ANSA", "EFE", "Xinhua", "TASS",
            ]
            .map(str::to_owned)
            .to_vec(),
        }
    }
}

/// The `[detect]` table: what counts as a passage shared between two articles.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DetectConfig {
    /// Words two passages must have in common (after normalization; honorifics do not count).
    /// Stock phrases are shorter than this.
    pub min_words: usize,
    /// Of those, content words (not `the`, `of`, `would`) that are not part of a stock phrase.
    pub min_content_words: usize,
    /// Lowest similarity of the two passages, from 0 (nothing in common) to 1 (same words).
    pub min_similarity: f64,
    /// A word sequence found in more than this share of the articles is a stock phrase or
    /// boilerplate: it never starts a match by itself. See `stock_min_articles`.
    pub stock_share: f64,
    /// ...but only when it is in more than this many articles, so that in a small corpus a
    /// wire paragraph that every article carries is still found.
    pub stock_min_articles: usize,
    /// ...and always when it is in more than this many, whatever the size of the corpus: past
    /// a few hundred articles a phrase is a formula, and pairing every two articles that carry
    /// it would cost time that grows with the square of that number.
    pub stock_max_articles: usize,
    /// Set aside text that articles of one outlet share and no other outlet has (a footer, a
    /// standing line about the outlet) as boilerplate. Off: it is reported like any passage.
    pub boilerplate: bool,
}

impl Default for DetectConfig {
    fn default() -> Self {
        DetectConfig {
            min_words: 12,
            min_content_words: 6,
            min_similarity: 0.6,
            stock_share: 0.02,
            stock_min_articles: 10,
            stock_max_articles: 200,
            boilerplate: true,
        }
    }
}

impl DetectConfig {
    /// Checks the values for sense; `path` names the file they came from.
    ///
    /// # Errors
    /// [`Error::Invalid`] for a minimum of zero words or a share or similarity outside [0, 1].
    pub fn validate(&self, path: &Path) -> Result<()> {
        let problem = if self.min_words == 0 {
            Some("[detect] min_words must be at least 1".to_owned())
        } else if !(0.0..=1.0).contains(&self.min_similarity) {
            Some(format!(
                "[detect] min_similarity must be between 0 and 1, not {}",
                self.min_similarity
            ))
        } else if !(0.0..=1.0).contains(&self.stock_share) {
            Some(format!(
                "[detect] stock_share must be between 0 and 1, not {}",
                self.stock_share
            ))
        } else {
            None
        };
        match problem {
            Some(message) => Err(Error::Invalid {
                path: path.to_path_buf(),
                message,
            }),
            None => Ok(()),
        }
    }
}

impl Config {
    /// Reads and parses a config file.
    ///
    /// # Errors
    /// [`Error::Read`] when the file cannot be read, [`Error::Parse`] (with line and column) when
    /// it is not valid TOML or names a key we do not know.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Parses config text; `path` is only used in error messages.
    ///
    /// # Errors
    /// [`Error::Parse`] with the line and column of the first problem; [`Error::Invalid`] for a
    /// value that parses but makes no sense.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let mut config: Config =
            toml::from_str(text).map_err(|err| Error::from_toml(path, text, &err))?;
        config.detect.validate(path)?;
        config.keys.locate(path, text)?;
        Ok(config)
    }

    /// The `[[source]]` entry for an article path (relative to the corpus folder), if any.
    pub fn source(&self, file: &str) -> Option<&SourceMeta> {
        self.sources.iter().find(|s| s.file == file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(text, Path::new("config.toml"))
    }

    #[test]
    fn a_bad_citation_format_is_named_with_its_position() {
        let err = parse("[cite]\nformat = \"{quote} {nope}\"\n").unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("config.toml:2:10: unknown placeholder `{nope}`"),
            "{text}"
        );
        let config = parse("[cite]\nformat = \"{quote} ({outlet})\"\n").unwrap();
        assert_eq!(config.cite.format.to_string(), "{quote} ({outlet})");
    }

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(parse("").unwrap(), Config::default());
        assert_eq!(Config::default().corpus.dir, PathBuf::from("."));
        assert_eq!(Config::default().corpus.tags, PathBuf::from("tags.toml"));
    }

    #[test]
    fn sources_and_corpus_are_read() {
        let config = parse(
            "[corpus]\ndir = \"seeds\"\n\n[[source]]\nfile = \"a.txt\"\noutlet = \"The Post\"\n",
        )
        .unwrap();
        assert_eq!(config.corpus.dir, PathBuf::from("seeds"));
        assert_eq!(config.corpus.tags, PathBuf::from("tags.toml"));
        assert_eq!(
            config.source("a.txt").unwrap().outlet.as_deref(),
            Some("The Post")
        );
        assert!(config.source("b.txt").is_none());
    }

    #[test]
    fn unknown_key_is_named_with_its_position() {
        let err = parse("[corpus]\ndir = \"seeds\"\ntagz = \"x.toml\"\n").unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("config.toml:3:1: "), "{message}");
        assert!(message.contains("unknown field `tagz`"), "{message}");
        assert!(message.contains("expected `dir` or `tags`"), "{message}");
    }

    #[test]
    fn detect_section_overrides_defaults_and_rejects_nonsense() {
        let config = parse("[detect]\nmin_words = 20\n").unwrap();
        assert_eq!(config.detect.min_words, 20);
        assert_eq!(
            config.detect.min_similarity,
            DetectConfig::default().min_similarity
        );
        let err = parse("[detect]\nmin_wrods = 20\n").unwrap_err().to_string();
        assert!(
            err.starts_with("config.toml:2:1: unknown field `min_wrods`"),
            "{err}"
        );
        let err = parse("[detect]\nmin_similarity = 1.5\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "config.toml: [detect] min_similarity must be between 0 and 1, not 1.5"
        );
        let err = parse("[detect]\nmin_words = 0\n").unwrap_err().to_string();
        assert_eq!(err, "config.toml: [detect] min_words must be at least 1");
    }

    #[test]
    fn keys_section_is_kept_with_its_file() {
        let config = parse("[keys.list]\ndown = [\"n\"]\n").unwrap();
        assert!(config.keys.is_written());
        assert_eq!(config.keys.path(), Some(Path::new("config.toml")));
        assert_ne!(config.keys, KeysSection::default());
        // A bad key name is caught here already, for every command.
        let err = parse("[keys.list]\ndown = [\"j\", \"ctrl-\"]\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("config.toml:2:20: no key after the modifiers in `ctrl-`"),
            "{err}"
        );
        assert!(err.ends_with("(action `down`)"), "{err}");
        let plain = parse("[corpus]\ndir = \"x\"\n").unwrap();
        assert!(!plain.keys.is_written());
        assert_eq!(plain.keys, KeysSection::default());
        // The shipped keymap, written out in full, equals the default.
        let full = format!(
            "[keys]\n{}",
            crate::config::keymap::DEFAULT_KEYS.replace("\n[", "\n[keys.")
        );
        assert_eq!(parse(&full).unwrap().keys, KeysSection::default());
    }

    #[test]
    fn theme_section_sets_colours_and_names_bad_ones() {
        use crate::config::theme::{Colour, Theme};
        let config =
            parse("[theme]\nadded = \"#00ff00\"\nshared = [\"red\", \"default\"]\n").unwrap();
        assert!(config.theme.is_written());
        let theme = config.theme.apply_to(Theme::default());
        assert_eq!(theme.added, Colour::Rgb(0, 0xff, 0));
        assert_eq!(
            theme.shared,
            [Colour::named("red").unwrap(), Colour::Default]
        );
        assert_eq!(theme.removed, Theme::default().removed);
        assert!(!parse("").unwrap().theme.is_written());

        let err = parse("[corpus]\ndir = \"x\"\n[theme]\ncursor = \"pink\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "config.toml:4:10: unknown colour `pink`, expected default, black, red,"
            ),
            "{err}"
        );
        assert!(err.ends_with("white or #rrggbb"), "{err}");
        let err = parse("[theme]\nshared = [\"red\", \"#12\"]\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("config.toml:2:10: unknown colour `#12`"),
            "{err}"
        );
        let err = parse("[theme]\ncurser = \"red\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "config.toml:2:1: unknown field `curser`, expected one of `shared`, `added`"
            ),
            "{err}"
        );
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = parse("[corpus]\ndir = seeds\n").unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("config.toml:2:7: "), "{message}");
        assert!(!message.contains('\n'), "{message}");
    }

    #[test]
    fn shipped_config_parses_and_names_every_seed() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(&root.join("config.toml")).unwrap();
        assert_eq!(config.corpus.dir, PathBuf::from("seeds"));
        for source in &config.sources {
            assert!(
                root.join("seeds").join(&source.file).is_file(),
                "config.toml names a missing seed {}",
                source.file
            );
        }
    }
}
