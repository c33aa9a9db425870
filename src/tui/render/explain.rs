//! Drawing the explanation of a shared passage: a centred box of the lines the panel holds
//! (figures with ✓ or ✗ against each threshold, stock phrases, the source hint, every word
//! that differs), scrolled.

use ratatui::Frame;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{fit, fit_text};
use crate::tui::app::state::State;

pub fn render(state: &State, frame: &mut Frame) {
    let Some(panel) = state.explain.as_ref() else {
        return;
    };
    let width = state.width.saturating_sub(4).min(96);
    let rows = u16::try_from(panel.lines.len() + 2).unwrap_or(u16::MAX);
    let height = rows.min(state.height.saturating_sub(2));
    let x = state.width.saturating_sub(width) / 2;
    let y = state.height.saturating_sub(1).saturating_sub(height) / 2;
    let area = fit(ratatui::layout::Rect::new(x, y, width, height), frame);
    let inner_width = usize::from(area.width.saturating_sub(2));
    let title = fit_text(&format!(" {} ", panel.title), inner_width);
    let lines: Vec<ratatui::text::Line> = panel
        .lines
        .iter()
        .skip(panel.scroll)
        .map(|l| ratatui::text::Line::from(fit_text(l, inner_width)))
        .collect();
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title).title_bottom(" Esc close ")),
        area,
    );
}
