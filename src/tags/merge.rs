//! Three-way merge of the tags file: what we last read or wrote (base), what is on disk now
//! (theirs: an editor, a `git pull`, a second reader) and what is in memory (ours), tag by tag
//! (by id) and field by field.
//!
//! A change on one side only is taken. Labels changed on both sides are merged as sets. Any
//! other field changed on both sides differently keeps the side edited last (`updated`, ours on
//! a tie) and reports the other value. An edit beats a delete. Nothing changes without a
//! [`MergeEvent`] saying so.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::{Label, Snapshot, Tag, TagId};

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
    /// Both sides changed a field of a tag differently: the later edit was kept.
    Conflict {
        /// The tag.
        id: TagId,
        /// The field (`note`, `quote`, …).
        field: &'static str,
        /// The value written.
        kept: String,
        /// The value not written.
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
            MergeEvent::Conflict {
                id,
                field,
                kept,
                dropped,
            } => write!(
                f,
                "tag {id}: {field} changed here and on disk; kept {kept:?}, replaced {dropped:?}"
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
        }
    }
}

/// Merges `theirs` and `ours`, both descended from `base`.
pub(super) fn merge(
    base: &Snapshot,
    ours: &Snapshot,
    theirs: &Snapshot,
    events: &mut Vec<MergeEvent>,
) -> Snapshot {
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
    let mut merged: Vec<Tag> = Vec::new();
    let mut renumber: Vec<Tag> = Vec::new();
    for id in ids {
        let (b, o, t) = (base_tags.get(id), our_tags.get(id), their_tags.get(id));
        match (b, o, t) {
            (_, None, None) => {}
            (None, Some(o), None) => merged.push(o.clone()),
            (None, None, Some(t)) => {
                events.push(MergeEvent::AddedOnDisk(id.clone()));
                merged.push(t.clone());
            }
            (None, Some(o), Some(t)) => {
                merged.push(t.clone());
                if o != t {
                    events.push(MergeEvent::AddedOnDisk(id.clone()));
                    renumber.push(o.clone());
                }
            }
            (Some(b), Some(o), None) => {
                if o == b {
                    events.push(MergeEvent::DeletedOnDisk(id.clone()));
                } else {
                    events.push(MergeEvent::KeptChangedHere(id.clone()));
                    merged.push(o.clone());
                }
            }
            (Some(b), None, Some(t)) => {
                if t != b {
                    events.push(MergeEvent::KeptChangedOnDisk(id.clone()));
                    merged.push(t.clone());
                }
            }
            (Some(b), Some(o), Some(t)) => {
                if t != b && t != o {
                    events.push(MergeEvent::ChangedOnDisk(id.clone()));
                }
                merged.push(merge_tag(b, o, t, events));
            }
        }
    }
    for mut tag in renumber {
        let old = tag.id.clone();
        let mut n = 2;
        loop {
            let candidate = TagId(format!("{}-{n}", old.0));
            if !merged.iter().any(|t| t.id == candidate) {
                tag.id = candidate;
                break;
            }
            n += 1;
        }
        events.push(MergeEvent::Renumbered {
            id: old,
            new_id: tag.id.clone(),
        });
        merged.push(tag);
    }
    let mut labels = merge_labels(&base.labels, &ours.labels, &theirs.labels, events);
    // A label in use stays in the vocabulary even if one side removed its entry.
    for tag in &merged {
        for label in &tag.labels {
            labels.entry(label.clone()).or_default();
        }
    }
    Snapshot {
        tags: merged,
        labels,
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

fn merge_tag(base: &Tag, ours: &Tag, theirs: &Tag, events: &mut Vec<MergeEvent>) -> Tag {
    // The later edit wins conflicts; ours on a tie (or when neither says when).
    let ours_later = ours.updated >= theirs.updated;
    let mut conflict = |field: &'static str, o: String, t: String| {
        let (kept, dropped) = if ours_later { (o, t) } else { (t, o) };
        events.push(MergeEvent::Conflict {
            id: ours.id.clone(),
            field,
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
mod tests {
    use super::*;
    use crate::tags::Timestamp;
    use crate::tags::anchor::TagAnchor;

    fn tag(id: &str, note: &str, labels: &[&str], updated: i64) -> Tag {
        Tag {
            id: TagId(id.to_owned()),
            article: "a.txt".to_owned(),
            anchor: TagAnchor {
                quote: "q".to_owned(),
                prefix: String::new(),
                suffix: String::new(),
                stored_span: 0..1,
            },
            labels: labels.iter().map(|l| (*l).to_owned()).collect(),
            note: Some(note.to_owned()),
            created: Timestamp::from_unix_seconds(0),
            updated: Timestamp::from_unix_seconds(updated),
        }
    }

    fn snap(tags: &[Tag]) -> Snapshot {
        Snapshot {
            tags: tags.to_vec(),
            labels: BTreeMap::new(),
        }
    }

    fn run(base: &[Tag], ours: &[Tag], theirs: &[Tag]) -> (Vec<Tag>, Vec<MergeEvent>) {
        let mut events = Vec::new();
        let merged = merge(&snap(base), &snap(ours), &snap(theirs), &mut events);
        (merged.tags, events)
    }

    /// Regression: a label new on disk was reported as "changed on disk".
    #[test]
    fn labels_added_changed_and_removed_on_disk_are_named_so() {
        let labels = |entries: &[(&str, Option<&str>)]| -> BTreeMap<String, Label> {
            entries
                .iter()
                .map(|(name, color)| {
                    let label = Label {
                        color: color.map(str::to_owned),
                        ..Label::default()
                    };
                    ((*name).to_owned(), label)
                })
                .collect()
        };
        let with = |l: BTreeMap<String, Label>| Snapshot {
            tags: Vec::new(),
            labels: l,
        };
        let base = with(labels(&[
            ("kept", None),
            ("recoloured", None),
            ("gone", None),
        ]));
        let theirs = with(labels(&[
            ("kept", None),
            ("recoloured", Some("red")),
            ("new", None),
        ]));
        let mut events = Vec::new();
        let merged = merge(&base, &base.clone(), &theirs, &mut events);
        assert_eq!(merged.labels, theirs.labels);
        let said: Vec<String> = events.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "label \"gone\" was removed on disk",
                "label \"new\" was added on disk",
                "label \"recoloured\" was changed on disk",
            ]
        );
    }

    #[test]
    fn one_sided_changes_are_taken() {
        let a = tag("a", "n", &["x"], 1);
        let b = tag("b", "n", &[], 1);
        let a2 = tag("a", "edited on disk", &["x"], 2);
        let c = tag("c", "ours", &[], 3);
        let d = tag("d", "theirs", &[], 3);
        let (tags, events) = run(
            &[a.clone(), b.clone()],
            &[a.clone(), b.clone(), c.clone()],
            &[a2.clone(), d.clone()],
        );
        assert_eq!(tags, vec![a2, c, d]);
        assert_eq!(
            events,
            vec![
                MergeEvent::ChangedOnDisk(TagId("a".into())),
                MergeEvent::DeletedOnDisk(TagId("b".into())),
                MergeEvent::AddedOnDisk(TagId("d".into())),
            ]
        );
    }

    #[test]
    fn edits_beat_deletes() {
        let a = tag("a", "n", &[], 1);
        let b = tag("b", "n", &[], 1);
        let (tags, events) = run(
            &[a.clone(), b.clone()],
            &[tag("a", "ours", &[], 2)],
            &[tag("b", "theirs", &[], 2)],
        );
        assert_eq!(
            tags,
            vec![tag("a", "ours", &[], 2), tag("b", "theirs", &[], 2)]
        );
        assert_eq!(
            events,
            vec![
                MergeEvent::KeptChangedHere(TagId("a".into())),
                MergeEvent::KeptChangedOnDisk(TagId("b".into())),
            ]
        );
    }

    #[test]
    fn both_changed_merges_labels_and_keeps_the_later_note() {
        let base = tag("a", "n", &["x", "y"], 1);
        let ours = tag("a", "ours", &["x", "y", "mine"], 5);
        let theirs = tag("a", "theirs", &["x", "theirs"], 3);
        let (tags, events) = run(&[base], &[ours], &[theirs]);
        assert_eq!(tags[0].labels, ["x", "mine", "theirs"]);
        assert_eq!(tags[0].note.as_deref(), Some("ours"));
        assert_eq!(tags[0].updated, Timestamp::from_unix_seconds(5));
        assert!(events.contains(&MergeEvent::Conflict {
            id: TagId("a".into()),
            field: "note",
            kept: "ours".into(),
            dropped: "theirs".into(),
        }));
    }

    #[test]
    fn same_new_id_on_both_sides_keeps_both() {
        let (tags, events) = run(
            &[],
            &[tag("a", "ours", &[], 1)],
            &[tag("a", "theirs", &[], 1)],
        );
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].note.as_deref(), Some("theirs"));
        assert_eq!(tags[1].id, TagId("a-2".into()));
        assert_eq!(tags[1].note.as_deref(), Some("ours"));
        assert!(events.contains(&MergeEvent::Renumbered {
            id: TagId("a".into()),
            new_id: TagId("a-2".into())
        }));
    }
}
