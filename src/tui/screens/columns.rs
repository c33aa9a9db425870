//! The columns view's state: every article in a column of its own (as many as fit at a
//! readable width, scrolled sideways for the rest), each wrapped and scrolled on its own, and
//! the current passage (a cluster), which every column that carries it shows and lights.

use crossread::ArticleId;
use crossread::detect::reuse::ClusterId;
use crossread::view::wrap::{self, Line};
use ratatui::layout::Rect;

use crate::tui::app::action::{Action, Effect};
use crate::tui::app::state::State;
use crate::tui::app::views::View;

/// Narrowest column, border included: narrower text is too broken up to read.
pub const MIN_COLUMN_WIDTH: u16 = 36;
/// Rows of context kept above a passage a column jumps to.
const CONTEXT_ROWS: usize = 2;

/// One article's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The article.
    pub article: ArticleId,
    /// Its wrapped lines.
    pub lines: Vec<Line>,
    /// First line shown.
    pub scroll: usize,
}

/// The columns view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnsView {
    /// One per article, in list order.
    pub columns: Vec<Column>,
    /// The text width the columns were wrapped for.
    pub wrapped_for: Option<u16>,
    /// How many columns show at once.
    pub visible: usize,
    /// The first column shown.
    pub first: usize,
    /// The column the keys scroll.
    pub focus: usize,
    /// Where the columns sit, border included (only the visible ones).
    pub rects: Vec<Rect>,
    /// Lines each column shows.
    pub page: usize,
    /// The passage lit in every column.
    pub current: Option<ClusterId>,
}

/// The screen split into `visible` columns of equal width (the last takes the rest).
fn column_rects(width: u16, height: u16, visible: usize) -> Vec<Rect> {
    let main_height = if height >= 3 { height - 1 } else { height };
    let count = u16::try_from(visible.max(1)).unwrap_or(1);
    let each = width / count;
    (0..count)
        .map(|i| {
            let x = i * each;
            let w = if i + 1 == count { width - x } else { each };
            Rect::new(x, 0, w, main_height)
        })
        .collect()
}

/// The text area of a column: inside the border, with a gutter column on the left.
pub fn text_rect(column: Rect) -> Rect {
    Rect {
        x: column.x.saturating_add(2),
        y: column.y.saturating_add(1),
        width: column.width.saturating_sub(3),
        height: column.height.saturating_sub(2),
    }
}

/// Opens the columns view.
pub fn open(state: &mut State) {
    if state.corpus.articles.is_empty() {
        state.message = Some("No articles to show".to_owned());
        return;
    }
    let selected = state.selected_article().map(|a| a.id);
    state.view = View::Columns;
    state.overlay = None;
    state.settle_views();
    let columns = &mut state.columns;
    if let Some(at) = columns
        .columns
        .iter()
        .position(|c| Some(c.article) == selected)
    {
        columns.focus = at;
    }
}

/// Drops the wrapped columns so the next settle builds them again (new order or results).
pub fn invalidate(state: &mut State) {
    state.columns.wrapped_for = None;
}

/// Wraps the columns for the current size (only while the view shows) and clamps everything.
pub fn settle(state: &mut State) {
    if state.view != View::Columns {
        return;
    }
    let count = state.corpus.articles.len();
    let view = &mut state.columns;
    view.visible = usize::from(state.width / MIN_COLUMN_WIDTH).clamp(1, count.max(1));
    view.rects = column_rects(state.width, state.height, view.visible);
    let text_width = view.rects.first().map_or(0, |r| text_rect(*r).width);
    view.page = view
        .rects
        .first()
        .map_or(0, |r| usize::from(text_rect(*r).height));
    let order_changed = view.columns.len() != count
        || view
            .columns
            .iter()
            .zip(&state.order)
            .any(|(c, &i)| c.article.index() != i);
    if (view.wrapped_for != Some(text_width) || order_changed) && text_width > 0 {
        let old: Vec<(ArticleId, usize)> = view
            .columns
            .iter()
            .map(|c| {
                (
                    c.article,
                    c.lines.get(c.scroll).map_or(0, |l| l.byte_span.start),
                )
            })
            .collect();
        view.columns = state
            .order
            .iter()
            .filter_map(|&i| state.corpus.articles.get(i))
            .map(|article| {
                let lines = wrap::wrap(
                    article.text(),
                    &article.segmentation.paragraphs,
                    usize::from(text_width),
                );
                let byte = old
                    .iter()
                    .find(|(id, _)| *id == article.id)
                    .map_or(0, |(_, b)| *b);
                let scroll = lines.partition_point(|l| l.byte_span.end <= byte);
                Column {
                    article: article.id,
                    lines,
                    scroll,
                }
            })
            .collect();
        view.wrapped_for = Some(text_width);
    }
    view.focus = view.focus.min(view.columns.len().saturating_sub(1));
    if view.focus < view.first {
        view.first = view.focus;
    } else if view.focus >= view.first + view.visible {
        view.first = view.focus + 1 - view.visible;
    }
    view.first = view
        .first
        .min(view.columns.len().saturating_sub(view.visible));
    let page = view.page;
    for column in &mut view.columns {
        column.scroll = column.scroll.min(column.lines.len().saturating_sub(page));
    }
}

/// Keys on the columns view.
pub fn apply(state: &mut State, action: Action) -> Option<Option<Effect>> {
    let page = state.columns.page.saturating_sub(1).max(1);
    let focus = state.columns.focus;
    let mut scroll_focused = |delta: isize| {
        if let Some(column) = state.columns.columns.get_mut(focus) {
            column.scroll = column.scroll.saturating_add_signed(delta);
        }
    };
    match action {
        Action::Down => scroll_focused(1),
        Action::Up => scroll_focused(-1),
        Action::PageDown => scroll_focused(isize::try_from(page).unwrap_or(1)),
        Action::PageUp => scroll_focused(-isize::try_from(page).unwrap_or(1)),
        Action::Top => scroll_focused(isize::MIN / 2),
        Action::Bottom => scroll_focused(isize::MAX / 2),
        Action::FocusNext => state.columns.focus += 1,
        Action::FocusPrev => state.columns.focus = focus.saturating_sub(1),
        Action::Scroll { column, lines, .. } => {
            let at = state
                .columns
                .rects
                .iter()
                .position(|r| r.x <= column && column < r.right());
            if let Some(at) = at {
                let index = state.columns.first + at;
                if let Some(c) = state.columns.columns.get_mut(index) {
                    c.scroll = c
                        .scroll
                        .saturating_add_signed(isize::try_from(lines).unwrap_or(0));
                }
            }
        }
        Action::NextShared | Action::PrevShared => {
            step_passage(state, action == Action::NextShared);
        }
        Action::Close => {
            let article = state.columns.columns.get(focus).map(|c| c.article);
            state.back_to_reader(article);
        }
        _ => {}
    }
    Some(None)
}

/// Makes the next (or previous) cluster current and scrolls every column carrying it there;
/// the focus moves to the first such column.
fn step_passage(state: &mut State, forward: bool) {
    let Some(reuse) = state.reuse.result.clone() else {
        state.message = Some("Still looking for shared passages…".to_owned());
        return;
    };
    let count = reuse.clusters.len();
    if count == 0 {
        state.message = Some("The articles share no passage".to_owned());
        return;
    }
    let next = match (state.columns.current, forward) {
        (None, true) => 0,
        (None, false) => count - 1,
        (Some(c), true) => (c.0 as usize + 1) % count,
        (Some(c), false) => (c.0 as usize + count - 1) % count,
    };
    let Some(cluster) = reuse.clusters.get(next) else {
        return;
    };
    state.columns.current = Some(cluster.id);
    let mut first_column = None;
    for (index, column) in state.columns.columns.iter_mut().enumerate() {
        let Some(member) = cluster.members.iter().find(|m| m.article == column.article) else {
            continue;
        };
        let line = column
            .lines
            .partition_point(|l| l.byte_span.end <= member.byte_span.start);
        column.scroll = line.saturating_sub(CONTEXT_ROWS);
        first_column.get_or_insert(index);
    }
    if let Some(index) = first_column {
        let view = &state.columns;
        if index < view.first || index >= view.first + view.visible {
            state.columns.focus = index;
        }
    }
    state.message = Some(format!(
        "Passage {}/{} · in {} of {} articles",
        next + 1,
        count,
        cluster
            .members
            .iter()
            .map(|m| m.article)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        state.corpus.articles.len()
    ));
}

#[cfg(test)]
mod tests {
    use crate::tui::app::state::Screen;
    use crate::tui::testing::{press, seeds_state, with_reuse};

    #[test]
    fn five_seeds_fit_on_200_columns_and_fewer_scroll_sideways() {
        let mut state = with_reuse(seeds_state(200, 50));
        press(&mut state, "C");
        assert_eq!(state.screen(), Screen::Columns);
        assert_eq!(state.columns.visible, 5);
        assert_eq!(state.columns.rects.len(), 5);
        let mut narrow = with_reuse(seeds_state(100, 30));
        press(&mut narrow, "C");
        assert_eq!(narrow.columns.visible, 2);
        press(&mut narrow, "lll");
        assert_eq!(narrow.columns.focus, 3);
        assert_eq!(
            narrow.columns.first, 2,
            "scrolled sideways to show the focus"
        );
        press(&mut narrow, "<esc>");
        assert_eq!(narrow.screen(), Screen::Reader);
        assert_eq!(narrow.selected_article().unwrap().id.index(), 3);
    }

    #[test]
    fn n_lights_a_passage_and_brings_it_into_every_column_that_has_it() {
        let mut state = with_reuse(seeds_state(200, 50));
        press(&mut state, "Cnnnn");
        let reuse = state.reuse.result.clone().unwrap();
        let cluster = &reuse.clusters[3];
        assert_eq!(state.columns.current, Some(cluster.id));
        for member in &cluster.members {
            let column = &state.columns.columns[member.article.index()];
            let shown = &column.lines[column.scroll..column.scroll + state.columns.page];
            assert!(
                shown
                    .iter()
                    .any(|l| l.byte_span.contains(&member.byte_span.start)),
                "column {} does not show the passage",
                member.article.index()
            );
        }
        assert!(state.message.as_deref().unwrap().starts_with("Passage 4/5"));
    }
}
