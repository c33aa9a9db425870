//! Search in the open article: `/` starts typing, each key narrows the hits and moves the cursor
//! to the first hit from where it stood, Enter keeps the search (n/N walk its hits), Esc leaves
//! it. Matching ignores ASCII case only, so hits are byte spans of the text itself.

use std::ops::Range;

use crossread::ArticleId;

use crate::tui::app::action::Action;
use crate::tui::app::outcome::{Ctx, Msg, Outcome};

/// An active search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// The article searched.
    pub article: ArticleId,
    /// What the user typed.
    pub query: String,
    /// Where it occurs, in text order.
    pub hits: Vec<Range<usize>>,
    /// The cursor's byte when the search started: typing searches from there.
    pub origin: usize,
    /// The hit the cursor was last sent to (an index into `hits`): `n` goes on from it, so
    /// two hits in one sentence are two steps, and the status bar says `3/17`. In the compare
    /// view, an index into `in_compare`'s order instead.
    pub current: Option<usize>,
    /// When searching the compare view: its right article, that article's hits, and the hits
    /// of both sides in the order of the rows they show on (side 0 left, 1 right; byte).
    pub in_compare: Option<CompareHits>,
}

/// A search of both sides of the compare view.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CompareHits {
    /// The right-hand article.
    pub right: Option<ArticleId>,
    /// Its hits.
    pub right_hits: Vec<Range<usize>>,
    /// Every hit of both sides, top row first: (side, byte).
    pub order: Vec<(usize, usize)>,
}

impl Search {
    /// `/`: a search in `article`, typed from the cursor at byte `origin`.
    pub fn new(article: ArticleId, origin: usize) -> Search {
        Search {
            article,
            query: String::new(),
            hits: Vec::new(),
            origin,
            current: None,
            in_compare: None,
        }
    }

    /// `/` in the compare view: a search of both articles.
    pub fn in_compare(left: ArticleId, right: ArticleId) -> Search {
        Search {
            in_compare: Some(CompareHits {
                right: Some(right),
                ..CompareHits::default()
            }),
            ..Search::new(left, 0)
        }
    }

    /// Keys while typing a search: each narrows the hits and moves the reader's cursor to the
    /// first hit from the origin; Enter keeps the search, Esc drops it.
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Insert(c) => self.query.push(c),
            Action::DeleteChar => {
                self.query.pop();
            }
            // Enter keeps the search for n/N; with nothing typed there is nothing to keep.
            Action::Open if self.query.is_empty() => return Outcome::Msg(Msg::Close),
            Action::Open => {
                let none = self.hits.is_empty()
                    && self
                        .in_compare
                        .as_ref()
                        .is_none_or(|c| c.right_hits.is_empty());
                let status = none.then(|| format!("Not found: {}", self.query));
                return Outcome::Msg(Msg::Hide { status });
            }
            Action::Close => return Outcome::Msg(Msg::Close),
            _ => return Outcome::Consumed,
        }
        let text = ctx.corpus.article(self.article).map_or("", |a| a.text());
        self.hits = find_all(text, &self.query);
        if let Some(compare) = self.in_compare.as_mut() {
            let right = compare.right.and_then(|id| ctx.corpus.article(id));
            compare.right_hits = find_all(right.map_or("", |a| a.text()), &self.query);
            // The router orders them by row and shows the first.
            self.current = None;
            return Outcome::Msg(Msg::ShowCompareHit);
        }
        self.current = self
            .hits
            .iter()
            .position(|h| h.start >= self.origin)
            .or((!self.hits.is_empty()).then_some(0));
        match self.current.and_then(|i| self.hits.get(i)) {
            Some(hit) => Outcome::Msg(Msg::CursorTo(hit.start)),
            None => Outcome::Consumed,
        }
    }

    /// `3/17`: which hit the cursor is on, of how many.
    pub fn position(&self) -> Option<String> {
        let current = self.current?;
        let count = self
            .in_compare
            .as_ref()
            .map_or(self.hits.len(), |c| c.order.len());
        (current < count).then(|| format!("{}/{count}", current + 1))
    }

    /// `n`/`N` while a search is active: the next or previous hit, from the one the cursor is
    /// on (else from the cursor's sentence), round the end as vim does; the status bar says
    /// which hit of how many, and when the search went round.
    pub fn jump(&mut self, forward: bool, ctx: &Ctx) -> Outcome {
        let Some(cursor) = ctx.cursor.as_ref() else {
            return Outcome::Consumed;
        };
        let count = self.hits.len();
        if count == 0 {
            return Outcome::Msg(Msg::Status(format!("Not found: {}", self.query)));
        }
        let on_current = self
            .current
            .filter(|&i| self.hits.get(i).is_some_and(|h| cursor.contains(&h.start)));
        let (next, wrapped) = match (on_current, forward) {
            (Some(i), true) => ((i + 1) % count, i + 1 == count),
            (Some(i), false) => ((i + count - 1) % count, i == 0),
            (None, true) => match self.hits.iter().position(|h| h.start >= cursor.end) {
                Some(i) => (i, false),
                None => (0, true),
            },
            (None, false) => match self.hits.iter().rposition(|h| h.start < cursor.start) {
                Some(i) => (i, false),
                None => (count - 1, true),
            },
        };
        self.current = Some(next);
        let round = match (wrapped, forward) {
            (false, _) => "",
            (true, true) => "  (past the end: from the top)",
            (true, false) => "  (past the top: from the end)",
        };
        let status = format!("/{}  {}/{count}{round}", self.query, next + 1);
        Outcome::Msg(Msg::CursorToSaying(self.hits[next].start, status))
    }
}

pub use crossread::view::find::find_all;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::screen::Screen;
    use crate::tui::testing::{press, seeds_state};

    #[test]
    fn find_all_ignores_ascii_case_and_keeps_boundaries() {
        assert_eq!(find_all("Kyiv, kyiv; KYIV", "kyiv"), [0..4, 6..10, 12..16]);
        assert_eq!(find_all("Zelenskyy’s", "’s"), vec![9..13]);
        assert!(find_all("abc", "").is_empty());
        assert!(find_all("ab", "abc").is_empty());
    }

    #[test]
    fn slash_types_a_search_and_n_walks_its_hits() {
        let mut state = seeds_state(120, 40);
        press(&mut state, "j<enter>/lavrov");
        assert_eq!(state.screen(), Screen::Search);
        let hits = state.search.as_ref().unwrap().hits.clone();
        assert!(hits.len() >= 3, "{hits:?}");
        let text = state.selected_article().unwrap().text().to_owned();
        assert!(
            hits.iter()
                .all(|h| text[h.clone()].eq_ignore_ascii_case("lavrov"))
        );
        press(&mut state, "<enter>");
        assert_eq!(state.screen(), Screen::Reader);
        let first = state.cursor_span().unwrap();
        assert!(first.contains(&hits[0].start));
        press(&mut state, "n");
        let second = state.cursor_span().unwrap();
        assert!(second.start > first.start);
        assert!(hits.iter().any(|h| second.contains(&h.start)));
        press(&mut state, "N");
        assert_eq!(state.cursor_span().unwrap(), first);
        press(&mut state, "<esc>");
        assert!(state.search.is_none());
        assert_eq!(
            state.screen(),
            Screen::Reader,
            "Esc leaves the search first"
        );
        press(&mut state, "/zzqq<enter>");
        assert_eq!(state.message.as_deref(), Some("Not found: zzqq"));
    }

    /// Regression: after a search nothing said which hit the cursor was on, or that `n` had
    /// gone round to the top; two hits in one sentence were one step.
    #[test]
    fn n_says_which_hit_of_how_many_and_when_it_goes_round() {
        let corpus = crossread::Corpus::from_texts([(
            "a.txt",
            "Kyiv said no. Then Kyiv and kyiv again.\n\nNothing here. Last Kyiv.",
        )]);
        let mut state = crate::tui::testing::state_for(corpus, Vec::new(), 100, 20);
        press(&mut state, "<enter>/kyiv");
        let prompt = crate::tui::testing::screen_text(&state)
            .last()
            .cloned()
            .unwrap();
        assert!(prompt.contains("/kyiv▏  1/4"), "{prompt}");
        press(&mut state, "<enter>n");
        assert_eq!(state.message.as_deref(), Some("/kyiv  2/4"));
        press(&mut state, "n");
        assert_eq!(
            state.message.as_deref(),
            Some("/kyiv  3/4"),
            "same sentence"
        );
        assert_eq!(state.reader.cursor, 1);
        press(&mut state, "n");
        assert_eq!(state.message.as_deref(), Some("/kyiv  4/4"));
        press(&mut state, "n");
        assert_eq!(
            state.message.as_deref(),
            Some("/kyiv  1/4  (past the end: from the top)")
        );
        assert_eq!(state.reader.cursor, 0);
        press(&mut state, "N");
        assert_eq!(
            state.message.as_deref(),
            Some("/kyiv  4/4  (past the top: from the end)")
        );
    }
}
