//! Where a corpus, its config and its tags file live, from the one path a user names (or none).
//!
//! `crossread [PATH]`: PATH is a config file or a corpus folder. With no PATH, `./config.toml`
//! if there is one, else the current folder. Paths inside a config file are relative to it.
//!
//! A folder named on its own is still read with the config that describes it, when there is
//! one: a `config.toml` in the folder, beside it or above it, or in the current folder or above
//! it, whose `[corpus] dir` is that folder. Otherwise `crossread tags seeds` and `crossread`
//! (with `./config.toml` naming `seeds`) would read one corpus with two tags files and two
//! sets of outlets.

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
                Ok(meta) if meta.is_dir() => match config_naming(path) {
                    Some(config) => Project::from_config_file(&config),
                    None => Ok(Project::from_corpus_dir(path)),
                },
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

/// The first `config.toml` whose `[corpus] dir` is `dir`: looked for in `dir`, in each folder
/// above it, then in the current folder and each folder above that. A file that does not parse
/// is passed over here (it may be about another corpus); one that names `dir` is loaded in full
/// by the caller, so its errors are still reported.
fn config_naming(dir: &Path) -> Option<PathBuf> {
    let target = std::fs::canonicalize(dir).ok()?;
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|d| std::fs::canonicalize(d).ok());
    let mut seen = std::collections::HashSet::new();
    let found = target
        .ancestors()
        .chain(cwd.iter().flat_map(|d| d.ancestors()))
        .filter(|folder| seen.insert(folder.to_path_buf()))
        .map(|folder| folder.join(CONFIG_FILE))
        .find(|config| names_corpus(config, &target))?;
    // Paths in messages read as the user would write them: `tags.toml`, not `/home/…/tags.toml`.
    match cwd.as_deref().map(|cwd| found.strip_prefix(cwd)) {
        Some(Ok(relative)) => Some(relative.to_path_buf()),
        _ => Some(found),
    }
}

/// True when `config` is a TOML file whose `[corpus] dir` (default `.`) resolves to `target`
/// (canonical).
fn names_corpus(config: &Path, target: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(config) else {
        return false;
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return false;
    };
    let dir = match table.get("corpus").and_then(|c| c.get("dir")) {
        None => ".",
        Some(toml::Value::String(dir)) => dir.as_str(),
        Some(_) => return false,
    };
    let base = config.parent().unwrap_or(Path::new(""));
    std::fs::canonicalize(base.join(dir)).is_ok_and(|d| d == target)
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
    fn a_folder_no_config_names_is_a_corpus_with_default_config() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("articles");
        std::fs::create_dir(&corpus).unwrap();
        // A config beside it about another folder, and one that does not parse.
        std::fs::write(dir.path().join(CONFIG_FILE), "[corpus]\ndir = \"other\"\n").unwrap();
        std::fs::create_dir(dir.path().join("other")).unwrap();
        std::fs::write(corpus.join(CONFIG_FILE), "[corpus\n").unwrap();
        let project = Project::open(Some(&corpus)).unwrap();
        assert_eq!(project.corpus_dir, corpus);
        assert_eq!(project.tags_path, corpus.join("tags.toml"));
        assert_eq!(project.config_path, None);
        assert_eq!(project.config, Config::default());
    }

    #[test]
    fn a_folder_is_read_with_the_config_that_names_it() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let by_folder = Project::open(Some(&root.join("seeds"))).unwrap();
        let by_config = Project::open(Some(&root.join("config.toml"))).unwrap();
        // Tests run in the crate's folder: the config there is named as `config.toml`.
        assert_eq!(by_folder.config_path, Some(PathBuf::from("config.toml")));
        assert_eq!(by_folder.tags_path, Path::new("tags.toml"));
        assert_eq!(by_folder.config, by_config.config);

        // A config inside the folder, naming it as `.` (the default).
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "[corpus]\ntags = \"t.toml\"\n",
        )
        .unwrap();
        let project = Project::open(Some(dir.path())).unwrap();
        assert_eq!(project.tags_path, dir.path().join("t.toml"));

        // One that names it and is broken is reported, not passed over.
        std::fs::write(dir.path().join(CONFIG_FILE), "[corpus]\ntagz = 1\n").unwrap();
        let err = Project::open(Some(dir.path())).unwrap_err().to_string();
        assert!(err.contains("unknown field `tagz`"), "{err}");
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
