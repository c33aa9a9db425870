//! Tagging as a user does it, with keys typed through the real keymap and saves carried out on
//! a temporary tags file.

use std::path::Path;

use crossread::Corpus;
use crossread::tags::anchor::TagAnchor;
use crossread::tags::{Tag, TagId, TagStore};

use crate::tui::app::action::Effect;
use crate::tui::app::screen::{Overlay, Pane, Screen};
use crate::tui::app::state::State;
use crate::tui::effects::{save_elsewhere_in, saved, sync};
use crate::tui::testing::{press, press_and_save, screen_text, state_with_tags};

const A: &str = "Lavrov said no. The summit is off.\n\nKyiv disagreed. Talks go on.";
const B: &str = "Reuters reports the summit is off. Officials said so.";

fn state_in(dir: &Path) -> State {
    let store = TagStore::open(&dir.join("tags.toml"));
    let corpus = Corpus::from_texts([("a.txt", A), ("b.txt", B)]);
    state_with_tags(corpus, Vec::new(), store, 100, 30)
}

/// [`state_in`] with a store that merges a changed file at once (the tests write whole files).
fn quick_state_in(dir: &Path) -> State {
    let path = dir.join("tags.toml");
    let journal = crossread::tags::journal::Journal::for_tags_file(&path);
    let store = TagStore::open_with(&path, journal, std::time::Duration::ZERO);
    let corpus = Corpus::from_texts([("a.txt", A), ("b.txt", B)]);
    state_with_tags(corpus, Vec::new(), store, 100, 30)
}

fn on_disk(dir: &Path) -> TagStore {
    TagStore::open(&dir.join("tags.toml"))
}

fn quotes(store: &TagStore) -> Vec<String> {
    store
        .tags()
        .iter()
        .map(|t| t.anchor.quote.clone())
        .collect()
}

#[test]
fn t_tags_the_cursor_sentence_with_a_new_label_and_a_note_saved_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = state_in(dir.path());
    press(&mut state, "<enter>jt");
    assert_eq!(state.screen(), Screen::TagLabels);
    let effects = press_and_save(&mut state, "wire copy<enter>same as Reuters<enter>");
    assert_eq!(effects, [Effect::SaveTags]);
    assert_eq!(state.overlay, None);
    assert_eq!(state.message.as_deref(), Some("Tagged wire copy"));
    let disk = on_disk(dir.path());
    assert_eq!(quotes(&disk), ["The summit is off."]);
    let tag = &disk.tags()[0];
    assert_eq!(tag.labels, ["wire copy"]);
    assert_eq!(tag.note.as_deref(), Some("same as Reuters"));
    assert_eq!(tag.article, "a.txt");
    assert_eq!(state.tags.marks.len(), 1);
    assert_eq!(
        &A[state.tags.marks[0].byte_span.clone()],
        "The summit is off."
    );
    assert!(!state.tags.store.has_unsaved_changes());
}

#[test]
fn a_selection_gets_several_labels_and_no_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = state_in(dir.path());
    press_and_save(&mut state, "<enter>vjjt");
    assert_eq!(state.screen(), Screen::TagLabels);
    press_and_save(&mut state, "wire<tab>check<enter><enter>");
    let disk = on_disk(dir.path());
    assert_eq!(
        quotes(&disk),
        ["Lavrov said no. The summit is off.\n\nKyiv disagreed."]
    );
    assert_eq!(disk.tags()[0].labels, ["wire", "check"]);
    assert_eq!(disk.tags()[0].note, None);
    assert_eq!(
        state.reader.selection_anchor, None,
        "tagging ends the selection"
    );
}

#[test]
fn the_picker_filters_existing_labels_fuzzily() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = state_in(dir.path());
    press_and_save(&mut state, "<enter>twire copy<enter><enter>");
    press_and_save(&mut state, "jtunattributed<enter><enter>");
    press(&mut state, "jtwc");
    let form = state.tags.form.as_ref().unwrap();
    assert_eq!(
        form.picker.highlighted_label(),
        Some("wire copy"),
        "{:?}",
        form.picker.list.items
    );
    press_and_save(&mut state, "<enter><enter>");
    let labels: Vec<Vec<String>> = on_disk(dir.path())
        .tags()
        .iter()
        .map(|t| t.labels.clone())
        .collect();
    assert_eq!(
        labels,
        [vec!["wire copy"], vec!["unattributed"], vec!["wire copy"]]
    );
    // The arrows pick another match; backspace on an empty query drops the last label.
    press(&mut state, "t<down><tab>");
    assert_eq!(
        state.tags.form.as_ref().unwrap().picker.chosen,
        ["unattributed"],
        "with nothing typed, shorter labels come first"
    );
    press(&mut state, "<backspace>");
    assert!(state.tags.form.as_ref().unwrap().picker.chosen.is_empty());
    press(&mut state, "<enter>");
    assert_eq!(
        state.screen(),
        Screen::TagNote,
        "enter with none chosen takes the highlighted"
    );
}

#[test]
fn esc_cancels_tagging_at_either_step_and_enter_needs_a_label() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = state_in(dir.path());
    press(&mut state, "<enter>twire<esc>");
    assert_eq!(state.overlay, None);
    assert_eq!(state.screen(), Screen::Reader);
    press(&mut state, "twire<enter>note<esc>");
    assert_eq!(state.overlay, None);
    assert!(state.tags.store.tags().is_empty());
    let mut empty = state_in(dir.path());
    press(&mut empty, "<enter>t<enter>");
    assert_eq!(empty.screen(), Screen::TagLabels, "no label yet");
    assert!(empty.message.as_deref().unwrap().contains("Type a label"));
}

#[test]
fn typing_in_a_field_never_triggers_global_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = state_in(dir.path());
    let effects = press(&mut state, "<enter>tq?wL<enter>quiet?<enter>");
    assert_eq!(effects, [Effect::SaveTags]);
    let tag = &state.tags.store.tags()[0];
    assert_eq!(tag.labels, ["q?wL"]);
    assert_eq!(tag.note.as_deref(), Some("quiet?"));
    assert_eq!(press(&mut state, "L<ctrl-c>"), [Effect::SaveTags]);
    assert_eq!(
        state.overlay,
        Some(Overlay::ConfirmQuit),
        "unsaved: ask first"
    );
}

#[test]
fn the_panel_jumps_edits_deletes_and_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = state_in(dir.path());
    press_and_save(&mut state, "<enter>jjjtend<enter><enter>");
    press(&mut state, "g");
    assert_eq!(state.reader.cursor, 0);
    press_and_save(&mut state, "T");
    assert_eq!(state.screen(), Screen::TagPanel);
    assert_eq!(state.tags.panel.rows.len(), 1);
    press(&mut state, "<enter>");
    assert_eq!(state.overlay, None);
    assert_eq!(state.reader.cursor, 3, "on the tag's sentence");

    press_and_save(&mut state, "Te<backspace>wire<enter>edited<enter>");
    assert_eq!(state.overlay, Some(Overlay::TagPanel), "back to the panel");
    let disk = on_disk(dir.path());
    assert_eq!(disk.tags()[0].labels, ["wire"]);
    assert_eq!(disk.tags()[0].note.as_deref(), Some("edited"));

    press_and_save(&mut state, "d");
    assert!(on_disk(dir.path()).tags().is_empty());
    assert!(state.tags.marks.is_empty());
    assert!(
        state
            .message
            .as_deref()
            .unwrap()
            .contains("u brings it back")
    );
    press_and_save(&mut state, "u");
    assert_eq!(quotes(&on_disk(dir.path())), ["Talks go on."]);
    assert_eq!(state.tags.marks.len(), 1);
    press(&mut state, "u");
    assert_eq!(
        state.message.as_deref(),
        Some("No deleted tag to bring back")
    );
}

#[test]
fn the_corpus_wide_list_filters_and_jumps_into_another_article() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = state_in(dir.path());
    press_and_save(&mut state, "<enter>twire<enter><enter>");
    press_and_save(&mut state, "<esc>j<enter>jtcheck<enter>officials<enter>");
    press(&mut state, "<esc>k");
    assert_eq!(state.selected_article().unwrap().name, "a.txt");
    press(&mut state, "L");
    assert_eq!(state.tags.all.shown.len(), 2);
    press(&mut state, "#che");
    assert_eq!(state.tags.all.shown.len(), 1);
    press(
        &mut state,
        "<backspace><backspace><backspace><backspace>officials",
    );
    assert_eq!(state.tags.all.shown.len(), 1, "the note matches");
    press(&mut state, "<enter>");
    assert_eq!(state.selected_article().unwrap().name, "b.txt");
    assert_eq!(state.focus, Pane::Reader);
    assert_eq!(state.reader.cursor, 1);
    assert_eq!(&B[state.cursor_span().unwrap()], "Officials said so.");
}

/// A tag whose quote is not in `a.txt`.
fn orphan(id: &str) -> Tag {
    Tag {
        id: TagId(id.into()),
        article: "a.txt".into(),
        anchor: TagAnchor {
            quote: "Moscow walked out of the talks entirely.".into(),
            prefix: String::new(),
            suffix: String::new(),
            stored_span: 3..44,
        },
        labels: vec!["gone".into()],
        note: Some("was here".into()),
        created: None,
        updated: None,
    }
}

#[test]
fn orphans_are_listed_reattached_to_the_cursor_or_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut seed = on_disk(dir.path());
    seed.insert(orphan("orphan01"));
    seed.save().unwrap();
    let mut state = state_in(dir.path());
    assert!(
        state.tags.marks.is_empty(),
        "an orphan has no place to mark"
    );
    press(&mut state, "L");
    let row = state.tags.all.selected_row().unwrap().clone();
    assert!(row.is_orphaned());
    press(&mut state, "<enter>");
    assert!(state.message.as_deref().unwrap().contains("Orphaned tag"));
    assert_eq!(state.selected_article().unwrap().name, "a.txt");
    // Re-attach from the panel to the sentence under the cursor.
    press(&mut state, "jjT");
    assert!(state.tags.panel.selected_row().unwrap().is_orphaned());
    press_and_save(&mut state, "r");
    assert_eq!(
        state.message.as_deref(),
        Some("Re-attached the tag on “Moscow walked out of the talks entirely.”")
    );
    let disk = on_disk(dir.path());
    assert_eq!(quotes(&disk), ["Kyiv disagreed."]);
    assert_eq!(disk.tags()[0].note.as_deref(), Some("was here"));
    assert_eq!(state.tags.marks.len(), 1);
    press(&mut state, "r");
    assert!(state.message.as_deref().unwrap().contains("in place"));

    // From another article the list refuses, then deletes.
    let mut seed = on_disk(dir.path());
    seed.insert(orphan("orphan02"));
    seed.save().unwrap();
    let mut state = state_in(dir.path());
    press(&mut state, "j<enter>L");
    let orphan_row = state
        .tags
        .all
        .shown
        .iter()
        .position(|&i| state.tags.all.rows[i].is_orphaned())
        .unwrap();
    state.tags.all.selected = orphan_row;
    press(&mut state, "<ctrl-r>");
    assert!(state.message.as_deref().unwrap().contains("Open a.txt"));
    press_and_save(&mut state, "<delete>");
    assert_eq!(quotes(&on_disk(dir.path())), ["Kyiv disagreed."]);
}

#[test]
fn f_filters_the_article_list_by_label() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = state_in(dir.path());
    press_and_save(&mut state, "j<enter>twire<enter><enter><esc>");
    assert_eq!(state.list.selected, 1);
    press(&mut state, "fwi<enter>");
    assert_eq!(state.list_len(), 1);
    assert_eq!(state.selected_article().unwrap().name, "b.txt");
    assert_eq!(state.list.selected, 0);
    press(&mut state, "fnothing<enter>");
    assert_eq!(state.list_len(), 1, "no match: nothing chosen, filter kept");
    press(&mut state, "f<enter>");
    assert_eq!(state.list_filter, None, "(every article) clears it");
    assert_eq!(state.selected_article().unwrap().name, "b.txt");
    // Deleting the last tag with the label empties the filtered list safely.
    press(&mut state, "fwi<enter><enter>Td<esc>");
    assert_eq!(state.list_len(), 0);
    assert!(state.selected_article().is_none());
    assert_eq!(press(&mut state, "jk<enter>tT"), [Effect::SaveTags]);
}

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
fn help_over_a_panel_returns_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = state_in(dir.path());
    press(&mut state, "<enter>T?");
    assert_eq!(state.screen(), Screen::Help);
    press(&mut state, "<esc>");
    assert_eq!(state.screen(), Screen::TagPanel);
    press(&mut state, "<esc>");
    assert_eq!(state.screen(), Screen::Reader);
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
fn the_tag_list_opens_without_the_last_filter() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = state_in(dir.path());
    press_and_save(
        &mut state,
        "<enter>twire<enter><enter>jtcheck<enter><enter>",
    );
    press(&mut state, "L#check");
    assert_eq!(state.tags.all.shown.len(), 1);
    press(&mut state, "<esc>L");
    assert_eq!(state.tags.all.query, "");
    assert_eq!(state.tags.all.shown.len(), 2);
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
