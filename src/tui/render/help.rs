//! The help overlay: the keymap's lines, generated at start-up from the keys actually bound,
//! drawn in a box over the panes from the help's scroll offset.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr as _;

use super::{fit, fit_text, pane_block};
use crate::tui::app::screen::HelpLine;
use crate::tui::app::state::State;

pub fn render(state: &State, frame: &mut Frame) {
    let area = fit(state.layout.help, frame);
    if area.is_empty() {
        return;
    }
    let text_area = fit(state.layout.help_text, frame);
    let more_below = state.help_scroll + usize::from(text_area.height) < state.help.len();
    let mut block = pane_block(true).title(" Keys ");
    if more_below {
        block = block.title_bottom(Line::from(" more ↓ ").right_aligned());
    }
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    if text_area.is_empty() {
        return;
    }
    let width = usize::from(text_area.width);
    let key_width = state
        .help
        .iter()
        .filter_map(|line| match line {
            HelpLine::Entry { keys, .. } => Some(keys.width()),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .min(width / 2);
    let lines: Vec<Line> = state
        .help
        .iter()
        .skip(state.help_scroll)
        .take(usize::from(text_area.height))
        .map(|line| match line {
            HelpLine::Heading(title) => Line::from(Span::styled(
                fit_text(title, width),
                Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            )),
            HelpLine::Entry { keys, description } => {
                let keys = fit_text(keys, key_width);
                let pad = key_width.saturating_sub(keys.width()) + 2;
                let rest = width.saturating_sub(key_width + 2);
                Line::from(vec![
                    Span::styled(keys, Style::new().add_modifier(Modifier::BOLD)),
                    Span::raw(" ".repeat(pad)),
                    Span::raw(fit_text(description, rest)),
                ])
            }
            HelpLine::Blank => Line::default(),
        })
        .collect();
    frame.render_widget(Paragraph::new(Text::from(lines)), text_area);
}
