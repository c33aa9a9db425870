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
    let merged = merge(
        &snap(base),
        &snap(ours),
        &snap(theirs),
        &Versions::default(),
    );
    (merged.snapshot.tags, merged.events)
}

#[test]
fn a_renumbered_tag_takes_the_first_free_suffix() {
    let tags = [tag("a", "", &[], 0), tag("a-2", "", &[], 0)];
    assert_eq!(free_id(&TagId("a".into()), &tags), TagId("a-3".into()));
    assert_eq!(free_id(&TagId("b".into()), &tags), TagId("b-2".into()));
}

#[test]
fn labels_in_use_stay_in_the_vocabulary() {
    let mut labels = BTreeMap::new();
    labels.insert("kept".to_owned(), Label::default());
    keep_labels_in_use(&mut labels, &[tag("a", "", &["used", "kept"], 0)]);
    assert_eq!(labels.keys().collect::<Vec<_>>(), ["kept", "used"]);
}

#[test]
fn a_stale_copy_neither_deletes_nor_reverts_what_it_never_saw() {
    let a = tag("a", "n", &[], 1);
    let new = tag("new", "made here", &[], 2);
    let a2 = tag("a", "edited here", &[], 3);
    let mut versions = Versions::default();
    versions.record(&a, 1);
    versions.record(&new, 2);
    versions.record(&a2, 3);
    // The file was written from version 1: it lacks `new` and has `a` as it was.
    let base = [a2.clone(), new.clone()];
    let merged = merge(
        &snap(&base),
        &snap(&base),
        &snap(std::slice::from_ref(&a)),
        &versions,
    );
    assert_eq!(merged.snapshot.tags, base);
    assert_eq!(
        merged.events,
        [
            MergeEvent::KeptNewerHere(TagId("a".into())),
            MergeEvent::KeptUnseen(TagId("new".into())),
        ]
    );
    assert_eq!(merged.changes.len(), 2);
    assert_eq!(
        merged.changes[0].before.as_ref(),
        Some(&a),
        "the old copy is journalled"
    );
    // A copy that saw version 3 (it has a2) deletes `new` for real.
    let merged = merge(
        &snap(&base),
        &snap(&base),
        &snap(std::slice::from_ref(&a2)),
        &versions,
    );
    assert_eq!(merged.snapshot.tags, [a2]);
    assert_eq!(
        merged.events,
        [MergeEvent::DeletedOnDisk(TagId("new".into()))]
    );
    assert_eq!(merged.changes[0].op, Op::DiskDelete);
    assert_eq!(merged.changes[0].before.as_ref(), Some(&new));
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
    let merged = merge(&base, &base.clone(), &theirs, &Versions::default());
    assert_eq!(merged.snapshot.labels, theirs.labels);
    let said: Vec<String> = merged.events.iter().map(ToString::to_string).collect();
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
    let conflict = MergeEvent::Conflict {
        id: TagId("a".into()),
        field: "note",
        kept_side: Side::Here,
        kept: "ours".into(),
        dropped: "theirs".into(),
    };
    assert!(events.contains(&conflict));
    assert!(
        conflict.to_string().contains("kept the reader's \"ours\""),
        "{conflict}"
    );
    assert!(
        conflict
            .to_string()
            .contains("the file's \"theirs\" is in the journal")
    );
    assert_eq!(
        summary(&[MergeEvent::AddedOnDisk(TagId("b".into())), conflict.clone()]),
        Some(format!(
            "Tags file changed on disk, merged: {conflict} (and 1 more)"
        ))
    );
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
