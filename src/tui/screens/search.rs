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
}

impl Search {
    /// `/`: a search in `article`, typed from the cursor at byte `origin`.
    pub fn new(article: ArticleId, origin: usize) -> Search {
        Search {
            article,
            query: String::new(),
            hits: Vec::new(),
            origin,
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
                let status = self
                    .hits
                    .is_empty()
                    .then(|| format!("Not found: {}", self.query));
                return Outcome::Msg(Msg::Hide { status });
            }
            Action::Close => return Outcome::Msg(Msg::Close),
            _ => return Outcome::Consumed,
        }
        let text = ctx.corpus.article(self.article).map_or("", |a| a.text());
        self.hits = find_all(text, &self.query);
        let first = self
            .hits
            .iter()
            .find(|h| h.start >= self.origin)
            .or(self.hits.first())
            .map(|h| h.start);
        match first {
            Some(byte) => Outcome::Msg(Msg::CursorTo(byte)),
            None => Outcome::Consumed,
        }
    }

    /// `n`/`N` while a search is active: the next or previous hit after the cursor's sentence.
    pub fn jump(&self, forward: bool, ctx: &Ctx) -> Outcome {
        let Some(cursor) = ctx.cursor.as_ref() else {
            return Outcome::Consumed;
        };
        let target = if forward {
            self.hits
                .iter()
                .find(|h| h.start >= cursor.end)
                .or(self.hits.first())
        } else {
            self.hits
                .iter()
                .rev()
                .find(|h| h.start < cursor.start)
                .or(self.hits.last())
        }
        .map(|h| h.start);
        match target {
            Some(byte) => Outcome::Msg(Msg::CursorTo(byte)),
            None => Outcome::Msg(Msg::Status(format!("Not found: {}", self.query))),
        }
    }
}

/// Every occurrence of `query` in `text`, ignoring ASCII case, not overlapping.
pub fn find_all(text: &str, query: &str) -> Vec<Range<usize>> {
    let needle = query.as_bytes();
    let hay = text.as_bytes();
    let mut out = Vec::new();
    if needle.is_empty() || needle.len() > hay.len() {
        return out;
    }
    let mut at = 0;
    while at + needle.len() <= hay.len() {
        // The needle is a whole str, so a match starts and ends on char boundaries.
        if hay[at..at + needle.len()].eq_ignore_ascii_case(needle) {
            out.push(at..at + needle.len());
            at += needle.len();
        } else {
            at += 1;
        }
    }
    out
}

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
}
