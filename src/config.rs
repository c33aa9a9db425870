//! `config.toml`: where the corpus and its tags live and what the reader knows about each source.
//!
//! Plain serde data with a complete `Default`: a file only overrides what it names, and an unknown
//! key is an error that names it. Resolving paths against the file's folder is left to
//! [`crate::project`].

use std::path::{Path, PathBuf};

use serde::Deserialize;

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
    /// Publication date as written (ISO 8601 sorts best); default: none.
    pub date: Option<String>,
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
    /// [`Error::Parse`] with the line and column of the first problem.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        toml::from_str(text).map_err(|err| Error::from_toml(path, text, &err))
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
