//! [`TagStore`]: the tags of one tags file in memory. Opening it (taking in what the journal
//! knows that the file does not: tags made before a crash, tags a stale copy of the file
//! dropped), reading tags and changing them, each change queued for the journal. Saving is
//! `save.rs`'s; restoring and re-anchoring are `recovery.rs`'s.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::corpus::{Article, Corpus};
use crate::error::{Error, Result};
use crate::tags::anchor::Resolution;

use super::journal::{Change, Journal, Op, Replay};
use super::merge::{self, MergeEvent};
use super::versions::Versions;
use super::{
    Label, Snapshot, Tag, TagId, Timestamp, anchor_for, clean_labels, clean_note, file, leftovers,
    new_id_text,
};

/// How long a changed tags file must stay untouched before it is merged (or, when it does not
/// parse, reported): an editor writing in place passes through empty and half-written states.
pub const DEFAULT_SETTLE: Duration = Duration::from_secs(1);

/// The tags of one tags file, in memory, sorted by article and position.
#[derive(Debug)]
pub struct TagStore {
    pub(super) path: PathBuf,
    pub(super) tags: Vec<Tag>,
    pub(super) labels: BTreeMap<String, Label>,
    /// The tags and labels as last read from or written to the file: the merge base.
    pub(super) base: Snapshot,
    /// The document last read or written, kept to preserve comments and unknown keys.
    pub(super) doc: file::TagsDocument,
    /// The bytes last read or written (`None`: there was no file), to notice changes by others.
    pub(super) on_disk: Option<Vec<u8>>,
    /// Why the file did not load; while set, the store never writes to `path`.
    pub(super) load_error: Option<Error>,
    /// Tags deleted in this session, the last one last, for undo.
    pub(super) deleted: Vec<Tag>,
    /// Where every change is recorded.
    pub(super) journal: Journal,
    /// Changes not yet appended to the journal.
    pub(super) pending: Vec<Change>,
    /// Which version of the file held each content of each tag.
    pub(super) versions: Versions,
    /// See [`DEFAULT_SETTLE`].
    pub(super) settle: Duration,
    /// Since when the file on disk has been empty.
    pub(super) blank_since: Option<Instant>,
    /// The changed file last looked at (its hash and modification time) and since when it has
    /// read the same.
    pub(super) changing: Option<(u64, Option<std::time::SystemTime>, Instant)>,
    /// What opening found (the journal against the file), told by the next save.
    pub(super) open_events: Vec<MergeEvent>,
    /// Temporary files of crashed saves removed when the store opened.
    pub(super) removed_temp_files: usize,
    /// Set while opening when the file is left for the first save to merge.
    pub(super) defer_open: bool,
    /// Where new ids come from (seeded from the system unless [`TagStore::set_id_seed`]).
    pub(super) ids: fastrand::Rng,
}

impl TagStore {
    /// Opens the tags file at `path`, with its journal (`.crossread/<stem>.journal` beside
    /// it). A missing file is an empty store that will create it. Temporary files left by a
    /// crashed save are removed.
    ///
    /// When the journal knows tags the file lacks (changes made just before a crash, tags a
    /// stale copy of the file dropped while the reader was closed), they are merged in as a
    /// save would, and the next [`TagStore::save`] reports it.
    ///
    /// Never fails: a file that cannot be read or parsed gives a store with
    /// [`TagStore::load_error`] set, holding the tags that did parse, which never writes to
    /// that file until it is fixed (or saves elsewhere with [`TagStore::save_as`]).
    pub fn open(path: &Path) -> TagStore {
        TagStore::open_with_journal(path, Journal::for_tags_file(path))
    }

    /// [`TagStore::open`] with the journal in a given place.
    pub fn open_with_journal(path: &Path, journal: Journal) -> TagStore {
        TagStore::open_with(path, journal, DEFAULT_SETTLE)
    }

    /// [`TagStore::open`] with the journal in a given place and a settle time (see
    /// [`TagStore::set_settle_time`]; zero takes the file as it is, for tools and tests that
    /// own it).
    pub fn open_with(path: &Path, journal: Journal, settle: Duration) -> TagStore {
        let mut store = TagStore {
            path: path.to_path_buf(),
            tags: Vec::new(),
            labels: BTreeMap::new(),
            base: Snapshot::default(),
            doc: file::new_document(),
            on_disk: None,
            load_error: None,
            deleted: Vec::new(),
            journal,
            pending: Vec::new(),
            versions: Versions::default(),
            settle,
            blank_since: None,
            changing: None,
            open_events: Vec::new(),
            removed_temp_files: leftovers::remove_stale_temp_files(path),
            defer_open: false,
            ids: fastrand::Rng::new(),
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
        store.sort();
        store.base = store.snapshot();
        if let Some(err) = parsed.error {
            store.load_error = Some(err);
            return store;
        }
        store.doc = parsed.doc;
        let replay = store.journal.replay();
        store.take_in_journal(replay, &bytes);
        if !std::mem::take(&mut store.defer_open) {
            store.on_disk = Some(bytes);
        }
        store
    }

    /// Merges what the journal knows into the tags just read from the file.
    fn take_in_journal(&mut self, replay: Replay, bytes: &[u8]) {
        for (tag, version) in &replay.versions {
            self.versions.record(tag, *version);
        }
        let hash = format!("{:016x}", crate::cache::hash64(bytes));
        let unsaved: Vec<&TagId> = replay
            .tags
            .iter()
            .filter(|(id, (tag, _))| replay.saved_tags.get(*id) != Some(tag))
            .map(|(id, _)| id)
            .chain(
                replay
                    .saved_tags
                    .keys()
                    .filter(|id| !replay.tags.contains_key(*id)),
            )
            .collect();
        let agrees = replay.saved_hash.as_deref() == Some(hash.as_str()) && unsaved.is_empty();
        if replay.saved_seq.is_none() || agrees {
            let version = replay.saved_seq.unwrap_or(0);
            for tag in &self.tags {
                self.versions.record(tag, version);
            }
            return;
        }
        let sorted = |tags: Vec<Tag>| {
            let mut tags = tags;
            tags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            tags
        };
        let journal_base = Snapshot {
            tags: sorted(replay.saved_tags.values().cloned().collect()),
            labels: self.labels.clone(),
        };
        let journal_now = Snapshot {
            tags: sorted(replay.tags.values().map(|(t, _)| t.clone()).collect()),
            labels: self.labels.clone(),
        };
        let from_file = self.snapshot();
        if !super::leftovers::looks_finished(&self.path, bytes, self.settle) {
            // The file changed a moment ago (or ends mid-line): perhaps half written. Start from
            // what the journal knows and let the first save merge the file once it settles.
            self.tags = journal_now.tags;
            self.base = journal_base;
            self.on_disk = Some(Vec::new());
            self.defer_open = true;
            return;
        }
        if super::leftovers::is_blank(bytes) && !journal_now.tags.is_empty() {
            // An empty file is never "no tags".
            self.tags = journal_now.tags;
            self.open_events.push(MergeEvent::FileEmptied);
            return;
        }
        let merged = merge::merge(&journal_base, &journal_now, &from_file, &self.versions);
        let unsaved: Vec<TagId> = unsaved.into_iter().cloned().collect();
        self.tags = merged.snapshot.tags;
        self.labels = merged.snapshot.labels;
        self.sort();
        self.open_events = merged.events;
        for id in unsaved {
            let kept = replay.tags.get(&id).map(|(t, _)| t);
            if kept.is_some()
                && self.tag(&id) == kept
                && from_file.tags.iter().all(|t| Some(t) != kept)
            {
                self.open_events.push(MergeEvent::FromJournal(id));
            }
        }
        self.take_changes(merged.changes);
    }

    /// Makes the ids of new tags a fixed sequence for `seed` (for tests and tools that want the
    /// same file on every run); ids are still checked unique against the store.
    pub fn set_id_seed(&mut self, seed: u64) {
        self.ids = fastrand::Rng::with_seed(seed);
    }

    /// The tags file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The journal of every change.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// What opening found that the next save will report: tags the journal had and the file
    /// lacked, an emptied file.
    pub fn open_events(&self) -> &[MergeEvent] {
        &self.open_events
    }

    /// How many temporary files of crashed saves were removed when the store opened.
    pub fn removed_temp_files(&self) -> usize {
        self.removed_temp_files
    }

    /// Why the file did not load (with line and column for a parse error), if it did not.
    pub fn load_error(&self) -> Option<&Error> {
        self.load_error.as_ref()
    }

    /// True when saving to [`TagStore::path`] is refused because the file did not load.
    pub fn is_read_only(&self) -> bool {
        self.load_error.is_some()
    }

    /// True when changes wait for the journal (or, in a reader's view, for the saver).
    pub fn has_unsent_changes(&self) -> bool {
        !self.pending.is_empty()
    }

    /// True when memory holds changes not yet saved.
    pub fn has_unsaved_changes(&self) -> bool {
        self.base.tags != self.tags || self.base.labels != self.labels
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
        let old = self.put(tag.clone());
        let op = if old.is_some() { Op::Edit } else { Op::Create };
        self.pending
            .push(Change::new(op, &tag.id, Some(&tag), old.as_ref()));
        old
    }

    /// [`TagStore::insert`] without journalling (the caller journals).
    pub(super) fn put(&mut self, tag: Tag) -> Option<Tag> {
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
            self.sort();
        }
        Ok(found)
    }

    /// Deletes a tag, keeping it for [`TagStore::undo_delete`] (and in the journal); returns it.
    pub fn delete(&mut self, id: &TagId) -> Option<Tag> {
        let i = self.tags.iter().position(|t| t.id == *id)?;
        let tag = self.tags.remove(i);
        self.pending
            .push(Change::new(Op::Delete, id, None, Some(&tag)));
        self.deleted.push(tag.clone());
        Some(tag)
    }

    /// Brings back the tag deleted last in this session, as it was; returns its id.
    pub fn undo_delete(&mut self) -> Option<TagId> {
        let tag = self.deleted.pop()?;
        let id = tag.id.clone();
        if self.tag(&id).is_none() {
            self.pending
                .push(Change::new(Op::Restore, &id, Some(&tag), None).because("undo"));
            self.put(tag);
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

    pub(super) fn snapshot(&self) -> Snapshot {
        Snapshot {
            tags: self.tags.clone(),
            labels: self.labels.clone(),
        }
    }

    pub(super) fn sort(&mut self) {
        self.tags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    fn edit(&mut self, id: &TagId, change: impl FnOnce(&mut Tag)) -> bool {
        let Some(tag) = self.tags.iter_mut().find(|t| t.id == *id) else {
            return false;
        };
        let before = tag.clone();
        change(tag);
        if *tag != before {
            tag.updated = Some(Timestamp::now());
            let after = tag.clone();
            self.pending
                .push(Change::new(Op::Edit, id, Some(&after), Some(&before)));
        }
        true
    }

    /// A fresh id: eight letters and digits, unique among the tags in memory and the ones
    /// deleted this session (so undo never meets a clash).
    fn new_id(&mut self) -> TagId {
        loop {
            let id = TagId(new_id_text(&mut self.ids));
            let taken = self.tags.iter().chain(&self.deleted).any(|t| t.id == id)
                || self.base.tags.iter().any(|t| t.id == id);
            if !taken {
                return id;
            }
        }
    }
}
