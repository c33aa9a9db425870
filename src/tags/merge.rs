//! Three-way merge of the tags file: what we last read or wrote (base), what is on disk now
//! (theirs: an editor, a `git pull`, a second reader) and what is in memory (ours), tag by tag
//! (by id) and field by field.
//!
//! A change on one side only is taken, with two exceptions that keep tags a stale copy of the
//! file would lose: a tag missing on disk is deleted only if the file's writer could have seen
//! it, and a tag put back on disk to an older version keeps the newer one (`versions.rs` says
//! what a writer had seen). Labels changed on both sides are merged as sets. Any other field
//! changed on both sides differently keeps the side edited last (`updated`, ours on a tie) and
//! reports both. An edit beats a delete. Nothing changes without a [`MergeEvent`] saying so, and
//! every tag replaced or deleted goes to the journal as a [`Change`], so it can be restored.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::journal::{Change, Op};
use super::versions::Versions;
use super::{Label, Snapshot, Tag, TagId};

/// Which copy of a tag a conflict kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The reader's copy, in memory.
    Here,
    /// The tags file's copy, on disk.
    Disk,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Here => "the reader's",
            Side::Disk => "the file's",
        }
    }

    fn other(self) -> Side {
        match self {
            Side::Here => Side::Disk,
            Side::Disk => Side::Here,
        }
    }
}

/// One thing the merge did that the user should hear about.
#[derive(Debug, Clone, PartialEq)]
pub enum MergeEvent {
    /// A tag added on disk was taken in.
    AddedOnDisk(TagId),
    /// A tag changed on disk; the change was taken.
    ChangedOnDisk(TagId),
    /// A tag deleted on disk (and unchanged here) is gone.
    DeletedOnDisk(TagId),
    /// A tag deleted on disk was kept because it was changed here.
    KeptChangedHere(TagId),
    /// A tag deleted here was brought back because it was changed on disk.
    KeptChangedOnDisk(TagId),
    /// A tag missing from a file written from a copy older than the tag: kept.
    KeptUnseen(TagId),
    /// A tag put back on disk to an older version of itself: the newer one here was kept.
    KeptNewerHere(TagId),
    /// Both sides changed a field of a tag differently: the later edit was kept.
    Conflict {
        /// The tag.
        id: TagId,
        /// The field (`note`, `quote`, …).
        field: &'static str,
        /// Whose value was written.
        kept_side: Side,
        /// The value written.
        kept: String,
        /// The value not written (it is in the journal).
        dropped: String,
    },
    /// A tag added on disk has the id of a different tag added here; ours got a new id.
    Renumbered {
        /// The id on disk.
        id: TagId,
        /// The new id of our tag.
        new_id: TagId,
    },
    /// A label of the vocabulary changed on disk.
    LabelChangedOnDisk(String),
    /// A label was added to the vocabulary on disk.
    LabelAddedOnDisk(String),
    /// A label was removed from the vocabulary on disk.
    LabelRemovedOnDisk(String),
    /// The file was removed on disk; it was written again with every tag.
    FileRemoved,
    /// The file was empty on disk for a while; it was written again with every tag.
    FileEmptied,
    /// A tag changed before the reader last stopped was not in the file: restored from the
    /// journal.
    FromJournal(TagId),
    /// A tag taken in from a recovered file.
    Recovered(TagId),
}

impl MergeEvent {
    /// True for what the user must not miss: a tag kept against the file, a conflict, the file
    /// removed or emptied. The rest is routine news of someone else's edits.
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            MergeEvent::KeptChangedHere(_)
                | MergeEvent::KeptChangedOnDisk(_)
                | MergeEvent::KeptUnseen(_)
                | MergeEvent::KeptNewerHere(_)
                | MergeEvent::Conflict { .. }
                | MergeEvent::Renumbered { .. }
                | MergeEvent::FileRemoved
                | MergeEvent::FileEmptied
                | MergeEvent::FromJournal(_)
        )
    }
}

/// One line for the status bar about what a merge did: the most important event first, then
/// how many more.
pub fn summary(events: &[MergeEvent]) -> Option<String> {
    let first = events
        .iter()
        .find(|e| e.is_warning())
        .or_else(|| events.first())?;
    let more = match events.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    Some(format!("Tags file changed on disk, merged: {first}{more}"))
}

impl fmt::Display for MergeEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeEvent::AddedOnDisk(id) => write!(f, "tag {id} was added on disk"),
            MergeEvent::ChangedOnDisk(id) => write!(f, "tag {id} was changed on disk"),
            MergeEvent::DeletedOnDisk(id) => write!(f, "tag {id} was deleted on disk"),
            MergeEvent::KeptChangedHere(id) => {
                write!(f, "tag {id} was deleted on disk but changed here: kept")
            }
            MergeEvent::KeptChangedOnDisk(id) => {
                write!(f, "tag {id} was deleted here but changed on disk: kept")
            }
            MergeEvent::KeptUnseen(id) => write!(
                f,
                "tag {id} is missing from a file written from an older copy: kept (delete it here if that was meant)"
            ),
            MergeEvent::KeptNewerHere(id) => write!(
                f,
                "tag {id} was put back to an older version on disk: kept the newer one (the older is in the journal)"
            ),
            MergeEvent::Conflict {
                id,
                field,
                kept_side,
                kept,
                dropped,
            } => write!(
                f,
                "tag {id}: {field} changed here and on disk; kept {} {kept:?} (edited later), {} {dropped:?} is in the journal (crossread tags --restore {id})",
                kept_side.name(),
                kept_side.other().name(),
            ),
            MergeEvent::Renumbered { id, new_id } => {
                write!(
                    f,
                    "tag {id} exists on disk too: the one made here is now {new_id}"
                )
            }
            MergeEvent::LabelChangedOnDisk(name) => {
                write!(f, "label {name:?} was changed on disk")
            }
            MergeEvent::LabelAddedOnDisk(name) => write!(f, "label {name:?} was added on disk"),
            MergeEvent::LabelRemovedOnDisk(name) => {
                write!(f, "label {name:?} was removed on disk")
            }
            MergeEvent::FileRemoved => {
                write!(f, "the tags file was removed on disk: written again")
            }
            MergeEvent::FileEmptied => {
                write!(
                    f,
                    "the tags file was left empty on disk: written again with every tag"
                )
            }
            MergeEvent::FromJournal(id) => write!(
                f,
                "tag {id}, changed before the reader last stopped, was not in the file: restored from the journal"
            ),
            MergeEvent::Recovered(id) => write!(f, "tag {id} was taken in from a recovered file"),
        }
    }
}

/// What a merge gives: the tags and labels, what to tell the user, what to journal.
#[derive(Debug, Default)]
pub(super) struct Merged {
    pub(super) snapshot: Snapshot,
    pub(super) events: Vec<MergeEvent>,
    pub(super) changes: Vec<Change>,
}

/// Merges `theirs` and `ours`, both descended from `base`; `versions` says which version of
/// the file each content of a tag was in.
pub(super) fn merge(
    base: &Snapshot,
    ours: &Snapshot,
    theirs: &Snapshot,
    versions: &Versions,
) -> Merged {
    let by_id = |tags: &[Tag]| -> BTreeMap<TagId, Tag> {
        tags.iter().map(|t| (t.id.clone(), t.clone())).collect()
    };
    let (base_tags, our_tags, their_tags) =
        (by_id(&base.tags), by_id(&ours.tags), by_id(&theirs.tags));
    let ids: BTreeSet<&TagId> = base_tags
        .keys()
        .chain(our_tags.keys())
        .chain(their_tags.keys())
        .collect();
    let mut walk = TagMerge {
        versions,
        seen: versions.seen_by(&theirs.tags),
        tags: Vec::new(),
        renumber: Vec::new(),
        events: Vec::new(),
        changes: Vec::new(),
    };
    for id in ids {
        walk.one(id, base_tags.get(id), our_tags.get(id), their_tags.get(id));
    }
    walk.renumber_clashes();
    let TagMerge {
        tags,
        mut events,
        changes,
        ..
    } = walk;
    let mut labels = merge_labels(&base.labels, &ours.labels, &theirs.labels, &mut events);
    keep_labels_in_use(&mut labels, &tags);
    Merged {
        snapshot: Snapshot { tags, labels },
        events,
        changes,
    }
}

/// The tags merged one id at a time, with what to tell and journal.
struct TagMerge<'a> {
    versions: &'a Versions,
    /// The newest version of the file the disk's writer had seen.
    seen: Option<u64>,
    /// The merged tags so far.
    tags: Vec<Tag>,
    /// Tags added here whose id a different tag added on disk took: they get new ids last.
    renumber: Vec<Tag>,
    events: Vec<MergeEvent>,
    changes: Vec<Change>,
}

impl TagMerge<'_> {
    /// `change` as the file has it: written by someone who had seen up to `seen`, no further.
    fn as_on_disk(&self, mut change: Change) -> Change {
        change.version = Some(self.seen.unwrap_or(0));
        change
    }

    /// The tag `id` as base, ours and theirs have it (or not).
    fn one(&mut self, id: &TagId, b: Option<&Tag>, o: Option<&Tag>, t: Option<&Tag>) {
        match (b, o, t) {
            (_, None, None) => {}
            (None, Some(o), None) => self.tags.push(o.clone()),
            (None, None, Some(t)) => {
                self.events.push(MergeEvent::AddedOnDisk(id.clone()));
                let change = self.as_on_disk(Change::new(Op::DiskAdd, id, Some(t), None));
                self.changes.push(change);
                self.tags.push(t.clone());
            }
            (None, Some(o), Some(t)) => self.added_both(id, o, t),
            (Some(b), Some(o), None) => self.deleted_on_disk(id, b, o),
            (Some(b), None, Some(t)) => self.deleted_here(id, b, t),
            (Some(b), Some(o), Some(t)) => self.on_all_sides(id, b, o, t),
        }
    }

    /// Added on both sides under one id: theirs keeps it, ours is renumbered unless the same.
    fn added_both(&mut self, id: &TagId, o: &Tag, t: &Tag) {
        self.tags.push(t.clone());
        if o != t {
            self.events.push(MergeEvent::AddedOnDisk(id.clone()));
            let change = self.as_on_disk(Change::new(Op::DiskAdd, id, Some(t), None));
            self.changes.push(change);
            self.renumber.push(o.clone());
        }
    }

    /// Gone from disk: kept if changed here or if the file's writer never saw it.
    fn deleted_on_disk(&mut self, id: &TagId, b: &Tag, o: &Tag) {
        if o != b {
            self.events.push(MergeEvent::KeptChangedHere(id.clone()));
            self.changes.push(
                Change::new(Op::DiskKept, id, Some(o), None)
                    .because("deleted on disk but changed here"),
            );
            self.tags.push(o.clone());
        } else if self.versions.could_have_seen(b, self.seen) {
            self.events.push(MergeEvent::DeletedOnDisk(id.clone()));
            self.changes
                .push(Change::new(Op::DiskDelete, id, None, Some(o)));
        } else {
            self.events.push(MergeEvent::KeptUnseen(id.clone()));
            self.changes.push(
                Change::new(Op::DiskKept, id, Some(o), None)
                    .because("missing from a file written from an older copy"),
            );
            self.tags.push(o.clone());
        }
    }

    /// Deleted here: brought back if changed on disk.
    fn deleted_here(&mut self, id: &TagId, b: &Tag, t: &Tag) {
        if t != b {
            self.events.push(MergeEvent::KeptChangedOnDisk(id.clone()));
            let change = self.as_on_disk(
                Change::new(Op::DiskChange, id, Some(t), None)
                    .because("deleted here but changed on disk"),
            );
            self.changes.push(change);
            self.tags.push(t.clone());
        }
    }

    /// On every side: ours if the disk put it back to an older version, else field by field.
    fn on_all_sides(&mut self, id: &TagId, b: &Tag, o: &Tag, t: &Tag) {
        let versions = self.versions;
        let is_stale = t != b
            && !versions.could_have_seen(b, self.seen)
            && versions
                .version_of(t)
                .zip(versions.version_of(b))
                .is_some_and(|(vt, vb)| vt < vb);
        if is_stale {
            self.events.push(MergeEvent::KeptNewerHere(id.clone()));
            self.changes.push(
                Change::new(Op::DiskKept, id, Some(o), Some(t))
                    .because("put back to an older version on disk"),
            );
            self.tags.push(o.clone());
            return;
        }
        if t != b && t != o {
            self.events.push(MergeEvent::ChangedOnDisk(id.clone()));
        }
        let before = self.events.len();
        let tag = merge_tag(b, o, t, &mut self.events);
        let conflicted = self.events.len() > before;
        if conflicted {
            // The side merge_tag did not prefer (ours on a tie).
            let dropped = if o.updated >= t.updated { t } else { o };
            self.changes
                .push(Change::new(Op::Conflict, id, Some(&tag), Some(dropped)));
        } else if tag != *o {
            let change = Change::new(Op::DiskChange, id, Some(&tag), Some(o));
            let change = if tag == *t {
                self.as_on_disk(change)
            } else {
                change
            };
            self.changes.push(change);
        }
        self.tags.push(tag);
    }

    /// Gives each tag of `renumber` the first free id `<id>-2`, `<id>-3`, … and adds it.
    fn renumber_clashes(&mut self) {
        for mut tag in std::mem::take(&mut self.renumber) {
            let old = tag.id.clone();
            tag.id = free_id(&old, &self.tags);
            self.events.push(MergeEvent::Renumbered {
                id: old.clone(),
                new_id: tag.id.clone(),
            });
            self.changes.push(
                Change::new(Op::Create, &tag.id, Some(&tag), None).because(format!(
                    "renumbered from {old}: the file has another tag {old}"
                )),
            );
            self.tags.push(tag);
        }
    }
}

/// The first of `<old>-2`, `<old>-3`, … that no tag of `tags` has.
fn free_id(old: &TagId, tags: &[Tag]) -> TagId {
    (2..)
        .map(|n| TagId(format!("{}-{n}", old.0)))
        .find(|candidate| !tags.iter().any(|t| t.id == *candidate))
        .unwrap_or_else(|| old.clone())
}

/// A label in use stays in the vocabulary even if one side removed its entry.
fn keep_labels_in_use(labels: &mut BTreeMap<String, Label>, tags: &[Tag]) {
    for tag in tags {
        for label in &tag.labels {
            labels.entry(label.clone()).or_default();
        }
    }
}

/// One value three ways: a change on one side wins; both changed differently is a conflict.
fn pick<T: Clone + PartialEq>(base: &T, ours: &T, theirs: &T) -> Result<T, ()> {
    if ours == theirs || theirs == base {
        Ok(ours.clone())
    } else if ours == base {
        Ok(theirs.clone())
    } else {
        Err(())
    }
}

pub(super) fn merge_tag(base: &Tag, ours: &Tag, theirs: &Tag, events: &mut Vec<MergeEvent>) -> Tag {
    // The later edit wins conflicts; ours on a tie (or when neither says when).
    let ours_later = ours.updated >= theirs.updated;
    let mut conflict = |field: &'static str, o: String, t: String| {
        let (kept_side, kept, dropped) = if ours_later {
            (Side::Here, o, t)
        } else {
            (Side::Disk, t, o)
        };
        events.push(MergeEvent::Conflict {
            id: ours.id.clone(),
            field,
            kept_side,
            kept,
            dropped,
        });
    };
    let mut merged = ours.clone();
    match pick(&base.article, &ours.article, &theirs.article) {
        Ok(v) => merged.article = v,
        Err(()) => {
            conflict("article", ours.article.clone(), theirs.article.clone());
            if !ours_later {
                merged.article = theirs.article.clone();
            }
        }
    }
    match pick(&base.anchor, &ours.anchor, &theirs.anchor) {
        Ok(v) => merged.anchor = v,
        Err(()) => {
            conflict(
                "quote",
                ours.anchor.quote.clone(),
                theirs.anchor.quote.clone(),
            );
            if !ours_later {
                merged.anchor = theirs.anchor.clone();
            }
        }
    }
    match pick(&base.note, &ours.note, &theirs.note) {
        Ok(v) => merged.note = v,
        Err(()) => {
            let show = |n: &Option<String>| n.clone().unwrap_or_default();
            conflict("note", show(&ours.note), show(&theirs.note));
            if !ours_later {
                merged.note = theirs.note.clone();
            }
        }
    }
    merged.labels = match pick(&base.labels, &ours.labels, &theirs.labels) {
        Ok(v) => v,
        // Both changed: keep what either added, drop what either removed.
        Err(()) => {
            let removed = |side: &[String]| -> Vec<String> {
                base.labels
                    .iter()
                    .filter(|l| !side.contains(l))
                    .cloned()
                    .collect()
            };
            let gone: Vec<String> = [removed(&ours.labels), removed(&theirs.labels)].concat();
            let mut labels: Vec<String> = Vec::new();
            for label in ours.labels.iter().chain(&theirs.labels) {
                if !gone.contains(label) && !labels.contains(label) {
                    labels.push(label.clone());
                }
            }
            labels
        }
    };
    merged.created = pick(&base.created, &ours.created, &theirs.created)
        .unwrap_or(ours.created.min(theirs.created).or(ours.created));
    merged.updated = ours.updated.max(theirs.updated);
    merged
}

fn merge_labels(
    base: &BTreeMap<String, Label>,
    ours: &BTreeMap<String, Label>,
    theirs: &BTreeMap<String, Label>,
    events: &mut Vec<MergeEvent>,
) -> BTreeMap<String, Label> {
    let names: BTreeSet<&String> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    let mut merged = BTreeMap::new();
    for name in names {
        let (b, o, t) = (base.get(name), ours.get(name), theirs.get(name));
        let value = match pick(&b, &o, &t) {
            Ok(v) => v,
            // Both changed the vocabulary entry: ours, the one the user is looking at.
            Err(()) => o.or(t),
        };
        if t != b && value == t {
            events.push(match (b, t) {
                (None, Some(_)) => MergeEvent::LabelAddedOnDisk(name.clone()),
                (Some(_), None) => MergeEvent::LabelRemovedOnDisk(name.clone()),
                _ => MergeEvent::LabelChangedOnDisk(name.clone()),
            });
        }
        if let Some(label) = value {
            merged.insert(name.clone(), label.clone());
        }
    }
    merged
}

#[cfg(test)]
mod tests;
