//! What the tag panel's and the tag list's keys do to a tag row: go to it, delete it, bring
//! the last deletion back, re-attach an orphan to the cursor; and moving the highlight.

use crate::tui::app::action::{Action, Effect};
use crate::tui::app::screen::Overlay;
use crate::tui::app::screen::{Pane, Screen};
use crate::tui::app::state::State;
use crate::tui::screens::tags::{ListFilter, PANEL_HEADER_ROWS, RowsView, TagMark};

/// Refuses changes while the tags file is read-only, saying why and what to do.
pub fn refuse_read_only(state: &mut State) -> bool {
    if state.tags.store.is_read_only() {
        state.message = Some(
            "Tags are read-only: the tags file did not load. ctrl-s saves them to a new file, then tagging works"
                .to_owned(),
        );
        return true;
    }
    false
}

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
            Some(form) => &mut form.picker.list.selected,
            None => return,
        },
        Screen::LabelFilter => &mut state.tags.filter_picker.list.selected,
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

/// `ctrl-o` in the tag list: shows deleted and earlier versions of tags from the journal,
/// or the tags again.
pub fn toggle_history(state: &mut State) {
    state.tags.history = !state.tags.history;
    state.tags.all.query.clear();
    state.tags.all.selected = 0;
    refresh_rows(state);
    if state.tags.history && state.tags.all.rows.is_empty() {
        state.message = Some(format!(
            "The journal ({}) holds no deleted or earlier version of a tag",
            state.tags.store.journal().path().display()
        ));
    }
}

/// Enter on a deleted or earlier version: puts it back as it was (a tag with its id now is
/// replaced, and goes to the journal in turn).
pub fn restore_row(state: &mut State) -> Option<Effect> {
    if refuse_read_only(state) {
        return None;
    }
    let row = state.tags.all.selected_row().cloned()?;
    let (seq, _) = row.restorable?;
    match state.tags.store.restore(&format!("#{seq}")) {
        Ok(restored) => {
            state.tags.changed();
            state.tags.history = false;
            refresh_rows(state);
            let how = if restored.replaced {
                "put back as it was"
            } else {
                "brought back"
            };
            state.message = Some(format!(
                "Tag on “{}” {how} from the journal",
                shorten(&row.quote, 40)
            ));
            Some(Effect::SaveTags)
        }
        Err(err) => {
            state.message = Some(format!("Not restored: {err}"));
            None
        }
    }
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

/// Recomputes the panel's and the list's rows (resolving every tag's anchor).
pub fn refresh_rows(state: &mut State) {
    let rows = state.tags.rows(&state.corpus);
    let article = state.selected_article().map(|a| a.name.clone());
    state.tags.panel.rows = rows
        .iter()
        .filter(|r| Some(&r.article) == article.as_ref())
        .cloned()
        .collect();
    state.tags.panel.refilter();
    state.tags.all.rows = if state.tags.history {
        state.tags.history_rows()
    } else {
        rows
    };
    state.tags.all.refilter();
    state.tags.rows_for = Some(state.tags.generation);
}

/// Shows only articles with a tag labelled `label` in the list (`None`: every article),
/// keeping the selected article selected when it still shows.
pub fn set_list_filter(state: &mut State, label: Option<String>) {
    let selected = state.selected_index();
    state.list_filter = label.map(|label| {
        let mut articles: Vec<usize> = state
            .tags
            .store
            .tags()
            .iter()
            .filter(|t| t.labels.contains(&label))
            .filter_map(|t| state.tags.article_index(&t.article))
            .collect();
        articles.sort_unstable();
        articles.dedup();
        // In the list's order (its sort), like the unfiltered list.
        let rank = |i: &usize| state.order.iter().position(|o| o == i);
        articles.sort_by_key(rank);
        ListFilter { label, articles }
    });
    state.list_filter_generation = state.tags.generation;
    state.list.selected = selected.and_then(|index| state.row_of(index)).unwrap_or(0);
}

/// Recomputes what is derived from the tags when they or the open article changed: the
/// marks, the rows of an open panel or list, and the list filter. Called by `settle`.
pub fn settle_tags(state: &mut State) {
    let generation = state.tags.generation;
    // The label filter first: it can move the selection to another article, whose marks are
    // the ones to compute below.
    if let Some(filter) = &state.list_filter
        && state.list_filter_generation != generation
    {
        let label = filter.label.clone();
        set_list_filter(state, Some(label));
    }
    let key = state
        .reader_article()
        .map(|a| (a.id, generation))
        .or_else(|| state.selected_article().map(|a| (a.id, generation)));
    if key != state.tags.marks_for {
        state.tags.marks = match state.selected_article() {
            Some(article) => {
                let mut marks: Vec<TagMark> = state
                    .tags
                    .store
                    .placements(article)
                    .into_iter()
                    .filter_map(|(tag, place)| {
                        Some(TagMark {
                            id: tag.id.clone(),
                            byte_span: place.byte_span()?,
                            color: state.tags.color_of(&tag.labels),
                        })
                    })
                    .collect();
                marks.sort_by_key(|m| (m.byte_span.start, m.byte_span.end));
                marks
            }
            None => Vec::new(),
        };
        state.tags.marks_for = key;
    }
    let open_rows = matches!(state.overlay, Some(Overlay::TagPanel | Overlay::TagList))
        || state.tags.help_return.is_some();
    if open_rows && state.tags.rows_for != Some(generation) {
        refresh_rows(state);
    }
    let visible = usize::from(
        state
            .layout
            .panel_text
            .height
            .saturating_sub(PANEL_HEADER_ROWS),
    );
    state.tags.panel.clamp(visible);
    state.tags.all.clamp(visible);
    state.tags.filter_picker.clamp();
    if let Some(form) = &mut state.tags.form {
        form.picker.clamp();
    }
}
