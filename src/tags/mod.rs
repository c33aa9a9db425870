//! The reader's tags: what a tag holds, and [`TagStore`], which loads them from the tags file,
//! changes them in memory, and saves them back without ever losing one.
//!
//! The store never writes on its own: every change is in memory (and queued for the journal)
//! until the caller calls [`TagStore::save`] (the reader does after each change). A save
//! appends the changes to the journal (`journal.rs`), checks whether someone else changed the
//! file since we last read or wrote it, waits while that file is still being written, merges
//! their changes with ours (`merge.rs`, with `versions.rs` telling a stale copy from a
//! deletion), renders the document (`file.rs`) and writes it atomically (`atomic.rs`): all in
//! `save.rs`. Restoring from the journal, recovered files and leftovers of crashes are
//! `recovery.rs`'s. A file that does not load makes the store read-only for that file until it
//! is fixed. Finding a tag's passage in the current text is [`crate::tags::anchor`]'s job;
//! writing tags out for scripts is [`export`]'s.

pub mod anchor;
mod atomic;
pub mod export;
mod file;
pub mod journal;
mod leftovers;
mod merge;
mod recovery;
mod save;
pub mod saver;
mod store;
mod timestamp;
mod versions;

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use crate::corpus::Article;
use crate::error::{Error, Result};
use crate::tags::anchor::TagAnchor;

pub use merge::{MergeEvent, Side, summary};
pub use recovery::{Restored, recovered_files};
pub use saver::{Done, Job, Outcome, Saver};
pub use store::TagStore;
pub use timestamp::Timestamp;

/// A tag's id: short, unique in its file, never reused for another tag.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TagId(pub String);

impl fmt::Display for TagId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One tagged passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Its id.
    pub id: TagId,
    /// The article's path relative to the corpus folder ([`Article::name`]).
    pub article: String,
    /// Where it points.
    pub anchor: TagAnchor,
    /// Its labels, in the order the user gave them, no duplicates.
    pub labels: Vec<String>,
    /// The user's note.
    pub note: Option<String>,
    /// When it was made (absent in hand-written tags that did not say).
    pub created: Option<Timestamp>,
    /// When it was last changed.
    pub updated: Option<Timestamp>,
}

impl Tag {
    /// The order of the tags file: by article, then position, then id.
    fn sort_key(&self) -> (&str, usize, usize, &str) {
        (
            &self.article,
            self.anchor.stored_span.start,
            self.anchor.stored_span.end,
            &self.id.0,
        )
    }
}

/// One entry of the label vocabulary (`[labels]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Label {
    /// A colour name or `#rrggbb`, as the user wrote it; the reader interprets it.
    pub color: Option<String>,
    /// What the label means.
    pub description: Option<String>,
}

/// What a save did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SaveReport {
    /// True when the file was written (false when memory and disk already agreed).
    pub written: bool,
    /// Changes found on disk and merged in, to tell the user about. Empty when nobody else
    /// touched the file.
    pub merged: Vec<MergeEvent>,
    /// Why nothing was written yet although there are changes: the file on disk is being
    /// written by another program (empty, not parsing yet, or changed a moment ago). The
    /// changes are in the journal; the next save tries again.
    pub waiting: Option<String>,
    /// Why the journal could not be written (the tags file may still have been).
    pub journal_error: Option<String>,
}

/// Tags and labels at one moment.
#[derive(Debug, Clone, Default, PartialEq)]
struct Snapshot {
    tags: Vec<Tag>,
    labels: BTreeMap<String, Label>,
}

/// Eight characters from an alphabet without look-alikes (no 0/o, 1/l/i): 31^8 ≈ 8.5e11 ids,
/// so two people tagging the same corpus apart will not pick the same one.
/// Drawn from `rng`: [`TagStore::set_id_seed`] makes them the same on every run.
fn new_id_text(rng: &mut fastrand::Rng) -> String {
    const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
    (0..8)
        .map(|_| char::from(ALPHABET[rng.usize(..ALPHABET.len())]))
        .collect()
}

fn anchor_for(article: &Article, byte_span: Range<usize>) -> Result<TagAnchor> {
    TagAnchor::new(&article.decoded, byte_span.clone()).ok_or_else(|| Error::Invalid {
        path: PathBuf::from(&article.name),
        message: format!(
            "bytes {}..{} are not a passage of the text",
            byte_span.start, byte_span.end
        ),
    })
}

/// Trimmed, non-empty, first occurrence kept.
fn clean_labels<'a>(labels: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut clean: Vec<String> = Vec::new();
    for label in labels {
        let label = label.trim();
        if !label.is_empty() && !clean.iter().any(|l| l == label) {
            clean.push(label.to_owned());
        }
    }
    clean
}

fn clean_note(note: Option<&str>) -> Option<String> {
    note.filter(|n| !n.trim().is_empty()).map(str::to_owned)
}

/// An error as a phrase for inside another sentence: its message without the file name.
fn describe(err: &Error) -> String {
    match err {
        Error::Parse {
            line,
            column,
            message,
            ..
        } => format!("line {line}, column {column}: {message}"),
        Error::Read { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}
