//! Writing chosen detection thresholds back into a `config.toml` that a person wrote: the
//! `[detect]` table gets the new values, and everything else (comments, order, other tables,
//! the comment after a value) stays as it was. What the values mean is [`DetectConfig`]'s;
//! where the reader lets a user choose them is the thresholds panel's.

use std::path::Path;

use toml_edit::{DocumentMut, Item, Table, value};

use crate::atomic_file::{Durability, replace_file};
use crate::config::{Config, DetectConfig};
use crate::error::{Error, Result};

/// `text` (a config file's content; empty for a new file) with `detect` in its `[detect]`
/// table: each key set to its value, keeping a key's trailing comment and the comments above
/// it; keys equal to the default and absent from the file are left out.
///
/// # Errors
/// [`Error::Parse`] (with line and column) when `text` is not TOML, [`Error::Invalid`] when
/// its `detect` is not a table.
///
/// # Examples
/// ```
/// use std::path::Path;
/// use crossread::config::{DetectConfig, detect_edit::with_detect};
/// let text = "# my corpus\n[detect]\nmin_words = 12 # the default\n";
/// let detect = DetectConfig { min_words: 20, boilerplate: false, ..DetectConfig::default() };
/// let out = with_detect(text, &detect, Path::new("config.toml")).unwrap();
/// assert_eq!(out, "# my corpus\n[detect]\nmin_words = 20 # the default\nboilerplate = false\n");
/// ```
pub fn with_detect(text: &str, detect: &DetectConfig, path: &Path) -> Result<String> {
    let mut doc: DocumentMut = text.parse().map_err(|err: toml_edit::TomlError| {
        let (line, column) = err
            .span()
            .map_or((1, 1), |span| crate::error::line_column(text, span.start));
        Error::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: err.message().to_owned(),
        }
    })?;
    let table = doc
        .entry("detect")
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_mut()
        .ok_or_else(|| Error::Invalid {
            path: path.to_path_buf(),
            message: "`detect` is not a table; cannot write the thresholds into it".to_owned(),
        })?;
    let default = DetectConfig::default();
    let entries: [(&str, Item, bool); 7] = [
        (
            "min_words",
            value(i64::try_from(detect.min_words).unwrap_or(i64::MAX)),
            detect.min_words != default.min_words,
        ),
        (
            "min_content_words",
            value(i64::try_from(detect.min_content_words).unwrap_or(i64::MAX)),
            detect.min_content_words != default.min_content_words,
        ),
        (
            "min_similarity",
            value(rounded(detect.min_similarity)),
            detect.min_similarity != default.min_similarity,
        ),
        (
            "stock_share",
            value(rounded(detect.stock_share)),
            detect.stock_share != default.stock_share,
        ),
        (
            "stock_min_articles",
            value(i64::try_from(detect.stock_min_articles).unwrap_or(i64::MAX)),
            detect.stock_min_articles != default.stock_min_articles,
        ),
        (
            "stock_max_articles",
            value(i64::try_from(detect.stock_max_articles).unwrap_or(i64::MAX)),
            detect.stock_max_articles != default.stock_max_articles,
        ),
        (
            "boilerplate",
            value(detect.boilerplate),
            detect.boilerplate != default.boilerplate,
        ),
    ];
    for (key, new, differs) in entries {
        match table.get_mut(key) {
            Some(Item::Value(old)) => {
                // Keep the comment and spacing around the value.
                let decor = old.decor().clone();
                if let Item::Value(mut v) = new {
                    *v.decor_mut() = decor;
                    *old = v;
                }
            }
            Some(other) => *other = new,
            None if differs => {
                table.insert(key, new);
            }
            None => {}
        }
    }
    Ok(doc.to_string())
}

/// Three decimals, as the panel shows them: `0.6`, not `0.6000000000000001`.
fn rounded(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Writes `detect` into the `[detect]` table of the config file at `path` (made when missing),
/// keeping the rest of the file as it is ([`with_detect`]); the file is replaced whole, and
/// what is written must load back.
///
/// # Errors
/// [`Error::Read`] when the file exists but cannot be read, [`Error::Parse`] or
/// [`Error::Invalid`] when it is not a config crossread can read, [`Error::Write`] when it
/// cannot be replaced.
pub fn save_detect(path: &Path, detect: &DetectConfig) -> Result<()> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(Error::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let out = with_detect(&text, detect, path)?;
    // Never write a file the next start would refuse.
    Config::parse(&out, path)?;
    replace_file(path, Durability::Synced, &|file| {
        std::io::Write::write_all(file, out.as_bytes())
    })
    .map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_config_keeps_every_comment_and_loads_back_with_the_new_values() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let detect = DetectConfig {
            min_words: 8,
            min_similarity: 0.55,
            stock_min_articles: 3,
            boilerplate: false,
            ..DetectConfig::default()
        };
        let out = with_detect(&text, &detect, &path).unwrap();
        for line in text.lines().filter(|l| l.trim_start().starts_with('#')) {
            assert!(out.contains(line), "lost {line:?}");
        }
        let loaded = Config::parse(&out, &path).unwrap();
        assert_eq!(loaded.detect, detect);
        assert_eq!(loaded.sources, Config::parse(&text, &path).unwrap().sources);
        // Writing the same values again changes nothing.
        assert_eq!(with_detect(&out, &detect, &path).unwrap(), out);
    }

    #[test]
    fn a_file_is_made_when_missing_and_a_bad_one_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let detect = DetectConfig {
            min_words: 30,
            ..DetectConfig::default()
        };
        save_detect(&path, &detect).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "[detect]\nmin_words = 30\n"
        );
        std::fs::write(&path, "detect = 3\n").unwrap();
        let err = save_detect(&path, &detect).unwrap_err().to_string();
        assert!(err.contains("`detect` is not a table"), "{err}");
        std::fs::write(&path, "[detect\n").unwrap();
        let err = save_detect(&path, &detect).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}:1:", path.display())), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[detect\n");
    }
}
