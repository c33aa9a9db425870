//! Saving a [`TagStore`]: journal first, then look at the file on disk, wait while another
//! program is still writing it, merge what it changed, write ours atomically, and note in the
//! journal which content the file now holds.
//!
//! An editor saving in place truncates the file and then writes it, so for a moment the file
//! is empty or half written; a `git checkout` replaces it in steps too. A changed file is
//! merged only once it is complete: not blank, parsing, and untouched for a moment (the settle
//! time). Until then nothing is written (writing over a file being written would lose the other
//! program's work), and the changes wait, safe in the journal.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use crate::error::{Error, Result};

use super::file::{self, Parsed};
use super::leftovers::is_blank;
use super::merge::{self, MergeEvent};
use super::store::TagStore;
use super::{SaveReport, Snapshot, atomic, describe};

/// A file left empty this many settle times is taken as emptied for good: written again.
const BLANK_SETTLES: u32 = 5;

/// What the file on disk is, when it changed.
enum Disk {
    /// Still being written; why.
    Waiting(String),
    /// Empty for a while: not "no tags", a file to write again.
    Blank,
    /// Complete and parsed.
    Parsed(Box<Parsed>),
}

impl TagStore {
    /// Sets how long a changed tags file must stay untouched before it is merged (default
    /// [`super::store::DEFAULT_SETTLE`]); zero merges any parsable file at once (for tests and
    /// tools that own the file).
    pub fn set_settle_time(&mut self, settle: Duration) {
        self.settle = settle;
    }

    /// Writes the tags to the file, atomically, after merging in any change made to the file by
    /// someone else since we last read or wrote it. Also the way to pick up such changes: with
    /// nothing new in memory, it only reads. Every change is appended to the journal first. On
    /// failure the tags stay in memory and the file is as it was.
    ///
    /// While the file is being written by another program (empty, not parsing yet, or changed
    /// a moment ago), nothing is written and [`SaveReport::waiting`] says why; call again.
    ///
    /// # Errors
    /// [`Error::NotSaved`] when the file did not load when opened (and still does not), or was
    /// changed on disk into something that does not parse; [`Error::Write`] when it cannot be
    /// written (a read-only folder, a full disk); [`Error::Read`] when it cannot be read back
    /// to check for changes.
    pub fn save(&mut self) -> Result<SaveReport> {
        let mut report = SaveReport {
            merged: std::mem::take(&mut self.open_events),
            ..SaveReport::default()
        };
        if self.load_error.is_some() {
            match self.reload_if_fixed() {
                Some(events) => report.merged.extend(events),
                None => {
                    self.flush_journal(&mut report);
                    if let Some(why) = self.being_written() {
                        // Opened while another program was writing it: not broken, unfinished.
                        report.waiting = Some(why);
                        return Ok(report);
                    }
                    let err = self.load_error.as_ref().map_or_else(String::new, describe);
                    return Err(Error::NotSaved {
                        path: self.path.clone(),
                        reason: format!(
                            "it did not load when opened ({err}), so it is left as it is; fix it or save the tags elsewhere"
                        ),
                    });
                }
            }
        }
        let disk = self.read_disk()?;
        let mut merged_from_disk = false;
        if disk != self.on_disk {
            match disk {
                None => {
                    // Removed on disk: write everything again rather than take it as "delete
                    // every tag".
                    report.merged.push(MergeEvent::FileRemoved);
                    self.base = Snapshot::default();
                    self.doc = file::new_document();
                    self.on_disk = None;
                }
                Some(bytes) => match self.examine(&bytes) {
                    Err(err) => {
                        self.flush_journal(&mut report);
                        return Err(err);
                    }
                    Ok(Disk::Waiting(why)) => {
                        self.flush_journal(&mut report);
                        report.waiting = Some(why);
                        return Ok(report);
                    }
                    Ok(Disk::Blank) => {
                        report.merged.push(MergeEvent::FileEmptied);
                        self.base = Snapshot::default();
                        self.doc = file::new_document();
                        self.on_disk = Some(bytes);
                    }
                    Ok(Disk::Parsed(theirs)) => {
                        let theirs = *theirs;
                        let their_snapshot = Snapshot {
                            tags: theirs.tags,
                            labels: theirs.labels,
                        };
                        let merged = merge::merge(
                            &self.base,
                            &self.snapshot(),
                            &their_snapshot,
                            &self.versions,
                        );
                        report.merged.extend(merged.events);
                        self.take_changes(merged.changes);
                        self.tags = merged.snapshot.tags;
                        self.labels = merged.snapshot.labels;
                        self.sort();
                        self.base = their_snapshot;
                        self.doc = theirs.doc;
                        self.on_disk = Some(bytes);
                        merged_from_disk = true;
                    }
                },
            }
        }
        self.blank_since = None;
        let is_empty = self.tags.is_empty() && self.labels.is_empty();
        let unchanged = self.base.tags == self.tags && self.base.labels == self.labels;
        if unchanged && (self.on_disk.is_some() || is_empty) {
            // Memory and disk agree: note which content the file holds when that is news.
            if merged_from_disk || !self.pending.is_empty() {
                let hash = self.on_disk.as_deref().map(crate::cache::hash64);
                self.flush_journal_and_mark(&mut report, hash);
            }
            return Ok(report);
        }
        let bytes = self.doc.render(&self.tags, &self.labels).into_bytes();
        // Journal before the file: a crash in between leaves the change in the journal.
        self.flush_journal(&mut report);
        atomic::write_atomically(&self.path, &bytes)?;
        let hash = crate::cache::hash64(&bytes);
        self.on_disk = Some(bytes);
        self.base = self.snapshot();
        report.written = true;
        self.flush_journal_and_mark(&mut report, Some(hash));
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
        let mut doc = if self.load_error.is_some() {
            file::new_document()
        } else {
            self.doc.clone()
        };
        let bytes = doc.render(&self.tags, &self.labels).into_bytes();
        let mut report = SaveReport::default();
        self.flush_journal(&mut report);
        atomic::write_atomically(path, &bytes)?;
        self.path = path.to_path_buf();
        self.doc = doc;
        self.on_disk = Some(bytes);
        self.base = self.snapshot();
        self.load_error = None;
        report.written = true;
        Ok(report)
    }

    /// For a store whose file did not load: when the file now loads and has settled, takes it
    /// in (merging what changed here meanwhile), makes the store writable again and returns
    /// what the merge did. `None` while it still does not load.
    pub fn reload_if_fixed(&mut self) -> Option<Vec<MergeEvent>> {
        self.load_error.as_ref()?;
        let bytes = std::fs::read(&self.path).ok()?;
        if is_blank(&bytes) || !self.is_settled(&bytes) {
            return None;
        }
        let theirs = file::parse(&bytes, &self.path);
        if theirs.error.is_some() {
            return None;
        }
        let their_snapshot = Snapshot {
            tags: theirs.tags,
            labels: theirs.labels,
        };
        let merged = merge::merge(
            &self.base,
            &self.snapshot(),
            &their_snapshot,
            &self.versions,
        );
        self.take_changes(merged.changes);
        self.tags = merged.snapshot.tags;
        self.labels = merged.snapshot.labels;
        self.sort();
        self.base = their_snapshot;
        self.doc = theirs.doc;
        self.on_disk = Some(bytes);
        self.load_error = None;
        Some(merged.events)
    }

    /// For a file that did not load: why it looks unfinished rather than broken (empty, or
    /// changed less than the settle time ago, or ending mid-line), if it does.
    fn being_written(&self) -> Option<String> {
        let bytes = std::fs::read(&self.path).ok()?;
        let age = std::fs::metadata(&self.path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|m| SystemTime::now().duration_since(m).ok())
            .unwrap_or(Duration::ZERO);
        // As a changed file is judged (`is_settled`): one ending mid-line gets five settle
        // times, then it is broken, not unfinished.
        let room = if bytes.ends_with(b"\n") {
            self.settle
        } else {
            self.settle * BLANK_SETTLES
        };
        let unfinished = !self.settle.is_zero() && (is_blank(&bytes) || age < room);
        unfinished.then(|| {
            let name = self.path.file_name().map_or_else(
                || "the tags file".into(),
                |n| n.to_string_lossy().into_owned(),
            );
            format!(
                "{name} did not load and is being changed on disk; the tags wait in memory and the journal"
            )
        })
    }

    fn read_disk(&self) -> Result<Option<Vec<u8>>> {
        match std::fs::read(&self.path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Read {
                path: self.path.clone(),
                source,
            }),
        }
    }

    /// What the changed file on disk is: still being written, emptied, or complete.
    fn examine(&mut self, bytes: &[u8]) -> Result<Disk> {
        let name = self.path.file_name().map_or_else(
            || "the tags file".into(),
            |n| n.to_string_lossy().into_owned(),
        );
        if is_blank(bytes) {
            let since = *self.blank_since.get_or_insert_with(Instant::now);
            if since.elapsed() >= self.settle * BLANK_SETTLES {
                return Ok(Disk::Blank);
            }
            return Ok(Disk::Waiting(format!(
                "{name} is empty on disk (another program writing it?); the tags wait in memory and the journal"
            )));
        }
        self.blank_since = None;
        if !self.is_settled(bytes) {
            return Ok(Disk::Waiting(format!(
                "{name} is being changed on disk; saving once it settles"
            )));
        }
        let parsed = file::parse(bytes, &self.path);
        if let Some(err) = &parsed.error {
            return Err(Error::NotSaved {
                path: self.path.clone(),
                reason: format!(
                    "it was changed on disk and no longer loads ({}); fix it or save the tags elsewhere",
                    describe(err)
                ),
            });
        }
        Ok(Disk::Parsed(Box::new(parsed)))
    }

    /// True when the file looks complete and finished: untouched for the settle time (by its
    /// modification time, or by reading the same bytes since at least that long ago) and
    /// ending in a line break, as every editor and crossread end it (a file cut short by a
    /// writer still at work usually does not; one without is taken after five settle times).
    /// Never waits: a file changing now is looked at again by the next save.
    fn is_settled(&mut self, bytes: &[u8]) -> bool {
        if self.settle.is_zero() {
            return true;
        }
        let hash = crate::cache::hash64(bytes);
        let modified = std::fs::metadata(&self.path)
            .and_then(|m| m.modified())
            .ok();
        // The same bytes and the same modification time since we first saw them: a writer that
        // rewrote the same text meanwhile (the same half of it, say) starts the count again.
        let unchanged_for = match self.changing {
            Some((seen, at, since)) if seen == hash && at == modified => since.elapsed(),
            _ => {
                self.changing = Some((hash, modified, Instant::now()));
                Duration::ZERO
            }
        };
        let untouched_for = modified
            .and_then(|m| SystemTime::now().duration_since(m).ok())
            .unwrap_or(Duration::ZERO);
        let quiet = unchanged_for.max(untouched_for);
        let complete = bytes.ends_with(b"\n") || quiet >= self.settle * BLANK_SETTLES;
        quiet >= self.settle && complete
    }

    /// Queues a merge's changes for the journal, numbering content taken from the file with
    /// the version its writer had seen.
    pub(super) fn take_changes(&mut self, changes: Vec<super::journal::Change>) {
        for change in &changes {
            if let (Some(version), Some(tag)) = (change.version, &change.tag) {
                self.versions.record(tag, version);
            }
        }
        self.pending.extend(changes);
    }

    /// Appends the queued changes to the journal.
    pub(super) fn flush_journal(&mut self, report: &mut SaveReport) {
        if self.pending.is_empty() {
            return;
        }
        let (_, written) = self.journal.append(&self.pending, None);
        self.pending.clear();
        if let Err(err) = written {
            report.journal_error = Some(super::describe(&err));
        }
    }

    /// Appends the queued changes and a `saved` line for the file's content (`hash`), numbers
    /// the tags' contents with that version, and rotates the journal when it is full.
    fn flush_journal_and_mark(&mut self, report: &mut SaveReport, hash: Option<u64>) {
        let (version, written) = self.journal.append(&self.pending, hash);
        self.pending.clear();
        if let Err(err) = written {
            report.journal_error = Some(describe(&err));
            return;
        }
        for tag in &self.tags {
            self.versions.record(tag, version);
        }
        if self.journal.is_full() {
            let tags: Vec<_> = self
                .tags
                .iter()
                .map(|t| (t, self.versions.version_of(t)))
                .collect();
            if let Err(err) = self.journal.rotate(&tags, hash) {
                report.journal_error = Some(describe(&err));
            }
        }
    }
}
