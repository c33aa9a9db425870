//! The reading pane: the selected article's wrapped lines, from the scroll offset down, each
//! drawn from its byte span through the one display rule that makes text safe for the terminal.

use ratatui::Frame;
use ratatui::text::{Line, Text};
use ratatui::widgets::{Paragraph, Wrap};

use crossread::wrap::display_text;

use super::{fit, fit_text, pane_block, title_of};
use crate::tui::state::{Pane, State};

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
        let message = format!(
            "No articles in {}.\n\nPut .txt or .md files there, or open another folder or config: crossread PATH",
            state.corpus.dir.display()
        );
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
        frame.render_widget(
            Paragraph::new(format!("({} is empty)", display_text(&article.name)))
                .wrap(Wrap { trim: true }),
            text_area,
        );
        return;
    }
    let text = article.text();
    let lines: Vec<Line> = state
        .reader
        .lines
        .iter()
        .skip(state.reader.scroll)
        .take(usize::from(text_area.height))
        .map(|line| {
            Line::raw(
                text.get(line.byte_span.clone())
                    .map_or_else(String::new, display_text),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(Text::from(lines)), text_area);
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
