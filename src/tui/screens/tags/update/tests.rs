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

mod disk;

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
