//! The one list picker: what the user typed, the items it matches (best first), the selected
//! one, and the window of items a box of some height shows around it. The article picker
//! (`screens/picker.rs`) and the label picker (`screens/tags/`) are this list over their own
//! items; both rank them with `fuzzy.rs`. Each draws its own rows (an article line, a label
//! with its ✓), in the window this gives.

/// A filtered list with a query and a selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPick<T> {
    /// What the user typed.
    pub query: String,
    /// What the query matches, best first.
    pub items: Vec<T>,
    /// Index of the selected item (kept in range by [`ListPick::clamp`]).
    pub selected: usize,
}

// Not derived: the derive would ask the items for a default too.
impl<T> Default for ListPick<T> {
    fn default() -> Self {
        ListPick {
            query: String::new(),
            items: Vec::new(),
            selected: 0,
        }
    }
}

impl<T> ListPick<T> {
    /// New matches for a new query: the selection goes back to the best one.
    pub fn set_items(&mut self, items: Vec<T>) {
        self.items = items;
        self.selected = 0;
    }

    /// The selected item, if any matches.
    pub fn selected_item(&self) -> Option<&T> {
        self.items.get(self.selected)
    }

    /// Moves the selection by `delta` items; [`ListPick::clamp`] keeps it on the last.
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self.selected.saturating_add_signed(delta);
    }

    /// Keeps the selection on an item (on 0 when none match).
    pub fn clamp(&mut self) {
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
    }

    /// The first item shown when `room` items fit: the list scrolls only once the selection
    /// would pass the last row.
    pub fn first_shown(&self, room: usize) -> usize {
        self.selected.saturating_sub(room.saturating_sub(1))
    }

    /// The items that fit in `room` rows, each with whether it is the selected one.
    pub fn shown(&self, room: usize) -> impl Iterator<Item = (bool, &T)> {
        let first = self.first_shown(room);
        self.items
            .iter()
            .enumerate()
            .skip(first)
            .take(room)
            .map(|(i, item)| (i == self.selected, item))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(n: usize) -> ListPick<usize> {
        let mut list = ListPick::default();
        list.set_items((0..n).collect());
        list
    }

    #[test]
    fn the_selection_moves_and_stays_on_an_item() {
        let mut list = list(3);
        list.move_by(10);
        list.clamp();
        assert_eq!(list.selected_item(), Some(&2));
        list.move_by(-1);
        assert_eq!(list.selected_item(), Some(&1));
        list.move_by(isize::MIN);
        assert_eq!(list.selected, 0);
        list.set_items(Vec::new());
        list.clamp();
        assert_eq!((list.selected, list.selected_item()), (0, None));
    }

    #[test]
    fn new_items_put_the_selection_back_on_the_best() {
        let mut list = list(5);
        list.move_by(3);
        list.set_items(vec![7, 8]);
        assert_eq!(list.selected_item(), Some(&7));
    }

    #[test]
    fn the_window_scrolls_only_past_the_last_row() {
        let mut list = list(10);
        let window = |list: &ListPick<usize>| -> Vec<(bool, usize)> {
            list.shown(3).map(|(on, &i)| (on, i)).collect()
        };
        assert_eq!(window(&list), [(true, 0), (false, 1), (false, 2)]);
        list.move_by(2);
        assert_eq!(list.first_shown(3), 0);
        list.move_by(1);
        assert_eq!(window(&list), [(false, 1), (false, 2), (true, 3)]);
        list.move_by(100);
        list.clamp();
        assert_eq!(list.first_shown(3), 7);
        assert_eq!(list.first_shown(0), 9, "no room: the selection alone");
    }
}
