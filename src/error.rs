//! The library's one error type: every variant names the file it is about (and the line and
//! column when known) so the binary can print it as one sentence without guessing context.

use std::path::PathBuf;

/// Everything that can stop the library from doing what it was asked.
///
/// Messages never repeat their `#[source]`; print with `{:#}` (anyhow) or walk `source()` to get
/// the whole chain on one line.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A path given as a corpus does not exist.
    #[error("{path} does not exist")]
    NotFound {
        /// The path the user named.
        path: PathBuf,
    },
    /// A file named where a config file or a corpus folder was expected is an article.
    #[error("{path} is an article, not a config file: give its folder ({folder}) or a config.toml")]
    ArticleNotConfig {
        /// The article the user named.
        path: PathBuf,
        /// The folder holding it.
        folder: PathBuf,
    },
    /// A TOML file (config or tags) is not what we expect.
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (in characters) of the problem.
        column: usize,
        /// What was wrong and, where known, what was expected.
        message: String,
    },
    /// A config value parses but makes no sense (an unknown article in `[[source]]`, a zero size).
    #[error("{path}: {message}")]
    Invalid {
        /// The file holding the value.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A save was refused to protect the file on disk (it did not load, or it exists).
    #[error("not saved to {path}: {reason}")]
    NotSaved {
        /// The file left as it is.
        path: PathBuf,
        /// Why, and what the user can do instead.
        reason: String,
    },
}

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Turns a byte offset into a 1-based (line, column), column counted in characters.
///
/// Offsets past the end clamp to the end; offsets inside a character count that character.
pub(crate) fn line_column(text: &str, byte_offset: usize) -> (usize, usize) {
    let mut offset = byte_offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

impl Error {
    /// Builds a [`Error::Parse`] from a TOML parse error, turning its byte span into line and
    /// column and keeping only the message's first line (toml repeats the source text after it).
    pub(crate) fn from_toml(path: impl Into<PathBuf>, text: &str, err: &toml::de::Error) -> Self {
        let (line, column) = err
            .span()
            .map_or((1, 1), |span| line_column(text, span.start));
        let message = err.message().trim().replace('\n', " ");
        Error::Parse {
            path: path.into(),
            line,
            column,
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one_in_characters() {
        let text = "ab\ncé d\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        // 'd' is after "cé " which is 4 bytes but 3 characters.
        assert_eq!(line_column(text, 7), (2, 4));
        // Inside the two-byte 'é' counts as the 'é'.
        assert_eq!(line_column(text, 5), (2, 2));
        assert_eq!(line_column(text, 999), (3, 1));
    }
}
