//! What a file on disk looks like before the store trusts it: empty, still being written, or
//! surrounded by temporary files a crashed save left. Leaf helpers for opening and saving.

use std::path::Path;
use std::time::{Duration, SystemTime};

/// A temporary file older than this is a crashed save's, never one being written.
const STALE_TEMP: Duration = Duration::from_secs(60);

/// True when the file at `path` with `bytes` ends in a line break and was last modified at
/// least `settle` ago: not a file someone is writing right now.
pub(super) fn looks_finished(path: &Path, bytes: &[u8], settle: Duration) -> bool {
    if settle.is_zero() {
        return true;
    }
    let age = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok());
    bytes.ends_with(b"\n") && age.is_some_and(|age| age >= settle)
}

/// True for a file with nothing but white space.
pub(super) fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

/// Removes `.<name>.*.tmp` files beside `tags_path` older than a minute: saves killed between
/// writing the temporary file and renaming it. Returns how many.
pub(super) fn remove_stale_temp_files(tags_path: &Path) -> usize {
    let (Some(dir), Some(name)) = (tags_path.parent(), tags_path.file_name()) else {
        return 0;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if !file_name.starts_with(&prefix) || !file_name.ends_with(".tmp") {
            continue;
        }
        let is_stale = entry
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|m| SystemTime::now().duration_since(m).ok())
            .is_some_and(|age| age >= STALE_TEMP);
        if is_stale && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}
