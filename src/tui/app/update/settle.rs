//! What follows from every change, applied after each action and each worker message: the
//! layout for the size and focus, the reader's lines wrapped (only when the article or width
//! changed), every scroll offset clamped, the list in its order, and what is derived from the
//! tags. So no action can leave the state out of bounds, and `render` only reads.

use crossread::view::wrap;

use crate::tui::app::layout::Layout;
use crate::tui::app::screen::Overlay;
use crate::tui::app::state::{ReaderView, State};
use crate::tui::app::views::{SortKey, View};
use crate::tui::screens::tags::rows::settle_tags;

/// Recomputes everything that follows from size, focus and selection: the layout, the
/// wrapped lines (only when the article or width changed), and every scroll offset clamped.
/// `update` calls it after each action, so no action can leave the state out of bounds.
pub fn settle(state: &mut State) {
    state.layout = Layout::compute(state.width, state.height, state.focus);
    let count = state.list_len();
    state.list.selected = state.list.selected.min(count.saturating_sub(1));
    let visible = state.layout.list_visible_items();
    if state.list.selected < state.list.offset {
        state.list.offset = state.list.selected;
    } else if state.list.selected >= state.list.offset + visible {
        state.list.offset = state.list.selected + 1 - visible;
    }
    state.list.offset = state.list.offset.min(count.saturating_sub(visible));

    let width = state.layout.reader_text.width;
    let key = state.selected_article().map(|a| (a.id, width));
    let mut reveal = false;
    // A hidden pane (width 0) keeps its lines until it shows again.
    if key != state.reader.wrapped_for && width > 0 {
        let same_article = key.map(|k| k.0) == state.reader.wrapped_for.map(|k| k.0);
        let first_byte = state
            .reader
            .lines
            .get(state.reader.scroll)
            .map(|l| l.byte_span.start);
        state.reader.lines = state.selected_article().map_or_else(Vec::new, |article| {
            wrap::wrap(
                article.text(),
                &article.segmentation.paragraphs,
                usize::from(width),
            )
        });
        // On a new width keep the same text at the top, then make sure the cursor still
        // shows; a new article starts at its top with the cursor on its first sentence.
        match (same_article, first_byte) {
            (true, Some(byte)) => {
                state.reader.scroll = state
                    .reader
                    .lines
                    .partition_point(|l| l.byte_span.end <= byte);
                reveal = true;
            }
            _ => {
                state.reader.scroll = 0;
                state.reader.cursor = 0;
                state.reader.selection_anchor = None;
            }
        }
        state.reader.wrapped_for = key;
    } else if key.is_none() {
        state.reader = ReaderView::default();
    }
    state.clamp_cursor();
    if reveal {
        state.reveal_cursor();
    }
    if state.reader_article().is_some()
        && let Some(byte) = state.reader.jump_to.take()
    {
        state.cursor_to_byte(byte);
    }
    let page = state.reader_page();
    state.reader.scroll = state
        .reader
        .scroll
        .min(state.reader.lines.len().saturating_sub(page));
    state.cursor_into_view();
    state.help_scroll = state
        .help_scroll
        .min(state.help.len().saturating_sub(state.help_page()));
    if !state.warnings.is_empty() {
        state.warning_index %= state.warnings.len();
    }
    settle_tags(state);
    settle_views(state);
}

/// What follows from size and data for the reuse views: the compare rows and the columns
/// for the current size, a search that no longer matches the open article dropped.
pub fn settle_views(state: &mut State) {
    if state.order.len() != state.corpus.articles.len() {
        sort_list(state);
    }
    if let Some(compare) = state.compare.as_mut() {
        compare.settle(state.width, state.height, &state.corpus);
    }
    if let Some(matrix) = state.matrix.as_mut() {
        matrix.resize(state.width, state.height);
    }
    if state.view == View::Columns {
        let size = (state.width, state.height);
        state.columns.settle(size, &state.corpus, &state.order);
    }
    let open = state.reader_article().map(|a| a.id);
    // A search of the reader's article ends when another shows; one of the compare view
    // when that view closes.
    let in_compare = state.view == View::Compare;
    if state.search.as_ref().is_some_and(|s| match &s.in_compare {
        Some(_) => !in_compare,
        None => Some(s.article) != open,
    }) {
        state.search = None;
        if state.overlay == Some(Overlay::Search) {
            state.overlay = None;
        }
    }
    if state.overlay == Some(Overlay::Passages) && state.panel.is_none()
        || state.overlay == Some(Overlay::Picker) && state.picker.is_none()
        || state.overlay == Some(Overlay::Search) && state.search.is_none()
        || state.overlay == Some(Overlay::Explain) && state.explain.is_none()
    {
        state.overlay = None;
    }
}

/// Puts the list in `state.sort` order, keeping the selected article selected.
pub fn sort_list(state: &mut State) {
    let selected = state.selected_article().map(|a| a.id);
    let corpus = &state.corpus;
    let share = |i: usize| {
        state
            .reuse
            .result
            .as_ref()
            .map_or(0.0, |r| r.article(corpus.articles[i].id).copied_share)
    };
    let name = |i: usize| corpus.articles[i].name.as_str();
    let mut order: Vec<usize> = (0..corpus.articles.len()).collect();
    match state.sort {
        SortKey::Name => order.sort_by(|&x, &y| name(x).cmp(name(y))),
        SortKey::Outlet => order.sort_by(|&x, &y| {
            let outlet = |i: usize| corpus.articles[i].outlet.to_lowercase();
            outlet(x).cmp(&outlet(y)).then(name(x).cmp(name(y)))
        }),
        SortKey::Date => order.sort_by(|&x, &y| {
            let date = |i: usize| corpus.articles[i].date.as_deref();
            match (date(x), date(y)) {
                (Some(a), Some(b)) => a.cmp(b),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then(name(x).cmp(name(y)))
        }),
        SortKey::CopiedShare => {
            order.sort_by(|&x, &y| share(y).total_cmp(&share(x)).then(name(x).cmp(name(y))));
        }
    }
    state.order = order;
    if let Some(filter) = state.list_filter.as_mut() {
        let rank = |i: &usize| state.order.iter().position(|o| o == i);
        filter.articles.sort_by_key(rank);
    }
    if let Some(id) = selected
        && let Some(at) = state.row_of(id.index())
    {
        state.list.selected = at;
    }
}
