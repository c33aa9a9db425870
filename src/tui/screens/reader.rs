//! The reader's sentence cursor and selection: where they are as byte spans, how they move (by
//! sentence, by paragraph, by page), and how the view follows them. Kept apart from
//! `app/state.rs` because every feature that points at text (tags, reuse highlights, jumps) goes through it.
//!
//! Two rules keep cursor and view consistent: an action that moves the cursor scrolls the view
//! just enough to show it ([`State::reveal_cursor`]); an action that moves the view (the wheel)
//! pulls the cursor onto the nearest sentence still in view ([`State::cursor_into_view`]).

use std::ops::Range;

use crossread::Article;

use crate::tui::app::state::State;

/// A cursor move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    /// To the next (positive) or previous (negative) sentence, this many times.
    Sentences(isize),
    /// To the first sentence of the next paragraph, or of this (else the previous) one.
    NextParagraph,
    /// To the first sentence of this paragraph, or of the previous one when already there.
    PrevParagraph,
    /// A page down (positive) or up: the view scrolls and the cursor keeps its row.
    Pages(isize),
    /// To the first sentence.
    First,
    /// To the last sentence.
    Last,
}

impl State {
    /// The article the reader's lines and cursor belong to: the selected article, once it
    /// has been wrapped (a hidden pane keeps the previous article's lines).
    pub fn reader_article(&self) -> Option<&Article> {
        let article = self.selected_article()?;
        (self.reader.wrapped_for.map(|(id, _)| id) == Some(article.id)).then_some(article)
    }

    /// The sentences under the cursor or selection, as a range of sentence indices (empty in an
    /// article with no sentences).
    pub fn selected_sentences(&self) -> Range<usize> {
        let count = self
            .selected_article()
            .map_or(0, |a| a.segmentation.sentences.len());
        if count == 0 {
            return 0..0;
        }
        let cursor = self.reader.cursor.min(count - 1);
        let anchor = self
            .reader
            .selection_anchor
            .unwrap_or(cursor)
            .min(count - 1);
        cursor.min(anchor)..cursor.max(anchor) + 1
    }

    /// The byte span of the cursor's sentence in the selected article's text.
    pub fn cursor_span(&self) -> Option<Range<usize>> {
        let article = self.selected_article()?;
        article
            .segmentation
            .sentences
            .get(self.reader.cursor)
            .map(|s| s.byte_span.clone())
    }

    /// The byte span from the first to the last selected sentence (the cursor's sentence when
    /// nothing is selected): what `t` tags.
    pub fn selection_span(&self) -> Option<Range<usize>> {
        let article = self.selected_article()?;
        let sentences = self.selected_sentences();
        let first = article.segmentation.sentences.get(sentences.start)?;
        let last = article.segmentation.sentences.get(sentences.end - 1)?;
        Some(first.byte_span.start..last.byte_span.end)
    }

    /// Puts the cursor on the sentence at (or first after) `byte_offset` of the selected
    /// article and scrolls to show it: how jumps (to a tag, to a match) land.
    pub fn cursor_to_byte(&mut self, byte_offset: usize) {
        let Some(article) = self.selected_article() else {
            return;
        };
        let sentences = &article.segmentation.sentences;
        let sentence = article
            .segmentation
            .sentence_at(byte_offset)
            .unwrap_or(sentences.len().saturating_sub(1));
        self.reader.cursor = sentence;
        self.reveal_cursor();
    }

    /// Moves the cursor (and the selection's moving end) and scrolls to show it.
    pub fn move_cursor(&mut self, motion: Motion) {
        let Some(article) = self.reader_article() else {
            return;
        };
        let sentences = &article.segmentation.sentences;
        let count = sentences.len();
        if count == 0 {
            return;
        }
        let cursor = self.reader.cursor.min(count - 1);
        let paragraph_start = |p: usize| sentences.partition_point(|s| s.paragraph < p);
        let target = match motion {
            Motion::Sentences(delta) => cursor.saturating_add_signed(delta).min(count - 1),
            Motion::First => 0,
            Motion::Last => count - 1,
            Motion::NextParagraph => {
                let next =
                    sentences.partition_point(|s| s.paragraph <= sentences[cursor].paragraph);
                next.min(count - 1)
            }
            Motion::PrevParagraph => {
                let start = paragraph_start(sentences[cursor].paragraph);
                if start < cursor || start == 0 {
                    start
                } else {
                    paragraph_start(sentences[start - 1].paragraph)
                }
            }
            Motion::Pages(pages) => {
                self.page_cursor(pages);
                return;
            }
        };
        self.reader.cursor = target;
        self.reveal_cursor();
        if motion == Motion::Last {
            // The end of the article, not only the start of its last sentence: that sentence
            // can be a whole page saved as one line, thousands of screen lines long.
            let page = self.reader_page();
            self.reader.scroll = self.reader.lines.len().saturating_sub(page);
        }
    }

    /// Scrolls by pages and keeps the cursor on the same screen row; at either end of the
    /// article, where the view cannot move, the cursor goes to the first or last sentence.
    fn page_cursor(&mut self, pages: isize) {
        let Some(article) = self.reader_article() else {
            return;
        };
        let sentences = &article.segmentation.sentences;
        let Some(span) = self.cursor_span() else {
            return;
        };
        let page = self.reader_page();
        let step = isize::try_from(page.saturating_sub(1).max(1)).unwrap_or(isize::MAX);
        let max_scroll = self.reader.lines.len().saturating_sub(page);
        let row = self
            .reader
            .line_of(span.start)
            .saturating_sub(self.reader.scroll);
        let scroll = self
            .reader
            .scroll
            .saturating_add_signed(step.saturating_mul(pages))
            .min(max_scroll);
        let target = if scroll == self.reader.scroll {
            if pages > 0 { sentences.len() - 1 } else { 0 }
        } else {
            let line = (scroll + row).min(self.reader.lines.len().saturating_sub(1));
            let byte = self.reader.lines.get(line).map_or(0, |l| l.byte_span.start);
            // The first sentence starting on that row or after, so the view need not move
            // back to show a sentence begun above it; a sentence longer than the rest of the
            // page is taken where it stands.
            let starting = sentences.partition_point(|s| s.byte_span.start < byte);
            let bottom = scroll + page;
            match sentences.get(starting) {
                Some(s) if self.reader.line_of(s.byte_span.start) < bottom => starting,
                _ => article
                    .segmentation
                    .sentence_at(byte)
                    .unwrap_or(sentences.len() - 1),
            }
        };
        self.reader.scroll = scroll;
        self.reader.cursor = target;
        self.reveal_cursor();
    }

    /// Starts a selection at the cursor, or ends the one under way (keeping the cursor).
    pub fn toggle_selection(&mut self) {
        self.reader.selection_anchor = match self.reader.selection_anchor {
            Some(_) => None,
            None => Some(self.reader.cursor),
        };
    }

    /// Keeps cursor and selection anchor inside the article's sentences.
    pub fn clamp_cursor(&mut self) {
        let count = self
            .selected_article()
            .map_or(0, |a| a.segmentation.sentences.len());
        let last = count.saturating_sub(1);
        self.reader.cursor = self.reader.cursor.min(last);
        self.reader.selection_anchor = self.reader.selection_anchor.map(|a| a.min(last));
    }

    /// Scrolls the least that shows the cursor's sentence: all of it when it fits, else its
    /// first line.
    pub fn reveal_cursor(&mut self) {
        if self.reader_article().is_none() {
            return;
        }
        let Some(span) = self.cursor_span() else {
            return;
        };
        let lines = self.reader.lines_of(&span);
        let page = self.reader_page().max(1);
        if lines.start < self.reader.scroll {
            self.reader.scroll = lines.start;
        } else if lines.end > self.reader.scroll + page {
            self.reader.scroll = lines.end.saturating_sub(page).min(lines.start);
        }
    }

    /// After the view moved on its own (the wheel), puts a cursor that left it on the nearest
    /// sentence still in view.
    pub fn cursor_into_view(&mut self) {
        let Some(article) = self.reader_article() else {
            return;
        };
        let sentences = &article.segmentation.sentences;
        let Some(span) = self.cursor_span() else {
            return;
        };
        let page = self.reader_page().max(1);
        let top = self.reader.scroll;
        let bottom = (top + page).min(self.reader.lines.len());
        let lines = self.reader.lines_of(&span);
        if lines.end <= top {
            let byte = self.reader.lines.get(top).map_or(0, |l| l.byte_span.start);
            if let Some(sentence) = article.segmentation.sentence_at(byte) {
                self.reader.cursor = sentence;
            }
        } else if lines.start >= bottom && bottom > 0 {
            let end = self.reader.lines[bottom - 1].byte_span.end;
            let sentence = sentences.partition_point(|s| s.byte_span.start < end);
            self.reader.cursor = sentence.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::action::Action;
    use crate::tui::app::update::update;
    use crate::tui::testing::{press, seeds_state, state_for};
    use crossread::Corpus;

    /// The text of the cursor's sentence.
    fn cursor_text(state: &State) -> String {
        let span = state.cursor_span().unwrap();
        state.selected_article().unwrap().text()[span].to_owned()
    }

    fn cursor_visible(state: &State) -> bool {
        let lines = state.reader.lines_of(&state.cursor_span().unwrap());
        lines.start < state.reader.scroll + state.reader_page() && lines.end > state.reader.scroll
    }

    fn three_paragraphs() -> State {
        let text = "One. Two. Three.\n\nFour. Five.\n\nSix.";
        state_for(Corpus::from_texts([("a.txt", text)]), Vec::new(), 80, 24)
    }

    #[test]
    fn j_and_k_move_by_sentence_and_stop_at_the_ends() {
        let mut state = three_paragraphs();
        press(&mut state, "<enter>");
        assert_eq!(cursor_text(&state), "One.");
        press(&mut state, "jj");
        assert_eq!(cursor_text(&state), "Three.");
        press(&mut state, "<down>");
        assert_eq!(cursor_text(&state), "Four.");
        press(&mut state, "jjjjjj");
        assert_eq!(cursor_text(&state), "Six.");
        press(&mut state, "k<up>");
        assert_eq!(cursor_text(&state), "Four.");
        press(&mut state, "kkkkkk");
        assert_eq!(cursor_text(&state), "One.");
    }

    #[test]
    fn braces_and_capitals_move_by_paragraph() {
        let mut state = three_paragraphs();
        press(&mut state, "<enter>j}");
        assert_eq!(cursor_text(&state), "Four.");
        press(&mut state, "J");
        assert_eq!(cursor_text(&state), "Six.");
        press(&mut state, "}");
        assert_eq!(cursor_text(&state), "Six.", "stays on the last sentence");
        press(&mut state, "{");
        assert_eq!(cursor_text(&state), "Four.");
        press(&mut state, "j{");
        assert_eq!(
            cursor_text(&state),
            "Four.",
            "first to this paragraph's start"
        );
        press(&mut state, "K");
        assert_eq!(cursor_text(&state), "One.");
        press(&mut state, "{");
        assert_eq!(cursor_text(&state), "One.");
    }

    #[test]
    fn the_view_follows_the_cursor_down_a_long_article() {
        let mut state = seeds_state(120, 40);
        press(&mut state, "jj<enter>");
        let count = state
            .selected_article()
            .unwrap()
            .segmentation
            .sentences
            .len();
        for _ in 0..count + 3 {
            press(&mut state, "j");
            assert!(cursor_visible(&state), "cursor {}", state.reader.cursor);
        }
        assert_eq!(state.reader.cursor, count - 1);
        assert_eq!(
            state.reader.scroll,
            state.reader.lines.len() - state.reader_page(),
            "the last sentence ends the view"
        );
        press(&mut state, "g");
        assert_eq!((state.reader.cursor, state.reader.scroll), (0, 0));
        press(&mut state, "G");
        assert_eq!(state.reader.cursor, count - 1);
        assert!(cursor_visible(&state));
    }

    #[test]
    fn pages_move_view_and_cursor_together() {
        let mut state = seeds_state(80, 24);
        press(&mut state, "jj<enter>");
        let page = state.reader_page();
        press(&mut state, "<pgdn>");
        assert_eq!(state.reader.scroll, page - 1);
        assert!(cursor_visible(&state));
        let first_shown = state.reader.lines[state.reader.scroll].byte_span.start;
        let span = state.cursor_span().unwrap();
        assert!(
            span.end > first_shown,
            "the cursor sits on the top row: {span:?} vs {first_shown}"
        );
        let row = state.reader.line_of(span.start) - state.reader.scroll;
        press(&mut state, "<pgup>");
        assert_eq!(state.reader.scroll, 0);
        let span = state.cursor_span().unwrap();
        let now = state.reader.line_of(span.start);
        assert!(
            row <= now && now < state.reader_page(),
            "the cursor keeps its row, or the next sentence start: {row} -> {now}"
        );
        press(&mut state, "<pgup>");
        assert_eq!(
            state.reader.cursor, 0,
            "at the top a page up goes to the first sentence"
        );
        for _ in 0..50 {
            press(&mut state, "<pgdn>");
            assert!(cursor_visible(&state));
        }
        let count = state
            .selected_article()
            .unwrap()
            .segmentation
            .sentences
            .len();
        assert_eq!(
            state.reader.cursor,
            count - 1,
            "paging past the end lands on the last"
        );
    }

    #[test]
    fn the_wheel_scrolls_and_pulls_the_cursor_into_view() {
        let mut state = seeds_state(120, 40);
        press(&mut state, "jj<enter>");
        let reader = state.layout.reader;
        let wheel = |state: &mut State, lines| {
            update(
                state,
                Action::Scroll {
                    column: reader.x + 5,
                    row: reader.y + 5,
                    lines,
                },
            );
        };
        wheel(&mut state, 9);
        assert_eq!(
            state.reader.scroll, 9,
            "the wheel moves the view, not the cursor"
        );
        assert!(cursor_visible(&state));
        let top = state.reader.lines[9].byte_span.start;
        assert!(state.cursor_span().unwrap().end > top);
        press(&mut state, "G");
        wheel(&mut state, -30);
        assert!(cursor_visible(&state));
        let bottom = state.reader.scroll + state.reader_page() - 1;
        let last_shown = state.reader.lines[bottom].byte_span.end;
        assert!(state.cursor_span().unwrap().start < last_shown);
    }

    #[test]
    fn resizing_keeps_the_cursor_on_its_sentence_and_in_view() {
        let mut state = seeds_state(120, 40);
        press(&mut state, "jj<enter>jjjjjjjjjjjj");
        let sentence = state.reader.cursor;
        update(&mut state, Action::Resize(62, 12));
        assert_eq!(state.reader.cursor, sentence);
        assert!(cursor_visible(&state));
        update(&mut state, Action::Resize(200, 60));
        assert_eq!(state.reader.cursor, sentence);
        assert!(cursor_visible(&state));
    }

    #[test]
    fn v_selects_sentences_and_esc_cancels() {
        let mut state = three_paragraphs();
        press(&mut state, "<enter>jvjj");
        assert_eq!(state.selected_sentences(), 1..4);
        let text = state.selected_article().unwrap().text();
        assert_eq!(
            &text[state.selection_span().unwrap()],
            "Two. Three.\n\nFour."
        );
        press(&mut state, "kkkk");
        assert_eq!(
            state.selected_sentences(),
            0..2,
            "the selection turns round"
        );
        press(&mut state, "<esc>");
        assert_eq!(state.reader.selection_anchor, None);
        assert_eq!(
            state.focus,
            crate::tui::app::screen::Pane::Reader,
            "esc first drops the selection"
        );
        assert_eq!(state.selected_sentences(), 0..1);
        press(&mut state, "<esc>");
        assert_eq!(state.focus, crate::tui::app::screen::Pane::List);
    }

    #[test]
    fn a_new_article_starts_with_the_cursor_at_its_top() {
        let mut state = seeds_state(120, 40);
        press(&mut state, "<enter>jjjjv<esc><esc>j");
        assert_eq!(state.reader.cursor, 0);
        assert_eq!(state.reader.selection_anchor, None);
    }

    #[test]
    fn articles_without_sentences_ignore_cursor_keys() {
        let corpus = Corpus::from_texts([("a.txt", ""), ("b.txt", "   \n\n  ")]);
        let mut state = state_for(corpus, Vec::new(), 80, 24);
        press(&mut state, "<enter>jk}{JKgG<pgdn><pgup>v");
        assert_eq!(state.cursor_span(), None);
        assert_eq!(state.selected_sentences(), 0..0);
        press(&mut state, "<esc><esc>j<enter>jv");
        assert_eq!(state.selection_span(), None);
    }
}

#[cfg(test)]
mod jump_tests {
    use crate::tui::testing::{press, seeds_state};

    #[test]
    fn a_jump_to_a_byte_lands_on_its_sentence_in_view() {
        let mut state = seeds_state(80, 24);
        press(&mut state, "jj<enter>");
        let article = state.selected_article().unwrap();
        let target = article.segmentation.sentences[30].byte_span.clone();
        state.cursor_to_byte(target.start + 3);
        assert_eq!(state.reader.cursor, 30);
        let lines = state.reader.lines_of(&target);
        assert!(lines.start >= state.reader.scroll);
        assert!(lines.end <= state.reader.scroll + state.reader_page());
        state.cursor_to_byte(usize::MAX);
        assert_eq!(
            state.reader.cursor,
            state
                .selected_article()
                .unwrap()
                .segmentation
                .sentences
                .len()
                - 1
        );
    }
}

#[cfg(test)]
mod huge_article_tests {
    use crate::tui::testing::{press, screen_text, state_for};
    use crossread::Corpus;

    #[test]
    fn a_long_article_opens_and_jumps_to_its_end_and_back() {
        // 4 MB: 40,000 paragraphs, and one paragraph of 1 MB on a single line.
        let mut text = String::new();
        for i in 0..40_000 {
            text.push_str(&format!(
                "Paragraph {i} says one thing. Then another thing.\n\n"
            ));
        }
        text.push_str(&"A line that never ends, ".repeat(40_000));
        text.push_str("The last sentence.");
        let mut state = state_for(
            Corpus::from_texts([("huge.txt", text.as_str()), ("b.txt", "Short.")]),
            Vec::new(),
            80,
            24,
        );
        press(&mut state, "<enter>G");
        let article = state.selected_article().unwrap();
        let last = article.segmentation.sentences.len() - 1;
        assert_eq!(state.reader.cursor, last);
        assert_eq!(
            state.reader.scroll,
            state.reader.lines.len() - state.reader_page()
        );
        let screen = screen_text(&state).join("\n");
        assert!(screen.contains("The last sentence."), "{screen}");
        assert!(screen.contains("Bot"), "{screen}");
        press(&mut state, "g");
        assert_eq!((state.reader.cursor, state.reader.scroll), (0, 0));
        assert!(screen_text(&state).join("\n").contains("Paragraph 0 says"));
        // The one-line paragraph wraps to many screen lines, all of them inside the pane.
        let long = &state.selected_article().unwrap().segmentation.paragraphs[40_000];
        let lines = state.reader.lines_of(&long.byte_span);
        assert!(lines.len() > 10_000, "{lines:?}");
    }
}
