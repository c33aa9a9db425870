//! Reading one article file, the one way every load does it ([`crate::Corpus::load`], the
//! cached load in [`crate::cache`], and a reader opening one article on its own): the bytes as
//! stored, the size and time the file had while it was read, or why it was not read. Decoding
//! the bytes is [`crate::corpus::text`]'s concern, walking the folder [`crate::corpus`]'s.

use std::fmt;
use std::io::Read as _;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// One article file as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRead {
    /// The bytes as stored.
    pub bytes: Vec<u8>,
    /// Its size in bytes.
    pub size: u64,
    /// Its modification time in nanoseconds since the epoch, or 0 when the file changed while
    /// it was read (so that a cache hashes it next time rather than trusting the time).
    pub mtime_ns: u64,
}

/// Why an article file was not read.
#[derive(Debug)]
pub enum Unreadable {
    /// A pipe, socket or device named like an article: opening a pipe would wait forever.
    NotAFile,
    /// The file holds NUL bytes (binary, UTF-16).
    Binary,
    /// The system refused (gone, permission denied, a loop of links...).
    Io(std::io::Error),
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreadable::NotAFile => f.write_str("not a regular file (a pipe, socket or device)"),
            Unreadable::Binary => f.write_str("binary file (NUL bytes)"),
            Unreadable::Io(err) => write!(f, "{err}"),
        }
    }
}

impl Unreadable {
    /// The load warning's phrase: `skipped: binary file (NUL bytes)`.
    pub fn warning_message(&self) -> String {
        format!("skipped: {self}")
    }
}

/// Nanoseconds since the epoch (0 before it).
pub(crate) fn nanos(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// Reads the article file at `path`.
///
/// # Errors
/// [`Unreadable`] when it is not a regular file (checked before opening it: it was listed as a
/// file but may have been replaced since), cannot be read, or holds NUL bytes.
pub fn read_article_file(path: &Path) -> Result<FileRead, Unreadable> {
    let listed = std::fs::metadata(path).map_err(Unreadable::Io)?;
    if !listed.is_file() {
        return Err(Unreadable::NotAFile);
    }
    let mut file = std::fs::File::open(path).map_err(Unreadable::Io)?;
    let before = file.metadata().map_err(Unreadable::Io)?;
    if !before.is_file() {
        return Err(Unreadable::NotAFile);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(before.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(Unreadable::Io)?;
    if bytes.contains(&0) {
        return Err(Unreadable::Binary);
    }
    let after = file.metadata().ok();
    let mtime = before.modified().map(nanos).unwrap_or(0);
    let steady = after
        .is_some_and(|a| a.len() == before.len() && a.modified().map(nanos).unwrap_or(0) == mtime)
        && bytes.len() as u64 == before.len();
    Ok(FileRead {
        size: bytes.len() as u64,
        mtime_ns: if steady { mtime } else { 0 },
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(path: &Path) -> String {
        read_article_file(path).err().unwrap().warning_message()
    }

    #[test]
    fn a_file_gone_after_listing_is_skipped_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let err = warning(&dir.path().join("vanished.txt"));
        assert!(err.starts_with("skipped: No such file"), "{err}");
    }

    #[test]
    fn a_folder_named_like_an_article_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let err = warning(dir.path());
        assert!(err.starts_with("skipped:"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_named_like_an_article_is_skipped_without_opening_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo on this system
        }
        // Opening a pipe with no writer would block: the check comes first.
        assert_eq!(warning(&path), crate::corpus::NOT_A_FILE);
    }

    #[test]
    fn a_steady_file_keeps_its_time_and_binary_files_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Some text.").unwrap();
        let file = read_article_file(&path).unwrap();
        assert_eq!(file.size, 10);
        assert_ne!(file.mtime_ns, 0);
        std::fs::write(&path, b"bin\0ary").unwrap();
        assert_eq!(warning(&path), "skipped: binary file (NUL bytes)");
    }
}
