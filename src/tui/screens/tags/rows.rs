//! What the tag panel's and the tag list's keys do to a tag row: go to it, delete it, bring
//! the last deletion back, re-attach an orphan to the cursor; and moving the highlight.

use crate::tui::app::action::{Action, Effect};
use crate::tui::app::state::{Pane, Screen, State};
use crate::tui::screens::tags::RowsView;
use crate::tui::screens::tags::update::refuse_read_only;

/// The panel row of the tag under (or first after) the cursor.
pub fn closest_row(state: &State) -> usize {
    let Some(cursor) = state.cursor_span() else {
        return 0;
    };
    let rows = &state.tags.panel;
    rows.shown
        .iter()
        .position(|&i| {
            rows.rows[i]
                .byte_span
                .as_ref()
                .is_some_and(|s| s.end > cursor.start)
        })
        .unwrap_or(0)
}

pub fn rows_of(state: &State, screen: Screen) -> &RowsView {
    if screen == Screen::TagList {
        &state.tags.all
    } else {
        &state.tags.panel
    }
}

pub fn move_row(state: &mut State, screen: Screen, action: Action) {
    let page = usize::from(state.layout.panel_text.height.saturating_sub(3)).max(1);
    let page = isize::try_from(page).unwrap_or(1);
    let delta = match action {
        Action::Down => 1,
        Action::Up => -1,
        Action::PageDown => page,
        Action::PageUp => -page,
        Action::Top => isize::MIN,
        _ => isize::MAX,
    };
    // `settle_tags` clamps the far end.
    let target = match screen {
        Screen::TagLabels => match &mut state.tags.form {
            Some(form) => &mut form.picker.highlighted,
            None => return,
        },
        Screen::LabelFilter => &mut state.tags.filter_picker.highlighted,
        Screen::TagList => &mut state.tags.all.selected,
        Screen::TagPanel => &mut state.tags.panel.selected,
        _ => return,
    };
    *target = target.saturating_add_signed(delta);
}

/// Enter on a tag: its article in the reader, the cursor on its passage.
pub fn jump_to_row(state: &mut State, screen: Screen) {
    let Some(row) = rows_of(state, screen).selected_row().cloned() else {
        return;
    };
    let Some(index) = row.article_index else {
        state.message = Some(format!(
            "{} is not in the corpus; the tag is kept (ctrl-r re-attaches it to the cursor)",
            row.article
        ));
        return;
    };
    state.select_index(index);
    state.overlay = None;
    state.focus = Pane::Reader;
    match row.byte_span {
        Some(span) => {
            state.reader.jump_to = Some(span.start);
            // Already wrapped when it is the open article.
            if state.reader_article().is_some() {
                state.reader.jump_to = None;
                state.cursor_to_byte(span.start);
            }
        }
        None => {
            state.message = Some(format!(
                "Orphaned tag: “{}” is no longer in the text. Put the cursor on its passage, then L and ctrl-r",
                row.quote
            ));
        }
    }
}

pub fn delete_row(state: &mut State, screen: Screen) -> Option<Effect> {
    if refuse_read_only(state) {
        return None;
    }
    let row = rows_of(state, screen).selected_row().cloned()?;
    state.tags.store.delete(&row.id)?;
    state.tags.changed();
    state.message = Some(format!(
        "Deleted the tag on “{}” (u brings it back)",
        shorten(&row.quote, 40)
    ));
    Some(Effect::SaveTags)
}

pub fn undo_delete(state: &mut State) -> Option<Effect> {
    if refuse_read_only(state) {
        return None;
    }
    match state.tags.store.undo_delete() {
        Some(_) => {
            state.tags.changed();
            state.message = Some("Tag restored".to_owned());
            Some(Effect::SaveTags)
        }
        None => {
            state.message = Some("No deleted tag to bring back".to_owned());
            None
        }
    }
}

/// Re-attaches the highlighted orphan to the cursor or selection of the open article, when it
/// is the tag's article (or the tag's article is gone from the corpus).
pub fn reattach(state: &mut State, screen: Screen) -> Option<Effect> {
    if refuse_read_only(state) {
        return None;
    }
    let row = rows_of(state, screen).selected_row().cloned()?;
    if !row.is_orphaned() {
        state.message = Some("This tag is in place; only orphaned tags are re-attached".to_owned());
        return None;
    }
    let current = state.selected_index();
    if row.article_index.is_some() && row.article_index != current {
        state.message = Some(format!(
            "Open {} and put the cursor on the passage first",
            row.article
        ));
        return None;
    }
    let (Some(index), Some(span)) = (current, state.selection_span()) else {
        state.message = Some("Open an article and put the cursor on the passage first".to_owned());
        return None;
    };
    let article = state.corpus.articles.get(index)?;
    match state.tags.store.reattach(&row.id, article, span) {
        Ok(true) => {
            state.tags.changed();
            state.reader.selection_anchor = None;
            state.message = Some(format!("Re-attached the tag on “{}”", row.quote));
            Some(Effect::SaveTags)
        }
        Ok(false) => None,
        Err(err) => {
            state.message = Some(format!("Not re-attached: {err}"));
            None
        }
    }
}

/// At most `max` characters of `text`, with `…` where it was cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}
