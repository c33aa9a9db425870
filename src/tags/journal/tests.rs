use super::*;

fn tag(id: &str, note: &str) -> Tag {
    Tag {
        id: TagId(id.to_owned()),
        article: "a.txt".to_owned(),
        anchor: TagAnchor {
            quote: "q".to_owned(),
            prefix: String::new(),
            suffix: String::new(),
            stored_span: 3..4,
        },
        labels: vec!["x".to_owned()],
        note: Some(note.to_owned()),
        created: Timestamp::from_unix_seconds(0),
        updated: Timestamp::from_unix_seconds(1),
    }
}

/// Regression: a kill cut a save's append of 40 edits short (the kernel stops a large write
/// between pages); the next start replayed the first half and mixed two versions of the tags.
#[test]
fn an_append_cut_short_by_a_kill_is_left_out_of_the_replay() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::for_tags_file(&dir.path().join("tags.toml"));
    let old: Vec<Tag> = ["a", "b", "c"].iter().map(|id| tag(id, "old")).collect();
    let new: Vec<Tag> = ["a", "b", "c"].iter().map(|id| tag(id, "new")).collect();
    let creates: Vec<Change> = old
        .iter()
        .map(|t| Change::new(Op::Create, &t.id, Some(t), None))
        .collect();
    journal.append(&creates, Some(1)).1.unwrap();
    let whole = std::fs::read(journal.path()).unwrap();
    let edits: Vec<Change> = new
        .iter()
        .zip(&old)
        .map(|(n, o)| Change::new(Op::Edit, &n.id, Some(n), Some(o)))
        .collect();
    journal.append(&edits, Some(2)).1.unwrap();
    let full = std::fs::read(journal.path()).unwrap();
    // Cut after the second edit's line: at a line break, so no line is torn.
    let second_line_end = full[whole.len()..]
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .map(|(i, _)| whole.len() + i + 1)
        .unwrap();
    std::fs::write(journal.path(), &full[..second_line_end]).unwrap();
    let replay = Journal::at(journal.path()).replay();
    let notes: Vec<&str> = replay
        .tags
        .values()
        .map(|(t, _)| t.note.as_deref().unwrap())
        .collect();
    assert_eq!(notes, ["old", "old", "old"], "none of the cut append");
    assert_eq!(replay.saved_seq, Some(4));
    // History still shows what reached the file; a later append is replayed again.
    let mut reopened = Journal::at(journal.path());
    assert_eq!(reopened.entries().len(), 6);
    reopened.append(&edits[..1], None).1.unwrap();
    assert_eq!(reopened.replay().tags[&new[0].id].0, new[0]);
}

#[test]
fn appends_replays_and_rotates_keeping_the_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::for_tags_file(&dir.path().join("tags.toml"));
    assert_eq!(journal.path(), dir.path().join(".crossread/tags.journal"));
    let (a, b) = (tag("a", "one"), tag("b", "two"));
    let (seq, written) = journal.append(
        &[
            Change::new(Op::Create, &a.id, Some(&a), None),
            Change::new(Op::Create, &b.id, Some(&b), None),
        ],
        Some(7),
    );
    written.unwrap();
    assert_eq!(seq, 3);
    let a2 = tag("a", "edited");
    journal
        .append(
            &[
                Change::new(Op::Edit, &a.id, Some(&a2), Some(&a)),
                Change::new(Op::Delete, &b.id, None, Some(&b)),
            ],
            None,
        )
        .1
        .unwrap();
    let replay = journal.replay();
    assert_eq!(replay.saved_hash.as_deref(), Some("0000000000000007"));
    assert_eq!(replay.saved_seq, Some(3));
    assert_eq!(replay.saved_tags.len(), 2);
    assert_eq!(replay.tags.len(), 1);
    assert_eq!(replay.tags[&a.id], (a2.clone(), None));
    assert_eq!(replay.versions.len(), 2);
    assert_eq!(replay.versions[0], (a.clone(), 3));

    // A torn line from a crash is skipped, and the next append starts on a new line.
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(journal.path())
        .unwrap();
    file.write_all(b"{\"seq\":99,\"at\":").unwrap();
    drop(file);
    let mut reopened = Journal::at(journal.path());
    reopened.append(&[], Some(9)).1.unwrap();
    let replay = reopened.replay();
    assert_eq!(replay.skipped, 1);
    assert_eq!(replay.saved_seq, Some(6));
    assert_eq!(replay.tags[&a.id], (a2.clone(), Some(6)));

    reopened.set_limit(10);
    assert!(reopened.is_full());
    reopened.rotate(&[(&a2, Some(6))], Some(9)).unwrap();
    let replay = reopened.replay();
    assert_eq!(replay.tags[&a.id], (a2.clone(), Some(6)));
    assert_eq!(replay.saved_seq, Some(8));
    assert_eq!(reopened.files().len(), 2);
    // History spans both files, in order.
    let seqs: Vec<u64> = reopened.entries().iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5, 6, 7, 8]);
    for _ in 0..4 {
        reopened.rotate(&[(&a2, Some(6))], None).unwrap();
    }
    assert_eq!(
        reopened.files().len(),
        KEPT + 1,
        "the oldest files are dropped"
    );
}
