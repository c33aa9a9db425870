//! Drawing the state: `render(&State, &mut Frame)` reads the state and nothing else (no
//! corpus scan, no wrapping, no disk), and draws only what is visible, so it stays fast on
//! corpora of 100,000 articles and on articles of a million characters.

mod columns;
mod compare;
mod explain;
mod help;
mod highlight;
mod list;
mod matrix;
mod overlays;
mod reader;
mod reuse_marks;
mod status;
mod tags;
mod thresholds;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, BorderType};
use unicode_segmentation::UnicodeSegmentation as _;
use unicode_width::UnicodeWidthStr as _;

use crossread::view::wrap::display_grapheme;

use crate::tui::app::screen::Overlay;
use crate::tui::app::state::State;
use crate::tui::app::views::View;

/// Draws every part of the screen.
pub fn render(state: &State, frame: &mut Frame) {
    match state.view {
        View::Main => {
            list::render(state, frame);
            reader::render(state, frame);
        }
        View::Compare => compare::render(state, frame),
        View::Columns => columns::render(state, frame),
        View::Matrix => matrix::render(state, frame),
    }
    status::render(state, frame);
    match state.overlay {
        Some(Overlay::Help) => help::render(state, frame),
        Some(Overlay::Passages) => overlays::render_passages(state, frame),
        Some(Overlay::Picker) => overlays::render_picker(state, frame),
        Some(Overlay::Explain) => explain::render(state, frame),
        Some(Overlay::Thresholds) => thresholds::render(state, frame),
        // The search is typed in the status bar.
        Some(Overlay::Search) | None => {}
        Some(_) => tags::render(state, frame),
    }
    state.styles.strip(frame.buffer_mut());
}

/// `rect` clipped to the frame, in case the frame is not the size the state last heard of.
fn fit(rect: Rect, frame: &Frame) -> Rect {
    rect.intersection(frame.area())
}

/// A pane's border: heavy when it has the focus, so focus shows without colour.
fn pane_block(focused: bool) -> Block<'static> {
    let block = Block::bordered();
    if focused {
        block
            .border_type(BorderType::Thick)
            .title_style(Style::new().add_modifier(Modifier::BOLD))
    } else {
        block.border_type(BorderType::Plain)
    }
}

/// Text made safe to draw and cut to `width` cells, with `…` where it was cut.
fn fit_text(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let total: usize = text
        .graphemes(true)
        .map(|g| display_grapheme(g).width())
        .sum();
    if total <= width {
        return text.graphemes(true).map(display_grapheme).collect();
    }
    let budget = width.saturating_sub(1);
    for grapheme in text.graphemes(true) {
        let shown = display_grapheme(grapheme);
        let w = shown.width();
        if used + w > budget {
            break;
        }
        used += w;
        out.push_str(shown);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// The headline to show: an empty article has none, so its file name stands in.
fn title_of(article: &crossread::Article) -> &str {
    if article.title.trim().is_empty() {
        &article.name
    } else {
        &article.title
    }
}

/// A count with thousands separators: `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod import_tests;
#[cfg(test)]
mod insight_tests;
#[cfg(test)]
mod reuse_tests;
#[cfg(test)]
mod thresholds_tests;
