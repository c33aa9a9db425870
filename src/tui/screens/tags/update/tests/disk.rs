//! Tagging against the file on disk: saves that cannot be written, quitting with unsaved
//! tags, changes merged from disk, ctrl-s, the journal, re-anchoring and recovered files.

use super::*;

#[test]
fn an_unparsable_tags_file_is_read_only_until_saved_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let broken = "[[tag]]\nid = \"x\"\nlabels = [\"a\"\n";
    std::fs::write(&path, broken).unwrap();
    let mut state = state_in(dir.path());
    let problem = state.tags.problem.clone().unwrap();
    assert!(problem.contains("tags.toml:"), "{problem}");
    assert!(problem.contains("read-only"), "{problem}");
    press(&mut state, "<enter>t");
    assert_eq!(state.overlay, None);
    assert!(state.message.as_deref().unwrap().contains("read-only"));
    assert_eq!(press(&mut state, "<ctrl-s>"), [Effect::SaveTagsElsewhere]);
    save_elsewhere_in(&mut state, &[]);
    let recovered = dir.path().join("tags.recovered.toml");
    assert_eq!(state.tags.store.path(), recovered);
    assert!(
        state
            .message
            .as_deref()
            .unwrap()
            .contains("tags.recovered.toml")
    );
    assert_eq!(state.tags.problem, None);
    press_and_save(&mut state, "twire<enter><enter>");
    assert_eq!(quotes(&TagStore::open(&recovered)), ["Lavrov said no."]);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        broken,
        "never written"
    );
}

#[test]
fn an_unwritable_folder_keeps_tags_in_memory_warns_on_quit_and_saves_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    // The tags folder turns into a plain file once the store is open: no write can succeed,
    // whoever runs the test (permissions do not stop root).
    let folder = dir.path().join("tags");
    std::fs::create_dir(&folder).unwrap();
    let store = TagStore::open(&folder.join("tags.toml"));
    std::fs::remove_dir(&folder).unwrap();
    std::fs::write(&folder, "").unwrap();
    let corpus = Corpus::from_texts([("a.txt", A)]);
    let mut state = state_with_tags(corpus, Vec::new(), store, 100, 30);
    press_and_save(&mut state, "<enter>twire<enter><enter>");
    assert_eq!(state.tags.store.tags().len(), 1, "kept in memory");
    let problem = state.tags.problem.clone().unwrap();
    assert!(problem.starts_with("tags not saved: "), "{problem}");
    assert!(problem.contains("ctrl-s"), "{problem}");
    assert_eq!(press(&mut state, "q"), []);
    assert_eq!(state.screen(), Screen::ConfirmQuit);
    press(&mut state, "<esc>");
    assert_eq!(state.overlay, None);
    assert_eq!(press(&mut state, "<ctrl-s>"), [Effect::SaveTagsElsewhere]);
    let elsewhere = tempfile::tempdir().unwrap();
    save_elsewhere_in(&mut state, &[elsewhere.path().to_path_buf()]);
    let saved_to = elsewhere.path().join("tags.recovered.toml");
    assert_eq!(quotes(&TagStore::open(&saved_to)), ["Lavrov said no."]);
    assert_eq!(state.tags.problem, None);
    assert_eq!(press(&mut state, "q"), [Effect::Quit]);
}

#[test]
fn quitting_with_unsaved_tags_asks_and_y_quits() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = state_in(dir.path());
    press(&mut state, "<enter>twire<enter><enter>");
    assert_eq!(press(&mut state, "q"), []);
    assert_eq!(state.screen(), Screen::ConfirmQuit);
    assert_eq!(press(&mut state, "y"), [Effect::Quit]);
    let mut clean = state_in(dir.path());
    assert_eq!(press(&mut clean, "q"), [Effect::Quit]);
}

#[test]
fn changes_made_on_disk_are_merged_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    // The other reader's save below is a whole file written at once: merge it without waiting.
    let mut state = quick_state_in(dir.path());
    press_and_save(&mut state, "<enter>twire<enter><enter>");
    let mut other = on_disk(dir.path());
    let article = Corpus::from_texts([("a.txt", A)]).articles[0].clone();
    let span = article.segmentation.sentences[3].byte_span.clone();
    let id = other.create(&article, span, &["check"], None).unwrap();
    other.save().unwrap();
    sync(&mut state);
    let message = state.message.clone().unwrap();
    assert!(
        message.starts_with("Tags file changed on disk, merged: "),
        "{message}"
    );
    assert!(message.contains(&id.0), "{message}");
    assert_eq!(state.tags.marks.len(), 2, "the new tag is marked");
    // A save that fails then succeeds clears the problem.
    saved(
        &mut state,
        Err(crossread::Error::NotFound { path: "x".into() }),
        false,
    );
    assert!(state.tags.problem.is_some());
    press_and_save(&mut state, "<ctrl-s>");
    assert_eq!(state.tags.problem, None);
}

#[test]
fn ctrl_s_with_nothing_to_save_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = state_in(dir.path());
    assert_eq!(press_and_save(&mut state, "<ctrl-s>"), [Effect::SaveTags]);
    let file = dir.path().join("tags.toml");
    assert_eq!(
        state.message,
        Some(format!(
            "Nothing to save: 0 tags, all in {}",
            file.display()
        ))
    );
    press_and_save(&mut state, "<enter>twire<enter><enter><ctrl-s>");
    assert_eq!(
        state.message,
        Some(format!("Nothing to save: 1 tag, all in {}", file.display()))
    );
}

/// The README says ctrl-s saves everywhere: in compare too (where `S` alone toggles scrolling
/// in step).
#[test]
fn ctrl_s_saves_in_compare_and_s_toggles_the_sync() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = state_in(dir.path());
    press(&mut state, "mjmc");
    assert_eq!(state.screen(), Screen::Compare);
    let sync = state.compare.as_ref().unwrap().sync;
    assert_eq!(press_and_save(&mut state, "<ctrl-s>"), [Effect::SaveTags]);
    assert_eq!(state.compare.as_ref().unwrap().sync, sync);
    assert!(
        state
            .message
            .as_deref()
            .unwrap()
            .starts_with("Nothing to save")
    );
    press(&mut state, "S");
    assert_eq!(state.compare.as_ref().unwrap().sync, !sync);
}

#[test]
fn a_tag_kept_against_a_stale_file_stays_in_the_status_bar() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = quick_state_in(dir.path());
    press_and_save(&mut state, "<enter>twire<enter><enter>");
    let stale = std::fs::read_to_string(dir.path().join("tags.toml")).unwrap();
    press_and_save(&mut state, "jtcheck<enter><enter>");
    // An editor writes back the file as it was before the second tag.
    std::fs::write(dir.path().join("tags.toml"), stale).unwrap();
    sync(&mut state);
    let notice = state.tags.notice.clone().unwrap();
    assert!(
        notice.contains("written from an older copy: kept"),
        "{notice}"
    );
    assert_eq!(
        on_disk(dir.path()).tags().len(),
        2,
        "the tag is written back"
    );
    // A later message does not hide it: the status bar shows it when the message goes.
    state.message = None;
    assert!(screen_text(&state).join("\n").contains("older copy"));
}

#[test]
fn the_tag_list_brings_back_a_tag_deleted_by_hand_in_the_file_from_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = quick_state_in(dir.path());
    // Made first: a file holding the later tag shows its writer had seen this one too, so a
    // deletion there is taken as meant (a file without such proof is a stale copy: kept).
    press_and_save(&mut state, "<enter>tcheck<enter>deleted by hand<enter>");
    press_and_save(&mut state, "jtwire<enter>kept<enter>");
    assert_eq!(on_disk(dir.path()).tags().len(), 2);
    // Someone deletes the second tag in an editor; the reader takes the deletion in.
    let path = dir.path().join("tags.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // (The header comment names `[[tag]]` too.)
    let cut = text.find("\n[[tag]]").unwrap();
    let second = cut + 1 + text[cut + 1..].find("\n[[tag]]").unwrap();
    let first_only = if text[second..].contains("deleted by hand") {
        text[..second].to_owned()
    } else {
        format!("{}{}", &text[..cut], &text[second..])
    };
    std::fs::write(&path, &first_only).unwrap();
    sync(&mut state);
    assert_eq!(state.tags.store.tags().len(), 1, "deleted on disk");

    press_and_save(&mut state, "<esc>L<ctrl-o>");
    assert!(state.tags.history);
    let rows = &state.tags.all.rows;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].note.as_deref(), Some("deleted by hand"));
    let screen = screen_text(&state).join("\n");
    assert!(
        screen.contains("Deleted and earlier versions (journal)"),
        "{screen}"
    );
    assert!(screen.contains("↶"), "{screen}");
    assert!(screen.contains("deleted"), "{screen}");

    assert_eq!(press_and_save(&mut state, "<enter>"), [Effect::SaveTags]);
    assert!(!state.tags.history, "back to the tags");
    let message = state.message.clone().unwrap();
    assert!(
        message.contains("brought back from the journal"),
        "{message}"
    );
    let disk = on_disk(dir.path());
    assert_eq!(disk.tags().len(), 2, "written back");
    assert!(
        disk.tags()
            .iter()
            .any(|t| t.note.as_deref() == Some("deleted by hand"))
    );
    // ctrl-o twice: the journal's list and back.
    press(&mut state, "<ctrl-o><ctrl-o>");
    assert!(!state.tags.history);
    assert_eq!(state.tags.all.rows.len(), 2);
}

#[test]
fn the_reader_reanchors_edited_passages_and_the_old_quote_stays_in_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let before = "Lavrov said no. The summit is off, officials said today.\n\nKyiv disagreed.";
    let after = "Lavrov said no. The summit is off officials said, today.\n\nKyiv disagreed.";
    let mut store = TagStore::open(&path);
    let old = Corpus::from_texts([("a.txt", before)]);
    let start = before.find("The summit").unwrap();
    let end = before.find("today.").unwrap() + "today.".len();
    let id = store
        .create(&old.articles[0], start..end, &["wire"], None)
        .unwrap();
    store.save().unwrap();

    let corpus = Corpus::from_texts([("a.txt", after)]);
    let mut state = state_with_tags(corpus, Vec::new(), TagStore::open(&path), 100, 30);
    // Before: the panel marks the tag as placed approximately, showing the text now there.
    press(&mut state, "<enter>T");
    let screen = screen_text(&state).join("\n");
    assert!(screen.contains("1 placed approximately (◇)"), "{screen}");
    assert!(
        screen.contains("◇") && screen.contains("approximately: “The summit is off officials"),
        "{screen}"
    );
    press(&mut state, "<esc>");
    crate::tui::effects::reanchor(&mut state);
    let quote = "The summit is off officials said, today.";
    assert_eq!(state.tags.store.tag(&id).unwrap().anchor.quote, quote);
    let disk = on_disk(dir.path());
    assert_eq!(disk.tag(&id).unwrap().anchor.quote, quote, "saved");
    let reanchored = disk
        .history()
        .into_iter()
        .find(|e| e.op == crossread::tags::journal::Op::Reanchor)
        .expect("a reanchor line in the journal");
    assert_eq!(
        reanchored.before.unwrap().quote,
        "The summit is off, officials said today."
    );
    // Once per corpus: nothing more to do; the tag is in place now.
    crate::tui::effects::reanchor(&mut state);
    assert!(!state.tags.store.has_unsaved_changes());
    press(&mut state, "T");
    let screen = screen_text(&state).join("\n");
    assert!(!screen.contains("◇"), "{screen}");
}

#[test]
fn a_recovered_file_is_named_at_start_and_a_fixed_tags_file_is_taken_in_while_running() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    std::fs::write(&path, "[[tag]\nid = \"x\"\n").unwrap();
    let good = "[[tag]]\nid = \"fixed001\"\narticle = \"b.txt\"\nquote = \"Officials said so.\"\n";
    std::fs::write(dir.path().join("tags.recovered.toml"), good).unwrap();
    let mut state = quick_state_in(dir.path());
    assert!(state.tags.store.is_read_only());
    let notice = state.tags.notice.clone().unwrap();
    assert!(
        notice.contains("tags.recovered.toml") && notice.contains("--merge-recovered"),
        "{notice}"
    );
    assert!(state.tags.problem.is_some());
    // Still broken: the check every few seconds says nothing new.
    sync(&mut state);
    assert!(state.tags.store.is_read_only());
    // Fixed in an editor: taken in at the next check, and saved to from then on.
    std::fs::write(&path, good).unwrap();
    sync(&mut state);
    assert!(!state.tags.store.is_read_only());
    assert_eq!(state.tags.problem, None);
    assert!(
        state.message.as_deref().unwrap().contains("loads again"),
        "{:?}",
        state.message
    );
    assert_eq!(quotes(&state.tags.store), ["Officials said so."]);
    press_and_save(&mut state, "<enter>twire<enter><enter>");
    assert_eq!(on_disk(dir.path()).tags().len(), 2);
}
