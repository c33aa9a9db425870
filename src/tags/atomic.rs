//! Writing the tags file whole: a crash or `kill -9` at any moment leaves either the old file or
//! the new one, never a torn one ([`crate::atomic_file`], synced). What goes in the file is
//! [`super::file`]'s concern.

use std::io::Write as _;
use std::path::Path;

use crate::atomic_file::{Durability, replace_file};
use crate::error::{Error, Result};

/// Replaces the file at `path` with `bytes` so that a crash at any moment leaves either the old
/// file or the new one whole: write a temporary file in the same folder, flush and sync it,
/// rename it over the old one, then sync the folder so the rename itself is durable.
///
/// # Errors
/// [`Error::Write`] naming `path` when any step fails; the old file is then untouched.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    replace_file(path, Durability::Synced, &|file| file.write_all(bytes)).map_err(|source| {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}
