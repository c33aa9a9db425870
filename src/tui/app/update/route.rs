//! The router: hands an action to the screen that has the keys, and carries out what a screen
//! answers with ([`Msg`]). Moving between screens happens here and nowhere else: opening the
//! compare view, the picker, the columns or the passage panel, and going back to the reader.

use crossread::ArticleId;

use crate::tui::app::action::Action;
use crate::tui::app::outcome::{Ctx, Msg, Outcome, PickerTarget};
use crate::tui::app::screen::{Overlay, Pane, Screen};
use crate::tui::app::state::State;
use crate::tui::app::update::insight;
use crate::tui::app::update::settle::{settle_views, sort_list};
use crate::tui::app::views::View;
use crate::tui::screens::compare::CompareView;
use crate::tui::screens::passages::PassagesPanel;
use crate::tui::screens::picker::Picker;
use crate::tui::screens::search::Search;

/// Gives `action` to the screen that has the keys (or, on the list and the reader, to the
/// reuse views it opens); [`Outcome::Ignored`] leaves it to the tag screens and the global keys.
pub fn to_screen(state: &mut State, action: Action) -> Outcome {
    match state.screen() {
        Screen::List | Screen::Reader => main_keys(state, action),
        _ => screen_keys(state, action),
    }
}

/// The keys of a screen opened over the list and the reader: each has its own state and
/// `update`; one whose state is gone closes.
fn screen_keys(state: &mut State, action: Action) -> Outcome {
    let cursor = state.cursor_span();
    let ctx = Ctx {
        corpus: &state.corpus,
        reuse: state.reuse.result.as_deref(),
        cursor,
    };
    match (state.screen(), action) {
        (Screen::Passages, Action::Explain) => insight::explain_panel_entry(state),
        (Screen::Explain, action) => state
            .explain
            .as_mut()
            .map_or(Outcome::Msg(Msg::Close), |panel| panel.update(action)),
        (Screen::Thresholds, action) => state
            .thresholds
            .as_mut()
            .map_or(Outcome::Msg(Msg::Close), |panel| panel.update(action)),
        (Screen::Matrix, action) => match state.matrix.as_mut() {
            Some(matrix) => matrix.update(action),
            None => {
                state.view = View::Main;
                Outcome::Ignored
            }
        },
        (Screen::Passages, action) => state
            .panel
            .as_mut()
            .map_or(Outcome::Msg(Msg::Close), |panel| panel.update(action)),
        (Screen::Picker, action) => state
            .picker
            .as_mut()
            .map_or(Outcome::Msg(Msg::Close), |picker| {
                picker.update(action, &ctx)
            }),
        (Screen::Search, action) => state
            .search
            .as_mut()
            .map_or(Outcome::Msg(Msg::Close), |search| {
                search.update(action, &ctx)
            }),
        (Screen::Compare, Action::Search) => {
            if let Some(compare) = state.compare.as_ref() {
                let (left, right) = (compare.pairing.left, compare.pairing.right);
                state.search = Some(Search::in_compare(left, right));
                state.overlay = Some(Overlay::Search);
            }
            Outcome::Consumed
        }
        (Screen::Compare, Action::NextShared | Action::PrevShared)
            if state
                .search
                .as_ref()
                .is_some_and(|s| s.in_compare.is_some()) =>
        {
            show_compare_hit(state, Some(action == Action::NextShared));
            Outcome::Consumed
        }
        (Screen::Compare, action) => match state.compare.as_mut() {
            Some(compare) => compare.update(action, &ctx),
            None => {
                state.view = View::Main;
                Outcome::Ignored
            }
        },
        (Screen::Columns, action) => state.columns.update(action, &ctx),
        _ => Outcome::Ignored,
    }
}

/// The keys of the list and the reader that open or move through the reuse views: the
/// matrix, explanations, shared passages, search, the pickers, compare, columns, sorting.
fn main_keys(state: &mut State, action: Action) -> Outcome {
    let cursor = state.cursor_span();
    let ctx = Ctx {
        corpus: &state.corpus,
        reuse: state.reuse.result.as_deref(),
        cursor,
    };
    match (state.screen(), action) {
        (_, Action::Matrix) => {
            if state.refuse_while_loading("the matrix") {
                Outcome::Consumed
            } else {
                insight::open_matrix(state)
            }
        }
        (Screen::Reader, Action::Explain) => insight::explain_under_cursor(state),
        (Screen::Reader, Action::ShowSetAside) => insight::toggle_set_aside(state),
        (_, Action::Thresholds) => insight::open_thresholds(state),
        (Screen::Reader, Action::NextShared | Action::PrevShared) => {
            let forward = action == Action::NextShared;
            match state.search.as_mut() {
                Some(search) => search.jump(forward, &ctx),
                None => jump_shared(state, forward),
            }
        }
        (Screen::Reader, Action::Passages) => open_passages_panel(state),
        (Screen::Reader, Action::Search) => start_search(state),
        (Screen::List, Action::Search) => {
            open_picker(state, PickerTarget::Find);
            Outcome::Consumed
        }
        (_, Action::SearchAll) => {
            open_picker(state, PickerTarget::SearchAll);
            Outcome::Consumed
        }
        (Screen::Reader, Action::Close) if state.search.is_some() => {
            state.search = None;
            Outcome::Consumed
        }
        (_, Action::Compare | Action::Columns) if state.refuse_while_loading("compare") => {
            Outcome::Consumed
        }
        (_, Action::Compare) => start_compare(state),
        (Screen::List, Action::Mark) => toggle_mark(state),
        (_, Action::Columns) => {
            open_columns(state);
            Outcome::Consumed
        }
        (Screen::List, Action::Sort) => {
            state.sort = state.sort.next();
            sort_list(state);
            Outcome::Msg(Msg::Status(format!("Sorted by {}", state.sort.label())))
        }
        _ => Outcome::Ignored,
    }
}

/// Carries out `msg`, which the screen `from` answered with.
pub fn carry_out(state: &mut State, from: Screen, msg: Msg) {
    match msg {
        Msg::Status(text) => state.message = Some(text),
        Msg::Close => {
            close(state, from);
        }
        Msg::Hide { status } => {
            state.overlay = None;
            if status.is_some() {
                state.message = status;
            }
        }
        Msg::Compare { left, right, at } => {
            close(state, from);
            open_compare(state, left, right, at);
        }
        Msg::Pick(target) => open_picker(state, target),
        Msg::Picked(PickerTarget::Find, chosen) => {
            close(state, from);
            state.select_index(chosen.index());
        }
        Msg::Picked(PickerTarget::SearchAll, chosen) => {
            let query = state
                .picker
                .as_ref()
                .map(|p| p.list.query.trim().to_owned());
            close(state, from);
            open_at_first_hit(state, chosen, query.unwrap_or_default());
        }
        Msg::Picked(target, chosen) => {
            close(state, from);
            let current = state
                .compare
                .as_ref()
                .map(|c| (c.pairing.left, c.pairing.right));
            match (target, current) {
                (PickerTarget::CompareWith(left), _) => open_compare(state, left, chosen, None),
                (PickerTarget::Left, Some((_, right))) => open_compare(state, chosen, right, None),
                (PickerTarget::Right, Some((left, _))) => open_compare(state, left, chosen, None),
                (PickerTarget::Find | PickerTarget::SearchAll, _) | (_, None) => {}
            }
        }
        Msg::Columns => open_columns(state),
        Msg::BackToReader(article) => back_to_reader(state, article),
        Msg::CursorTo(byte) => state.cursor_to_byte(byte),
        Msg::ShowCompareHit => show_compare_hit(state, None),
        Msg::CursorToSaying(byte, status) => {
            state.cursor_to_byte(byte);
            state.message = Some(status);
        }
        // Effects for the loop: `update` hands them out before they reach here.
        Msg::Redetect | Msg::WriteDetect => {}
    }
}

/// Closes the overlay `from` and drops its state.
fn close(state: &mut State, from: Screen) {
    match from {
        Screen::Passages => state.panel = None,
        Screen::Picker => state.picker = None,
        Screen::Search => state.search = None,
        Screen::Explain => state.explain = None,
        Screen::Thresholds => state.thresholds = None,
        _ => return,
    }
    state.overlay = None;
}

/// Opens the compare view on `left` and `right`; with `at`, scrolled to the shared passage
/// holding that byte of `left`.
pub fn open_compare(state: &mut State, left: ArticleId, right: ArticleId, at: Option<usize>) {
    if left == right {
        state.message = Some("Pick another article to compare with".to_owned());
        return;
    }
    let sync = state.compare.as_ref().is_none_or(|c| c.sync);
    let reuse = state.reuse.result.as_deref();
    state.compare = Some(CompareView::new(
        &state.corpus,
        reuse,
        (left, right),
        at,
        sync,
    ));
    state.view = View::Compare;
    state.overlay = None;
}

/// The reader on `article`, its cursor on the first hit of `query`, the search kept so `n`
/// walks the rest: where a pick in the search across every article lands.
fn open_at_first_hit(state: &mut State, article: ArticleId, query: String) {
    state.view = View::Main;
    state.select_index(article.index());
    state.focus = Pane::Reader;
    let Some(text) = state.corpus.article(article).map(|a| a.text()) else {
        return;
    };
    let mut search = Search::new(article, 0);
    search.hits = crossread::view::find::find_all(text, &query);
    search.query = query;
    search.current = (!search.hits.is_empty()).then_some(0);
    if let Some(first) = search.hits.first() {
        state.reader.jump_to = Some(first.start);
        state.message = Some(format!("/{}  1/{}", search.query, search.hits.len()));
    }
    state.search = Some(search);
}

/// Scrolls the compare view to its search's hit: the first (`forward` none: the query just
/// changed), or the next or previous one, round the end as in the reader. Hits of both sides
/// are walked in the order of the rows they show on.
fn show_compare_hit(state: &mut State, forward: Option<bool>) {
    let (Some(search), Some(compare)) = (state.search.as_mut(), state.compare.as_mut()) else {
        return;
    };
    let Some(both) = search.in_compare.as_mut() else {
        return;
    };
    if forward.is_none() {
        let mut order: Vec<(usize, usize, usize)> = search
            .hits
            .iter()
            .map(|h| (0, h.start))
            .chain(both.right_hits.iter().map(|h| (1, h.start)))
            .map(|(side, byte)| (compare.row_of(side, byte).unwrap_or(usize::MAX), side, byte))
            .collect();
        order.sort_unstable();
        both.order = order
            .into_iter()
            .map(|(_, side, byte)| (side, byte))
            .collect();
        search.current = None;
    }
    let count = both.order.len();
    if count == 0 {
        if forward.is_some() {
            state.message = Some(format!("Not found: {}", search.query));
        }
        return;
    }
    let (next, wrapped) = match (search.current, forward) {
        (Some(i), Some(true)) => ((i + 1) % count, i + 1 == count),
        (Some(i), Some(false)) => ((i + count - 1) % count, i == 0),
        _ => (0, false),
    };
    search.current = Some(next);
    let (side, byte) = both.order[next];
    compare.show(side, byte);
    if forward.is_some() {
        let round = match (wrapped, forward) {
            (true, Some(true)) => "  (past the end: from the top)",
            (true, _) => "  (past the top: from the end)",
            _ => "",
        };
        let where_ = if side == 0 { "left" } else { "right" };
        state.message = Some(format!(
            "/{}  {}/{count} {where_}{round}",
            search.query,
            next + 1
        ));
    }
}

/// Opens the article picker.
fn open_picker(state: &mut State, target: PickerTarget) {
    state.picker = Some(Picker::new(target, &state.corpus));
    state.overlay = Some(Overlay::Picker);
}

/// Opens the columns view, its focus on the selected article.
fn open_columns(state: &mut State) {
    if state.corpus.articles.is_empty() {
        state.message = Some("No articles to show".to_owned());
        return;
    }
    let selected = state.selected_article().map(|a| a.id);
    state.view = View::Columns;
    state.overlay = None;
    settle_views(state);
    state.columns.focus_on(selected);
}

/// Back from a full-screen view to the reader on `article`.
fn back_to_reader(state: &mut State, article: Option<ArticleId>) {
    state.view = View::Main;
    if let Some(article) = article {
        state.select_index(article.index());
        state.focus = Pane::Reader;
    }
}

/// Detection's results have arrived: views built without them are built again.
pub fn reuse_ready(state: &mut State) {
    if state.sort == crate::tui::app::views::SortKey::CopiedShare {
        sort_list(state);
    }
    if let Some(compare) = state.compare.as_ref() {
        // Lined up again, keeping the passage in view and the view showing.
        let (left, right, at) = (
            compare.pairing.left,
            compare.pairing.right,
            compare.top_byte(),
        );
        let view = state.view;
        open_compare(state, left, right, at);
        state.view = view;
    }
    state.columns.invalidate();
}

/// `c`: the two marked articles, else the selected one and one to pick.
fn start_compare(state: &mut State) -> Outcome {
    if state.marks.len() == 2 {
        let (left, right) = (state.marks[0], state.marks[1]);
        state.marks.clear();
        open_compare(state, left, right, None);
        return Outcome::Consumed;
    }
    let Some(article) = state.selected_article().map(|a| a.id) else {
        return status("No article to compare");
    };
    if state.corpus.articles.len() < 2 {
        return status("Comparing needs a second article");
    }
    open_picker(state, PickerTarget::CompareWith(article));
    Outcome::Consumed
}

/// `m`: marks the selected article for comparing (the third mark drops the oldest).
fn toggle_mark(state: &mut State) -> Outcome {
    let Some(id) = state.selected_article().map(|a| a.id) else {
        return Outcome::Consumed;
    };
    if let Some(at) = state.marks.iter().position(|&m| m == id) {
        state.marks.remove(at);
    } else {
        state.marks.push(id);
        if state.marks.len() > 2 {
            state.marks.remove(0);
        }
    }
    status(match state.marks.len() {
        2 => "Two marked: c compares them",
        1 => "One marked: mark another, then c",
        _ => "No article marked",
    })
}

/// `/`: starts a search in the reader's article, from the cursor.
fn start_search(state: &mut State) -> Outcome {
    let Some(article) = state.reader_article().map(|a| a.id) else {
        return Outcome::Consumed;
    };
    let origin = state.cursor_span().map_or(0, |s| s.start);
    state.search = Some(Search::new(article, origin));
    state.overlay = Some(Overlay::Search);
    Outcome::Consumed
}

/// Moves the reader's cursor to the next (or previous) shared passage; says so when there is
/// none that way.
fn jump_shared(state: &State, forward: bool) -> Outcome {
    let Some(article) = state.reader_article() else {
        return Outcome::Consumed;
    };
    let Some(cursor) = state.cursor_span() else {
        return Outcome::Consumed;
    };
    let spans = state.reuse.spans_of(article.id);
    let target = if forward {
        spans
            .iter()
            .find(|s| s.byte_span.start >= cursor.end)
            .map(|s| s.byte_span.start)
    } else {
        spans
            .iter()
            .rev()
            .find(|s| s.byte_span.end <= cursor.start)
            .map(|s| s.byte_span.start)
    };
    match target {
        Some(byte) => Outcome::Msg(Msg::CursorTo(byte)),
        None if state.reuse.is_running() => status("Still looking for shared passages…"),
        None if spans.is_empty() => status("This article shares no passage with the others"),
        None => {
            let way = if forward { "after" } else { "before" };
            Outcome::Msg(Msg::Status(format!("No shared passage {way} the cursor")))
        }
    }
}

/// Opens the panel of articles carrying the passage under the cursor.
fn open_passages_panel(state: &mut State) -> Outcome {
    let Some(span) = state.shared_under_cursor() else {
        return status(if state.reuse.is_running() {
            "Still looking for shared passages…"
        } else {
            "No shared passage under the cursor (n: the next one)"
        });
    };
    let Some(origin) = state.reader_article().map(|a| a.id) else {
        return Outcome::Consumed;
    };
    let source = insight::source_phrase(state, origin, span.cluster);
    let Some(span) = state.shared_under_cursor() else {
        return Outcome::Consumed;
    };
    state.panel = Some(PassagesPanel {
        origin,
        byte_span: span.byte_span.clone(),
        entries: span.counterparts.clone(),
        selected: 0,
        source,
    });
    state.overlay = Some(Overlay::Passages);
    Outcome::Consumed
}

/// A line for the status bar.
fn status(text: &str) -> Outcome {
    Outcome::Msg(Msg::Status(text.to_owned()))
}
