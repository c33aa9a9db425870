//! What the tag actions do to the state: open the form, panel, list and filter; make, edit,
//! delete, restore and re-attach tags in the store (in memory); and ask the loop to save after
//! every change. The rows' own keys (go to, delete, undo, re-attach) are in `rows.rs`.

use crate::tui::app::action::{Action, Effect};
use crate::tui::app::screen::{Overlay, Screen};
use crate::tui::app::state::State;
use crate::tui::screens::tags::rows::{
    closest_row, delete_row, jump_to_row, move_row, reattach, rows_of, undo_delete,
};
use crate::tui::screens::tags::rows::{refresh_rows, refuse_read_only, set_list_filter};
use crate::tui::screens::tags::rows::{restore_row, toggle_history};
use crate::tui::screens::tags::{FormStep, FormTarget, LabelPicker, PickRow, TagForm, one_line};

/// Applies a tag action, or one of the shared actions (moving, typing, confirming, closing) on
/// a tag screen. Returns `None` when `action` is not one of those here.
pub fn apply(state: &mut State, action: Action) -> Option<Option<Effect>> {
    let screen = state.screen();
    let effect = match (action, screen) {
        (Action::Tag, Screen::Reader) => open_form_new(state),
        (Action::TagPanel, _) if state.overlay.is_none() => open_panel(state),
        (Action::TagHistory, Screen::TagList) => {
            toggle_history(state);
            None
        }
        (Action::Confirm, Screen::TagList) if state.tags.history => restore_row(state),
        (Action::TagList, _) if !screen.takes_text() => open_list(state),
        (Action::FilterByLabel, Screen::List) => {
            state.overlay = Some(Overlay::LabelFilter);
            state.tags.filter_picker.list.query.clear();
            refresh_label_filter(state);
            None
        }
        (Action::Insert(c), _) => {
            insert(state, screen, c);
            None
        }
        (Action::DeleteChar, _) => {
            delete_char(state, screen);
            None
        }
        (Action::Down | Action::Up | Action::PageDown | Action::PageUp, _)
        | (Action::Top | Action::Bottom, _)
            if is_tag_screen(screen) =>
        {
            move_row(state, screen, action);
            None
        }
        (Action::Toggle, Screen::TagLabels) => {
            toggle_label(state);
            None
        }
        (Action::Confirm, Screen::TagLabels) => {
            labels_done(state);
            None
        }
        (Action::Confirm, Screen::TagNote) => finish_form(state),
        (Action::Confirm, Screen::TagPanel | Screen::TagList) => {
            jump_to_row(state, screen);
            None
        }
        (Action::Confirm, Screen::LabelFilter) => {
            choose_label_filter(state);
            None
        }
        (Action::EditTag, Screen::TagPanel | Screen::TagList) => {
            open_form_edit(state, screen);
            None
        }
        (Action::DeleteTag, Screen::TagPanel | Screen::TagList) => delete_row(state, screen),
        (Action::UndoDelete, Screen::TagPanel | Screen::TagList | Screen::Reader) => {
            undo_delete(state)
        }
        (Action::Reattach, Screen::TagPanel | Screen::TagList) => reattach(state, screen),
        (Action::SaveTags, _) => Some(save(state)),
        (Action::Quit, _) => {
            if state.tags.store.has_unsaved_changes() {
                state.overlay = Some(Overlay::ConfirmQuit);
                None
            } else {
                Some(Effect::Quit)
            }
        }
        (Action::QuitAnyway, Screen::ConfirmQuit) => Some(Effect::Quit),
        (Action::Close, _) if is_tag_screen(screen) || screen == Screen::ConfirmQuit => {
            state.overlay = match state.tags.form.take() {
                Some(form) if state.overlay == Some(Overlay::TagForm) => form.return_to,
                _ => None,
            };
            None
        }
        _ => return None,
    };
    Some(effect)
}

/// The tag panel beside the reader, on the tag closest to the reader's position.
fn open_panel(state: &mut State) -> Option<Effect> {
    state.overlay = Some(Overlay::TagPanel);
    refresh_rows(state);
    state.tags.panel.selected = closest_row(state);
    Some(Effect::SaveTags)
}

/// The list of every tag, unfiltered.
fn open_list(state: &mut State) -> Option<Effect> {
    state.overlay = Some(Overlay::TagList);
    state.tags.history = false;
    // A fresh list each time, as a picker opens in lazygit or fzf: the last filter would hide
    // tags without saying why.
    state.tags.all.query.clear();
    refresh_rows(state);
    Some(Effect::SaveTags)
}

/// Filters the article list by the highlighted label (or shows every article) and closes the
/// picker.
fn choose_label_filter(state: &mut State) {
    let picker = &state.tags.filter_picker;
    let label = picker.highlighted_label().map(str::to_owned);
    let all = matches!(picker.list.selected_item(), Some(PickRow::All));
    if label.is_some() || all {
        state.message = Some(match &label {
            Some(l) => format!("Showing articles tagged {l:?} (f: change)"),
            None => "Showing every article".to_owned(),
        });
        set_list_filter(state, label);
    }
    state.overlay = None;
}

/// ctrl-s: saves here, or asks where when this file cannot be written.
fn save(state: &mut State) -> Effect {
    if state.tags.store.is_read_only() || state.tags.problem.is_some() {
        return Effect::SaveTagsElsewhere;
    }
    // Every change is saved as it is made, so ctrl-s mostly finds nothing to do: it says so,
    // as vim's :w says what it wrote. The save still runs (it merges what changed on disk),
    // and a failure or a merge replaces this line.
    let count = state.tags.store.tags().len();
    let tags = match count {
        1 => "1 tag".to_owned(),
        n => format!("{n} tags"),
    };
    let file = state.tags.store.path().display();
    state.message = Some(if state.tags.store.has_unsaved_changes() {
        format!("Saved {tags} to {file}")
    } else {
        format!("Nothing to save: {tags}, all in {file}")
    });
    Effect::SaveTags
}

fn is_tag_screen(screen: Screen) -> bool {
    matches!(
        screen,
        Screen::TagLabels
            | Screen::TagNote
            | Screen::TagPanel
            | Screen::TagList
            | Screen::LabelFilter
    )
}

fn open_form_new(state: &mut State) -> Option<Effect> {
    if refuse_read_only(state) {
        return None;
    }
    let (Some(article), Some(span)) = (state.selected_index(), state.selection_span()) else {
        state.message = Some("Nothing to tag here".to_owned());
        return None;
    };
    let quote = state
        .selected_article()
        .and_then(|a| a.text().get(span.clone()))
        .map(one_line)
        .unwrap_or_default();
    open_form(
        state,
        FormTarget::New {
            article,
            byte_span: span,
        },
        quote,
        Vec::new(),
        String::new(),
    );
    None
}

fn open_form_edit(state: &mut State, screen: Screen) {
    if refuse_read_only(state) {
        return;
    }
    let Some(row) = rows_of(state, screen).selected_row().cloned() else {
        return;
    };
    let note = state
        .tags
        .store
        .tag(&row.id)
        .and_then(|t| t.note.clone())
        .unwrap_or_default();
    open_form(state, FormTarget::Edit(row.id), row.quote, row.labels, note);
}

fn open_form(
    state: &mut State,
    target: FormTarget,
    quote: String,
    chosen: Vec<String>,
    note: String,
) {
    let mut picker = LabelPicker {
        allow_new: true,
        chosen,
        ..LabelPicker::default()
    };
    picker.refresh(state.tags.label_names());
    state.tags.form = Some(TagForm {
        target,
        quote,
        picker,
        note,
        step: FormStep::Labels,
        return_to: state.overlay,
    });
    state.overlay = Some(Overlay::TagForm);
}

/// The label vocabulary, owned, so a picker in the same state can be refreshed from it.
fn owned_label_names(state: &State) -> Vec<String> {
    state
        .tags
        .label_names()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

fn refresh_picker(state: &mut State) {
    let labels = owned_label_names(state);
    if let Some(form) = &mut state.tags.form {
        form.picker.refresh(labels.iter().map(String::as_str));
    }
}

fn insert(state: &mut State, screen: Screen, c: char) {
    if c.is_control() {
        return;
    }
    match screen {
        Screen::TagLabels => {
            if let Some(form) = &mut state.tags.form {
                form.picker.list.query.push(c);
            }
            refresh_picker(state);
        }
        Screen::TagNote => {
            if let Some(form) = &mut state.tags.form {
                form.note.push(c);
            }
        }
        Screen::TagList => {
            state.tags.all.query.push(c);
            state.tags.all.refilter();
        }
        Screen::LabelFilter => {
            state.tags.filter_picker.list.query.push(c);
            refresh_label_filter(state);
        }
        _ => {}
    }
}

/// Filters the label filter's picker by its query again.
fn refresh_label_filter(state: &mut State) {
    let labels = owned_label_names(state);
    state
        .tags
        .filter_picker
        .refresh(labels.iter().map(String::as_str));
}

fn delete_char(state: &mut State, screen: Screen) {
    match screen {
        Screen::TagLabels => {
            if let Some(form) = &mut state.tags.form
                && form.picker.list.query.pop().is_none()
            {
                form.picker.chosen.pop();
            }
            refresh_picker(state);
        }
        Screen::TagNote => {
            if let Some(form) = &mut state.tags.form {
                form.note.pop();
            }
        }
        Screen::TagList => {
            state.tags.all.query.pop();
            state.tags.all.refilter();
        }
        Screen::LabelFilter => {
            state.tags.filter_picker.list.query.pop();
            refresh_label_filter(state);
        }
        _ => {}
    }
}

/// Tab: adds the highlighted label to the chosen ones (or removes it), and clears the query
/// for the next.
fn toggle_label(state: &mut State) {
    let Some(form) = &mut state.tags.form else {
        return;
    };
    let Some(label) = form.picker.highlighted_label().map(str::to_owned) else {
        return;
    };
    match form.picker.chosen.iter().position(|l| *l == label) {
        Some(i) => {
            form.picker.chosen.remove(i);
        }
        None => form.picker.chosen.push(label),
    }
    form.picker.list.query.clear();
    refresh_picker(state);
}

/// Enter on the labels: takes the highlighted label when something was typed (or nothing is
/// chosen yet), then moves on to the note once at least one label is chosen.
fn labels_done(state: &mut State) {
    let Some(form) = &mut state.tags.form else {
        return;
    };
    let typed = !form.picker.list.query.trim().is_empty();
    if (typed || form.picker.chosen.is_empty())
        && let Some(label) = form.picker.highlighted_label().map(str::to_owned)
        && !form.picker.chosen.contains(&label)
    {
        form.picker.chosen.push(label);
    }
    form.picker.list.query.clear();
    if form.picker.chosen.is_empty() {
        state.message = Some("Type a label (a new one is made), or pick one with ↑ ↓".to_owned());
    } else {
        form.step = FormStep::Note;
    }
    refresh_picker(state);
}

/// Enter on the note: makes or changes the tag, and asks for a save.
fn finish_form(state: &mut State) -> Option<Effect> {
    let form = state.tags.form.take()?;
    state.overlay = form.return_to;
    let labels: Vec<&str> = form.picker.chosen.iter().map(String::as_str).collect();
    let note = Some(form.note.as_str());
    match &form.target {
        FormTarget::New { article, byte_span } => {
            let article = state.corpus.articles.get(*article)?;
            match state
                .tags
                .store
                .create(article, byte_span.clone(), &labels, note)
            {
                Ok(_) => {
                    state.message = Some(format!("Tagged {}", form.picker.chosen.join(", ")));
                    state.reader.selection_anchor = None;
                }
                Err(err) => {
                    state.message = Some(format!("Not tagged: {err}"));
                    return None;
                }
            }
        }
        FormTarget::Edit(id) => {
            let found = state.tags.store.set_labels(id, &labels);
            state.tags.store.set_note(id, note);
            state.message = Some(if found {
                "Tag changed".to_owned()
            } else {
                "That tag is gone (deleted on disk?)".to_owned()
            });
        }
    }
    state.tags.changed();
    Some(Effect::SaveTags)
}

#[cfg(test)]
mod tests;
