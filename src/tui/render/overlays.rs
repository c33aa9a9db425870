//! The overlays of the reuse views: the panel of articles sharing a passage, and the article
//! picker with its filter. Both are boxes over the screen, drawn from the state only.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Clear, Paragraph};

use super::{fit, fit_text, pane_block, reuse_marks, title_of};
use crate::tui::app::outcome::PickerTarget;
use crate::tui::app::state::State;
use crate::tui::screens::picker::MIN_SEARCH_CHARS;

/// A box centred on the screen, at most `max_width` wide and `rows` of content high.
fn centred(state: &State, max_width: u16, rows: usize) -> Rect {
    let (width, height) = (state.width, state.height.saturating_sub(1).max(1));
    let w = width.saturating_sub(4).min(max_width).max(width.min(20));
    let wanted = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let h = wanted.min(height.saturating_sub(2)).max(height.min(3));
    Rect::new(
        width.saturating_sub(w) / 2,
        height.saturating_sub(h) / 2,
        w,
        h,
    )
}

/// A box over the reading pane, `rows` of content high at most, below the lines showing
/// `byte_span` when they leave room there, else above them, else on the larger side: the
/// passage the box is about stays in sight.
fn beside_passage(state: &State, byte_span: &std::ops::Range<usize>, rows: usize) -> Rect {
    let pane = if state.layout.reader.is_empty() {
        Rect::new(0, 0, state.width, state.height.saturating_sub(1))
    } else {
        state.layout.reader
    };
    let text = state.layout.reader_text;
    let lines = state.reader.lines_of(byte_span);
    let on_screen = |line: usize| {
        let row = line
            .saturating_sub(state.reader.scroll)
            .min(usize::from(text.height));
        text.y + u16::try_from(row).unwrap_or(text.height)
    };
    let (top, bottom) = if lines.is_empty() {
        (text.y, text.y)
    } else {
        (on_screen(lines.start), on_screen(lines.end))
    };
    let wanted = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let below = pane.bottom().saturating_sub(bottom);
    let above = top.saturating_sub(pane.y);
    let (y, height) = if below >= wanted || below >= above {
        (bottom, wanted.min(below))
    } else {
        (top - wanted.min(above), wanted.min(above))
    };
    let height = height.max(3.min(pane.height));
    let y = y.min(pane.bottom().saturating_sub(height));
    Rect::new(pane.x, y, pane.width, height)
}

/// Draws `lines` in a bordered box titled `title`; the line at `selected` reversed.
fn list_box(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: &[String],
    selected: Option<usize>,
    first: usize,
) {
    let area = fit(area, frame);
    if area.is_empty() {
        return;
    }
    frame.render_widget(Clear, area);
    let width = usize::from(area.width.saturating_sub(4));
    frame.render_widget(
        pane_block(true).title(format!(" {} ", fit_text(title, width))),
        area,
    );
    let inner = Rect {
        x: area.x.saturating_add(2),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(2),
    };
    let inner = fit(inner, frame);
    for (i, (y, line)) in (inner.y..inner.bottom())
        .zip(lines.iter().skip(first))
        .enumerate()
    {
        let style = if selected == Some(first + i) {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new()
        };
        let rect = Rect::new(inner.x, y, inner.width, 1);
        frame.render_widget(
            Paragraph::new(fit_text(line, usize::from(inner.width))).style(style),
            rect,
        );
    }
}

/// The panel of articles carrying the passage under the cursor.
pub fn render_passages(state: &State, frame: &mut Frame) {
    let Some(panel) = state.panel.as_ref() else {
        return;
    };
    let lines: Vec<String> = panel
        .entries
        .iter()
        .filter_map(|c| {
            let article = state.corpus.article(c.article)?;
            // The figure first, so a narrow box cuts the headline, never the similarity.
            let similarity = c.similarity.map_or_else(
                || "via a copy".to_owned(),
                |s| format!("{:>3.0}%", s * 100.0),
            );
            Some(format!(
                "{similarity}  {} · {}",
                article.outlet,
                title_of(article)
            ))
        })
        .collect();
    // The passage and the cursor's sentence (which may run past it) both stay in sight.
    let keep = match state.cursor_span() {
        Some(cursor) => {
            panel.byte_span.start.min(cursor.start)..panel.byte_span.end.max(cursor.end)
        }
        None => panel.byte_span.clone(),
    };
    let area = beside_passage(state, &keep, lines.len() + 1);
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    let first = panel.selected.saturating_sub(rows - 1);
    let count = lines.len();
    let title = match &panel.source {
        Some(source) => format!("{source} · also in {count} · Enter: compare · e: why",),
        None => format!(
            "Also in {count} article{} · Enter: compare · e: why",
            if count == 1 { "" } else { "s" }
        ),
    };
    list_box(frame, area, &title, &lines, Some(panel.selected), first);
    // Each entry's colour, as its copies are marked in the reader.
    let inner_x = area.x + 1;
    for (i, entry) in panel.entries.iter().enumerate().skip(first).take(rows) {
        let y = area.y + 1 + u16::try_from(i - first).unwrap_or(0);
        let rect = Rect::new(inner_x, y, 1, 1).intersection(frame.area());
        if y + 1 < area.bottom() {
            frame.render_widget(
                Paragraph::new("■").style(reuse_marks::colour_of(&state.styles, entry.article)),
                rect,
            );
        }
    }
}

/// The article picker.
pub fn render_picker(state: &State, frame: &mut Frame) {
    let Some(picker) = state.picker.as_ref() else {
        return;
    };
    let searching = picker.target == PickerTarget::SearchAll;
    let mut lines = vec![format!("› {}▏", picker.list.query)];
    lines.extend(
        picker
            .list
            .items
            .iter()
            .enumerate()
            .filter_map(|(row, &i)| {
                let article = state.corpus.articles.get(i)?;
                Some(if searching {
                    let hits = picker.hits.get(row).copied().unwrap_or(0);
                    let hits = if hits == 1 {
                        "1 hit".to_owned()
                    } else {
                        format!("{hits} hits")
                    };
                    format!("{hits:>8}  {} · {}", article.outlet, title_of(article))
                } else {
                    format!(
                        "{} · {} · {}",
                        article.outlet,
                        title_of(article),
                        article.name
                    )
                })
            }),
    );
    if picker.list.items.is_empty() {
        lines.push(
            if searching && picker.list.query.trim().chars().count() < MIN_SEARCH_CHARS {
                format!("(type at least {MIN_SEARCH_CHARS} characters)")
            } else if searching {
                "(no article holds it)".to_owned()
            } else {
                "(no article matches)".to_owned()
            },
        );
    }
    let area = centred(state, 100, lines.len());
    let rows = usize::from(area.height.saturating_sub(2)).max(2);
    // Row 0 is the filter; the selection scrolls under it.
    let first = picker.list.first_shown(rows - 1);
    let selected_line = picker.list.selected + 1;
    let shown: Vec<String> = if first == 0 {
        lines
    } else {
        std::iter::once(lines[0].clone())
            .chain(lines.iter().skip(first + 1).cloned())
            .collect()
    };
    let selected = (!picker.list.items.is_empty()).then_some(selected_line - first);
    let title = match picker.target {
        PickerTarget::Find => "Find an article · outlet, title or file · Enter: go to it",
        PickerTarget::SearchAll => "Search every article · Enter: read it at the first hit",
        _ => "Pick an article · type to filter · Enter: take it",
    };
    list_box(frame, area, title, &shown, selected, 0);
}
