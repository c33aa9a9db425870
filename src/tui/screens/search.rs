//! Search in the open article: `/` starts typing, each key narrows the hits and moves the cursor
//! to the first hit from where it stood, Enter keeps the search (n/N walk its hits), Esc leaves
//! it. Matching ignores ASCII case only, so hits are byte spans of the text itself.

use std::ops::Range;

use crossread::ArticleId;

use crate::tui::app::action::{Action, Effect};
use crate::tui::app::state::{Overlay, State};

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

/// `/`: starts a search in the reader's article.
pub fn start(state: &mut State) {
    let Some(article) = state.reader_article().map(|a| a.id) else {
        return;
    };
    let origin = state.cursor_span().map_or(0, |s| s.start);
    state.search = Some(Search {
        article,
        query: String::new(),
        hits: Vec::new(),
        origin,
    });
    state.overlay = Some(Overlay::Search);
}

/// Keys while typing a search.
pub fn apply(state: &mut State, action: Action) -> Option<Option<Effect>> {
    let Some(search) = state.search.as_mut() else {
        state.overlay = None;
        return Some(None);
    };
    match action {
        Action::Insert(c) => search.query.push(c),
        Action::DeleteChar => {
            search.query.pop();
        }
        Action::Open => {
            state.overlay = None;
            if search.query.is_empty() {
                state.search = None;
            } else if search.hits.is_empty() {
                state.message = Some(format!("Not found: {}", search.query));
            }
            return Some(None);
        }
        Action::Close => {
            state.search = None;
            state.overlay = None;
            return Some(None);
        }
        _ => return Some(None),
    }
    let text = state
        .corpus
        .article(search.article)
        .map_or("", |a| a.text());
    search.hits = find_all(text, &search.query);
    let origin = search.origin;
    let first = search
        .hits
        .iter()
        .find(|h| h.start >= origin)
        .or(search.hits.first())
        .map(|h| h.start);
    if let Some(byte) = first {
        state.cursor_to_byte(byte);
    }
    Some(None)
}

/// `n`/`N` while a search is active: the next or previous hit after the cursor's sentence.
pub fn jump(state: &mut State, forward: bool) {
    let Some(search) = state.search.as_ref() else {
        return;
    };
    let Some(cursor) = state.cursor_span() else {
        return;
    };
    let target = if forward {
        search
            .hits
            .iter()
            .find(|h| h.start >= cursor.end)
            .or(search.hits.first())
    } else {
        search
            .hits
            .iter()
            .rev()
            .find(|h| h.start < cursor.start)
            .or(search.hits.last())
    }
    .map(|h| h.start);
    match target {
        Some(byte) => state.cursor_to_byte(byte),
        None => state.message = Some(format!("Not found: {}", search.query)),
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
    use crate::tui::app::state::Screen;
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
