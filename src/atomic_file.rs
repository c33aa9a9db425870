//! Replacing a file so that a reader, a crash or `kill -9` at any moment sees either the old
//! file or the new one whole, never a torn one: the one way the tags file and the scan cache
//! are written. What goes in the file is the caller's concern.

use std::path::{Path, PathBuf};

/// How careful a replacement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Durability {
    /// Sync the new file and its folder before returning: what the user wrote by hand (tags)
    /// must survive a power cut.
    Synced,
    /// Rename only, and make the folder if it is missing: for files that can always be made
    /// again (the scan cache), where a torn file fails its checksum and syncing 20 MB would cost
    /// a cold scan of 10,000 articles a tenth of a second or more.
    Renamed,
}

/// Writes a file's content into the temporary file it is given.
pub(crate) type Fill<'a> = &'a dyn Fn(&mut std::fs::File) -> std::io::Result<()>;

/// Replaces the file at `path` with what `fill` writes: a temporary file in the same folder,
/// renamed over the old one. A symbolic link keeps pointing at the new file, and the new file
/// gets the old one's permissions (else a plain file's).
///
/// # Errors
/// The first step that failed; the old file is then untouched.
pub(crate) fn replace_file(
    path: &Path,
    durability: Durability,
    fill: Fill<'_>,
) -> std::io::Result<()> {
    // Replace what a symbolic link points to, not the link.
    let target: PathBuf = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if durability == Durability::Renamed {
        std::fs::create_dir_all(&dir)?;
    }
    let name = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    // The temporary file is private (0600); give the new file the old one's permissions, or
    // a plain file's.
    let permissions = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(permissions) = permissions {
        temp.as_file().set_permissions(permissions)?;
    }
    fill(temp.as_file_mut())?;
    if durability == Durability::Synced {
        temp.as_file().sync_all()?;
    }
    temp.persist(&target).map_err(|err| err.error)?;
    if durability == Durability::Synced {
        // Some file systems cannot sync a folder; the rename has happened either way.
        if let Ok(folder) = std::fs::File::open(&dir) {
            let _ = folder.sync_all();
        }
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

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    #[test]
    fn a_cache_replacement_makes_its_folder_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("scan.cache");
        replace_file(&path, Durability::Renamed, &|f| f.write_all(b"one")).unwrap();
        replace_file(&path, Durability::Renamed, &|f| f.write_all(b"two")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["scan.cache"]);
    }

    #[test]
    fn a_failing_fill_leaves_the_old_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tags.toml");
        std::fs::write(&path, "old").unwrap();
        let err = replace_file(&path, Durability::Synced, &|f| {
            f.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    }

    #[test]
    fn a_synced_replacement_does_not_make_a_missing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("tags.toml");
        assert!(replace_file(&path, Durability::Synced, &|f| f.write_all(b"x")).is_err());
        assert!(!dir.path().join("missing").exists());
    }
}
