//! The reuse views' share of `update`: which actions the shared-passage panel, the compare
//! view, the columns, the picker and the search take, the list's marks and sort order, and what
//! follows from size and detection results (`settle_views`). Kept out of `update.rs` so the
//! reader's own transitions stay readable; every function here is pure like `update`.

use crate::tui::app::state::{Overlay, State};

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

impl State {
    /// What follows from size and data for the reuse views: the compare rows and the columns
    /// for the current size, a search that no longer matches the open article dropped.
    pub fn settle_views(&mut self) {
        if self.order.len() != self.corpus.articles.len() {
            sort_list(self);
        }
        if let Some(compare) = self.compare.as_mut() {
            compare.settle(self.width, self.height, &self.corpus);
        }
        if self.view == View::Columns {
            let size = (self.width, self.height);
            self.columns.settle(size, &self.corpus, &self.order);
        }
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::state::Screen;
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
