//! The reuse views' share of `update`: which actions the shared-passage panel, the compare
//! view, the columns, the picker and the search take, the list's marks and sort order, and what
//! follows from size and detection results (`settle_views`). Kept out of `update.rs` so the
//! reader's own transitions stay readable; every function here is pure like `update`.

/// Which full-screen view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The article list and the reader.
    Main,
    /// Two articles side by side.
    Compare,
    /// Every article in a column.
    Columns,
    /// The outlet × outlet matrix.
    Matrix,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::screen::Screen;
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
