//! The status bar: where the reader is (article, position in it), and on the right what needs
//! saying: a message from the last action, else the current load warning.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr as _;

use super::{fit, fit_text, thousands};
use crate::tui::state::State;

pub fn render(state: &State, frame: &mut Frame) {
    let area = fit(state.layout.status, frame);
    if area.is_empty() {
        return;
    }
    let width = usize::from(area.width);
    let position = position(state);
    let notice = notice(state);
    let text = match notice {
        None => fit_text(&position, width),
        Some(notice) => {
            let notice = fit_text(&notice, width);
            let room = width.saturating_sub(notice.width() + 2);
            if room >= 12 {
                let left = fit_text(&position, room);
                let pad = width - left.width() - notice.width();
                format!("{left}{}{notice}", " ".repeat(pad))
            } else {
                notice
            }
        }
    };
    let style = Style::new().add_modifier(Modifier::REVERSED);
    frame.render_widget(Paragraph::new(text).style(style), area);
}

/// ` 2/5 name.txt  Top`: the article and how far into it the reader is.
fn position(state: &State) -> String {
    let count = state.list_len();
    let Some(article) = state.selected_article() else {
        return " no articles".to_owned();
    };
    let prefix = format!(
        " {}/{}  {}",
        thousands(state.list.selected + 1),
        thousands(count),
        article.name
    );
    // Where in the text, only while the text is on screen.
    if state.layout.reader_text.is_empty() {
        return prefix;
    }
    let lines = state.reader.lines.len();
    let page = state.reader_page();
    let last = lines.saturating_sub(page);
    let place = if lines <= page {
        "All".to_owned()
    } else if state.reader.scroll == 0 {
        "Top".to_owned()
    } else if state.reader.scroll >= last {
        "Bot".to_owned()
    } else {
        format!("{}%", state.reader.scroll * 100 / last.max(1))
    };
    format!("{prefix}  {place}")
}

/// The message of the last action, else the current load warning (with its number when there
/// are several).
fn notice(state: &State) -> Option<String> {
    if let Some(message) = &state.message {
        return Some(format!("{message} "));
    }
    if let Some(problem) = &state.tags.problem {
        return Some(format!("⚠ {problem} "));
    }
    let warning = state.warnings.get(state.warning_index)?;
    let path = warning
        .path
        .strip_prefix(&state.corpus.dir)
        .unwrap_or(&warning.path);
    let count = if state.warnings.len() > 1 {
        format!("{}/{} ", state.warning_index + 1, state.warnings.len())
    } else {
        String::new()
    };
    Some(format!("⚠ {count}{}: {} ", path.display(), warning.message))
}
