//! Saving off the reader's key-handling path: a [`Saver`] owns the [`TagStore`] that writes the
//! tags file and its journal, and does each save (merge with the file on disk, journal, fsync,
//! rename) on a thread of its own, while the reader keeps a view of the tags
//! ([`TagStore::twin`]) that it changes and draws at once.
//!
//! The view's changes travel as the journal's [`Change`]s ([`TagStore::take_unsent`]); the
//! saver applies each to its store three ways (a tag the file changed meanwhile keeps both
//! edits, as a merge would) and saves. What it sends back ([`Done`]) carries the tags as saved
//! and merged; the view takes them ([`TagStore::adopt`]) with its own changes made since laid
//! on top. For tests, [`Saver::inline`] does the same work at once on the calling thread.

use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

use super::journal::{Change, Op};
use super::merge::{self, MergeEvent};
use super::store::TagStore;
use super::{Label, SaveReport, Snapshot, Tag};

/// What the reader asks the saver to do.
#[derive(Debug)]
pub enum Job {
    /// Take these changes and save (with none: pick up changes made on disk).
    Save(Vec<Change>),
    /// Take these changes and save them to the first of these new files that can be written.
    SaveAs(Vec<Change>, Vec<PathBuf>),
    /// For a tags file that did not load: take it in if it loads now (nothing is saved).
    ReloadIfFixed(Vec<Change>),
}

/// What a job did.
#[derive(Debug)]
pub enum Outcome {
    /// A save: its report or why it failed.
    Saved(Result<SaveReport>),
    /// A save to a new file.
    SavedAs(Result<SaveReport>),
    /// A file that did not load: what taking it in merged, or `None` while it still does not
    /// load.
    Reloaded(Option<Vec<MergeEvent>>),
}

/// A job's outcome with the saver's tags after it, for the reader's view.
#[derive(Debug)]
pub struct Done {
    /// What the job did.
    pub outcome: Outcome,
    /// What applying the reader's changes to the tags on disk told (a change made here to a tag
    /// the file changed meanwhile).
    pub events: Vec<MergeEvent>,
    /// The saver's tags, when they may differ from the view's.
    state: Option<Mirror>,
}

impl Done {
    /// True when it brings the tags as saved or merged (the view changes when it takes them).
    pub fn has_tags(&self) -> bool {
        self.state.is_some()
    }
}

/// The saver's store as the view needs it.
#[derive(Debug)]
struct Mirror {
    tags: Vec<Tag>,
    labels: BTreeMap<String, Label>,
    base: Snapshot,
    path: PathBuf,
    writable: bool,
}

/// The thread (or, for tests, the inline store) that saves the tags.
#[derive(Debug)]
pub struct Saver {
    how: How,
    /// Jobs sent and not yet answered.
    in_flight: usize,
}

#[derive(Debug)]
enum How {
    Inline {
        store: Box<TagStore>,
        done: VecDeque<Done>,
    },
    Thread {
        jobs: Option<Sender<Job>>,
        done: Receiver<Done>,
        thread: Option<JoinHandle<()>>,
    },
}

impl Saver {
    /// A saver that does each job at once, on the calling thread (for tests and tools).
    pub fn inline(store: TagStore) -> Saver {
        Saver {
            how: How::Inline {
                store: Box::new(store),
                done: VecDeque::new(),
            },
            in_flight: 0,
        }
    }

    /// Moves the work to a thread of its own (a no-op when it is there already).
    pub fn start_thread(&mut self) {
        let How::Inline { store, done } = &mut self.how else {
            return;
        };
        let path = store.path().to_path_buf();
        let mut store = std::mem::replace(store, Box::new(TagStore::detached()));
        let queued = std::mem::take(done);
        let (job_tx, job_rx) = mpsc::channel::<Job>();
        let (done_tx, done_rx) = mpsc::channel::<Done>();
        for done in queued {
            let _ = done_tx.send(done);
        }
        let spawned = std::thread::Builder::new()
            .name("tags-saver".to_owned())
            .spawn(move || {
                while let Ok(job) = job_rx.recv() {
                    // Save requests that queued up while a save ran are one save.
                    let mut jobs = vec![job];
                    jobs.extend(job_rx.try_iter());
                    for done in run_jobs(&mut store, jobs) {
                        if done_tx.send(done).is_err() {
                            return;
                        }
                    }
                }
            });
        match spawned {
            Ok(thread) => {
                self.how = How::Thread {
                    jobs: Some(job_tx),
                    done: done_rx,
                    thread: Some(thread),
                };
            }
            // No thread to be had: the store went into the closure that was not run. Keep
            // saving inline, with the store opened anew (what it had not saved yet is in the
            // journal, which opening takes in).
            Err(_) => {
                self.how = How::Inline {
                    store: Box::new(TagStore::open(&path)),
                    done: VecDeque::new(),
                };
            }
        }
    }

    /// Hands a job over (done at once when inline).
    pub fn send(&mut self, job: Job) {
        match &mut self.how {
            How::Inline { store, done } => {
                done.extend(run_jobs(store, vec![job]));
                self.in_flight += 1;
            }
            How::Thread { jobs, .. } => {
                if jobs.as_ref().is_some_and(|jobs| jobs.send(job).is_ok()) {
                    self.in_flight += 1;
                }
            }
        }
    }

    /// True while a job has not been answered.
    pub fn is_busy(&self) -> bool {
        self.in_flight > 0
    }

    /// The next answer, without waiting.
    pub fn try_receive(&mut self) -> Option<Done> {
        let done = match &mut self.how {
            How::Inline { done, .. } => done.pop_front(),
            How::Thread { done, .. } => done.try_recv().ok(),
        };
        if done.is_some() {
            self.in_flight = self.in_flight.saturating_sub(1);
        }
        done
    }

    /// The next answer, waiting at most `timeout` for it.
    pub fn receive_timeout(&mut self, timeout: Duration) -> Option<Done> {
        let done = match &mut self.how {
            How::Inline { done, .. } => done.pop_front(),
            How::Thread { done, .. } => done.recv_timeout(timeout).ok(),
        };
        if done.is_some() {
            self.in_flight = self.in_flight.saturating_sub(1);
        }
        done
    }

    /// Every answer still to come, waiting until `deadline` at most (for quitting).
    pub fn finish(&mut self, deadline: Instant) -> Vec<Done> {
        let mut all = Vec::new();
        while self.is_busy() {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.receive_timeout(left) {
                Some(done) => all.push(done),
                None => break,
            }
        }
        all
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        if let How::Thread { jobs, thread, .. } = &mut self.how {
            // Closing the channel ends the thread after the job it is on.
            drop(jobs.take());
            if let Some(thread) = thread.take() {
                let _ = thread.join();
            }
        }
    }
}

/// Does `jobs` on `store`: the changes of all of them applied, then one save for the run of
/// plain saves, and each other job as asked.
fn run_jobs(store: &mut TagStore, jobs: Vec<Job>) -> Vec<Done> {
    let mut answers = Vec::new();
    let mut events = Vec::new();
    let mut pending_saves = 0usize;
    let mut changed = false;
    for job in jobs {
        match job {
            Job::Save(changes) => {
                changed |= !changes.is_empty();
                store.apply_all(changes, &mut events);
                pending_saves += 1;
            }
            Job::SaveAs(changes, paths) => {
                store.apply_all(changes, &mut events);
                flush_saves(
                    store,
                    &mut pending_saves,
                    changed,
                    &mut events,
                    &mut answers,
                );
                let mut result = Err(Error::NotSaved {
                    path: store.path().to_path_buf(),
                    reason: "no new file to save to".to_owned(),
                });
                for path in paths {
                    result = store.save_as(&path);
                    if result.is_ok() {
                        break;
                    }
                }
                answers.push(done(store, Outcome::SavedAs(result), true, &mut events));
                changed = false;
            }
            Job::ReloadIfFixed(changes) => {
                store.apply_all(changes, &mut events);
                flush_saves(
                    store,
                    &mut pending_saves,
                    changed,
                    &mut events,
                    &mut answers,
                );
                let reloaded = store.reload_if_fixed();
                answers.push(done(store, Outcome::Reloaded(reloaded), true, &mut events));
                changed = false;
            }
        }
    }
    flush_saves(
        store,
        &mut pending_saves,
        changed,
        &mut events,
        &mut answers,
    );
    answers
}

/// One save for `count` save jobs: the first answer carries it, the others say nothing new.
/// `changed`: the saves took changes from the reader, so the view must take the result.
fn flush_saves(
    store: &mut TagStore,
    count: &mut usize,
    changed: bool,
    events: &mut Vec<MergeEvent>,
    answers: &mut Vec<Done>,
) {
    if *count == 0 {
        return;
    }
    let result = store.save();
    // A save that wrote, merged or failed changed what the view shows or must know; one that
    // found nothing new (the reader's check every few seconds) sends no copy of the tags.
    let news = changed
        || !events.is_empty()
        || result
            .as_ref()
            .map_or(true, |r| r.written || !r.merged.is_empty());
    answers.push(done(store, Outcome::Saved(result), news, events));
    for _ in 1..*count {
        let nothing = Outcome::Saved(Ok(SaveReport::default()));
        answers.push(done(store, nothing, false, &mut Vec::new()));
    }
    *count = 0;
}

fn done(store: &TagStore, outcome: Outcome, news: bool, events: &mut Vec<MergeEvent>) -> Done {
    Done {
        outcome,
        events: std::mem::take(events),
        state: news.then(|| Mirror {
            tags: store.tags.clone(),
            labels: store.labels.clone(),
            base: store.base.clone(),
            path: store.path.clone(),
            writable: store.load_error.is_none(),
        }),
    }
}

impl TagStore {
    /// A copy of this store for a reader's view: the same tags, file and journal, without the
    /// changes waiting for the journal (the original, which saves, journals them) or the
    /// events of opening (its first save reports them).
    pub fn twin(&self) -> TagStore {
        let mut twin = TagStore::detached();
        twin.path = self.path.clone();
        twin.tags = self.tags.clone();
        twin.labels = self.labels.clone();
        twin.base = self.base.clone();
        twin.doc = self.doc.clone();
        twin.on_disk = self.on_disk.clone();
        twin.load_error = self.load_error.as_ref().map(copy_error);
        twin.journal = super::journal::Journal::at(self.journal.path());
        twin.versions = self.versions.clone();
        twin.settle = self.settle;
        twin.open_events = self.open_events.clone();
        twin.removed_temp_files = self.removed_temp_files;
        twin
    }

    /// The changes made since the last call, for the saver (they leave this store's queue).
    pub fn take_unsent(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.pending)
    }

    /// Takes the saver's tags after a job, with the changes made here since (not sent yet)
    /// laid on top again.
    /// Returns false when `done` brought no tags (nothing changed).
    pub fn adopt(&mut self, done: &mut Done) -> bool {
        let Some(mirror) = done.state.take() else {
            return false;
        };
        self.tags = mirror.tags;
        self.labels = mirror.labels;
        self.base = mirror.base;
        self.path = mirror.path;
        if mirror.writable {
            self.load_error = None;
        }
        let unsent = std::mem::take(&mut self.pending);
        let mut ignored = Vec::new();
        for change in &unsent {
            self.apply(change, &mut ignored);
        }
        self.pending = unsent;
        self.sort();
        true
    }

    /// Applies changes made in a view of this store (see [`TagStore::twin`]), each queued for
    /// the journal as it was applied.
    pub fn apply_all(&mut self, changes: Vec<Change>, events: &mut Vec<MergeEvent>) {
        let any = !changes.is_empty();
        for change in changes {
            let applied = self.apply(&change, events);
            self.pending.push(applied);
        }
        if any {
            self.sort();
        }
    }

    /// Applies one change made elsewhere to the tag as it is here: as made when the tag is
    /// as the change found it; else the two versions merged field by field (the later edit
    /// wins a field both changed, and an edit beats a delete). Returns the change as applied.
    fn apply(&mut self, change: &Change, events: &mut Vec<MergeEvent>) -> Change {
        let current = self.tag(&change.id).cloned();
        let diverged = match (&change.before, &current) {
            (Some(before), Some(current)) => before != current,
            _ => false,
        };
        match (&change.tag, current) {
            (Some(after), Some(current)) if diverged => {
                let before = change.before.as_ref().unwrap_or(&current);
                let merged = merge::merge_tag(before, after, &current, events);
                self.put(merged.clone());
                let mut applied = change.clone();
                applied.tag = Some(merged);
                applied.before = Some(current);
                applied
            }
            (Some(after), _) => {
                self.put(after.clone());
                change.clone()
            }
            (None, Some(current)) if diverged => {
                // Deleted here, changed on disk meanwhile: the change on disk stays.
                events.push(MergeEvent::KeptChangedOnDisk(change.id.clone()));
                Change::new(
                    Op::DiskKept,
                    &change.id,
                    Some(&current),
                    change.before.as_ref(),
                )
                .because("deleted here but changed on disk")
            }
            (None, Some(_)) => {
                self.tags.retain(|t| t.id != change.id);
                change.clone()
            }
            (None, None) => change.clone(),
        }
    }

    /// An empty store on no file, for the place of a store moved elsewhere.
    pub(super) fn detached() -> TagStore {
        TagStore::open_with(
            std::path::Path::new(""),
            super::journal::Journal::at(std::path::Path::new("")),
            super::store::DEFAULT_SETTLE,
        )
    }
}

/// The same error again (errors hold I/O errors, which do not clone).
fn copy_error(err: &Error) -> Error {
    match err {
        Error::Parse {
            path,
            line,
            column,
            message,
        } => Error::Parse {
            path: path.clone(),
            line: *line,
            column: *column,
            message: message.clone(),
        },
        Error::Read { path, source } => Error::Read {
            path: path.clone(),
            source: std::io::Error::new(source.kind(), source.to_string()),
        },
        Error::Write { path, source } => Error::Write {
            path: path.clone(),
            source: std::io::Error::new(source.kind(), source.to_string()),
        },
        Error::NotSaved { path, reason } => Error::NotSaved {
            path: path.clone(),
            reason: reason.clone(),
        },
        other => Error::Invalid {
            path: PathBuf::new(),
            message: other.to_string(),
        },
    }
}
