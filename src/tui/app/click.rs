//! A left click: on a row of the article list it selects that article, on the reading pane's
//! text it puts the cursor on the sentence under the pointer, on a row of the tag panel or
//! the list of tags it highlights that tag. Found through the same layout
//! and wrapped lines that render draws, so what is clicked is what was seen.

use ratatui::layout::Position;
use unicode_segmentation::UnicodeSegmentation as _;
use unicode_width::UnicodeWidthStr as _;

use crossread::view::wrap::display_grapheme;

use crate::tui::app::screen::{Overlay, Pane};
use crate::tui::app::state::State;
use crate::tui::app::views::View;
use crate::tui::screens::tags::PANEL_HEADER_ROWS;

/// Selects what is under the pointer at (`column`, `row`); a click elsewhere does nothing.
pub fn click_at(state: &mut State, column: u16, row: u16) {
    let at = Position::new(column, row);
    if matches!(state.overlay, Some(Overlay::TagPanel | Overlay::TagList)) {
        click_tag_row(state, at);
        return;
    }
    // Other overlays, compare and columns keep to their keys for now.
    if state.overlay.is_some() || state.view != View::Main {
        return;
    }
    let list = state.layout.list_inner;
    if list.contains(at) {
        let item = usize::from((row - list.y) / state.layout.list_rows_per_item());
        let index = state.list.offset + item;
        if index < state.list_len() {
            state.list.selected = index;
            state.focus = Pane::List;
        }
        return;
    }
    let text_area = state.layout.reader_text;
    if !text_area.contains(at) {
        return;
    }
    let line_index = state.reader.scroll + usize::from(row - text_area.y);
    let Some(line) = state.reader.lines.get(line_index) else {
        return;
    };
    let Some(article) = state.selected_article() else {
        return;
    };
    if line.is_blank() {
        return;
    }
    let text = article.text();
    let Some(shown) = text.get(line.byte_span.clone()) else {
        return;
    };
    // Walk the line's graphemes by the width render gives them, to the clicked column.
    let target = usize::from(column - text_area.x);
    let mut x = 0;
    let mut offset = line.byte_span.start;
    for (start, grapheme) in shown.grapheme_indices(true) {
        let width = display_grapheme(grapheme).width();
        offset = line.byte_span.start + start;
        if x + width > target {
            break;
        }
        x += width;
    }
    if let Some(sentence) = article.segmentation.sentence_at(offset) {
        state.reader.cursor = sentence;
        state.focus = Pane::Reader;
    }
}

/// Highlights the tag row under the pointer in the tag panel or the list of every tag.
fn click_tag_row(state: &mut State, at: Position) {
    let text = state.layout.panel_text;
    let first_row = text.y.saturating_add(PANEL_HEADER_ROWS);
    if !text.contains(at) || at.y < first_row {
        return;
    }
    let view = if state.overlay == Some(Overlay::TagList) {
        &mut state.tags.all
    } else {
        &mut state.tags.panel
    };
    let index = view.offset + usize::from(at.y - first_row);
    if index < view.shown.len() {
        view.selected = index;
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::app::action::Action;
    use crate::tui::app::screen::{Pane, Screen};
    use crate::tui::app::update::update;
    use crate::tui::testing::{draw, press, screen_text, seeds_state};

    #[test]
    fn a_click_selects_an_article_and_a_sentence() {
        let mut state = seeds_state(120, 40);
        // The third article's title row.
        let list = state.layout.list_inner;
        let rows = state.layout.list_rows_per_item();
        update(
            &mut state,
            Action::Click {
                column: list.x + 3,
                row: list.y + 2 * rows,
            },
        );
        assert_eq!(state.list.selected, 2);
        assert_eq!(state.focus, Pane::List);
        // Below the last article: nothing changes.
        update(
            &mut state,
            Action::Click {
                column: list.x + 3,
                row: list.bottom() - 1,
            },
        );
        assert_eq!(state.list.selected, 2);

        // A word of a later sentence in the reader: the cursor goes to its sentence.
        let text = screen_text(&state);
        let needle = "Kremlin rejects";
        let (y, line) = text
            .iter()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .unwrap();
        let x = line[..line.find(needle).unwrap()].chars().count();
        update(
            &mut state,
            Action::Click {
                column: u16::try_from(x + 3).unwrap(),
                row: u16::try_from(y).unwrap(),
            },
        );
        assert_eq!(state.screen(), Screen::Reader);
        let article = state.selected_article().unwrap();
        let sentence = &article.segmentation.sentences[state.reader.cursor];
        assert!(
            article.text()[sentence.byte_span.clone()].starts_with(needle),
            "{:?}",
            &article.text()[sentence.byte_span.clone()]
        );
        assert_ne!(state.reader.cursor, 0);
        // Keys go on from there.
        let before = state.reader.cursor;
        press(&mut state, "j");
        assert_eq!(state.reader.cursor, before + 1);
        // Borders and the status bar do nothing; nothing panics at any size.
        update(&mut state, Action::Click { column: 0, row: 0 });
        update(
            &mut state,
            Action::Click {
                column: 119,
                row: 39,
            },
        );
        assert_eq!(state.reader.cursor, before + 1);
        for (w, h) in [(1, 1), (20, 5), (200, 60)] {
            update(&mut state, Action::Resize(w, h));
            for (c, r) in [(0, 0), (w / 2, h / 2), (w - 1, h - 1)] {
                update(&mut state, Action::Click { column: c, row: r });
                draw(&state);
            }
        }
    }

    #[test]
    fn a_click_highlights_a_tag_row() {
        use crate::tui::testing::{press_and_save, state_with_tags};
        use crossread::{Corpus, TagStore};
        let dir = tempfile::tempdir().unwrap();
        let store = TagStore::open(&dir.path().join("tags.toml"));
        let corpus = Corpus::from_texts([("a.txt", "One. Two. Three. Four.")]);
        let mut state = state_with_tags(corpus, Vec::new(), store, 100, 30);
        press_and_save(&mut state, "<enter>tx<enter><enter>jjtx<enter><enter>T");
        assert_eq!(state.screen(), Screen::TagPanel);
        assert_eq!(state.tags.panel.shown.len(), 2);
        let text = state.layout.panel_text;
        let first = text.y + crate::tui::screens::tags::PANEL_HEADER_ROWS;
        let selected = state.tags.panel.selected;
        let other = 1 - selected;
        update(
            &mut state,
            Action::Click {
                column: text.x + 2,
                row: first + u16::try_from(other).unwrap(),
            },
        );
        assert_eq!(state.tags.panel.selected, other);
        // The header and the rows below the last tag do nothing.
        update(
            &mut state,
            Action::Click {
                column: text.x + 2,
                row: text.y,
            },
        );
        update(
            &mut state,
            Action::Click {
                column: text.x + 2,
                row: first + 5,
            },
        );
        assert_eq!(state.tags.panel.selected, other);
        // Enter goes to the clicked tag.
        press_and_save(&mut state, "<enter>");
        assert_eq!(state.reader.cursor, if other == 0 { 0 } else { 2 });
    }
}
