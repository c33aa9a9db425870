//! The article picker: every article, filtered as the user types (letters in order, not
//! necessarily adjacent, as in most fuzzy finders), for choosing what to compare with or going
//! to an article of the list. Searching every article's text lists, instead, the articles
//! holding what is typed, most hits first. The query, matches and selection are the one list
//! picker of `pick.rs`, and the fuzzy matching `fuzzy.rs`'s, as for the label picker.

use crossread::Corpus;

use crate::tui::app::action::Action;
use crate::tui::app::outcome::{Ctx, Msg, Outcome, PickerTarget};
use crate::tui::fuzzy::Query;
use crate::tui::pick::ListPick;

/// The picker's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// What the pick is for.
    pub target: PickerTarget,
    /// What the user typed, the article indices that match (best first), the selected one.
    pub list: ListPick<usize>,
    /// When searching every article's text: the hits in each of the matches.
    pub hits: Vec<usize>,
    /// What each article is matched on (outlet, title, file name), by corpus index: built
    /// once when the picker opens, not per keystroke.
    haystacks: Vec<String>,
}

impl Picker {
    /// A picker over every article of `corpus`, nothing typed yet.
    pub fn new(target: PickerTarget, corpus: &Corpus) -> Picker {
        let mut picker = Picker {
            target,
            list: ListPick::default(),
            hits: Vec::new(),
            haystacks: corpus
                .articles
                .iter()
                .map(|a| format!("{} {} {}", a.outlet, a.title, a.name))
                .collect(),
        };
        refilter(&mut picker, corpus);
        picker
    }

    /// Keys on the picker: typing filters, Enter picks, Esc closes.
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Insert(c) => {
                self.list.query.push(c);
                refilter(self, ctx.corpus);
            }
            Action::DeleteChar => {
                self.list.query.pop();
                refilter(self, ctx.corpus);
            }
            Action::Down => self.list.move_by(1),
            Action::Up => self.list.move_by(-1),
            Action::PageDown => self.list.move_by(10),
            Action::PageUp => self.list.move_by(-10),
            Action::Close => return Outcome::Msg(Msg::Close),
            Action::Open => {
                let picked = self.list.selected_item().copied();
                let Some(article) = picked.and_then(|i| ctx.corpus.articles.get(i)) else {
                    self.list.clamp();
                    return Outcome::Msg(Msg::Status("No article matches".to_owned()));
                };
                return Outcome::Msg(Msg::Picked(self.target, article.id));
            }
            _ => {}
        }
        self.list.clamp();
        Outcome::Consumed
    }
}

/// Fewest characters searched for across every article: one or two letters hit nearly every
/// article and scan the whole corpus on each key.
pub const MIN_SEARCH_CHARS: usize = 3;

/// Recomputes the matches for the query.
fn refilter(picker: &mut Picker, corpus: &Corpus) {
    if picker.target == PickerTarget::SearchAll {
        search_text(picker, corpus);
        return;
    }
    // Whitespace is dropped, as in most fuzzy finders: "daily 8" finds what "daily8" finds.
    let query: String = picker
        .list
        .query
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut query = Query::new(&query);
    // Best first, ties in corpus order.
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
    picker
        .list
        .set_items(scored.into_iter().map(|(_, i)| i).collect());
}

/// The articles whose text holds the query (ASCII case aside), most hits first, then in
/// corpus order.
fn search_text(picker: &mut Picker, corpus: &Corpus) {
    let query = picker.list.query.trim();
    let mut counted: Vec<(usize, usize)> = if query.chars().count() < MIN_SEARCH_CHARS {
        Vec::new()
    } else {
        corpus
            .articles
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let n = crossread::view::find::find_all(a.text(), query).len();
                (n > 0).then_some((i, n))
            })
            .collect()
    };
    counted.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    picker
        .list
        .set_items(counted.iter().map(|&(i, _)| i).collect());
    picker.hits = counted.into_iter().map(|(_, n)| n).collect();
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert_eq!(picker.list.query, "daily8");
        assert_eq!(picker.list.items[0], 3);
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

    /// `/` in the list finds an article by outlet, title or file name; Enter selects it.
    #[test]
    fn slash_in_the_list_finds_an_article() {
        let mut state = seeds_state(80, 24);
        press(&mut state, "/");
        assert_eq!(state.screen(), Screen::Picker);
        assert_eq!(state.picker.as_ref().unwrap().target, PickerTarget::Find);
        press(&mut state, "irish");
        assert_eq!(
            state.picker.as_ref().unwrap().list.items[0],
            2,
            "best first"
        );
        press(&mut state, "<enter>");
        assert_eq!(state.screen(), Screen::List);
        assert_eq!(state.selected_index(), Some(2));
        // By file name too.
        press(&mut state, "/004_658<enter>");
        assert_eq!(state.selected_index(), Some(4));
    }

    /// `F` searches every article's text, lists the articles holding it by hits, and Enter
    /// opens the reader at the first hit with the search kept for `n`.
    #[test]
    fn f_searches_every_article_and_enter_opens_at_the_hit() {
        let mut state = seeds_state(100, 30);
        press(&mut state, "Fla");
        let screen = crate::tui::testing::screen_text(&state).join("\n");
        assert!(screen.contains("(type at least 3 characters)"), "{screen}");
        press(&mut state, "vrov");
        let picker = state.picker.as_ref().unwrap();
        let expected: Vec<usize> = state
            .corpus
            .articles
            .iter()
            .map(|a| crossread::view::find::find_all(a.text(), "lavrov").len())
            .collect();
        assert_eq!(
            picker.list.items.len(),
            expected.iter().filter(|&&n| n > 0).count()
        );
        assert!(
            picker.hits.windows(2).all(|w| w[0] >= w[1]),
            "most hits first"
        );
        let top = picker.list.items[0];
        assert_eq!(picker.hits[0], expected[top]);
        assert_eq!(picker.hits[0], *expected.iter().max().unwrap());
        let screen = crate::tui::testing::screen_text(&state).join("\n");
        assert!(
            screen.contains(&format!("{} hits  ", expected[top])),
            "{screen}"
        );
        press(&mut state, "<enter>");
        assert_eq!(state.screen(), Screen::Reader);
        assert_eq!(state.selected_index(), Some(top));
        let text = state.selected_article().unwrap().text().to_owned();
        let first = crossread::view::find::find_all(&text, "lavrov")[0].clone();
        assert!(state.cursor_span().unwrap().contains(&first.start));
        assert_eq!(state.message, Some(format!("/lavrov  1/{}", expected[top])));
        press(&mut state, "n");
        assert_eq!(state.message, Some(format!("/lavrov  2/{}", expected[top])));
    }
}
