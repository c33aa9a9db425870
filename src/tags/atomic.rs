//! Replacing a file so that a crash or `kill -9` at any moment leaves either the old file or
//! the new one whole, never a torn one. What goes in the file is [`super::file`]'s concern.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Replaces the file at `path` with `bytes` so that a crash at any moment leaves either the old
/// file or the new one whole: write a temporary file in the same folder, flush and sync it,
/// rename it over the old one, then sync the folder so the rename itself is durable.
///
/// # Errors
/// [`Error::Write`] naming `path` when any step fails; the old file is then untouched.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let write_error = |source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    // Replace what a symbolic link points to, not the link.
    let target: PathBuf = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::canonicalize(path).map_err(write_error)?
        }
        _ => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "tags".into(), |n| n.to_string_lossy().into_owned());
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(write_error)?;
    // The temporary file is private (0600); give the new file the old one's permissions, or
    // a plain file's.
    let permissions = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(permissions) = permissions {
        temp.as_file()
            .set_permissions(permissions)
            .map_err(write_error)?;
    }
    temp.write_all(bytes).map_err(write_error)?;
    temp.flush().map_err(write_error)?;
    temp.as_file().sync_all().map_err(write_error)?;
    temp.persist(&target)
        .map_err(|err| write_error(err.error))?;
    // Some file systems cannot sync a folder; the rename has happened either way.
    if let Ok(folder) = std::fs::File::open(&dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt as _;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}
