//! The tags journal: every change to a tag (made here, merged from disk, re-anchored, restored)
//! appended as one JSON object per line to `.crossread/<tags file stem>.journal` beside the
//! tags file, and synced before the tags file is written. It is what `crossread tags --history`
//! lists and `--restore` brings tags back from, and what tells a reader started after a crash
//! which version of the file it last wrote (the merge base).
//!
//! Append-only and size-bounded: past [`Journal::limit`] bytes the file is renamed to
//! `.journal.1` (older ones shift to `.2`, `.3`, the oldest is dropped) and a new one starts
//! with a checkpoint of every live tag, so the newest file alone gives the current state.
//! Deciding what to write is the store's job; this module only stores and reads lines.

use std::collections::BTreeMap;
use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::tags::anchor::TagAnchor;

use super::{Tag, TagId, Timestamp};

/// Bytes a journal file grows to before it is rotated.
pub const DEFAULT_LIMIT: u64 = 8 * 1024 * 1024;

/// Rotated files kept (`.journal.1` … `.journal.3`).
const KEPT: usize = 3;

/// What one journal line records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Op {
    /// A tag made in the reader.
    Create,
    /// A tag's labels, note or place changed in the reader.
    Edit,
    /// A tag deleted in the reader.
    Delete,
    /// A tag brought back (undo, `--restore`).
    Restore,
    /// A tag found approximately and its quote and context updated to the current text.
    Reanchor,
    /// A tag added in the file by someone else, taken in.
    DiskAdd,
    /// A tag changed in the file by someone else, taken in.
    DiskChange,
    /// A tag deleted in the file by someone else, deleted here too.
    DiskDelete,
    /// A change on disk not taken: the tag as kept is in `tag`, what the file had in `before`.
    DiskKept,
    /// Both sides changed a tag: `tag` is what was kept, `before` what was replaced.
    Conflict,
    /// A tag taken in from a recovered file.
    Recovered,
    /// The state of a tag when a new journal file starts.
    Checkpoint,
    /// The tags file was written (or read) with this content: `hash`.
    Saved,
}

impl Op {
    /// The name written in the journal and shown by `--history`.
    pub fn name(self) -> &'static str {
        match self {
            Op::Create => "create",
            Op::Edit => "edit",
            Op::Delete => "delete",
            Op::Restore => "restore",
            Op::Reanchor => "reanchor",
            Op::DiskAdd => "disk-add",
            Op::DiskChange => "disk-change",
            Op::DiskDelete => "disk-delete",
            Op::DiskKept => "disk-kept",
            Op::Conflict => "conflict",
            Op::Recovered => "recovered",
            Op::Checkpoint => "checkpoint",
            Op::Saved => "saved",
        }
    }
}

/// A tag as the journal keeps it: every field, in plain JSON types.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TagRecord {
    /// [`Tag::article`].
    pub article: String,
    /// The anchor's quote.
    pub quote: String,
    /// The anchor's prefix.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    /// The anchor's suffix.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
    /// Stored span start.
    pub start: usize,
    /// Stored span end.
    pub end: usize,
    /// Labels.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Created, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Updated, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
}

impl TagRecord {
    /// The record of `tag`.
    pub fn of(tag: &Tag) -> TagRecord {
        TagRecord {
            article: tag.article.clone(),
            quote: tag.anchor.quote.clone(),
            prefix: tag.anchor.prefix.clone(),
            suffix: tag.anchor.suffix.clone(),
            start: tag.anchor.stored_span.start,
            end: tag.anchor.stored_span.end,
            labels: tag.labels.clone(),
            note: tag.note.clone(),
            created: tag.created.map(|t| t.to_string()),
            updated: tag.updated.map(|t| t.to_string()),
        }
    }

    /// The tag this record holds, with `id`.
    pub fn to_tag(&self, id: &TagId) -> Tag {
        Tag {
            id: id.clone(),
            article: self.article.clone(),
            anchor: TagAnchor {
                quote: self.quote.clone(),
                prefix: self.prefix.clone(),
                suffix: self.suffix.clone(),
                stored_span: self.start..self.end.max(self.start),
            },
            labels: self.labels.clone(),
            note: self.note.clone(),
            created: self.created.as_deref().and_then(Timestamp::parse),
            updated: self.updated.as_deref().and_then(Timestamp::parse),
        }
    }
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Increasing number of the line, across rotations: what `--restore` can name.
    pub seq: u64,
    /// When it was written.
    pub at: String,
    /// What happened.
    pub op: Op,
    /// The tag it is about (none for [`Op::Saved`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The tag after the change (none for a delete).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<TagRecord>,
    /// The tag before the change, when there was one: what `--restore` brings back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<TagRecord>,
    /// Why, in words, when the op alone does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// For [`Op::Saved`]: the content hash of the tags file as written or read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// For [`Op::Checkpoint`]: the seq of the `saved` line that first held this content; for
    /// content taken from the file: the newest version its writer had seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
    /// For a line written with others in one append: the seq of that append's last line. A
    /// kill can cut a large append short (the kernel stops a write between pages); replaying
    /// only the appends that are whole never leaves half of a save's changes in the state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<u64>,
}

/// A change waiting to be appended (the store fills in `seq` and `at`).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// What happened.
    pub op: Op,
    /// The tag.
    pub id: TagId,
    /// After.
    pub tag: Option<Tag>,
    /// Before.
    pub before: Option<Tag>,
    /// Why.
    pub why: Option<String>,
    /// For content taken from the file on disk: the newest file version its writer had seen
    /// (so it never counts as proof of having seen anything newer).
    pub version: Option<u64>,
}

impl Change {
    /// A change of `op` to the tag `id`.
    pub fn new(op: Op, id: &TagId, tag: Option<&Tag>, before: Option<&Tag>) -> Change {
        Change {
            op,
            id: id.clone(),
            tag: tag.cloned(),
            before: before.cloned(),
            why: None,
            version: None,
        }
    }

    /// The same change with a reason.
    pub fn because(mut self, why: impl Into<String>) -> Change {
        self.why = Some(why.into());
        self
    }
}

/// The journal of one tags file.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    limit: u64,
    next_seq: u64,
    /// The size of the checkpoint the file started with: a file is full only past twice that
    /// too, or a store larger than the limit would rotate at every save.
    checkpoint_bytes: u64,
    /// The largest append so far: a file is full only past twice that too, so the first save
    /// of a large store (every tag made at once) is not written a second time as a checkpoint.
    largest_append: u64,
}

/// The state a journal file leaves: the tags alive at its end, and at its last `saved` line.
#[derive(Debug, Default)]
pub struct Replay {
    /// The live tags at the end, by id, each with the `seq` of the `saved` line that first
    /// covered its current content (`None`: changed after the last save).
    pub tags: BTreeMap<TagId, (Tag, Option<u64>)>,
    /// Every content each tag had when a `saved` line covered it, with that line's seq: the
    /// evidence of which version of the file a writer had seen.
    pub versions: Vec<(Tag, u64)>,
    /// The live tags at the last `saved` line.
    pub saved_tags: BTreeMap<TagId, Tag>,
    /// The file hash of the last `saved` line.
    pub saved_hash: Option<String>,
    /// The seq of the last `saved` line.
    pub saved_seq: Option<u64>,
    /// Lines that did not parse (a torn last line after a crash).
    pub skipped: usize,
}

impl Journal {
    /// The journal of the tags file at `tags_path`: `.crossread/<stem>.journal` beside it.
    pub fn for_tags_file(tags_path: &Path) -> Journal {
        let dir = tags_path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let stem = tags_path
            .file_stem()
            .map_or_else(|| "tags".into(), |s| s.to_string_lossy().into_owned());
        Journal::at(&dir.join(".crossread").join(format!("{stem}.journal")))
    }

    /// The journal in exactly this file.
    pub fn at(path: &Path) -> Journal {
        let mut journal = Journal {
            path: path.to_path_buf(),
            limit: DEFAULT_LIMIT,
            next_seq: 1,
            checkpoint_bytes: 0,
            largest_append: 0,
        };
        journal.next_seq = journal.last_seq().map_or(1, |s| s + 1);
        journal
    }

    /// The journal file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Sets the size past which the file is rotated.
    pub fn set_limit(&mut self, bytes: u64) {
        self.limit = bytes;
    }

    /// The size past which the file is rotated.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The files, oldest first: `.journal.3`, `.journal.2`, `.journal.1`, `.journal`.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = (1..=KEPT).rev().map(|n| self.rotated(n)).collect();
        files.push(self.path.clone());
        files.into_iter().filter(|p| p.is_file()).collect()
    }

    fn rotated(&self, n: usize) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".{n}"));
        PathBuf::from(name)
    }

    /// Appends `changes` (and a `saved` line with `saved_hash`, when given) in one write, and
    /// syncs the file when there are changes. Returns the seq of the last line, numbered even when the write failed
    /// (seqs stay increasing either way), and how the write went: [`Error::Write`] naming the
    /// journal when it cannot be created, written or synced.
    pub fn append(&mut self, changes: &[Change], saved_hash: Option<u64>) -> (u64, Result<()>) {
        let at = Timestamp::now().to_string();
        let mut text = String::new();
        let batch = self.batch_end(changes.len() + usize::from(saved_hash.is_some()));
        for change in changes {
            let entry = Entry {
                seq: self.next_seq,
                at: at.clone(),
                op: change.op,
                id: Some(change.id.0.clone()),
                tag: change.tag.as_ref().map(TagRecord::of),
                before: change.before.as_ref().map(TagRecord::of),
                why: change.why.clone(),
                hash: None,
                version: change.version,
                batch,
            };
            push_line(&mut text, &entry);
            self.next_seq += 1;
        }
        if let Some(hash) = saved_hash {
            let entry = Entry {
                seq: self.next_seq,
                at,
                op: Op::Saved,
                id: None,
                tag: None,
                before: None,
                why: None,
                hash: Some(format!("{hash:016x}")),
                version: None,
                batch,
            };
            push_line(&mut text, &entry);
            self.next_seq += 1;
        }
        if text.is_empty() {
            return (self.next_seq - 1, Ok(()));
        }
        self.largest_append = self.largest_append.max(text.len() as u64);
        // A `saved` line alone need not reach the disk before the save returns: losing it only
        // makes the next start compare the file with the journal, which finds nothing to do.
        let sync = !changes.is_empty();
        (self.next_seq - 1, self.write(text.as_bytes(), false, sync))
    }

    /// The seq of the last of `lines` lines about to be appended, when there is more than one.
    fn batch_end(&self, lines: usize) -> Option<u64> {
        (lines > 1).then(|| self.next_seq + lines as u64 - 1)
    }

    /// True when the file has grown past its limit.
    pub fn is_full(&self) -> bool {
        let limit = self
            .limit
            .max(self.checkpoint_bytes.saturating_mul(2))
            .max(self.largest_append.saturating_mul(2));
        std::fs::metadata(&self.path).is_ok_and(|m| m.len() > limit)
    }

    /// Starts a new file holding a checkpoint of `tags` (each with the seq its content was
    /// first saved at) and a `saved` line, the old one kept as `.journal.1`.
    ///
    /// # Errors
    /// [`Error::Write`] naming the journal when a rename or the write fails.
    pub fn rotate(&mut self, tags: &[(&Tag, Option<u64>)], saved_hash: Option<u64>) -> Result<()> {
        let write_error = |source| Error::Write {
            path: self.path.clone(),
            source,
        };
        let _ = std::fs::remove_file(self.rotated(KEPT));
        for n in (1..KEPT).rev() {
            let from = self.rotated(n);
            if from.is_file() {
                std::fs::rename(&from, self.rotated(n + 1)).map_err(write_error)?;
            }
        }
        std::fs::rename(&self.path, self.rotated(1)).map_err(write_error)?;
        let at = Timestamp::now().to_string();
        let mut text = String::new();
        let batch = self.batch_end(tags.len() + usize::from(saved_hash.is_some()));
        for (tag, version) in tags {
            let entry = Entry {
                seq: self.next_seq,
                at: at.clone(),
                op: Op::Checkpoint,
                id: Some(tag.id.0.clone()),
                tag: Some(TagRecord::of(tag)),
                before: None,
                why: None,
                hash: None,
                version: *version,
                batch,
            };
            push_line(&mut text, &entry);
            self.next_seq += 1;
        }
        if let Some(hash) = saved_hash {
            let entry = Entry {
                seq: self.next_seq,
                at,
                op: Op::Saved,
                id: None,
                tag: None,
                before: None,
                why: None,
                hash: Some(format!("{hash:016x}")),
                version: None,
                batch,
            };
            push_line(&mut text, &entry);
            self.next_seq += 1;
        }
        self.checkpoint_bytes = text.len() as u64;
        self.write(text.as_bytes(), true, true)
    }

    fn write(&self, bytes: &[u8], new_file: bool, sync: bool) -> Result<()> {
        let write_error = |source| Error::Write {
            path: self.path.clone(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(write_error)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .truncate(false)
            .open(&self.path)
            .map_err(write_error)?;
        // A torn last line (a crash mid-append) must not glue itself to the next one.
        let len = file.metadata().map_err(write_error)?.len();
        if !new_file && len > 0 && !ends_with_newline(&self.path) {
            file.write_all(b"\n").map_err(write_error)?;
        }
        file.write_all(bytes).map_err(write_error)?;
        if sync {
            file.sync_data().map_err(write_error)?;
        }
        Ok(())
    }

    /// Every entry of every file, oldest first; lines that do not parse are skipped.
    pub fn entries(&self) -> Vec<Entry> {
        self.files()
            .iter()
            .flat_map(|p| read_entries(p).0)
            .collect()
    }

    /// The state the newest file leaves.
    pub fn replay(&self) -> Replay {
        let (entries, skipped) = read_entries(&self.path);
        let mut replay = Replay {
            skipped,
            ..Replay::default()
        };
        let entries = whole_appends(entries);
        // Tags whose content changed since the last `saved` line.
        let mut dirty: Vec<TagId> = Vec::new();
        for entry in entries {
            let id = entry.id.as_deref().map(|s| TagId(s.to_owned()));
            match (entry.op, id) {
                (Op::Saved, _) => {
                    for id in dirty.drain(..) {
                        if let Some((tag, version)) = replay.tags.get_mut(&id)
                            && version.is_none()
                        {
                            *version = Some(entry.seq);
                            replay.versions.push((tag.clone(), entry.seq));
                        }
                    }
                    replay.saved_tags = replay
                        .tags
                        .iter()
                        .map(|(id, (tag, _))| (id.clone(), tag.clone()))
                        .collect();
                    replay.saved_hash = entry.hash;
                    replay.saved_seq = Some(entry.seq);
                }
                (Op::Checkpoint, Some(id)) => {
                    if let Some(record) = &entry.tag {
                        let tag = record.to_tag(&id);
                        let version = entry.version;
                        if let Some(v) = version {
                            replay.versions.push((tag.clone(), v));
                        } else {
                            dirty.push(id.clone());
                        }
                        replay.tags.insert(id, (tag, version));
                    }
                }
                (_, Some(id)) => match &entry.tag {
                    Some(record) => {
                        let tag = record.to_tag(&id);
                        if let Some(v) = entry.version {
                            replay.versions.push((tag.clone(), v));
                            replay.tags.insert(id, (tag, Some(v)));
                        } else {
                            replay.tags.insert(id.clone(), (tag, None));
                            dirty.push(id);
                        }
                    }
                    None => {
                        replay.tags.remove(&id);
                    }
                },
                (_, None) => {}
            }
        }
        replay
    }

    fn last_seq(&self) -> Option<u64> {
        // Only the newest file matters; a rotated one is older.
        let (entries, _) = read_entries(&self.path);
        entries.last().map(|e| e.seq).or_else(|| {
            let (older, _) = read_entries(&self.rotated(1));
            older.last().map(|e| e.seq)
        })
    }
}

/// The entries of appends that reached the file whole: the lines of an append cut short by a
/// crash are left out (they stay in [`Journal::entries`] for `--history` and `--restore`).
fn whole_appends(entries: Vec<Entry>) -> Vec<Entry> {
    let mut whole = Vec::with_capacity(entries.len());
    let mut open: Vec<Entry> = Vec::new();
    for entry in entries {
        if open.first().is_some_and(|first| first.batch != entry.batch) {
            // The append `open` belongs to ended before its last line.
            open.clear();
        }
        match entry.batch {
            None => whole.push(entry),
            Some(end) => {
                let last = entry.seq == end;
                open.push(entry);
                if last {
                    whole.append(&mut open);
                }
            }
        }
    }
    whole
}

fn push_line(text: &mut String, entry: &Entry) {
    // Serialising plain strings and numbers cannot fail.
    if let Ok(line) = serde_json::to_string(entry) {
        text.push_str(&line);
        text.push('\n');
    }
}

fn ends_with_newline(path: &Path) -> bool {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let Ok(mut file) = std::fs::File::open(path) else {
        return true;
    };
    let mut last = [0u8; 1];
    file.seek(SeekFrom::End(-1)).is_err()
        || (file.read_exact(&mut last).is_ok() && last[0] == b'\n')
}

fn read_entries(path: &Path) -> (Vec<Entry>, usize) {
    let Ok(file) = std::fs::File::open(path) else {
        return (Vec::new(), 0);
    };
    let mut entries = Vec::new();
    let mut skipped = 0;
    for line in std::io::BufReader::new(file).split(b'\n') {
        let Ok(line) = line else { break };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Entry>(&line) {
            Ok(entry) => entries.push(entry),
            Err(_) => skipped += 1,
        }
    }
    (entries, skipped)
}

#[cfg(test)]
mod tests;
