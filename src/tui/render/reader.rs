//! The reading pane: the selected article's wrapped lines, from the scroll offset down, each
//! drawn from its byte span through the one display rule that makes text safe for the terminal.
//!
//! Highlights are byte spans with a style, laid over the text in order (later ones patch
//! earlier ones), so any feature that marks text adds spans and nothing else. The margin
//! column left of the text is the gutter: `▶` on the cursor's lines, `┃` on a selection's; the
//! margin right of it has `◆` in the label's colour on tagged lines, whose text is underlined,
//! so all of them show without colour.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Text};
use ratatui::widgets::{Paragraph, Wrap};

use crossread::view::wrap::display_text;

use super::highlight::{Highlight, styled_line};
use super::{fit, fit_text, pane_block, reuse_marks, title_of};
use crate::tui::app::screen::Pane;
use crate::tui::app::state::State;

pub fn render(state: &State, frame: &mut Frame) {
    let area = fit(state.layout.reader, frame);
    if area.is_empty() {
        return;
    }
    let focused = state.focus == Pane::Reader && state.overlay.is_none();
    // Room for the titles: the border's width less its corners and a space each side.
    let title_width = usize::from(area.width.saturating_sub(4));
    let mut block = pane_block(focused);
    let text_area = fit(state.layout.reader_text, frame);
    let Some(article) = state.selected_article() else {
        frame.render_widget(block.title(" crossread "), area);
        let message = match &state.list_filter {
            Some(filter) => format!(
                "No article has a tag labelled {:?}.\n\nf changes the filter.",
                filter.label
            ),
            None => format!(
                "No articles in {}.\n\nPut .txt or .md files there, or open another folder or config: crossread PATH",
                state.corpus.dir.display()
            ),
        };
        frame.render_widget(
            Paragraph::new(display_lines(&message)).wrap(Wrap { trim: true }),
            text_area,
        );
        return;
    };
    block = block.title(format!(" {} ", fit_text(title_of(article), title_width)));
    let source = match &article.date {
        Some(date) => format!("{} · {date}", article.outlet),
        None => article.outlet.clone(),
    };
    block = block.title_bottom(
        Line::from(format!(
            " {} ",
            fit_text(&source, title_width.saturating_sub(2))
        ))
        .right_aligned(),
    );
    frame.render_widget(block, area);
    if text_area.is_empty() {
        return;
    }
    if article.is_empty() {
        let note = state.unread_note(article.id.index());
        frame.render_widget(
            Paragraph::new(
                note.unwrap_or_else(|| format!("({} is empty)", display_text(&article.name))),
            )
            .wrap(Wrap { trim: true }),
            text_area,
        );
        return;
    }
    let text = article.text();
    // Shared passages first, then tags, so the cursor and selection patch over both.
    let mut highlights = reuse_marks::reader_highlights(state, article.id);
    highlights.extend(state.tags.marks.iter().map(|mark| {
        Highlight {
            byte_span: mark.byte_span.clone(),
            style: Style::new()
                .fg(mark.color)
                .add_modifier(Modifier::UNDERLINED),
        }
    }));
    highlights.extend(highlights_of_cursor(state, state.focus == Pane::Reader));
    let shown = state
        .reader
        .lines
        .iter()
        .skip(state.reader.scroll)
        .take(usize::from(text_area.height));
    let lines: Vec<Line> = shown
        .clone()
        .map(|line| styled_line(text, &line.byte_span, &highlights))
        .collect();
    frame.render_widget(Paragraph::new(Text::from(lines)), text_area);
    draw_gutter(state, frame, area, text_area, shown.map(|l| &l.byte_span));
}

/// The spans to highlight in the selected article: the selection, then the cursor's sentence
/// (only while the reader has the focus, so the list does not flash a highlight per article).
fn highlights_of_cursor(state: &State, with_cursor: bool) -> Vec<Highlight> {
    let mut out = Vec::new();
    if !with_cursor {
        return out;
    }
    if state.reader.selection_anchor.is_some()
        && let Some(span) = state.selection_span()
    {
        out.push(Highlight {
            byte_span: span,
            style: state.styles.fg(
                Style::new().add_modifier(Modifier::REVERSED),
                state.styles.theme.selection,
            ),
        });
    }
    if let Some(span) = state.cursor_span() {
        out.push(Highlight {
            byte_span: span,
            style: state.styles.fg(
                Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
                state.styles.theme.cursor,
            ),
        });
    }
    out
}

/// Marks the cursor's and the selection's lines in the margin left of the text.
fn draw_gutter<'a>(
    state: &State,
    frame: &mut Frame,
    area: Rect,
    text_area: Rect,
    shown: impl Iterator<Item = &'a Range<usize>> + Clone,
) {
    // The margins exist only when the text starts two columns inside the pane's edges.
    let right = text_area.right();
    if right + 2 <= area.right() {
        for (row, line) in shown.clone().enumerate() {
            let Ok(row) = u16::try_from(row) else { break };
            let mark = state.tags.marks.iter().find(|m| {
                !line.is_empty() && m.byte_span.start < line.end && line.start < m.byte_span.end
            });
            if let Some(mark) = mark {
                let rect = Rect::new(right, text_area.y + row, 1, 1).intersection(frame.area());
                frame.render_widget(Paragraph::new("◆").style(Style::new().fg(mark.color)), rect);
            }
        }
    }
    // The left margin: the cursor and selection while the reader has the focus, shared
    // passages always.
    if text_area.x < area.x + 2 {
        return;
    }
    let focused = state.focus == Pane::Reader;
    let shared = state
        .reader_article()
        .map_or(&[][..], |a| state.reuse.spans_of(a.id));
    let set_aside = state
        .reader_article()
        .map_or_else(Vec::new, |a| reuse_marks::set_aside_spans(state, a.id));
    let x = text_area.x - 1;
    let cursor = state.cursor_span();
    let selection = state
        .reader
        .selection_anchor
        .and_then(|_| state.selection_span());
    let touches = |span: &Option<Range<usize>>, line: &Range<usize>| {
        span.as_ref().is_some_and(|s| {
            s.start < line.end.max(line.start + 1) && line.start < s.end && !line.is_empty()
        })
    };
    for (row, line) in shown.enumerate() {
        let Ok(row) = u16::try_from(row) else { break };
        let passage = shared
            .iter()
            .find(|s| touches(&Some(s.byte_span.clone()), line));
        let (mark, style) = if focused && touches(&cursor, line) {
            ("▶", Style::new())
        } else if focused && touches(&selection, line) {
            ("┃", Style::new())
        } else if let Some(passage) = passage {
            (
                reuse_marks::glyph(passage),
                reuse_marks::shared_style(&state.styles, passage),
            )
        } else if let Some((_, reason)) = set_aside
            .iter()
            .find(|(span, _)| touches(&Some(span.clone()), line))
        {
            (
                reuse_marks::set_aside_glyph(*reason),
                Style::new().add_modifier(Modifier::DIM),
            )
        } else {
            continue;
        };
        let rect = Rect::new(x, text_area.y + row, 1, 1).intersection(frame.area());
        frame.render_widget(Paragraph::new(mark).style(style), rect);
    }
}

/// Message text with its line breaks kept and everything else made safe.
fn display_lines(message: &str) -> Text<'static> {
    Text::from(
        message
            .split('\n')
            .map(|l| Line::raw(display_text(l)))
            .collect::<Vec<_>>(),
    )
}
