//! The panel that lists where the passage under the reader's cursor appears: every other
//! article carrying it, closest copy first; Enter compares the origin with the one chosen.

use std::ops::Range;

use crossread::ArticleId;

use crate::tui::app::action::Action;
use crate::tui::app::outcome::{Msg, Outcome};
use crate::tui::app::reuse::Counterpart;

/// The panel of articles carrying one passage.
#[derive(Debug, Clone, PartialEq)]
pub struct PassagesPanel {
    /// The article the passage was opened from.
    pub origin: ArticleId,
    /// The passage there.
    pub byte_span: Range<usize>,
    /// The other articles carrying it.
    pub entries: Vec<Counterpart>,
    /// The selected entry.
    pub selected: usize,
    /// The passage's source hint seen from the origin (`← Reuters, 2 h earlier`).
    pub source: Option<String>,
}

impl PassagesPanel {
    /// Keys on the panel.
    pub fn update(&mut self, action: Action) -> Outcome {
        let count = self.entries.len();
        match action {
            Action::Down => self.selected = (self.selected + 1).min(count.saturating_sub(1)),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = count.saturating_sub(1),
            Action::Close => return Outcome::Msg(Msg::Close),
            Action::Open => {
                let Some(entry) = self.entries.get(self.selected) else {
                    return Outcome::Consumed;
                };
                return Outcome::Msg(Msg::Compare {
                    left: self.origin,
                    right: entry.article,
                    at: Some(self.byte_span.start),
                });
            }
            _ => {}
        }
        Outcome::Consumed
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::app::screen::Screen;
    use crate::tui::testing::{press, seeds_state, with_reuse};

    #[test]
    fn n_walks_the_shared_passages_and_enter_lists_the_copies() {
        let mut state = with_reuse(seeds_state(120, 40));
        // 001 (Lavrov pours cold water) shares four passages.
        press(&mut state, "j<enter>");
        let id = state.selected_article().unwrap().id;
        let starts: Vec<usize> = state
            .reuse
            .spans_of(id)
            .iter()
            .map(|s| s.byte_span.start)
            .collect();
        assert_eq!(starts.len(), 4);
        press(&mut state, "n");
        let cursor = state.cursor_span().unwrap();
        assert!(cursor.contains(&starts[0]) || cursor.start == starts[0]);
        press(&mut state, "nn");
        let third = state.shared_under_cursor().unwrap().byte_span.start;
        assert_eq!(third, starts[2]);
        press(&mut state, "N");
        assert_eq!(
            state.shared_under_cursor().unwrap().byte_span.start,
            starts[1]
        );
        press(&mut state, "<enter>");
        assert_eq!(state.screen(), Screen::Passages);
        let panel = state.panel.as_ref().unwrap();
        let names: Vec<&str> = panel
            .entries
            .iter()
            .map(|c| state.corpus.articles[c.article.index()].name.as_str())
            .collect();
        assert_eq!(names, ["002_bf921deb08cbc33a.txt"]);
        assert!(panel.entries[0].similarity.unwrap() > 0.7);
        press(&mut state, "<esc>");
        assert_eq!(state.screen(), Screen::Reader);
    }

    #[test]
    fn jumps_say_why_they_cannot_move() {
        let mut state = seeds_state(120, 40);
        press(&mut state, "<enter>n");
        assert_eq!(
            state.message.as_deref(),
            Some("Still looking for shared passages…")
        );
        let mut state = with_reuse(seeds_state(120, 40));
        press(&mut state, "G<enter>n");
        assert_eq!(
            state.message.as_deref(),
            Some("This article shares no passage with the others")
        );
        press(&mut state, "<enter>");
        assert_eq!(state.screen(), Screen::Reader);
        assert!(state.message.unwrap().starts_with("No shared passage"));
    }
}
