//! The article list: title, then outlet and word count, one or two rows per article. Draws only
//! the rows on screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{fit, fit_text, pane_block, reuse_marks, thousands, title_of};
use crate::tui::app::state::{Pane, State};

/// Marks the selected article, so the selection shows without colour.
const MARKER: &str = "▶ ";
const NO_MARKER: &str = "  ";
/// Marks an article marked for comparing (`m`).
const MARKED: &str = "● ";

pub fn render(state: &State, frame: &mut Frame) {
    let area = fit(state.layout.list, frame);
    if area.is_empty() {
        return;
    }
    let focused = state.focus == Pane::List && state.overlay.is_none();
    let count = state.list_len();
    let filter = state
        .list_filter
        .as_ref()
        .map(|f| format!("· {} ", fit_text(&f.label, 20)))
        .unwrap_or_default();
    let title = if count == 0 {
        format!(" Articles {filter}")
    } else {
        let sort = match state.sort {
            crate::tui::app::views::SortKey::Name => String::new(),
            other => format!("· by {} ", other.label()),
        };
        format!(
            " Articles {}/{} {sort}{filter}",
            thousands(state.list.selected + 1),
            thousands(count)
        )
    };
    frame.render_widget(pane_block(focused).title(title), area);
    let inner = fit(state.layout.list_inner, frame);
    if inner.is_empty() {
        return;
    }
    if count == 0 {
        let text = if state.list_filter.is_some() {
            "(no article has that label; f: change)"
        } else {
            "(no articles)"
        };
        frame.render_widget(
            Paragraph::new(fit_text(text, usize::from(inner.width))),
            inner,
        );
        return;
    }
    let rows = state.layout.list_rows_per_item();
    let width = usize::from(inner.width);
    let end = (state.list.offset + state.layout.list_visible_items()).min(count);
    let shown = (state.list.offset..end)
        .filter_map(|row| state.corpus.articles.get(state.article_at(row)?));
    for (row, article) in shown.enumerate() {
        let selected = state.list.offset + row == state.list.selected;
        let Ok(row) = u16::try_from(row) else { break };
        let y = inner.y + row * rows;
        if y >= inner.bottom() {
            break;
        }
        let style = match (selected, focused) {
            (true, true) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => Style::new(),
        };
        let marker = match (selected, state.marks.contains(&article.id)) {
            (true, _) => MARKER,
            (false, true) => MARKED,
            (false, false) => NO_MARKER,
        };
        let unread = state.is_unread(article.id.index());
        let size = if unread {
            "…".to_owned()
        } else if article.is_empty() {
            "(empty)".to_owned()
        } else {
            format!("{} words", thousands(article.words))
        };
        let mut lines = Vec::with_capacity(2);
        if rows == 2 {
            lines.push(format!("{marker}{}", title_of(article)));
            let second = match reuse_marks::share_label(state, article.id) {
                Some(share) => format!("{share} · {} · {size}", article.outlet),
                None => format!("{} · {size}", article.outlet),
            };
            let mark = if selected && state.marks.contains(&article.id) {
                MARKED
            } else {
                NO_MARKER
            };
            lines.push(format!("{mark}{second}"));
        } else if article.is_empty() && !unread {
            lines.push(format!("{marker}{} (empty)", title_of(article)));
        } else {
            lines.push(format!("{marker}{}", title_of(article)));
        }
        let swatch_y = y + 1;
        for (i, text) in lines.iter().enumerate() {
            let y = y + u16::try_from(i).unwrap_or(0);
            if y >= inner.bottom() {
                break;
            }
            let line = Line::styled(fit_text(text, width), style);
            // Pad the selected row so the highlight spans the pane.
            let rect = Rect::new(inner.x, y, inner.width, 1);
            frame.render_widget(Paragraph::new(line).style(style), rect);
        }
        // The article's colour, as its passages are marked elsewhere: the legend.
        if rows == 2 && swatch_y < inner.bottom() && state.reuse.result.is_some() {
            let rect = Rect::new(inner.x, swatch_y, 1, 1).intersection(frame.area());
            let swatch = reuse_marks::colour_of(&state.styles, article.id);
            frame.render_widget(Paragraph::new("■").style(style.patch(swatch)), rect);
        }
    }
}
