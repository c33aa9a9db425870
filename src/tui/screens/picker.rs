//! The article picker: every article, filtered as the user types (letters in order, not
//! necessarily adjacent, as in most fuzzy finders), for choosing what to compare with. The
//! matching is `fuzzy.rs`'s, the same as the label picker's.

use crossread::Corpus;

use crate::tui::app::action::Action;
use crate::tui::app::outcome::{Ctx, Msg, Outcome, PickerTarget};
use crate::tui::fuzzy::Query;

/// The picker's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// What the pick is for.
    pub target: PickerTarget,
    /// What the user typed.
    pub query: String,
    /// Article indices that match, best first.
    pub matches: Vec<usize>,
    /// The selected match.
    pub selected: usize,
    /// First match shown.
    pub offset: usize,
    /// What each article is matched on (outlet, title, file name), by corpus index: built
    /// once when the picker opens, not per keystroke.
    haystacks: Vec<String>,
}

impl Picker {
    /// A picker over every article of `corpus`, nothing typed yet.
    pub fn new(target: PickerTarget, corpus: &Corpus) -> Picker {
        let mut picker = Picker {
            target,
            query: String::new(),
            matches: Vec::new(),
            selected: 0,
            offset: 0,
            haystacks: corpus
                .articles
                .iter()
                .map(|a| format!("{} {} {}", a.outlet, a.title, a.name))
                .collect(),
        };
        refilter(&mut picker);
        picker
    }

    /// Keys on the picker: typing filters, Enter picks, Esc closes.
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Insert(c) => {
                self.query.push(c);
                refilter(self);
            }
            Action::DeleteChar => {
                self.query.pop();
                refilter(self);
            }
            Action::Down => self.selected += 1,
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageDown => self.selected += 10,
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::Close => return Outcome::Msg(Msg::Close),
            Action::Open => {
                let picked = self.matches.get(self.selected).copied();
                let Some(article) = picked.and_then(|i| ctx.corpus.articles.get(i)) else {
                    self.clamp();
                    return Outcome::Msg(Msg::Status("No article matches".to_owned()));
                };
                return Outcome::Msg(Msg::Picked(self.target, article.id));
            }
            _ => {}
        }
        self.clamp();
        Outcome::Consumed
    }

    fn clamp(&mut self) {
        self.selected = self.selected.min(self.matches.len().saturating_sub(1));
    }
}

/// Recomputes the matches for the query: best first, ties in corpus order.
fn refilter(picker: &mut Picker) {
    // Whitespace is dropped, as in most fuzzy finders: "daily 8" finds what "daily8" finds.
    let query: String = picker
        .query
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut query = Query::new(&query);
    let mut scored: Vec<(std::cmp::Reverse<u32>, usize)> = picker
        .haystacks
        .iter()
        .enumerate()
        .filter_map(|(i, haystack)| {
            query
                .score(haystack)
                .map(|score| (std::cmp::Reverse(score), i))
        })
        .collect();
    scored.sort_unstable();
    picker.matches = scored.into_iter().map(|(_, i)| i).collect();
    picker.selected = 0;
    picker.offset = 0;
}

#[cfg(test)]
mod tests {
    use crate::tui::app::screen::Screen;
    use crate::tui::testing::{press, seeds_state, with_reuse};

    #[test]
    fn c_then_typing_filters_and_enter_compares() {
        let mut state = with_reuse(seeds_state(160, 40));
        press(&mut state, "jc");
        assert_eq!(state.screen(), Screen::Picker);
        // Typed letters filter, even those bound elsewhere (q does not quit here).
        press(&mut state, "daily8q<backspace>");
        let picker = state.picker.as_ref().unwrap();
        assert_eq!(picker.query, "daily8");
        assert_eq!(picker.matches[0], 3);
        press(&mut state, "<enter>");
        assert_eq!(state.screen(), Screen::Compare);
        let compare = state.compare.as_ref().unwrap();
        assert_eq!(
            (compare.pairing.left.index(), compare.pairing.right.index()),
            (1, 3)
        );
        // O picks the right side again.
        press(&mut state, "Oirish<enter>");
        let compare = state.compare.as_ref().unwrap();
        assert_eq!(compare.pairing.right.index(), 2);
        press(&mut state, "ozzzz<enter><esc>");
        assert_eq!(state.screen(), Screen::Compare);
        assert_eq!(state.compare.as_ref().unwrap().pairing.left.index(), 1);
    }
}
