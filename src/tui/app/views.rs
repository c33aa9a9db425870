//! The reuse views' share of `update`: which actions the shared-passage panel, the compare
//! view, the columns, the picker and the search take, the list's marks and sort order, and what
//! follows from size and detection results (`settle_views`). Kept out of `update.rs` so the
//! reader's own transitions stay readable; every function here is pure like `update`.

use crossread::ArticleId;

use crate::tui::app::action::{Action, Effect};
use crate::tui::app::state::{Overlay, Pane, Screen, State};
use crate::tui::screens::columns;
use crate::tui::screens::compare;
use crate::tui::screens::picker::{self, PickerTarget};
use crate::tui::screens::search;

/// Which full-screen view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The article list and the reader.
    Main,
    /// Two articles side by side.
    Compare,
    /// Every article in a column.
    Columns,
}

/// The article list's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// By file name.
    Name,
    /// By outlet, then name.
    Outlet,
    /// By date (undated last), then name.
    Date,
    /// Most copied first.
    CopiedShare,
}

impl SortKey {
    /// The key after this one.
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Name => SortKey::Outlet,
            SortKey::Outlet => SortKey::Date,
            SortKey::Date => SortKey::CopiedShare,
            SortKey::CopiedShare => SortKey::Name,
        }
    }

    /// How the list's title names it.
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Outlet => "outlet",
            SortKey::Date => "date",
            SortKey::CopiedShare => "copied share",
        }
    }
}

/// Applies `action` if a reuse view takes it: `Some(effect)` when handled, `None` to leave it
/// to the reader's own `update`.
pub fn apply(state: &mut State, action: Action) -> Option<Option<Effect>> {
    if matches!(
        action,
        Action::Quit | Action::Resize(..) | Action::Help | Action::NextWarning
    ) {
        return None;
    }
    match (state.screen(), action) {
        (Screen::Passages, action) => passages_action(state, action),
        (Screen::Picker, action) => return picker::apply(state, action),
        (Screen::Search, action) => return search::apply(state, action),
        (Screen::Compare, action) => return compare::apply(state, action),
        (Screen::Columns, action) => return columns::apply(state, action),
        (Screen::Reader, Action::NextShared | Action::PrevShared) => {
            let forward = action == Action::NextShared;
            if state.search.is_some() {
                search::jump(state, forward);
            } else {
                state.jump_shared(forward);
            }
        }
        (Screen::Reader, Action::Passages) => state.open_passages_panel(),
        (Screen::Reader, Action::Search) => search::start(state),
        (Screen::Reader, Action::Close) if state.search.is_some() => state.search = None,
        (Screen::List | Screen::Reader, Action::Compare | Action::Columns)
            if state.refuse_while_loading("compare") => {}
        (Screen::List | Screen::Reader, Action::Compare) => start_compare(state),
        (Screen::List, Action::Mark) => toggle_mark(state),
        (Screen::List | Screen::Reader, Action::Columns) => columns::open(state),
        (Screen::List, Action::Sort) => {
            state.sort = state.sort.next();
            sort_list(state);
            state.message = Some(format!("Sorted by {}", state.sort.label()));
        }
        _ => return None,
    }
    Some(None)
}

/// Keys on the shared-passage panel.
fn passages_action(state: &mut State, action: Action) {
    let Some(panel) = state.panel.as_mut() else {
        state.overlay = None;
        return;
    };
    let count = panel.entries.len();
    match action {
        Action::Down => panel.selected = (panel.selected + 1).min(count.saturating_sub(1)),
        Action::Up => panel.selected = panel.selected.saturating_sub(1),
        Action::Top => panel.selected = 0,
        Action::Bottom => panel.selected = count.saturating_sub(1),
        Action::Close => {
            state.overlay = None;
            state.panel = None;
        }
        Action::Open => {
            let Some(entry) = panel.entries.get(panel.selected).cloned() else {
                return;
            };
            let (origin, at) = (panel.origin, panel.byte_span.start);
            state.overlay = None;
            state.panel = None;
            compare::open(state, origin, entry.article, Some(at));
        }
        _ => {}
    }
}

/// `c`: the two marked articles, else the selected one and one to pick.
fn start_compare(state: &mut State) {
    if state.marks.len() == 2 {
        let (left, right) = (state.marks[0], state.marks[1]);
        state.marks.clear();
        compare::open(state, left, right, None);
        return;
    }
    let Some(article) = state.selected_article().map(|a| a.id) else {
        state.message = Some("No article to compare".to_owned());
        return;
    };
    if state.corpus.articles.len() < 2 {
        state.message = Some("Comparing needs a second article".to_owned());
        return;
    }
    picker::open(state, PickerTarget::CompareWith(article));
}

/// `m`: marks the selected article for comparing (the third mark drops the oldest).
fn toggle_mark(state: &mut State) {
    let Some(id) = state.selected_article().map(|a| a.id) else {
        return;
    };
    if let Some(at) = state.marks.iter().position(|&m| m == id) {
        state.marks.remove(at);
    } else {
        state.marks.push(id);
        if state.marks.len() > 2 {
            state.marks.remove(0);
        }
    }
    state.message = Some(match state.marks.len() {
        2 => "Two marked: c compares them".to_owned(),
        1 => "One marked: mark another, then c".to_owned(),
        _ => "No article marked".to_owned(),
    });
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

/// Selects `article` in the list (and so in the reader).
pub fn select_article(state: &mut State, article: ArticleId) {
    state.select_index(article.index());
}

impl State {
    /// What follows from size and data for the reuse views: the compare rows and the columns
    /// for the current size, a search that no longer matches the open article dropped.
    pub fn settle_views(&mut self) {
        if self.order.len() != self.corpus.articles.len() {
            sort_list(self);
        }
        compare::settle(self);
        columns::settle(self);
        let open = self.reader_article().map(|a| a.id);
        if self
            .search
            .as_ref()
            .is_some_and(|s| Some(s.article) != open)
        {
            self.search = None;
            if self.overlay == Some(Overlay::Search) {
                self.overlay = None;
            }
        }
        if self.overlay == Some(Overlay::Passages) && self.panel.is_none()
            || self.overlay == Some(Overlay::Picker) && self.picker.is_none()
            || self.overlay == Some(Overlay::Search) && self.search.is_none()
        {
            self.overlay = None;
        }
    }

    /// Detection's results have arrived: views built without them are built again.
    pub fn reuse_ready(&mut self) {
        if self.sort == SortKey::CopiedShare {
            sort_list(self);
        }
        compare::rebuild(self);
        columns::invalidate(self);
    }

    /// Back from a full-screen view to the reader on `article`.
    pub fn back_to_reader(&mut self, article: Option<ArticleId>) {
        self.view = crate::tui::app::views::View::Main;
        if let Some(article) = article {
            select_article(self, article);
            self.focus = Pane::Reader;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::testing::{press, seeds_state, with_reuse};

    #[test]
    fn s_cycles_the_sort_and_keeps_the_selection() {
        let mut state = with_reuse(seeds_state(120, 40));
        press(&mut state, "j");
        let before = state.selected_article().unwrap().name.clone();
        press(&mut state, "sss");
        assert_eq!(state.sort, SortKey::CopiedShare);
        assert_eq!(state.selected_article().unwrap().name, before);
        // The most copied article (001, 18%) heads the list, the one with none ends it.
        let names: Vec<&str> = state
            .order
            .iter()
            .map(|&i| state.corpus.articles[i].name.as_str())
            .collect();
        assert_eq!(names[0], "001_0d4e60a693cd02cb.txt");
        assert_eq!(names[4], "004_658e56c58bbd5c43.txt");
        press(&mut state, "s");
        assert_eq!(state.sort, SortKey::Name);
        assert_eq!(state.order, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn two_marks_and_c_open_the_compare_view() {
        let mut state = with_reuse(seeds_state(160, 40));
        press(&mut state, "jmjjm");
        assert_eq!(state.marks.len(), 2);
        press(&mut state, "c");
        assert_eq!(state.screen(), Screen::Compare);
        let compare = state.compare.as_ref().unwrap();
        assert_eq!(compare.pairing.left.index(), 1);
        assert_eq!(compare.pairing.right.index(), 3);
        assert!(state.marks.is_empty());
    }
}
