//! Where a corpus, its config and its tags file live, from the one path a user names (or none).
//!
//! `crossread [PATH]`: PATH is a config file or a corpus folder. With no PATH, `./config.toml`
//! if there is one, else the current folder. Paths inside a config file are relative to it.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Error, Result};

/// The name of the config file looked for when no path is given.
pub const CONFIG_FILE: &str = "config.toml";

/// A resolved corpus: its config and the absolute-or-relative paths it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// The configuration (the default when the user named a folder).
    pub config: Config,
    /// The config file read, if any.
    pub config_path: Option<PathBuf>,
    /// The folder of articles.
    pub corpus_dir: PathBuf,
    /// Where tags are read from and saved to.
    pub tags_path: PathBuf,
}

impl Project {
    /// Resolves what the user named on the command line.
    ///
    /// # Errors
    /// [`Error::NotFound`] for a path that does not exist; [`Error::ArticleNotConfig`] for an
    /// article file (`.txt`, `.md`), which is not read as TOML; the errors of [`Config::load`] for a
    /// config file that cannot be read or parsed.
    pub fn open(path: Option<&Path>) -> Result<Project> {
        match path {
            None => {
                let default = Path::new(CONFIG_FILE);
                if default.is_file() {
                    Project::from_config_file(default)
                } else {
                    Ok(Project::from_corpus_dir(Path::new(".")))
                }
            }
            Some(path) => match std::fs::metadata(path) {
                Ok(meta) if meta.is_dir() => Ok(Project::from_corpus_dir(path)),
                Ok(_) if crate::corpus::is_article_file(path) => Err(Error::ArticleNotConfig {
                    path: path.to_path_buf(),
                    folder: match path.parent() {
                        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                        _ => PathBuf::from("."),
                    },
                }),
                Ok(_) => Project::from_config_file(path),
                Err(source) if source.kind() == std::io::ErrorKind::NotFound => {
                    Err(Error::NotFound {
                        path: path.to_path_buf(),
                    })
                }
                Err(source) => Err(Error::Read {
                    path: path.to_path_buf(),
                    source,
                }),
            },
        }
    }

    /// A project for a config file; its paths are resolved against the file's folder.
    ///
    /// # Errors
    /// The errors of [`Config::load`].
    pub fn from_config_file(path: &Path) -> Result<Project> {
        let config = Config::load(path)?;
        let base = path.parent().unwrap_or(Path::new(""));
        Ok(Project {
            corpus_dir: base.join(&config.corpus.dir),
            tags_path: base.join(&config.corpus.tags),
            config_path: Some(path.to_path_buf()),
            config,
        })
    }

    /// A project for a bare corpus folder: default config, tags saved inside the folder.
    pub fn from_corpus_dir(dir: &Path) -> Project {
        let config = Config::default();
        Project {
            corpus_dir: dir.to_path_buf(),
            tags_path: dir.join(&config.corpus.tags),
            config_path: None,
            config,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_paths_are_relative_to_the_config_file() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let project = Project::open(Some(&root.join("config.toml"))).unwrap();
        assert_eq!(project.corpus_dir, root.join("seeds"));
        assert_eq!(project.tags_path, root.join("tags.toml"));
        assert_eq!(project.config_path, Some(root.join("config.toml")));
    }

    #[test]
    fn a_folder_is_a_corpus_with_default_config() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let project = Project::open(Some(&root.join("seeds"))).unwrap();
        assert_eq!(project.corpus_dir, root.join("seeds"));
        assert_eq!(project.tags_path, root.join("seeds").join("tags.toml"));
        assert_eq!(project.config, Config::default());
    }

    #[test]
    fn an_article_named_as_a_config_says_so() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let article = root.join("seeds/001_0d4e60a693cd02cb.txt");
        let err = Project::open(Some(&article)).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{} is an article, not a config file: give its folder ({}) or a config.toml",
                article.display(),
                root.join("seeds").display()
            )
        );
    }

    #[test]
    fn missing_path_and_bad_config_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        let err = Project::open(Some(&missing)).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{} does not exist", missing.display())
        );

        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "[corpus]\ndri = \"x\"\n").unwrap();
        let err = Project::open(Some(&bad)).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("{}:2:1: unknown field `dri`", bad.display())),
            "{err}"
        );
    }
}
