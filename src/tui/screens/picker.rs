//! The article picker: every article, filtered as the user types (letters in order, not
//! necessarily adjacent, as in most fuzzy finders), for choosing what to compare with.

use crossread::Corpus;

use crate::tui::app::action::Action;
use crate::tui::app::outcome::{Ctx, Msg, Outcome, PickerTarget};

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
        };
        refilter(&mut picker, corpus);
        picker
    }

    /// Keys on the picker: typing filters, Enter picks, Esc closes.
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Insert(c) => {
                self.query.push(c);
                refilter(self, ctx.corpus);
            }
            Action::DeleteChar => {
                self.query.pop();
                refilter(self, ctx.corpus);
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

/// Recomputes the matches for the query.
fn refilter(picker: &mut Picker, corpus: &Corpus) {
    let query: Vec<char> = picker
        .query
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut scored: Vec<(usize, usize)> = corpus
        .articles
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let haystack = format!("{} {} {}", a.outlet, a.title, a.name).to_lowercase();
            fuzzy_score(&haystack, &query).map(|score| (score, i))
        })
        .collect();
    scored.sort_unstable();
    picker.matches = scored.into_iter().map(|(_, i)| i).collect();
    picker.selected = 0;
    picker.offset = 0;
}

/// How loosely `query`'s characters sit, in order, in `haystack`: the length of the shortest
/// stretch from the first match greedily extended (smaller is better); `None` when they do not
/// all appear in order. An empty query matches everything equally.
pub fn fuzzy_score(haystack: &str, query: &[char]) -> Option<usize> {
    if query.is_empty() {
        return Some(0);
    }
    let chars: Vec<char> = haystack.chars().collect();
    let mut best = None;
    for start in 0..chars.len() {
        if chars[start] != query[0] {
            continue;
        }
        let mut at = start;
        let mut matched = 1;
        for &q in &query[1..] {
            match chars[at + 1..].iter().position(|&c| c == q) {
                Some(p) => {
                    at += 1 + p;
                    matched += 1;
                }
                None => break,
            }
        }
        if matched == query.len() {
            let span = at + 1 - start;
            best = Some(best.map_or(span, |b: usize| b.min(span)));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::screen::Screen;
    use crate::tui::testing::{press, seeds_state, with_reuse};

    #[test]
    fn fuzzy_scores_prefer_tight_matches() {
        let q = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(fuzzy_score("the irish times", &q("irish")), Some(5));
        assert_eq!(fuzzy_score("the irish times", &q("its")), Some(9));
        assert_eq!(fuzzy_score("the irish times", &q("xyz")), None);
        assert_eq!(fuzzy_score("", &q("")), Some(0));
    }

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
