//! The columns view: each visible article's wrapped lines from its own scroll offset, shared
//! passages in the colour of their closest copy with a gutter glyph, and the current passage
//! lit (reversed) in every column that carries it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::highlight::{Highlight, styled_line};
use super::{fit, fit_text, pane_block, reuse_marks, title_of};
use crate::tui::app::state::State;
use crate::tui::screens::columns::text_rect;

pub fn render(state: &State, frame: &mut Frame) {
    let view = &state.columns;
    for (offset, rect) in view.rects.iter().enumerate() {
        let index = view.first + offset;
        let Some(column) = view.columns.get(index) else {
            break;
        };
        let Some(article) = state.corpus.article(column.article) else {
            continue;
        };
        let area = fit(*rect, frame);
        if area.is_empty() {
            continue;
        }
        let title_width = usize::from(area.width.saturating_sub(4));
        let share = reuse_marks::share_label(state, article.id).unwrap_or_default();
        let block = pane_block(index == view.focus && state.overlay.is_none())
            .title(format!(" {} ", fit_text(title_of(article), title_width)))
            .title_bottom(
                Line::from(format!(
                    " {} ",
                    fit_text(
                        &format!("{share} {}", article.outlet),
                        title_width.saturating_sub(2)
                    )
                ))
                .right_aligned(),
            );
        frame.render_widget(block, area);
        let text_area = fit(text_rect(*rect), frame);
        if text_area.is_empty() {
            continue;
        }
        let spans = state.reuse.spans_of(article.id);
        let mut highlights: Vec<Highlight> = spans
            .iter()
            .map(|s| Highlight {
                byte_span: s.byte_span.clone(),
                style: reuse_marks::shared_style(&state.styles, s),
            })
            .collect();
        let lit = spans.iter().filter(|s| Some(s.cluster) == view.current);
        highlights.extend(lit.map(|s| Highlight {
            byte_span: s.byte_span.clone(),
            style: Style::new().add_modifier(Modifier::REVERSED),
        }));
        let text = article.text();
        let shown = column
            .lines
            .iter()
            .skip(column.scroll)
            .take(usize::from(text_area.height));
        for (y, line) in (text_area.y..).zip(shown) {
            let rect = Rect::new(text_area.x, y, text_area.width, 1).intersection(frame.area());
            frame.render_widget(
                Paragraph::new(styled_line(text, &line.byte_span, &highlights)),
                rect,
            );
            let passage = spans.iter().find(|s| {
                !line.byte_span.is_empty()
                    && s.byte_span.start < line.byte_span.end
                    && line.byte_span.start < s.byte_span.end
            });
            if let Some(passage) = passage
                && text_area.x > area.x
            {
                let is_lit = Some(passage.cluster) == view.current;
                let (glyph, style) = if is_lit {
                    ("▶", Style::new().add_modifier(Modifier::BOLD))
                } else {
                    (
                        reuse_marks::glyph(passage),
                        reuse_marks::shared_style(&state.styles, passage),
                    )
                };
                let rect = Rect::new(text_area.x - 1, y, 1, 1).intersection(frame.area());
                frame.render_widget(Paragraph::new(glyph).style(style), rect);
            }
        }
    }
}

/// ` columns 1–5 of 5 · passage 2/5`.
pub fn status(state: &State) -> String {
    let view = &state.columns;
    let count = view.columns.len();
    let last = (view.first + view.visible).min(count);
    let passage = match (&view.current, &state.reuse.result) {
        (Some(c), Some(r)) => format!(" · passage {}/{}", c.0 + 1, r.clusters.len()),
        (None, Some(r)) => format!(" · {} shared passages (n lights one)", r.clusters.len()),
        (_, None) => String::new(),
    };
    format!(
        " columns {}–{} of {count}{passage}",
        (view.first + 1).min(count),
        last
    )
}
