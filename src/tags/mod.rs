//! The reader's tags: what a tag holds, and [`TagStore`], which loads them from the tags file,
//! changes them in memory, and saves them back without ever losing one.
//!
//! The store never writes on its own: every change is in memory until the caller calls
//! [`TagStore::save`] (the reader does after each change). A save first checks whether someone
//! else changed the file since we last read or wrote it, merges their changes with ours
//! (`merge.rs`), renders the document (`file.rs`) and writes it atomically (`atomic.rs`). A
//! file that does not load makes the store read-only for that file. Finding a tag's passage in the current text is [`crate::tags::anchor`]'s
//! job; writing tags out for scripts is [`export`]'s.

pub mod anchor;
mod atomic;
pub mod export;
mod file;
mod merge;
mod timestamp;

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::corpus::{Article, Corpus};
use crate::error::{Error, Result};
use crate::tags::anchor::{Resolution, TagAnchor};

pub use merge::MergeEvent;
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
}

/// The tags of one tags file, in memory, sorted by article and position.
#[derive(Debug)]
pub struct TagStore {
    path: PathBuf,
    tags: Vec<Tag>,
    labels: BTreeMap<String, Label>,
    /// The tags and labels as last read from or written to the file: the merge base.
    base: Snapshot,
    /// The document last read or written, kept to preserve comments and unknown keys.
    doc: toml_edit::DocumentMut,
    /// The bytes last read or written (`None`: there was no file), to notice changes by others.
    on_disk: Option<Vec<u8>>,
    /// Why the file did not load; while set, the store never writes to `path`.
    load_error: Option<Error>,
    /// Tags deleted in this session, the last one last, for undo.
    deleted: Vec<Tag>,
}

/// Tags and labels at one moment.
#[derive(Debug, Clone, Default, PartialEq)]
struct Snapshot {
    tags: Vec<Tag>,
    labels: BTreeMap<String, Label>,
}

impl TagStore {
    /// Opens the tags file at `path`. A missing file is an empty store that will create it.
    ///
    /// Never fails: a file that cannot be read or parsed gives a store with
    /// [`TagStore::load_error`] set, holding the tags that did parse, which never writes to
    /// that file (save elsewhere with [`TagStore::save_as`]).
    pub fn open(path: &Path) -> TagStore {
        let mut store = TagStore {
            path: path.to_path_buf(),
            tags: Vec::new(),
            labels: BTreeMap::new(),
            base: Snapshot::default(),
            doc: file::new_document(),
            on_disk: None,
            load_error: None,
            deleted: Vec::new(),
        };
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return store,
            Err(source) => {
                store.load_error = Some(Error::Read {
                    path: path.to_path_buf(),
                    source,
                });
                return store;
            }
        };
        let parsed = file::parse(&bytes, path);
        store.tags = parsed.tags;
        store.labels = parsed.labels;
        store.tags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        store.base = store.snapshot();
        match parsed.error {
            Some(err) => store.load_error = Some(err),
            None => {
                store.doc = parsed.doc;
                store.on_disk = Some(bytes);
            }
        }
        store
    }

    /// The tags file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why the file did not load (with line and column for a parse error), if it did not.
    pub fn load_error(&self) -> Option<&Error> {
        self.load_error.as_ref()
    }

    /// True when saving to [`TagStore::path`] is refused because the file did not load.
    pub fn is_read_only(&self) -> bool {
        self.load_error.is_some()
    }

    /// True when memory holds changes not yet saved.
    pub fn has_unsaved_changes(&self) -> bool {
        self.base != self.snapshot()
    }

    /// Every tag, sorted by article and position.
    pub fn tags(&self) -> &[Tag] {
        &self.tags
    }

    /// The tag with this id.
    pub fn tag(&self, id: &TagId) -> Option<&Tag> {
        self.tags.iter().find(|t| t.id == *id)
    }

    /// The tags of one article (by [`Article::name`]), in position order.
    pub fn tags_in<'a>(&'a self, article: &'a str) -> impl Iterator<Item = &'a Tag> + 'a {
        self.tags.iter().filter(move |t| t.article == article)
    }

    /// The label vocabulary: every label of the `[labels]` table and every label in use.
    pub fn labels(&self) -> &BTreeMap<String, Label> {
        &self.labels
    }

    /// Tags `byte_span` of `article` (text offsets, as the reader's spans are) with `labels`
    /// and an optional note, and returns the new tag's id.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the span is not a range of character boundaries of the text.
    pub fn create(
        &mut self,
        article: &Article,
        byte_span: Range<usize>,
        labels: &[&str],
        note: Option<&str>,
    ) -> Result<TagId> {
        let anchor = anchor_for(article, byte_span)?;
        let now = Timestamp::now();
        let tag = Tag {
            id: self.new_id(),
            article: article.name.clone(),
            anchor,
            labels: clean_labels(labels.iter().copied()),
            note: clean_note(note),
            created: Some(now),
            updated: Some(now),
        };
        let id = tag.id.clone();
        self.insert(tag);
        Ok(id)
    }

    /// Adds `tag`, or replaces the tag with its id, as is (for imports and tools); returns the
    /// tag it replaced. Its labels join the vocabulary.
    pub fn insert(&mut self, tag: Tag) -> Option<Tag> {
        for label in &tag.labels {
            self.labels.entry(label.clone()).or_default();
        }
        let old = self
            .tags
            .iter()
            .position(|t| t.id == tag.id)
            .map(|i| self.tags.remove(i));
        let at = self.tags.partition_point(|t| t.sort_key() < tag.sort_key());
        self.tags.insert(at, tag);
        old
    }

    /// Replaces a tag's labels; false when there is no such tag.
    pub fn set_labels(&mut self, id: &TagId, labels: &[&str]) -> bool {
        let labels = clean_labels(labels.iter().copied());
        for label in &labels {
            self.labels.entry(label.clone()).or_default();
        }
        self.edit(id, |tag| tag.labels = labels)
    }

    /// Replaces a tag's note (`None` or blank removes it); false when there is no such tag.
    pub fn set_note(&mut self, id: &TagId, note: Option<&str>) -> bool {
        let note = clean_note(note);
        self.edit(id, |tag| tag.note = note)
    }

    /// Points a tag (an orphan, say) at `byte_span` of `article`; false when there is no such
    /// tag.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the span is not a range of character boundaries of the text.
    pub fn reattach(
        &mut self,
        id: &TagId,
        article: &Article,
        byte_span: Range<usize>,
    ) -> Result<bool> {
        let anchor = anchor_for(article, byte_span)?;
        let name = article.name.clone();
        let found = self.edit(id, |tag| {
            tag.article = name;
            tag.anchor = anchor;
        });
        if found {
            self.tags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        }
        Ok(found)
    }

    /// Deletes a tag, keeping it for [`TagStore::undo_delete`]; returns it.
    pub fn delete(&mut self, id: &TagId) -> Option<Tag> {
        let i = self.tags.iter().position(|t| t.id == *id)?;
        let tag = self.tags.remove(i);
        self.deleted.push(tag.clone());
        Some(tag)
    }

    /// Brings back the tag deleted last in this session, as it was; returns its id.
    pub fn undo_delete(&mut self) -> Option<TagId> {
        let tag = self.deleted.pop()?;
        let id = tag.id.clone();
        if self.tag(&id).is_none() {
            self.insert(tag);
        }
        Some(id)
    }

    /// Sets a label's colour and description, adding it to the vocabulary.
    pub fn set_label(&mut self, name: &str, label: Label) {
        let name = name.trim();
        if !name.is_empty() {
            self.labels.insert(name.to_owned(), label);
        }
    }

    /// Removes a label from the vocabulary; false (and nothing removed) while a tag uses it.
    pub fn remove_label(&mut self, name: &str) -> bool {
        if self.tags.iter().any(|t| t.labels.iter().any(|l| l == name)) {
            return false;
        }
        self.labels.remove(name).is_some()
    }

    /// Where `tag` is in its article now; an orphan when the article is gone.
    pub fn resolve(&self, tag: &Tag, corpus: &Corpus) -> Resolution {
        corpus
            .find(&tag.article)
            .map_or(Resolution::Orphan, |article| {
                tag.anchor.resolve(&article.decoded)
            })
    }

    /// The tags of `article` with where each is now (orphans included), in position order.
    pub fn placements<'a>(&'a self, article: &Article) -> Vec<(&'a Tag, Resolution)> {
        self.tags
            .iter()
            .filter(|tag| tag.article == article.name)
            .map(|tag| (tag, tag.anchor.resolve(&article.decoded)))
            .collect()
    }

    /// The tags that cannot be placed in the corpus as it is now.
    pub fn orphans<'a>(&'a self, corpus: &Corpus) -> Vec<&'a Tag> {
        self.tags
            .iter()
            .filter(|tag| self.resolve(tag, corpus).is_orphaned())
            .collect()
    }

    /// Writes the tags to the file, atomically, after merging in any change made to the file by
    /// someone else since we last read or wrote it. Also the way to pick up such changes: with
    /// nothing new in memory, it only reads. On failure the tags stay in memory and the file
    /// is as it was.
    ///
    /// # Errors
    /// [`Error::NotSaved`] when the file did not load when opened, or was changed on disk into
    /// something that does not parse; [`Error::Write`] when it cannot be written (a read-only
    /// folder, a full disk); [`Error::Read`] when it cannot be read back to check for changes.
    pub fn save(&mut self) -> Result<SaveReport> {
        if let Some(err) = &self.load_error {
            return Err(Error::NotSaved {
                path: self.path.clone(),
                reason: format!(
                    "it did not load when opened ({}), so it is left as it is; save the tags elsewhere",
                    describe(err)
                ),
            });
        }
        let mut report = SaveReport::default();
        let disk = match std::fs::read(&self.path) {
            Ok(bytes) => Some(bytes),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(Error::Read {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        // Comparing the whole file, not its modification time: tags files are small, and a
        // time stamp can miss a change made within its resolution.
        if disk != self.on_disk {
            match &disk {
                Some(bytes) => {
                    let theirs = file::parse(bytes, &self.path);
                    if let Some(err) = theirs.error {
                        return Err(Error::NotSaved {
                            path: self.path.clone(),
                            reason: format!(
                                "it was changed on disk and no longer loads ({}); fix it or save the tags elsewhere",
                                describe(&err)
                            ),
                        });
                    }
                    let ours = self.snapshot();
                    let their_snapshot = Snapshot {
                        tags: theirs.tags,
                        labels: theirs.labels,
                    };
                    let merged =
                        merge::merge(&self.base, &ours, &their_snapshot, &mut report.merged);
                    self.tags = merged.tags;
                    self.tags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
                    self.labels = merged.labels;
                    self.base = their_snapshot;
                    self.doc = theirs.doc;
                }
                None => {
                    // Removed on disk: write everything again rather than take it as "delete
                    // every tag".
                    report.merged.push(MergeEvent::FileRemoved);
                    self.base = Snapshot::default();
                    self.doc = file::new_document();
                }
            }
            self.on_disk = disk;
        }
        let now = self.snapshot();
        if now == self.base && (self.on_disk.is_some() || now == Snapshot::default()) {
            return Ok(report);
        }
        let doc = file::render(&self.doc, &self.tags, &self.labels);
        let bytes = doc.to_string().into_bytes();
        atomic::write_atomically(&self.path, &bytes)?;
        self.doc = doc;
        self.on_disk = Some(bytes);
        self.base = now;
        report.written = true;
        Ok(report)
    }

    /// Saves to a new file at `path` and makes it the store's file (the way out of a file that
    /// did not load, or of a read-only folder).
    ///
    /// # Errors
    /// [`Error::NotSaved`] when `path` exists (it is never overwritten); [`Error::Write`] when
    /// it cannot be written.
    pub fn save_as(&mut self, path: &Path) -> Result<SaveReport> {
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(Error::NotSaved {
                path: path.to_path_buf(),
                reason: "it already exists; choose a new file".to_owned(),
            });
        }
        let template = if self.load_error.is_some() {
            file::new_document()
        } else {
            self.doc.clone()
        };
        let doc = file::render(&template, &self.tags, &self.labels);
        let bytes = doc.to_string().into_bytes();
        atomic::write_atomically(path, &bytes)?;
        self.path = path.to_path_buf();
        self.doc = doc;
        self.on_disk = Some(bytes);
        self.base = self.snapshot();
        self.load_error = None;
        Ok(SaveReport {
            written: true,
            merged: Vec::new(),
        })
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            tags: self.tags.clone(),
            labels: self.labels.clone(),
        }
    }

    fn edit(&mut self, id: &TagId, change: impl FnOnce(&mut Tag)) -> bool {
        let Some(tag) = self.tags.iter_mut().find(|t| t.id == *id) else {
            return false;
        };
        let before = tag.clone();
        change(tag);
        if *tag != before {
            tag.updated = Some(Timestamp::now());
        }
        true
    }

    /// A fresh id: eight letters and digits, unique among the tags in memory and the ones
    /// deleted this session (so undo never meets a clash).
    fn new_id(&self) -> TagId {
        loop {
            let id = TagId(new_id_text());
            let taken = self.tags.iter().chain(&self.deleted).any(|t| t.id == id)
                || self.base.tags.iter().any(|t| t.id == id);
            if !taken {
                return id;
            }
        }
    }
}

/// Eight characters from an alphabet without look-alikes (no 0/o, 1/l/i): 31^8 ≈ 8.5e11 ids,
/// so two people tagging the same corpus apart will not pick the same one.
fn new_id_text() -> String {
    const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
    (0..8)
        .map(|_| char::from(ALPHABET[fastrand::usize(..ALPHABET.len())]))
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
